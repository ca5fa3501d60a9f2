/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	check 3
 * SUMMARY
 *	header consistency checks of the message stage
 * DESCRIPTION
 *	kn_message_check() runs after the trace and the recipient are
 *	known (a->recipient_domain may be NULL) and turns contradictions
 *	among the header facts into findings, each quoting the field that
 *	proves it: a From display name that names the recipient's own
 *	domain or another address, Return-Path / Reply-To / Message-ID
 *	domains that differ from From's, missing or odd Date, Message-ID
 *	and From fields, and the local spam filter's verdict (or the
 *	absence of one, reported as a fact and not as a sign of safety).
 *	Domains are compared at the organizational domain (kn_org_domain).
 * STANDARDS
 *	RFC 5322 sections 3.3, 3.6.1-3.6.4; RFC 7489 section 3.2.
 * LIMITS
 *	KN_CHECK_NAME_DOMAINS domains are taken from one display name.
 *--*/
#include "analysis.h"

#include <string.h>
#include <strings.h>
#include <stdio.h>
#include <time.h>

#include "util/date.h"
#include "util/domain.h"
#include "util/str.h"

/* Domains looked at in one display name. */
#define KN_CHECK_NAME_DOMAINS 8
/* A Date more than this after "now" is in the future (clock skew of
 * hours is common; a day is not). */
#define KN_CHECK_FUTURE_SLACK ((int64_t)86400)

static const kn_rule rule_name_recipient = {
	"display-name-is-recipient-domain", "message", KENSA_SEV_HIGH,
	{ "Sender name shows the recipient's own domain",
	  "差出人名に受信者自身のドメインが表示されています" },
	{ "The From display name \"{1}\" names {2}, the recipient's domain, but "
	  "the address is {3} at another organisation ({4}). Phishing uses this "
	  "to pose as the recipient's own mail administrator.",
	  "From の表示名「{1}」は受信者のドメイン {2} を名乗っていますが、アドレス"
	  "は別組織({4})の {3} です。受信者側のメール管理者を装うフィッシングの"
	  "手口です。" },
};

static const kn_rule rule_name_other = {
	"display-name-other-address", "message", KENSA_SEV_MEDIUM,
	{ "Sender name shows a different address or domain",
	  "差出人名に別のアドレスまたはドメインが表示されています" },
	{ "The From display name \"{1}\" shows {2}, but the message is from {3} "
	  "({4}); mail programs often show only the name.",
	  "From の表示名「{1}」は {2} を示していますが、実際の差出人は {3}({4})"
	  "です。メールソフトは表示名だけを見せることが多くあります。" },
};

static const kn_rule rule_rp_mismatch = {
	"return-path-domain-mismatch", "message", KENSA_SEV_LOW,
	{ "Return-Path domain differs from the From domain",
	  "Return-Path のドメインが From のドメインと異なります" },
	{ "Return-Path (envelope sender) {1} is at {2}, From {3} at {4}. Mailing "
	  "lists and bulk senders do this legitimately; a forger does too.",
	  "Return-Path(エンベロープ送信者){1} は {2}、From {3} は {4} です。メーリ"
	  "ングリストや配信事業者も正当にこうしますが、なりすましも同じです。" },
};

static const kn_rule rule_reply_to = {
	"reply-to-other-domain", "message", KENSA_SEV_MEDIUM,
	{ "Replies go to another domain", "返信先が別のドメインです" },
	{ "Reply-To {1} ({2}) differs from From {3} ({4}): replies would not "
	  "reach the apparent sender.",
	  "Reply-To {1}({2})は From {3}({4})と異なり、返信は見かけの差出人に"
	  "届きません。" },
};

static const kn_rule rule_reply_to_free = {
	"reply-to-other-domain", "message", KENSA_SEV_HIGH,
	{ "Replies go to a free-mail address", "返信先がフリーメールのアドレスです" },
	{ "Reply-To {1} is a free-mail address ({2}) while From is {3} ({4}): "
	  "a pattern of business e-mail compromise and advance-fee fraud.",
	  "Reply-To {1} はフリーメール({2})で、From は {3}({4})です。ビジネス"
	  "メール詐欺や前払い詐欺の典型です。" },
};

