/* SPDX-License-Identifier: MIT */
/* Unit tests: header value decoding (RFC 2047 encoded-words, raw 8-bit). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <gmime/gmime.h>
#include <jansson.h>

#include "message/parse.h"
#include "util/charset.h"
#include "unit/message/msgtest.h"

static char *
dec(const char *s, unsigned *flags)
{
	kn_buf b;
	unsigned f;
	char *r;

	kn_buf_init(&b, 1 << 20);
	f = kn_rfc2047_decode(&b, s, strlen(s));
	if (flags)
		*flags = f;
	r = strdup(b.data ? b.data : "");
	kn_buf_dispose(&b);
	return r;
}

static void
expect(const char *in, const char *want)
{
	char *got = dec(in, NULL);
	assert_string_equal(got, want);
	free(got);
}

/* GMime 3.2.13 joins the base64 text of adjacent B words before
 * decoding: "YQ==Yg==" loses the second word. We decode per word. */
static void
test_message_rfc2047__adjacent_b_words(void **state)
{
	(void)state;
	expect("=?UTF-8?B?YQ==?= =?UTF-8?B?Yg==?=", "ab");
	expect("=?UTF-8?B?YQ==?=\r\n =?UTF-8?B?Yg==?=", "ab");
	expect("=?UTF-8?B?YQ==?==?UTF-8?B?Yg==?=", "ab");
	/* a UTF-8 character split across two words survives */
	expect("=?UTF-8?B?44E=?= =?UTF-8?B?gg==?=", "あ");
	{
		/* Show what GMime makes of it (informative, not asserted). */
		char *g;
		g_mime_init();
		g = g_mime_utils_header_decode_text(NULL,
			"=?UTF-8?B?YQ==?= =?UTF-8?B?Yg==?=");
		print_message("GMime decodes the adjacent B words as \"%s\"\n", g);
		g_free(g);
	}
}

/* An ISO-2022-JP subject split across words (mimekit japanese.txt) and
 * the seed subject, which uses NEC-free JIS X 0208 only. */
static void
test_message_rfc2047__iso2022jp_split(void **state)
{
	(void)state;
	expect("=?ISO-2022-JP?B?GyRCRnxLXDhsJWEhPCVrJUYlOSVIGyhCICh0ZXN0aW5nIEph?=\r\n"
	       " =?ISO-2022-JP?B?cGFuZXNlIGVtYWlscyk=?=",
		"日本語メールテスト (testing Japanese emails)");
	expect(" =?ISO-2022-JP?B?GyRCPmMzMkgvQDgbKEIvGyRCSXw1bCROJCpDTiRpJDsbKEIoGyRCJWEhPCVrJTUhPCVTJTkbKEIp?=",
		"障害発生/復旧のお知らせ(メールサービス)");
	/* JIS state carried across words: the second word has no ESC $ B */
	expect("=?ISO-2022-JP?B?GyRCJUY=?= =?ISO-2022-JP?B?JTklSBsoQg==?=",
		"テスト");
	/* NEC row 13 in a header word: ①Ⅰ㈱ */
	expect("=?ISO-2022-JP?B?GyRCLSEtNS1qGyhC?=", "①Ⅰ㈱");
}

static void
test_message_rfc2047__q_and_lang(void **state)
{
	(void)state;
	expect("=?US-ASCII*EN?Q?Keith_Moore?=", "Keith Moore");
	expect("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=", "Keld Jørn Simonsen");
	expect("=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=", "a b");
	expect("a =?ISO-8859-1?Q?b?= c", "a b c");
	expect("=?utf-8?Q?Hello\r\n _there!?=", "Hello there!");
	expect("=?utf-8?B?VGhpcyBpcyB0aGUgb\n 3JpZ2luYWwgc3ViamVjdA==?=",
		"This is the original subject");
	expect(" let's = try =?iso-8859-1? to break\n =? the \n parser",
		"let's = try =?iso-8859-1? to break =? the parser");
	expect(" Fwd: \n\tSaying \n Hello", "Fwd: Saying Hello");
}

static void
test_message_rfc2047__raw_8bit(void **state)
{
	unsigned f = 0;
	char *s;
	(void)state;
	/* raw UTF-8 (RFC 6532) */
	s = dec("\xE3\x83\x86\xE3\x82\xB9\xE3\x83\x88 ok", &f);
	assert_string_equal(s, "テスト ok");
	assert_true(f & KN_HDR_RAW8BIT);
	free(s);
	/* raw Shift_JIS */
	s = dec("\x93\xfa\x96\x7b\x8c\xea\x83\x65\x83\x58\x83\x67", &f);
	assert_string_equal(s, "日本語テスト");
	free(s);
	/* raw EUC-JP */
	s = dec("\xc6\xfc\xcb\xdc\xb8\xec\xa5\xc6\xa5\xb9\xa5\xc8", &f);
	assert_string_equal(s, "日本語テスト");
	free(s);
	/* raw JIS escapes */
	s = dec("\x1b$B%F%9%H\x1b(B", &f);
	assert_string_equal(s, "テスト");
	assert_true(f & KN_HDR_RAW8BIT);
	free(s);
	/* raw Latin-1 */
	s = dec("caf\xe9", &f);
	assert_string_equal(s, "café");
	free(s);
	/* plain ASCII has no flags */
	s = dec("plain", &f);
	assert_int_equal(f, 0);
	free(s);
}

/* stalwart-mail-parser unstructured.json: count vectors we agree with. */
static void
test_message_rfc2047__stalwart_vectors(void **state)
{
	char path[4096];
	json_error_t err;
	json_t *arr, *v;
	size_t i, pass = 0, total = 0;
	(void)state;
	snprintf(path, sizeof(path), "%s/corpus/mime-edge/stalwart-mail-parser/"
		"fields/unstructured.json", msgtest_shared());
	arr = json_load_file(path, 0, &err);
	assert_non_null(arr);
	json_array_foreach(arr, i, v) {
		const char *in = json_string_value(json_object_get(v, "header"));
		const char *want = json_string_value(json_object_get(v, "expected"));
		size_t n;
		char *got;
		if (in == NULL || want == NULL)
			continue;
		/* the vectors may run into the next field: cut at it */
		n = strlen(in);
		for (size_t k = 0; k + 1 < n; k++) {
			if ((in[k] == '\n') && in[k + 1] != ' ' && in[k + 1] != '\t') {
				n = k + 1;
				break;
			}
		}
		{
			kn_buf b;
			kn_buf_init(&b, 1 << 20);
			kn_rfc2047_decode(&b, in, n);
			got = strdup(b.data ? b.data : "");
			kn_buf_dispose(&b);
		}
		total++;
		if (strcmp(got, want) == 0)
			pass++;
		else
			print_message("unstructured: want \"%s\" got \"%s\"\n", want, got);
		free(got);
	}
	json_decref(arr);
	print_message("unstructured.json: %zu/%zu vectors pass\n", pass, total);
	assert_int_equal(total, 30);
	assert_true(pass >= 26);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_message_rfc2047__adjacent_b_words),
		cmocka_unit_test(test_message_rfc2047__iso2022jp_split),
		cmocka_unit_test(test_message_rfc2047__q_and_lang),
		cmocka_unit_test(test_message_rfc2047__raw_8bit),
		cmocka_unit_test(test_message_rfc2047__stalwart_vectors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
