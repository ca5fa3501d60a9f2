/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	test_report_render
 * SUMMARY
 *	kensa_report_render() over hand-built analyses: the JSON contract
 *	(every key, nulls, UTF-8 repair), the text report (sections, order
 *	of findings, escaping, languages, colour, alignment), the UTF-8
 *	width helpers
 *--*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "report/render.h"

static const kn_rule rule_high = {
	"test-high", "message", KENSA_SEV_HIGH,
	{ "High thing", "重大な事象" },
	{ "Because {1}.", "理由は{1}。" },
};
static const kn_rule rule_low = {
	"test-low", "trace", KENSA_SEV_LOW,
	{ "Low thing", "軽微な事象" },
	{ "Minor.", "軽微。" },
};
static const kn_rule rule_defect = {
	"test-defect", "message", KENSA_SEV_LOW,
	{ "Broken header", "壊れたヘッダー" },
	{ "Repaired.", "修復済み。" },
};

/* A hand-built analysis: the seed message's facts as the stages would
 * set them, plus a low finding made before a high one. */
static kensa_analysis *
build(void)
{
	kensa_analysis *a = calloc(1, sizeof(*a));
	kensa_address *to;
	kensa_hop *h;
	kensa_header *hd;
	kensa_evidence ev;

	assert_non_null(a);
	kn_arena_init(&a->ar);
	a->len = 3710;
	memcpy(a->sha256, "431e531c98909b974193235ae4c2628e6b76bfc2e2e072bb6ed7753a4fd59aae", 65);
	a->msg.subject = "障害発生/復旧のお知らせ(メールサービス)";
	a->msg.from.display_name = "office-sample.jp";
	a->msg.from.address = "t-nakano@dd-sample.co.jp";
	a->msg.from.domain = "dd-sample.co.jp";
	a->msg.from_count = 1;
	to = kn_vec_push(&a->ar, &a->to, sizeof(*to));
	to->address = "info@office-sample.jp";
	to->domain = "office-sample.jp";
	a->msg.to = a->to.items;
	a->msg.to_count = a->to.count;
	a->msg.return_path = "t-nakano@dd-sample.co.jp";
	a->msg.return_path_domain = "dd-sample.co.jp";
	a->msg.message_id = "07774d15-d2cc-2c28-eb18-3ddd9a4255fe@dd-sample.co.jp";
	a->msg.message_id_domain = "dd-sample.co.jp";
	a->msg.date_raw = "Thu, 14 Oct 2021 07:41:02 +0000";
	a->msg.date_valid = true;
	a->msg.date_utc = 1634197262;
	/* A legacy raw header: invalid UTF-8 and a terminal escape. */
	a->msg.user_agent = "Bad\xff\xfe agent \x1b[31mred";
	hd = kn_vec_push(&a->ar, &a->headers, sizeof(*hd));
	hd->name = "From";
	hd->value = "\"office-sample.jp\" <t-nakano@dd-sample.co.jp>";
	hd->occurrence = 1;
	hd->offset = 600;
	hd->length = 52;
	a->msg.headers = a->headers.items;
	a->msg.header_count = a->headers.count;

	h = kn_vec_push(&a->ar, &a->hops, sizeof(*h));
	h->index = 0;
	h->header = 2;
	h->parsed = true;
	h->helo = "[127.0.0.1]";
	h->rdns = "unknown";
	h->ip = "20.188.24.132";
	h->by = "mx1.office-sample.jp";
	h->protocol = "ESMTP";
	h->for_addr = "info@office-sample.jp";
	h->has_timestamp = true;
	h->timestamp = 1634197268;
	h->has_delay = true;
	h->delay_s = 6;
	h = kn_vec_push(&a->ar, &a->hops, sizeof(*h));
	h->index = 1;
	h->header = 1;
	h->parsed = true;
	h->helo = "mx1.office-sample.jp";
	h->rdns = "localhost";
	h->ip = "127.0.0.1";
	h->by = "mx1.office-sample.jp";
	h->protocol = "ESMTP";
	h->has_timestamp = true;
	h->timestamp = 1634197269;
	h->has_delay = true;
	h->delay_s = 1;
	h->internal = true;
	a->trace.hops = a->hops.items;
	a->trace.hop_count = a->hops.count;
	a->trace.origin_hop = 0;
	a->trace.origin_ip = "20.188.24.132";
	a->trace.origin_reason = "first external client";
	a->trace.origin_reason_ja = "最初の外部クライアント";
	a->trace.has_total_delay = true;
	a->trace.total_delay_s = 7;
	a->recipient = "info@office-sample.jp";
	a->recipient_domain = "office-sample.jp";

	KN_FINDING(a, &rule_low, NULL, "x");
	ev = kn_ev_header(a, "From", 1);
	KN_FINDING(a, &rule_high, &ev, "the display name");
	ev = kn_ev_header(a, "X-Missing", 1);
	KN_DEFECT(a, &rule_defect, &ev, "y");
	assert_false(a->ar.oom);
	return a;
}

