/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	rules 3h
 * SUMMARY
 *	the rule table compiled from data/rules (internal)
 * SYNOPSIS
 *	#include "verdict/rules.h"
 *
 *	KN_FINDING(a, KN_RULE(message, display_name_is_recipient_domain),
 *		&ev, ...);
 * DESCRIPTION
 *	Every rule of every stage lives in data/rules/<stage>.rules (format:
 *	data/rules/README.md). At build time data/gen_rules.py turns those
 *	files into kn_rule_table[] (rules.c) and one enumerator per rule,
 *	KN_RULE_ID_<stage>_<id>[__<variant>] with '-' written '_'. A module
 *	names its rule with KN_RULE(stage, id) (or KN_RULE_V(stage, id,
 *	variant)): a rule missing from the data is a compile error, and no
 *	file is read at run time.
 *
 *	Besides the kn_rule (id, stage, severity, bilingual title and
 *	detail), an entry carries what the verdict needs: the default
 *	weight in score points, a category and the signals (deception,
 *	lure, bulk) the rule stands for.
 *
 *	An id may have variants that differ in severity (and text and
 *	weight); a finding (which keeps id and severity) is matched back to
 *	its entry by both.
 *--*/
#ifndef KN_VERDICT_RULES_H
#define KN_VERDICT_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"
#include "kn_rule_ids.h"

typedef enum kn_category {
	KN_CAT_INFO = 0,
	KN_CAT_MALFORMED = 1,
	KN_CAT_SPAM = 2,
	KN_CAT_PHISHING = 3
} kn_category;

/* Signals a rule stands for (bit mask). */
#define KN_SIG_DECEPTION 1u /* lies about who or where: spoofing, disguise */
#define KN_SIG_LURE 2u      /* asks for an action that harms: sign in, pay */
#define KN_SIG_BULK 4u      /* commercial or bulk mail */

typedef struct kn_rule_entry {
	kn_rule rule;          /* first: &entry->rule is what modules use */
	const char *variant;   /* NULL for the main form */
	unsigned weight;       /* default score points; 0 for info */
	kn_category category;
	unsigned signals;      /* KN_SIG_* */
} kn_rule_entry;

extern const kn_rule_entry kn_rule_table[KN_RULE_ID_COUNT];

#define KN_RULE(stage, name) (&kn_rule_table[KN_RULE_ID_##stage##_##name].rule)
#define KN_RULE_V(stage, name, variant) \
	(&kn_rule_table[KN_RULE_ID_##stage##_##name##__##variant].rule)

/* Number of entries of the table. */
size_t kn_rules_count(void);

/*
 * The entry of a finding: id (not NULL) and severity. When no variant of
 * id has that severity, the main form (or the first variant) of id.
 * Returns NULL for an id that has no entry.
 */
const kn_rule_entry *kn_rules_find(const char *id, kensa_severity sev);

/* The entry written "id" or "id/variant" (as in a config file), or NULL. */
const kn_rule_entry *kn_rules_find_name(const char *name, size_t len);

/* "phishing", "spam", "malformed" or "info". */
const char *kn_category_name(kn_category c);

/* The default thresholds (data/verdict.conf) as config text. */
const char *kn_rules_default_config(void);

#endif
