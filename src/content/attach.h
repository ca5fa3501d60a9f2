/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	attach 3h
 * SUMMARY
 *	attachment inventory, archive and macro facts, forwarded messages
 * SYNOPSIS
 *	#include "content/attach.h"
 *
 *	int kn_attach_analyze(kensa_analysis *a);
 *
 *	unsigned kn_attach_sniff_archive(const unsigned char *data,
 *		size_t len, kn_arena *ar, const char *const **members,
 *		size_t *count);
 * DESCRIPTION
 *	The message stage calls kn_attach_observe() (analysis.h) with the
 *	decoded bytes of every leaf part; kn_attach_analyze() then turns the
 *	recorded facts into findings in the content stage and analyzes
 *	forwarded messages. kn_attach_sniff_archive() is the byte-level
 *	reader of zip central directories, 7z/rar headers and OLE2
 *	compound files, exposed for tests.
 *--*/
#ifndef KN_CONTENT_ATTACH_H
#define KN_CONTENT_ATTACH_H

#include <kensa/content.h>

#include "analysis.h"

/* Forwarded messages are analyzed this many levels deep: a report wraps
 * the suspect once, a forward of a report twice; deeper is an attack on
 * the analyzer (each level is a full analysis). */
#define KN_ATTACH_MAX_NESTING 3
/* Forwarded messages analyzed in all, over every level of one top-level
 * analysis: bounds the work of many sibling forwards. */
#define KN_ATTACH_MAX_FORWARDED 32
/* Archive members listed per zip (central directory entries read). */
#define KN_ATTACH_ZIP_MAX_ENTRIES 1024

/* Facts the message stage's bytes gave, beside the public record. */
typedef struct kn_attach_raw {
	const char *data;   /* message/rfc822 only: copy of the inner message */
	size_t len;
} kn_attach_raw;

/*
 * Read the container facts of data[0..len): returns KENSA_ATTACH_* flags
 * (ARCHIVE, ENCRYPTED_ARCHIVE, MACROS, EXECUTABLE, DANGEROUS_MEMBER).
 * Zip member names go to *members (arena ar; NULL when none or ar NULL),
 * their number to *count (at most KN_ATTACH_ZIP_MAX_ENTRIES). Never reads
 * past len; a damaged container gives fewer facts, never an error.
 */
unsigned kn_attach_sniff_archive(const unsigned char *data, size_t len,
	kn_arena *ar, const char *const **members, size_t *count);

/*
 * The lower-case extension of a file name (after the last dot, trailing
 * dots and spaces ignored) copied into buf (size n); "" when none.
 */
void kn_attach_ext(const char *name, char *buf, size_t n);

/*
 * The content stage's attachment checks: findings attachment-dangerous-
 * type, -double-extension, -rtlo, -type-mismatch, -encrypted-archive,
 * -office-macro, archive-password-in-body, forwarded-message; and the
 * analysis of each forwarded message (a->inner). Returns 0 or
 * KENSA_ENOMEM.
 */
int kn_attach_analyze(kensa_analysis *a);

#endif
