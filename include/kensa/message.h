/* SPDX-License-Identifier: MIT */
/*
 * kensa/message.h - facts read from the message: headers, addresses, MIME.
 *
 * All structures here are read-only views owned by the kensa_analysis that
 * produced them (see analysis.h); they live until kensa_analysis_free().
 * Every string is UTF-8 and NUL-terminated, or NULL when absent.
 * Times are seconds since the epoch, UTC.
 */
#ifndef KENSA_MESSAGE_H
#define KENSA_MESSAGE_H

#include "common.h"

KENSA_BEGIN_DECLS

/** One mailbox (RFC 5322 section 3.4). */
typedef struct kensa_address {
	const char *display_name; /**< decoded display name, or NULL */
	const char *address;      /**< addr-spec, or NULL when unparseable */
	const char *domain;       /**< lower-cased domain of address, or NULL */
} kensa_address;

/** One header field as it appears in the message, in order. */
typedef struct kensa_header {
	const char *name;      /**< field name as written */
	const char *value;     /**< unfolded value, encoded-words decoded, UTF-8 */
	const char *raw;       /**< raw value bytes as written (may be non-UTF-8
	                            in legacy mail; NUL-terminated copy) */
	size_t offset;         /**< byte offset of the field in the input */
	size_t length;         /**< byte length of the field, folding included */
	unsigned occurrence;   /**< 1-based among fields of the same name */
} kensa_header;

/** One method result of an Authentication-Results field (RFC 8601 2.2). */
typedef struct kensa_auth_result {
	const char *authserv_id; /**< the authserv-id of the field */
	const char *method;      /**< e.g. "spf", "dkim", "dmarc" */
	const char *result;      /**< e.g. "pass", "fail", "softfail" */
	const char *reason;      /**< reason=..., or NULL */
	const char *properties;  /**< the ptype.property=value list, or NULL */
	unsigned header;         /**< occurrence of the Authentication-Results field */
} kensa_auth_result;

/** One MIME part, in depth-first order; part 0 is the message itself. */
typedef struct kensa_mime_part {
	unsigned index;                /**< 0-based position in depth-first order */
	unsigned depth;                /**< nesting depth; 0 for the top level */
	int parent;                    /**< index of the enclosing part, -1 at top */
	const char *content_type;      /**< lower-case "type/subtype" */
	const char *charset;           /**< declared charset, lower-case, or NULL */
	const char *transfer_encoding; /**< lower-case, or NULL when absent */
	const char *disposition;       /**< "inline", "attachment" or NULL */
	const char *filename;          /**< decoded (RFC 2231/2047), or NULL */
	size_t size_bytes;             /**< decoded content size in bytes */
	bool is_multipart;             /**< container, no content of its own */
	const char *text;              /**< text parts: content converted to UTF-8, or NULL */
	size_t text_length;            /**< byte length of text */
} kensa_mime_part;

/** The facts of the message's header section. */
typedef struct kensa_message_facts {
	const char *subject;          /**< decoded Subject, or NULL */
	kensa_address from;           /**< RFC5322.From (first mailbox) */
	unsigned from_count;          /**< number of From fields */
	kensa_address sender;         /**< Sender, address NULL when absent */
	kensa_address reply_to;       /**< first Reply-To mailbox */
	const kensa_address *to;      /**< To mailboxes */
	size_t to_count;
	const kensa_address *cc;      /**< Cc mailboxes */
	size_t cc_count;
	const char *delivered_to;     /**< first Delivered-To address, or NULL */
	const char *return_path;      /**< RFC5321.MailFrom from Return-Path;
	                                   "" for the null sender <> */
	const char *return_path_domain;
	const char *message_id;       /**< without angle brackets */
	const char *message_id_domain;/**< right of the last '@', lower-case */
	const char *date_raw;         /**< Date field as written, or NULL */
	bool date_valid;              /**< date_utc holds the parsed Date */
	int64_t date_utc;             /**< Date in seconds since epoch, UTC */
	int date_tz_offset;           /**< its zone offset in seconds east of UTC */
	const char *user_agent;       /**< User-Agent, or X-Mailer when absent */
	const char *x_mailer;
	const char *list_id;          /**< List-Id, or NULL */
	const char *list_unsubscribe; /**< List-Unsubscribe, or NULL */
	const char *content_language;
	const kensa_auth_result *auth_results; /**< Authentication-Results */
	size_t auth_result_count;
	const char *spam_flag;        /**< X-Spam-Flag value, or NULL */
	const char *spam_status;      /**< X-Spam-Status value, or NULL */
	const char *subject_spam_tag; /**< e.g. "[SPAM]" prefix, or NULL */
	const kensa_header *headers;  /**< every header field, in order */
	size_t header_count;
	const kensa_mime_part *parts; /**< MIME parts, depth-first */
	size_t part_count;
} kensa_message_facts;

KENSA_END_DECLS

#endif