static const kn_rule rule_msgid_mismatch = {
	"message-id-domain-mismatch", "message", KENSA_SEV_INFO,
	{ "Message-ID domain differs from the From domain",
	  "Message-ID のドメインが From のドメインと異なります" },
	{ "Message-ID {1} was made at {2}, From is at {3}. Common with hosted "
	  "senders; a weak sign on its own.",
	  "Message-ID {1} は {2} で生成され、From は {3} です。配信サービス経由では"
	  "普通のことで、単独では弱い兆候です。" },
};

static const kn_rule rule_msgid_missing = {
	"message-id-missing", "message", KENSA_SEV_LOW,
	{ "No Message-ID", "Message-ID がありません" },
	{ "The message has no Message-ID field; RFC 5322 section 3.6.4 says "
	  "every message SHOULD have one, and mail programs always add it.",
	  "Message-ID フィールドがありません。RFC 5322 3.6.4 節はすべてのメッセージ"
	  "に付けるべきとしており、メールソフトは必ず付けます。" },
};

static const kn_rule rule_date_missing = {
	"date-missing", "message", KENSA_SEV_LOW,
	{ "No Date field", "Date フィールドがありません" },
	{ "The message has no Date field, which RFC 5322 section 3.6 requires.",
	  "RFC 5322 3.6 節で必須の Date フィールドがありません。" },
};

static const kn_rule rule_date_bad = {
	"date-unparseable", "message", KENSA_SEV_LOW,
	{ "Date field cannot be read", "Date フィールドを解読できません" },
	{ "The Date field \"{1}\" is not an RFC 5322 date.",
	  "Date フィールド「{1}」は RFC 5322 の日時ではありません。" },
};

static const kn_rule rule_date_future = {
	"date-in-future", "message", KENSA_SEV_MEDIUM,
	{ "Date lies in the future", "日時が未来になっています" },
	{ "The Date field ({1}) is {2} hours after the time of analysis.",
	  "Date フィールド({1})は解析時刻より {2} 時間後です。" },
};

static const kn_rule rule_date_wday = {
	"date-weekday-mismatch", "message", KENSA_SEV_LOW,
	{ "Date names the wrong weekday", "Date の曜日が誤っています" },
	{ "The Date field \"{1}\" names {2}, but that date is a {3}. Mail "
	  "programs compute the weekday; a hand-made header gets it wrong.",
	  "Date フィールド「{1}」の曜日は {2} ですが、その日付は {3} です。メール"
	  "ソフトは曜日を計算しますが、手作りのヘッダは誤ります。" },
};

static const kn_rule rule_from_missing = {
	"from-missing", "message", KENSA_SEV_MEDIUM,
	{ "No From address", "From のアドレスがありません" },
	{ "The message has no From field with an address, which RFC 5322 "
	  "section 3.6 requires.",
	  "RFC 5322 3.6 節で必須の、アドレスを持つ From フィールドがありません。" },
};

static const kn_rule rule_from_multiple = {
	"from-multiple", "message", KENSA_SEV_MEDIUM,
	{ "More than one From field", "From フィールドが複数あります" },
	{ "The message has {1} From fields (RFC 5322 allows one); programs "
	  "disagree on which one they show, and authentication checks may read "
	  "another.",
	  "From フィールドが {1} 個あります(RFC 5322 では 1 個)。表示される From と"
	  "認証で検査される From が食い違うおそれがあります。" },
};

static const kn_rule rule_no_spam_tag = {
	"no-spam-tag", "message", KENSA_SEV_INFO,
	{ "Not marked as spam by the local filter",
	  "受信側フィルタは迷惑メールと判定していません" },
	{ "There is no X-Spam-Flag or X-Spam-Status field and no spam tag in the "
	  "Subject: the local filter let it through. This is a fact, not "
	  "evidence of safety.",
	  "X-Spam-Flag / X-Spam-Status フィールドも件名の迷惑メール表示もなく、受信"
	  "側のフィルタを通過しています。事実として示すもので、安全の根拠ではあり"
	  "ません。" },
};

static const kn_rule rule_spam_tagged = {
	"spam-tagged", "message", KENSA_SEV_MEDIUM,
	{ "Marked as spam by a filter", "フィルタが迷惑メールと判定しています" },
	{ "A spam filter marked the message: {1}.",
	  "迷惑メールフィルタの判定があります: {1}。" },
};

