/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	regdata 1
 * SUMMARY
 *	tests of registration data (RDAP before WHOIS) and geolocation in
 *	the pipeline, and of their evidence (--save-evidence, --replay)
 * DESCRIPTION
 *	- the RDAP bootstrap file is found without installation (the
 *	  source tree's data/rdap/dns.json) or through $KENSA_DATA_DIR;
 *	- a bad --rdap-server URL is KENSA_EINVAL;
 *	- replay of an evidence directory written here (the seed zones,
 *	  an RDAP answer as rdap/<domain>.json, a geolocation record as
 *	  geo/<ip>.json with values no database holds, so the test knows
 *	  they came from the file);
 *	- live, against the loopback nsd, whoisd and rdapd fixtures
 *	  ($KENSA_DNS_PORT_FILE, $KENSA_WHOISD_STATE, $KENSA_RDAPD_STATE;
 *	  skipped without them): comget-sample.net from RDAP, the .jp
 *	  domain (rdapd answers 404) from WHOIS, the lookups of kind
 *	  "rdap"; saved with --save-evidence, then replayed offline to the
 *	  same .intel facts (domains and the IP's geolocation).
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
#include <unistd.h>

#include "analysis.h"
#include "intel/rdap.h"
#include "util/arena.h"

#define SEED_DIR KENSA_TEST_SHARED_DIR "/cases/seed-kagoya"
#define RDAP_DATA KENSA_TEST_SOURCE_DIR "/tests/servers/rdap/domain"

static void
put_file(const char *path, const char *text, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void
run(const char *cmd)
{
	assert_int_equal(system(cmd), 0);
}

static kensa_analysis *
analyze_seed(const kensa_options *o)
{
	size_t len;
	char *data = kt_slurp(SEED_DIR "/message.eml", &len);
	kensa_analysis *a = NULL;

	assert_int_equal(kensa_analyze(&a, data, len, o), 0);
	free(data);
	return a;
}

static const kensa_domain_intel *
domain(const kensa_analysis *a, const char *name)
{
	const kensa_domain_intel *d;
	size_t n = kensa_analysis_domains(a, &d);

	for (size_t i = 0; i < n; i++)
		if (strcmp(d[i].domain, name) == 0)
			return &d[i];
	return NULL;
}

/* The first lookup of kind whose query is q; NULL when none. */
static const kensa_lookup *
lookup(const kensa_analysis *a, const char *kind, const char *q)
{
	const kensa_lookup *l;
	size_t n = kensa_analysis_lookups(a, &l);

	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i].kind, kind) == 0 && l[i].query != NULL &&
		    strcmp(l[i].query, q) == 0)
			return &l[i];
	return NULL;
}

static bool
prefix(const char *s, const char *p)
{
	return s != NULL && strncmp(s, p, strlen(p)) == 0;
}

static void
str_eq(const char *x, const char *y)
{
	if (x == NULL || y == NULL)
		assert_ptr_equal(x, y);
	else
		assert_string_equal(x, y);
}

/* ---- bootstrap and options -------------------------------------------- */

static void
test_regdata__bootstrap_found(void **state)
{
	kn_arena ar;
	kn_rdap_client c;
	const char *old = getenv("KENSA_DATA_DIR");

	(void)state;
	kn_arena_init(&ar);
	unsetenv("KENSA_DATA_DIR");
	assert_int_equal(kn_rdap_client_init(&c, &ar), 0);
	/* installed, or the source tree's copy for this build tree */
	assert_int_equal(kn_rdap_bootstrap_load(&c), 0);
	assert_string_equal(kn_rdap_base_for(&c, "comget-sample.net"),
		"https://rdap.verisign.com/net/v1/");
	assert_null(kn_rdap_base_for(&c, "dd-sample.co.jp")); /* WHOIS */

	setenv("KENSA_DATA_DIR", "/nonexistent/kensa", 1);
	assert_int_equal(kn_rdap_client_init(&c, &ar), 0);
	assert_string_equal(c.bootstrap_path,
		"/nonexistent/kensa/rdap/dns.json");
	assert_null(kn_rdap_base_for(&c, "comget-sample.net"));
	setenv("KENSA_DATA_DIR", KENSA_TEST_SOURCE_DIR "/data", 1);
	assert_int_equal(kn_rdap_client_init(&c, &ar), 0);
	assert_non_null(kn_rdap_base_for(&c, "example.org"));
	if (old != NULL)
		setenv("KENSA_DATA_DIR", old, 1);
	else
		unsetenv("KENSA_DATA_DIR");
	kn_arena_dispose(&ar);
}

