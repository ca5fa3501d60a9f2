/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	rules 3
 * SUMMARY
 *	the rule table and its lookups
 * DESCRIPTION
 *	kn_rule_table[] is compiled from data/rules/<stage>.rules by
 *	data/gen_rules.py (see rules.h); the default thresholds come from
 *	data/verdict.conf the same way. Lookups scan the table: it holds
 *	about a hundred entries and a message makes a few dozen findings.
 *--*/
#include "verdict/rules.h"

#include <string.h>

const kn_rule_entry kn_rule_table[KN_RULE_ID_COUNT] = {
#include "kn_rules_table.inc"
};

static const char default_config[] =
#include "kn_verdict_conf.inc"
	;

size_t
kn_rules_count(void)
{
	return sizeof(kn_rule_table) / sizeof(kn_rule_table[0]);
}

const kn_rule_entry *
kn_rules_find(const char *id, kensa_severity sev)
{
	const kn_rule_entry *first = NULL;

	for (size_t i = 0; i < kn_rules_count(); i++) {
		const kn_rule_entry *e = &kn_rule_table[i];
		if (strcmp(e->rule.id, id) != 0)
			continue;
		if (e->rule.severity == sev)
			return e;
		if (first == NULL || (first->variant != NULL && e->variant == NULL))
			first = e;
	}
	return first;
}

const kn_rule_entry *
kn_rules_find_name(const char *name, size_t len)
{
	const char *slash = memchr(name, '/', len);
	size_t idlen = slash != NULL ? (size_t)(slash - name) : len;

	for (size_t i = 0; i < kn_rules_count(); i++) {
		const kn_rule_entry *e = &kn_rule_table[i];
		if (strlen(e->rule.id) != idlen ||
		    memcmp(e->rule.id, name, idlen) != 0)
			continue;
		if (slash == NULL ? e->variant == NULL :
		    (e->variant != NULL && strlen(e->variant) == len - idlen - 1 &&
		     memcmp(e->variant, slash + 1, len - idlen - 1) == 0))
			return e;
	}
	/* "id" of a rule that only exists in variants: its first one. */
	if (slash == NULL)
		for (size_t i = 0; i < kn_rules_count(); i++)
			if (strlen(kn_rule_table[i].rule.id) == len &&
			    memcmp(kn_rule_table[i].rule.id, name, len) == 0)
				return &kn_rule_table[i];
	return NULL;
}

const char *
kn_category_name(kn_category c)
{
	switch (c) {
	case KN_CAT_PHISHING: return "phishing";
	case KN_CAT_SPAM: return "spam";
	case KN_CAT_MALFORMED: return "malformed";
	case KN_CAT_INFO: return "info";
	}
	return "info";
}

const char *
kn_rules_default_config(void)
{
	return default_config;
}
