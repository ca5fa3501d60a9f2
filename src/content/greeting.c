/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	greeting 3
 * SUMMARY
 *	a body that greets the reader by e-mail address
 * SYNOPSIS
 *	#include "content/greeting.h"
 * DESCRIPTION
 *	The greeting words below are data: the openings of a letter in the
 *	languages seen in phishing (English, Portuguese, Spanish, German,
 *	French, Italian, Dutch, Polish, Turkish, Russian, Japanese, Chinese,
 *	Korean). ASCII letters match case-insensitively and an ASCII word
 *	must start at a word boundary; between the word and the address
 *	only white space, punctuation (, : ： 、 ， < " ' 「) and a gender
 *	ending in parentheses ("Prezado(a)") may stand.
 *
 *	The finding, greeting-by-address (low, bulk), quotes the greeting
 *	and points at it in the part's text.
 * STANDARDS
 *	None: an analyst's heuristic.
 *--*/
#include "content/greeting.h"

#include <string.h>
#include <strings.h>

#include "content/htmltext.h"
#include "verdict/rules.h"

/* Bytes looked back from an address for its greeting word. */
#define KN_GREETING_BACK 48
/* Recipient addresses compared (To, Cc, Delivered-To, the recipient). */
#define KN_GREETING_RCPT_MAX 64

static const char *const words[] = {
	/* English */
	"dear", "hello", "hi", "hey", "greetings", "attention", "attn",
	"good morning", "good afternoon", "good evening", "good day",
	/* Portuguese, Spanish */
	"prezado", "prezada", "prezados", "caro", "cara", "olá", "ola", "oi",
	"bom dia", "boa tarde", "boa noite", "estimado", "estimada", "hola",
	"querido", "querida", "buenos días", "buenas tardes",
	/* German, Dutch */
	"hallo", "liebe", "lieber", "sehr geehrte", "sehr geehrter",
	"guten tag", "beste", "geachte",
	/* French, Italian */
	"bonjour", "bonsoir", "cher", "chère", "salut", "gentile", "ciao",
	"salve", "buongiorno", "egregio",
	/* Polish, Turkish, Russian */
	"witaj", "witam", "szanowny", "szanowna", "dzień dobry", "sayın",
	"merhaba", "здравствуйте", "Здравствуйте", "уважаемый", "Уважаемый",
	"уважаемая", "Уважаемая", "привет", "Привет",
	/* Japanese, Chinese, Korean */
	"こんにちは", "こんばんは", "おはようございます", "拝啓", "親愛なる",
	"您好", "你好", "尊敬的", "亲爱的", "안녕하세요",
};

/* Honorifics written after a name (Japanese, Korean). */
static const char *const honorifics[] = { "様", "さま", "殿", "님" };

/* Separators between a greeting word and the address (UTF-8). */
static const char *const seps[] = {
	" ", "\t", ",", ":", ";", "-", "<", "\"", "'", "!",
	"\xc2\xa0",     /* NO-BREAK SPACE */
	"\xe3\x80\x80", /* IDEOGRAPHIC SPACE */
	"\xef\xbc\x9a", /* ： */
	"\xe3\x80\x81", /* 、 */
	"\xef\xbc\x8c", /* ， */
	"\xe3\x80\x8c", /* 「 */
};

static bool
is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static bool
local_char(unsigned char c)
{
	return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
	       c == '-' || c == '\'';
}

static bool
domain_char(unsigned char c)
{
	return is_alnum(c) || c == '.' || c == '-';
}

/* Length of the separator ending at t[e] (exclusive), or 0. */
static size_t
sep_before(const char *t, size_t e)
{
	for (size_t k = 0; k < sizeof(seps) / sizeof(seps[0]); k++) {
		size_t n = strlen(seps[k]);
		if (n <= e && memcmp(t + e - n, seps[k], n) == 0)
			return n;
	}
	/* "(a)", "(o)", "(as)": a gender ending in parentheses */
	if (e >= 3 && t[e - 1] == ')') {
		size_t i = e - 1, k = 0;
		while (i > 0 && k < 4 && ((t[i - 1] >= 'a' && t[i - 1] <= 'z') ||
		    (t[i - 1] >= 'A' && t[i - 1] <= 'Z'))) {
			i--;
			k++;
		}
		if (k >= 1 && k <= 3 && i > 0 && t[i - 1] == '(')
			return e - (i - 1);
	}
	return 0;
}

/* The start of the greeting word that ends, after separators, at
 * t[e] (exclusive; e is the address start), or (size_t)-1. */
static size_t
greeting_word_before(const char *t, size_t e, size_t low)
{
	size_t lines = 0, n;

	for (;;) {
		if (e > low && (t[e - 1] == '\n' || t[e - 1] == '\r')) {
			if (t[e - 1] == '\n' && e - 1 > low && t[e - 2] == '\r')
				e--;
			e--;
			if (++lines > 1)
				return (size_t)-1;
		} else if (e > low && (n = sep_before(t, e)) > 0 && e - n >= low) {
			e -= n;
		} else {
			break;
		}
	}
	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
		size_t wl = strlen(words[k]), s;
		if (wl > e - low)
			continue;
		s = e - wl;
		if (strncasecmp(t + s, words[k], wl) != 0)
			continue;
		if ((unsigned char)words[k][0] < 0x80 && s > 0 &&
		    is_alnum((unsigned char)t[s - 1]))
			continue;
		return s;
	}
	return (size_t)-1;
}

