/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	str 3h
 * SUMMARY
 *	small string helpers over (pointer, length) slices, ASCII only
 * SYNOPSIS
 *	#include "util/str.h"
 *--*/
#ifndef KN_STR_H
#define KN_STR_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

/* A bounded slice; never relies on a NUL. */
typedef struct kn_slice {
	const char *p;
	size_t len;
} kn_slice;

/* ASCII lower-case copy of s in the arena (NULL gives NULL). */
char *kn_str_lower(kn_arena *ar, const char *s);
/* ASCII case-insensitive equality of two NUL-terminated strings. */
bool kn_str_ieq(const char *a, const char *b);
/* Does s (len bytes) start with prefix, ASCII case-insensitively? */
bool kn_str_iprefix(const char *s, size_t len, const char *prefix);
/* Slice with leading and trailing ASCII white space removed. */
kn_slice kn_slice_trim(kn_slice s);
/* Is s valid UTF-8? */
bool kn_utf8_valid(const char *s, size_t len);

#endif
