#!/bin/sh
# Feature probes for kmod/compat.h.  Prints -DVIGIL_HAVE_* compiler flags
# for what the kernel tree in $1 (its srctree) provides.  Each probe looks
# for the declaration itself rather than trusting a version number, since
# distribution kernels backport.
src=${1:?usage: gen_compat.sh SRCTREE}
have() {	# have NAME FILE PATTERN
	if grep -Eq "$3" "$src/$2" 2>/dev/null; then
		printf ' -DVIGIL_HAVE_%s' "$1"
	fi
}
have NOFAULT include/linux/uaccess.h 'copy_from_user_nofault'
have VM_FLAGS_CLEAR include/linux/mm.h 'static inline void vm_flags_clear'
have BOOTTIME_NS include/linux/timekeeping.h 'ktime_get_boottime_ns'
have SOCK_FROM_FILE_1 include/linux/net.h 'sock_from_file\(struct file \*file\);'
have EXIT_GROUP_DEAD include/trace/events/sched.h 'sched_process_exit.*bool group_dead|TP_PROTO\(struct task_struct \*p, bool group_dead\)'
have SYSCALL_ARGS_3 arch/x86/include/asm/syscall.h 'unsigned long \*args\)$'
have POLL_T include/uapi/linux/types.h '__poll_t'
echo
