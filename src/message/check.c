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
 *	domains that differ from From's, a Reply-To at the same free-mail
 *	provider as From but another mailbox (another person), missing or odd Date, Message-ID
 *	and From fields (an empty, domainless or non-FQDN From mailbox,
 *	several From mailboxes without a Sender), a Subject that claims a
 *	reply or forward on a message with no thread fields and no quoted
 *	text, the recipient's own address in the Subject, and the local
 *	spam filter's verdict (or the absence of one, reported as a fact
 *	and not as a sign of safety).
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

#include "message/parse.h"
#include "util/date.h"
#include "util/domain.h"
#include "util/str.h"
#include "verdict/rules.h"

/* Domains looked at in one display name. */
#define KN_CHECK_NAME_DOMAINS 8
/* A Date more than this after "now" is in the future (clock skew of
 * hours is common; a day is not). */
#define KN_CHECK_FUTURE_SLACK ((int64_t)86400)
/* Mailboxes of one From field looked at. */
#define KN_CHECK_FROM_MAX 64
/* Bytes of a text part searched for quoted earlier mail. */
#define KN_CHECK_QUOTE_SCAN ((size_t)256 * 1024)

/* Free-mail providers whose addresses anyone can create. */
static const char *const freemail[] = {
	"gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.jp", "ymail.com",
	"outlook.com", "outlook.jp", "hotmail.com", "hotmail.co.jp", "live.com",
	"live.jp", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com",
	"gmx.com", "gmx.net", "mail.com", "protonmail.com", "proton.me",
	"yandex.com", "yandex.ru", "mail.ru", "qq.com", "163.com", "126.com",
	"zoho.com", "aliyun.com", "web.de", "gmx.de", "libero.it", "seznam.cz",
	"naver.com", "rediffmail.com", "indamail.hu", "yahoo.co.uk",
	"hotmail.co.uk", "hotmail.fr", "laposte.net", "orange.fr",
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
		KN_FINDING(a, KN_RULE(message, display_name_is_recipient_domain), &ev, name, a->recipient_domain,
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
			KN_FINDING(a, KN_RULE(message, display_name_other_address), &ev, name,
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
			KN_FINDING(a, KN_RULE(message, return_path_domain_mismatch), &ev, m->return_path, o,
				m->from.address, from_org);
		}
	}
	if (m->reply_to.domain != NULL) {
		const char *o = org_of(a, m->reply_to.domain);
		if (o != NULL && !same_org(o, from_org)) {
			kensa_evidence ev = kn_ev_header(a, "Reply-To", 1);
			KN_FINDING(a, is_freemail(o) ? KN_RULE_V(message, reply_to_other_domain, free_mail) : KN_RULE(message, reply_to_other_domain),
				&ev, m->reply_to.address, o, m->from.address, from_org);
		} else if (o != NULL && is_freemail(o) && m->reply_to.address != NULL &&
		    m->from.address != NULL &&
		    strcasecmp(m->reply_to.address, m->from.address) != 0) {
			/* Same free-mail provider, another mailbox: another person. */
			kensa_evidence ev = kn_ev_header(a, "Reply-To", 1);
			KN_FINDING(a, KN_RULE(message, reply_to_other_mailbox), &ev,
				m->from.address, m->reply_to.address, o);
		}
	}
	if (m->message_id_domain != NULL) {
		const char *o = org_of(a, m->message_id_domain);
		if (o != NULL && !same_org(o, from_org)) {
			kensa_evidence ev = kn_ev_header(a, "Message-ID", 1);
			KN_FINDING(a, KN_RULE(message, message_id_domain_mismatch), &ev, m->message_id, o,
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
		KN_FINDING(a, KN_RULE(message, date_missing), NULL);
		return;
	}
	if (!m->date_valid) {
		KN_FINDING(a, KN_RULE(message, date_unparseable), &ev, m->date_raw);
		return;
	}
	if (m->date_utc > now + KN_CHECK_FUTURE_SLACK) {
		char hours[32];
		snprintf(hours, sizeof(hours), "%lld",
			(long long)((m->date_utc - now) / 3600));
		KN_FINDING(a, KN_RULE(message, date_in_future), &ev, m->date_raw, hours);
	}
	if (kn_date_parse(m->date_raw, strlen(m->date_raw), &dt) &&
	    dt.wday_written >= 0 && dt.wday_written < 7 &&
	    dt.wday_actual >= 0 && dt.wday_actual < 7 &&
	    dt.wday_written != dt.wday_actual)
		KN_FINDING(a, KN_RULE(message, date_weekday_mismatch), &ev, m->date_raw,
			wdays[dt.wday_written], wdays[dt.wday_actual]);
}

static void
check_spam(kensa_analysis *a)
{
	const kensa_message_facts *m = &a->msg;

	if (m->spam_flag == NULL && m->spam_status == NULL &&
	    m->subject_spam_tag == NULL) {
		kensa_evidence ev = kn_ev_header(a, "Subject", 1);
		KN_FINDING(a, KN_RULE(message, no_spam_tag), &ev);
		return;
	}
	if (m->subject_spam_tag != NULL) {
		kensa_evidence ev = kn_ev_header(a, "Subject", 1);
		KN_FINDING(a, KN_RULE(message, spam_tagged), &ev, m->subject_spam_tag);
	} else if (m->spam_flag != NULL && kn_str_iprefix(m->spam_flag,
	    strlen(m->spam_flag), "yes")) {
		kensa_evidence ev = kn_ev_header(a, "X-Spam-Flag", 1);
		KN_FINDING(a, KN_RULE(message, spam_tagged), &ev, "X-Spam-Flag: YES");
	} else if (m->spam_status != NULL && kn_str_iprefix(m->spam_status,
	    strlen(m->spam_status), "yes")) {
		kensa_evidence ev = kn_ev_header(a, "X-Spam-Status", 1);
		KN_FINDING(a, KN_RULE(message, spam_tagged), &ev, m->spam_status);
	}
	/* A filter that ran and said "No" is recorded in the facts only. */
}

/* Is the domain d (n bytes, as written after the '@') a usable
 * fully-qualified name: two or more labels of letters, digits, '-',
 * '_' or UTF-8 (RFC 6532), none empty or longer than 63 bytes, no
 * trailing dot (RFC 5322 section 3.4.1 dot-atom)? A domain literal
 * ("[192.0.2.1]") passes. */
static bool
fqdn_ok(const char *d, size_t n)
{
	size_t label = 0, labels = 0;

	if (n == 0)
		return false;
	if (d[0] == '[')
		return d[n - 1] == ']';
	if (n > 253)
		return false;
	for (size_t i = 0; i <= n; i++) {
		unsigned char c = i < n ? (unsigned char)d[i] : '.';
		if (c == '.') {
			if (label == 0 || label > 63)
				return false;
			labels++;
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c >= 0x80) {
			label++;
		} else {
			return false;
		}
	}
	return labels >= 2;
}

/* Does the Sender field hold a mailbox with an address at a domain? */
static bool
sender_usable(const kensa_message_facts *m)
{
	return m->sender.address != NULL && m->sender.domain != NULL &&
	       strchr(m->sender.address, '@') != NULL;
}

/*
 * The mailboxes of the first From field (RFC 5322 section 3.6.2): one
 * whose address is empty ("<>"), has no '@domain' or a domain that is
 * not a fully-qualified name is from-address-invalid (the first such
 * one; a first mailbox without address is from-missing already); more
 * than one mailbox without a usable Sender is from-multiple/mailboxes
 * (unless there are several From fields: from-multiple).
 */
static void
check_from_mailboxes(kensa_analysis *a)
{
	const kensa_message_facts *m = &a->msg;
	const kensa_header *h = kn_header_get(a, "From", 1);
	kn_vec v = { 0 };
	size_t n;

	if (h == NULL || h->raw == NULL)
		return;
	n = kn_address_list_parse(&a->ar, h->raw, strlen(h->raw), &v,
		KN_CHECK_FROM_MAX, NULL);
	for (size_t i = 0; i < v.count; i++) {
		const kensa_address *ad = &((const kensa_address *)v.items)[i];
		const char *at, *en, *ja;
		kensa_evidence ev;

		if (ad->address == NULL) {
			if (i == 0)
				continue; /* from-missing */
			en = "the address is empty (<>)";
			ja = "アドレスが空(<>)です";
		} else if ((at = strrchr(ad->address, '@')) == NULL) {
			en = "there is no @domain";
			ja = "@ドメインがありません";
		} else if (!fqdn_ok(at + 1, strlen(at + 1))) {
			en = "the domain is not a fully-qualified domain name";
			ja = "ドメインが完全修飾ドメイン名ではありません";
		} else {
			continue;
		}
		ev = kn_ev_header(a, "From", 1);
		KN_FINDING(a, KN_RULE(message, from_address_invalid), &ev,
			ad->address != NULL ? ad->address : "<>", en, ja);
		break;
	}
	if (n > 1 && m->from_count <= 1 && !sender_usable(m)) {
		char cnt[24];
		kensa_evidence ev = kn_ev_header(a, "From", 1);
		snprintf(cnt, sizeof(cnt), "%zu", n);
		KN_FINDING(a, KN_RULE_V(message, from_multiple, mailboxes), &ev,
			cnt);
	}
}

/* Reply and forward prefixes of a Subject, lower-case ASCII or UTF-8:
 * English, German (AW, WG), Spanish/Portuguese (RV), French (TR),
 * Nordic (SV), Chinese (回复) and Japanese (返信). */
static const char *const reply_prefixes[] = {
	"re", "fw", "fwd", "aw", "wg", "rv", "tr", "sv", "回复", "返信",
};

/* Length of the reply/forward prefix that opens subject s ("Re:",
 * "[list] FW :", "Re[2]:", "返信："), with the prefix word in *word;
 * 0 when there is none. */
static size_t
reply_prefix(const char *s, const char **word)
{
	size_t i = 0, n = strlen(s);

	for (int tags = 0; tags < 4; tags++) {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < n && s[i] == '[') {
			const char *e = memchr(s + i, ']', n - i);
			if (e == NULL)
				return 0;
			i = (size_t)(e - s) + 1;
		}
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (size_t k = 0; k < sizeof(reply_prefixes) / sizeof(reply_prefixes[0]); k++) {
		size_t pl = strlen(reply_prefixes[k]), j = i + pl;
		if (j > n || strncasecmp(s + i, reply_prefixes[k], pl) != 0)
			continue;
		if (j < n && (s[j] == '[' || s[j] == '(')) { /* Re[2]: */
			size_t q = j + 1;
			while (q < n && s[q] >= '0' && s[q] <= '9')
				q++;
			if (q > j + 1 && q < n && (s[q] == ']' || s[q] == ')'))
				j = q + 1;
		}
		while (j < n && s[j] == ' ')
			j++;
		if (j < n && s[j] == ':') {
			*word = reply_prefixes[k];
			return j + 1;
		}
		if (j + 3 <= n && memcmp(s + j, "\xef\xbc\x9a", 3) == 0) {
			*word = reply_prefixes[k];
			return j + 3;
		}
	}
	return 0;
}

/* Markers of a quoted or forwarded earlier message in a body text. */
static const char *const quote_markers[] = {
	"-----original message-----", "original message", "forwarded message",
	"begin forwarded message", "wrote:", "writes:", "ursprüngliche nachricht",
	"mensaje original", "message d'origine", "mensagem original",
	"messaggio originale", "<blockquote", "gmail_quote", "divrplyfwdmsg",
	"書きました", "差出人:", "差出人：", "転送メッセージ", "元のメッセージ",
	"原始邮件", "\nfrom:", "\nvon:", "\nde:",
};

/* Does some text part of the message quote or forward an earlier one
 * (or carry it as a message/rfc822 part)? */
static bool
body_quotes(const kensa_analysis *a)
{
	const kensa_message_facts *m = &a->msg;

	for (size_t i = 0; i < m->part_count; i++) {
		const kensa_mime_part *p = &m->parts[i];
		size_t len;
		if (p->content_type != NULL &&
		    strcmp(p->content_type, "message/rfc822") == 0)
			return true;
		if (p->text == NULL || p->content_type == NULL ||
		    strncmp(p->content_type, "text/", 5) != 0)
			continue;
		len = p->text_length > KN_CHECK_QUOTE_SCAN ?
			KN_CHECK_QUOTE_SCAN : p->text_length;
		if (strcmp(p->content_type, "text/plain") == 0 && len > 0 &&
		    (p->text[0] == '>' || memmem(p->text, len, "\n>", 2) != NULL))
			return true;
		for (size_t k = 0; k < sizeof(quote_markers) / sizeof(quote_markers[0]); k++) {
			size_t ml = strlen(quote_markers[k]);
			for (size_t j = 0; j + ml <= len; j++)
				if (strncasecmp(p->text + j, quote_markers[k], ml) == 0)
					return true;
		}
	}
	return false;
}

/*
 * A Subject that says reply or forward on a message that has no
 * In-Reply-To, References (RFC 5322 section 3.6.4) or Thread-Index
 * (Exchange) field and quotes nothing: the conversation it claims does
 * not exist, a trick to look expected. On a mailing list (List-Id) old
 * mail programs that omit the fields are common: the list variant.
 */
static void
check_fake_reply(kensa_analysis *a)
{
	const kensa_message_facts *m = &a->msg;
	const char *word = NULL;
	size_t plen;
	kensa_evidence ev;

	if (m->subject == NULL || (plen = reply_prefix(m->subject, &word)) == 0)
		return;
	if (kn_header_get(a, "In-Reply-To", 1) != NULL ||
	    kn_header_get(a, "References", 1) != NULL ||
	    kn_header_get(a, "Thread-Index", 1) != NULL || body_quotes(a))
		return;
	ev = kn_ev_header(a, "Subject", 1);
	KN_FINDING(a, m->list_id != NULL ?
		KN_RULE_V(message, fake_reply, mailing_list) :
		KN_RULE(message, fake_reply), &ev,
		kn_strndup(&a->ar, m->subject, plen));
}

static bool
addr_char(char c)
{
	return dom_char(c) || c == '_' || c == '+' || c == '%' || c == '@';
}

/* Is address addr written in s as a whole address (not inside a longer
 * one)? Case-insensitive. */
static bool
has_address(const char *s, const char *addr)
{
	size_t n = strlen(addr), sl = strlen(s);

	if (n < 3 || strchr(addr, '@') == NULL)
		return false;
	for (size_t i = 0; i + n <= sl; i++) {
		if (strncasecmp(s + i, addr, n) != 0)
			continue;
		if (i > 0 && addr_char(s[i - 1]) && s[i - 1] != '.')
			continue;
		if (i + n < sl && addr_char(s[i + n]) && s[i + n] != '.')
			continue;
		if (i + n + 1 < sl && s[i + n] == '.' && addr_char(s[i + n + 1]))
			continue;
		return true;
	}
	return false;
}

/* The recipient's own address in the Subject: mail that addresses the
 * reader by address because the sender does not know the name. */
static void
check_subject_recipient(kensa_analysis *a)
{
	const kensa_message_facts *m = &a->msg;
	const char *hit = NULL;

	if (m->subject == NULL || strchr(m->subject, '@') == NULL)
		return;
	for (size_t i = 0; i < m->to_count && hit == NULL; i++)
		if (m->to[i].address != NULL && has_address(m->subject, m->to[i].address))
			hit = m->to[i].address;
	for (size_t i = 0; i < m->cc_count && hit == NULL; i++)
		if (m->cc[i].address != NULL && has_address(m->subject, m->cc[i].address))
			hit = m->cc[i].address;
	if (hit == NULL && m->delivered_to != NULL &&
	    has_address(m->subject, m->delivered_to))
		hit = m->delivered_to;
	if (hit == NULL && a->recipient != NULL &&
	    has_address(m->subject, a->recipient))
		hit = a->recipient;
	if (hit != NULL) {
		kensa_evidence ev = kn_ev_header(a, "Subject", 1);
		KN_FINDING(a, KN_RULE(message, subject_has_recipient), &ev, hit);
	}
}

int
kn_message_check(kensa_analysis *a)
{
	const kensa_message_facts *m = &a->msg;
	const char *from_org = org_of(a, m->from.domain);

	if (m->from.address == NULL) {
		kensa_evidence ev = kn_ev_header(a, "From", 1);
		KN_FINDING(a, KN_RULE(message, from_missing), m->from_count ? &ev : NULL);
	}
	if (m->from_count > 1) {
		char n[16];
		kensa_evidence ev = kn_ev_header(a, "From", 2);
		snprintf(n, sizeof(n), "%u", m->from_count);
		KN_FINDING(a, KN_RULE(message, from_multiple), &ev, n);
	}
	check_from_mailboxes(a);
	check_display_name(a, from_org);
	check_domains(a, from_org);
	check_fake_reply(a);
	check_subject_recipient(a);
	if (m->message_id == NULL)
		KN_FINDING(a, KN_RULE(message, message_id_missing), NULL);
	check_date(a);
	check_spam(a);
	return a->ar.oom ? KENSA_ENOMEM : 0;
}

/*
 * Is org (an organizational domain, lower-case, or NULL) one of the
 * free-mail providers above? For other stages (src/auth/senderdom.c).
 */
bool
kn_message_freemail(const char *org)
{
	return is_freemail(org);
}
