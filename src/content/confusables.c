/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	confusables 3
 * SUMMARY
 *	look-alike characters in host names (a compact UTS #39 subset)
 * SYNOPSIS
 *	#include "content/confusables.h"
 * DESCRIPTION
 *	See confusables.h. One pass per label: each code point gets a
 *	script and, if the table lists it, the ASCII letter it imitates.
 *--*/
#include "content/confusables.h"

#include <string.h>

/* Look-alikes of ASCII letters and digits (lower case: hosts are
 * lower-cased by IDNA before we see them). */
static const struct { unsigned cp; char ascii; } lookalike[] = {
	/* Cyrillic */
	{ 0x0430, 'a' }, { 0x0432, 'b' }, { 0x0435, 'e' }, { 0x043A, 'k' },
	{ 0x043C, 'm' }, { 0x043D, 'h' }, { 0x043E, 'o' }, { 0x0440, 'p' },
	{ 0x0441, 'c' }, { 0x0442, 't' }, { 0x0443, 'y' }, { 0x0445, 'x' },
	{ 0x0455, 's' }, { 0x0456, 'i' }, { 0x0458, 'j' }, { 0x04BB, 'h' },
	{ 0x04CF, 'l' }, { 0x0501, 'd' }, { 0x051B, 'q' }, { 0x051D, 'w' },
	{ 0x0457, 'i' }, { 0x0491, 'r' }, { 0x04AF, 'y' },
	/* Greek */
	{ 0x03B1, 'a' }, { 0x03B5, 'e' }, { 0x03B9, 'i' }, { 0x03BA, 'k' },
	{ 0x03BD, 'v' }, { 0x03BF, 'o' }, { 0x03C1, 'p' }, { 0x03C4, 't' },
	{ 0x03C5, 'u' }, { 0x03C7, 'x' }, { 0x03F2, 'c' }, { 0x03F3, 'j' },
	{ 0x03B7, 'n' }, { 0x03C9, 'w' },
	/* Latin look-alikes outside ASCII */
	{ 0x0131, 'i' }, { 0x0251, 'a' }, { 0x0261, 'g' }, { 0x0269, 'i' },
	{ 0x026A, 'i' }, { 0x028F, 'y' }, { 0x1D0F, 'o' }, { 0x1D1C, 'u' },
	{ 0x0184, 'b' }, { 0x01C0, 'l' },
	/* upper-case Cyrillic and Greek (never in a host name, which IDNA
	 * lower-cases; for the text checks of content/obfuscation.h) */
	{ 0x0405, 's' }, { 0x0406, 'i' }, { 0x0408, 'j' }, { 0x0410, 'a' },
	{ 0x0412, 'b' }, { 0x0415, 'e' }, { 0x041A, 'k' }, { 0x041C, 'm' },
	{ 0x041D, 'h' }, { 0x041E, 'o' }, { 0x0420, 'p' }, { 0x0421, 'c' },
	{ 0x0422, 't' }, { 0x0425, 'x' }, { 0x0391, 'a' }, { 0x0392, 'b' },
	{ 0x0395, 'e' }, { 0x0396, 'z' }, { 0x0397, 'h' }, { 0x0399, 'i' },
	{ 0x039A, 'k' }, { 0x039C, 'm' }, { 0x039D, 'n' }, { 0x039F, 'o' },
	{ 0x03A1, 'p' }, { 0x03A4, 't' }, { 0x03A5, 'y' }, { 0x03A7, 'x' },
};

static unsigned
script_of(unsigned cp)
{
	if (cp < 0x80)
		return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ?
		    KN_SCRIPT_LATIN : 0; /* digits and '-' are common */
	if (cp >= 0x00C0 && cp <= 0x024F)
		return KN_SCRIPT_LATIN;
	if ((cp >= 0x0250 && cp <= 0x02AF) || (cp >= 0x1D00 && cp <= 0x1DBF) ||
	    (cp >= 0x1E00 && cp <= 0x1EFF))
		return KN_SCRIPT_LATIN;
	if (cp >= 0x0370 && cp <= 0x03FF)
		return KN_SCRIPT_GREEK;
	if (cp >= 0x0400 && cp <= 0x052F)
		return KN_SCRIPT_CYRILLIC;
	if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
	    cp == 0x3005 || (cp >= 0xF900 && cp <= 0xFAFF))
		return KN_SCRIPT_JAPANESE;
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return KN_SCRIPT_FULLWIDTH;
	if (cp >= 0xFF66 && cp <= 0xFF9F) /* half-width Katakana */
		return KN_SCRIPT_JAPANESE;
	return KN_SCRIPT_OTHER;
}

