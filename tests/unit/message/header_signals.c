/* SPDX-License-Identifier: MIT */
/*
 * test_message_header_signals - the header signals of check.c: a Subject
 * that fakes a reply or forward, From mailboxes that cannot be real
 * (empty, domainless, not an FQDN, several without a Sender) and the
 * recipient's address in the Subject; positive and negative cases, and
 * the corpus samples they were written for when the corpus is present.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit/message/msgtest.h"

#define GOOD_DATE "Date: Thu, 14 Oct 2021 07:41:02 +0000\n"
#define GOOD_ID "Message-ID: <1@mail.example.co.jp>\n"
#define HDRS "From: a@example.co.jp\nTo: b@example.org\n" GOOD_DATE GOOD_ID

/* Analyze headers h (LF line ends) plus body b. */
static kensa_analysis *
run(const char *h, const char *b)
{
	char buf[8192];
	int n = snprintf(buf, sizeof(buf), "%s\n%s", h, b);
	return msgtest_analyze_mem(buf, (size_t)n, NULL);
}

static const kensa_finding *
find_sev(const kensa_analysis *a, const char *id, kensa_severity sev)
{
	const kensa_finding *f;
	size_t n = kensa_analysis_findings(a, &f);

	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].id, id) == 0 && f[i].severity == sev)
			return &f[i];
	return NULL;
}

static bool
has(const char *h, const char *b, const char *id)
{
	kensa_analysis *a = run(h, b);
	bool r;
	assert_non_null(a);
	r = msgtest_finding(a, id) != NULL;
	kensa_analysis_free(a);
	return r;
}

static void
test_fake_reply_positive(void **state)
{
	static const char *subjects[] = {
		"Re: Reminder: your account", "RE: invoice", "FW: Urgente!!",
		"Fwd: documents", "AW: Rechnung", "WG: Rechnung", "RV: factura",
		"TR : facture", "SV: faktura", "[List] Re: hello", "Re[2]: hello",
		"=?UTF-8?B?5Zue5aSNOiDlj5HnpajpgJrnn6U=?=", /* 回复: 发票通知 */
		"=?UTF-8?B?6L+U5L+h77ya44GU6KuL5rGC5pu4?=", /* 返信：ご請求書 */
	};
	kensa_analysis *a;
	const kensa_finding *f;
	(void)state;
	for (size_t i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++) {
		char h[1024];
		snprintf(h, sizeof(h), HDRS "Subject: %s\n", subjects[i]);
		a = run(h, "Please see the attached notice.\n");
		assert_non_null(a);
		f = find_sev(a, "fake-reply", KENSA_SEV_MEDIUM);
		if (f == NULL)
			fail_msg("no fake-reply for \"%s\"", subjects[i]);
		assert_string_equal(f->evidence.header, "Subject");
		kensa_analysis_free(a);
	}
	/* on a mailing list: the weak variant */
	a = run(HDRS "List-Id: <x.lists.example.org>\nSubject: Re: [x] sale\n",
		"Buy now.\n");
	assert_non_null(find_sev(a, "fake-reply", KENSA_SEV_LOW));
	assert_null(find_sev(a, "fake-reply", KENSA_SEV_MEDIUM));
	kensa_analysis_free(a);
}

static void
test_fake_reply_negative(void **state)
{
	(void)state;
	/* a real reply carries In-Reply-To or References */
	assert_false(has(HDRS "Subject: Re: hello\nIn-Reply-To: <0@example.org>\n",
		"ok\n", "fake-reply"));
	assert_false(has(HDRS "Subject: Re: hello\nReferences: <0@example.org>\n",
		"ok\n", "fake-reply"));
	/* Outlook/Exchange: Thread-Index is thread evidence */
	assert_false(has(HDRS "Subject: FW: hello\nThread-Index: AdgB1234==\n",
		"ok\n", "fake-reply"));
	/* an old mail program without the fields, but it quotes */
	assert_false(has(HDRS "Subject: Re: hello\n",
		"On Mon, Bob wrote:\n> hi\nyes\n", "fake-reply"));
	assert_false(has(HDRS "Subject: RE: hello\n",
		"yes\n\n-----Original Message-----\nFrom: bob\n", "fake-reply"));
	assert_false(has(HDRS "Subject: Re: hello\n", "> hi\nyes\n",
		"fake-reply"));
	/* not a prefix: words that only start like one */
	assert_false(has(HDRS "Subject: Reminder: your bill\n", "x\n",
		"fake-reply"));
	assert_false(has(HDRS "Subject: Travel: plans\n", "x\n", "fake-reply"));
	assert_false(has(HDRS "Subject: About Re: later\n", "x\n", "fake-reply"));
	assert_false(has(HDRS, "x\n", "fake-reply"));
}

