/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dns_net - unit tests of the c-ares network backend
 * SUMMARY
 *	real questions to NSD on 127.0.0.1 (fixture "dns", tests/servers/)
 * DESCRIPTION
 *	The port of the loopback server is read from the file named by
 *	KENSA_DNS_PORT_FILE (set by tests/servers.cmake); without it the
 *	tests are skipped. Only loopback addresses are ever asked.
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <kensa/errors.h>

#include "auth/spf.h"
#include "intel/dns.h"
#include "intel/dns_net.h"
#include "util/ip.h"

static char servers[64];

static double
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* "127.0.0.1:<port>" of the fixture's server, or skip. */
static int
setup_server(void **state)
{
	const char *path = getenv("KENSA_DNS_PORT_FILE");
	unsigned port = 0;
	FILE *f;

	(void)state;
	if (path == NULL || (f = fopen(path, "r")) == NULL) {
		print_message("no loopback DNS server (KENSA_DNS_PORT_FILE)\n");
		return -1;
	}
	if (fscanf(f, "%u", &port) != 1 || port == 0 || port > 65535) {
		fclose(f);
		return -1;
	}
	fclose(f);
	snprintf(servers, sizeof(servers), "127.0.0.1:%u", port);
	return 0;
}

typedef struct fixture {
	kn_dns_net *net;
	kn_resolver r;
	kn_arena ar;
} fixture;

static void
open_fixture(fixture *fx, const char *srv, unsigned timeout_ms)
{
	kn_dns_net_options o = KN_DNS_NET_OPTIONS_INIT;

	o.servers = srv;
	if (timeout_ms)
		o.timeout_ms = timeout_ms;
	assert_int_equal(kn_dns_net_new(&fx->net, &o), 0);
	kn_arena_init(&fx->ar);
	assert_int_equal(kn_dns_init(&fx->r, &fx->ar, kn_dns_net_backend(fx->net)), 0);
}

static void
close_fixture(fixture *fx)
{
	kn_arena_dispose(&fx->ar);
	kn_dns_net_free(fx->net);
}

static const kn_dns_answer *
ask(fixture *fx, const char *name, kn_dns_type type)
{
	const kn_dns_answer *a = NULL;

	assert_int_equal(kn_dns_query(&fx->r, name, type, &a), 0);
	assert_non_null(a);
	return a;
}

static void
test_addresses(void **state)
{
	static const unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0x10 };
	const kn_dns_answer *a;
	fixture fx;

	(void)state;
	open_fixture(&fx, servers, 0);
	assert_string_equal(kn_dns_net_servers(fx.net), servers);
	a = ask(&fx, "kensa.test", KN_DNS_A);
	assert_int_equal(a->status, KN_DNS_NOERROR);
	assert_int_equal(a->count, 2); /* the NS glue in "additional" is not kept */
	assert_memory_equal(a->rrs[0].u.addr, "\xc0\x00\x02\x0a", 4);
	assert_memory_equal(a->rrs[1].u.addr, "\xc0\x00\x02\x0b", 4);

	a = ask(&fx, "KENSA.test.", KN_DNS_AAAA);
	assert_int_equal(a->status, KN_DNS_NOERROR);
	assert_int_equal(a->count, 1);
	assert_memory_equal(a->rrs[0].u.addr, v6, 16);

	/* dd-sample.co.jp from the seed case, served from shared/ in place. */
	a = ask(&fx, "mail.dd-sample.co.jp", KN_DNS_A);
	assert_int_equal(a->status, KN_DNS_NOERROR);
	assert_memory_equal(a->rrs[0].u.addr, "\xcb\x00\x71\x1a", 4);
	close_fixture(&fx);
}

static void
test_mx_cname(void **state)
{
	const kn_dns_answer *a;
	fixture fx;

	(void)state;
	open_fixture(&fx, servers, 0);
	a = ask(&fx, "kensa.test", KN_DNS_MX);
	assert_int_equal(a->status, KN_DNS_NOERROR);
	assert_int_equal(a->count, 2);
	assert_int_equal(a->rrs[0].u.mx.pref, 10);
	assert_string_equal(a->rrs[0].u.mx.exchange, "mx1.kensa.test");
	assert_int_equal(a->rrs[1].u.mx.pref, 20);
	assert_string_equal(a->rrs[1].u.mx.exchange, "mx2.kensa.test");

	/* The chain alias -> target is followed for A and TXT. */
	a = ask(&fx, "alias.kensa.test", KN_DNS_A);
	assert_int_equal(a->status, KN_DNS_NOERROR);
	assert_int_equal(a->count, 1);
	assert_memory_equal(a->rrs[0].u.addr, "\xc0\x00\x02\x4d", 4);
	a = ask(&fx, "alias.kensa.test", KN_DNS_TXT);
	assert_int_equal(a->status, KN_DNS_NOERROR);
	assert_memory_equal(a->rrs[0].u.txt.strings[0].p, "at target", 9);
	/* A CNAME question gets the CNAME itself. */
	a = ask(&fx, "alias.kensa.test", KN_DNS_CNAME);
	assert_int_equal(a->status, KN_DNS_NOERROR);
	assert_string_equal(a->rrs[0].u.name, "target.kensa.test");
	close_fixture(&fx);
}

