/* SPDX-License-Identifier: MIT */
/*
 * test_verdict_seed - the seed case end to end, offline: verdict
 * phishing, with the weekday contradiction, resolved-yet-action,
 * recipient-domain impersonation, the deceptive link and the plain/HTML
 * disagreement among the reasons; the JSON report carries .verdict and
 * the text report ends with the summary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include <kensa/kensa.h>

static const char *
shared(void)
{
	const char *d = getenv("KENSA_SHARED");
	return d != NULL && *d ? d : KENSA_TEST_SHARED_DIR;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = malloc(1 << 20);

	assert_non_null(fp);
	assert_non_null(buf);
	*len = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	return buf;
}

static bool
has_reason(const kensa_verdict *v, const char *id)
{
	for (size_t i = 0; i < v->reason_count; i++)
		if (strcmp(v->reasons[i].id, id) == 0)
			return v->reasons[i].weight > 0 &&
			       v->reasons[i].evidence != NULL &&
			       v->reasons[i].evidence->text != NULL;
	return false;
}

static void
test_seed(void **state)
{
	char path[1024];
	size_t len;
	char *data, *out;
	size_t olen;
	kensa_analysis *a = NULL;
	kensa_options o = KENSA_OPTIONS_INIT;
	kensa_report_options ro = KENSA_REPORT_OPTIONS_INIT;
	const kensa_verdict *v;
	json_t *j, *jv;

	(void)state;
	snprintf(path, sizeof(path), "%s/cases/seed-kagoya/message.eml", shared());
	data = slurp(path, &len);
	o.lookups = KENSA_LOOKUPS_OFFLINE;
	o.geoip_db = "";
	assert_int_equal(kensa_analyze(&a, data, len, &o), 0);
	v = kensa_analysis_verdict(a);
	assert_non_null(v);
	assert_int_equal(v->label, KENSA_VERDICT_PHISHING);
	assert_true(has_reason(v, "date-two-weekdays"));
	assert_true(has_reason(v, "resolved-yet-action"));
	assert_true(has_reason(v, "impersonates-recipient-domain"));
	assert_true(has_reason(v, "display-name-is-recipient-domain"));
	assert_true(has_reason(v, "link-text-domain-mismatch"));
	assert_true(has_reason(v, "alternative-link-mismatch"));
	assert_true(v->deception >= 10 && v->lure >= 5);

	ro.format = KENSA_REPORT_JSON;
	assert_int_equal(kensa_report_render(&out, &olen, a, &ro), 0);
	j = json_loadb(out, olen, 0, NULL);
	assert_non_null(j);
	jv = json_object_get(j, "verdict");
	assert_string_equal(json_string_value(json_object_get(jv, "label")),
		"phishing");
	assert_int_equal(json_integer_value(json_object_get(jv, "score")),
		v->score);
	assert_int_equal(json_array_size(json_object_get(jv, "reasons")),
		v->reason_count);
	assert_non_null(json_object_get(json_array_get(json_object_get(jv,
		"reasons"), 0), "evidence"));
	json_decref(j);
	free(out);

	ro.format = KENSA_REPORT_TEXT;
	ro.lang = KENSA_LANG_JA;
	assert_int_equal(kensa_report_render(&out, &olen, a, &ro), 0);
	assert_non_null(strstr(out, "判定: フィッシング"));
	assert_non_null(strstr(out, "まとめ: "));
	free(out);
	kensa_analysis_free(a);
	free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
