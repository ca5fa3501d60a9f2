/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dmarc 3
 * SUMMARY
 *	RFC 7489 record parsing, policy discovery, alignment and policy
 * SYNOPSIS
 *	#include "auth/dmarc.h"
 * DESCRIPTION
 *	See dmarc.h. Record grammar: RFC 7489 6.4 (tag names and keyword
 *	values compare ASCII case-insensitively as ABNF quoted strings do;
 *	"DMARC1" is %x-literal, so case-sensitive). Discovery: 6.6.3 steps
 *	1-6. A temporary DNS failure on either lookup is "temperror";
 *	several DMARC records at the name, or a record left without a
 *	valid p= and without a valid rua=, is "permerror" (RFC 7489 11.2).
 * LIMITS
 *	Two DNS questions per check (From domain, organizational domain);
 *	KN_DMARC_MAX_DEFECTS defects per record.
 *--*/
#include "auth/dmarc.h"

#include <string.h>
#include <strings.h>

#include <kensa/errors.h>

#include "util/domain.h"

const char *
kn_dmarc_result_name(kn_dmarc_result r)
{
	switch (r) {
	case KN_DMARC_NONE: return "none";
	case KN_DMARC_PASS: return "pass";
	case KN_DMARC_FAIL: return "fail";
	case KN_DMARC_TEMPERROR: return "temperror";
	case KN_DMARC_PERMERROR: return "permerror";
	}
	return "?";
}

const char *
kn_dmarc_policy_name(kn_dmarc_policy p)
{
	switch (p) {
	case KN_DMARC_P_NONE: return "none";
	case KN_DMARC_P_QUARANTINE: return "quarantine";
	case KN_DMARC_P_REJECT: return "reject";
	}
	return "?";
}

static bool
ieq(kn_slice s, const char *lit)
{
	size_t n = strlen(lit);

	return s.len == n && strncasecmp(s.p, lit, n) == 0;
}

static void
defect(kn_dmarc_record *r, const char *why)
{
	if (r->ndefects < KN_DMARC_MAX_DEFECTS)
		r->defects[r->ndefects++] = why;
}

static bool
policy_of(kn_slice v, kn_dmarc_policy *p)
{
	if (ieq(v, "none")) *p = KN_DMARC_P_NONE;
	else if (ieq(v, "quarantine")) *p = KN_DMARC_P_QUARANTINE;
	else if (ieq(v, "reject")) *p = KN_DMARC_P_REJECT;
	else return false;
	return true;
}

static bool
digits(kn_slice v, size_t maxd, uint64_t *out)
{
	uint64_t x = 0;

	if (v.len == 0 || v.len > maxd)
		return false;
	for (size_t i = 0; i < v.len; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return false;
		x = x * 10 + (uint64_t)(v.p[i] - '0');
	}
	*out = x;
	return true;
}

/* One dmarc-uri of 6.4: URI [ "!" 1*DIGIT [k/m/g/t] ]: a scheme, ":",
 * something after it. */
static bool
uri_valid(kn_slice u)
{
	size_t i = 0;
	const char *bang;

	u = kn_slice_trim(u);
	bang = memchr(u.p, '!', u.len);
	if (bang != NULL) {
		kn_slice sz = { bang + 1, u.len - (size_t)(bang + 1 - u.p) };
		uint64_t n;

		sz = kn_slice_trim(sz);
		if (sz.len > 0 && strchr("kmgtKMGT", sz.p[sz.len - 1]) != NULL)
			sz.len--;
		sz = kn_slice_trim(sz);
		if (!digits(sz, 20, &n))
			return false;
		u.len = (size_t)(bang - u.p);
		u = kn_slice_trim(u);
	}
	if (u.len == 0 || !((u.p[0] >= 'a' && u.p[0] <= 'z') ||
	    (u.p[0] >= 'A' && u.p[0] <= 'Z')))
		return false;
	while (i < u.len && u.p[i] != ':') {
		char c = u.p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
			return false;
		i++;
	}
	return i < u.len && i + 1 < u.len;
}

/* Does the comma list hold at least one valid URI? */
static bool
uris_valid(kn_slice v, bool *all)
{
	size_t pos = 0;
	bool any = false;

	*all = true;
	while (pos <= v.len) {
		size_t end = pos;
		kn_slice u;

		while (end < v.len && v.p[end] != ',')
			end++;
		u.p = v.p + pos;
		u.len = end - pos;
		if (uri_valid(u))
			any = true;
		else
			*all = false;
		pos = end + 1;
	}
	return any;
}

