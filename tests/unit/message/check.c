/* SPDX-License-Identifier: MIT */
/* Unit tests: header consistency findings, positive and negative. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit/message/msgtest.h"

/* Analyze headers h (LF line ends) plus a one-line body. */
static kensa_analysis *
run(const char *h, const char *rdomain)
{
	char buf[8192];
	int n = snprintf(buf, sizeof(buf), "%s\nbody\n", h);
	return msgtest_analyze_mem(buf, (size_t)n, rdomain);
}

#define GOOD_DATE "Date: Thu, 14 Oct 2021 07:41:02 +0000\n"
#define GOOD_ID "Message-ID: <1@mail.example.co.jp>\n"

static bool
has(const char *h, const char *rdomain, const char *id)
{
	kensa_analysis *a = run(h, rdomain);
	bool r;
	assert_non_null(a);
	r = msgtest_finding(a, id) != NULL;
	kensa_analysis_free(a);
	return r;
}

static void
test_message_check__display_name(void **state)
{
	(void)state;
	assert_true(has("From: \"office-sample.jp\" <x@dd-sample.co.jp>\n"
		GOOD_DATE GOOD_ID, "office-sample.jp",
		"display-name-is-recipient-domain"));
	assert_true(has("From: =?UTF-8?B?44Kq44OV44Kj44K5IE9GRklDRS1TQU1QTEUuSlA=?= "
		"<x@dd-sample.co.jp>\n" GOOD_DATE GOOD_ID, "mx.office-sample.jp",
		"display-name-is-recipient-domain"));
	/* the same organisation: no finding */
	assert_false(has("From: \"office-sample.jp\" <admin@mail.office-sample.jp>\n"
		GOOD_DATE GOOD_ID, "office-sample.jp",
		"display-name-is-recipient-domain"));
	/* unknown recipient: no finding */
	assert_false(has("From: \"office-sample.jp\" <x@dd-sample.co.jp>\n"
		GOOD_DATE GOOD_ID, NULL, "display-name-is-recipient-domain"));
	assert_false(has("From: \"my-office-sample.jp\" <x@dd-sample.co.jp>\n"
		GOOD_DATE GOOD_ID, "office-sample.jp",
		"display-name-is-recipient-domain"));

	assert_true(has("From: \"support@paypal.com\" <x@evil.example.net>\n"
		GOOD_DATE GOOD_ID, NULL, "display-name-other-address"));
	assert_true(has("From: Amazon.co.jp <x@evil.example.net>\n"
		GOOD_DATE GOOD_ID, NULL, "display-name-other-address"));
	assert_false(has("From: \"Joe Q. Public\" <x@example.net>\n"
		GOOD_DATE GOOD_ID, NULL, "display-name-other-address"));
	assert_false(has("From: \"news@shop.example.co.jp\" <x@mail.example.co.jp>\n"
		GOOD_DATE GOOD_ID, NULL, "display-name-other-address"));
}

static void
test_message_check__domains(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;
	(void)state;
	assert_true(has("Return-Path: <bounce@esp.example.net>\n"
		"From: a@example.co.jp\n" GOOD_DATE GOOD_ID, NULL,
		"return-path-domain-mismatch"));
	assert_false(has("Return-Path: <bounce@mx.example.co.jp>\n"
		"From: a@example.co.jp\n" GOOD_DATE GOOD_ID, NULL,
		"return-path-domain-mismatch"));
	assert_false(has("Return-Path: <>\nFrom: a@example.co.jp\n" GOOD_DATE
		GOOD_ID, NULL, "return-path-domain-mismatch"));

	a = run("From: a@example.co.jp\nReply-To: x@gmail.com\n" GOOD_DATE
		GOOD_ID, NULL);
	f = msgtest_finding(a, "reply-to-other-domain");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_HIGH);
	assert_string_equal(f->evidence.header, "Reply-To");
	kensa_analysis_free(a);
	a = run("From: a@example.co.jp\nReply-To: x@other.example.org\n" GOOD_DATE
		GOOD_ID, NULL);
	f = msgtest_finding(a, "reply-to-other-domain");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_MEDIUM);
	kensa_analysis_free(a);
	assert_false(has("From: a@example.co.jp\nReply-To: b@www.example.co.jp\n"
		GOOD_DATE GOOD_ID, NULL, "reply-to-other-domain"));

	assert_true(has("From: a@example.co.jp\n" GOOD_DATE
		"Message-ID: <1@mx.other.example>\n", NULL,
		"message-id-domain-mismatch"));
	assert_false(has("From: a@example.co.jp\n" GOOD_DATE GOOD_ID, NULL,
		"message-id-domain-mismatch"));
	assert_true(has("From: a@example.co.jp\n" GOOD_DATE, NULL,
		"message-id-missing"));
	assert_false(has("From: a@example.co.jp\n" GOOD_DATE GOOD_ID, NULL,
		"message-id-missing"));
}