/* Free-mail providers whose addresses anyone can create. */
static const char *const freemail[] = {
	"gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.jp", "ymail.com",
	"outlook.com", "outlook.jp", "hotmail.com", "hotmail.co.jp", "live.com",
	"live.jp", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com",
	"gmx.com", "gmx.net", "mail.com", "protonmail.com", "proton.me",
	"yandex.com", "yandex.ru", "mail.ru", "qq.com", "163.com", "126.com",
	"zoho.com",
};

static const char *const wdays[7] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	"Fri", "Sat" };

static bool
is_freemail(const char *org)
{
	for (size_t i = 0; org && i < sizeof(freemail) / sizeof(freemail[0]); i++) {
		if (strcmp(org, freemail[i]) == 0)
			return true;
	}
	return false;
}

static bool
dom_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* Case-insensitive search for domain d in s at label boundaries. */
static bool
name_has_domain(const char *s, const char *d)
{
	size_t n = strlen(d), sl = strlen(s);

	if (n == 0)
		return false;
	for (size_t i = 0; i + n <= sl; i++) {
		if (strncasecmp(s + i, d, n) != 0)
			continue;
		if (i > 0 && dom_char(s[i - 1]) && s[i - 1] != '.' && s[i - 1] != '@')
			continue;
		if (i + n < sl && dom_char(s[i + n]) && s[i + n] != '.')
			continue;
		return true;
	}
	return false;
}

static const char *
org_of(kensa_analysis *a, const char *domain)
{
	return kn_org_domain(&a->ar, domain);
}

static bool
same_org(const char *x, const char *y)
{
	return x != NULL && y != NULL && strcmp(x, y) == 0;
}

static void
check_display_name(kensa_analysis *a, const char *from_org)
{
	const kensa_address *f = &a->msg.from;
	const char *name = f->display_name;
	const char *rorg = org_of(a, a->recipient_domain);
	size_t i = 0, found = 0, len;

	if (name == NULL || f->address == NULL)
		return;
	if (rorg != NULL && !same_org(rorg, from_org) &&
	    name_has_domain(name, rorg)) {
		kensa_evidence ev = kn_ev_header(a, "From", 1);
		KN_FINDING(a, &rule_name_recipient, &ev, name, a->recipient_domain,
			f->address, from_org ? from_org : "-");
	}
	/* Domain-like tokens of the name (an address's domain included). */
	len = strlen(name);
	while (i < len && found < KN_CHECK_NAME_DOMAINS) {
		size_t s, e;
		const char *tok, *org, *at;
		while (i < len && !dom_char(name[i]))
			i++;
		s = i;
		while (i < len && (dom_char(name[i]) || name[i] == '@'))
			i++;
		e = i;
		while (e > s && (name[e - 1] == '.' || name[e - 1] == '-'))
			e--;
		if (e <= s)
			continue;
		tok = kn_strndup(&a->ar, name + s, e - s);
		if (tok == NULL)
			return;
		at = strrchr(tok, '@');
		if (at != NULL)
			tok = at + 1;
		if (strchr(tok, '.') == NULL ||
		    !kn_domain_suffix_known(tok, strlen(tok)))
			continue;
		found++;
		org = org_of(a, tok);
		if (org == NULL || same_org(org, from_org) || same_org(org, rorg))
			continue;
		{
			kensa_evidence ev = kn_ev_header(a, "From", 1);
			KN_FINDING(a, &rule_name_other, &ev, name,
				kn_strndup(&a->ar, name + s, e - s), f->address,
				from_org ? from_org : "-");
		}
		return;
	}
}

