/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	standalone 1
 * SUMMARY
 *	replay files through a fuzz target without libFuzzer
 * SYNOPSIS
 *	<target>_replay PATH...
 * DESCRIPTION
 *	Each PATH is a file, or a directory walked recursively (entries in
 *	name order, hidden entries skipped, at most MAX_DEPTH levels). Every
 *	regular file is read whole and passed once to
 *	LLVMFuzzerTestOneInput(). Built with the plain compiler (and
 *	ASan/UBSan in the sanitizer build), this makes the seed corpora and
 *	any saved crash inputs regression tests.
 *
 *	Prints "Running: FILE" on stderr before each input (as libFuzzer
 *	does) and "replayed N inputs from PATH" per argument.
 * DIAGNOSTICS
 *	Exit 0 when every input ran; 1 when a path could not be read or no
 *	input was found at all (an empty replay proves nothing); a bug in
 *	the target shows as a sanitizer report or a crash.
 *--*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Directory nesting followed; corpora are at most a few levels deep. */
#define MAX_DEPTH 8
/* Largest input replayed; libFuzzer runs use far smaller -max_len. */
#define MAX_INPUT_BYTES ((size_t)64 * 1024 * 1024)

__attribute__((weak)) int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int
replay_file(const char *path, size_t *count)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0;

	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t n;
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			unsigned char *nb;
			if (ncap > MAX_INPUT_BYTES) {
				fprintf(stderr, "%s: larger than %zu bytes\n", path,
					MAX_INPUT_BYTES);
				free(buf);
				fclose(f);
				return -1;
			}
			nb = realloc(buf, ncap);
			if (nb == NULL) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
			cap = ncap;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: read error\n", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	/* Hand over an exact-size copy so ASan sees reads past the end. */
	{
		unsigned char *exact = malloc(len ? len : 1);
		if (exact == NULL) {
			free(buf);
			return -1;
		}
		if (len)
			memcpy(exact, buf, len);
		free(buf);
		/* Named first, so a crash report says which input it was. */
		fprintf(stderr, "Running: %s\n", path);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	(*count)++;
	return 0;
}

static int
name_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static int
replay_path(const char *path, int depth, size_t *count)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (S_ISREG(st.st_mode))
		return replay_file(path, count);
	if (!S_ISDIR(st.st_mode))
		return 0;
	if (depth >= MAX_DEPTH) {
		fprintf(stderr, "%s: nested deeper than %d\n", path, MAX_DEPTH);
		return -1;
	}
	if ((d = opendir(path)) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			char **nn = realloc(names, ncap * sizeof(*names));
			if (nn == NULL) {
				rc = -1;
				break;
			}
			names = nn;
			cap = ncap;
		}
		if ((names[n] = strdup(de->d_name)) == NULL) {
			rc = -1;
			break;
		}
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++) {
		size_t plen = strlen(path) + strlen(names[i]) + 2;
		char *child = malloc(plen);
		if (child == NULL) {
			rc = -1;
		} else {
			snprintf(child, plen, "%s/%s", path, names[i]);
			if (replay_path(child, depth + 1, count) < 0)
				rc = -1;
			free(child);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	size_t total = 0;
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH...\n", argv[0]);
		return 1;
	}
	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		size_t count = 0;
		if (replay_path(argv[i], 0, &count) < 0)
			rc = 1;
		printf("replayed %zu inputs from %s\n", count, argv[i]);
		total += count;
	}
	if (total == 0) {
		fprintf(stderr, "no input replayed\n");
		rc = 1;
	}
	return rc;
}
