/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * UTF-8 validation shared by the event decoder and the alert formatter.
 */
#ifndef VIGIL_UTF8_H
#define VIGIL_UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (n > 0 bytes left), 0 if invalid. */
size_t vigil_utf8_seq(const unsigned char *s, size_t n);

#endif /* VIGIL_UTF8_H */
