// SPDX-License-Identifier: GPL-2.0
/*
 * module: init_module of a bogus image and finit_module of a bogus file
 * (both fail, both recorded), delete_module of a module that does not
 * exist, bpf (BPF_MAP_CREATE, BPF_PROG_LOAD of a two-instruction program
 * and of an empty one), memfd_create with an executable mapping of the
 * memfd, userfaultfd.
 */
#include "trig.h"

#include <sys/mman.h>
#include <linux/bpf.h>

static int me;

/* finit_module's record: NAME NULL where the fd names no file. */
static void expect_finit(long res, int fd, const char *name,
			 const char *uargs, const char *flags)
{
	struct tj j;

	tj_begin(&j, "finit_module", me);
	tj_res(&j, res);
	tj_int(&j, "fd", fd);
	tj_str(&j, "name", name);
	tj_str(&j, "uargs", uargs);
	if (flags)
		tj_str(&j, "flags", flags);
	tj_end(&j);
}

static void do_modules(void)
{
	static const char image[64] = "vigil: this is not an ELF module";
	char path[PATH_MAX], fl[128];
	struct tj j;
	int fd, bad;
	long r;

	r = TRIG_ERR(SYS_init_module, image, sizeof(image), "foo=1");
	tj_begin(&j, "init_module", me);
	tj_res(&j, r);
	tj_int(&j, "len", sizeof(image));
	tj_str(&j, "uargs", "foo=1");
	tj_end(&j);

	fd = (int)TRIG_OK(SYS_open, "bogus.ko", O_RDWR | O_CREAT | O_EXCL, 0600);
	if (write(fd, image, sizeof(image)) != sizeof(image))
		trig_die("write bogus.ko: %s", strerror(errno));
	r = TRIG_ERR(SYS_finit_module, fd, "bar=2", 0);
	expect_finit(r, fd, trig_fdpath(path, sizeof(path), fd), "bar=2", "0");
	/* MODULE_INIT_IGNORE_VERMAGIC (2): a known flag, the image still bogus. */
	r = TRIG_ERR(SYS_finit_module, fd, "", 2);
	expect_finit(r, fd, path, "", "MODULE_INIT_IGNORE_VERMAGIC");
	close(fd);

	bad = trig_closed_fd();
	/* EBADF (ENOSYS on a kernel without modules, like a build host). */
	r = TRIG_ERR(SYS_finit_module, bad, "", 0);
	expect_finit(r, bad, NULL, "", NULL);

	r = TRIG_ERR(SYS_delete_module, "vigil_no_such_module", O_NONBLOCK);
	tj_begin(&j, "delete_module", me);
	tj_res(&j, r);
	tj_str(&j, "name", "vigil_no_such_module");
	tj_str(&j, "flags", trig_oflags(fl, sizeof(fl), O_NONBLOCK));
	tj_end(&j);
}

static void expect_bpf(long res, const char *cmd, long long prog_type,
		       size_t size)
{
	struct tj j;

	tj_begin(&j, "bpf", me);
	tj_res(&j, res);
	tj_str(&j, "cmd", cmd);
	tj_int(&j, "prog_type", prog_type);
	tj_int(&j, "size", (long long)size);
	tj_end(&j);
}

static void do_bpf(void)
{
	/* r0 = 0; exit */
	static const struct bpf_insn prog[2] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	long r;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 4;
	r = TRIG_OK(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof(attr));
	expect_bpf(r, "BPF_MAP_CREATE", -1, sizeof(attr));
	close((int)r);

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (__u64)(unsigned long)prog;
	attr.insn_cnt = 2;
	attr.license = (__u64)(unsigned long)"GPL";
	r = TRIG_OK(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	expect_bpf(r, "BPF_PROG_LOAD", BPF_PROG_TYPE_SOCKET_FILTER,
		   sizeof(attr));
	close((int)r);

	/* No instructions at all: E2BIG (the count is out of range). */
	attr.insn_cnt = 0;
	r = TRIG_FAIL(E2BIG, SYS_bpf, BPF_PROG_LOAD, &attr, 120);
	expect_bpf(r, "BPF_PROG_LOAD", BPF_PROG_TYPE_SOCKET_FILTER, 120);
}

static void do_memfd(void)
{
	char longname[300], path[PATH_MAX];
	struct tj j;
	void *map;
	long r;
	int fd;

	fd = (int)TRIG_OK(SYS_memfd_create, "vigil-memfd",
			  MFD_CLOEXEC | MFD_ALLOW_SEALING);
	tj_begin(&j, "memfd_create", me);
	tj_res(&j, fd);
	tj_str(&j, "name", "vigil-memfd");
	tj_str(&j, "flags", "MFD_CLOEXEC|MFD_ALLOW_SEALING");
	tj_end(&j);

	/* Names are limited to 249 bytes. */
	memset(longname, 'm', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	r = TRIG_FAIL(EINVAL, SYS_memfd_create, longname, MFD_CLOEXEC);
	tj_begin(&j, "memfd_create", me);
	tj_res(&j, r);
	tj_str(&j, "name", longname);
	tj_str(&j, "flags", "MFD_CLOEXEC");
	tj_end(&j);

	TRIG_OK(SYS_ftruncate, fd, 4096);
	map = (void *)TRIG_OK(SYS_mmap, 0, 4096, PROT_READ | PROT_EXEC,
			      MAP_SHARED, fd, 0);
	tj_begin(&j, "mmap", me);
	tj_res(&j, (long)map);
	tj_hex(&j, "addr", 0);
	tj_int(&j, "len", 4096);
	tj_str(&j, "prot", "PROT_READ|PROT_EXEC");
	tj_str(&j, "flags", "MAP_SHARED");
	tj_int(&j, "fd", fd);
	tj_int(&j, "offset", 0);
	tj_str(&j, "name", trig_fdpath(path, sizeof(path), fd));
	tj_end(&j);
	munmap(map, 4096);
	close(fd);
}

static void do_userfaultfd(void)
{
	char fl[128];
	struct tj j;
	long r;

	r = TRIG_OK(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	tj_begin(&j, "userfaultfd", me);
	tj_res(&j, r);
	tj_str(&j, "flags", trig_oflags(fl, sizeof(fl), O_CLOEXEC | O_NONBLOCK));
	tj_end(&j);
	close((int)r);

	r = TRIG_FAIL(EINVAL, SYS_userfaultfd, O_APPEND);
	tj_begin(&j, "userfaultfd", me);
	tj_res(&j, r);
	tj_str(&j, "flags", trig_oflags(fl, sizeof(fl), O_APPEND));
	tj_end(&j);
}

int main(void)
{
	me = trig_tid();
	do_modules();
	do_bpf();
	do_memfd();
	do_userfaultfd();
	return 0;
}
