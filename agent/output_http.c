// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * http channel: each alert is POSTed as Falco's JSON (Content-Type
 * application/json) to http_output.url with libcurl, one easy handle per
 * channel so the connection is kept alive between alerts.  Any 2xx status
 * is a delivery; anything else, or no answer within timeout_ms, an error.
 * The response body is read up to RESP_MAX bytes and, with echo, copied
 * to stdout.  A close deadline aborts a request in flight through the
 * progress callback.
 */
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "output_chan.h"
#include "output_format.h"

#define RESP_MAX		(64UL << 10)
#define DEFAULT_TIMEOUT_MS	5000
#define CONNECT_TIMEOUT_MS	3000
#define HEADERS_MAX		64
#define HEADER_LEN_MAX		8192

struct http_chan {
	CURL *curl;
	struct curl_slist *headers;
	bool echo;
	const atomic_bool *abort;
	struct vigil_obuf resp;
	size_t resp_dropped;	/* bytes of the response past RESP_MAX */
	char errbuf[CURL_ERROR_SIZE];
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_res;

static void curl_init_once(void)
{
	curl_init_res = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static bool http_enabled(const struct vigil_output_config *cfg)
{
	return cfg->http_output.enabled;
}

static bool http_wants_json(const struct vigil_output_config *cfg)
{
	return true;
}

static size_t http_body(char *data, size_t size, size_t n, void *arg)
{
	struct http_chan *h = arg;
	size_t len = size * n, room = RESP_MAX - h->resp.len;

	if (len <= room) {
		vigil_obuf_add(&h->resp, data, len);
	} else {
		vigil_obuf_add(&h->resp, data, room);
		h->resp_dropped += len - room;
	}
	return len;
}

static int http_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
			 curl_off_t ultotal, curl_off_t ulnow)
{
	struct http_chan *h = arg;

	return atomic_load(h->abort) ? 1 : 0;
}

static bool valid_header(const char *s)
{
	const char *colon = strchr(s, ':');
	size_t len = strnlen(s, HEADER_LEN_MAX + 1);

	return colon && colon != s && len <= HEADER_LEN_MAX &&
	       !strpbrk(s, "\r\n");
}

static int http_headers(struct http_chan *h,
			const struct vigil_output_config *cfg,
			char *err, size_t errlen)
{
	const typeof(cfg->http_output) *c = &cfg->http_output;
	struct curl_slist *l;
	unsigned int i;

	if (c->nheaders > HEADERS_MAX) {
		snprintf(err, errlen, "%u headers, at most %d", c->nheaders,
			 HEADERS_MAX);
		return -EINVAL;
	}
	l = curl_slist_append(NULL, "Content-Type: application/json");
	if (!l)
		return -ENOMEM;
	h->headers = l;
	/* No "Expect: 100-continue" round trip before larger bodies. */
	l = curl_slist_append(h->headers, "Expect:");
	if (!l)
		return -ENOMEM;
	h->headers = l;
	for (i = 0; i < c->nheaders; i++) {
		if (!c->headers[i] || !valid_header(c->headers[i])) {
			snprintf(err, errlen,
				 "header %u is not \"Name: value\" on one line",
				 i);
			return -EINVAL;
		}
		l = curl_slist_append(h->headers, c->headers[i]);
		if (!l)
			return -ENOMEM;
		h->headers = l;
	}
	return 0;
}

#define SETOPT(h, opt, val)						\
	do {								\
		CURLcode _rc = curl_easy_setopt((h)->curl, opt, val);	\
		if (_rc != CURLE_OK) {					\
			snprintf(err, errlen, "%s: %s", #opt,		\
				 curl_easy_strerror(_rc));		\
			return -EINVAL;					\
		}							\
	} while (0)

static int http_setup(struct http_chan *h,
		      const struct vigil_output_config *cfg,
		      char *err, size_t errlen)
{
	const typeof(cfg->http_output) *c = &cfg->http_output;
	long timeout = c->timeout_ms ? c->timeout_ms : DEFAULT_TIMEOUT_MS;
	int r;

	if (!c->url || (strncasecmp(c->url, "http://", 7) &&
			strncasecmp(c->url, "https://", 8))) {
		snprintf(err, errlen, "url must start with http:// or https://");
		return -EINVAL;
	}
	if (c->mtls && (!c->client_cert || !c->client_key)) {
		snprintf(err, errlen, "mtls needs client_cert and client_key");
		return -EINVAL;
	}
	r = http_headers(h, cfg, err, errlen);
	if (r)
		return r;
	SETOPT(h, CURLOPT_URL, c->url);
	SETOPT(h, CURLOPT_PROTOCOLS_STR, "http,https");
	SETOPT(h, CURLOPT_POST, 1L);
	SETOPT(h, CURLOPT_HTTPHEADER, h->headers);
	SETOPT(h, CURLOPT_USERAGENT, c->user_agent ? c->user_agent : "vigil");
	SETOPT(h, CURLOPT_TIMEOUT_MS, timeout);
	SETOPT(h, CURLOPT_CONNECTTIMEOUT_MS,
	       timeout < CONNECT_TIMEOUT_MS ? timeout : CONNECT_TIMEOUT_MS);
	SETOPT(h, CURLOPT_NOSIGNAL, 1L);
	SETOPT(h, CURLOPT_ERRORBUFFER, h->errbuf);
	SETOPT(h, CURLOPT_WRITEFUNCTION, http_body);
	SETOPT(h, CURLOPT_WRITEDATA, h);
	SETOPT(h, CURLOPT_NOPROGRESS, 0L);
	SETOPT(h, CURLOPT_XFERINFOFUNCTION, http_progress);
	SETOPT(h, CURLOPT_XFERINFODATA, h);
	if (c->insecure) {
		SETOPT(h, CURLOPT_SSL_VERIFYPEER, 0L);
		SETOPT(h, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (c->ca_cert)
		SETOPT(h, CURLOPT_CAINFO, c->ca_cert);
	if (c->ca_path)
		SETOPT(h, CURLOPT_CAPATH, c->ca_path);
	if (c->mtls) {
		SETOPT(h, CURLOPT_SSLCERT, c->client_cert);
		SETOPT(h, CURLOPT_SSLKEY, c->client_key);
	}
	return 0;
}

static void http_close(void *priv)
{
	struct http_chan *h = priv;

	if (!h)
		return;
	if (h->curl)
		curl_easy_cleanup(h->curl);
	curl_slist_free_all(h->headers);
	vigil_obuf_free(&h->resp);
	free(h);
}

static int http_open(const struct vigil_output_config *cfg,
		     const atomic_bool *abort, void **priv,
		     char *err, size_t errlen)
{
	struct http_chan *h;
	int r;

	pthread_once(&curl_once, curl_init_once);
	if (curl_init_res != CURLE_OK) {
		snprintf(err, errlen, "libcurl: %s",
			 curl_easy_strerror(curl_init_res));
		return -EIO;
	}
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->abort = abort;
	h->echo = cfg->http_output.echo;
	vigil_obuf_init(&h->resp, RESP_MAX + 1);
	h->curl = curl_easy_init();
	if (!h->curl) {
		r = -ENOMEM;
		goto fail;
	}
	r = http_setup(h, cfg, err, errlen);
	if (r)
		goto fail;
	*priv = h;
	return 0;
fail:
	http_close(h);
	return r;
}

static int http_emit(void *priv, const struct vigil_output_msg *m,
		     char *err, size_t errlen)
{
	struct http_chan *h = priv;
	CURLcode rc;
	long status = 0;

	h->resp.len = 0;
	h->resp.err = 0;
	h->resp_dropped = 0;
	h->errbuf[0] = '\0';
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, m->json);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE_LARGE,
			 (curl_off_t)m->json_len);
	rc = curl_easy_perform(h->curl);
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "POST: %s", h->errbuf[0] ? h->errbuf :
			 curl_easy_strerror(rc));
		return rc == CURLE_ABORTED_BY_CALLBACK ? -ECANCELED : -EIO;
	}
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
	if (h->echo && h->resp.len) {
		vigil_obuf_add(&h->resp, "\n", 1);
		vigil_output_write_all(STDOUT_FILENO, h->resp.p, h->resp.len,
				       h->abort, -1);
	}
	if (status < 200 || status > 299) {
		snprintf(err, errlen, "POST: HTTP status %ld", status);
		return -EPROTO;
	}
	return 0;
}

static int http_flush(void *priv, char *err, size_t errlen)
{
	return 0;
}

const struct vigil_output_ops vigil_output_http_ops = {
	.name = "http",
	.enabled = http_enabled,
	.wants_json = http_wants_json,
	.open = http_open,
	.emit = http_emit,
	.flush = http_flush,
	.close = http_close,
};
