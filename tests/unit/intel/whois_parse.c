/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	test_intel_whois_parse
 * SUMMARY
 *	WHOIS answer parser: seed-kagoya answers, own gTLD and JPRS samples
 * DESCRIPTION
 *	Reads the seed case's answers in place from KENSA_TEST_SHARED_DIR
 *	and our own samples from tests/servers/whoisd-data/.
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "intel/whois.h"
#include "util/date.h"

#define SEED_WHOIS KENSA_TEST_SHARED_DIR "/cases/seed-kagoya/whois/"
#define OWN_WHOIS KENSA_TEST_SOURCE_DIR "/tests/servers/whoisd-data/"

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	char *buf = malloc(65536);
	size_t n = buf ? fread(buf, 1, 65535, f) : 0;
	fclose(f);
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

static void
assert_time(int64_t t, const char *want)
{
	char buf[32];
	assert_true(t != KN_WHOIS_NO_TIME);
	kn_date_rfc3339(t, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void
parse_file(kn_arena *ar, const char *path, kn_whois_record *rec, bool want)
{
	size_t len;
	char *text = slurp(path, &len);
	if (text == NULL)
		fail_msg("cannot read %s", path);
	assert_int_equal(kn_whois_parse(ar, text, len, rec), want);
	free(text);
	assert_false(ar->oom);
}

static void
test_jprs_japanese(void **state)
{
	kn_arena ar;
	kn_whois_record r;
	kn_arena_init(&ar);
	parse_file(&ar, SEED_WHOIS "dd-sample.co.jp.txt", &r, true);
	assert_int_equal(r.format, KN_WHOIS_FMT_JPRS);
	assert_string_equal(r.domain, "dd-sample.co.jp");
	assert_string_equal(r.registrant_org, "株式会社ディーディーサンプル");
	assert_string_equal(r.registrant_org_alt, "DD Sample Co.,Ltd.");
	assert_time(r.created, "2005-03-08T00:00:00Z");
	/* "2021/04/01 01:05:06 (JST)" is 2021-03-31 16:05:06 UTC */
	assert_time(r.updated, "2021-03-31T16:05:06Z");
	/* "[状態] Connected (2022/03/31)" */
	assert_time(r.expires, "2022-03-31T00:00:00Z");
	assert_int_equal(r.status_count, 1);
	assert_string_equal(r.status[0], "Connected");
	assert_int_equal(r.ns_count, 1);
	assert_string_equal(r.ns[0], "ns1.dd-sample.co.jp");
	assert_null(r.registrar);
	assert_null(r.referral);
	/* 2021-10-14 (the mail's date) - 2005-03-08 */
	int64_t mail = kn_whois_parse_time("2021-10-14T09:00:00+09:00", 25);
	assert_int_equal(kn_whois_age_days(&r, mail), 6064);
	kn_arena_dispose(&ar);
}

static void
test_jprs_english(void **state)
{
	kn_arena ar;
	kn_whois_record r;
	kn_arena_init(&ar);
	parse_file(&ar, OWN_WHOIS "dd-sample.co.jp.e.txt", &r, true);
	assert_int_equal(r.format, KN_WHOIS_FMT_JPRS);
	assert_string_equal(r.domain, "dd-sample.co.jp");
	assert_string_equal(r.registrant_org, "DD Sample Co.,Ltd.");
	assert_null(r.registrant_org_alt);
	assert_time(r.created, "2005-03-08T00:00:00Z");
	assert_time(r.expires, "2022-03-31T00:00:00Z");
	assert_time(r.updated, "2021-03-31T16:05:06Z");
	assert_int_equal(r.ns_count, 2);
	assert_string_equal(r.ns[1], "ns2.dd-sample.co.jp");
	assert_string_equal(r.status[0], "Connected");
	kn_arena_dispose(&ar);
}

/* A general-use .jp answer: registrant, not organisation, and an
 * explicit expiry line. */
static void
test_jprs_general(void **state)
{
	static const char text[] =
		"Domain Information: [ドメイン情報]\r\n"
		"[Domain Name]                   GENERAL-SAMPLE.JP\r\n"
		"\r\n"
		"[登録者名]                      ジェネラルサンプル株式会社\r\n"
		"[Registrant]                    General Sample K.K.\r\n"
		"\r\n"
		"[Name Server]                   ns1.general-sample.jp\r\n"
		"[Name Server]                   ns2.general-sample.jp.\r\n"
		"[Signing Key]                   \r\n"
		"\r\n"
		"[登録年月日]                    2019/12/01\r\n"
		"[有効期限]                      2024/12/31\r\n"
		"[状態]                          Active\r\n"
		"[最終更新]                      2024/01/01 01:05:03 (JST)\r\n";
	kn_arena ar;
	kn_whois_record r;
	kn_arena_init(&ar);
	assert_true(kn_whois_parse(&ar, text, sizeof(text) - 1, &r));
	assert_string_equal(r.domain, "general-sample.jp");
	assert_string_equal(r.registrant_name, "ジェネラルサンプル株式会社");
	assert_string_equal(r.registrant_org, "ジェネラルサンプル株式会社");
	assert_string_equal(r.registrant_org_alt, "General Sample K.K.");
	assert_time(r.created, "2019-12-01T00:00:00Z");
	assert_time(r.expires, "2024-12-31T00:00:00Z");
	assert_time(r.updated, "2023-12-31T16:05:03Z");
	assert_string_equal(r.status[0], "Active");
	assert_int_equal(r.ns_count, 2);
	assert_string_equal(r.ns[1], "ns2.general-sample.jp");
	kn_arena_dispose(&ar);
}

static void
test_gtld_registry_and_registrar(void **state)
{
	kn_arena ar;
	kn_whois_record reg, rar;
	kn_arena_init(&ar);
	parse_file(&ar, SEED_WHOIS "comget-sample.net.registry.txt", &reg, true);
	assert_int_equal(reg.format, KN_WHOIS_FMT_GTLD);
	assert_string_equal(reg.domain, "comget-sample.net");
	assert_string_equal(reg.referral, "whois.registrar-sample.net");
	assert_string_equal(reg.registrar, "Registrar Sample, LLC");
	assert_time(reg.created, "2021-10-10T18:22:40Z");
	assert_time(reg.updated, "2021-10-10T18:22:41Z");
	assert_time(reg.expires, "2022-10-10T18:22:40Z");
	assert_int_equal(reg.status_count, 1);
	assert_string_equal(reg.status[0], "clientTransferProhibited");
	assert_int_equal(reg.ns_count, 1);
	assert_string_equal(reg.ns[0], "ns1.comget-sample.net");
	assert_null(reg.registrant_country);

	parse_file(&ar, SEED_WHOIS "comget-sample.net.registrar.txt", &rar, true);
	assert_null(rar.registrant_org); /* "Registrant Organization: " empty */
	assert_string_equal(rar.registrant_state, "Arizona");
	assert_string_equal(rar.registrant_country, "US");
	assert_time(rar.expires, "2022-10-10T18:22:40Z");

	kn_whois_merge(&reg, &rar);
	assert_string_equal(reg.registrant_state, "Arizona");
	assert_string_equal(reg.registrant_country, "US");
	assert_string_equal(reg.registrar, "Registrar Sample, LLC");
	assert_int_equal(reg.ns_count, 1);
	/* created 4 days before the mail (2021-10-14 09:00 JST) */
	int64_t mail = kn_whois_parse_time("2021-10-14 09:00:00 (JST)", 25);
	assert_time(mail, "2021-10-14T00:00:00Z");
	assert_int_equal(kn_whois_age_days(&reg, mail), 3);
	assert_int_equal(kn_whois_age_days(&reg, reg.created + 4 * 86400), 4);
	assert_int_equal(kn_whois_age_days(&reg, reg.created - 1), -1);
	kn_arena_dispose(&ar);
}

static void
test_gtld_thick(void **state)
{
	kn_arena ar;
	kn_whois_record r;
	kn_arena_init(&ar);
	parse_file(&ar, OWN_WHOIS "thick-sample.com.txt", &r, true);
	assert_string_equal(r.domain, "thick-sample.com");
	assert_string_equal(r.registrar, "Thick Registrar Sample Inc.");
	assert_string_equal(r.registrant_org, "Thick Sample Holdings, Inc.");
	assert_string_equal(r.registrant_name, "REDACTED FOR PRIVACY");
	assert_string_equal(r.registrant_state, "CA");
	assert_string_equal(r.registrant_country, "US");
	assert_time(r.created, "1999-07-15T04:00:00Z");
	assert_time(r.updated, "2023-02-01T09:15:00Z");
	assert_time(r.expires, "2025-07-14T04:00:00Z");
	assert_int_equal(r.status_count, 3);
	assert_string_equal(r.status[2], "clientUpdateProhibited");
	/* duplicates and trailing addresses dropped */
	assert_int_equal(r.ns_count, 2);
	assert_string_equal(r.ns[0], "ns1.thick-sample.com");
	assert_string_equal(r.ns[1], "ns2.thick-sample.com");
	kn_arena_dispose(&ar);
}

static void
test_no_match_and_garbage(void **state)
{
	static const char nomatch[] = "No match for \"NOPE-SAMPLE.COM\".\r\n"
		">>> Last update of whois database: 2021-10-14T08:00:00Z <<<\r\n";
	static const char jp_nomatch[] = "[ JPRS database provides ... ]\n\nNo match!!\n";
	kn_arena ar;
	kn_whois_record r;
	kn_arena_init(&ar);
	assert_false(kn_whois_parse(&ar, nomatch, sizeof(nomatch) - 1, &r));
	assert_null(r.domain);
	assert_true(r.created == KN_WHOIS_NO_TIME);
	assert_false(kn_whois_parse(&ar, jp_nomatch, sizeof(jp_nomatch) - 1, &r));
	assert_false(kn_whois_parse(&ar, "", 0, &r));
	/* bytes without any newline, colon-only, brackets unclosed */
	assert_false(kn_whois_parse(&ar, ":::::[[[[", 9, &r));
	/* not NUL-terminated: only len bytes are read */
	char buf[] = { 'D', 'o', 'm', 'a', 'i', 'n', ' ', 'N', 'a', 'm', 'e',
		':', ' ', 'A', '.', 'C', 'O', 'M' };
	assert_true(kn_whois_parse(&ar, buf, sizeof(buf), &r));
	assert_string_equal(r.domain, "a.com");
	kn_arena_dispose(&ar);
}

static void
test_times(void **state)
{
	struct { const char *in; const char *want; } ok[] = {
		{ "2021-10-10T18:22:40Z", "2021-10-10T18:22:40Z" },
		{ "2021-10-10T18:22:40.123Z", "2021-10-10T18:22:40Z" },
		{ "2021-10-10T18:22:40+09:00", "2021-10-10T09:22:40Z" },
		{ "2021-10-10T18:22:40-0500", "2021-10-10T23:22:40Z" },
		{ "2021-10-10 18:22:40", "2021-10-10T18:22:40Z" },
		{ "2021-10-10", "2021-10-10T00:00:00Z" },
		{ "2005/03/08", "2005-03-08T00:00:00Z" },
		{ "  2021/04/01 01:05:06 (JST) ", "2021-03-31T16:05:06Z" },
		{ "2021.04.01", "2021-04-01T00:00:00Z" },
		{ "15-Jul-1999", "1999-07-15T00:00:00Z" },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		assert_time(kn_whois_parse_time(ok[i].in, strlen(ok[i].in)),
			ok[i].want);
	const char *bad[] = { "", "yesterday", "2021-13-01", "2021/1/1",
		"2021-10-10T25:00:00Z", "1969-12-31", "99-Foo-2020" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_true(kn_whois_parse_time(bad[i], strlen(bad[i]))
			== KN_WHOIS_NO_TIME);
}

static void
test_iana_refer(void **state)
{
	static const char iana[] =
		"% IANA WHOIS server\n% for more information on IANA, visit http://www.iana.org\n\n"
		"domain:       JP\n\norganisation: Japan Registry Services Co., Ltd.\n"
		"refer:        whois.jprs.jp\n";
	kn_arena ar;
	kn_arena_init(&ar);
	assert_string_equal(kn_whois_iana_refer(&ar, iana, sizeof(iana) - 1),
		"whois.jprs.jp");
	assert_null(kn_whois_iana_refer(&ar, "domain: X\n", 10));
	kn_arena_dispose(&ar);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jprs_japanese),
		cmocka_unit_test(test_jprs_english),
		cmocka_unit_test(test_jprs_general),
		cmocka_unit_test(test_gtld_registry_and_registrar),
		cmocka_unit_test(test_gtld_thick),
		cmocka_unit_test(test_no_match_and_garbage),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_iana_refer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
