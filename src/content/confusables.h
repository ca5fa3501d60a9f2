/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	confusables 3h
 * SUMMARY
 *	look-alike characters in host names (a compact UTS #39 subset)
 * SYNOPSIS
 *	#include "content/confusables.h"
 * DESCRIPTION
 *	kn_confusable_check() looks at one host name in its Unicode form
 *	(U-labels) and tells whether a label mixes scripts a reader cannot
 *	tell apart (Latin with Cyrillic or Greek, Cyrillic with Greek), is
 *	written wholly in Cyrillic or Greek letters that all look like
 *	Latin ones ("асе"), or holds full-width forms or Latin look-alikes
 *	(ı, ɑ, ɡ). It also gives the host's skeleton: every look-alike
 *	replaced by the ASCII letter it imitates, so "раypal.com" reads
 *	"paypal.com".
 *
 *	The table is a small hand-made subset of the Unicode confusables
 *	data (UTS #39 section 4): the common Cyrillic, Greek and Latin
 *	look-alikes of ASCII letters and the full-width ASCII block, not a
 *	copy of the full file. Japanese labels (Han, Hiragana, Katakana,
 *	with or without Latin) are normal and are not flagged.
 * LIMITS
 *	Hosts longer than KN_CONFUSABLE_HOST_MAX bytes are not checked.
 *--*/
#ifndef KN_CONTENT_CONFUSABLES_H
#define KN_CONTENT_CONFUSABLES_H

#include <stdbool.h>
#include <stddef.h>

/* A DNS name is at most 253 octets in A-labels (RFC 1035 2.3.4); its
 * U-label form is at most about four times that in UTF-8. */
#define KN_CONFUSABLE_HOST_MAX 1024

/* Script bits of kn_confusable.scripts. */
#define KN_SCRIPT_LATIN    0x01u
#define KN_SCRIPT_CYRILLIC 0x02u
#define KN_SCRIPT_GREEK    0x04u
#define KN_SCRIPT_JAPANESE 0x08u  /* Han, Hiragana, Katakana */
#define KN_SCRIPT_FULLWIDTH 0x10u /* U+FF01..U+FF5E */
#define KN_SCRIPT_OTHER    0x20u

typedef struct kn_confusable {
	bool suspicious;      /* a label a reader would misread */
	const char *reason;   /* "mixed-script", "whole-script",
	                         "full-width", "look-alike"; or NULL */
	const char *label;    /* the offending label, in out->buf */
	unsigned scripts;     /* union of script bits over the host */
	char skeleton[KN_CONFUSABLE_HOST_MAX + 1]; /* ASCII where the table
	                                            knows; NUL-terminated */
	char buf[KN_CONFUSABLE_HOST_MAX + 1];
} kn_confusable;

/*
 * Check host (NUL-terminated UTF-8, U-label form). Fills *out; returns
 * out->suspicious. A host too long gives false with an empty skeleton.
 */
bool kn_confusable_check(const char *host, kn_confusable *out);

/*
 * One code point cp: returns its script bit (KN_SCRIPT_*; 0 for ASCII
 * digits, punctuation and controls) and sets *ascii to the lower-case
 * ASCII letter or digit the table says it imitates, or 0 (always 0 for
 * ASCII itself). Upper-case Cyrillic and Greek look-alikes are listed
 * too. Used by the text checks of content/obfuscation.h.
 */
unsigned kn_confusable_char(unsigned cp, char *ascii);

#endif