/* Is an honorific (after optional spaces) at t[i]? */
static bool
honorific_at(const char *t, size_t len, size_t i)
{
	while (i < len && (t[i] == ' ' || t[i] == '\t'))
		i++;
	if (i + 3 <= len && memcmp(t + i, "\xe3\x80\x80", 3) == 0)
		i += 3;
	for (size_t k = 0; k < sizeof(honorifics) / sizeof(honorifics[0]); k++) {
		size_t n = strlen(honorifics[k]);
		if (i + n <= len && memcmp(t + i, honorifics[k], n) == 0)
			return true;
	}
	return false;
}

/* Does the first-token address ending at t[i] end its clause: line
 * end, end of text, or punctuation? */
static bool
clause_end_at(const char *t, size_t len, size_t i)
{
	if (i < len && (t[i] == '>' || t[i] == '"'))
		i++;
	while (i < len && (t[i] == ' ' || t[i] == '\t'))
		i++;
	if (i >= len || t[i] == '\n' || t[i] == '\r' || t[i] == ',' ||
	    t[i] == ':' || t[i] == '!')
		return true;
	return (i + 3 <= len && (memcmp(t + i, "\xef\xbc\x9a", 3) == 0 ||
		memcmp(t + i, "\xe3\x80\x81", 3) == 0 ||
		memcmp(t + i, "\xef\xbc\x8c", 3) == 0));
}

static bool
is_recipient(const char *t, size_t n, const char *const *rcpt, size_t nrcpt)
{
	for (size_t k = 0; k < nrcpt; k++)
		if (rcpt[k] != NULL && strlen(rcpt[k]) == n &&
		    strncasecmp(rcpt[k], t, n) == 0)
			return true;
	return false;
}

