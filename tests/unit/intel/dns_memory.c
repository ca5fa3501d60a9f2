/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dns_memory - unit tests of the resolver and the memory backend
 * SUMMARY
 *	statuses, records, CNAME, faults, cache and lookup log
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <kensa/errors.h>

#include "intel/dns.h"

static void
test_records_and_statuses(void **state)
{
	kn_dns_memory *m = kn_dns_memory_new();
	const kn_dns_answer *a;
	kn_resolver r;
	kn_arena ar;
	static const unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 1 };

	(void)state;
	assert_non_null(m);
	kn_arena_init(&ar);
	assert_int_equal(kn_dns_memory_add(m, "Example.COM.", KN_DNS_A, "192.0.2.1"), 0);
	assert_int_equal(kn_dns_memory_add(m, "example.com", KN_DNS_A, "192.0.2.2"), 0);
	assert_int_equal(kn_dns_memory_add(m, "example.com", KN_DNS_AAAA, "2001:db8::1"), 0);
	assert_int_equal(kn_dns_memory_add(m, "example.com", KN_DNS_MX,
		"10 Mail.Example.com."), 0);
	assert_int_equal(kn_dns_memory_add(m, "example.com", KN_DNS_TXT,
		"\"v=spf1 \" \"-all\" \"q\\\"\\065\""), 0);
	assert_int_equal(kn_dns_memory_add(m, "1.2.0.192.in-addr.arpa", KN_DNS_PTR,
		"example.com."), 0);
	assert_int_equal(kn_dns_memory_add(m, "bad.example.com", KN_DNS_A, "300.1.1.1"),
		KENSA_EINVAL);
	assert_int_equal(kn_dns_memory_add(m, "bad..example.com", KN_DNS_A, "1.1.1.1"),
		KENSA_EINVAL);
	assert_int_equal(kn_dns_memory_add(m, "bad.example.com", KN_DNS_MX, "x y"),
		KENSA_EINVAL);
	assert_int_equal(kn_dns_init(&r, &ar, kn_dns_memory_backend(m)), 0);

	/* Case-insensitive, trailing dot ignored, order kept. */
	assert_int_equal(kn_dns_query(&r, "EXAMPLE.com.", KN_DNS_A, &a), 0);
	assert_int_equal(a->status, KN_DNS_NOERROR);
	assert_int_equal(a->count, 2);
	assert_memory_equal(a->rrs[0].u.addr, "\xc0\x00\x02\x01", 4);
	assert_memory_equal(a->rrs[1].u.addr, "\xc0\x00\x02\x02", 4);

	assert_int_equal(kn_dns_query(&r, "example.com", KN_DNS_AAAA, &a), 0);
	assert_int_equal(a->count, 1);
	assert_memory_equal(a->rrs[0].u.addr, v6, 16);

	assert_int_equal(kn_dns_query(&r, "example.com", KN_DNS_MX, &a), 0);
	assert_int_equal(a->rrs[0].u.mx.pref, 10);
	assert_string_equal(a->rrs[0].u.mx.exchange, "mail.example.com");

	/* TXT strings are kept apart (RFC 7208 3.3 joins them later). */
	assert_int_equal(kn_dns_query(&r, "example.com", KN_DNS_TXT, &a), 0);
	assert_int_equal(a->rrs[0].u.txt.count, 3);
	assert_int_equal(a->rrs[0].u.txt.strings[0].len, 7);
	assert_memory_equal(a->rrs[0].u.txt.strings[0].p, "v=spf1 ", 7);
	assert_memory_equal(a->rrs[0].u.txt.strings[1].p, "-all", 4);
	assert_memory_equal(a->rrs[0].u.txt.strings[2].p, "q\"A", 3);

	assert_int_equal(kn_dns_query(&r, "1.2.0.192.in-addr.arpa", KN_DNS_PTR, &a), 0);
	assert_string_equal(a->rrs[0].u.name, "example.com");

	/* NODATA, NXDOMAIN, invalid names. */
	assert_int_equal(kn_dns_query(&r, "example.com", KN_DNS_PTR, &a), 0);
	assert_int_equal(a->status, KN_DNS_NODATA);
	assert_int_equal(kn_dns_query(&r, "nope.example.com", KN_DNS_A, &a), 0);
	assert_int_equal(a->status, KN_DNS_NXDOMAIN);
	assert_int_equal(kn_dns_query(&r, "a..b", KN_DNS_A, &a), 0);
	assert_int_equal(a->status, KN_DNS_NXDOMAIN);

	/* Log: one entry per query, the second identical query is cached. */
	assert_int_equal(kn_dns_query(&r, "example.com", KN_DNS_A, &a), 0);
	{
		const kn_dns_log_entry *e = r.log.items;
		size_t n = r.log.count;

		assert_int_equal(n, 9);
		assert_string_equal(e[0].qname, "example.com");
		assert_int_equal(e[0].type, KN_DNS_A);
		assert_string_equal(e[0].backend, "memory");
		assert_string_equal(e[0].summary, "192.0.2.1, 192.0.2.2");
		assert_false(e[0].cached);
		assert_true(e[0].ms >= 0);
		assert_string_equal(e[1].summary, "2001:db8:0:0:0:0:0:1");
		assert_string_equal(e[3].summary,
			"\"v=spf1 \" \"-all\" \"q\\034A\"");
		assert_string_equal(e[6].summary, "NXDOMAIN");
		assert_true(e[n - 1].cached);
		assert_int_equal(r.queries, 7);
	}
	kn_arena_dispose(&ar);
	kn_dns_memory_free(m);
}

