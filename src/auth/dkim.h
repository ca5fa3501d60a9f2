/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dkim 3h
 * SUMMARY
 *	DKIM signature verification, RFC 6376, RFC 8301, RFC 8463
 * SYNOPSIS
 *	#include "auth/dkim.h"
 * DESCRIPTION
 *	kn_dkim_verify() reads the raw message bytes (canon.h splits
 *	them), verifies every DKIM-Signature header field on its own and
 *	returns one kn_dkim_sig per field, top to bottom, with the result
 *	of RFC 8601 2.7.1 (pass, fail, neutral, policy, temperror,
 *	permerror; "none" when there is no signature), a reason in English
 *	and what the signature says (domain, selector, algorithm, key size,
 *	canonicalization, l=, times, the header field that carried it).
 *
 *	Verification follows RFC 6376 6.1: tag-list syntax (3.2, 3.5; v=1
 *	and a, b, bh, d, h, s required; From in h=; i= within d=; x= not
 *	before t=; q= must offer dns/txt),
 *	key retrieval at <s>._domainkey.<d> through the resolver (3.6.2,
 *	strings of the TXT record joined), key record checks (3.6.1: v=DKIM1,
 *	k=, h=, s=, t=y, t=s, empty p= = revoked), body hash over the
 *	canonicalized body cut at l=, then the signature. RSA keys below
 *	KN_DKIM_RSA_MIN_BITS give "policy" (RFC 8301 3.2); rsa-sha1 is
 *	verified but marked weak (RFC 8301 3.1: no longer acceptable for
 *	signing); ed25519-sha256 follows RFC 8463 (the signature is over
 *	the SHA-256 of the header hash input, key p= the raw 32 bytes).
 *
 *	Expiry (3.5 x=): a stored message is judged at the time it
 *	arrived, not at the time of the analysis. kn_dkim_verify_at() takes
 *	both: a signature whose x= is before the arrival time "expired
 *	before delivery" (permerror, reason starting KN_DKIM_EXPIRED; not
 *	evidence that the message was changed); one whose x= fell between
 *	arrival and now "expired since delivery" and is verified as usual,
 *	the expiry not counted (a pass says so in its reason).
 *	kn_dkim_verify() judges both at the same "now".
 *
 *	The key/crypto and hash helpers below are shared with arc.c.
 * LIMITS
 *	KN_DKIM_MAX_SIGS signatures per message are verified (the rest are
 *	reported permerror without DNS); KN_DKIM_MAX_H names in h=.
 * ERRORS
 *	Returns 0, KENSA_EINVAL, KENSA_ETOOBIG or KENSA_ENOMEM only for
 *	failures of kensa; everything about the mail and the DNS is a result.
 *--*/
#ifndef KN_DKIM_H
#define KN_DKIM_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/canon.h"
#include "intel/dns.h"
#include "util/arena.h"
#include "util/buf.h"

/* RFC 8301 3.2: verifiers MUST NOT consider keys below 1024 bits valid. */
#define KN_DKIM_RSA_MIN_BITS 1024
/* RFC 8301 3.2: verifiers must accept keys up to 4096 bits; larger
 * keys cost CPU an attacker chooses, so they are refused (policy). */
#define KN_DKIM_RSA_MAX_BITS 8192
/* Signatures verified per message: each may cost a DNS query and an
 * RSA operation; real mail carries 1 to 4. */
#define KN_DKIM_MAX_SIGS 16
/* Names in one h= tag (over-signing doubles a list of ~20). */
#define KN_DKIM_MAX_H 128

/* Results, RFC 8601 2.7.1. */
typedef enum kn_dkim_result {
	KN_DKIM_NONE = 0,
	KN_DKIM_PASS,
	KN_DKIM_FAIL,
	KN_DKIM_NEUTRAL,
	KN_DKIM_POLICY,
	KN_DKIM_TEMPERROR,
	KN_DKIM_PERMERROR
} kn_dkim_result;

typedef enum kn_dkim_alg {
	KN_DKIM_ALG_UNKNOWN = 0,
	KN_DKIM_RSA_SHA1,       /* RFC 6376 3.3.1, weak per RFC 8301 */
	KN_DKIM_RSA_SHA256,     /* RFC 6376 3.3.2 */
	KN_DKIM_ED25519_SHA256  /* RFC 8463 */
} kn_dkim_alg;

/* One signature and its verification. */
typedef struct kn_dkim_sig {
	kn_dkim_result result;
	const char *reason;      /* English, never NULL */
	const char *domain;      /* d= (lower case), NULL when absent */
	const char *selector;    /* s= */
	const char *auid;        /* i= decoded, or "@" + d= by default */
	const char *algorithm;   /* a= as written */
	kn_dkim_alg alg;
	bool weak;               /* rsa-sha1 (RFC 8301 3.1) */
	kn_canon_alg hcanon, bcanon;
	const char *canon;       /* "relaxed/simple"... */
	const char *headers;     /* h= as written */
	unsigned key_bits;       /* 0 until the key was read */
	bool key_testing;        /* key t=y (RFC 6376 3.6.1) */
	bool has_l;              /* l= body length limit (a weakness) */
	uint64_t l;
	uint64_t body_len;       /* canonicalized body length, octets */
	bool has_t, has_x;
	int64_t t, x;            /* seconds since the epoch */
	bool body_hash_ok;
	bool expired;            /* x= before the arrival time (permerror) */
	bool expired_since;      /* x= between arrival and now: not counted */
	/* The header field that carried it. */
	size_t field_index;      /* among all header fields, 0-based */
	unsigned occurrence;     /* 1 = topmost DKIM-Signature */
	size_t offset;           /* byte offset in the input */
	const char *field;       /* the whole field as written */
} kn_dkim_sig;