static void
test_regdata__bad_rdap_server(void **state)
{
	static const char *const bad[] = { "ftp://127.0.0.1/", "127.0.0.1:80",
		"http://", "http:///domain", "http://a b/" };
	kensa_options o = KENSA_OPTIONS_INIT;
	kensa_analysis *a = NULL;

	(void)state;
	o.replay_dir = SEED_DIR;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o.rdap_server = bad[i];
		assert_int_equal(kensa_analyze(&a, "", 0, &o), KENSA_EINVAL);
		assert_null(a);
	}
	o.rdap_server = "http://127.0.0.1:9/";
	assert_int_equal(kensa_analyze(&a, "", 0, &o), 0);
	kensa_analysis_free(a);
}

/* ---- replay of RDAP and geolocation evidence -------------------------- */

static const char geo_record[] =
	"{\n  \"ip\": \"20.188.24.132\",\n  \"found\": true,\n"
	"  \"country\": \"jp\",\n  \"city\": \"Evidence City\",\n"
	"  \"asn\": 64500,\n  \"as_org\": \"Recorded AS\",\n"
	"  \"database\": {\"city_db\": \"Test DB\", \"city_build\": "
	"\"2021-10-01\", \"attribution\": \"test data\"},\n"
	"  \"time\": \"2021-10-14T08:00:00Z\"\n}\n";

