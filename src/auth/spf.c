/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	spf 3
 * SUMMARY
 *	RFC 7208 check_host(): record selection, mechanisms, modifiers
 * SYNOPSIS
 *	#include "auth/spf.h"
 * DESCRIPTION
 *	check_host(<ip>, <domain>, <sender>):
 *	4.3  a malformed or single-label <domain> gives "none"; a sender
 *	     without local-part reads "postmaster@domain".
 *	4.4  TXT lookup: SERVFAIL/timeout give "temperror", NXDOMAIN "none".
 *	4.5  exactly one record starting "v=spf1" (case-insensitive) then
 *	     SP or end, strings of a TXT joined with nothing between (3.3);
 *	     none gives "none", several "permerror"; type 99 is not asked.
 *	4.6  the whole record is parsed first: any syntax error (unknown
 *	     mechanism, bad CIDR, bad macro, c/r/t outside exp, duplicate
 *	     redirect or exp, characters outside %x21-7E) is "permerror".
 *	     Mechanisms run left to right; the first match gives its
 *	     qualifier; else redirect= (6.1, ignored when "all" is present),
 *	     else "neutral".
 *	5    all, include (5.2 table), a, mx, ptr, ip4, ip6, exists, with
 *	     dual CIDR lengths; IPv4-mapped IPv6 clients are IPv4.
 *	6.2  exp= is looked up for "fail" only; any trouble with it just
 *	     leaves no explanation.
 * LIMITS
 *	KN_SPF_MAX_DNS_MECHS terms with DNS lookups (include, a, mx, ptr,
 *	exists, redirect), KN_SPF_MAX_VOID_LOOKUPS, KN_SPF_MAX_MX_NAMES,
 *	KN_SPF_MAX_PTR_NAMES, KN_SPF_MAX_DEPTH, KN_SPF_MAX_DOMAIN.
 * ERRORS
 *	Functions return KENSA_EINVAL or KENSA_ENOMEM only for failures of
 *	kensa; everything about the policy and the DNS is a result.
 *--*/
#include "auth/spf.h"

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include <kensa/errors.h>

typedef enum mech_kind {
	M_ALL, M_INCLUDE, M_A, M_MX, M_PTR, M_IP4, M_IP6, M_EXISTS
} mech_kind;

typedef struct spf_term {
	mech_kind kind;
	kn_spf_result qual;  /* PASS, FAIL, SOFTFAIL or NEUTRAL */
	kn_slice text;       /* the term as written */
	kn_slice spec;       /* domain-spec, len 0 when absent */
	int cidr4, cidr6;    /* prefix lengths, 32/128 when absent */
	unsigned char net[16];
} spf_term;

typedef struct spf_record {
	kn_vec terms;        /* spf_term, mechanisms only */
	bool has_redirect, has_exp, has_all;
	kn_slice redirect, exp, redirect_text;
	const char *error;   /* syntax error, English */
} spf_record;

typedef struct spf_ctx {
	kn_arena *ar;
	kn_resolver *res;
	const kn_spf_request *req;
	kn_ip ip;            /* IPv4-mapped made IPv4 */
	const char *sender, *local, *sender_domain;
	kn_spf_eval *ev;
	bool oom;
} spf_ctx;

/* Outcome of one mechanism. */
typedef enum mres { MR_NOMATCH, MR_MATCH, MR_TEMPERROR, MR_PERMERROR } mres;

