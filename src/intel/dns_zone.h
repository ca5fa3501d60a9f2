/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dns_zone 3h
 * SUMMARY
 *	zone-file replay backend (--replay DIR)
 * SYNOPSIS
 *	#include "intel/dns_zone.h"
 * DESCRIPTION
 *	kn_dns_zone_load() reads every DIR/zones/<name>.zone (or
 *	DIR/<name>.zone when DIR has no zones/ folder), one zone in RFC
 *	1035 master-file form per file, and answers as the authoritative
 *	server of those zones would: records in the order of the file,
 *	NXDOMAIN for a name under a zone that does not exist, NODATA for
 *	an existing name (or empty non-terminal) without the type, CNAMEs
 *	followed as dns_memory.c does. A name under no loaded zone is
 *	answered NXDOMAIN too, but the backend's name for that lookup reads
 *	"replay DIR (not in evidence)" in the lookup log.
 *	intel/evidence.h writes such directories from a live analysis.
 * LIMITS
 *	KN_DNS_ZONE_MAX_FILES zone files, KN_DNS_ZONE_MAX_RECORDS records
 *	in all. Wildcards (RFC 4592) and delegations inside a zone are not
 *	interpreted: "*" is an ordinary label. TIMEOUT and SERVFAIL answers
 *	are saved as comments only and replay as NXDOMAIN.
 * ERRORS
 *	KENSA_ENOTFOUND (no such directory), KENSA_EFORMAT (zone file
 *	syntax, with the file and line in err), KENSA_ETOOBIG, KENSA_EIO,
 *	KENSA_ENOMEM, KENSA_EINVAL.
 *--*/
#ifndef KN_DNS_ZONE_H
#define KN_DNS_ZONE_H

#include <stddef.h>

#include "intel/dns.h"

/* Zone files read from one directory: a message's evidence touches a
 * few dozen domains. */
#define KN_DNS_ZONE_MAX_FILES 4096
/* Records in all loaded zones. */
#define KN_DNS_ZONE_MAX_RECORDS 200000

typedef struct kn_dns_zone kn_dns_zone;

/*
 * Load the zones under dir into a new replay backend *out (heap;
 * kn_dns_zone_free). On failure a message in English goes to err (errlen
 * bytes, may be NULL/0). Returns 0 or a negative kensa_error (above).
 */
int kn_dns_zone_load(kn_dns_zone **out, const char *dir, char *err,
	size_t errlen);
void kn_dns_zone_free(kn_dns_zone *z);
/* The vtable for kn_dns_init(); its name strings are owned by z. */
kn_dns_backend *kn_dns_zone_backend(kn_dns_zone *z);
/* Number of zones loaded. */
size_t kn_dns_zone_count(const kn_dns_zone *z);

#endif
