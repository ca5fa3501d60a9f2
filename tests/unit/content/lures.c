/* SPDX-License-Identifier: MIT */
/*
 * test_content_lures - width/case folding, the compiled-in phrase table,
 * lure findings on small messages, and the rate of messages with a lure
 * finding over the phishing corpus and over easy_ham_2 (printed).
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

#include "content/lures.h"
#include "unit/message/msgtest.h"

static void
test_lures__fold(void **state)
{
	kn_arena ar;
	kn_fold_text f;
	/* full-width ASCII, ideographic space, half-width katakana with
	 * voiced and semi-voiced marks, a line break */
	static const char in[] = "ＰＡＳＳＷＯＲＤ　ﾊﾟｽﾜｰﾄﾞ\r\n\tVerify";

	(void)state;
	kn_arena_init(&ar);
	assert_int_equal(kn_fold(&ar, in, strlen(in), &f), 0);
	assert_string_equal(f.text, "password パスワード verify");
	/* "パ" came from the 6 bytes of "ﾊﾟ" */
	{
		const char *p = strstr(f.text, "パ");
		size_t o = (size_t)(p - f.text);
		assert_int_equal(f.map[o], strlen("ＰＡＳＳＷＯＲＤ　"));
		assert_int_equal(f.end[o], strlen("ＰＡＳＳＷＯＲＤ　ﾊﾟ"));
	}
	assert_int_equal(kn_fold(&ar, "ｶﾞｳﾞﾎﾟ", strlen("ｶﾞｳﾞﾎﾟ"), &f), 0);
	assert_string_equal(f.text, "ガヴポ");
	kn_arena_dispose(&ar);
}

static void
test_lures__table_is_folded(void **state)
{
	kn_arena ar;
	size_t n;
	const kn_lure_phrase *t = kn_lures_table(&n);
	unsigned cats = 0;

	(void)state;
	assert_true(n > 100);
	kn_arena_init(&ar);
	for (size_t i = 0; i < n; i++) {
		kn_fold_text f;
		assert_int_equal(kn_fold(&ar, t[i].phrase, strlen(t[i].phrase),
			&f), 0);
		if (strcmp(f.text, t[i].phrase) != 0)
			fail_msg("phrase not folded: \"%s\"", t[i].phrase);
		assert_true(t[i].weight >= 1 && t[i].weight <= 3);
		assert_true(strcmp(t[i].lang, "ja") == 0 ||
			strcmp(t[i].lang, "en") == 0);
		if (strcmp(t[i].category, "credential") == 0)
			cats |= 1;
		if (strcmp(t[i].category, "delivery-failure") == 0)
			cats |= 2;
	}
	assert_int_equal(cats, 3);
	kn_arena_dispose(&ar);
}

static kensa_analysis *
mail(const char *subject, const char *body)
{
	char *m = g_strdup_printf(
		"From: a@example.com\r\nTo: b@example.org\r\nSubject: %s\r\n"
		"Date: Thu, 14 Oct 2021 07:41:02 +0000\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n",
		subject, body);
	kensa_analysis *a = msgtest_analyze_mem(m, strlen(m), NULL);

	g_free(m);
	assert_non_null(a);
	return a;
}

static void
test_lures__english(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	a = mail("Action required", "Dear user,\r\nWe noticed unusual "
		"activity. Please VERIFY YOUR ACCOUNT within 24 hours or your "
		"account will be suspended.\r\n");
	f = msgtest_finding(a, "lure-credential");
	assert_non_null(f);
	assert_string_equal(f->evidence.text, "VERIFY YOUR ACCOUNT");
	assert_non_null(strstr(f->detail[0], "\"unusual activity\""));
	assert_non_null(msgtest_finding(a, "lure-urgency"));
	assert_non_null(msgtest_finding(a, "lure-account-suspension"));
	assert_null(msgtest_finding(a, "lure-prize"));
	kensa_analysis_free(a);
}