static void
check_domains(kensa_analysis *a, const char *from_org)
{
	const kensa_message_facts *m = &a->msg;

	if (from_org == NULL)
		return;
	if (m->return_path != NULL && m->return_path_domain != NULL) {
		const char *o = org_of(a, m->return_path_domain);
		if (o != NULL && !same_org(o, from_org)) {
			kensa_evidence ev = kn_ev_header(a, "Return-Path", 1);
			KN_FINDING(a, &rule_rp_mismatch, &ev, m->return_path, o,
				m->from.address, from_org);
		}
	}
	if (m->reply_to.domain != NULL) {
		const char *o = org_of(a, m->reply_to.domain);
		if (o != NULL && !same_org(o, from_org)) {
			kensa_evidence ev = kn_ev_header(a, "Reply-To", 1);
			KN_FINDING(a, is_freemail(o) ? &rule_reply_to_free : &rule_reply_to,
				&ev, m->reply_to.address, o, m->from.address, from_org);
		}
	}
	if (m->message_id_domain != NULL) {
		const char *o = org_of(a, m->message_id_domain);
		if (o != NULL && !same_org(o, from_org)) {
			kensa_evidence ev = kn_ev_header(a, "Message-ID", 1);
			KN_FINDING(a, &rule_msgid_mismatch, &ev, m->message_id, o,
				from_org);
		}
	}
}

static void
check_date(kensa_analysis *a)
{
	const kensa_message_facts *m = &a->msg;
	kensa_evidence ev = kn_ev_header(a, "Date", 1);
	int64_t now = a->opts.now != 0 ? a->opts.now : (int64_t)time(NULL);
	kn_date dt;

	if (m->date_raw == NULL) {
		KN_FINDING(a, &rule_date_missing, NULL);
		return;
	}
	if (!m->date_valid) {
		KN_FINDING(a, &rule_date_bad, &ev, m->date_raw);
		return;
	}
	if (m->date_utc > now + KN_CHECK_FUTURE_SLACK) {
		char hours[32];
		snprintf(hours, sizeof(hours), "%lld",
			(long long)((m->date_utc - now) / 3600));
		KN_FINDING(a, &rule_date_future, &ev, m->date_raw, hours);
	}
	if (kn_date_parse(m->date_raw, strlen(m->date_raw), &dt) &&
	    dt.wday_written >= 0 && dt.wday_written < 7 &&
	    dt.wday_actual >= 0 && dt.wday_actual < 7 &&
	    dt.wday_written != dt.wday_actual)
		KN_FINDING(a, &rule_date_wday, &ev, m->date_raw,
			wdays[dt.wday_written], wdays[dt.wday_actual]);
}

static void
check_spam(kensa_analysis *a)
{
	const kensa_message_facts *m = &a->msg;

	if (m->spam_flag == NULL && m->spam_status == NULL &&
	    m->subject_spam_tag == NULL) {
		kensa_evidence ev = kn_ev_header(a, "Subject", 1);
		KN_FINDING(a, &rule_no_spam_tag, &ev);
		return;
	}
	if (m->subject_spam_tag != NULL) {
		kensa_evidence ev = kn_ev_header(a, "Subject", 1);
		KN_FINDING(a, &rule_spam_tagged, &ev, m->subject_spam_tag);
	} else if (m->spam_flag != NULL && kn_str_iprefix(m->spam_flag,
	    strlen(m->spam_flag), "yes")) {
		kensa_evidence ev = kn_ev_header(a, "X-Spam-Flag", 1);
		KN_FINDING(a, &rule_spam_tagged, &ev, "X-Spam-Flag: YES");
	} else if (m->spam_status != NULL && kn_str_iprefix(m->spam_status,
	    strlen(m->spam_status), "yes")) {
		kensa_evidence ev = kn_ev_header(a, "X-Spam-Status", 1);
		KN_FINDING(a, &rule_spam_tagged, &ev, m->spam_status);
	}
	/* A filter that ran and said "No" is recorded in the facts only. */
}

int
kn_message_check(kensa_analysis *a)
{
	const kensa_message_facts *m = &a->msg;
	const char *from_org = org_of(a, m->from.domain);

	if (m->from.address == NULL) {
		kensa_evidence ev = kn_ev_header(a, "From", 1);
		KN_FINDING(a, &rule_from_missing, m->from_count ? &ev : NULL);
	}
	if (m->from_count > 1) {
		char n[16];
		kensa_evidence ev = kn_ev_header(a, "From", 2);
		snprintf(n, sizeof(n), "%u", m->from_count);
		KN_FINDING(a, &rule_from_multiple, &ev, n);
	}
	check_display_name(a, from_org);
	check_domains(a, from_org);
	if (m->message_id == NULL)
		KN_FINDING(a, &rule_msgid_missing, NULL);
	check_date(a);
	check_spam(a);
	return a->ar.oom ? KENSA_ENOMEM : 0;
}
