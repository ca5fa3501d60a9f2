/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	test_trace_received
 * SUMMARY
 *	Received parser: the stalwart vectors (181 real fields) and one
 *	hand-written sample per MTA format, every field asserted
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <jansson.h>

#include "trace/received.h"
#include "util/date.h"
#include "util/ip.h"

static kn_arena ar;

static int
setup(void **state)
{
	(void)state;
	kn_arena_init(&ar);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	kn_arena_dispose(&ar);
	return 0;
}

/* ---- stalwart vectors -------------------------------------------- */

/* Stalwart names protocols by an enum; map ours (as written, upper-case)
 * onto its names for comparison. */
static const char *
proto_norm(const char *p, char *buf, size_t size)
{
	if (p == NULL)
		return "";
	if (strncasecmp(p, "LOCAL-", 6) == 0)
		p += 6;
	if (strcasecmp(p, "ESMTP-TLS") == 0)
		return "ESMTPS";
	if (strcasecmp(p, "BSMTP") == 0)
		return "SMTP";
	if (strcasecmp(p, "HTTPREST") == 0)
		return "HTTP";
	snprintf(buf, size, "%s", p);
	return buf;
}

/* "TLSv1.3", "TLS1_2", "TLS-1.0", "TLSv1/SSLv3" -> "TLSv1_3" etc. */
static const char *
tls_norm(const char *v, char *buf, size_t size)
{
	const char *p;
	char major, minor = '0';

	if (v == NULL)
		return "";
	p = v + 3;
	while (*p == 'v' || *p == '-' || *p == '_')
		p++;
	if (*p < '0' || *p > '9')
		return v;
	major = *p++;
	if ((*p == '.' || *p == '_') && p[1] >= '0' && p[1] <= '9')
		minor = p[1];
	snprintf(buf, size, "TLSv%c_%c", major, minor);
	return buf;
}

/* Host or address text without [] and a trailing dot. */
static const char *
host_norm(const char *h, char *buf, size_t size)
{
	size_t n;
	kn_ip ip;

	if (h == NULL)
		return "";
	if (kn_ip_parse(h, strlen(h), &ip)) {
		kn_ip_format(&ip, buf, size);
		return buf;
	}
	snprintf(buf, size, "%s", h);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
	return buf;
}

static const char *
expected_host(json_t *o)
{
	json_t *v;

	if (o == NULL)
		return NULL;
	if ((v = json_object_get(o, "Name")) != NULL)
		return json_string_value(v);
	if ((v = json_object_get(o, "IpAddr")) != NULL)
		return json_string_value(v);
	return NULL;
}

typedef struct tally {
	size_t match, total;
} tally;

static void
cmp(tally *t, const char *field, size_t idx, const char *want,
	const char *got)
{
	t->total++;
	if (got != NULL && strcasecmp(want, got) == 0)
		t->match++;
	else if (getenv("KENSA_TEST_VERBOSE"))
		printf("  [%zu] %s: want '%s' got '%s'\n", idx, field, want,
			got ? got : "(null)");
}