static void
test_txt_strings(void **state)
{
	const kn_dns_answer *a;
	fixture fx;

	(void)state;
	open_fixture(&fx, servers, 0);
	a = ask(&fx, "multi.kensa.test", KN_DNS_TXT);
	assert_int_equal(a->status, KN_DNS_NOERROR);
	assert_int_equal(a->count, 2);
	assert_int_equal(a->rrs[0].u.txt.count, 3);
	assert_int_equal(a->rrs[0].u.txt.strings[0].len, 7);
	assert_memory_equal(a->rrs[0].u.txt.strings[0].p, "v=spf1 ", 7);
	assert_string_equal(a->rrs[0].u.txt.strings[1].p, "ip4:192.0.2.0/24 ");
	assert_string_equal(a->rrs[0].u.txt.strings[2].p, "-all");
	assert_int_equal(a->rrs[1].u.txt.count, 1);
	assert_string_equal(a->rrs[1].u.txt.strings[0].p, "second record");

	/* Escapes decoded to bytes: quote, backslash, UTF-8 of U+540D. */
	a = ask(&fx, "escaped.kensa.test", KN_DNS_TXT);
	assert_int_equal(a->rrs[0].u.txt.count, 1);
	assert_int_equal(a->rrs[0].u.txt.strings[0].len, 16);
	assert_memory_equal(a->rrs[0].u.txt.strings[0].p,
		"say \"hi\" \\ ; \xe5\x90\x8d", 16);
	a = ask(&fx, "empty.kensa.test", KN_DNS_TXT);
	assert_int_equal(a->rrs[0].u.txt.count, 1);
	assert_int_equal(a->rrs[0].u.txt.strings[0].len, 0);
	close_fixture(&fx);
}

static void
test_ptr(void **state)
{
	static const unsigned char seed_ip[4] = { 20, 188, 24, 132 };
	const kn_dns_answer *a;
	fixture fx;
	char *rev;

	(void)state;
	open_fixture(&fx, servers, 0);
	/* The seed's originating IP has no PTR: NXDOMAIN in 188.20.in-addr.arpa. */
	rev = kn_dns_reverse_name(&fx.ar, 4, seed_ip);
	assert_string_equal(rev, "132.24.188.20.in-addr.arpa");
	a = ask(&fx, rev, KN_DNS_PTR);
	assert_int_equal(a->status, KN_DNS_NXDOMAIN);

	a = ask(&fx, "25.100.51.198.in-addr.arpa", KN_DNS_PTR);
	assert_int_equal(a->status, KN_DNS_NOERROR);
	assert_string_equal(a->rrs[0].u.name, "mx1.office-sample.jp");
	/* Two PTR records, both kept in order. */
	a = ask(&fx, "77.2.0.192.in-addr.arpa", KN_DNS_PTR);
	assert_int_equal(a->count, 2);
	assert_string_equal(a->rrs[0].u.name, "target.kensa.test");
	assert_string_equal(a->rrs[1].u.name, "alias-owner.kensa.test");
	close_fixture(&fx);
}

static void
test_negative(void **state)
{
	const kn_dns_answer *a;
	fixture fx;

	(void)state;
	open_fixture(&fx, servers, 0);
	assert_int_equal(ask(&fx, "nope.kensa.test", KN_DNS_A)->status, KN_DNS_NXDOMAIN);
	assert_int_equal(ask(&fx, "aonly.kensa.test", KN_DNS_TXT)->status, KN_DNS_NODATA);
	assert_int_equal(ask(&fx, "aonly.kensa.test", KN_DNS_MX)->status, KN_DNS_NODATA);
	/* Empty non-terminal: exists, no data (RFC 8020). */
	assert_int_equal(ask(&fx, "sub.kensa.test", KN_DNS_A)->status, KN_DNS_NODATA);
	/* A zone NSD cannot load: SERVFAIL; outside every zone: REFUSED. */
	a = ask(&fx, "x.servfail.kensa-broken.test", KN_DNS_A);
	assert_int_equal(a->status, KN_DNS_SERVFAIL);
	a = ask(&fx, "example.com", KN_DNS_A);
	assert_int_equal(a->status, KN_DNS_SERVFAIL);
	close_fixture(&fx);
}

