/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	recorded 1
 * SUMMARY
 *	tests of the receiver's recorded results and sender-domain findings
 * DESCRIPTION
 *	src/auth/recorded.c: Authentication-Results and Received-SPF written
 *	by the receiving side (Microsoft 365 without authserv-id above the
 *	boundary Received, Gmail's run right below it) raise recorded-*
 *	findings offline; the same fields below the boundary (sender's
 *	side), with a foreign authserv-id, about another domain, through a
 *	mailing list, or when kensa has its own result (the seed replayed)
 *	do not, or weigh nothing. src/auth/senderdom.c:
 *	freemail-sent-elsewhere and sender-dynamic-dns, positive and
 *	negative. Real samples of the shared corpus when present, and the
 *	number of hits over legitimate mail (easy_ham_2, ham-ja), printed.
 *--*/
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

#include "auth/recorded.h"
#include "unit/message/msgtest.h"

/* A message: headers (CRLF-terminated lines) then a fixed tail. */
static kensa_analysis *
mail(const char *headers)
{
	char *m = g_strdup_printf("%s"
		"Date: Thu, 14 Oct 2021 07:41:02 +0000\r\n"
		"To: info@office-sample.jp\r\n"
		"Subject: hello\r\n"
		"Message-ID: <x@example.net>\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n",
		headers);
	kensa_analysis *a = msgtest_analyze_mem(m, strlen(m), NULL);

	g_free(m);
	assert_non_null(a);
	return a;
}

/* The boundary hop of Microsoft 365 (public client 198.51.100.7). */
#define M365_BOUNDARY \
	"Received: from evil.example (198.51.100.7) by\r\n" \
	" CO1NAM11FT104.mail.protection.outlook.com (10.13.174.220) with " \
	"Microsoft SMTP\r\n Server id 15.20.7002.23 via Frontend Transport; " \
	"Thu, 14 Oct 2021 07:41:05 +0000\r\n"
#define M365_INTERNAL \
	"Received: from CO1NAM11FT104.eop-nam11.prod.protection.outlook.com\r\n" \
	" (2603:10b6:303:87:cafe::1) by MW4PR04CA0231.outlook.office365.com\r\n" \
	" (2603:10b6:303:87::26) with Microsoft SMTP Server id 15.20.7002.23 " \
	"via Frontend\r\n Transport; Thu, 14 Oct 2021 07:41:06 +0000\r\n"
#define M365_AR \
	"Authentication-Results: spf=fail (sender IP is 198.51.100.7)\r\n" \
	" smtp.mailfrom=bank.example; dkim=none (message not signed)\r\n" \
	" header.d=none;dmarc=fail action=quarantine " \
	"header.from=bank.example;compauth=fail\r\n reason=000\r\n"

static void
test_recorded__m365_above_boundary(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	a = mail(M365_INTERNAL M365_AR M365_BOUNDARY
		"Return-Path: bounce@bank.example\r\n"
		"From: Bank <info@bank.example>\r\n");
	f = msgtest_finding(a, "recorded-spf-fail");
	assert_non_null(f);
	assert_string_equal(f->evidence.header, "Authentication-Results");
	assert_non_null(strstr(f->evidence.text, "spf=fail"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "bank.example"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "198.51.100.7"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "not re-verified"));
	/* no authserv-id: the receiver is the boundary server */
	assert_non_null(strstr(f->detail[KENSA_LANG_EN],
		"CO1NAM11FT104.mail.protection.outlook.com"));
	f = msgtest_finding(a, "recorded-dmarc-fail");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_MEDIUM);
	assert_string_equal(f->evidence.header, "Authentication-Results");
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "receiver's record"));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA], "再検証ではありません"));
	/* offline: no own result, so no disagreement either */
	assert_null(msgtest_finding(a, "auth-results-disagree"));
	assert_null(msgtest_finding(a, "recorded-spf-softfail"));
	assert_null(msgtest_finding(a, "recorded-dkim-fail"));
	kensa_analysis_free(a);
}

