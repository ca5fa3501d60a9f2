/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	domain 3h
 * SUMMARY
 *	organizational (registrable) domain of a host name, via libpsl
 * SYNOPSIS
 *	#include "util/domain.h"
 * DESCRIPTION
 *	kn_org_domain() maps a domain to its organizational domain, the
 *	public suffix plus one label (RFC 7489 section 3.2), so that
 *	"mail.dd-sample.co.jp" and "dd-sample.co.jp" compare equal.
 *	The Public Suffix List is the system's newest copy (psl_latest),
 *	else the one built into libpsl; it is loaded once per process,
 *	thread-safely, and never freed.
 *--*/
#ifndef KN_DOMAIN_H
#define KN_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

/*
 * The organizational domain of domain (NUL-terminated, any case, a
 * trailing dot ignored), lower-case, in the arena. A domain that is
 * itself a public suffix, or that libpsl cannot place, is returned
 * lower-cased as is. NULL or "" gives NULL; NULL also on out of memory.
 */
const char *kn_org_domain(kn_arena *ar, const char *domain);

/*
 * Do domains a and b (either may be NULL) share an organizational
 * domain? False when either is NULL or empty.
 */
bool kn_org_domain_same(kn_arena *ar, const char *a, const char *b);

/*
 * Does domain (n bytes, any case) end in a suffix the Public Suffix
 * List names explicitly (not only through the "*" default rule)? Used
 * to tell "amazon.co.jp" from "Mr.Smith" in free text.
 */
bool kn_domain_suffix_known(const char *domain, size_t n);

#endif
