/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	test_report_wording
 * SUMMARY
 *	the wording of the text report and of the verdict's details
 * DESCRIPTION
 *	What a fresh reader of the seed's report tripped on, each with a
 *	positive and a negative case:
 *	- lure-link-elsewhere quotes the lure rules by title (en and ja),
 *	  never by id;
 *	- the verdict line's parts add up to the score ("other" for the
 *	  reasons of no signal), or say that a reason of two signals
 *	  counts in each;
 *	- a lure finding's phrase score is not called its weight;
 *	- the overview's part list names as many parts as it counts;
 *	- the standard input is named "(standard input)", not "-".
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kensa/report.h"
#include "unit/message/msgtest.h"

/* The seed replayed from its recorded evidence (shared cases), or NULL
 * when the shared directory is absent. */
static kensa_analysis *
seed_replayed(void)
{
	kensa_options o = KENSA_OPTIONS_INIT;
	kensa_analysis *a = NULL;
	char dir[4096];
	size_t len = 0;
	char *d = msgtest_read("cases/seed-kagoya/message.eml", 1, &len);

	if (d == NULL)
		return NULL;
	snprintf(dir, sizeof(dir), "%s/cases/seed-kagoya", msgtest_shared());
	o.replay_dir = dir;
	assert_int_equal(kensa_analyze(&a, d, len, &o), 0);
	free(d);
	return a;
}

static char *
render(const kensa_analysis *a, kensa_lang lang, const char *source)
{
	kensa_report_options o = KENSA_REPORT_OPTIONS_INIT;
	char *out = NULL;

	o.lang = lang;
	o.source = source;
	assert_int_equal(kensa_report_render(&out, NULL, a, &o), 0);
	assert_non_null(out);
	return out;
}

/* The line of text that starts with (after blanks) prefix, copied. */
static char *
line_of(const char *text, const char *prefix)
{
	const char *p = text;

	while (p != NULL && *p != '\0') {
		const char *s = p + strspn(p, " ");
		const char *e = strchr(p, '\n');
		size_t n = e != NULL ? (size_t)(e - p) : strlen(p);

		if (strncmp(s, prefix, strlen(prefix)) == 0) {
			char *r = malloc(n + 1);
			assert_non_null(r);
			memcpy(r, p, n);
			r[n] = '\0';
			return r;
		}
		p = e != NULL ? e + 1 : NULL;
	}
	return NULL;
}

static void
test_wording__lure_link_titles(void **state)
{
	kensa_analysis *a = seed_replayed();
	const kensa_finding *f, *lure;

	(void)state;
	if (a == NULL)
		skip();
	f = msgtest_finding(a, "lure-link-elsewhere");
	lure = msgtest_finding(a, "lure-account-suspension");
	assert_non_null(f);
	assert_non_null(lure);
	/* the lure's title, in each language, quoted */
	assert_non_null(strstr(f->detail[KENSA_LANG_EN],
		"(\"The text threatens that an account is or will be "
		"suspended\")"));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA],
		"(「本文がアカウントの停止・制限をほのめかしています」)"));
	/* no rule id in the prose, in either language */
	assert_null(strstr(f->detail[KENSA_LANG_EN], "lure-"));
	assert_null(strstr(f->detail[KENSA_LANG_JA], "lure-"));
	assert_null(strstr(f->detail[KENSA_LANG_EN], "carries"));
	/* the unrelated domain is named, not the link's HTML tag */
	assert_non_null(strstr(f->detail[KENSA_LANG_EN],
		"nor the recipient's: comget-sample.net."));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA],
		"リンクがあります: comget-sample.net。"));
	assert_null(strstr(f->detail[KENSA_LANG_EN], "<a "));
	/* the id stays the finding's own */
	assert_string_equal(lure->id, "lure-account-suspension");
	kensa_analysis_free(a);
}

/* A message with no unrelated link: no lure-link-elsewhere at all. */
static void
test_wording__lure_link_absent(void **state)
{
	static const char m[] =
		"From: Shop <info@shop.example>\r\n"
		"To: someone@example.org\r\n"
		"Subject: your account\r\n"
		"Date: Thu, 14 Oct 2021 07:41:02 +0000\r\n"
		"Message-ID: <a@shop.example>\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n\r\n"
		"Your account has been suspended. Verify your account.\r\n";
	kensa_analysis *a = msgtest_analyze_mem(m, sizeof(m) - 1, NULL);

	(void)state;
	assert_non_null(a);
	assert_null(msgtest_finding(a, "lure-link-elsewhere"));
	kensa_analysis_free(a);
}

