/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	test_util_ip
 * SUMMARY
 *	IP parsing, canonical text, classes and CIDR lists
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <kensa/errors.h>

#include "util/ip.h"

static const char *
canon(const char *s)
{
	static char buf[KN_IP_TEXT_MAX];
	kn_ip ip;

	if (!kn_ip_parse(s, strlen(s), &ip))
		return "(invalid)";
	kn_ip_format(&ip, buf, sizeof(buf));
	return buf;
}

static kn_ip_class
cls(const char *s)
{
	kn_ip ip;

	assert_true(kn_ip_parse(s, strlen(s), &ip));
	return kn_ip_classify(&ip);
}

static void
test_parse(void **state)
{
	(void)state;
	assert_string_equal(canon("20.188.24.132"), "20.188.24.132");
	assert_string_equal(canon(" [127.0.0.1] "), "127.0.0.1");
	assert_string_equal(canon("IPv6:::1"), "::1");
	assert_string_equal(canon("[IPv6:2001:DB8:0:0:0:0:0:1]"), "2001:db8::1");
	assert_string_equal(canon("ipv6:::ffff:1.2.3.4"), "1.2.3.4");
	assert_string_equal(canon("::FFFF:10.0.0.1"), "10.0.0.1");
	assert_string_equal(canon("fe80::19bd:c588:dd17:5226%6"),
		"fe80::19bd:c588:dd17:5226");
	assert_string_equal(canon("fe80::1%eth0"), "fe80::1");
	assert_string_equal(canon("2401:db00:1110:50e8:face:0000:002f:0000"),
		"2401:db00:1110:50e8:face:0:2f:0");
	assert_string_equal(canon("1.2.3"), "(invalid)");
	assert_string_equal(canon("1.2.3.256"), "(invalid)");
	assert_string_equal(canon("unknown"), "(invalid)");
	assert_string_equal(canon("[]"), "(invalid)");
	assert_string_equal(canon("1.2.3.4%eth0"), "(invalid)");
	assert_string_equal(canon("10.0.0.1:25"), "(invalid)");
	{
		/* Bounded: only len bytes are read. */
		kn_ip ip;
		assert_true(kn_ip_parse("10.0.0.12345", 8, &ip));
		assert_int_equal(ip.family, 4);
		assert_int_equal(ip.b[3], 1);
	}
}

static void
test_classify(void **state)
{
	(void)state;
	assert_int_equal(cls("127.0.0.1"), KN_IP_LOOPBACK);
	assert_int_equal(cls("::1"), KN_IP_LOOPBACK);
	assert_int_equal(cls("::ffff:127.0.0.1"), KN_IP_LOOPBACK);
	assert_int_equal(cls("10.1.2.3"), KN_IP_PRIVATE);
	assert_int_equal(cls("172.16.0.1"), KN_IP_PRIVATE);
	assert_int_equal(cls("172.31.255.255"), KN_IP_PRIVATE);
	assert_int_equal(cls("172.32.0.1"), KN_IP_PUBLIC);
	assert_int_equal(cls("192.168.1.1"), KN_IP_PRIVATE);
	assert_int_equal(cls("169.254.1.1"), KN_IP_LINK_LOCAL);
	assert_int_equal(cls("fe80::1"), KN_IP_LINK_LOCAL);
	assert_int_equal(cls("100.64.0.1"), KN_IP_CGNAT);
	assert_int_equal(cls("100.127.255.255"), KN_IP_CGNAT);
	assert_int_equal(cls("100.128.0.1"), KN_IP_PUBLIC);
	assert_int_equal(cls("fd00::1"), KN_IP_UNIQUE_LOCAL);
	assert_int_equal(cls("fc12::1"), KN_IP_UNIQUE_LOCAL);
	assert_int_equal(cls("192.0.2.1"), KN_IP_DOCUMENTATION);
	assert_int_equal(cls("198.51.100.7"), KN_IP_DOCUMENTATION);
	assert_int_equal(cls("203.0.113.25"), KN_IP_DOCUMENTATION);
	assert_int_equal(cls("2001:db8::1"), KN_IP_DOCUMENTATION);
	assert_int_equal(cls("224.0.0.1"), KN_IP_MULTICAST);
	assert_int_equal(cls("ff02::1"), KN_IP_MULTICAST);
	assert_int_equal(cls("0.0.0.0"), KN_IP_UNSPECIFIED);
	assert_int_equal(cls("::"), KN_IP_UNSPECIFIED);
	assert_int_equal(cls("240.0.0.1"), KN_IP_RESERVED);
	assert_int_equal(cls("20.188.24.132"), KN_IP_PUBLIC);
	assert_int_equal(cls("2607:f8b0:4864:20::42"), KN_IP_PUBLIC);
	/* Google internal relays: 6to4 of 10.5.x.x. */
	assert_int_equal(cls("2002:a05:6a10:a0c9:b0:3d4:1f7e:77b5"),
		KN_IP_PRIVATE);
	assert_true(kn_ip_class_internal(KN_IP_CGNAT));
	assert_true(kn_ip_class_internal(KN_IP_UNIQUE_LOCAL));
	assert_false(kn_ip_class_internal(KN_IP_PUBLIC));
	assert_false(kn_ip_class_internal(KN_IP_DOCUMENTATION));
	assert_string_equal(kn_ip_class_name(KN_IP_CGNAT), "cgnat");
}

