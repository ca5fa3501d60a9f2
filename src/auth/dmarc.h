/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dmarc 3h
 * SUMMARY
 *	DMARC evaluation, RFC 7489
 * SYNOPSIS
 *	#include "auth/dmarc.h"
 * DESCRIPTION
 *	kn_dmarc_parse() reads one TXT record (RFC 7489 6.3, 6.4): it must
 *	start with "v=DMARC1"; p= and sp= must be none, quarantine or reject
 *	(else, per 6.6.3, the record stands as p=none when rua= holds a
 *	valid URI, and is no DMARC record otherwise); other invalid values
 *	are discarded for their defaults and listed as defects (6.3:
 *	"syntax errors in the remainder of the record SHOULD be discarded
 *	in favor of default values"); unknown tags are ignored.
 *
 *	kn_dmarc_check() does policy discovery (6.6.3: _dmarc.<From domain>,
 *	then _dmarc.<organizational domain> via the Public Suffix List,
 *	kn_org_domain()), identifier alignment (3.1: relaxed = same
 *	organizational domain, strict = same name) of the SPF-authenticated
 *	RFC5321.MailFrom domain and of the d= of every passing DKIM
 *	signature with the RFC5322.From domain, the result (pass, fail,
 *	none, temperror, permerror) and the policy the receiver should
 *	apply: p=, or sp= when the From domain is a subdomain found through
 *	the organizational record (6.6.3), with pct= sampling (6.6.4: a
 *	message not sampled gets the next lower policy; pct=0 always does).
 *	Semantics are RFC 7489, not DMARCbis (no np=, psd=, tree walk).
 * ERRORS
 *	KENSA_EINVAL, KENSA_ENOMEM only; DNS failures are results.
 *--*/
#ifndef KN_DMARC_H
#define KN_DMARC_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/dkim.h"
#include "auth/spf.h"
#include "intel/dns.h"
#include "util/arena.h"

/* Defects kept per record (one per tag at most). */
#define KN_DMARC_MAX_DEFECTS 16

typedef enum kn_dmarc_result {
	KN_DMARC_NONE = 0,
	KN_DMARC_PASS,
	KN_DMARC_FAIL,
	KN_DMARC_TEMPERROR,
	KN_DMARC_PERMERROR
} kn_dmarc_result;

typedef enum kn_dmarc_policy {
	KN_DMARC_P_NONE = 0,
	KN_DMARC_P_QUARANTINE,
	KN_DMARC_P_REJECT
} kn_dmarc_policy;

typedef enum kn_dmarc_status {
	KN_DMARC_REC_OK = 0,       /* usable (maybe with defects) */
	KN_DMARC_REC_DEFAULTED,    /* p=/sp= invalid or absent, rua= valid:
				    * acts as p=none (6.6.3) */
	KN_DMARC_REC_NOT_DMARC,    /* does not start with v=DMARC1 */
	KN_DMARC_REC_INVALID       /* p= invalid or absent, no valid rua=:
				    * no DMARC processing (6.6.3) */
} kn_dmarc_status;

typedef struct kn_dmarc_record {
	kn_dmarc_status status;
	kn_dmarc_policy p, sp;   /* sp = p when absent (6.3) */
	bool has_sp;
	bool adkim_strict, aspf_strict;  /* default relaxed */
	unsigned pct;            /* 0..100, default 100 */
	const char *rua, *ruf;   /* as written, NULL when absent */
	const char *fo;          /* default "0" */
	const char *rf;          /* default "afrf" */
	uint32_t ri;             /* default 86400 */
	size_t ndefects;
	const char *defects[KN_DMARC_MAX_DEFECTS]; /* English */
} kn_dmarc_record;

typedef struct kn_dmarc_input {
	const char *from_domain;   /* RFC5322.From domain */
	kn_spf_result spf;         /* SPF result of spf_domain */
	const char *spf_domain;    /* RFC5321.MailFrom domain (or HELO) */
	const kn_dkim_eval *dkim;  /* may be NULL: no signature */
} kn_dmarc_input;

typedef struct kn_dmarc_eval {
	kn_dmarc_result result;
	const char *reason;         /* English */
	const char *from_domain;    /* normalised */
	const char *org_domain;     /* of the From domain */
	const char *record_domain;  /* where the record was found, or NULL */
	const char *record;         /* its text */
	kn_dmarc_record rec;
	bool spf_aligned, dkim_aligned;
	const char *dkim_domain;    /* d= of the aligned passing signature */
	bool subdomain_policy;      /* sp= applied (From below the org) */
	kn_dmarc_policy policy;     /* p or sp as published */
	kn_dmarc_policy disposition;/* what to apply to a failing message:
				     * policy, or the next lower one when
				     * pct=0; none on pass */
	bool sampled;               /* 0 < pct < 100: the receiver applies
				     * policy to pct% of failing mail */
} kn_dmarc_eval;

/*
 * Parse record (len bytes) into *out (strings in ar). Returns 0,
 * KENSA_EINVAL or KENSA_ENOMEM; the verdict is out->status.
 */
int kn_dmarc_parse(kn_dmarc_record *out, kn_arena *ar, const char *record,
	size_t len);

/*
 * Are domains a and b aligned (RFC 7489 3.1.1, 3.1.2)? Strict: equal
 * (ASCII case-insensitive, one trailing dot ignored); relaxed: same
 * organizational domain (kn_org_domain()). False for NULL or empty.
 */
bool kn_dmarc_aligned(kn_arena *ar, const char *a, const char *b,
	bool strict);

/*
 * Evaluate DMARC for in (RFC 7489 6.6). Returns 0, KENSA_EINVAL or
 * KENSA_ENOMEM; everything else is in *out (allocated in ar).
 */
int kn_dmarc_check(kn_dmarc_eval *out, kn_resolver *res, kn_arena *ar,
	const kn_dmarc_input *in);

const char *kn_dmarc_result_name(kn_dmarc_result r);
const char *kn_dmarc_policy_name(kn_dmarc_policy p);

#endif
