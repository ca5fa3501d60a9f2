/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	authtext 3
 * SUMMARY
 *	Japanese text of the authentication stage's explanations
 * SYNOPSIS
 *	#include "auth/authtext.h"
 * DESCRIPTION
 *	The SPF, DKIM and DMARC modules explain their results in English
 *	(step notes, problems, reasons). kn_auth_ja() gives the Japanese
 *	text of those explanations for the Japanese report, from a
 *	catalogue keyed by the English text (gettext habit): exact
 *	messages, then messages with a fixed start followed by data, then
 *	the "<domain>: <message>" form of SPF problems. Anything else is
 *	returned as it is. kn_spf_path_line() writes one line of an SPF
 *	evaluation path in either language.
 * LIMITS
 *	A text not in the catalogue stays English.
 *--*/
#include "auth/authtext.h"

#include <string.h>

#include "util/str.h"

typedef struct {
	const char *en, *ja;
} kn_msg;

/* Whole messages. */
static const kn_msg exact[] = {
	/* SPF step notes (spf.c) */
	{ "match", "一致" },
	{ "redirect", "redirect(転送)" },
	{ "lookup limit", "問い合わせ回数の上限" },
	{ "error", "エラー" },
	{ "invalid domain", "無効なドメイン名" },
	{ "no SPF record", "SPF レコードなし" },
	{ "record lookup failed", "レコードの問い合わせに失敗" },
	{ KN_SPF_NOT_LOOKED_UP, "未問い合わせ(オフライン)" },
	{ "no match (the included record did not pass)",
	  "不一致(include 先のレコードは pass になりません)" },
	{ "no mechanism matched: default", "一致するメカニズムなし: 既定値" },
	/* SPF problems and errors (spf.c) */
	{ "out of memory", "メモリ不足" },
	{ "macro expansion failed", "マクロの展開に失敗" },
	{ "include gave temperror", "include の結果が temperror" },
	{ "include gave permerror", "include の結果が permerror" },
	{ "include target has no SPF record (RFC 7208 5.2)",
	  "include 先に SPF レコードがありません(RFC 7208 5.2)" },
	{ "more than 10 DNS-querying terms (RFC 7208 4.6.4)",
	  "DNS を問い合わせる項が 10 を超えています(RFC 7208 4.6.4)" },
	{ "more than 2 void lookups (RFC 7208 4.6.4)",
	  "空の応答が 2 回を超えています(RFC 7208 4.6.4)" },
	{ "more than 10 MX names (RFC 7208 4.6.4)",
	  "MX 名が 10 を超えています(RFC 7208 4.6.4)" },
	{ "include/redirect nesting too deep", "include/redirect の入れ子が深すぎます" },
	{ "not a valid multi-label domain (RFC 7208 4.3)",
	  "複数ラベルの有効なドメイン名ではありません(RFC 7208 4.3)" },
	{ "redirect macro expansion failed", "redirect のマクロ展開に失敗" },
	{ "redirect target has no SPF record (RFC 7208 6.1)",
	  "redirect 先に SPF レコードがありません(RFC 7208 6.1)" },
	{ "terms must be separated by spaces", "項が空白で区切られていません" },
	{ "character outside printable US-ASCII",
	  "印字可能な US-ASCII 以外の文字があります" },
	{ "duplicate modifier", "修飾子が重複しています" },
	{ "bad domain-spec in modifier", "修飾子の domain-spec が不正です" },
	{ "bad macro-string in modifier", "修飾子の macro-string が不正です" },
	/* not evaluated (auth.c) */
	{ "not evaluated: offline", "未評価: オフライン" },
	{ "not evaluated: internal error", "未評価: 内部エラー" },
	{ "not evaluated: no originating IP in the Received chain",
	  "未評価: Received の記録に送信元 IP がありません" },
	{ "not evaluated: no Return-Path and no HELO domain",
	  "未評価: Return-Path も HELO のドメイン名もありません" },
	{ "not evaluated: null sender and no HELO domain",
	  "未評価: 空の送信者で HELO のドメイン名もありません" },
	{ "not evaluated: no From domain", "未評価: From のドメインがありません" },
	{ "no HELO name in the Received field",
	  "Received フィールドに HELO 名がありません" },
	/* DMARC (dmarc.c) */
	{ "no usable RFC5322.From domain", "使える RFC5322.From のドメインがありません" },
	{ "no DMARC record for the From domain or its organizational domain",
	  "From のドメインにも組織ドメインにも DMARC レコードがありません" },
	{ "DMARC record without a valid p= (and no valid rua=)",
	  "有効な p= (および rua=)のない DMARC レコードです" },
	/* DKIM (dkim.c) */
	{ "not verified", "未検証" },
	{ "signature verified", "署名を検証しました" },
	{ "signature verified, but rsa-sha1 is no longer acceptable (RFC 8301 "
	  "3.1)", "署名を検証しましたが、rsa-sha1 はもう使用できません(RFC 8301 "
	  "3.1)" },
	{ "body hash mismatch (body changed after signing)",
	  "本文のハッシュが一致しません(署名後に本文が変更されています)" },
	{ "too many signatures; not verified", "署名が多すぎるため検証していません" },
	{ "no v= tag (pre-RFC 6376 signature; 3.5 requires v=1)",
	  "v= タグがありません(RFC 6376 以前の署名。3.5 は v=1 を求めます)" },
	{ "a required tag is missing (a, b, bh, d, h, s; 3.5)",
	  "必須のタグがありません(a, b, bh, d, h, s。3.5)" },
	{ "d= is not a domain name (3.5)", "d= がドメイン名ではありません(3.5)" },
	{ "s= is empty (3.5)", "s= が空です(3.5)" },
	{ "h= does not sign From (5.4, 6.1.1)",
	  "h= が From を署名対象にしていません(5.4、6.1.1)" },
	{ "b= is not base64 (3.5)", "b= が base64 ではありません(3.5)" },
	{ "bh= is not base64 (3.5)", "bh= が base64 ではありません(3.5)" },
};

