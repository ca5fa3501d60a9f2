/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	whois_fuzzer 1
 * SUMMARY
 *	fuzz the registration-data readers: kn_whois_parse() (RFC 3912
 *	texts, JPRS) and kn_rdap_parse() (RFC 9083 JSON)
 * DESCRIPTION
 *	The input is one answer as a server would send it. It is read by
 *	both parsers, each into a fresh record in a fresh arena (a WHOIS
 *	text is not JSON and the reverse, but each parser must survive the
 *	other's input), then the IANA referral reader. Oracles besides the
 *	sanitizers: every string the parsers filled in is NUL-terminated in
 *	live memory (strlen walks it under ASan); the counts of name
 *	servers and statuses stay within their caps; a WHOIS record folded
 *	into another (kn_whois_merge) keeps those caps too.
 *--*/
#include <stdlib.h>
#include <string.h>

#include "intel/rdap.h"
#include "intel/whois.h"
#include "util/arena.h"

#include "fuzz.h"

static void
touch(const char *s)
{
	/* strlen() makes ASan check the whole string lies in live memory. */
	if (s != NULL && strlen(s) > ((size_t)1 << 30))
		abort();
}

static void
check(const kn_whois_record *r)
{
	touch(r->domain);
	touch(r->registrar);
	touch(r->registrant_name);
	touch(r->registrant_org);
	touch(r->registrant_org_alt);
	touch(r->registrant_country);
	touch(r->registrant_state);
	touch(r->source);
	touch(r->referral);
	if (r->ns_count > KN_WHOIS_MAX_NS ||
	    r->status_count > KN_WHOIS_MAX_STATUS)
		abort();
	for (size_t i = 0; i < r->ns_count; i++) {
		if (r->ns[i] == NULL)
			abort();
		touch(r->ns[i]);
	}
	for (size_t i = 0; i < r->status_count; i++) {
		if (r->status[i] == NULL)
			abort();
		touch(r->status[i]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	kn_whois_record w, j;
	kn_arena ar;

	kn_arena_init(&ar);
	(void)kn_whois_parse(&ar, text, size, &w);
	check(&w);
	(void)kn_rdap_parse(&ar, text, size, &j);
	check(&j);
	if (j.format != KN_WHOIS_FMT_RDAP)
		abort();
	kn_whois_merge(&w, &j);
	check(&w);
	touch(kn_whois_iana_refer(&ar, text, size));
	kn_arena_dispose(&ar);
	return 0;
}
