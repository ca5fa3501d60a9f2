/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	spf - unit tests of check_host() and the SPF macros
 * SUMMARY
 *	the seed-kagoya case, RFC 7208 7.4 macro examples, the path
 * DESCRIPTION
 *	The seed case loads by hand the records of
 *	cases/seed-kagoya/zones/dd-sample.co.jp.zone and
 *	hosting-sample.net.zone (the ones SPF reads) into the memory
 *	backend: check_host(20.188.24.132, dd-sample.co.jp) is softfail
 *	(EXPECTED.md item 6).
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "auth/spf.h"
#include "intel/dns.h"

typedef struct fixture {
	kn_dns_memory *m;
	kn_arena ar;
	kn_resolver res;
} fixture;

static int
setup_seed(void **state)
{
	fixture *f = test_calloc(1, sizeof(*f));

	assert_non_null(f);
	f->m = kn_dns_memory_new();
	assert_non_null(f->m);
	/* dd-sample.co.jp.zone */
	assert_int_equal(kn_dns_memory_add(f->m, "dd-sample.co.jp.", KN_DNS_A,
		"203.0.113.25"), 0);
	assert_int_equal(kn_dns_memory_add(f->m, "dd-sample.co.jp.", KN_DNS_MX,
		"10 mail.dd-sample.co.jp."), 0);
	assert_int_equal(kn_dns_memory_add(f->m, "mail.dd-sample.co.jp.",
		KN_DNS_A, "203.0.113.26"), 0);
	assert_int_equal(kn_dns_memory_add(f->m, "ns1.dd-sample.co.jp.",
		KN_DNS_A, "203.0.113.2"), 0);
	assert_int_equal(kn_dns_memory_add(f->m, "dd-sample.co.jp.", KN_DNS_TXT,
		"\"v=spf1 a mx ip4:203.0.113.0/27 include:_spf.hosting-sample.net ~all\""),
		0);
	assert_int_equal(kn_dns_memory_add(f->m, "_dmarc.dd-sample.co.jp.",
		KN_DNS_TXT, "\"v=DMARC1; p=quarantine; "
		"rua=mailto:dmarc-reports@dd-sample.co.jp; adkim=r; aspf=r\""), 0);
	/* hosting-sample.net.zone */
	assert_int_equal(kn_dns_memory_add(f->m, "ns1.hosting-sample.net.",
		KN_DNS_A, "198.51.100.2"), 0);
	assert_int_equal(kn_dns_memory_add(f->m, "_spf.hosting-sample.net.",
		KN_DNS_TXT,
		"\"v=spf1 ip4:198.51.100.0/24 ip6:2001:db8:100::/48 ~all\""), 0);
	kn_arena_init(&f->ar);
	assert_int_equal(kn_dns_init(&f->res, &f->ar,
		kn_dns_memory_backend(f->m)), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	kn_arena_dispose(&f->ar);
	kn_dns_memory_free(f->m);
	test_free(f);
	return 0;
}

static kn_spf_eval
check(fixture *f, const char *ip, const char *domain, const char *sender)
{
	kn_spf_request req = { 0 };
	kn_spf_eval ev;

	assert_true(kn_ip_parse(ip, strlen(ip), &req.ip));
	req.helo = "mail.example.org";
	assert_int_equal(kn_spf_check_host(&ev, &f->res, &f->ar, &req, domain,
		sender), 0);
	return ev;
}

static void
test_seed_softfail(void **state)
{
	fixture *f = *state;
	kn_spf_eval ev = check(f, "20.188.24.132", "dd-sample.co.jp",
		"info@dd-sample.co.jp");
	const kn_spf_step *last;

	assert_int_equal(ev.result, KN_SPF_SOFTFAIL);
	assert_string_equal(kn_spf_result_name(ev.result), "softfail");
	assert_string_equal(ev.domain, "dd-sample.co.jp");
	assert_string_equal(ev.record,
		"v=spf1 a mx ip4:203.0.113.0/27 include:_spf.hosting-sample.net ~all");
	assert_string_equal(ev.mechanism, "~all");
	assert_string_equal(ev.mechanism_domain, "dd-sample.co.jp");
	assert_int_equal(ev.dns_lookups, 3); /* a, mx, include */
	assert_int_equal(ev.void_lookups, 0);
	assert_null(ev.explanation);
	assert_null(ev.problem);
	/* The path: the record, the included record, the match of ~all. */
	assert_true(ev.steps.count >= 3);
	last = (const kn_spf_step *)ev.steps.items + ev.steps.count - 1;
	assert_int_equal(last->depth, 0);
	assert_string_equal(last->term, "~all");
	assert_int_equal(last->result, KN_SPF_SOFTFAIL);
	/* Every lookup is in the resolver's log. */
	assert_true(f->res.log.count >= 5);
}

static void
test_seed_pass_paths(void **state)
{
	fixture *f = *state;
	kn_spf_eval ev;

	ev = check(f, "198.51.100.77", "dd-sample.co.jp", "info@dd-sample.co.jp");
	assert_int_equal(ev.result, KN_SPF_PASS);
	assert_string_equal(ev.mechanism, "include:_spf.hosting-sample.net");
	ev = check(f, "203.0.113.26", "dd-sample.co.jp", "info@dd-sample.co.jp");
	assert_int_equal(ev.result, KN_SPF_PASS);
	assert_string_equal(ev.mechanism, "mx");
	ev = check(f, "203.0.113.25", "dd-sample.co.jp", "info@dd-sample.co.jp");
	assert_int_equal(ev.result, KN_SPF_PASS);
	assert_string_equal(ev.mechanism, "a");
	/* IPv4-mapped IPv6 is treated as IPv4 (RFC 7208 5). */
	ev = check(f, "::ffff:203.0.113.30", "dd-sample.co.jp", NULL);
	assert_int_equal(ev.result, KN_SPF_PASS);
	assert_string_equal(ev.mechanism, "ip4:203.0.113.0/27");
	ev = check(f, "2001:db8:100::25", "dd-sample.co.jp", NULL);
	assert_int_equal(ev.result, KN_SPF_PASS);
	/* No record at all: none. */
	ev = check(f, "20.188.24.132", "hosting-sample.net", NULL);
	assert_int_equal(ev.result, KN_SPF_NONE);
	assert_non_null(ev.problem);
}

/* RFC 7208 7.4 examples. */
static void
test_macro_rfc_examples(void **state)
{
	static const struct { const char *in, *out; } v4[] = {
		{ "%{s}", "strong-bad@email.example.com" },
		{ "%{o}", "email.example.com" },
		{ "%{d}", "email.example.com" },
		{ "%{d4}", "email.example.com" },
		{ "%{d3}", "email.example.com" },
		{ "%{d2}", "example.com" },
		{ "%{d1}", "com" },
		{ "%{dr}", "com.example.email" },
		{ "%{d2r}", "example.email" },
		{ "%{l}", "strong-bad" },
		{ "%{l-}", "strong.bad" },
		{ "%{lr}", "strong-bad" },
		{ "%{lr-}", "bad.strong" },
		{ "%{l1r-}", "strong" },
		{ "%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com" },
		{ "%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com" },
		{ "%{lr-}.lp.%{ir}.%{v}._spf.%{d2}",
		  "bad.strong.lp.3.2.0.192.in-addr._spf.example.com" },
		{ "%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}",
		  "3.2.0.192.in-addr.strong.lp._spf.example.com" },
		{ "%{d2}.trusted-domains.example.net",
		  "example.com.trusted-domains.example.net" },
		{ "%%%_%-", "% %20" },
	};
	kn_arena ar;
	kn_ip ip;
	kn_spf_macro_ctx ctx = { 0 };
	char *out;

	(void)state;
	kn_arena_init(&ar);
	assert_true(kn_ip_parse("192.0.2.3", 9, &ip));
	ctx.ar = &ar;
	ctx.ip = &ip;
	ctx.sender = "strong-bad@email.example.com";
	ctx.local = "strong-bad";
	ctx.sender_domain = "email.example.com";
	ctx.domain = "email.example.com";
	ctx.helo = "mx.example.org";
	for (size_t i = 0; i < sizeof(v4) / sizeof(v4[0]); i++) {
		assert_int_equal(kn_spf_macro_expand(&ctx, v4[i].in,
			strlen(v4[i].in), false, &out), 0);
		assert_string_equal(out, v4[i].out);
	}
	assert_true(kn_ip_parse("2001:db8::cb01", 14, &ip));
	assert_int_equal(kn_spf_macro_expand(&ctx, "%{ir}.%{v}._spf.%{d2}", 21,
		false, &out), 0);
	assert_string_equal(out, "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"
		".0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com");
	/* Upper case letters URL-escape (7.3); c/r/t only in exp (7.2). */
	ctx.local = "a b&c";
	assert_int_equal(kn_spf_macro_expand(&ctx, "%{L}", 4, false, &out), 0);
	assert_string_equal(out, "a%20b%26c");
	assert_false(kn_spf_macro_valid("%{c}", 4, false));
	assert_true(kn_spf_macro_valid("%{c} %{r} %{t}", 14, true));
	assert_false(kn_spf_macro_valid("%{d0}", 5, false));
	assert_false(kn_spf_macro_valid("%{x}", 4, false));
	assert_false(kn_spf_macro_valid("50%", 3, false));
	kn_arena_dispose(&ar);
}

/* Syntax errors are permerror; limits are enforced. */
static void
test_permerrors_and_limits(void **state)
{
	fixture *f = *state;
	static const struct { const char *name, *txt; kn_spf_result want; } c[] = {
		{ "p1.example.com", "v=spf1 foo:bar -all", KN_SPF_PERMERROR },
		{ "p2.example.com", "v=spf1 ip4:192.0.2.0/33 -all", KN_SPF_PERMERROR },
		{ "p3.example.com", "v=spf1 redirect=a.example.com redirect=b.example.com",
		  KN_SPF_PERMERROR },
		{ "p4.example.com", "v=spf1 -all exp=e.example.com exp=e.example.com",
		  KN_SPF_PERMERROR },
		{ "p5.example.com", "v=spf1 a:%{c}.example.com -all", KN_SPF_PERMERROR },
		{ "p6.example.com", "v=spf1 unknown-mod=%{d} -all", KN_SPF_FAIL },
		{ "p7.example.com", "v=spf1 include:none.example.com -all",
		  KN_SPF_PERMERROR },
		{ "p8.example.com", "v=spf1 a/24//64 ip6:2001:db8::/32 -all",
		  KN_SPF_FAIL },
	};
	kn_spf_eval ev;

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		assert_int_equal(kn_dns_memory_add(f->m, c[i].name, KN_DNS_TXT,
			c[i].txt), 0);
		ev = check(f, "192.0.2.1", c[i].name, NULL);
		assert_int_equal(ev.result, c[i].want);
	}
	/* 11 DNS terms: permerror at the 11th (4.6.4). */
	assert_int_equal(kn_dns_memory_add(f->m, "l.example.com", KN_DNS_TXT,
		"v=spf1 a a a a a a a a a a a -all"), 0);
	assert_int_equal(kn_dns_memory_add(f->m, "l.example.com", KN_DNS_A,
		"192.0.2.200"), 0);
	ev = check(f, "192.0.2.1", "l.example.com", NULL);
	assert_int_equal(ev.result, KN_SPF_PERMERROR);
	assert_int_equal(ev.dns_lookups, KN_SPF_MAX_DNS_MECHS + 1);
	assert_non_null(ev.problem);
	/* A DNS timeout is temperror. */
	assert_int_equal(kn_dns_memory_fail(f->m, "t.example.com",
		KN_DNS_TIMEOUT), 0);
	ev = check(f, "192.0.2.1", "t.example.com", NULL);
	assert_int_equal(ev.result, KN_SPF_TEMPERROR);
	/* exp with macros for a fail. */
	assert_int_equal(kn_dns_memory_add(f->m, "x.example.com", KN_DNS_TXT,
		"v=spf1 -all exp=why.%{d}"), 0);
	assert_int_equal(kn_dns_memory_add(f->m, "why.x.example.com", KN_DNS_TXT,
		"\"%{i} is not allowed to send for \" \"%{o}\""), 0);
	ev = check(f, "192.0.2.9", "x.example.com", "joe@x.example.com");
	assert_int_equal(ev.result, KN_SPF_FAIL);
	assert_string_equal(ev.explanation,
		"192.0.2.9 is not allowed to send for x.example.com");
}

