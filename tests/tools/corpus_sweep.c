/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	corpus_sweep 1
 * SUMMARY
 *	analyse and render every message of the shared mail corpora
 * SYNOPSIS
 *	corpus_sweep [-v] [DIR...]
 * DESCRIPTION
 *	Walks each DIR recursively (default: the ham-spam, phish, mime-edge,
 *	dkim, dmarc and ham-ja sets under $KENSA_SHARED/corpus, KENSA_SHARED
 *	defaulting to ../shared) and, for every file that holds a message,
 *	runs kensa_analyze(), renders the JSON report and the text report
 *	(English and Japanese), parses the JSON with jansson to prove it is
 *	one valid object, and frees everything. The run under ASan+UBSan
 *	(make check) turns the corpus into a memory-safety regression test.
 *
 *	Which files are messages (the corpora also hold their licences, test
 *	vectors and expected outputs):
 *	- skipped by name: hidden files, SOURCES.md, README*, LICENSE*,
 *	  COPYING*, CHANGES*, *-LICENSE;
 *	- skipped by extension (data, keys, expected results): .md .json
 *	  .jsonl .tsv .csv .yml .yaml .xml .zip .gz .py .pl .sh .key .pub
 *	  .private .pem .dns .dat .tinydns .bind9 .gitattributes;
 *	- taken always: .eml .msg .message .mbox, and names whose extension
 *	  is a hex digest or has no letter (the SpamAssassin
 *	  "00001.<md5>" files);
 *	- any other file (.txt, no extension, unknown) is taken when it
 *	  looks like mail:
 *	  it starts (after an optional UTF-8 BOM) with "From " or with a
 *	  header field name (letters, digits, '-', '_') and a colon - so
 *	  DKIM test messages in .txt are swept and DNS key records are not.
 *	Each taken file is one message (an mbox is analysed whole).
 *
 *	-v prints every file taken and skipped.
 * DIAGNOSTICS
 *	Prints each failure ("FAIL path: reason"), the slowest message, and
 *	"corpus sweep: N messages, N ok, N failed". Exit 0 when every message
 *	passed; 1 on any failure, on a directory that cannot be read, or when
 *	no message was found at all.
 *--*/
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <kensa/kensa.h>

/* Directory nesting followed; the corpora are a few levels deep. */
#define MAX_DEPTH 10
/* Failures listed in full; the count goes on past it. */
#define MAX_LISTED_FAILURES 50
/* Bytes examined to decide whether a file looks like mail. */
#define SNIFF_BYTES 256
/* Fixed analysis time (2024-01-01T00:00:00Z) so runs are reproducible. */
#define SWEEP_NOW INT64_C(1704067200)

typedef struct sweep {
	size_t messages, ok, failed, skipped, listed;
	int io_errors;
	bool verbose;
	double slowest_s;
	char slowest[4096];
} sweep;

static const char *const skip_ext[] = {
	"md", "json", "jsonl", "tsv", "csv", "yml", "yaml", "xml", "zip", "gz",
	"py", "pl", "sh", "key", "pub", "private", "pem", "dns", "dat",
	"tinydns", "bind9", "gitattributes",
};
static const char *const mail_ext[] = { "eml", "msg", "message", "mbox" };
static const char *const skip_prefix[] = {
	"SOURCES", "README", "LICENSE", "COPYING", "CHANGES",
};

static bool
in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(s, list[i]) == 0)
			return true;
	return false;
}