static char
ascii_of(unsigned cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E) {
		unsigned a = cp - 0xFEE0;
		return (char)((a >= 'A' && a <= 'Z') ? a + 32 : a);
	}
	for (size_t i = 0; i < sizeof(lookalike) / sizeof(lookalike[0]); i++)
		if (lookalike[i].cp == cp)
			return lookalike[i].ascii;
	return 0;
}

static unsigned
decode(const unsigned char *p, size_t n, size_t *cl)
{
	unsigned cp;
	size_t k;

	*cl = 1;
	if (p[0] < 0x80)
		return p[0];
	k = (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3 :
	    (p[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (k == 0 || k > n)
		return 0xFFFD;
	cp = p[0] & (0x7F >> k);
	for (size_t j = 1; j < k; j++) {
		if ((p[j] & 0xC0) != 0x80)
			return 0xFFFD;
		cp = (cp << 6) | (p[j] & 0x3F);
	}
	*cl = k;
	return cp;
}

/* Check one label s[0..n); sets reason when suspicious. Appends its
 * skeleton at *sk (bounded by skend). */
static const char *
check_label(const unsigned char *s, size_t n, unsigned *all, char **sk,
	const char *skend)
{
	unsigned scripts = 0;
	size_t mapped = 0, letters = 0, lookalike_latin = 0, fw = 0;

	for (size_t i = 0; i < n;) {
		size_t cl;
		unsigned cp = decode(s + i, n - i, &cl);
		unsigned sc = script_of(cp);
		char a = ascii_of(cp);
		scripts |= sc;
		if (sc != 0)
			letters++;
		if (sc == KN_SCRIPT_FULLWIDTH)
			fw++;
		if (a != 0) {
			mapped++;
			if (sc == KN_SCRIPT_LATIN)
				lookalike_latin++;
			if (*sk < skend)
				*(*sk)++ = a;
		} else {
			for (size_t j = 0; j < cl && *sk < skend; j++)
				*(*sk)++ = (char)s[i + j];
		}
		i += cl;
	}
	*all |= scripts;
	if (fw > 0)
		return "full-width";
	if ((scripts & KN_SCRIPT_LATIN) &&
	    (scripts & (KN_SCRIPT_CYRILLIC | KN_SCRIPT_GREEK)))
		return "mixed-script";
	if ((scripts & KN_SCRIPT_CYRILLIC) && (scripts & KN_SCRIPT_GREEK))
		return "mixed-script";
	if ((scripts & (KN_SCRIPT_CYRILLIC | KN_SCRIPT_GREEK)) &&
	    !(scripts & ~(KN_SCRIPT_CYRILLIC | KN_SCRIPT_GREEK)) &&
	    letters > 0 && mapped == letters)
		return "whole-script";
	if (lookalike_latin > 0)
		return "look-alike";
	return NULL;
}

/*
 * See confusables.h.
 */
bool
kn_confusable_check(const char *host, kn_confusable *out)
{
	size_t n = strlen(host), start = 0;
	char *sk = out->skeleton;
	const char *skend = out->skeleton + KN_CONFUSABLE_HOST_MAX;

	out->suspicious = false;
	out->reason = NULL;
	out->label = NULL;
	out->scripts = 0;
	out->skeleton[0] = out->buf[0] = '\0';
	if (n > KN_CONFUSABLE_HOST_MAX)
		return false;
	for (size_t i = 0; i <= n; i++) {
		const char *why;
		if (i < n && host[i] != '.')
			continue;
		why = check_label((const unsigned char *)host + start,
			i - start, &out->scripts, &sk, skend);
		if (why != NULL && !out->suspicious) {
			out->suspicious = true;
			out->reason = why;
			memcpy(out->buf, host + start, i - start);
			out->buf[i - start] = '\0';
			out->label = out->buf;
		}
		if (i < n && sk < skend)
			*sk++ = '.';
		start = i + 1;
	}
	*sk = '\0';
	return out->suspicious;
}

/*
 * See confusables.h.
 */
unsigned
kn_confusable_char(unsigned cp, char *ascii)
{
	unsigned sc = script_of(cp);

	/* only Latin, Greek, Cyrillic and full-width forms are listed */
	*ascii = cp < 0x80 || (sc & (KN_SCRIPT_JAPANESE | KN_SCRIPT_OTHER)) ?
		0 : ascii_of(cp);
	return sc;
}
