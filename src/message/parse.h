/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	parse 3h
 * SUMMARY
 *	internal parsers of the message stage
 * SYNOPSIS
 *	#include "message/parse.h"
 * DESCRIPTION
 *	Pure parsers over (pointer, length) slices of raw header values,
 *	usable without an analysis (tests, fuzzers), and the MIME walker.
 *	Raw values may still be folded (CRLF, LF or CR followed by white
 *	space); each parser unfolds as it reads.
 *--*/
#ifndef KN_MESSAGE_PARSE_H
#define KN_MESSAGE_PARSE_H

#include <kensa/message.h>
#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"
#include "util/arena.h"
#include "util/buf.h"

/* Flags of a header decode, beyond the KN_CS_* ones of util/charset.h. */
#define KN_HDR_RAW8BIT 0x100u   /* raw 8-bit (or JIS) bytes outside words */
#define KN_HDR_BADWORD 0x200u   /* malformed encoded-word text repaired */

/* Most mailboxes kept from one address field (the mimekit torture
 * message has thousands; the facts need the first few). */
#define KN_ADDR_MAX 1000
/* Most Authentication-Results entries kept per message. */
#define KN_AUTHRES_MAX 256

/*
 * Append to out the unfolded, RFC 2047 decoded UTF-8 form of the raw
 * header value raw (len bytes). Encoded-words (RFC 2047 section 2;
 * charset "*lang" suffix of RFC 2231 section 5 ignored) are decoded one
 * by one; bytes of adjacent words in the same charset are joined
 * before conversion, so a character split across words survives; the
 * white space between adjacent words is dropped (RFC 2047 section
 * 6.2). Raw 8-bit text is decoded as UTF-8 if valid, else by a
 * Japanese/Latin guess (KN_HDR_RAW8BIT). Leading and trailing white
 * space is removed. Returns KN_CS_* | KN_HDR_* flags.
 */
unsigned kn_rfc2047_decode(kn_buf *out, const char *raw, size_t len);

/* The same into the arena: a NUL-terminated copy, or NULL on error. */
char *kn_rfc2047_dup(kn_arena *ar, const char *raw, size_t len,
	unsigned *flags);

/*
 * Parse an address list (RFC 5322 section 3.4, with the obsolete forms
 * of 4.4): groups are flattened, display names RFC 2047 decoded (also
 * inside quoted strings, as mailers write them), comments skipped (a
 * comment stands in for a missing display name). Appends at most
 * max - out->count kensa_address items to out. Returns the number of
 * mailboxes seen (even those not kept); *flags gets KN_* flags.
 */
size_t kn_address_list_parse(kn_arena *ar, const char *raw, size_t len,
	kn_vec *out, size_t max, unsigned *flags);

/*
 * Parse one Authentication-Results value (RFC 8601 section 2.2):
 * authserv-id, then each resinfo as method, result, reason and the
 * property list; comments skipped. Appends kensa_auth_result items
 * (header = occ) to out, up to max items in out. Returns how many it
 * added.
 */
size_t kn_authres_parse(kn_arena *ar, const char *raw, size_t len,
	unsigned occ, kn_vec *out, size_t max);

/*
 * The value of parameter name (e.g. "filename") of a structured MIME
 * field value raw (len bytes): RFC 2231 continuations and charsets
 * (section 3-4) and RFC 2047 words in quoted values decoded to UTF-8,
 * in the arena; NULL when absent.
 */
char *kn_mime_param(kn_arena *ar, const char *raw, size_t len,
	const char *name, unsigned *flags);

/* Build the MIME part list of a with GMime (mime.c). 0 or KENSA_ENOMEM. */
int kn_mime_parse(kensa_analysis *a);

#endif
