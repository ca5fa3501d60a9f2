/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	htmltext 3
 * SUMMARY
 *	crude HTML to text with a map back to the original bytes
 * SYNOPSIS
 *	#include "content/htmltext.h"
 * DESCRIPTION
 *	One pass over the input. The output is never longer than the input:
 *	a tag becomes at most one newline and a character reference is at
 *	least as long as its UTF-8 encoding (&#65536; is 8 bytes for 4), so
 *	one buffer of the input's size is enough.
 * LIMITS
 *	Input beyond KN_HTMLTEXT_MAX bytes is ignored.
 *--*/
#include "content/htmltext.h"

#include <kensa/errors.h>
#include <string.h>
#include <strings.h>

/* Longest tag or entity name we look at ("blockquote", "&thinsp;"). */
#define KN_HTML_NAME_MAX 12
/* Longest numeric character reference read ("&#x10FFFF;" plus slack). */
#define KN_HTML_ENTITY_MAX 12

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Offset of needle (ASCII, case-insensitive) in s[from..len), or len. */
static size_t
find_ci(const char *s, size_t len, size_t from, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = from; i + n <= len; i++)
		if (strncasecmp(s + i, needle, n) == 0)
			return i;
	return len;
}

/* End of the tag starting at s[i] == '<' (offset of its '>'), or len.
 * Quoted attribute values may hold '>'. */
static size_t
tag_end(const char *s, size_t len, size_t i)
{
	char q = 0;

	for (i++; i < len; i++) {
		if (q != 0) {
			if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			q = s[i];
		} else if (s[i] == '>') {
			return i;
		}
	}
	return len;
}

static bool
is_block(const char *name)
{
	static const char *const blocks[] = {
		"br", "p", "div", "li", "tr", "table", "h1", "h2", "h3", "h4",
		"h5", "h6", "blockquote", "pre", "hr", "ul", "ol", "dd", "dt",
	};
	for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
		if (strcmp(name, blocks[i]) == 0)
			return true;
	return false;
}

/* UTF-8 encoding of cp into b (>= 4 bytes); returns the length. */
static size_t
utf8_put(unsigned long cp, char *b)
{
	if (cp < 0x80) {
		b[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	b[0] = (char)(0xF0 | (cp >> 18));
	b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	b[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* A character reference at s[i] == '&': its code point and length, or
 * 0 when it is not one we know. */
static size_t
entity(const char *s, size_t len, size_t i, unsigned long *cp)
{
	static const struct {
		const char *name;
		unsigned long cp;
	} named[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
		{ "apos", '\'' }, { "nbsp", ' ' }, { "ensp", ' ' },
		{ "emsp", ' ' }, { "thinsp", ' ' },
	};
	size_t j = i + 1, end = len - i > KN_HTML_ENTITY_MAX ?
		i + KN_HTML_ENTITY_MAX : len;
	unsigned long v = 0;

	if (j < end && s[j] == '#') {
		bool hex = false;
		size_t digits = 0;
		j++;
		if (j < end && (s[j] == 'x' || s[j] == 'X')) {
			hex = true;
			j++;
		}
		for (; j < end && s[j] != ';'; j++, digits++) {
			char c = s[j];
			unsigned d;
			if (c >= '0' && c <= '9')
				d = (unsigned)(c - '0');
			else if (hex && c >= 'a' && c <= 'f')
				d = (unsigned)(c - 'a' + 10);
			else if (hex && c >= 'A' && c <= 'F')
				d = (unsigned)(c - 'A' + 10);
			else
				return 0;
			v = v * (hex ? 16 : 10) + d;
			if (v > 0x10FFFF)
				return 0;
		}
		if (j >= end || digits == 0 || v == 0 ||
		    (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		*cp = v;
		return j + 1 - i;
	}
	for (size_t k = 0; k < sizeof(named) / sizeof(named[0]); k++) {
		size_t n = strlen(named[k].name);
		if (j + n < end && strncmp(s + j, named[k].name, n) == 0 &&
		    s[j + n] == ';') {
			*cp = named[k].cp;
			return n + 2;
		}
	}
	return 0;
}

int
kn_htmltext_strip(kn_arena *ar, const char *html, size_t len,
	kn_htmltext *out)
{
	char *t;
	uint32_t *map, *end;
	size_t i = 0, o = 0;

	memset(out, 0, sizeof(*out));
	if (html == NULL)
		len = 0;
	if (len > KN_HTMLTEXT_MAX)
		len = KN_HTMLTEXT_MAX;
	t = kn_alloc(ar, len + 1);
	map = kn_calloc(ar, len + 1, sizeof(*map));
	end = kn_calloc(ar, len + 1, sizeof(*end));
	if (t == NULL || map == NULL || end == NULL)
		return KENSA_ENOMEM;
	/* Each turn consumes at least one input byte. */
	while (i < len) {
		char c = html[i];
		if (c == '<' && i + 1 < len && (is_alpha(html[i + 1]) ||
		    html[i + 1] == '/' || html[i + 1] == '!' ||
		    html[i + 1] == '?')) {
			char name[KN_HTML_NAME_MAX + 1];
			size_t j = i + 1, k = 0, gt;
			bool closing = false;

			if (len - i >= 4 && memcmp(html + i, "<!--", 4) == 0) {
				size_t e = find_ci(html, len, i + 4, "-->");
				i = e < len ? e + 3 : len;
				continue;
			}
			gt = tag_end(html, len, i);
			if (html[j] == '/') {
				closing = true;
				j++;
			}
			while (j < gt && k < KN_HTML_NAME_MAX &&
			    (is_alpha(html[j]) || (html[j] >= '0' &&
			    html[j] <= '9')))
				name[k++] = (char)(html[j++] | 0x20);
			name[k] = '\0';
			i = gt < len ? gt + 1 : len;
			if (is_block(name)) {
				t[o] = '\n';
				map[o] = (uint32_t)(gt < len ? gt : len - 1);
				end[o++] = (uint32_t)i;
			}
			if (!closing && (strcmp(name, "script") == 0 ||
			    strcmp(name, "style") == 0 ||
			    strcmp(name, "head") == 0)) {
				char close[KN_HTML_NAME_MAX + 3];
				close[0] = '<';
				close[1] = '/';
				memcpy(close + 2, name, k + 1);
				i = find_ci(html, len, i, close);
			}
			continue;
		}
		if (c == '&') {
			unsigned long cp;
			size_t n = entity(html, len, i, &cp);
			if (n > 0) {
				char b[4];
				size_t bl = utf8_put(cp, b);
				for (size_t k = 0; k < bl; k++) {
					t[o] = b[k];
					map[o] = (uint32_t)i;
					end[o++] = (uint32_t)(i + n);
				}
				i += n;
				continue;
			}
		}
		t[o] = c;
		map[o] = (uint32_t)i;
		end[o++] = (uint32_t)++i;
	}
	t[o] = '\0';
	out->text = t;
	out->len = o;
	out->map = map;
	out->end = end;
	return 0;
}

void
kn_htmltext_map(const kn_htmltext *t, size_t off, size_t len,
	size_t *in_off, size_t *in_len)
{
	size_t s, e;

	if (t->len == 0) {
		*in_off = 0;
		*in_len = 0;
		return;
	}
	if (off >= t->len)
		off = t->len - 1;
	if (len > t->len - off)
		len = t->len - off;
	s = t->map[off];
	e = len == 0 ? s : t->end[off + len - 1];
	*in_off = s;
	*in_len = e - s;
}
