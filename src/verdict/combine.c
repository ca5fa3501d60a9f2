/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	combine 3
 * SUMMARY
 *	findings made of other findings
 * DESCRIPTION
 *	lure-link-elsewhere: the text carries a harmful lure (credential,
 *	suspension, payment, delivery or urgency phrases: the lure-* rules
 *	that are not a sales pitch) and link-unrelated-domain says the links
 *	go to a domain that is neither the sender's nor the recipient's.
 *	Each alone is weak (newsletters link to their ESP; real banks send
 *	reminders); together they are the shape of a lure that sends the
 *	reader to someone else's site. The evidence is that of the link
 *	finding; the detail quotes the lure rules by their titles in each
 *	language ({1} English, {3} Japanese; the ids stay in the findings
 *	of their own).
 * LIMITS
 *	KN_COMBINE_LURES lure titles are quoted in the detail.
 *--*/
#include "verdict/combine.h"

#include <string.h>

#include "util/buf.h"
#include "verdict/rules.h"

/* Lure titles quoted in one detail (there are seven harmful lure
 * rules). */
#define KN_COMBINE_LURES 7
/* Cap of one list of titles, in bytes. */
#define KN_COMBINE_LIST_MAX ((size_t)512)

/* A lure-* finding whose rule is a lure and not a bulk pitch. */
static bool
harmful_lure(const kensa_finding *f)
{
	const kn_rule_entry *e;

	if (strncmp(f->id, "lure-", 5) != 0)
		return false;
	e = kn_rules_find(f->id, f->severity);
	return e != NULL && (e->signals & KN_SIG_LURE) &&
	       !(e->signals & KN_SIG_BULK);
}

void
kn_verdict_combine(kensa_analysis *a)
{
	const kensa_finding *fs = a->findings.items;
	size_t nf = a->findings.count, nl = 0;
	const kensa_finding *link = NULL;
	kensa_evidence ev;
	const char *domains;
	kn_buf en, ja;

	for (size_t i = 0; i < nf; i++)
		if (link == NULL && strcmp(fs[i].id, "link-unrelated-domain") == 0)
			link = &fs[i];
	if (link == NULL)
		return;
	kn_buf_init(&en, KN_COMBINE_LIST_MAX);
	kn_buf_init(&ja, KN_COMBINE_LIST_MAX);
	for (size_t i = 0; i < nf && nl < KN_COMBINE_LURES; i++) {
		const char *te = fs[i].title[KENSA_LANG_EN];
		const char *tj = fs[i].title[KENSA_LANG_JA];

		if (!harmful_lure(&fs[i]))
			continue;
		if (nl++ > 0) {
			kn_buf_adds(&en, "; ");
			kn_buf_adds(&ja, "、");
		}
		/* A prose detail quotes the title; the id is the finding's
		 * own, in its list entry and the JSON. */
		kn_buf_printf(&en, "\"%s\"", te != NULL ? te : fs[i].id);
		kn_buf_printf(&ja, "「%s」", tj != NULL ? tj : fs[i].id);
	}
	if (nl > 0) {
		/* Copies first: the finding list may move when it grows. */
		ev = link->evidence;
		/* The unrelated domains the links module found; the
		 * evidence (the first such link) when it named none. */
		domains = a->links_unrelated != NULL ? a->links_unrelated :
			link->evidence.text;
		KN_FINDING(a, KN_RULE(verdict, lure_link_elsewhere), &ev,
			kn_buf_cstr(&en), domains, kn_buf_cstr(&ja));
	}
	kn_buf_dispose(&en);
	kn_buf_dispose(&ja);
}
