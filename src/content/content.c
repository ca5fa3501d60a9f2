/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	content 3
 * SUMMARY
 *	the content stage: checks on the body text (dates, narrative)
 * SYNOPSIS
 *	#include "analysis.h"
 *
 *	int kn_content_analyze(kensa_analysis *a);
 * DESCRIPTION
 *	Walks the text/plain and text/html parts that carry text (not
 *	attachments), text/plain parts first, so that when a
 *	multipart/alternative carries the same words twice the plain part's
 *	evidence is the one reported. HTML is reduced to text crudely
 *	(content/htmltext.h); evidence ranges are mapped back to the part.
 *	Findings:
 *
 *	weekday-mismatch (low): a date printed with a weekday it does not
 *	have. date-two-weekdays (medium): one date printed with two
 *	different weekdays in the message; the wrong one is the evidence
 *	and it replaces weekday-mismatch for that date.
 *	date-far-from-message (info): a date with a written year more than
 *	KN_CONTENT_FAR_DAYS from the message's Date; one finding per
 *	message. resolved-yet-action (medium): a part says the incident is
 *	over yet asks the reader to act to restore access
 *	(content/narrative.h); once per message.
 *
 *	Each contradiction is reported once per message whatever the number
 *	of parts repeating it.
 * LIMITS
 *	KN_CONTENT_DATES_MAX dates per message; text beyond
 *	KN_CONTENT_TEXT_MAX bytes of a part is not read.
 * ERRORS
 *	KENSA_ENOMEM.
 *--*/
#include "analysis.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "content/attach.h"
#include "content/formrelay.h"
#include "content/greeting.h"
#include "content/htmltext.h"
#include "content/impersonation.h"
#include "content/jdate.h"
#include "content/links.h"
#include "content/lures.h"
#include "content/narrative.h"
#include "content/obfuscation.h"
#include "verdict/rules.h"

/* Dates examined per message: far beyond any honest notice. */
#define KN_CONTENT_DATES_MAX 512
/* Bytes of one part's text scanned (a reader gives up long before). */
#define KN_CONTENT_TEXT_MAX ((size_t)4 * 1024 * 1024)
/* "About a year" between a body date and the message's Date. */
#define KN_CONTENT_FAR_DAYS 366

/* One date found in one part. */
typedef struct occ {
	int part;           /* index in a->msg.parts */
	size_t off, len;    /* range in the part's text */
	const char *quote;  /* the date as the reader sees it */
	kn_jdate d;
	bool done;          /* already reported */
} occ;

/* A text part as scanned: the plain text, or HTML reduced to text. */
typedef struct view {
	int part;
	const char *text;
	size_t len;
	const kn_htmltext *html; /* map back, or NULL for plain text */
} view;

static void
view_range(const view *v, size_t off, size_t len, size_t *po, size_t *pl)
{
	if (v->html != NULL) {
		kn_htmltext_map(v->html, off, len, po, pl);
	} else {
		*po = off;
		*pl = len;
	}
}

static void
iso(const kn_jdate *d, char *b, size_t n)
{
	snprintf(b, n, "%04d-%02d-%02d", d->year, d->month, d->day);
}

static bool
same_day(const kn_jdate *x, const kn_jdate *y)
{
	return x->year == y->year && x->month == y->month && x->day == y->day;
}

/* Fill views from the text parts, plain first. */
static int
collect_views(kensa_analysis *a, view *out, size_t max, size_t *n)
{
	static const char *const order[] = { "text/plain", "text/html" };

	*n = 0;
	for (size_t o = 0; o < 2; o++) {
		for (size_t i = 0; i < a->msg.part_count && *n < max; i++) {
			const kensa_mime_part *mp = &a->msg.parts[i];
			view *v;
			if (mp->text == NULL || mp->content_type == NULL ||
			    strcmp(mp->content_type, order[o]) != 0 ||
			    (mp->disposition != NULL &&
			     strcmp(mp->disposition, "attachment") == 0))
				continue;
			v = &out[(*n)++];
			v->part = (int)i;
			v->text = mp->text;
			v->len = mp->text_length > KN_CONTENT_TEXT_MAX ?
				KN_CONTENT_TEXT_MAX : mp->text_length;
			v->html = NULL;
			if (o == 1) {
				kn_htmltext *h = kn_alloc(&a->ar, sizeof(*h));
				if (h == NULL ||
				    kn_htmltext_strip(&a->ar, v->text, v->len,
				    h) < 0)
					return KENSA_ENOMEM;
				v->html = h;
				v->text = h->text;
				v->len = h->len;
			}
		}
	}
	return 0;
}

