/* SPDX-License-Identifier: MIT */
/*
 * kensa/auth.h - did the claimed domain really send it? The results of
 * SPF (RFC 7208), DKIM (RFC 6376), DMARC (RFC 7489) and ARC (RFC 8617)
 * as kensa evaluated them, and how they compare with the message's own
 * Authentication-Results.
 *
 * Read-only views owned by the kensa_analysis; strings are UTF-8 and
 * NUL-terminated, or NULL when absent. Every result is one of the RFC's
 * words ("pass", "fail", "softfail", ...), or "not_evaluated" when kensa
 * could not look it up (offline, no originating IP, ...): then reason
 * says why, and nothing is guessed.
 */
#ifndef KENSA_AUTH_H
#define KENSA_AUTH_H

#include "common.h"
#include "analysis.h"

KENSA_BEGIN_DECLS

/** The result word of a check that was not run. */
#define KENSA_NOT_EVALUATED "not_evaluated"

/** One SPF check_host() evaluation (RFC 7208 4). */
typedef struct kensa_spf {
	const char *result;     /**< none, neutral, pass, fail, softfail,
	                             temperror, permerror, not_evaluated */
	const char *reason;     /**< why (errors, none, not_evaluated), English */
	const char *identity;   /**< "mailfrom" or "helo" (RFC 7208 2.3, 2.4) */
	const char *domain;     /**< the domain checked */
	const char *sender;     /**< the sender used (local@domain) */
	const char *ip;         /**< the client IP checked */
	const char *record;     /**< SPF record of domain, or NULL */
	const char *mechanism;  /**< the deciding term as written, or NULL */
	const char *mechanism_domain; /**< domain whose record holds it */
	unsigned dns_lookups;   /**< terms counted toward the limit of 10 */
	unsigned void_lookups;  /**< void lookups (limit 2) */
	const char *const *path;/**< the evaluation path, one English line
	                             per record or decisive term */
	size_t path_count;
	const char *reason_ja;  /**< reason in Japanese (NULL with reason) */
	const char *const *path_ja; /**< path in Japanese, path_count lines */
} kensa_spf;

/** One DKIM-Signature field and its verification (RFC 6376 6). */
typedef struct kensa_dkim {
	const char *result;     /**< pass, fail, neutral, policy, temperror,
	                             permerror (RFC 8601 2.7.1), not_evaluated */
	const char *reason;     /**< English, never NULL */
	const char *domain;     /**< d= */
	const char *selector;   /**< s= */
	const char *algorithm;  /**< a= as written */
	const char *canonicalization; /**< c=, e.g. "relaxed/simple" */
	unsigned key_bits;      /**< size of the public key, 0 when not read */
	bool weak;              /**< rsa-sha1 or an l= body limit */
	bool has_length;        /**< l= present */
	unsigned header;        /**< occurrence of the DKIM-Signature field */
	const char *reason_ja;  /**< reason in Japanese */
} kensa_dkim;

/** DMARC (RFC 7489 6.6) for the RFC5322.From domain. */
typedef struct kensa_dmarc {
	const char *result;     /**< none, pass, fail, temperror, permerror,
	                             not_evaluated */
	const char *reason;     /**< English */
	const char *domain;     /**< the From domain */
	const char *record_domain; /**< where the record was found, or NULL */
	const char *record;     /**< the record text, or NULL */
	const char *policy;     /**< published p= (or sp=): none, quarantine,
	                             reject; NULL without a record */
	const char *disposition;/**< what the receiver should have applied */
	bool spf_aligned;       /**< the SPF-passing domain is aligned */
	bool dkim_aligned;      /**< a passing DKIM d= is aligned */
	const char *alignment;  /**< "adkim=r aspf=r" as the record sets them */
	const char *reason_ja;  /**< reason in Japanese */
} kensa_dmarc;

/** The ARC chain (RFC 8617 5.2). */
typedef struct kensa_arc {
	const char *result;     /**< none, pass, fail, not_evaluated */
	const char *reason;     /**< English */
	unsigned instances;     /**< ARC sets found */
	const char *const *sealers; /**< AS d= domains, oldest first */
	size_t sealer_count;
} kensa_arc;

/** A disagreement between the message's Authentication-Results and
 * kensa's own evaluation. */
typedef struct kensa_auth_disagreement {
	const char *method;     /**< "spf", "dkim", "dmarc", "arc" */
	const char *claimed;    /**< result written in the header */
	const char *ours;       /**< result kensa found */
	unsigned header;        /**< occurrence of Authentication-Results */
	const char *authserv_id;/**< the authserv-id of that field */
} kensa_auth_disagreement;

/** Everything the authentication stage found. */
typedef struct kensa_auth {
	bool evaluated;         /**< false: no lookup was possible (offline) */
	const char *reason;     /**< when !evaluated: why, English */
	kensa_spf spf;          /**< MAIL FROM identity (or postmaster@HELO) */
	kensa_spf helo;         /**< HELO identity */
	const kensa_dkim *dkim; /**< one per DKIM-Signature, top to bottom */
	size_t dkim_count;
	const char *dkim_result;/**< "none" without signature, else the best */
	kensa_dmarc dmarc;
	kensa_arc arc;
	const kensa_auth_disagreement *disagreements;
	size_t disagreement_count;
} kensa_auth;

/**
 * The authentication results of an analysis.
 * @param a the analysis
 * @return a view owned by a (never NULL for a non-NULL a)
 */
KENSA_EXTERN(const kensa_auth *) kensa_analysis_auth(const kensa_analysis *a);

/**
 * Evaluate SPF alone (`kensa spf IP DOMAIN [HELO]`): check_host() of RFC
 * 7208 for ip and domain (sender postmaster@domain), and of the HELO
 * identity when helo is a domain name. The results are in
 * kensa_analysis_auth(*out)->spf and ->helo, the lookups in
 * kensa_analysis_lookups(); message facts are empty.
 * @param[out] out the result; free with kensa_analysis_free()
 * @param ip the client address, IPv4 or IPv6 text
 * @param domain the domain to check
 * @param helo the HELO name, or NULL
 * @param opts lookups and time (lookups, dns_server, replay_dir, now...),
 *        or NULL for defaults (offline)
 * @return 0, KENSA_EINVAL (NULL or unparsable ip/domain, unusable lookup
 *         options), KENSA_EVERSION, KENSA_ENOMEM
 */
KENSA_EXTERN(int) kensa_spf_check(kensa_analysis **out, const char *ip,
	const char *domain, const char *helo, const kensa_options *opts)
	KENSA_WARN_UNUSED_RESULT;

/**
 * Verify the DKIM signatures of one raw message alone (`kensa dkim
 * FILE`). Results in kensa_analysis_auth(*out)->dkim.
 * @param[out] out the result; free with kensa_analysis_free()
 * @param data the raw message (CRLF or LF), len bytes
 * @param len its length in bytes
 * @param opts as for kensa_spf_check()
 * @return 0, KENSA_EINVAL, KENSA_EVERSION, KENSA_ETOOBIG, KENSA_ENOMEM
 */
KENSA_EXTERN(int) kensa_dkim_check(kensa_analysis **out, const char *data,
	size_t len, const kensa_options *opts) KENSA_WARN_UNUSED_RESULT;

KENSA_END_DECLS

#endif
