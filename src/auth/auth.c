/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	auth 3
 * SUMMARY
 *	the authentication stage: did the claimed domain really send it?
 * SYNOPSIS
 *	#include "analysis.h"
 *
 *	int kn_auth_analyze(kensa_analysis *a);
 * DESCRIPTION
 *	Runs, through the resolver of the analysis (intel/intel.h):
 *	- SPF (RFC 7208, auth/spf.h) for the originating IP of the trace
 *	  against the envelope sender (Return-Path; the null sender checks
 *	  postmaster@HELO, 2.4), and separately the HELO identity (2.3)
 *	  when the HELO is a domain name;
 *	- DKIM (RFC 6376, auth/dkim.h) over the raw bytes, every signature;
 *	- DMARC (RFC 7489, auth/dmarc.h) for the RFC5322.From domain with
 *	  those SPF and DKIM results;
 *	- ARC (RFC 8617, auth/arc.h);
 *	- the A/AAAA/MX addresses of the From and envelope domains against
 *	  the originating IP (kn_intel_addresses());
 *	- the message's own Authentication-Results (RFC 8601) against all
 *	  of that;
 *	- when a method has no result of its own (offline, temperror), the
 *	  receiving side's recorded Authentication-Results / Received-SPF
 *	  (auth/recorded.c), and the sender domains themselves: free-mail
 *	  From sent from elsewhere, dynamic-DNS names (auth/senderdom.c).
 *	Offline, the checks that need a lookup are "not_evaluated" with the
 *	reason; a check that needs none (no DKIM signature: "none") still
 *	gives its result. Findings: spf-fail, spf-softfail, spf-permerror,
 *	spf-temperror, dkim-fail, dkim-none, dkim-weak, dmarc-fail,
 *	auth-results-disagree, ip-not-domains, recorded-spf-fail,
 *	recorded-spf-softfail, recorded-dkim-fail, recorded-dmarc-fail,
 *	freemail-sent-elsewhere, sender-dynamic-dns; each quotes the header
 *	field that carries the claim.
 *
 *	kensa_spf_check() and kensa_dkim_check() run one check alone for
 *	`kensa spf` and `kensa dkim` (include/kensa/auth.h).
 * LIMITS
 *	Those of the modules (SPF 10 lookups, KN_DKIM_MAX_SIGS, ...);
 *	KN_AUTH_MAX_DISAGREE disagreements reported.
 * ERRORS
 *	KENSA_ENOMEM only; DNS failures and syntax errors are results.
 *--*/
#include "analysis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/arc.h"
#include "auth/authtext.h"
#include "auth/dkim.h"
#include "auth/dmarc.h"
#include "auth/recorded.h"
#include "auth/spf.h"
#include "intel/intel.h"
#include "util/ip.h"
#include "util/str.h"
#include "verdict/rules.h"

/* Authentication-Results disagreements reported per message. */
#define KN_AUTH_MAX_DISAGREE 8

static int64_t
eval_time(const kensa_analysis *a)
{
	return a->opts.now != 0 ? a->opts.now : (int64_t)time(NULL);
}

/* DKIM x= is judged when the message arrived (RFC 6376 3.5), unless the
 * caller fixed "now". */
static int64_t
dkim_arrival(const kensa_analysis *a)
{
	int64_t t;

	if (a->opts.now != 0 || !kn_trace_arrival(a, &t))
		return eval_time(a);
	return t;
}

/* ---- SPF -------------------------------------------------------------- */

/* Fill the public view of one evaluation. */
static void
spf_view(kensa_analysis *a, kensa_spf *v, const kn_spf_eval *e,
	const char *identity, const char *sender, const char *ip)
{
	const kn_spf_step *st = e->steps.items;
	const char **path, **path_ja;
	bool offline = kn_lookup_is_offline(a);

	v->identity = identity;
	v->ip = ip;
	v->sender = sender;
	v->domain = e->domain;
	v->record = e->record;
	v->mechanism = e->mechanism;
	v->mechanism_domain = e->mechanism_domain;
	v->dns_lookups = e->dns_lookups;
	v->void_lookups = e->void_lookups;
	v->result = kn_spf_result_name(e->result);
	v->reason = e->problem;
	if (e->result == KN_SPF_TEMPERROR && offline) {
		v->result = KENSA_NOT_EVALUATED;
		v->reason = "not evaluated: offline";
	}
	v->reason_ja = kn_auth_ja(&a->ar, v->reason);
	path = e->steps.count ? kn_calloc(&a->ar, e->steps.count,
		sizeof(*path)) : NULL;
	path_ja = e->steps.count ? kn_calloc(&a->ar, e->steps.count,
		sizeof(*path_ja)) : NULL;
	for (size_t i = 0; path != NULL && path_ja != NULL &&
	    i < e->steps.count; i++) {
		kn_spf_step step = st[i];

		/* Offline, no record was asked for: the lookup did not
		 * fail, it was not made. */
		if (offline && step.record == NULL && step.term == NULL &&
		    step.note != NULL &&
		    strcmp(step.note, "record lookup failed") == 0)
			step.note = KN_SPF_NOT_LOOKED_UP;
		path[i] = kn_spf_path_line(&a->ar, &step, false);
		path_ja[i] = kn_spf_path_line(&a->ar, &step, true);
	}
	v->path = path;
	v->path_ja = path_ja;
	v->path_count = path && path_ja ? e->steps.count : 0;
}

