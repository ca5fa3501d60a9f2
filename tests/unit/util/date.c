/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	test_util_date
 * SUMMARY
 *	RFC 5322 date-time parser: stalwart vectors and hand-written cases;
 *	the ISO 8601 / RFC 3339 / Go time.String() parser
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "util/date.h"

static bool
parse(const char *s, kn_date *d)
{
	return kn_date_parse(s, strlen(s), d);
}

/* Local wall-clock time of d as "YYYY-MM-DDThh:mm:ss". */
static void
local_text(const kn_date *d, char *buf, size_t size)
{
	kn_date_rfc3339(d->utc + d->tz_offset, buf, size);
}

static void
test_vectors(void **state)
{
	const char *path = KENSA_TEST_SHARED_DIR
		"/corpus/mime-edge/stalwart-mail-parser/fields/date.json";
	json_error_t err;
	json_t *root = json_load_file(path, 0, &err);
	size_t i, pass = 0, total;
	json_t *item;

	(void)state;
	assert_non_null(root);
	total = json_array_size(root);
	assert_int_equal(total, 40);
	json_array_foreach(root, i, item) {
		const char *h = json_string_value(json_object_get(item, "header"));
		json_t *e = json_object_get(item, "expected");
		kn_date d;
		bool ok = parse(h, &d);

		if (json_is_null(e)) {
			if (!ok)
				pass++;
			else
				printf("  [%zu] accepted invalid %s\n", i, h);
			continue;
		}
		if (!ok) {
			printf("  [%zu] rejected %s\n", i, h);
			continue;
		}
		{
			char want[64], got[32];
			int sign = json_is_true(json_object_get(e, "tz_before_gmt"))
				? -1 : 1;
			int off = sign * (int)(json_integer_value(json_object_get(e,
				"tz_hour")) * 3600 + json_integer_value(json_object_get(e,
				"tz_minute")) * 60);
			snprintf(want, sizeof(want), "%04d-%02d-%02dT%02d:%02d:%02dZ",
				(int)json_integer_value(json_object_get(e, "year")),
				(int)json_integer_value(json_object_get(e, "month")),
				(int)json_integer_value(json_object_get(e, "day")),
				(int)json_integer_value(json_object_get(e, "hour")),
				(int)json_integer_value(json_object_get(e, "minute")),
				(int)json_integer_value(json_object_get(e, "second")));
			local_text(&d, got, sizeof(got));
			if (strcmp(want, got) == 0 && off == d.tz_offset)
				pass++;
			else
				printf("  [%zu] %s: got %s %+d want %s %+d\n", i, h, got,
					d.tz_offset, want, off);
		}
	}
	printf("date vectors: %zu/%zu pass\n", pass, total);
	assert_true(pass >= 38);
	json_decref(root);
}

static void
test_seed_dates(void **state)
{
	kn_date d;
	char buf[32];

	(void)state;
	assert_true(parse("Thu, 14 Oct 2021 07:41:02 +0000", &d));
	kn_date_rfc3339(d.utc, buf, sizeof(buf));
	assert_string_equal(buf, "2021-10-14T07:41:02Z");
	assert_int_equal(d.wday_written, 4);
	assert_int_equal(d.wday_actual, 4);
	assert_true(d.zone_known);
	assert_false(d.obsolete);

	assert_true(parse(" Thu, 14 Oct 2021 16:41:08 +0900 (JST)", &d));
	kn_date_rfc3339(d.utc, buf, sizeof(buf));
	assert_string_equal(buf, "2021-10-14T07:41:08Z");
	assert_int_equal(d.tz_offset, 9 * 3600);
}

