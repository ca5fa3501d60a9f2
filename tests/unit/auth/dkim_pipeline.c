/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dkim_pipeline 1
 * SUMMARY
 *	DKIM (RFC 6376, RFC 8463) through the whole pipeline: kensa_analyze()
 *	in replay mode on real signed messages
 * DESCRIPTION
 *	Each test writes an evidence directory of its own into a temporary
 *	directory (zones/<zone>.zone, RFC 1035 master files holding the
 *	key records: docs/evidence-format.md) and analyses a real signed
 *	message of $KENSA_SHARED/corpus/dkim with --replay:
 *	- mimekit/rfc8463-example.msg (RFC 8463 Appendix A.3: ed25519-sha256
 *	  and rsa-sha256 by football.example.com, selectors brisbane and
 *	  test; keys of RFC 8463 A.2 as published in
 *	  stalwart-mail-auth/dkim/001.txt);
 *	- dkimpy/test2.message (gmail.com, selector 20120113, rsa-sha256;
 *	  the key is mimekit/gmail.pub published as a TXT record);
 *	both pass, with their selectors and algorithms in .auth.dkim[];
 *	and a copy with one body byte changed in memory fails with the
 *	dkim-fail finding. opts.now is fixed (DKIM x= is read against it).
 *
 *	Expiry (RFC 6376 3.5 x=): stalwart-mail-auth/dkim/005.txt is signed
 *	with x= one day after its Date. Judged at its arrival (opts.now
 *	unset: the Date, as it has no Received) it passes, the expiry since
 *	then not counted; judged at an explicit now after x= it gives the
 *	dkim-expired finding, never dkim-fail; offline it is not evaluated.
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../kt_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <kensa/kensa.h>

#define DKIM_DIR KENSA_TEST_SHARED_DIR "/corpus/dkim"
/* 2023-11-14T22:13:20Z: after both signatures' t=. */
#define PIPE_NOW INT64_C(1700000000)
/* Bytes per TXT character-string written (RFC 1035 3.3.14: < 256). */
#define TXT_CHUNK 200

/* A temporary evidence directory with an empty zones/. */
static void
make_dir(char *dir)
{
	char zones[256];

	assert_non_null(mkdtemp(dir));
	snprintf(zones, sizeof(zones), "%s/zones", dir);
	assert_int_equal(mkdir(zones, 0755), 0);
}

static void
remove_dir(const char *dir)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Start DIR/zones/<zone>.zone with its SOA; returns the open file. */
static FILE *
zone_open(const char *dir, const char *zone)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/zones/%s.zone", dir, zone);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp, "$TTL 3600\n%s. IN SOA ns.%s. hostmaster.%s. 1 3600 600 "
		"86400 3600\n", zone, zone, zone);
	return fp;
}

/* owner IN TXT value, split into character-strings of TXT_CHUNK bytes
 * (the value holds no '"' or '\\'). */
static void
zone_txt(FILE *fp, const char *owner, const char *value)
{
	size_t n = strlen(value);

	fprintf(fp, "%s. IN TXT", owner);
	for (size_t i = 0; i < n; i += TXT_CHUNK)
		fprintf(fp, " \"%.*s\"", (int)(n - i < TXT_CHUNK ? n - i :
			TXT_CHUNK), value + i);
	fputc('\n', fp);
}

/* The base64 body of a PEM public key file, in buf. */
static void
pem_body(const char *path, char *buf, size_t size)
{
	size_t len, n = 0;
	char *pem = kt_slurp(path, &len);
	const char *p = pem;

	while (*p != '\0') {
		const char *eol = strchr(p, '\n');
		size_t ll = eol ? (size_t)(eol - p) : strlen(p);

		if (ll > 0 && p[0] != '-') {
			for (size_t i = 0; i < ll; i++)
				if (p[i] != '\r' && n + 1 < size)
					buf[n++] = p[i];
		}
		p += ll + (eol != NULL);
	}
	buf[n] = '\0';
	free(pem);
	assert_true(n > 300);
}

/* The "name TXT-value" line of name in a stalwart resource file. */
static void
stalwart_record(const char *file, const char *name, char *buf, size_t size)
{
	size_t len;
	char *text = kt_slurp(file, &len);
	const char *p = strstr(text, name);

	assert_non_null(p);
	p += strlen(name);
	assert_true(*p == ' ');
	p++;
	snprintf(buf, size, "%.*s", (int)strcspn(p, "\r\n"), p);
	free(text);
}

/* Analyse data with the evidence of dir (NULL: offline) at now (0:
 * the current time). */
static kensa_analysis *
analyze_at(const char *data, size_t len, const char *dir, int64_t now)
{
	kensa_options o = KENSA_OPTIONS_INIT;
	kensa_analysis *a = NULL;

	o.replay_dir = dir;
	o.now = now;
	o.geoip_db = "";
	assert_int_equal(kensa_analyze(&a, data, len, &o), 0);
	return a;
}

