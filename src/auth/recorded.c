/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	recorded 3
 * SUMMARY
 *	the receiving side's recorded SPF, DKIM and DMARC results as evidence
 * SYNOPSIS
 *	#include "auth/recorded.h"
 *
 *	void kn_auth_recorded(kensa_analysis *a, kn_recorded *out);
 * DESCRIPTION
 *	The recipient's mail system checked SPF, DKIM and DMARC when it
 *	accepted the message and wrote its verdicts into
 *	Authentication-Results (RFC 8601) and Received-SPF (RFC 7208 9.1)
 *	fields. When kensa has no result of its own for a method (offline,
 *	or the lookup failed: not_evaluated or temperror), a failure in
 *	that record is used as evidence, at a lower weight than kensa's own
 *	verified failure and saying it was not re-verified.
 *
 *	Trust. Only fields written by the receiving side count. The
 *	boundary is the Received field of the originating hop (trace
 *	stage): the first hop, walking from the top, whose client is a
 *	public address outside the receiving side; that field was written
 *	by the recipient's boundary server. Trusted are:
 *	- every Authentication-Results / Received-SPF field above the
 *	  boundary Received field (Microsoft 365 and most MTAs put them
 *	  there);
 *	- the unbroken run of such fields right below it whose authserv-id
 *	  (RFC 8601 2.3), or the receiver named by Received-SPF, is in the
 *	  boundary server's organizational domain: Gmail writes
 *	  "Received: ... by mx.google.com", then Received-SPF and
 *	  "Authentication-Results: mx.google.com; ...".
 *	Anything else below the boundary came from the sender's side and
 *	may be forged; a receiver is to remove such fields that carry its
 *	own authserv-id (RFC 8601 section 5), and kensa ignores them all.
 *	Per method the trusted field nearest the boundary wins. Microsoft
 *	365 writes no authserv-id ("Authentication-Results: spf=pass
 *	(sender IP is ...) smtp.mailfrom=..."): such a value is read as
 *	results only, and the receiver is named by the boundary server.
 *
 *	A DMARC or DKIM failure of a message that came through a mailing
 *	list (List-Id or List-Post, and the envelope sender in the list's
 *	organizational domain) is what lists do to signed mail: the
 *	mailing-list variants weigh nothing and say so.
 *
 *	Findings: recorded-dmarc-fail (its From domain only: header.from
 *	must match when given), recorded-spf-fail, recorded-spf-softfail
 *	(Authentication-Results spf=, else Received-SPF), recorded-dkim-fail
 *	(no dkim=pass in the same field). Each quotes the field.
 * STANDARDS
 *	RFC 8601 sections 2.2, 2.3, 5; RFC 7208 section 9.1; RFC 7489.
 * LIMITS
 *	KN_RECORDED_MAX fields are read; results beyond KN_RECORDED_RESULTS
 *	per field, or beyond the message stage's KN_AUTHRES_MAX in all, are
 *	ignored.
 *--*/
#include "auth/recorded.h"

#include <string.h>
#include <strings.h>

#include "message/parse.h"
#include "util/domain.h"
#include "util/str.h"
#include "verdict/rules.h"

/* Trusted fields looked at per message. */
#define KN_RECORDED_MAX 32
/* Results kept per Authentication-Results field. */
#define KN_RECORDED_RESULTS 32

/* One trusted field, parsed. */
typedef struct rec_field {
	const kensa_header *h;
	bool is_spf_hdr;      /* Received-SPF, else Authentication-Results */
	const char *receiver; /* authserv-id or Received-SPF receiver, or NULL */
	/* A-R only: this field's results, a run of a->auth_results (the
	 * message stage parsed every field once) */
	const kensa_auth_result *results;
	size_t nresults;
	const char *spf_result; /* Received-SPF: lower-case result */
} rec_field;

static bool
name_is(const kensa_header *h, const char *name)
{
	return h->name != NULL && strcasecmp(h->name, name) == 0;
}

static bool
is_record(const kensa_header *h)
{
	return name_is(h, "Authentication-Results") ||
	       name_is(h, "Received-SPF");
}

/* Received-SPF: result word and the receiver, from "(receiver: ...)"
 * or "receiver=..." (RFC 7208 9.1). */
static void
parse_received_spf(kn_arena *ar, const char *v, const char **result,
	const char **receiver)
{
	const char *p = v, *q;

	*result = NULL;
	*receiver = NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	for (q = p; *q != '\0' && *q != ' ' && *q != '\t' && *q != '(' &&
	     *q != ';'; q++)
		;
	if (q > p)
		*result = kn_str_lower(ar, kn_strndup(ar, p, (size_t)(q - p)));
	while (*q == ' ' || *q == '\t')
		q++;
	if (*q == '(') {
		const char *e = q + 1;
		while (*e != '\0' && *e != ':' && *e != ')' && *e != ' ')
			e++;
		if (*e == ':' && e > q + 1)
			*receiver = kn_str_lower(ar, kn_strndup(ar, q + 1,
				(size_t)(e - q - 1)));
	}
	if (*receiver == NULL && (p = strstr(v, "receiver=")) != NULL) {
		p += 9;
		for (q = p; *q != '\0' && *q != ';' && *q != ' ' && *q != '\t'; q++)
			;
		if (q > p)
			*receiver = kn_str_lower(ar, kn_strndup(ar, p,
				(size_t)(q - p)));
	}
}

static bool
parse_field(kensa_analysis *a, const kensa_header *h, rec_field *f)
{
	const char *raw = h->raw ? h->raw : h->value;

	memset(f, 0, sizeof(*f));
	f->h = h;
	if (raw == NULL)
		return false;
	if (name_is(h, "Received-SPF")) {
		f->is_spf_hdr = true;
		parse_received_spf(&a->ar, h->value ? h->value : raw,
			&f->spf_result, &f->receiver);
		return f->spf_result != NULL;
	}
	/* The message stage parsed the field (an authserv-id missing, as
	 * Microsoft 365 writes them, leaves authserv_id NULL): its results
	 * are the run whose header is this field's occurrence. */
	for (size_t i = 0; i < a->auth_results.count; i++) {
		const kensa_auth_result *r =
			(const kensa_auth_result *)a->auth_results.items + i;

		if (r->header != h->occurrence) {
			if (f->nresults > 0)
				break;
			continue;
		}
		if (f->nresults == 0)
			f->results = r;
		if (f->nresults < KN_RECORDED_RESULTS)
			f->nresults++;
	}
	if (f->nresults > 0 && f->results[0].authserv_id != NULL &&
	    f->results[0].authserv_id[0] != '\0')
		f->receiver = kn_str_lower(&a->ar, f->results[0].authserv_id);
	return f->nresults > 0;
}

/* Index in a->msg.headers of the boundary Received field, or -1. */
static long
boundary_index(const kensa_analysis *a)
{
	unsigned want, seen = 0;

	if (a->trace.origin_hop < 0 ||
	    (size_t)a->trace.origin_hop >= a->trace.hop_count)
		return -1;
	want = a->trace.hops[a->trace.origin_hop].header;
	for (size_t i = 0; i < a->msg.header_count; i++) {
		if (name_is(&a->msg.headers[i], "Received") && ++seen == want)
			return (long)i;
	}
	return -1;
}

/* The trusted fields, nearest the boundary first. */
static size_t
trusted_fields(kensa_analysis *a, rec_field *out, size_t max)
{
	long b = boundary_index(a);
	const char *by, *by_org = NULL;
	size_t n = 0;

	if (b < 0)
		return 0;
	by = a->trace.hops[a->trace.origin_hop].by;
	if (by != NULL)
		by_org = kn_org_domain(&a->ar, by);
	/* Right below the boundary: Gmail's shape, receiver must match. */
	for (size_t i = (size_t)b + 1; i < a->msg.header_count && n < max; i++) {
		const kensa_header *h = &a->msg.headers[i];
		if (!is_record(h))
			break;
		if (parse_field(a, h, &out[n]) && by_org != NULL &&
		    out[n].receiver != NULL &&
		    kn_org_domain_same(&a->ar, out[n].receiver, by_org))
			n++;
	}
	/* Above the boundary: written by the receiving side. */
	for (long i = b - 1; i >= 0 && n < max; i--) {
		const kensa_header *h = &a->msg.headers[i];
		if (is_record(h) && parse_field(a, h, &out[n]))
			n++;
	}
	return n;
}

/* Value of "key=" in a property list ("smtp.mailfrom=x header.d=y"). */
static const char *
prop(kn_arena *ar, const char *props, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = props; p != NULL && *p != '\0';) {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len > kl && p[kl] == '=' && strncasecmp(p, key, kl) == 0) {
			const char *v = p + kl + 1;
			size_t vl = len - kl - 1;
			if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
				v++;
				vl -= 2;
			}
			return kn_str_lower(ar, kn_strndup(ar, v, vl));
		}
		p = e ? e + 1 : p + len;
	}
	return NULL;
}

