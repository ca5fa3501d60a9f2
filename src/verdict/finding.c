/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	finding 3
 * SUMMARY
 *	make findings and defects from rules, with evidence
 * DESCRIPTION
 *	A finding copies its rule's id, stage and severity, expands the
 *	rule's title and detail templates in every language ({1}..{9} are
 *	the arguments) and copies the evidence into the analysis arena.
 *	Rules come from data/rules (verdict/rules.h: KN_RULE()); the
 *	verdict (score.c) finds a finding's weight again by id and
 *	severity.
 *--*/
#include "analysis.h"

#include <string.h>
#include <strings.h>

#include "util/buf.h"

#define KN_TEMPLATE_MAX ((size_t)64 * 1024)

static const char *
expand(kn_arena *ar, const char *tpl, size_t nargs, const char *const *args)
{
	kn_buf b;
	const char *p;
	char *res;

	if (tpl == NULL)
		return NULL;
	if (strchr(tpl, '{') == NULL)
		return tpl; /* static template, no copy needed */
	kn_buf_init(&b, KN_TEMPLATE_MAX);
	for (p = tpl; *p; p++) {
		if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
			size_t i = (size_t)(p[1] - '1');
			const char *v = i < nargs ? args[i] : NULL;
			kn_buf_adds(&b, v != NULL ? v : "-");
			p += 2;
		} else {
			kn_buf_addc(&b, *p);
		}
	}
	res = kn_strndup(ar, kn_buf_cstr(&b), b.len);
	kn_buf_dispose(&b);
	return res;
}

static void
add(kensa_analysis *a, kn_vec *list, const kn_rule *rule,
	const kensa_evidence *ev, size_t nargs, const char *const *args)
{
	kensa_finding *f = kn_vec_push(&a->ar, list, sizeof(*f));

	if (f == NULL)
		return;
	f->id = rule->id;
	f->stage = rule->stage;
	f->severity = rule->severity;
	for (int l = 0; l < KENSA_LANG_COUNT; l++) {
		f->title[l] = rule->title[l];
		f->detail[l] = expand(&a->ar, rule->detail[l], nargs, args);
	}
	if (ev != NULL) {
		f->evidence = *ev;
		f->evidence.header = kn_strdup(&a->ar, ev->header);
		f->evidence.text = kn_strdup(&a->ar, ev->text);
	} else {
		f->evidence.part = -1;
	}
}

void
kn_finding(kensa_analysis *a, const kn_rule *rule, const kensa_evidence *ev,
	size_t nargs, const char *const *args)
{
	add(a, &a->findings, rule, ev, nargs, args);
}

void
kn_defect(kensa_analysis *a, const kn_rule *rule, const kensa_evidence *ev,
	size_t nargs, const char *const *args)
{
	add(a, &a->defects, rule, ev, nargs, args);
}

const kensa_header *
kn_header_get(const kensa_analysis *a, const char *name, unsigned occ)
{
	for (size_t i = 0; i < a->msg.header_count; i++) {
		const kensa_header *h = &a->msg.headers[i];
		if (strcasecmp(h->name, name) == 0 && h->occurrence >= (occ ? occ : 1))
			return h;
	}
	return NULL;
}

kensa_evidence
kn_ev_header(const kensa_analysis *a, const char *name, unsigned occ)
{
	kensa_evidence ev = { 0 };
	const kensa_header *h = kn_header_get(a, name, occ);

	ev.part = -1;
	ev.header = name;
	if (h != NULL) {
		ev.header = h->name;
		ev.occurrence = h->occurrence;
		ev.offset = h->offset;
		ev.length = h->length;
		ev.text = h->value;
	}
	return ev;
}

kensa_evidence
kn_ev_part(kensa_analysis *a, int part, size_t offset, size_t length)
{
	kensa_evidence ev = { 0 };

	ev.part = part;
	ev.offset = offset;
	ev.length = length;
	if (part >= 0 && (size_t)part < a->msg.part_count) {
		const kensa_mime_part *mp = &a->msg.parts[part];
		if (mp->text != NULL && offset <= mp->text_length &&
		    length <= mp->text_length - offset)
			ev.text = kn_strndup(&a->ar, mp->text + offset,
				length);
	}
	return ev;
}
