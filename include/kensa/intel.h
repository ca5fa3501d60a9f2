/* SPDX-License-Identifier: MIT */
/*
 * kensa/intel.h - who owns it and where is it: DNS facts of the
 * originating IP (PTR, forward-confirmed reverse DNS), the addresses of
 * the claimed domains, registration data (WHOIS RFC 3912 / RDAP RFC
 * 9083), geolocation and AS number; and the log of every lookup made.
 *
 * Read-only views owned by the kensa_analysis; strings are UTF-8 or
 * NULL when absent. Times are seconds since the epoch, UTC. Geolocation
 * is what the named database says, not a fact.
 */
#ifndef KENSA_INTEL_H
#define KENSA_INTEL_H

#include "common.h"
#include "analysis.h"

KENSA_BEGIN_DECLS

/** Facts of one IP address (the originating client). */
typedef struct kensa_ip_intel {
	const char *ip;           /**< canonical text form */
	const char *ptr;          /**< first PTR name, or NULL */
	const char *ptr_status;   /**< DNS status of the PTR query: NOERROR,
	                               NXDOMAIN, NODATA, SERVFAIL, TIMEOUT, or
	                               "not_evaluated" */
	const char *fcrdns;       /**< "pass" (a PTR name resolves back to
	                               ip), "fail", "none" (no PTR),
	                               "not_evaluated" */
	const char *country;      /**< ISO 3166-1 alpha-2, or NULL */
	const char *country_name; /**< English name, or NULL */
	const char *city;         /**< or NULL */
	uint32_t asn;             /**< 0 when unknown */
	const char *as_org;       /**< or NULL */
	const char *geo_source;   /**< database name and date, or NULL */
	const char *geo_attribution; /**< licence attribution, or NULL */
	const char *geo_reason;   /**< why there is no geolocation, or NULL */
} kensa_ip_intel;

/** Facts of one domain of the message. */
typedef struct kensa_domain_intel {
	const char *domain;       /**< lower case */
	const char *role;         /**< "from", "envelope", "link" (comma list
	                               when several) */
	const char *const *addresses; /**< A/AAAA of the domain and its MX
	                               hosts' addresses ("mail.example.jp
	                               203.0.113.26" for MX) */
	size_t address_count;
	bool has_origin;          /**< the originating IP is among them */
	const char *status;       /**< "found", "not_found", "not_evaluated" */
	const char *reason;       /**< English, when not found/evaluated */
	const char *registrar;
	const char *registrant_org;
	const char *registrant_country;
	bool has_created;
	int64_t created;          /**< registration time, UTC */
	int64_t age_days;         /**< whole days from created to the
	                               message's Date (or now); -1 unknown */
	const char *source;       /**< "whois whois.jprs.jp", "replay DIR" */
	const char *registrant_org_alt; /**< the organisation in the registry's
	                               other language (JPRS gives Japanese and
	                               English), or NULL */
	const char *registrant_state; /**< registrant state/province, or NULL */
} kensa_domain_intel;

/** One lookup made during the analysis (DNS, WHOIS, RDAP, geolocation). */
typedef struct kensa_lookup {
	const char *kind;         /**< "dns", "whois", "rdap", "geo" */
	const char *query;        /**< "A dd-sample.co.jp", "comget-sample.net" */
	const char *server;       /**< who answered: "dns 127.0.0.1:5353",
	                               "replay DIR", "whois.jprs.jp:43" */
	const char *status;       /**< NOERROR, NXDOMAIN, ..., ok, timeout */
	const char *answer;       /**< summary of the answer, or NULL */
	int64_t time;             /**< when it ran, seconds UTC */
	double duration_ms;       /**< wall time, milliseconds */
	bool cached;              /**< answered from this analysis's cache */
} kensa_lookup;

/**
 * Facts of the IP addresses looked at (the originating IP).
 * @param a the analysis
 * @param[out] out the array, owned by a (NULL when empty)
 * @return the number of entries
 */
KENSA_EXTERN(size_t) kensa_analysis_ips(const kensa_analysis *a,
	const kensa_ip_intel **out);

/**
 * Facts of the domains looked at: the From domain, the envelope sender
 * domain, then the link domains, each once.
 * @param a the analysis
 * @param[out] out the array, owned by a (NULL when empty)
 * @return the number of entries
 */
KENSA_EXTERN(size_t) kensa_analysis_domains(const kensa_analysis *a,
	const kensa_domain_intel **out);

/**
 * Every lookup made, in the order made.
 * @param a the analysis
 * @param[out] out the array, owned by a (NULL when empty)
 * @return the number of lookups
 */
KENSA_EXTERN(size_t) kensa_analysis_lookups(const kensa_analysis *a,
	const kensa_lookup **out);

/**
 * What lookups were allowed: "offline", "replay DIR", "network SERVER"
 * (SERVER "system resolver" by default). Owned by a; never NULL.
 */
KENSA_EXTERN(const char *) kensa_analysis_lookup_mode(const kensa_analysis *a);

/**
 * A problem of the lookups that did not stop the analysis (saving the
 * evidence directory failed), in English; NULL when none. Owned by a.
 */
KENSA_EXTERN(const char *) kensa_analysis_lookup_problem(
	const kensa_analysis *a);

KENSA_END_DECLS

#endif
