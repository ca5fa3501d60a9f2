/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	score 3
 * SUMMARY
 *	the verdict: weigh the findings and name the message
 * DESCRIPTION
 *	kn_verdict_analyze() runs last in the pipeline. It first adds the
 *	findings that combine others (combine.c). Each finding is
 *	matched to its rule entry (verdict/rules.h) by id and severity and
 *	weighs the entry's weight, or the weight the administrator's config
 *	sets; info findings weigh 0. Findings that weigh something are the
 *	reasons, heaviest first (ties keep the order of the findings).
 *
 *	The label is not a plain sum. Phishing is a lie told to make the
 *	reader act, so it needs all three of: the score threshold, enough
 *	deception (spoofed or disguised sender, links that lie, impersonation,
 *	contradictions of a forged notice) and enough lure (credential,
 *	suspension, payment phrases, resolved-yet-act, login pages,
 *	dangerous attachments). Short of that, a message with the
 *	weight is mostly (at least half) spam-category or bulk signals,
 *	without deception and with no lure but a sales pitch (a lure that
 *	is also a bulk sign: prizes), is spam; a message with the suspicious score and
 *	enough deception or lure (or both together) is suspicious; then
 *	spam-category weight alone gives spam, and twice the suspicious
 *	score in other signs (malformed mail) suspicious; anything else is
 *	clean.
 *
 *	Thresholds: the config of the options, else data/verdict.conf
 *	(compiled in). The summary is a few sentences in each language
 *	that say what the verdict rests on.
 * ERRORS
 *	KENSA_ENOMEM.
 * LIMITS
 *	KN_VERDICT_SUMMARY_TITLES titles are named per group in the summary.
 *--*/
#include "verdict/config.h"
#include "verdict/combine.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* Titles quoted per group (deception, lure, other) in the summary: the
 * reasons list holds the rest. */
#define KN_VERDICT_SUMMARY_TITLES 2
/* Cap of one summary text in bytes (titles are short). */
#define KN_VERDICT_SUMMARY_MAX ((size_t)8 * 1024)
/* The thresholds when even the compiled-in config lacks one. */
static const unsigned fallback_thr[KN_THR_COUNT] = { 10, 3, 2, 4, 4 };

typedef struct scored {
	kensa_verdict_reason r;
	unsigned signals;
	kn_category cat;
} scored;

static int
cmp_reason(const void *x, const void *y)
{
	const scored *a = x, *b = y;

	if (a->r.weight != b->r.weight)
		return a->r.weight > b->r.weight ? -1 : 1;
	return a->r.finding < b->r.finding ? -1 : a->r.finding > b->r.finding;
}

KENSA_EXTERN(const char *)
kensa_verdict_label_name(kensa_verdict_label l)
{
	switch (l) {
	case KENSA_VERDICT_PHISHING: return "phishing";
	case KENSA_VERDICT_SUSPICIOUS: return "suspicious";
	case KENSA_VERDICT_SPAM: return "spam";
	case KENSA_VERDICT_CLEAN: return "clean";
	}
	return "clean";
}

/* The weight of finding f: config, else the rule entry; 0 for info. */
static unsigned
weigh(const kensa_config *cfg, const kensa_config *defaults,
	const kensa_finding *f, const kn_rule_entry **entry)
{
	const kn_rule_entry *e = f->id != NULL ?
		kn_rules_find(f->id, f->severity) : NULL;
	unsigned w;

	*entry = e;
	if (e == NULL || f->severity == KENSA_SEV_INFO)
		return 0;
	if (!kn_config_weight(cfg, e, &w) &&
	    !kn_config_weight(defaults, e, &w))
		w = e->weight;
	return w;
}

/* Has a reason of rule id been counted among s[0..n)? A rule counts
 * once per message (its heaviest finding): three links that each hide
 * their target are one sign, not three. When the earlier one weighs
 * less, it takes the weight *w instead. */
static bool
counted(scored *s, size_t n, const char *id, const unsigned *w)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(s[i].r.id, id) != 0)
			continue;
		return true;
	}
	(void)w;
	return false;
}

/* Up to KN_VERDICT_SUMMARY_TITLES titles of the reasons with signal sig
 * (0: any), joined by sep. Returns how many were written. */
static size_t
titles(kn_buf *b, const scored *s, size_t n, unsigned sig, int lang,
	const char *sep)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < KN_VERDICT_SUMMARY_TITLES; i++) {
		if (sig != 0 && (s[i].signals & sig) == 0)
			continue;
		if (s[i].r.title[lang] == NULL)
			continue;
		if (k > 0)
			kn_buf_adds(b, sep);
		kn_buf_adds(b, s[i].r.title[lang]);
		k++;
	}
	return k;
}

