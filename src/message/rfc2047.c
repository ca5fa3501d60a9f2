/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	rfc2047 3
 * SUMMARY
 *	decode header values: unfolding, encoded-words, raw 8-bit text
 * DESCRIPTION
 *	kn_rfc2047_decode() reads a raw header value once, left to right.
 *	Each encoded-word is decoded on its own (B: base64 per word, so
 *	"=?UTF-8?B?YQ==?= =?UTF-8?B?Yg==?=" is "ab"; GMime 3.2.13 joins
 *	the base64 text of adjacent words first and loses the second);
 *	the decoded bytes of adjacent words in one charset are collected
 *	and converted together, so an ISO-2022-JP or UTF-8 sequence split
 *	across words decodes whole. Folding inside a word (a line break
 *	and its indentation) is removed, as lenient readers do.
 * STANDARDS
 *	RFC 2047 sections 2, 4, 5 and 6.2; RFC 2231 section 5; RFC 5322
 *	section 2.2.3 (unfolding); RFC 6532 (raw UTF-8 headers).
 * LIMITS
 *	An encoded-word longer than KN_EW_MAX bytes is left as text. The
 *	decoded value is capped at KN_HDR_DECODED_MAX bytes.
 *--*/
#include "message/parse.h"

#include <string.h>
#include <strings.h>

#include "util/charset.h"

/* RFC 2047 section 2 caps a word at 75 bytes; real mail exceeds it, so
 * accept far longer words but stop scanning somewhere. */
#define KN_EW_MAX 8192
/* RFC 2047 charset tokens are short; IANA names are under 45 bytes. */
#define KN_EW_CHARSET_MAX 64
/* Largest decoded header value (the 135 KB mimekit torture field fits). */
#define KN_HDR_DECODED_MAX ((size_t)4 * 1024 * 1024)

struct ew {
	const char *cs;
	size_t cslen;
	char enc;
	const char *text;
	size_t textlen;
	size_t total;
};

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Parse "=?charset?enc?text?=" at s (n bytes). */
static bool
parse_ew(const char *s, size_t n, struct ew *ew)
{
	size_t i = 2, j;

	if (n < 8 || s[0] != '=' || s[1] != '?')
		return false;
	while (i < n && s[i] != '?') {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c >= 0x7f || c == '=' || i - 2 >= KN_EW_CHARSET_MAX)
			return false;
		i++;
	}
	if (i == 2 || i + 2 >= n || s[i + 2] != '?')
		return false;
	ew->cs = s + 2;
	ew->cslen = i - 2;
	ew->enc = s[i + 1];
	if (ew->enc != 'B' && ew->enc != 'b' && ew->enc != 'Q' && ew->enc != 'q')
		return false;
	ew->text = s + i + 3;
	for (j = i + 3; j + 1 < n && j - i < KN_EW_MAX; j++) {
		if (s[j] == '?' && s[j + 1] == '=') {
			ew->textlen = j - (i + 3);
			ew->total = j + 2;
			return true;
		}
		if (s[j] == '=' && s[j + 1] == '?' && !(j + 2 < n && s[j + 2] == '='))
			return false; /* the next word starts: this one is open */
	}
	return false;
}

static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Base64 of one word; '=' ends a group (padding mid-text is repaired). */
static unsigned
decode_b(kn_buf *dst, const char *t, size_t n)
{
	unsigned acc = 0, k = 0, flags = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		int v = b64val(c);

		if (v < 0) {
			if (c == '=') {
				if (k == 2)
					kn_buf_addc(dst, (char)(acc >> 4));
				else if (k == 3) {
					kn_buf_addc(dst, (char)(acc >> 10));
					kn_buf_addc(dst, (char)(acc >> 2));
				}
				acc = k = 0;
			} else if (!is_ws((char)c)) {
				flags |= KN_HDR_BADWORD;
			}
			continue;
		}
		acc = (acc << 6) | (unsigned)v;
		if (++k == 4) {
			char b[3] = { (char)(acc >> 16), (char)(acc >> 8), (char)acc };
			kn_buf_add(dst, b, 3);
			acc = k = 0;
		}
	}
	if (k == 2)
		kn_buf_addc(dst, (char)(acc >> 4));
	else if (k == 3) {
		kn_buf_addc(dst, (char)(acc >> 10));
		kn_buf_addc(dst, (char)(acc >> 2));
	} else if (k == 1) {
		flags |= KN_HDR_BADWORD;
	}
	return flags;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Q of one word (RFC 2047 section 4.2); folds inside are removed. */
static unsigned
decode_q(kn_buf *dst, const char *t, size_t n)
{
	unsigned flags = 0;

	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		if (c == '\r' || c == '\n') {
			while (i + 1 < n && is_ws(t[i + 1]))
				i++;
		} else if (c == '_') {
			kn_buf_addc(dst, ' ');
		} else if (c == '=' && i + 2 < n && hexval(t[i + 1]) >= 0 &&
		    hexval(t[i + 2]) >= 0) {
			kn_buf_addc(dst, (char)(hexval(t[i + 1]) * 16 + hexval(t[i + 2])));
			i += 2;
		} else {
			if (c == '=')
				flags |= KN_HDR_BADWORD;
			kn_buf_addc(dst, c);
		}
	}
	return flags;
}