static void
test_vectors(void **state)
{
	const char *path = KENSA_TEST_SHARED_DIR
		"/corpus/mime-edge/stalwart-mail-parser/fields/received.json";
	json_error_t err;
	json_t *root = json_load_file(path, 0, &err), *item;
	tally t = { 0, 0 };
	size_t i, parsed = 0, dated = 0;
	char a[256], b[256];

	(void)state;
	assert_non_null(root);
	assert_int_equal(json_array_size(root), 181);
	json_array_foreach(root, i, item) {
		const char *h = json_string_value(json_object_get(item, "header"));
		json_t *e = json_object_get(item, "expected");
		kensa_hop hop = { 0 };
		kn_received_extra x;
		const char *w;
		json_t *v;

		if (kn_received_parse_ex(&ar, h, strlen(h), &hop, &x))
			parsed++;
		assert_non_null(hop.raw);
		if (!json_is_object(e))
			continue;
		if ((w = expected_host(json_object_get(e, "from"))) != NULL)
			cmp(&t, "from", i, host_norm(w, a, sizeof(a)),
				host_norm(x.from_name, b, sizeof(b)));
		if ((w = expected_host(json_object_get(e, "helo"))) != NULL)
			cmp(&t, "helo", i, host_norm(w, a, sizeof(a)),
				host_norm(hop.helo, b, sizeof(b)));
		if ((w = expected_host(json_object_get(e, "by"))) != NULL)
			cmp(&t, "by", i, host_norm(w, a, sizeof(a)),
				host_norm(hop.by, b, sizeof(b)));
		if ((v = json_object_get(e, "from_ip")) != NULL)
			cmp(&t, "ip", i, host_norm(json_string_value(v), a, sizeof(a)),
				hop.ip);
		if ((v = json_object_get(e, "from_iprev")) != NULL)
			cmp(&t, "rdns", i, host_norm(json_string_value(v), a,
				sizeof(a)), host_norm(hop.rdns, b, sizeof(b)));
		if ((v = json_object_get(e, "for_")) != NULL)
			cmp(&t, "for", i, json_string_value(v), hop.for_addr);
		if ((v = json_object_get(e, "with")) != NULL)
			cmp(&t, "with", i, json_string_value(v),
				proto_norm(hop.protocol, b, sizeof(b)));
		if ((v = json_object_get(e, "id")) != NULL)
			cmp(&t, "id", i, json_string_value(v), hop.id);
		if ((v = json_object_get(e, "via")) != NULL)
			cmp(&t, "via", i, json_string_value(v), hop.via);
		if ((v = json_object_get(e, "tls_version")) != NULL)
			cmp(&t, "tls_version", i, json_string_value(v),
				tls_norm(x.tls_version, b, sizeof(b)));
		if ((v = json_object_get(e, "tls_cipher")) != NULL)
			cmp(&t, "tls_cipher", i, json_string_value(v), x.tls_cipher);
		if ((v = json_object_get(e, "date")) != NULL) {
			static const char *const mon[12] = { "Jan", "Feb", "Mar",
				"Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
				"Dec" };
			kn_date d;
			int m = (int)json_integer_value(json_object_get(v, "month"));
			snprintf(a, sizeof(a), "%d %s %d %02d:%02d:%02d %c%02d%02d",
				(int)json_integer_value(json_object_get(v, "day")),
				mon[(m >= 1 && m <= 12) ? m - 1 : 0],
				(int)json_integer_value(json_object_get(v, "year")),
				(int)json_integer_value(json_object_get(v, "hour")),
				(int)json_integer_value(json_object_get(v, "minute")),
				(int)json_integer_value(json_object_get(v, "second")),
				json_is_true(json_object_get(v, "tz_before_gmt")) ? '-' : '+',
				(int)json_integer_value(json_object_get(v, "tz_hour")),
				(int)json_integer_value(json_object_get(v, "tz_minute")));
			/* Vectors with no date ("0 Jan 0") or with stalwart's
			 * 2-digit-year reading (03 -> 1903; RFC 5322 4.3 says 2003)
			 * are not counted. */
			if (!kn_date_parse(a, strlen(a), &d) ||
			    json_integer_value(json_object_get(v, "year")) < 1950)
				continue;
			t.total++;
			if (hop.has_timestamp && hop.timestamp == d.utc) {
				t.match++;
				dated++;
			} else if (getenv("KENSA_TEST_VERBOSE")) {
				printf("  [%zu] date: want %s\n", i, a);
			}
		}
	}
	printf("received vectors: %zu/%zu fields match, %zu/181 parsed, "
		"%zu dated\n", t.match, t.total, parsed, dated);
	assert_true(t.total > 900);
	assert_true(t.match * 100 >= t.total * 96);
	assert_true(parsed >= 175);
	json_decref(root);
}

/* ---- hand-written samples, one per format ------------------------- */

static kensa_hop
parse(const char *s, kn_received_extra *x)
{
	kensa_hop hop = { 0 };
	kn_received_extra dummy;

	kn_received_parse_ex(&ar, s, strlen(s), &hop, x ? x : &dummy);
	return hop;
}

#define assert_str(a, b) do { \
	const char *a_ = (a), *b_ = (b); \
	if (b_ == NULL) assert_null(a_); \
	else { assert_non_null(a_); assert_string_equal(a_, b_); } \
} while (0)

static void
assert_time(const kensa_hop *h, const char *rfc3339)
{
	char buf[32];

	assert_true(h->has_timestamp);
	kn_date_rfc3339(h->timestamp, buf, sizeof(buf));
	assert_string_equal(buf, rfc3339);
}

