// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Privilege drop: bounding set and securebits while the process still
 * has CAP_SETPCAP, then groups, gid and uid (with PR_SET_KEEPCAPS so the
 * kept capabilities survive the uid change), then capset() down to the
 * kept set, and a check that the kernel agrees.
 */
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "privdrop.h"

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT			47
#define PR_CAP_AMBIENT_CLEAR_ALL	4
#endif

static const char *const cap_names[] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid",
	"kill", "setgid", "setuid", "setpcap", "linux_immutable",
	"net_bind_service", "net_broadcast", "net_admin", "net_raw",
	"ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot",
	"sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
	"sys_resource", "sys_time", "sys_tty_config", "mknod", "lease",
	"audit_write", "audit_control", "setfcap", "mac_override",
	"mac_admin", "syslog", "wake_alarm", "block_suspend", "audit_read",
	"perfmon", "bpf", "checkpoint_restore",
};
#define NCAPS	(sizeof(cap_names) / sizeof(cap_names[0]))

int privdrop_cap_parse(const char *name)
{
	unsigned int i;

	if (!strncasecmp(name, "cap_", 4))
		name += 4;
	for (i = 0; i < NCAPS; i++)
		if (!strcasecmp(name, cap_names[i]))
			return (int)i;
	return -EINVAL;
}

const char *privdrop_cap_name(unsigned int cap)
{
	static char buf[NCAPS][32];
	unsigned int j;

	if (cap >= NCAPS)
		return NULL;
	if (!buf[cap][0]) {
		snprintf(buf[cap], sizeof(buf[cap]), "CAP_%s", cap_names[cap]);
		for (j = 4; buf[cap][j]; j++)
			if (buf[cap][j] >= 'a' && buf[cap][j] <= 'z')
				buf[cap][j] = (char)(buf[cap][j] - 'a' + 'A');
	}
	return buf[cap];
}

/* A decimal id, or -1 when s is not one. */
static long long parse_id(const char *s)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 0 || v >= (long long)(uid_t)-1)
		return -1;
	return v;
}

static int resolve_user(const char *name, struct privdrop *pd, char *err,
			size_t errlen)
{
	long long id = parse_id(name);
	struct passwd *pw;

	errno = 0;
	pw = id >= 0 ? getpwuid((uid_t)id) : getpwnam(name);
	if (!pw && id < 0) {
		snprintf(err, errlen, "drop_privileges.user: no user '%s'%s%s",
			 name, errno ? ": " : "", errno ? strerror(errno) : "");
		return -ENOENT;
	}
	pd->set_uid = true;
	pd->uid = pw ? pw->pw_uid : (uid_t)id;
	if (pw) {
		snprintf(pd->user, sizeof(pd->user), "%s", pw->pw_name);
		pd->set_gid = true;
		pd->gid = pw->pw_gid;
	}
	return 0;
}

static int resolve_group(const char *name, struct privdrop *pd, char *err,
			 size_t errlen)
{
	long long id = parse_id(name);
	struct group *gr;

	if (id >= 0) {
		pd->gid = (gid_t)id;
	} else {
		errno = 0;
		gr = getgrnam(name);
		if (!gr) {
			snprintf(err, errlen,
				 "drop_privileges.group: no group '%s'", name);
			return -ENOENT;
		}
		pd->gid = gr->gr_gid;
	}
	pd->set_gid = true;
	return 0;
}

int privdrop_resolve(const struct privdrop_cfg *cfg, struct privdrop *pd,
		     char *err, size_t errlen)
{
	unsigned int i;
	int cap, ret;

	memset(pd, 0, sizeof(*pd));
	pd->enabled = cfg->enabled;
	for (i = 0; i < cfg->nkeep; i++) {
		cap = privdrop_cap_parse(cfg->keep[i]);
		if (cap < 0) {
			snprintf(err, errlen,
				 "drop_privileges.keep_capabilities: unknown capability '%s'",
				 cfg->keep[i]);
			return -EINVAL;
		}
		pd->keep |= 1ULL << cap;
	}
	if (cfg->user && *cfg->user) {
		ret = resolve_user(cfg->user, pd, err, errlen);
		if (ret)
			return ret;
	}
	if (cfg->group && *cfg->group) {
		ret = resolve_group(cfg->group, pd, err, errlen);
		if (ret)
			return ret;
	}
	if (pd->set_uid && !pd->set_gid) {
		snprintf(err, errlen,
			 "drop_privileges.user: uid %u has no passwd entry: set drop_privileges.group too",
			 (unsigned int)pd->uid);
		return -EINVAL;
	}
	return 0;
}

static int caps_get(uint64_t *eff, uint64_t *perm)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -errno;
	*eff = (uint64_t)d[1].effective << 32 | d[0].effective;
	*perm = (uint64_t)d[1].permitted << 32 | d[0].permitted;
	return 0;
}

