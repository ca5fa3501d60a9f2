/* SPDX-License-Identifier: MIT */
/*
 * kensa/trace.h - the Received trace (RFC 5321 section 4.4) as hops.
 *
 * Read-only views owned by the kensa_analysis; strings are UTF-8 or NULL.
 * Times are seconds since the epoch, UTC; delays are seconds and may be
 * negative when clocks disagree.
 */
#ifndef KENSA_TRACE_H
#define KENSA_TRACE_H

#include "common.h"

KENSA_BEGIN_DECLS

/** One Received field parsed: a client handing the message to a server. */
typedef struct kensa_hop {
	unsigned index;         /**< 0 = oldest hop */
	unsigned header;        /**< 1-based occurrence of the Received field,
	                             counted from the top of the message */
	const char *raw;        /**< unfolded field value */
	bool parsed;            /**< false: kept raw, a defect was recorded */
	const char *helo;       /**< HELO/EHLO name the client announced */
	const char *rdns;       /**< the server's reverse DNS name for the client,
	                             "unknown" when it had none */
	const char *ip;         /**< client IP address, canonical text form */
	const char *by;         /**< receiving host */
	const char *via;        /**< via clause */
	const char *protocol;   /**< upper-case: SMTP, ESMTP, ESMTPS, LMTP, ... */
	const char *id;         /**< server's queue id */
	const char *for_addr;   /**< envelope recipient from "for <...>" */
	const char *tls;        /**< TLS version/cipher when stated, or NULL */
	const char *software;   /**< server software when named (Postfix, Exim...) */
	bool has_timestamp;
	int64_t timestamp;      /**< UTC */
	bool has_delay;
	int64_t delay_s;        /**< seconds since the previous hop (or Date) */
	bool internal;          /**< client is loopback/private or trusted */
} kensa_hop;

/** The whole trace, oldest hop first. */
typedef struct kensa_trace {
	const kensa_hop *hops;
	size_t hop_count;
	int origin_hop;            /**< index into hops, -1 when not found */
	const char *origin_ip;     /**< the originating client IP, or NULL */
	const char *origin_reason; /**< English explanation of the choice */
	const char *origin_reason_ja; /**< the same in Japanese */
	bool has_total_delay;
	int64_t total_delay_s;     /**< Date (or first hop) to last hop */
} kensa_trace;

KENSA_END_DECLS

#endif
