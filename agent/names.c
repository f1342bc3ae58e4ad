// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Name tables for flags, enums, errno values and signals (x86_64 ABI).
 *
 * Flag sets are printed in table order.  Multi-bit names (O_SYNC,
 * O_TMPFILE, MAP_SHARED_VALIDATE, MS_MGC_VAL) are matched before the
 * single bits they contain, so O_SYNC is printed instead of O_DSYNC and
 * O_TMPFILE instead of O_DIRECTORY.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "vigil_events.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define N(v, s)		{ (v), (s) }

static const char *const errno_names[] = {
	[1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR",
	[5] = "EIO", [6] = "ENXIO", [7] = "E2BIG", [8] = "ENOEXEC",
	[9] = "EBADF", [10] = "ECHILD", [11] = "EAGAIN", [12] = "ENOMEM",
	[13] = "EACCES", [14] = "EFAULT", [15] = "ENOTBLK", [16] = "EBUSY",
	[17] = "EEXIST", [18] = "EXDEV", [19] = "ENODEV", [20] = "ENOTDIR",
	[21] = "EISDIR", [22] = "EINVAL", [23] = "ENFILE", [24] = "EMFILE",
	[25] = "ENOTTY", [26] = "ETXTBSY", [27] = "EFBIG", [28] = "ENOSPC",
	[29] = "ESPIPE", [30] = "EROFS", [31] = "EMLINK", [32] = "EPIPE",
	[33] = "EDOM", [34] = "ERANGE", [35] = "EDEADLK",
	[36] = "ENAMETOOLONG", [37] = "ENOLCK", [38] = "ENOSYS",
	[39] = "ENOTEMPTY", [40] = "ELOOP", [42] = "ENOMSG", [43] = "EIDRM",
	[44] = "ECHRNG", [45] = "EL2NSYNC", [46] = "EL3HLT", [47] = "EL3RST",
	[48] = "ELNRNG", [49] = "EUNATCH", [50] = "ENOCSI", [51] = "EL2HLT",
	[52] = "EBADE", [53] = "EBADR", [54] = "EXFULL", [55] = "ENOANO",
	[56] = "EBADRQC", [57] = "EBADSLT", [59] = "EBFONT", [60] = "ENOSTR",
	[61] = "ENODATA", [62] = "ETIME", [63] = "ENOSR", [64] = "ENONET",
	[65] = "ENOPKG", [66] = "EREMOTE", [67] = "ENOLINK", [68] = "EADV",
	[69] = "ESRMNT", [70] = "ECOMM", [71] = "EPROTO", [72] = "EMULTIHOP",
	[73] = "EDOTDOT", [74] = "EBADMSG", [75] = "EOVERFLOW",
	[76] = "ENOTUNIQ", [77] = "EBADFD", [78] = "EREMCHG", [79] = "ELIBACC",
	[80] = "ELIBBAD", [81] = "ELIBSCN", [82] = "ELIBMAX",
	[83] = "ELIBEXEC", [84] = "EILSEQ", [85] = "ERESTART",
	[86] = "ESTRPIPE", [87] = "EUSERS", [88] = "ENOTSOCK",
	[89] = "EDESTADDRREQ", [90] = "EMSGSIZE", [91] = "EPROTOTYPE",
	[92] = "ENOPROTOOPT", [93] = "EPROTONOSUPPORT",
	[94] = "ESOCKTNOSUPPORT", [95] = "EOPNOTSUPP", [96] = "EPFNOSUPPORT",
	[97] = "EAFNOSUPPORT", [98] = "EADDRINUSE", [99] = "EADDRNOTAVAIL",
	[100] = "ENETDOWN", [101] = "ENETUNREACH", [102] = "ENETRESET",
	[103] = "ECONNABORTED", [104] = "ECONNRESET", [105] = "ENOBUFS",
	[106] = "EISCONN", [107] = "ENOTCONN", [108] = "ESHUTDOWN",
	[109] = "ETOOMANYREFS", [110] = "ETIMEDOUT", [111] = "ECONNREFUSED",
	[112] = "EHOSTDOWN", [113] = "EHOSTUNREACH", [114] = "EALREADY",
	[115] = "EINPROGRESS", [116] = "ESTALE", [117] = "EUCLEAN",
	[118] = "ENOTNAM", [119] = "ENAVAIL", [120] = "EISNAM",
	[121] = "EREMOTEIO", [122] = "EDQUOT", [123] = "ENOMEDIUM",
	[124] = "EMEDIUMTYPE", [125] = "ECANCELED", [126] = "ENOKEY",
	[127] = "EKEYEXPIRED", [128] = "EKEYREVOKED", [129] = "EKEYREJECTED",
	[130] = "EOWNERDEAD", [131] = "ENOTRECOVERABLE", [132] = "ERFKILL",
	[133] = "EHWPOISON",
};

/* Kernel-internal values a syscall exit can still show (restart codes). */
static const struct vigil_name errno_kernel[] = {
	N(512, "ERESTARTSYS"), N(513, "ERESTARTNOINTR"),
	N(514, "ERESTARTNOHAND"), N(515, "ENOIOCTLCMD"),
	N(516, "ERESTART_RESTARTBLOCK"), N(517, "EPROBE_DEFER"),
	N(518, "EOPENSTALE"), N(519, "ENOPARAM"), N(521, "EBADHANDLE"),
	N(522, "ENOTSYNC"), N(523, "EBADCOOKIE"), N(524, "ENOTSUPP"),
	N(525, "ETOOSMALL"), N(526, "ESERVERFAULT"), N(527, "EBADTYPE"),
	N(528, "EJUKEBOX"), N(529, "EIOCBQUEUED"), N(530, "ERECALLCONFLICT"),
	N(531, "ENOGRACE"),
};

static const char *const signal_names[] = {
	[1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL",
	[5] = "SIGTRAP", [6] = "SIGABRT", [7] = "SIGBUS", [8] = "SIGFPE",
	[9] = "SIGKILL", [10] = "SIGUSR1", [11] = "SIGSEGV",
	[12] = "SIGUSR2", [13] = "SIGPIPE", [14] = "SIGALRM",
	[15] = "SIGTERM", [16] = "SIGSTKFLT", [17] = "SIGCHLD",
	[18] = "SIGCONT", [19] = "SIGSTOP", [20] = "SIGTSTP",
	[21] = "SIGTTIN", [22] = "SIGTTOU", [23] = "SIGURG",
	[24] = "SIGXCPU", [25] = "SIGXFSZ", [26] = "SIGVTALRM",
	[27] = "SIGPROF", [28] = "SIGWINCH", [29] = "SIGIO", [30] = "SIGPWR",
	[31] = "SIGSYS",
};

#define SIG_RTMIN	32
#define SIG_RTMAX	64

/* O_* after the access mode (octal, x86_64). */
static const struct vigil_name oflags[] = {
	N(0100, "O_CREAT"), N(0200, "O_EXCL"), N(0400, "O_NOCTTY"),
	N(01000, "O_TRUNC"), N(02000, "O_APPEND"), N(04000, "O_NONBLOCK"),
	N(010000, "O_DSYNC"), N(020000, "O_ASYNC"), N(040000, "O_DIRECT"),
	N(0100000, "O_LARGEFILE"), N(0200000, "O_DIRECTORY"),
	N(0400000, "O_NOFOLLOW"), N(01000000, "O_NOATIME"),
	N(02000000, "O_CLOEXEC"), N(04010000, "O_SYNC"),
	N(010000000, "O_PATH"), N(020200000, "O_TMPFILE"),
};
#define O_ACCMODE_BITS	03

static const struct vigil_name atflags[] = {
	N(0x100, "AT_SYMLINK_NOFOLLOW"), N(0x200, "AT_REMOVEDIR"),
	N(0x400, "AT_SYMLINK_FOLLOW"), N(0x800, "AT_NO_AUTOMOUNT"),
	N(0x1000, "AT_EMPTY_PATH"),
};

/* CLONE_* above the exit-signal byte (CSIGNAL). */
static const struct vigil_name cloneflags[] = {
	N(0x100, "CLONE_VM"), N(0x200, "CLONE_FS"), N(0x400, "CLONE_FILES"),
	N(0x800, "CLONE_SIGHAND"), N(0x1000, "CLONE_PIDFD"),
	N(0x2000, "CLONE_PTRACE"), N(0x4000, "CLONE_VFORK"),
	N(0x8000, "CLONE_PARENT"), N(0x10000, "CLONE_THREAD"),
	N(0x20000, "CLONE_NEWNS"), N(0x40000, "CLONE_SYSVSEM"),
	N(0x80000, "CLONE_SETTLS"), N(0x100000, "CLONE_PARENT_SETTID"),
	N(0x200000, "CLONE_CHILD_CLEARTID"), N(0x400000, "CLONE_DETACHED"),
	N(0x800000, "CLONE_UNTRACED"), N(0x1000000, "CLONE_CHILD_SETTID"),
	N(0x2000000, "CLONE_NEWCGROUP"), N(0x4000000, "CLONE_NEWUTS"),
	N(0x8000000, "CLONE_NEWIPC"), N(0x10000000, "CLONE_NEWUSER"),
	N(0x20000000, "CLONE_NEWPID"), N(0x40000000, "CLONE_NEWNET"),
	N(0x80000000ULL, "CLONE_IO"), N(0x100000000ULL, "CLONE_CLEAR_SIGHAND"),
	N(0x200000000ULL, "CLONE_INTO_CGROUP"),
};
#define CLONE_CSIGNAL	0xffULL
/* CLONE_NEWTIME lies inside CSIGNAL (unshare, setns, clone3 only). */
#define CLONE_NEWTIME_	0x80ULL

static const struct vigil_name mountflags[] = {
	N(1, "MS_RDONLY"), N(2, "MS_NOSUID"), N(4, "MS_NODEV"),
	N(8, "MS_NOEXEC"), N(16, "MS_SYNCHRONOUS"), N(32, "MS_REMOUNT"),
	N(64, "MS_MANDLOCK"), N(128, "MS_DIRSYNC"), N(256, "MS_NOSYMFOLLOW"),
	N(1024, "MS_NOATIME"), N(2048, "MS_NODIRATIME"), N(4096, "MS_BIND"),
	N(8192, "MS_MOVE"), N(16384, "MS_REC"), N(32768, "MS_SILENT"),
	N(1 << 16, "MS_POSIXACL"), N(1 << 17, "MS_UNBINDABLE"),
	N(1 << 18, "MS_PRIVATE"), N(1 << 19, "MS_SLAVE"),
	N(1 << 20, "MS_SHARED"), N(1 << 21, "MS_RELATIME"),
	N(1 << 22, "MS_KERNMOUNT"), N(1 << 23, "MS_I_VERSION"),
	N(1 << 24, "MS_STRICTATIME"), N(1 << 25, "MS_LAZYTIME"),
	N(1 << 26, "MS_SUBMOUNT"), N(1 << 27, "MS_NOREMOTELOCK"),
	N(1 << 28, "MS_NOSEC"), N(1 << 29, "MS_BORN"),
	N(1 << 30, "MS_ACTIVE"), N(1U << 31, "MS_NOUSER"),
	N(0xc0ed0000ULL, "MS_MGC_VAL"),
};

/* The names and order of Falco's event table (umount_flags): no MNT_ prefix. */
static const struct vigil_name umountflags[] = {
	N(1, "FORCE"), N(2, "DETACH"), N(4, "EXPIRE"), N(8, "NOFOLLOW"),
};

/* Kernel values (linux/openat2.h), in the order of Falco's openat2_flags. */
static const struct vigil_name resolveflags[] = {
	N(0x08, "RESOLVE_BENEATH"), N(0x10, "RESOLVE_IN_ROOT"),
	N(0x02, "RESOLVE_NO_MAGICLINKS"), N(0x04, "RESOLVE_NO_SYMLINKS"),
	N(0x01, "RESOLVE_NO_XDEV"), N(0x20, "RESOLVE_CACHED"),
};

/* linux/module.h: the flags of finit_module. */
static const struct vigil_name modinitflags[] = {
	N(1, "MODULE_INIT_IGNORE_MODVERSIONS"), N(2, "MODULE_INIT_IGNORE_VERMAGIC"),
	N(4, "MODULE_INIT_COMPRESSED_FILE"),
};

static const struct vigil_name renameflags[] = {
	N(1, "RENAME_NOREPLACE"), N(2, "RENAME_EXCHANGE"),
	N(4, "RENAME_WHITEOUT"),
};

static const struct vigil_name mfdflags[] = {
	N(1, "MFD_CLOEXEC"), N(2, "MFD_ALLOW_SEALING"), N(4, "MFD_HUGETLB"),
	N(8, "MFD_NOEXEC_SEAL"), N(0x10, "MFD_EXEC"),
};

/* chmod's mode bits, in the order Falco prints them. */
static const struct vigil_name modebits[] = {
	N(01, "S_IXOTH"), N(02, "S_IWOTH"), N(04, "S_IROTH"), N(010, "S_IXGRP"),
	N(020, "S_IWGRP"), N(040, "S_IRGRP"), N(0100, "S_IXUSR"),
	N(0200, "S_IWUSR"), N(0400, "S_IRUSR"), N(01000, "S_ISVTX"),
	N(02000, "S_ISGID"), N(04000, "S_ISUID"),
};

static const struct vigil_name protflags[] = {
	N(1, "PROT_READ"), N(2, "PROT_WRITE"), N(4, "PROT_EXEC"),
	N(8, "PROT_SEM"), N(0x01000000, "PROT_GROWSDOWN"),
	N(0x02000000, "PROT_GROWSUP"),
};

static const struct vigil_name mapflags[] = {
	N(1, "MAP_SHARED"), N(2, "MAP_PRIVATE"), N(3, "MAP_SHARED_VALIDATE"),
	N(0x10, "MAP_FIXED"), N(0x20, "MAP_ANONYMOUS"), N(0x40, "MAP_32BIT"),
	N(0x100, "MAP_GROWSDOWN"), N(0x800, "MAP_DENYWRITE"),
	N(0x1000, "MAP_EXECUTABLE"), N(0x2000, "MAP_LOCKED"),
	N(0x4000, "MAP_NORESERVE"), N(0x8000, "MAP_POPULATE"),
	N(0x10000, "MAP_NONBLOCK"), N(0x20000, "MAP_STACK"),
	N(0x40000, "MAP_HUGETLB"), N(0x80000, "MAP_SYNC"),
	N(0x100000, "MAP_FIXED_NOREPLACE"),
};

static const struct vigil_name socktypes[] = {
	N(1, "SOCK_STREAM"), N(2, "SOCK_DGRAM"), N(3, "SOCK_RAW"),
	N(4, "SOCK_RDM"), N(5, "SOCK_SEQPACKET"), N(6, "SOCK_DCCP"),
	N(10, "SOCK_PACKET"),
};
#define SOCK_TYPE_MASK_	0xfULL

static const struct vigil_name sockflags[] = {
	N(04000, "SOCK_NONBLOCK"), N(02000000, "SOCK_CLOEXEC"),
};

static const struct vigil_name families[] = {
	N(0, "AF_UNSPEC"), N(1, "AF_UNIX"), N(2, "AF_INET"), N(3, "AF_AX25"),
	N(4, "AF_IPX"), N(5, "AF_APPLETALK"), N(6, "AF_NETROM"),
	N(7, "AF_BRIDGE"), N(8, "AF_ATMPVC"), N(9, "AF_X25"),
	N(10, "AF_INET6"), N(11, "AF_ROSE"), N(12, "AF_DECnet"),
	N(13, "AF_NETBEUI"), N(14, "AF_SECURITY"), N(15, "AF_KEY"),
	N(16, "AF_NETLINK"), N(17, "AF_PACKET"), N(18, "AF_ASH"),
	N(19, "AF_ECONET"), N(20, "AF_ATMSVC"), N(21, "AF_RDS"),
	N(22, "AF_SNA"), N(23, "AF_IRDA"), N(24, "AF_PPPOX"),
	N(25, "AF_WANPIPE"), N(26, "AF_LLC"), N(27, "AF_IB"), N(28, "AF_MPLS"),
	N(29, "AF_CAN"), N(30, "AF_TIPC"), N(31, "AF_BLUETOOTH"),
	N(32, "AF_IUCV"), N(33, "AF_RXRPC"), N(34, "AF_ISDN"),
	N(35, "AF_PHONET"), N(36, "AF_IEEE802154"), N(37, "AF_CAIF"),
	N(38, "AF_ALG"), N(39, "AF_NFC"), N(40, "AF_VSOCK"), N(41, "AF_KCM"),
	N(42, "AF_QIPCRTR"), N(43, "AF_SMC"), N(44, "AF_XDP"),
	N(45, "AF_MCTP"),
};

static const struct vigil_name ptrace_reqs[] = {
	N(0, "PTRACE_TRACEME"), N(1, "PTRACE_PEEKTEXT"),
	N(2, "PTRACE_PEEKDATA"), N(3, "PTRACE_PEEKUSR"),
	N(4, "PTRACE_POKETEXT"), N(5, "PTRACE_POKEDATA"),
	N(6, "PTRACE_POKEUSR"), N(7, "PTRACE_CONT"), N(8, "PTRACE_KILL"),
	N(9, "PTRACE_SINGLESTEP"), N(12, "PTRACE_GETREGS"),
	N(13, "PTRACE_SETREGS"), N(14, "PTRACE_GETFPREGS"),
	N(15, "PTRACE_SETFPREGS"), N(16, "PTRACE_ATTACH"),
	N(17, "PTRACE_DETACH"), N(18, "PTRACE_GETFPXREGS"),
	N(19, "PTRACE_SETFPXREGS"), N(24, "PTRACE_SYSCALL"),
	N(25, "PTRACE_GET_THREAD_AREA"), N(26, "PTRACE_SET_THREAD_AREA"),
	N(30, "PTRACE_ARCH_PRCTL"), N(31, "PTRACE_SYSEMU"),
	N(32, "PTRACE_SYSEMU_SINGLESTEP"), N(33, "PTRACE_SINGLEBLOCK"),
	N(0x4200, "PTRACE_SETOPTIONS"), N(0x4201, "PTRACE_GETEVENTMSG"),
	N(0x4202, "PTRACE_GETSIGINFO"), N(0x4203, "PTRACE_SETSIGINFO"),
	N(0x4204, "PTRACE_GETREGSET"), N(0x4205, "PTRACE_SETREGSET"),
	N(0x4206, "PTRACE_SEIZE"), N(0x4207, "PTRACE_INTERRUPT"),
	N(0x4208, "PTRACE_LISTEN"), N(0x4209, "PTRACE_PEEKSIGINFO"),
	N(0x420a, "PTRACE_GETSIGMASK"), N(0x420b, "PTRACE_SETSIGMASK"),
	N(0x420c, "PTRACE_SECCOMP_GET_FILTER"),
	N(0x420d, "PTRACE_SECCOMP_GET_METADATA"),
	N(0x420e, "PTRACE_GET_SYSCALL_INFO"),
	N(0x420f, "PTRACE_GET_RSEQ_CONFIGURATION"),
	N(0x4210, "PTRACE_SET_SYSCALL_USER_DISPATCH_CONFIG"),
	N(0x4211, "PTRACE_GET_SYSCALL_USER_DISPATCH_CONFIG"),
};

static const struct vigil_name prctl_opts[] = {
	N(1, "PR_SET_PDEATHSIG"), N(2, "PR_GET_PDEATHSIG"),
	N(3, "PR_GET_DUMPABLE"), N(4, "PR_SET_DUMPABLE"),
	N(5, "PR_GET_UNALIGN"), N(6, "PR_SET_UNALIGN"),
	N(7, "PR_GET_KEEPCAPS"), N(8, "PR_SET_KEEPCAPS"),
	N(9, "PR_GET_FPEMU"), N(10, "PR_SET_FPEMU"), N(11, "PR_GET_FPEXC"),
	N(12, "PR_SET_FPEXC"), N(13, "PR_GET_TIMING"), N(14, "PR_SET_TIMING"),
	N(15, "PR_SET_NAME"), N(16, "PR_GET_NAME"), N(19, "PR_GET_ENDIAN"),
	N(20, "PR_SET_ENDIAN"), N(21, "PR_GET_SECCOMP"),
	N(22, "PR_SET_SECCOMP"), N(23, "PR_CAPBSET_READ"),
	N(24, "PR_CAPBSET_DROP"), N(25, "PR_GET_TSC"), N(26, "PR_SET_TSC"),
	N(27, "PR_GET_SECUREBITS"), N(28, "PR_SET_SECUREBITS"),
	N(29, "PR_SET_TIMERSLACK"), N(30, "PR_GET_TIMERSLACK"),
	N(31, "PR_TASK_PERF_EVENTS_DISABLE"),
	N(32, "PR_TASK_PERF_EVENTS_ENABLE"), N(33, "PR_MCE_KILL"),
	N(34, "PR_MCE_KILL_GET"), N(35, "PR_SET_MM"),
	N(36, "PR_SET_CHILD_SUBREAPER"), N(37, "PR_GET_CHILD_SUBREAPER"),
	N(38, "PR_SET_NO_NEW_PRIVS"), N(39, "PR_GET_NO_NEW_PRIVS"),
	N(40, "PR_GET_TID_ADDRESS"), N(41, "PR_SET_THP_DISABLE"),
	N(42, "PR_GET_THP_DISABLE"), N(43, "PR_MPX_ENABLE_MANAGEMENT"),
	N(44, "PR_MPX_DISABLE_MANAGEMENT"), N(45, "PR_SET_FP_MODE"),
	N(46, "PR_GET_FP_MODE"), N(47, "PR_CAP_AMBIENT"),
	N(50, "PR_SVE_SET_VL"), N(51, "PR_SVE_GET_VL"),
	N(52, "PR_GET_SPECULATION_CTRL"), N(53, "PR_SET_SPECULATION_CTRL"),
	N(54, "PR_PAC_RESET_KEYS"), N(55, "PR_SET_TAGGED_ADDR_CTRL"),
	N(56, "PR_GET_TAGGED_ADDR_CTRL"), N(57, "PR_SET_IO_FLUSHER"),
	N(58, "PR_GET_IO_FLUSHER"), N(59, "PR_SET_SYSCALL_USER_DISPATCH"),
	N(60, "PR_PAC_SET_ENABLED_KEYS"), N(61, "PR_PAC_GET_ENABLED_KEYS"),
	N(62, "PR_SCHED_CORE"), N(63, "PR_SME_SET_VL"),
	N(64, "PR_SME_GET_VL"), N(65, "PR_SET_MDWE"), N(66, "PR_GET_MDWE"),
	N(67, "PR_SET_MEMORY_MERGE"), N(68, "PR_GET_MEMORY_MERGE"),
	N(0x53564d41, "PR_SET_VMA"), N(0x59616d61, "PR_SET_PTRACER"),
};

static const struct vigil_name bpf_cmds[] = {
	N(0, "BPF_MAP_CREATE"), N(1, "BPF_MAP_LOOKUP_ELEM"),
	N(2, "BPF_MAP_UPDATE_ELEM"), N(3, "BPF_MAP_DELETE_ELEM"),
	N(4, "BPF_MAP_GET_NEXT_KEY"), N(5, "BPF_PROG_LOAD"),
	N(6, "BPF_OBJ_PIN"), N(7, "BPF_OBJ_GET"), N(8, "BPF_PROG_ATTACH"),
	N(9, "BPF_PROG_DETACH"), N(10, "BPF_PROG_TEST_RUN"),
	N(11, "BPF_PROG_GET_NEXT_ID"), N(12, "BPF_MAP_GET_NEXT_ID"),
	N(13, "BPF_PROG_GET_FD_BY_ID"), N(14, "BPF_MAP_GET_FD_BY_ID"),
	N(15, "BPF_OBJ_GET_INFO_BY_FD"), N(16, "BPF_PROG_QUERY"),
	N(17, "BPF_RAW_TRACEPOINT_OPEN"), N(18, "BPF_BTF_LOAD"),
	N(19, "BPF_BTF_GET_FD_BY_ID"), N(20, "BPF_TASK_FD_QUERY"),
	N(21, "BPF_MAP_LOOKUP_AND_DELETE_ELEM"), N(22, "BPF_MAP_FREEZE"),
	N(23, "BPF_BTF_GET_NEXT_ID"), N(24, "BPF_MAP_LOOKUP_BATCH"),
	N(25, "BPF_MAP_LOOKUP_AND_DELETE_BATCH"),
	N(26, "BPF_MAP_UPDATE_BATCH"), N(27, "BPF_MAP_DELETE_BATCH"),
	N(28, "BPF_LINK_CREATE"), N(29, "BPF_LINK_UPDATE"),
	N(30, "BPF_LINK_GET_FD_BY_ID"), N(31, "BPF_LINK_GET_NEXT_ID"),
	N(32, "BPF_ENABLE_STATS"), N(33, "BPF_ITER_CREATE"),
	N(34, "BPF_LINK_DETACH"), N(35, "BPF_PROG_BIND_MAP"),
	N(36, "BPF_TOKEN_CREATE"),
};

static const struct vigil_name fcntl_cmds[] = {
	N(0, "F_DUPFD"), N(1, "F_GETFD"), N(2, "F_SETFD"), N(3, "F_GETFL"),
	N(4, "F_SETFL"), N(5, "F_GETLK"), N(6, "F_SETLK"), N(7, "F_SETLKW"),
	N(8, "F_SETOWN"), N(9, "F_GETOWN"), N(10, "F_SETSIG"),
	N(11, "F_GETSIG"), N(15, "F_SETOWN_EX"), N(16, "F_GETOWN_EX"),
	N(17, "F_GETOWNER_UIDS"), N(36, "F_OFD_GETLK"), N(37, "F_OFD_SETLK"),
	N(38, "F_OFD_SETLKW"), N(1024, "F_SETLEASE"), N(1025, "F_GETLEASE"),
	N(1026, "F_NOTIFY"), N(1030, "F_DUPFD_CLOEXEC"),
	N(1031, "F_SETPIPE_SZ"), N(1032, "F_GETPIPE_SZ"),
	N(1033, "F_ADD_SEALS"), N(1034, "F_GET_SEALS"),
	N(1035, "F_GET_RW_HINT"), N(1036, "F_SET_RW_HINT"),
	N(1037, "F_GET_FILE_RW_HINT"), N(1038, "F_SET_FILE_RW_HINT"),
};

/* A bounded text builder: appends until full, then remembers it was cut. */
struct sbuf {
	char *p;
	size_t size;
	size_t len;
	bool cut;
};

static void sb_puts(struct sbuf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->cut || b->len + n + 1 > b->size) {
		b->cut = true;
		return;
	}
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	sb_puts(b, tmp);
}

/* Append s, preceded by '|' unless it is the first item. */
static void sb_item(struct sbuf *b, const char *s)
{
	if (b->len)
		sb_puts(b, "|");
	sb_puts(b, s);
}

const char *vigil_name_lookup(const struct vigil_name *tab, size_t n, __u64 v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tab[i].val == v)
			return tab[i].name;
	return NULL;
}