static char *
render(const kensa_analysis *a, kensa_report_format fmt, kensa_lang lang,
	bool color)
{
	kensa_report_options o = KENSA_REPORT_OPTIONS_INIT;
	char *out = NULL;
	size_t len = 0;

	o.format = fmt;
	o.lang = lang;
	o.color = color;
	o.source = "seed.eml";
	assert_int_equal(kensa_report_render(&out, &len, a, &o), 0);
	assert_non_null(out);
	assert_int_equal(strlen(out), len);
	return out;
}

static json_t *
path(json_t *root, const char *p)
{
	char key[64];
	json_t *cur = root;

	while (*p == '.' && cur != NULL) {
		size_t n = strcspn(p + 1, ".");
		assert_true(n < sizeof(key));
		memcpy(key, p + 1, n);
		key[n] = '\0';
		if (json_is_array(cur))
			cur = json_array_get(cur, (size_t)strtoul(key, NULL, 10));
		else {
			assert_true(json_is_object(cur));
			assert_non_null(json_object_get(cur, key)); /* present */
			cur = json_object_get(cur, key);
		}
		p += n + 1;
	}
	return cur;
}

static void
expect_str(json_t *root, const char *p, const char *want)
{
	json_t *v = path(root, p);

	assert_non_null(v);
	if (want == NULL) {
		assert_true(json_is_null(v));
		return;
	}
	assert_true(json_is_string(v));
	assert_string_equal(json_string_value(v), want);
}

static void
expect_int(json_t *root, const char *p, json_int_t want)
{
	json_t *v = path(root, p);

	assert_non_null(v);
	assert_true(json_is_integer(v));
	assert_int_equal(json_integer_value(v), want);
}