static void
not_evaluated(kensa_spf *v, const char *identity, const char *why)
{
	memset(v, 0, sizeof(*v));
	v->identity = identity;
	v->result = KENSA_NOT_EVALUATED;
	v->reason = why;
	v->reason_ja = kn_auth_ja(NULL, why);
}

/* The whole path on one line, for a finding's detail. */
static const char *
path_joined(kn_arena *ar, const kensa_spf *v, bool ja)
{
	const char *s = "";

	for (size_t i = 0; i < v->path_count; i++) {
		const char *p = ja ? v->path_ja[i] : v->path[i];
		while (*p == ' ')
			p++;
		s = kn_sprintf(ar, "%s%s%s", s, i ? "; " : "", p);
		if (s == NULL)
			return "";
	}
	return s;
}

static bool
helo_is_domain(const char *helo)
{
	return helo != NULL && helo[0] != '[' && strchr(helo, '.') != NULL &&
		kn_dns_name_valid(helo, strlen(helo));
}

static void
spf_stage(kensa_analysis *a, kn_resolver *r, const kn_ip *ip,
	kn_spf_result *mailfrom_result)
{
	const kensa_trace *t = &a->trace;
	const kensa_hop *hop = NULL;
	kn_spf_request req = { 0 };
	kn_spf_eval e;
	const char *mf = a->msg.return_path;

	*mailfrom_result = KN_SPF_NONE;
	if (ip == NULL) {
		not_evaluated(&a->auth.spf, "mailfrom",
			"not evaluated: no originating IP in the Received chain");
		not_evaluated(&a->auth.helo, "helo",
			"not evaluated: no originating IP in the Received chain");
		return;
	}
	if (t->origin_hop >= 0 && (size_t)t->origin_hop < t->hop_count)
		hop = &t->hops[t->origin_hop];
	req.ip = *ip;
	req.mail_from = mf;
	req.helo = hop ? hop->helo : NULL;
	req.receiver = hop && hop->by ? hop->by : NULL;
	req.now = eval_time(a);
	if ((mf == NULL || mf[0] == '\0') && !helo_is_domain(req.helo)) {
		not_evaluated(&a->auth.spf, "mailfrom", mf == NULL ?
			"not evaluated: no Return-Path and no HELO domain" :
			"not evaluated: null sender and no HELO domain");
	} else if (kn_spf_verify(&e, r, &a->ar, &req) == 0) {
		bool has_mf = mf != NULL && mf[0] != '\0';
		spf_view(a, &a->auth.spf, &e, has_mf ? "mailfrom" : "helo",
			has_mf ? mf : kn_sprintf(&a->ar, "postmaster@%s", req.helo),
			t->origin_ip);
		*mailfrom_result = e.result;
	} else {
		not_evaluated(&a->auth.spf, "mailfrom", "not evaluated: internal error");
	}
	if (!helo_is_domain(req.helo)) {
		memset(&a->auth.helo, 0, sizeof(a->auth.helo));
		a->auth.helo.identity = "helo";
		a->auth.helo.ip = t->origin_ip;
		a->auth.helo.result = "none";
		a->auth.helo.domain = req.helo;
		a->auth.helo.reason = req.helo ? kn_sprintf(&a->ar,
			"the HELO name %s is not a domain name (RFC 7208 2.3)",
			req.helo) : "no HELO name in the Received field";
		a->auth.helo.reason_ja = kn_auth_ja(&a->ar, a->auth.helo.reason);
	} else if (kn_spf_check_helo(&e, r, &a->ar, &req) == 0) {
		spf_view(a, &a->auth.helo, &e, "helo",
			kn_sprintf(&a->ar, "postmaster@%s", req.helo), t->origin_ip);
	} else {
		not_evaluated(&a->auth.helo, "helo", "not evaluated: internal error");
	}
}

