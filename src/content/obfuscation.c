/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	obfuscation 3
 * SUMMARY
 *	text disguised to slip past filters and mislead the reader
 * SYNOPSIS
 *	#include "content/obfuscation.h"
 * DESCRIPTION
 *	One pass over each text (the Subject, the From display name, each
 *	body text part, HTML reduced to text) cuts it into words: runs of
 *	Latin, Greek, Cyrillic, full-width and mathematical letters, digits
 *	and combining marks; invisible characters (U+00AD soft hyphen,
 *	U+034F, U+180E, U+200B..U+200D, U+2060..U+2064, U+FEFF) inside a
 *	word do not end it. Other scripts (Japanese, Arabic, ...) and
 *	symbols (emoji) end words, so their own uses of the joiners never
 *	count. Findings, each once per message:
 *
 *	text-invisible-characters (medium): KN_OBF_INVISIBLE_MIN or more
 *	runs of invisible characters between two letters of words in one
 *	text ("H<U+200C><U+200C>el<U+200C>lo"). A soft hyphen alone counts
 *	only when doubled or in a word cut into a one-letter piece: real
 *	hyphenation hints (German newsletters use &shy;) leave pieces of
 *	two letters or more. Preheader padding (runs of U+200C, U+034F and
 *	&nbsp; between spaces) is between words, not inside one.
 *
 *	text-styled-letters (low): KN_OBF_STYLED_MIN or more mathematical
 *	alphanumeric symbols (U+1D400..U+1D7FF) in words of two or more,
 *	in one text: bold or sans-serif "letters" a filter does not read
 *	as letters. A lone math symbol (a formula's x) does not count.
 *
 *	text-mixed-script (medium): a word of three letters or more that
 *	mixes Latin letters with Greek or Cyrillic ones, where every Greek
 *	or Cyrillic letter imitates a Latin one ("almοst" with an omicron),
 *	or a few Latin look-alikes sit in a Cyrillic word; once in the
 *	Subject or the display name, KN_OBF_MIXED_MIN times in a body
 *	text. Genuine Greek or Russian words are in one script; Greek
 *	letters that look like nothing Latin (μm, kΩ) do not count.
 *	The look-alike table is content/confusables.h's.
 *
 *	text-brand-lookalike (medium): a word that is not a brand name of
 *	data/brands/brands.tsv (impersonation.h), compared case-folded,
 *	but becomes one after skeleton folding: I, 1 and | to l, 0 to o,
 *	rn to m, vv to w, Greek and Cyrillic look-alikes to Latin
 *	("PayPaI", "Amaz0n", "Rnicrosoft"). Single-word ASCII names of
 *	four letters or more are compared; words with mathematical or
 *	full-width letters are not (styled letters and Japanese width
 *	habits are other matters).
 *
 *	Evidence is the first word (body) or the header line, quoted with
 *	the invisible characters spelled out ("[U+200C]").
 * LIMITS
 *	Body texts as kn_lures_views() gives them (KN_LURES_TEXT_MAX bytes
 *	of a part); brand words up to KN_OBF_WORD_MAX bytes.
 * ERRORS
 *	KENSA_ENOMEM.
 *--*/
#include "content/obfuscation.h"

#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "content/confusables.h"
#include "content/lures.h"
#include "verdict/rules.h"

/* Brand names compared (single ASCII words of the table), each with
 * up to three skeletons (as written, lower case, upper case). */
#define KN_OBF_BRAND_NAMES_MAX 96
#define KN_OBF_NAME_MIN 4

typedef struct brand_name {
	const kn_brand *brand;
	char name[KN_OBF_WORD_MAX];   /* as written in the table */
	char lower[KN_OBF_WORD_MAX];  /* ASCII lower case */
	char skel[3][KN_OBF_WORD_MAX];
	size_t skel_len[3];
	unsigned nskel;
} brand_name;

static brand_name brand_names[KN_OBF_BRAND_NAMES_MAX];
static size_t brand_count;
/* [c] bit n: some skeleton of n bytes starts with byte c */
static uint64_t brand_len_mask[256];
static pthread_once_t brand_once = PTHREAD_ONCE_INIT;

/* Character classes of the word scanner. */
enum {
	C_NONE,      /* ends a word */
	C_LATIN,
	C_GREEKCYR,
	C_DIGIT,
	C_MATH,      /* mathematical alphanumeric symbol */
	C_FULLWIDTH, /* full-width ASCII letter or digit */
	C_MARK,      /* combining mark: part of the word, counts nothing */
};

/* Decode one UTF-8 sequence at s[0..n); 0xFFFD and *used 1 when
 * invalid. */
static uint32_t
utf8_get(const unsigned char *s, size_t n, size_t *used)
{
	uint32_t c = s[0];
	size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ?
		3 : (c & 0xF8) == 0xF0 ? 4 : 0;

	*used = 1;
	if (k == 1)
		return c;
	if (k == 0 || k > n)
		return 0xFFFD;
	c &= 0x7Fu >> k;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0xFFFD;
		c = c << 6 | (s[i] & 0x3Fu);
	}
	*used = k;
	return c;
}

