// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vigil.yaml: one table of dotted keys, a walk over the YAML tree
 * (yaml_tree.c, libyaml's event parser with marks) and -o overrides.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "yaml_tree.h"

enum ckind {
	CK_BOOL,	/* bool */
	CK_UINT,	/* unsigned int, min..max */
	CK_SIZE,	/* size_t, min..max */
	CK_USHORT,	/* unsigned short, min..max */
	CK_DOUBLE,	/* double, min..max */
	CK_STR,		/* const char *, null/~ for none */
	CK_STRLIST,	/* const char *[VIGIL_CONFIG_MAX_LIST] + count */
	CK_PRIO,	/* int, Falco priority name */
	CK_LOGLEVEL,	/* int, syslog severity name */
	CK_FACILITY,	/* int, syslog facility name */
	CK_PROTO,	/* enum vigil_syslog_proto: udp / tcp */
	CK_ACTIONS,	/* unsigned int, DROPS_* from a list of names */
};

struct ckey {
	const char *key;
	enum ckind kind;
	size_t off;
	size_t count_off;	/* CK_STRLIST: offset of the unsigned count */
	double min, max;
};

#define OFF(f)		offsetof(struct vigil_config, f)
#define B(k, f)		{ k, CK_BOOL, OFF(f), 0, 0, 0 }
#define U(k, f, lo, hi)	{ k, CK_UINT, OFF(f), 0, lo, hi }
#define S(k, f)		{ k, CK_STR, OFF(f), 0, 0, 0 }
#define D(k, f, lo, hi)	{ k, CK_DOUBLE, OFF(f), 0, lo, hi }
#define K(k, kind, f)	{ k, kind, OFF(f), 0, 0, 0 }

static const struct ckey keys[] = {
	{ "rules_files", CK_STRLIST, OFF(rules_files), OFF(nrules_files), 0, 0 },
	K("priority", CK_PRIO, priority),
	S("append_output", append_output),
	B("json_output", out.json_output),
	B("json_include_output_property", out.json_include_output_property),
	B("json_include_tags_property", out.json_include_tags_property),
	B("time_format_iso_8601", out.time_format_iso_8601),
	B("buffered_outputs", out.buffered_outputs),
	U("outputs_queue.capacity", out.queue_depth, 0, 1 << 20),
	{ "outputs_queue.bytes", CK_SIZE, OFF(out.queue_bytes), 0, 0,
	  (double)(1ULL << 34) },
	U("outputs_queue.close_timeout_ms", out.close_timeout_ms, 0, 600000),
	U("outputs_queue.report_interval_ms", out.report_interval_ms, 0,
	  86400000),
	B("stdout_output.enabled", out.stdout_output.enabled),
	B("file_output.enabled", out.file_output.enabled),
	B("file_output.keep_alive", out.file_output.keep_alive),
	S("file_output.filename", out.file_output.filename),
	B("syslog_output.enabled", out.syslog_output.enabled),
	S("syslog_output.host", out.syslog_output.host),
	{ "syslog_output.port", CK_USHORT, OFF(out.syslog_output.port), 0, 0,
	  65535 },
	K("syslog_output.proto", CK_PROTO, out.syslog_output.proto),
	K("syslog_output.facility", CK_FACILITY, out.syslog_output.facility),
	S("syslog_output.app_name", out.syslog_output.app_name),
	B("program_output.enabled", out.program_output.enabled),
	B("program_output.keep_alive", out.program_output.keep_alive),
	S("program_output.program", out.program_output.program),
	B("http_output.enabled", out.http_output.enabled),
	S("http_output.url", out.http_output.url),
	S("http_output.user_agent", out.http_output.user_agent),
	B("http_output.insecure", out.http_output.insecure),
	S("http_output.ca_cert", out.http_output.ca_cert),
	S("http_output.ca_path", out.http_output.ca_path),
	B("http_output.mtls", out.http_output.mtls),
	S("http_output.client_cert", out.http_output.client_cert),
	S("http_output.client_key", out.http_output.client_key),
	{ "http_output.custom_headers", CK_STRLIST, OFF(http_headers),
	  OFF(out.http_output.nheaders), 0, 0 },
	U("http_output.timeout_ms", out.http_output.timeout_ms, 0, 600000),
	B("http_output.echo", out.http_output.echo),
	K("log_level", CK_LOGLEVEL, log_level),
	B("log_stderr", log_stderr),
	B("log_syslog", log_syslog),
	K("syscall_event_drops.actions", CK_ACTIONS, drops.actions),
	D("syscall_event_drops.rate", drops.rate, 0, 1e6),
	D("syscall_event_drops.max_burst", drops.max_burst, 1, 1e6),
	D("syscall_event_drops.threshold", drops.threshold, 0, 1),
	U("syscall_event_drops.check_interval_ms", stats_interval_ms, 10,
	  3600000),
	B("webserver.enabled", webserver.enabled),
	S("webserver.listen_address", webserver.listen_address),
	U("webserver.listen_port", webserver.listen_port, 1, 65535),
	S("webserver.k8s_healthz_endpoint", webserver.healthz_endpoint),
	B("webserver.prometheus_metrics_enabled",
	  webserver.prometheus_metrics_enabled),
	S("capture.device", device),
	U("capture.snaplen", snaplen, 0, VIGIL_SNAPLEN_MAX),
	U("capture.wait_ms", wait_ms, 1, 1000),
	S("state.proc_root", state.proc_root),
	S("state.passwd", state.passwd_path),
	S("state.group", state.group_path),
	S("state.docker_root", state.docker_root),
	S("state.containerd_root", state.containerd_root),
	S("state.crio_root", state.crio_root),
	U("state.max_threads", state.max_threads, 16, 1 << 24),
	U("state.max_fds", state.max_fds, 16, 1 << 26),
	U("state.max_users", state.max_users, 16, 1 << 22),
	U("state.max_containers", state.max_containers, 1, 1 << 20),
	U("state.max_path", state.max_path, 64, 65536),
	U("state.max_args", state.max_args, 64, 1 << 20),
	U("state.max_env", state.max_env, 64, 1 << 20),
	U("state.user_recheck_ms", state.user_recheck_ms, 0, 86400000),
	B("drop_privileges.enabled", privileges.enabled),
	S("drop_privileges.user", privileges.user),
	S("drop_privileges.group", privileges.group),
	{ "drop_privileges.keep_capabilities", CK_STRLIST, OFF(keep_caps),
	  OFF(privileges.nkeep), 0, 0 },
};

_Static_assert(sizeof(unsigned int) == sizeof(__u32), "state caps");
_Static_assert(sizeof(enum vigil_syslog_proto) == sizeof(int), "proto");

/* Where the value being read came from, for messages. */
struct csrc {
	struct vigil_config *cfg;
	const char *name;	/* file name, or NULL for -o */
	char *err;
	size_t errlen;
};

void vigil_config_init(struct vigil_config *cfg)
{
	static const char *const def_rules[] = {
		"/etc/vigil/vigil_rules.yaml",
		"/etc/vigil/vigil_rules.local.yaml",
		"/etc/vigil/rules.d",
	};
	unsigned int i;

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < sizeof(def_rules) / sizeof(def_rules[0]); i++)
		cfg->rules_files[i] = def_rules[i];
	cfg->nrules_files = i;
	cfg->priority = VIGIL_PRIO_DEBUG;
	cfg->out.json_include_output_property = true;
	cfg->out.json_include_tags_property = true;
	cfg->out.buffered_outputs = false;
	cfg->out.stdout_output.enabled = true;
	cfg->out.file_output.keep_alive = false;
	cfg->out.file_output.filename = "./events.txt";
	cfg->out.syslog_output.enabled = true;
	cfg->out.syslog_output.facility = 1;	/* user */
	cfg->out.program_output.program = NULL;
	cfg->out.http_output.headers = cfg->http_headers;
	cfg->log_level = 6;	/* info */
	cfg->log_stderr = true;
	cfg->log_syslog = true;
	drops_cfg_default(&cfg->drops);
	cfg->webserver.listen_address = "0.0.0.0";
	cfg->webserver.listen_port = 8765;
	cfg->webserver.healthz_endpoint = "/healthz";
	cfg->webserver.prometheus_metrics_enabled = true;
	vigil_state_cfg_default(&cfg->state);
	cfg->device = "/dev/" VIGIL_DEV_NAME;
	cfg->wait_ms = 30;
	cfg->stats_interval_ms = 1000;
	cfg->keep_caps[0] = "CAP_DAC_READ_SEARCH";
	cfg->keep_caps[1] = "CAP_SYS_PTRACE";
	cfg->privileges.keep = cfg->keep_caps;
	cfg->privileges.nkeep = 2;
}