static void
test_forms(void **state)
{
	kn_date d;
	char buf[32];

	(void)state;
	/* Named zone JST, folded, fractional seconds. */
	assert_true(parse("Thu, 14 Oct 2021\r\n 16:41:08.516 JST", &d));
	kn_date_rfc3339(d.utc, buf, sizeof(buf));
	assert_string_equal(buf, "2021-10-14T07:41:08Z");
	assert_true(d.zone_known);
	assert_true(d.obsolete);
	/* Missing seconds. */
	assert_true(parse("1 Jan 2000 00:00 +0000", &d));
	assert_int_equal(d.utc, 946684800);
	assert_int_equal(d.wday_written, -1);
	assert_int_equal(d.wday_actual, 6);
	/* -0000: time known, zone not. */
	assert_true(parse("Sat, 1 Jan 2000 00:00:00 -0000", &d));
	assert_false(d.zone_known);
	/* Military letter is -0000 (RFC 5322 4.3). */
	assert_true(parse("Sat, 1 Jan 2000 09:00:00 I", &d));
	assert_int_equal(d.tz_offset, 0);
	assert_false(d.zone_known);
	/* Two-digit years (RFC 5322 4.3). */
	assert_true(parse("1 Jan 49 00:00:00 +0000", &d));
	kn_date_rfc3339(d.utc, buf, sizeof(buf));
	assert_string_equal(buf, "2049-01-01T00:00:00Z");
	assert_true(parse("1 Jan 50 00:00:00 +0000", &d));
	kn_date_rfc3339(d.utc, buf, sizeof(buf));
	assert_string_equal(buf, "1950-01-01T00:00:00Z");
	assert_true(parse("1 Jan 103 00:00:00 +0000", &d));
	kn_date_rfc3339(d.utc, buf, sizeof(buf));
	assert_string_equal(buf, "2003-01-01T00:00:00Z");
	/* asctime order, zone before and after the year. */
	assert_true(parse("Fri Feb 07 10:18:12 2003 -0800", &d));
	kn_date_rfc3339(d.utc, buf, sizeof(buf));
	assert_string_equal(buf, "2003-02-07T18:18:12Z");
	assert_true(parse("Fri Sep 14 14:36:56 EDT 2018", &d));
	kn_date_rfc3339(d.utc, buf, sizeof(buf));
	assert_string_equal(buf, "2018-09-14T18:36:56Z");
	/* Wrong weekday is reported, not repaired. */
	assert_true(parse("Sun, 14 Oct 2021 00:00:00 +0900", &d));
	assert_int_equal(d.wday_written, 0);
	assert_int_equal(d.wday_actual, 4);
	/* Far years do not overflow. */
	assert_true(parse("1 Jan 99999 00:00:00 +0000", &d));
	kn_date_rfc3339(d.utc, buf, sizeof(buf));
	assert_string_equal(buf, "99999-01-01T00:00:00Z");
	/* Leap day. */
	assert_true(parse("29 Feb 2024 12:00:00 +0000", &d));
	assert_false(parse("29 Feb 2023 12:00:00 +0000", &d));
	/* Before the epoch. */
	assert_true(parse("31 Dec 1969 23:59:59 +0000", &d));
	assert_int_equal(d.utc, -1);
	kn_date_rfc3339(-1, buf, sizeof(buf));
	assert_string_equal(buf, "1969-12-31T23:59:59Z");
}

static void
test_rejects(void **state)
{
	kn_date d = { 0 };

	(void)state;
	assert_false(parse("", &d));
	assert_false(parse("hello", &d));
	assert_false(parse("31 Apr 2021 10:00:00 +0000", &d));
	assert_false(parse("1 Jan 2021 24:00:00 +0000", &d));
	assert_false(parse("1 Jan 2021 23:60:00 +0000", &d));
	assert_false(parse("1 Jan 2021 23:59:61 +0000", &d));
	assert_false(parse("1 Jan 2021 23:59:59 +0960", &d));
	assert_false(parse("1 Jan 2021 23:59:59 +2400", &d));
	assert_false(parse("1 Jan 1899 23:59:59 +0000", &d));
	assert_false(parse("0 Jan 2021 23:59:59 +0000", &d));
	assert_false(parse("1 Jan 2021 (unclosed", &d));
	assert_false(parse("2021-10-14T07:41:02Z", &d));
	/* Never reads past len: the digits after the cut are not seen. */
	assert_false(kn_date_parse("1 Jan 2021 10:00:00", 10, &d));
	assert_true(kn_date_parse("1 Jan 2021 10:00:00 +0100XXXX", 25, &d));
	assert_int_equal(d.tz_offset, 3600);
}

