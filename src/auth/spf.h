/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	spf 3h
 * SUMMARY
 *	Sender Policy Framework evaluation, RFC 7208 check_host()
 * SYNOPSIS
 *	#include "auth/spf.h"
 * DESCRIPTION
 *	kn_spf_check_host() is the check_host() function of RFC 7208
 *	sections 4 to 6: record lookup and selection (4.4, 4.5), evaluation
 *	of every mechanism and modifier (5, 6), macros (7), processing
 *	limits (4.6.4) and the explanation of a "fail" (6.2). Every DNS
 *	question goes through a kn_resolver (intel/dns.h).
 *
 *	kn_spf_verify() picks the identity: the MAIL FROM when there is
 *	one, else "postmaster@" + HELO (RFC 7208 2.4, 4.3).
 *
 *	Besides the result, a kn_spf_eval tells how it was reached: the
 *	record of the domain checked, the mechanism or modifier that decided
 *	and where it was, the lookups counted, the explanation, why an error
 *	result happened, and a list of steps (one per record evaluated and
 *	per decisive term) for `kensa spf IP DOMAIN [HELO]`.
 * LIMITS
 *	KN_SPF_MAX_DNS_MECHS (RFC 7208 4.6.4), KN_SPF_MAX_VOID_LOOKUPS
 *	(4.6.4), KN_SPF_MAX_MX_NAMES and KN_SPF_MAX_PTR_NAMES (4.6.4),
 *	KN_SPF_MAX_DEPTH (include/redirect nesting, implied by 4.6.4).
 *--*/
#ifndef KN_SPF_H
#define KN_SPF_H

#include <stdbool.h>
#include <stdint.h>

#include "intel/dns.h"
#include "util/arena.h"
#include "util/ip.h"

/* RFC 7208 4.6.4: at most 10 terms that cause DNS queries per check. */
#define KN_SPF_MAX_DNS_MECHS 10
/* RFC 7208 4.6.4: void lookups (NODATA / NXDOMAIN) SHOULD be limited to 2. */
#define KN_SPF_MAX_VOID_LOOKUPS 2
/* RFC 7208 4.6.4: an "mx" yielding more than 10 MX names is a permerror. */
#define KN_SPF_MAX_MX_NAMES 10
/* RFC 7208 4.6.4: PTR names beyond the first 10 are ignored. */
#define KN_SPF_MAX_PTR_NAMES 10
/* Nesting of include/redirect: each counts toward the 10 lookups, so
 * 10 + 1 levels can never be exceeded by a valid evaluation. */
#define KN_SPF_MAX_DEPTH (KN_SPF_MAX_DNS_MECHS + 1)
/* RFC 7208 4.8 / RFC 1035 2.3.4: an expanded domain name is cut from
 * the left to at most 253 characters. */
#define KN_SPF_MAX_DOMAIN 253
/* Length of one expanded macro-string; RFC 7208 3.4 records are small
 * (450 octets advised), so 8 KiB is generous. */
#define KN_SPF_MAX_EXPANSION 8192

/* Results, RFC 7208 2.6. */
typedef enum kn_spf_result {
	KN_SPF_NONE = 0,
	KN_SPF_NEUTRAL,
	KN_SPF_PASS,
	KN_SPF_FAIL,
	KN_SPF_SOFTFAIL,
	KN_SPF_TEMPERROR,
	KN_SPF_PERMERROR
} kn_spf_result;

/* One step of the evaluation path. */
typedef struct kn_spf_step {
	unsigned depth;          /* 0: the domain asked; +1 per include/redirect */
	const char *domain;      /* domain whose record is evaluated */
	const char *record;      /* its SPF record, NULL when none was found */
	const char *term;        /* the term as written, NULL for a record step */
	const char *note;        /* what happened, in English */
	kn_spf_result result;    /* result of the term or record */
} kn_spf_step;

