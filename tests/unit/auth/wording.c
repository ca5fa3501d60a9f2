/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	test_auth_wording
 * SUMMARY
 *	the wording of the authentication stage's explanations
 * DESCRIPTION
 *	- offline, the SPF path says the record was not looked up, not that
 *	  a lookup failed (a real failure still says so);
 *	- the recorded-* findings name the receiving server in Japanese in
 *	  the Japanese detail, with the Japanese reason;
 *	- auth-results-disagree says "with no authserv-id" (ja:
 *	  "authserv-id のない") for a field that has none (Microsoft 365),
 *	  and "by <id>" otherwise.
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "auth/authtext.h"
#include "unit/message/msgtest.h"

/* A message: headers (CRLF-terminated lines) then a fixed tail. */
static kensa_analysis *
mail(const char *headers)
{
	static const char tail[] =
		"Date: Thu, 14 Oct 2021 07:41:02 +0000\r\n"
		"To: info@office-sample.jp\r\n"
		"Subject: hello\r\n"
		"Message-ID: <x@example.net>\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n";
	size_t n = strlen(headers) + sizeof(tail);
	char *m = malloc(n);
	kensa_analysis *a;

	assert_non_null(m);
	snprintf(m, n, "%s%s", headers, tail);
	a = msgtest_analyze_mem(m, strlen(m), NULL);
	free(m);
	assert_non_null(a);
	return a;
}

/* The seed with extra header lines on top, replayed from its recorded
 * evidence; NULL when the shared directory is absent. */
static kensa_analysis *
seed_with(const char *top)
{
	kensa_options o = KENSA_OPTIONS_INIT;
	kensa_analysis *a = NULL;
	char dir[4096];
	size_t len = 0, n;
	char *d = msgtest_read("cases/seed-kagoya/message.eml", 1, &len);
	char *m;

	if (d == NULL)
		return NULL;
	n = strlen(top) + len + 1;
	m = malloc(n);
	assert_non_null(m);
	memcpy(m, top, strlen(top));
	memcpy(m + strlen(top), d, len);
	m[n - 1] = '\0';
	free(d);
	snprintf(dir, sizeof(dir), "%s/cases/seed-kagoya", msgtest_shared());
	o.replay_dir = dir;
	assert_int_equal(kensa_analyze(&a, m, n - 1, &o), 0);
	free(m);
	return a;
}

static void
test_wording__spf_offline_path(void **state)
{
	kensa_analysis *a;
	size_t len = 0;
	char *d = msgtest_read("cases/seed-kagoya/message.eml", 1, &len);
	const kensa_spf *s;

	(void)state;
	if (d == NULL)
		skip();
	a = msgtest_analyze_mem(d, len, NULL); /* offline by default */
	free(d);
	assert_non_null(a);
	s = &a->auth.spf;
	assert_string_equal(s->result, KENSA_NOT_EVALUATED);
	assert_true(s->path_count >= 1);
	assert_string_equal(s->path[0], "dd-sample.co.jp: not looked up (offline)");
	assert_string_equal(s->path_ja[0], "dd-sample.co.jp: 未問い合わせ(オフライン)");
	for (size_t i = 0; i < s->path_count; i++) {
		assert_null(strstr(s->path[i], "failed"));
		assert_null(strstr(s->path[i], "no record"));
	}
	kensa_analysis_free(a);
}

/* A lookup that did fail (online) keeps its wording. */
static void
test_wording__spf_failed_path(void **state)
{
	kn_arena ar;
	kn_spf_step st = { 0 };
	const char *en, *ja;

	(void)state;
	kn_arena_init(&ar);
	st.domain = "example.com";
	st.note = "record lookup failed";
	st.result = KN_SPF_TEMPERROR;
	en = kn_spf_path_line(&ar, &st, false);
	ja = kn_spf_path_line(&ar, &st, true);
	assert_string_equal(en, "example.com: no record (record lookup failed)");
	assert_string_equal(ja, "example.com: レコードなし(レコードの問い合わせに失敗)");
	st.note = KN_SPF_NOT_LOOKED_UP;
	st.depth = 1;
	assert_string_equal(kn_spf_path_line(&ar, &st, false),
		"  example.com: not looked up (offline)");
	kn_arena_dispose(&ar);
}

/* Microsoft 365: no authserv-id, the receiver is the boundary server. */
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
	" smtp.mailfrom=bank.example; dkim=fail header.d=bank.example;" \
	"dmarc=fail action=quarantine header.from=bank.example\r\n"
