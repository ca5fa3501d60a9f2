/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	test_intel_rdap
 * SUMMARY
 *	RDAP bootstrap, answer reading, and the client against rdapd
 * DESCRIPTION
 *	tests/servers/rdapd (ctest fixture "rdap") serves the JSON files
 *	of tests/servers/rdap/; $KENSA_RDAPD_STATE names its state
 *	directory. Without it the client tests skip; bootstrap, parsing,
 *	refusal and offline tests run anyway.
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
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>

#include <kensa/errors.h>

#include "intel/rdap.h"
#include "util/date.h"

#define BOOTSTRAP KENSA_TEST_SOURCE_DIR "/data/rdap/dns.json"
#define RDAP_DIR KENSA_TEST_SOURCE_DIR "/tests/servers/rdap/domain/"

static unsigned rdapd_port;
static char base[64];

static int
setup(void **state)
{
	const char *dir = getenv("KENSA_RDAPD_STATE");
	char path[512];
	if (dir == NULL)
		return 0;
	snprintf(path, sizeof(path), "%s/rdapd.port", dir);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return 0;
	if (fscanf(f, "%u", &rdapd_port) != 1)
		rdapd_port = 0;
	fclose(f);
	snprintf(base, sizeof(base), "http://127.0.0.1:%u/", rdapd_port);
	return 0;
}

static void
need_server(void)
{
	if (rdapd_port == 0) {
		fprintf(stderr, "rdapd not running (KENSA_RDAPD_STATE unset): "
			"run through ctest, fixture \"rdap\"\n");
		skip();
	}
}