const char *vigil_errno_name(__u64 err)
{
	if (err < ARRAY_SIZE(errno_names))
		return errno_names[err];
	return vigil_name_lookup(errno_kernel, ARRAY_SIZE(errno_kernel), err);
}

int vigil_signal_name(__u64 sig, char *buf, size_t size)
{
	int n;

	if (sig < ARRAY_SIZE(signal_names) && signal_names[sig])
		n = snprintf(buf, size, "%s", signal_names[sig]);
	else if (sig == SIG_RTMIN)
		n = snprintf(buf, size, "SIGRTMIN");
	else if (sig == SIG_RTMAX)
		n = snprintf(buf, size, "SIGRTMAX");
	else if (sig > SIG_RTMIN && sig < SIG_RTMAX)
		n = snprintf(buf, size, "SIGRTMIN+%u",
			     (unsigned int)(sig - SIG_RTMIN));
	else
		return 0;
	return n < 0 || (size_t)n >= size ? -ENOSPC : n;
}

/*
 * Append the names of the bits of v found in tab; return the bits left
 * over.  Names with more bits win over names with fewer (O_SYNC over
 * O_DSYNC); a bit is used by one name only.  Output is in table order.
 */
static __u64 sb_flags(struct sbuf *b, const struct vigil_name *tab, size_t n,
		      __u64 v)
{
	unsigned char pcs[64];
	bool used[64] = { false };
	__u64 seen = 0;		/* bit k: some name has k + 1 bits */
	__u64 left = v;
	size_t i;
	int pc;

	if (n > 64)
		n = 64;
	/* One count per name (tables are short, most names one bit). */
	for (i = 0; i < n; i++) {
		__u64 m = tab[i].val;

		for (pc = 0; m; pc++)
			m &= m - 1;
		pcs[i] = (unsigned char)pc;
		if (pc)
			seen |= 1ULL << (pc - 1);
	}
	/* Widest names first, only over the widths some name has. */
	for (pc = 64; pc > 0; pc--) {
		if (!(seen & (1ULL << (pc - 1))))
			continue;
		for (i = 0; i < n; i++) {
			__u64 m = tab[i].val;

			if (pcs[i] != pc || (left & m) != m)
				continue;
			used[i] = true;
			left &= ~m;
		}
	}
	for (i = 0; i < n; i++)
		if (used[i])
			sb_item(b, tab[i].name);
	return left;
}

