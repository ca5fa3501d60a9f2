/* SPDX-License-Identifier: MIT */
/*
 * test_message_reply_mailbox - reply-to-other-mailbox: a free-mail From
 * whose Reply-To is another mailbox at the same provider (positive), and
 * the same address, a non-free-mail domain or no Reply-To (negative).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "unit/message/msgtest.h"

#define HDRS "Date: Thu, 14 Oct 2021 07:41:02 +0000\n" \
	"Message-ID: <1@mail.gmail.com>\nSubject: Firm\n"

static bool
has(const char *h, const char *id)
{
	char buf[4096];
	int n = snprintf(buf, sizeof(buf), "%s" HDRS "\nbody\n", h);
	kensa_analysis *a;
	bool r;

	assert_true(n > 0 && (size_t)n < sizeof(buf));
	a = msgtest_analyze_mem(buf, (size_t)n, NULL);
	assert_non_null(a);
	r = msgtest_finding(a, id) != NULL;
	kensa_analysis_free(a);
	return r;
}

static void
test_reply_mailbox__positive(void **state)
{
	(void)state;
	assert_true(has("From: duch@gmail.com\nReply-To: vreke@gmail.com\n",
		"reply-to-other-mailbox"));
	assert_true(has("From: A <a@hotmail.com>\nReply-To: <B@Hotmail.com>\n",
		"reply-to-other-mailbox"));
	/* another free-mail provider keeps its own rule */
	assert_false(has("From: a@example.com\nReply-To: x@aliyun.com\n",
		"reply-to-other-mailbox"));
	assert_true(has("From: a@example.com\nReply-To: x@aliyun.com\n",
		"reply-to-other-domain"));
}

static void
test_reply_mailbox__negative(void **state)
{
	(void)state;
	assert_false(has("From: a@gmail.com\nReply-To: A@GMAIL.com\n",
		"reply-to-other-mailbox"));
	assert_false(has("From: a@lists.example.org\nReply-To: "
		"list@lists.example.org\n", "reply-to-other-mailbox"));
	assert_false(has("From: a@gmail.com\n", "reply-to-other-mailbox"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply_mailbox__positive),
		cmocka_unit_test(test_reply_mailbox__negative),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
