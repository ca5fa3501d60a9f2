/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	address 3
 * SUMMARY
 *	parse RFC 5322 address lists into mailboxes
 * DESCRIPTION
 *	kn_address_list_parse() reads a raw (still folded) To/From/Cc-like
 *	value token by token: quoted strings, comments (nested), angle
 *	addresses, atoms and the separators , : ;. Groups are flattened.
 *	The display name is the phrase before the angle address with
 *	quoted strings unquoted, then RFC 2047 decoded by our own decoder
 *	(kn_rfc2047_decode), words joined by one space; when there is no
 *	phrase, the first comment stands in for it. The addr-spec loses
 *	white space, comments and an obsolete source route.
 * STANDARDS
 *	RFC 5322 sections 3.2.2-3.2.4, 3.4, 4.4; RFC 2047 section 5(3).
 * LIMITS
 *	Comment nesting is bounded by KN_COMMENT_DEPTH; each mailbox's
 *	phrase and address by KN_ADDR_PART_MAX bytes.
 *--*/
#include "message/parse.h"

#include <string.h>

#include "util/charset.h"
#include "util/str.h"

/* Deeper comment nesting than this is treated as text (RFC 5322 sets
 * no limit; real mail nests one or two levels). */
#define KN_COMMENT_DEPTH 64
/* Longest phrase or address collected for one mailbox. */
#define KN_ADDR_PART_MAX ((size_t)64 * 1024)

struct mbox {
	kn_buf phrase;   /* raw phrase, quoted strings unquoted */
	kn_buf comment;  /* first comment's text */
	kn_buf addr;     /* angle address content */
	bool angle;
	bool space;      /* white space seen since the last phrase word */
};

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
is_special(char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == ',' ||
	       c == ';' || c == ':' || c == '"' || c == '\\';
}

/* Skip a comment starting at raw[i] == '('; copy its text to dst
 * (NULL: discard). Returns the index after it. */
static size_t
skip_comment(const char *raw, size_t len, size_t i, kn_buf *dst)
{
	unsigned depth = 0;

	for (; i < len; i++) {
		char c = raw[i];
		if (c == '\\' && i + 1 < len) {
			if (dst)
				kn_buf_addc(dst, raw[i + 1]);
			i++;
			continue;
		}
		if (c == '(') {
			if (depth > 0 && dst && depth < KN_COMMENT_DEPTH)
				kn_buf_addc(dst, c);
			if (depth < KN_COMMENT_DEPTH)
				depth++;
			continue;
		}
		if (c == ')') {
			if (--depth == 0)
				return i + 1;
			if (dst)
				kn_buf_addc(dst, c);
			continue;
		}
		if (dst && c != '\r' && c != '\n')
			kn_buf_addc(dst, c);
	}
	return len;
}

static void
phrase_sep(struct mbox *m)
{
	if (m->space && m->phrase.len > 0)
		kn_buf_addc(&m->phrase, ' ');
	m->space = false;
}

static void
mbox_reset(struct mbox *m)
{
	kn_buf_reset(&m->phrase);
	kn_buf_reset(&m->comment);
	kn_buf_reset(&m->addr);
	m->angle = false;
	m->space = false;
}

/* Copy s without white space; drop an obsolete route "@a,@b:". */
static char *
clean_addr(kn_arena *ar, const char *s, size_t n)
{
	char *res = kn_alloc(ar, n + 1);
	size_t k = 0;
	const char *colon;

	if (res == NULL)
		return NULL;
	if (n > 0 && s[0] == '@' && (colon = memchr(s, ':', n)) != NULL) {
		n -= (size_t)(colon + 1 - s);
		s = colon + 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!is_ws(s[i]))
			res[k++] = s[i];
	}
	res[k] = '\0';
	return res;
}

static char *
domain_of(kn_arena *ar, const char *addr)
{
	const char *at = strrchr(addr, '@');
	size_t n;

	if (at == NULL || at[1] == '\0')
		return NULL;
	n = strlen(at + 1);
	while (n > 0 && at[1 + n - 1] == '.')
		n--;
	if (n == 0)
		return NULL;
	return kn_str_lower(ar, kn_strndup(ar, at + 1, n));
}

