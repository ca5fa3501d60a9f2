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
 *	finding; the detail names the lure rules.
 * LIMITS
 *	KN_COMBINE_LURES lure ids are named in the detail.
 *--*/
#include "verdict/combine.h"

#include <string.h>

#include "util/buf.h"
#include "verdict/rules.h"

/* Lure ids named in one detail (there are five harmful lure rules). */
#define KN_COMBINE_LURES 5
/* Cap of the list of ids, in bytes. */
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
	kn_buf ids;

	for (size_t i = 0; i < nf; i++)
		if (link == NULL && strcmp(fs[i].id, "link-unrelated-domain") == 0)
			link = &fs[i];
	if (link == NULL)
		return;
	kn_buf_init(&ids, KN_COMBINE_LIST_MAX);
	for (size_t i = 0; i < nf && nl < KN_COMBINE_LURES; i++) {
		if (!harmful_lure(&fs[i]))
			continue;
		if (nl++ > 0)
			kn_buf_adds(&ids, ", ");
		kn_buf_adds(&ids, fs[i].id);
	}
	if (nl > 0) {
		/* Copies first: the finding list may move when it grows. */
		ev = link->evidence;
		domains = link->evidence.text;
		KN_FINDING(a, KN_RULE(verdict, lure_link_elsewhere), &ev,
			kn_buf_cstr(&ids), domains);
	}
	kn_buf_dispose(&ids);
}
