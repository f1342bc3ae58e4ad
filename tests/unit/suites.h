/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Every unit-test suite, one declaration a line; tests/unit/run_unit.c
 * lists the same functions.  Add a line here and one there.
 */
#ifndef VIGIL_UNIT_SUITES_H
#define VIGIL_UNIT_SUITES_H

#include <check.h>

Suite *ring_suite(void);
Suite *decode_suite(void);
Suite *cond_eval_suite(void);
Suite *vm_suite(void);
Suite *vm_graph_suite(void);
Suite *rule_load_suite(void);

Suite *scap_suite(void);
Suite *output_format_suite(void);
Suite *output_suite(void);
Suite *state_proc_suite(void);
Suite *state_fd_suite(void);
Suite *state_spare_suite(void);
Suite *state_user_suite(void);
Suite *state_container_suite(void);
Suite *outfmt_suite(void);
Suite *config_suite(void);
Suite *drops_suite(void);
Suite *capture_suite(void);
Suite *privdrop_suite(void);
Suite *path_norm_suite(void);

#endif /* VIGIL_UNIT_SUITES_H */
