/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	impersonation 3h
 * SUMMARY
 *	the message speaks as the recipient's own mail operator, or as a
 *	well-known brand, from a domain that is neither
 * SYNOPSIS
 *	#include "content/impersonation.h"
 *
 *	int kn_impersonation_analyze(kensa_analysis *a);
 *--*/
#ifndef KN_CONTENT_IMPERSONATION_H
#define KN_CONTENT_IMPERSONATION_H

#include "analysis.h"

/* One compiled-in brand (generated from data/brands/brands.tsv). */
typedef struct kn_brand {
	const char *brand;    /* display name of the brand */
	const char *names;    /* '|'-separated names it goes by */
	const char *domains;  /* space-separated domains it sends from */
} kn_brand;

/* Folded bytes between a domain and an operator word ("office-sample.jp
 * メール管理チーム"): about a dozen Japanese characters. */
#define KN_IMP_WINDOW 48
/* Brands reported per message. */
#define KN_IMP_BRANDS_MAX 3
/* "Prominent" in the body: within this many folded bytes of its start. */
#define KN_IMP_BODY_HEAD 600

/* The compiled-in brand table; *n receives its size. */
const kn_brand *kn_brands_table(size_t *n);

/*
 * Is domain (lower-case) one of the space-separated domains in list, or
 * a subdomain of one, or of the same organizational domain? ar holds
 * scratch. Returns false for NULL domain.
 */
bool kn_brand_domain_in(kn_arena *ar, const char *domain, const char *list);

/*
 * Findings impersonates-recipient-domain (high) and impersonates-brand
 * (medium) from the From display name, the Subject and the body (run
 * after kn_lures_analyze: a brand named only in the body counts when a
 * credential, suspension or payment lure was found). Returns 0 or
 * KENSA_ENOMEM.
 */
int kn_impersonation_analyze(kensa_analysis *a);

#endif
