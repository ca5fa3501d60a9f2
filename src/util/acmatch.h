/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	acmatch 3h
 * SUMMARY
 *	many fixed byte strings found in one pass (Aho-Corasick automaton)
 * SYNOPSIS
 *	#include "util/acmatch.h"
 * DESCRIPTION
 *	kn_ac_build() compiles a set of patterns (byte strings, any bytes)
 *	into a deterministic automaton; kn_ac_scan() then walks a text once
 *	and reports every occurrence of every pattern, overlapping ones
 *	included, in order of their end offset (for occurrences ending at
 *	the same byte: longer pattern first). The cost of a scan is one
 *	table step per text byte plus one call per occurrence, whatever
 *	the number of patterns; searching each pattern with memmem() costs
 *	a pass per pattern.
 *
 *	An automaton is read-only after kn_ac_build(): threads may scan
 *	with one concurrently. It is heap memory, freed by kn_ac_free().
 * LIMITS
 *	KN_AC_MAX_STATES trie states (about the total pattern bytes); empty
 *	patterns are accepted and never reported.
 * ERRORS
 *	KENSA_ENOMEM; KENSA_EINVAL (too many states, NULL pattern).
 *--*/
#ifndef KN_UTIL_ACMATCH_H
#define KN_UTIL_ACMATCH_H

#include <stdbool.h>
#include <stddef.h>

/* Trie states at most: 1 MiB of pattern bytes, far above any table. */
#define KN_AC_MAX_STATES ((size_t)1 << 20)

typedef struct kn_ac kn_ac;

/*
 * Called for each occurrence: pattern index (into the build arrays) and
 * the occurrence's start offset in the text, bytes. Return false to
 * stop the scan.
 */
typedef bool (*kn_ac_cb)(size_t pattern, size_t start, void *payload);

/*
 * Build *out from n patterns: pats[i] of lens[i] bytes (no NUL needed).
 * The patterns are copied into nothing: only the automaton is kept, so
 * the arrays may go after the call. Returns 0, KENSA_ENOMEM or
 * KENSA_EINVAL (NULL argument, more than KN_AC_MAX_STATES states).
 */
int kn_ac_build(kn_ac **out, const char *const *pats, const size_t *lens,
	size_t n);

/* Free an automaton (NULL is fine). */
void kn_ac_free(kn_ac *ac);

/*
 * Report every occurrence in text[0..len) to cb, in order of end
 * offset. Returns false if cb stopped the scan, true otherwise.
 */
bool kn_ac_scan(const kn_ac *ac, const char *text, size_t len, kn_ac_cb cb,
	void *payload);

#endif
