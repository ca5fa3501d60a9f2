/* SPDX-License-Identifier: MIT */
/* Unit tests: body charsets (JIS with NEC row 13, Shift_JIS, EUC-JP,
 * mislabelled and undeclared 8-bit text) and the Japanese fixtures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/charset.h"
#include "unit/message/msgtest.h"

static char *
conv(const char *cs, const char *p, size_t n, unsigned *flags,
	const char **used)
{
	kn_buf b;
	unsigned f;
	char *r;

	kn_buf_init(&b, 1 << 20);
	f = kn_charset_decode(&b, cs, cs ? strlen(cs) : 0, p, n, used);
	if (flags)
		*flags = f;
	r = strdup(b.data ? b.data : "");
	kn_buf_dispose(&b);
	return r;
}

static void
test_message_charset__jis_nec_row13(void **state)
{
	/* ①Ⅰ㈱ in JIS: GMime 3.2.13 (iconv ISO-2022-JP) drops them. */
	const char jis[] = "\x1b$B-!-5-j\x1b(B ok\r\n\x1b$B%F%9%H\x1b(B";
	unsigned f;
	char *s = conv("ISO-2022-JP", jis, sizeof(jis) - 1, &f, NULL);
	(void)state;
	assert_string_equal(s, "①Ⅰ㈱ ok\r\nテスト");
	assert_int_equal(f, 0);
	free(s);
}

static void
test_message_charset__sjis_mislabelled(void **state)
{
	/* Shift_JIS bytes labelled ISO-2022-JP */
	const char sj[] = "\x93\xfa\x96\x7b\x8c\xea \x87\x40";
	unsigned f;
	const char *used;
	char *s = conv("iso-2022-jp", sj, sizeof(sj) - 1, &f, &used);
	(void)state;
	assert_string_equal(s, "日本語 ①");
	assert_true(f & KN_CS_MISLABELLED);
	assert_string_equal(used, "CP932");
	free(s);
	/* JIS escapes and stray Shift_JIS in one part */
	{ static const char mix[] = "\x1b$B%F\x1b(B\x83\x58";
	s = conv("ISO-2022-JP", mix, sizeof(mix) - 1, &f, NULL); }
	assert_string_equal(s, "テス");
	assert_true(f & KN_CS_MISLABELLED);
	free(s);
}

static void
test_message_charset__declared(void **state)
{
	unsigned f;
	char *s;
	(void)state;
	s = conv("Shift_JIS", "\x87\x8a\x83\x65", 4, &f, NULL);
	assert_string_equal(s, "㈱テ");
	assert_int_equal(f, 0);
	free(s);
	s = conv("EUC-JP", "\xc6\xfc\xcb\xdc\xad\xa1", 6, &f, NULL);
	assert_string_equal(s, "日本①");
	free(s);
	s = conv("iso-8859-1", "caf\xe9 \x80", 6, &f, NULL);
	assert_string_equal(s, "café €");
	free(s);
	s = conv("\"UTF-8\"", "\xe3\x81\x82", 3, &f, NULL);
	assert_string_equal(s, "あ");
	free(s);
	s = conv("ks_c_5601-1987", "\xc7\xd1", 2, &f, NULL);
	assert_string_equal(s, "한");
	free(s);
}

static void
test_message_charset__undeclared_and_invalid(void **state)
{
	unsigned f;
	const char *used;
	char *s;
	(void)state;
	s = conv(NULL, "\x93\xfa\x96\x7b\x8c\xea\x83\x65\x83\x58\x83\x67", 12, &f,
		&used);
	assert_string_equal(s, "日本語テスト");
	assert_true(f & KN_CS_GUESSED);
	assert_string_equal(used, "CP932");
	free(s);
	s = conv("us-ascii", "\xc6\xfc\xcb\xdc\xb8\xec\xa5\xc6", 8, &f, &used);
	assert_string_equal(s, "日本語テ");
	assert_string_equal(used, "EUC-JP-MS");
	free(s);
	s = conv(NULL, "na\xefve", 5, &f, &used);
	assert_string_equal(s, "naïve");
	assert_string_equal(used, "CP1252");
	free(s);
	/* invalid UTF-8: replaced, never dropped */
	s = conv("utf-8", "a\xff\xfe" "b", 4, &f, NULL);
	assert_string_equal(s, "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");
	assert_true(f & KN_CS_INVALID);
	free(s);
	/* unknown charset name */
	s = conv("x-no-such-charset", "abc\xe3\x81\x82", 6, &f, NULL);
	assert_string_equal(s, "abcあ");
	assert_true(f & KN_CS_UNKNOWN);
	free(s);
}

