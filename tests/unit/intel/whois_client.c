/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	test_intel_whois_client
 * SUMMARY
 *	WHOIS client against the loopback whoisd (ctest fixture "whois")
 * DESCRIPTION
 *	tests/servers/whoisd serves the seed-kagoya answers on three
 *	loopback ports (iana, registry, registrar); the client maps the real
 *	server names (whois.iana.org, whois.jprs.jp, whois.verisign-grs.com,
 *	whois.registrar-sample.net) to them, so the IANA "refer:" and the
 *	"Registrar WHOIS Server:" referral are followed as in production.
 *	The server's state directory comes from $KENSA_WHOISD_STATE (set by
 *	tests/whois.cmake); without it the server tests skip. The refused,
 *	timeout and offline cases need no server.
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

#include "intel/whois.h"

static unsigned port_iana, port_registry, port_registrar;

static int
setup(void **state)
{
	const char *dir = getenv("KENSA_WHOISD_STATE");
	if (dir == NULL)
		return 0;
	char path[512];
	snprintf(path, sizeof(path), "%s/whoisd.ports", dir);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return 0;
	char line[64];
	while (fgets(line, sizeof(line), f)) {
		unsigned long v;
		char *eq = strchr(line, '=');
		if (eq == NULL)
			continue;
		v = strtoul(eq + 1, NULL, 10);
		if (strncmp(line, "iana=", 5) == 0)
			port_iana = (unsigned)v;
		else if (strncmp(line, "registry=", 9) == 0)
			port_registry = (unsigned)v;
		else if (strncmp(line, "registrar=", 10) == 0)
			port_registrar = (unsigned)v;
	}
	fclose(f);
	return 0;
}

static void
need_server(void)
{
	if (port_iana == 0 || port_registry == 0 || port_registrar == 0) {
		fprintf(stderr, "whoisd not running (KENSA_WHOISD_STATE unset): "
			"run through ctest, fixture \"whois\"\n");
		skip();
	}
}

static void
client_for_tests(kn_whois_client *c, kn_arena *ar)
{
	assert_int_equal(kn_whois_client_init(c, ar), 0);
	c->timeout_ms = 3000;
	assert_int_equal(kn_whois_client_map(c, "whois.iana.org", "127.0.0.1", port_iana), 0);
	assert_int_equal(kn_whois_client_map(c, "whois.jprs.jp", "127.0.0.1", port_registry), 0);
	assert_int_equal(kn_whois_client_map(c, "whois.verisign-grs.com", "127.0.0.1", port_registry), 0);
	assert_int_equal(kn_whois_client_map(c, "whois.registrar-sample.net", "127.0.0.1", port_registrar), 0);
}

static const kn_whois_exchange *
log_at(const kn_whois_client *c, size_t i)
{
	assert_true(i < c->log.count);
	return &((const kn_whois_exchange *)c->log.items)[i];
}

static void
test_jprs_via_iana(void **state)
{
	need_server();
	kn_arena ar;
	kn_whois_client c;
	kn_whois_record r;
	bool found;
	kn_arena_init(&ar);
	client_for_tests(&c, &ar);
	assert_int_equal(kn_whois_lookup(&c, "DD-Sample.co.jp.", &r, &found), 0);
	assert_true(found);
	assert_int_equal(c.log.count, 2);
	const kn_whois_exchange *ia = log_at(&c, 0), *rg = log_at(&c, 1);
	assert_string_equal(ia->role, "iana");
	assert_string_equal(ia->server, "whois.iana.org");
	assert_string_equal(ia->query, "dd-sample.co.jp");
	assert_int_equal(ia->port, port_iana);
	assert_int_equal(ia->status, KN_WHOIS_OK);
	assert_string_equal(rg->server, "whois.jprs.jp");
	assert_string_equal(rg->query, "dd-sample.co.jp");
	assert_int_equal(rg->status, KN_WHOIS_OK);
	/* whoisd sends .jp answers in ISO-2022-JP, as JPRS does */
	assert_non_null(strstr(rg->charset, "ISO-2022-JP"));
	assert_true(rg->ms >= 0.0 && rg->ms < 3000.0);
	assert_true(rg->raw_len > 0 && rg->answer_len > 0);
	assert_string_equal(r.source, "whois.jprs.jp");
	assert_string_equal(r.domain, "dd-sample.co.jp");
	assert_string_equal(r.registrant_org, "株式会社ディーディーサンプル");
	assert_string_equal(r.registrant_org_alt, "DD Sample Co.,Ltd.");
	assert_int_equal(r.created, kn_whois_parse_time("2005-03-08", 10));
	assert_null(r.referral);
	kn_arena_dispose(&ar);
}

