/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	spf_macro 3
 * SUMMARY
 *	SPF macro-strings: syntax check and expansion (RFC 7208 section 7)
 * SYNOPSIS
 *	#include "auth/spf.h"
 * DESCRIPTION
 *	macro-string = *( macro-expand / macro-literal )
 *	macro-expand = "%{" letter *DIGIT ["r"] *delimiter "}" / "%%" /
 *	               "%_" / "%-"
 *	Letters s l o d i p h v everywhere; c r t only in an explanation
 *	(7.2). An upper-case letter URL-escapes its value (7.3, RFC 3986
 *	2.3 unreserved characters kept). The value is split on the
 *	delimiters (default "."), reversed by "r", cut to the right-most
 *	DIGIT parts (non-zero) and joined with "." (7.3).
 *	%{i} of IPv6 is the dot-separated nibble form (7.3); %{c} is the
 *	address in its usual text form; %{p} is the validated name (5.5).
 * LIMITS
 *	KN_SPF_MAX_EXPANSION bytes of output; KN_SPF_MAX_PTR_NAMES names
 *	tried for %{p}; a value splits into at most KN_SPF_MACRO_MAX_PARTS
 *	parts.
 * ERRORS
 *	KENSA_EINVAL (syntax), KENSA_ETOOBIG, KENSA_ENOMEM.
 *--*/
#include "auth/spf.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <kensa/errors.h>

#include "util/buf.h"

/* Parts of one macro value: a value is at most a few hundred bytes
 * (a domain is 253), every part needs a delimiter, so the expansion
 * cap bounds it. */
#define KN_SPF_MACRO_MAX_PARTS (KN_SPF_MAX_EXPANSION / 2 + 1)
/* DIGIT transformer: RFC 7208 7.3 requires support up to 128; a larger
 * value just keeps every part. Bounds the digits read. */
#define KN_SPF_MACRO_MAX_DIGITS 3

static bool
is_delim(char c)
{
	return c == '.' || c == '-' || c == '+' || c == ',' || c == '/' ||
		c == '_' || c == '=';
}

static char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool
letter_ok(char c, bool explain)
{
	switch (lower(c)) {
	case 's': case 'l': case 'o': case 'd': case 'i': case 'p':
	case 'h': case 'v':
		return true;
	case 'c': case 'r': case 't':
		return explain;
	default:
		return false;
	}
}

/*
 * Parse one "%{...}" at s[i] == '%' , s[i+1] == '{'. On success set
 * *letter, *digits (0: none), *rev, *delims (slice) and return the index
 * after "}"; on error return 0.
 */
static size_t
parse_expand(const char *s, size_t len, size_t i, bool explain, char *letter,
	unsigned *digits, bool *rev, size_t *dstart, size_t *dlen)
{
	size_t nd = 0;

	i += 2;
	if (i >= len || !letter_ok(s[i], explain))
		return 0;
	*letter = s[i++];
	*digits = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		if (nd < KN_SPF_MACRO_MAX_DIGITS)
			*digits = *digits * 10 + (unsigned)(s[i] - '0');
		else
			*digits = 1000; /* more than any value has parts */
		nd++;
		i++;
	}
	if (nd > 0 && *digits == 0)
		return 0; /* 7.3: the DIGIT value MUST be nonzero */
	*rev = false;
	if (i < len && (s[i] == 'r' || s[i] == 'R')) {
		*rev = true;
		i++;
	}
	*dstart = i;
	while (i < len && is_delim(s[i]))
		i++;
	*dlen = i - *dstart;
	if (i >= len || s[i] != '}')
		return 0;
	return i + 1;
}

bool
kn_spf_macro_valid(const char *s, size_t len, bool explain)
{
	size_t i = 0;

	if (s == NULL)
		return len == 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			char letter;
			unsigned digits;
			bool rev;
			size_t ds, dl, next;

			if (i + 1 >= len)
				return false;
			if (s[i + 1] == '%' || s[i + 1] == '_' || s[i + 1] == '-') {
				i += 2;
				continue;
			}
			if (s[i + 1] != '{')
				return false;
			next = parse_expand(s, len, i, explain, &letter, &digits,
				&rev, &ds, &dl);
			if (next == 0)
				return false;
			i = next;
			continue;
		}
		/* macro-literal = %x21-24 / %x26-7E; explain-string adds SP. */
		if (c == ' ' ? !explain : (c < 0x21 || c > 0x7e))
			return false;
		i++;
	}
	return true;
}