const char *
kn_spf_result_name(kn_spf_result r)
{
	switch (r) {
	case KN_SPF_NONE: return "none";
	case KN_SPF_NEUTRAL: return "neutral";
	case KN_SPF_PASS: return "pass";
	case KN_SPF_FAIL: return "fail";
	case KN_SPF_SOFTFAIL: return "softfail";
	case KN_SPF_TEMPERROR: return "temperror";
	case KN_SPF_PERMERROR: return "permerror";
	}
	return "?";
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
slice_ieq(kn_slice s, const char *word)
{
	size_t n = strlen(word);

	return s.len == n && strncasecmp(s.p, word, n) == 0;
}

/* ---- syntax (RFC 7208 4.6.1, 5, 6, 7.1, 12) ---- */

/* toplabel = (*alphanum ALPHA *alphanum) / (1*alphanum "-" *(alphanum /
 * "-") alphanum)  (RFC 7208 7.1, RFC 3696 2). */
static bool
toplabel_ok(const char *p, size_t len)
{
	bool alpha = false, hyphen = false;

	if (len == 0 || p[0] == '-' || p[len - 1] == '-')
		return false;
	for (size_t i = 0; i < len; i++) {
		if (is_alpha(p[i]))
			alpha = true;
		else if (p[i] == '-')
			hyphen = true;
		else if (!is_digit(p[i]))
			return false;
	}
	return alpha || hyphen;
}

/* domain-spec = macro-string domain-end (7.1). */
static bool
domain_spec_ok(kn_slice s)
{
	size_t len = s.len, dot;

	if (len == 0 || !kn_spf_macro_valid(s.p, len, false))
		return false;
	if (s.p[len - 1] == '}') {
		/* domain-end = macro-expand: the last "%{" must reach here. */
		for (size_t i = len - 1; i-- > 0;) {
			if (s.p[i] == '%' && s.p[i + 1] == '{')
				return (i == 0 || s.p[i - 1] != '%') &&
					kn_spf_macro_valid(s.p + i, len - i, false);
		}
		return false;
	}
	if (s.p[len - 1] == '.')
		len--;
	for (dot = len; dot > 0 && s.p[dot - 1] != '.'; dot--)
		;
	if (dot == 0)
		return false; /* domain-end needs "." toplabel */
	return toplabel_ok(s.p + dot, len - dot);
}

/* cidr digits: "0" / %x31-39 0*(maxdigits-1)DIGIT, value <= max. */
static bool
cidr_ok(const char *p, size_t len, int max, int maxdigits, int *out)
{
	int v = 0;

	if (len == 0 || (int)len > maxdigits || (len > 1 && p[0] == '0'))
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!is_digit(p[i]))
			return false;
		v = v * 10 + (p[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

/*
 * Strip a dual-cidr-length (5.6) from the end of *s: [ip4-cidr] ["/"
 * ip6-cidr]. allow4/allow6 say which parts may appear. False on a bad
 * length.
 */
static bool
strip_cidr(kn_slice *s, bool allow4, bool allow6, int *c4, int *c6)
{
	size_t e = s->len, i = e;

	while (i > 0 && is_digit(s->p[i - 1]))
		i--;
	if (i == 0 || s->p[i - 1] != '/')
		return true; /* no cidr */
	if (allow4 && allow6 && i >= 2 && s->p[i - 2] == '/') {
		if (!cidr_ok(s->p + i, e - i, 128, 3, c6))
			return false;
		e = i - 2;
		s->len = e;
		i = e;
		while (i > 0 && is_digit(s->p[i - 1]))
			i--;
		if (i == 0 || s->p[i - 1] != '/')
			return true;
	}
	if (!allow4) {
		if (!allow6)
			return false;
		/* ip6: a single "/" is the ip6 cidr. */
		if (!cidr_ok(s->p + i, e - i, 128, 3, c6))
			return false;
		s->len = i - 1;
		return true;
	}
	if (!cidr_ok(s->p + i, e - i, 32, 2, c4))
		return false;
	s->len = i - 1;
	return true;
}

/* ip4-network = qnum "." qnum "." qnum "." qnum (5.6). */
static bool
ip4_network(kn_slice s, unsigned char *out)
{
	size_t i = 0;

	for (int q = 0; q < 4; q++) {
		size_t start = i;
		unsigned v = 0;

		while (i < s.len && is_digit(s.p[i]) && i - start < 3)
			v = v * 10 + (unsigned)(s.p[i++] - '0');
		if (i == start || v > 255 || (i - start > 1 && s.p[start] == '0'))
			return false;
		out[q] = (unsigned char)v;
		if (q < 3) {
			if (i >= s.len || s.p[i] != '.')
				return false;
			i++;
		}
	}
	return i == s.len;
}

static bool
ip6_network(kn_slice s, unsigned char *out)
{
	char tmp[INET6_ADDRSTRLEN + 1];

	if (s.len == 0 || s.len >= sizeof(tmp))
		return false;
	memcpy(tmp, s.p, s.len);
	tmp[s.len] = '\0';
	return inet_pton(AF_INET6, tmp, out) == 1;
}

static const char *
parse_directive(kn_slice t, spf_term *term)
{
	static const struct { const char *name; mech_kind kind; } mechs[] = {
		{ "all", M_ALL }, { "include", M_INCLUDE }, { "a", M_A },
		{ "mx", M_MX }, { "ptr", M_PTR }, { "ip4", M_IP4 },
		{ "ip6", M_IP6 }, { "exists", M_EXISTS },
	};
	kn_slice name, rest;
	size_t i = 0;
	bool found = false;

	memset(term, 0, sizeof(*term));
	term->text = t;
	term->qual = KN_SPF_PASS;
	term->cidr4 = 32;
	term->cidr6 = 128;
	switch (t.p[0]) {
	case '+': term->qual = KN_SPF_PASS; i = 1; break;
	case '-': term->qual = KN_SPF_FAIL; i = 1; break;
	case '~': term->qual = KN_SPF_SOFTFAIL; i = 1; break;
	case '?': term->qual = KN_SPF_NEUTRAL; i = 1; break;
	default: break;
	}
	name.p = t.p + i;
	while (i < t.len && t.p[i] != ':' && t.p[i] != '/')
		i++;
	name.len = (size_t)(t.p + i - name.p);
	rest.p = t.p + i;
	rest.len = t.len - i;
	for (size_t k = 0; k < sizeof(mechs) / sizeof(mechs[0]); k++) {
		if (slice_ieq(name, mechs[k].name)) {
			term->kind = mechs[k].kind;
			found = true;
			break;
		}
	}
	if (!found)
		return "unknown mechanism";

	switch (term->kind) {
	case M_ALL:
		return rest.len == 0 ? NULL : "\"all\" takes no argument";
	case M_INCLUDE:
	case M_EXISTS:
		if (rest.len < 2 || rest.p[0] != ':')
			return "mechanism needs a domain-spec";
		term->spec.p = rest.p + 1;
		term->spec.len = rest.len - 1;
		return domain_spec_ok(term->spec) ? NULL : "bad domain-spec";
	case M_A:
	case M_MX:
	case M_PTR:
		if (term->kind != M_PTR &&
		    !strip_cidr(&rest, true, true, &term->cidr4, &term->cidr6))
			return "bad CIDR length";
		if (rest.len == 0)
			return NULL;
		if (rest.p[0] != ':' || rest.len < 2)
			return "bad mechanism argument";
		term->spec.p = rest.p + 1;
		term->spec.len = rest.len - 1;
		return domain_spec_ok(term->spec) ? NULL : "bad domain-spec";
	case M_IP4:
		if (rest.len < 2 || rest.p[0] != ':')
			return "ip4 needs a network";
		rest.p++;
		rest.len--;
		if (!strip_cidr(&rest, true, false, &term->cidr4, &term->cidr6))
			return "bad CIDR length";
		return ip4_network(rest, term->net) ? NULL : "bad ip4 network";
	case M_IP6:
		if (rest.len < 2 || rest.p[0] != ':')
			return "ip6 needs a network";
		rest.p++;
		rest.len--;
		if (!strip_cidr(&rest, false, true, &term->cidr4, &term->cidr6))
			return "bad CIDR length";
		return ip6_network(rest, term->net) ? NULL : "bad ip6 network";
	}
	return "unknown mechanism";
}

/* Parse the record after "v=spf1" (4.6). False with rec->error set. */
static bool
parse_record(kn_arena *ar, const char *p, size_t len, spf_record *rec)
{
	size_t i = 6; /* past "v=spf1" */

	memset(rec, 0, sizeof(*rec));
	while (i < len) {
		kn_slice t;
		size_t j = 0;

		if (p[i] != ' ') {
			rec->error = "terms must be separated by spaces";
			return false;
		}
		while (i < len && p[i] == ' ')
			i++;
		if (i >= len)
			break;
		t.p = p + i;
		while (i < len && p[i] != ' ')
			i++;
		t.len = (size_t)(p + i - t.p);
		for (size_t k = 0; k < t.len; k++) {
			unsigned char c = (unsigned char)t.p[k];

			if (c < 0x21 || c > 0x7e) {
				rec->error = "character outside printable US-ASCII";
				return false;
			}
		}
		/* modifier: name "=" macro-string, name = ALPHA *(ALPHA /
		 * DIGIT / "-" / "_" / ".") (6, 12). */
		while (j < t.len && (is_alpha(t.p[j]) || is_digit(t.p[j]) ||
		    t.p[j] == '-' || t.p[j] == '_' || t.p[j] == '.'))
			j++;
		if (j > 0 && j < t.len && t.p[j] == '=' && is_alpha(t.p[0])) {
			kn_slice name = { t.p, j };
			kn_slice val = { t.p + j + 1, t.len - j - 1 };

			if (slice_ieq(name, "redirect") || slice_ieq(name, "exp")) {
				bool redir = slice_ieq(name, "redirect");

				if (redir ? rec->has_redirect : rec->has_exp) {
					rec->error = "duplicate modifier";
					return false;
				}
				if (!domain_spec_ok(val)) {
					rec->error = "bad domain-spec in modifier";
					return false;
				}
				if (redir) {
					rec->has_redirect = true;
					rec->redirect = val;
					rec->redirect_text = t;
				} else {
					rec->has_exp = true;
					rec->exp = val;
				}
			} else if (!kn_spf_macro_valid(val.p, val.len, false)) {
				rec->error = "bad macro-string in modifier";
				return false;
			}
			continue;
		}
		{
			spf_term *term = kn_vec_push(ar, &rec->terms, sizeof(*term));
			const char *err;

			if (term == NULL) {
				rec->error = "out of memory";
				return false;
			}
			err = parse_directive(t, term);
			if (err != NULL) {
				rec->error = err;
				return false;
			}
			if (term->kind == M_ALL)
				rec->has_all = true;
		}
	}
	return true;
}

/* ---- evaluation ---- */

static void
add_step(spf_ctx *c, unsigned depth, const char *domain, const char *record,
	kn_slice term, const char *note, kn_spf_result r)
{
	kn_spf_step *s = kn_vec_push(c->ar, &c->ev->steps, sizeof(*s));

	if (s == NULL) {
		c->oom = true;
		return;
	}
	s->depth = depth;
	s->domain = domain;
	s->record = record;
	s->term = term.p ? kn_strndup(c->ar, term.p, term.len) : NULL;
	s->note = note;
	s->result = r;
}

static void
problem(spf_ctx *c, const char *domain, const char *what)
{
	if (c->ev->problem == NULL)
		c->ev->problem = kn_sprintf(c->ar, "%s: %s", domain, what);
}

/* 4.3: may <domain> be checked at all? */
static bool
domain_checkable(const char *d)
{
	size_t len = strlen(d);

	if (!kn_dns_name_valid(d, len))
		return false;
	if (len > 0 && d[len - 1] == '.')
		len--;
	if (memchr(d, '.', len) == NULL)
		return false; /* not a multi-label name */
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)d[i];

		if (ch <= 0x20 || ch >= 0x7f || ch == '[' || ch == ']')
			return false; /* address literal or garbage */
	}
	return true;
}

static bool
in_cidr(const unsigned char *a, const unsigned char *net, int bits)
{
	int full = bits / 8, rem = bits % 8;

	if (full > 0 && memcmp(a, net, (size_t)full) != 0)
		return false;
	if (rem == 0)
		return true;
	return ((a[full] ^ net[full]) & (0xff << (8 - rem)) & 0xff) == 0;
}

static bool
addr_match(const spf_ctx *c, const kn_dns_rr *rr, int cidr4, int cidr6)
{
	if (c->ip.family == 4)
		return rr->type == KN_DNS_A && in_cidr(c->ip.b, rr->u.addr, cidr4);
	return rr->type == KN_DNS_AAAA && in_cidr(c->ip.b, rr->u.addr, cidr6);
}

static kn_spf_macro_ctx
macro_ctx(const spf_ctx *c, const char *domain)
{
	kn_spf_macro_ctx m = {
		.ar = c->ar, .res = c->res, .ip = &c->ip, .sender = c->sender,
		.local = c->local, .sender_domain = c->sender_domain,
		.domain = domain, .helo = c->req->helo ? c->req->helo : "",
		.receiver = c->req->receiver, .now = c->req->now,
	};

	return m;
}

/* Expand a domain-spec and cut it to KN_SPF_MAX_DOMAIN (4.8). */
static const char *
target_name(spf_ctx *c, const char *domain, kn_slice spec)
{
	kn_spf_macro_ctx m = macro_ctx(c, domain);
	char *out;
	size_t len;

	if (spec.len == 0)
		return domain;
	if (kn_spf_macro_expand(&m, spec.p, spec.len, false, &out) < 0)
		return NULL;
	len = strlen(out);
	if (len > 0 && out[len - 1] == '.')
		out[--len] = '\0';
	while (len > KN_SPF_MAX_DOMAIN) {
		char *dot = memchr(out, '.', len);

		if (dot == NULL)
			return NULL;
		len -= (size_t)(dot + 1 - out);
		out = dot + 1;
	}
	return out;
}

/* Counts a void lookup; true when the limit is now exceeded (4.6.4). */
static bool
void_lookup(spf_ctx *c)
{
	return ++c->ev->void_lookups > KN_SPF_MAX_VOID_LOOKUPS;
}

static bool
dns_failed(const kn_dns_answer *a)
{
	return a->status == KN_DNS_SERVFAIL || a->status == KN_DNS_TIMEOUT;
}

static kn_spf_result check_host(spf_ctx *c, const char *domain,
	unsigned depth, bool decides, const char **exp_out);

/* Evaluate one mechanism (section 5); *why says what happened. */
static mres
eval_mech(spf_ctx *c, const spf_term *t, const char *domain, unsigned depth,
	const char **why)
{
	kn_dns_type atype = c->ip.family == 4 ? KN_DNS_A : KN_DNS_AAAA;
	const kn_dns_answer *ans;
	const char *target;

	*why = NULL;
	switch (t->kind) {
	case M_ALL:
		return MR_MATCH;
	case M_IP4:
		return c->ip.family == 4 && in_cidr(c->ip.b, t->net, t->cidr4) ?
			MR_MATCH : MR_NOMATCH;
	case M_IP6:
		return c->ip.family == 6 && in_cidr(c->ip.b, t->net, t->cidr6) ?
			MR_MATCH : MR_NOMATCH;
	default:
		break;
	}

	/* DNS mechanisms: 4.6.4 limit, then the target name. */
	if (++c->ev->dns_lookups > KN_SPF_MAX_DNS_MECHS) {
		*why = "more than 10 DNS-querying terms (RFC 7208 4.6.4)";
		return MR_PERMERROR;
	}
	target = target_name(c, domain, t->spec);
	if (target == NULL) {
		*why = c->oom ? "out of memory" : "macro expansion failed";
		return MR_PERMERROR;
	}

	switch (t->kind) {
	case M_INCLUDE: {
		kn_spf_result r = check_host(c, target, depth + 1, false, NULL);

		switch (r) {
		case KN_SPF_PASS:
			return MR_MATCH;
		case KN_SPF_FAIL:
		case KN_SPF_SOFTFAIL:
		case KN_SPF_NEUTRAL:
			return MR_NOMATCH;
		case KN_SPF_TEMPERROR:
			*why = "include gave temperror";
			return MR_TEMPERROR;
		case KN_SPF_NONE:
			*why = "include target has no SPF record (RFC 7208 5.2)";
			return MR_PERMERROR;
		case KN_SPF_PERMERROR:
			*why = "include gave permerror";
			return MR_PERMERROR;
		}
		return MR_PERMERROR;
	}
	case M_A:
	case M_EXISTS:
		if (kn_dns_query(c->res, target, t->kind == M_EXISTS ? KN_DNS_A :
		    atype, &ans) < 0) {
			c->oom = true;
			return MR_TEMPERROR;
		}
		if (dns_failed(ans)) {
			*why = kn_sprintf(c->ar, "DNS %s for %s",
				kn_dns_status_name(ans->status), target);
			return MR_TEMPERROR;
		}
		if (ans->status != KN_DNS_NOERROR) {
			if (void_lookup(c)) {
				*why = "more than 2 void lookups (RFC 7208 4.6.4)";
				return MR_PERMERROR;
			}
			return MR_NOMATCH;
		}
		if (t->kind == M_EXISTS)
			return MR_MATCH;
		for (size_t i = 0; i < ans->count; i++)
			if (addr_match(c, &ans->rrs[i], t->cidr4, t->cidr6))
				return MR_MATCH;
		return MR_NOMATCH;
	case M_MX: {
		if (kn_dns_query(c->res, target, KN_DNS_MX, &ans) < 0) {
			c->oom = true;
			return MR_TEMPERROR;
		}
		if (dns_failed(ans)) {
			*why = kn_sprintf(c->ar, "DNS %s for MX %s",
				kn_dns_status_name(ans->status), target);
			return MR_TEMPERROR;
		}
		if (ans->status != KN_DNS_NOERROR) {
			if (void_lookup(c)) {
				*why = "more than 2 void lookups (RFC 7208 4.6.4)";
				return MR_PERMERROR;
			}
			return MR_NOMATCH;
		}
		if (ans->count > KN_SPF_MAX_MX_NAMES) {
			*why = "more than 10 MX names (RFC 7208 4.6.4)";
			return MR_PERMERROR;
		}
		for (size_t i = 0; i < ans->count; i++) {
			const kn_dns_answer *aa;
			const char *ex = ans->rrs[i].u.mx.exchange;

			if (ex == NULL || ex[0] == '\0' || strcmp(ex, ".") == 0)
				continue; /* null MX (RFC 7505) */
			if (kn_dns_query(c->res, ex, atype, &aa) < 0) {
				c->oom = true;
				return MR_TEMPERROR;
			}
			if (dns_failed(aa)) {
				*why = kn_sprintf(c->ar, "DNS %s for %s",
					kn_dns_status_name(aa->status), ex);
				return MR_TEMPERROR;
			}
			for (size_t j = 0; j < aa->count; j++)
				if (addr_match(c, &aa->rrs[j], t->cidr4, t->cidr6))
					return MR_MATCH;
		}
		return MR_NOMATCH;
	}
	case M_PTR: {
		char *rev = kn_dns_reverse_name(c->ar, c->ip.family, c->ip.b);
		size_t n;

		if (rev == NULL || kn_dns_query(c->res, rev, KN_DNS_PTR, &ans) < 0) {
			c->oom = true;
			return MR_TEMPERROR;
		}
		if (dns_failed(ans))
			return MR_NOMATCH; /* 5.5: a DNS error fails to match */
		if (ans->status != KN_DNS_NOERROR) {
			if (void_lookup(c)) {
				*why = "more than 2 void lookups (RFC 7208 4.6.4)";
				return MR_PERMERROR;
			}
			return MR_NOMATCH;
		}
		n = ans->count < KN_SPF_MAX_PTR_NAMES ? ans->count :
			KN_SPF_MAX_PTR_NAMES;
		for (size_t i = 0; i < n; i++) {
			const char *name = ans->rrs[i].u.name;
			size_t nl = strlen(name), tl = strlen(target);
			const kn_dns_answer *aa;
			bool within;

			within = nl >= tl && strncasecmp(name + nl - tl, target, tl) == 0 &&
				(nl == tl || name[nl - tl - 1] == '.');
			if (!within)
				continue; /* cannot match: spare the lookup */
			if (kn_dns_query(c->res, name, atype, &aa) < 0) {
				c->oom = true;
				return MR_TEMPERROR;
			}
			if (aa->status != KN_DNS_NOERROR)
				continue; /* 5.5: a DNS error skips the name */
			for (size_t j = 0; j < aa->count; j++)
				if (addr_match(c, &aa->rrs[j], 32, 128))
					return MR_MATCH;
		}
		return MR_NOMATCH;
	}
	default:
		break;
	}
	return MR_NOMATCH;
}

/* 6.2: the explanation for a fail, or NULL. */
static const char *
explain(spf_ctx *c, const char *domain, kn_slice spec)
{
	kn_spf_macro_ctx m = macro_ctx(c, domain);
	const kn_dns_answer *ans;
	const kn_dns_rr *rr;
	const char *target;
	char *joined, *out;
	size_t len = 0, off = 0;

	target = target_name(c, domain, spec);
	if (target == NULL || kn_dns_query(c->res, target, KN_DNS_TXT, &ans) < 0 ||
	    ans->status != KN_DNS_NOERROR || ans->count != 1)
		return NULL;
	rr = &ans->rrs[0];
	for (size_t i = 0; i < rr->u.txt.count; i++)
		len += rr->u.txt.strings[i].len;
	joined = kn_alloc(c->ar, len + 1);
	if (joined == NULL)
		return NULL;
	for (size_t i = 0; i < rr->u.txt.count; i++) {
		memcpy(joined + off, rr->u.txt.strings[i].p,
			rr->u.txt.strings[i].len);
		off += rr->u.txt.strings[i].len;
	}
	if (kn_spf_macro_expand(&m, joined, len, true, &out) < 0)
		return NULL;
	return out;
}

/* 4.4, 4.5: the one SPF record of domain. Returns NONE/PASS(found)/... */
static kn_spf_result
find_record(spf_ctx *c, const char *domain, char **record, size_t *rlen)
{
	const kn_dns_answer *ans;
	size_t found = 0;

	if (kn_dns_query(c->res, domain, KN_DNS_TXT, &ans) < 0) {
		c->oom = true;
		return KN_SPF_TEMPERROR;
	}
	if (dns_failed(ans)) {
		problem(c, domain, kn_sprintf(c->ar, "DNS %s looking up the SPF record",
			kn_dns_status_name(ans->status)));
		return KN_SPF_TEMPERROR;
	}
	if (ans->status != KN_DNS_NOERROR)
		return KN_SPF_NONE;
	for (size_t i = 0; i < ans->count; i++) {
		const kn_dns_rr *rr = &ans->rrs[i];
		size_t len = 0, off = 0;
		char *joined;

		for (size_t k = 0; k < rr->u.txt.count; k++)
			len += rr->u.txt.strings[k].len;
		if (len < 6)
			continue;
		joined = kn_alloc(c->ar, len + 1);
		if (joined == NULL) {
			c->oom = true;
			return KN_SPF_TEMPERROR;
		}
		for (size_t k = 0; k < rr->u.txt.count; k++) {
			memcpy(joined + off, rr->u.txt.strings[k].p,
				rr->u.txt.strings[k].len);
			off += rr->u.txt.strings[k].len;
		}
		if (strncasecmp(joined, "v=spf1", 6) != 0 ||
		    (len > 6 && joined[6] != ' '))
			continue;
		if (++found > 1) {
			problem(c, domain, "more than one SPF record (RFC 7208 4.5)");
			return KN_SPF_PERMERROR;
		}
		*record = joined;
		*rlen = len;
	}
	return found ? KN_SPF_PASS : KN_SPF_NONE;
}

static kn_spf_result
check_host(spf_ctx *c, const char *domain, unsigned depth, bool decides,
	const char **exp_out)
{
	static const kn_slice none_term = { NULL, 0 };
	spf_record rec;
	char *record = NULL;
	size_t rlen = 0;
	kn_spf_result r;

	if (depth > KN_SPF_MAX_DEPTH) {
		problem(c, domain, "include/redirect nesting too deep");
		return KN_SPF_PERMERROR;
	}
	if (!domain_checkable(domain)) {
		problem(c, domain, "not a valid multi-label domain (RFC 7208 4.3)");
		add_step(c, depth, domain, NULL, none_term, "invalid domain",
			KN_SPF_NONE);
		return KN_SPF_NONE;
	}
	r = find_record(c, domain, &record, &rlen);
	if (depth == 0) {
		c->ev->domain = domain;
		c->ev->record = record;
	}
	if (r != KN_SPF_PASS) {
		if (r == KN_SPF_NONE)
			problem(c, domain, "no SPF record");
		add_step(c, depth, domain, NULL, none_term,
			r == KN_SPF_NONE ? "no SPF record" : "record lookup failed", r);
		return r;
	}
	if (!parse_record(c->ar, record, rlen, &rec)) {
		problem(c, domain, kn_sprintf(c->ar, "syntax error: %s", rec.error));
		add_step(c, depth, domain, record, none_term, rec.error,
			KN_SPF_PERMERROR);
		return KN_SPF_PERMERROR;
	}
	add_step(c, depth, domain, record, none_term, "record", KN_SPF_NONE);

	for (size_t i = 0; i < rec.terms.count; i++) {
		const spf_term *t = (const spf_term *)rec.terms.items + i;
		const char *why;
		mres m = eval_mech(c, t, domain, depth, &why);

		if (c->oom)
			return KN_SPF_TEMPERROR;
		if (m == MR_NOMATCH) {
			/* An include that did not match is part of the path
			 * a reader follows (RFC 7208 5.2 table). */
			if (t->kind == M_INCLUDE)
				add_step(c, depth, domain, record, t->text,
					"no match (the included record did not "
					"pass)", KN_SPF_NONE);
			continue;
		}
		if (m == MR_MATCH) {
			r = t->qual;
			add_step(c, depth, domain, record, t->text, "match", r);
			if (decides && c->ev->mechanism == NULL) {
				c->ev->mechanism = kn_strndup(c->ar, t->text.p,
					t->text.len);
				c->ev->mechanism_domain = domain;
			}
			if (r == KN_SPF_FAIL && exp_out != NULL && rec.has_exp)
				*exp_out = explain(c, domain, rec.exp);
			return r;
		}
		r = m == MR_TEMPERROR ? KN_SPF_TEMPERROR : KN_SPF_PERMERROR;
		if (why != NULL)
			problem(c, domain, why);
		add_step(c, depth, domain, record, t->text, why ? why : "error", r);
		return r;
	}

	if (rec.has_redirect && !rec.has_all) {
		const char *target;

		if (++c->ev->dns_lookups > KN_SPF_MAX_DNS_MECHS) {
			problem(c, domain, "more than 10 DNS-querying terms (RFC 7208 4.6.4)");
			add_step(c, depth, domain, record, rec.redirect_text,
				"lookup limit", KN_SPF_PERMERROR);
			return KN_SPF_PERMERROR;
		}
		target = target_name(c, domain, rec.redirect);
		if (target == NULL) {
			problem(c, domain, "redirect macro expansion failed");
			return KN_SPF_PERMERROR;
		}
		add_step(c, depth, domain, record, rec.redirect_text, "redirect",
			KN_SPF_NONE);
		r = check_host(c, target, depth + 1, decides, exp_out);
		if (r == KN_SPF_NONE) {
			problem(c, target, "redirect target has no SPF record (RFC 7208 6.1)");
			r = KN_SPF_PERMERROR;
		}
		return r;
	}
	add_step(c, depth, domain, record, none_term,
		"no mechanism matched: default", KN_SPF_NEUTRAL);
	return KN_SPF_NEUTRAL;
}

int
kn_spf_check_host(kn_spf_eval *out, kn_resolver *res, kn_arena *ar,
	const kn_spf_request *req, const char *domain, const char *sender)
{
	spf_ctx c;
	const char *at, *exp = NULL;
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xff };

	if (out == NULL || res == NULL || ar == NULL || req == NULL ||
	    domain == NULL || (req->ip.family != 4 && req->ip.family != 6))
		return KENSA_EINVAL;
	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.ar = ar;
	c.res = res;
	c.req = req;
	c.ev = out;
	c.ip = req->ip;
	if (c.ip.family == 6 && memcmp(c.ip.b, mapped, 12) == 0) {
		/* RFC 7208 5: IPv4-mapped IPv6 is processed as IPv4. */
		memmove(c.ip.b, c.ip.b + 12, 4);
		memset(c.ip.b + 4, 0, 12);
		c.ip.family = 4;
	}
	/* 4.3: no local-part reads "postmaster". */
	if (sender == NULL || sender[0] == '\0')
		sender = domain;
	at = strrchr(sender, '@');
	if (at == NULL) {
		c.local = "postmaster";
		c.sender_domain = sender;
	} else {
		c.local = at == sender ? "postmaster" :
			kn_strndup(ar, sender, (size_t)(at - sender));
		c.sender_domain = at + 1;
	}
	c.sender = kn_sprintf(ar, "%s@%s", c.local, c.sender_domain);
	if (c.local == NULL || c.sender == NULL)
		return KENSA_ENOMEM;

	out->result = check_host(&c, domain, 0, true, &exp);
	if (c.oom || ar->oom)
		return KENSA_ENOMEM;
	if (out->result == KN_SPF_FAIL)
		out->explanation = exp;
	if (out->result != KN_SPF_NONE && out->result != KN_SPF_TEMPERROR &&
	    out->result != KN_SPF_PERMERROR)
		out->problem = NULL;
	return 0;
}

int
kn_spf_check_helo(kn_spf_eval *out, kn_resolver *res, kn_arena *ar,
	const kn_spf_request *req)
{
	const char *helo;

	if (req == NULL)
		return KENSA_EINVAL;
	helo = req->helo ? req->helo : "";
	return kn_spf_check_host(out, res, ar, req, helo,
		kn_sprintf(ar, "postmaster@%s", helo));
}

int
kn_spf_verify(kn_spf_eval *out, kn_resolver *res, kn_arena *ar,
	const kn_spf_request *req)
{
	const char *at;

	if (req == NULL)
		return KENSA_EINVAL;
	if (req->mail_from == NULL || req->mail_from[0] == '\0')
		return kn_spf_check_helo(out, res, ar, req);
	at = strrchr(req->mail_from, '@');
	return kn_spf_check_host(out, res, ar, req,
		at ? at + 1 : req->mail_from, req->mail_from);
}