static void
test_postfix(void **state)
{
	kn_received_extra x;
	kensa_hop h;

	(void)state;
	/* The seed message's originating hop. */
	h = parse("from [127.0.0.1] (unknown [20.188.24.132])\r\n"
		"\tby mx1.office-sample.jp (Postfix) with ESMTP id 4HVQ5m6Wc3z2xKn\r\n"
		"\tfor <info@office-sample.jp>; Thu, 14 Oct 2021 16:41:08 +0900 (JST)",
		&x);
	assert_true(h.parsed);
	assert_str(h.helo, "[127.0.0.1]");
	assert_str(h.rdns, "unknown");
	assert_str(h.ip, "20.188.24.132");
	assert_str(h.by, "mx1.office-sample.jp");
	assert_str(h.software, "Postfix");
	assert_str(h.protocol, "ESMTP");
	assert_str(h.id, "4HVQ5m6Wc3z2xKn");
	assert_str(h.for_addr, "info@office-sample.jp");
	assert_null(h.tls);
	assert_null(h.via);
	assert_time(&h, "2021-10-14T07:41:08Z");

	h = parse("from mail.example.org (mail.example.org [198.51.100.20])\n"
		"\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\n"
		"\t key-exchange X25519 server-signature RSA-PSS (2048 bits))\n"
		"\t(No client certificate requested)\n"
		"\tby mx.example.jp (Postfix) with ESMTPS id 4Hx1;\n"
		"\tMon,  4 Oct 2021 09:00:00 +0900 (JST)", &x);
	assert_str(h.helo, "mail.example.org");
	assert_str(h.rdns, "mail.example.org");
	assert_str(h.ip, "198.51.100.20");
	assert_str(h.protocol, "ESMTPS");
	assert_str(h.tls, "TLSv1.3 TLS_AES_256_GCM_SHA384");
	assert_str(x.tls_version, "TLSv1.3");
	assert_str(x.tls_cipher, "TLS_AES_256_GCM_SHA384");
	assert_null(h.for_addr);
	assert_time(&h, "2021-10-04T00:00:00Z");

	/* Postfix glued "unknown[ip]" and an IPv6 literal with a zone id. */
	h = parse("from host (unknown[192.0.2.9]) by a.example with SMTP id X1; "
		"1 Jan 2021 00:00:00 +0000", NULL);
	assert_str(h.rdns, "unknown");
	assert_str(h.ip, "192.0.2.9");
	h = parse("from ll.example (ll.example [IPv6:fe80::1%eth0]) by b.example "
		"with ESMTP id Y; 1 Jan 2021 00:00:00 +0000", NULL);
	assert_str(h.ip, "fe80::1");
}

static void
test_sendmail(void **state)
{
	kn_received_extra x;
	kensa_hop h;

	(void)state;
	h = parse("from client.example.net (user@dsl-1.example.net [203.0.113.5])\n"
		"\tby smtp.example.com (8.15.2/8.15.2) with ESMTPS id 19E7f1Xx012345\n"
		"\t(version=TLSv1.2 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256 "
		"verify=NOT)\n\tfor <bob@example.com>; Thu, 14 Oct 2021 07:41:01 GMT",
		&x);
	assert_str(h.helo, "client.example.net");
	assert_str(h.rdns, "dsl-1.example.net");
	assert_str(h.ip, "203.0.113.5");
	assert_str(x.ident, "user");
	assert_str(h.by, "smtp.example.com");
	assert_str(h.software, "Sendmail 8.15.2/8.15.2");
	assert_str(h.protocol, "ESMTPS");
	assert_str(h.id, "19E7f1Xx012345");
	assert_str(h.tls, "TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384");
	assert_str(h.for_addr, "bob@example.com");
	assert_time(&h, "2021-10-14T07:41:01Z");

	/* IDENT: form and "may be forged": the host after the ident is the
	 * PTR name Sendmail found (not forward-confirmed), as in the plain
	 * "(rdns [ip] (may be forged))" form. */
	h = parse("from relay.example (IDENT:root@relay.example [192.0.2.44] "
		"(may be forged)) by mx.example (8.11.6/8.11.6) with SMTP id h1; "
		"Sat, 15 Mar 2003 00:38:03 GMT", &x);
	assert_str(h.ip, "192.0.2.44");
	assert_str(x.ident, "root");
	assert_str(h.helo, "relay.example");
	assert_str(h.rdns, "relay.example");
	h = parse("from ws12.example (IDENT:carol@ws12.example [10.1.4.12]) by "
		"relay.example (8.15.2/8.15.2) with ESMTP id 34E2c6aB004321 for "
		"<bob@example.com>; Sun, 14 May 2023 02:38:06 GMT", &x);
	assert_str(h.rdns, "ws12.example");
	assert_str(h.ip, "10.1.4.12");
	assert_str(x.ident, "carol");
	/* An IDENT host that is an address gives the address, no rDNS. */
	h = parse("from a.example (IDENT:u@192.0.2.45) by b.example "
		"(8.15.2/8.15.2) id q1; 1 Jan 2021 00:00:00 +0000", &x);
	assert_str(h.ip, "192.0.2.45");
	assert_null(h.rdns);
	assert_str(x.ident, "u");

	/* Local submission: the user is not a HELO name. */
	h = parse("(from carol@localhost)\n\tby ws12.example (8.15.2/8.15.2/Submit) "
		"id 34E2c5Zk004310;\n\tSun, 14 May 2023 02:38:05 GMT", &x);
	assert_true(h.parsed);
	assert_null(h.helo);
	assert_null(h.rdns);
	assert_null(h.ip);
	assert_str(x.ident, "carol");
	assert_str(x.from_name, "carol@localhost");
	assert_str(h.by, "ws12.example");
	assert_str(h.software, "Sendmail 8.15.2/8.15.2/Submit");
	assert_str(h.id, "34E2c5Zk004310");
	assert_time(&h, "2023-05-14T02:38:05Z");
	/* Domino and Sendmail "from helo ([ip])": no rDNS recorded. */
	h = parse("from client.example ([192.0.2.80]) by mx.example "
		"(8.15.2/8.15.2) with ESMTP id u1; 1 Jan 2021 00:00:00 +0000", NULL);
	assert_str(h.helo, "client.example");
	assert_null(h.rdns);
}

