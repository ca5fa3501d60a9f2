/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	intel_stage 1
 * SUMMARY
 *	tests of the intelligence stage in the pipeline (src/intel/intel.c)
 * DESCRIPTION
 *	The seed case: reverse DNS, WHOIS of the sender and link domains,
 *	domain age, geolocation, and the findings made of them, from the
 *	recorded evidence (--replay), live against the loopback NSD and
 *	whoisd fixtures ($KENSA_DNS_PORT_FILE, $KENSA_WHOISD_STATE; skipped
 *	without them), and saved with --save-evidence then replayed.
 *	Geolocation is checked when the database is installed (skipped
 *	with a message otherwise).
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
#include <unistd.h>

#include "analysis.h"

#define SEED_DIR KENSA_TEST_SHARED_DIR "/cases/seed-kagoya"

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

/* Seed facts of the intel stage; whois: WHOIS data expected. */
static void
check_seed(const kensa_analysis *a, bool whois)
{
	const kensa_ip_intel *ip;
	const kensa_domain_intel *dd, *cg;
	const kensa_finding *f;

	assert_int_equal(kensa_analysis_ips(a, &ip), 1);
	assert_string_equal(ip[0].ip, "20.188.24.132");
	assert_string_equal(ip[0].ptr_status, "NXDOMAIN");
	assert_null(ip[0].ptr);
	assert_string_equal(ip[0].fcrdns, "none");
	f = kt_finding(a, "ptr-missing");
	assert_non_null(f);
	assert_string_equal(f->evidence.header, "Received");
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "unknown"));

	dd = domain(a, "dd-sample.co.jp");
	assert_non_null(dd);
	assert_string_equal(dd->role, "from,envelope");
	assert_int_equal(dd->address_count, 2);
	assert_false(dd->has_origin);
	cg = domain(a, "comget-sample.net");
	assert_non_null(cg);
	assert_string_equal(cg->role, "link");
	if (!whois)
		return;
	assert_string_equal(dd->status, "found");
	assert_non_null(strstr(dd->registrant_org, "DD Sample") != NULL ?
		dd->registrant_org : strstr(dd->registrant_org, "ディーディーサンプル"));
	assert_true(dd->has_created);
	assert_int_equal(dd->created, 1110240000); /* 2005-03-08 */
	assert_true(dd->age_days > 365);
	assert_string_equal(cg->status, "found");
	assert_string_equal(cg->registrar, "Registrar Sample, LLC");
	assert_int_equal(cg->created, 1633890160); /* 2021-10-10T18:22:40Z */
	assert_int_equal(cg->age_days, 4);
	assert_string_equal(cg->registrant_country, "US");

	f = kt_finding(a, "domain-young");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_HIGH);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "comget-sample.net"));
	assert_true(f->evidence.part >= 0); /* the link in the body */
	f = kt_finding(a, "spoofed-sender-victim");
	assert_non_null(f);
	assert_string_equal(f->evidence.header, "From");
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "2005-03-08"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "20.188.24.132"));
	f = kt_finding(a, "registrant-far");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "US"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "JP"));
}

static void
test_intel_stage__seed_replay(void **state)
{
	kensa_options o = KENSA_OPTIONS_INIT;
	const kensa_ip_intel *ip;
	const kensa_lookup *l;
	kensa_analysis *a;
	size_t n;
	bool whois_logged = false;

	(void)state;
	o.replay_dir = SEED_DIR;
	a = kt_analyze_seed(&o);
	check_seed(a, true);
	n = kensa_analysis_lookups(a, &l);
	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i].kind, "whois") == 0 &&
		    strstr(l[i].server, "comget-sample.net.registrar.txt"))
			whois_logged = true;
	assert_true(whois_logged);
	kensa_analysis_ips(a, &ip);
	if (ip[0].country == NULL) {
		fprintf(stderr, "skipped: geolocation: %s\n",
			ip[0].geo_reason ? ip[0].geo_reason : "?");
	} else {
		assert_string_equal(ip[0].country, "JP");
		assert_int_equal(ip[0].asn, 8075);
		assert_non_null(ip[0].geo_source);
		assert_non_null(ip[0].geo_attribution);
	}
	kensa_analysis_free(a);
}

static void
test_intel_stage__offline(void **state)
{
	kensa_options o = KENSA_OPTIONS_INIT;
	const kensa_ip_intel *ip;
	const kensa_domain_intel *d;
	kensa_analysis *a;

	(void)state;
	o.geoip_db = "";
	a = kt_analyze_seed(&o);
	assert_int_equal(kensa_analysis_ips(a, &ip), 1);
	assert_string_equal(ip[0].ptr_status, KENSA_NOT_EVALUATED);
	assert_string_equal(ip[0].geo_reason, "geolocation disabled");
	assert_true(kensa_analysis_domains(a, &d) >= 2);
	assert_string_equal(d[0].status, KENSA_NOT_EVALUATED);
	assert_string_equal(d[0].reason, "offline");
	assert_null(kt_finding(a, "ptr-missing"));
	assert_null(kt_finding(a, "domain-young"));
	assert_null(kt_finding(a, "spoofed-sender-victim"));
	kensa_analysis_free(a);
}

/* Seed item 15: the recipient domain's own SPF and MX, asked by the
 * content stage through the same resolver (so also recorded). */
static void
check_recipient_servers(const kensa_analysis *a)
{
	const kensa_finding *f = kt_finding(a, "impersonates-recipient-domain");

	assert_non_null(f);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "SPF check_host("
		"20.188.24.132, office-sample.jp) is fail (record \"v=spf1 mx "
		"-all\", matched -all); its MX hosts are mx1.office-sample.jp "
		"198.51.100.25, and 20.188.24.132 is none of them."));
}

static void
test_intel_stage__seed_live_and_saved(void **state)
{
	kensa_options o = KENSA_OPTIONS_INIT;
	unsigned port = kt_dns_port();
	char server[64], whois[512], dir[] = "/tmp/kensa-evidence-XXXXXX";
	kensa_analysis *a;
	bool have_whois = kt_whois_spec(whois, sizeof(whois));
	char cmd[256];

	(void)state;
	if (port == 0) {
		fprintf(stderr, "skipped: no loopback DNS server\n");
		skip();
	}
	if (!have_whois)
		fprintf(stderr, "note: no loopback WHOIS server: WHOIS not "
			"checked live\n");
	snprintf(server, sizeof(server), "127.0.0.1:%u", port);
	assert_non_null(mkdtemp(dir));
	o.lookups = KENSA_LOOKUPS_NETWORK;
	o.dns_server = server;
	o.dns_timeout_ms = 1000;
	o.whois_server = have_whois ? whois : "127.0.0.1:9";
	o.save_evidence_dir = dir;
	o.geoip_db = "";
	a = kt_analyze_seed(&o);
	assert_null(kensa_analysis_lookup_problem(a));
	check_seed(a, have_whois);
	check_recipient_servers(a);
	kensa_analysis_free(a);

	/* The saved directory replays to the same facts. */
	o = (kensa_options)KENSA_OPTIONS_INIT;
	o.replay_dir = dir;
	o.geoip_db = "";
	a = kt_analyze_seed(&o);
	assert_string_equal(kensa_analysis_auth(a)->spf.result, "softfail");
	assert_string_equal(kensa_analysis_auth(a)->dmarc.policy, "quarantine");
	check_seed(a, have_whois);
	check_recipient_servers(a);
	kensa_analysis_free(a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intel_stage__seed_replay),
		cmocka_unit_test(test_intel_stage__offline),
		cmocka_unit_test(test_intel_stage__seed_live_and_saved),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
