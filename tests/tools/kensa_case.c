/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	kensa_case 1
 * SUMMARY
 *	run one case test: analyze a message, compare its JSON report with
 *	an expected subset
 * SYNOPSIS
 *	kensa_case MESSAGE EXPECTED.json [OPTIONS.json]
 * DESCRIPTION
 *	Reads MESSAGE, runs kensa_analyze() and renders the JSON report
 *	(English unless OPTIONS says "lang": "ja"). EXPECTED is a subset of
 *	that report: every key present in an expected object must be in the
 *	report with an equal value (objects compared the same way, by
 *	key); an expected array is compared element by element, by index,
 *	for the elements it gives (the report may hold more). Every
 *	mismatch is printed as a JSON path with both values.
 *
 *	Two top-level keys of EXPECTED are not report keys but checks on
 *	the report's "findings" array that ignore its order:
 *
 *	findings_include
 *		array; each element must match some finding: a string is a
 *		finding id, an object is compared with each finding as the
 *		subset above (e.g. {"id": "no-reverse-dns", "severity":
 *		"low"}).
 *	findings_exclude
 *		array of the same shape; no finding may match any element.
 *
 *	The same finding may satisfy several include elements.
 *	OPTIONS (optional): {"recipient_domain": ..., "trusted_networks":
 *	..., "lang": "en"|"ja", "now": seconds}.
 * DIAGNOSTICS
 *	Exit 0 when everything matches, 1 on a mismatch, 2 on a usage or
 *	input error (including a findings_include or findings_exclude that
 *	is not an array of strings and objects).
 *--*/
#include <kensa/kensa.h>

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deepest expected document walked: the report is a few levels deep. */
#define CASE_MAX_DEPTH 32

#define CASE_INCLUDE "findings_include"
#define CASE_EXCLUDE "findings_exclude"

static unsigned mismatches;
/* Set while trying an expected object against each finding: count,
 * do not print. */
static bool quiet;

static void
show(const char *what, const json_t *v)
{
	char *s = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;

	fprintf(stderr, "    %s: %s\n", what, s ? s : "(missing)");
	free(s);
}

static void
mismatch(const char *path, const json_t *want, const json_t *got)
{
	mismatches++;
	if (quiet)
		return;
	fprintf(stderr, "  mismatch at %s\n", path[0] ? path : ".");
	show("expected", want);
	show("actual  ", got);
}

static void
compare(const json_t *want, const json_t *got, char *path, size_t plen,
	size_t cap, int depth)
{
	if (depth > CASE_MAX_DEPTH) {
		mismatch(path, want, got);
		return;
	}
	if (json_is_object(want)) {
		const char *key;
		json_t *v;

		if (!json_is_object(got)) {
			mismatch(path, want, got);
			return;
		}
		json_object_foreach((json_t *)want, key, v) {
			if (depth == 0 && (strcmp(key, CASE_INCLUDE) == 0 ||
			    strcmp(key, CASE_EXCLUDE) == 0))
				continue; /* order-free checks, below */
			snprintf(path + plen, cap - plen, ".%s", key);
			compare(v, json_object_get(got, key), path,
				strlen(path), cap, depth + 1);
			path[plen] = '\0';
		}
	} else if (json_is_array(want)) {
		size_t i;
		json_t *v;

		if (!json_is_array(got)) {
			mismatch(path, want, got);
			return;
		}
		json_array_foreach(want, i, v) {
			snprintf(path + plen, cap - plen, "[%zu]", i);
			compare(v, json_array_get(got, i), path, strlen(path),
				cap, depth + 1);
			path[plen] = '\0';
		}
	} else if (got == NULL || !json_equal((json_t *)want, (json_t *)got)) {
		mismatch(path, want, got);
	}
}

/* Does some finding of the report match want (an id string, or an
 * object compared as a subset)? */
static bool
finding_matches(const json_t *want, const json_t *findings)
{
	size_t i;
	json_t *f;

	json_array_foreach(findings, i, f) {
		if (json_is_string(want)) {
			const char *id = json_string_value(json_object_get(f, "id"));
			if (id != NULL && strcmp(id, json_string_value(want)) == 0)
				return true;
		} else {
			unsigned before = mismatches;
			char path[512] = "";
			quiet = true;
			compare(want, f, path, 0, sizeof(path), 1);
			quiet = false;
			if (mismatches == before)
				return true;
			mismatches = before;
		}
	}
	return false;
}

