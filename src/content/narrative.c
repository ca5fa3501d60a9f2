/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	narrative 3
 * SUMMARY
 *	narrative contradiction: "it is already fixed" yet "act to fix it"
 * SYNOPSIS
 *	#include "content/narrative.h"
 * DESCRIPTION
 *	The default tables below are data: a phrase and a weight. Weight 2
 *	marks a phrase that alone says the incident is over (復旧日時, "has
 *	been restored") or alone asks for the restoring action (回復するには,
 *	"verify your account"); weight 1 marks phrases that are common in
 *	honest mail too (完了しました, "click here") and only count together
 *	with others. The action score is that of the strongest action
 *	phrase's sentence, so weak requests scattered over a newsletter do
 *	not add up.
 *--*/
#include "content/narrative.h"

#include <string.h>

#define LIST(t) { (t), sizeof(t) / sizeof((t)[0]) }

static const kn_phrase resolved_tab[] = {
	/* Japanese: reports of an incident that is over */
	{ "復旧いたしました", 2 }, { "復旧しました", 2 }, { "復旧日時", 2 },
	{ "復旧済", 2 }, { "解消いたしました", 2 }, { "解消しました", 2 },
	{ "正常に戻りました", 2 }, { "回復しました", 2 },
	{ "不安定でした", 1 }, { "完了いたしました", 1 }, { "完了しました", 1 },
	/* English */
	{ "is now back to normal", 2 }, { "are now back to normal", 2 },
	{ "is back to normal", 2 }, { "back to normal", 1 },
	{ "has been restored", 2 }, { "have been restored", 2 },
	{ "was restored", 2 }, { "were restored", 2 },
	{ "has been resolved", 2 }, { "have been resolved", 2 },
	{ "was resolved", 2 }, { "is now resolved", 2 },
	{ "has been fixed", 2 }, { "have been fixed", 2 }, { "was fixed", 1 },
	{ "we have restored", 2 }, { "we restored", 2 },
	{ "is fully operational", 1 },
};

static const kn_phrase action_tab[] = {
	/* Japanese: act to restore or verify */
	{ "回復するには", 2 }, { "復元するには", 2 }, { "復旧するには", 2 },
	{ "クリックしてください", 2 }, { "クリックして下さい", 2 },
	{ "ログインしてください", 2 }, { "ログインして下さい", 2 },
	{ "再認証", 2 }, { "再ログイン", 1 }, { "確認してください", 1 },
	{ "確認して下さい", 1 }, { "アクセスしてください", 1 },
	/* English */
	{ "click here to restore", 3 }, { "click the link to restore", 3 },
	{ "to restore your", 2 }, { "to recover your", 2 },
	{ "to reactivate your", 2 }, { "verify your account", 2 },
	{ "verify your identity", 2 }, { "verify your email", 2 },
	{ "confirm your account", 2 }, { "re-authenticate", 2 },
	{ "reauthenticate", 2 }, { "re-login", 1 }, { "click here", 1 },
	{ "click the link", 1 }, { "click below", 1 }, { "log in to", 1 },
	{ "login to", 1 }, { "sign in to", 1 },
};

static const kn_phrase request_tab[] = {
	{ "ください", 0 }, { "下さい", 0 }, { "お願いします", 0 },
	{ "お願いいたします", 0 }, { "お願い致します", 0 }, { "願います", 0 },
	{ "必要があります", 0 },
	{ "please", 0 }, { "kindly", 0 }, { "must", 0 }, { "need to", 0 },
	{ "required to", 0 }, { "immediately", 0 },
};

static const kn_phrase imperative_tab[] = {
	{ "click", 0 }, { "log in", 0 }, { "login", 0 }, { "sign in", 0 },
	{ "verify", 0 }, { "confirm", 0 }, { "update", 0 }, { "restore", 0 },
	{ "recover", 0 }, { "visit", 0 }, { "follow", 0 }, { "open", 0 },
	{ "go to", 0 }, { "re-authenticate", 0 }, { "reauthenticate", 0 },
	{ "validate", 0 }, { "reactivate", 0 }, { "tap", 0 },
};