static void
test_exim(void **state)
{
	kn_received_extra x;
	kensa_hop h;

	(void)state;
	h = parse("from mail-out.example.org ([198.51.100.7] helo=mx.example.org "
		"ident=exim)\n\tby mx.example.jp with esmtps  (TLS1.3) tls "
		"TLS_AES_256_GCM_SHA384\n\t(Exim 4.94.2)\n\t(envelope-from "
		"<a@example.org>)\n\tid 1mav4x-0001ab-Cd\n\tfor carol@example.jp; "
		"Thu, 14 Oct 2021 16:41:05 +0900", &x);
	assert_true(h.parsed);
	assert_str(h.helo, "mx.example.org");
	assert_str(h.rdns, "mail-out.example.org");
	assert_str(h.ip, "198.51.100.7");
	assert_str(x.ident, "exim");
	assert_str(x.helo_cmd, "HELO");
	assert_str(h.by, "mx.example.jp");
	assert_str(h.protocol, "ESMTPS");
	assert_str(h.tls, "TLS1.3 TLS_AES_256_GCM_SHA384");
	assert_str(h.software, "Exim 4.94.2");
	assert_str(h.id, "1mav4x-0001ab-Cd");
	assert_str(h.for_addr, "carol@example.jp");
	assert_time(&h, "2021-10-14T07:41:05Z");

	/* No rDNS: the address literal comes first. */
	h = parse("from [192.0.2.61] (helo=host) by list.example with smtp "
		"(Exim 3.31) id 18t2z0-0001NX-00; Wed, 12 Mar 2003 01:57:10 -0800",
		NULL);
	assert_str(h.helo, "host");
	assert_null(h.rdns);
	assert_str(h.ip, "192.0.2.61");
	assert_str(h.software, "Exim 3.31");
	assert_str(h.protocol, "SMTP");
	/* Old Exim TLS "(TLS-1.0:cipher:bits)". */
	h = parse("from a.example ([192.0.2.48]:52313) by b.example with esmtps "
		"(TLS-1.0:DHE_RSA_3DES_EDE_CBC_SHA:24) (Exim 4.50) id 1GzVLs; "
		"1 Jan 2006 00:00:00 +0000", &x);
	assert_str(h.ip, "192.0.2.48");
	assert_str(x.tls_version, "TLS-1.0");
	assert_str(x.tls_cipher, "DHE_RSA_3DES_EDE_CBC_SHA");
	assert_str(h.software, "Exim 4.50");
	/* Exim's "([ip]:port)" without helo=: the HELO was the verified
	 * host name, which is then HELO and rDNS at once. */
	assert_str(h.helo, "a.example");
	assert_str(h.rdns, "a.example");

	/* Same without a port, Exim 4.96 comment after the TLS words. */
	h = parse("from mail.sender.example ([198.51.100.78])\n\tby mx.example "
		"with esmtps  (TLS1.3) tls TLS_AES_256_GCM_SHA384\n\t(Exim 4.96)\n"
		"\t(envelope-from <v@sender.example>)\n\tid 1pYaBc-000CdE-3F\n\t"
		"for u@example.org; Thu, 16 Mar 2023 08:01:05 +0000", &x);
	assert_str(h.helo, "mail.sender.example");
	assert_str(h.rdns, "mail.sender.example");
	assert_str(h.ip, "198.51.100.78");
	assert_str(h.software, "Exim 4.96");
	assert_str(h.id, "1pYaBc-000CdE-3F");
	/* No "(Exim)" comment: lower-case protocol and an Exim id (old and
	 * 4.97 forms) are enough. */
	h = parse("from mail.sender.example ([198.51.100.78]) by mx.example "
		"with esmtp id 1pYaBc-000CdE-3F; Thu, 16 Mar 2023 08:01:05 +0000",
		NULL);
	assert_str(h.rdns, "mail.sender.example");
	h = parse("from mail.sender.example ([198.51.100.78]) by mx.example "
		"with esmtps id 1qtBH1-00000000FiK-0bsH; Thu, 16 Mar 2023 08:01:05 "
		"+0000", NULL);
	assert_str(h.rdns, "mail.sender.example");
	/* Upper-case ESMTP and a non-Exim id: Sendmail/Domino, no rDNS. */
	h = parse("from mail.sender.example ([198.51.100.78]) by mx.example "
		"with ESMTP id 1pYaBc-000CdE-3F; Thu, 16 Mar 2023 08:01:05 +0000",
		NULL);
	assert_null(h.rdns);
	h = parse("from mail.sender.example ([198.51.100.78]) by mx.example "
		"with esmtp id 2023031608010512-345; Thu, 16 Mar 2023 08:01:05 "
		"+0000", NULL);
	assert_null(h.rdns);
	/* Exim with the address first: no rDNS, HELO from helo=. */
	h = parse("from [203.0.113.201] (port=51344 helo=[192.168.8.101]) by "
		"mail.sender.example with esmtpsa (TLS1.3) tls "
		"TLS_AES_128_GCM_SHA256 (Exim 4.96) id 1pYaBb-0007Gh-1x; Thu, 16 "
		"Mar 2023 08:01:03 +0000", NULL);
	assert_str(h.helo, "[192.168.8.101]");
	assert_null(h.rdns);
	assert_str(h.ip, "203.0.113.201");
	/* Local submission: "from user by host with local". */
	h = parse("from carol by mail.sender.example with local (Exim 4.96)\n"
		"\t(envelope-from <carol@sender.example>)\n\tid 1pYaBa-0007Gg-0w; "
		"Thu, 16 Mar 2023 08:01:02 +0000", &x);
	assert_true(h.parsed);
	assert_null(h.helo);
	assert_null(h.rdns);
	assert_null(h.ip);
	assert_str(x.ident, "carol");
	assert_str(h.protocol, "LOCAL");
}

