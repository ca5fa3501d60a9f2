/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	utf8 3
 * SUMMARY
 *	UTF-8 decoding, display width and terminal-safe quoting for reports
 * DESCRIPTION
 *	kn_cp_width() follows the spirit of Unicode UAX #11 (East Asian
 *	Width): Wide (W) and Fullwidth (F) code points take two columns.
 *	The table covers the blocks that occur in mail (CJK, kana, Hangul,
 *	fullwidth forms, emoji); ambiguous-width characters count 1, as on
 *	most terminals outside CJK legacy mode.
 * LIMITS
 *	No allocation: helpers append to a caller's capped kn_buf.
 * STANDARDS
 *	RFC 3629 (UTF-8), Unicode UAX #11.
 *--*/
#include "report/render.h"

#include <stdio.h>
#include <string.h>

int32_t
kn_utf8_decode(const char *s, size_t len, size_t *adv)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c = p[0];
	size_t n;
	uint32_t cp;

	*adv = 1;
	if (c < 0x80)
		return (int32_t)c;
	if ((c & 0xe0) == 0xc0) {
		n = 1;
		cp = c & 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		n = 2;
		cp = c & 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		n = 3;
		cp = c & 0x07;
	} else {
		return -1;
	}
	if (len <= n)
		return -1;
	for (size_t i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
	    (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*adv = n + 1;
	return (int32_t)cp;
}

typedef struct { uint32_t lo, hi; } cp_range;

/* Zero-width: combining marks, zero-width space/joiners, variation
 * selectors. */
static const cp_range zero_width[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x200b, 0x200f },
	{ 0x202a, 0x202e }, { 0x2060, 0x2064 }, { 0x2066, 0x206f },
	{ 0x20d0, 0x20ff }, { 0x3099, 0x309a }, { 0xfe00, 0xfe0f },
	{ 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff }, { 0xe0100, 0xe01ef },
};

/* East Asian Wide and Fullwidth. */
static const cp_range wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x25fd, 0x25fe }, { 0x2614, 0x2615 },
	{ 0x2e80, 0x303e }, { 0x3041, 0x33ff }, { 0x3400, 0x4dbf },
	{ 0x4e00, 0x9fff }, { 0xa000, 0xa4cf }, { 0xa960, 0xa97f },
	{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe10, 0xfe19 },
	{ 0xfe30, 0xfe6f }, { 0xff00, 0xff60 }, { 0xffe0, 0xffe6 },
	{ 0x16fe0, 0x18aff }, { 0x1b000, 0x1b2ff }, { 0x1f300, 0x1f64f },
	{ 0x1f900, 0x1f9ff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

static bool
in_ranges(uint32_t cp, const cp_range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

int
kn_cp_width(int32_t cp)
{
	if (cp < 0)
		return 1; /* shown as U+FFFD */
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	if (cp < 0x300)
		return 1;
	if (in_ranges((uint32_t)cp, zero_width,
		sizeof(zero_width) / sizeof(zero_width[0])))
		return 0;
	if (in_ranges((uint32_t)cp, wide, sizeof(wide) / sizeof(wide[0])))
		return 2;
	return 1;
}

size_t
kn_utf8_width(const char *s, size_t len)
{
	size_t w = 0, i = 0, adv;

	while (i < len) {
		w += (size_t)kn_cp_width(kn_utf8_decode(s + i, len - i, &adv));
		i += adv;
	}
	return w;
}

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

bool
kn_utf8_put_sanitized(kn_buf *b, const char *s, size_t len)
{
	size_t i = 0, run = 0, adv;
	bool clean = true;

	while (i < len) {
		if (kn_utf8_decode(s + i, len - i, &adv) < 0) {
			kn_buf_add(b, s + run, i - run);
			kn_buf_add(b, replacement, 3);
			clean = false;
			run = i + adv;
		}
		i += adv;
	}
	kn_buf_add(b, s + run, len - run);
	return clean;
}

static bool
is_bidi_control(int32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Write s cleaned to b (NULL: only measure), stopping before the first
 * character that would pass limit columns (0: no limit). */
static size_t
put_clean(kn_buf *b, const char *s, size_t len, size_t limit)
{
	size_t i = 0, cols = 0, adv;
	bool space_pending = false;

	while (i < len) {
		int32_t cp = kn_utf8_decode(s + i, len - i, &adv);
		char esc[16];
		const char *out = s + i;
		size_t out_len = adv, w, sp;

		if (cp == '\r' || cp == '\n' || cp == '\t' || cp == ' ') {
			space_pending = cols > 0;
			i += adv;
			continue;
		}
		if (cp < 0) {
			out = replacement;
			out_len = 3;
			w = 1;
		} else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
			snprintf(esc, sizeof(esc), "\\x%02x", (unsigned)cp);
			out = esc;
			out_len = 4;
			w = 4;
		} else if (is_bidi_control(cp)) {
			snprintf(esc, sizeof(esc), "<U+%04X>", (unsigned)cp);
			out = esc;
			out_len = strlen(esc);
			w = out_len;
		} else {
			w = (size_t)kn_cp_width(cp);
		}
		sp = space_pending ? 1 : 0;
		if (limit > 0 && cols + sp + w > limit)
			break;
		if (b != NULL) {
			if (sp)
				kn_buf_addc(b, ' ');
			kn_buf_add(b, out, out_len);
		}
		cols += sp + w;
		space_pending = false;
		i += adv;
	}
	return cols;
}

size_t
kn_text_put(kn_buf *b, const char *s, size_t max_cols)
{
	size_t len, cols;

	if (s == NULL)
		return 0;
	len = strlen(s);
	if (max_cols == 0 || put_clean(NULL, s, len, 0) <= max_cols)
		return put_clean(b, s, len, 0);
	if (max_cols <= 3)
		return put_clean(b, s, len, max_cols);
	cols = put_clean(b, s, len, max_cols - 3);
	kn_buf_adds(b, "...");
	return cols + 3;
}

void
kn_text_pad(kn_buf *b, size_t n)
{
	static const char spaces[] = "                                ";

	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		kn_buf_add(b, spaces, k);
		n -= k;
	}
}
