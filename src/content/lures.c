/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	lures 3
 * SUMMARY
 *	lure phrases in the Subject and body, Japanese, English and the
 *	main Western European languages
 * SYNOPSIS
 *	#include "content/lures.h"
 * DESCRIPTION
 *	Phishing text pushes the reader with a few stock stories: sign in to
 *	verify (credential), act now (urgency), the account is locked
 *	(account-suspension), a payment failed (payment), you have won
 *	(prize), a delivery is held (delivery-failure), a stranger offers a
 *	fortune or a fund (advance-fee), a court, the police or a
 *	blacklist threatens (legal-threat). Each story is a list
 *	of weighted phrases in data/lures/<category>.tsv, compiled in.
 *
 *	The Subject and the body text parts (HTML reduced to text) are
 *	folded (kn_fold: case, full-width ASCII, half-width katakana, white
 *	space, invisible characters and combining accents dropped,
 *	Cyrillic/Greek look-alikes and mathematical letters to Latin,
 *	accented Latin letters to their ASCII base: "É" and "é" to "e",
 *	"Ñ" to "n", "ß" to "ss", typographic apostrophes to "'") and every
 *	phrase is searched in them; an ASCII phrase must
 *	stand on word boundaries. A phrase counts once per message
 *	whatever its repetitions. A category whose distinct phrases weigh
 *	KN_LURES_MIN_WEIGHT or more becomes a finding lure-<category> (low:
 *	legitimate notices use the same words; lures weigh with the other
 *	findings), listing the phrases and their summed weight, with the
 *	heaviest phrase's first occurrence as evidence.
 *
 *	The phrases are searched in one pass per text with an Aho-Corasick
 *	automaton (util/acmatch.h) built once per process on first use
 *	(pthread_once); should that fail for want of memory, each phrase is
 *	searched with memmem() as before. Either way a phrase's hit is its
 *	first occurrence on word boundaries, in the first text holding one.
 *	The folded texts are made once per analysis (kn_lures_views) and
 *	reused by the impersonation check.
 * LIMITS
 *	KN_LURES_TEXT_MAX bytes per part; KN_LURES_LIST_MAX phrases quoted
 *	per finding.
 * ERRORS
 *	KENSA_ENOMEM.
 *--*/
#include "content/lures.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "util/acmatch.h"
#include "util/str.h"
#include "verdict/rules.h"

/* Phrases quoted in one finding's detail. */
#define KN_LURES_LIST_MAX 8
/* Categories known to the rules below (one rule each). */
#define KN_LURES_CATS 8

static const kn_lure_phrase lure_table[] = {
#include "kn_lures_table.inc"
};

static const kn_rule *const lure_rules[KN_LURES_CATS] = {
	KN_RULE(content, lure_credential),
	KN_RULE(content, lure_urgency),
	KN_RULE(content, lure_account_suspension),
	KN_RULE(content, lure_delivery_failure),
	KN_RULE(content, lure_payment),
	KN_RULE(content, lure_prize),
	KN_RULE(content, lure_advance_fee),
	KN_RULE(content, lure_legal_threat),
};

static const char *const lure_cats[KN_LURES_CATS] = {
	"credential", "urgency", "account-suspension", "delivery-failure",
	"payment", "prize", "advance-fee", "legal-threat",
};

const kn_lure_phrase *
kn_lures_table(size_t *n)
{
	*n = sizeof(lure_table) / sizeof(lure_table[0]);
	return lure_table;
}

/* ---- folding ---- */

/* Half-width katakana U+FF61..U+FF9F to their full-width code points. */
static const uint16_t hw_kana[0x3F] = {
	0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3,
	0x30A5, 0x30A7, 0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC,
	0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF,
	0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF,
	0x30C1, 0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD,
	0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB, 0x30DE, 0x30DF,
	0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9, 0x30EA,
	0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, 0x309B, 0x309C,
};

/* Decode one UTF-8 sequence at s[0..n); 0 and *used 1 when invalid. */
static uint32_t
utf8_get(const unsigned char *s, size_t n, size_t *used)
{
	uint32_t c = s[0];
	size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ?
		3 : (c & 0xF8) == 0xF0 ? 4 : 0;

	*used = 1;
	if (k == 0 || k > n)
		return k == 1 ? c : 0;
	if (k == 1)
		return c;
	c &= 0x7F >> k;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	*used = k;
	return c;
}