/* A fixed start followed by data (kept), optionally a fixed end. */
static const struct {
	const char *en, *ja, *en_end, *ja_end;
} prefixed[] = {
	{ "DNS failure looking up ", "問い合わせ失敗: ", NULL, NULL },
	{ "several DMARC records at ", "DMARC レコードが複数あります: ",
	  " (6.6.3 step 5)", "(6.6.3 step 5)" },
	{ "aligned DKIM pass ", "アライメントの取れた DKIM pass ", NULL, NULL },
	{ "aligned SPF pass ", "アライメントの取れた SPF pass ", NULL, NULL },
	{ "the HELO name ", "HELO 名 ", " is not a domain name (RFC 7208 2.3)",
	  " はドメイン名ではありません(RFC 7208 2.3)" },
	{ "syntax error: ", "構文エラー: ", NULL, NULL },
	{ "DNS ", "DNS 応答 ", NULL, NULL },
	{ "signature tag-list syntax error: ", "署名のタグ列の構文エラー: ",
	  NULL, NULL },
	{ "key record syntax error: ", "鍵レコードの構文エラー: ", NULL, NULL },
	{ "unknown algorithm ", "未知のアルゴリズム ", NULL, NULL },
	{ "unknown canonicalization ", "未知の正規化 ", NULL, NULL },
	{ "signature expired before delivery ", "配送前に署名の有効期限切れ ",
	  NULL, NULL },
	{ "signature verified; x= ", "署名を検証しました。x= ",
	  " passed after delivery, not counted (3.5)",
	  " は配送後に過ぎたもので、数えません(3.5)" },
	{ "signature expired ", "署名の有効期限切れ ", NULL, NULL },
};

static const char *
lookup_exact(const char *en)
{
	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (strcmp(en, exact[i].en) == 0)
			return exact[i].ja;
	return NULL;
}

/* "no aligned pass: SPF <r>[ for <d>], DKIM <x>; policy <p>[ (sp=...)]"
 * (dmarc.c) in Japanese; NULL when en is not of that form. */
