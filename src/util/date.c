/* SPDX-License-Identifier: MIT */
/* Placeholder over GMime; the trace work replaces it with kensa's parser. */
#include "util/date.h"
#include <gmime/gmime.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

bool
kn_date_parse(const char *s, size_t len, kn_date *out)
{
	char *t = g_strndup(s, len);
	GDateTime *dt = g_mime_utils_header_decode_date(t);
	g_free(t);
	if (dt == NULL)
		return false;
	out->utc = g_date_time_to_unix(dt);
	out->tz_offset = (int)(g_date_time_get_utc_offset(dt) / G_TIME_SPAN_SECOND);
	out->wday_written = -1;
	out->wday_actual = g_date_time_get_day_of_week(dt) % 7;
	out->zone_known = true;
	out->obsolete = false;
	g_date_time_unref(dt);
	return true;
}

void
kn_date_rfc3339(int64_t utc, char *buf, size_t size)
{
	time_t t = (time_t)utc;
	struct tm tm;
	if (gmtime_r(&t, &tm) == NULL) {
		snprintf(buf, size, "invalid");
		return;
	}
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
