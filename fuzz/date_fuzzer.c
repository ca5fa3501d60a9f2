/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	date_fuzzer 1
 * SUMMARY
 *	fuzz the RFC 5322 date parser, kn_date_parse()
 * DESCRIPTION
 *	The input is a Date field value. Oracles besides the sanitizers: a
 *	parsed date has days of week in 0..6 (or -1 for none written), a
 *	zone offset within +-24 hours, and formats as RFC 3339 into the
 *	documented 21-byte buffer with the string ending inside it.
 *--*/
#include <stdlib.h>
#include <string.h>

#include "util/date.h"

#include "fuzz.h"

/* Largest zone offset any real zone uses is +-14 h; allow a day. */
#define MAX_TZ_SECONDS (24 * 3600)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kn_date d;
	char buf[21];

	memset(&d, 0, sizeof(d));
	if (!kn_date_parse((const char *)data, size, &d))
		return 0;
	if (d.wday_written < -1 || d.wday_written > 6)
		abort();
	if (d.wday_actual < 0 || d.wday_actual > 6)
		abort();
	if (d.tz_offset < -MAX_TZ_SECONDS || d.tz_offset > MAX_TZ_SECONDS)
		abort();
	memset(buf, 'x', sizeof(buf));
	kn_date_rfc3339(d.utc, buf, sizeof(buf));
	if (memchr(buf, '\0', sizeof(buf)) == NULL)
		abort();
	return 0;
}
