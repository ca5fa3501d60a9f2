/* SPDX-License-Identifier: MIT */
/*
 * test_content_impersonation - speaking as the recipient's mail operator
 * (the seed end to end, its own SPF/MX offline, replayed and when
 * they cover the sender, and negatives), brand impersonation (display
 * name, subject, body with and without a lure), and the number of
 * findings over legitimate mail (easy_ham_2, ham-ja), printed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <glib.h>

#include "content/impersonation.h"
#include "unit/message/msgtest.h"

static kensa_analysis *
mail(const char *from, const char *subject, const char *body,
	const char *rdomain)
{
	char *m = g_strdup_printf(
		"From: %s\r\nTo: info@office-sample.jp\r\nSubject: %s\r\n"
		"Date: Thu, 14 Oct 2021 07:41:02 +0000\r\n"
		"Message-ID: <x@example.net>\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n",
		from, subject, body);
	kensa_analysis *a = msgtest_analyze_mem(m, strlen(m), rdomain);

	g_free(m);
	assert_non_null(a);
	return a;
}

static void
test_impersonation__seed(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	{
		size_t len = 0;
		char *d = msgtest_read("cases/seed-kagoya/message.eml", 1, &len);
		if (d == NULL)
			skip();
		a = msgtest_analyze_mem(d, len, "office-sample.jp");
		free(d);
	}
	assert_non_null(a);
	f = msgtest_finding(a, "impersonates-recipient-domain");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_HIGH);
	assert_true(f->evidence.part >= 0);
	assert_non_null(f->evidence.text);
	assert_non_null(strstr(f->evidence.text, "office-sample.jp"));
	assert_non_null(strstr(f->detail[0], "dd-sample.co.jp"));
	/* the display name office-sample.jp is quoted as well */
	assert_non_null(strstr(f->detail[0], "display name"));
	/* no brand is named in the seed */
	assert_null(msgtest_finding(a, "impersonates-brand"));
	/* its lure: restore the webmail by clicking */
	assert_non_null(msgtest_finding(a, "lure-account-suspension"));
	kensa_analysis_free(a);
}

/* data analysed with the seed's recorded DNS (zones/office-sample.jp:
 * "v=spf1 mx -all", MX mx1 -> 198.51.100.25) */
static kensa_analysis *
replayed(const char *data, size_t len)
{
	kensa_options o = KENSA_OPTIONS_INIT;
	kensa_analysis *a = NULL;
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/cases/seed-kagoya", msgtest_shared());
	o.recipient_domain = "office-sample.jp";
	o.now = 1634197262 + 3600;
	o.replay_dir = dir;
	o.geoip_db = "";
	assert_int_equal(kensa_analyze(&a, data, len, &o), 0);
	return a;
}

/* Was query ("TXT office-sample.jp") among a's lookups? */
static bool
looked_up(const kensa_analysis *a, const char *query)
{
	const kensa_lookup *l;
	size_t n = kensa_analysis_lookups(a, &l);

	for (size_t i = 0; i < n; i++)
		if (l[i].query != NULL && strcmp(l[i].query, query) == 0)
			return true;
	return false;
}

