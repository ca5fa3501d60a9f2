/* SPDX-License-Identifier: MIT */
/*
 * test_content_narrative - "resolved yet asks to act" phrase logic, and
 * the crude HTML-to-text reduction it runs on for HTML parts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "content/htmltext.h"
#include "content/narrative.h"
#include "util/arena.h"

static const char seed_plain[] =
	"office-sample.jpのメールサーバー(office-sample.jpに収容)\n"
	"10月14日早朝から運用が不安定になっています。\n"
	"―――――――――――――――――――――――――――――――――\n"
	"発生日時:2021年10月14日(木)00:00頃\n"
	"復旧日時:2021年10月14日(日)08:10頃\n"
	"失敗の詳細:メールサービス(@office-sample.jp)の動作が不安定でした。\n"
	"メールの送受信ができないことに加えて、メールの到着が遅れる場合があります。\n"
	"―――――――――――――――――――――――――――――――――\n"
	"ウェブメールサービスを回復するには、以下のリンクをクリックしてください。\n"
	"\n"
	"https://webmail.office-sample.jp/recover\n";

static bool
scan(const char *s, kn_narrative *nr)
{
	return kn_narrative_scan(NULL, s, strlen(s), nr);
}

static void
test_content_narrative__seed(void **state)
{
	kn_narrative nr;
	const char *want = "回復するには、以下のリンクをクリックしてください";
	bool saw_fukkyu = false, saw_fuantei = false;

	(void)state;
	assert_true(scan(seed_plain, &nr));
	assert_true(nr.resolved_score >= 2);
	assert_true(nr.action_score >= 2);
	assert_int_equal(nr.action.length, strlen(want));
	assert_memory_equal(seed_plain + nr.action.offset, want, strlen(want));
	for (size_t i = 0; i < nr.resolved_count; i++) {
		const char *p = seed_plain + nr.resolved[i].offset;
		if (strncmp(p, "復旧日時", nr.resolved[i].length) == 0)
			saw_fukkyu = true;
		if (strncmp(p, "不安定でした", nr.resolved[i].length) == 0)
			saw_fuantei = true;
	}
	assert_true(saw_fukkyu);
	assert_true(saw_fuantei);
}

static void
test_content_narrative__english_positive(void **state)
{
	const char *s = "Dear user,\n\nThe mail outage of this morning has been "
		"resolved and all services are now back to normal.\n"
		"Click here to restore your mailbox access: https://x.example/\n";
	kn_narrative nr;

	(void)state;
	assert_true(scan(s, &nr));
	assert_memory_equal(s + nr.action.offset, "Click here to restore your",
		nr.action.length);
	/* the other way round, with a purpose clause and "please" */
	assert_true(scan("Your account was restored. To restore your access, "
		"please log in to the portal below.", &nr));
	assert_true(scan("The issue was resolved. Verify your account now.",
		&nr));
}

static void
test_content_narrative__newsletter_negative(void **state)
{
	kn_narrative nr;

	(void)state;
	/* English: resolved, and explicitly no action needed. */
	assert_false(scan("Service update: we restored service at 10:00 after "
		"a short outage. No action is needed on your part; you do not "
		"need to log in to restore your account.", &nr));
	assert_true(nr.resolved_score >= 2);
	assert_int_equal(nr.action_score, 0);
	assert_false(scan("The outage has been resolved. You can log in to "
		"your dashboard to read the report.", &nr));
	/* Japanese: resolved, and no customer action needed. */
	assert_false(scan("本日発生したメール障害は10時に復旧しました。"
		"お客様による操作は不要です。再ログインしていただく必要は"
		"ありません。", &nr));
	assert_true(nr.resolved_score >= 2);
	assert_int_equal(nr.action_score, 0);
	/* "Once restored we will tell you" is not a report of recovery. */
	assert_false(scan("復旧しましたら改めてご連絡します。"
		"詳細はウェブサイトを確認してください。", &nr));
	assert_int_equal(nr.resolved_score, 0);
	/* A request without a resolved story. */
	assert_false(scan("パスワードを回復するには、以下のリンクをクリック"
		"してください。", &nr));
	assert_true(nr.action_score >= 2);
	/* "We will never ask you to log in" is a warning, not a request. */
	assert_false(scan("障害は解消しました。当社がメールでログインを求める"
		"ことはありません。", &nr));
}