/* HELO identity and the postmaster default (RFC 7208 2.3, 2.4, 4.3). */
static void
test_helo_identity(void **state)
{
	fixture *f = *state;
	kn_spf_request req = { 0 };
	kn_spf_eval ev;

	assert_int_equal(kn_dns_memory_add(f->m, "h.example.com", KN_DNS_TXT,
		"v=spf1 -all exp=hx.example.com"), 0);
	assert_int_equal(kn_dns_memory_add(f->m, "hx.example.com", KN_DNS_TXT,
		"%{s} via %{h}"), 0);
	assert_true(kn_ip_parse("192.0.2.1", 9, &req.ip));
	req.helo = "h.example.com";
	req.mail_from = "";
	assert_int_equal(kn_spf_verify(&ev, &f->res, &f->ar, &req), 0);
	assert_int_equal(ev.result, KN_SPF_FAIL);
	assert_string_equal(ev.explanation,
		"postmaster@h.example.com via h.example.com");
	req.helo = "localhost";
	assert_int_equal(kn_spf_check_helo(&ev, &f->res, &f->ar, &req), 0);
	assert_int_equal(ev.result, KN_SPF_NONE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_seed_softfail, setup_seed,
			teardown),
		cmocka_unit_test_setup_teardown(test_seed_pass_paths, setup_seed,
			teardown),
		cmocka_unit_test(test_macro_rfc_examples),
		cmocka_unit_test_setup_teardown(test_permerrors_and_limits,
			setup_seed, teardown),
		cmocka_unit_test_setup_teardown(test_helo_identity, setup_seed,
			teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