static void
test_qmail(void **state)
{
	kn_received_extra x;
	kensa_hop h;

	(void)state;
	h = parse("from unknown (HELO mail.example.net) (192.0.2.200)\n"
		"  by mx.example.com with SMTP; 14 Oct 2021 07:41:03 -0000", &x);
	assert_str(h.helo, "mail.example.net");
	assert_str(h.rdns, "unknown");
	assert_str(h.ip, "192.0.2.200");
	assert_str(h.by, "mx.example.com");
	assert_str(h.protocol, "SMTP");
	assert_str(x.helo_cmd, "HELO");
	assert_time(&h, "2021-10-14T07:41:03Z");

	/* qmail-tls: the cipher comment in the with clause. */
	h = parse("from mail.example.info (HELO smtp.example.info) (198.51.100.9)"
		"\n  by mx.example.jp with (ECDHE-RSA-AES256-GCM-SHA384 encrypted) "
		"SMTP; 14 Mar 2023 08:15:02 -0000", &x);
	assert_str(h.protocol, "SMTP");
	assert_null(h.software);
	assert_str(h.tls, "ECDHE-RSA-AES256-GCM-SHA384");
	assert_str(x.tls_cipher, "ECDHE-RSA-AES256-GCM-SHA384");
	assert_time(&h, "2023-03-14T08:15:02Z");

	h = parse("(qmail 1234 invoked by uid 0); 14 Oct 2021 07:41:03 -0000", &x);
	assert_true(h.parsed);
	assert_str(h.software, "qmail");
	assert_null(h.ip);
	assert_null(h.helo);
	assert_time(&h, "2021-10-14T07:41:03Z");

	h = parse("(qmail 84907 invoked from network); 13 Feb 2003 20:59:28 -0000",
		&x);
	assert_true(h.parsed);
	assert_str(h.software, "qmail");
	assert_time(&h, "2003-02-13T20:59:28Z");

	/* user@ip from qmail with an authenticated user. */
	h = parse("from host.example (HELO pc) (alice@192.0.2.77) by smtp.example "
		"with SMTP; 10 Nov 2003 06:30:34 -0000", &x);
	assert_str(h.helo, "pc");
	assert_str(h.rdns, "host.example");
	assert_str(h.ip, "192.0.2.77");
	assert_str(x.ident, "alice");
}

