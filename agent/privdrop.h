/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Dropping privileges once the daemon holds what only root could open
 * (the capture device, the seeded process table), before it starts any
 * thread (capabilities are per thread): every capability
 * but a kept set leaves the permitted, effective, inheritable, ambient
 * and bounding sets, optionally after switching to another user and
 * group.  The defaults keep CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE, which
 * reading other processes' /proc/<pid>/{fd,exe,cwd,environ} and the
 * container runtimes' state directories needs.
 *
 * privdrop_resolve() checks a configuration and looks the user and group
 * up (so --dry-run reports a bad one); privdrop_apply() does it, once,
 * and checks the result.  Both return 0 or -errno with the reason in err.
 */
#ifndef VIGIL_PRIVDROP_H
#define VIGIL_PRIVDROP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PRIVDROP_NAME_MAX	256

/* drop_privileges.* in vigil.yaml */
struct privdrop_cfg {
	bool enabled;
	const char *user;	/* name or uid; NULL/"": keep the uid */
	const char *group;	/* name or gid; NULL/"": the user's group */
	const char *const *keep;	/* capability names, "CAP_" optional */
	unsigned int nkeep;
};

struct privdrop {
	bool enabled;
	bool set_uid, set_gid;
	uid_t uid;
	gid_t gid;
	char user[PRIVDROP_NAME_MAX];	/* for initgroups; "" if no entry */
	uint64_t keep;			/* capability bit mask */
};

/* A capability's number from "CAP_SYS_PTRACE" or "sys_ptrace"; -EINVAL. */
int privdrop_cap_parse(const char *name);
/* "CAP_SYS_PTRACE" for 19; NULL past the known ones. */
const char *privdrop_cap_name(unsigned int cap);

int privdrop_resolve(const struct privdrop_cfg *cfg, struct privdrop *pd,
		     char *err, size_t errlen);
int privdrop_apply(const struct privdrop *pd, char *err, size_t errlen);

/* "uid 65534 gid 65534, capabilities: CAP_..." of the calling thread. */
void privdrop_describe(char *buf, size_t len);

#endif /* VIGIL_PRIVDROP_H */