static void
spf_findings(kensa_analysis *a)
{
	const kensa_spf *v = &a->auth.spf;
	kensa_evidence ev;
	const char *id = v->identity && strcmp(v->identity, "helo") == 0 ?
		"HELO" : "Return-Path";

	if (strcmp(id, "HELO") == 0 && a->trace.origin_hop >= 0)
		ev = kn_ev_header(a, "Received",
			a->trace.hops[a->trace.origin_hop].header);
	else
		ev = kn_ev_header(a, "Return-Path", 1);
	if (strcmp(v->result, "fail") == 0)
		KN_FINDING(a, KN_RULE(auth, spf_fail), &ev, v->domain, id, v->ip,
			v->record, v->mechanism, path_joined(&a->ar, v, false),
			path_joined(&a->ar, v, true));
	else if (strcmp(v->result, "softfail") == 0)
		KN_FINDING(a, KN_RULE(auth, spf_softfail), &ev, v->domain, id, v->ip,
			v->record, v->mechanism, path_joined(&a->ar, v, false),
			path_joined(&a->ar, v, true));
	else if (strcmp(v->result, "permerror") == 0)
		KN_FINDING(a, KN_RULE(auth, spf_permerror), &ev, v->domain, id, v->ip,
			v->reason);
	else if (strcmp(v->result, "temperror") == 0)
		KN_FINDING(a, KN_RULE(auth, spf_temperror), &ev, v->domain, id, v->ip,
			v->reason);
}

/* ---- DKIM ------------------------------------------------------------- */

static void
dkim_stage(kensa_analysis *a, kn_resolver *r, kn_dkim_eval *de)
{
	bool offline = kn_lookup_is_offline(a);
	const kn_dkim_sig *s;

	a->auth.dkim_result = "none";
	if (kn_dkim_verify_at(de, r, &a->ar, a->data, a->len, dkim_arrival(a),
	    eval_time(a)) < 0) {
		memset(de, 0, sizeof(*de));
		a->auth.dkim_result = KENSA_NOT_EVALUATED;
		return;
	}
	s = de->sigs.items;
	for (size_t i = 0; i < de->sigs.count; i++) {
		kensa_dkim *v = kn_vec_push(&a->ar, &a->auth_dkim, sizeof(*v));
		if (v == NULL)
			return;
		v->result = kn_dkim_result_name(s[i].result);
		v->reason = s[i].reason;
		if (offline && s[i].result == KN_DKIM_TEMPERROR) {
			v->result = KENSA_NOT_EVALUATED;
			v->reason = "not evaluated: offline";
		}
		v->domain = s[i].domain;
		v->selector = s[i].selector;
		v->algorithm = s[i].algorithm;
		v->canonicalization = s[i].canon;
		v->key_bits = s[i].key_bits;
		v->weak = s[i].weak || s[i].has_l;
		v->has_length = s[i].has_l;
		v->header = s[i].occurrence;
		v->reason_ja = kn_auth_ja(&a->ar, v->reason);
	}
	a->auth.dkim = a->auth_dkim.items;
	a->auth.dkim_count = a->auth_dkim.count;
	if (de->sigs.count > 0) {
		a->auth.dkim_result = kn_dkim_result_name(de->result);
		if (offline && de->result == KN_DKIM_TEMPERROR)
			a->auth.dkim_result = KENSA_NOT_EVALUATED;
	}
}

static void
dkim_findings(kensa_analysis *a)
{
	for (size_t i = 0; i < a->auth.dkim_count; i++) {
		const kensa_dkim *v = &a->auth.dkim[i];
		kensa_evidence ev = kn_ev_header(a, "DKIM-Signature", v->header);

		if (strcmp(v->result, "permerror") == 0 &&
		    kn_dkim_reason_expired(v->reason))
			KN_FINDING(a, KN_RULE(auth, dkim_expired), &ev, v->domain,
				v->selector, v->reason);
		else if (strcmp(v->result, "fail") == 0 ||
		    strcmp(v->result, "permerror") == 0 ||
		    strcmp(v->result, "policy") == 0)
			KN_FINDING(a, KN_RULE(auth, dkim_fail), &ev, v->domain, v->selector,
				v->algorithm, v->result, v->reason);
		if (v->weak)
			KN_FINDING(a, KN_RULE(auth, dkim_weak), &ev, v->domain, v->selector,
				v->has_length ? "l= (a body length limit)" : v->algorithm,
				v->has_length ? "content may be appended after the "
				"signed part without breaking the signature" :
				"SHA-1 is no longer acceptable for signing (RFC 8301 3.1)");
	}
	if (a->auth.dkim_count == 0 && a->msg.from.domain != NULL) {
		kensa_evidence ev = kn_ev_header(a, "From", 1);
		KN_FINDING(a, KN_RULE(auth, dkim_none), &ev, a->msg.from.domain);
	}
}