static size_t
utf8_put(uint32_t c, char *o)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | c >> 12);
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | c >> 18);
	o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Invisible characters phishers put inside words to break filters:
 * soft hyphen, zero-width and joiners, bidi controls, invisible
 * operators, variation selectors, BOM (Unicode Default_Ignorable). */
static bool
ignorable(uint32_t c)
{
	return c == 0xAD || c == 0x34F || c == 0x180E ||
		(c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
		(c >= 0x2060 && c <= 0x206F) || (c >= 0xFE00 && c <= 0xFE0F) ||
		c == 0xFEFF;
}

/* Latin look-alikes: Cyrillic and Greek letters phishers put in Latin
 * words ("Amаzon" with U+0430), and the mathematical alphanumerics
 * (U+1D400..) that NFKC maps to ASCII. 0 when c is none of them. */
static uint32_t
latin_lookalike(uint32_t c)
{
	static const struct { uint16_t from; char to; } t[] = {
		{ 0x0430, 'a' }, { 0x0435, 'e' }, { 0x043E, 'o' }, { 0x0440, 'p' },
		{ 0x0441, 'c' }, { 0x0443, 'y' }, { 0x0445, 'x' }, { 0x0455, 's' },
		{ 0x0456, 'i' }, { 0x0458, 'j' }, { 0x0501, 'd' }, { 0x0410, 'a' },
		{ 0x0412, 'b' }, { 0x0415, 'e' }, { 0x041A, 'k' }, { 0x041C, 'm' },
		{ 0x041D, 'h' }, { 0x041E, 'o' }, { 0x0420, 'p' }, { 0x0421, 'c' },
		{ 0x0422, 't' }, { 0x0425, 'x' }, { 0x0391, 'a' }, { 0x0392, 'b' },
		{ 0x0395, 'e' }, { 0x0397, 'h' }, { 0x0399, 'i' }, { 0x039A, 'k' },
		{ 0x039C, 'm' }, { 0x039D, 'n' }, { 0x039F, 'o' }, { 0x03A1, 'p' },
		{ 0x03A4, 't' }, { 0x03A7, 'x' }, { 0x03BF, 'o' },
	};

	if (c >= 0x1D400 && c <= 0x1D6A3) {
		uint32_t k = (c - 0x1D400) % 52;
		return k < 26 ? 'a' + k : 'a' + (k - 26);
	}
	if (c >= 0x1D7CE && c <= 0x1D7FF)
		return '0' + (c - 0x1D7CE) % 10;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].from == c)
			return (uint32_t)t[i].to;
	return 0;
}

/* Latin-1 Supplement and Latin Extended-A letters U+00C0..U+017F to
 * their lower-case ASCII base letter, as phishers and mail clients drop
 * or garble accents ("CONTRASEÑA", "contrasena"); '*' marks a letter
 * written with two (latin_fold), ' ' a sign kept as it is. */
static const char latin_base[] =
	"aaaaaa*ceeeeiiiidnooooo ouuuuy**aaaaaa*ceeeeiiiidnooooo ouuuuy*y"
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkqlllllll"
	"lllnnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
_Static_assert(sizeof(latin_base) == 0x180 - 0xC0 + 1, "latin_base");

/* The folded form of Latin letter c (U+00C0..U+017F, U+1E9E) in o[0..2):
 * its length, 0 when c is not folded here (× and ÷). */
static size_t
latin_fold(uint32_t c, char *o)
{
	static const struct { uint16_t c; char to[3]; } two[] = {
		{ 0xC6, "ae" }, { 0xE6, "ae" }, { 0xDE, "th" }, { 0xFE, "th" },
		{ 0xDF, "ss" }, { 0x1E9E, "ss" }, { 0x132, "ij" },
		{ 0x133, "ij" }, { 0x152, "oe" }, { 0x153, "oe" },
	};
	char b = c >= 0xC0 && c <= 0x17F ? latin_base[c - 0xC0] : '*';

	if (b == ' ')
		return 0;
	if (b != '*') {
		o[0] = b;
		return 1;
	}
	for (size_t i = 0; i < sizeof(two) / sizeof(two[0]); i++)
		if (two[i].c == c) {
			o[0] = two[i].to[0];
			o[1] = two[i].to[1];
			return 2;
		}
	return 0;
}