static void
test_recorded__sender_supplied_ignored(void **state)
{
	kensa_analysis *a;

	(void)state;
	/* The same field below the boundary came from the sender's side. */
	a = mail(M365_INTERNAL M365_BOUNDARY M365_AR
		"Return-Path: bounce@bank.example\r\n"
		"From: Bank <info@bank.example>\r\n");
	assert_null(msgtest_finding(a, "recorded-spf-fail"));
	assert_null(msgtest_finding(a, "recorded-dmarc-fail"));
	kensa_analysis_free(a);
	/* No public hop at all: no boundary, nothing trusted. */
	a = mail(M365_AR
		"Received: from localhost (127.0.0.1) by mx.example.org; "
		"Thu, 14 Oct 2021 07:41:05 +0000\r\n"
		"From: Bank <info@bank.example>\r\n");
	assert_null(msgtest_finding(a, "recorded-spf-fail"));
	assert_null(msgtest_finding(a, "recorded-dmarc-fail"));
	kensa_analysis_free(a);
}

/* Gmail: the boundary Received by mx.google.com, then its fields. */
#define GMAIL_TOP \
	"Delivered-To: someone@gmail.com\r\n" \
	"Received: by 2002:a05:7000:1f0e:b0:5a1:1a2b:3c4d with SMTP id x;\r\n" \
	" Thu, 14 Oct 2021 00:41:06 -0700 (PDT)\r\n" \
	"Return-Path: <bounce@mailer.example>\r\n" \
	"Received: from mta.mailer.example (mta.mailer.example. " \
	"[203.0.113.9])\r\n by mx.google.com with ESMTPS id abc;\r\n" \
	" Thu, 14 Oct 2021 00:41:05 -0700 (PDT)\r\n"

static void
test_recorded__gmail_below_boundary(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	a = mail(GMAIL_TOP
		"Received-SPF: softfail (google.com: domain of transitioning "
		"bounce@mailer.example does not designate 203.0.113.9 as "
		"permitted sender) client-ip=203.0.113.9;\r\n"
		"Authentication-Results: mx.google.com;\r\n"
		"       dmarc=fail (p=NONE sp=NONE dis=NONE) header.from=shop.example\r\n"
		"From: Shop <news@shop.example>\r\n");
	f = msgtest_finding(a, "recorded-spf-softfail");
	assert_non_null(f);
	assert_string_equal(f->evidence.header, "Received-SPF");
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "google.com recorded"));
	f = msgtest_finding(a, "recorded-dmarc-fail");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "mx.google.com"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "shop.example"));
	kensa_analysis_free(a);

	/* Right below the boundary but another authserv-id: the sender's. */
	a = mail(GMAIL_TOP
		"Authentication-Results: mx.evil.example; spf=fail "
		"smtp.mailfrom=mailer.example; dmarc=fail header.from=shop.example\r\n"
		"From: Shop <news@shop.example>\r\n");
	assert_null(msgtest_finding(a, "recorded-spf-fail"));
	assert_null(msgtest_finding(a, "recorded-dmarc-fail"));
	kensa_analysis_free(a);

	/* DMARC recorded about another domain than From, and a pass. */
	a = mail(GMAIL_TOP
		"Authentication-Results: mx.google.com; spf=pass "
		"smtp.mailfrom=mailer.example; dmarc=fail header.from=other.example\r\n"
		"From: Shop <news@shop.example>\r\n");
	assert_null(msgtest_finding(a, "recorded-dmarc-fail"));
	assert_null(msgtest_finding(a, "recorded-spf-fail"));
	assert_null(msgtest_finding(a, "recorded-spf-softfail"));
	kensa_analysis_free(a);
}

#define DKIM_SIG \
	"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=list.example;\r\n" \
	" s=sel; h=from:to:subject; " \
	"bh=Ba3gj8+xBPQLJTahTfzW6RbWQ/XPgESxkCi2B66PSQg=; b=AAAA\r\n"