static int caps_set(uint64_t keep)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	d[0].effective = d[0].permitted = (uint32_t)keep;
	d[1].effective = d[1].permitted = (uint32_t)(keep >> 32);
	return syscall(SYS_capset, &h, d) ? -errno : 0;
}

/* Everything but keep out of the bounding set (needs CAP_SETPCAP). */
static int drop_bounding(uint64_t keep, char *err, size_t errlen)
{
	unsigned int cap;
	int r;

	for (cap = 0; cap < 64; cap++) {
		r = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
		if (r < 0)
			break;		/* past the kernel's last capability */
		if (!r || (keep & (1ULL << cap)))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)) {
			snprintf(err, errlen,
				 "dropping capability %u from the bounding set: %s%s",
				 cap, strerror(errno),
				 errno == EPERM ? " (needs CAP_SETPCAP: start vigil as root)" : "");
			return -errno;
		}
	}
	return 0;
}

static int set_ids(const struct privdrop *pd, char *err, size_t errlen)
{
	int r;

	if (pd->set_gid) {
		if (pd->set_uid && pd->user[0])
			r = initgroups(pd->user, pd->gid);
		else
			r = setgroups(1, &pd->gid);
		if (r || setresgid(pd->gid, pd->gid, pd->gid)) {
			snprintf(err, errlen, "switching to gid %u: %s",
				 (unsigned int)pd->gid, strerror(errno));
			return -errno;
		}
	}
	if (pd->set_uid && setresuid(pd->uid, pd->uid, pd->uid)) {
		snprintf(err, errlen, "switching to uid %u: %s",
			 (unsigned int)pd->uid, strerror(errno));
		return -errno;
	}
	return 0;
}

/* The kernel's view after the drop must be the one asked for. */
static int verify(const struct privdrop *pd, uint64_t want, char *err,
		  size_t errlen)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;
	uint64_t eff, perm;
	int ret;

	ret = caps_get(&eff, &perm);
	if (ret) {
		snprintf(err, errlen, "capget: %s", strerror(-ret));
		return ret;
	}
	if (eff != want || perm != want) {
		snprintf(err, errlen,
			 "capabilities after the drop: effective %#llx permitted %#llx, want %#llx",
			 (unsigned long long)eff, (unsigned long long)perm,
			 (unsigned long long)want);
		return -EPERM;
	}
	if (getresuid(&r, &e, &s) || getresgid(&rg, &eg, &sg) ||
	    (pd->set_uid && (r != pd->uid || e != pd->uid || s != pd->uid)) ||
	    (pd->set_gid && (rg != pd->gid || eg != pd->gid || sg != pd->gid))) {
		snprintf(err, errlen, "ids after the drop are not %u:%u",
			 (unsigned int)pd->uid, (unsigned int)pd->gid);
		return -EPERM;
	}
	return 0;
}

int privdrop_apply(const struct privdrop *pd, char *err, size_t errlen)
{
	uint64_t eff, perm, want;
	int ret;

	if (!pd->enabled)
		return 0;
	ret = caps_get(&eff, &perm);
	if (ret) {
		snprintf(err, errlen, "capget: %s", strerror(-ret));
		return ret;
	}
	/* a capability not held cannot be kept */
	want = pd->keep & perm;
	ret = drop_bounding(pd->keep, err, errlen);
	if (ret)
		return ret;
	/* no capabilities from a set-uid-root or root execve (program output) */
	if (prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_NOROOT_LOCKED |
		  SECBIT_KEEP_CAPS, 0, 0, 0)) {
		snprintf(err, errlen, "PR_SET_SECUREBITS: %s", strerror(errno));
		return -errno;
	}
	ret = set_ids(pd, err, errlen);
	if (ret)
		return ret;
	ret = caps_set(want);
	if (ret) {
		snprintf(err, errlen, "capset: %s", strerror(-ret));
		return ret;
	}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) &&
	    errno != EINVAL) {
		snprintf(err, errlen, "clearing ambient capabilities: %s",
			 strerror(errno));
		return -errno;
	}
	prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	return verify(pd, want, err, errlen);
}

void privdrop_describe(char *buf, size_t len)
{
	uint64_t eff = 0, perm = 0;
	unsigned int cap;
	size_t n;

	caps_get(&eff, &perm);
	n = (size_t)snprintf(buf, len, "uid %u gid %u, capabilities:",
			     (unsigned int)geteuid(), (unsigned int)getegid());
	if (!eff && n < len)
		n += (size_t)snprintf(buf + n, len - n, " none");
	for (cap = 0; cap < 64 && n < len; cap++)
		if (eff & (1ULL << cap))
			n += (size_t)snprintf(buf + n, len - n, " %s",
					      privdrop_cap_name(cap) ?
					      privdrop_cap_name(cap) : "?");
}