void vigil_config_free(struct vigil_config *cfg)
{
	unsigned int i;

	for (i = 0; i < cfg->nallocs; i++)
		free(cfg->allocs[i]);
	free(cfg->allocs);
	for (i = 0; i < cfg->nwarnings; i++)
		free(cfg->warnings[i]);
	cfg->allocs = NULL;
	cfg->nallocs = cfg->cap_allocs = 0;
	cfg->nwarnings = 0;
}

static const char *cfg_strdup(struct vigil_config *cfg, const char *s)
{
	char **n, *d;

	if (cfg->nallocs == cfg->cap_allocs) {
		unsigned int cap = cfg->cap_allocs ? cfg->cap_allocs * 2 : 32;

		n = realloc(cfg->allocs, cap * sizeof(*n));
		if (!n)
			return NULL;
		cfg->allocs = n;
		cfg->cap_allocs = cap;
	}
	d = strdup(s);
	if (d)
		cfg->allocs[cfg->nallocs++] = d;
	return d;
}

static void warn(struct vigil_config *cfg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void warn(struct vigil_config *cfg, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (cfg->nwarnings >= VIGIL_CONFIG_MAX_WARN)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) >= 0)
		cfg->warnings[cfg->nwarnings++] = s;
	va_end(ap);
}

/* The message prefix for key at node n: "FILE:L:C: KEY" or "-o KEY". */
static void where(const struct csrc *c, const struct ynode *n,
		  const char *key, char *buf, size_t size)
{
	if (c->name)
		snprintf(buf, size, "%s:%u:%u: %s", c->name, n ? n->line : 1,
			 n ? n->col : 1, key);
	else
		snprintf(buf, size, "-o %s", key);
}

