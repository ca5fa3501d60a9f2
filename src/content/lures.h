/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	lures 3h
 * SUMMARY
 *	phishing lure phrases (credential, urgency, suspension, payment,
 *	prize, delivery failure) in Japanese and English; width/case folding
 * SYNOPSIS
 *	#include "content/lures.h"
 *
 *	int kn_lures_analyze(kensa_analysis *a);
 *	int kn_fold(kn_arena *ar, const char *s, size_t len, kn_fold_text *out);
 *	int kn_lures_views(kensa_analysis *a, kn_lure_view **out, size_t *n);
 * DESCRIPTION
 *	The phrase lists are data/lures/<category>.tsv, compiled in at build
 *	time (data/gen_tables.cmake); each phrase is written already folded
 *	(lower-case ASCII, full-width katakana), which a unit test checks.
 *	kn_fold() is the folding: ASCII case, full-width ASCII (U+FF01..
 *	U+FF5E) and the ideographic space to ASCII, half-width katakana
 *	(U+FF61..U+FF9F, with a following voiced or semi-voiced mark
 *	combined) to full-width, every run of white space to one space, and
 *	invisible characters (zero-width, bidi controls, variation
 *	selectors, soft hyphen) dropped, Cyrillic and Greek letters that
 *	look Latin and the mathematical alphanumerics folded to ASCII;
 *	each output byte remembers the input bytes it came from.
 *--*/
#ifndef KN_CONTENT_LURES_H
#define KN_CONTENT_LURES_H

#include <stdint.h>

#include "analysis.h"
#include "content/htmltext.h"

/* Folded text and its way back to the input. */
typedef struct kn_fold_text {
	const char *text;     /* NUL-terminated UTF-8 */
	size_t len;
	const uint32_t *map;  /* map[i]: input offset of the char text[i] is from */
	const uint32_t *end;  /* end[i]: input offset just past that char */
} kn_fold_text;

/* One text as scanned: the Subject (part -1), a plain part, or an HTML
 * part reduced to text; folded. */
typedef struct kn_lure_view {
	int part;                  /* index in a->msg.parts, -1: Subject */
	const kn_htmltext *html;   /* HTML map, or NULL */
	kn_fold_text fold;
} kn_lure_view;

/* One compiled-in phrase (generated from data/lures/). */
typedef struct kn_lure_phrase {
	const char *category;  /* file name: "credential", "urgency", ... */
	const char *phrase;    /* folded */
	const char *lang;      /* "ja" or "en" */
	unsigned weight;
} kn_lure_phrase;

/* A category fires at this summed weight of distinct phrases. */
#define KN_LURES_MIN_WEIGHT 3
/* Bytes of one part's text scanned (lures sit near the top). */
#define KN_LURES_TEXT_MAX ((size_t)512 * 1024)

/*
 * Fold s[0..len) (UTF-8; invalid bytes are copied) into out, in arena
 * ar. len must be below 4 GiB. Returns 0 or KENSA_ENOMEM.
 */
int kn_fold(kn_arena *ar, const char *s, size_t len, kn_fold_text *out);

/*
 * Map the folded range [off, off+len) of v back to its part's text (or
 * the Subject's value) as *po, *pl.
 */
void kn_lure_view_range(const kn_lure_view *v, size_t off, size_t len,
	size_t *po, size_t *pl);

/* Is text[off..off+plen) on ASCII word boundaries where it starts or
 * ends with an ASCII letter or digit? */
bool kn_fold_word_at(const char *text, size_t len, size_t off, size_t plen);

/*
 * The Subject and the body text parts (not attachments), plain first,
 * folded (made by the first call of an analysis, then the same).
 * *out is arena memory. Returns 0 or KENSA_ENOMEM.
 */
int kn_lures_views(kensa_analysis *a, const kn_lure_view **out, size_t *n);

/* The compiled-in phrases; *n receives their number. */
const kn_lure_phrase *kn_lures_table(size_t *n);

/*
 * Findings lure-<category> (low): each category whose distinct phrases
 * found in the Subject and body weigh KN_LURES_MIN_WEIGHT or more; the
 * detail lists the phrases, the evidence is the heaviest one's range.
 * Returns 0 or KENSA_ENOMEM.
 */
int kn_lures_analyze(kensa_analysis *a);

#endif
