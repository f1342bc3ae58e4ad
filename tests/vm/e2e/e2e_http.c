// SPDX-License-Identifier: GPL-2.0
/*
 * e2e_http - the HTTP receiver of the agent's end-to-end VM tests.
 *
 *   e2e_http PORT FILE      answer every POST with 204 and append its body,
 *                           one line, to FILE
 *   e2e_http PORT --mute    accept connections, never read or answer them
 *
 * Listens on 127.0.0.1:PORT, one connection at a time, until killed.
 * Requests must carry Content-Length (libcurl's POSTFIELDS do); bodies
 * past 1 MiB are refused with 413.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define BODY_MAX (1 << 20)
#define HEAD_MAX 16384

static char head[HEAD_MAX + 1];
static char body[BODY_MAX];

static void reply(int c, const char *status)
{
	char buf[128];
	int n = snprintf(buf, sizeof(buf),
			 "HTTP/1.1 %s\r\nContent-Length: 0\r\n\r\n", status);

	if (write(c, buf, n) != n)
		perror("e2e_http: write");
}

/* One request from C into FILE; 0 when the peer closed, -1 on error. */
static int serve_one(int c, FILE *out)
{
	size_t hl = 0, bl = 0, len = 0;
	char *end, *cl;
	ssize_t n;

	for (;;) {
		head[hl] = '\0';
		end = strstr(head, "\r\n\r\n");
		if (end)
			break;
		if (hl == HEAD_MAX)
			return -1;
		n = read(c, head + hl, HEAD_MAX - hl);
		if (n <= 0)
			return n == 0 && hl == 0 ? 0 : -1;
		hl += n;
	}
	*end = '\0';
	cl = strcasestr(head, "\r\ncontent-length:");
	if (cl)
		len = strtoul(cl + 17, NULL, 10);
	if (len > BODY_MAX) {
		reply(c, "413 Payload Too Large");
		return -1;
	}
	/* bytes of the body already read with the head */
	bl = hl - (end + 4 - head);
	if (bl > len)
		return -1;	/* pipelined requests: not from libcurl */
	memcpy(body, end + 4, bl);
	while (bl < len) {
		n = read(c, body + bl, len - bl);
		if (n <= 0)
			return -1;
		bl += n;
	}
	fwrite(body, 1, len, out);
	fputc('\n', out);
	fflush(out);
	reply(c, "204 No Content");
	return 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int s, c, one = 1, mute;
	FILE *out = NULL;

	if (argc != 3) {
		fprintf(stderr, "usage: e2e_http PORT FILE|--mute\n");
		return 2;
	}
	mute = !strcmp(argv[2], "--mute");
	if (!mute) {
		out = fopen(argv[2], "a");
		if (!out) {
			perror(argv[2]);
			return 1;
		}
	}
	s = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(atoi(argv[1]));
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(s, 64) < 0) {
		perror("e2e_http: listen");
		return 1;
	}
	for (;;) {
		c = accept(s, NULL, NULL);
		if (c < 0) {
			if (errno == EINTR)
				continue;
			perror("e2e_http: accept");
			return 1;
		}
		if (mute)
			continue;	/* held open, never read */
		while (serve_one(c, out) > 0)
			;
		close(c);
	}
}
