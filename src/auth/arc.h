/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	arc 3h
 * SUMMARY
 *	Authenticated Received Chain validation, RFC 8617
 * SYNOPSIS
 *	#include "auth/arc.h"
 * DESCRIPTION
 *	kn_arc_validate() collects the ARC sets of a raw message (ARC-Seal,
 *	ARC-Message-Signature, ARC-Authentication-Results sharing an i=
 *	instance), and validates the chain as RFC 8617 5.2: no set gives
 *	cv=none; the newest AS carrying cv=fail, a missing or duplicated
 *	header of any instance 1..N, more than KN_ARC_MAX_INSTANCES sets, an
 *	AS(1) with cv other than none or an AS(i>1) with cv other than pass
 *	give cv=fail; then the newest AMS is verified like a DKIM signature
 *	(canon.h and the key/crypto code of dkim.c, no v= tag, h= must not
 *	name ARC-Seal), then every AS from N down to 1 over the sets 1..i in
 *	order (relaxed header canonicalization, 5.1.1). The domains of the
 *	sealers (AS d=) are listed, oldest first.
 * LIMITS
 *	KN_ARC_MAX_INSTANCES (RFC 8617 4.2.1: at most 50 sets).
 * ERRORS
 *	KENSA_EINVAL, KENSA_ETOOBIG, KENSA_ENOMEM only.
 *--*/
#ifndef KN_ARC_H
#define KN_ARC_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/canon.h"
#include "auth/dkim.h"
#include "intel/dns.h"

/* RFC 8617 4.2.1: i= is 1..50. */
#define KN_ARC_MAX_INSTANCES 50

typedef enum kn_arc_cv {
	KN_ARC_NONE = 0,
	KN_ARC_PASS,
	KN_ARC_FAIL
} kn_arc_cv;

typedef struct kn_arc_set {
	unsigned instance;
	const char *sealer;        /* AS d=, lower case */
	const char *ams_domain;    /* AMS d= */
	const char *cv;            /* AS cv= as written */
	kn_dkim_result ams_result; /* only the newest AMS is verified;
				    * others stay NONE */
	kn_dkim_result as_result;  /* NONE when not reached */
	const char *reason;        /* English, may be NULL */
} kn_arc_set;

typedef struct kn_arc_eval {
	kn_arc_cv cv;
	const char *reason;        /* English */
	unsigned instances;        /* N */
	kn_vec sets;               /* kn_arc_set, instance 1..N order */
	kn_vec sealers;            /* const char *, oldest first */
	unsigned failed_instance;  /* 0, or the instance where it broke */
} kn_arc_eval;

/*
 * Validate the ARC chain of data (len bytes, raw). now as for DKIM.
 * Returns 0, KENSA_EINVAL, KENSA_ETOOBIG or KENSA_ENOMEM.
 */
int kn_arc_validate(kn_arc_eval *out, kn_resolver *res, kn_arena *ar,
	const char *data, size_t len, int64_t now);

/* The same over an already split message. */
int kn_arc_validate_msg(kn_arc_eval *out, kn_resolver *res, kn_arena *ar,
	const kn_rawmsg *m, int64_t now);

/* "none", "pass", "fail". */
const char *kn_arc_cv_name(kn_arc_cv cv);

#endif
