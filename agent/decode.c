// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Record decoder, table-driven from shared/vigil_events.def.
 */
#include <arpa/inet.h>
#include <asm/unistd.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "utf8.h"
#include "decode.h"
#include "names.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define NSEC_PER_SEC	1000000000ULL
#define HDR_SIZE	sizeof(struct vigil_event)
#define MAX_ERRNO	4095	/* res in [-4095, -1] is -errno */

/*
 * A mirror of each generated payload struct named by type, so a field's
 * offset can be taken where only the type (not the def name) is known.
 */
#define VIGIL_EVENT(T, name, nr)	struct dec_pl_##T {
#define VIGIL_FIELD(T, f, kind, fmt, src, a, b)	VIGIL_CTYPE_##kind f;
#define VIGIL_END(T)			};
#include "vigil_events.def"
#undef VIGIL_EVENT
#undef VIGIL_FIELD
#undef VIGIL_END

#define VIGIL_EVENT(T, name, nr) \
	_Static_assert(sizeof(struct dec_pl_##T) == \
		       sizeof(struct vigil_ev_##name), "mirror of " #name);
#define VIGIL_FIELD(T, f, kind, fmt, src, a, b)
#define VIGIL_END(T)
#include "vigil_events.def"
#undef VIGIL_EVENT
#undef VIGIL_FIELD
#undef VIGIL_END

#define VIGIL_EVENT(T, name, nr) \
	static const struct vigil_field_desc fields_##T[] = {
#define VIGIL_FIELD(T, f, kind, fmt, src, a, b) \
	{ #f, VIGIL_KIND_##kind, VIGIL_FMT_##fmt, \
	  offsetof(struct dec_pl_##T, f) },
#define VIGIL_END(T)			};
#include "vigil_events.def"
#undef VIGIL_EVENT
#undef VIGIL_FIELD
#undef VIGIL_END

static const struct vigil_type_desc types[VIGIL_EV_MAX] = {
#define VIGIL_EVENT(T, name, nr) \
	[VIGIL_EV_##T] = { #name, (nr), sizeof(struct vigil_ev_##name), \
			   ARRAY_SIZE(fields_##T), fields_##T },
#define VIGIL_FIELD(T, f, kind, fmt, src, a, b)
#define VIGIL_END(T)
#include "vigil_events.def"
#undef VIGIL_EVENT
#undef VIGIL_FIELD
#undef VIGIL_END
};

/*
 * Header keys, in output order.  A payload field with one of these names
 * is printed as "arg.<name>" ("arg.uid" of setuid, "arg.type" of socket),
 * except "flags": the payload's "flags" keeps its name and the record's
 * own flags then move to "evflags" (only present when non-zero anyway).
 */
static const char *const header_keys[] = {
	"time", "ts", "cpu", "type", "nr", "tid", "pid", "ppid", "uid",
	"gid", "euid", "egid", "loginuid", "comm", "res", "errno",
};

const struct vigil_type_desc *vigil_type_desc(unsigned int type)
{
	if (type == VIGIL_EV_PAD || type >= VIGIL_EV_MAX)
		return NULL;
	return &types[type];
}

int vigil_type_by_name(const char *name)
{
	unsigned int t;

	for (t = 1; t < VIGIL_EV_MAX; t++)
		if (!strcmp(types[t].name, name))
			return (int)t;
	return -ENOENT;
}

const struct vigil_field_desc *
vigil_field_by_name(const struct vigil_type_desc *td, const char *name)
{
	/*
	 * The replay asks for the same (type, name) pairs on every event,
	 * mostly with the same name pointers: remember the last answer per
	 * slot and confirm it with one comparison instead of a scan.
	 */
	static _Thread_local struct {
		const struct vigil_type_desc *td;
		const struct vigil_field_desc *f;
	} memo[128];
	unsigned int h = (unsigned int)(((uintptr_t)td >> 4) ^
					((uintptr_t)name >> 2)) & 127;
	__u32 i;

	if (memo[h].td == td && !strcmp(memo[h].f->name, name))
		return memo[h].f;
	for (i = 0; i < td->nr_fields; i++)
		if (!strcmp(td->fields[i].name, name)) {
			memo[h].td = td;
			memo[h].f = &td->fields[i];
			return &td->fields[i];
		}
	return NULL;
}

int vigil_type_is_syscall(unsigned int type)
{
	const struct vigil_type_desc *td = vigil_type_desc(type);

	return td && (td->nr < VIGIL_NR_SYSCALLS || td->nr == VIGIL_NR_NONE);
}

size_t vigil_rec_min_len(unsigned int type)
{
	const struct vigil_type_desc *td = vigil_type_desc(type);

	return td ? HDR_SIZE + td->payload_size : 0;
}

int vigil_rec_check(const struct vigil_event *ev)
{
	size_t min = vigil_rec_min_len(ev->type);

	if (!min || ev->len < min || ev->len > VIGIL_REC_MAX ||
	    ev->len % VIGIL_REC_ALIGN)
		return -EINVAL;
	return 0;
}

static const void *field_ptr(const struct vigil_event *ev,
			     const struct vigil_field_desc *f)
{
	return (const char *)ev + HDR_SIZE + f->off;
}

__u64 vigil_field_u64(const struct vigil_event *ev,
		      const struct vigil_field_desc *f)
{
	__u64 v;

	memcpy(&v, field_ptr(ev, f), sizeof(v));
	return v;
}

static void bitmap_set(struct vigil_bitmap *bm, __u32 nr)
{
	if (nr < VIGIL_NR_MAX)
		bm->bits[nr / 64] |= 1ULL << (nr % 64);
}

/* One item of an event list; -EINVAL when it names nothing. */
static int bitmap_item(struct vigil_bitmap *bm, const char *item)
{
	unsigned long nr;
	char *end;
	int t;

	if (!strcmp(item, "all")) {
		for (t = 1; t < VIGIL_EV_MAX; t++)
			if (t != VIGIL_EV_GENERIC)
				bitmap_set(bm, types[t].nr);
		return 0;
	}
	if (!strncmp(item, "nr:", 3)) {
		if (item[3] < '0' || item[3] > '9')
			return -EINVAL;
		errno = 0;
		nr = strtoul(item + 3, &end, 10);
		if (errno || *end || nr >= VIGIL_NR_SYSCALLS)
			return -EINVAL;
		bitmap_set(bm, (__u32)nr);
		return 0;
	}
	t = vigil_type_by_name(item);
	if (t < 0 || t == VIGIL_EV_GENERIC)
		return -EINVAL;
	bitmap_set(bm, types[t].nr);
	return 0;
}

int vigil_bitmap_parse(const char *list, struct vigil_bitmap *bm,
		       char *bad, size_t badlen)
{
	char *copy, *item, *save = NULL;
	int err = 0;

	memset(bm, 0, sizeof(*bm));
	if (badlen)
		bad[0] = '\0';
	copy = strdup(list);
	if (!copy)
		return -ENOMEM;
	/* strtok_r would skip empty items: split by hand. */
	for (item = copy; item && !err; item = save) {
		save = strchr(item, ',');
		if (save)
			*save++ = '\0';
		if (!*item || bitmap_item(bm, item)) {
			err = -EINVAL;
			snprintf(bad, badlen, "%s", item);
		}
	}
	free(copy);
	return err;
}

/* Whether [off, off + len] (len bytes and the NUL) lies in the var part. */
static int var_span_ok(const struct vigil_event *ev, size_t off, size_t len)
{
	size_t start = vigil_rec_min_len(ev->type);

	return off >= start && off + len + 1 <= ev->len;
}

int vigil_field_bytes(const struct vigil_event *ev,
		      const struct vigil_field_desc *f,
		      const char **p, size_t *len)
{
	struct vigil_str s;

	if (f->kind != VIGIL_KIND_STR && f->kind != VIGIL_KIND_STRV)
		return -EINVAL;
	memcpy(&s, field_ptr(ev, f), sizeof(s));
	return vigil_str_bytes(ev, &s, p, len);
}

int vigil_str_bytes(const struct vigil_event *ev, const struct vigil_str *s,
		    const char **p, size_t *len)
{
	if (!s->off)
		return -ENOENT;
	if (!var_span_ok(ev, s->off, s->len))
		return -EINVAL;
	*p = (const char *)ev + s->off;
	*len = s->len;
	return 0;
}

__u16 vigil_field_str_flags(const struct vigil_event *ev,
			    const struct vigil_field_desc *f)
{
	struct vigil_str s;

	if (f->kind != VIGIL_KIND_STR && f->kind != VIGIL_KIND_STRV)
		return 0;
	memcpy(&s, field_ptr(ev, f), sizeof(s));
	return s.off ? s.flags : 0;
}

int vigil_field_addr(const struct vigil_event *ev,
		     const struct vigil_field_desc *f,
		     const struct vigil_sockaddr **sa,
		     const char **path, size_t *path_len)
{
	const struct vigil_sockaddr *a;

	if (f->kind != VIGIL_KIND_ADDR)
		return -EINVAL;
	a = field_ptr(ev, f);
	*sa = a;
	*path = NULL;
	*path_len = 0;
	if (a->family != AF_UNIX || !a->path_off)
		return 0;
	if (!var_span_ok(ev, a->path_off, a->path_len))
		return -EINVAL;
	*path = (const char *)ev + a->path_off;
	*path_len = a->path_len;
	return 0;
}

int vigil_format_time(__u64 ns, char *buf, size_t size)
{
	time_t secs = (time_t)(ns / NSEC_PER_SEC);
	struct tm tm;
	size_t n;
	int m;

	if (!gmtime_r(&secs, &tm))
		return -EINVAL;
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!n)
		return -ENOSPC;
	m = snprintf(buf + n, size - n, ".%09lluZ",
		     (unsigned long long)(ns % NSEC_PER_SEC));
	if (m < 0 || (size_t)m >= size - n)
		return -ENOSPC;
	return (int)(n + m);
}

const char *vigil_field_key(const struct vigil_field_desc *f, char *buf)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(header_keys); i++) {
		if (!strcmp(f->name, header_keys[i])) {
			snprintf(buf, VIGIL_KEY_MAX, "arg.%s", f->name);
			return buf;
		}
	}
	return f->name;
}

json_t *vigil_json_bytes(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	char *out, *o;
	json_t *j;
	size_t i = 0;

	out = malloc(n * 4 + 1);	/* every byte may become \xNN */
	if (!out)
		return NULL;
	o = out;
	while (i < n) {
		size_t k = vigil_utf8_seq(s + i, n - i);

		if (k) {
			memcpy(o, s + i, k);
			o += k;
			i += k;
		} else {
			o += sprintf(o, "\\x%02x", s[i]);
			i++;
		}
	}
	j = json_stringn(out, o - out);
	free(out);
	return j;
}

static json_t *json_u64(__u64 v)
{
	char dec[24];

	if (v <= (__u64)INT64_MAX)
		return json_integer((json_int_t)v);
	/* jansson has no unsigned 64-bit integers: keep it exact. */
	snprintf(dec, sizeof(dec), "%llu", (unsigned long long)v);
	return json_string(dec);
}

/* NUL-separated list; a NUL at the very end does not start an element. */
static json_t *json_strv(const char *p, size_t n)
{
	json_t *arr = json_array();
	size_t start = 0;

	while (arr && start < n) {
		const char *nul = memchr(p + start, '\0', n - start);
		size_t end = nul ? (size_t)(nul - p) : n;

		if (json_array_append_new(arr, vigil_json_bytes(p + start,
								end - start))) {
			json_decref(arr);
			return NULL;
		}
		start = end + 1;
	}
	return arr;
}

static json_t *json_addr(const struct vigil_event *ev,
			 const struct vigil_field_desc *f, unsigned int *bad)
{
	const struct vigil_sockaddr *sa;
	char text[INET6_ADDRSTRLEN + 16], ip[INET6_ADDRSTRLEN];
	const char *path;
	size_t plen;
	json_t *j;

	if (vigil_field_addr(ev, f, &sa, &path, &plen)) {
		(*bad)++;
		return json_null();
	}
	switch (sa->family) {
	case 0:
		return json_null();
	case AF_INET:
		snprintf(text, sizeof(text), "%u.%u.%u.%u:%u", sa->addr[0],
			 sa->addr[1], sa->addr[2], sa->addr[3], sa->port);
		return json_string(text);
	case AF_INET6:
		if (!inet_ntop(AF_INET6, sa->addr, ip, sizeof(ip)))
			return json_null();
		snprintf(text, sizeof(text), "[%s]:%u", ip, sa->port);
		return json_string(text);
	case AF_UNIX:
		if (!path)
			return json_null();
		if (plen && path[0] == '\0') {
			/* Abstract name: "@name". */
			char *at = malloc(plen);

			if (!at)
				return NULL;
			at[0] = '@';
			memcpy(at + 1, path + 1, plen - 1);
			j = vigil_json_bytes(at, plen);
			free(at);
			return j;
		}
		return vigil_json_bytes(path, plen);
	default:
		vigil_names_format(VIGIL_FMT_FAMILY, sa->family, text,
				   sizeof(text));
		return json_string(text);
	}
}

static json_t *json_field(const struct vigil_event *ev,
			  const struct vigil_field_desc *f, unsigned int *bad)
{
	char buf[VIGIL_NAMES_BUF];
	const char *p;
	size_t n;
	__u64 v;
	int err;

	if (f->kind == VIGIL_KIND_ADDR)
		return json_addr(ev, f, bad);
	if (f->kind == VIGIL_KIND_STR || f->kind == VIGIL_KIND_STRV) {
		err = vigil_field_bytes(ev, f, &p, &n);
		if (err == -ENOENT)
			return json_null();
		if (err) {
			(*bad)++;
			return json_null();
		}
		if (f->fmt == VIGIL_FMT_STRV)
			return json_strv(p, n);
		return vigil_json_bytes(p, n);
	}

	v = vigil_field_u64(ev, f);
	switch (f->fmt) {
	case VIGIL_FMT_DEC:
	case VIGIL_FMT_FD:
	case VIGIL_FMT_DEV:
		if (f->kind == VIGIL_KIND_S64)
			return json_integer((json_int_t)(__s64)v);
		return json_u64(v);
	case VIGIL_FMT_HEX:
		snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
		return json_string(buf);
	case VIGIL_FMT_OCT:
		snprintf(buf, sizeof(buf), v ? "0%llo" : "0",
			 (unsigned long long)v);
		return json_string(buf);
	default:
		if (vigil_names_format(f->fmt, v, buf, sizeof(buf)) < 0) {
			(*bad)++;
			return json_null();
		}
		return json_string(buf);
	}
}

static json_t *json_evflags(__u16 flags)
{
	json_t *arr = json_array();
	char hex[16];
	int err = 0;

	if (!arr)
		return NULL;
	if (flags & VIGIL_EVF_TRUNCATED)
		err |= json_array_append_new(arr, json_string("truncated"));
	if (flags & VIGIL_EVF_FAULT)
		err |= json_array_append_new(arr, json_string("fault"));
	flags &= ~(VIGIL_EVF_TRUNCATED | VIGIL_EVF_FAULT);
	if (flags) {
		snprintf(hex, sizeof(hex), "0x%x", flags);
		err |= json_array_append_new(arr, json_string(hex));
	}
	if (err) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* Set key to v (taking the reference); -1 if v is NULL or on failure. */
static int put(json_t *obj, const char *key, json_t *v)
{
	if (!v)
		return -1;
	return json_object_set_new(obj, key, v);
}

static int put_header(json_t *o, const struct vigil_event *ev,
		      const struct vigil_type_desc *td, __u64 wall_base_ns)
{
	char tbuf[48];
	size_t clen = strnlen(ev->comm, VIGIL_COMM_LEN);
	int err = 0;

	if (vigil_format_time(ev->ts_ns + wall_base_ns, tbuf, sizeof(tbuf)) < 0)
		snprintf(tbuf, sizeof(tbuf), "?");
	err |= put(o, "time", json_string(tbuf));
	err |= put(o, "ts", json_u64(ev->ts_ns));
	err |= put(o, "cpu", json_integer(ev->cpu));
	err |= put(o, "type", json_string(td->name));
	err |= put(o, "nr", json_integer(ev->nr));
	err |= put(o, "tid", json_integer(ev->tid));
	err |= put(o, "pid", json_integer(ev->tgid));
	err |= put(o, "ppid", json_integer(ev->ppid));
	err |= put(o, "uid", json_integer(ev->uid));
	err |= put(o, "gid", json_integer(ev->gid));
	err |= put(o, "euid", json_integer(ev->euid));
	err |= put(o, "egid", json_integer(ev->egid));
	err |= put(o, "loginuid", json_integer(ev->loginuid == 0xffffffffU ?
					       -1 : (json_int_t)ev->loginuid));
	err |= put(o, "comm", vigil_json_bytes(ev->comm, clen));
	err |= put(o, "res", json_integer(ev->res));
	if (ev->res < 0 && ev->res >= -MAX_ERRNO &&
	    vigil_type_is_syscall(ev->type)) {
		const char *name = vigil_errno_name((__u64)-ev->res);
		char dec[24];

		if (!name) {
			snprintf(dec, sizeof(dec), "%lld", (long long)-ev->res);
			name = dec;
		}
		err |= put(o, "errno", json_string(name));
	}
	if (ev->flags)
		err |= put(o, vigil_field_by_name(td, "flags") ? "evflags" :
			   "flags", json_evflags(ev->flags));
	return err;
}

json_t *vigil_decode_json(const struct vigil_event *ev, __u64 wall_base_ns,
			  unsigned int *invalid)
{
	const struct vigil_type_desc *td;
	unsigned int bad = 0;
	char keybuf[VIGIL_KEY_MAX];
	json_t *o;
	__u32 i;
	int err;

	if (vigil_rec_check(ev)) {
		if (invalid)
			(*invalid)++;
		errno = EINVAL;
		return NULL;
	}
	td = vigil_type_desc(ev->type);
	o = json_object();
	if (!o)
		goto oom;
	err = put_header(o, ev, td, wall_base_ns);
	for (i = 0; i < td->nr_fields && !err; i++) {
		const struct vigil_field_desc *f = &td->fields[i];

		err |= put(o, vigil_field_key(f, keybuf),
			   json_field(ev, f, &bad));
	}
	if (invalid)
		*invalid += bad;
	if (err)
		goto oom;
	return o;
oom:
	json_decref(o);
	errno = ENOMEM;
	return NULL;
}