static kensa_analysis *
analyze(const char *data, size_t len, const char *dir)
{
	return analyze_at(data, len, dir, PIPE_NOW);
}

/* Flip the case of the first letter of needle in the body (after the
 * first empty line). */
static void
tamper(char *msg, size_t len, const char *needle)
{
	char *body = strstr(msg, "\n\n");
	char *hit;

	if (body == NULL)
		body = strstr(msg, "\r\n\r\n");
	assert_non_null(body);
	hit = strstr(body, needle);
	assert_non_null(hit);
	assert_true((size_t)(hit - msg) < len);
	*hit = (char)(*hit ^ 0x20);
}

static void
test_dkim_pipeline__rfc8463(void **state)
{
	char dir[] = "/tmp/kensa-dkim-pipe-XXXXXX";
	char ed[512], rsa[1024];
	const kensa_auth *au;
	const kensa_finding *f;
	kensa_analysis *a;
	size_t len;
	char *msg;
	FILE *zf;

	(void)state;
	stalwart_record(DKIM_DIR "/stalwart-mail-auth/dkim/001.txt",
		"brisbane._domainkey.football.example.com", ed, sizeof(ed));
	stalwart_record(DKIM_DIR "/stalwart-mail-auth/dkim/001.txt",
		"test._domainkey.football.example.com", rsa, sizeof(rsa));
	assert_non_null(strstr(ed, "k=ed25519"));
	make_dir(dir);
	zf = zone_open(dir, "football.example.com");
	zone_txt(zf, "brisbane._domainkey.football.example.com", ed);
	zone_txt(zf, "test._domainkey.football.example.com", rsa);
	assert_int_equal(fclose(zf), 0);

	msg = kt_slurp(DKIM_DIR "/mimekit/rfc8463-example.msg", &len);
	a = analyze(msg, len, dir);
	au = kensa_analysis_auth(a);
	assert_non_null(au);
	assert_int_equal(au->dkim_count, 2);
	assert_string_equal(au->dkim[0].result, "pass");
	assert_string_equal(au->dkim[0].domain, "football.example.com");
	assert_string_equal(au->dkim[0].selector, "brisbane");
	assert_string_equal(au->dkim[0].algorithm, "ed25519-sha256");
	assert_string_equal(au->dkim[0].canonicalization, "relaxed/relaxed");
	assert_int_equal(au->dkim[0].header, 1);
	assert_string_equal(au->dkim[1].result, "pass");
	assert_string_equal(au->dkim[1].selector, "test");
	assert_string_equal(au->dkim[1].algorithm, "rsa-sha256");
	assert_int_equal(au->dkim[1].key_bits, 1024);
	assert_int_equal(au->dkim[1].header, 2);
	assert_string_equal(au->dkim_result, "pass");
	assert_null(kt_finding(a, "dkim-fail"));
	kensa_analysis_free(a);

	/* One body byte changed: both signatures fail, and say so. */
	tamper(msg, len, "game");
	a = analyze(msg, len, dir);
	au = kensa_analysis_auth(a);
	assert_int_equal(au->dkim_count, 2);
	assert_string_equal(au->dkim[0].result, "fail");
	assert_string_equal(au->dkim[1].result, "fail");
	assert_string_equal(au->dkim_result, "fail");
	f = kt_finding(a, "dkim-fail");
	assert_non_null(f);
	assert_string_equal(f->evidence.header, "DKIM-Signature");
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "football.example.com"));
	kensa_analysis_free(a);
	free(msg);
	remove_dir(dir);
}

