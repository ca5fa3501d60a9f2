/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	msgtest 3h
 * SUMMARY
 *	helpers shared by the message-stage unit tests
 * DESCRIPTION
 *	Reading corpus files from KENSA_SHARED (or the compile-time
 *	KENSA_TEST_SHARED_DIR) and running kensa_analyze() on them.
 *--*/
#ifndef KN_MSGTEST_H
#define KN_MSGTEST_H

#include <dirent.h>
#include <kensa/kensa.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

static inline const char *
msgtest_shared(void)
{
	const char *s = getenv("KENSA_SHARED");
	return s != NULL && s[0] != '\0' ? s : KENSA_TEST_SHARED_DIR;
}

/* Read a file (path relative to the shared dir when rel is true). */
static inline char *
msgtest_read(const char *path, int rel, size_t *len)
{
	char full[4096];
	FILE *f;
	char *buf = NULL;
	long n;

	if (rel)
		snprintf(full, sizeof(full), "%s/%s", msgtest_shared(), path);
	else
		snprintf(full, sizeof(full), "%s", path);
	f = fopen(full, "rb");
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n) {
			buf[n] = '\0';
			*len = (size_t)n;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

static inline kensa_analysis *
msgtest_analyze_mem(const char *data, size_t len, const char *rdomain)
{
	kensa_options o = KENSA_OPTIONS_INIT;
	kensa_analysis *a = NULL;

	o.recipient_domain = rdomain;
	o.now = 1634197262 + 3600; /* an hour after the seed's Date */
	if (kensa_analyze(&a, data, len, &o) != 0)
		return NULL;
	return a;
}

static inline kensa_analysis *
msgtest_analyze_file(const char *rel)
{
	size_t len = 0;
	char *d = msgtest_read(rel, 1, &len);
	kensa_analysis *a;

	if (d == NULL)
		return NULL;
	a = msgtest_analyze_mem(d, len, NULL);
	free(d);
	return a;
}

/* A corpus-rate predicate: does analysis a of file rel count as a hit? */
typedef bool (*msgtest_hit_fn)(const kensa_analysis *a, const char *rel);

/* Analyze each message file directly in rel (a directory of the shared
 * corpus; dot files, "cmds", .md and .tsv skipped); *total grows by the
 * number analyzed. Returns how many of them hit() called a hit; 0 when
 * the directory is missing. */
static inline unsigned
msgtest_count_dir(const char *rel, msgtest_hit_fn hit, unsigned *total)
{
	char path[4096];
	DIR *d;
	struct dirent *e;
	unsigned hits = 0;

	snprintf(path, sizeof(path), "%s/%s", msgtest_shared(), rel);
	if ((d = opendir(path)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t nl = strlen(e->d_name);
		char f[1024];
		kensa_analysis *a;

		if (e->d_name[0] == '.' || strcmp(e->d_name, "cmds") == 0 ||
		    (nl > 3 && strcmp(e->d_name + nl - 3, ".md") == 0) ||
		    (nl > 4 && strcmp(e->d_name + nl - 4, ".tsv") == 0) ||
		    (size_t)snprintf(f, sizeof(f), "%s/%s", rel, e->d_name) >=
		    sizeof(f))
			continue;
		if ((a = msgtest_analyze_file(f)) == NULL)
			continue;
		(*total)++;
		hits += hit(a, f);
		kensa_analysis_free(a);
	}
	closedir(d);
	return hits;
}

/* The finding with id, or NULL. */
static inline const kensa_finding *
msgtest_finding(const kensa_analysis *a, const char *id)
{
	const kensa_finding *f;
	size_t n = kensa_analysis_findings(a, &f);

	for (size_t i = 0; i < n; i++) {
		if (strcmp(f[i].id, id) == 0)
			return &f[i];
	}
	return NULL;
}

static inline const kensa_finding *
msgtest_defect(const kensa_analysis *a, const char *id)
{
	const kensa_finding *f;
	size_t n = kensa_analysis_defects(a, &f);

	for (size_t i = 0; i < n; i++) {
		if (strcmp(f[i].id, id) == 0)
			return &f[i];
	}
	return NULL;
}

#endif
