/* SPDX-License-Identifier: MIT */
/*
 * test_verdict_config - the administrator's config: good files (weights
 * by id and by variant, thresholds, comments, blank and CRLF lines) and
 * bad ones, each refused with its line number and reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "verdict/config.h"

static void
test_good(void **state)
{
	static const char text[] =
		"# weights of our site\n"
		"\n"
		"weight spf-softfail 3\r\n"
		"  weight reply-to-other-domain 0   # lists rewrite Reply-To\n"
		"weight reply-to-other-domain/free-mail 7\n"
		"threshold phishing 12\n"
		"threshold\tspam\t9";
	kensa_config *cfg = NULL;
	char err[256];
	unsigned v;

	(void)state;
	assert_int_equal(kensa_config_parse(&cfg, text, sizeof(text) - 1,
		"site.conf", err, sizeof(err)), 0);
	assert_non_null(cfg);
	assert_true(kn_config_weight(cfg, kn_rules_find("spf-softfail",
		KENSA_SEV_MEDIUM), &v));
	assert_int_equal(v, 3);
	/* The variant's own line wins; the other variant takes the id's. */
	assert_true(kn_config_weight(cfg, kn_rules_find("reply-to-other-domain",
		KENSA_SEV_HIGH), &v));
	assert_int_equal(v, 7);
	assert_true(kn_config_weight(cfg, kn_rules_find("reply-to-other-domain",
		KENSA_SEV_MEDIUM), &v));
	assert_int_equal(v, 0);
	assert_false(kn_config_weight(cfg, kn_rules_find("spf-fail",
		KENSA_SEV_HIGH), &v));
	assert_true(kn_config_threshold(cfg, KN_THR_PHISHING, &v));
	assert_int_equal(v, 12);
	assert_true(kn_config_threshold(cfg, KN_THR_SPAM, &v));
	assert_int_equal(v, 9);
	assert_false(kn_config_threshold(cfg, KN_THR_LURE, &v));
	kensa_config_free(cfg);
}

static void
bad(const char *text, const char *want)
{
	kensa_config *cfg = (kensa_config *)&cfg;
	char err[256];

	assert_int_equal(kensa_config_parse(&cfg, text, strlen(text), "x.conf",
		err, sizeof(err)), KENSA_EINVAL);
	assert_null(cfg);
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", err, want);
}

static void
test_bad(void **state)
{
	(void)state;
	bad("weight no-such-rule 3\n", "x.conf:1: unknown rule 'no-such-rule'");
	bad("# c\n\nweight spf-fail\n", "x.conf:3: want 'weight RULE-ID N'");
	bad("weight spf-fail -1\n", "x.conf:1: weight must be a whole number");
	bad("weight spf-fail 3x\n", "weight must be a whole number 0..1000, not '3x'");
	bad("weight spf-fail 1001\n", "0..1000");
	bad("threshold evil 3\n", "x.conf:1: unknown threshold 'evil'");
	bad("threshold phishing\n", "want 'threshold NAME N'");
	bad("weigth spf-fail 3\n", "unknown directive 'weigth'");
	bad("weight spf-fail 3\nweight spf-fail 4\n",
		"x.conf:2: weight of 'spf-fail' already set on line 1");
	bad("threshold spam 3\nthreshold spam 4\n",
		"x.conf:2: threshold spam already set on line 1");
	bad("weight spf-fail 3 4\n", "want 'weight RULE-ID N' (4 words given)");
	bad("weight a b c d e\n", "too many words");
	bad("weight reply-to-other-domain/nope 3\n", "unknown rule");
}

static void
test_load(void **state)
{
	char path[] = "/tmp/kensa-verdict-config-XXXXXX";
	kensa_config *cfg = NULL;
	char err[256];
	int fd = mkstemp(path);
	FILE *fp;

	(void)state;
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs("threshold suspicious 7\nthreshold lure x\n", fp);
	fclose(fp);
	assert_int_equal(kensa_config_load(&cfg, path, err, sizeof(err)),
		KENSA_EINVAL);
	assert_non_null(strstr(err, ":2: threshold must be a whole number"));
	assert_non_null(strstr(err, path));
	unlink(path);
	assert_int_equal(kensa_config_load(&cfg, path, err, sizeof(err)),
		KENSA_ENOTFOUND);
	assert_null(cfg);
	/* The compiled-in defaults parse. */
	assert_int_equal(kensa_config_parse(&cfg, kn_rules_default_config(),
		strlen(kn_rules_default_config()), "data/verdict.conf", err,
		sizeof(err)), 0);
	kensa_config_free(cfg);
	kensa_config_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