static const kensa_mime_part *
first_text(const kensa_analysis *a)
{
	const kensa_message_facts *m = kensa_analysis_message(a);
	for (size_t i = 0; i < m->part_count; i++) {
		if (m->parts[i].text != NULL)
			return &m->parts[i];
	}
	return NULL;
}

static void
test_message_charset__fixtures(void **state)
{
	kensa_analysis *a;
	const kensa_message_facts *m;
	(void)state;

	a = msgtest_analyze_file("corpus/mime-edge/mikel-mail/multi_charset/"
		"japanese_shift_jis.eml");
	assert_non_null(a);
	assert_non_null(strstr(first_text(a)->text,
		"このメールはテスト用のメールです。"));
	kensa_analysis_free(a);

	a = msgtest_analyze_file("corpus/mime-edge/mikel-mail/multi_charset/"
		"japanese_iso_2022.eml");
	assert_non_null(a);
	assert_non_null(strstr(first_text(a)->text, "すみません。"));
	m = kensa_analysis_message(a);
	assert_string_equal(m->subject, "まみむめも");
	assert_string_equal(m->to[0].display_name, "みける");
	kensa_analysis_free(a);

	a = msgtest_analyze_file("corpus/mime-edge/mikel-mail/multi_charset/"
		"japanese_attachment_long_name.eml");
	assert_non_null(a);
	m = kensa_analysis_message(a);
	assert_int_equal(m->part_count, 2);
	assert_string_equal(m->parts[1].filename,
		"かきくけこかきくけこかきくけこかきくけこかきくけこ.txt");
	kensa_analysis_free(a);

	a = msgtest_analyze_file("corpus/mime-edge/mikel-mail/multi_charset/"
		"japanese_attachment.eml");
	assert_non_null(a);
	m = kensa_analysis_message(a);
	assert_int_equal(m->part_count, 3);
	assert_string_equal(m->parts[2].filename, "てすと.txt");
	assert_string_equal(m->parts[2].disposition, "attachment");
	assert_non_null(strstr(m->parts[2].text, "これわてすと"));
	kensa_analysis_free(a);

	a = msgtest_analyze_file("corpus/mime-edge/mimekit/messages/japanese.txt");
	assert_non_null(a);
	m = kensa_analysis_message(a);
	assert_string_equal(m->subject,
		"日本語メールテスト (testing Japanese emails)");
	assert_non_null(strstr(first_text(a)->text, "日本語が"));
	assert_non_null(strstr(first_text(a)->text, "正常に"));
	kensa_analysis_free(a);

	a = msgtest_analyze_file("corpus/mime-edge/mikel-mail/multi_charset/"
		"ks_c_5601-1987.eml");
	assert_non_null(a);
	assert_true(first_text(a)->text_length > 0);
	assert_null(strstr(first_text(a)->text, "\xEF\xBF\xBD"));
	kensa_analysis_free(a);
}

static void
test_message_charset__part_defects(void **state)
{
	static const char msg[] =
		"From: a@example.com\r\nSubject: x\r\n"
		"Content-Type: text/plain; charset=ISO-2022-JP\r\n\r\n"
		"\x93\xfa\x96\x7b\x8c\xea\r\n";
	static const char clean[] =
		"From: a@example.com\r\nSubject: x\r\n"
		"Content-Type: text/plain; charset=ISO-2022-JP\r\n\r\n"
		"\x1b$B-!\x1b(B\r\n";
	kensa_analysis *a = msgtest_analyze_mem(msg, sizeof(msg) - 1, NULL);
	const kensa_finding *d;
	(void)state;
	assert_non_null(a);
	assert_non_null(strstr(first_text(a)->text, "日本語"));
	d = msgtest_defect(a, "mime-charset-mislabelled");
	assert_non_null(d);
	assert_int_equal(d->evidence.part, 0);
	assert_non_null(strstr(d->evidence.text, "日本語"));
	kensa_analysis_free(a);
	a = msgtest_analyze_mem(clean, sizeof(clean) - 1, NULL);
	assert_non_null(a);
	assert_non_null(strstr(first_text(a)->text, "①"));
	assert_null(msgtest_defect(a, "mime-charset-mislabelled"));
	assert_null(msgtest_defect(a, "mime-text-invalid-bytes"));
	kensa_analysis_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_message_charset__jis_nec_row13),
		cmocka_unit_test(test_message_charset__sjis_mislabelled),
		cmocka_unit_test(test_message_charset__declared),
		cmocka_unit_test(test_message_charset__undeclared_and_invalid),
		cmocka_unit_test(test_message_charset__fixtures),
		cmocka_unit_test(test_message_charset__part_defects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