int
kn_dmarc_parse(kn_dmarc_record *r, kn_arena *ar, const char *s, size_t len)
{
	size_t pos = 0;
	bool first = true, p_ok = false, sp_bad = false, rua_ok = false;

	if (r == NULL || ar == NULL || (s == NULL && len > 0))
		return KENSA_EINVAL;
	memset(r, 0, sizeof(*r));
	r->pct = 100;
	r->fo = "0";
	r->rf = "afrf";
	r->ri = 86400;
	r->status = KN_DMARC_REC_NOT_DMARC;
	while (pos <= len) {
		size_t end = pos;
		kn_slice spec, name, val;
		const char *eq;

		while (end < len && s[end] != ';')
			end++;
		spec.p = s + pos;
		spec.len = end - pos;
		spec = kn_slice_trim(spec);
		pos = end + 1;
		if (spec.len == 0) {
			if (first)
				return 0;       /* empty record: not DMARC */
			continue;
		}
		eq = memchr(spec.p, '=', spec.len);
		if (eq == NULL) {
			if (first)
				return 0;
			defect(r, "a tag without \"=\" was ignored (6.3)");
			continue;
		}
		name.p = spec.p;
		name.len = (size_t)(eq - spec.p);
		name = kn_slice_trim(name);
		val.p = eq + 1;
		val.len = (size_t)(spec.p + spec.len - (eq + 1));
		val = kn_slice_trim(val);
		if (first) {
			/* 6.4: the record starts with v=DMARC1 (case-sensitive
			 * literal, 6.6.3 step 2 discards anything else). */
			if (!ieq(name, "v") || val.len != 6 ||
			    memcmp(val.p, "DMARC1", 6) != 0)
				return 0;
			first = false;
			r->status = KN_DMARC_REC_OK;
			continue;
		}
		if (ieq(name, "p")) {
			p_ok = policy_of(val, &r->p);
			if (!p_ok)
				defect(r, kn_sprintf(ar, "p=%.*s is not none, quarantine or reject",
					(int)val.len, val.p));
		} else if (ieq(name, "sp")) {
			if (policy_of(val, &r->sp)) {
				r->has_sp = true;
			} else {
				sp_bad = true;
				defect(r, kn_sprintf(ar, "sp=%.*s is not none, quarantine or reject",
					(int)val.len, val.p));
			}
		} else if (ieq(name, "adkim") || ieq(name, "aspf")) {
			bool *st = ieq(name, "adkim") ? &r->adkim_strict : &r->aspf_strict;

			if (ieq(val, "s"))
				*st = true;
			else if (!ieq(val, "r"))
				defect(r, kn_sprintf(ar, "%.*s=%.*s is not r or s; relaxed used (6.3)",
					(int)name.len, name.p, (int)val.len, val.p));
		} else if (ieq(name, "pct")) {
			uint64_t n;

			if (digits(val, 3, &n) && n <= 100)
				r->pct = (unsigned)n;
			else
				defect(r, kn_sprintf(ar, "pct=%.*s is not 0-100; 100 used (6.3)",
					(int)val.len, val.p));
		} else if (ieq(name, "ri")) {
			uint64_t n;

			if (digits(val, 10, &n) && n <= UINT32_MAX)
				r->ri = (uint32_t)n;
			else
				defect(r, kn_sprintf(ar, "ri=%.*s is not a 32-bit number; 86400 used (6.3)",
					(int)val.len, val.p));
		} else if (ieq(name, "rua") || ieq(name, "ruf")) {
			bool all = false, any = uris_valid(val, &all);
			char *copy = kn_strndup(ar, val.p, val.len);

			if (ieq(name, "rua")) {
				r->rua = copy;
				rua_ok = any;
			} else {
				r->ruf = copy;
			}
			if (!all)
				defect(r, kn_sprintf(ar, "%.*s= holds an invalid URI (6.4)",
					(int)name.len, name.p));
		} else if (ieq(name, "fo")) {
			bool ok = val.len > 0;

			for (size_t i = 0; i < val.len; i++)
				if (strchr("01ds: \t", val.p[i]) == NULL)
					ok = false;
			if (ok)
				r->fo = kn_strndup(ar, val.p, val.len);
			else
				defect(r, kn_sprintf(ar, "fo=%.*s is not a list of 0, 1, d, s; 0 used",
					(int)val.len, val.p));
		} else if (ieq(name, "rf")) {
			/* Key-word = ALPHA *(ALPHA / DIGIT / "-"); only afrf
			 * is registered (RFC 7489 6.3, 12). */
			bool ok = val.len > 0;
			size_t pos2 = 0;

			while (ok && pos2 <= val.len) {
				size_t e = pos2;
				kn_slice kw;

				while (e < val.len && val.p[e] != ':')
					e++;
				kw.p = val.p + pos2;
				kw.len = e - pos2;
				kw = kn_slice_trim(kw);
				if (!ieq(kw, "afrf"))
					ok = false;
				pos2 = e + 1;
			}
			if (ok)
				r->rf = kn_strndup(ar, val.p, val.len);
			else
				defect(r, kn_sprintf(ar, "rf=%.*s names no known report format; afrf used",
					(int)val.len, val.p));
		}
		/* v= again, or other tags: ignored (6.3). */
	}
	if (r->status != KN_DMARC_REC_OK)
		return 0;
	if (!r->has_sp)
		r->sp = r->p;
	if (!p_ok || sp_bad) {
		/* 6.6.3 step 6. */
		if (rua_ok) {
			r->status = KN_DMARC_REC_DEFAULTED;
			r->p = KN_DMARC_P_NONE;
			r->sp = KN_DMARC_P_NONE;
			if (!p_ok)
				defect(r, "no valid p=: acts as p=none because rua= is valid (6.6.3)");
		} else {
			r->status = KN_DMARC_REC_INVALID;
			if (!p_ok)
				defect(r, "no valid p= and no valid rua=: no DMARC policy (6.6.3)");
		}
	}
	return ar->oom ? KENSA_ENOMEM : 0;
}

