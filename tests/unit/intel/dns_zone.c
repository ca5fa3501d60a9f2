/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dns_zone - unit tests of zone replay and evidence saving
 * SUMMARY
 *	replay of shared/cases/seed-kagoya/zones against the live NSD
 *	(fixture "dns"), save -> replay round trips
 * DESCRIPTION
 *	Answers are compared through the resolver's lookup log: same
 *	status and same summary text (the records, in order) from both
 *	backends. The live comparisons are skipped without the fixture
 *	(KENSA_DNS_PORT_FILE unset); the memory round trip always runs.
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kensa/errors.h>

#include "intel/dns.h"
#include "intel/dns_net.h"
#include "intel/dns_zone.h"
#include "intel/evidence.h"

typedef struct question {
	const char *name;
	kn_dns_type type;
} question;

/* Names the seed case's analysis asks, and neighbours of them. */
static const question seed_questions[] = {
	{ "dd-sample.co.jp", KN_DNS_TXT },
	{ "dd-sample.co.jp", KN_DNS_A },
	{ "dd-sample.co.jp", KN_DNS_AAAA },
	{ "dd-sample.co.jp", KN_DNS_MX },
	{ "mail.dd-sample.co.jp", KN_DNS_A },
	{ "mail.dd-sample.co.jp", KN_DNS_AAAA },
	{ "_dmarc.dd-sample.co.jp", KN_DNS_TXT },
	{ "nothere.dd-sample.co.jp", KN_DNS_A },
	{ "_spf.hosting-sample.net", KN_DNS_TXT },
	{ "hosting-sample.net", KN_DNS_TXT },
	{ "office-sample.jp", KN_DNS_MX },
	{ "office-sample.jp", KN_DNS_TXT },
	{ "_dmarc.office-sample.jp", KN_DNS_TXT },
	{ "mx1.office-sample.jp", KN_DNS_A },
	{ "webmail.office-sample.jp", KN_DNS_A },
	{ "owa-login.comget-sample.net", KN_DNS_A },
	{ "owa-login.comget-sample.net", KN_DNS_TXT },
	{ "132.24.188.20.in-addr.arpa", KN_DNS_PTR },
	{ "188.20.in-addr.arpa", KN_DNS_PTR },
	{ "25.100.51.198.in-addr.arpa", KN_DNS_PTR },
	{ "26.100.51.198.in-addr.arpa", KN_DNS_PTR },
};

/* Our test zone's corners (tests/servers/zones/kensa.test.zone). */
static const question test_questions[] = {
	{ "kensa.test", KN_DNS_A },
	{ "kensa.test", KN_DNS_AAAA },
	{ "kensa.test", KN_DNS_MX },
	{ "multi.kensa.test", KN_DNS_TXT },
	{ "escaped.kensa.test", KN_DNS_TXT },
	{ "empty.kensa.test", KN_DNS_TXT },
	{ "alias.kensa.test", KN_DNS_A },
	{ "aonly.kensa.test", KN_DNS_TXT },
	{ "aonly.kensa.test", KN_DNS_A },
	{ "sub.kensa.test", KN_DNS_A },
	{ "deep.sub.kensa.test", KN_DNS_A },
	{ "nope.kensa.test", KN_DNS_MX },
	{ "v6only.kensa.test", KN_DNS_A },
	{ "77.2.0.192.in-addr.arpa", KN_DNS_PTR },
	{ "9.2.0.192.in-addr.arpa", KN_DNS_PTR },
};

#define NQ(a) (sizeof(a) / sizeof((a)[0]))

static char servers[64];

static bool
have_server(void)
{
	const char *path = getenv("KENSA_DNS_PORT_FILE");
	unsigned port = 0;
	FILE *f;

	if (path == NULL || (f = fopen(path, "r")) == NULL)
		return false;
	if (fscanf(f, "%u", &port) != 1 || port == 0 || port > 65535)
		port = 0;
	fclose(f);
	snprintf(servers, sizeof(servers), "127.0.0.1:%u", port);
	return port != 0;
}

static char *
seed_dir(void)
{
	const char *shared = getenv("KENSA_SHARED");
	static char dir[4096];

	snprintf(dir, sizeof(dir), "%s/cases/seed-kagoya",
		shared && *shared ? shared : KENSA_TEST_SHARED_DIR);
	return dir;
}

/* Ask every question through be; the log entries come back in r. */
static void
ask_all(kn_resolver *r, kn_arena *ar, kn_dns_backend *be, const question *q,
	size_t n)
{
	assert_int_equal(kn_dns_init(r, ar, be), 0);
	for (size_t i = 0; i < n; i++) {
		const kn_dns_answer *a;

		assert_int_equal(kn_dns_query(r, q[i].name, q[i].type, &a), 0);
	}
	assert_int_equal(r->log.count, n);
}

/* Same status and records for every question; returns how many
 * answered NOERROR. */