static bool
looks_like_mail(const char *path)
{
	unsigned char buf[SNIFF_BYTES];
	size_t n, i, start;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return false;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	i = 0;
	if (n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3; /* a UTF-8 byte order mark some test files carry */
	if (n - i >= 5 && memcmp(buf + i, "From ", 5) == 0)
		return true;
	/*
	 * A header field name (RFC 5322 section 3.6.8 allows any printable
	 * but ':'; real ones are letters, digits and '-'), then ':'. The
	 * narrower set keeps "v=DKIM1: ..." key records out.
	 */
	start = i;
	for (; i < n && buf[i] != ':'; i++)
		if (!isalnum(buf[i]) && buf[i] != '-' && buf[i] != '_')
			return false;
	return i > start && i < n;
}

/* Is the file at path (base name name) a message to sweep? */
static bool
is_message(const char *path, const char *name)
{
	const char *dot = strrchr(name, '.');
	const char *ext = dot ? dot + 1 : "";
	bool alpha_ext = false;
	size_t nlen = strlen(name);

	if (name[0] == '.')
		return false;
	for (size_t i = 0; i < sizeof(skip_prefix) / sizeof(*skip_prefix); i++)
		if (strncasecmp(name, skip_prefix[i], strlen(skip_prefix[i])) == 0)
			return false;
	if (nlen >= 8 && strcasecmp(name + nlen - 8, "-LICENSE") == 0)
		return false;
	if (in_list(ext, skip_ext, sizeof(skip_ext) / sizeof(*skip_ext)))
		return false;
	if (in_list(ext, mail_ext, sizeof(mail_ext) / sizeof(*mail_ext)))
		return true;
	for (const char *p = ext; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			alpha_ext = true;
	/* "00001.7c53336b37003a9286aba55d2945844c": a hex digest, not a type. */
	if (dot != NULL && strspn(ext, "0123456789abcdef") == strlen(ext))
		return true;
	if (dot != NULL && !alpha_ext)
		return true;
	return looks_like_mail(path);
}

static char *
read_file(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf;
	size_t len;

	if (f == NULL)
		return NULL;
	if (fstat(fileno(f), &st) != 0 || st.st_size < 0 ||
	    (unsigned long long)st.st_size > KENSA_MAX_MESSAGE_BYTES) {
		fclose(f);
		return NULL;
	}
	len = (size_t)st.st_size;
	/* Exact size, so ASan catches a read one past the end. */
	buf = malloc(len ? len : 1);
	if (buf == NULL || fread(buf, 1, len, f) != len) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len_out = len;
	return buf;
}

static void
fail(sweep *s, const char *path, const char *reason, int rc)
{
	s->failed++;
	if (s->listed++ < MAX_LISTED_FAILURES) {
		if (rc != 0)
			printf("FAIL %s: %s: %s\n", path, reason, kensa_strerror(rc));
		else
			printf("FAIL %s: %s\n", path, reason);
	}
}

/* Render a in fmt/lang; for JSON prove the output parses. */
static const char *
render_check(const kensa_analysis *a, kensa_report_format fmt, kensa_lang lang,
	const char *label, int *rc_out)
{
	kensa_report_options ro = KENSA_REPORT_OPTIONS_INIT;
	char *out = NULL;
	size_t out_len = 0;
	const char *why = NULL;
	int rc;

	ro.format = fmt;
	ro.lang = lang;
	ro.source = label;
	rc = kensa_report_render(&out, &out_len, a, &ro);
	*rc_out = rc;
	if (rc != 0 || out == NULL)
		return fmt == KENSA_REPORT_JSON ? "JSON render failed" :
			"text render failed";
	if (strlen(out) != out_len) {
		why = "render length differs from the string";
	} else if (out_len == 0) {
		why = "empty report";
	} else if (fmt == KENSA_REPORT_JSON) {
		json_error_t err;
		json_t *j = json_loadb(out, out_len, 0, &err);
		if (j == NULL)
			why = "JSON report does not parse";
		else if (!json_is_object(j))
			why = "JSON report is not an object";
		json_decref(j);
	}
	free(out);
	return why;
}

static void
sweep_file(sweep *s, const char *path)
{
	kensa_options opts = KENSA_OPTIONS_INIT;
	kensa_analysis *a = NULL;
	struct timespec t0, t1;
	const char *why;
	size_t len = 0;
	double dt;
	char *data;
	int rc;

	s->messages++;
	if ((data = read_file(path, &len)) == NULL) {
		fail(s, path, "cannot read", 0);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	opts.now = SWEEP_NOW;
	rc = kensa_analyze(&a, data, len, &opts);
	if (rc != 0) {
		fail(s, path, "kensa_analyze", rc);
		free(data);
		return;
	}
	why = render_check(a, KENSA_REPORT_JSON, KENSA_LANG_EN, path, &rc);
	if (why == NULL)
		why = render_check(a, KENSA_REPORT_TEXT, KENSA_LANG_EN, path, &rc);
	if (why == NULL)
		why = render_check(a, KENSA_REPORT_TEXT, KENSA_LANG_JA, path, &rc);
	kensa_analysis_free(a);
	free(data);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (why != NULL) {
		fail(s, path, why, rc);
		return;
	}
	s->ok++;
	dt = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (dt > s->slowest_s) {
		s->slowest_s = dt;
		snprintf(s->slowest, sizeof(s->slowest), "%s", path);
	}
}

static int
name_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void
sweep_dir(sweep *s, const char *dir, int depth)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (depth > MAX_DEPTH) {
		printf("FAIL %s: nested deeper than %d\n", dir, MAX_DEPTH);
		s->io_errors++;
		return;
	}
	if ((d = opendir(dir)) == NULL) {
		printf("FAIL %s: %s\n", dir, strerror(errno));
		s->io_errors++;
		return;
	}
	while ((de = readdir(d)) != NULL) {
		char **nn;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((nn = realloc(names, cap * sizeof(*names))) == NULL)
				break;
			names = nn;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			break;
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		struct stat st;

		if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >=
		    (int)sizeof(path) || lstat(path, &st) != 0) {
			printf("FAIL %s/%s: cannot stat\n", dir, names[i]);
			s->io_errors++;
		} else if (S_ISDIR(st.st_mode)) {
			if (names[i][0] != '.')
				sweep_dir(s, path, depth + 1);
		} else if (S_ISREG(st.st_mode) && is_message(path, names[i])) {
			if (s->verbose)
				printf("take %s\n", path);
			sweep_file(s, path);
		} else {
			if (s->verbose)
				printf("skip %s\n", path);
			s->skipped++;
		}
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	static const char *const default_sets[] = {
		"ham-spam", "phish", "mime-edge", "dkim", "dmarc", "ham-ja",
	};
	sweep s;
	struct timespec t0, t1;
	int first = 1;

	memset(&s, 0, sizeof(s));
	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		s.verbose = true;
		first = 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (first < argc) {
		for (int i = first; i < argc; i++)
			sweep_dir(&s, argv[i], 0);
	} else {
		const char *shared = getenv("KENSA_SHARED");
		if (shared == NULL || *shared == '\0')
			shared = "../shared";
		for (size_t i = 0; i < sizeof(default_sets) / sizeof(*default_sets); i++) {
			char dir[4096];
			snprintf(dir, sizeof(dir), "%s/corpus/%s", shared, default_sets[i]);
			sweep_dir(&s, dir, 0);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (s.listed > MAX_LISTED_FAILURES)
		printf("... %zu more failures not listed\n", s.listed - MAX_LISTED_FAILURES);
	if (s.ok > 0)
		printf("slowest: %.3f s %s\n", s.slowest_s, s.slowest);
	printf("%zu files skipped as not mail; %.1f s\n", s.skipped,
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	printf("corpus sweep: %zu messages, %zu ok, %zu failed\n", s.messages,
		s.ok, s.failed);
	if (s.messages == 0)
		printf("FAIL: no message found\n");
	return s.failed > 0 || s.io_errors > 0 || s.messages == 0 ? 1 : 0;
}