static void
test_report_render__json_contract(void **state)
{
	kensa_analysis *a = build();
	char *out = render(a, KENSA_REPORT_JSON, KENSA_LANG_EN, false);
	json_error_t jerr;
	json_t *root;
	size_t len = strlen(out);

	(void)state;
	/* One line, newline-terminated. */
	assert_true(len > 2 && out[len - 1] == '\n');
	assert_null(memchr(out, '\n', len - 1));
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);

	expect_int(root, ".schema_version", 1);
	expect_str(root, ".kensa_version", kensa_version());
	expect_str(root, ".input.source", "seed.eml");
	expect_int(root, ".input.size_bytes", 3710);
	expect_str(root, ".input.sha256",
		"431e531c98909b974193235ae4c2628e6b76bfc2e2e072bb6ed7753a4fd59aae");
	expect_str(root, ".message.subject",
		"障害発生/復旧のお知らせ(メールサービス)");
	expect_str(root, ".message.from.address", "t-nakano@dd-sample.co.jp");
	expect_str(root, ".message.from.display_name", "office-sample.jp");
	expect_str(root, ".message.from.domain", "dd-sample.co.jp");
	assert_true(json_is_null(path(root, ".message.sender")));
	assert_true(json_is_null(path(root, ".message.reply_to")));
	expect_str(root, ".message.to.0.address", "info@office-sample.jp");
	assert_int_equal(json_array_size(path(root, ".message.cc")), 0);
	expect_str(root, ".message.delivered_to", NULL);
	expect_str(root, ".message.return_path", "t-nakano@dd-sample.co.jp");
	expect_str(root, ".message.message_id",
		"07774d15-d2cc-2c28-eb18-3ddd9a4255fe@dd-sample.co.jp");
	expect_str(root, ".message.date", "2021-10-14T07:41:02Z");
	expect_str(root, ".message.date_raw", "Thu, 14 Oct 2021 07:41:02 +0000");
	/* Invalid UTF-8 repaired with U+FFFD; the escape kept as a JSON
	 * escape, not dropped. */
	expect_str(root, ".message.user_agent",
		"Bad\xef\xbf\xbd\xef\xbf\xbd agent \x1b[31mred");
	expect_str(root, ".message.list_id", NULL);
	assert_true(json_is_array(path(root, ".message.authentication_results")));
	expect_str(root, ".message.spam.flag", NULL);
	expect_str(root, ".message.spam.status", NULL);
	expect_str(root, ".message.spam.subject_tag", NULL);
	assert_true(json_is_array(path(root, ".message.parts")));
	expect_str(root, ".recipient.address", "info@office-sample.jp");
	expect_str(root, ".recipient.domain", "office-sample.jp");

	expect_int(root, ".trace.hop_count", 2);
	expect_int(root, ".trace.hops.0.index", 0);
	expect_int(root, ".trace.hops.0.header", 2);
	expect_str(root, ".trace.hops.0.helo", "[127.0.0.1]");
	expect_str(root, ".trace.hops.0.rdns", "unknown");
	expect_str(root, ".trace.hops.0.ip", "20.188.24.132");
	expect_str(root, ".trace.hops.0.by", "mx1.office-sample.jp");
	expect_str(root, ".trace.hops.0.via", NULL);
	expect_str(root, ".trace.hops.0.protocol", "ESMTP");
	expect_str(root, ".trace.hops.0.id", NULL);
	expect_str(root, ".trace.hops.0.for", "info@office-sample.jp");
	expect_str(root, ".trace.hops.0.tls", NULL);
	expect_str(root, ".trace.hops.0.software", NULL);
	expect_str(root, ".trace.hops.0.timestamp", "2021-10-14T07:41:08Z");
	expect_int(root, ".trace.hops.0.delay_s", 6);
	expect_int(root, ".trace.hops.1.delay_s", 1);
	assert_true(json_is_false(path(root, ".trace.hops.0.internal")));
	assert_true(json_is_true(path(root, ".trace.hops.1.internal")));
	assert_true(json_is_true(path(root, ".trace.hops.0.parsed")));
	expect_str(root, ".trace.hops.0.raw", NULL);
	expect_int(root, ".trace.total_delay_s", 7);
	expect_str(root, ".trace.origin.ip", "20.188.24.132");
	expect_int(root, ".trace.origin.hop", 0);
	expect_str(root, ".trace.origin.reason", "first external client");

	/* Findings in the order made; evidence located in the header. */
	assert_int_equal(json_array_size(path(root, ".findings")), 2);
	expect_str(root, ".findings.0.id", "test-low");
	expect_str(root, ".findings.0.severity", "low");
	expect_str(root, ".findings.0.evidence.header", NULL);
	expect_str(root, ".findings.0.evidence.text", NULL);
	assert_true(json_is_null(path(root, ".findings.0.evidence.offset")));
	expect_str(root, ".findings.1.id", "test-high");
	expect_str(root, ".findings.1.stage", "message");
	expect_str(root, ".findings.1.severity", "high");
	expect_str(root, ".findings.1.title", "High thing");
	expect_str(root, ".findings.1.detail", "Because the display name.");
	expect_str(root, ".findings.1.evidence.header", "From");
	expect_int(root, ".findings.1.evidence.occurrence", 1);
	assert_true(json_is_null(path(root, ".findings.1.evidence.part")));
	expect_int(root, ".findings.1.evidence.offset", 600);
	expect_int(root, ".findings.1.evidence.length", 52);
	expect_str(root, ".findings.1.evidence.text",
		"\"office-sample.jp\" <t-nakano@dd-sample.co.jp>");
	expect_str(root, ".defects.0.id", "test-defect");
	expect_str(root, ".defects.0.evidence.header", "X-Missing");
	expect_int(root, ".summary.findings_by_severity.high", 1);
	expect_int(root, ".summary.defects", 1);
	json_decref(root);
	free(out);

	/* Japanese: titles, details and origin reason follow the language. */
	out = render(a, KENSA_REPORT_JSON, KENSA_LANG_JA, false);
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);
	expect_str(root, ".findings.1.title", "重大な事象");
	expect_str(root, ".findings.1.detail", "理由はthe display name。");
	expect_str(root, ".trace.origin.reason", "最初の外部クライアント");
	json_decref(root);
	free(out);
	kensa_analysis_free(a);
}

static void
test_report_render__json_empty_analysis(void **state)
{
	kensa_analysis *a = NULL;
	char *out;
	json_error_t jerr;
	json_t *root;

	(void)state;
	assert_int_equal(kensa_analyze(&a, "", 0, NULL), 0);
	out = render(a, KENSA_REPORT_JSON, KENSA_LANG_EN, false);
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);
	/* Absent values are null, not missing keys. */
	expect_str(root, ".input.source", "seed.eml");
	expect_int(root, ".input.size_bytes", 0);
	expect_str(root, ".input.sha256",
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	expect_str(root, ".message.from.address", NULL);
	expect_str(root, ".message.date", NULL);
	expect_str(root, ".recipient.address", NULL);
	expect_str(root, ".trace.origin.ip", NULL);
	assert_true(json_is_null(path(root, ".trace.origin.hop")));
	assert_true(json_is_null(path(root, ".trace.total_delay_s")));
	json_decref(root);
	free(out);
	kensa_analysis_free(a);
}