/* Voiced (dakuten) or semi-voiced form of full-width katakana k, or 0. */
static uint32_t
kana_mark(uint32_t k, uint32_t mark)
{
	bool ha = k == 0x30CF || k == 0x30D2 || k == 0x30D5 || k == 0x30D8 ||
		k == 0x30DB;

	if (mark == 0xFF9E) {
		if (k == 0x30A6)
			return 0x30F4; /* ヴ */
		if ((k >= 0x30AB && k <= 0x30C8 && k != 0x30C3) || ha)
			return k + 1;
	} else if (mark == 0xFF9F && ha) {
		return k + 2;
	}
	return 0;
}

int
kn_fold(kn_arena *ar, const char *s, size_t len, kn_fold_text *out)
{
	const unsigned char *u = (const unsigned char *)s;
	char *t;
	uint32_t *map, *end;
	size_t o = 0;
	bool space = false;

	memset(out, 0, sizeof(*out));
	if (len > UINT32_MAX - 1)
		len = UINT32_MAX - 1;
	/* output never exceeds input: every fold keeps or shrinks bytes,
	 * except half-width kana (3 bytes stay 3) */
	t = kn_alloc(ar, len + 1);
	map = kn_calloc(ar, len + 1, sizeof(*map));
	end = kn_calloc(ar, len + 1, sizeof(*end));
	if (t == NULL || map == NULL || end == NULL)
		return KENSA_ENOMEM;
	for (size_t i = 0; i < len;) {
		size_t used, w;
		uint32_t c = utf8_get(u + i, len - i, &used);
		size_t from = i;
		char buf[4];

		i += used;
		/* invisible characters and combining accents (decomposed
		 * "e\u0301") are dropped */
		if (ignorable(c) || (c >= 0x300 && c <= 0x36F)) {
			if (o > 0)
				end[o - 1] = (uint32_t)i;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
		    c == 0x3000 || c == 0xA0) {
			if (space) {
				end[o - 1] = (uint32_t)i;
				continue;
			}
			space = true;
			c = ' ';
		} else {
			space = false;
		}
		if (c >= 0xFF01 && c <= 0xFF5E)
			c -= 0xFEE0;
		if (c >= 0x0391) {
			uint32_t l = latin_lookalike(c);
			if (l != 0)
				c = l;
		}
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		/* typographic apostrophes and the acute accent used as one */
		if (c == 0x2018 || c == 0x2019 || c == 0x02BC || c == 0xB4)
			c = '\'';
		if (c >= 0xFF61 && c <= 0xFF9F) {
			uint32_t k = hw_kana[c - 0xFF61], v;
			size_t u2;
			c = k;
			if (i < len && (v = utf8_get(u + i, len - i, &u2)) >= 0xFF9E &&
			    v <= 0xFF9F && (v = kana_mark(k, v)) != 0) {
				c = v;
				i += u2;
			}
		}
		if (c == 0 && used == 1) {
			buf[0] = (char)u[from]; /* invalid byte: copied */
			w = 1;
		} else if ((c >= 0xC0 && c <= 0x17F) || c == 0x1E9E) {
			if ((w = latin_fold(c, buf)) == 0)
				w = utf8_put(c, buf);
		} else {
			w = utf8_put(c, buf);
		}
		if (o + w > len)
			break; /* cannot happen: folding never grows */
		for (size_t k = 0; k < w; k++) {
			t[o] = buf[k];
			map[o] = (uint32_t)from;
			end[o] = (uint32_t)i;
			o++;
		}
	}
	t[o] = '\0';
	out->text = t;
	out->len = o;
	out->map = map;
	out->end = end;
	return 0;
}