/* Domain of "local@domain" or of "domain". */
static const char *
domain_of(const char *s)
{
	const char *at;

	if (s == NULL)
		return NULL;
	at = strrchr(s, '@');
	return at ? at + 1 : s;
}

/* kensa's own result is missing: offline, or the lookup failed. */
static bool
no_own(const char *ours)
{
	return ours == NULL || strcmp(ours, KENSA_NOT_EVALUATED) == 0 ||
	       strcmp(ours, "temperror") == 0;
}

/* The list's own domain from List-Id ("<a.list.example.org>") or
 * List-Post ("<mailto:a@example.org>"), or NULL. */
static const char *
list_domain(kensa_analysis *a, const char *field)
{
	const kensa_header *h = kn_header_get(a, field, 1);
	const char *v, *lt, *gt;

	if (h == NULL || (v = h->value) == NULL)
		return NULL;
	if ((lt = strrchr(v, '<')) == NULL || (gt = strchr(lt, '>')) == NULL)
		return NULL;
	lt++;
	if (kn_str_iprefix(lt, (size_t)(gt - lt), "mailto:")) {
		const char *at = memchr(lt, '@', (size_t)(gt - lt));
		if (at == NULL)
			return NULL;
		lt = at + 1;
	}
	return gt > lt ? kn_strndup(&a->ar, lt, (size_t)(gt - lt)) : NULL;
}

