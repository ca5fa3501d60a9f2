/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	html 3h
 * SUMMARY
 *	HTML parts read with an HTML5 parser: text, links, hidden text
 * SYNOPSIS
 *	#include "content/html.h"
 * DESCRIPTION
 *	kn_html_parse() parses one HTML part with Gumbo (the WHATWG HTML5
 *	parsing algorithm, so markup is read the way a mail client's
 *	browser engine reads it) and gives back:
 *
 *	the text a reader sees, white space collapsed, block elements as
 *	newlines, with a byte map back to the HTML source (the same shape
 *	as content/htmltext.h, so kn_htmltext_map() maps ranges back);
 *	text the reader cannot see is left out of it;
 *
 *	the links: a href (with its visible text), area href, form action,
 *	img src (tracking pixels marked: 1x1 images, or images hidden by
 *	style), and the first base href;
 *
 *	the hidden text: runs of text under display:none,
 *	visibility:hidden, opacity:0, a zero or 1px font size, zero height
 *	with overflow:hidden, the hidden attribute, a transparent color,
 *	or a text color equal (within a few steps) to the background
 *	(white on white); each with the source range of the element that
 *	hides it and the reason.
 *
 *	Only inline style attributes and the legacy color/bgcolor
 *	attributes are read: style sheets are not applied. A background
 *	that is not set on any ancestor counts as white only when the
 *	document has no <style> element (otherwise a class may set it).
 * LIMITS
 *	Input beyond KN_HTMLTEXT_MAX bytes is not parsed; element nesting
 *	beyond KN_HTML_DEPTH_MAX is not walked; at most KN_HTML_LINKS_MAX
 *	links and KN_HTML_HIDDEN_MAX hidden runs per part.
 * ERRORS
 *	KENSA_ENOMEM (the parser or the arena failed).
 *--*/
#ifndef KN_CONTENT_HTML_H
#define KN_CONTENT_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "content/htmltext.h"
#include "util/arena.h"

/* Nesting walked: real mail stays below 100; the cap keeps the
 * recursive walk's stack bounded against hostile input. */
#define KN_HTML_DEPTH_MAX 400
/* Links kept per part: newsletters have a few hundred at most. */
#define KN_HTML_LINKS_MAX 2000
/* Hidden runs kept per part. */
#define KN_HTML_HIDDEN_MAX 200
/* Bytes of hidden text quoted per run. */
#define KN_HTML_HIDDEN_QUOTE_MAX 400
/* Bytes of a link's visible text kept. */
#define KN_HTML_LINK_TEXT_MAX 1024

/* One link of the document. */
typedef struct kn_html_link {
	const char *tag;   /* "a", "area", "form", "img" */
	const char *url;   /* the attribute value, references decoded */
	const char *text;  /* a: visible text; area, img: alt; or NULL */
	size_t off, len;   /* source range: the a element whole (start tag
	                      to end tag), else the start tag */
	bool pixel;        /* img: 1x1 or hidden (a tracking pixel) */
	bool hidden;       /* under hidden content */
} kn_html_link;

/* One run of hidden text. */
typedef struct kn_html_hidden {
	size_t off, len;   /* source range of the hiding element */
	const char *reason;/* e.g. "display:none", "color equal to background" */
	const char *text;  /* hidden text, white space collapsed, quoted up to
	                      KN_HTML_HIDDEN_QUOTE_MAX bytes */
	size_t chars;      /* non-space bytes of hidden text in the run */
} kn_html_hidden;

typedef struct kn_html_doc {
	kn_htmltext text;            /* visible text and its map */
	const char *base;            /* first base href, or NULL */
	const kn_html_link *links;
	size_t link_count;
	const kn_html_hidden *hidden;
	size_t hidden_count;
	bool truncated;              /* a limit above was reached */
} kn_html_doc;

/*
 * Parse html (len bytes, UTF-8) into *out; every result lives in ar.
 * Returns 0 or KENSA_ENOMEM.
 */
int kn_html_parse(kn_arena *ar, const char *html, size_t len,
	kn_html_doc *out);

#endif
