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
	kn_vec links;             /* of kensa_link (content/links.c) */
	/* content/links.c: the registrable domains of links unrelated to
	 * the sender and the recipient, ", "-separated (arena), or NULL. */
	const char *links_unrelated;

	char sha256[65];
	void *stage_state;        /* scratch of the running stage */

	/* content/attach.c: the attachment inventory (of kensa_attachment),
	 * facts seen while the message stage had the decoded bytes (of
	 * kn_attach_raw, same index), and the analyses of forwarded
	 * messages (of kensa_analysis *, freed with a). */
	kn_vec attachments, attach_raw, inner;

	/* auth/auth.c: the authentication results (public view) and the
	 * arrays behind it (kensa_dkim, kensa_auth_disagreement). */
	kensa_auth auth;
	kn_vec auth_dkim, auth_disagree;
	/* intel/intel.c: kensa_ip_intel, kensa_domain_intel, kensa_lookup;
	 * the lookup mode text; lookup_problem: an English note when saving
	 * evidence failed, or NULL. */
	kn_vec intel_ips, intel_domains, lookups;
	const char *lookup_mode;
	const char *lookup_problem;
	/* intel/intel.c: resolver, WHOIS client and geolocation of this
	 * analysis; exists only while kensa_analyze() runs. */
	struct kn_lookup *lookup;
	/* verdict/score.c: the verdict (reasons in the arena). */
	kensa_verdict verdict;
	/* content/lures.c: the folded Subject and body texts (of struct
	 * kn_lure_view), made by the first kn_lures_views() and shared by
	 * the lure and impersonation checks; NULL until then. */
	const struct kn_lure_view *lure_views;
	size_t lure_nviews;
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
/* src/trace/trace.c: when the message arrived (seconds UTC): the newest
 * Received timestamp, else Date. false (utc untouched) when neither is
 * known or the trace stage has not run. */
bool kn_trace_arrival(const kensa_analysis *a, int64_t *utc);
void kn_recipient_resolve(kensa_analysis *a);
int kn_message_check(kensa_analysis *a);   /* src/message: consistency */
/* src/message/check.c: is org (organizational domain, lower-case) a
 * free-mail provider whose addresses anyone can create? */
bool kn_message_freemail(const char *org);
int kn_content_analyze(kensa_analysis *a);  /* src/content: body text */
/* src/intel/intel.c: set up the lookups the options allow (resolver,
 * WHOIS, geolocation; KENSA_EINVAL for an unusable dns_server or
 * replay_dir), and at the end turn their logs into a->lookups, save the
 * evidence and free them (always safe to call). */
int kn_lookup_open(kensa_analysis *a);
void kn_lookup_close(kensa_analysis *a);
int kn_auth_analyze(kensa_analysis *a);    /* src/auth: SPF DKIM DMARC ARC */
int kn_intel_analyze(kensa_analysis *a);   /* src/intel: PTR WHOIS geo */
int kn_verdict_analyze(kensa_analysis *a); /* src/verdict: the verdict */

/* src/content/attach.c: called by the message stage for each leaf part
 * (and each message/rfc822 part) with its decoded bytes while they exist;
 * records hash, sniffed type and archive facts. Never fails: on OOM the
 * arena's flag is set. */
void kn_attach_observe(kensa_analysis *a, int part,
	const unsigned char *data, size_t len);
/* src/content/attach.c: free the forwarded messages' analyses of a. */
void kn_attach_dispose(kensa_analysis *a);

#endif