static void
test_cidr(void **state)
{
	kn_arena ar;
	kn_vec list = { 0 };
	kn_ip ip;
	kn_cidr c;

	(void)state;
	kn_arena_init(&ar);
	assert_int_equal(kn_cidr_list_parse(&ar,
		"10.0.0.0/8, 2001:db8::/32,203.0.113.7", &list), 0);
	assert_int_equal(list.count, 3);
	assert_true(kn_ip_parse("10.200.1.1", 10, &ip));
	assert_true(kn_cidr_list_match(&list, &ip));
	assert_true(kn_ip_parse("2001:db8:ffff::9", 16, &ip));
	assert_true(kn_cidr_list_match(&list, &ip));
	assert_true(kn_ip_parse("203.0.113.7", 11, &ip));
	assert_true(kn_cidr_list_match(&list, &ip));
	assert_true(kn_ip_parse("203.0.113.8", 11, &ip));
	assert_false(kn_cidr_list_match(&list, &ip));
	assert_true(kn_ip_parse("11.0.0.1", 8, &ip));
	assert_false(kn_cidr_list_match(&list, &ip));

	/* Host bits are cleared; odd prefixes work. */
	assert_true(kn_cidr_parse("100.100.1.1/10", 14, &c));
	assert_true(kn_ip_parse("100.64.0.0", 10, &ip));
	assert_memory_equal(c.net.b, ip.b, 4);
	assert_int_equal(c.prefix, 10);
	assert_true(kn_cidr_parse("0.0.0.0/0", 9, &c));
	assert_true(kn_cidr_match(&c, &ip));

	kn_vec bad = { 0 };
	assert_int_equal(kn_cidr_list_parse(&ar, "10.0.0.0/33", &bad),
		KENSA_EINVAL);
	assert_int_equal(kn_cidr_list_parse(&ar, "10.0.0.0/8,bogus", &bad),
		KENSA_EINVAL);
	assert_int_equal(kn_cidr_list_parse(&ar, "10.0.0.0/", &bad),
		KENSA_EINVAL);
	assert_int_equal(kn_cidr_list_parse(&ar, "::/129", &bad), KENSA_EINVAL);
	kn_vec empty = { 0 };
	assert_int_equal(kn_cidr_list_parse(&ar, " , ", &empty), 0);
	assert_int_equal(empty.count, 0);
	assert_int_equal(kn_cidr_list_parse(&ar, NULL, &empty), 0);
	kn_arena_dispose(&ar);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_cidr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
