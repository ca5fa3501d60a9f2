/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	narrative 3h
 * SUMMARY
 *	narrative contradiction: "it is already fixed" yet "act to fix it"
 * SYNOPSIS
 *	#include "content/narrative.h"
 * DESCRIPTION
 *	A common phishing story reports an incident as over (復旧しました,
 *	"service has been restored") and still asks the reader to click or
 *	log in "to restore" access. kn_narrative_scan() looks for both in
 *	one text, driven by phrase tables with weights (kn_narrative_rules)
 *	so rule files can replace the compiled-in defaults later.
 *
 *	A resolved phrase counts once per table entry; a Japanese phrase in
 *	the past tense followed by ら (a conditional, 復旧しましたら "once it
 *	is restored") does not count. An action phrase counts only when its
 *	sentence is a request - it holds a request cue (ください, please,
 *	must) or starts, or has a clause starting, with an English
 *	imperative verb (click, log in, verify) - and holds no negation cue
 *	(不要, 必要はありません, "no action", "do not need to"). A phrase
 *	contained in an already counted longer one is not counted again.
 *	The text contradicts itself when both scores reach their minimum.
 *
 *	Sentences end at 。！？!? , at '.' followed by white space and at a
 *	blank line, and are cut at KN_NARRATIVE_SENTENCE_MAX bytes each way.
 *	ASCII letters match case-insensitively; English phrases must start
 *	and end at word boundaries.
 * ERRORS
 *	None: pure, no allocation.
 *--*/
#ifndef KN_CONTENT_NARRATIVE_H
#define KN_CONTENT_NARRATIVE_H

#include <stdbool.h>
#include <stddef.h>

/* How far a sentence reaches from a phrase, each way, in bytes. */
#define KN_NARRATIVE_SENTENCE_MAX 512
/* Occurrences of one action phrase whose sentence is examined per text
 * (bounds the work on long texts). */
#define KN_NARRATIVE_OCC_MAX 64
/* Entries of a phrase list used; later entries are ignored. */
#define KN_NARRATIVE_PHRASES_MAX 64
/* Resolved phrases quoted in a result. */
#define KN_NARRATIVE_QUOTES 4

typedef struct kn_phrase {
	const char *text;  /* UTF-8 */
	unsigned weight;   /* 1 weak .. 3 strong; unused in cue lists */
} kn_phrase;

typedef struct kn_phrase_list {
	const kn_phrase *items;
	size_t count;
} kn_phrase_list;

typedef struct kn_narrative_rules {
	kn_phrase_list resolved;   /* the incident is over */
	kn_phrase_list action;     /* act to restore, verify, log in */
	kn_phrase_list request;    /* cues that make a sentence a request */
	kn_phrase_list imperative; /* English verbs opening an imperative */
	kn_phrase_list negation;   /* cues that cancel a request */
	unsigned resolved_min;     /* score each side must reach */
	unsigned action_min;
} kn_narrative_rules;

typedef struct kn_range {
	size_t offset, length;
} kn_range;

typedef struct kn_narrative {
	bool contradiction;
	unsigned resolved_score;
	unsigned action_score;
	kn_range resolved[KN_NARRATIVE_QUOTES]; /* counted resolved phrases,
	                                           strongest first */
	size_t resolved_count;
	kn_range action;     /* from the first to the last counted action
	                        phrase in the strongest one's sentence */
} kn_narrative;

/* The compiled-in Japanese and English tables. Static. */
const kn_narrative_rules *kn_narrative_default_rules(void);

/*
 * Scan text (len bytes of UTF-8, no NUL needed) with rules r (NULL:
 * the defaults); fills *out and returns out->contradiction.
 */
bool kn_narrative_scan(const kn_narrative_rules *r, const char *text,
	size_t len, kn_narrative *out);

#endif
