/* SPDX-License-Identifier: MIT */
/*
 * test_content_jdate - date and weekday recognition in body text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "content/jdate.h"

#define MAXD 16

static size_t
scan(const char *s, const kn_jdate_ref *ref, kn_jdate *out)
{
	return kn_jdate_scan(s, strlen(s), ref, out, MAXD);
}

/* Exactly one date in s: y-m-d, written weekday w, covering the
 * substring want (NULL: the whole of s). */
static void
expect_one(const char *s, const kn_jdate_ref *ref, int y, int m, int d,
	int w, const char *want)
{
	kn_jdate out[MAXD];
	size_t n = scan(s, ref, out);

	if (n != 1)
		print_error("text: %s -> %zu matches\n", s, n);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].year, y);
	assert_int_equal(out[0].month, m);
	assert_int_equal(out[0].day, d);
	assert_int_equal(out[0].wday_written, w);
	assert_int_equal(out[0].wday_actual, kn_jdate_weekday(y, m, d));
	if (want == NULL)
		want = s;
	assert_int_equal(out[0].length, strlen(want));
	assert_memory_equal(s + out[0].offset, want, strlen(want));
}

static void
test_content_jdate__japanese_forms(void **state)
{
	(void)state;
	expect_one("2021年10月14日(木)", NULL, 2021, 10, 14, 4, NULL);
	expect_one("2021年10月14日（木）", NULL, 2021, 10, 14, 4, NULL);
	expect_one("発生日時:2021年10月14日(日)00:00頃", NULL, 2021, 10, 14, 0,
		"2021年10月14日(日)");
	expect_one("２０２１年１０月１４日", NULL, 2021, 10, 14, -1, NULL);
	expect_one("２０２１年１０月１４日（木曜日）", NULL, 2021, 10, 14, 4, NULL);
	expect_one("2021年10月14日 木曜日 に実施", NULL, 2021, 10, 14, 4,
		"2021年10月14日 木曜日");
	expect_one("2021年10月14日木曜", NULL, 2021, 10, 14, 4, NULL);
	expect_one("2021 年 10 月 14 日 (木)", NULL, 2021, 10, 14, 4, NULL);
	expect_one("2021年10月14日(木曜)", NULL, 2021, 10, 14, 4, NULL);
	expect_one("2021/10/14(木)", NULL, 2021, 10, 14, 4, NULL);
	expect_one("2021/10/14 (木)", NULL, 2021, 10, 14, 4, NULL);
	expect_one("2021-10-14 (Thu)", NULL, 2021, 10, 14, 4, NULL);
	expect_one("2021-10-14", NULL, 2021, 10, 14, -1, NULL);
	expect_one("2021.10.14", NULL, 2021, 10, 14, -1, NULL);
	expect_one("期限は2021/1/5です", NULL, 2021, 1, 5, -1, "2021/1/5");
	/* A date followed by a word, not a weekday: weekday -1. */
	expect_one("2021年10月14日日本時間", NULL, 2021, 10, 14, -1,
		"2021年10月14日");
}

static void
test_content_jdate__era_forms(void **state)
{
	(void)state;
	expect_one("令和3年10月14日", NULL, 2021, 10, 14, -1, NULL);
	expect_one("令和3年10月14日(木)", NULL, 2021, 10, 14, 4, NULL);
	expect_one("令和元年5月1日(水)", NULL, 2019, 5, 1, 3, NULL);
	expect_one("平成31年4月30日（火）", NULL, 2019, 4, 30, 2, NULL);
	expect_one("昭和64年1月7日", NULL, 1989, 1, 7, -1, NULL);
	expect_one("大正15年12月25日", NULL, 1926, 12, 25, -1, NULL);
	expect_one("明治45年7月30日", NULL, 1912, 7, 30, -1, NULL);
	expect_one("R3.10.14", NULL, 2021, 10, 14, -1, NULL);
	expect_one("H31/4/30", NULL, 2019, 4, 30, -1, NULL);
	expect_one("提出日 R3.10.14(木)", NULL, 2021, 10, 14, 4,
		"R3.10.14(木)");
	expect_one("Ｈ３１／４／３０", NULL, 2019, 4, 30, -1, NULL);
}