static void sb_leftover(struct sbuf *b, __u64 left)
{
	char hex[24];

	if (!left)
		return;
	snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)left);
	sb_item(b, hex);
}

static void fmt_oflags(struct sbuf *b, __u64 v)
{
	static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR" };
	__u64 mode = v & O_ACCMODE_BITS;
	__u64 left = v & ~(__u64)O_ACCMODE_BITS;

	if (mode < ARRAY_SIZE(acc))
		sb_item(b, acc[mode]);
	else
		left |= mode;
	left = sb_flags(b, oflags, ARRAY_SIZE(oflags), left);
	sb_leftover(b, left);
}

static void fmt_cloneflags(struct sbuf *b, __u64 v)
{
	__u64 low = v & CLONE_CSIGNAL;
	__u64 left;
	char sig[24];

	left = sb_flags(b, cloneflags, ARRAY_SIZE(cloneflags),
			v & ~CLONE_CSIGNAL);
	if (low & CLONE_NEWTIME_) {
		sb_item(b, "CLONE_NEWTIME");
		low &= ~CLONE_NEWTIME_;
	}
	if (low && vigil_signal_name(low, sig, sizeof(sig)) > 0)
		sb_item(b, sig);
	else
		left |= low;
	sb_leftover(b, left);
}

static void fmt_socktype(struct sbuf *b, __u64 v)
{
	__u64 type = v & SOCK_TYPE_MASK_;
	const char *name = vigil_name_lookup(socktypes, ARRAY_SIZE(socktypes),
					     type);
	__u64 left = v & ~SOCK_TYPE_MASK_;

	if (name)
		sb_item(b, name);
	else
		left |= type;
	left = sb_flags(b, sockflags, ARRAY_SIZE(sockflags), left);
	sb_leftover(b, left);
}