/* The outcome of one evaluation and how it was reached. */
typedef struct kn_spf_eval {
	kn_spf_result result;
	const char *domain;      /* the domain checked (normalised) */
	const char *record;      /* its SPF record, NULL when none */
	const char *mechanism;   /* the deciding term as written, or NULL
				  * (no match: default neutral; errors) */
	const char *mechanism_domain; /* domain whose record holds it */
	const char *explanation; /* fail: the expanded exp= text, or NULL
				  * when there is none (use a default) */
	const char *problem;     /* temperror/permerror/none: why, English */
	unsigned dns_lookups;    /* terms counted toward 4.6.4 */
	unsigned void_lookups;   /* void lookups counted (4.6.4) */
	kn_vec steps;            /* kn_spf_step, in evaluation order */
} kn_spf_eval;

/* Inputs of one check beyond the address and domain. */
typedef struct kn_spf_request {
	kn_ip ip;                /* the SMTP client (util/ip.h); an
				  * IPv4-mapped IPv6 one is used as IPv4 */
	const char *mail_from;   /* reverse-path: "", NULL or local@domain */
	const char *helo;        /* HELO/EHLO name, may be NULL */
	const char *receiver;    /* %{r}: the checking host; NULL "unknown" */
	int64_t now;             /* %{t}: seconds since the epoch */
} kn_spf_request;

/*
 * check_host(<ip>, <domain>, <sender>) of RFC 7208 4.1. req->ip, helo,
 * receiver and now are used; sender is local@domain or "@domain" (the
 * local-part then reads "postmaster", 4.3). Everything in *out is
 * allocated in ar. DNS errors and syntax errors are results (temperror,
 * permerror), not failures. Returns 0, KENSA_EINVAL or KENSA_ENOMEM.
 */
int kn_spf_check_host(kn_spf_eval *out, kn_resolver *res, kn_arena *ar,
	const kn_spf_request *req, const char *domain, const char *sender);

/*
 * The SPF check of a message's MAIL FROM identity: check_host() on the
 * domain of req->mail_from, or when it is empty or NULL on req->helo
 * with sender "postmaster@<helo>" (RFC 7208 2.4). Returns as
 * kn_spf_check_host().
 */
int kn_spf_verify(kn_spf_eval *out, kn_resolver *res, kn_arena *ar,
	const kn_spf_request *req);

/*
 * The SPF check of the HELO identity (RFC 7208 2.3): check_host() on
 * req->helo with sender "postmaster@<helo>". Returns as above.
 */
int kn_spf_check_helo(kn_spf_eval *out, kn_resolver *res, kn_arena *ar,
	const kn_spf_request *req);

/* "none", "neutral", "pass", "fail", "softfail", "temperror",
 * "permerror" (RFC 7208 2.6). */
const char *kn_spf_result_name(kn_spf_result r);

/*
 * Macro expansion, RFC 7208 7 (spf_macro.c; internal to auth/).
 */
typedef struct kn_spf_macro_ctx {
	kn_arena *ar;
	kn_resolver *res;        /* for %{p} */
	const kn_ip *ip;         /* IPv4-mapped already made IPv4 */
	const char *sender;      /* local@domain */
	const char *local;       /* local-part */
	const char *sender_domain;
	const char *domain;      /* current <domain> */
	const char *helo;
	const char *receiver;
	int64_t now;
} kn_spf_macro_ctx;

/*
 * Check the syntax of a macro-string (len bytes): returns true when it
 * is valid. explain allows the c, r, t letters and spaces
 * (explain-string of 6.2); otherwise they are syntax errors.
 */
bool kn_spf_macro_valid(const char *s, size_t len, bool explain);

/*
 * Expand macro-string s (len bytes, already checked valid) into *out
 * (NUL-terminated, in ctx->ar). Returns 0, KENSA_EINVAL (invalid
 * string), KENSA_ETOOBIG (over KN_SPF_MAX_EXPANSION) or KENSA_ENOMEM.
 */
int kn_spf_macro_expand(const kn_spf_macro_ctx *ctx, const char *s,
	size_t len, bool explain, char **out);

/*
 * The validated domain name of ctx->ip (RFC 7208 5.5 and 7.3, %{p}):
 * a name of the PTR answer whose A/AAAA holds the address, preferring
 * target or a subdomain of it, else "unknown". Never NULL unless oom.
 */
const char *kn_spf_validated_name(const kn_spf_macro_ctx *ctx,
	const char *target);

#endif