/* ---- DMARC and ARC ---------------------------------------------------- */

static void
dmarc_stage(kensa_analysis *a, kn_resolver *r, kn_spf_result spf,
	const kn_dkim_eval *de)
{
	kensa_dmarc *v = &a->auth.dmarc;
	kn_dmarc_input in = { 0 };
	kn_dmarc_eval e;

	memset(v, 0, sizeof(*v));
	v->domain = a->msg.from.domain;
	if (a->msg.from.domain == NULL) {
		v->result = KENSA_NOT_EVALUATED;
		v->reason = "not evaluated: no From domain";
		v->reason_ja = kn_auth_ja(&a->ar, v->reason);
		return;
	}
	in.from_domain = a->msg.from.domain;
	in.spf = spf;
	in.spf_domain = a->auth.spf.domain;
	in.dkim = de;
	if (kn_dmarc_check(&e, r, &a->ar, &in) < 0) {
		v->result = KENSA_NOT_EVALUATED;
		v->reason = "not evaluated: internal error";
		v->reason_ja = kn_auth_ja(&a->ar, v->reason);
		return;
	}
	v->result = kn_dmarc_result_name(e.result);
	v->reason = e.reason;
	if (e.result == KN_DMARC_TEMPERROR && kn_lookup_is_offline(a)) {
		v->result = KENSA_NOT_EVALUATED;
		v->reason = "not evaluated: offline";
	}
	v->record_domain = e.record_domain;
	v->record = e.record;
	if (e.record != NULL) {
		v->policy = kn_dmarc_policy_name(e.policy);
		v->disposition = kn_dmarc_policy_name(e.disposition);
		v->alignment = kn_sprintf(&a->ar, "adkim=%c aspf=%c",
			e.rec.adkim_strict ? 's' : 'r', e.rec.aspf_strict ? 's' : 'r');
	}
	v->spf_aligned = e.spf_aligned;
	v->dkim_aligned = e.dkim_aligned;
	v->reason_ja = kn_auth_ja(&a->ar, v->reason);
}

static void
dmarc_findings(kensa_analysis *a)
{
	const kensa_dmarc *v = &a->auth.dmarc;
	kensa_evidence ev = kn_ev_header(a, "From", 1);

	if (strcmp(v->result, "fail") != 0)
		return;
	KN_FINDING(a, v->policy && strcmp(v->policy, "none") != 0 ?
		KN_RULE(auth, dmarc_fail) : KN_RULE_V(auth, dmarc_fail, relaxed_policy), &ev, v->domain,
		a->auth.spf.result, v->spf_aligned ? "yes" : "no",
		a->auth.dkim_result, v->dkim_aligned ? "yes" : "no",
		v->policy, v->record_domain, v->record, v->disposition);
}

static void
arc_stage(kensa_analysis *a, kn_resolver *r)
{
	kensa_arc *v = &a->auth.arc;
	kn_arc_eval e;

	memset(v, 0, sizeof(*v));
	if (kn_arc_validate(&e, r, &a->ar, a->data, a->len, eval_time(a)) < 0) {
		v->result = KENSA_NOT_EVALUATED;
		v->reason = "not evaluated: internal error";
		return;
	}
	v->result = kn_arc_cv_name(e.cv);
	v->reason = e.reason;
	v->instances = e.instances;
	v->sealers = e.sealers.items;
	v->sealer_count = e.sealers.count;
	if (kn_lookup_is_offline(a) && e.instances > 0) {
		v->result = KENSA_NOT_EVALUATED;
		v->reason = "not evaluated: offline";
	}
}

/* ---- Authentication-Results ------------------------------------------ */

static const char *
ours_for(const kensa_auth *au, const char *method)
{
	if (kn_str_ieq(method, "spf"))
		return au->spf.result;
	if (kn_str_ieq(method, "dkim"))
		return au->dkim_result;
	if (kn_str_ieq(method, "dmarc"))
		return au->dmarc.result;
	if (kn_str_ieq(method, "arc"))
		return au->arc.result;
	return NULL;
}

