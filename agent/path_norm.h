/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Lexical path normalisation, Falco's meaning of a file's fd.name: the
 * path as the caller gave it, made absolute against a base directory when
 * relative, with ".", ".." and repeated '/' folded.  Symbolic links are
 * not looked at (nothing here touches the file system).
 */
#ifndef VIGIL_PATH_NORM_H
#define VIGIL_PATH_NORM_H

#include <stddef.h>

/*
 * Normalise path p (n bytes) into out (size bytes, size >= 2), joined to
 * dir (dlen bytes) when p is relative and dir is not NULL.  A relative p
 * without a dir is copied as it is: it cannot be made absolute.  ".." at
 * the root stays at the root.  cut says p was cut short (a snaplen): its
 * last component is then kept as it is, even "." or "..", since it is
 * only the start of a longer name.  A result longer than size - 1 is cut
 * there.  out may be p itself when dir is NULL (the result is never longer
 * than an absolute p).  Returns the length; out is NUL-terminated.
 */
size_t vigil_path_norm(char *out, size_t size, const char *dir, size_t dlen,
		       const char *p, size_t n, int cut);

/*
 * Whether absolute path p (n bytes, p[0] == '/') is already what
 * vigil_path_norm() makes of it; *last is then where its last '/' is.
 */
int vigil_path_normal(const char *p, size_t n, size_t *last);

#endif /* VIGIL_PATH_NORM_H */
