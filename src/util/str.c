/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	str 3
 * SUMMARY
 *	small string helpers
 *--*/
#include "util/str.h"

#include <string.h>
#include <strings.h>

static inline char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

char *
kn_str_lower(kn_arena *ar, const char *s)
{
	char *p = kn_strdup(ar, s);

	for (char *q = p; q && *q; q++)
		*q = lower(*q);
	return p;
}

bool
kn_str_ieq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcasecmp(a, b) == 0;
}

/* One pass, ASCII case folding, stops at the first difference (most
 * calls fail on the first byte; strlen + strncasecmp read the prefix
 * twice and cost 5% of an analysis). */
bool
kn_str_iprefix(const char *s, size_t len, const char *prefix)
{
	for (size_t i = 0; prefix[i] != '\0'; i++) {
		if (i >= len || lower(s[i]) != lower(prefix[i]))
			return false;
	}
	return true;
}

static inline bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

kn_slice
kn_slice_trim(kn_slice s)
{
	while (s.len > 0 && is_space(s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len > 0 && is_space(s.p[s.len - 1]))
		s.len--;
	return s;
}

bool
kn_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;

	while (p < e) {
		unsigned c = *p;
		size_t n;
		unsigned cp;

		if (c < 0x80) {
			p++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 1;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if ((size_t)(e - p) <= n)
			return false;
		for (size_t i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += n + 1;
	}
	return true;
}
