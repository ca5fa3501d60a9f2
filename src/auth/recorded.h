/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	recorded 3h
 * SUMMARY
 *	the receiving side's own authentication record, and sender domains
 * SYNOPSIS
 *	#include "auth/recorded.h"
 * DESCRIPTION
 *	kn_auth_recorded() (src/auth/recorded.c) reads the
 *	Authentication-Results (RFC 8601) and Received-SPF (RFC 7208 9.1)
 *	fields the recipient's own servers wrote and, for each method kensa
 *	could not check itself, turns a recorded failure into a finding.
 *	kn_auth_sender_domains() (src/auth/senderdom.c) looks at the From
 *	and envelope domains themselves: a free-mail From sent from
 *	elsewhere, a dynamic-DNS host name.
 *--*/
#ifndef KN_AUTH_RECORDED_H
#define KN_AUTH_RECORDED_H

#include <stdbool.h>

#include "analysis.h"

/* What the receiver's trusted record says about the message. */
typedef struct kn_recorded {
	bool any;             /* at least one trusted field was found */
	bool dmarc_fail;      /* dmarc=fail for the From domain */
	bool from_authenticated; /* dmarc=pass, or dkim=pass by the From
	                            organizational domain */
	bool via_list;        /* arrived through a mailing list whose
	                         domain is the envelope sender's */
} kn_recorded;

/*
 * Read the receiving side's Authentication-Results and Received-SPF
 * fields of a (after the trace stage: the boundary is the originating
 * hop's Received field) into *out, and raise recorded-spf-fail,
 * recorded-spf-softfail, recorded-dkim-fail and recorded-dmarc-fail for
 * the methods whose own result in a->auth is not_evaluated or temperror.
 * Trusted fields: those above the boundary Received field, and the run
 * of them right below it whose authserv-id (or Received-SPF receiver)
 * is in the boundary server's organizational domain (Gmail's shape).
 * Fields further down came with the message from the sender's side
 * and are never used (RFC 8601 section 5). Memory: a->ar. No errors;
 * out of memory shows in a->ar.oom.
 */
void kn_auth_recorded(kensa_analysis *a, kn_recorded *out);

/*
 * Findings on the sender domains of a: freemail-sent-elsewhere (a
 * free-mail From whose envelope sender is at an unrelated domain, not
 * a list, not forwarded; skipped when rec or a->auth already show
 * a DMARC result for the From domain) and sender-dynamic-dns (From or
 * envelope domain under a dynamic-DNS zone, data/domains/
 * dynamic-dns.inc). rec may be NULL. Memory: a->ar. No errors.
 */
void kn_auth_sender_domains(kensa_analysis *a, const kn_recorded *rec);

/*
 * The dynamic-DNS zone that host (any case, trailing dot allowed)
 * lies under, or NULL. A static string.
 */
const char *kn_dynamic_dns_zone(const char *host);

#endif
