/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	links 3h
 * SUMMARY
 *	links of the message: where the mail leads and whether it lies
 * SYNOPSIS
 *	#include "content/links.h"
 * DESCRIPTION
 *	kn_links_analyze() collects every link of the text parts (plain
 *	text URLs via content/url.h, HTML links via content/html.h),
 *	parses each (libcurl URL API, IDNA, registrable domain), unwraps
 *	open redirectors, stores them in a->links (kensa_link) and makes
 *	the link findings; see links.c for the rules.
 *
 *	kn_links_domains() lists the distinct hosts and registrable
 *	domains of those links, for the intelligence lookups.
 * ERRORS
 *	KENSA_ENOMEM.
 *--*/
#ifndef KN_CONTENT_LINKS_H
#define KN_CONTENT_LINKS_H

#include <stddef.h>

#include "analysis.h"

/*
 * Collect the links of a's text parts into a->links and record the
 * link findings. Needs a->msg (parts, From, list headers) and the
 * recipient. Returns 0 or KENSA_ENOMEM.
 */
int kn_links_analyze(kensa_analysis *a);

/*
 * Every distinct link host (A-label form) and registrable domain of
 * a's links, in first-seen order; *out (in a's arena) receives the
 * array. Returns the count; 0 with *out NULL when none (or out of
 * memory).
 */
size_t kn_links_domains(kensa_analysis *a, const char ***out);

/* Is host (or its registrable domain) a URL shortener? */
bool kn_links_is_shortener(const char *host, const char *domain);
/* Is host (or its registrable domain) an ESP click-tracking host? */
bool kn_links_is_esp(const char *host, const char *domain);

/*
 * The entry of data/links/free-hosting.inc that host (lower-case, may
 * be NULL) and path (may be NULL) fall under: host equal to the entry's
 * host or a subdomain of it, and path starting with the entry's path
 * prefix when it has one. Returns the static entry, or NULL.
 */
const char *kn_links_free_hosting(const char *host, const char *path);

/*
 * Findings link-free-hosting over a->links, once per host: a clickable
 * web link (an <a>/<area> href, a form action or a plain-text URL, not
 * an image; unwrapped redirect targets included) to a free hosting
 * service, unless its registrable domain is the From's or the
 * recipient's. Variant call-to-action (deception) when the path looks
 * like a login page, when the message carries a credential or
 * account-suspension lure, or when the service is the only unrelated
 * clickable destination of the message and an earlier finding carries
 * the lure signal; otherwise the low form, which bulk mail (List-Id,
 * List-Unsubscribe, Precedence: bulk/list) does not get. A URL carried
 * whole in a query parameter of the link counts as its target. Runs
 * after kn_lures_analyze() (reads its findings). Returns 0 or
 * KENSA_ENOMEM.
 */
int kn_links_free_hosting_analyze(kensa_analysis *a);

#endif