static const kn_phrase negation_tab[] = {
	{ "不要", 0 }, { "必要はありません", 0 }, { "必要ありません", 0 },
	{ "必要はございません", 0 }, { "必要ございません", 0 },
	{ "ことはありません", 0 }, { "ことはございません", 0 },
	{ "しないで", 0 },
	{ "no action", 0 }, { "not need to", 0 }, { "don't need to", 0 },
	{ "do not need", 0 }, { "no need to", 0 }, { "not necessary", 0 },
	{ "not required", 0 }, { "nothing to do", 0 }, { "don't have to", 0 },
	{ "do not have to", 0 }, { "never ask", 0 }, { "will never", 0 },
	{ "not ask", 0 }, { "no further action", 0 },
};

static const kn_narrative_rules default_rules = {
	LIST(resolved_tab), LIST(action_tab), LIST(request_tab),
	LIST(imperative_tab), LIST(negation_tab), 2, 2,
};

const kn_narrative_rules *
kn_narrative_default_rules(void)
{
	return &default_rules;
}

static bool
is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9');
}

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

/* Does phrase p (n bytes) match s at i, ASCII case-insensitively and on
 * word boundaries where it starts or ends with a letter? */
static bool
match_at(const unsigned char *s, size_t len, size_t i, const char *p,
	size_t n)
{
	const unsigned char *q = (const unsigned char *)p;

	if (n == 0 || len - i < n)
		return false;
	for (size_t k = 0; k < n; k++)
		if (lower(s[i + k]) != lower(q[k]))
			return false;
	if (is_word(q[0]) && i > 0 && is_word(s[i - 1]))
		return false;
	if (is_word(q[n - 1]) && i + n < len && is_word(s[i + n]))
		return false;
	return true;
}

/* Next match of p in s[from..to), or to. */
static size_t
find(const unsigned char *s, size_t to, size_t from, const char *p)
{
	size_t n = strlen(p);

	for (size_t i = from; i + n <= to; i++)
		if (match_at(s, to, i, p, n))
			return i;
	return to;
}

static bool
any_in(const unsigned char *s, size_t from, size_t to,
	const kn_phrase_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		if (find(s, to, from, l->items[i].text) < to)
			return true;
	return false;
}

static bool
is_ja_stop(const unsigned char *s, size_t i)
{
	/* 。！？ are E3 80 82, EF BC 81, EF BC 9F */
	return (s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x82) ||
		(s[i] == 0xEF && s[i + 1] == 0xBC &&
		 (s[i + 2] == 0x81 || s[i + 2] == 0x9F));
}

/* Is there a blank line ending at the '\n' at s[i]? */
static bool
blank_before(const unsigned char *s, size_t i, size_t lo)
{
	while (i > lo) {
		i--;
		if (s[i] == '\n')
			return true;
		if (s[i] != '\r' && s[i] != ' ' && s[i] != '\t')
			return false;
	}
	return false;
}

/* Start of the sentence holding byte pos. */
static size_t
sentence_start(const unsigned char *s, size_t len, size_t pos)
{
	size_t lo = pos > KN_NARRATIVE_SENTENCE_MAX ?
		pos - KN_NARRATIVE_SENTENCE_MAX : 0;

	for (size_t i = pos; i > lo; i--) {
		unsigned char c = s[i - 1];
		if (i >= 3 && i - 3 >= lo && is_ja_stop(s, i - 3))
			return i;
		if (c == '!' || c == '?')
			return i;
		if (c == '.' && i < len && (s[i] == ' ' || s[i] == '\n' ||
		    s[i] == '\r' || s[i] == '\t'))
			return i;
		if (c == '\n' && blank_before(s, i - 1, lo))
			return i;
	}
	while (lo < pos && (s[lo] & 0xC0) == 0x80)
		lo++;
	return lo;
}