void
kn_lure_view_range(const kn_lure_view *v, size_t off, size_t len,
	size_t *po, size_t *pl)
{
	size_t a0, a1;

	if (v->fold.len == 0) {
		*po = 0;
		*pl = 0;
		return;
	}
	if (off >= v->fold.len)
		off = v->fold.len - 1;
	if (len == 0 || off + len > v->fold.len)
		len = len == 0 ? 1 : v->fold.len - off;
	a0 = v->fold.map[off];
	a1 = v->fold.end[off + len - 1];
	if (v->html != NULL) {
		kn_htmltext_map(v->html, a0, a1 - a0, po, pl);
	} else {
		*po = a0;
		*pl = a1 - a0;
	}
}

static bool
ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9');
}

bool
kn_fold_word_at(const char *text, size_t len, size_t off, size_t plen)
{
	if (plen == 0 || off + plen > len)
		return false;
	if (ascii_alnum(text[off]) && off > 0 && ascii_alnum(text[off - 1]))
		return false;
	if (ascii_alnum(text[off + plen - 1]) && off + plen < len &&
	    ascii_alnum(text[off + plen]))
		return false;
	return true;
}

int
kn_lures_views(kensa_analysis *a, const kn_lure_view **out, size_t *n)
{
	static const char *const order[] = { "text/plain", "text/html" };
	kn_lure_view *v;
	size_t k = 0;

	if (a->lure_views != NULL) {
		/* made by an earlier call of this analysis */
		*out = a->lure_views;
		*n = a->lure_nviews;
		return 0;
	}
	v = kn_calloc(&a->ar, a->msg.part_count + 1, sizeof(*v));
	*out = v;
	*n = 0;
	if (v == NULL)
		return KENSA_ENOMEM;
	if (a->msg.subject != NULL) {
		v[k].part = -1;
		if (kn_fold(&a->ar, a->msg.subject, strlen(a->msg.subject),
		    &v[k].fold) < 0)
			return KENSA_ENOMEM;
		k++;
	}
	for (size_t o = 0; o < 2; o++) {
		for (size_t i = 0; i < a->msg.part_count; i++) {
			const kensa_mime_part *mp = &a->msg.parts[i];
			const char *text = mp->text;
			size_t len = mp->text_length;
			if (text == NULL || mp->content_type == NULL ||
			    strcmp(mp->content_type, order[o]) != 0 ||
			    (mp->disposition != NULL &&
			     strcmp(mp->disposition, "attachment") == 0) ||
			    mp->filename != NULL)
				continue;
			if (len > KN_LURES_TEXT_MAX)
				len = KN_LURES_TEXT_MAX;
			v[k].part = (int)i;
			if (o == 1) {
				kn_htmltext *h = kn_alloc(&a->ar, sizeof(*h));
				if (h == NULL ||
				    kn_htmltext_strip(&a->ar, text, len, h) < 0)
					return KENSA_ENOMEM;
				v[k].html = h;
				text = h->text;
				len = h->len;
			}
			if (kn_fold(&a->ar, text, len, &v[k].fold) < 0)
				return KENSA_ENOMEM;
			k++;
		}
	}
	*n = k;
	a->lure_views = v;
	a->lure_nviews = k;
	return 0;
}

/* Where a phrase was first found. */
typedef struct hit {
	size_t view, off;
	bool found;
} hit;

static bool
find_phrase(const kn_lure_view *views, size_t nviews, const char *phrase,
	hit *h)
{
	size_t pl = strlen(phrase);

	for (size_t i = 0; i < nviews; i++) {
		const char *t = views[i].fold.text;
		size_t len = views[i].fold.len, from = 0;
		const char *p;
		while (from < len &&
		    (p = memmem(t + from, len - from, phrase, pl)) != NULL) {
			size_t off = (size_t)(p - t);
			if (kn_fold_word_at(t, len, off, pl)) {
				h->view = i;
				h->off = off;
				h->found = true;
				return true;
			}
			from = off + 1;
		}
	}
	return false;
}

/* Number of compiled-in phrases. */
#define KN_LURES_NPHR (sizeof(lure_table) / sizeof(lure_table[0]))

/* The phrase automaton, built once (see DESCRIPTION); NULL if that
 * failed, and the phrases' lengths. */
