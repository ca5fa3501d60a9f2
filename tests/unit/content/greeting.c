/* SPDX-License-Identifier: MIT */
/*
 * test_content_greeting - a body that greets the reader by address:
 * the pure scanner (greeting words, first token, honorific, recipients,
 * the opening window) and the content check end to end, positive and
 * negative, with the corpus samples when the corpus is present.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "content/greeting.h"
#include "unit/message/msgtest.h"

static const char *const rcpt[] = { "user@example.com", "phishing@pot" };

static bool
scan(const char *s, const char *const *r, size_t nr, kn_greeting *g)
{
	return kn_greeting_scan(s, strlen(s), r, nr, g);
}

static void
test_scan_positive(void **state)
{
	static const struct { const char *text, *quote; } c[] = {
		{ "Dear user@example.com,\nYour mailbox is full.", "Dear user@example.com" },
		{ "  Prezado(a): phishing@pot Há um novo documento", "Prezado(a): phishing@pot" },
		{ "Multa\n\xc2\xa0 Prezado(a):\xc2\xa0phishing@pot Há", "Prezado(a):\xc2\xa0phishing@pot" },
		{ "Hello USER@example.com, here is", "Hello USER@example.com" },
		{ "こんにちは、user@example.com\n2025/8/9", "こんにちは、user@example.com" },
		{ "user@example.com,\nyour invoice is ready", "user@example.com" },
		{ "<user@example.com>:\nyour invoice", "<user@example.com" },
		{ "user@example.com 様\nいつもご利用", "user@example.com" },
		{ "Hi\nuser@example.com!\nclick", "Hi\nuser@example.com" },
	};
	kn_greeting g;
	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		memset(&g, 0, sizeof(g));
		if (!scan(c[i].text, rcpt, 2, &g))
			fail_msg("no greeting in \"%s\"", c[i].text);
		assert_int_equal(g.length, strlen(c[i].quote));
		assert_memory_equal(c[i].text + g.offset, c[i].quote, g.length);
		assert_true(g.recipient);
	}
	/* undisclosed recipients: any dotted address after a greeting word */
	assert_true(scan("Dear john@x.com, act now", NULL, 0, &g));
	assert_false(g.recipient);
	assert_memory_equal("john@x.com", "Dear john@x.com" + g.addr_off, 10);
}

static void
test_scan_negative(void **state)
{
	char longtext[2048];
	kn_greeting g;
	(void)state;
	/* a newsletter footer: not a greeting */
	assert_false(scan("Our news this week.\nThis email was sent to "
		"user@example.com.", rcpt, 2, &g));
	/* a greeting with a name, the address later */
	assert_false(scan("Dear John,\nwe wrote to user@example.com about it.",
		rcpt, 2, &g));
	/* someone else's address, recipients known */
	assert_false(scan("Dear other@example.org,\nhello", rcpt, 2, &g));
	/* first token but not a greeting: a quote header */
	assert_false(scan("user@example.com wrote:\n> hi", rcpt, 2, &g));
	/* the first token must be a recipient */
	assert_false(scan("john@x.com,\nyour invoice", NULL, 0, &g));
	/* undisclosed: no dotted domain, no greeting word */
	assert_false(scan("Dear admin@localhost, hi", NULL, 0, &g));
	/* a greeting word inside a longer word */
	assert_false(scan("Chi user@example.com", rcpt, 2, &g));
	/* two line breaks between word and address */
	assert_false(scan("Hello\n\nuser@example.com", rcpt, 2, &g));
	/* beyond the opening window */
	memset(longtext, 'x', 400);
	longtext[400] = '\n';
	strcpy(longtext + 401, "Dear user@example.com,");
	assert_false(scan(longtext, rcpt, 2, &g));
	assert_false(scan("", rcpt, 2, &g));
}

static bool
has(const char *msg, const char *id)
{
	kensa_analysis *a = msgtest_analyze_mem(msg, strlen(msg), NULL);
	bool r;
	assert_non_null(a);
	r = msgtest_finding(a, id) != NULL;
	kensa_analysis_free(a);
	return r;
}

#define H "From: a@example.co.jp\nTo: Bob <bob@example.org>\n" \
	"Date: Thu, 14 Oct 2021 07:41:02 +0000\nMessage-ID: <1@example.co.jp>\n"

static void
test_analyze(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;
	const char *m = H "Content-Type: text/html; charset=utf-8\n\n"
		"<html><head><title>Notice</title></head><body><p>Dear&nbsp;"
		"<b>bob@example.org</b>,</p><p>Your mailbox is full.</p></body></html>\n";
	(void)state;
	a = msgtest_analyze_mem(m, strlen(m), NULL);
	assert_non_null(a);
	f = msgtest_finding(a, "greeting-by-address");
	assert_non_null(f);
	assert_non_null(f->evidence.text);
	assert_non_null(strstr(f->evidence.text, "bob@example.org"));
	assert_int_equal(f->severity, KENSA_SEV_LOW);
	kensa_analysis_free(a);
	assert_true(has(H "\nHello bob@example.org,\nclick below.\n",
		"greeting-by-address"));
	assert_false(has(H "\nHello Bob,\nsee you.\n\n--\nSent to bob@example.org\n",
		"greeting-by-address"));
	/* an attachment is not the main text */
	assert_false(has(H "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
		"Content-Type: text/plain\n\nHi Bob.\n--b\nContent-Type: text/plain\n"
		"Content-Disposition: attachment; filename=a.txt\n\n"
		"Dear bob@example.org,\n--b--\n", "greeting-by-address"));
}

static void
test_corpus_samples(void **state)
{
	static const char *const files[] = {
		"corpus/phish/phishing_pot/sample-1068.eml",
		"corpus/phish/jp-mailinglist/osst-users-2bb8d6f97704.eml",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		kensa_analysis *a = msgtest_analyze_file(files[i]);
		if (a == NULL)
			skip();
		if (msgtest_finding(a, "greeting-by-address") == NULL)
			fail_msg("%s: no greeting-by-address", files[i]);
		kensa_analysis_free(a);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_positive),
		cmocka_unit_test(test_scan_negative),
		cmocka_unit_test(test_analyze),
		cmocka_unit_test(test_corpus_samples),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
