/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	spf_fuzzer 1
 * SUMMARY
 *	fuzz SPF record parsing and evaluation: check_host() of RFC 7208
 *	over the in-memory DNS backend
 * DESCRIPTION
 *	The input is up to KN_SPF_FUZZ_RECORDS TXT records separated by
 *	newlines: the first is published at example.com, the next ones at
 *	a.example.com, b.example.com and c.example.com, so that include:,
 *	redirect=, exists: and macros written by the fuzzer find records to
 *	follow. A small fixed zone gives a:, mx:, ptr: something to match
 *	(example.com A 192.0.2.1 and AAAA 2001:db8::1, MX mail.example.com,
 *	PTR of 192.0.2.1). check_host() runs for an IPv4 and an IPv6
 *	client, and the HELO check for the same names.
 *
 *	Oracles besides the sanitizers: check_host() returns 0 (the record
 *	is the mail's data: its defects are results, never failures); the
 *	result is one of the seven of RFC 7208 2.6; the void-lookup count
 *	never passes the limit by more than the lookup that tripped it;
 *	every step's strings are NUL-terminated in live memory.
 *--*/
#include <stdlib.h>
#include <string.h>

#include "auth/spf.h"
#include "intel/dns.h"
#include "util/arena.h"
#include "util/ip.h"

#include "fuzz.h"

/* Records taken from one input: example.com and three more names. */
#define KN_SPF_FUZZ_RECORDS 4
/* A TXT character-string holds at most 255 bytes (RFC 1035 3.3.14);
 * a longer record is split into several, as a zone file would. */
#define KN_SPF_FUZZ_STRING 255
/* Strings of one record: 4 kB of input is plenty for SPF. */
#define KN_SPF_FUZZ_STRINGS 16

/* Fixed analysis time: 2024-01-01T00:00:00Z (%{t}). */
#define FUZZ_NOW INT64_C(1704067200)

static const char *const owners[KN_SPF_FUZZ_RECORDS] = {
	"example.com", "a.example.com", "b.example.com", "c.example.com",
};

static void
touch(const char *s)
{
	/* strlen() makes ASan check the whole string lies in live memory. */
	if (s != NULL && strlen(s) > ((size_t)1 << 30))
		abort();
}

/* Publish len bytes of rec at name, split into 255-byte strings. */
static void
publish(kn_dns_memory *m, const char *name, const char *rec, size_t len)
{
	const char *strs[KN_SPF_FUZZ_STRINGS];
	size_t lens[KN_SPF_FUZZ_STRINGS];
	size_t n = 0;

	while (len > 0 && n < KN_SPF_FUZZ_STRINGS) {
		size_t k = len > KN_SPF_FUZZ_STRING ? KN_SPF_FUZZ_STRING : len;

		strs[n] = rec;
		lens[n] = k;
		n++;
		rec += k;
		len -= k;
	}
	(void)kn_dns_memory_add_txt(m, name, KN_DNS_TXT, n, strs, lens);
}

static void
check_eval(const kn_spf_eval *e)
{
	const kn_spf_step *st = e->steps.items;

	if ((unsigned)e->result > (unsigned)KN_SPF_PERMERROR)
		abort();
	if (kn_spf_result_name(e->result) == NULL)
		abort();
	/* RFC 7208 4.6.4: the lookup past a limit ends the evaluation. */
	if (e->void_lookups > KN_SPF_MAX_VOID_LOOKUPS + 1 ||
	    e->dns_lookups > KN_SPF_MAX_DNS_MECHS + 1)
		abort();
	touch(e->domain);
	touch(e->record);
	touch(e->mechanism);
	touch(e->mechanism_domain);
	touch(e->explanation);
	touch(e->problem);
	for (size_t i = 0; i < e->steps.count; i++) {
		touch(st[i].domain);
		touch(st[i].record);
		touch(st[i].term);
		touch(st[i].note);
	}
}

static void
run(kn_dns_backend *be, const char *ip)
{
	kn_spf_request req;
	kn_spf_eval ev;
	kn_resolver res;
	kn_arena ar;

	kn_arena_init(&ar);
	memset(&req, 0, sizeof(req));
	if (!kn_ip_parse(ip, strlen(ip), &req.ip) ||
	    kn_dns_init(&res, &ar, be) != 0)
		abort();
	req.mail_from = "user@example.com";
	req.helo = "a.example.com";
	req.receiver = "mx.example.net";
	req.now = FUZZ_NOW;
	memset(&ev, 0, sizeof(ev));
	if (kn_spf_check_host(&ev, &res, &ar, &req, "example.com",
		"user@example.com") != 0) {
		if (!ar.oom)
			abort();
	} else {
		check_eval(&ev);
	}
	memset(&ev, 0, sizeof(ev));
	if (kn_spf_check_helo(&ev, &res, &ar, &req) == 0)
		check_eval(&ev);
	else if (!ar.oom)
		abort();
	kn_arena_dispose(&ar);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	kn_dns_memory *m = kn_dns_memory_new();

	if (m == NULL)
		return 0;
	(void)kn_dns_memory_add(m, "example.com", KN_DNS_A, "192.0.2.1");
	(void)kn_dns_memory_add(m, "example.com", KN_DNS_AAAA, "2001:db8::1");
	(void)kn_dns_memory_add(m, "example.com", KN_DNS_MX, "10 mail.example.com");
	(void)kn_dns_memory_add(m, "mail.example.com", KN_DNS_A, "192.0.2.1");
	(void)kn_dns_memory_add(m, "1.2.0.192.in-addr.arpa", KN_DNS_PTR,
		"mail.example.com");
	for (size_t i = 0; i < KN_SPF_FUZZ_RECORDS && p < end; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		publish(m, owners[i], p, len);
		p += len + (nl != NULL);
	}
	run(kn_dns_memory_backend(m), "192.0.2.1");
	run(kn_dns_memory_backend(m), "2001:db8::2");
	kn_dns_memory_free(m);
	return 0;
}
