/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	obfuscation 3h
 * SUMMARY
 *	text disguised to slip past filters and mislead the reader:
 *	invisible characters inside words, styled (mathematical) letters,
 *	Latin words with Greek or Cyrillic look-alikes, brand names spelled
 *	with look-alike characters
 * SYNOPSIS
 *	#include "content/obfuscation.h"
 *
 *	void kn_obf_scan(const char *text, size_t len, bool html,
 *		kn_obf_result *out);
 *	int kn_obfuscation_analyze(kensa_analysis *a);
 *--*/
#ifndef KN_CONTENT_OBFUSCATION_H
#define KN_CONTENT_OBFUSCATION_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"
#include "content/impersonation.h"

/* Invisible runs inside words that make one text obfuscated. */
#define KN_OBF_INVISIBLE_MIN 3
/* Mathematical letters (in words of two or more) that make one text
 * styled. */
#define KN_OBF_STYLED_MIN 4
/* Mixed-script words that make a body text obfuscated (one is enough in
 * the Subject and the From display name). */
#define KN_OBF_MIXED_MIN 2
/* Bytes of a word kept for the brand comparison; longer words are not
 * compared. Brand names of the table are shorter. */
#define KN_OBF_WORD_MAX 48
/* Bytes of a quoted text in a finding (before the invisible characters
 * are spelled out). */
#define KN_OBF_QUOTE_MAX 160

/* One kind of trick in one text: how many, and the first word. */
typedef struct kn_obf_hit {
	unsigned count;     /* occurrences (see kn_obf_result) */
	size_t off, len;    /* byte range of the first word in the text */
} kn_obf_hit;

/* What kn_obf_scan() found in one text. */
typedef struct kn_obf_result {
	kn_obf_hit invisible; /* runs of invisible characters between two
	                         letters of a word that hide the word:
	                         zero-width characters, or soft hyphens
	                         next to a one-letter piece or doubled */
	kn_obf_hit styled;    /* mathematical letters in words of >= 2 */
	kn_obf_hit mixed;     /* words of >= 3 letters mixing Latin with
	                         Greek or Cyrillic look-alikes */
	kn_obf_hit brand;     /* words that read as a brand name only
	                         after look-alike folding */
	const kn_brand *brand_of;   /* the first such word's brand, or NULL */
	const char *brand_name;     /* the name it imitates (static) */
} kn_obf_result;

/*
 * Scan text[0..len) (UTF-8; invalid bytes end words) in one pass and
 * fill *out (counts and first ranges; no memory is allocated). html:
 * the text is HTML reduced to text (content/htmltext.h), where the
 * named references &shy; &zwnj; &zwj; &ZeroWidthSpace; that the
 * reduction leaves alone count as the characters they name.
 */
void kn_obf_scan(const char *text, size_t len, bool html,
	kn_obf_result *out);

/*
 * text[0..len) with every invisible character spelled out as
 * "[U+200C]", at most KN_OBF_QUOTE_MAX input bytes (then "..."), in
 * arena ar; NULL when out of memory.
 */
const char *kn_obf_visible(kn_arena *ar, const char *text, size_t len,
	bool html);

/*
 * Findings text-invisible-characters, text-styled-letters,
 * text-mixed-script and text-brand-lookalike (each once per message)
 * from the Subject, the From display name and the body text parts
 * (kn_lures_views). Returns 0 or KENSA_ENOMEM.
 */
int kn_obfuscation_analyze(kensa_analysis *a);

#endif