static int bad(const struct csrc *c, const struct ynode *n, const char *key,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int bad(const struct csrc *c, const struct ynode *n, const char *key,
	       const char *fmt, ...)
{
	char pre[512], why[512];
	va_list ap;

	where(c, n, key, pre, sizeof(pre));
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s: %s", pre, why);
	return -EINVAL;
}

static const char *kind_name(const struct ynode *n)
{
	if (!n)
		return "nothing";
	return n->kind == YNODE_MAP ? "a mapping" : "a list";
}

static int is_null(const struct ynode *n)
{
	return !n || (n->kind == YNODE_SCALAR && n->style == YSTYLE_PLAIN &&
		      (!n->len || !strcmp(n->str, "~") ||
		       !strcasecmp(n->str, "null")));
}

static int parse_bool(const char *s, bool *out)
{
	static const char *const t[] = { "true", "yes", "on" };
	static const char *const f[] = { "false", "no", "off" };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if (!strcasecmp(s, t[i]))
			return *out = true, 0;
		if (!strcasecmp(s, f[i]))
			return *out = false, 0;
	}
	return -EINVAL;
}

int vigil_log_level_parse(const char *s)
{
	static const char *const names[] = { "emergency", "alert", "critical",
					     "error", "warning", "notice",
					     "info", "debug" };
	int i;

	for (i = 0; i < 8; i++)
		if (!strcasecmp(s, names[i]))
			return i;
	if (!strcasecmp(s, "informational"))
		return 6;
	return -EINVAL;
}