static bool
parse_iso(const char *s, kn_date *d)
{
	return kn_date_parse_iso(s, strlen(s), d);
}

static void
test_iso(void **state)
{
	kn_date d = { 0 };
	char buf[32];

	(void)state;
	/* Go time.String(), as SendGrid's filterdrecv writes it. */
	assert_true(parse_iso("2023-03-13 22:10:51.601285139 +0000 UTC "
		"m=+3216401.254366207", &d));
	kn_date_rfc3339(d.utc, buf, sizeof(buf));
	assert_string_equal(buf, "2023-03-13T22:10:51Z");
	assert_int_equal(d.tz_offset, 0);
	assert_true(d.zone_known);
	assert_true(d.obsolete);
	assert_int_equal(d.wday_written, -1);
	assert_int_equal(d.wday_actual, 1);
	/* RFC 3339 forms: Z, +hh:mm, lower-case t, no seconds. */
	assert_true(parse_iso("2021-10-14T07:41:02Z", &d));
	assert_int_equal(d.utc, 1634197262);
	assert_true(parse_iso("2021-10-14t16:41:02.5+09:00", &d));
	assert_int_equal(d.utc, 1634197262);
	assert_int_equal(d.tz_offset, 9 * 3600);
	assert_true(parse_iso(" 2021-10-14T16:41+0900 (JST)\r\n", &d));
	assert_int_equal(d.utc, 1634197260);
	assert_true(parse_iso("2023-03-13 15:10:51 -0700 MST m=-0.5", &d));
	kn_date_rfc3339(d.utc, buf, sizeof(buf));
	assert_string_equal(buf, "2023-03-13T22:10:51Z");
	/* -00:00: time known, zone not (RFC 3339 4.3). */
	assert_true(parse_iso("2021-10-14T07:41:02-00:00", &d));
	assert_false(d.zone_known);
	assert_true(parse_iso("2024-02-29T00:00:00Z", &d));

	/* Rejected: no zone, bad ranges, junk after, RFC 5322 text. */
	assert_false(parse_iso("2021-10-14T07:41:02", &d));
	assert_false(parse_iso("2021-10-14", &d));
	assert_false(parse_iso("2023-02-29T00:00:00Z", &d));
	assert_false(parse_iso("2021-13-01T00:00:00Z", &d));
	assert_false(parse_iso("2021-10-14T24:00:00Z", &d));
	assert_false(parse_iso("2021-10-14T23:60:00Z", &d));
	assert_false(parse_iso("2021-10-14T23:59:61Z", &d));
	assert_false(parse_iso("2021-10-14T23:59:59+2400", &d));
	assert_false(parse_iso("2021-10-14T23:59:59+09:60", &d));
	assert_false(parse_iso("1899-12-31T23:59:59Z", &d));
	assert_false(parse_iso("2021-10-14T07:41:02Z and more", &d));
	assert_false(parse_iso("2021-10-14T07:41:02Zulu", &d));
	assert_false(parse_iso("2021-10-14T07:41:02. +0000", &d));
	assert_false(parse_iso("2021-10-14T07:41:02.1234567890123Z", &d));
	assert_false(parse_iso("2021-10-14 07:41:02 +0000 UTC m=+", &d));
	assert_false(parse_iso("21-10-14T07:41:02Z", &d));
	assert_false(parse_iso("Thu, 14 Oct 2021 07:41:02 +0000", &d));
	assert_false(parse_iso("", &d));
	assert_false(kn_date_parse_iso(NULL, 0, &d));
	/* Never reads past len. */
	assert_false(kn_date_parse_iso("2021-10-14T07:41:02Z", 19, &d));
	assert_true(kn_date_parse_iso("2021-10-14T07:41:02ZXXXX", 20, &d));
	assert_int_equal(d.utc, 1634197262);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_seed_dates),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_iso),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