static void
test_from_invalid(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;
	(void)state;
	a = run("From: Team <rewards@hd-promos>\nTo: b@example.org\n" GOOD_DATE
		GOOD_ID, "x\n");
	f = msgtest_finding(a, "from-address-invalid");
	assert_non_null(f);
	assert_string_equal(f->evidence.header, "From");
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "rewards@hd-promos"));
	kensa_analysis_free(a);
	assert_true(has("From: Team <rewards@hd-promos,com>\n" GOOD_DATE GOOD_ID,
		"x\n", "from-address-invalid"));
	assert_true(has("From: Team <rewards@example.com.>\n" GOOD_DATE GOOD_ID,
		"x\n", "from-address-invalid"));
	assert_true(has("From: Team <rewards@example..com>\n" GOOD_DATE GOOD_ID,
		"x\n", "from-address-invalid"));
	assert_true(has("From: Ihr Team, <service@example.de>\n" GOOD_DATE GOOD_ID,
		"x\n", "from-address-invalid"));
	assert_true(has("From: a@example.de, <>\nSender: a@example.de\n" GOOD_DATE
		GOOD_ID, "x\n", "from-address-invalid"));

	assert_false(has("From: Team <rewards@example.co.jp>\n" GOOD_DATE GOOD_ID,
		"x\n", "from-address-invalid"));
	assert_false(has("From: a@[192.0.2.1]\n" GOOD_DATE GOOD_ID, "x\n",
		"from-address-invalid"));
	assert_false(has("From: =?UTF-8?B?5pel5pys?= <a@xn--wgv71a.jp>\n" GOOD_DATE
		GOOD_ID, "x\n", "from-address-invalid"));
	/* no address at all: from-missing, not this */
	assert_false(has("From: <>\n" GOOD_DATE GOOD_ID, "x\n",
		"from-address-invalid"));
	assert_true(has("From: <>\n" GOOD_DATE GOOD_ID, "x\n", "from-missing"));
}

static void
test_from_mailboxes(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;
	(void)state;
	a = run("From: a@example.de, b@example.de\n" GOOD_DATE GOOD_ID, "x\n");
	f = find_sev(a, "from-multiple", KENSA_SEV_LOW);
	assert_non_null(f);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "lists 2 mailboxes"));
	kensa_analysis_free(a);
	/* a Sender that is no mailbox does not count */
	assert_true(has("From: a@example.de, b@example.de\nSender: Team;\n"
		GOOD_DATE GOOD_ID, "x\n", "from-multiple"));
	/* RFC 5322 3.6.2: with a Sender several authors are fine */
	assert_false(has("From: a@example.de, b@example.de\nSender: a@example.de\n"
		GOOD_DATE GOOD_ID, "x\n", "from-multiple"));
	assert_false(has("From: a@example.de\n" GOOD_DATE GOOD_ID, "x\n",
		"from-multiple"));
	/* two From fields: the field variant only */
	a = run("From: a@example.de, b@example.de\nFrom: c@example.de\n" GOOD_DATE
		GOOD_ID, "x\n");
	assert_non_null(find_sev(a, "from-multiple", KENSA_SEV_MEDIUM));
	assert_null(find_sev(a, "from-multiple", KENSA_SEV_LOW));
	kensa_analysis_free(a);
}

static void
test_subject_recipient(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;
	(void)state;
	a = run("From: a@example.co.jp\nTo: User <bob@example.org>\n" GOOD_DATE
		GOOD_ID "Subject: bob@example.org, Limited-Time Offer\n", "x\n");
	f = msgtest_finding(a, "subject-has-recipient");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "address bob@example.org:"));
	assert_string_equal(f->evidence.header, "Subject");
	kensa_analysis_free(a);
	assert_true(has("From: a@example.co.jp\nTo: x@example.net\nCc: Bob@Example.org\n"
		GOOD_DATE GOOD_ID "Subject: Invoice for BOB@example.org.\n", "x\n",
		"subject-has-recipient"));
	assert_true(has("From: a@example.co.jp\nDelivered-To: bob@example.org\n"
		GOOD_DATE GOOD_ID "Subject: [bob@example.org] mailbox full\n", "x\n",
		"subject-has-recipient"));

	/* another address, or the recipient's inside a longer one */
	assert_false(has(HDRS "Subject: Re: vk@elcomsoft.example: warning\n",
		"> x\n", "subject-has-recipient"));
	assert_false(has(HDRS "Subject: about xb@example.org and b@example.orgs\n",
		"x\n", "subject-has-recipient"));
	assert_false(has(HDRS "Subject: hello\n", "x\n", "subject-has-recipient"));
}

/* The samples the signals were written for (skipped without corpus). */
static void
test_corpus_samples(void **state)
{
	static const struct { const char *file, *id; } c[] = {
		{ "corpus/phish/phishing_pot/sample-2341.eml", "fake-reply" },
		{ "corpus/phish/phishing_pot/sample-2934.eml", "fake-reply" },
		{ "corpus/phish/jp-mailinglist/osst-users-12dfcfcaa340.eml", "fake-reply" },
		{ "corpus/phish/phishing_pot/sample-5626.eml", "from-address-invalid" },
		{ "corpus/phish/phishing_pot/sample-5626.eml", "subject-has-recipient" },
		{ "corpus/phish/phishing_pot/sample-4177.eml", "from-address-invalid" },
		{ "corpus/phish/phishing_pot/sample-4177.eml", "from-multiple" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		kensa_analysis *a = msgtest_analyze_file(c[i].file);
		if (a == NULL)
			skip();
		if (msgtest_finding(a, c[i].id) == NULL)
			fail_msg("%s: no %s", c[i].file, c[i].id);
		kensa_analysis_free(a);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fake_reply_positive),
		cmocka_unit_test(test_fake_reply_negative),
		cmocka_unit_test(test_from_invalid),
		cmocka_unit_test(test_from_mailboxes),
		cmocka_unit_test(test_subject_recipient),
		cmocka_unit_test(test_corpus_samples),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