static void
test_report_render__text_en(void **state)
{
	kensa_analysis *a = build();
	char *out = render(a, KENSA_REPORT_TEXT, KENSA_LANG_EN, false);
	const char *s1, *s2, *s3, *s4, *s5, *s6, *hi, *lo;

	(void)state;
	s1 = strstr(out, "== 1. Overview ==");
	s2 = strstr(out, "== 2. Key headers");
	s3 = strstr(out, "== 3. Route");
	s4 = strstr(out, "== 7. Findings");
	s5 = strstr(out, "== 8. Defects");
	s6 = strstr(out, "== 9. Conclusion ==");
	assert_true(s1 && s2 && s3 && s4 && s5 && s6);
	assert_true(s1 < s2 && s2 < s3 && s3 < s4 && s4 < s5 && s5 < s6);
	/* Findings high first, although made after the low one. */
	hi = strstr(s4, "[HIGH] test-high - High thing");
	lo = strstr(s4, "[LOW] test-low - Low thing");
	assert_true(hi != NULL && lo != NULL && hi < lo && lo < s5);
	assert_non_null(strstr(hi, "evidence: From #1: \"office-sample.jp\" "
		"<t-nakano@dd-sample.co.jp>"));
	/* Key headers explained; the display name read as a domain. */
	assert_non_null(strstr(s2, "RFC5321.MailFrom"));
	assert_non_null(strstr(s2, "The display name reads as the domain "
		"office-sample.jp, but the address is at dd-sample.co.jp."));
	assert_non_null(strstr(s2, "is the From domain"));
	/* Route: origin marked, delays, origin line. */
	assert_non_null(strstr(s3, "1*  2021-10-14T07:41:08Z  6s"));
	assert_non_null(strstr(s3, "[127.0.0.1] / unknown [20.188.24.132]"));
	assert_non_null(strstr(s3, "* Origin: 20.188.24.132 (hop 1): first "
		"external client"));
	/* Conclusion derived from the findings. */
	assert_non_null(strstr(s6, "2 finding(s): 1 high, 0 medium, 1 low, 0 info."));
	assert_non_null(strstr(s6, "1) High thing (test-high)"));
	assert_null(strstr(s6, "Low thing"));
	assert_non_null(strstr(s6, "20.188.24.132 (hop 1)"));
	assert_non_null(strstr(s5, "1 defect(s)"));
	/* No colour asked: no escape byte at all (the mail's is escaped). */
	assert_null(strchr(out, '\033'));
	free(out);

	out = render(a, KENSA_REPORT_TEXT, KENSA_LANG_EN, true);
	assert_non_null(strstr(out, "\033[1;31m[HIGH]\033[0m"));
	free(out);
	kensa_analysis_free(a);
}

static void
test_report_render__text_ja_aligned(void **state)
{
	kensa_analysis *a = build();
	char *out = render(a, KENSA_REPORT_TEXT, KENSA_LANG_JA, false);
	const char *line, *head, *row;
	size_t col_head, col_row;

	(void)state;
	assert_non_null(strstr(out, "== 1. 概要 =="));
	assert_non_null(strstr(out, "== 3. 配送経路(古い順) =="));
	assert_non_null(strstr(out, "== 9. 結論 =="));
	assert_non_null(strstr(out, "[高] test-high — 重大な事象"));
	assert_non_null(strstr(out, "最初の外部クライアント"));
	/* Overview labels padded by display width: the value column of
	 * "件名" (4 columns) and "差出人 (From)" line up. */
	line = strstr(out, "  件名");
	assert_non_null(line);
	col_head = kn_utf8_width(line, (size_t)(strstr(line, " : ") - line));
	line = strstr(out, "  差出人 (From)");
	assert_non_null(line);
	col_row = kn_utf8_width(line, (size_t)(strstr(line, " : ") - line));
	assert_int_equal(col_head, col_row);
	/* Hop table: the "受信サーバー" heading starts at the column where
	 * the by host starts in the first row. */
	head = strstr(out, "受信サーバー");
	row = strstr(head, "mx1.office-sample.jp  ESMTP");
	assert_non_null(row);
	{
		const char *hl = head, *rl = row;
		while (hl > out && hl[-1] != '\n')
			hl--;
		while (rl > out && rl[-1] != '\n')
			rl--;
		assert_int_equal(kn_utf8_width(hl, (size_t)(head - hl)),
			kn_utf8_width(rl, (size_t)(row - rl)));
	}
	free(out);
	kensa_analysis_free(a);
}