static void
compare_auth_results(kensa_analysis *a)
{
	const kensa_message_facts *m = &a->msg;

	for (size_t i = 0; i < m->auth_result_count; i++) {
		const kensa_auth_result *r = &m->auth_results[i];
		const char *ours, *claimed = r->result;
		kensa_auth_disagreement *d;
		kensa_evidence ev;

		if (r->method == NULL || claimed == NULL)
			continue;
		ours = ours_for(&a->auth, r->method);
		/* No result of our own: the recorded one is evidence
		 * (recorded.c), not a disagreement. */
		if (ours == NULL || strcmp(ours, KENSA_NOT_EVALUATED) == 0 ||
		    strcmp(ours, "temperror") == 0)
			continue;
		if (kn_str_ieq(claimed, "hardfail"))
			claimed = "fail";
		if (kn_str_ieq(claimed, ours))
			continue;
		if (a->auth_disagree.count >= KN_AUTH_MAX_DISAGREE)
			break;
		d = kn_vec_push(&a->ar, &a->auth_disagree, sizeof(*d));
		if (d == NULL)
			return;
		d->method = r->method;
		d->claimed = r->result;
		d->ours = ours;
		d->header = r->header;
		d->authserv_id = r->authserv_id;
		ev = kn_ev_header(a, "Authentication-Results", r->header);
		/* Microsoft 365 writes no authserv-id (authres.c: NULL). */
		if (r->authserv_id != NULL && r->authserv_id[0] != '\0')
			KN_FINDING(a, KN_RULE(auth, auth_results_disagree), &ev,
				kn_sprintf(&a->ar, "by %s", r->authserv_id),
				r->method, r->result, ours,
				kn_sprintf(&a->ar, "%s の", r->authserv_id));
		else
			KN_FINDING(a, KN_RULE(auth, auth_results_disagree), &ev,
				"with no authserv-id", r->method, r->result, ours,
				"authserv-id のない");
	}
	a->auth.disagreements = a->auth_disagree.items;
	a->auth.disagreement_count = a->auth_disagree.count;
}

/* ---- the sending IP against the claimed domains ----------------------- */

static int
domain_addresses(kensa_analysis *a, const kn_ip *ip)
{
	static const char *const roles[] = { "from", "envelope" };
	const char *doms[] = { a->msg.from.domain, a->msg.return_path_domain };
	const char *hdrs[] = { "From", "Return-Path" };
	bool spf_pass = strcmp(a->auth.spf.result, "pass") == 0;

	for (size_t i = 0; i < 2; i++) {
		kensa_domain_intel *d;
		bool any = false;
		size_t before = a->intel_domains.count;
		int rc;

		if (doms[i] == NULL || doms[i][0] == '\0')
			continue;
		d = kn_intel_domain(a, doms[i], roles[i]);
		if (d == NULL)
			return KENSA_ENOMEM;
		if (a->intel_domains.count == before)
			continue; /* same domain as From: done */
		if ((rc = kn_intel_addresses(a, d, ip, &any)) < 0)
			return rc;
		if (any && ip != NULL && !d->has_origin && !spf_pass) {
			kensa_evidence ev;
			const char *list = "";
			int oh = a->trace.origin_hop;

			for (size_t k = 0; k < d->address_count; k++)
				list = kn_sprintf(&a->ar, "%s%s%s", list,
					k ? ", " : "", d->addresses[k]);
			if (oh >= 0)
				ev = kn_ev_header(a, "Received",
					a->trace.hops[oh].header);
			else
				ev = kn_ev_header(a, hdrs[i], 1);
			KN_FINDING(a, KN_RULE(auth, ip_not_domains), &ev,
				a->trace.origin_ip, d->domain, hdrs[i], list,
				kn_sprintf(&a->ar, "SPF %s", a->auth.spf.result));
		}
	}
	return 0;
}

/* ---- the stage -------------------------------------------------------- */

