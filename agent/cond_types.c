// SPDX-License-Identifier: GPL-2.0
/*
 * Type check of expanded trees: every field exists and takes the
 * argument it is given, every operator suits the field's type, every
 * value parses as that type.  Passing nodes are marked, so a macro used
 * by many rules is checked once.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "cond_expand.h"
#include "fields.h"

#define TC_MAX_VISITS	2000000

struct tc {
	struct cond_err *err;
	unsigned long visits;
};

static int tcerr(struct tc *t, struct cond_pos pos, int code, const char *fmt, ...)
{
	va_list ap;

	t->err->pos = pos;
	va_start(ap, fmt);
	vsnprintf(t->err->msg, sizeof(t->err->msg), fmt, ap);
	va_end(ap);
	return code;
}

int cond_parse_num(const char *s, int is_signed, uint64_t *out)
{
	char *end;

	errno = 0;
	if (!*s)
		return -EINVAL;
	if (is_signed || *s == '-') {
		long long v = strtoll(s, &end, 0);

		if (errno || *end || (!is_signed && v < 0))
			return -EINVAL;
		*out = (uint64_t)v;
	} else {
		unsigned long long v;

		if (*s == '+')
			s++;
		v = strtoull(s, &end, 0);
		if (errno || *end)
			return -EINVAL;
		*out = v;
	}
	return 0;
}

int cond_parse_net(const char *s, uint8_t *family, uint8_t *ip, uint8_t *prefix)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	unsigned long p;
	char *end;

	if (n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(ip, 0, 16);
	if (inet_pton(AF_INET, buf, ip) == 1) {
		*family = 4;
		*prefix = 32;
	} else if (inet_pton(AF_INET6, buf, ip) == 1) {
		*family = 6;
		*prefix = 128;
	} else {
		return -EINVAL;
	}
	if (slash) {
		errno = 0;
		p = strtoul(slash + 1, &end, 10);
		if (errno || *end || !slash[1] || p > *prefix)
			return -EINVAL;
		*prefix = (uint8_t)p;
	}
	return 0;
}

int cond_parse_hex(const char *s, uint32_t len, uint8_t *out, uint32_t *olen)
{
	uint32_t i;

	if (len % 2)
		return -EINVAL;
	for (i = 0; i < len; i += 2) {
		char b[3] = { s[i], s[i + 1], 0 };
		char *end;

		if (!strchr("0123456789abcdefABCDEF", b[0]) || !strchr("0123456789abcdefABCDEF", b[1]))
			return -EINVAL;
		if (out)
			out[i / 2] = (uint8_t)strtoul(b, &end, 16);
	}
	*olen = len / 2;
	return 0;
}

static int check_field(struct tc *t, struct cond_field *f)
{
	const struct field_info *fi;
	const char *suffix;
	int fid, i, type;

	fid = field_lookup(f->name, &suffix);
	if (fid < 0)
		return tcerr(t, f->pos, -ENOENT, "unknown field '%s'", f->name);
	fi = &field_table[fid];
	if (suffix) {
		if (f->arg && f->arg != suffix)
			return tcerr(t, f->pos, -EINVAL, "field '%s' has both a suffix and an argument",
				     f->name);
		f->arg = suffix;
	}
	if (f->arg) {
		char *end;
		long v;

		if (!(fi->flags & (FF_IDX | FF_KEY)))
			return tcerr(t, f->pos, -EINVAL, "field '%s' does not take an argument",
				     fi->name);
		if (strlen(f->arg) > COND_MAX_ARG)
			return tcerr(t, f->pos, -EINVAL, "field argument too long");
		if (!(fi->flags & FF_KEY)) {
			errno = 0;
			v = strtol(f->arg, &end, 10);
			if (errno || *end || !*f->arg || v < 0 || v > INT_MAX)
				return tcerr(t, f->pos, -EINVAL,
					     "field '%s' needs a numeric argument, not '%s'",
					     fi->name, f->arg);
		}
	} else if (fi->flags & FF_ARGREQ) {
		return tcerr(t, f->pos, -EINVAL, "field '%s' requires an argument", fi->name);
	}
	type = fi->type == FT_FLAGS ? FT_STR : (int)fi->type;
	for (i = 0; i < f->nxf; i++) {
		if (type != FT_STR)
			return tcerr(t, f->pos, -EINVAL,
				     "can't add field transformer: type '%s' is not supported by '%s' "
				     "transformer applied on field '%s'", field_type_names[type],
				     cond_xf_names[f->xf[i]], fi->name);
		if (f->xf[i] == XF_LEN)
			type = FT_U64;
	}
	f->fid = fid;
	f->type = type;
	return 0;
}

static int op_ok(enum cond_op op, int type)
{
	switch (op) {
	case CO_EXISTS:
		return 1;
	case CO_EQ:
	case CO_NE:
	case CO_IN:
	case CO_INTERSECTS:
		return 1;
	case CO_LT:
	case CO_LE:
	case CO_GT:
	case CO_GE:
		return field_type_numeric(type);
	default:
		return type == FT_STR;
	}
}

static int check_value(struct tc *t, struct cond_node *n, const struct cond_value *v)
{
	int type = n->lhs.type;
	uint8_t fam, ip[16], pfx;
	uint64_t u;
	uint32_t blen;

	if (type == FT_STR) {
		if (n->op == CO_BCONTAINS || n->op == CO_BSTARTSWITH) {
			if (cond_parse_hex(v->s, v->len, NULL, &blen))
				return tcerr(t, v->pos, -EINVAL,
					     "'%s' is not a hexadecimal byte string", v->s);
		}
		if (n->op == CO_REGEX) {
			int ec;
			PCRE2_SIZE eo;
			pcre2_code *re = pcre2_compile((PCRE2_SPTR)v->s, v->len, PCRE2_UTF, &ec,
						       &eo, NULL);
			if (!re) {
				PCRE2_UCHAR msg[128];

				pcre2_get_error_message(ec, msg, sizeof(msg));
				return tcerr(t, v->pos, -EINVAL, "invalid regex '%s': %s at offset %zu",
					     v->s, (char *)msg, (size_t)eo);
			}
			pcre2_code_free(re);
		}
		return 0;
	}
	if (type == FT_BOOL) {
		if (strcmp(v->s, "true") && strcmp(v->s, "false"))
			return tcerr(t, v->pos, -EINVAL, "'%s' is not a boolean (true or false) for field '%s'",
				     v->s, field_table[n->lhs.fid].name);
		return 0;
	}
	if (type == FT_IPADDR || type == FT_IPNET) {
		if (cond_parse_net(v->s, &fam, ip, &pfx))
			return tcerr(t, v->pos, -EINVAL, "'%s' is not an IP address or network for field '%s'",
				     v->s, field_table[n->lhs.fid].name);
		return 0;
	}
	if (cond_parse_num(v->s, type == FT_S64, &u))
		return tcerr(t, v->pos, -EINVAL, "'%s' is not a valid number for field '%s' of type %s",
			     v->s, field_table[n->lhs.fid].name, field_type_names[type]);
	if (type == FT_PORT && u > 65535)
		return tcerr(t, v->pos, -EINVAL, "'%s' is not a valid port", v->s);
	return 0;
}

static int check_node(struct tc *t, struct cond_node *n)
{
	uint32_t i;
	int r;

	if (++t->visits > TC_MAX_VISITS)
		return tcerr(t, n->pos, -E2BIG, "condition too large after macro expansion");
	if (n->checked)
		return 0;
	switch (n->kind) {
	case COND_AND:
	case COND_OR:
	case COND_NOT:
		for (i = 0; i < n->n; i++) {
			r = check_node(t, n->kids[i]);
			if (r)
				return r;
		}
		break;
	case COND_MACRO:
		if (!n->ref)
			return tcerr(t, n->pos, -EINVAL, "undefined macro '%s' used in filter", n->name);
		r = check_node(t, n->ref);
		if (r)
			return r;
		break;
	case COND_BOOL:
		break;
	case COND_CHECK:
		r = check_field(t, &n->lhs);
		if (r)
			return r;
		if (!op_ok(n->op, n->lhs.type))
			return tcerr(t, n->pos, -EINVAL, "operator '%s' is not supported on field '%s' of type %s",
				     cond_op_names[n->op], field_table[n->lhs.fid].name,
				     field_type_names[n->lhs.type]);
		if (n->rhs == RHS_FIELD) {
			r = check_field(t, &n->rfield);
			if (r)
				return r;
			if (n->rfield.type != n->lhs.type)
				return tcerr(t, n->rfield.pos, -EINVAL,
					     "field '%s' has type '%s' while the right-hand side field '%s' "
					     "has incompatible type '%s'", field_table[n->lhs.fid].name,
					     field_type_names[n->lhs.type], field_table[n->rfield.fid].name,
					     field_type_names[n->rfield.type]);
			if (n->op == CO_IN || n->op == CO_INTERSECTS || n->op == CO_PMATCH ||
			    n->op == CO_REGEX)
				return tcerr(t, n->pos, -EINVAL, "operator '%s' does not accept a field value",
					     cond_op_names[n->op]);
			break;
		}
		if ((n->op == CO_IN || n->op == CO_INTERSECTS || n->op == CO_PMATCH) &&
		    n->rhs != RHS_LIST)
			return tcerr(t, n->pos, -EINVAL, "operator '%s' needs a list", cond_op_names[n->op]);
		for (i = 0; i < n->nvals; i++) {
			r = check_value(t, n, &n->vals[i]);
			if (r)
				return r;
		}
		break;
	}
	n->checked = 1;
	return 0;
}

int cond_typecheck(struct cond_node *root, struct cond_err *err)
{
	struct tc t = { err, 0 };

	return check_node(&t, root);
}
