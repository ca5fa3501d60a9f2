/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	throughput 1
 * SUMMARY
 *	single-thread throughput of parsing, analysis and JSON rendering
 * SYNOPSIS
 *	throughput [-t SECONDS] DIR
 * DESCRIPTION
 *	Loads every message under DIR (recursively; hidden files, *.md,
 *	*.json, *.tsv and LICENSE* skipped) into memory, then times, on one
 *	thread, each stage over the whole set, repeating the set until at
 *	least SECONDS (default 3) have passed:
 *	  gmime    g_mime_parser_construct_message() of each message and a
 *	           walk over all its MIME parts - the baseline every kensa
 *	           analysis pays at least;
 *	  analyze  kensa_analyze() and kensa_analysis_free();
 *	  json     kensa_analyze(), the JSON report, and both frees.
 *	Prints messages/s and MB/s (10^6 bytes of input per second) for each,
 *	by wall clock and by the thread's CPU time (CLOCK_THREAD_CPUTIME_ID:
 *	on a shared machine the wall figure includes time the thread waited
 *	for a core, the CPU figure does not), and analyze/json relative to
 *	the baseline. Asserts nothing.
 * DIAGNOSTICS
 *	Exit 0; 1 when DIR holds no message or cannot be read; 2 on usage.
 *--*/
#include <dirent.h>
#include <errno.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <kensa/kensa.h>

/* Directory nesting followed. */
#define MAX_DEPTH 10
/* Messages loaded at most (keeps memory bounded on a huge directory). */
#define MAX_MESSAGES 100000

typedef struct msg {
	char *data;
	size_t len;
} msg;

typedef struct set {
	msg *m;
	size_t n, cap, bytes;
} set;

static bool
skip_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (name[0] == '.' || strncasecmp(name, "LICENSE", 7) == 0)
		return true;
	return dot != NULL && (strcasecmp(dot, ".md") == 0 ||
		strcasecmp(dot, ".json") == 0 || strcasecmp(dot, ".tsv") == 0);
}

static int
load_file(set *s, const char *path)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	msg *nm;
	char *buf;

	if (f == NULL)
		return -1;
	if (fstat(fileno(f), &st) != 0 || st.st_size < 0 ||
	    (unsigned long long)st.st_size > KENSA_MAX_MESSAGE_BYTES) {
		fclose(f);
		return -1;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 1024;
		if ((nm = realloc(s->m, ncap * sizeof(*nm))) == NULL) {
			free(buf);
			return -1;
		}
		s->m = nm;
		s->cap = ncap;
	}
	s->m[s->n].data = buf;
	s->m[s->n].len = (size_t)st.st_size;
	s->n++;
	s->bytes += (size_t)st.st_size;
	return 0;
}