/* Invisible characters that may hide inside a word. */
static bool
invisible(uint32_t c)
{
	return c == 0xAD || c == 0x34F || c == 0x180E ||
		(c >= 0x200B && c <= 0x200D) || (c >= 0x2060 && c <= 0x2064) ||
		c == 0xFEFF;
}

/* A named reference the HTML reduction leaves as is, at t[i] == '&':
 * its code point, *n its length; 0 when none. */
static uint32_t
html_invisible(const char *t, size_t len, size_t i, size_t *n)
{
	static const struct { const char *name; uint32_t cp; } refs[] = {
		{ "&shy;", 0xAD }, { "&zwnj;", 0x200C }, { "&zwj;", 0x200D },
		{ "&ZeroWidthSpace;", 0x200B },
	};

	for (size_t k = 0; k < sizeof(refs) / sizeof(refs[0]); k++) {
		size_t rl = strlen(refs[k].name);
		if (len - i >= rl && memcmp(t + i, refs[k].name, rl) == 0) {
			*n = rl;
			return refs[k].cp;
		}
	}
	return 0;
}

/* Class of c; *ascii the lower-case ASCII it reads as (0 if none). */
static int
classify(uint32_t c, char *ascii)
{
	unsigned sc;

	*ascii = 0;
	if (c < 0x80) {
		if (c >= '0' && c <= '9') {
			*ascii = (char)c;
			return C_DIGIT;
		}
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
			*ascii = (char)(c | 0x20);
			return C_LATIN;
		}
		return C_NONE;
	}
	if (c >= 0x300 && c <= 0x36F)
		return C_MARK;
	if (c >= 0x1D400 && c <= 0x1D7FF) {
		if (c <= 0x1D6A3) {
			uint32_t k = (c - 0x1D400) % 52;
			*ascii = (char)('a' + (k < 26 ? k : k - 26));
		} else if (c >= 0x1D7CE) {
			*ascii = (char)('0' + (c - 0x1D7CE) % 10);
		}
		return C_MATH;
	}
	sc = kn_confusable_char(c, ascii);
	switch (sc) {
	case KN_SCRIPT_LATIN:
		return C_LATIN;
	case KN_SCRIPT_GREEK:
	case KN_SCRIPT_CYRILLIC:
		/* Greek and Coptic block punctuation (U+037E ;) is no letter */
		if (c == 0x37E || c == 0x387 || c == 0x375)
			return C_NONE;
		return C_GREEKCYR;
	case KN_SCRIPT_FULLWIDTH:
		return (*ascii >= 'a' && *ascii <= 'z') ||
			(*ascii >= '0' && *ascii <= '9') ? C_FULLWIDTH : C_NONE;
	default:
		*ascii = 0;
		return C_NONE;
	}
}

/* Append the skeleton of one character to sk (raw: the ASCII byte as
 * written, or the look-alike's ASCII). */