/* The order-free checks; false when EXPECTED holds a malformed one. */
static bool
check_findings(const json_t *want, const json_t *got)
{
	static const char *const keys[2] = { CASE_INCLUDE, CASE_EXCLUDE };
	json_t *findings = json_object_get(got, "findings");
	json_t *empty = json_array(), *ids = json_array(), *f;
	bool ok = true;
	size_t j;

	if (!json_is_array(findings))
		findings = empty;
	json_array_foreach(findings, j, f)
		json_array_append(ids, json_object_get(f, "id"));
	for (int k = 0; k < 2; k++) {
		json_t *list = json_object_get(want, keys[k]), *v;
		size_t i;

		if (list == NULL)
			continue;
		if (!json_is_array(list)) {
			fprintf(stderr, "kensa_case: %s must be an array\n", keys[k]);
			ok = false;
			continue;
		}
		json_array_foreach(list, i, v) {
			bool found;
			char path[64];

			if (!json_is_string(v) && !json_is_object(v)) {
				fprintf(stderr, "kensa_case: %s[%zu]: not a finding id "
					"or object\n", keys[k], i);
				ok = false;
				continue;
			}
			found = finding_matches(v, findings);
			if (found == (k == 0))
				continue;
			snprintf(path, sizeof(path), ".%s[%zu]", keys[k], i);
			fprintf(stderr, "  %s finding at %s\n", k == 0 ? "missing" :
				"unexpected", path);
			show(k == 0 ? "expected" : "excluded", v);
			show("ids     ", ids);
			mismatches++;
		}
	}
	json_decref(ids);
	json_decref(empty);
	return ok;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
	    (size_t)n <= KENSA_MAX_MESSAGE_BYTES && fseek(fp, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf != NULL && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		if (buf != NULL) {
			buf[n] = '\0';
			*len = (size_t)n;
		}
	}
	fclose(fp);
	return buf;
}

int
main(int argc, char **argv)
{
	kensa_options ao = KENSA_OPTIONS_INIT;
	kensa_report_options ro = KENSA_REPORT_OPTIONS_INIT;
	json_t *want, *got, *opts = NULL;
	json_error_t jerr;
	kensa_analysis *a = NULL;
	char *data, *report = NULL, path[512] = "", replay[1024] = "";
	size_t len = 0;
	int rc;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: kensa_case MESSAGE EXPECTED.json "
			"[OPTIONS.json]\n");
		return 2;
	}
	data = slurp(argv[1], &len);
	if (data == NULL) {
		fprintf(stderr, "kensa_case: %s: cannot read\n", argv[1]);
		return 2;
	}
	want = json_load_file(argv[2], 0, &jerr);
	if (want == NULL) {
		fprintf(stderr, "kensa_case: %s:%d: %s\n", argv[2], jerr.line,
			jerr.text);
		return 2;
	}
	if (argc == 4) {
		json_t *v;

		opts = json_load_file(argv[3], 0, &jerr);
		if (opts == NULL) {
			fprintf(stderr, "kensa_case: %s:%d: %s\n", argv[3],
				jerr.line, jerr.text);
			return 2;
		}
		if ((v = json_object_get(opts, "recipient_domain")) != NULL)
			ao.recipient_domain = json_string_value(v);
		if ((v = json_object_get(opts, "trusted_networks")) != NULL)
			ao.trusted_networks = json_string_value(v);
		if ((v = json_object_get(opts, "now")) != NULL)
			ao.now = (int64_t)json_integer_value(v);
		/* "replay_dir": an evidence directory, relative to the
		 * message's directory ("." = the case folder itself). */
		if ((v = json_object_get(opts, "replay_dir")) != NULL &&
		    json_string_value(v) != NULL) {
			const char *slash = strrchr(argv[1], '/');
			int dl = slash ? (int)(slash - argv[1]) : 1;
			snprintf(replay, sizeof(replay), "%.*s/%s", dl,
				slash ? argv[1] : ".", json_string_value(v));
			ao.replay_dir = replay;
		}
		if ((v = json_object_get(opts, "lang")) != NULL &&
		    json_string_value(v) != NULL &&
		    strcmp(json_string_value(v), "ja") == 0)
			ro.lang = KENSA_LANG_JA;
	}
	ro.format = KENSA_REPORT_JSON;
	ro.source = argv[1];
	rc = kensa_analyze(&a, data, len, &ao);
	if (rc < 0) {
		fprintf(stderr, "kensa_case: analyze: %s\n", kensa_strerror(rc));
		return 1;
	}
	rc = kensa_report_render(&report, NULL, a, &ro);
	kensa_analysis_free(a);
	if (rc < 0) {
		fprintf(stderr, "kensa_case: render: %s\n", kensa_strerror(rc));
		return 1;
	}
	got = json_loads(report, 0, &jerr);
	if (got == NULL) {
		fprintf(stderr, "kensa_case: report is not JSON: %s\n", jerr.text);
		return 1;
	}
	compare(want, got, path, 0, sizeof(path), 0);
	if (!check_findings(want, got)) {
		json_decref(want);
		json_decref(got);
		json_decref(opts);
		free(report);
		free(data);
		return 2;
	}
	fprintf(stderr, "kensa_case: %s: %u mismatch(es)\n", argv[1], mismatches);
	json_decref(want);
	json_decref(got);
	json_decref(opts);
	free(report);
	free(data);
	return mismatches == 0 ? 0 : 1;
}
