/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	render 3h
 * SUMMARY
 *	report renderers behind one vtable, and their UTF-8 helpers (internal)
 * SYNOPSIS
 *	#include "report/render.h"
 * DESCRIPTION
 *	kensa_report_render() (render.c) picks a kn_renderer by format and
 *	hands it a capped kn_buf. Each renderer appends the whole report to
 *	that buffer and returns 0 or a negative kensa_error; the buffer's
 *	sticky error is checked once by the dispatcher.
 *
 *	The UTF-8 helpers (utf8.c) never trust their input: invalid bytes
 *	read as U+FFFD, one byte at a time, so any byte string renders.
 *--*/
#ifndef KN_REPORT_RENDER_H
#define KN_REPORT_RENDER_H

#include <stdint.h>

#include "analysis.h"
#include "util/buf.h"

/* Largest report rendered, in bytes: quoted headers and evidence are
 * bounded by the input, so a few times KENSA_MAX_MESSAGE_BYTES is ample. */
#define KN_REPORT_MAX_BYTES (4 * KENSA_MAX_MESSAGE_BYTES)

typedef struct kn_renderer {
	const char *name;
	/* Append the report of a to out. Returns 0 or a kensa_error. */
	int (*render)(kn_buf *out, const kensa_analysis *a,
		const kensa_report_options *opts);
} kn_renderer;

extern const kn_renderer kn_renderer_text;
extern const kn_renderer kn_renderer_json;

/*
 * Decode one code point from s (len > 0 bytes). Sets *adv to the bytes
 * consumed (>= 1). Returns the code point, or -1 for an invalid or
 * truncated sequence (then *adv is 1: the bad byte alone).
 */
int32_t kn_utf8_decode(const char *s, size_t len, size_t *adv);

/* Display columns of code point cp on a terminal: 0 for controls and
 * combining marks, 2 for East Asian wide and fullwidth forms, else 1. */
int kn_cp_width(int32_t cp);

/* Display columns of s (len bytes); invalid bytes count 1 (U+FFFD). */
size_t kn_utf8_width(const char *s, size_t len);

/*
 * Append s (len bytes) to b with invalid UTF-8 replaced by U+FFFD.
 * Returns true when s needed no replacement.
 */
bool kn_utf8_put_sanitized(kn_buf *b, const char *s, size_t len);

/*
 * Append s to b for a terminal, on one line: CR, LF and TAB runs become
 * one space, other C0/C1 controls and DEL become "\xNN", bidirectional
 * controls become "<U+XXXX>" (they could reorder the report around
 * them), invalid UTF-8 becomes U+FFFD. At most max_cols display columns
 * are written (0: no limit); a cut is marked with "...". NULL s writes
 * nothing. Returns the columns written.
 */
size_t kn_text_put(kn_buf *b, const char *s, size_t max_cols);

/* Append n spaces. */
void kn_text_pad(kn_buf *b, size_t n);

#endif