static void
report_two_weekdays(kensa_analysis *a, occ *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned mask = 0;
		occ *wrong = NULL, *other = NULL;
		char date[16];
		kensa_evidence ev;

		if (o[i].d.wday_written < 0 || o[i].done)
			continue;
		for (size_t j = i; j < n; j++)
			if (o[j].d.wday_written >= 0 && same_day(&o[i].d, &o[j].d))
				mask |= 1u << o[j].d.wday_written;
		if ((mask & (mask - 1)) == 0)
			continue; /* one weekday only */
		for (size_t j = i; j < n && wrong == NULL; j++)
			if (o[j].d.wday_written >= 0 &&
			    same_day(&o[i].d, &o[j].d) &&
			    o[j].d.wday_written != o[j].d.wday_actual)
				wrong = &o[j];
		/* the other: a correct one if any, else any other weekday */
		for (int pass = 0; pass < 2 && wrong != NULL && other == NULL;
		    pass++)
			for (size_t j = i; j < n && other == NULL; j++)
				if (o[j].d.wday_written >= 0 &&
				    same_day(&o[i].d, &o[j].d) &&
				    o[j].d.wday_written !=
				    wrong->d.wday_written &&
				    (pass == 1 || o[j].d.wday_written ==
				    o[j].d.wday_actual))
					other = &o[j];
		for (size_t j = i; j < n; j++)
			if (same_day(&o[i].d, &o[j].d))
				o[j].done = true;
		if (wrong == NULL || other == NULL)
			continue;
		iso(&wrong->d, date, sizeof(date));
		ev = kn_ev_part(a, wrong->part, wrong->off, wrong->len);
		KN_FINDING(a, KN_RULE(content, date_two_weekdays), &ev, wrong->quote, other->quote,
			date, kn_jdate_wday_en(wrong->d.wday_written),
			kn_jdate_wday_en(wrong->d.wday_actual),
			kn_jdate_wday_ja(wrong->d.wday_written),
			kn_jdate_wday_ja(wrong->d.wday_actual));
	}
}

static void
report_mismatches(kensa_analysis *a, occ *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool inferred = o[i].d.flags & KN_JDATE_YEAR_INFERRED;
		char date[16];
		kensa_evidence ev;

		if (o[i].done || o[i].d.wday_written < 0 ||
		    o[i].d.wday_written == o[i].d.wday_actual)
			continue;
		/* once per date and written weekday */
		for (size_t j = i; j < n; j++)
			if (same_day(&o[i].d, &o[j].d) &&
			    o[j].d.wday_written == o[i].d.wday_written)
				o[j].done = true;
		iso(&o[i].d, date, sizeof(date));
		ev = kn_ev_part(a, o[i].part, o[i].off, o[i].len);
		KN_FINDING(a, KN_RULE(content, weekday_mismatch), &ev, o[i].quote, date,
			kn_jdate_wday_en(o[i].d.wday_written),
			kn_jdate_wday_en(o[i].d.wday_actual),
			kn_jdate_wday_ja(o[i].d.wday_written),
			kn_jdate_wday_ja(o[i].d.wday_actual),
			inferred ? " (No year is written; it was taken from the "
				"message's Date.)" : "",
			inferred ? "(年の記載がないため、メッセージの Date の年を"
				"用いました。)" : "");
	}
}

static void
report_far(kensa_analysis *a, const occ *o, size_t n,
	const kn_jdate_ref *ref)
{
	const occ *first = NULL;
	int64_t first_gap = 0, r;
	size_t count = 0;
	char date[16], msgdate[16], gap[24], cnt[24];
	kensa_evidence ev;

	if (!ref->valid)
		return;
	r = kn_jdate_days(ref->year, ref->month, ref->day);
	for (size_t i = 0; i < n; i++) {
		int64_t g;
		if (o[i].d.flags & KN_JDATE_YEAR_INFERRED)
			continue;
		g = kn_jdate_days(o[i].d.year, o[i].d.month, o[i].d.day) - r;
		if (g < 0)
			g = -g;
		if (g <= KN_CONTENT_FAR_DAYS)
			continue;
		count++;
		if (first == NULL) {
			first = &o[i];
			first_gap = g;
		}
	}
	if (first == NULL)
		return;
	iso(&first->d, date, sizeof(date));
	snprintf(msgdate, sizeof(msgdate), "%04d-%02d-%02d", ref->year,
		ref->month, ref->day);
	snprintf(gap, sizeof(gap), "%" PRId64, first_gap);
	snprintf(cnt, sizeof(cnt), "%zu", count);
	ev = kn_ev_part(a, first->part, first->off, first->len);
	KN_FINDING(a, KN_RULE(content, date_far_from_message), &ev, first->quote, date, msgdate, gap,
		cnt);
}