/* The same JPRS answer in Shift_JIS and EUC-JP comes out as UTF-8. */
static void
test_japanese_charsets(void **state)
{
	need_server();
	static const char *const q[] = { "dd-sample.co.jp/sjis", "dd-sample.co.jp/eucjp" };
	kn_arena ar;
	kn_whois_client c;
	kn_arena_init(&ar);
	client_for_tests(&c, &ar);
	for (size_t i = 0; i < 2; i++) {
		const kn_whois_exchange *ex;
		kn_whois_record r;
		assert_int_equal(kn_whois_exchange_run(&c, "whois.jprs.jp", 43, q[i],
			"registry", &ex), 0);
		assert_int_equal(ex->status, KN_WHOIS_OK);
		assert_true(ex->answer_len > ex->raw_len); /* 2 bytes -> 3 */
		fprintf(stderr, "whois: %s read as %s\n", q[i], ex->charset);
		assert_true(kn_whois_parse(&ar, ex->answer, ex->answer_len, &r));
		assert_string_equal(r.registrant_org, "株式会社ディーディーサンプル");
		assert_string_equal(r.registrant_org_alt, "DD Sample Co.,Ltd.");
	}
	assert_true(strstr(((const kn_whois_exchange *)c.log.items)[0].charset, "932")
		|| strstr(((const kn_whois_exchange *)c.log.items)[0].charset, "SHIFT"));
	assert_non_null(strstr(((const kn_whois_exchange *)c.log.items)[1].charset, "EUC"));
	kn_arena_dispose(&ar);
}

static void
test_jprs_english(void **state)
{
	need_server();
	kn_arena ar;
	kn_whois_client c;
	kn_whois_record r;
	bool found;
	kn_arena_init(&ar);
	client_for_tests(&c, &ar);
	c.jprs_english = true;
	assert_int_equal(kn_whois_lookup(&c, "dd-sample.co.jp", &r, &found), 0);
	assert_true(found);
	assert_string_equal(log_at(&c, 1)->query, "dd-sample.co.jp/e");
	assert_string_equal(log_at(&c, 0)->query, "dd-sample.co.jp");
	assert_string_equal(r.registrant_org, "DD Sample Co.,Ltd.");
	assert_int_equal(r.ns_count, 2);
	kn_arena_dispose(&ar);
}

static void
test_thin_registry_referral(void **state)
{
	need_server();
	kn_arena ar;
	kn_whois_client c;
	kn_whois_record r;
	bool found;
	kn_arena_init(&ar);
	client_for_tests(&c, &ar);
	assert_int_equal(kn_whois_lookup(&c, "comget-sample.net", &r, &found), 0);
	assert_true(found);
	assert_int_equal(c.log.count, 3);
	assert_string_equal(log_at(&c, 1)->server, "whois.verisign-grs.com");
	const kn_whois_exchange *rr = log_at(&c, 2);
	assert_string_equal(rr->role, "registrar");
	assert_string_equal(rr->server, "whois.registrar-sample.net");
	assert_int_equal(rr->port, port_registrar);
	assert_int_equal(rr->status, KN_WHOIS_OK);
	assert_non_null(strstr(rr->answer, "Registrant State/Province: Arizona"));
	assert_string_equal(r.source, "whois.verisign-grs.com");
	assert_string_equal(r.referral, "whois.registrar-sample.net");
	assert_string_equal(r.registrar, "Registrar Sample, LLC");
	assert_string_equal(r.registrant_state, "Arizona");
	assert_string_equal(r.registrant_country, "US");
	assert_int_equal(r.created, kn_whois_parse_time("2021-10-10T18:22:40Z", 20));
	/* no referral following: registrant data stays unknown */
	kn_whois_client c2;
	client_for_tests(&c2, &ar);
	c2.follow_referral = false;
	assert_int_equal(kn_whois_lookup(&c2, "comget-sample.net", &r, &found), 0);
	assert_true(found);
	assert_int_equal(c2.log.count, 2);
	assert_null(r.registrant_country);
	kn_arena_dispose(&ar);
}