static size_t
compare_logs(const kn_resolver *x, const kn_resolver *y)
{
	const kn_dns_log_entry *a = x->log.items, *b = y->log.items;
	size_t positive = 0;

	assert_int_equal(x->log.count, y->log.count);
	for (size_t i = 0; i < x->log.count; i++) {
		if (a[i].status != b[i].status || strcmp(a[i].summary, b[i].summary) != 0)
			print_error("%s %s: %s [%s] vs %s [%s]\n", a[i].qname,
				kn_dns_type_name(a[i].type),
				kn_dns_status_name(a[i].status), a[i].summary,
				kn_dns_status_name(b[i].status), b[i].summary);
		assert_int_equal(a[i].status, b[i].status);
		assert_string_equal(a[i].summary, b[i].summary);
		positive += a[i].status == KN_DNS_NOERROR;
	}
	return positive;
}

static kn_dns_net *
open_net(void)
{
	kn_dns_net_options o = KN_DNS_NET_OPTIONS_INIT;
	kn_dns_net *n = NULL;

	o.servers = servers;
	assert_int_equal(kn_dns_net_new(&n, &o), 0);
	return n;
}

static void
test_replay_seed_matches_live(void **state)
{
	kn_resolver live, replay;
	kn_dns_zone *z = NULL;
	kn_dns_net *net;
	kn_arena ar;
	char err[256];
	const kn_dns_answer *a;
	const kn_dns_log_entry *e;

	(void)state;
	if (!have_server())
		skip();
	assert_int_equal(kn_dns_zone_load(&z, seed_dir(), err, sizeof(err)), 0);
	assert_int_equal(kn_dns_zone_count(z), 6);
	net = open_net();
	kn_arena_init(&ar);
	ask_all(&live, &ar, kn_dns_net_backend(net), seed_questions, NQ(seed_questions));
	ask_all(&replay, &ar, kn_dns_zone_backend(z), seed_questions, NQ(seed_questions));
	assert_int_equal(compare_logs(&live, &replay), 13);

	/* Outside every zone: NXDOMAIN, marked as not in the evidence. */
	assert_int_equal(kn_dns_query(&replay, "www.example.com", KN_DNS_A, &a), 0);
	assert_int_equal(a->status, KN_DNS_NXDOMAIN);
	e = replay.log.items;
	assert_non_null(strstr(e[replay.log.count - 1].backend, "not in evidence"));
	assert_null(strstr(e[0].backend, "not in evidence"));
	assert_non_null(strstr(e[0].backend, "replay "));

	kn_arena_dispose(&ar);
	kn_dns_net_free(net);
	kn_dns_zone_free(z);
}

static char *
make_tmpdir(void)
{
	static char dir[] = "/tmp/kensa-evidence-XXXXXX";

	memcpy(dir + sizeof(dir) - 7, "XXXXXX", 6);
	assert_non_null(mkdtemp(dir));
	return dir;
}

