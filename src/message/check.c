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
#include "verdict/rules.h"

/* Domains looked at in one display name. */
#define KN_CHECK_NAME_DOMAINS 8
/* A Date more than this after "now" is in the future (clock skew of
 * hours is common; a day is not). */
#define KN_CHECK_FUTURE_SLACK ((int64_t)86400)

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
	check_display_name(a, from_org);
	check_domains(a, from_org);
	if (m->message_id == NULL)
		KN_FINDING(a, KN_RULE(message, message_id_missing), NULL);
	check_date(a);
	check_spam(a);
	return a->ar.oom ? KENSA_ENOMEM : 0;
}