static const char *
ip_dotted(kn_arena *ar, const kn_ip *ip)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[16 * 4];
	size_t n = 0;

	if (ip->family == 4)
		return kn_sprintf(ar, "%u.%u.%u.%u", ip->b[0], ip->b[1],
			ip->b[2], ip->b[3]);
	for (int i = 0; i < 16; i++) {
		tmp[n++] = hex[ip->b[i] >> 4];
		tmp[n++] = '.';
		tmp[n++] = hex[ip->b[i] & 0x0f];
		tmp[n++] = '.';
	}
	return kn_strndup(ar, tmp, n - 1);
}

static const char *
ip_text(kn_arena *ar, const kn_ip *ip)
{
	char tmp[INET6_ADDRSTRLEN];

	if (inet_ntop(ip->family == 4 ? AF_INET : AF_INET6, ip->b, tmp,
	    sizeof(tmp)) == NULL)
		return "unknown";
	return kn_strdup(ar, tmp);
}

static const char *
letter_value(const kn_spf_macro_ctx *ctx, char letter)
{
	const char *v = NULL;

	switch (lower(letter)) {
	case 's': v = ctx->sender; break;
	case 'l': v = ctx->local; break;
	case 'o': v = ctx->sender_domain; break;
	case 'd': v = ctx->domain; break;
	case 'h': v = ctx->helo; break;
	case 'i': v = ip_dotted(ctx->ar, ctx->ip); break;
	case 'c': v = ip_text(ctx->ar, ctx->ip); break;
	case 'v': v = ctx->ip->family == 4 ? "in-addr" : "ip6"; break;
	case 'r': v = ctx->receiver ? ctx->receiver : "unknown"; break;
	case 't': v = kn_sprintf(ctx->ar, "%lld", (long long)ctx->now); break;
	case 'p': v = kn_spf_validated_name(ctx, ctx->domain); break;
	default: break;
	}
	return v ? v : "";
}

/* RFC 3986 2.3 unreserved characters. */
static bool
unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		c == '~';
}

/* Append the transformed value (7.3) to b. */
static void
add_transformed(kn_buf *b, const char *v, unsigned digits, bool rev,
	const char *delims, size_t dlen, bool escape)
{
	size_t vlen = strlen(v), nparts = 0, first;
	size_t starts[64], lens[64];
	size_t *ps = starts, *pl = lens;
	size_t pos = 0;
	kn_arena tmp;

	kn_arena_init(&tmp);
	/* Count parts to size the arrays: a part per delimiter + 1. */
	{
		size_t count = 1;

		for (size_t i = 0; i < vlen; i++)
			if (dlen ? memchr(delims, v[i], dlen) != NULL : v[i] == '.')
				count++;
		if (count > KN_SPF_MACRO_MAX_PARTS) {
			b->err = KENSA_ETOOBIG;
			return;
		}
		if (count > 64) {
			ps = kn_calloc(&tmp, count, sizeof(*ps));
			pl = kn_calloc(&tmp, count, sizeof(*pl));
			if (ps == NULL || pl == NULL) {
				b->err = KENSA_ENOMEM;
				kn_arena_dispose(&tmp);
				return;
			}
		}
	}
	for (size_t i = 0; i <= vlen; i++) {
		if (i == vlen || (dlen ? memchr(delims, v[i], dlen) != NULL :
		    v[i] == '.')) {
			ps[nparts] = pos;
			pl[nparts] = i - pos;
			nparts++;
			pos = i + 1;
		}
	}
	first = (digits > 0 && digits < nparts) ? nparts - digits : 0;
	for (size_t k = first; k < nparts; k++) {
		/* Reverse first, then keep the right-most parts. */
		size_t idx = rev ? nparts - 1 - k : k;

		if (k > first)
			kn_buf_addc(b, '.');
		for (size_t j = 0; j < pl[idx]; j++) {
			unsigned char c = (unsigned char)v[ps[idx] + j];

			if (escape && !unreserved(c))
				kn_buf_printf(b, "%%%02X", c);
			else
				kn_buf_addc(b, (char)c);
		}
	}
	kn_arena_dispose(&tmp);
}