/* Lower-case copy with one trailing dot removed; NULL if not a name. */
static const char *
norm_domain(kn_arena *ar, const char *d)
{
	size_t n;

	if (d == NULL || d[0] == '\0')
		return NULL;
	n = strlen(d);
	if (!kn_dns_name_valid(d, n))
		return NULL;
	return kn_dns_normalize(ar, d);
}

bool
kn_dmarc_aligned(kn_arena *ar, const char *a, const char *b, bool strict)
{
	const char *x = norm_domain(ar, a), *y = norm_domain(ar, b);
	const char *ox, *oy;

	if (x == NULL || y == NULL)
		return false;
	if (strcmp(x, y) == 0)
		return true;
	if (strict)
		return false;
	ox = kn_org_domain(ar, x);
	oy = kn_org_domain(ar, y);
	return ox != NULL && oy != NULL && strcmp(ox, oy) == 0;
}

typedef enum lookup { L_NONE, L_ONE, L_MANY, L_TEMP } lookup;

/* 6.6.3 steps 1-2 (or 3-4) at _dmarc.<domain>. */
static int
discover(kn_resolver *res, kn_arena *ar, const char *domain,
	const char **text, lookup *how)
{
	const kn_dns_answer *ans;
	char *q = kn_sprintf(ar, "_dmarc.%s", domain);
	unsigned found = 0;
	int rc;

	*how = L_NONE;
	*text = NULL;
	if (q == NULL)
		return KENSA_ENOMEM;
	rc = kn_dns_query(res, q, KN_DNS_TXT, &ans);
	if (rc < 0)
		return rc;
	if (ans->status == KN_DNS_SERVFAIL || ans->status == KN_DNS_TIMEOUT) {
		*how = L_TEMP;
		return 0;
	}
	if (ans->status != KN_DNS_NOERROR)
		return 0;
	for (size_t i = 0; i < ans->count; i++) {
		const kn_dns_rr *rr = &ans->rrs[i];
		size_t total = 0;
		char *t;

		for (size_t k = 0; k < rr->u.txt.count; k++)
			total += rr->u.txt.strings[k].len;
		t = kn_alloc(ar, total + 1);
		if (t == NULL)
			return KENSA_ENOMEM;
		total = 0;
		for (size_t k = 0; k < rr->u.txt.count; k++) {
			memcpy(t + total, rr->u.txt.strings[k].p,
				rr->u.txt.strings[k].len);
			total += rr->u.txt.strings[k].len;
		}
		{
			kn_dmarc_record probe;

			rc = kn_dmarc_parse(&probe, ar, t, total);
			if (rc < 0)
				return rc;
			if (probe.status == KN_DMARC_REC_NOT_DMARC)
				continue;
		}
		found++;
		*text = t;
	}
	*how = found == 0 ? L_NONE : found == 1 ? L_ONE : L_MANY;
	return 0;
}

