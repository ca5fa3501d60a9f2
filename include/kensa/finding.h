/* SPDX-License-Identifier: MIT */
/*
 * kensa/finding.h - findings and defects: what the analysis concluded and
 * the evidence that proves it.
 */
#ifndef KENSA_FINDING_H
#define KENSA_FINDING_H

#include "common.h"

KENSA_BEGIN_DECLS

typedef enum kensa_severity {
	KENSA_SEV_INFO = 0,
	KENSA_SEV_LOW = 1,
	KENSA_SEV_MEDIUM = 2,
	KENSA_SEV_HIGH = 3
} kensa_severity;

/**
 * Where the proof is. A header (name + 1-based occurrence), or a MIME part
 * and byte range of its decoded text, and always the quoted text itself.
 */
typedef struct kensa_evidence {
	const char *header;   /**< header field name, or NULL */
	unsigned occurrence;  /**< 1-based occurrence of that header, 0 if none */
	int part;             /**< MIME part index, -1 when not a part */
	size_t offset;        /**< byte offset (in the input for headers, in the
	                           part's decoded UTF-8 text for parts) */
	size_t length;        /**< byte length of the range; 0 when unknown */
	const char *text;     /**< the quoted line or text (UTF-8), or NULL */
} kensa_evidence;

/** One finding (or defect). */
typedef struct kensa_finding {
	const char *id;        /**< stable kebab-case identifier */
	const char *stage;     /**< "message", "trace", ... */
	kensa_severity severity;
	const char *title[KENSA_LANG_COUNT];  /**< indexed by kensa_lang */
	const char *detail[KENSA_LANG_COUNT]; /**< indexed by kensa_lang */
	kensa_evidence evidence;
} kensa_finding;

/**
 * Name of a severity.
 * @return "info", "low", "medium" or "high"; a static string.
 */
KENSA_EXTERN(const char *) kensa_severity_name(kensa_severity sev);

KENSA_END_DECLS

#endif