static void
test_recorded__mailing_list(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	a = mail(M365_INTERNAL
		"Authentication-Results: spf=pass (sender IP is 198.51.100.7)\r\n"
		" smtp.mailfrom=lists.list.example; dkim=fail (body hash did not "
		"verify)\r\n header.d=list.example;dmarc=fail action=none "
		"header.from=list.example\r\n"
		M365_BOUNDARY
		"Return-Path: dev-bounces@lists.list.example\r\n"
		"List-Id: Developers <dev.lists.list.example>\r\n"
		"From: Someone <someone@list.example>\r\n" DKIM_SIG);
	f = msgtest_finding(a, "recorded-dmarc-fail");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_INFO);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "mailing list"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "dev.lists.list.example"));
	f = msgtest_finding(a, "recorded-dkim-fail");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_INFO);
	kensa_analysis_free(a);

	/* The same without the list: the DKIM failure counts. */
	a = mail(M365_INTERNAL
		"Authentication-Results: spf=pass (sender IP is 198.51.100.7)\r\n"
		" smtp.mailfrom=list.example; dkim=fail (body hash did not "
		"verify)\r\n header.d=list.example;dmarc=pass action=none "
		"header.from=list.example\r\n"
		M365_BOUNDARY
		"Return-Path: someone@list.example\r\n"
		"From: Someone <someone@list.example>\r\n" DKIM_SIG);
	f = msgtest_finding(a, "recorded-dkim-fail");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_LOW);
	assert_null(msgtest_finding(a, "recorded-dmarc-fail"));
	kensa_analysis_free(a);

	/* dkim=fail recorded but no signature left: nothing to add. */
	a = mail(M365_INTERNAL
		"Authentication-Results: dkim=fail header.d=list.example\r\n"
		M365_BOUNDARY
		"From: Someone <someone@list.example>\r\n");
	assert_null(msgtest_finding(a, "recorded-dkim-fail"));
	kensa_analysis_free(a);
}

/* The seed replayed: kensa has its own SPF (softfail) and DMARC (fail)
 * results, so a recorded field changes nothing and disagreement applies. */
static void
test_recorded__own_result_wins(void **state)
{
	kensa_options o = KENSA_OPTIONS_INIT;
	kensa_analysis *a = NULL;
	size_t len = 0;
	char *d = msgtest_read("cases/seed-kagoya/message.eml", 1, &len);
	char *m;

	(void)state;
	if (d == NULL)
		skip();
	m = g_strdup_printf("Authentication-Results: mx1.office-sample.jp; "
		"spf=fail smtp.mailfrom=dd-sample.co.jp; "
		"dmarc=fail header.from=dd-sample.co.jp\r\n%s", d);
	free(d);
	o.replay_dir = g_build_filename(msgtest_shared(), "cases",
		"seed-kagoya", NULL);
	assert_int_equal(kensa_analyze(&a, m, strlen(m), &o), 0);
	assert_non_null(msgtest_finding(a, "spf-softfail"));
	assert_non_null(msgtest_finding(a, "dmarc-fail"));
	assert_null(msgtest_finding(a, "recorded-spf-fail"));
	assert_null(msgtest_finding(a, "recorded-dmarc-fail"));
	assert_non_null(msgtest_finding(a, "auth-results-disagree"));
	kensa_analysis_free(a);
	g_free((char *)o.replay_dir);
	g_free(m);
}