static int set_list(const struct csrc *c, const struct ckey *k,
		    const struct ynode *v)
{
	const char **arr = (const char **)((char *)c->cfg + k->off);
	unsigned int *cnt = (unsigned int *)((char *)c->cfg + k->count_off);
	const struct ynode *it;
	unsigned int n = 0;
	size_t i, items;

	if (is_null(v)) {
		*cnt = 0;
		return 0;
	}
	if (v->kind == YNODE_MAP)
		return bad(c, v, k->key, "expected a list of strings, not a mapping");
	items = v->kind == YNODE_SEQ ? v->n : 1;
	if (items > VIGIL_CONFIG_MAX_LIST)
		return bad(c, v, k->key, "more than %d items",
			   VIGIL_CONFIG_MAX_LIST);
	for (i = 0; i < items; i++) {
		it = v->kind == YNODE_SEQ ? v->kids[i] : v;
		if (it->kind != YNODE_SCALAR)
			return bad(c, it, k->key,
				   "expected a string list item, not %s",
				   kind_name(it));
		arr[n] = cfg_strdup(c->cfg, it->str);
		if (!arr[n])
			return -ENOMEM;
		n++;
	}
	*cnt = n;
	return 0;
}

static int set_actions(const struct csrc *c, const struct ckey *k,
		       const struct ynode *v)
{
	unsigned int *out = (unsigned int *)((char *)c->cfg + k->off);
	unsigned int acts = 0;
	const struct ynode *it;
	size_t i, items;
	int a;

	if (v->kind == YNODE_MAP)
		return bad(c, v, k->key, "expected a list of actions, not a mapping");
	items = v->kind == YNODE_SEQ ? v->n : 1;
	for (i = 0; i < items; i++) {
		it = v->kind == YNODE_SEQ ? v->kids[i] : v;
		if (it->kind != YNODE_SCALAR)
			return bad(c, it, k->key, "expected an action, not %s",
				   kind_name(it));
		a = drops_action_parse(it->str);
		if (a < 0)
			return bad(c, it, k->key,
				   "unknown action '%s' (ignore, log, alert, exit)",
				   it->str);
		acts |= (unsigned int)a;
	}
	if ((acts & DROPS_IGNORE) && acts != DROPS_IGNORE)
		return bad(c, v, k->key,
			   "'ignore' cannot be combined with other actions");
	*out = acts;
	return 0;
}

static int parse_num(const struct csrc *c, const struct ckey *k,
		     const struct ynode *v, double *out)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(v->str, &end);
	if (!v->len || *end || errno || d != d)
		return bad(c, v, k->key, "expected a number, not '%s'", v->str);
	if (k->kind != CK_DOUBLE && (d != (double)(uint64_t)d || d < 0))
		return bad(c, v, k->key, "expected a whole number, not '%s'",
			   v->str);
	if (d < k->min || d > k->max)
		return bad(c, v, k->key, "%s is out of range (%g..%g)", v->str,
			   k->min, k->max);
	*out = d;
	return 0;
}

