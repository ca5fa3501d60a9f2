/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	htmltext 3h
 * SUMMARY
 *	crude HTML to text with a map back to the original bytes
 * SYNOPSIS
 *	#include "content/htmltext.h"
 * DESCRIPTION
 *	kn_htmltext_strip() drops tags, comments and the content of
 *	<script>, <style> and <head>, turns block tags (br, p, div, li, tr,
 *	h1..h6, table) into a newline and decodes the common character
 *	references (&amp; &lt; &gt; &quot; &apos; &nbsp; &#N; &#xH;), so the
 *	date and phrase scanners see the text a reader sees. Every output
 *	byte records the offset of the input byte it came from, so a range
 *	found in the text maps back to evidence in the HTML part.
 *
 *	This is a stop-gap until the HTML module parses HTML properly
 *	(WHATWG tokenisation); it does not know about CDATA, attributes
 *	holding '>' in unquoted form, or the full entity table.
 * ERRORS
 *	KENSA_ENOMEM (the arena's oom flag is set too).
 *--*/
#ifndef KN_CONTENT_HTMLTEXT_H
#define KN_CONTENT_HTMLTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

/* Largest HTML input converted; longer input is cut (a mail body
 * beyond this is not read by a person either). Offsets fit uint32_t. */
#define KN_HTMLTEXT_MAX ((size_t)2 * 1024 * 1024)

/* Text extracted from HTML; all memory in the arena. */
typedef struct kn_htmltext {
	const char *text;   /* NUL-terminated UTF-8 (as the input) */
	size_t len;         /* bytes of text */
	const uint32_t *map;  /* map[i]: input offset of the first byte
	                         text[i] came from; len entries */
	const uint32_t *end;  /* end[i]: input offset just past the last
	                         byte text[i] came from (an entity's ';') */
} kn_htmltext;

/*
 * Strip html (len bytes) into *out, memory from ar. Returns 0 or
 * KENSA_ENOMEM.
 */
int kn_htmltext_strip(kn_arena *ar, const char *html, size_t len,
	kn_htmltext *out);

/*
 * Map the text range [off, off+len) of t back to the input: *in_off and
 * *in_len cover every input byte the range came from (tags inside the
 * range included). len 0 maps to an empty range at the mapped offset.
 */
void kn_htmltext_map(const kn_htmltext *t, size_t off, size_t len,
	size_t *in_off, size_t *in_len);

#endif
