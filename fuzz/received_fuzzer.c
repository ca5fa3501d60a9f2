/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	received_fuzzer 1
 * SUMMARY
 *	fuzz the Received field parser, kn_received_parse()
 * DESCRIPTION
 *	The input is the value of one Received field (folded or not). It is
 *	parsed into a hop in a fresh arena. Oracles besides the sanitizers:
 *	every string the parser filled in must be NUL-terminated within the
 *	arena (strlen walks it under ASan), and a hop reported as understood
 *	must name a client or a server, or at least the software (a
 *	clause-less qmail "(qmail 1234 invoked by uid 89)" line counts as
 *	understood).
 *--*/
#include <stdlib.h>
#include <string.h>

#include "trace/received.h"
#include "util/arena.h"

#include "fuzz.h"

static void
touch(const char *s)
{
	/* strlen() makes ASan check the whole string lies in live memory. */
	if (s != NULL && strlen(s) > ((size_t)1 << 30))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kn_arena ar;
	kensa_hop hop;
	bool ok;

	kn_arena_init(&ar);
	memset(&hop, 0, sizeof(hop));
	ok = kn_received_parse(&ar, (const char *)data, size, &hop);
	touch(hop.raw);
	touch(hop.helo);
	touch(hop.rdns);
	touch(hop.ip);
	touch(hop.by);
	touch(hop.via);
	touch(hop.protocol);
	touch(hop.id);
	touch(hop.for_addr);
	touch(hop.tls);
	touch(hop.software);
	if (ok && !ar.oom && hop.helo == NULL && hop.rdns == NULL &&
	    hop.ip == NULL && hop.by == NULL && hop.software == NULL)
		abort();
	kn_arena_dispose(&ar);
	return 0;
}
