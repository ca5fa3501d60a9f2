/* SPDX-License-Identifier: MIT */
/*
 * kensa/report.h - render an analysis as a text or JSON report.
 */
#ifndef KENSA_REPORT_H
#define KENSA_REPORT_H

#include "analysis.h"

KENSA_BEGIN_DECLS

typedef enum kensa_report_format {
	KENSA_REPORT_TEXT = 0, /**< the investigation in plain words */
	KENSA_REPORT_JSON = 1  /**< one JSON object, docs/json-schema.md */
} kensa_report_format;

#define KENSA_REPORT_OPTIONS_VERSION 1

typedef struct kensa_report_options {
	unsigned version;           /**< KENSA_REPORT_OPTIONS_VERSION */
	kensa_report_format format;
	kensa_lang lang;
	bool color;                 /**< ANSI colour in text reports */
	const char *source;         /**< input label shown in the report, or NULL */
} kensa_report_options;

#define KENSA_REPORT_OPTIONS_INIT \
	{ KENSA_REPORT_OPTIONS_VERSION, KENSA_REPORT_TEXT, KENSA_LANG_EN, false, NULL }

/**
 * Render a report.
 * @param[out] out receives a malloc'd NUL-terminated UTF-8 string; the
 *             caller frees it with free(). JSON output is one line ending
 *             in "\n" (suitable for JSON Lines).
 * @param[out] out_len receives its length in bytes (may be NULL)
 * @return 0, KENSA_EINVAL (NULL argument, unknown format or version),
 *         KENSA_ENOMEM
 */
KENSA_EXTERN(int) kensa_report_render(char **out, size_t *out_len,
	const kensa_analysis *a, const kensa_report_options *opts)
	KENSA_WARN_UNUSED_RESULT;

KENSA_END_DECLS

#endif
