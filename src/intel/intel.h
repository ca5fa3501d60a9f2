/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	intel 3h
 * SUMMARY
 *	the lookups of one analysis, shared by the auth and intel stages
 *	(internal)
 * SYNOPSIS
 *	#include "intel/intel.h"
 * DESCRIPTION
 *	kn_lookup_open() (declared in analysis.h) builds, from the options,
 *	one resolver chain for the analysis: a zone-file replay (--replay),
 *	the network (c-ares; --dns-server, --dns-timeout), or an offline
 *	backend that sends nothing and answers TIMEOUT; a recorder
 *	(--save-evidence) and a timing layer sit in front. The auth stage
 *	asks it through kn_lookup_resolver(); results it got from the
 *	offline backend are "not_evaluated", never guesses.
 *
 *	kn_intel_domain() keeps one kensa_domain_intel per domain of the
 *	message; kn_intel_addresses() fills its A/AAAA/MX addresses and
 *	tells whether the originating IP is among them.
 *--*/
#ifndef KN_INTEL_INTEL_H
#define KN_INTEL_INTEL_H

#include "analysis.h"
#include "intel/dns.h"
#include "util/ip.h"

typedef struct kn_lookup kn_lookup;

/* Domains of the links looked up (WHOIS and DNS) per message: each
 * costs up to three WHOIS exchanges. */
#define KN_INTEL_MAX_LINK_DOMAINS 6
/* Addresses kept per domain (A, AAAA, and those of its MX hosts). */
#define KN_INTEL_MAX_ADDRESSES 32
/* MX hosts whose addresses are asked (RFC 7208 4.6.4 uses 10 too). */
#define KN_INTEL_MAX_MX 10
/* PTR names forward-confirmed (RFC 7208 4.6.4: the first 10). */
#define KN_INTEL_MAX_PTR 10
/* Total wall time of DNS over the network per analysis, ms. */
#define KN_INTEL_DNS_BUDGET_MS 30000
/* Domain age below which a domain is "young", in days. */
#define KN_INTEL_YOUNG_DAYS 30
/* Domain age above which a claimed sender's domain is "old", in days. */
#define KN_INTEL_OLD_DAYS 365

/*
 * The resolver of the running analysis (replay, network or the offline
 * one); NULL only when kn_lookup_open() was not called.
 */
kn_resolver *kn_lookup_resolver(kensa_analysis *a);

/* True when lookups are offline: every DNS answer is a TIMEOUT that
 * was never sent. */
bool kn_lookup_is_offline(const kensa_analysis *a);

/*
 * The entry of domain (compared case-insensitively) in a->intel_domains,
 * added when new; role ("from", "envelope", "link") is appended to its
 * role list when missing. NULL on oom or a NULL/empty domain.
 */
kensa_domain_intel *kn_intel_domain(kensa_analysis *a, const char *domain,
	const char *role);

/*
 * Ask A, AAAA and MX of d->domain and A/AAAA of its MX hosts (at most
 * KN_INTEL_MAX_MX); fill d->addresses and set d->has_origin when origin
 * (may be NULL) is one of them. *any is true when some address was
 * found. Offline: nothing is asked, d->status stays as it is. Returns 0
 * or KENSA_ENOMEM.
 */
int kn_intel_addresses(kensa_analysis *a, kensa_domain_intel *d,
	const kn_ip *origin, bool *any);

#endif