/* The recipient domain's own SPF and MX against the originating IP. */
static void
test_impersonation__recipient_servers(void **state)
{
	static const char covered[] =
		"Received: from mx1.office-sample.jp (mx1.office-sample.jp "
		"[198.51.100.25])\r\n\tby mx.example.net with ESMTP id 1; "
		"Thu, 14 Oct 2021 07:41:03 +0000\r\n"
		"From: it@other.example\r\nTo: info@office-sample.jp\r\n"
		"Subject: office-sample.jp IT Team: mailbox upgrade\r\n"
		"Date: Thu, 14 Oct 2021 07:41:02 +0000\r\n"
		"Message-ID: <y@other.example>\r\n\r\nDear user\r\n";
	static const char reader[] =
		"Received: from x (unknown [20.188.24.132])\r\n\tby mx1.office-"
		"sample.jp with ESMTP id 2; Thu, 14 Oct 2021 07:41:03 +0000\r\n"
		"From: sales@vendor.example\r\nTo: info@office-sample.jp\r\n"
		"Subject: notice\r\nDate: Thu, 14 Oct 2021 07:41:02 +0000\r\n"
		"Message-ID: <z@vendor.example>\r\n\r\n"
		"office-sample.jp 管理者様\r\nお世話になっております。\r\n";
	kensa_analysis *a;
	const kensa_finding *f;
	size_t len = 0;
	char *d;

	(void)state;
	d = msgtest_read("cases/seed-kagoya/message.eml", 1, &len);
	if (d == NULL)
		skip();
	/* offline: said not to be checked, nothing asked */
	a = msgtest_analyze_mem(d, len, "office-sample.jp");
	f = msgtest_finding(a, "impersonates-recipient-domain");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "20.188.24.132 is "
		"covered by the SPF record and MX hosts of office-sample.jp was "
		"not checked (offline)"));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA], "オフラインのため確認"
		"していません"));
	assert_false(looked_up(a, "TXT office-sample.jp"));
	kensa_analysis_free(a);

	/* replayed: SPF fail (-all) and the MX host's address, each asked
	 * through the analysis's resolver and logged */
	a = replayed(d, len);
	free(d);
	f = msgtest_finding(a, "impersonates-recipient-domain");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "Nor do the servers "
		"of office-sample.jp cover the sending IP 20.188.24.132: SPF "
		"check_host(20.188.24.132, office-sample.jp) is fail (record "
		"\"v=spf1 mx -all\", matched -all); its MX hosts are "
		"mx1.office-sample.jp 198.51.100.25, and 20.188.24.132 is none "
		"of them."));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA], "送信元 20.188.24.132 "
		"は office-sample.jp 自身のサーバーにも含まれません。"));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA], "の結果は fail"));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA],
		"mx1.office-sample.jp 198.51.100.25"));
	assert_true(looked_up(a, "TXT office-sample.jp"));
	assert_true(looked_up(a, "MX office-sample.jp"));
	assert_true(looked_up(a, "A mx1.office-sample.jp"));
	assert_true(looked_up(a, "AAAA mx1.office-sample.jp"));
	kensa_analysis_free(a);

	/* sent from the recipient domain's own MX: SPF pass, said so */
	a = replayed(covered, strlen(covered));
	assert_string_equal(kensa_analysis_trace(a)->origin_ip, "198.51.100.25");
	f = msgtest_finding(a, "impersonates-recipient-domain");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "Yet 198.51.100.25 is "
		"covered by the servers of office-sample.jp: SPF "
		"check_host(198.51.100.25, office-sample.jp) is pass"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "(198.51.100.25 is "
		"one of them)"));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA], "含まれます"));
	assert_null(strstr(f->detail[KENSA_LANG_EN], "none of them"));
	kensa_analysis_free(a);

	/* addressing the reader: no finding, no lookup of the recipient's
	 * domain */
	a = replayed(reader, strlen(reader));
	assert_null(msgtest_finding(a, "impersonates-recipient-domain"));
	assert_false(looked_up(a, "TXT office-sample.jp"));
	assert_false(looked_up(a, "MX office-sample.jp"));
	kensa_analysis_free(a);
}

static void
test_impersonation__recipient_negatives(void **state)
{
	static const char body[] = "office-sample.jp メール管理チーム\r\n";
	kensa_analysis *a;

	(void)state;
	/* the same words from the recipient's own domain */
	a = mail("admin@office-sample.jp", "notice", body, "office-sample.jp");
	assert_null(msgtest_finding(a, "impersonates-recipient-domain"));
	kensa_analysis_free(a);
	/* a subdomain of the recipient's organization is the same operator */
	a = mail("admin@mail.office-sample.jp", "notice", body,
		"office-sample.jp");
	assert_null(msgtest_finding(a, "impersonates-recipient-domain"));
	kensa_analysis_free(a);
	/* addressing the reader, not signing: 管理者様 */
	a = mail("sales@vendor.example", "ご案内",
		"office-sample.jp 管理者様\r\nいつもお世話になっております。\r\n",
		"office-sample.jp");
	assert_null(msgtest_finding(a, "impersonates-recipient-domain"));
	kensa_analysis_free(a);
	/* the domain only inside an address */
	a = mail("sales@vendor.example", "hello",
		"Please contact info@office-sample.jp helpdesk hours are 9-5.\r\n",
		"office-sample.jp");
	assert_null(msgtest_finding(a, "impersonates-recipient-domain"));
	kensa_analysis_free(a);
	/* positive in English, in the subject */
	a = mail("it@other.example", "office-sample.jp IT Team: mailbox "
		"upgrade", "Dear user", "office-sample.jp");
	assert_non_null(msgtest_finding(a, "impersonates-recipient-domain"));
	kensa_analysis_free(a);
}