static int set_value(const struct csrc *c, const struct ckey *k,
		     const struct ynode *v)
{
	void *dst = (char *)c->cfg + k->off;
	double d = 0;
	int ret;

	if (k->kind == CK_STRLIST)
		return set_list(c, k, v);
	if (k->kind == CK_ACTIONS)
		return set_actions(c, k, v);
	if (k->kind == CK_STR && is_null(v)) {
		*(const char **)dst = NULL;
		return 0;
	}
	if (!v || v->kind != YNODE_SCALAR)
		return bad(c, v, k->key, "expected a single value, not %s",
			   kind_name(v));
	switch (k->kind) {
	case CK_BOOL:
		if (parse_bool(v->str, dst))
			return bad(c, v, k->key,
				   "expected true or false, not '%s'", v->str);
		return 0;
	case CK_UINT:
	case CK_SIZE:
	case CK_USHORT:
	case CK_DOUBLE:
		ret = parse_num(c, k, v, &d);
		if (ret)
			return ret;
		if (k->kind == CK_UINT)
			*(unsigned int *)dst = (unsigned int)d;
		else if (k->kind == CK_SIZE)
			*(size_t *)dst = (size_t)d;
		else if (k->kind == CK_USHORT)
			*(unsigned short *)dst = (unsigned short)d;
		else
			*(double *)dst = d;
		return 0;
	case CK_STR:
		*(const char **)dst = cfg_strdup(c->cfg, v->str);
		return *(const char **)dst ? 0 : -ENOMEM;
	case CK_PRIO:
		ret = vigil_priority_parse(v->str);
		if (ret < 0)
			return bad(c, v, k->key, "unknown priority '%s'",
				   v->str);
		*(int *)dst = ret;
		return 0;
	case CK_LOGLEVEL:
		ret = vigil_log_level_parse(v->str);
		if (ret < 0)
			return bad(c, v, k->key, "unknown log level '%s'",
				   v->str);
		*(int *)dst = ret;
		return 0;
	case CK_FACILITY:
		ret = vigil_syslog_facility_parse(v->str);
		if (ret < 0)
			return bad(c, v, k->key, "unknown syslog facility '%s'",
				   v->str);
		*(int *)dst = ret;
		return 0;
	case CK_PROTO:
		if (!strcasecmp(v->str, "udp"))
			*(enum vigil_syslog_proto *)dst = VIGIL_SYSLOG_UDP;
		else if (!strcasecmp(v->str, "tcp"))
			*(enum vigil_syslog_proto *)dst = VIGIL_SYSLOG_TCP;
		else
			return bad(c, v, k->key,
				   "expected udp or tcp, not '%s'", v->str);
		return 0;
	default:
		return -EINVAL;
	}
}

static const struct ckey *find_key(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(keys[i].key, key))
			return &keys[i];
	return NULL;
}

/* Whether some key starts with "prefix.". */
static int is_section(const char *prefix)
{
	size_t i, n = strlen(prefix);

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strncmp(keys[i].key, prefix, n) && keys[i].key[n] == '.')
			return 1;
	return 0;
}

static int walk(const struct csrc *c, const struct ynode *map,
		const char *prefix, const struct ynode *at);

/* Value v of the dotted key; at is where to point messages at. */
static int set_key(const struct csrc *c, const char *key,
		   const struct ynode *v, const struct ynode *at)
{
	const struct ckey *k = find_key(key);
	char pre[512];

	if (k)
		return set_value(c, k, v);
	if (is_section(key)) {
		if (v && v->kind == YNODE_MAP)
			return walk(c, v, key, at);
		if (is_null(v))
			return 0;
		return bad(c, v ? v : at, key, "expected a mapping, not %s",
			   v->kind == YNODE_SEQ ? "a list" : "a single value");
	}
	where(c, at, key, pre, sizeof(pre));
	warn(c->cfg, "%s: unknown key, ignored", pre);
	return 0;
}

static int walk(const struct csrc *c, const struct ynode *map,
		const char *prefix, const struct ynode *at)
{
	char key[256];
	size_t i;
	int ret;

	for (i = 0; i < map->n; i++) {
		const struct ynode *kn = map->kids[2 * i];
		const struct ynode *vn = map->kids[2 * i + 1];

		if (kn->kind != YNODE_SCALAR)
			return bad(c, kn, prefix ? prefix : "(top)",
				   "keys must be strings");
		if (snprintf(key, sizeof(key), "%s%s%s", prefix ? prefix : "",
			     prefix ? "." : "", kn->str) >= (int)sizeof(key))
			return bad(c, kn, prefix ? prefix : "(top)",
				   "key too long");
		ret = set_key(c, key, vn, c->name ? kn : at);
		if (ret)
			return ret;
	}
	return 0;
}