static void
remove_tree(const char *dir)
{
	char cmd[512];

	/* Only our own mkdtemp() directory. */
	assert_non_null(strstr(dir, "/tmp/kensa-evidence-"));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* live -> save-evidence -> replay gives the same answers. */
static void
test_save_replay_live(void **state)
{
	kn_resolver live, replay;
	kn_evidence *ev;
	kn_dns_zone *z = NULL;
	kn_dns_net *net;
	kn_arena ar;
	char err[256], *dir;
	question all[NQ(seed_questions) + NQ(test_questions)];

	(void)state;
	if (!have_server())
		skip();
	memcpy(all, seed_questions, sizeof(seed_questions));
	memcpy(all + NQ(seed_questions), test_questions, sizeof(test_questions));
	net = open_net();
	ev = kn_evidence_new(kn_dns_net_backend(net));
	assert_non_null(ev);
	kn_arena_init(&ar);
	ask_all(&live, &ar, kn_evidence_backend(ev), all, NQ(all));
	assert_int_equal(kn_evidence_count(ev), NQ(all));
	/* The recorder shows the server of the inner backend. */
	assert_non_null(strstr(((kn_dns_log_entry *)live.log.items)[0].backend,
		servers));

	dir = make_tmpdir();
	assert_int_equal(kn_evidence_save(ev, dir, err, sizeof(err)), 0);
	assert_int_equal(kn_dns_zone_load(&z, dir, err, sizeof(err)), 0);
	assert_true(kn_dns_zone_count(z) >= 7);
	ask_all(&replay, &ar, kn_dns_zone_backend(z), all, NQ(all));
	assert_int_equal(compare_logs(&live, &replay), 23);

	kn_dns_zone_free(z);
	remove_tree(dir);
	kn_arena_dispose(&ar);
	kn_evidence_free(ev);
	kn_dns_net_free(net);
}

/* Round trip from the memory backend: a registrable domain that does
 * not exist lands in its suffix's zone; a timeout is replayed. */
static void
test_save_replay_memory(void **state)
{
	static const question qs[] = {
		{ "exists.example", KN_DNS_TXT },
		{ "exists.example", KN_DNS_A },
		{ "gone.example", KN_DNS_A },
		{ "www.gone.example", KN_DNS_A },
		{ "Mixed.EXISTS.example.", KN_DNS_MX },
		{ "odd\\name.exists.example", KN_DNS_TXT },
	};
	static const char *const bin[] = { "a\"b\\c", "\x01\xff", "" };
	static const size_t binlen[] = { 5, 2, 0 };
	kn_dns_memory *m = kn_dns_memory_new();
	kn_resolver live, replay;
	const kn_dns_answer *a;
	kn_evidence *ev;
	kn_dns_zone *z = NULL;
	kn_arena ar;
	char err[256], *dir, path[512];

	(void)state;
	assert_non_null(m);
	assert_int_equal(kn_dns_memory_add(m, "exists.example", KN_DNS_A, "192.0.2.1"), 0);
	assert_int_equal(kn_dns_memory_add_txt(m, "exists.example", KN_DNS_TXT, 3,
		bin, binlen), 0);
	assert_int_equal(kn_dns_memory_add(m, "mixed.exists.example", KN_DNS_MX,
		"5 exists.example."), 0);
	assert_int_equal(kn_dns_memory_add(m, "odd\\name.exists.example", KN_DNS_TXT,
		"\"x\""), 0);
	assert_int_equal(kn_dns_memory_add(m, "slow.example2", KN_DNS_A, "192.0.2.9"), 0);
	assert_int_equal(kn_dns_memory_fail(m, "slow.example2", KN_DNS_TIMEOUT), 0);

	ev = kn_evidence_new(kn_dns_memory_backend(m));
	kn_arena_init(&ar);
	ask_all(&live, &ar, kn_evidence_backend(ev), qs, NQ(qs));
	assert_int_equal(kn_dns_query(&live, "slow.example2", KN_DNS_TXT, &a), 0);
	assert_int_equal(a->status, KN_DNS_TIMEOUT);
	assert_int_equal(kn_dns_query(&live, "slow.example2", KN_DNS_A, &a), 0);
	assert_int_equal(a->status, KN_DNS_NOERROR);

	dir = make_tmpdir();
	assert_int_equal(kn_evidence_save(ev, dir, err, sizeof(err)), 0);
	/* gone.example was NXDOMAIN: its names live in zone "example". */
	snprintf(path, sizeof(path), "%s/zones/example.zone", dir);
	assert_int_equal(access(path, R_OK), 0);
	snprintf(path, sizeof(path), "%s/zones/exists.example.zone", dir);
	assert_int_equal(access(path, R_OK), 0);
	snprintf(path, sizeof(path), "%s/zones/gone.example.zone", dir);
	assert_int_not_equal(access(path, R_OK), 0);

	assert_int_equal(kn_dns_zone_load(&z, dir, err, sizeof(err)), 0);
	kn_arena_dispose(&ar);
	kn_arena_init(&ar);
	{
		kn_resolver live2;

		ask_all(&live2, &ar, kn_dns_memory_backend(m), qs, NQ(qs));
		ask_all(&replay, &ar, kn_dns_zone_backend(z), qs, NQ(qs));
		assert_int_equal(compare_logs(&live2, &replay), 4);
	}
	/* gone.example is NXDOMAIN from the evidence, not outside it. */
	{
		const kn_dns_log_entry *e = replay.log.items;

		assert_int_equal(e[2].status, KN_DNS_NXDOMAIN);
		assert_null(strstr(e[2].backend, "not in evidence"));
	}
	/* The timeout is replayed; the A record seen at that name too. */
	assert_int_equal(kn_dns_query(&replay, "slow.example2", KN_DNS_TXT, &a), 0);
	assert_int_equal(a->status, KN_DNS_TIMEOUT);
	assert_int_equal(kn_dns_query(&replay, "slow.example2", KN_DNS_MX, &a), 0);
	assert_int_equal(a->status, KN_DNS_TIMEOUT);

	kn_dns_zone_free(z);
	remove_tree(dir);
	kn_arena_dispose(&ar);
	kn_evidence_free(ev);
	kn_dns_memory_free(m);
}

static void
test_load_errors(void **state)
{
	kn_dns_zone *z = NULL;
	char err[256], *dir, path[512];
	FILE *f;

	(void)state;
	assert_int_equal(kn_dns_zone_load(&z, "/nonexistent/kensa", err, sizeof(err)),
		KENSA_ENOTFOUND);
	assert_null(z);
	dir = make_tmpdir();
	snprintf(path, sizeof(path), "%s/bad.test.zone", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("$TTL 60\n@ IN SOA ns hm 1 2 3 4 5\nwww IN A 300.1.2.3\n", f);
	fclose(f);
	assert_int_equal(kn_dns_zone_load(&z, dir, err, sizeof(err)), KENSA_EFORMAT);
	assert_non_null(strstr(err, "bad.test.zone:"));
	remove_tree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_seed_matches_live),
		cmocka_unit_test(test_save_replay_live),
		cmocka_unit_test(test_save_replay_memory),
		cmocka_unit_test(test_load_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