static void fmt_flagset(struct sbuf *b, const struct vigil_name *tab,
			size_t n, __u64 v)
{
	sb_leftover(b, sb_flags(b, tab, n, v));
}

static void fmt_enum(struct sbuf *b, const struct vigil_name *tab, size_t n,
		     __u64 v)
{
	const char *name = vigil_name_lookup(tab, n, v);

	if (name)
		sb_puts(b, name);
	else
		sb_printf(b, "%lld", (long long)v);
}

static void fmt_signal(struct sbuf *b, __u64 v)
{
	char sig[24];

	if (vigil_signal_name(v, sig, sizeof(sig)) > 0)
		sb_puts(b, sig);
	else
		sb_printf(b, "%lld", (long long)v);
}

int vigil_mode_format(__u64 v, char *buf, size_t size)
{
	struct sbuf b = { .p = buf, .size = size };

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	/* The kernel ignores the file type bits fchmod(fd, st_mode) passes. */
	v &= 07777;
	if (!v)
		sb_puts(&b, "0");
	else
		sb_flags(&b, modebits, ARRAY_SIZE(modebits), v);
	return b.cut ? -ENOSPC : (int)b.len;
}

bool vigil_names_has_fmt(unsigned int fmt)
{
	return fmt >= VIGIL_FMT_OFLAGS && fmt <= VIGIL_FMT_MODINITF;
}

