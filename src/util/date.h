/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	date 3h
 * SUMMARY
 *	RFC 5322 date-time parsing (section 3.3, with 4.3 obsolete forms)
 * SYNOPSIS
 *	#include "util/date.h"
 *--*/
#ifndef KN_DATE_H
#define KN_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kn_date {
	int64_t utc;       /* seconds since the epoch, UTC */
	int tz_offset;     /* zone offset in seconds east of UTC */
	int wday_written;  /* day-of-week named in the text, 0=Sun..6=Sat;
	                      -1 when none was written */
	int wday_actual;   /* day-of-week of the local date written, 0..6 */
	bool zone_known;   /* false for "-0000" or a missing/unknown zone */
	bool obsolete;     /* an obsolete or repaired form was accepted */
} kn_date;

/*
 * Parse an RFC 5322 date-time in s (len bytes, no NUL needed): optional
 * day-of-week, day, month name, 2- or 4-digit year, hh:mm[:ss[.frac]],
 * numeric or named zone (UT, GMT, EST..PDT, JST, military letters),
 * comments and folding white space anywhere between tokens.
 * Returns true and fills *out on success; false when the text is not a
 * date (out untouched). Pure; no allocation.
 */
bool kn_date_parse(const char *s, size_t len, kn_date *out);

/*
 * Parse an ISO 8601 / RFC 3339 (section 5.6) date-time in s (len bytes,
 * no NUL needed): "YYYY-MM-DD" then "T" or spaces, "hh:mm[:ss[.frac]]",
 * a required zone ("Z", "+hhmm", "+hh:mm"), an optional zone name and
 * Go's monotonic suffix "m=+N.N" (time.String() output), then only white
 * space or comments. Returns true and fills *out (wday_written -1,
 * obsolete true) on success; false otherwise (out untouched). Pure; no
 * allocation.
 */
bool kn_date_parse_iso(const char *s, size_t len, kn_date *out);

/* Format utc as RFC 3339 "YYYY-MM-DDThh:mm:ssZ" into buf (>= 21 bytes). */
void kn_date_rfc3339(int64_t utc, char *buf, size_t size);

#endif