static void
test_direct_server_and_no_match(void **state)
{
	need_server();
	kn_arena ar;
	kn_whois_client c;
	kn_whois_record r;
	bool found;
	kn_arena_init(&ar);
	client_for_tests(&c, &ar);
	/* first server is the registry itself: no IANA step */
	c.server = "whois.verisign-grs.com";
	c.server_is_iana = false;
	assert_int_equal(kn_whois_lookup(&c, "nothing-here-sample.net", &r, &found), 0);
	assert_false(found);
	assert_int_equal(c.log.count, 1);
	assert_non_null(strstr(log_at(&c, 0)->answer, "No match"));
	/* answer cap: 64 bytes kept, status truncated */
	c.answer_max = 64;
	assert_int_equal(kn_whois_lookup(&c, "comget-sample.net", &r, &found), 0);
	const kn_whois_exchange *t = log_at(&c, 1);
	assert_int_equal(t->status, KN_WHOIS_TRUNCATED);
	assert_int_equal(t->raw_len, 64);
	assert_true(found); /* the domain line fits in 64 bytes */
	assert_string_equal(r.domain, "comget-sample.net");
	assert_int_equal(kn_whois_lookup(&c, "bad domain", &r, &found), KENSA_EINVAL);
	/* a name, not an address: resolved through getaddrinfo_a (from
	 * /etc/hosts; ::1 may come first and be refused: the next address
	 * is tried) */
	const kn_whois_exchange *lh;
	c.answer_max = KN_WHOIS_ANSWER_MAX;
	assert_int_equal(kn_whois_exchange_run(&c, "localhost", port_registry,
		"comget-sample.net", "registry", &lh), 0);
	assert_int_equal(lh->status, KN_WHOIS_OK);
	assert_non_null(strstr(lh->answer, "Registrar WHOIS Server"));
	assert_true(lh->at > 1600000000);
	kn_arena_dispose(&ar);
}

static double
mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* A loopback port with a listening socket (never accepted) or, when
 * listening is false, a port that was bound and closed again. */
static int
loopback_socket(bool listening, unsigned *port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in sa = { .sin_family = AF_INET };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	socklen_t sl = sizeof(sa);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	*port = ntohs(sa.sin_port);
	if (listening) {
		assert_int_equal(listen(fd, 4), 0);
		return fd;
	}
	close(fd);
	return -1;
}

static void
test_refused_and_timeout(void **state)
{
	kn_arena ar;
	kn_whois_client c;
	kn_whois_record r;
	bool found;
	unsigned closed, silent;
	kn_arena_init(&ar);
	assert_int_equal(kn_whois_client_init(&c, &ar), 0);
	c.timeout_ms = 400;
	loopback_socket(false, &closed);
	assert_int_equal(kn_whois_client_map(&c, "whois.iana.org", "127.0.0.1", closed), 0);
	double t0 = mono_ms();
	assert_int_equal(kn_whois_lookup(&c, "comget-sample.net", &r, &found), 0);
	assert_false(found);
	assert_true(mono_ms() - t0 < 400.0);
	assert_int_equal(log_at(&c, 0)->status, KN_WHOIS_REFUSED);

	/* accepts (kernel backlog) but never answers */
	int lfd = loopback_socket(true, &silent);
	assert_int_equal(kn_whois_client_map(&c, "whois.jprs.jp", "127.0.0.1", silent), 0);
	const kn_whois_exchange *ex;
	t0 = mono_ms();
	assert_int_equal(kn_whois_exchange_run(&c, "whois.jprs.jp", 43,
		"dd-sample.co.jp", "registry", &ex), 0);
	double el = mono_ms() - t0;
	close(lfd);
	assert_int_equal(ex->status, KN_WHOIS_TIMEOUT);
	assert_int_equal(ex->port, silent);
	assert_true(el >= 380.0 && el < 1400.0);
	assert_true(ex->ms >= 380.0 && ex->ms < 1400.0);
	assert_int_equal(ex->answer_len, 0);
	assert_string_equal(kn_whois_status_name(ex->status), "timeout");
	/* map rejects a non-numeric address and a bad port */
	assert_int_equal(kn_whois_client_map(&c, "x", "localhost", 43), KENSA_EINVAL);
	assert_int_equal(kn_whois_client_map(&c, "x", "::1", 0), KENSA_EINVAL);
	assert_int_equal(kn_whois_exchange_run(&c, "h", 43, "a\r\nb", "x", &ex),
		KENSA_EINVAL);
	kn_arena_dispose(&ar);
}

static void
test_offline(void **state)
{
	kn_arena ar;
	kn_whois_client c;
	kn_whois_record r;
	bool found = true;
	kn_arena_init(&ar);
	assert_int_equal(kn_whois_client_init(&c, &ar), 0);
	c.offline = true;
	assert_int_equal(kn_whois_lookup(&c, "dd-sample.co.jp", &r, &found), 0);
	assert_false(found);
	assert_int_equal(c.log.count, 1);
	assert_int_equal(log_at(&c, 0)->status, KN_WHOIS_OFFLINE);
	assert_int_equal(log_at(&c, 0)->port, 43);
	assert_string_equal(log_at(&c, 0)->server, "whois.iana.org");
	assert_int_equal(c.exchanges, 0);
	kn_arena_dispose(&ar);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jprs_via_iana),
		cmocka_unit_test(test_japanese_charsets),
		cmocka_unit_test(test_jprs_english),
		cmocka_unit_test(test_thin_registry_referral),
		cmocka_unit_test(test_direct_server_and_no_match),
		cmocka_unit_test(test_refused_and_timeout),
		cmocka_unit_test(test_offline),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