/*
 * The formats that are one table: a set of flag bits, or one value of an
 * enumeration.  The others (access mode plus flags, the exit signal in
 * clone flags, PROT_NONE, the socket type's flags, signals) have their
 * own printers below.
 */
static const struct {
	const struct vigil_name *tab;
	size_t n;
	bool flags;
} name_tables[] = {
#define FLAGS(fmt, tab)	[VIGIL_FMT_##fmt] = { tab, ARRAY_SIZE(tab), true }
#define ENUM(fmt, tab)	[VIGIL_FMT_##fmt] = { tab, ARRAY_SIZE(tab), false }
	FLAGS(ATF, atflags), FLAGS(MOUNTF, mountflags), FLAGS(RENAMEF, renameflags),
	FLAGS(MFDF, mfdflags), FLAGS(MAPF, mapflags), FLAGS(UMOUNTF, umountflags),
	FLAGS(RESOLVEF, resolveflags), FLAGS(MODINITF, modinitflags),
	ENUM(FAMILY, families), ENUM(PTRACE, ptrace_reqs), ENUM(PRCTL, prctl_opts),
	ENUM(BPFCMD, bpf_cmds), ENUM(FCNTL, fcntl_cmds),
#undef FLAGS
#undef ENUM
};

int vigil_names_format(unsigned int fmt, __u64 v, char *buf, size_t size)
{
	struct sbuf b = { .p = buf, .size = size };

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	switch (fmt) {
	case VIGIL_FMT_OFLAGS:
		fmt_oflags(&b, v);
		break;
	case VIGIL_FMT_CLONEF:
		fmt_cloneflags(&b, v);
		break;
	case VIGIL_FMT_PROT:
		if (!v)
			sb_puts(&b, "PROT_NONE");
		else
			fmt_flagset(&b, protflags, ARRAY_SIZE(protflags), v);
		break;
	case VIGIL_FMT_SOCKTYPE:
		fmt_socktype(&b, v);
		break;
	case VIGIL_FMT_SIG:
		fmt_signal(&b, v);
		break;
	default:
		if (fmt >= ARRAY_SIZE(name_tables) || !name_tables[fmt].tab)
			return -EINVAL;
		if (name_tables[fmt].flags)
			fmt_flagset(&b, name_tables[fmt].tab, name_tables[fmt].n, v);
		else
			fmt_enum(&b, name_tables[fmt].tab, name_tables[fmt].n, v);
		break;
	}
	if (!b.len && !b.cut)
		sb_puts(&b, "0");	/* empty flag set */
	if (b.cut)
		return -ENOSPC;
	return (int)b.len;
}