static void
test_recorded__freemail_elsewhere(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	a = mail(M365_BOUNDARY
		"Return-Path: bounce-123@smtp.mailer.example\r\n"
		"From: \"Support\" <support.desk@outlook.com>\r\n");
	f = msgtest_finding(a, "freemail-sent-elsewhere");
	assert_non_null(f);
	assert_string_equal(f->evidence.header, "Return-Path");
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "support.desk@outlook.com"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "mailer.example"));
	kensa_analysis_free(a);

	/* Normal cases: the provider's own envelope, a list, SRS, an agent
	 * that says so in Sender, the null sender. */
	a = mail(M365_BOUNDARY "Return-Path: someone@hotmail.com\r\n"
		"From: <someone@outlook.com>\r\n");
	assert_null(msgtest_finding(a, "freemail-sent-elsewhere"));
	kensa_analysis_free(a);
	a = mail(M365_BOUNDARY "Return-Path: dev-bounces@lists.example.org\r\n"
		"List-Id: <dev.lists.example.org>\r\n"
		"From: <someone@gmail.com>\r\n");
	assert_null(msgtest_finding(a, "freemail-sent-elsewhere"));
	kensa_analysis_free(a);
	a = mail(M365_BOUNDARY
		"Return-Path: SRS0=abcd=QX=gmail.com=someone@forward.example\r\n"
		"From: <someone@gmail.com>\r\n");
	assert_null(msgtest_finding(a, "freemail-sent-elsewhere"));
	kensa_analysis_free(a);
	a = mail(M365_BOUNDARY "Return-Path: bounce@calendar.example\r\n"
		"Sender: <invites@calendar.example>\r\n"
		"From: <someone@gmail.com>\r\n");
	assert_null(msgtest_finding(a, "freemail-sent-elsewhere"));
	kensa_analysis_free(a);
	a = mail(M365_BOUNDARY "Return-Path: <>\r\n"
		"From: <someone@gmail.com>\r\n");
	assert_null(msgtest_finding(a, "freemail-sent-elsewhere"));
	kensa_analysis_free(a);
	/* The receiver recorded the DMARC failure itself: said once. */
	a = mail(M365_INTERNAL
		"Authentication-Results: spf=pass (sender IP is 198.51.100.7)\r\n"
		" smtp.mailfrom=mailer.example; dmarc=fail action=none "
		"header.from=gmail.com\r\n" M365_BOUNDARY
		"Return-Path: bounce@mailer.example\r\n"
		"From: <someone@gmail.com>\r\n");
	assert_non_null(msgtest_finding(a, "recorded-dmarc-fail"));
	assert_null(msgtest_finding(a, "freemail-sent-elsewhere"));
	kensa_analysis_free(a);
}

static void
test_recorded__dynamic_dns(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	assert_string_equal(kn_dynamic_dns_zone("infracc24.ddns.net"), "ddns.net");
	assert_string_equal(kn_dynamic_dns_zone("X.DuckDNS.org."), "duckdns.org");
	assert_string_equal(kn_dynamic_dns_zone("hopto.org"), "hopto.org");
	assert_null(kn_dynamic_dns_zone("myddns.net"));
	assert_null(kn_dynamic_dns_zone("no-ip.com"));
	assert_null(kn_dynamic_dns_zone("example.com"));
	assert_null(kn_dynamic_dns_zone(NULL));

	a = mail(M365_BOUNDARY "Return-Path: info@infracc24.ddns.net\r\n"
		"From: Billing <info@infracc24.ddns.net>\r\n");
	f = msgtest_finding(a, "sender-dynamic-dns");
	assert_non_null(f);
	assert_string_equal(f->evidence.header, "From");
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "infracc24.ddns.net"));
	/* same domain in Return-Path: one finding */
	{
		const kensa_finding *all;
		size_t n = kensa_analysis_findings(a, &all), k = 0;
		for (size_t i = 0; i < n; i++)
			k += strcmp(all[i].id, "sender-dynamic-dns") == 0;
		assert_int_equal(k, 1);
	}
	kensa_analysis_free(a);
	a = mail(M365_BOUNDARY "Return-Path: b@mx.home.duckdns.org\r\n"
		"From: <info@shop.example>\r\n");
	f = msgtest_finding(a, "sender-dynamic-dns");
	assert_non_null(f);
	assert_string_equal(f->evidence.header, "Return-Path");
	kensa_analysis_free(a);
	a = mail(M365_BOUNDARY "Return-Path: info@noip-support.example\r\n"
		"From: <info@myddns.net>\r\n");
	assert_null(msgtest_finding(a, "sender-dynamic-dns"));
	kensa_analysis_free(a);
	/* A list member posting from a home server: the list delivered. */
	a = mail(M365_BOUNDARY "Return-Path: dev-admin@lists.example.org\r\n"
		"List-Id: <dev.lists.example.org>\r\n"
		"From: Jo <jo@pen.homeip.net>\r\n");
	assert_null(msgtest_finding(a, "sender-dynamic-dns"));
	kensa_analysis_free(a);
}