/* A closed port on loopback: refused at once, never a hang. */
static void
test_closed_port(void **state)
{
	const kn_dns_answer *a;
	fixture fx;
	double t0, ms;

	(void)state;
	/* Port 9 (discard) is not served here; the fixture server is not
	 * on it either. */
	open_fixture(&fx, "127.0.0.1:9", 500);
	t0 = mono_ms();
	a = ask(&fx, "kensa.test", KN_DNS_A);
	ms = mono_ms() - t0;
	assert_int_equal(a->status, KN_DNS_TIMEOUT);
	assert_true(ms < 600);
	/* After KN_DNS_NET_MAX_SILENT silent questions, none is sent. */
	for (int i = 1; i < KN_DNS_NET_MAX_SILENT; i++) {
		char name[32];

		snprintf(name, sizeof(name), "q%d.kensa.test", i);
		assert_int_equal(ask(&fx, name, KN_DNS_A)->status, KN_DNS_TIMEOUT);
	}
	t0 = mono_ms();
	a = ask(&fx, "c.kensa.test", KN_DNS_MX);
	assert_int_equal(a->status, KN_DNS_TIMEOUT);
	assert_true(mono_ms() - t0 < 50);
	{
		const kn_dns_log_entry *e = fx.r.log.items;

		assert_non_null(strstr(e[fx.r.log.count - 1].backend, "not sent"));
	}
	close_fixture(&fx);
}

/* A server that never answers (a UDP socket we hold and never read):
 * the question returns within its timeout. */
static void
test_timeout(void **state)
{
	const kn_dns_answer *a;
	fixture fx;
	double t0, ms;
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	char srv[64];
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	(void)state;
	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	snprintf(srv, sizeof(srv), "127.0.0.1:%u", ntohs(sa.sin_port));

	open_fixture(&fx, srv, 300);
	t0 = mono_ms();
	a = ask(&fx, "kensa.test", KN_DNS_TXT);
	ms = mono_ms() - t0;
	assert_int_equal(a->status, KN_DNS_TIMEOUT);
	assert_true(ms >= 250 && ms < 450);
	close_fixture(&fx);
	close(fd);
}

static void
test_log(void **state)
{
	const kn_dns_log_entry *e;
	fixture fx;
	char want[80];

	(void)state;
	open_fixture(&fx, servers, 0);
	(void)ask(&fx, "kensa.test", KN_DNS_A);
	(void)ask(&fx, "kensa.test", KN_DNS_A);
	(void)ask(&fx, "nope.kensa.test", KN_DNS_A);
	assert_int_equal(fx.r.log.count, 3);
	e = fx.r.log.items;
	snprintf(want, sizeof(want), "dns %s", servers);
	assert_string_equal(e[0].backend, want);
	assert_false(e[0].cached);
	assert_true(e[0].ms > 0 && e[0].ms < 1000);
	assert_string_equal(e[0].summary, "192.0.2.10, 192.0.2.11");
	assert_true(e[1].cached);
	assert_string_equal(e[2].backend, want);
	assert_int_equal(e[2].status, KN_DNS_NXDOMAIN);
	assert_true(kn_dns_net_spent_ms(fx.net) > 0);
	close_fixture(&fx);
}

/* The seed's SPF through the network: 20.188.24.132 is in none of
 * dd-sample.co.jp's terms, which end in ~all (EXPECTED.md). */
static void
test_seed_spf(void **state)
{
	kn_spf_request req;
	kn_spf_eval ev;
	fixture fx;

	(void)state;
	open_fixture(&fx, servers, 0);
	memset(&req, 0, sizeof(req));
	assert_true(kn_ip_parse("20.188.24.132", 13, &req.ip));
	req.helo = "unknown";
	assert_int_equal(kn_spf_check_host(&ev, &fx.r, &fx.ar, &req,
		"dd-sample.co.jp", "info@dd-sample.co.jp"), 0);
	assert_int_equal(ev.result, KN_SPF_SOFTFAIL);
	assert_string_equal(kn_spf_result_name(ev.result), "softfail");
	assert_string_equal(ev.mechanism, "~all");
	assert_true(fx.r.log.count >= 4); /* TXT, A, MX, include's TXT... */
	close_fixture(&fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_mx_cname),
		cmocka_unit_test(test_txt_strings),
		cmocka_unit_test(test_ptr),
		cmocka_unit_test(test_negative),
		cmocka_unit_test(test_closed_port),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_log),
		cmocka_unit_test(test_seed_spf),
	};

	return cmocka_run_group_tests(tests, setup_server, NULL);
}