int vigil_config_load_buf(struct vigil_config *cfg, const char *name,
			  const char *buf, size_t len, char *err,
			  size_t errlen)
{
	struct csrc c = { cfg, name, err, errlen };
	struct yerror yerr;
	struct ydoc doc;
	const struct ynode *root;
	int ret;

	memset(&doc, 0, sizeof(doc));
	memset(&yerr, 0, sizeof(yerr));
	if (ydoc_parse(&doc, buf, len, &yerr)) {
		snprintf(err, errlen, "%s:%u:%u: %s", name, yerr.line,
			 yerr.col, yerr.msg);
		ydoc_free(&doc);
		return -EINVAL;
	}
	ret = 0;
	if (doc.nroots > 1) {
		snprintf(err, errlen, "%s: more than one YAML document", name);
		ret = -EINVAL;
		goto out;
	}
	root = doc.nroots ? doc.roots[0] : NULL;
	if (is_null(root))
		goto out;
	if (root->kind != YNODE_MAP) {
		snprintf(err, errlen, "%s:%u:%u: the top level must be a "
			 "mapping of keys", name, root->line, root->col);
		ret = -EINVAL;
		goto out;
	}
	ret = walk(&c, root, NULL, root);
	if (ret == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", name);
out:
	cfg->out.http_output.headers = cfg->http_headers;
	ydoc_free(&doc);
	return ret;
}

int vigil_config_load_file(struct vigil_config *cfg, const char *path,
			   char *err, size_t errlen)
{
	size_t len = 0;
	char *buf;
	FILE *f;
	int ret;

	f = fopen(path, "re");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	buf = malloc(VIGIL_CONFIG_MAX_FILE + 1);
	if (!buf) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	len = fread(buf, 1, VIGIL_CONFIG_MAX_FILE + 1, f);
	if (ferror(f)) {
		ret = -EIO;
		snprintf(err, errlen, "%s: read error", path);
	} else if (len > VIGIL_CONFIG_MAX_FILE) {
		ret = -EFBIG;
		snprintf(err, errlen, "%s: larger than %d bytes", path,
			 VIGIL_CONFIG_MAX_FILE);
	} else {
		ret = vigil_config_load_buf(cfg, path, buf, len, err, errlen);
	}
	free(buf);
	fclose(f);
	return ret;
}

int vigil_config_set(struct vigil_config *cfg, const char *kv, char *err,
		     size_t errlen)
{
	struct csrc c = { cfg, NULL, err, errlen };
	const char *eq = strchr(kv, '=');
	struct yerror yerr;
	struct ydoc doc;
	char key[256];
	int ret;

	if (!eq || eq == kv) {
		snprintf(err, errlen, "-o %s: expected key=value", kv);
		return -EINVAL;
	}
	if ((size_t)(eq - kv) >= sizeof(key)) {
		snprintf(err, errlen, "-o: key too long");
		return -EINVAL;
	}
	memcpy(key, kv, (size_t)(eq - kv));
	key[eq - kv] = '\0';
	memset(&doc, 0, sizeof(doc));
	memset(&yerr, 0, sizeof(yerr));
	if (ydoc_parse(&doc, eq + 1, strlen(eq + 1), &yerr)) {
		snprintf(err, errlen, "-o %s: %s", key, yerr.msg);
		ydoc_free(&doc);
		return -EINVAL;
	}
	if (doc.nroots > 1) {
		snprintf(err, errlen, "-o %s: more than one YAML document", key);
		ret = -EINVAL;
	} else {
		ret = set_key(&c, key, doc.nroots ? doc.roots[0] : NULL, NULL);
		if (ret == -ENOMEM)
			snprintf(err, errlen, "-o %s: out of memory", key);
	}
	cfg->out.http_output.headers = cfg->http_headers;
	ydoc_free(&doc);
	return ret;
}
