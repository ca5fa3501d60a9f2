/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	authres 3
 * SUMMARY
 *	parse Authentication-Results header fields
 * DESCRIPTION
 *	kn_authres_parse() removes comments, splits the value at ';'
 *	outside quoted strings, takes the authserv-id from the first
 *	piece (unless that piece is already a result, as in the fields
 *	Microsoft 365 writes without one; authserv_id is then NULL) and
 *	one result from each later piece: "method[/version]=
 *	result", then "reason=" and "ptype.property=value" items. White
 *	space around '=' is allowed (CFWS in the grammar).
 * STANDARDS
 *	RFC 8601 section 2.2 (syntax), 2.3 (authserv-id), 2.7 (methods).
 * LIMITS
 *	Values are cut at KN_AUTHRES_VALUE_MAX bytes; comment nesting is
 *	bounded by KN_AUTHRES_DEPTH.
 *--*/
#include "message/parse.h"

#include <string.h>

#include "util/str.h"

/* Longest Authentication-Results value parsed (real ones are < 4 KiB). */
#define KN_AUTHRES_VALUE_MAX ((size_t)256 * 1024)
/* Comment nesting kept track of; deeper parentheses count as text. */
#define KN_AUTHRES_DEPTH 32

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Copy without comments and folds; white space around '=' removed. */
static void
clean(kn_buf *b, const char *raw, size_t len)
{
	unsigned depth = 0;
	bool quoted = false;

	for (size_t i = 0; i < len; i++) {
		char c = raw[i];
		if (quoted) {
			if (c == '\\' && i + 1 < len) {
				kn_buf_addc(b, raw[++i]);
				continue;
			}
			if (c == '"')
				quoted = false;
			if (c != '\r' && c != '\n')
				kn_buf_addc(b, c);
			continue;
		}
		if (depth > 0) {
			if (c == '\\')
				i++;
			else if (c == '(' && depth < KN_AUTHRES_DEPTH)
				depth++;
			else if (c == ')')
				depth--;
			continue;
		}
		if (c == '(') {
			depth = 1;
			kn_buf_addc(b, ' ');
		} else if (c == '"') {
			quoted = true;
			kn_buf_addc(b, c);
		} else if (is_ws(c)) {
			if (b->len > 0 && b->data[b->len - 1] != ' ' &&
			    b->data[b->len - 1] != '=')
				kn_buf_addc(b, ' ');
		} else if (c == '=') {
			if (b->len > 0 && b->data[b->len - 1] == ' ')
				b->len--;
			kn_buf_addc(b, c);
		} else {
			kn_buf_addc(b, c);
		}
	}
}

/* Next space-separated token of s[*i..n), quotes respected. */
static kn_slice
next_token(const char *s, size_t n, size_t *i)
{
	kn_slice t;
	bool q = false;

	while (*i < n && s[*i] == ' ')
		(*i)++;
	t.p = s + *i;
	while (*i < n && (q || s[*i] != ' ')) {
		if (s[*i] == '"')
			q = !q;
		(*i)++;
	}
	t.len = (size_t)(s + *i - t.p);
	return t;
}

static char *
unquote(kn_arena *ar, const char *p, size_t n)
{
	if (n >= 2 && p[0] == '"' && p[n - 1] == '"') {
		p++;
		n -= 2;
	}
	return kn_strndup(ar, p, n);
}

static void
one_result(kn_arena *ar, const char *s, size_t n, const char *authserv,
	unsigned occ, kn_vec *out)
{
	size_t i = 0;
	kn_slice t = next_token(s, n, &i);
	const char *eq, *slash;
	kensa_auth_result *r;
	kn_buf props;

	if (t.len == 0 || (eq = memchr(t.p, '=', t.len)) == NULL)
		return; /* "none" or junk */
	r = kn_vec_push(ar, out, sizeof(*r));
	if (r == NULL)
		return;
	r->authserv_id = authserv;
	r->header = occ;
	slash = memchr(t.p, '/', (size_t)(eq - t.p));
	r->method = kn_str_lower(ar, kn_strndup(ar, t.p,
		(size_t)((slash ? slash : eq) - t.p)));
	r->result = kn_str_lower(ar, unquote(ar, eq + 1,
		(size_t)(t.p + t.len - eq - 1)));
	kn_buf_init(&props, KN_AUTHRES_VALUE_MAX);
	/* Bounded by n: each token advances i. */
	while (i < n) {
		t = next_token(s, n, &i);
		if (t.len == 0)
			break;
		if (kn_str_iprefix(t.p, t.len, "reason=")) {
			r->reason = unquote(ar, t.p + 7, t.len - 7);
			continue;
		}
		if (props.len > 0)
			kn_buf_addc(&props, ' ');
		kn_buf_add(&props, t.p, t.len);
	}
	if (props.len > 0 && props.err == 0)
		r->properties = kn_strndup(ar, props.data, props.len);
	kn_buf_dispose(&props);
}

/* Does the first piece lack the authserv-id, i.e. is it already a
 * "method=result" (an authserv-id is a token or quoted-string and a
 * token cannot hold '=')? */
static bool
lacks_authserv_id(kn_slice seg)
{
	if (seg.len == 0 || seg.p[0] == '"')
		return false;
	for (size_t i = 0; i < seg.len; i++) {
		unsigned char c = (unsigned char)seg.p[i];
		if (c == '=')
			return true;
		if (c == ' ' || c == '\t')
			return false;
	}
	return false;
}

size_t
kn_authres_parse(kn_arena *ar, const char *raw, size_t len, unsigned occ,
	kn_vec *out, size_t max)
{
	kn_buf b;
	size_t before = out->count, start = 0, i;
	const char *authserv = NULL;
	bool first = true, q = false;

	kn_buf_init(&b, KN_AUTHRES_VALUE_MAX);
	clean(&b, raw, len > KN_AUTHRES_VALUE_MAX ? KN_AUTHRES_VALUE_MAX : len);
	if (b.err || b.len == 0) {
		kn_buf_dispose(&b);
		return 0;
	}
	for (i = 0; i <= b.len; i++) {
		if (i < b.len && b.data[i] == '"')
			q = !q;
		if (i < b.len && (q || b.data[i] != ';'))
			continue;
		{
			kn_slice seg = kn_slice_trim((kn_slice){ b.data + start,
				i - start });
			if (first && !lacks_authserv_id(seg)) {
				size_t k = 0;
				kn_slice id = next_token(seg.p, seg.len, &k);
				authserv = kn_strndup(ar, id.p, id.len);
				first = false;
			} else if (first) {
				/* Microsoft 365 writes "spf=pass ...; dkim=..."
				 * with no authserv-id: the first piece is a
				 * result already. */
				first = false;
				if (seg.len > 0 && out->count < max)
					one_result(ar, seg.p, seg.len, NULL, occ,
						out);
			} else if (seg.len > 0 && out->count < max) {
				one_result(ar, seg.p, seg.len, authserv, occ, out);
			}
		}
		start = i + 1;
	}
	kn_buf_dispose(&b);
	return out->count - before;
}