static bool
via_list(kensa_analysis *a, const char **list)
{
	const char *env = a->msg.return_path_domain;
	const char *ids[2];

	ids[0] = list_domain(a, "List-Id");
	ids[1] = list_domain(a, "List-Post");
	for (size_t i = 0; i < 2; i++) {
		if (ids[i] != NULL && env != NULL &&
		    kn_org_domain_same(&a->ar, ids[i], env)) {
			*list = ids[i];
			return true;
		}
	}
	return false;
}

/* How the receiver is named in a finding's detail, in English or (ja)
 * Japanese: its authserv-id, else the server of the boundary hop. */
static const char *
receiver_name(kensa_analysis *a, const rec_field *f, bool ja)
{
	const char *by = a->trace.hops[a->trace.origin_hop].by;

	if (f->receiver != NULL)
		return f->receiver;
	if (by == NULL)
		return ja ? "受信サーバー" : "the receiving server";
	return kn_sprintf(&a->ar, ja ? "受信サーバー(%s)" :
		"the receiving server (%s)", by);
}

static kensa_evidence
field_ev(kensa_analysis *a, const rec_field *f)
{
	return kn_ev_header(a, f->h->name, f->h->occurrence);
}

/* The first result of method in field f; for dkim, "pass" if any
 * signature passed, else "fail" if one failed, else the first. */
static const kensa_auth_result *
method_result(const rec_field *f, const char *method)
{
	const kensa_auth_result *r = f->results, *first = NULL,
		*fail = NULL;

	for (size_t i = 0; i < f->nresults; i++) {
		if (r[i].method == NULL || r[i].result == NULL ||
		    strcmp(r[i].method, method) != 0)
			continue;
		if (first == NULL)
			first = &r[i];
		if (strcmp(method, "dkim") != 0)
			return first;
		if (strcmp(r[i].result, "pass") == 0)
			return &r[i];
		if (fail == NULL && strcmp(r[i].result, "fail") == 0)
			fail = &r[i];
	}
	return fail ? fail : first;
}

static void
spf_recorded(kensa_analysis *a, const rec_field *fs, size_t n)
{
	const char *ours = a->auth.spf.result;

	if (!no_own(ours))
		return;
	for (size_t i = 0; i < n; i++) {
		const rec_field *f = &fs[i];
		const char *res, *dom = NULL;
		kensa_evidence ev;

		if (f->is_spf_hdr) {
			res = f->spf_result;
		} else {
			const kensa_auth_result *r = method_result(f, "spf");
			if (r == NULL)
				continue;
			res = r->result;
			dom = domain_of(prop(&a->ar, r->properties,
				"smtp.mailfrom"));
		}
		if (dom == NULL)
			dom = a->msg.return_path_domain;
		ev = field_ev(a, f);
		/* {5} and {6}: receiver and reason for the Japanese text. */
		if (strcmp(res, "fail") == 0 || strcmp(res, "hardfail") == 0)
			KN_FINDING(a, KN_RULE(auth, recorded_spf_fail), &ev,
				receiver_name(a, f, false), dom,
				a->trace.origin_ip, a->auth.spf.reason,
				receiver_name(a, f, true), a->auth.spf.reason_ja);
		else if (strcmp(res, "softfail") == 0)
			KN_FINDING(a, KN_RULE(auth, recorded_spf_softfail), &ev,
				receiver_name(a, f, false), dom,
				a->trace.origin_ip, a->auth.spf.reason,
				receiver_name(a, f, true), a->auth.spf.reason_ja);
		return; /* the nearest record decides */
	}
}