static void
test_exchange(void **state)
{
	kn_received_extra x;
	kensa_hop h;

	(void)state;
	h = parse("from TYCPR01MB1234.jpnprd01.prod.outlook.com "
		"(2603:1096:400:1::12) by OS3PR01MB5678.jpnprd01.prod.outlook.com "
		"(2603:1096:604:2::9) with Microsoft SMTP Server (version=TLS1_2,\r\n"
		" cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.4608.16 via "
		"Frontend Transport; Thu, 14 Oct 2021 07:41:04 +0000", &x);
	assert_str(h.helo, "TYCPR01MB1234.jpnprd01.prod.outlook.com");
	assert_str(h.ip, "2603:1096:400:1::12");
	assert_null(h.rdns);
	assert_str(h.by, "OS3PR01MB5678.jpnprd01.prod.outlook.com");
	assert_str(h.protocol, "SMTP");
	assert_str(h.software, "Microsoft SMTP Server");
	/* The version after "id" is an id, never an address. */
	assert_str(h.id, "15.20.4608.16");
	assert_str(h.via, "Frontend");
	assert_str(h.tls, "TLS1_2 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
	assert_time(&h, "2021-10-14T07:41:04Z");

	h = parse("from OS3PR01MB5678.jpnprd01.prod.outlook.com "
		"([fe80::1c2:3d4:5e6:7f80]) by OS3PR01MB5678.jpnprd01.prod.outlook.com "
		"([fe80::1c2:3d4:5e6:7f80%7]) with mapi id 15.20.4608.016; Thu, 14 Oct "
		"2021 07:41:03 +0000", NULL);
	assert_str(h.ip, "fe80::1c2:3d4:5e6:7f80");
	assert_str(h.protocol, "MAPI");
	assert_str(h.id, "15.20.4608.016");

	h = parse("from mail pickup service by mail1.example.com with Microsoft "
		"SMTPSVC; Thu, 13 Feb 2003 19:05:39 -0500", NULL);
	assert_str(h.protocol, "SMTP");
	assert_str(h.software, "Microsoft SMTPSVC");
	assert_str(h.by, "mail1.example.com");
	assert_null(h.tls);

	/* IIS SMTPSVC with STARTTLS. */
	h = parse("from relay.example.net ([2001:db8:4a::25]) by\r\n edge.example"
		".com over TLS secured channel with Microsoft SMTPSVC(8.5.9600.16384);"
		"\r\n\t Tue, 14 Mar 2023 10:00:01 +0900", &x);
	assert_str(h.by, "edge.example.com");
	assert_str(h.tls, "TLS");
	assert_str(h.software, "Microsoft SMTPSVC");
	assert_str(h.protocol, "SMTP");
	assert_null(h.rdns);
	assert_time(&h, "2023-03-14T01:00:01Z");
}

static void
test_gmail(void **state)
{
	kn_received_extra x;
	kensa_hop h;

	(void)state;
	h = parse("by 2002:a05:6a10:a0c9:b0:3d4:1f7e:77b5 with SMTP id "
		"x9csp123456pxu;\r\n        Thu, 14 Oct 2021 00:41:07 -0700 (PDT)", &x);
	assert_true(h.parsed);
	assert_null(h.helo);
	assert_null(h.ip);
	assert_str(h.by, "2002:a05:6a10:a0c9:b0:3d4:1f7e:77b5");
	assert_str(h.protocol, "SMTP");
	assert_str(h.id, "x9csp123456pxu");
	assert_time(&h, "2021-10-14T07:41:07Z");

	h = parse("from mail-sor-f41.google.com (mail-sor-f41.google.com. "
		"[209.85.220.41])\r\n        by mx.google.com with SMTPS id "
		"a1sor123.45.2021.10.14.00.41.06\r\n        for <dave@example.com>\r\n"
		"        (Google Transport Security);\r\n        Thu, 14 Oct 2021 "
		"00:41:06 -0700 (PDT)", &x);
	assert_str(h.helo, "mail-sor-f41.google.com");
	assert_str(h.rdns, "mail-sor-f41.google.com");
	assert_str(h.ip, "209.85.220.41");
	assert_str(h.for_addr, "dave@example.com");
	assert_str(h.protocol, "SMTPS");

	/* IPv4-mapped literal is reported as the IPv4 address. */
	h = parse("from [IPv6:::ffff:192.0.2.33] (host.example [192.0.2.33]) by "
		"smtp.gmail.com with ESMTPSA id 1sm2.2021.10.14 (version=TLS1_3 "
		"cipher=TLS_AES_128_GCM_SHA256 bits=128/128); Thu, 14 Oct 2021 "
		"00:41:05 -0700 (PDT)", &x);
	assert_str(h.helo, "[IPv6:::ffff:192.0.2.33]");
	assert_str(h.ip, "192.0.2.33");
	assert_str(h.protocol, "ESMTPSA");
	assert_str(h.tls, "TLS1_3 TLS_AES_128_GCM_SHA256");

	h = parse("from mail.example (mail.example [2002:a05:6a00:1::5]) by "
		"mx.google.com with ESMTP id z; Thu, 14 Oct 2021 00:41:05 -0700", NULL);
	assert_str(h.ip, "2002:a05:6a00:1::5");
}

static void
test_sendgrid_domino_mdaemon(void **state)
{
	kensa_hop h;

	(void)state;
	/* No ";" before the date, fractional seconds. */
	h = parse("from MjA3NDc4Mg (unknown) by ismtpd0001p1lon1.sendgrid.net (SG) "
		"with HTTP id aqHKNX2kSp for <eve@example.com> Thu, 02 Apr 2020 "
		"07:53:55.516 +0000 (UTC)", NULL);
	assert_true(h.parsed);
	assert_str(h.helo, "MjA3NDc4Mg");
	assert_str(h.rdns, "unknown");
	assert_str(h.by, "ismtpd0001p1lon1.sendgrid.net");
	assert_str(h.software, "SG");
	assert_str(h.protocol, "HTTP");
	assert_str(h.id, "aqHKNX2kSp");
	assert_str(h.for_addr, "eve@example.com");
	assert_time(&h, "2020-04-02T07:53:55Z");

	/* filterdrecv: Go's time.String() date, no ";". */
	h = parse("by filterdrecv-656b6c8c8-xk9zl with SMTP id "
		"filterdrecv-656b6c8c8-xk9zl-1-640F9A2B-1A\n        2023-03-13 "
		"22:10:51.601285139 +0000 UTC m=+3216401.254366207", NULL);
	assert_true(h.parsed);
	assert_str(h.by, "filterdrecv-656b6c8c8-xk9zl");
	assert_str(h.protocol, "SMTP");
	assert_str(h.id, "filterdrecv-656b6c8c8-xk9zl-1-640F9A2B-1A");
	assert_null(h.helo);
	assert_time(&h, "2023-03-13T22:10:51Z");
	/* ISO date after ";", with an offset. */
	h = parse("from a.example ([192.0.2.1]) by b.example with SMTP id q; "
		"2023-03-13T22:10:51+09:00", NULL);
	assert_time(&h, "2023-03-13T13:10:51Z");
	/* An id shaped like a date without a zone is no date. */
	h = parse("by b.example with SMTP id 2023-03-13 22:10:51", NULL);
	assert_false(h.has_timestamp);

	/* amavisd-new: "(host [ip])" after by is not the software. */
	h = parse("from mx1.example.net ([127.0.0.1])\n\tby localhost "
		"(mx1.example.net [127.0.0.1]) (amavisd-new, port 10024)\n\twith "
		"ESMTP id aB3dE5fG7hI9 for <a@example.net>;\n\tTue, 14 Mar 2023 "
		"09:12:46 +0900 (JST)", NULL);
	assert_str(h.by, "localhost");
	assert_str(h.software, "amavisd-new");
	assert_str(h.ip, "127.0.0.1");
	assert_str(h.helo, "mx1.example.net");
	assert_null(h.rdns);

	h = parse("from mail.example.co.jp ([192.0.2.10]) by notes.example.co.jp "
		"(Lotus Domino Release 9.0.1FP10 HF197) with ESMTP id "
		"2021101416410812-345 ; Thu, 14 Oct 2021 16:41:08 +0900", NULL);
	assert_str(h.ip, "192.0.2.10");
	assert_str(h.software, "Lotus Domino Release 9.0.1FP10 HF197");
	assert_str(h.id, "2021101416410812-345");
	assert_time(&h, "2021-10-14T07:41:08Z");

	h = parse("from smtp510.example.de [(192.0.2.21)] by mail.example.de "
		"(192.0.2.24) (MDaemon PRO v19.0.2)  with ESMTP id md5001.msg; Tue, "
		"16 Jul 2019 11:39:22 +0200", NULL);
	assert_str(h.helo, "smtp510.example.de");
	assert_str(h.ip, "192.0.2.21");
	assert_str(h.software, "MDaemon PRO v19.0.2");
	assert_str(h.id, "md5001.msg");
}

static void
test_odd_forms(void **state)
{
	kn_received_extra x;
	kensa_hop h;

	(void)state;
	/* Date folded over lines. */
	h = parse(" from [127.0.0.1] (host.example.com [192.0.2.1])\r\n by "
		"bf7aa1d4e8a6 with SMTP id 660a; Mon, 01 Apr 2024\r\n 01:02:19 GMT\r\n",
		NULL);
	assert_time(&h, "2024-04-01T01:02:19Z");
	assert_str(h.ip, "192.0.2.1");
	/* by without from. */
	h = parse("by mx.example.org (Postfix, from userid 1002) id DABBD1BED3; "
		"Thu, 13 Feb 2003 14:02:21 +0100 (CET)", NULL);
	assert_true(h.parsed);
	assert_str(h.by, "mx.example.org");
	assert_str(h.software, "Postfix");
	assert_str(h.id, "DABBD1BED3");
	assert_null(h.helo);
	/* Leading "(from ...)" comment. */
	h = parse("(from localhost [192.0.2.240]) by host.name (NAVGW 2.5) with "
		"SMTP id M20060605; Mon, 05 Jun 2006 03:48:47 +0100", NULL);
	assert_str(h.helo, "localhost");
	assert_str(h.ip, "192.0.2.240");
	assert_str(h.by, "host.name");
	/* XMail: for then a second from (envelope sender), ip:port. */
	h = parse("from list.example.com (192.0.2.86:23198) by mx1.example.net "
		"with [XMail 1.20 ESMTP Server] id <S72E> for <j@example.org> from "
		"<b@example.com>; Sat, 18 Sep 2004 23:17:54 -0500", &x);
	assert_str(h.helo, "list.example.com");
	assert_str(h.ip, "192.0.2.86");
	assert_str(h.protocol, "ESMTP");
	assert_str(h.id, "S72E");
	assert_str(h.for_addr, "j@example.org");
	/* Unparseable garbage. */
	h = parse("; Tue, 23 May 2006 13:06:35 -0400", NULL);
	assert_false(h.parsed);
	assert_true(h.has_timestamp);
	h = parse("garbage text here", NULL);
	assert_false(h.parsed);
	assert_false(h.has_timestamp);
	assert_str(h.raw, "garbage text here");
	/* Bounded: len cuts the field; nothing after it is read. */
	{
		const char *s = "from a.example (a.example [192.0.2.1]) by b.example";
		kensa_hop hb = { 0 };
		assert_true(kn_received_parse(&ar, s, 14, &hb));
		assert_str(hb.helo, "a.example");
		assert_null(hb.ip);
		assert_null(hb.by);
	}
	/* Unclosed comment and deep nesting stay linear and safe. */
	h = parse("from x ((((((((((((((((((((((((((((((( by y", NULL);
	assert_str(h.helo, "x");
	h = parse("", NULL);
	assert_false(h.parsed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_postfix),
		cmocka_unit_test(test_sendmail),
		cmocka_unit_test(test_exim),
		cmocka_unit_test(test_qmail),
		cmocka_unit_test(test_exchange),
		cmocka_unit_test(test_gmail),
		cmocka_unit_test(test_sendgrid_domino_mdaemon),
		cmocka_unit_test(test_odd_forms),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
