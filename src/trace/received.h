/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	received 3h
 * SUMMARY
 *	parse one Received header field (RFC 5321 section 4.4)
 * SYNOPSIS
 *	#include "trace/received.h"
 *--*/
#ifndef KN_RECEIVED_H
#define KN_RECEIVED_H

#include <kensa/trace.h>

#include "util/arena.h"

/*
 * Parse the unfolded or folded value of one Received field (value, len
 * bytes; no NUL needed) into hop. Strings are copied into ar. Fills
 * helo, rdns, ip, by, via, protocol, id, for_addr, tls, software and the
 * timestamp; sets hop->parsed. Returns true when the line was understood
 * well enough to name a client or a server; false leaves hop->raw set and
 * the rest as far as it got (the caller records a defect). Never reads
 * past len; bounded work: O(len).
 */
bool kn_received_parse(kn_arena *ar, const char *value, size_t len,
	kensa_hop *hop);

/* Details a forensic report does not need but tests and callers may. */
typedef struct kn_received_extra {
	const char *from_name;   /* the word after "from", as written */
	const char *helo_cmd;    /* "HELO", "EHLO", "LHLO" when a comment
	                            states the command, else NULL */
	const char *ident;       /* ident or user name of the client
	                            (IDENT:x, ident=x, x@[ip]), or NULL */
	const char *tls_version; /* as written: "TLSv1.3", "TLS1_2", ... */
	const char *tls_cipher;  /* as written */
} kn_received_extra;

/*
 * kn_received_parse() that also fills *extra (may be NULL; strings in
 * ar). Same contract otherwise.
 */
bool kn_received_parse_ex(kn_arena *ar, const char *value, size_t len,
	kensa_hop *hop, kn_received_extra *extra);

#endif
