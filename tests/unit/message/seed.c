/* SPDX-License-Identifier: MIT */
/* Unit tests: the message stage on the seed case (seed-kagoya). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit/message/msgtest.h"

static kensa_analysis *seed;

static int
setup(void **state)
{
	(void)state;
	seed = msgtest_analyze_file("cases/seed-kagoya/message.eml");
	return seed == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	kensa_analysis_free(seed);
	return 0;
}

static void
test_message_seed__subject(void **state)
{
	const kensa_message_facts *m = kensa_analysis_message(seed);
	(void)state;
	assert_string_equal(m->subject,
		"障害発生/復旧のお知らせ(メールサービス)");
	assert_null(m->subject_spam_tag);
}

static void
test_message_seed__addresses(void **state)
{
	const kensa_message_facts *m = kensa_analysis_message(seed);
	(void)state;
	assert_string_equal(m->from.display_name, "office-sample.jp");
	assert_string_equal(m->from.address, "t-nakano@dd-sample.co.jp");
	assert_string_equal(m->from.domain, "dd-sample.co.jp");
	assert_int_equal(m->from_count, 1);
	assert_string_equal(m->return_path, "t-nakano@dd-sample.co.jp");
	assert_string_equal(m->return_path_domain, "dd-sample.co.jp");
	assert_string_equal(m->message_id,
		"07774d15-d2cc-2c28-eb18-3ddd9a4255fe@dd-sample.co.jp");
	assert_string_equal(m->message_id_domain, "dd-sample.co.jp");
	assert_string_equal(m->delivered_to, "info@office-sample.jp");
	assert_int_equal(m->to_count, 1);
	assert_string_equal(m->to[0].address, "info@office-sample.jp");
	assert_null(m->to[0].display_name);
	assert_int_equal(m->cc_count, 0);
	assert_string_equal(m->content_language, "ja");
	assert_non_null(strstr(m->user_agent, "Thunderbird/78.14.0"));
	assert_non_null(m->date_raw);
}

static void
test_message_seed__headers(void **state)
{
	const kensa_message_facts *m = kensa_analysis_message(seed);
	const kensa_header *h = NULL;
	size_t len = 0;
	char *raw = msgtest_read("cases/seed-kagoya/message.eml", 1, &len);
	unsigned received = 0;
	(void)state;
	assert_non_null(raw);
	assert_int_equal(m->header_count, 14);
	for (size_t i = 0; i < m->header_count; i++) {
		if (strcmp(m->headers[i].name, "Received") == 0)
			received = m->headers[i].occurrence;
		if (strcmp(m->headers[i].name, "User-Agent") == 0)
			h = &m->headers[i];
	}
	assert_int_equal(received, 2);
	assert_non_null(h);
	/* offset/length cover the folded field exactly as written */
	assert_true(h->offset + h->length <= len);
	assert_memory_equal(raw + h->offset, "User-Agent: Mozilla", 19);
	assert_memory_equal(raw + h->offset + h->length - 19,
		"Thunderbird/78.14.0", 19);
	assert_string_equal(h->value, "Mozilla/5.0 (Windows NT 10.0; Win64; "
		"x64; rv:78.0) Gecko/20100101 Thunderbird/78.14.0");
	assert_string_equal(m->headers[0].name, "Return-Path");
	assert_int_equal(m->headers[0].offset, 0);
	free(raw);
}

static void
test_message_seed__parts(void **state)
{
	const kensa_message_facts *m = kensa_analysis_message(seed);
	(void)state;
	assert_int_equal(m->part_count, 3);
	assert_string_equal(m->parts[0].content_type, "multipart/alternative");
	assert_true(m->parts[0].is_multipart);
	assert_int_equal(m->parts[0].parent, -1);
	assert_string_equal(m->parts[1].content_type, "text/plain");
	assert_string_equal(m->parts[1].charset, "iso-2022-jp");
	assert_string_equal(m->parts[1].transfer_encoding, "7bit");
	assert_int_equal(m->parts[1].parent, 0);
	assert_int_equal(m->parts[1].depth, 1);
	assert_non_null(strstr(m->parts[1].text, "2021年10月14日(日)"));
	assert_non_null(strstr(m->parts[1].text, "2021年10月14日(木)"));
	assert_non_null(strstr(m->parts[1].text,
		"回復するには、以下のリンクをクリックしてください"));
	assert_string_equal(m->parts[2].content_type, "text/html");
	assert_string_equal(m->parts[2].transfer_encoding, "base64");
	assert_non_null(strstr(m->parts[2].text, "owa-login.comget-sample.net"));
	assert_int_equal(m->parts[2].size_bytes, m->parts[2].text_length);
}

static void
test_message_seed__findings(void **state)
{
	const kensa_finding *f;
	(void)state;
	f = msgtest_finding(seed, "display-name-is-recipient-domain");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_HIGH);
	assert_string_equal(f->evidence.header, "From");
	assert_non_null(strstr(f->evidence.text, "t-nakano@dd-sample.co.jp"));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA], "office-sample.jp"));
	assert_non_null(msgtest_finding(seed, "no-spam-tag"));
	assert_null(msgtest_finding(seed, "spam-tagged"));
	/* Return-Path and Message-ID agree with From in the seed. */
	assert_null(msgtest_finding(seed, "return-path-domain-mismatch"));
	assert_null(msgtest_finding(seed, "message-id-domain-mismatch"));
	assert_null(msgtest_finding(seed, "message-id-missing"));
	assert_null(msgtest_finding(seed, "from-missing"));
	assert_null(msgtest_finding(seed, "from-multiple"));
	assert_null(msgtest_finding(seed, "display-name-other-address"));
	assert_null(msgtest_finding(seed, "date-missing"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_message_seed__subject),
		cmocka_unit_test(test_message_seed__addresses),
		cmocka_unit_test(test_message_seed__headers),
		cmocka_unit_test(test_message_seed__parts),
		cmocka_unit_test(test_message_seed__findings),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
