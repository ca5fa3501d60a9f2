/* SPDX-License-Identifier: MIT */
/* Unit tests: every file under corpus/mime-edge goes through the message
 * stage without a crash, hang or error, and the torture cases hold. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <ftw.h>
#include <time.h>

#include "unit/message/msgtest.h"

static size_t files, ok, parts, headers;

static int
visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	size_t len = 0;
	char *d;
	kensa_analysis *a;

	(void)st;
	(void)ftw;
	if (type != FTW_F)
		return 0;
	d = msgtest_read(path, 0, &len);
	if (d == NULL)
		return 0;
	files++;
	a = msgtest_analyze_mem(d, len, NULL);
	if (a != NULL) {
		const kensa_message_facts *m = kensa_analysis_message(a);
		ok++;
		parts += m->part_count;
		headers += m->header_count;
		/* every text part is NUL-terminated UTF-8 of its length */
		for (size_t i = 0; i < m->part_count; i++) {
			if (m->parts[i].text != NULL &&
			    strlen(m->parts[i].text) > m->parts[i].text_length)
				ok--;
		}
		kensa_analysis_free(a);
	}
	free(d);
	return 0;
}

static void
test_message_corpus__mime_edge(void **state)
{
	char dir[4096];
	struct timespec t0, t1;
	double secs;
	(void)state;
	snprintf(dir, sizeof(dir), "%s/corpus/mime-edge", msgtest_shared());
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(nftw(dir, visit, 16, FTW_PHYS), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_message("mime-edge: %zu files, %zu analysed, %zu parts, %zu header "
		"fields, %.0f files/s\n", files, ok, parts, headers,
		secs > 0 ? (double)files / secs : 0.0);
	assert_true(files >= 300);
	assert_int_equal(ok, files);
}

static void
test_message_corpus__torture(void **state)
{
	kensa_analysis *a;
	const kensa_message_facts *m;
	(void)state;
	/* 135 KB To: of folded encoded-words */
	a = msgtest_analyze_file("corpus/mime-edge/mimekit/messages/stack-overflow.txt");
	assert_non_null(a);
	m = kensa_analysis_message(a);
	assert_true(m->to_count >= 1);
	assert_string_equal(m->to[0].address, "test@test.com");
	assert_string_equal(m->subject, "Message Subject");
	kensa_analysis_free(a);
	/* CR-only line ends (sisimai mac/) keep their header fields */
	a = msgtest_analyze_file("corpus/mime-edge/sisimai/mac/lhost-kddi-01.eml");
	if (a != NULL) {
		m = kensa_analysis_message(a);
		assert_true(m->header_count > 5);
		assert_non_null(m->from.address);
		assert_true(m->part_count >= 1);
		kensa_analysis_free(a);
	}
	/* empty input and a header without body */
	a = msgtest_analyze_mem("", 0, NULL);
	assert_non_null(a);
	assert_null(kensa_analysis_message(a)->from.address);
	kensa_analysis_free(a);
	a = msgtest_analyze_mem("Subject: x", 10, NULL);
	assert_non_null(a);
	assert_string_equal(kensa_analysis_message(a)->subject, "x");
	kensa_analysis_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_message_corpus__mime_edge),
		cmocka_unit_test(test_message_corpus__torture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