int
kn_dmarc_check(kn_dmarc_eval *out, kn_resolver *res, kn_arena *ar,
	const kn_dmarc_input *in)
{
	const char *from, *text = NULL;
	lookup how;
	int rc;

	if (out == NULL || res == NULL || ar == NULL || in == NULL)
		return KENSA_EINVAL;
	memset(out, 0, sizeof(*out));
	from = norm_domain(ar, in->from_domain);
	if (from == NULL) {
		out->result = KN_DMARC_NONE;
		out->reason = "no usable RFC5322.From domain";
		return ar->oom ? KENSA_ENOMEM : 0;
	}
	out->from_domain = from;
	out->org_domain = kn_org_domain(ar, from);
	if (out->org_domain == NULL)
		out->org_domain = from;
	rc = discover(res, ar, from, &text, &how);
	if (rc < 0)
		return rc;
	out->record_domain = from;
	if (how == L_NONE && strcmp(out->org_domain, from) != 0) {
		rc = discover(res, ar, out->org_domain, &text, &how);
		if (rc < 0)
			return rc;
		out->record_domain = out->org_domain;
		out->subdomain_policy = true;
	}
	switch (how) {
	case L_TEMP:
		out->result = KN_DMARC_TEMPERROR;
		out->reason = kn_sprintf(ar, "DNS failure looking up _dmarc.%s",
			out->record_domain);
		return ar->oom ? KENSA_ENOMEM : 0;
	case L_NONE:
		out->result = KN_DMARC_NONE;
		out->record_domain = NULL;
		out->subdomain_policy = false;
		out->reason = "no DMARC record for the From domain or its "
			"organizational domain";
		return ar->oom ? KENSA_ENOMEM : 0;
	case L_MANY:
		out->result = KN_DMARC_PERMERROR;
		out->reason = kn_sprintf(ar, "several DMARC records at _dmarc.%s (6.6.3 step 5)",
			out->record_domain);
		return ar->oom ? KENSA_ENOMEM : 0;
	case L_ONE:
		break;
	}
	out->record = text;
	rc = kn_dmarc_parse(&out->rec, ar, text, strlen(text));
	if (rc < 0)
		return rc;
	if (out->rec.status == KN_DMARC_REC_INVALID) {
		out->result = KN_DMARC_PERMERROR;
		out->reason = "DMARC record without a valid p= (and no valid rua=)";
		return ar->oom ? KENSA_ENOMEM : 0;
	}
	out->policy = out->subdomain_policy ? out->rec.sp : out->rec.p;

	/* 3.1.2 / 4.2: SPF counts only when it passed. */
	if (in->spf == KN_SPF_PASS && in->spf_domain != NULL)
		out->spf_aligned = kn_dmarc_aligned(ar, from, in->spf_domain,
			out->rec.aspf_strict);
	/* 3.1.1: any passing signature whose d= aligns. */
	if (in->dkim != NULL) {
		for (size_t i = 0; i < in->dkim->sigs.count; i++) {
			const kn_dkim_sig *s = (const kn_dkim_sig *)in->dkim->sigs.items + i;

			if (s->result != KN_DKIM_PASS || s->domain == NULL)
				continue;
			if (kn_dmarc_aligned(ar, from, s->domain, out->rec.adkim_strict)) {
				out->dkim_aligned = true;
				out->dkim_domain = s->domain;
				break;
			}
		}
	}
	if (out->spf_aligned || out->dkim_aligned) {
		out->result = KN_DMARC_PASS;
		out->disposition = KN_DMARC_P_NONE;
		out->reason = out->dkim_aligned ?
			kn_sprintf(ar, "aligned DKIM pass (d=%s)", out->dkim_domain) :
			kn_sprintf(ar, "aligned SPF pass (%s)", in->spf_domain);
		return ar->oom ? KENSA_ENOMEM : 0;
	}
	out->result = KN_DMARC_FAIL;
	out->disposition = out->policy;
	if (out->rec.pct == 0 && out->policy != KN_DMARC_P_NONE)
		out->disposition = (kn_dmarc_policy)(out->policy - 1); /* 6.6.4 */
	else if (out->rec.pct < 100 && out->policy != KN_DMARC_P_NONE)
		out->sampled = true;
	out->reason = kn_sprintf(ar, "no aligned pass: SPF %s%s%s, DKIM %s; "
		"policy %s%s", kn_spf_result_name(in->spf),
		in->spf_domain ? " for " : "", in->spf_domain ? in->spf_domain : "",
		in->dkim && in->dkim->sigs.count ? "not aligned or not passing" : "none",
		kn_dmarc_policy_name(out->policy),
		out->subdomain_policy ? " (sp=, subdomain)" : "");
	return ar->oom ? KENSA_ENOMEM : 0;
}
