/* SPDX-License-Identifier: MIT */
/*++
NAME
	kt_util.h - shared fixtures of the unit tests

SUMMARY
	#include "../kt_util.h"

DESCRIPTION
	Static helpers used by several test executables (every
	tests/unit/<stage>/<file>.c is its own executable, so these live
	in a header): kt_slurp() reads a whole file, kt_analyze_seed()
	runs the analysis on the seed message, kt_finding() looks a
	finding up by id, kt_whois_spec() builds the whois server spec of
	the whoisd fixture. Failures are cmocka assertion failures.
	Include after <cmocka.h>.
--*/
#ifndef KT_UTIL_H
#define KT_UTIL_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kensa/kensa.h>

#define KT_SEED_DIR KENSA_TEST_SHARED_DIR "/cases/seed-kagoya"

/* Whole file at path, NUL-terminated, malloc'd; *len bytes (> 0). */
__attribute__((unused)) static char *
kt_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n > 0);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* The analysis of the seed message with options o; caller frees it. */
__attribute__((unused)) static kensa_analysis *
kt_analyze_seed(const kensa_options *o)
{
	size_t len;
	char *data = kt_slurp(KT_SEED_DIR "/message.eml", &len);
	kensa_analysis *a = NULL;

	assert_int_equal(kensa_analyze(&a, data, len, o), 0);
	free(data);
	return a;
}

/* The first finding of a with this id; NULL when none. */
__attribute__((unused)) static const kensa_finding *
kt_finding(const kensa_analysis *a, const char *id)
{
	const kensa_finding *f;
	size_t n = kensa_analysis_findings(a, &f);

	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].id, id) == 0)
			return &f[i];
	return NULL;
}

/*
 * "127.0.0.1:IANA,whois.jprs.jp=...": the whoisd fixture's ports from
 * $KENSA_WHOISD_STATE/whoisd.ports into buf (size bytes). False when
 * the fixture is not running.
 */
__attribute__((unused)) static bool
kt_whois_spec(char *buf, size_t size)
{
	const char *dir = getenv("KENSA_WHOISD_STATE");
	unsigned iana = 0, reg = 0, rar = 0;
	char path[1024], line[128];
	FILE *fp;

	if (dir == NULL)
		return false;
	snprintf(path, sizeof(path), "%s/whoisd.ports", dir);
	if ((fp = fopen(path, "r")) == NULL)
		return false;
	while (fgets(line, sizeof(line), fp) != NULL) {
		sscanf(line, "iana=%u", &iana);
		sscanf(line, "registry=%u", &reg);
		sscanf(line, "registrar=%u", &rar);
	}
	fclose(fp);
	if (!iana || !reg || !rar)
		return false;
	snprintf(buf, size, "127.0.0.1:%u,whois.jprs.jp=127.0.0.1:%u,"
		"whois.verisign-grs.com=127.0.0.1:%u,"
		"whois.registrar-sample.net=127.0.0.1:%u", iana, reg, reg, rar);
	return true;
}

/* The port of the loopback NSD fixture (KENSA_DNS_PORT_FILE), or 0
 * when the test runs without it. */
__attribute__((unused)) static unsigned
kt_dns_port(void)
{
	const char *pf = getenv("KENSA_DNS_PORT_FILE");
	FILE *fp;
	unsigned port = 0;

	if (pf == NULL || (fp = fopen(pf, "r")) == NULL)
		return 0;
	if (fscanf(fp, "%u", &port) != 1)
		port = 0;
	fclose(fp);
	return port;
}

#endif
