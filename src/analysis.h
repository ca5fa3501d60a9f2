/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	analysis 3h
 * SUMMARY
 *	the per-message analysis object every stage works on (internal)
 * SYNOPSIS
 *	#include "analysis.h"
 * DESCRIPTION
 *	struct kensa_analysis owns the arena, the facts of each stage and the
 *	findings; stages fill it in pipeline order:
 *	message -> trace -> auth -> intel -> content -> verdict -> report.
 *	Findings are made from rules (kn_rule): a stable id, a severity and
 *	a title and detail template in each language; {1}..{9} in a template
 *	stand for the finding's arguments.
 *--*/
#ifndef KN_ANALYSIS_H
#define KN_ANALYSIS_H

#include <kensa/kensa.h>

#include "util/arena.h"

/* One rule: what a finding means, in every report language. */
typedef struct kn_rule {
	const char *id;        /* stable kebab-case */
	const char *stage;     /* "message", "trace", ... */
	kensa_severity severity;
	const char *title[KENSA_LANG_COUNT];
	const char *detail[KENSA_LANG_COUNT]; /* templates with {1}..{9} */
} kn_rule;

struct kensa_analysis {
	kn_arena ar;
	kensa_options opts;

	/* The input; valid only while kensa_analyze() runs. */
	const char *data;
	size_t len;

	kensa_message_facts msg;
	kn_vec headers, parts, to, cc, auth_results;

	kensa_trace trace;
	kn_vec hops;

	const char *recipient;
	const char *recipient_domain;

	kn_vec findings, defects; /* of kensa_finding */

	char sha256[65];
	void *stage_state;        /* scratch of the running stage */
};

/*
 * Record a finding made by rule with evidence ev (copied; may be NULL) and
 * nargs template arguments (copied; NULL items read as "-").
 */
void kn_finding(kensa_analysis *a, const kn_rule *rule,
	const kensa_evidence *ev, size_t nargs, const char *const *args);
/* The same, into the defect list (a repair the parser made). */
void kn_defect(kensa_analysis *a, const kn_rule *rule,
	const kensa_evidence *ev, size_t nargs, const char *const *args);

#define KN_NARGS(...) (sizeof((const char *[]){ __VA_ARGS__ }) / sizeof(const char *))
#define KN_FINDING(a, rule, ev, ...) \
	kn_finding((a), (rule), (ev), KN_NARGS(__VA_ARGS__), (const char *[]){ __VA_ARGS__ })
#define KN_DEFECT(a, rule, ev, ...) \
	kn_defect((a), (rule), (ev), KN_NARGS(__VA_ARGS__), (const char *[]){ __VA_ARGS__ })

/* Evidence pointing at occurrence occ (1-based) of header name; the
 * text is that field as written. Unknown header: name only. */
kensa_evidence kn_ev_header(const kensa_analysis *a, const char *name,
	unsigned occ);
/* Evidence pointing at a byte range of a MIME part's decoded text. */
kensa_evidence kn_ev_part(kensa_analysis *a, int part, size_t offset,
	size_t length);
/* The first header named name (case-insensitive) at or after occurrence
 * occ (1-based), or NULL. */
const kensa_header *kn_header_get(const kensa_analysis *a, const char *name,
	unsigned occ);

/* Stage entry points, in pipeline order. Each returns 0 or KENSA_ENOMEM;
 * problems of the mail are defects or findings, not errors. */
int kn_message_parse(kensa_analysis *a);   /* src/message: facts, MIME */
int kn_trace_analyze(kensa_analysis *a);   /* src/trace: hops, origin */
void kn_recipient_resolve(kensa_analysis *a);
int kn_message_check(kensa_analysis *a);   /* src/message: consistency */
int kn_content_analyze(kensa_analysis *a);  /* src/content: body text */

#endif