static void
test_wording__phrase_score(void **state)
{
	kensa_analysis *a = seed_replayed();
	const kensa_finding *f;

	(void)state;
	if (a == NULL)
		skip();
	f = msgtest_finding(a, "lure-account-suspension");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "(phrase score "));
	assert_null(strstr(f->detail[KENSA_LANG_EN], "(weight "));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA], "(語句スコア "));
	assert_null(strstr(f->detail[KENSA_LANG_JA], "(重み "));
	kensa_analysis_free(a);
}

/* The verdict line of a report: either "score S = D + L + B + O" with
 * S the verdict's score and the sum of the reasons, or the form that
 * says a reason counts in two groups. Returns true for the sum form. */
static bool
check_split(const kensa_analysis *a, const char *text, kensa_lang lang)
{
	const kensa_verdict *v = kensa_analysis_verdict(a);
	char *line = line_of(text, lang == KENSA_LANG_JA ? "判定:" :
		"Verdict:");
	unsigned s, d, l, b, o, sum = 0;
	const char *p;
	bool eq;

	assert_non_null(line);
	for (size_t i = 0; i < v->reason_count; i++)
		sum += v->reasons[i].weight;
	assert_int_equal(sum, v->score);
	assert_null(strstr(line, "of which"));
	assert_null(strstr(line, "うち"));
	if (lang == KENSA_LANG_JA) {
		p = strstr(line, "(スコア ");
		assert_non_null(p);
		eq = sscanf(p, "(スコア %u = 偽装 %u + 誘導 %u + 大量配信 %u + "
			"その他 %u)", &s, &d, &l, &b, &o) == 5;
		if (!eq)
			assert_non_null(strstr(line, "二つの信号を持つ根拠は"
				"両方に数えています"));
	} else {
		p = strstr(line, "(score ");
		assert_non_null(p);
		eq = sscanf(p, "(score %u = deception %u + lure %u + bulk mail "
			"%u + other %u)", &s, &d, &l, &b, &o) == 5;
		if (!eq)
			assert_non_null(strstr(line, "a reason of two signals "
				"counts in each"));
	}
	if (eq) {
		assert_int_equal(s, v->score);
		assert_int_equal(d + l + b + o, s);
		assert_int_equal(d, v->deception);
		assert_int_equal(l, v->lure);
		assert_int_equal(b, v->bulk);
	}
	free(line);
	return eq;
}

static void
test_wording__split_adds_up(void **state)
{
	kensa_analysis *a = seed_replayed();
	char *en, *ja;

	(void)state;
	if (a == NULL)
		skip();
	assert_true(kensa_analysis_verdict(a)->score > 0);
	en = render(a, KENSA_LANG_EN, "seed.eml");
	ja = render(a, KENSA_LANG_JA, "seed.eml");
	/* the seed has no reason of two signals: a sum in both languages */
	assert_true(check_split(a, en, KENSA_LANG_EN));
	assert_true(check_split(a, ja, KENSA_LANG_JA));
	free(en);
	free(ja);
	kensa_analysis_free(a);
}

/* A prize lure is both lure and bulk: no sum, the line says why. */
static void
test_wording__split_two_signals(void **state)
{
	static const char m[] =
		"From: Prize Team <win@prizes.example>\r\n"
		"To: someone@example.org\r\n"
		"Subject: Congratulations, you have won\r\n"
		"Date: Thu, 14 Oct 2021 07:41:02 +0000\r\n"
		"Message-ID: <b@prizes.example>\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n\r\n"
		"You have won! Claim your prize today: a free gift and a "
		"gift card are waiting for the lottery winner.\r\n";
	kensa_analysis *a = msgtest_analyze_mem(m, sizeof(m) - 1, NULL);
	char *en, *ja;

	(void)state;
	assert_non_null(a);
	assert_non_null(msgtest_finding(a, "lure-prize"));
	en = render(a, KENSA_LANG_EN, "prize.eml");
	ja = render(a, KENSA_LANG_JA, "prize.eml");
	assert_false(check_split(a, en, KENSA_LANG_EN));
	assert_false(check_split(a, ja, KENSA_LANG_JA));
	free(en);
	free(ja);
	kensa_analysis_free(a);
}

