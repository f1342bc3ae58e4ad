// SPDX-License-Identifier: GPL-2.0
/* bench_true: the static program tests/vm/bench.c's forkexec runs. */
int main(void)
{
	return 0;
}