static const char *
dmarc_fail_ja(kn_arena *ar, const char *en)
{
	static const char head[] = "no aligned pass: SPF ";
	const char *spf, *dkim, *pol;

	if (strncmp(en, head, sizeof(head) - 1) != 0 ||
	    (dkim = strstr(en, ", DKIM ")) == NULL ||
	    (pol = strstr(dkim, "; policy ")) == NULL)
		return NULL;
	spf = en + sizeof(head) - 1;
	{
		const char *sp_for = strstr(spf, " for ");
		const char *spf_ja, *dk, *pv;
		if (sp_for != NULL && sp_for < dkim)
			spf_ja = kn_sprintf(ar, "%.*s(%.*s)", (int)(sp_for - spf),
				spf, (int)(dkim - sp_for - 5), sp_for + 5);
		else
			spf_ja = kn_strndup(ar, spf, (size_t)(dkim - spf));
		dk = kn_strndup(ar, dkim + 7, (size_t)(pol - dkim - 7));
		if (dk != NULL && strcmp(dk, "not aligned or not passing") == 0)
			dk = "アライメントなし、または pass でない";
		pv = pol + 9;
		if (strstr(pv, " (sp=, subdomain)") != NULL)
			pv = kn_sprintf(ar, "%.*s(sp=、サブドメイン)",
				(int)(strstr(pv, " (sp=") - pv), pv);
		return kn_sprintf(ar, "アライメントの取れた pass がありません: "
			"SPF %s、DKIM %s、ポリシー %s", spf_ja, dk, pv);
	}
}

const char *
kn_auth_ja(kn_arena *ar, const char *en)
{
	const char *ja, *colon, *r;

	if (en == NULL)
		return NULL;
	if ((ja = lookup_exact(en)) != NULL)
		return ja;
	if (ar == NULL)
		return en;
	if ((ja = dmarc_fail_ja(ar, en)) != NULL)
		return ja;
	for (size_t i = 0; i < sizeof(prefixed) / sizeof(prefixed[0]); i++) {
		size_t pl = strlen(prefixed[i].en), n = strlen(en), el;

		if (strncmp(en, prefixed[i].en, pl) != 0)
			continue;
		if (prefixed[i].en_end == NULL) {
			/* "DNS TIMEOUT for x": "for" joins data in English */
			const char *rest = en + pl, *f = strstr(rest, " for ");
			if (strcmp(prefixed[i].en, "DNS ") == 0 && f != NULL)
				return kn_sprintf(ar, "%s の DNS 応答 %.*s",
					f + 5, (int)(f - rest), rest);
			r = kn_sprintf(ar, "%s%s", prefixed[i].ja, rest);
			return r ? r : en;
		}
		el = strlen(prefixed[i].en_end);
		if (n < pl + el || strcmp(en + n - el, prefixed[i].en_end) != 0)
			continue;
		r = kn_sprintf(ar, "%s%.*s%s", prefixed[i].ja, (int)(n - pl - el),
			en + pl, prefixed[i].ja_end);
		return r ? r : en;
	}
	/* SPF problems: "<domain>: <message>" */
	colon = strstr(en, ": ");
	if (colon != NULL && memchr(en, ' ', (size_t)(colon - en)) == NULL) {
		const char *what = kn_auth_ja(ar, colon + 2);
		if (what != NULL && strcmp(what, colon + 2) != 0) {
			r = kn_sprintf(ar, "%.*s: %s", (int)(colon - en), en, what);
			return r ? r : en;
		}
	}
	return en;
}

const char *
kn_spf_path_line(kn_arena *ar, const kn_spf_step *s, bool ja)
{
	unsigned ind = s->depth > 10 ? 20 : s->depth * 2;
	const char *note = s->note;

	if (ja && note != NULL)
		note = kn_auth_ja(ar, note);
	if (s->term == NULL) {
		bool shown = s->note && strcmp(s->note, "record") != 0;
		if (s->record == NULL && s->note != NULL &&
		    strcmp(s->note, KN_SPF_NOT_LOOKED_UP) == 0)
			return kn_sprintf(ar, "%*s%s: %s", (int)ind, "",
				s->domain, note);
		if (s->record == NULL)
			return kn_sprintf(ar, "%*s%s: %s%s%s%s", (int)ind, "",
				s->domain, ja ? "レコードなし" : "no record",
				shown ? (ja ? "(" : " (") : "", shown ? note : "",
				shown ? (ja ? ")" : ")") : "");
		return kn_sprintf(ar, ja ? "%*s%s: レコード「%s」%s%s%s" :
			"%*s%s: record \"%s\"%s%s%s", (int)ind, "", s->domain,
			s->record, shown ? (ja ? "(" : " (") : "",
			shown ? note : "", shown ? (ja ? ")" : ")") : "");
	}
	if (s->result == KN_SPF_NONE && note != NULL)
		return kn_sprintf(ar, "%*s%s: %s", (int)ind, "", s->term, note);
	return kn_sprintf(ar, "%*s%s -> %s%s%s", (int)ind, "", s->term,
		kn_spf_result_name(s->result), note ? ": " : "",
		note ? note : "");
}