static void
test_impersonation__brand(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	a = mail("\"Microsoft 365\" <no-reply@ms-secure-login.example>",
		"Mailbox notice", "Hello", NULL);
	f = msgtest_finding(a, "impersonates-brand");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[0], "Microsoft"));
	assert_non_null(strstr(f->detail[0], "microsoft.com"));
	assert_string_equal(f->evidence.header, "From");
	kensa_analysis_free(a);

	/* the real sender */
	a = mail("\"Microsoft 365\" <no-reply@accountprotection.microsoft.com>",
		"Mailbox notice", "Hello", NULL);
	assert_null(msgtest_finding(a, "impersonates-brand"));
	kensa_analysis_free(a);

	/* Japanese name in the subject, half-width katakana */
	a = mail("info@kuroneko-delivery.example", "【ﾔﾏﾄ運輸】お荷物のお届けについて",
		"ご不在でした", NULL);
	f = msgtest_finding(a, "impersonates-brand");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[1], "kuronekoyamato.co.jp"));
	kensa_analysis_free(a);

	/* a newsletter naming Amazon in passing */
	a = mail("news@shop-news.example", "Weekly digest",
		"This week: Amazon opened a new warehouse; PayPal changed fees.",
		NULL);
	assert_null(msgtest_finding(a, "impersonates-brand"));
	kensa_analysis_free(a);

	/* the same brand in the body of a credential lure */
	a = mail("service@acct-check.example", "Account notice",
		"Amazon: we noticed unusual activity. Verify your account "
		"within 24 hours or your account will be suspended.", NULL);
	f = msgtest_finding(a, "impersonates-brand");
	assert_non_null(f);
	assert_string_equal(f->evidence.text, "Amazon");
	kensa_analysis_free(a);

	/* a short name counts in the display name only, on word bounds */
	a = mail("\"UPS\" <track@parcel-status.example>", "Delivery", "x", NULL);
	assert_non_null(msgtest_finding(a, "impersonates-brand"));
	kensa_analysis_free(a);
	a = mail("\"Groups admin\" <g@lists.example>", "Setup help", "x", NULL);
	assert_null(msgtest_finding(a, "impersonates-brand"));
	kensa_analysis_free(a);
}

static void
test_impersonation__domain_in(void **state)
{
	kn_arena ar;

	(void)state;
	kn_arena_init(&ar);
	assert_true(kn_brand_domain_in(&ar, "amazon.co.jp", "amazon.com amazon.co.jp"));
	assert_true(kn_brand_domain_in(&ar, "m.amazon.co.jp", "amazon.co.jp"));
	assert_false(kn_brand_domain_in(&ar, "amazon.co.jp.evil.example",
		"amazon.co.jp"));
	assert_false(kn_brand_domain_in(&ar, "notamazon.com", "amazon.com"));
	assert_false(kn_brand_domain_in(&ar, NULL, "amazon.com"));
	kn_arena_dispose(&ar);
}

/* A ham-ceiling hit: either impersonation finding. */
static bool
impersonation_hit(const kensa_analysis *a, const char *rel)
{
	const kensa_finding *fb = msgtest_finding(a, "impersonates-brand");
	const kensa_finding *fr = msgtest_finding(a,
		"impersonates-recipient-domain");

	if (fb == NULL && fr == NULL)
		return false;
	printf("  %s: %s\n", rel, (fb ? fb : fr)->detail[0]);
	return true;
}

static void
test_impersonation__ham_ceiling(void **state)
{
	unsigned ht = 0, jt = 0, hh, jh;

	(void)state;
	hh = msgtest_count_dir("corpus/ham-spam/easy_ham_2",
		impersonation_hit, &ht);
	jh = msgtest_count_dir("corpus/ham-ja/jpmobile",
		impersonation_hit, &jt);
	jh += msgtest_count_dir("corpus/ham-ja/lore", impersonation_hit, &jt);
	jh += msgtest_count_dir("corpus/ham-ja/spamassassin",
		impersonation_hit, &jt);
	jh += msgtest_count_dir("corpus/ham-ja/tomoyo-users",
		impersonation_hit, &jt);
	if (ht == 0)
		skip();
	printf("impersonation: easy_ham_2 %u/%u, ham-ja %u/%u\n", hh, ht, jh,
		jt);
	assert_true(hh * 100 <= ht * 1);
	assert_true(jh * 100 <= jt * 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_impersonation__seed),
		cmocka_unit_test(test_impersonation__recipient_servers),
		cmocka_unit_test(test_impersonation__recipient_negatives),
		cmocka_unit_test(test_impersonation__brand),
		cmocka_unit_test(test_impersonation__domain_in),
		cmocka_unit_test(test_impersonation__ham_ceiling),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