static void
test_regdata__replay_rdap_and_geo(void **state)
{
	kensa_options o = KENSA_OPTIONS_INIT;
	char dir[] = "/tmp/kensa-regdata-XXXXXX", cmd[1024], path[512];
	const kensa_domain_intel *cg, *dd;
	const kensa_ip_intel *ip;
	const kensa_lookup *l;
	kensa_analysis *a;
	size_t len;
	char *json;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "cp -r '%s/zones' '%s/whois' '%s/'",
		SEED_DIR, SEED_DIR, dir);
	run(cmd);
	snprintf(path, sizeof(path), "%s/rdap", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/geo", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	json = kt_slurp(RDAP_DATA "/comget-sample.net.json", &len);
	snprintf(path, sizeof(path), "%s/rdap/comget-sample.net.json", dir);
	put_file(path, json, len);
	free(json);
	snprintf(path, sizeof(path), "%s/geo/20.188.24.132.json", dir);
	put_file(path, geo_record, sizeof(geo_record) - 1);

	o.replay_dir = dir;
	a = analyze_seed(&o);
	cg = domain(a, "comget-sample.net");
	assert_non_null(cg);
	assert_string_equal(cg->status, "found");
	assert_true(prefix(cg->source, "rdap replay "));
	assert_non_null(strstr(cg->source, "/rdap/comget-sample.net.json"));
	assert_string_equal(cg->registrar, "Registrar Sample, LLC");
	assert_int_equal(cg->created, 1633890160); /* 2021-10-10T18:22:40Z */
	assert_int_equal(cg->age_days, 4);
	dd = domain(a, "dd-sample.co.jp");
	assert_non_null(dd);
	assert_true(prefix(dd->source, "whois replay "));
	assert_int_equal(dd->created, 1110240000);
	l = lookup(a, "rdap", "comget-sample.net");
	assert_non_null(l);
	assert_string_equal(l->status, "ok");
	assert_true(prefix(l->server, "replay "));

	assert_int_equal(kensa_analysis_ips(a, &ip), 1);
	assert_string_equal(ip[0].country, "JP");
	assert_string_equal(ip[0].country_name, "Japan");
	assert_string_equal(ip[0].city, "Evidence City");
	assert_int_equal(ip[0].asn, 64500);
	assert_string_equal(ip[0].as_org, "Recorded AS");
	assert_string_equal(ip[0].geo_source, "Test DB 2021-10-01");
	assert_string_equal(ip[0].geo_attribution, "test data");
	l = lookup(a, "geo", "20.188.24.132");
	assert_non_null(l);
	assert_true(prefix(l->server, "replay "));
	kensa_analysis_free(a);

	/* A broken record says so instead of guessing. */
	snprintf(path, sizeof(path), "%s/geo/20.188.24.132.json", dir);
	put_file(path, "{\"found\": tru", 13);
	a = analyze_seed(&o);
	assert_int_equal(kensa_analysis_ips(a, &ip), 1);
	assert_null(ip[0].country);
	assert_string_equal(ip[0].geo_reason,
		"the geolocation evidence is not valid JSON");
	kensa_analysis_free(a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	run(cmd);
}

/* ---- live against the loopback servers, saved and replayed ------------- */

static unsigned
read_port(const char *env, const char *file)
{
	const char *v = getenv(env);
	char path[1024];
	unsigned port = 0;
	FILE *fp;

	if (v == NULL)
		return 0;
	if (file != NULL)
		snprintf(path, sizeof(path), "%s/%s", v, file);
	else
		snprintf(path, sizeof(path), "%s", v);
	if ((fp = fopen(path, "r")) == NULL)
		return 0;
	if (fscanf(fp, "%u", &port) != 1)
		port = 0;
	fclose(fp);
	return port;
}

static bool
exists(const char *dir, const char *rel)
{
	char path[1024];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	return stat(path, &st) == 0 && st.st_size > 0;
}

static void
same_intel(const kensa_analysis *x, const kensa_analysis *y)
{
	const kensa_domain_intel *dx, *dy;
	const kensa_ip_intel *ix, *iy;
	size_t n = kensa_analysis_domains(x, &dx);

	assert_int_equal(kensa_analysis_domains(y, &dy), n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(dx[i].domain, dy[i].domain);
		assert_string_equal(dx[i].role, dy[i].role);
		assert_string_equal(dx[i].status, dy[i].status);
		str_eq(dx[i].registrar, dy[i].registrar);
		str_eq(dx[i].registrant_org, dy[i].registrant_org);
		str_eq(dx[i].registrant_country, dy[i].registrant_country);
		assert_int_equal(dx[i].has_created, dy[i].has_created);
		assert_int_equal(dx[i].created, dy[i].created);
		assert_int_equal(dx[i].age_days, dy[i].age_days);
		assert_int_equal(dx[i].address_count, dy[i].address_count);
		/* same protocol: "rdap ..." stays "rdap replay ..." */
		if (strcmp(dx[i].status, "found") == 0) {
			assert_non_null(dx[i].source);
			assert_non_null(dy[i].source);
			assert_int_equal(dx[i].source[0], dy[i].source[0]);
		}
	}
	n = kensa_analysis_ips(x, &ix);
	assert_int_equal(kensa_analysis_ips(y, &iy), n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(ix[i].ip, iy[i].ip);
		assert_string_equal(ix[i].ptr_status, iy[i].ptr_status);
		assert_string_equal(ix[i].fcrdns, iy[i].fcrdns);
		str_eq(ix[i].country, iy[i].country);
		str_eq(ix[i].city, iy[i].city);
		assert_int_equal(ix[i].asn, iy[i].asn);
		str_eq(ix[i].as_org, iy[i].as_org);
		str_eq(ix[i].geo_source, iy[i].geo_source);
		str_eq(ix[i].geo_attribution, iy[i].geo_attribution);
	}
}

static void
test_regdata__live_saved_replayed(void **state)
{
	kensa_options o = KENSA_OPTIONS_INIT;
	unsigned dport = read_port("KENSA_DNS_PORT_FILE", NULL);
	unsigned rport = read_port("KENSA_RDAPD_STATE", "rdapd.port");
	char dns[64], rdap[64], whois[512], cmd[256];
	char dir[] = "/tmp/kensa-regdata-live-XXXXXX";
	const kensa_domain_intel *cg, *dd;
	const kensa_ip_intel *ip;
	const kensa_lookup *l;
	kensa_analysis *live, *again;

	(void)state;
	if (dport == 0 || rport == 0 || !kt_whois_spec(whois, sizeof(whois))) {
		fprintf(stderr, "skipped: needs the dns, whois and rdap "
			"fixtures\n");
		skip();
	}
	snprintf(dns, sizeof(dns), "127.0.0.1:%u", dport);
	snprintf(rdap, sizeof(rdap), "http://127.0.0.1:%u/", rport);
	assert_non_null(mkdtemp(dir));
	o.lookups = KENSA_LOOKUPS_NETWORK;
	o.dns_server = dns;
	o.dns_timeout_ms = 1000;
	o.whois_server = whois;
	o.rdap_server = rdap;
	o.save_evidence_dir = dir;
	live = analyze_seed(&o);
	assert_null(kensa_analysis_lookup_problem(live));

	cg = domain(live, "comget-sample.net");
	assert_non_null(cg);
	assert_string_equal(cg->status, "found");
	assert_true(prefix(cg->source, "rdap http://127.0.0.1:"));
	assert_string_equal(cg->registrar, "Registrar Sample, LLC");
	assert_int_equal(cg->created, 1633890160);
	assert_int_equal(cg->age_days, 4);
	l = lookup(live, "rdap", "comget-sample.net");
	assert_non_null(l);
	assert_string_equal(l->status, "ok");
	assert_true(prefix(l->server, rdap));
	assert_non_null(strstr(l->answer, "HTTP 200"));
	assert_true(l->time > 1600000000);
	/* RDAP answered: no WHOIS for that domain */
	assert_null(lookup(live, "whois", "comget-sample.net"));

	dd = domain(live, "dd-sample.co.jp");
	assert_non_null(dd);
	assert_string_equal(dd->status, "found");
	assert_true(prefix(dd->source, "whois "));
	assert_int_equal(dd->created, 1110240000);
	l = lookup(live, "rdap", "dd-sample.co.jp");
	assert_non_null(l);
	assert_string_equal(l->status, "notfound");

	assert_true(exists(dir, "rdap/comget-sample.net.json"));
	assert_false(exists(dir, "rdap/dd-sample.co.jp.json"));
	assert_true(exists(dir, "whois/dd-sample.co.jp.txt"));
	assert_true(exists(dir, "zones/dd-sample.co.jp.zone"));
	assert_int_equal(kensa_analysis_ips(live, &ip), 1);
	if (ip[0].geo_source != NULL) {
		assert_true(exists(dir, "geo/20.188.24.132.json"));
		assert_string_equal(ip[0].country, "JP");
	} else {
		fprintf(stderr, "note: no geolocation database: geo/ not "
			"checked\n");
	}

	/* Replayed offline: the same facts. */
	o = (kensa_options)KENSA_OPTIONS_INIT;
	o.replay_dir = dir;
	again = analyze_seed(&o);
	same_intel(live, again);
	cg = domain(again, "comget-sample.net");
	assert_true(prefix(cg->source, "rdap replay "));
	if (ip[0].geo_source != NULL) {
		l = lookup(again, "geo", "20.188.24.132");
		assert_non_null(l);
		assert_true(prefix(l->server, "replay "));
	}
	kensa_analysis_free(again);
	kensa_analysis_free(live);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	run(cmd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regdata__bootstrap_found),
		cmocka_unit_test(test_regdata__bad_rdap_server),
		cmocka_unit_test(test_regdata__replay_rdap_and_geo),
		cmocka_unit_test(test_regdata__live_saved_replayed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