static size_t
mbox_end(kn_arena *ar, struct mbox *m, kn_vec *out, size_t max,
	unsigned *flags)
{
	kensa_address *ad;
	const char *addr = NULL;
	size_t alen = 0;
	const char *name = NULL;
	size_t nlen = 0;

	if (m->angle) {
		addr = m->addr.data ? m->addr.data : "";
		alen = m->addr.len;
		name = m->phrase.data;
		nlen = m->phrase.len;
	} else if (m->phrase.len > 0) {
		addr = m->phrase.data;
		alen = m->phrase.len;
	}
	if (addr == NULL) {
		mbox_reset(m);
		return 0;
	}
	if (nlen == 0 && m->comment.len > 0) {
		name = m->comment.data;
		nlen = m->comment.len;
	}
	if (out->count < max && (ad = kn_vec_push(ar, out, sizeof(*ad))) != NULL) {
		ad->address = clean_addr(ar, addr, alen);
		if (ad->address != NULL && ad->address[0] == '\0')
			ad->address = NULL;
		if (ad->address != NULL)
			ad->domain = domain_of(ar, ad->address);
		if (name != NULL && nlen > 0) {
			ad->display_name = kn_rfc2047_dup(ar, name, nlen, flags);
			if (ad->display_name != NULL && ad->display_name[0] == '\0')
				ad->display_name = NULL;
		}
	}
	mbox_reset(m);
	return 1;
}

size_t
kn_address_list_parse(kn_arena *ar, const char *raw, size_t len, kn_vec *out,
	size_t max, unsigned *flags)
{
	struct mbox m;
	size_t i = 0, seen = 0;
	unsigned dummy = 0;

	if (flags == NULL)
		flags = &dummy;
	kn_buf_init(&m.phrase, KN_ADDR_PART_MAX);
	kn_buf_init(&m.comment, KN_ADDR_PART_MAX);
	kn_buf_init(&m.addr, KN_ADDR_PART_MAX);
	mbox_reset(&m);

	/* Every branch advances i. */
	while (i < len) {
		char c = raw[i];

		if (is_ws(c)) {
			m.space = true;
			i++;
		} else if (c == '(') {
			i = skip_comment(raw, len, i, m.comment.len == 0 ?
				&m.comment : NULL);
			m.space = true;
		} else if (c == '"') {
			phrase_sep(&m);
			for (i++; i < len && raw[i] != '"'; i++) {
				if (raw[i] == '\\' && i + 1 < len)
					i++;
				if (raw[i] != '\r' && raw[i] != '\n')
					kn_buf_addc(&m.phrase, raw[i]);
			}
			i++; /* closing quote (or past the end) */
		} else if (c == '<') {
			kn_buf_reset(&m.addr);
			for (i++; i < len && raw[i] != '>'; ) {
				if (raw[i] == '(') {
					i = skip_comment(raw, len, i, NULL);
				} else if (raw[i] == '"') {
					/* quoted local part: keep the quotes */
					kn_buf_addc(&m.addr, raw[i++]);
					while (i < len && raw[i] != '"') {
						if (raw[i] == '\\' && i + 1 < len)
							kn_buf_addc(&m.addr, raw[i++]);
						kn_buf_addc(&m.addr, raw[i++]);
					}
					if (i < len)
						kn_buf_addc(&m.addr, raw[i++]);
				} else {
					if (!is_ws(raw[i]))
						kn_buf_addc(&m.addr, raw[i]);
					i++;
				}
			}
			i++;
			m.angle = true;
		} else if (c == ',') {
			seen += mbox_end(ar, &m, out, max, flags);
			i++;
		} else if (c == ';') {
			seen += mbox_end(ar, &m, out, max, flags);
			i++;
		} else if (c == ':' && !m.angle) {
			/* group display name: dropped (groups are flattened) */
			kn_buf_reset(&m.phrase);
			kn_buf_reset(&m.comment);
			m.space = false;
			i++;
		} else if (c == '>' || c == ')' || c == '\\' || c == ':') {
			i++; /* stray special: ignore */
		} else {
			size_t j = i;
			phrase_sep(&m);
			while (j < len && !is_ws(raw[j]) && !is_special(raw[j]))
				j++;
			if (j == i)
				j++;
			kn_buf_add(&m.phrase, raw + i, j - i);
			i = j;
		}
	}
	seen += mbox_end(ar, &m, out, max, flags);
	if (m.phrase.err || m.addr.err || m.comment.err)
		*flags |= KN_HDR_BADWORD;
	kn_buf_dispose(&m.phrase);
	kn_buf_dispose(&m.comment);
	kn_buf_dispose(&m.addr);
	return seen;
}
