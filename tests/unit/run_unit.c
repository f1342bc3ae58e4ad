// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The one unit-test runner: runs every suite of suites.h.
 * Exit status 0 only when every test passed.
 */
#include <stdlib.h>

#include "suites.h"

static Suite *(*const suites[])(void) = {
	ring_suite,
	decode_suite,
	cond_eval_suite,
	vm_suite,
	vm_graph_suite,
	rule_load_suite,
	scap_suite,
	output_format_suite,
	output_suite,
	state_proc_suite,
	state_fd_suite,
	state_spare_suite,
	state_user_suite,
	state_container_suite,
	outfmt_suite,
	config_suite,
	drops_suite,
	capture_suite,
	privdrop_suite,
	path_norm_suite,
};

int main(void)
{
	SRunner *sr;
	size_t i;
	int failed;

	sr = srunner_create(NULL);
	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		srunner_add_suite(sr, suites[i]());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