static void
test_lures__japanese_fullwidth(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	/* half-width katakana and full-width digits */
	a = mail("=?UTF-8?B?44CQ6YeN6KaB44CR?=",
		"ｱｶｳﾝﾄ情報の確認が必要です。２４時間以内に"
		"ﾛｸﾞｲﾝしてください。\r\n");
	f = msgtest_finding(a, "lure-credential");
	assert_non_null(f);
	assert_string_equal(f->evidence.text, "ｱｶｳﾝﾄ情報の確認");
	assert_non_null(msgtest_finding(a, "lure-urgency"));
	kensa_analysis_free(a);
}

static void
test_lures__benign(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;
	size_t n;

	(void)state;
	a = mail("Minutes of Tuesday's meeting", "Hi all,\r\nattached are the "
		"minutes. The passwords policy will be discussed next week; "
		"nobody needs to verify anything now.\r\nThanks\r\n");
	n = kensa_analysis_findings(a, &f);
	for (size_t i = 0; i < n; i++)
		assert_null(strstr(f[i].id, "lure-"));
	kensa_analysis_free(a);
}

/* Messages of dir (relative to the shared corpus) with a lure finding;
 * *total gets the number analyzed. */
static unsigned
count_dir(const char *rel, unsigned *total)
{
	char path[4096];
	DIR *d;
	struct dirent *e;
	unsigned hit = 0;

	snprintf(path, sizeof(path), "%s/%s", msgtest_shared(), rel);
	d = opendir(path);
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char f[1024];
		size_t len = 0;
		char *data;
		kensa_analysis *a;
		const kensa_finding *fs;
		size_t n;
		bool any = false;
		if (e->d_name[0] == '.' || strcmp(e->d_name, "cmds") == 0)
			continue;
		if ((size_t)snprintf(f, sizeof(f), "%s/%s", rel, e->d_name) >=
		    sizeof(f))
			continue;
		if ((data = msgtest_read(f, 1, &len)) == NULL)
			continue;
		a = msgtest_analyze_mem(data, len, NULL);
		free(data);
		if (a == NULL)
			continue;
		(*total)++;
		n = kensa_analysis_findings(a, &fs);
		for (size_t i = 0; i < n && !any; i++)
			any = strncmp(fs[i].id, "lure-", 5) == 0;
		hit += any;
		if (!any && getenv("KENSA_LURES_VERBOSE") != NULL)
			printf("  no lure: %s (%s)\n", f,
				kensa_analysis_message(a)->subject ?
				kensa_analysis_message(a)->subject : "-");
		kensa_analysis_free(a);
	}
	closedir(d);
	return hit;
}

static void
test_lures__corpus_rates(void **state)
{
	unsigned pt = 0, ht = 0, jt = 0, ph, hh, jh;

	(void)state;
	ph = count_dir("corpus/phish/phishing_pot", &pt);
	ph += count_dir("corpus/phish/jp-mailinglist", &pt);
	hh = count_dir("corpus/ham-spam/easy_ham_2", &ht);
	jh = count_dir("corpus/ham-ja/jpmobile", &jt);
	jh += count_dir("corpus/ham-ja/lore", &jt);
	jh += count_dir("corpus/ham-ja/spamassassin", &jt);
	jh += count_dir("corpus/ham-ja/tomoyo-users", &jt);
	if (pt == 0 || ht == 0)
		skip();
	printf("lures: phish %u/%u (%.0f%%), easy_ham_2 %u/%u (%.1f%%), "
		"ham-ja %u/%u (%.1f%%)\n", ph, pt, 100.0 * ph / pt, hh, ht,
		100.0 * hh / ht, jh, jt, jt ? 100.0 * jh / jt : 0.0);
	/* Measured: phish 41/93 (the misses are mostly sex, casino and
	 * advance-fee spam, or in languages without a phrase list), easy_ham_2
	 * 1/1400, ham-ja 0/380. Keep a margin either way. */
	assert_true(ph * 100 >= pt * 40);
	assert_true(hh * 100 <= ht * 2);
	assert_true(jh * 100 <= jt * 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lures__fold),
		cmocka_unit_test(test_lures__table_is_folded),
		cmocka_unit_test(test_lures__english),
		cmocka_unit_test(test_lures__japanese_fullwidth),
		cmocka_unit_test(test_lures__benign),
		cmocka_unit_test(test_lures__corpus_rates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
