/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	evidence 3h
 * SUMMARY
 *	record the DNS answers of an analysis and save them as zone files
 *	(--save-evidence DIR)
 * SYNOPSIS
 *	#include "intel/evidence.h"
 * DESCRIPTION
 *	kn_evidence is a backend in front of another (network, replay): it
 *	passes questions through and keeps a copy of every answer;
 *	kn_evidence_save() writes them as RFC 1035 zone files
 *	DIR/zones/<zone>.zone that kn_dns_zone_load() (intel/dns_zone.h)
 *	replays with the same statuses and records: positive answers as
 *	records, NXDOMAIN as an absent name, NODATA as a name holding only
 *	an empty record of private type 65534 (RFC 6895 3.1; RFC 3597
 *	generic form) when it has nothing else.
 * LIMITS
 *	TIMEOUT and SERVFAIL answers are saved as "; kensa-fail NAME TYPE
 *	STATUS" comments, which dns_zone.c replays (for every type without
 *	records at NAME) and DNS servers ignore. Answers reached through a CNAME are saved at the name
 *	asked. KN_EVIDENCE_MAX questions kept.
 * ERRORS
 *	KENSA_EIO (directory or file not writable), KENSA_ENOMEM.
 *--*/
#ifndef KN_EVIDENCE_H
#define KN_EVIDENCE_H

#include <stddef.h>

#include "intel/dns.h"

/* Questions recorded: the resolver's own cap on backend calls, times a
 * few resolvers sharing one recorder. */
#define KN_EVIDENCE_MAX (4 * KN_DNS_MAX_QUERIES)

typedef struct kn_evidence kn_evidence;

/*
 * New recorder in front of inner (not owned; must outlive the recorder).
 * The recorder's name follows inner's after each question. NULL on oom.
 */
kn_evidence *kn_evidence_new(kn_dns_backend *inner);
void kn_evidence_free(kn_evidence *ev);
/* The vtable for kn_dns_init(). */
kn_dns_backend *kn_evidence_backend(kn_evidence *ev);
/* Distinct questions recorded. */
size_t kn_evidence_count(const kn_evidence *ev);
/*
 * Write the recorded answers as zone files under dir/zones/ (created,
 * mode 0755; existing files of the same zones are replaced). One zone
 * per organizational domain (Public Suffix List) of the names asked,
 * or per public suffix when that domain itself was NXDOMAIN. Returns 0,
 * KENSA_EIO (with err) or KENSA_ENOMEM.
 */
int kn_evidence_save(const kn_evidence *ev, const char *dir, char *err,
	size_t errlen);

#endif
