/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	config 3h
 * SUMMARY
 *	weights and thresholds of the verdict (internal)
 * DESCRIPTION
 *	struct kensa_config holds the weight overrides and thresholds of one
 *	config text; kn_config_weight() and kn_config_threshold() answer
 *	for a rule entry and a threshold name, falling back to nothing (the
 *	caller then uses the defaults). Format: docs/verdict-config.md.
 *--*/
#ifndef KN_VERDICT_CONFIG_H
#define KN_VERDICT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include <kensa/verdict.h>

#include "verdict/rules.h"

typedef enum kn_threshold {
	KN_THR_PHISHING = 0,   /* score for phishing */
	KN_THR_DECEPTION = 1,  /* deception weight phishing needs */
	KN_THR_LURE = 2,       /* lure weight phishing needs */
	KN_THR_SUSPICIOUS = 3, /* score for suspicious */
	KN_THR_SPAM = 4,       /* spam-category weight for spam */
	KN_THR_COUNT = 5
} kn_threshold;

typedef struct kn_weight_override {
	const char *id;        /* rule id (points into the rule table) */
	const char *variant;   /* NULL: every variant of id */
	unsigned weight;
	unsigned line;
} kn_weight_override;

struct kensa_config {
	kn_weight_override *weights; /* malloc'd */
	size_t nweights, capweights;
	unsigned threshold[KN_THR_COUNT];
	unsigned threshold_line[KN_THR_COUNT]; /* 0: not set */
};

/* Parse text into cfg (zeroed by the caller); as kensa_config_parse().
 * On error cfg may hold part of the text: dispose it. */
int kn_config_parse_into(kensa_config *cfg, const char *text, size_t len,
	const char *name, char *err, size_t errsize);
/* Free what cfg owns (not cfg itself). */
void kn_config_dispose(kensa_config *cfg);
/* The weight cfg (may be NULL) sets for e: true and *out, or false. */
bool kn_config_weight(const kensa_config *cfg, const kn_rule_entry *e,
	unsigned *out);
/* The threshold t of cfg (may be NULL): true and *out, or false. */
bool kn_config_threshold(const kensa_config *cfg, kn_threshold t,
	unsigned *out);
/* "phishing", "deception", ...: the name of t in config files. */
const char *kn_threshold_name(kn_threshold t);

#endif
