/* SPDX-License-Identifier: MIT */
/*
 * kensa/analysis.h - analyze one raw message.
 *
 * kensa_analyze() runs the pipeline (message -> trace -> ... -> verdict)
 * over the raw bytes of one message and returns a kensa_analysis holding
 * every fact, finding and defect. The input is never modified. A malformed
 * message is still analyzed: its defects are recorded, not returned as
 * errors.
 */
#ifndef KENSA_ANALYSIS_H
#define KENSA_ANALYSIS_H

#include "common.h"
#include "finding.h"
#include "message.h"
#include "trace.h"

KENSA_BEGIN_DECLS

typedef struct kensa_analysis kensa_analysis;
struct kensa_config;

#define KENSA_OPTIONS_VERSION 1

/** May the analysis use the network for its lookups? */
typedef enum kensa_lookups {
	KENSA_LOOKUPS_OFFLINE = 0, /**< no network: checks that need a
	                                lookup say "not_evaluated" */
	KENSA_LOOKUPS_NETWORK = 1  /**< DNS, WHOIS and RDAP over the network */
} kensa_lookups;

/** Options of one analysis; initialise with KENSA_OPTIONS_INIT. */
typedef struct kensa_options {
	unsigned version;              /**< KENSA_OPTIONS_VERSION */
	const char *trusted_networks;  /**< comma-separated CIDRs of the
	                                    receiving side, or NULL */
	int64_t now;                   /**< "now" in seconds UTC for future-date
	                                    checks and DKIM x= expiry; 0 means
	                                    the current time */
	const char *recipient_domain;  /**< the analysed organisation's domain;
	                                    NULL: derive from the recipient */
	/* Lookups of the authentication and intelligence stages
	 * (docs/evidence-format.md). replay_dir wins over lookups. */
	kensa_lookups lookups;         /**< KENSA_LOOKUPS_OFFLINE (the default
	                                    here; kensa(1) defaults to the
	                                    network) or KENSA_LOOKUPS_NETWORK */
	const char *dns_server;        /**< "IP:PORT[,IP:PORT...]", or NULL:
	                                    the system resolver */
	unsigned dns_timeout_ms;       /**< per DNS question in milliseconds,
	                                    all tries; 0: 2000 */
	const char *replay_dir;        /**< answer every lookup from this
	                                    evidence directory (zones/, whois/),
	                                    never the network; or NULL */
	const char *save_evidence_dir; /**< write the DNS answers and WHOIS
	                                    texts of the analysis here as an
	                                    evidence directory, or NULL */
	const char *whois_server;      /**< "HOST:PORT[,NAME=ADDR:PORT...]": the
	                                    first WHOIS server (asked as IANA
	                                    is) and where referral host NAME
	                                    really listens; NULL: whois.iana.org */
	const char *geoip_db;          /**< geolocation database directory or
	                                    .mmdb file; NULL: the installed
	                                    default; "" disables geolocation */
	const struct kensa_config *config; /**< weights and thresholds of the
	                                    verdict (kensa_config_load(),
	                                    <kensa/verdict.h>); NULL: the
	                                    defaults. Not copied: keep it
	                                    alive during kensa_analyze() */
	const char *rdap_server;       /**< RDAP base URL every domain is
	                                    asked at ("http://127.0.0.1:8080/",
	                                    tests; plain HTTP only to loopback),
	                                    or NULL: the IANA bootstrap file
	                                    (KENSA_DATADIR/rdap/dns.json), and
	                                    no RDAP when whois_server is set */
} kensa_options;

#define KENSA_OPTIONS_INIT { KENSA_OPTIONS_VERSION, NULL, 0, NULL, \
	KENSA_LOOKUPS_OFFLINE, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL }

/** Largest message accepted, in bytes (64 MiB). */
#define KENSA_MAX_MESSAGE_BYTES ((size_t)64 * 1024 * 1024)

/**
 * Analyze one raw message (RFC 5322, any line ends).
 * @param[out] out the analysis; free with kensa_analysis_free()
 * @param data the message bytes (need not be NUL-terminated); not modified
 * @param len their length in bytes
 * @param opts options, or NULL for defaults
 * @return 0, or KENSA_EINVAL (NULL out, or data NULL with len > 0, or a bad
 *         trusted_networks list, an unreadable replay_dir, a bad
 *         dns_server or whois_server), KENSA_EVERSION, KENSA_ETOOBIG (len above
 *         KENSA_MAX_MESSAGE_BYTES), KENSA_ENOMEM.
 */
KENSA_EXTERN(int) kensa_analyze(kensa_analysis **out, const char *data,
	size_t len, const kensa_options *opts) KENSA_WARN_UNUSED_RESULT;

/** Free an analysis and everything it owns. NULL is accepted. */
KENSA_EXTERN(void) kensa_analysis_free(kensa_analysis *a);

/** The message facts; never NULL for a successful analysis. */
KENSA_EXTERN(const kensa_message_facts *) kensa_analysis_message(
	const kensa_analysis *a);

/** The Received trace; never NULL. */
KENSA_EXTERN(const kensa_trace *) kensa_analysis_trace(const kensa_analysis *a);

/**
 * The recipient the message was delivered to: from Delivered-To, else the
 * newest Received "for", else the first To. NULL when none is known.
 * @param[out] domain_out if not NULL, receives the recipient's domain
 *             (lower-case) or the recipient_domain option when given
 */
KENSA_EXTERN(const char *) kensa_analysis_recipient(const kensa_analysis *a,
	const char **domain_out);

/**
 * Findings, in the order they were made.
 * @param[out] out receives a pointer to the array (owned by a)
 * @return the number of findings
 */
KENSA_EXTERN(size_t) kensa_analysis_findings(const kensa_analysis *a,
	const kensa_finding **out);

/** Defects of the mail (repairs the parser made), as findings. */
KENSA_EXTERN(size_t) kensa_analysis_defects(const kensa_analysis *a,
	const kensa_finding **out);

/** SHA-256 of the input as 64 lower-case hex digits; owned by a. */
KENSA_EXTERN(const char *) kensa_analysis_sha256(const kensa_analysis *a);

/** Size of the input in bytes. */
KENSA_EXTERN(size_t) kensa_analysis_size(const kensa_analysis *a);

KENSA_END_DECLS

#endif
