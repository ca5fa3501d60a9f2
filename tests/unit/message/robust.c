/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	robust 3t
 * SUMMARY
 *	unit tests: hostile header input (NUL bytes, header floods, empty
 *	and non-mail input, repeated MIME repairs)
 * DESCRIPTION
 *	Small samples written here, each checking the facts and the defects
 *	or findings kensa records, and the absence of false ones.
 *--*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit/message/msgtest.h"

/* Number of defects with id. */
static size_t
defect_count(const kensa_analysis *a, const char *id)
{
	const kensa_finding *d = NULL;
	size_t n = kensa_analysis_defects(a, &d), c = 0;

	for (size_t i = 0; i < n; i++)
		c += strcmp(d[i].id, id) == 0;
	return c;
}

static void
test_message_robust__nul_bytes(void **state)
{
	static const char m[] = "Return-Path: <t-na\0kano@dd.example>\n"
		"From: a@exa\0mple.com\nSubject: x\0y\nTo: b@example.org\n"
		"\0\0\0: z\n\nbody\0\n";
	kensa_analysis *a = msgtest_analyze_mem(m, sizeof(m) - 1, NULL);
	const kensa_message_facts *f;
	const kensa_finding *d;

	(void)state;
	assert_non_null(a);
	f = kensa_analysis_message(a);
	assert_string_equal(f->subject, "x\xEF\xBF\xBDy");
	assert_string_equal(f->return_path, "t-na\xEF\xBF\xBDkano@dd.example");
	assert_non_null(f->from.address);
	assert_non_null(strstr(f->from.address, "mple.com"));
	assert_int_equal(defect_count(a, "header-nul-byte"), 1);
	d = msgtest_defect(a, "header-nul-byte");
	assert_string_equal(d->evidence.header, "Return-Path");
	assert_non_null(d->evidence.text);
	assert_non_null(strstr(d->evidence.text, "kano@dd.example"));
	assert_non_null(strstr(d->detail[KENSA_LANG_EN], "4 header field"));
	assert_null(msgtest_defect(a, "header-no-separator"));
	kensa_analysis_free(a);

	/* Clean mail: no NUL defect. */
	a = msgtest_analyze_mem("From: a@b.example\nSubject: s\n\nb\n", 31, NULL);
	assert_non_null(a);
	assert_int_equal(defect_count(a, "header-nul-byte"), 0);
	kensa_analysis_free(a);
}

/* A junk line just before the empty line is not a missing separator. */
static void
test_message_robust__junk_then_blank(void **state)
{
	static const char m[] = "From: a@b.example\nnot a field\n\nbody\n";
	kensa_analysis *a = msgtest_analyze_mem(m, sizeof(m) - 1, NULL);

	(void)state;
	assert_non_null(a);
	assert_non_null(msgtest_defect(a, "header-junk-line"));
	assert_null(msgtest_defect(a, "header-no-separator"));
	kensa_analysis_free(a);
}

static void
test_message_robust__header_flood(void **state)
{
	size_t cap = 2600 * 24 + 256, n = 0;
	char *m = malloc(cap);
	kensa_analysis *a;
	const kensa_message_facts *f;
	const kensa_finding *d;

	(void)state;
	assert_non_null(m);
	for (int i = 0; i < 2500; i++)
		n += (size_t)snprintf(m + n, cap - n, "X-Filler-%d: v\n", i);
	n += (size_t)snprintf(m + n, cap - n, "From: evil@attacker.example\n"
		"Subject: hidden\nDate: Thu, 14 Oct 2021 07:41:02 +0000\n\nb\n");
	a = msgtest_analyze_mem(m, n, NULL);
	free(m);
	assert_non_null(a);
	f = kensa_analysis_message(a);
	assert_string_equal(f->from.address, "evil@attacker.example");
	assert_string_equal(f->subject, "hidden");
	assert_true(f->date_valid);
	assert_null(msgtest_finding(a, "from-missing"));
	assert_int_equal(defect_count(a, "header-fields-capped"), 1);
	assert_null(msgtest_defect(a, "header-limit"));
	d = msgtest_defect(a, "header-fields-capped");
	assert_non_null(strstr(d->detail[KENSA_LANG_EN], "holds 2503 fields"));
	assert_non_null(strstr(d->detail[KENSA_LANG_EN], "0 of the 0 Received"));
	assert_non_null(strstr(d->detail[KENSA_LANG_EN], "500 other fields"));
	assert_non_null(strstr(d->detail[KENSA_LANG_JA], "2503"));
	kensa_analysis_free(a);
}

/* n Received fields, then the fields that say who sent it. */
static char *
received_flood(int n, size_t *len)
{
	size_t cap = (size_t)n * 200 + 512, k = 0;
	char *m = malloc(cap);

	assert_non_null(m);
	for (int i = 0; i < n; i++)
		k += (size_t)snprintf(m + k, cap - k, "Received: from h%d.example.net "
			"(h%d.example.net [198.51.100.%d]) by mx.example.com with "
			"ESMTP; Mon, 1 Jan 2024 00:00:00 +0000\n", i, i, i % 250);
	k += (size_t)snprintf(m + k, cap - k, "From: PayPal <service@paypal.com>\n"
		"Subject: verify your account\nTo: victim@example.org\n"
		"Date: Mon, 1 Jan 2024 00:00:00 +0000\n"
		"Message-ID: <flood@paypal.com>\n\nbody\n");
	*len = k;
	return m;
}

/* A flood of Received fields (a key field itself) cannot crowd out
 * From, Subject, To, Date or Message-ID, and the defect says how many
 * Received fields were kept of how many. */