static void
test_cname_and_faults(void **state)
{
	kn_dns_memory *m = kn_dns_memory_new();
	const kn_dns_answer *a;
	kn_resolver r;
	kn_arena ar;

	(void)state;
	kn_arena_init(&ar);
	assert_int_equal(kn_dns_memory_add(m, "alias.example.com", KN_DNS_CNAME,
		"Target.example.com."), 0);
	assert_int_equal(kn_dns_memory_add(m, "target.example.com", KN_DNS_A,
		"192.0.2.7"), 0);
	assert_int_equal(kn_dns_memory_add(m, "loop.example.com", KN_DNS_CNAME,
		"LOOP.example.com"), 0);
	assert_int_equal(kn_dns_memory_add(m, "slow.example.com", KN_DNS_TXT,
		"v=spf1 -all"), 0);
	assert_int_equal(kn_dns_memory_fail(m, "slow.example.com", KN_DNS_TIMEOUT), 0);
	assert_int_equal(kn_dns_memory_fail(m, "broken.example.com",
		KN_DNS_SERVFAIL), 0);
	assert_int_equal(kn_dns_memory_fail(m, "x.example.com", KN_DNS_NXDOMAIN),
		KENSA_EINVAL);
	assert_int_equal(kn_dns_init(&r, &ar, kn_dns_memory_backend(m)), 0);

	assert_int_equal(kn_dns_query(&r, "alias.example.com", KN_DNS_A, &a), 0);
	assert_int_equal(a->status, KN_DNS_NOERROR);
	assert_memory_equal(a->rrs[0].u.addr, "\xc0\x00\x02\x07", 4);
	assert_int_equal(kn_dns_query(&r, "alias.example.com", KN_DNS_CNAME, &a), 0);
	assert_string_equal(a->rrs[0].u.name, "target.example.com");
	assert_int_equal(kn_dns_query(&r, "loop.example.com", KN_DNS_A, &a), 0);
	assert_int_equal(a->status, KN_DNS_SERVFAIL);
	/* A faulty name answers the types it has, fails the others. */
	assert_int_equal(kn_dns_query(&r, "slow.example.com", KN_DNS_TXT, &a), 0);
	assert_int_equal(a->status, KN_DNS_NOERROR);
	assert_int_equal(kn_dns_query(&r, "slow.example.com", KN_DNS_A, &a), 0);
	assert_int_equal(a->status, KN_DNS_TIMEOUT);
	assert_int_equal(kn_dns_query(&r, "broken.example.com", KN_DNS_MX, &a), 0);
	assert_int_equal(a->status, KN_DNS_SERVFAIL);
	kn_arena_dispose(&ar);
	kn_dns_memory_free(m);
}

static void
test_names(void **state)
{
	kn_arena ar;
	char long_label[70];
	static const unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0xcb, 0x01 };

	(void)state;
	kn_arena_init(&ar);
	memset(long_label, 'a', 64);
	memcpy(long_label + 64, ".com", 5);
	assert_false(kn_dns_name_valid(long_label, strlen(long_label)));
	assert_true(kn_dns_name_valid(long_label + 1, strlen(long_label + 1)));
	assert_false(kn_dns_name_valid("", 0));
	assert_false(kn_dns_name_valid(".", 1));
	assert_true(kn_dns_name_valid("example.com.", 12));
	assert_string_equal(kn_dns_normalize(&ar, "MiXeD.Example."), "mixed.example");
	assert_string_equal(kn_dns_reverse_name(&ar, 4,
		(const unsigned char *)"\xc0\x00\x02\x03"), "3.2.0.192.in-addr.arpa");
	assert_string_equal(kn_dns_reverse_name(&ar, 6, v6),
		"1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
	assert_string_equal(kn_dns_type_name(KN_DNS_AAAA), "AAAA");
	assert_string_equal(kn_dns_status_name(KN_DNS_TIMEOUT), "TIMEOUT");
	kn_arena_dispose(&ar);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_and_statuses),
		cmocka_unit_test(test_cname_and_faults),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
