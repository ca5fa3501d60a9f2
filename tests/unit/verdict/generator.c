/* SPDX-License-Identifier: MIT */
/*
 * test_verdict_generator - data/gen_rules.py on small rule files: a good
 * file compiles (continuation lines joined per language, escapes for C),
 * and each kind of bad file stops the build with FILE:LINE: reason.
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
#include <sys/stat.h>
#include <sys/wait.h>

static char dir[] = "/tmp/kensa-gen-rules-XXXXXX";

static const char good_head[] =
	"# c\n"
	"rule: test-rule\n"
	"severity: medium\n"
	"category: phishing\n"
	"signal: deception lure\n"
	"weight: 4\n"
	"title.en: A \"quoted\" title\\n?\?=\n"
	"title.ja: 題名\n"
	"detail.en: first {1}\n"
	"  second {2}\n"
	"detail.ja: 一行目{1}\n"
	"  二行目{2}\n";

static void
write_file(const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* Run the generator on stage.rules; returns its exit status, stderr in
 * err. */
static int
run(char *err, size_t errsize)
{
	char cmd[1024];
	FILE *fp;
	size_t n;
	int st;

	snprintf(cmd, sizeof(cmd), "python3 %s/data/gen_rules.py %s/out "
		"%s/v.conf %s/stage.rules 2>&1", KENSA_TEST_SOURCE_DIR, dir,
		dir, dir);
	fp = popen(cmd, "r");
	assert_non_null(fp);
	n = fread(err, 1, errsize - 1, fp);
	err[n] = '\0';
	st = pclose(fp);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *
slurp(const char *name)
{
	char path[256];
	FILE *fp;
	char *buf = calloc(1, 65536);

	snprintf(path, sizeof(path), "%s/out/%s", dir, name);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_non_null(buf);
	assert_true(fread(buf, 1, 65535, fp) > 0);
	fclose(fp);
	return buf;
}

static void
test_good(void **state)
{
	char err[1024];
	char *table, *ids;

	(void)state;
	write_file("v.conf", "threshold phishing 10\n");
	write_file("stage.rules", good_head);
	assert_int_equal(run(err, sizeof(err)), 0);
	table = slurp("kn_rules_table.inc");
	ids = slurp("kn_rule_ids.h");
	assert_non_null(strstr(table, "\"first {1} second {2}\""));
	assert_non_null(strstr(table, "\"一行目{1}二行目{2}\""));
	/* Quotes, backslashes and trigraph marks are escaped for C. */
	assert_non_null(strstr(table, "\"A \\\"quoted\\\" title\\\\n\\?\\?=\""));
	assert_non_null(strstr(table, "KN_SIG_DECEPTION | KN_SIG_LURE"));
	assert_non_null(strstr(ids, "KN_RULE_ID_stage_test_rule,"));
	free(table);
	free(ids);
}

/* Bad files, checked all at once by one python3 process (start-up is
 * the slow part): each is fed to gen_rules.main() and must fail with its
 * message. */
#define BAD_MAX 12
static const char *bad_text[BAD_MAX], *bad_want[BAD_MAX];
static size_t nbad;

static void
bad(const char *text, const char *want)
{
	char name[32];

	assert_true(nbad < BAD_MAX);
	snprintf(name, sizeof(name), "bad%zu.rules", nbad);
	write_file(name, text);
	bad_text[nbad] = text;
	bad_want[nbad++] = want;
}

static void
check_bad(void)
{
	char cmd[2048], *out = calloc(1, 65536);
	size_t n;
	FILE *fp;
	const char *p;

	assert_non_null(out);
	snprintf(cmd, sizeof(cmd), "python3 -u -c 'import sys; "
		"sys.path.insert(0, \"%s/data\"); import gen_rules\n"
		"for i in range(%zu):\n"
		" print(\"== %%d\" %% i, flush=True)\n"
		" rc = gen_rules.main([\"g\", \"%s/out\", \"%s/v.conf\", "
		"\"%s/bad%%d.rules\" %% i])\n"
		" sys.stderr.flush()\n"
		" print(\"rc %%d\" %% rc, flush=True)' 2>&1",
		KENSA_TEST_SOURCE_DIR, nbad, dir, dir, dir);
	fp = popen(cmd, "r");
	assert_non_null(fp);
	n = fread(out, 1, 65535, fp);
	out[n] = '\0';
	assert_int_equal(pclose(fp), 0);
	p = out;
	for (size_t i = 0; i < nbad; i++) {
		char mark[32];
		const char *next;

		snprintf(mark, sizeof(mark), "== %zu\n", i);
		p = strstr(p, mark);
		assert_non_null(p);
		next = strstr(p + 1, "== ");
		/* This case's output: its message and "rc 1". */
		{
			size_t len = next ? (size_t)(next - p) : strlen(p);
			char *seg = strndup(p, len);
			assert_non_null(seg);
			if (strstr(seg, bad_want[i]) == NULL ||
			    strstr(seg, "rc 1") == NULL)
				fail_msg("case %zu: generator said \"%s\", want "
					"\"%s\"", i, seg, bad_want[i]);
			free(seg);
		}
	}
	(void)bad_text;
	free(out);
}

static void
test_bad(void **state)
{
	char buf[2048];

	(void)state;
	write_file("v.conf", "threshold phishing 10\n");
	/* Missing Japanese detail. */
	bad("rule: x\nseverity: low\ncategory: spam\nweight: 1\n"
	    "title.en: t\ntitle.ja: t2\ndetail.en: d\n",
	    "bad0.rules:1: rule x: missing or empty 'detail.ja'");
	/* The same id twice. */
	snprintf(buf, sizeof(buf), "%s\n%s", good_head, good_head);
	bad(buf, "bad1.rules:15: rule test-rule defined twice");
	/* Bad template, weight, severity, key, id, info weight. */
	bad("rule: x\nseverity: low\ncategory: spam\nweight: 1\ntitle.en: t\n"
	    "title.ja: t2\ndetail.en: {x}\ndetail.ja: d\n",
	    "detail.en: '{' must start a {1}..{9} argument");
	bad("rule: x\nseverity: low\ncategory: spam\nweight: 1000\n"
	    "title.en: t\ntitle.ja: t2\ndetail.en: d\ndetail.ja: d\n",
	    "weight must be 0..100");
	bad("rule: x\nseverity: severe\ncategory: spam\nweight: 1\n"
	    "title.en: t\ntitle.ja: t2\ndetail.en: d\ndetail.ja: d\n",
	    "severity must be one of");
	bad("rule: x\ncolour: red\n", "bad5.rules:2: unknown key 'colour'");
	bad("rule: Bad_Id\nseverity: low\ncategory: spam\nweight: 1\n"
	    "title.en: t\ntitle.ja: t2\ndetail.en: d\ndetail.ja: d\n",
	    "is not kebab-case");
	bad("rule: x\nseverity: info\ncategory: info\nweight: 2\n"
	    "title.en: t\ntitle.ja: t2\ndetail.en: d\ndetail.ja: d\n",
	    "an info rule weighs 0");
	bad("  stray\n", "continuation line without a key");
	check_bad();
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[256];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
