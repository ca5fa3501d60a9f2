/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	charset 3h
 * SUMMARY
 *	convert legacy mail text (Japanese charsets first) to UTF-8
 * SYNOPSIS
 *	#include "util/charset.h"
 * DESCRIPTION
 *	kn_charset_decode() appends the UTF-8 form of len bytes labelled
 *	with a MIME charset (RFC 2046 section 4.1.2, RFC 2978 names) to a
 *	kn_buf. It never drops text: a byte that cannot be converted
 *	becomes U+FFFD and the result carries KN_CS_INVALID.
 *
 *	ISO-2022-JP (RFC 1468) is decoded here, not by iconv: the JIS X
 *	0208 pairs are mapped to CP932 bytes and CP932 is converted, so
 *	the NEC row-13 and NEC-selected IBM characters (①, Ⅰ, ㈱) that
 *	Windows mailers put in "ISO-2022-JP" (really CP50220) survive.
 *	8-bit bytes in such a part are passed on as CP932 (Shift_JIS
 *	mislabelled as ISO-2022-JP) and flagged KN_CS_MISLABELLED.
 *
 *	Undeclared or unknown charsets, and US-ASCII text with 8-bit
 *	bytes, are guessed: UTF-8 when valid, else EUC-JP or CP932 by a
 *	byte-pattern score, else windows-1252 (KN_CS_GUESSED).
 * LIMITS
 *	The output is bounded by the kn_buf cap; errors are sticky there.
 *--*/
#ifndef KN_CHARSET_H
#define KN_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* Flags of a conversion (OR'ed). */
#define KN_CS_INVALID 0x01u     /* bytes replaced by U+FFFD */
#define KN_CS_GUESSED 0x02u     /* charset undeclared or unknown: guessed */
#define KN_CS_MISLABELLED 0x04u /* bytes contradict the declared charset */
#define KN_CS_UNKNOWN 0x08u     /* declared charset unknown to us and iconv */

/*
 * Append to out the UTF-8 form of p (len bytes) in charset cs (cslen
 * bytes, any case, RFC 2231 "*lang" suffix ignored; cs NULL or cslen 0:
 * undeclared). *used, when not NULL, receives a static name of the
 * decoder actually used ("UTF-8", "ISO-2022-JP(CP932)", "CP932",
 * "EUC-JP-MS", "CP1252", or the iconv name). Returns KN_CS_* flags.
 * Errors (out of memory, over cap) are left in out->err.
 */
unsigned kn_charset_decode(kn_buf *out, const char *cs, size_t cslen,
	const char *p, size_t len, const char **used);

/*
 * Keep the glibc gconv module of charset name (a label, any case)
 * loaded for the rest of the process, so that other code converting
 * from it (GMime opens and closes an iconv_t per encoded word or 8-bit
 * header, which dlopen()s and dlclose()s the module each time) finds it
 * loaded. Holds one iconv_t per name, never closed; at most
 * KN_CS_PINS names (unknown ones included, remembered so as not to be
 * tried again); later names are ignored. Thread-safe. No error: a name
 * that cannot be pinned is simply not.
 */
void kn_charset_pin(const char *name);

/*
 * Guess the charset of 8-bit or escape-coded text p (len bytes) that
 * carries no label: "ISO-2022-JP" when it holds JIS escapes and no
 * 8-bit byte, "UTF-8" when valid UTF-8, "EUC-JP" or "CP932" when the
 * bytes form Japanese double-byte text, else "CP1252". Static string.
 */
const char *kn_charset_guess(const char *p, size_t len);

/* Does p (len bytes) hold any byte >= 0x80 or an ESC (0x1b)? */
bool kn_charset_needs_decode(const char *p, size_t len);

#endif