static void
test_content_jdate__era_conversion(void **state)
{
	(void)state;
	assert_int_equal(kn_jdate_era_year("令和", strlen("令和"), 1), 2019);
	assert_int_equal(kn_jdate_era_year("令和", strlen("令和"), 3), 2021);
	assert_int_equal(kn_jdate_era_year("平成", strlen("平成"), 1), 1989);
	assert_int_equal(kn_jdate_era_year("平成", strlen("平成"), 31), 2019);
	assert_int_equal(kn_jdate_era_year("平成", strlen("平成"), 32), 0);
	assert_int_equal(kn_jdate_era_year("昭和", strlen("昭和"), 64), 1989);
	assert_int_equal(kn_jdate_era_year("大正", strlen("大正"), 1), 1912);
	assert_int_equal(kn_jdate_era_year("明治", strlen("明治"), 1), 1868);
	assert_int_equal(kn_jdate_era_year("R", 1, 3), 2021);
	assert_int_equal(kn_jdate_era_year("H", 1, 31), 2019);
	assert_int_equal(kn_jdate_era_year("S", 1, 1), 1926);
	assert_int_equal(kn_jdate_era_year("X", 1, 1), 0);
	assert_int_equal(kn_jdate_era_year("令和", strlen("令和"), 0), 0);
}

static void
test_content_jdate__yearless(void **state)
{
	kn_jdate_ref ref = { true, 2021, 10, 14 };
	kn_jdate_ref dec = { true, 2021, 12, 28 };
	kn_jdate out[MAXD];

	(void)state;
	expect_one("10月14日(木)", &ref, 2021, 10, 14, 4, NULL);
	expect_one("10/14(木)", &ref, 2021, 10, 14, 4, NULL);
	/* Nearest year to the reference: early January after late December. */
	expect_one("1月5日(水)", &dec, 2022, 1, 5, 3, NULL);
	assert_int_equal(scan("10月14日(木)", &ref, out), 1);
	assert_true(out[0].flags & KN_JDATE_YEAR_INFERRED);
	/* Without a reference or without a weekday nothing is reported. */
	assert_int_equal(scan("10月14日(木)", NULL, out), 0);
	assert_int_equal(scan("10月14日早朝から", &ref, out), 0);
}

static void
test_content_jdate__english_forms(void **state)
{
	(void)state;
	expect_one("Thursday, October 14, 2021", NULL, 2021, 10, 14, 4, NULL);
	expect_one("Thu, 14 Oct 2021", NULL, 2021, 10, 14, 4, NULL);
	expect_one("Date: Thu, 14 Oct 2021 16:41:09 +0900", NULL, 2021, 10, 14,
		4, "Thu, 14 Oct 2021");
	expect_one("October 14, 2021 (Sunday)", NULL, 2021, 10, 14, 0, NULL);
	expect_one("14 October 2021", NULL, 2021, 10, 14, -1, NULL);
	expect_one("on 14th October 2021.", NULL, 2021, 10, 14, -1,
		"14th October 2021");
	expect_one("Sept. 5, 2021", NULL, 2021, 9, 5, -1, NULL);
	expect_one("MONDAY, JANUARY 3, 2022", NULL, 2022, 1, 3, 1, NULL);
}

static void
test_content_jdate__near_misses(void **state)
{
	static const char *const no[] = {
		"TEL: 03-1234-5678",
		"090-1234-5678",
		"0120-10-14",
		"+81-3-2021-1014",
		"version 1.10.14",
		"v2021.10.14",
		"release 2021.10.14.3",
		"libfoo-2021.10.14",
		"see 10/14",
		"10/14 の件",
		"2021年2月30日(火)",
		"2021/2/30",
		"2月30日(火)",
		"2021年13月1日",
		"12021年10月14日",
		"平成32年1月1日",
		"Oct 14",
		"14 Oct",
		"2021/10-14",
		"https://example.com/2021/10/14/post",
		"1900/1/1 1000/1/1",
		"Maybe 5, 2021 items",
		"10月14日早朝から",
	};
	kn_jdate_ref ref = { true, 2021, 10, 14 };
	kn_jdate out[MAXD];

	(void)state;
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		size_t n = scan(no[i], &ref, out);
		if (n != 0 && strcmp(no[i], "1900/1/1 1000/1/1") != 0)
			print_error("unexpected match in: %s\n", no[i]);
		if (strcmp(no[i], "1900/1/1 1000/1/1") == 0) {
			/* 1900 is in range, 1000 is not. */
			assert_int_equal(n, 1);
			continue;
		}
		assert_int_equal(n, 0);
	}
}