/* End (exclusive) of the sentence holding byte pos. */
static size_t
sentence_end(const unsigned char *s, size_t len, size_t pos)
{
	size_t hi = len - pos > KN_NARRATIVE_SENTENCE_MAX ?
		pos + KN_NARRATIVE_SENTENCE_MAX : len;

	for (size_t i = pos; i < hi; i++) {
		unsigned char c = s[i];
		if (i + 3 <= len && is_ja_stop(s, i))
			return i + 3;
		if (c == '!' || c == '?')
			return i + 1;
		if (c == '.' && (i + 1 == len || s[i + 1] == ' ' ||
		    s[i + 1] == '\n' || s[i + 1] == '\r' || s[i + 1] == '\t'))
			return i + 1;
		if (c == '\n' && blank_before(s, i, pos))
			return i;
	}
	while (hi > pos && hi < len && (s[hi] & 0xC0) == 0x80)
		hi--;
	return hi;
}

/* Does an imperative verb open the clause at i (after blanks, list
 * marks and "please"/"kindly")? */
static bool
imperative_at(const unsigned char *s, size_t to, size_t i,
	const kn_phrase_list *imp)
{
	static const char *const soft[] = { "please", "kindly" };

	while (i < to && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
	    s[i] == '\n' || s[i] == '-' || s[i] == '*' || s[i] == '>'))
		i++;
	for (size_t k = 0; k < 2; k++) {
		size_t n = strlen(soft[k]);
		if (match_at(s, to, i, soft[k], n)) {
			i += n;
			while (i < to && s[i] == ' ')
				i++;
		}
	}
	for (size_t k = 0; k < imp->count; k++)
		if (match_at(s, to, i, imp->items[k].text,
		    strlen(imp->items[k].text)))
			return true;
	return false;
}

/* Is the sentence [a, b) holding an action phrase a request? */
static bool
is_request(const kn_narrative_rules *r, const unsigned char *s, size_t a,
	size_t b)
{
	if (any_in(s, a, b, &r->negation))
		return false;
	if (any_in(s, a, b, &r->request))
		return true;
	if (imperative_at(s, b, a, &r->imperative))
		return true;
	for (size_t i = a; i < b; i++)
		if (s[i] == ',' && imperative_at(s, b, i + 1, &r->imperative))
			return true;
	return false;
}

typedef struct counted {
	size_t off, len, s_start;
	unsigned weight;
} counted;

static bool
inside(const counted *c, size_t n, size_t off, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (off >= c[i].off && off + len <= c[i].off + c[i].len)
			return true;
	return false;
}

/* A Japanese past tense followed by ら: a conditional ("once ..."). */
static bool
conditional(const unsigned char *s, size_t len, size_t end)
{
	/* た is E3 81 9F, ら is E3 82 89 */
	return end >= 3 && s[end - 3] == 0xE3 && s[end - 2] == 0x81 &&
		s[end - 1] == 0x9F && len - end >= 3 && s[end] == 0xE3 &&
		s[end + 1] == 0x82 && s[end + 2] == 0x89;
}

/*
 * Count the phrases of l in s (the first qualifying occurrence of each
 * entry) in one pass over the text; entries are tried in table order at
 * each position, so a longer phrase listed first wins over one it
 * contains. With r set only occurrences in request sentences count.
 */