static int
load_dir(set *s, const char *dir, int depth)
{
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (depth > MAX_DEPTH || (d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL && s->n < MAX_MESSAGES) {
		char path[4096];
		struct stat st;

		if (skip_name(de->d_name))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(path) || stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			rc |= load_dir(s, path, depth + 1);
		else if (S_ISREG(st.st_mode))
			rc |= load_file(s, path);
	}
	closedir(d);
	return rc;
}

static double
now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double
cpu_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
count_part(GMimeObject *parent, GMimeObject *part, gpointer data)
{
	(void)parent;
	(void)part;
	(*(size_t *)data)++;
}

/* One message through GMime; returns the number of parts seen. */
static size_t
run_gmime(const msg *m)
{
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(m->data, m->len);
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	GMimeMessage *gm = g_mime_parser_construct_message(p, NULL);
	size_t parts = 0;

	if (gm != NULL) {
		g_mime_message_foreach(gm, count_part, &parts);
		g_object_unref(gm);
	}
	g_object_unref(p);
	g_object_unref(st);
	return parts;
}

/* Returns the number of findings (so the work cannot be elided). */
static size_t
run_kensa(const msg *m, bool json)
{
	kensa_analysis *a = NULL;
	const kensa_finding *f;
	size_t n;

	if (kensa_analyze(&a, m->data, m->len, NULL) != 0)
		return 0;
	n = kensa_analysis_findings(a, &f);
	if (json) {
		kensa_report_options ro = KENSA_REPORT_OPTIONS_INIT;
		char *out = NULL;
		size_t out_len = 0;

		ro.format = KENSA_REPORT_JSON;
		if (kensa_report_render(&out, &out_len, a, &ro) == 0) {
			n += out_len;
			free(out);
		}
	}
	kensa_analysis_free(a);
	return n;
}

enum stage { STAGE_GMIME, STAGE_ANALYZE, STAGE_JSON };

/* Time stage over the set, whole rounds, for at least min_s; msgs/s out. */
static double
bench(const set *s, enum stage stage, double min_s, const char *name,
	double baseline)
{
	static volatile size_t sink;
	double t0 = now_s(), c0 = cpu_s(), dt, dc;
	size_t rounds = 0;

	do {
		for (size_t i = 0; i < s->n; i++) {
			switch (stage) {
			case STAGE_GMIME:
				sink += run_gmime(&s->m[i]);
				break;
			case STAGE_ANALYZE:
				sink += run_kensa(&s->m[i], false);
				break;
			case STAGE_JSON:
				sink += run_kensa(&s->m[i], true);
				break;
			}
		}
		rounds++;
		dt = now_s() - t0;
	} while (dt < min_s);
	dc = cpu_s() - c0;
	{
		double mps = (double)(s->n * rounds) / dt;
		double mbs = (double)s->bytes * (double)rounds / dt / 1e6;
		printf("%-8s %10.0f msg/s %8.1f MB/s  %6.3f ms/msg  (%zu rounds, %.1f s)",
			name, mps, mbs, 1e3 / mps, rounds, dt);
		if (baseline > 0)
			printf("  %.2fx gmime time", baseline / mps);
		if (dc > 0)
			printf("\n%-8s %10.0f msg/s %8.1f MB/s  by CPU time (%.1f s)",
				"", (double)(s->n * rounds) / dc,
				(double)s->bytes * (double)rounds / dc / 1e6, dc);
		printf("\n");
		return mps;
	}
}

int
main(int argc, char **argv)
{
	set s = { 0 };
	double min_s = 3.0, base;
	const char *dir = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) {
			char *end;
			min_s = strtod(argv[++i], &end);
			if (*end != '\0' || min_s < 0) {
				fprintf(stderr, "throughput: bad -t\n");
				return 2;
			}
		} else if (dir == NULL) {
			dir = argv[i];
		} else {
			fprintf(stderr, "usage: throughput [-t SECONDS] DIR\n");
			return 2;
		}
	}
	if (dir == NULL) {
		fprintf(stderr, "usage: throughput [-t SECONDS] DIR\n");
		return 2;
	}
	if (load_dir(&s, dir, 0) != 0)
		fprintf(stderr, "throughput: some files under %s could not be read\n", dir);
	if (s.n == 0) {
		fprintf(stderr, "throughput: no message under %s\n", dir);
		return 1;
	}
	g_mime_init();
	printf("kensa %s: %zu messages, %.1f MB from %s; one thread, >= %.1f s per stage\n",
		kensa_version(), s.n, (double)s.bytes / 1e6, dir, min_s);
	/* Warm caches and any one-time initialisation before timing. */
	for (size_t i = 0; i < s.n; i++)
		(void)run_kensa(&s.m[i], true);
	base = bench(&s, STAGE_GMIME, min_s, "gmime", 0);
	bench(&s, STAGE_ANALYZE, min_s, "analyze", base);
	bench(&s, STAGE_JSON, min_s, "json", base);
	for (size_t i = 0; i < s.n; i++)
		free(s.m[i].data);
	free(s.m);
	g_mime_shutdown();
	return 0;
}