static void
test_content_jdate__several(void **state)
{
	const char *s = "発生日時:2021年10月14日(木)00:00頃\n"
		"復旧日時:2021年10月14日(日)08:10頃\n";
	kn_jdate out[MAXD];
	size_t n;

	(void)state;
	n = scan(s, NULL, out);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].wday_written, 4);
	assert_int_equal(out[0].wday_actual, 4);
	assert_int_equal(out[1].wday_written, 0);
	assert_int_equal(out[1].wday_actual, 4);
	assert_memory_equal(s + out[1].offset, "2021年10月14日(日)",
		out[1].length);
	/* The max bound is respected. */
	assert_int_equal(kn_jdate_scan(s, strlen(s), NULL, out, 1), 1);
	/* A bounded slice: the NUL is not needed, the second date is cut. */
	assert_int_equal(kn_jdate_scan(s, 30, NULL, out, MAXD), 1);
}

/* Zeller's congruence, 0=Saturday; converted to 0=Sunday. */
static int
zeller(int y, int m, int d)
{
	int h;

	if (m < 3) {
		m += 12;
		y--;
	}
	h = (d + (13 * (m + 1)) / 5 + y % 100 + (y % 100) / 4 + (y / 100) / 4 +
		5 * (y / 100)) % 7;
	return (h + 6) % 7;
}

static void
test_content_jdate__weekday_vs_zeller(void **state)
{
	int y = 1868, m = 1, d = 1;
	int64_t prev = kn_jdate_days(y, m, d) - 1;
	long checked = 0;

	(void)state;
	/* Every day from 1868-01-01 to 2199-12-31. */
	while (y <= 2199) {
		assert_int_equal(kn_jdate_weekday(y, m, d), zeller(y, m, d));
		assert_int_equal(kn_jdate_days(y, m, d), prev + 1);
		prev++;
		checked++;
		if (!kn_jdate_valid(y, m, ++d)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	assert_true(checked > 120000);
	assert_int_equal(kn_jdate_weekday(2021, 10, 14), 4);
	assert_int_equal(kn_jdate_weekday(2000, 2, 29), 2);
	assert_int_equal(kn_jdate_weekday(1900, 2, 29), -1);
	assert_false(kn_jdate_valid(2021, 2, 29));
	assert_true(kn_jdate_valid(2024, 2, 29));
	assert_false(kn_jdate_valid(2021, 4, 31));
}

static void
test_content_jdate__from_epoch(void **state)
{
	kn_jdate_ref r;

	(void)state;
	/* Thu, 14 Oct 2021 07:41:02 +0000 */
	kn_jdate_from_epoch(1634197262, 0, &r);
	assert_true(r.valid);
	assert_int_equal(r.year, 2021);
	assert_int_equal(r.month, 10);
	assert_int_equal(r.day, 14);
	/* 2021-10-14T23:30:00Z is the 15th in Japan (+0900). */
	kn_jdate_from_epoch(1634254200, 9 * 3600, &r);
	assert_int_equal(r.day, 15);
	kn_jdate_from_epoch(0, 0, &r);
	assert_int_equal(r.year, 1970);
	assert_int_equal(r.month, 1);
	assert_int_equal(r.day, 1);
	kn_jdate_from_epoch(-1, 0, &r);
	assert_int_equal(r.year, 1969);
	assert_int_equal(r.month, 12);
	assert_int_equal(r.day, 31);
	kn_jdate_from_epoch(951782400, 0, &r); /* 2000-02-29 */
	assert_int_equal(r.month, 2);
	assert_int_equal(r.day, 29);
}

static void
test_content_jdate__names(void **state)
{
	(void)state;
	assert_string_equal(kn_jdate_wday_en(4), "Thursday");
	assert_string_equal(kn_jdate_wday_ja(0), "日曜日");
	assert_string_equal(kn_jdate_wday_en(-1), "-");
	assert_string_equal(kn_jdate_wday_ja(7), "-");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content_jdate__japanese_forms),
		cmocka_unit_test(test_content_jdate__era_forms),
		cmocka_unit_test(test_content_jdate__era_conversion),
		cmocka_unit_test(test_content_jdate__yearless),
		cmocka_unit_test(test_content_jdate__english_forms),
		cmocka_unit_test(test_content_jdate__near_misses),
		cmocka_unit_test(test_content_jdate__several),
		cmocka_unit_test(test_content_jdate__weekday_vs_zeller),
		cmocka_unit_test(test_content_jdate__from_epoch),
		cmocka_unit_test(test_content_jdate__names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
