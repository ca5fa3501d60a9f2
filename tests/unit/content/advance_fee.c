/* SPDX-License-Identifier: MIT */
/*
 * test_content_advance_fee - the advance-fee lure category
 * (data/lures/advance-fee.tsv, rule lure-advance-fee): English and
 * Japanese 419 stories give the finding, ordinary mail that uses one of
 * the words in passing does not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit/message/msgtest.h"

static kensa_analysis *
mail(const char *subject, const char *body)
{
	char m[4096];
	int n = snprintf(m, sizeof(m),
		"From: a@example.com\r\nTo: b@example.org\r\nSubject: %s\r\n"
		"Date: Thu, 14 Oct 2021 07:41:02 +0000\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n",
		subject, body);
	kensa_analysis *a;

	assert_true(n > 0 && (size_t)n < sizeof(m));
	a = msgtest_analyze_mem(m, (size_t)n, NULL);
	assert_non_null(a);
	return a;
}

static void
test_advance_fee__english(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	a = mail("Re: About Financial Donation", "Hello, Compliment of the "
		"day. I am a philanthropist and I have bequeathed part of my "
		"fortune to you. Reply for more details.\r\n");
	f = msgtest_finding(a, "lure-advance-fee");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[0], "\"compliment of the day\""));
	assert_string_equal(f->evidence.text, "Compliment of the day");
	kensa_analysis_free(a);

	a = mail("PLEASE GET BACK TO US", "Hello Friend, my family need your "
		"assistance to transfer and invest the sum of USD 45.5 million.\r\n");
	assert_non_null(msgtest_finding(a, "lure-advance-fee"));
	kensa_analysis_free(a);
}

static void
test_advance_fee__japanese(void **state)
{
	kensa_analysis *a;

	(void)state;
	a = mail("ご連絡", "あなたは故人の遺産の相続人に指定されました。"
		"資金の受け取りには送金手数料が必要です。\r\n");
	assert_non_null(msgtest_finding(a, "lure-advance-fee"));
	kensa_analysis_free(a);
}

static void
test_advance_fee__negative(void **state)
{
	kensa_analysis *a;

	(void)state;
	/* one word in passing (weight below the category minimum) */
	a = mail("Re: estate planning", "The beneficiary field of the form "
		"is optional; class inheritance works as before.\r\n");
	assert_null(msgtest_finding(a, "lure-advance-fee"));
	kensa_analysis_free(a);
	a = mail("相続の手続き", "遺産分割の資料を添付します。\r\n");
	assert_null(msgtest_finding(a, "lure-advance-fee"));
	kensa_analysis_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_advance_fee__english),
		cmocka_unit_test(test_advance_fee__japanese),
		cmocka_unit_test(test_advance_fee__negative),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
