/* SPDX-License-Identifier: MIT */
/*
 * test_content_links_corpus - the link findings over real mail:
 * legitimate mail (ham-spam/easy_ham_2, ham-ja) must almost never get a
 * deceptive-link finding (link-text-domain-mismatch, link-userinfo-trick,
 * link-homoglyph); the phishing sets (phish/) mostly should get some
 * link finding. Counts are printed; ceilings and floors are asserted.
 * Corpora are read in place from $KENSA_SHARED; a missing one is skipped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <kensa/kensa.h>
#include <sys/stat.h>

/* Directory depth walked (corpus sets are one or two levels deep). */
#define WALK_DEPTH_MAX 4
/* Messages read per set: all of them today, a bound for the future. */
#define WALK_FILES_MAX 5000

typedef struct tally {
	size_t messages, deceptive, any_link, mismatch, userinfo, homoglyph;
	bool verbose;
} tally;

static const char *
shared(void)
{
	const char *s = getenv("KENSA_SHARED");
	return s != NULL ? s : KENSA_TEST_SHARED_DIR;
}

static void
one(const char *path, tally *t)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long sz;
	kensa_analysis *a = NULL;
	const kensa_finding *f;
	size_t n;
	bool dec = false, any = false;

	if (fp == NULL)
		return;
	if (fseek(fp, 0, SEEK_END) != 0 || (sz = ftell(fp)) <= 0 ||
	    (buf = malloc((size_t)sz)) == NULL) {
		fclose(fp);
		return;
	}
	rewind(fp);
	if (fread(buf, 1, (size_t)sz, fp) != (size_t)sz ||
	    kensa_analyze(&a, buf, (size_t)sz, NULL) != 0) {
		fclose(fp);
		free(buf);
		return;
	}
	fclose(fp);
	t->messages++;
	n = kensa_analysis_findings(a, &f);
	for (size_t i = 0; i < n; i++) {
		const char *id = f[i].id;
		bool m = strcmp(id, "link-text-domain-mismatch") == 0;
		bool u = strcmp(id, "link-userinfo-trick") == 0;
		bool h = strcmp(id, "link-homoglyph") == 0;
		t->mismatch += m;
		t->userinfo += u;
		t->homoglyph += h;
		if ((m || u || h) && t->verbose)
			printf("#   %s: %s\n#     %s\n", path, id,
				f[i].detail[KENSA_LANG_EN]);
		dec |= m || u || h;
		any |= strncmp(id, "link-", 5) == 0 ||
		    strcmp(id, "alternative-link-mismatch") == 0;
	}
	t->deceptive += dec;
	t->any_link += any;
	kensa_analysis_free(a);
	free(buf);
}

static void
walk(const char *dir, unsigned depth, tally *t)
{
	DIR *d;
	struct dirent *e;

	if (depth > WALK_DEPTH_MAX || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL && t->messages < WALK_FILES_MAX) {
		char p[4096];
		struct stat st;
		if (e->d_name[0] == '.' || strcmp(e->d_name, "SOURCES.md") == 0 ||
		    strstr(e->d_name, ".tsv") != NULL ||
		    strstr(e->d_name, ".md") != NULL)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (stat(p, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(p, depth + 1, t);
		else if (S_ISREG(st.st_mode))
			one(p, t);
	}
	closedir(d);
}

static bool
run(const char *set, tally *t)
{
	char p[4096];
	struct stat st;

	snprintf(p, sizeof(p), "%s/corpus/%s", shared(), set);
	if (stat(p, &st) != 0)
		return false;
	t->verbose = getenv("KENSA_VERBOSE") != NULL;
	walk(p, 0, t);
	printf("# %s: %zu messages, %zu with a deceptive-link finding "
		"(mismatch %zu, userinfo %zu, homoglyph %zu), %zu with any link "
		"finding\n", set, t->messages, t->deceptive, t->mismatch,
		t->userinfo, t->homoglyph, t->any_link);
	return true;
}

static void
test_ham(void **state)
{
	tally en = { 0 }, ja = { 0 };

	(void)state;
	if (!run("ham-spam/easy_ham_2", &en) || !run("ham-ja", &ja))
		skip();
	assert_true(en.messages > 1000);
	assert_true(ja.messages > 300);
	/* low ceilings: today 0 and 0 (a docs example of "user:pw@host"
	 * is credentials, not a disguise, and is not counted) */
	assert_true(en.deceptive <= 2);
	assert_true(ja.deceptive <= 1);
}

static void
test_phish(void **state)
{
	tally t = { 0 };

	(void)state;
	if (!run("phish", &t))
		skip();
	assert_true(t.messages > 50);
	/* floor: most phishing carries a link finding of some kind */
	assert_true(t.any_link * 2 >= t.messages);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ham),
		cmocka_unit_test(test_phish),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