static void
skel_put(char *sk, size_t *n, char raw)
{
	char c = raw;

	if (c == 'I' || c == '1' || c == '|')
		c = 'l';
	else if (c == '0')
		c = 'o';
	else if (c >= 'A' && c <= 'Z')
		c = (char)(c + 32);
	if (*n > 0 && ((sk[*n - 1] == 'r' && c == 'n') ||
	    (sk[*n - 1] == 'v' && c == 'v'))) {
		sk[*n - 1] = c == 'n' ? 'm' : 'w';
		return;
	}
	if (*n < KN_OBF_WORD_MAX)
		sk[(*n)++] = c;
}

static size_t
skel_of(const char *s, size_t len, char *sk)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		skel_put(sk, &n, s[i]);
	return n;
}

static void
brand_build(void)
{
	size_t nb;
	const kn_brand *t = kn_brands_table(&nb);

	for (size_t b = 0; b < nb; b++) {
		const char *p = t[b].names;
		while (*p != '\0' && brand_count < KN_OBF_BRAND_NAMES_MAX) {
			const char *e = strchr(p, '|');
			size_t l = e != NULL ? (size_t)(e - p) : strlen(p);
			bool ok = l >= KN_OBF_NAME_MIN && l < KN_OBF_WORD_MAX;
			for (size_t i = 0; ok && i < l; i++) {
				unsigned char c = (unsigned char)p[i];
				ok = (c >= '0' && c <= '9') ||
					((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
			}
			if (ok) {
				brand_name *bn = &brand_names[brand_count++];
				char up[KN_OBF_WORD_MAX];
				const char *forms[3] = { p, bn->lower, up };
				bn->brand = &t[b];
				memcpy(bn->name, p, l);
				bn->name[l] = '\0';
				for (size_t i = 0; i < l; i++) {
					char c = p[i];
					bn->lower[i] = c >= 'A' && c <= 'Z' ?
						(char)(c + 32) : c;
					up[i] = c >= 'a' && c <= 'z' ?
						(char)(c - 32) : c;
				}
				bn->lower[l] = up[l] = '\0';
				for (size_t f = 0; f < 3; f++) {
					char sk[KN_OBF_WORD_MAX];
					size_t sl = skel_of(forms[f], l, sk);
					bool dup = false;
					for (size_t k = 0; k < bn->nskel; k++)
						dup |= bn->skel_len[k] == sl &&
							memcmp(bn->skel[k], sk, sl) == 0;
					if (dup)
						continue;
					memcpy(bn->skel[bn->nskel], sk, sl);
					bn->skel_len[bn->nskel++] = sl;
					if (sl > 0 && sl < 64)
						brand_len_mask[(unsigned char)sk[0]] |=
							(uint64_t)1 << sl;
				}
			}
			p += l;
			if (*p == '|')
				p++;
		}
	}
}

/* The word being read. */
typedef struct word {
	bool active;
	bool suspect;               /* holds I, 0, 1, rn, vv or a non-ASCII
	                               look-alike: worth the brand check */
	bool run_zw;                /* the pending run holds more than a
	                               soft hyphen */
	uint32_t prev;              /* previous character of the word */
	size_t start, end;          /* byte range; end past the last char */
	unsigned nlat, nlat_cyr, ncg, ncg_look, nmath, nfw;
	unsigned nlatin1;           /* letters U+00C0..U+00FF */
	unsigned zw_runs, shy_runs, seg, min_seg, seg_total;
	unsigned run_len;           /* invisible run pending */
} word;

/* Next character of text at i: *used bytes (an HTML reference the
 * reduction left counts as the invisible character it names). */
static uint32_t
next_char(const char *text, size_t len, size_t i, bool html, size_t *used)
{
	const unsigned char *u = (const unsigned char *)text;
	uint32_t c;

	if (u[i] < 0x80) {
		*used = 1;
		if (u[i] == '&' && html &&
		    (c = html_invisible(text, len, i, used)) != 0)
			return c;
		return u[i];
	}
	return utf8_get(u + i, len - i, used);
}

static void
hit(kn_obf_hit *h, unsigned n, const word *w)
{
	if (h->count == 0) {
		h->off = w->start;
		h->len = w->end - w->start;
	}
	h->count += n;
}

/* The brand name the word text[w->start..w->end) imitates, or NULL.
 * Its skeleton and plain (ASCII lower-case) forms are made here, for
 * the few suspect words only. */
static const brand_name *
brand_match(const word *w, const char *text, bool html)
{
	char sk[KN_OBF_WORD_MAX], pl[KN_OBF_WORD_MAX];
	size_t skn = 0, pln = 0;
	bool plain_ascii = true;

	if (!w->suspect || w->nmath > 0 || w->nfw > 0 ||
	    w->end - w->start > 4 * KN_OBF_WORD_MAX)
		return NULL;
	for (size_t i = w->start; i < w->end;) {
		size_t used;
		uint32_t c = next_char(text, w->end, i, html, &used);
		char ascii;
		int cls;
		i += used;
		if (invisible(c))
			continue;
		cls = classify(c, &ascii);
		if (cls == C_MARK)
			continue;
		if (c < 0x80) {
			skel_put(sk, &skn, (char)c);
			if (pln < sizeof(pl))
				pl[pln++] = ascii;
		} else if (ascii != 0) {
			skel_put(sk, &skn, ascii);
			plain_ascii = false;
		} else {
			return NULL; /* a letter no brand name has */
		}
		if (skn >= KN_OBF_WORD_MAX)
			return NULL;
	}
	if (skn == 0 || skn >= 64 ||
	    !(brand_len_mask[(unsigned char)sk[0]] & ((uint64_t)1 << skn)))
		return NULL;
	for (size_t i = 0; i < brand_count; i++) {
		const brand_name *bn = &brand_names[i];
		bool m = false;
		for (size_t k = 0; k < bn->nskel && !m; k++)
			m = bn->skel_len[k] == skn &&
				memcmp(bn->skel[k], sk, skn) == 0;
		if (!m)
			continue;
		/* the brand spelled right, in any case */
		if (plain_ascii && pln == strlen(bn->lower) &&
		    memcmp(pl, bn->lower, pln) == 0)
			return NULL;
		return bn;
	}
	return NULL;
}

static void
word_end(word *w, const char *text, bool html, kn_obf_result *out)
{
	unsigned letters = w->nlat + w->ncg, obf;
	const brand_name *bn;

	if (!w->active)
		return;
	w->active = false;
	if (w->zw_runs + w->shy_runs > 0) {
		/* soft hyphens among Latin-1 letters are mojibake: CJK text
		 * in an unknown charset read as ISO 8859-1, where 0xAD is a
		 * soft hyphen */
		bool mojibake = w->nlatin1 * 3 >= w->seg_total;
		if (w->seg < w->min_seg)
			w->min_seg = w->seg;
		obf = w->zw_runs + (w->min_seg <= 1 && !mojibake ?
			w->shy_runs : 0);
		if (obf > 0)
			hit(&out->invisible, obf, w);
	}
	if (w->nmath >= 2)
		hit(&out->styled, w->nmath, w);
	if ((bn = brand_match(w, text, html)) != NULL) {
		if (out->brand.count == 0) {
			out->brand_of = bn->brand;
			out->brand_name = bn->name;
		}
		hit(&out->brand, 1, w);
		return; /* the same word is not mixed-script as well */
	}
	if (w->nlat > 0 && w->ncg > 0 && letters >= 3 &&
	    (w->ncg_look == w->ncg ||
	     (w->nlat <= 2 && w->nlat_cyr == w->nlat && w->ncg > w->nlat)))
		hit(&out->mixed, 1, w);
}

static void
word_start(word *w, size_t at)
{
	memset(w, 0, sizeof(*w));
	w->active = true;
	w->start = at;
	w->min_seg = UINT_MAX;
}

/* ASCII letters with a Cyrillic twin (а с е о р х у, А В Е Н К М О Р
 * Т Х): Latin disguise in a Cyrillic word. */
static bool
cyrillic_twin(uint32_t c)
{
	switch (c) {
	case 'a': case 'c': case 'e': case 'o': case 'p': case 'x': case 'y':
	case 'A': case 'B': case 'C': case 'E': case 'H': case 'K': case 'M':
	case 'O': case 'P': case 'T': case 'X':
		return true;
	default:
		return false;
	}
}

void
kn_obf_scan(const char *text, size_t len, bool html, kn_obf_result *out)
{
	word w;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	pthread_once(&brand_once, brand_build);
	for (size_t i = 0; i < len;) {
		size_t used;
		uint32_t c = next_char(text, len, i, html, &used);
		char ascii;
		int cls;

		if (invisible(c)) {
			if (w.active) {
				w.run_len++;
				if (c != 0xAD)
					w.run_zw = true;
			}
			i += used;
			continue;
		}
		cls = classify(c, &ascii);
		if (cls == C_NONE) {
			word_end(&w, text, html, out);
			i += used;
			continue;
		}
		if (!w.active) {
			word_start(&w, i);
		} else if (w.run_len > 0) {
			/* a run between two characters of the word */
			if (w.run_zw || w.run_len >= 2)
				w.zw_runs++;
			else
				w.shy_runs++;
			if (w.seg < w.min_seg)
				w.min_seg = w.seg;
			w.seg = 0;
			w.run_len = 0;
			w.run_zw = false;
		}
		w.end = i + used;
		i += used;
		if (cls == C_MARK)
			continue;
		w.seg++;
		w.seg_total++;
		switch (cls) {
		case C_LATIN:
			w.nlat++;
			if (c < 0x80) {
				if (cyrillic_twin(c))
					w.nlat_cyr++;
				uint32_t lc = c | 0x20, lp = w.prev | 0x20;
				if (c == 'I' || (lc == 'n' && lp == 'r') ||
				    (lc == 'v' && lp == 'v'))
					w.suspect = true;
			} else {
				if (c <= 0xFF)
					w.nlatin1++;
				if (ascii != 0)
					w.suspect = true;
			}
			break;
		case C_DIGIT:
			if (c == '0' || c == '1')
				w.suspect = true;
			break;
		case C_GREEKCYR:
			w.ncg++;
			if (ascii != 0) {
				w.ncg_look++;
				w.suspect = true;
			}
			break;
		case C_MATH:
			w.nmath++;
			break;
		case C_FULLWIDTH:
			w.nfw++;
			break;
		default:
			break;
		}
		w.prev = c;
	}
	word_end(&w, text, html, out);
}

const char *
kn_obf_visible(kn_arena *ar, const char *text, size_t len, bool html)
{
	size_t n = len > KN_OBF_QUOTE_MAX ? KN_OBF_QUOTE_MAX : len, o = 0;
	/* each input byte yields at most 8 bytes ("[U+00AD]" for 2) */
	char *b = kn_alloc(ar, n * 8 + 4);

	if (b == NULL)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t used;
		uint32_t c = next_char(text, len, i, html, &used);
		if (i + used > n)
			break; /* do not cut a character */
		if (invisible(c)) {
			o += (size_t)sprintf(b + o, "[U+%04X]", (unsigned)c);
		} else if (c == '\r' || c == '\n' || c == '\t') {
			b[o++] = ' ';
		} else {
			memcpy(b + o, text + i, used);
			o += used;
		}
		i += used;
	}
	if (n < len) {
		memcpy(b + o, "...", 3);
		o += 3;
	}
	b[o] = '\0';
	return b;
}

/* ---- findings ---- */

/* One text looked at: where it is and what was found. */
typedef struct seen {
	int where;                 /* 0 body, 1 Subject, 2 display name */
	const kn_lure_view *view;  /* body: its view */
	const char *text;
	size_t len;
	kn_obf_result r;
} seen;

static const char *const where_en[] = { "body", "Subject",
	"From display name" };
static const char *const where_ja[] = { "本文", "件名", "From の表示名" };

static kensa_evidence
evidence(kensa_analysis *a, const seen *s, const kn_obf_hit *h)
{
	kensa_evidence ev;
	bool html = s->view != NULL && s->view->html != NULL;

	if (s->where == 0) {
		size_t po = h->off, pl = h->len;
		if (html)
			kn_htmltext_map(s->view->html, h->off, h->len, &po, &pl);
		ev = kn_ev_part(a, s->view->part, po, pl);
		ev.text = kn_obf_visible(&a->ar, s->text + h->off, h->len, html);
	} else {
		ev = kn_ev_header(a, s->where == 1 ? "Subject" : "From", 1);
		ev.text = kn_obf_visible(&a->ar, s->text, s->len, false);
	}
	return ev;
}

/* The first text whose hit of kind k reaches its threshold. */
static const seen *
first_over(const seen *s, size_t n, size_t k, const kn_obf_hit **h)
{
	for (size_t i = 0; i < n; i++) {
		const kn_obf_hit *x = k == 0 ? &s[i].r.invisible :
			k == 1 ? &s[i].r.styled : k == 2 ? &s[i].r.mixed :
			&s[i].r.brand;
		unsigned min = k == 0 ? KN_OBF_INVISIBLE_MIN :
			k == 1 ? KN_OBF_STYLED_MIN :
			k == 2 ? (s[i].where == 0 ? KN_OBF_MIXED_MIN : 1) : 1;
		if (x->count >= min) {
			*h = x;
			return &s[i];
		}
	}
	return NULL;
}

static void
report(kensa_analysis *a, const seen *s, size_t n)
{
	for (size_t k = 0; k < 4; k++) {
		const kn_obf_hit *h = NULL;
		const seen *t = first_over(s, n, k, &h);
		kensa_evidence ev;
		const char *q, *cnt;
		bool html;

		if (t == NULL)
			continue;
		html = t->view != NULL && t->view->html != NULL;
		ev = evidence(a, t, h);
		q = kn_obf_visible(&a->ar, t->text + h->off, h->len, html);
		cnt = kn_sprintf(&a->ar, "%u", h->count);
		switch (k) {
		case 0:
			KN_FINDING(a, KN_RULE(content, text_invisible_characters),
				&ev, where_en[t->where], cnt, q, where_ja[t->where]);
			break;
		case 1:
			KN_FINDING(a, KN_RULE(content, text_styled_letters), &ev,
				where_en[t->where], cnt, q, where_ja[t->where]);
			break;
		case 2:
			KN_FINDING(a, KN_RULE(content, text_mixed_script), &ev,
				where_en[t->where], cnt, q, where_ja[t->where]);
			break;
		default:
			KN_FINDING(a, KN_RULE(content, text_brand_lookalike), &ev,
				where_en[t->where], q, t->r.brand_name,
				t->r.brand_of->brand, where_ja[t->where]);
			break;
		}
	}
}

int
kn_obfuscation_analyze(kensa_analysis *a)
{
	const kn_lure_view *views;
	size_t nviews, n = 0;
	seen *s;
	int rc;

	if ((rc = kn_lures_views(a, &views, &nviews)) < 0)
		return rc;
	s = kn_calloc(&a->ar, nviews + 2, sizeof(*s));
	if (s == NULL)
		return KENSA_ENOMEM;
	if (a->msg.subject != NULL) {
		s[n].where = 1;
		s[n].text = a->msg.subject;
		s[n++].len = strlen(a->msg.subject);
	}
	if (a->msg.from.display_name != NULL) {
		s[n].where = 2;
		s[n].text = a->msg.from.display_name;
		s[n++].len = strlen(a->msg.from.display_name);
	}
	for (size_t i = 0; i < nviews; i++) {
		const kn_lure_view *v = &views[i];
		const kensa_mime_part *mp;
		if (v->part < 0 || (size_t)v->part >= a->msg.part_count)
			continue;
		mp = &a->msg.parts[v->part];
		s[n].where = 0;
		s[n].view = v;
		if (v->html != NULL) {
			s[n].text = v->html->text;
			s[n].len = v->html->len;
		} else {
			s[n].text = mp->text;
			s[n].len = mp->text_length > KN_LURES_TEXT_MAX ?
				KN_LURES_TEXT_MAX : mp->text_length;
		}
		if (s[n].text != NULL)
			n++;
	}
	for (size_t i = 0; i < n; i++)
		kn_obf_scan(s[i].text, s[i].len,
			s[i].view != NULL && s[i].view->html != NULL, &s[i].r);
	report(a, s, n);
	return a->ar.oom ? KENSA_ENOMEM : 0;
}