static const char *
summary_en(kensa_analysis *a, const kensa_verdict *v, const scored *s,
	size_t n)
{
	kn_buf b;
	const char *res;
	int en = KENSA_LANG_EN;

	kn_buf_init(&b, KN_VERDICT_SUMMARY_MAX);
	kn_buf_printf(&b, "Verdict: %s (score %u). ",
		kensa_verdict_label_name(v->label), v->score);
	switch (v->label) {
	case KENSA_VERDICT_PHISHING:
		kn_buf_adds(&b, "The message lies about who sent it or where it "
			"leads (");
		titles(&b, s, n, KN_SIG_DECEPTION, en, "; ");
		kn_buf_adds(&b, ") and asks the reader to act (");
		titles(&b, s, n, KN_SIG_LURE, en, "; ");
		kn_buf_adds(&b, "). Together that is the pattern of phishing: do "
			"not open its links, reply or sign in, and report it to "
			"the mail administrator.");
		break;
	case KENSA_VERDICT_SUSPICIOUS:
		kn_buf_adds(&b, "The strongest signs: ");
		titles(&b, s, n, 0, en, "; ");
		if (v->lure == 0)
			kn_buf_adds(&b, ". No request to act was found, so it is "
				"not called phishing");
		else if (v->deception == 0)
			kn_buf_adds(&b, ". It asks the reader to act, but no lie "
				"about the sender or the links was proven, so it is "
				"not called phishing");
		else
			kn_buf_adds(&b, ". Deception and a request to act are "
				"both present, but they weigh too little for phishing");
		kn_buf_adds(&b, ". Check with the apparent sender by another "
			"channel before acting on it.");
		break;
	case KENSA_VERDICT_SPAM:
		kn_buf_adds(&b, "The signs are those of unsolicited bulk mail (");
		titles(&b, s, n, 0, en, "; ");
		kn_buf_adds(&b, "); nothing shows the sender lying about who it "
			"is or where its links lead.");
		break;
	case KENSA_VERDICT_CLEAN:
		if (n > 0) {
			kn_buf_adds(&b, "Only minor points (");
			titles(&b, s, n, 0, en, "; ");
			kn_buf_adds(&b, "). ");
		}
		kn_buf_adds(&b, "Nothing that carries weight points to deception "
			"or bulk mail. That is not proof of safety: only what the "
			"analysis could see was checked.");
		break;
	}
	res = kn_strndup(&a->ar, kn_buf_cstr(&b), b.len);
	kn_buf_dispose(&b);
	return res;
}

static const char *
summary_ja(kensa_analysis *a, const kensa_verdict *v, const scored *s,
	size_t n)
{
	static const char *const names[] = { "問題なし", "迷惑メール",
		"要注意", "フィッシング" };
	kn_buf b;
	const char *res;
	int ja = KENSA_LANG_JA;

	kn_buf_init(&b, KN_VERDICT_SUMMARY_MAX);
	kn_buf_printf(&b, "判定: %s(スコア %u)。",
		names[(unsigned)v->label < 4 ? v->label : 0], v->score);
	switch (v->label) {
	case KENSA_VERDICT_PHISHING:
		kn_buf_adds(&b, "このメールは差出人やリンク先を偽り(");
		titles(&b, s, n, KN_SIG_DECEPTION, ja, "/");
		kn_buf_adds(&b, ")、読み手に操作を求めています(");
		titles(&b, s, n, KN_SIG_LURE, ja, "/");
		kn_buf_adds(&b, ")。この組み合わせはフィッシングの典型です。"
			"リンクを開いたり返信・ログインしたりせず、メール管理者に"
			"報告してください。");
		break;
	case KENSA_VERDICT_SUSPICIOUS:
		kn_buf_adds(&b, "主な兆候: ");
		titles(&b, s, n, 0, ja, "/");
		if (v->lure == 0)
			kn_buf_adds(&b, "。操作を求める内容は見つからないため、"
				"フィッシングとは判定していません");
		else if (v->deception == 0)
			kn_buf_adds(&b, "。操作を求めていますが、差出人やリンクの"
				"偽装は確認できないため、フィッシングとは判定して"
				"いません");
		else
			kn_buf_adds(&b, "。偽装と操作の要求はありますが、"
				"フィッシングと判定するには根拠が弱い状態です");
		kn_buf_adds(&b, "。対応する前に、見かけの差出人に別の手段で"
			"確認してください。");
		break;
	case KENSA_VERDICT_SPAM:
		kn_buf_adds(&b, "一方的な大量配信メールの特徴があります(");
		titles(&b, s, n, 0, ja, "/");
		kn_buf_adds(&b, ")。差出人やリンク先を偽っている形跡は"
			"ありません。");
		break;
	case KENSA_VERDICT_CLEAN:
		if (n > 0) {
			kn_buf_adds(&b, "軽微な点のみです(");
			titles(&b, s, n, 0, ja, "/");
			kn_buf_adds(&b, ")。");
		}
		kn_buf_adds(&b, "欺瞞や大量配信を示す有力な所見はありません。"
			"ただし安全の証明ではなく、解析で見えた範囲を確認した"
			"結果です。");
		break;
	}
	res = kn_strndup(&a->ar, kn_buf_cstr(&b), b.len);
	kn_buf_dispose(&b);
	return res;
}