static void
test_message_check__dates(void **state)
{
	(void)state;
	assert_true(has("From: a@example.co.jp\n" GOOD_ID, NULL, "date-missing"));
	assert_false(has("From: a@example.co.jp\n" GOOD_DATE GOOD_ID, NULL,
		"date-missing"));
	assert_true(has("From: a@example.co.jp\nDate: yesterday noon\n" GOOD_ID,
		NULL, "date-unparseable"));
	assert_false(has("From: a@example.co.jp\n" GOOD_DATE GOOD_ID, NULL,
		"date-unparseable"));
	/* now = seed Date + 1 h in msgtest_analyze_mem */
	assert_true(has("From: a@example.co.jp\nDate: Sat, 16 Oct 2021 07:41:02 "
		"+0000\n" GOOD_ID, NULL, "date-in-future"));
	assert_false(has("From: a@example.co.jp\nDate: Thu, 14 Oct 2021 09:41:02 "
		"+0000\n" GOOD_ID, NULL, "date-in-future"));
	/* 14 Oct 2021 was a Thursday */
	assert_true(has("From: a@example.co.jp\nDate: Sun, 14 Oct 2021 07:41:02 "
		"+0000\n" GOOD_ID, NULL, "date-weekday-mismatch"));
	assert_false(has("From: a@example.co.jp\n" GOOD_DATE GOOD_ID, NULL,
		"date-weekday-mismatch"));
}

static void
test_message_check__from(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;
	(void)state;
	assert_true(has("Subject: x\n" GOOD_DATE GOOD_ID, NULL, "from-missing"));
	assert_true(has("From: undisclosed:;\n" GOOD_DATE GOOD_ID, NULL,
		"from-missing"));
	assert_false(has("From: a@example.co.jp\n" GOOD_DATE GOOD_ID, NULL,
		"from-missing"));
	a = run("From: a@example.co.jp\nFrom: b@example.org\n" GOOD_DATE GOOD_ID,
		NULL);
	f = msgtest_finding(a, "from-multiple");
	assert_non_null(f);
	assert_int_equal(f->evidence.occurrence, 2);
	assert_int_equal(kensa_analysis_message(a)->from_count, 2);
	assert_string_equal(kensa_analysis_message(a)->from.address,
		"a@example.co.jp");
	kensa_analysis_free(a);
	assert_false(has("From: a@example.co.jp\n" GOOD_DATE GOOD_ID, NULL,
		"from-multiple"));
}

static void
test_message_check__spam(void **state)
{
	static const char *tagged[] = {
		"Subject: [SPAM] hello\n", "Subject: ***SPAM*** hello\n",
		"Subject: [spam] hello\n", "Subject: =?UTF-8?B?44CQ6L+35oOR44Oh44O844Or44CR?= x\n",
		"Subject: {Spam?} hello\n", "X-Spam-Flag: YES\nSubject: hello\n",
	};
	kensa_analysis *a;
	(void)state;
	for (size_t i = 0; i < sizeof(tagged) / sizeof(tagged[0]); i++) {
		char h[512];
		snprintf(h, sizeof(h), "From: a@example.co.jp\n%s" GOOD_DATE GOOD_ID,
			tagged[i]);
		assert_true(has(h, NULL, "spam-tagged"));
		assert_false(has(h, NULL, "no-spam-tag"));
	}
	a = run("From: a@example.co.jp\nSubject: =?UTF-8?B?44CQ6L+35oOR44Oh44O844Or44CR?= x\n"
		GOOD_DATE GOOD_ID, NULL);
	assert_string_equal(kensa_analysis_message(a)->subject_spam_tag,
		"【迷惑メール】");
	kensa_analysis_free(a);
	assert_true(has("From: a@example.co.jp\nSubject: [info] hello\n" GOOD_DATE
		GOOD_ID, NULL, "no-spam-tag"));
	assert_false(has("From: a@example.co.jp\nSubject: [info] hello\n" GOOD_DATE
		GOOD_ID, NULL, "spam-tagged"));
	/* a filter that ran and said no: neither */
	assert_false(has("From: a@example.co.jp\nX-Spam-Status: No, score=0.1\n"
		GOOD_DATE GOOD_ID, NULL, "no-spam-tag"));
}

static void
test_message_check__header_defects(void **state)
{
	kensa_analysis *a;
	const kensa_finding *d;
	(void)state;
	a = run("From: a@example.co.jp\nthis line is junk\nSubject: ok\n"
		"X-Raw: caf\xe9\n" GOOD_DATE GOOD_ID, NULL);
	assert_non_null(a);
	d = msgtest_defect(a, "header-junk-line");
	assert_non_null(d);
	assert_string_equal(d->evidence.text, "this line is junk");
	assert_string_equal(kensa_analysis_message(a)->subject, "ok");
	d = msgtest_defect(a, "header-raw-8bit");
	assert_non_null(d);
	assert_string_equal(d->evidence.header, "X-Raw");
	assert_string_equal(d->evidence.text, "café");
	kensa_analysis_free(a);
	a = run("From: a@example.co.jp\nSubject: ok\n" GOOD_DATE GOOD_ID, NULL);
	assert_null(msgtest_defect(a, "header-junk-line"));
	assert_null(msgtest_defect(a, "header-raw-8bit"));
	kensa_analysis_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_message_check__display_name),
		cmocka_unit_test(test_message_check__domains),
		cmocka_unit_test(test_message_check__dates),
		cmocka_unit_test(test_message_check__from),
		cmocka_unit_test(test_message_check__spam),
		cmocka_unit_test(test_message_check__header_defects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