static void
test_content_narrative__boundaries(void **state)
{
	kn_narrative nr;

	(void)state;
	/* word boundaries: "catalog in to" is not "log in to" */
	assert_false(scan("It has been fixed. Please catalog in today.", &nr));
	assert_int_equal(nr.action_score, 0);
	/* empty and NULL text */
	assert_false(kn_narrative_scan(NULL, NULL, 0, &nr));
	assert_false(kn_narrative_scan(NULL, "", 0, &nr));
	/* a bounded slice: the action after len is not seen */
	assert_false(kn_narrative_scan(NULL, seed_plain,
		strstr(seed_plain, "ウェブメール") - seed_plain, &nr));
}

static void
test_content_narrative__custom_rules(void **state)
{
	static const kn_phrase res[] = { { "all good", 2 } };
	static const kn_phrase act[] = { { "press the button", 2 } };
	static const kn_phrase req[] = { { "now", 0 } };
	kn_narrative_rules r = *kn_narrative_default_rules();
	kn_narrative nr;

	(void)state;
	r.resolved = (kn_phrase_list){ res, 1 };
	r.action = (kn_phrase_list){ act, 1 };
	r.request = (kn_phrase_list){ req, 1 };
	assert_true(kn_narrative_scan(&r, "All good. Press the button now.",
		strlen("All good. Press the button now."), &nr));
	assert_false(kn_narrative_scan(&r, seed_plain, strlen(seed_plain),
		&nr));
}

static void
test_content_htmltext__strip_and_map(void **state)
{
	const char *html = "<html><head><title>x 2020年1月1日</title></head>"
		"<body><style>p{}</style><p>発生日時:2021年<b>10月</b>14日(木)"
		"<br>A&amp;B&nbsp;&#x65E5;&#26085;<!-- 2021年10月14日(日) -->"
		"</p><script>var a='<p>';</script>end</body></html>";
	kn_arena ar;
	kn_htmltext t;
	size_t o, l;
	const char *d;

	(void)state;
	kn_arena_init(&ar);
	assert_int_equal(kn_htmltext_strip(&ar, html, strlen(html), &t), 0);
	assert_string_equal(t.text,
		"\n発生日時:2021年10月14日(木)\nA&B 日日\nend");
	/* the date maps back over the tags inside it */
	d = strstr(t.text, "2021年");
	kn_htmltext_map(&t, (size_t)(d - t.text),
		strlen("2021年10月14日(木)"), &o, &l);
	assert_memory_equal(html + o, "2021年<b>10月</b>14日(木)", l);
	assert_int_equal(l, strlen("2021年<b>10月</b>14日(木)"));
	/* an entity maps to the whole reference */
	d = strstr(t.text, "&B");
	kn_htmltext_map(&t, (size_t)(d - t.text), 1, &o, &l);
	assert_memory_equal(html + o, "&amp;", l);
	d = strstr(t.text, "日日");
	kn_htmltext_map(&t, (size_t)(d - t.text), strlen("日"), &o, &l);
	assert_memory_equal(html + o, "&#x65E5;", l);
	/* a stray '<' and an unfinished tag stay harmless */
	assert_int_equal(kn_htmltext_strip(&ar, "a < b <i", 8, &t), 0);
	assert_string_equal(t.text, "a < b ");
	assert_int_equal(kn_htmltext_strip(&ar, NULL, 0, &t), 0);
	assert_int_equal(t.len, 0);
	kn_arena_dispose(&ar);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content_narrative__seed),
		cmocka_unit_test(test_content_narrative__english_positive),
		cmocka_unit_test(test_content_narrative__newsletter_negative),
		cmocka_unit_test(test_content_narrative__boundaries),
		cmocka_unit_test(test_content_narrative__custom_rules),
		cmocka_unit_test(test_content_htmltext__strip_and_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