static void
dkim_recorded(kensa_analysis *a, const rec_field *fs, size_t n,
	bool list, const char *list_dom)
{
	if (!no_own(a->auth.dkim_result) || a->auth.dkim_count == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		const kensa_auth_result *r;
		kensa_evidence ev;

		if (fs[i].is_spf_hdr || (r = method_result(&fs[i], "dkim")) == NULL)
			continue;
		if (strcmp(r->result, "fail") != 0)
			return;
		ev = field_ev(a, &fs[i]);
		/* The receiver in Japanese: {6} (list), {4}. */
		if (list)
			KN_FINDING(a, KN_RULE_V(auth, recorded_dkim_fail,
				mailing_list), &ev, receiver_name(a, &fs[i], false),
				prop(&a->ar, r->properties, "header.d"),
				a->auth.dkim_result, list_dom,
				a->msg.return_path_domain,
				receiver_name(a, &fs[i], true));
		else
			KN_FINDING(a, KN_RULE(auth, recorded_dkim_fail), &ev,
				receiver_name(a, &fs[i], false),
				prop(&a->ar, r->properties, "header.d"),
				a->auth.dkim_result,
				receiver_name(a, &fs[i], true));
		return;
	}
}

static void
dmarc_recorded(kensa_analysis *a, const rec_field *fs, size_t n,
	bool list, const char *list_dom, kn_recorded *out)
{
	const char *from = a->msg.from.domain;
	bool own = !no_own(a->auth.dmarc.result);

	if (from == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		const kensa_auth_result *r;
		const char *hf;
		kensa_evidence ev;

		if (fs[i].is_spf_hdr || (r = method_result(&fs[i], "dmarc")) == NULL)
			continue;
		hf = prop(&a->ar, r->properties, "header.from");
		if (hf != NULL && !kn_str_ieq(hf, from))
			continue; /* about another domain */
		if (strcmp(r->result, "pass") == 0)
			out->from_authenticated = true;
		if (strcmp(r->result, "fail") != 0)
			return;
		out->dmarc_fail = true;
		if (own)
			return; /* kensa's own result wins */
		ev = field_ev(a, &fs[i]);
		/* Receiver and reason in Japanese: {6} {7} (list), {5} {6}. */
		if (list)
			KN_FINDING(a, KN_RULE_V(auth, recorded_dmarc_fail,
				mailing_list), &ev, receiver_name(a, &fs[i], false),
				from, a->auth.dmarc.reason, list_dom,
				a->msg.return_path_domain,
				receiver_name(a, &fs[i], true),
				a->auth.dmarc.reason_ja);
		else
			KN_FINDING(a, KN_RULE(auth, recorded_dmarc_fail), &ev,
				receiver_name(a, &fs[i], false), from,
				a->auth.dmarc.reason,
				r->properties ? r->properties : "-",
				receiver_name(a, &fs[i], true),
				a->auth.dmarc.reason_ja);
		return;
	}
}

/* dkim=pass by the From organizational domain in a trusted field. */
static bool
dkim_pass_from(kensa_analysis *a, const rec_field *fs, size_t n)
{
	const char *from = a->msg.from.domain;

	for (size_t i = 0; from != NULL && i < n; i++) {
		const kensa_auth_result *r = fs[i].results;
		for (size_t k = 0; k < fs[i].nresults; k++) {
			const char *d;
			if (r[k].method == NULL || strcmp(r[k].method, "dkim") != 0 ||
			    r[k].result == NULL || strcmp(r[k].result, "pass") != 0)
				continue;
			d = prop(&a->ar, r[k].properties, "header.d");
			if (d == NULL)
				d = domain_of(prop(&a->ar, r[k].properties,
					"header.i"));
			if (kn_org_domain_same(&a->ar, d, from))
				return true;
		}
	}
	return false;
}

void
kn_auth_recorded(kensa_analysis *a, kn_recorded *out)
{
	rec_field fs[KN_RECORDED_MAX];
	const char *list_dom = NULL;
	size_t n;
	bool list;

	memset(out, 0, sizeof(*out));
	n = trusted_fields(a, fs, KN_RECORDED_MAX);
	if (n == 0)
		return;
	out->any = true;
	list = via_list(a, &list_dom);
	out->via_list = list;
	if (dkim_pass_from(a, fs, n))
		out->from_authenticated = true;
	spf_recorded(a, fs, n);
	dkim_recorded(a, fs, n, list, list_dom);
	dmarc_recorded(a, fs, n, list, list_dom, out);
}