/* Count of "#N" entries of the overview's Parts line. */
static size_t
listed_parts(const char *line)
{
	size_t n = 0;

	for (const char *p = line; (p = strchr(p, '#')) != NULL; p++)
		n++;
	return n;
}

static void
test_wording__parts_listed(void **state)
{
	kensa_analysis *a = seed_replayed();
	const kensa_message_facts *m;
	char *en, *ja, *le, *lj;

	(void)state;
	if (a == NULL)
		skip();
	m = kensa_analysis_message(a);
	assert_int_equal(m->part_count, 3);
	en = render(a, KENSA_LANG_EN, "seed.eml");
	ja = render(a, KENSA_LANG_JA, "seed.eml");
	le = line_of(en, "Parts ");
	lj = line_of(ja, "パート ");
	assert_non_null(le);
	assert_non_null(lj);
	assert_int_equal(listed_parts(le), m->part_count);
	assert_int_equal(listed_parts(lj), m->part_count);
	assert_non_null(strstr(le, ": 3 (#0 multipart/alternative (container), "
		"#1 text/plain"));
	assert_non_null(strstr(lj, "#0 multipart/alternative(コンテナ)"));
	free(le);
	free(lj);
	free(en);
	free(ja);
	kensa_analysis_free(a);
}

/* A single-part message: one part, listed, no container. */
static void
test_wording__parts_single(void **state)
{
	static const char m[] =
		"From: a@example.org\r\nTo: b@example.org\r\nSubject: hi\r\n"
		"Date: Thu, 14 Oct 2021 07:41:02 +0000\r\n"
		"Message-ID: <c@example.org>\r\n"
		"Content-Type: text/plain; charset=us-ascii\r\n\r\nhello\r\n";
	kensa_analysis *a = msgtest_analyze_mem(m, sizeof(m) - 1, NULL);
	char *en, *le;

	(void)state;
	assert_non_null(a);
	en = render(a, KENSA_LANG_EN, "one.eml");
	le = line_of(en, "Parts ");
	assert_non_null(le);
	assert_int_equal(listed_parts(le), kensa_analysis_message(a)->part_count);
	assert_null(strstr(le, "container"));
	free(le);
	free(en);
	kensa_analysis_free(a);
}

static void
test_wording__stdin_name(void **state)
{
	static const char m[] =
		"From: a@example.org\r\nTo: b@example.org\r\nSubject: hi\r\n\r\n"
		"hello\r\n";
	kensa_analysis *a = msgtest_analyze_mem(m, sizeof(m) - 1, NULL);
	char *t;

	(void)state;
	assert_non_null(a);
	t = render(a, KENSA_LANG_EN, "-");
	assert_true(strncmp(t, "kensa report - (standard input)\n", 32) == 0);
	assert_null(strstr(t, "kensa report - -"));
	assert_non_null(strstr(t, "Source     : (standard input)\n"));
	free(t);
	t = render(a, KENSA_LANG_JA, "-");
	assert_non_null(strstr(t, "kensa 調査報告 - (標準入力)\n"));
	free(t);
	/* a file keeps its name; no name at all says so */
	t = render(a, KENSA_LANG_EN, "mail.eml");
	assert_true(strncmp(t, "kensa report - mail.eml\n", 24) == 0);
	assert_null(strstr(t, "standard input"));
	free(t);
	t = render(a, KENSA_LANG_EN, NULL);
	assert_true(strncmp(t, "kensa report - (unnamed input)\n", 31) == 0);
	free(t);
	kensa_analysis_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wording__lure_link_titles),
		cmocka_unit_test(test_wording__lure_link_absent),
		cmocka_unit_test(test_wording__phrase_score),
		cmocka_unit_test(test_wording__split_adds_up),
		cmocka_unit_test(test_wording__split_two_signals),
		cmocka_unit_test(test_wording__parts_listed),
		cmocka_unit_test(test_wording__parts_single),
		cmocka_unit_test(test_wording__stdin_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