int
kn_auth_analyze(kensa_analysis *a)
{
	kn_resolver *r = kn_lookup_resolver(a);
	kn_spf_result spf = KN_SPF_NONE;
	kn_recorded rec;
	kn_dkim_eval de;
	kn_ip ip, *ipp = NULL;
	int rc;

	if (r == NULL)
		return 0;
	a->auth.evaluated = !kn_lookup_is_offline(a);
	if (!a->auth.evaluated)
		a->auth.reason = "offline: no lookup was made";
	if (a->trace.origin_ip != NULL &&
	    kn_ip_parse(a->trace.origin_ip, strlen(a->trace.origin_ip), &ip))
		ipp = &ip;
	spf_stage(a, r, ipp, &spf);
	dkim_stage(a, r, &de);
	dmarc_stage(a, r, spf, &de);
	arc_stage(a, r);
	spf_findings(a);
	dkim_findings(a);
	dmarc_findings(a);
	compare_auth_results(a);
	kn_auth_recorded(a, &rec);
	kn_auth_sender_domains(a, &rec);
	if ((rc = domain_addresses(a, ipp)) < 0)
		return rc;
	return a->ar.oom ? KENSA_ENOMEM : 0;
}

KENSA_EXTERN(const kensa_auth *)
kensa_analysis_auth(const kensa_analysis *a)
{
	return a ? &a->auth : NULL;
}

/* ---- one check alone -------------------------------------------------- */

static int
standalone_new(kensa_analysis **out, const kensa_options *opts)
{
	static const kensa_options defaults = KENSA_OPTIONS_INIT;
	kensa_analysis *a;
	int rc;

	if (out == NULL)
		return KENSA_EINVAL;
	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (opts->version != KENSA_OPTIONS_VERSION)
		return KENSA_EVERSION;
	a = calloc(1, sizeof(*a));
	if (a == NULL)
		return KENSA_ENOMEM;
	kn_arena_init(&a->ar);
	a->opts = *opts;
	a->trace.origin_hop = -1;
	if ((rc = kn_lookup_open(a)) < 0) {
		kensa_analysis_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

static int
standalone_end(kensa_analysis **out, kensa_analysis *a, int rc)
{
	kn_lookup_close(a);
	a->data = NULL;
	if (rc == 0 && a->ar.oom)
		rc = KENSA_ENOMEM;
	if (rc < 0) {
		kensa_analysis_free(a);
		*out = NULL;
		return rc;
	}
	*out = a;
	return 0;
}

KENSA_EXTERN(int)
kensa_spf_check(kensa_analysis **out, const char *ip, const char *domain,
	const char *helo, const kensa_options *opts)
{
	kensa_analysis *a;
	kn_spf_request req = { 0 };
	kn_spf_eval e;
	kn_ip addr;
	int rc;

	if (out == NULL || ip == NULL || domain == NULL)
		return KENSA_EINVAL;
	*out = NULL;
	if (!kn_ip_parse(ip, strlen(ip), &addr) || domain[0] == '\0')
		return KENSA_EINVAL;
	if ((rc = standalone_new(&a, opts)) < 0)
		return rc;
	req.ip = addr;
	req.helo = helo;
	req.now = eval_time(a);
	rc = kn_spf_check_host(&e, kn_lookup_resolver(a), &a->ar, &req, domain,
		kn_sprintf(&a->ar, "postmaster@%s", domain));
	if (rc == 0) {
		spf_view(a, &a->auth.spf, &e, "mailfrom",
			kn_sprintf(&a->ar, "postmaster@%s", domain),
			kn_strdup(&a->ar, ip));
		if (helo != NULL && helo_is_domain(helo) &&
		    (rc = kn_spf_check_helo(&e, kn_lookup_resolver(a), &a->ar,
			&req)) == 0)
			spf_view(a, &a->auth.helo, &e, "helo",
				kn_sprintf(&a->ar, "postmaster@%s", helo),
				kn_strdup(&a->ar, ip));
	}
	a->auth.evaluated = !kn_lookup_is_offline(a);
	return standalone_end(out, a, rc);
}

KENSA_EXTERN(int)
kensa_dkim_check(kensa_analysis **out, const char *data, size_t len,
	const kensa_options *opts)
{
	kensa_analysis *a;
	kn_dkim_eval de;
	int rc;

	if (out == NULL || (data == NULL && len > 0))
		return KENSA_EINVAL;
	*out = NULL;
	if (len > KENSA_MAX_MESSAGE_BYTES)
		return KENSA_ETOOBIG;
	if ((rc = standalone_new(&a, opts)) < 0)
		return rc;
	a->data = data ? data : "";
	a->len = len;
	a->auth.evaluated = !kn_lookup_is_offline(a);
	dkim_stage(a, kn_lookup_resolver(a), &de);
	return standalone_end(out, a, a->ar.oom ? KENSA_ENOMEM : 0);
}
