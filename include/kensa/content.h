/* SPDX-License-Identifier: MIT */
/*
 * kensa/content.h - what the mail's body says and where it leads: the
 * links found in its text and HTML parts.
 */
#ifndef KENSA_CONTENT_H
#define KENSA_CONTENT_H

#include "common.h"
#include "analysis.h"

KENSA_BEGIN_DECLS

/**
 * One link of the message, as the reader would follow it. Strings are
 * UTF-8, owned by the analysis, NULL when absent.
 */
typedef struct kensa_link {
	int part;                 /**< MIME part index holding the link */
	size_t offset;            /**< byte offset of the link in the part's
	                               decoded text (HTML: the element) */
	size_t length;            /**< byte length of that range */
	const char *source;       /**< "text", "a", "area", "form", "img", or
	                               "redirect" (target unwrapped from the
	                               link at index via) */
	const char *url;          /**< the URL, absolute, as libcurl rebuilds it */
	const char *text;         /**< visible text (HTML anchor), or NULL */
	const char *scheme;       /**< lower-case scheme, e.g. "https" */
	const char *userinfo;     /**< user[:password] before '@', or NULL */
	const char *host;         /**< host as written, lower-case */
	const char *host_ascii;   /**< host in A-labels (punycode), or NULL */
	const char *host_unicode; /**< host in U-labels, or NULL */
	const char *domain;       /**< registrable domain (Public Suffix List);
	                               NULL for IP literals */
	const char *path;         /**< path, with leading '/' */
	const char *query;        /**< query without '?', or NULL */
	bool ip_literal;          /**< host is an IPv4 or IPv6 literal */
	bool idn;                 /**< host is internationalised */
	bool tracking_pixel;      /**< img: 1x1 or hidden image */
	bool hidden;              /**< inside hidden HTML content */
	int via;                  /**< index of the wrapping link, or -1 */
} kensa_link;

/**
 * Links of the message, in part order, each wrapped redirect target
 * right after its wrapper.
 * @param a the analysis
 * @param[out] out receives a pointer to the array (owned by a)
 * @return the number of links; 0 (and *out NULL) when there are none
 */
KENSA_EXTERN(size_t) kensa_analysis_links(const kensa_analysis *a,
	const kensa_link **out);

/* ---- Attachments and forwarded messages (src/content/attach.c) ---- */

/** kensa_attachment.flags: what the bytes turned out to be. */
#define KENSA_ATTACH_EXECUTABLE        0x0001u /**< a program (PE, ELF) */
#define KENSA_ATTACH_ARCHIVE           0x0002u /**< zip, 7z, rar, gzip */
#define KENSA_ATTACH_ENCRYPTED_ARCHIVE 0x0004u /**< archive with encrypted
                                                    members or headers */
#define KENSA_ATTACH_MACROS            0x0008u /**< Office document with a
                                                    VBA project */
#define KENSA_ATTACH_FORWARDED         0x0010u /**< a message/rfc822 part */
#define KENSA_ATTACH_DANGEROUS_MEMBER  0x0020u /**< a zip member with a
                                                    program or script name */

/**
 * One attachment: a non-text part, or any part marked as an attachment
 * or carrying a file name. Owned by the analysis.
 */
typedef struct kensa_attachment {
	int part;                  /**< index in kensa_message_facts.parts */
	const char *filename;      /**< decoded file name, or NULL */
	const char *declared_type; /**< Content-Type as declared, lower-case */
	const char *sniffed_type;  /**< MIME type libmagic finds in the decoded
	                                bytes, or NULL when unknown */
	size_t size_bytes;         /**< decoded size in bytes */
	char sha256[65];           /**< SHA-256 of the decoded bytes, hex */
	unsigned flags;            /**< KENSA_ATTACH_* */
	const char *const *members;/**< zip member names (non-ASCII bytes
	                                shown as '?'), or NULL */
	size_t member_count;       /**< entries in members (capped) */
	const kensa_analysis *inner; /**< analysis of a forwarded message
	                                  (KENSA_ATTACH_FORWARDED), or NULL */
} kensa_attachment;

/**
 * The attachment inventory, in part order.
 * @param a the analysis
 * @param[out] out receives the array (owned by a); NULL when empty
 * @return the number of attachments
 */
KENSA_EXTERN(size_t) kensa_analysis_attachments(const kensa_analysis *a,
	const kensa_attachment **out);

/**
 * Analyses of the messages forwarded as message/rfc822 attachments (a
 * user reporting a phish wraps the suspect this way), in part order;
 * nested at most a few levels deep.
 * @param a the analysis
 * @param[out] out receives the array of analyses (owned by a)
 * @return the number of inner analyses
 */
KENSA_EXTERN(size_t) kensa_analysis_inner(const kensa_analysis *a,
	const kensa_analysis *const **out);

KENSA_END_DECLS

#endif