static size_t
count_list(const kn_narrative_rules *r, const kn_phrase_list *l,
	const unsigned char *s, size_t len, counted *out, size_t max)
{
	/* per lower-cased first byte, the entries in table order */
	int head[256], next[KN_NARRATIVE_PHRASES_MAX], *tail[256];
	bool seen[KN_NARRATIVE_PHRASES_MAX] = { false };
	int tries[KN_NARRATIVE_PHRASES_MAX] = { 0 };
	size_t plen[KN_NARRATIVE_PHRASES_MAX];
	size_t entries = l->count, n = 0, left;

	if (entries > KN_NARRATIVE_PHRASES_MAX)
		entries = KN_NARRATIVE_PHRASES_MAX;
	for (int c = 0; c < 256; c++) {
		head[c] = -1;
		tail[c] = &head[c];
	}
	for (size_t k = 0; k < entries; k++) {
		unsigned char c = lower((unsigned char)l->items[k].text[0]);
		plen[k] = strlen(l->items[k].text);
		next[k] = -1;
		*tail[c] = (int)k;
		tail[c] = &next[k];
	}
	left = entries;
	for (size_t i = 0; i < len && left > 0 && n < max; i++) {
		for (int kk = head[lower(s[i])]; kk >= 0 && n < max;
		    kk = next[kk]) {
			size_t k = (size_t)kk, a, b;
			if (seen[k] || !match_at(s, len, i, l->items[k].text,
			    plen[k]))
				continue;
			if (inside(out, n, i, plen[k]) ||
			    conditional(s, len, i + plen[k]))
				continue;
			if (r != NULL) {
				/* bound the sentence work per entry */
				if (++tries[k] > KN_NARRATIVE_OCC_MAX) {
					seen[k] = true;
					left--;
					continue;
				}
				a = sentence_start(s, len, i);
				b = sentence_end(s, len, i + plen[k]);
				if (!is_request(r, s, a, b))
					continue;
			} else {
				a = i;
			}
			out[n].off = i;
			out[n].len = plen[k];
			out[n].s_start = a;
			out[n].weight = l->items[k].weight;
			n++;
			seen[k] = true;
			left--;
		}
	}
	return n;
}

bool
kn_narrative_scan(const kn_narrative_rules *r, const char *text, size_t len,
	kn_narrative *out)
{
	const unsigned char *s = (const unsigned char *)text;
	counted res[KN_NARRATIVE_PHRASES_MAX], act[KN_NARRATIVE_PHRASES_MAX];
	size_t nres, nact, best = 0;

	memset(out, 0, sizeof(*out));
	if (text == NULL || len == 0)
		return false;
	if (r == NULL)
		r = &default_rules;
	nres = count_list(NULL, &r->resolved, s, len, res,
		KN_NARRATIVE_PHRASES_MAX);
	nact = count_list(r, &r->action, s, len, act,
		KN_NARRATIVE_PHRASES_MAX);

	/* Resolved: total weight; quote the strongest, then in text order. */
	for (size_t i = 0; i < nres; i++)
		out->resolved_score += res[i].weight;
	for (unsigned w = 3; w > 0; w--)
		for (size_t i = 0; i < nres; i++) {
			size_t k = out->resolved_count;
			if (res[i].weight != w || k == KN_NARRATIVE_QUOTES)
				continue;
			out->resolved[k].offset = res[i].off;
			out->resolved[k].length = res[i].len;
			out->resolved_count++;
		}

	/* Action: the strongest phrase (earliest on a tie) and its
	 * sentence's total. */
	if (nact > 0) {
		size_t lo, hi;
		for (size_t i = 1; i < nact; i++)
			if (act[i].weight > act[best].weight ||
			    (act[i].weight == act[best].weight &&
			     act[i].off < act[best].off))
				best = i;
		lo = act[best].off;
		hi = act[best].off + act[best].len;
		for (size_t i = 0; i < nact; i++) {
			if (act[i].s_start != act[best].s_start)
				continue;
			out->action_score += act[i].weight;
			if (act[i].off < lo)
				lo = act[i].off;
			if (act[i].off + act[i].len > hi)
				hi = act[i].off + act[i].len;
		}
		out->action.offset = lo;
		out->action.length = hi - lo;
	}
	out->contradiction = out->resolved_score >= r->resolved_min &&
		out->action_score >= r->action_min;
	return out->contradiction;
}