#define M365_DKIM \
	"DKIM-Signature: v=1; a=rsa-sha256; d=bank.example; s=s1; " \
	"h=from; bh=AAAA; b=AAAA\r\n"

static void
test_wording__recorded_ja(void **state)
{
	static const char *const ids[] = { "recorded-spf-fail",
		"recorded-dmarc-fail", "recorded-dkim-fail" };
	kensa_analysis *a;

	(void)state;
	a = mail(M365_INTERNAL M365_AR M365_BOUNDARY M365_DKIM
		"Return-Path: bounce@bank.example\r\n"
		"From: Bank <info@bank.example>\r\n");
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		const kensa_finding *f = msgtest_finding(a, ids[i]);

		assert_non_null(f);
		assert_non_null(strstr(f->detail[KENSA_LANG_EN],
			"the receiving server (CO1NAM11FT104.mail.protection."
			"outlook.com)"));
		assert_non_null(strstr(f->detail[KENSA_LANG_JA],
			"受信サーバー(CO1NAM11FT104.mail.protection.outlook.com)"));
		assert_null(strstr(f->detail[KENSA_LANG_JA], "the receiving"));
		assert_null(strstr(f->detail[KENSA_LANG_JA], "not evaluated"));
	}
	/* the reason too, in Japanese */
	assert_non_null(strstr(msgtest_finding(a, "recorded-spf-fail")->
		detail[KENSA_LANG_JA], "(未評価: オフライン)"));
	kensa_analysis_free(a);
}

/* With an authserv-id the receiver is that id, in both languages. */
static void
test_wording__recorded_ja_authserv(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	a = mail("Delivered-To: someone@gmail.com\r\n"
		"Received: by 2002:a05:7000:1f0e:b0:5a1:1a2b:3c4d with SMTP id "
		"x;\r\n Thu, 14 Oct 2021 00:41:06 -0700 (PDT)\r\n"
		"Return-Path: <bounce@mailer.example>\r\n"
		"Received: from mta.mailer.example (mta.mailer.example. "
		"[203.0.113.9])\r\n by mx.google.com with ESMTPS id abc;\r\n"
		" Thu, 14 Oct 2021 00:41:05 -0700 (PDT)\r\n"
		"Authentication-Results: mx.google.com;\r\n"
		"       dmarc=fail (p=NONE sp=NONE dis=NONE) "
		"header.from=shop.example\r\n"
		"From: Shop <news@shop.example>\r\n");
	f = msgtest_finding(a, "recorded-dmarc-fail");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[KENSA_LANG_JA],
		"受信時に mx.google.com は shop.example の DMARC"));
	assert_null(strstr(f->detail[KENSA_LANG_JA], "受信サーバー("));
	kensa_analysis_free(a);
}

static void
test_wording__disagree_no_authserv(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	/* Microsoft 365 form: no authserv-id; kensa finds softfail */
	a = seed_with("Authentication-Results: spf=pass (sender IP is "
		"20.188.24.132) smtp.mailfrom=dd-sample.co.jp\r\n");
	if (a == NULL)
		skip();
	f = msgtest_finding(a, "auth-results-disagree");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN],
		"The Authentication-Results field with no authserv-id says "
		"spf=pass, but kensa finds spf=softfail"));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA],
		"authserv-id のない Authentication-Results は spf=pass"));
	assert_null(strstr(f->detail[KENSA_LANG_EN], "by -"));
	assert_null(strstr(f->detail[KENSA_LANG_JA], "- の"));
	kensa_analysis_free(a);

	/* with an authserv-id: named */
	a = seed_with("Authentication-Results: mx1.office-sample.jp; "
		"spf=pass smtp.mailfrom=dd-sample.co.jp\r\n");
	f = msgtest_finding(a, "auth-results-disagree");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN],
		"The Authentication-Results field by mx1.office-sample.jp says "
		"spf=pass"));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA],
		"mx1.office-sample.jp の Authentication-Results は spf=pass"));
	assert_null(strstr(f->detail[KENSA_LANG_EN], "no authserv-id"));
	kensa_analysis_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wording__spf_offline_path),
		cmocka_unit_test(test_wording__spf_failed_path),
		cmocka_unit_test(test_wording__recorded_ja),
		cmocka_unit_test(test_wording__recorded_ja_authserv),
		cmocka_unit_test(test_wording__disagree_no_authserv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
