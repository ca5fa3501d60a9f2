/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	url 3h
 * SUMMARY
 *	URLs in mail: find them in plain text, parse them, name their host
 * SYNOPSIS
 *	#include "content/url.h"
 * DESCRIPTION
 *	kn_url_scan() finds URLs in plain text (http, https, ftp, mailto and
 *	"www."-prefixed) and bounds each one the way a reader would: white
 *	space, angle brackets, quotes, Japanese punctuation and full-width
 *	brackets (「」『』【】、。（）...) end a URL; trailing ASCII
 *	punctuation (".", ",", ")" without its "(" ...) is not part of it.
 *
 *	kn_url_parse() parses one URL with libcurl's URL API (RFC 3986 as
 *	curl reads it, the same reading a mail client's browser makes),
 *	runs the host through IDNA (libidn2, UTS #46 non-transitional) to
 *	get its A-label and U-label forms, and names its registrable domain
 *	(libpsl, util/domain.h). mailto: URLs (RFC 6068) are parsed here:
 *	their host is the domain of the first address.
 *
 *	kn_url_text_host() tells whether a link's visible text names a URL
 *	or a bare domain (with a suffix the Public Suffix List knows) and
 *	returns its host.
 * LIMITS
 *	URLs longer than KN_URL_MAX bytes are not parsed; kn_url_scan()
 *	returns at most its max argument spans.
 * ERRORS
 *	kn_url_parse(): KENSA_EINVAL (not a URL libcurl accepts, or no
 *	host), KENSA_ENOMEM.
 *--*/
#ifndef KN_CONTENT_URL_H
#define KN_CONTENT_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

/* Longest URL parsed: browsers accept more, but mail links beyond
 * 8 KiB are data, not addresses (RFC 9110 9.1 suggests 8000 octets). */
#define KN_URL_MAX ((size_t)8192)

/* One URL found in text: byte range. */
typedef struct kn_url_span {
	size_t off, len;
	bool www;          /* "www." without a scheme */
} kn_url_span;

/* A parsed URL; every string in the arena, NULL when absent. */
typedef struct kn_url {
	const char *url;          /* the URL as libcurl rebuilds it */
	const char *scheme;       /* lower-case */
	const char *userinfo;     /* user[:password] before '@' */
	const char *host;         /* lower-case, as written (may be UTF-8) */
	const char *host_ascii;   /* A-label form; NULL if IDNA refused it */
	const char *host_unicode; /* U-label form; NULL if IDNA refused it */
	const char *domain;       /* registrable domain; NULL for IPs */
	const char *path;         /* with leading '/' */
	const char *query;        /* without '?' */
	bool ip_literal;          /* IPv4 (any notation curl reads) or [IPv6] */
	bool idn;                 /* host has an xn-- label or non-ASCII */
} kn_url;

/*
 * Find URLs in text (len bytes, UTF-8). Fills up to max spans in out
 * and returns the number found (not more than max).
 */
size_t kn_url_scan(const char *text, size_t len, kn_url_span *out,
	size_t max);

/*
 * Parse s (len bytes; a scheme is required, except that a "www." start
 * is read as http://). Fills *out with strings in ar. Returns 0,
 * KENSA_EINVAL or KENSA_ENOMEM.
 */
int kn_url_parse(kn_arena *ar, const char *s, size_t len, kn_url *out);

/*
 * Does text (len bytes, visible link text) name a URL or a domain?
 * Returns its host (lower-case, A-label when IDNA accepts it) in ar,
 * or NULL. An e-mail address is not a domain here.
 */
const char *kn_url_text_host(kn_arena *ar, const char *text, size_t len);

/* Percent-decode s (len bytes) into the arena ("+" stays "+"). */
char *kn_url_unescape(kn_arena *ar, const char *s, size_t len);

/*
 * The value of query parameter name (ASCII, case-insensitive) in query
 * (len bytes), percent-decoded into the arena, or NULL.
 */
char *kn_url_query_param(kn_arena *ar, const char *query, size_t len,
	const char *name);

/* Host forms of host (NUL-terminated, any case, UTF-8 or A-labels):
 * *ascii and *unicode in ar, NULL when IDNA refuses. */
void kn_url_idna(kn_arena *ar, const char *host, const char **ascii,
	const char **unicode);

#endif