static bool
same_charset(const char *a, size_t alen, const char *b, size_t blen)
{
	const char *s;

	if ((s = memchr(a, '*', alen)) != NULL)
		alen = (size_t)(s - a);
	if ((s = memchr(b, '*', blen)) != NULL)
		blen = (size_t)(s - b);
	return alen == blen && strncasecmp(a, b, alen) == 0;
}

/* White space as written; a run holding a fold becomes one space. */
static void
add_ws(kn_buf *out, const char *p, size_t n)
{
	if (memchr(p, '\n', n) != NULL || memchr(p, '\r', n) != NULL)
		kn_buf_addc(out, ' ');
	else
		kn_buf_add(out, p, n);
}

struct dec {
	kn_buf *out;
	kn_buf pend;      /* decoded bytes of adjacent words */
	const char *pcs;  /* their charset */
	size_t pcslen;
	const char *guess; /* charset guessed for raw 8-bit text */
	unsigned flags;
};

static void
flush(struct dec *d)
{
	if (d->pcs == NULL)
		return;
	d->flags |= kn_charset_decode(d->out, d->pcs, d->pcslen,
		d->pend.data ? d->pend.data : "", d->pend.len, NULL);
	kn_buf_reset(&d->pend);
	d->pcs = NULL;
}

static void
add_text(struct dec *d, const char *raw, size_t len, const char *p, size_t n)
{
	if (!kn_charset_needs_decode(p, n)) {
		kn_buf_add(d->out, p, n);
		return;
	}
	if (d->guess == NULL)
		d->guess = kn_charset_guess(raw, len);
	d->flags |= KN_HDR_RAW8BIT;
	d->flags |= kn_charset_decode(d->out, d->guess, strlen(d->guess), p, n,
		NULL) & ~(unsigned)(KN_CS_GUESSED | KN_CS_MISLABELLED);
}

unsigned
kn_rfc2047_decode(kn_buf *out, const char *raw, size_t len)
{
	struct dec d = { .out = out };
	size_t start = out->len, i = 0;
	size_t held = 0, held_len = 0;
	bool prev_ew = false;

	kn_buf_init(&d.pend, KN_HDR_DECODED_MAX);
	/* Every pass consumes at least one byte. */
	while (i < len && out->err == 0) {
		struct ew ew;
		char c = raw[i];

		if (c == '=' && i + 1 < len && raw[i + 1] == '?' &&
		    parse_ew(raw + i, len - i, &ew)) {
			if (d.pcs != NULL &&
			    !same_charset(d.pcs, d.pcslen, ew.cs, ew.cslen))
				flush(&d);
			if (d.pcs == NULL) {
				d.pcs = ew.cs;
				d.pcslen = ew.cslen;
			}
			if (ew.enc == 'B' || ew.enc == 'b')
				d.flags |= decode_b(&d.pend, ew.text, ew.textlen);
			else
				d.flags |= decode_q(&d.pend, ew.text, ew.textlen);
			i += ew.total;
			prev_ew = true;
			held_len = 0;
			continue;
		}
		if (is_ws(c)) {
			size_t j = i;
			while (j < len && is_ws(raw[j]))
				j++;
			if (prev_ew) {
				held = i;
				held_len = j - i;
			} else {
				add_ws(out, raw + i, j - i);
			}
			i = j;
			continue;
		}
		flush(&d);
		if (prev_ew && held_len > 0)
			add_ws(out, raw + held, held_len);
		prev_ew = false;
		held_len = 0;
		{
			size_t j = i + 1;
			while (j < len && !is_ws(raw[j]) &&
			    !(raw[j] == '=' && j + 1 < len && raw[j + 1] == '?'))
				j++;
			add_text(&d, raw, len, raw + i, j - i);
			i = j;
		}
	}
	flush(&d);
	if (d.pend.err && out->err == 0)
		out->err = d.pend.err;
	kn_buf_dispose(&d.pend);
	if (out->err == 0 && out->data != NULL) {
		size_t b = start, e = out->len;
		while (b < e && (out->data[b] == ' ' || out->data[b] == '\t'))
			b++;
		while (e > b && (out->data[e - 1] == ' ' || out->data[e - 1] == '\t'))
			e--;
		memmove(out->data + start, out->data + b, e - b);
		out->len = start + (e - b);
		out->data[out->len] = '\0';
	}
	return d.flags;
}

char *
kn_rfc2047_dup(kn_arena *ar, const char *raw, size_t len, unsigned *flags)
{
	kn_buf b;
	unsigned f;
	char *res = NULL;

	kn_buf_init(&b, KN_HDR_DECODED_MAX);
	f = kn_rfc2047_decode(&b, raw, len);
	if (flags != NULL)
		*flags |= f;
	if (b.err == 0)
		res = kn_strndup(ar, b.data ? b.data : "", b.len);
	else if (b.err != 0 && flags != NULL)
		*flags |= KN_HDR_BADWORD;
	kn_buf_dispose(&b);
	return res;
}