/* Real samples (skipped without the corpus). */
static void
test_recorded__corpus(void **state)
{
	static const struct {
		const char *file, *id;
	} want[] = {
		{ "corpus/phish/phishing_pot/sample-1956.eml", "recorded-dmarc-fail" },
		{ "corpus/phish/phishing_pot/sample-1956.eml", "recorded-spf-softfail" },
		{ "corpus/phish/phishing_pot/sample-1068.eml", "recorded-dmarc-fail" },
		{ "corpus/phish/phishing_pot/sample-4177.eml", "recorded-spf-fail" },
		{ "corpus/phish/phishing_pot/sample-1210.eml", "recorded-dmarc-fail" },
		{ "corpus/phish/phishing_pot/sample-3641.eml", "sender-dynamic-dns" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		kensa_analysis *a = msgtest_analyze_file(want[i].file);
		if (a == NULL)
			skip();
		if (msgtest_finding(a, want[i].id) == NULL)
			fail_msg("%s: no %s", want[i].file, want[i].id);
		kensa_analysis_free(a);
	}
}

static const char *const ids[] = { "recorded-dmarc-fail", "recorded-spf-fail",
	"recorded-spf-softfail", "recorded-dkim-fail", "freemail-sent-elsewhere",
	"sender-dynamic-dns" };

/* A ham-ceiling hit: one of ids with a weight (not the info variants). */
static bool
recorded_hit(const kensa_analysis *a, const char *rel)
{
	const char *base = strrchr(rel, '/');
	bool hit = false;

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		const kensa_finding *fi = msgtest_finding(a, ids[i]);

		if (fi != NULL && fi->severity != KENSA_SEV_INFO) {
			printf("  %s: %s\n", base ? base + 1 : rel, ids[i]);
			hit = true;
		}
	}
	return hit;
}

static void
test_recorded__ham_ceiling(void **state)
{
	unsigned ht = 0, jt = 0, hh, jh;

	(void)state;
	hh = msgtest_count_dir("corpus/ham-spam/easy_ham_2", recorded_hit, &ht);
	jh = msgtest_count_dir("corpus/ham-ja/jpmobile", recorded_hit, &jt);
	jh += msgtest_count_dir("corpus/ham-ja/lore", recorded_hit, &jt);
	jh += msgtest_count_dir("corpus/ham-ja/spamassassin",
		recorded_hit, &jt);
	jh += msgtest_count_dir("corpus/ham-ja/tomoyo-users",
		recorded_hit, &jt);
	if (ht == 0)
		skip();
	printf("recorded/sender-domain: easy_ham_2 %u/%u, ham-ja %u/%u\n", hh,
		ht, jh, jt);
	assert_true(hh * 100 <= ht * 1);
	assert_true(jh * 100 <= jt * 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recorded__m365_above_boundary),
		cmocka_unit_test(test_recorded__sender_supplied_ignored),
		cmocka_unit_test(test_recorded__gmail_below_boundary),
		cmocka_unit_test(test_recorded__mailing_list),
		cmocka_unit_test(test_recorded__own_result_wins),
		cmocka_unit_test(test_recorded__freemail_elsewhere),
		cmocka_unit_test(test_recorded__dynamic_dns),
		cmocka_unit_test(test_recorded__corpus),
		cmocka_unit_test(test_recorded__ham_ceiling),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