static void
assert_time(int64_t t, const char *want)
{
	char buf[32];
	assert_true(t != KN_WHOIS_NO_TIME);
	kn_date_rfc3339(t, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

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
test_bootstrap(void **state)
{
	kn_arena ar;
	kn_rdap_client c;
	kn_arena_init(&ar);
	assert_int_equal(kn_rdap_client_init(&c, &ar), 0);
	c.bootstrap_path = BOOTSTRAP;
	assert_int_equal(kn_rdap_bootstrap_load(&c), 0);
	assert_true(c.services.count >= 10);
	assert_non_null(c.publication);
	assert_string_equal(kn_rdap_base_for(&c, "comget-sample.net"),
		"https://rdap.verisign.com/net/v1/");
	assert_string_equal(kn_rdap_base_for(&c, "WWW.Example.COM."),
		"https://rdap.verisign.com/com/v1/");
	assert_string_equal(kn_rdap_base_for(&c, "x.dev"),
		"https://pubapi.registry.google/rdap/");
	/* label-aligned: "notcom" is not under "com"; .jp has no entry */
	assert_null(kn_rdap_base_for(&c, "example.notcom"));
	assert_null(kn_rdap_base_for(&c, "dd-sample.co.jp"));
	/* the override wins */
	c.base_url = "http://127.0.0.1:1/";
	assert_string_equal(kn_rdap_base_for(&c, "dd-sample.co.jp"), "http://127.0.0.1:1/");

	kn_rdap_client m;
	assert_int_equal(kn_rdap_client_init(&m, &ar), 0);
	m.bootstrap_path = "/nonexistent/dns.json";
	assert_int_equal(kn_rdap_bootstrap_load(&m), KENSA_ENOTFOUND);
	assert_null(kn_rdap_base_for(&m, "example.com"));
	kn_rdap_client bad;
	assert_int_equal(kn_rdap_client_init(&bad, &ar), 0);
	bad.bootstrap_path = RDAP_DIR "comget-sample.net.json"; /* JSON, not RFC 9224 */
	assert_int_equal(kn_rdap_bootstrap_load(&bad), KENSA_EFORMAT);
	kn_arena_dispose(&ar);
}

static void
test_parse_files(void **state)
{
	kn_arena ar;
	kn_whois_record r;
	size_t len;
	kn_arena_init(&ar);
	char *j = slurp(RDAP_DIR "comget-sample.net.json", &len);
	assert_non_null(j);
	assert_true(kn_rdap_parse(&ar, j, len, &r));
	free(j);
	assert_int_equal(r.format, KN_WHOIS_FMT_RDAP);
	assert_string_equal(r.domain, "comget-sample.net");
	assert_string_equal(r.registrar, "Registrar Sample, LLC");
	assert_time(r.created, "2021-10-10T18:22:40Z");
	assert_time(r.updated, "2021-10-10T18:22:41Z");
	assert_time(r.expires, "2022-10-10T18:22:40Z");
	assert_string_equal(r.registrant_state, "Arizona");
	assert_string_equal(r.registrant_country, "US");
	assert_null(r.registrant_org);  /* "" redacted */
	assert_null(r.registrant_name);
	assert_int_equal(r.status_count, 1);
	assert_string_equal(r.status[0], "client transfer prohibited");
	assert_int_equal(r.ns_count, 1);
	assert_string_equal(r.ns[0], "ns1.comget-sample.net");

	j = slurp(RDAP_DIR "rdap-sample.org.json", &len);
	assert_non_null(j);
	assert_true(kn_rdap_parse(&ar, j, len, &r));
	free(j);
	assert_string_equal(r.registrar, "Org Registrar Sample GmbH");
	assert_string_equal(r.registrant_name, "Sample Network Operations");
	assert_string_equal(r.registrant_org, "RDAP Sample Association");
	assert_string_equal(r.registrant_state, "Tokyo");
	assert_string_equal(r.registrant_country, "Japan");
	assert_time(r.created, "2003-04-01T03:30:00Z");
	assert_int_equal(r.status_count, 3);
	assert_int_equal(r.ns_count, 3);
	assert_string_equal(r.ns[0], "ns1.rdap-sample.org");
	assert_string_equal(r.ns[2], "ns3.rdap-sample.org");

	/* not a domain object, not JSON, truncated JSON */
	static const char ent[] = "{\"objectClassName\":\"entity\",\"handle\":\"X\"}";
	assert_false(kn_rdap_parse(&ar, ent, sizeof(ent) - 1, &r));
	assert_false(kn_rdap_parse(&ar, "<html>", 6, &r));
	assert_false(kn_rdap_parse(&ar, "{\"ldhName\":\"a.com\"", 18, &r));
	/* wrong member types are ignored, not trusted */
	static const char odd[] = "{\"ldhName\":\"A.COM\",\"events\":{},"
		"\"entities\":[{\"roles\":\"registrar\"},{\"roles\":[\"registrant\"],"
		"\"vcardArray\":[\"vcard\",[[\"adr\",[],\"text\",7]]]}],\"status\":[1,null]}";
	assert_true(kn_rdap_parse(&ar, odd, sizeof(odd) - 1, &r));
	assert_string_equal(r.domain, "a.com");
	assert_null(r.registrar);
	assert_null(r.registrant_country);
	assert_int_equal(r.status_count, 0);
	kn_arena_dispose(&ar);
}

static const kn_rdap_exchange *
log_at(const kn_rdap_client *c, size_t i)
{
	assert_true(i < c->log.count);
	return &((const kn_rdap_exchange *)c->log.items)[i];
}

static void
test_client_loopback(void **state)
{
	need_server();
	kn_arena ar;
	kn_rdap_client c;
	kn_whois_record r;
	bool found;
	kn_arena_init(&ar);
	assert_int_equal(kn_rdap_client_init(&c, &ar), 0);
	c.base_url = base;
	c.timeout_ms = 3000;
	assert_int_equal(kn_rdap_lookup(&c, "COMGET-SAMPLE.NET", &r, &found), 0);
	assert_true(found);
	const kn_rdap_exchange *ex = log_at(&c, 0);
	assert_int_equal(ex->status, KN_RDAP_OK);
	assert_int_equal(ex->http_status, 200);
	assert_true(ex->answer_len > 500);
	assert_true(ex->ms >= 0.0 && ex->ms < 3000.0);
	char want[128];
	snprintf(want, sizeof(want), "%sdomain/comget-sample.net", base);
	assert_string_equal(ex->url, want);
	assert_string_equal(r.source, want);
	assert_string_equal(r.registrar, "Registrar Sample, LLC");
	assert_string_equal(r.registrant_country, "US");
	assert_time(r.created, "2021-10-10T18:22:40Z");

	/* 404 */
	assert_int_equal(kn_rdap_lookup(&c, "missing-sample.net", &r, &found), 0);
	assert_false(found);
	assert_int_equal(log_at(&c, 1)->status, KN_RDAP_NOTFOUND);
	assert_int_equal(log_at(&c, 1)->http_status, 404);

	/* a redirect on the same loopback server is followed */
	char rbase[96];
	snprintf(rbase, sizeof(rbase), "%sredirect/", base);
	c.base_url = rbase;
	assert_int_equal(kn_rdap_lookup(&c, "rdap-sample.org", &r, &found), 0);
	assert_true(found);
	assert_string_equal(r.registrant_org, "RDAP Sample Association");

	/* over the cap: dropped, status toobig */
	snprintf(rbase, sizeof(rbase), "%sbig/", base);
	c.answer_max = 64 * 1024;
	assert_int_equal(kn_rdap_lookup(&c, "comget-sample.net", &r, &found), 0);
	assert_false(found);
	assert_int_equal(log_at(&c, 3)->status, KN_RDAP_TOOBIG);
	assert_int_equal(log_at(&c, 3)->answer_len, 0);

	/* a name that cannot go into a URL path */
	assert_int_equal(kn_rdap_lookup(&c, "a/../b.net", &r, &found), KENSA_EINVAL);
	kn_arena_dispose(&ar);
}

static double
mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void
test_timeout_refused_offline(void **state)
{
	kn_arena ar;
	kn_rdap_client c;
	kn_whois_record r;
	bool found;
	kn_arena_init(&ar);
	assert_int_equal(kn_rdap_client_init(&c, &ar), 0);
	/* a listening socket that never answers */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	socklen_t sl = sizeof(sa);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	assert_int_equal(listen(fd, 4), 0);
	char b[64];
	snprintf(b, sizeof(b), "http://127.0.0.1:%u/", ntohs(sa.sin_port));
	c.base_url = b;
	c.timeout_ms = 400;
	double t0 = mono_ms();
	assert_int_equal(kn_rdap_lookup(&c, "comget-sample.net", &r, &found), 0);
	double el = mono_ms() - t0;
	close(fd);
	assert_false(found);
	assert_int_equal(log_at(&c, 0)->status, KN_RDAP_TIMEOUT);
	assert_true(el >= 350.0 && el < 1500.0);

	/* plain HTTP off loopback is refused without a request */
	c.base_url = "http://rdap.example.net/";
	assert_int_equal(kn_rdap_lookup(&c, "comget-sample.net", &r, &found), 0);
	assert_int_equal(log_at(&c, 1)->status, KN_RDAP_REFUSED);
	assert_int_equal(c.requests, 1);

	/* offline: recorded, nothing sent */
	c.base_url = NULL;
	c.bootstrap_path = BOOTSTRAP;
	c.offline = true;
	assert_int_equal(kn_rdap_lookup(&c, "comget-sample.net", &r, &found), 0);
	assert_false(found);
	assert_int_equal(log_at(&c, 2)->status, KN_RDAP_OFFLINE);
	assert_string_equal(log_at(&c, 2)->url,
		"https://rdap.verisign.com/net/v1/domain/comget-sample.net");
	/* no RDAP for .jp: nothing logged */
	assert_int_equal(kn_rdap_lookup(&c, "dd-sample.co.jp", &r, &found), 0);
	assert_int_equal(c.log.count, 3);
	assert_string_equal(kn_rdap_status_name(KN_RDAP_TOOBIG), "toobig");
	kn_arena_dispose(&ar);
}

/* RDAP where the TLD has it, WHOIS (offline here) otherwise. */
static void
test_regdata_choice(void **state)
{
	kn_arena ar;
	kn_rdap_client rc;
	kn_whois_client wc;
	kn_whois_record r;
	bool found;
	kn_arena_init(&ar);
	assert_int_equal(kn_rdap_client_init(&rc, &ar), 0);
	assert_int_equal(kn_whois_client_init(&wc, &ar), 0);
	rc.bootstrap_path = BOOTSTRAP;
	wc.offline = true;
	if (rdapd_port != 0) {
		/* .net: base URL from the override; answered by RDAP */
		rc.base_url = base;
		assert_int_equal(kn_regdata_lookup(&rc, &wc, "comget-sample.net", &r, &found), 0);
		assert_true(found);
		assert_int_equal(r.format, KN_WHOIS_FMT_RDAP);
		assert_int_equal(wc.log.count, 0);
		rc.base_url = NULL;
	}
	rc.offline = true;
	/* .jp: no RDAP base: WHOIS is asked */
	assert_int_equal(kn_regdata_lookup(&rc, &wc, "dd-sample.co.jp", &r, &found), 0);
	assert_false(found);
	assert_int_equal(wc.log.count, 1);
	/* .net offline RDAP gives nothing: WHOIS is asked too */
	size_t before = rc.log.count;
	assert_int_equal(kn_regdata_lookup(&rc, &wc, "comget-sample.net", &r, &found), 0);
	assert_int_equal(rc.log.count, before + 1);
	assert_int_equal(wc.log.count, 2);
	kn_arena_dispose(&ar);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bootstrap),
		cmocka_unit_test(test_parse_files),
		cmocka_unit_test(test_client_loopback),
		cmocka_unit_test(test_timeout_refused_offline),
		cmocka_unit_test(test_regdata_choice),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