bool
kn_greeting_scan(const char *text, size_t len, const char *const *rcpt,
	size_t nrcpt, kn_greeting *out)
{
	size_t start = 0, end, cps = 0;

	while (start < len && (text[start] == ' ' || text[start] == '\t' ||
	    text[start] == '\n' || text[start] == '\r'))
		start++;
	/* The window: KN_GREETING_WINDOW code points from the start. */
	for (end = start; end < len && cps < KN_GREETING_WINDOW; end++)
		if (((unsigned char)text[end] & 0xc0) != 0x80)
			cps++;
	for (size_t i = start; i < end; i++) {
		size_t ls = i, de = i + 1, g;
		bool rc, dotted = false;

		if (text[i] != '@')
			continue;
		while (ls > start && local_char((unsigned char)text[ls - 1]))
			ls--;
		while (de < len && domain_char((unsigned char)text[de]))
			de++;
		while (de > i + 1 && (text[de - 1] == '.' || text[de - 1] == '-'))
			de--;
		if (ls == i || de == i + 1)
			continue;
		for (size_t k = i + 1; k < de; k++)
			dotted |= text[k] == '.';
		rc = is_recipient(text + ls, de - ls, rcpt, nrcpt);
		if (!rc && (nrcpt > 0 || !dotted))
			continue;
		g = greeting_word_before(text, ls, start);
		if (g == (size_t)-1) {
			size_t s = ls;
			while (s > start && (text[s - 1] == '<' || text[s - 1] == '"'))
				s--;
			if (honorific_at(text, len, de))
				g = s;
			else if (rc && s == start && clause_end_at(text, len, de))
				g = s;
		}
		if (g == (size_t)-1)
			continue;
		out->offset = g;
		out->length = de - g;
		out->addr_off = ls;
		out->addr_len = de - ls;
		out->recipient = rc;
		return true;
	}
	return false;
}

/* The main text part: plain first, then HTML. -1 when none. */
static int
main_part(const kensa_analysis *a, bool *html)
{
	static const char *const order[] = { "text/plain", "text/html" };

	for (int o = 0; o < 2; o++) {
		for (size_t i = 0; i < a->msg.part_count; i++) {
			const kensa_mime_part *p = &a->msg.parts[i];
			size_t k = 0;
			if (p->text == NULL || p->content_type == NULL ||
			    strcmp(p->content_type, order[o]) != 0 ||
			    (p->disposition != NULL &&
			     strcmp(p->disposition, "attachment") == 0))
				continue;
			while (k < p->text_length && (p->text[k] == ' ' ||
			    p->text[k] == '\t' || p->text[k] == '\r' ||
			    p->text[k] == '\n'))
				k++;
			if (k == p->text_length)
				continue; /* blank */
			*html = o == 1;
			return (int)i;
		}
	}
	return -1;
}

int
kn_greeting_analyze(kensa_analysis *a)
{
	const kensa_message_facts *m = &a->msg;
	const char *rcpt[KN_GREETING_RCPT_MAX];
	size_t nr = 0, po, pl;
	bool html = false;
	int part = main_part(a, &html);
	const char *text;
	size_t len;
	kn_htmltext h;
	kn_greeting g;
	kensa_evidence ev;

	if (part < 0)
		return 0;
	for (size_t i = 0; i < m->to_count && nr < KN_GREETING_RCPT_MAX; i++)
		if (m->to[i].address != NULL)
			rcpt[nr++] = m->to[i].address;
	for (size_t i = 0; i < m->cc_count && nr < KN_GREETING_RCPT_MAX; i++)
		if (m->cc[i].address != NULL)
			rcpt[nr++] = m->cc[i].address;
	if (m->delivered_to != NULL && nr < KN_GREETING_RCPT_MAX)
		rcpt[nr++] = m->delivered_to;
	if (a->recipient != NULL && nr < KN_GREETING_RCPT_MAX)
		rcpt[nr++] = a->recipient;
	text = m->parts[part].text;
	len = m->parts[part].text_length;
	if (html) {
		if (kn_htmltext_strip(&a->ar, text, len, &h) < 0)
			return KENSA_ENOMEM;
		text = h.text;
		len = h.len;
	}
	if (!kn_greeting_scan(text, len, rcpt, nr, &g))
		return 0;
	if (html)
		kn_htmltext_map(&h, g.offset, g.length, &po, &pl);
	else
		po = g.offset, pl = g.length;
	ev = kn_ev_part(a, part, po, pl);
	KN_FINDING(a, KN_RULE(content, greeting_by_address), &ev,
		kn_strndup(&a->ar, text + g.offset, g.length),
		kn_strndup(&a->ar, text + g.addr_off, g.addr_len));
	return a->ar.oom ? KENSA_ENOMEM : 0;
}
