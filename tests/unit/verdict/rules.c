/* SPDX-License-Identifier: MIT */
/*
 * test_verdict_rules - the rule table generated from data/rules: ids
 * unique, every rule bilingual with valid templates, info rules weigh 0,
 * lookups by id and severity, and every rule id named anywhere in src/
 * (KN_RULE() uses and the static kn_rule definitions not migrated yet)
 * has a data entry.
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
#include <regex.h>

#include "verdict/rules.h"

/* Files read under src/ (a few hundred at most). */
#define SCAN_MAX_FILES 2000
#define SCAN_MAX_BYTES ((size_t)4 * 1024 * 1024)

static void
test_unique_and_bilingual(void **state)
{
	size_t n = kn_rules_count();

	(void)state;
	assert_int_equal(n, KN_RULE_ID_COUNT);
	assert_true(n >= 80);
	for (size_t i = 0; i < n; i++) {
		const kn_rule_entry *e = &kn_rule_table[i];

		assert_non_null(e->rule.id);
		assert_non_null(e->rule.stage);
		for (int l = 0; l < KENSA_LANG_COUNT; l++) {
			assert_non_null(e->rule.title[l]);
			assert_non_null(e->rule.detail[l]);
			assert_true(strlen(e->rule.title[l]) > 0);
			assert_true(strlen(e->rule.detail[l]) > 0);
			/* Placeholders are {1}..{9}, nothing else in braces. */
			for (const char *p = e->rule.detail[l]; *p; p++)
				if (*p == '{')
					assert_true(p[1] >= '1' && p[1] <= '9' &&
						p[2] == '}');
		}
		/* The Japanese text is not the English one copied. */
		assert_string_not_equal(e->rule.title[0], e->rule.title[1]);
		if (e->rule.severity == KENSA_SEV_INFO ||
		    e->category == KN_CAT_INFO)
			assert_int_equal(e->weight, 0);
		for (size_t j = i + 1; j < n; j++) {
			const kn_rule_entry *f = &kn_rule_table[j];
			if (strcmp(e->rule.id, f->rule.id) != 0)
				continue;
			/* Variants: distinct names and severities. */
			assert_true(e->rule.severity != f->rule.severity);
			assert_false(e->variant == NULL && f->variant == NULL);
			if (e->variant != NULL && f->variant != NULL)
				assert_string_not_equal(e->variant, f->variant);
		}
	}
}

static void
test_lookup(void **state)
{
	const kn_rule_entry *e;

	(void)state;
	e = kn_rules_find("display-name-is-recipient-domain", KENSA_SEV_HIGH);
	assert_non_null(e);
	assert_string_equal(e->rule.stage, "message");
	assert_int_equal(e->category, KN_CAT_PHISHING);
	assert_true(e->signals & KN_SIG_DECEPTION);
	assert_ptr_equal(&e->rule,
		KN_RULE(message, display_name_is_recipient_domain));
	/* Variants are told apart by severity... */
	e = kn_rules_find("reply-to-other-domain", KENSA_SEV_HIGH);
	assert_non_null(e);
	assert_string_equal(e->variant, "free-mail");
	e = kn_rules_find("reply-to-other-domain", KENSA_SEV_MEDIUM);
	assert_null(e->variant);
	/* ...and a severity no variant has gives the main form. */
	e = kn_rules_find("reply-to-other-domain", KENSA_SEV_LOW);
	assert_non_null(e);
	assert_null(e->variant);
	assert_null(kn_rules_find("no-such-rule", KENSA_SEV_LOW));
	/* Names as written in config files. */
	e = kn_rules_find_name("reply-to-other-domain/free-mail", 31);
	assert_non_null(e);
	assert_int_equal(e->rule.severity, KENSA_SEV_HIGH);
	assert_non_null(kn_rules_find_name("spf-softfail", 12));
	assert_null(kn_rules_find_name("spf-softfail/x", 14));
	assert_null(kn_rules_find_name("spf-soft", 8));
	assert_string_equal(kn_category_name(KN_CAT_SPAM), "spam");
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;

	if (fp == NULL)
		return NULL;
	buf = malloc(SCAN_MAX_BYTES + 1);
	if (buf == NULL) {
		fclose(fp);
		return NULL;
	}
	*len = fread(buf, 1, SCAN_MAX_BYTES, fp);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

/* Check every rule id named in one source file; returns how many. */
static size_t
scan_file(const char *path, const regex_t *def, const regex_t *use)
{
	size_t len, found = 0;
	char *text = slurp(path, &len);
	regmatch_t m[3];

	assert_non_null(text);
	/* "id", "stage", KENSA_SEV_...: a kn_rule initialiser. */
	for (const char *p = text; regexec(def, p, 3, m, 0) == 0;
	     p += m[0].rm_eo) {
		char id[128];
		int l = (int)(m[1].rm_eo - m[1].rm_so);
		assert_true(l > 0 && l < (int)sizeof(id));
		memcpy(id, p + m[1].rm_so, (size_t)l);
		id[l] = '\0';
		if (kn_rules_find(id, KENSA_SEV_INFO) == NULL)
			fail_msg("%s: rule %s has no entry in data/rules", path, id);
		found++;
	}
	/* KN_RULE(stage, name): compiled against the table already;
	 * counted so the test sees the migrated modules too. */
	for (const char *p = text; regexec(use, p, 3, m, 0) == 0;
	     p += m[0].rm_eo)
		found++;
	free(text);
	return found;
}

static size_t
scan_dir(const char *dir, const regex_t *def, const regex_t *use,
	int depth, size_t *files)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t found = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL && *files < SCAN_MAX_FILES) {
		char path[1024];
		size_t nl = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (de->d_type == DT_DIR && depth < 2) {
			found += scan_dir(path, def, use, depth + 1, files);
		} else if (nl > 2 && strcmp(de->d_name + nl - 2, ".c") == 0) {
			(*files)++;
			found += scan_file(path, def, use);
		}
	}
	closedir(d);
	return found;
}

static void
test_every_source_rule_has_data(void **state)
{
	regex_t def, use;
	size_t files = 0, found;

	(void)state;
	assert_int_equal(regcomp(&def, "\\{[[:space:]]*\"([a-z0-9-]+)\",[[:space:]]*"
		"\"(message|trace|auth|intel|content|verdict)\",[[:space:]]*KENSA_SEV_",
		REG_EXTENDED), 0);
	assert_int_equal(regcomp(&use, "KN_RULE(_V)?\\(([a-z]+),", REG_EXTENDED), 0);
	found = scan_dir(KENSA_TEST_SOURCE_DIR "/src", &def, &use, 0, &files);
	regfree(&def);
	regfree(&use);
	assert_true(files > 20);
	/* Every module's rules were seen one way or the other. */
	assert_true(found >= 80);
}

static void
test_default_config_text(void **state)
{
	(void)state;
	assert_non_null(strstr(kn_rules_default_config(), "threshold phishing"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unique_and_bilingual),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_every_source_rule_has_data),
		cmocka_unit_test(test_default_config_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
