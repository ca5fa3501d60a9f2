/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	auth_stage 1
 * SUMMARY
 *	tests of the authentication stage in the pipeline (src/auth/auth.c)
 * DESCRIPTION
 *	The seed case (../shared/cases/seed-kagoya) three ways: replaying
 *	its recorded evidence, live against the loopback NSD of the "dns"
 *	fixture (port from $KENSA_DNS_PORT_FILE; skipped without it), and
 *	offline. Also: a DNS server that never answers degrades to
 *	temperror within the timeout, and kensa_spf_check() gives the path.
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
#include <time.h>

#include "analysis.h"

#define SEED_DIR KENSA_TEST_SHARED_DIR "/cases/seed-kagoya"

/* The seed's authentication facts, whatever the DNS source. */
static void
check_seed(const kensa_analysis *a)
{
	const kensa_auth *au = kensa_analysis_auth(a);
	const kensa_finding *f;

	assert_true(au->evaluated);
	assert_string_equal(au->spf.result, "softfail");
	assert_string_equal(au->spf.domain, "dd-sample.co.jp");
	assert_string_equal(au->spf.ip, "20.188.24.132");
	assert_string_equal(au->spf.mechanism, "~all");
	assert_string_equal(au->spf.record, "v=spf1 a mx ip4:203.0.113.0/27 "
		"include:_spf.hosting-sample.net ~all");
	assert_int_equal(au->spf.dns_lookups, 3);
	assert_true(au->spf.path_count >= 2);
	assert_non_null(strstr(au->spf.path[1], "_spf.hosting-sample.net"));
	/* HELO [127.0.0.1] is no domain: none, with the reason. */
	assert_string_equal(au->helo.result, "none");
	assert_non_null(strstr(au->helo.reason, "not a domain name"));
	assert_string_equal(au->dkim_result, "none");
	assert_int_equal(au->dkim_count, 0);
	assert_string_equal(au->dmarc.result, "fail");
	assert_string_equal(au->dmarc.policy, "quarantine");
	assert_string_equal(au->dmarc.disposition, "quarantine");
	assert_false(au->dmarc.spf_aligned);
	assert_string_equal(au->arc.result, "none");

	f = kt_finding(a, "spf-softfail");
	assert_non_null(f);
	assert_string_equal(f->evidence.header, "Return-Path");
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "~all"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "20.188.24.132"));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA], "softfail"));
	f = kt_finding(a, "dmarc-fail");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_HIGH);
	assert_string_equal(f->evidence.header, "From");
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "p=quarantine"));
	assert_non_null(kt_finding(a, "dkim-none"));
	f = kt_finding(a, "ip-not-domains");
	assert_non_null(f);
	assert_string_equal(f->evidence.header, "Received");
	assert_true(f->evidence.occurrence > 0);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "203.0.113.25"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN],
		"MX mail.dd-sample.co.jp 203.0.113.26"));
	assert_null(kt_finding(a, "auth-results-disagree"));
	assert_null(kt_finding(a, "spf-fail"));
	/* The recipient domain's own SPF and MX, asked through the same
	 * resolver by the content stage (seed item 15). */
	f = kt_finding(a, "impersonates-recipient-domain");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "SPF check_host("
		"20.188.24.132, office-sample.jp) is fail (record \"v=spf1 mx "
		"-all\", matched -all); its MX hosts are mx1.office-sample.jp "
		"198.51.100.25, and 20.188.24.132 is none of them."));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA], "自身のサーバーにも含ま"
		"れません"));
}

static void
test_auth_stage__seed_replay(void **state)
{
	kensa_options o = KENSA_OPTIONS_INIT;
	const kensa_lookup *l;
	kensa_analysis *a;
	size_t n;

	(void)state;
	o.replay_dir = SEED_DIR;
	a = kt_analyze_seed(&o);
	check_seed(a);
	n = kensa_analysis_lookups(a, &l);
	assert_true(n >= 6);
	assert_string_equal(l[0].kind, "dns");
	assert_string_equal(l[0].query, "TXT dd-sample.co.jp");
	assert_string_equal(l[0].status, "NOERROR");
	assert_non_null(strstr(l[0].server, "replay"));
	assert_true(l[0].time > 1600000000);
	assert_non_null(strstr(kensa_analysis_lookup_mode(a), "replay"));
	kensa_analysis_free(a);
}

