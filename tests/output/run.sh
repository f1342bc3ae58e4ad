#!/bin/sh
# Build and run the output benchmark (tests/output/bench_output.c).
#   tests/output/run.sh [N]
# Prints emit cost per alert with a null channel and with a webhook that
# refuses connections or never answers, and the ratios; asserts nothing.
set -eu
cd "$(dirname "$0")/../.."
OBJS=""
for f in agent/output*.c agent/utf8.c; do
	OBJS="$OBJS ${f%.c}.o"
done
make -s $OBJS
${CC:-cc} -O2 -g -std=gnu11 -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE -Ishared -Iagent \
	-o tests/output/bench_output tests/output/bench_output.c $OBJS \
	$(pkg-config --cflags --libs libcurl) -lpthread
exec tests/output/bench_output "$@"
