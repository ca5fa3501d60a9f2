/* SPDX-License-Identifier: MIT */
/*
 * kensa/verdict.h - the verdict of an analysis (phishing, spam, suspicious
 * or clean), the reasons behind it, and the administrator's configuration
 * of rule weights and thresholds (docs/verdict-config.md).
 */
#ifndef KENSA_VERDICT_H
#define KENSA_VERDICT_H

#include "common.h"
#include "finding.h"

KENSA_BEGIN_DECLS

struct kensa_analysis;

/** The label of a verdict, from harmless to hostile. */
typedef enum kensa_verdict_label {
	KENSA_VERDICT_CLEAN = 0,      /**< nothing weighs enough */
	KENSA_VERDICT_SPAM = 1,       /**< bulk or commercial, no deception */
	KENSA_VERDICT_SUSPICIOUS = 2, /**< real risk, not enough for phishing */
	KENSA_VERDICT_PHISHING = 3    /**< deception together with a lure */
} kensa_verdict_label;

/** One reason of a verdict: a finding that carries weight. */
typedef struct kensa_verdict_reason {
	const char *id;        /**< the finding's rule id */
	unsigned weight;       /**< score points it adds (after the config) */
	const char *category;  /**< "phishing", "spam", "malformed" or "info" */
	const char *title[KENSA_LANG_COUNT]; /**< the finding's title */
	size_t finding;        /**< index into kensa_analysis_findings() */
	const kensa_evidence *evidence; /**< the finding's evidence; owned by
	                                     the analysis */
} kensa_verdict_reason;

/** The verdict; everything is owned by the analysis. */
typedef struct kensa_verdict {
	kensa_verdict_label label;
	unsigned score;          /**< sum of the reasons' weights */
	unsigned deception;      /**< weight of the deception signals */
	unsigned lure;           /**< weight of the lure signals */
	unsigned bulk;           /**< weight of the bulk/commercial signals */
	const kensa_verdict_reason *reasons; /**< heaviest first */
	size_t reason_count;
	/** A few plain sentences that sum the investigation up (UTF-8). */
	const char *summary[KENSA_LANG_COUNT];
} kensa_verdict;

/**
 * The verdict of an analysis.
 * @return a read-only view owned by a; NULL only when a is NULL
 */
KENSA_EXTERN(const kensa_verdict *) kensa_analysis_verdict(
	const struct kensa_analysis *a);

/** "phishing", "spam", "suspicious" or "clean"; a static string. */
KENSA_EXTERN(const char *) kensa_verdict_label_name(kensa_verdict_label l);

/**
 * Weights and thresholds chosen by an administrator. Opaque; pass it in
 * kensa_options.config. Read-only once loaded, so one config may serve
 * many analyses (and threads) at once.
 */
typedef struct kensa_config kensa_config;

/**
 * Parse a configuration text (docs/verdict-config.md): lines
 * "weight RULE-ID N", "threshold LABEL N", comments after '#'.
 * @param[out] out the config; free with kensa_config_free()
 * @param text the text (need not be NUL-terminated)
 * @param len its length in bytes
 * @param name the name used in error messages (e.g. the file name), or NULL
 * @param[out] err if not NULL, receives "NAME:LINE: reason" on
 *             KENSA_EINVAL (NUL-terminated, cut to errsize)
 * @param errsize size of err in bytes
 * @return 0, KENSA_EINVAL (bad line), KENSA_ENOMEM
 */
KENSA_EXTERN(int) kensa_config_parse(kensa_config **out, const char *text,
	size_t len, const char *name, char *err, size_t errsize)
	KENSA_WARN_UNUSED_RESULT;

/**
 * Read and parse a configuration file.
 * @return as kensa_config_parse(), and KENSA_ENOTFOUND (no such file),
 *         KENSA_EIO (unreadable), KENSA_ETOOBIG (above 1 MiB); err says why
 */
KENSA_EXTERN(int) kensa_config_load(kensa_config **out, const char *path,
	char *err, size_t errsize) KENSA_WARN_UNUSED_RESULT;

/** Free a config. NULL is accepted. */
KENSA_EXTERN(void) kensa_config_free(kensa_config *cfg);

KENSA_END_DECLS

#endif