typedef struct kn_dkim_eval {
	kn_dkim_result result;   /* best of all: pass if one passes... */
	kn_vec sigs;             /* kn_dkim_sig, top to bottom */
} kn_dkim_eval;

/*
 * Verify every DKIM-Signature of the message data (len bytes, raw,
 * CRLF or LF line ends). now is the verification time in seconds UTC
 * (for x=). *out lives in ar. Returns 0, KENSA_EINVAL, KENSA_ETOOBIG or
 * KENSA_ENOMEM.
 */
int kn_dkim_verify(kn_dkim_eval *out, kn_resolver *res, kn_arena *ar,
	const char *data, size_t len, int64_t now);

/* The same over an already split message (m must outlive *out). */
int kn_dkim_verify_msg(kn_dkim_eval *out, kn_resolver *res, kn_arena *ar,
	const kn_rawmsg *m, int64_t now);

/*
 * Verify as kn_dkim_verify(), judging x= (RFC 6376 3.5) at arrival:
 * the time the message reached the receiving side, seconds UTC (the
 * caller takes it from the topmost Received, else Date). now is the
 * time of the analysis (seconds UTC); a signature that expired between
 * the two is verified, its expiry not counted. Same returns.
 */
int kn_dkim_verify_at(kn_dkim_eval *out, kn_resolver *res, kn_arena *ar,
	const char *data, size_t len, int64_t arrival, int64_t now);

/* The same over an already split message (m must outlive *out). */
int kn_dkim_verify_msg_at(kn_dkim_eval *out, kn_resolver *res,
	kn_arena *ar, const kn_rawmsg *m, int64_t arrival, int64_t now);

/* Start of the reason of a signature that expired before delivery. */
#define KN_DKIM_EXPIRED "signature expired before delivery"

/* Is reason (a kn_dkim_sig reason, or NULL) that of a signature that
 * had expired when the message arrived (KN_DKIM_EXPIRED, or "signature
 * expired" when arrival and now were the same)? Pure. */
bool kn_dkim_reason_expired(const char *reason);

/* "none", "pass", "fail", "neutral", "policy", "temperror",
 * "permerror" (RFC 8601 2.7.1). */
const char *kn_dkim_result_name(kn_dkim_result r);

/* ---- shared with arc.c ---- */

/* Canonicalized bodies of one message, computed once per algorithm. */
typedef struct kn_dkim_bodies {
	kn_buf buf[2];   /* by kn_canon_alg */
	bool done[2];
} kn_dkim_bodies;

void kn_dkim_bodies_init(kn_dkim_bodies *b);
void kn_dkim_bodies_dispose(kn_dkim_bodies *b);
/*
 * The canonicalized body of m by alg (computed on first use). Returns
 * 0 or the buffer error (KENSA_ENOMEM / KENSA_ETOOBIG).
 */
int kn_dkim_body(kn_dkim_bodies *b, const kn_rawmsg *m, kn_canon_alg alg,
	kn_slice *out);

/*
 * Copy of s without any FWS (RFC 5322 3.2.2), lowercased (ASCII) when
 * lower; arena-owned, NUL-terminated. NULL on oom.
 */
char *kn_dkim_nows_copy(kn_arena *ar, kn_slice s, bool lower);

/*
 * Is word (NUL-terminated, ASCII case-insensitive) one of the
 * FWS-trimmed items of the colon-separated list l (RFC 6376 3.5)?
 */
bool kn_dkim_list_has(kn_slice l, const char *word);

/* a= value to algorithm (RFC 6376 3.3, RFC 8463 3). */
kn_dkim_alg kn_dkim_alg_parse(kn_slice a);

/*
 * Hash len bytes with the hash of alg (SHA-1 or SHA-256) into out
 * (at least 32 bytes); *outlen set. False on a crypto failure.
 */
bool kn_dkim_hash(kn_dkim_alg alg, const void *data, size_t len,
	unsigned char *out, size_t *outlen);

/* What the key check and signature verification found. */
typedef struct kn_dkim_keycheck {
	kn_dkim_result result;   /* PASS, FAIL, POLICY, PERMERROR, TEMPERROR */
	const char *reason;
	unsigned bits;
	bool testing;
	const char *record;      /* the key record text, or NULL */
} kn_dkim_keycheck;

/*
 * Fetch the key of selector s at domain d (TXT <s>._domainkey.<d>),
 * check it against alg (and, when auid_domain is not NULL, t=s against
 * d), then verify sig (siglen bytes) over the header hash input data
 * (len bytes). Sets *out; returns 0 or KENSA_ENOMEM / KENSA_EINVAL.
 */
int kn_dkim_key_verify(kn_dkim_keycheck *out, kn_resolver *res,
	kn_arena *ar, const char *d, const char *s, kn_dkim_alg alg,
	const char *auid_domain, const unsigned char *data, size_t len,
	const unsigned char *sig, size_t siglen);

/*
 * Append to hin the header hash input of RFC 6376 3.7 / 5.4.2: for
 * each name of h (colon list, FWS allowed) the lowest field of that
 * name not used yet (none: nothing), then sigfield with the value of
 * its b= tag removed, without the final CRLF. canon is the header
 * algorithm. used is scratch of kn_rawmsg_count(m) bools, zeroed.
 */
void kn_dkim_header_input(kn_buf *hin, const kn_rawmsg *m,
	kn_canon_alg canon, kn_slice h, const kn_rawfield *sigfield,
	bool *used);

/*
 * Copy of field f with the value of tag b= removed (tags located by
 * kn_taglist_parse on the value). NULL on oom.
 */
kn_slice kn_dkim_strip_b(kn_arena *ar, const kn_rawfield *f);

#endif
