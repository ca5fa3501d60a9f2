/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dkim - canonicalization, tag-lists and per-signature results
 * SUMMARY
 *	RFC 6376 3.4.6 example, tag-list grammar, l=, x= and several
 *	signatures (corpus mail-dkim-perl/multiple_2, stalwart dkim/005)
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/canon.h"
#include "auth/dkim.h"
#include "intel/dns.h"

static const char *
shared_dir(void)
{
	const char *s = getenv("KENSA_SHARED");

	return s && *s ? s : KENSA_TEST_SHARED_DIR;
}

/* RFC 6376 3.4.6, with bare LF input (made CRLF by the splitter). */
static void
test_canon_example(void **state)
{
	static const char msg[] = "A: X\nB : Y\t\n\tZ  \n\n C \nD \t E\n\n\n";
	kn_arena ar;
	kn_rawmsg m;
	kn_buf b;
	kn_slice body;

	(void)state;
	kn_arena_init(&ar);
	assert_int_equal(kn_rawmsg_split(&m, &ar, msg, strlen(msg)), 0);
	assert_true(m.converted);
	assert_int_equal(kn_rawmsg_count(&m), 2);
	assert_int_equal(kn_rawmsg_field(&m, 1)->offset, 5);  /* input offset */
	kn_buf_init(&b, 1024);
	for (size_t i = 0; i < 2; i++)
		kn_canon_header(&b, KN_CANON_RELAXED, kn_rawmsg_field(&m, i)->field, true);
	assert_string_equal(kn_buf_cstr(&b), "a:X\r\nb:Y Z\r\n");
	kn_buf_reset(&b);
	for (size_t i = 0; i < 2; i++)
		kn_canon_header(&b, KN_CANON_SIMPLE, kn_rawmsg_field(&m, i)->field, true);
	assert_string_equal(kn_buf_cstr(&b), "A: X\r\nB : Y\t\r\n\tZ  \r\n");
	body.p = m.data + m.body_off;
	body.len = m.len - m.body_off;
	kn_buf_reset(&b);
	kn_canon_body(&b, KN_CANON_RELAXED, body);
	assert_string_equal(kn_buf_cstr(&b), " C\r\nD E\r\n");
	kn_buf_reset(&b);
	kn_canon_body(&b, KN_CANON_SIMPLE, body);
	assert_string_equal(kn_buf_cstr(&b), " C \r\nD \t E\r\n");
	/* Empty body: simple is CRLF, relaxed is empty (3.4.3, 3.4.4). */
	body.len = 0;
	kn_buf_reset(&b);
	kn_canon_body(&b, KN_CANON_SIMPLE, body);
	assert_string_equal(kn_buf_cstr(&b), "\r\n");
	kn_buf_reset(&b);
	kn_canon_body(&b, KN_CANON_RELAXED, body);
	assert_int_equal(b.len, 0);
	kn_buf_dispose(&b);
	kn_arena_dispose(&ar);
}

static void
test_taglist(void **state)
{
	kn_tag t[KN_TAGLIST_MAX];
	size_t n;
	const char *why;
	static const char ok[] = " v = 1 ;a=rsa-sha256;\r\n b=ab cd\r\n\t=; ";

	(void)state;
	assert_true(kn_taglist_parse(ok, strlen(ok), t, KN_TAGLIST_MAX, &n, &why));
	assert_int_equal(n, 3);
	assert_int_equal(t[0].value.len, 1);
	assert_int_equal(t[2].value.len, strlen("ab cd\r\n\t="));
	assert_false(kn_taglist_parse("a=1;a=2", 7, t, KN_TAGLIST_MAX, &n, &why));
	assert_false(kn_taglist_parse("a=1;;b=2", 8, t, KN_TAGLIST_MAX, &n, &why));
	assert_false(kn_taglist_parse("k=rsa; t; p=x", 13, t, KN_TAGLIST_MAX, &n, &why));
	assert_false(kn_taglist_parse("1a=x", 4, t, KN_TAGLIST_MAX, &n, &why));
}