/* The label of the weights (see DESCRIPTION). */
static kensa_verdict_label
label(const unsigned thr[KN_THR_COUNT], unsigned score, unsigned deception,
	unsigned lure, unsigned pitch, unsigned spam)
{
	bool deceives = deception >= thr[KN_THR_DECEPTION];
	unsigned harm = lure - pitch; /* lures that are not a sales pitch */

	if (score >= thr[KN_THR_PHISHING] && deceives &&
	    lure >= thr[KN_THR_LURE])
		return KENSA_VERDICT_PHISHING;
	/* Mostly bulk signs and no lie: spam, even with a sales pitch. */
	if (!deceives && harm == 0 && spam >= thr[KN_THR_SPAM] &&
	    2 * spam >= score)
		return KENSA_VERDICT_SPAM;
	if (score >= thr[KN_THR_SUSPICIOUS] && (deceives ||
	    harm >= thr[KN_THR_LURE] || deception + harm >= thr[KN_THR_LURE]))
		return KENSA_VERDICT_SUSPICIOUS;
	if (!deceives && spam >= thr[KN_THR_SPAM])
		return KENSA_VERDICT_SPAM;
	/* No deception or lure to speak of: only a lot of other signs. */
	if (score >= 2 * thr[KN_THR_SUSPICIOUS])
		return KENSA_VERDICT_SUSPICIOUS;
	return KENSA_VERDICT_CLEAN;
}

int
kn_verdict_analyze(kensa_analysis *a)
{
	kensa_config defaults = { 0 };
	const kensa_config *cfg = a->opts.config;
	const char *dtext = kn_rules_default_config();
	const kensa_finding *fs = a->findings.items;
	size_t nf = a->findings.count, n = 0;
	unsigned thr[KN_THR_COUNT], spam = 0, pitch = 0;
	kensa_verdict *v = &a->verdict;
	kensa_verdict_reason *out;
	scored *s;
	int rc;

	memset(v, 0, sizeof(*v));
	kn_verdict_combine(a);
	fs = a->findings.items; /* the list may have moved */
	nf = a->findings.count;
	/* The compiled-in text is checked by the unit tests; should it ever
	 * fail, the fallback thresholds apply. */
	rc = kn_config_parse_into(&defaults, dtext, strlen(dtext),
		"data/verdict.conf", NULL, 0);
	if (rc == KENSA_ENOMEM) {
		kn_config_dispose(&defaults);
		return rc;
	}
	for (int t = 0; t < KN_THR_COUNT; t++)
		if (!kn_config_threshold(cfg, (kn_threshold)t, &thr[t]) &&
		    !kn_config_threshold(&defaults, (kn_threshold)t, &thr[t]))
			thr[t] = fallback_thr[t];

	s = nf > 0 ? calloc(nf, sizeof(*s)) : NULL;
	if (nf > 0 && s == NULL) {
		kn_config_dispose(&defaults);
		return KENSA_ENOMEM;
	}
	for (size_t i = 0; i < nf; i++) {
		const kn_rule_entry *e;
		unsigned w = weigh(cfg, &defaults, &fs[i], &e);

		if (w == 0 || counted(s, n, fs[i].id, &w))
			continue;
		s[n].r.id = fs[i].id;
		s[n].r.weight = w;
		s[n].r.category = kn_category_name(e->category);
		for (int l = 0; l < KENSA_LANG_COUNT; l++)
			s[n].r.title[l] = fs[i].title[l];
		s[n].r.finding = i;
		s[n].signals = e->signals;
		s[n].cat = e->category;
		v->score += w;
		if (e->signals & KN_SIG_DECEPTION)
			v->deception += w;
		if (e->signals & KN_SIG_LURE)
			v->lure += w;
		if (e->signals & KN_SIG_BULK)
			v->bulk += w;
		if ((e->signals & KN_SIG_BULK) && (e->signals & KN_SIG_LURE))
			pitch += w;
		if (e->category == KN_CAT_SPAM || (e->signals & KN_SIG_BULK))
			spam += w;
		n++;
	}
	kn_config_dispose(&defaults);
	if (n > 1)
		qsort(s, n, sizeof(*s), cmp_reason);
	v->label = label(thr, v->score, v->deception, v->lure, pitch, spam);

	out = n > 0 ? kn_calloc(&a->ar, n, sizeof(*out)) : NULL;
	if (n > 0 && out == NULL) {
		free(s);
		return KENSA_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		out[i] = s[i].r;
		/* Findings are complete: the pointer stays valid. */
		out[i].evidence = &fs[s[i].r.finding].evidence;
	}
	v->reasons = out;
	v->reason_count = n;
	v->summary[KENSA_LANG_EN] = summary_en(a, v, s, n);
	v->summary[KENSA_LANG_JA] = summary_ja(a, v, s, n);
	free(s);
	return a->ar.oom ? KENSA_ENOMEM : 0;
}

KENSA_EXTERN(const kensa_verdict *)
kensa_analysis_verdict(const struct kensa_analysis *a)
{
	return a != NULL ? &a->verdict : NULL;
}