static kn_ac *lure_ac;
static size_t lure_len[KN_LURES_NPHR];
static pthread_once_t lure_ac_once = PTHREAD_ONCE_INIT;

static void
lure_ac_build(void)
{
	const char *pats[KN_LURES_NPHR];

	for (size_t i = 0; i < KN_LURES_NPHR; i++) {
		pats[i] = lure_table[i].phrase;
		lure_len[i] = strlen(pats[i]);
	}
	if (kn_ac_build(&lure_ac, pats, lure_len, KN_LURES_NPHR) < 0)
		lure_ac = NULL;
}

/* The text being scanned and where its phrases go. */
typedef struct scan_ctx {
	hit *hits;
	size_t view;
	const char *t;
	size_t len;
} scan_ctx;

/* kn_ac_scan callback: keep a phrase's first occurrence on word
 * boundaries (occurrences of one phrase come in offset order). */
static bool
scan_hit(size_t phrase, size_t start, void *payload)
{
	scan_ctx *c = payload;
	hit *h = &c->hits[phrase];

	if (!h->found && kn_fold_word_at(c->t, c->len, start, lure_len[phrase])) {
		h->view = c->view;
		h->off = start;
		h->found = true;
	}
	return true;
}

static void
report(kensa_analysis *a, size_t cat, const kn_lure_view *views,
	const hit *hits, size_t nphr)
{
	const char *list = "";
	unsigned sum = 0, best_w = 0;
	size_t best = SIZE_MAX, listed = 0;
	char weight[16];
	kensa_evidence ev;

	for (size_t i = 0; i < nphr; i++) {
		if (!hits[i].found || strcmp(lure_table[i].category,
		    lure_cats[cat]) != 0)
			continue;
		sum += lure_table[i].weight;
		if (lure_table[i].weight > best_w) {
			best_w = lure_table[i].weight;
			best = i;
		}
		if (listed++ < KN_LURES_LIST_MAX)
			list = kn_sprintf(&a->ar, "%s%s\"%s\"", list,
				listed > 1 ? ", " : "", lure_table[i].phrase);
	}
	if (sum < KN_LURES_MIN_WEIGHT || best == SIZE_MAX || list == NULL)
		return;
	if (listed > KN_LURES_LIST_MAX)
		list = kn_sprintf(&a->ar, "%s ... (%zu)", list, listed);
	snprintf(weight, sizeof(weight), "%u", sum);
	{
		const kn_lure_view *v = &views[hits[best].view];
		size_t po, pl;
		kn_lure_view_range(v, hits[best].off,
			strlen(lure_table[best].phrase), &po, &pl);
		if (v->part < 0) {
			ev = kn_ev_header(a, "Subject", 1);
		} else {
			ev = kn_ev_part(a, v->part, po, pl);
		}
	}
	KN_FINDING(a, lure_rules[cat], &ev, list, weight);
}

int
kn_lures_analyze(kensa_analysis *a)
{
	const kn_lure_view *views;
	size_t nviews, nphr = sizeof(lure_table) / sizeof(lure_table[0]);
	hit *hits;
	int rc;

	if ((rc = kn_lures_views(a, &views, &nviews)) < 0)
		return rc;
	if (nviews == 0)
		return 0;
	hits = kn_calloc(&a->ar, nphr, sizeof(*hits));
	if (hits == NULL)
		return KENSA_ENOMEM;
	pthread_once(&lure_ac_once, lure_ac_build);
	if (lure_ac != NULL) {
		/* views in order: a phrase found in one is not looked at again */
		for (size_t v = 0; v < nviews; v++) {
			scan_ctx c = { hits, v, views[v].fold.text, views[v].fold.len };
			if (c.t != NULL)
				kn_ac_scan(lure_ac, c.t, c.len, scan_hit, &c);
		}
	} else {
		for (size_t i = 0; i < nphr; i++)
			find_phrase(views, nviews, lure_table[i].phrase, &hits[i]);
	}
	for (size_t c = 0; c < KN_LURES_CATS; c++)
		report(a, c, views, hits, nphr);
	return a->ar.oom ? KENSA_ENOMEM : 0;
}