int
kn_spf_macro_expand(const kn_spf_macro_ctx *ctx, const char *s, size_t len,
	bool explain, char **out)
{
	kn_buf b;
	size_t i = 0;
	int rc = 0;

	if (ctx == NULL || out == NULL || (s == NULL && len > 0))
		return KENSA_EINVAL;
	*out = NULL;
	if (!kn_spf_macro_valid(s, len, explain))
		return KENSA_EINVAL;
	kn_buf_init(&b, KN_SPF_MAX_EXPANSION);
	while (i < len && b.err == 0) {
		char letter;
		unsigned digits;
		bool rev;
		size_t ds, dl;

		if (s[i] != '%') {
			kn_buf_addc(&b, s[i++]);
			continue;
		}
		switch (s[i + 1]) {
		case '%': kn_buf_addc(&b, '%'); i += 2; continue;
		case '_': kn_buf_addc(&b, ' '); i += 2; continue;
		case '-': kn_buf_adds(&b, "%20"); i += 2; continue;
		default: break;
		}
		i = parse_expand(s, len, i, explain, &letter, &digits, &rev, &ds,
			&dl);
		if (i == 0) {
			rc = KENSA_EINVAL;
			break;
		}
		add_transformed(&b, letter_value(ctx, letter), digits, rev,
			s + ds, dl, letter >= 'A' && letter <= 'Z');
	}
	if (rc == 0 && b.err)
		rc = b.err;
	if (rc == 0) {
		*out = kn_strdup(ctx->ar, kn_buf_cstr(&b));
		if (*out == NULL)
			rc = KENSA_ENOMEM;
	}
	kn_buf_dispose(&b);
	return rc;
}

static bool
same_addr(const kn_dns_rr *rr, const kn_ip *ip)
{
	return memcmp(rr->u.addr, ip->b, ip->family == 4 ? 4 : 16) == 0;
}

/* Is name equal to target or a subdomain of it (ASCII case-insensitive)? */
static bool
name_within(const char *name, const char *target)
{
	size_t nl = strlen(name), tl = strlen(target);

	if (tl > 0 && target[tl - 1] == '.')
		tl--;
	if (nl > 0 && name[nl - 1] == '.')
		nl--;
	if (nl < tl || strncasecmp(name + nl - tl, target, tl) != 0)
		return false;
	return nl == tl || name[nl - tl - 1] == '.';
}

const char *
kn_spf_validated_name(const kn_spf_macro_ctx *ctx, const char *target)
{
	const kn_dns_answer *ptr, *addrs;
	const char *any = NULL;
	char *rev;
	size_t n;

	rev = kn_dns_reverse_name(ctx->ar, ctx->ip->family, ctx->ip->b);
	if (rev == NULL || kn_dns_query(ctx->res, rev, KN_DNS_PTR, &ptr) < 0 ||
	    ptr->status != KN_DNS_NOERROR)
		return "unknown";
	n = ptr->count < KN_SPF_MAX_PTR_NAMES ? ptr->count : KN_SPF_MAX_PTR_NAMES;
	for (size_t i = 0; i < n; i++) {
		const char *name = ptr->rrs[i].u.name;

		if (kn_dns_query(ctx->res, name, ctx->ip->family == 4 ?
		    KN_DNS_A : KN_DNS_AAAA, &addrs) < 0 ||
		    addrs->status != KN_DNS_NOERROR)
			continue; /* 5.5: a DNS error skips the name */
		for (size_t j = 0; j < addrs->count; j++) {
			if (!same_addr(&addrs->rrs[j], ctx->ip))
				continue;
			if (target != NULL && name_within(name, target))
				return name;
			if (any == NULL)
				any = name;
			break;
		}
	}
	return any ? any : "unknown";
}