static void
test_auth_stage__seed_live(void **state)
{
	kensa_options o = KENSA_OPTIONS_INIT;
	unsigned port = kt_dns_port();
	char server[64];
	const kensa_lookup *l;
	kensa_analysis *a;
	size_t n;

	(void)state;
	if (port == 0) {
		fprintf(stderr, "skipped: no loopback DNS server "
			"(KENSA_DNS_PORT_FILE)\n");
		skip();
	}
	snprintf(server, sizeof(server), "127.0.0.1:%u", port);
	o.lookups = KENSA_LOOKUPS_NETWORK;
	o.dns_server = server;
	o.dns_timeout_ms = 1000;
	o.geoip_db = "";
	a = kt_analyze_seed(&o);
	check_seed(a);
	n = kensa_analysis_lookups(a, &l);
	assert_true(n >= 6);
	assert_non_null(strstr(l[0].server, server));
	kensa_analysis_free(a);
}

static void
test_auth_stage__seed_offline(void **state)
{
	kensa_analysis *a = kt_analyze_seed(NULL); /* default: offline */
	const kensa_auth *au = kensa_analysis_auth(a);
	const kensa_lookup *l;

	(void)state;
	assert_false(au->evaluated);
	assert_string_equal(au->spf.result, KENSA_NOT_EVALUATED);
	assert_non_null(strstr(au->spf.reason, "offline"));
	assert_string_equal(au->dmarc.result, KENSA_NOT_EVALUATED);
	/* no signature needs no lookup: still a result */
	assert_string_equal(au->dkim_result, "none");
	/* nothing sent: at most the local geolocation database was read */
	for (size_t i = 0; i < kensa_analysis_lookups(a, &l); i++)
		assert_string_equal(l[i].kind, "geo");
	assert_null(kt_finding(a, "spf-softfail"));
	assert_null(kt_finding(a, "dmarc-fail"));
	assert_null(kt_finding(a, "ip-not-domains"));
	assert_non_null(strstr(kt_finding(a, "impersonates-recipient-domain")->
		detail[KENSA_LANG_EN], "was not checked (offline)"));
	assert_string_equal(kensa_analysis_lookup_mode(a), "offline");
	kensa_analysis_free(a);
}

/* A server that never answers: temperror, bounded time, nothing hangs. */
static void
test_auth_stage__silent_server(void **state)
{
	kensa_options o = KENSA_OPTIONS_INIT;
	kensa_analysis *a;
	time_t t0 = time(NULL);

	(void)state;
	o.lookups = KENSA_LOOKUPS_NETWORK;
	o.dns_server = "127.0.0.1:9"; /* discard port: nothing listens */
	o.dns_timeout_ms = 200;
	o.geoip_db = "";
	a = kt_analyze_seed(&o);
	assert_true(time(NULL) - t0 < 10);
	assert_string_equal(kensa_analysis_auth(a)->spf.result, "temperror");
	assert_non_null(kt_finding(a, "spf-temperror"));
	assert_null(kt_finding(a, "spf-softfail"));
	kensa_analysis_free(a);
}

static void
test_auth_stage__spf_check(void **state)
{
	kensa_options o = KENSA_OPTIONS_INIT;
	kensa_analysis *a = NULL;
	const kensa_auth *au;

	(void)state;
	o.replay_dir = SEED_DIR;
	assert_int_equal(kensa_spf_check(&a, "203.0.113.26", "dd-sample.co.jp",
		NULL, &o), 0);
	au = kensa_analysis_auth(a);
	assert_string_equal(au->spf.result, "pass");
	assert_string_equal(au->spf.mechanism, "mx");
	assert_null(au->helo.result);
	kensa_analysis_free(a);

	assert_int_equal(kensa_spf_check(&a, "198.51.100.7", "dd-sample.co.jp",
		"mail.dd-sample.co.jp", &o), 0);
	au = kensa_analysis_auth(a);
	assert_string_equal(au->spf.result, "pass");
	assert_string_equal(au->spf.mechanism, "include:_spf.hosting-sample.net");
	assert_string_equal(au->spf.mechanism_domain, "dd-sample.co.jp");
	assert_string_equal(au->helo.result, "none"); /* no record there */
	kensa_analysis_free(a);

	assert_int_equal(kensa_spf_check(&a, "bogus", "dd-sample.co.jp",
		NULL, &o), KENSA_EINVAL);
	assert_null(a);
	o.replay_dir = "/nonexistent/evidence";
	assert_int_equal(kensa_spf_check(&a, "192.0.2.1", "dd-sample.co.jp",
		NULL, &o), KENSA_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auth_stage__seed_replay),
		cmocka_unit_test(test_auth_stage__seed_live),
		cmocka_unit_test(test_auth_stage__seed_offline),
		cmocka_unit_test(test_auth_stage__silent_server),
		cmocka_unit_test(test_auth_stage__spf_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