static void
test_message_robust__received_flood(void **state)
{
	size_t n;
	char *m = received_flood(4100, &n);
	kensa_analysis *a = msgtest_analyze_mem(m, n, NULL);
	const kensa_message_facts *f;
	const kensa_finding *d;

	(void)state;
	free(m);
	assert_non_null(a);
	f = kensa_analysis_message(a);
	assert_string_equal(f->from.address, "service@paypal.com");
	assert_string_equal(f->subject, "verify your account");
	assert_int_equal(f->to_count, 1);
	assert_true(f->date_valid);
	assert_string_equal(f->message_id, "flood@paypal.com");
	assert_null(msgtest_finding(a, "from-missing"));
	assert_null(msgtest_finding(a, "date-missing"));
	d = msgtest_defect(a, "header-fields-capped");
	assert_non_null(d);
	assert_non_null(strstr(d->detail[KENSA_LANG_EN], "holds 4105 fields"));
	assert_non_null(strstr(d->detail[KENSA_LANG_EN],
		"4000 of the 4100 Received"));
	assert_non_null(strstr(d->detail[KENSA_LANG_EN], "100 surplus"));
	kensa_analysis_free(a);

	/* Under the cap: everything kept, no defect. */
	m = received_flood(1990, &n);
	a = msgtest_analyze_mem(m, n, NULL);
	free(m);
	assert_non_null(a);
	assert_string_equal(kensa_analysis_message(a)->from.address,
		"service@paypal.com");
	assert_null(msgtest_defect(a, "header-fields-capped"));
	assert_null(msgtest_defect(a, "header-limit"));
	kensa_analysis_free(a);
}

/* "From : x" (obsolete space before the colon) on the first line is the
 * From field, not an mbox "From " line to skip; a real one is skipped. */
static void
test_message_robust__from_space_colon(void **state)
{
	static const char m[] = "From : x@example.com\nTo: y@example.org\n"
		"Subject: t\n\nbody\n";
	static const char mbox[] = "From x@example.com Mon Jan  1 00:00:00 2024\n"
		"From: z@example.com\nSubject: t\n\nbody\n";
	kensa_analysis *a = msgtest_analyze_mem(m, sizeof(m) - 1, NULL);

	(void)state;
	assert_non_null(a);
	assert_string_equal(kensa_analysis_message(a)->from.address,
		"x@example.com");
	assert_null(msgtest_finding(a, "from-missing"));
	kensa_analysis_free(a);
	a = msgtest_analyze_mem(mbox, sizeof(mbox) - 1, NULL);
	assert_non_null(a);
	assert_string_equal(kensa_analysis_message(a)->from.address,
		"z@example.com");
	assert_null(msgtest_defect(a, "header-junk-line"));
	kensa_analysis_free(a);
}

static void
test_message_robust__empty_input(void **state)
{
	static const char *inputs[] = { "", " \r\n\t\n" };
	const kensa_verdict *v;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		kensa_analysis *a = msgtest_analyze_mem(inputs[i],
			strlen(inputs[i]), NULL);
		assert_non_null(a);
		assert_non_null(msgtest_finding(a, "message-empty"));
		assert_null(msgtest_finding(a, "not-a-message"));
		v = kensa_analysis_verdict(a);
		assert_int_equal(v->label, KENSA_VERDICT_SUSPICIOUS);
		kensa_analysis_free(a);
	}
}

static void
test_message_robust__not_a_message(void **state)
{
	unsigned char bin[4096];
	uint32_t x = 12345;
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	for (size_t i = 0; i < sizeof(bin); i++) {
		x = x * 1103515245u + 12345u;
		bin[i] = (unsigned char)(x >> 24);
	}
	bin[0] = 0x89; /* no field name can start the input */
	a = msgtest_analyze_mem((const char *)bin, sizeof(bin), NULL);
	assert_non_null(a);
	f = msgtest_finding(a, "not-a-message");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_MEDIUM);
	assert_null(msgtest_finding(a, "message-empty"));
	assert_int_equal(kensa_analysis_verdict(a)->label,
		KENSA_VERDICT_SUSPICIOUS);
	kensa_analysis_free(a);

	/* A real message is neither. */
	a = msgtest_analyze_mem("From: a@b.example\n\nb\n", 20, NULL);
	assert_non_null(a);
	assert_null(msgtest_finding(a, "not-a-message"));
	assert_null(msgtest_finding(a, "message-empty"));
	kensa_analysis_free(a);
}

static void
test_message_robust__mime_repeats(void **state)
{
	static const char m[] = "From: a@b.example\n"
		"Content-Type: multipart/mixed; boundary=\"AA\"\n\n--AA\n"
		"Content-Type: multipart/mixed; boundary=\"BB\"\n\n--BB\n"
		"Content-Type: multipart/mixed; boundary=\"CC\"\n\n--CC\n"
		"Content-Type: text/plain\n\nhello\n";
	kensa_analysis *a = msgtest_analyze_mem(m, sizeof(m) - 1, NULL);
	const kensa_finding *d;

	(void)state;
	assert_non_null(a);
	assert_int_equal(defect_count(a, "mime-structure"), 1);
	d = msgtest_defect(a, "mime-structure");
	assert_null(strstr(d->detail[KENSA_LANG_EN], "-1"));
	assert_non_null(strstr(d->detail[KENSA_LANG_EN], "3 times"));
	kensa_analysis_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_message_robust__nul_bytes),
		cmocka_unit_test(test_message_robust__junk_then_blank),
		cmocka_unit_test(test_message_robust__header_flood),
		cmocka_unit_test(test_message_robust__received_flood),
		cmocka_unit_test(test_message_robust__from_space_colon),
		cmocka_unit_test(test_message_robust__empty_input),
		cmocka_unit_test(test_message_robust__not_a_message),
		cmocka_unit_test(test_message_robust__mime_repeats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