/* Quote the counted resolved phrases: "a", "b" and 「a」「b」. */
static void
quote_resolved(kensa_analysis *a, const view *v, const kn_narrative *nr,
	const char **en, const char **ja)
{
	const char *e = "", *j = "";

	for (size_t i = 0; i < nr->resolved_count; i++) {
		const char *p = kn_strndup(&a->ar, v->text + nr->resolved[i].offset,
			nr->resolved[i].length);
		e = kn_sprintf(&a->ar, "%s%s\"%s\"", e, i ? ", " : "",
			p ? p : "");
		j = kn_sprintf(&a->ar, "%s「%s」", j, p ? p : "");
		if (e == NULL || j == NULL)
			return;
	}
	*en = e;
	*ja = j;
}

static void
report_narrative(kensa_analysis *a, const view *views, size_t nviews)
{
	for (size_t i = 0; i < nviews; i++) {
		const view *v = &views[i];
		kn_narrative nr;
		size_t po, pl;
		const char *en = NULL, *ja = NULL, *act;
		kensa_evidence ev;

		if (!kn_narrative_scan(NULL, v->text, v->len, &nr))
			continue;
		quote_resolved(a, v, &nr, &en, &ja);
		act = kn_strndup(&a->ar, v->text + nr.action.offset,
			nr.action.length);
		view_range(v, nr.action.offset, nr.action.length, &po, &pl);
		ev = kn_ev_part(a, v->part, po, pl);
		KN_FINDING(a, KN_RULE(content, resolved_yet_action), &ev, en, act, ja);
		return; /* once per message; plain text first */
	}
}

/*
 * The content stage. Reads a->msg.parts (text already UTF-8) and the
 * message's Date (a->msg.date_utc, date_tz_offset; the year of dates
 * written without one), appends findings to a->findings; everything it
 * allocates lives in a->ar. Returns 0, or KENSA_ENOMEM.
 */
int
kn_content_analyze(kensa_analysis *a)
{
	view *views;
	size_t nviews = 0, nocc = 0;
	occ *o;
	kn_jdate *found;
	kn_jdate_ref ref = { false, 0, 0, 0 };
	int rc;

	if ((rc = kn_links_analyze(a)) < 0)
		return rc;
	if (a->msg.part_count == 0)
		return 0;
	if (a->msg.date_valid)
		kn_jdate_from_epoch(a->msg.date_utc, a->msg.date_tz_offset, &ref);
	views = kn_calloc(&a->ar, a->msg.part_count, sizeof(*views));
	o = kn_calloc(&a->ar, KN_CONTENT_DATES_MAX, sizeof(*o));
	found = kn_calloc(&a->ar, KN_CONTENT_DATES_MAX, sizeof(*found));
	if (views == NULL || o == NULL || found == NULL)
		return KENSA_ENOMEM;
	if ((rc = collect_views(a, views, a->msg.part_count, &nviews)) < 0)
		return rc;

	for (size_t i = 0; i < nviews && nocc < KN_CONTENT_DATES_MAX; i++) {
		const view *v = &views[i];
		size_t k = kn_jdate_scan(v->text, v->len, &ref, found,
			KN_CONTENT_DATES_MAX - nocc);
		for (size_t j = 0; j < k; j++) {
			occ *x = &o[nocc++];
			x->part = v->part;
			x->d = found[j];
			x->quote = kn_strndup(&a->ar, v->text + found[j].offset,
				found[j].length);
			view_range(v, found[j].offset, found[j].length, &x->off,
				&x->len);
		}
	}
	report_two_weekdays(a, o, nocc);
	report_mismatches(a, o, nocc);
	report_far(a, o, nocc, &ref);
	report_narrative(a, views, nviews);
	if ((rc = kn_attach_analyze(a)) < 0)
		return rc;
	if ((rc = kn_lures_analyze(a)) < 0)
		return rc;
	if ((rc = kn_links_free_hosting_analyze(a)) < 0)
		return rc;
	if ((rc = kn_formrelay_analyze(a)) < 0)
		return rc;
	if ((rc = kn_impersonation_analyze(a)) < 0)
		return rc;
	if ((rc = kn_obfuscation_analyze(a)) < 0)
		return rc;
	if ((rc = kn_greeting_analyze(a)) < 0)
		return rc;
	return a->ar.oom ? KENSA_ENOMEM : 0;
}