/* A forged 100-character HELO is cut, the client IP never is, and no
 * row ends in padding. */
static void
test_report_render__text_long_helo(void **state)
{
	kensa_analysis *a = build();
	kensa_hop *h = a->hops.items;
	char *out;

	(void)state;
	h[0].helo = "very-long-forged-helo-name-that-goes-on-and-on-and-on."
		    "example.invalid.more.labels.to.make.it.long";
	h[0].ip = "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff";
	out = render(a, KENSA_REPORT_TEXT, KENSA_LANG_EN, false);
	assert_non_null(strstr(out, "very-long-for... / unknown"));
	assert_non_null(strstr(out, "/ unknown [2001:db8:ffff:ffff:ffff:ffff:ffff:ffff]"));
	assert_null(strstr(out, " \n"));
	free(out);
	kensa_analysis_free(a);
}

static void
test_report_render__utf8_helpers(void **state)
{
	kn_buf b;
	size_t adv;

	(void)state;
	assert_int_equal(kn_utf8_width("abc", 3), 3);
	assert_int_equal(kn_utf8_width("日本語", 9), 6);
	assert_int_equal(kn_utf8_width("ｱ", 3), 1);        /* halfwidth kana */
	assert_int_equal(kn_utf8_width("Ａ", 3), 2);       /* fullwidth A */
	assert_int_equal(kn_utf8_width("e\xcc\x81", 3), 1); /* e + U+0301 */
	assert_int_equal(kn_utf8_width("\xff", 1), 1);
	assert_int_equal(kn_utf8_decode("\xc0\xaf", 2, &adv), -1); /* overlong */
	assert_int_equal(adv, 1);
	assert_int_equal(kn_utf8_decode("\xe6\x97\xa5", 3, &adv), 0x65e5);
	assert_int_equal(adv, 3);
	assert_int_equal(kn_utf8_decode("\xe6\x97", 2, &adv), -1); /* truncated */

	kn_buf_init(&b, 1024);
	assert_false(kn_utf8_put_sanitized(&b, "a\xffz", 3));
	assert_string_equal(kn_buf_cstr(&b), "a\xef\xbf\xbdz");
	kn_buf_reset(&b);
	/* Folding collapsed, ESC and bidi override shown, not sent. */
	kn_text_put(&b, "a\r\n\tb\x1b[2J\xe2\x80\xae" "c", 0);
	assert_string_equal(kn_buf_cstr(&b), "a b\\x1b[2J<U+202E>c");
	kn_buf_reset(&b);
	/* Cut at 7 columns: wide characters are not split. */
	assert_int_equal(kn_text_put(&b, "日本語テキスト", 7), 7);
	assert_string_equal(kn_buf_cstr(&b), "日本...");
	kn_buf_reset(&b);
	assert_int_equal(kn_text_put(&b, "short", 7), 5);
	assert_string_equal(kn_buf_cstr(&b), "short");
	kn_buf_dispose(&b);
}

static void
test_report_render__bad_arguments(void **state)
{
	kensa_analysis *a = build();
	kensa_report_options o = KENSA_REPORT_OPTIONS_INIT;
	char *out = (char *)1;

	(void)state;
	assert_int_equal(kensa_report_render(NULL, NULL, a, &o), KENSA_EINVAL);
	assert_int_equal(kensa_report_render(&out, NULL, NULL, &o), KENSA_EINVAL);
	assert_null(out);
	o.format = (kensa_report_format)7;
	assert_int_equal(kensa_report_render(&out, NULL, a, &o), KENSA_EINVAL);
	o.format = KENSA_REPORT_JSON;
	o.version = 99;
	assert_int_equal(kensa_report_render(&out, NULL, a, &o), KENSA_EINVAL);
	kensa_analysis_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_render__json_contract),
		cmocka_unit_test(test_report_render__json_empty_analysis),
		cmocka_unit_test(test_report_render__text_en),
		cmocka_unit_test(test_report_render__text_ja_aligned),
		cmocka_unit_test(test_report_render__text_long_helo),
		cmocka_unit_test(test_report_render__utf8_helpers),
		cmocka_unit_test(test_report_render__bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