static void
test_dkim_pipeline__gmail(void **state)
{
	char dir[] = "/tmp/kensa-dkim-pipe-XXXXXX";
	char key[1024], rec[1200];
	const kensa_auth *au;
	kensa_analysis *a;
	size_t len;
	char *msg;
	FILE *zf;

	(void)state;
	pem_body(DKIM_DIR "/mimekit/gmail.pub", key, sizeof(key));
	snprintf(rec, sizeof(rec), "v=DKIM1; k=rsa; p=%s", key);
	make_dir(dir);
	zf = zone_open(dir, "gmail.com");
	zone_txt(zf, "20120113._domainkey.gmail.com", rec);
	assert_int_equal(fclose(zf), 0);

	msg = kt_slurp(DKIM_DIR "/dkimpy/test2.message", &len);
	a = analyze(msg, len, dir);
	au = kensa_analysis_auth(a);
	assert_int_equal(au->dkim_count, 1);
	assert_string_equal(au->dkim[0].result, "pass");
	assert_string_equal(au->dkim[0].domain, "gmail.com");
	assert_string_equal(au->dkim[0].selector, "20120113");
	assert_string_equal(au->dkim[0].algorithm, "rsa-sha256");
	assert_int_equal(au->dkim[0].key_bits, 2048);
	assert_false(au->dkim[0].weak);
	assert_null(kt_finding(a, "dkim-fail"));
	kensa_analysis_free(a);

	tamper(msg, len, "Hello");
	a = analyze(msg, len, dir);
	au = kensa_analysis_auth(a);
	assert_int_equal(au->dkim_count, 1);
	assert_string_equal(au->dkim[0].result, "fail");
	assert_non_null(kt_finding(a, "dkim-fail"));
	kensa_analysis_free(a);
	free(msg);

	/* Without the key record: not a pass, and never a crash. */
	remove_dir(dir);
	memcpy(dir, "/tmp/kensa-dkim-pipe-XXXXXX", sizeof(dir));
	make_dir(dir);
	zf = zone_open(dir, "gmail.com");
	assert_int_equal(fclose(zf), 0);
	msg = kt_slurp(DKIM_DIR "/dkimpy/test2.message", &len);
	a = analyze(msg, len, dir);
	au = kensa_analysis_auth(a);
	assert_int_equal(au->dkim_count, 1);
	assert_string_equal(au->dkim[0].result, "permerror");
	kensa_analysis_free(a);
	free(msg);
	remove_dir(dir);
}

/* x=1667930064 of stalwart dkim/005, signed at its Date 1667843664. */
#define X_005 INT64_C(1667930064)

static void
test_dkim_pipeline__expiry(void **state)
{
	char dir[] = "/tmp/kensa-dkim-pipe-XXXXXX";
	char rec[600];
	const kensa_auth *au;
	const kensa_finding *f;
	kensa_analysis *a;
	size_t len;
	char *file, *msg;
	FILE *zf;

	(void)state;
	stalwart_record(DKIM_DIR "/stalwart-mail-auth/dkim/005.txt",
		"sysmsg-1._domainkey.topicbox.com", rec, sizeof(rec));
	make_dir(dir);
	zf = zone_open(dir, "topicbox.com");
	zone_txt(zf, "sysmsg-1._domainkey.topicbox.com", rec);
	assert_int_equal(fclose(zf), 0);
	file = kt_slurp(DKIM_DIR "/stalwart-mail-auth/dkim/005.txt", &len);
	msg = strstr(file, "\n\n");
	assert_non_null(msg);
	msg += 2;
	len -= (size_t)(msg - file);

	/* No --now: judged at arrival (Date), verified; x= passed since. */
	a = analyze_at(msg, len, dir, 0);
	au = kensa_analysis_auth(a);
	assert_int_equal(au->dkim_count, 1);
	assert_string_equal(au->dkim[0].result, "pass");
	assert_non_null(strstr(au->dkim[0].reason,
		"x= 2022-11-08T17:54:24Z passed after delivery, not counted"));
	assert_non_null(strstr(au->dkim[0].reason_ja, "数えません"));
	assert_null(kt_finding(a, "dkim-expired"));
	assert_null(kt_finding(a, "dkim-fail"));
	kensa_analysis_free(a);

	/* An explicit now before x=: a plain pass. */
	a = analyze_at(msg, len, dir, X_005 - 60);
	au = kensa_analysis_auth(a);
	assert_string_equal(au->dkim[0].result, "pass");
	assert_string_equal(au->dkim[0].reason, "signature verified");
	kensa_analysis_free(a);

	/* An explicit now after x=: expired, its own finding, no dkim-fail. */
	a = analyze_at(msg, len, dir, X_005 + 1);
	au = kensa_analysis_auth(a);
	assert_string_equal(au->dkim[0].result, "permerror");
	assert_non_null(strstr(au->dkim[0].reason, "signature expired"));
	assert_null(kt_finding(a, "dkim-fail"));
	f = kt_finding(a, "dkim-expired");
	assert_non_null(f);
	assert_string_equal(f->evidence.header, "DKIM-Signature");
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "topicbox.com"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "not a sign that the "
		"message was changed"));
	kensa_analysis_free(a);

	/* Offline: no key, so not evaluated; neither finding. */
	a = analyze_at(msg, len, NULL, 0);
	au = kensa_analysis_auth(a);
	assert_string_equal(au->dkim[0].result, "not_evaluated");
	assert_null(kt_finding(a, "dkim-expired"));
	assert_null(kt_finding(a, "dkim-fail"));
	kensa_analysis_free(a);
	free(file);
	remove_dir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dkim_pipeline__rfc8463),
		cmocka_unit_test(test_dkim_pipeline__gmail),
		cmocka_unit_test(test_dkim_pipeline__expiry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