static char *
slurp(const char *rel, size_t *len)
{
	char path[1024];
	FILE *f;
	char *buf = malloc(1 << 20);

	snprintf(path, sizeof(path), "%s/corpus/dkim/%s", shared_dir(), rel);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_non_null(buf);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* multiple_2: permerror (c=foobar), pass, fail, permerror (synerr). */
static void
test_multiple_signatures(void **state)
{
	static const kn_dkim_result want[] = { KN_DKIM_PERMERROR, KN_DKIM_PASS,
		KN_DKIM_FAIL, KN_DKIM_PERMERROR };
	size_t len;
	char *msg = slurp("mail-dkim-perl/corpus/multiple_2.txt", &len);
	kn_dns_memory *m = kn_dns_memory_new();
	kn_resolver res;
	kn_arena ar;
	kn_dkim_eval ev;
	char *dns, *p;
	size_t dlen;

	(void)state;
	dns = slurp("mail-dkim-perl/FAKE_DNS.dat", &dlen);
	p = strstr(dns, "selector1._domainkey.messiah.edu");
	assert_non_null(p);
	p[strcspn(p, "\n")] = '\0';
	assert_int_equal(kn_dns_memory_add(m, "selector1._domainkey.messiah.edu",
		KN_DNS_TXT, p + strlen("selector1._domainkey.messiah.edu  ")), 0);
	kn_arena_init(&ar);
	assert_int_equal(kn_dns_init(&res, &ar, kn_dns_memory_backend(m)), 0);
	assert_int_equal(kn_dkim_verify(&ev, &res, &ar, msg, len, 1667843664), 0);
	assert_int_equal(ev.sigs.count, 4);
	for (size_t i = 0; i < 4; i++) {
		const kn_dkim_sig *s = (const kn_dkim_sig *)ev.sigs.items + i;

		assert_int_equal(s->result, want[i]);
		assert_int_equal(s->occurrence, i + 1);
	}
	{
		const kn_dkim_sig *s = (const kn_dkim_sig *)ev.sigs.items + 1;

		assert_true(s->weak);             /* rsa-sha1, RFC 8301 */
		assert_int_equal(s->key_bits, 1024);
		assert_string_equal(s->domain, "messiah.edu");
		assert_string_equal(s->canon, "simple/simple");
		assert_int_equal(ev.result, KN_DKIM_PASS);
	}
	kn_arena_dispose(&ar);
	kn_dns_memory_free(m);
	free(dns);
	free(msg);
}

/* stalwart dkim/005: x=1667930064 passes at its time, expires after. */
static void
test_expiry(void **state)
{
	size_t len;
	char *data = slurp("stalwart-mail-auth/dkim/005.txt", &len);
	char *blank = strstr(data, "\n\n"), *sp;
	kn_dns_memory *m = kn_dns_memory_new();
	int64_t nows[2] = { 1667843664, 1667930065 };

	(void)state;
	assert_non_null(blank);
	*blank = '\0';
	sp = strchr(data, ' ');
	*sp = '\0';
	assert_int_equal(kn_dns_memory_add(m, data, KN_DNS_TXT, sp + 1), 0);
	for (int i = 0; i < 2; i++) {
		kn_resolver res;
		kn_arena ar;
		kn_dkim_eval ev;
		const kn_dkim_sig *s;

		kn_arena_init(&ar);
		assert_int_equal(kn_dns_init(&res, &ar, kn_dns_memory_backend(m)), 0);
		assert_int_equal(kn_dkim_verify(&ev, &res, &ar, blank + 2,
			len - (size_t)(blank + 2 - data), nows[i]), 0);
		s = (const kn_dkim_sig *)ev.sigs.items;
		assert_true(s->has_x);
		assert_int_equal(s->result, i == 0 ? KN_DKIM_PASS : KN_DKIM_PERMERROR);
		kn_arena_dispose(&ar);
	}
	kn_dns_memory_free(m);
	free(data);
}

/* The same signature judged at its arrival and at a later now: expired
 * before delivery (permerror, its own reason), or expired since (not
 * counted: a pass that says so). */
static void
test_expiry_at_arrival(void **state)
{
	size_t len;
	char *data = slurp("stalwart-mail-auth/dkim/005.txt", &len);
	char *blank = strstr(data, "\n\n"), *sp;
	kn_dns_memory *m = kn_dns_memory_new();
	/* arrival, now, expected result */
	static const struct {
		int64_t arrival, now;
		kn_dkim_result want;
		const char *reason;
	} cases[] = {
		{ 1667843664, 1667843664, KN_DKIM_PASS, "signature verified" },
		{ 1667843664, 1767843664, KN_DKIM_PASS, "signature verified; x= "
		  "2022-11-08T17:54:24Z passed after delivery, not counted (3.5)" },
		{ 1667930065, 1767843664, KN_DKIM_PERMERROR,
		  "signature expired before delivery (x=2022-11-08T17:54:24Z, "
		  "delivered 2022-11-08T17:54:25Z; 3.5)" },
		{ 1667930065, 1667930065, KN_DKIM_PERMERROR,
		  "signature expired (x=2022-11-08T17:54:24Z, evaluated at "
		  "2022-11-08T17:54:25Z; 3.5)" },
	};

	(void)state;
	assert_non_null(blank);
	*blank = '\0';
	sp = strchr(data, ' ');
	*sp = '\0';
	assert_int_equal(kn_dns_memory_add(m, data, KN_DNS_TXT, sp + 1), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kn_resolver res;
		kn_arena ar;
		kn_dkim_eval ev;
		const kn_dkim_sig *s;

		kn_arena_init(&ar);
		assert_int_equal(kn_dns_init(&res, &ar, kn_dns_memory_backend(m)), 0);
		assert_int_equal(kn_dkim_verify_at(&ev, &res, &ar, blank + 2,
			len - (size_t)(blank + 2 - data), cases[i].arrival,
			cases[i].now), 0);
		s = (const kn_dkim_sig *)ev.sigs.items;
		assert_int_equal(s->result, cases[i].want);
		assert_string_equal(s->reason, cases[i].reason);
		assert_int_equal(s->expired, cases[i].want == KN_DKIM_PERMERROR);
		assert_int_equal(s->expired_since, i == 1);
		assert_int_equal(kn_dkim_reason_expired(s->reason),
			cases[i].want == KN_DKIM_PERMERROR);
		kn_arena_dispose(&ar);
	}
	/* Other reasons are not expiry. */
	assert_false(kn_dkim_reason_expired(NULL));
	assert_false(kn_dkim_reason_expired("body hash mismatch (body changed "
		"after signing)"));
	assert_false(kn_dkim_reason_expired("x= is before t= (3.5)"));
	kn_dns_memory_free(m);
	free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canon_example),
		cmocka_unit_test(test_taglist),
		cmocka_unit_test(test_multiple_signatures),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_expiry_at_arrival),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
