# vigil top-level build.
#   make            agent/vigil and kmod/vigil.ko
#   make check      unit tests, fuzz replays, .scap comparisons, the VM lane
#                   (tools/vmtest) and the package checks (pkgcheck)
#   make unit       unit tests only (make unit-san: the same under ASan/UBSan)
#   make vmtest     the VM lane only (KERNELS="6.1 6.12" to pick kernels)

CC	?= cc
CFLAGS	?= -O2 -g
CFLAGS	+= -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Wshadow -Wstrict-prototypes \
	   -Werror=implicit-function-declaration -D_GNU_SOURCE -I. -Ishared -Iagent
PKGS	:= jansson yaml-0.1 libpcre2-8 zlib libcurl
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)

# The kernel tree: the running kernel's, else the newest installed one.
ifeq ($(origin KDIR), undefined)
KDIR := $(shell d=/lib/modules/$$(uname -r)/build; if [ -d $$d ]; then echo $$d; \
	else ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n 1; fi)
endif

AGENT_SRCS := $(filter-out agent/main.c,$(wildcard agent/*.c))
AGENT_OBJS := $(AGENT_SRCS:.c=.o)
UNIT_SRCS  := $(wildcard tests/unit/*.c)
HDRS	   := $(wildcard shared/*.h shared/*.def agent/*.h agent/*.def)

.PHONY: demo all agent kmod check unit unit-san fuzzcheck scapcheck hostcheck vmtest clean format-check bench

all: agent kmod

agent: agent/vigil

agent/%.o: agent/%.c $(HDRS)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

agent/vigil: agent/main.o $(AGENT_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) -lm

kmod:
	@if [ -z "$(KDIR)" ] || [ ! -d "$(KDIR)" ]; then \
		echo "vigil: no kernel build tree found (install linux-headers-amd64 or set KDIR=)" >&2; exit 1; fi
	@echo "vigil: building kmod/vigil.ko against KDIR=$(KDIR)"
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod modules

tests/unit/run_unit: $(UNIT_SRCS) $(AGENT_OBJS) $(wildcard tests/unit/*.h)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests/unit -o $@ $(UNIT_SRCS) $(AGENT_OBJS) \
		$(CHECK_LIBS) $(PKG_LIBS) -lm

unit: tests/unit/run_unit
	tests/unit/run_unit

# The unit tests again, everything built with ASan and UBSan (part of check).
build/san/run_unit: $(UNIT_SRCS) $(AGENT_SRCS) $(HDRS) $(wildcard tests/unit/*.h)
	@mkdir -p build/san
	$(CC) $(CFLAGS) $(SAN) $(PKG_CFLAGS) -Itests/unit -o $@ $(UNIT_SRCS) $(AGENT_SRCS) \
		$(CHECK_LIBS) $(PKG_LIBS) -lm

unit-san: build/san/run_unit
	build/san/run_unit

# The VM lane's kernels: 6.1, and 6.12 where its image and headers are
# installed (tools/setup-deps installs both).
KERNELS ?= 6.1 $(if $(wildcard /lib/modules/6.12.*/build),6.12)

vmtest: all
	tools/vmtest $(foreach k,$(KERNELS),--kernel $(k))

check: unit unit-san fuzzcheck scapcheck hostcheck vmtest pkgcheck

# Replay every fuzz corpus (minimised crashers and seeds) under ASan/UBSan
# with gcc; the libFuzzer harnesses themselves need clang (see each file).
SAN	:= -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_RULE_SRCS := $(filter agent/yaml_tree.c agent/cond_%.c agent/fields.c agent/vm%.c \
		  agent/rule_%.c agent/outfmt.c,$(wildcard agent/*.c))
FUZZ_LINK = $(CC) $(CFLAGS) $(SAN) $(PKG_CFLAGS) -o $@ $< tests/fuzz/replay_main.c \
	$(filter-out agent/rule_cli.c agent/rule_bench.c,$(FUZZ_RULE_SRCS)) $(PKG_LIBS) -lm
build/fuzz/replay_cond: tests/fuzz/cond/fuzz_cond.c tests/fuzz/replay_main.c $(FUZZ_RULE_SRCS) $(HDRS)
	@mkdir -p build/fuzz
	$(FUZZ_LINK)
build/fuzz/replay_rules: tests/fuzz/rules/fuzz_rules.c tests/fuzz/replay_main.c $(FUZZ_RULE_SRCS) $(HDRS)
	@mkdir -p build/fuzz
	$(FUZZ_LINK)

fuzzcheck: build/fuzz/replay_cond build/fuzz/replay_rules
	build/fuzz/replay_cond tests/fuzz/cond/corpus/*
	build/fuzz/replay_rules tests/fuzz/rules/corpus/*
	tests/fuzz/scap/build.sh check
	@echo "fuzzcheck: every corpus replayed clean"

# vigil's rule matches on the .scap captures against sysdig's, filter by filter;
# and a capture truncated during its replay
# Host-side script suites: the default rules and the event generator, the
# daemon's replay, webserver and errors, the http channel over TLS, the
# benchmark's table arithmetic.
hostcheck: agent
	tests/rules_default/check.sh
	tests/daemon/run.sh
	tests/output/https_test.sh
	tests/bench/check_bench_table.sh

scapcheck: agent
	tests/scap/compare_counts.sh
	tests/scap/compare_filters.sh
	tests/scap/replay_truncate.sh

bench: all
	tools/bench

# The main job, shown: boot the VM, load vigil.ko, run the daemon with the
# default rules against a short scripted attack, print the alerts.
demo: all
	tools/vmtest --demo

format-check:
	clang-format --dry-run --Werror agent/*.c agent/*.h kmod/*.c kmod/*.h shared/*.h

clean:
	rm -f agent/*.o agent/vigil tests/unit/run_unit
	-[ -n "$(KDIR)" ] && $(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean
	rm -rf build/

# ---- packages (issue 8): build/pkg/ holds the .debs, .rpms and the
# chroot test's work; see docs/PACKAGING.md
.PHONY: deb rpm pkgcheck

deb:
	packaging/build-deb.sh

rpm:
	packaging/build-rpm.sh

# lintian, rpm -qlp, then a debootstrap'd Debian 12 chroot: install,
# DKMS for 6.1/6.12/rt/cloud, upgrade from 0.0.9, remove and purge; the
# rpms' scriptlets (rpm --root) in the same chroot; then the modules DKMS
# built there run the capture smoke test in the VM
pkgcheck: deb rpm
	tests/pkg/lint.sh
	tests/pkg/chroot-test.sh
	tests/pkg/rpm-test.sh
	tests/pkg/vm-smoke.sh
