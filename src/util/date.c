/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	date 3
 * SUMMARY
 *	RFC 5322 date-time parser (section 3.3, obsolete forms of 4.3)
 * SYNOPSIS
 *	#include "util/date.h"
 * DESCRIPTION
 *	kn_date_parse() reads
 *
 *	    [day-of-week ","] day month year hh:mm[:ss[.frac]] [zone]
 *
 *	with comments (nested, RFC 5322 3.2.2) and folding white space
 *	between tokens, and these obsolete or repaired forms (obsolete is
 *	set when one was needed): 2- and 3-digit years (RFC 5322 4.3: 00-49
 *	are 2000-2049, 50-99 and 3-digit years add 1900), a numeric month,
 *	the asctime order "Fri Feb 07 10:18:12 2003 -0800", named zones
 *	(UT, GMT, the US zones and common ones such as JST, CET), military
 *	letters and unknown names (read as "-0000": time known, zone not),
 *	a missing zone, fractional seconds. Anything after the zone is
 *	ignored (a "(JST)" comment, "EST5EDT", trailing junk).
 *
 *	kn_date_parse_iso() reads the ISO 8601 / RFC 3339 (section 5.6)
 *	form some gateways write into Received fields instead,
 *
 *	    YYYY-MM-DD ("T" | " ") hh:mm[:ss[.frac]] ("Z" | +hh[:]mm)
 *	        [zone-name] [m=+monotonic]
 *
 *	including Go's time.String() output, "2023-03-13 22:10:51.601285139
 *	+0000 UTC m=+3216401.254366207" (SendGrid filterdrecv). The zone
 *	name is ignored (the offset decides); only white space and comments
 *	may follow. A zone is required. obsolete is always set (the form
 *	is not RFC 5322's).
 *
 *	Times are converted with days-from-civil arithmetic on int64_t,
 *	so every year the parser accepts (1900..999999999) works without
 *	time_t or timegm(). kn_date_rfc3339() is the inverse.
 * LIMITS
 *	Comment nesting deeper than KN_DATE_MAX_COMMENT_DEPTH is rejected.
 *	A line break not followed by white space (broken folding, RFC 5322
 *	3.2.2) rejects the date. Out-of-range fields (day 31 in a 30-day
 *	month, hour 24, minute 60, second 61, zone minutes 60, zone hours
 *	above 23) reject the date.
 *--*/
#include "util/date.h"

#include <stdio.h>
#include <string.h>

/* RFC 5322 3.2.2 lets comments nest without limit; real dates use one. */
#define KN_DATE_MAX_COMMENT_DEPTH 16
/* Longest digit run read as one number; 9 digits fit in int64 math. */
#define KN_DATE_MAX_DIGITS 9
/* ISO fractional seconds: Go and RFC 3339 writers print at most
 * nanoseconds (9 digits); allow picoseconds before calling it junk. */
#define KN_DATE_MAX_FRAC_DIGITS 12
/* Longest zone name after an ISO offset ("UTC", "AEDT", "CHADT"). */
#define KN_DATE_MAX_ZONE_NAME 6
/* Go's "m=+3216401.254366207": seconds since process start, with a
 * 9-digit fraction; 32 characters cover centuries of uptime. */
#define KN_DATE_MAX_MONOTONIC 32

typedef struct cursor {
	const char *p;
	const char *end;
	bool bad;          /* broken folding or comment */
} cursor;

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Skip white space, folding and comments; sets c->bad on broken input. */
static void
skip_cfws(cursor *c)
{
	int depth = 0;

	while (c->p < c->end) {
		char ch = *c->p;
		if (ch == '\r' || ch == '\n') {
			/* A line break must be followed by WSP (folding) or end. */
			const char *q = c->p;
			if (*q == '\r' && q + 1 < c->end && q[1] == '\n')
				q++;
			q++;
			if (q < c->end && *q != ' ' && *q != '\t') {
				c->bad = true;
				return;
			}
			c->p = q;
			continue;
		}
		if (ch == ' ' || ch == '\t') {
			c->p++;
			continue;
		}
		if (ch == '(') {
			if (++depth > KN_DATE_MAX_COMMENT_DEPTH) {
				c->bad = true;
				return;
			}
			c->p++;
			continue;
		}
		if (depth > 0) {
			if (ch == ')')
				depth--;
			else if (ch == '\\' && c->p + 1 < c->end)
				c->p++;
			c->p++;
			continue;
		}
		return;
	}
	if (depth > 0)
		c->bad = true; /* unclosed comment */
}

/* Read up to KN_DATE_MAX_DIGITS digits; returns the digit count. */
static int
read_num(cursor *c, int64_t *out)
{
	int n = 0;
	int64_t v = 0;

	while (c->p < c->end && is_digit(*c->p)) {
		if (n == KN_DATE_MAX_DIGITS)
			return -1;
		v = v * 10 + (*c->p - '0');
		c->p++;
		n++;
	}
	*out = v;
	return n;
}

/* Read a run of letters into buf (lower-case, truncated); returns length. */
static size_t
read_word(cursor *c, char *buf, size_t size)
{
	size_t n = 0;

	while (c->p < c->end && is_alpha(*c->p)) {
		if (n + 1 < size)
			buf[n] = lower(*c->p);
		n++;
		c->p++;
	}
	buf[n < size ? n : size - 1] = '\0';
	return n;
}

static const char *const day_names[7] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};
static const char *const month_names[12] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};
static const char *const day_full[7] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday"
};
static const char *const month_full[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

/* Index of w (3 letters or the full name) in names, or -1. */
static int
name_index(const char *w, size_t wlen, const char *const *abbr,
	const char *const *full, int count)
{
	for (int i = 0; i < count; i++) {
		if (wlen == 3 && strcmp(w, abbr[i]) == 0)
			return i;
		if (strcmp(w, full[i]) == 0)
			return i;
	}
	return -1;
}

typedef struct zone_name {
	const char *name;
	int minutes;  /* east of UTC */
} zone_name;

/* RFC 5322 4.3 names first, then common names seen in real mail. */
static const zone_name zones[] = {
	{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 },
	{ "est", -300 }, { "edt", -240 }, { "cst", -360 }, { "cdt", -300 },
	{ "mst", -420 }, { "mdt", -360 }, { "pst", -480 }, { "pdt", -420 },
	{ "akst", -540 }, { "akdt", -480 }, { "hst", -600 },
	{ "ast", -240 }, { "adt", -180 }, { "nst", -210 }, { "ndt", -150 },
	{ "jst", 540 }, { "kst", 540 }, { "hkt", 480 }, { "sgt", 480 },
	{ "awst", 480 }, { "acst", 570 }, { "acdt", 630 },
	{ "aest", 600 }, { "aedt", 660 }, { "nzst", 720 }, { "nzdt", 780 },
	{ "wet", 0 }, { "west", 60 }, { "bst", 60 },
	{ "cet", 60 }, { "cest", 120 }, { "met", 60 }, { "mest", 120 },
	{ "mez", 60 }, { "mesz", 120 },
	{ "eet", 120 }, { "eest", 180 }, { "msk", 180 },
	{ "wib", 420 }, { "ict", 420 },
};

/* RFC 5322 4.3: a year of 2 digits 00-49 is 20xx, 50-99 is 19xx; 3 digits
 * add 1900. Returns the year or -1. */
static int64_t
fix_year(int64_t y, int digits, bool *obsolete)
{
	if (digits == 2) {
		*obsolete = true;
		return y < 50 ? 2000 + y : 1900 + y;
	}
	if (digits == 3) {
		*obsolete = true;
		return 1900 + y;
	}
	if (digits >= 4 && y >= 1900)
		return y;
	return -1;
}

static bool
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int64_t y, int m)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Inverse of days_from_civil. */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* 0=Sunday for days since the epoch (1970-01-01 was a Thursday). */
static int
weekday(int64_t days)
{
	int64_t w = (days + 4) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

/* hh:mm[:ss[.frac]]; returns false when absent or out of range. */
static bool
read_time(cursor *c, int *h, int *mi, int *s, bool *obsolete)
{
	int64_t v;

	if (read_num(c, &v) < 1 || v > 23)
		return false;
	*h = (int)v;
	skip_cfws(c);
	if (c->p >= c->end || *c->p != ':')
		return false;
	c->p++;
	skip_cfws(c);
	if (read_num(c, &v) < 1 || v > 59)
		return false;
	*mi = (int)v;
	*s = 0;
	{
		cursor save = *c;
		skip_cfws(c);
		if (c->p < c->end && *c->p == ':') {
			c->p++;
			skip_cfws(c);
			if (read_num(c, &v) < 1 || v > 60)
				return false;
			*s = (int)v;
			if (c->p < c->end && *c->p == '.') {
				/* Fractional seconds: not RFC 5322; skip them. */
				c->p++;
				while (c->p < c->end && is_digit(*c->p))
					c->p++;
				*obsolete = true;
			}
		} else {
			*c = save;
		}
	}
	return true;
}

/* Zone at c: numeric, named, military or unknown; false when none. */
static bool
read_zone(cursor *c, int *offset_s, bool *known, bool *obsolete)
{
	char w[8];
	size_t n;

	if (c->p >= c->end)
		return false;
	if (*c->p == '+' || *c->p == '-') {
		int sign = *c->p == '-' ? -1 : 1;
		int64_t v;
		const char *start = ++c->p;
		if (read_num(c, &v) != 4 || c->p - start != 4)
			return false;
		if (v / 100 > 23 || v % 100 > 59)
			return false;
		*offset_s = sign * (int)((v / 100) * 3600 + (v % 100) * 60);
		*known = !(sign < 0 && v == 0); /* "-0000": zone unknown */
		return true;
	}
	if (!is_alpha(*c->p))
		return false;
	n = read_word(c, w, sizeof(w));
	*obsolete = true;
	if (n < sizeof(w)) {
		for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
			if (strcmp(w, zones[i].name) == 0) {
				*offset_s = zones[i].minutes * 60;
				*known = true;
				return true;
			}
		}
	}
	/* Military letters (RFC 5322 4.3) and unknown names: "-0000". */
	*offset_s = 0;
	*known = false;
	return true;
}

bool
kn_date_parse(const char *s, size_t len, kn_date *out)
{
	cursor c = { s, s + len, false };
	kn_date d = { 0 };
	char w[12];
	size_t n;
	int64_t day, year, v;
	int month = -1, h = 0, mi = 0, sec = 0, digits, yd;
	bool asctime_form = false, have_zone;
	int64_t days;

	if (s == NULL)
		return false;
	d.wday_written = -1;
	skip_cfws(&c);
	if (c.bad || c.p >= c.end)
		return false;

	/* Optional day-of-week, with or without the comma. */
	if (is_alpha(*c.p)) {
		n = read_word(&c, w, sizeof(w));
		d.wday_written = name_index(w, n, day_names, day_full, 7);
		if (d.wday_written < 0)
			return false;
		skip_cfws(&c);
		if (c.p < c.end && *c.p == ',') {
			c.p++;
		}
		skip_cfws(&c);
		if (c.bad || c.p >= c.end)
			return false;
		if (is_alpha(*c.p))
			asctime_form = true; /* "Fri Feb 07 10:18:12 2003" */
	}

	if (asctime_form) {
		n = read_word(&c, w, sizeof(w));
		month = name_index(w, n, month_names, month_full, 12);
		if (month < 0)
			return false;
		skip_cfws(&c);
		if (read_num(&c, &day) < 1)
			return false;
		d.obsolete = true;
	} else {
		if (read_num(&c, &day) < 1)
			return false;
		skip_cfws(&c);
		if (c.bad || c.p >= c.end)
			return false;
		if (*c.p == '-' || *c.p == '/')
			return false; /* not an RFC 5322 form */
		if (is_alpha(*c.p)) {
			n = read_word(&c, w, sizeof(w));
			month = name_index(w, n, month_names, month_full, 12);
		} else if (read_num(&c, &v) >= 1 && v >= 1 && v <= 12) {
			month = (int)v - 1; /* obsolete numeric month */
			d.obsolete = true;
		}
		if (month < 0)
			return false;
	}
	skip_cfws(&c);
	if (c.bad)
		return false;

	if (asctime_form) {
		/* time [zone] year [zone] */
		int off = 0;
		bool known = false, obs = false;
		if (!read_time(&c, &h, &mi, &sec, &d.obsolete))
			return false;
		skip_cfws(&c);
		have_zone = read_zone(&c, &off, &known, &obs);
		if (have_zone)
			skip_cfws(&c);
		digits = read_num(&c, &year);
		if (digits < 1)
			return false;
		year = fix_year(year, digits, &d.obsolete);
		if (!have_zone) {
			skip_cfws(&c);
			have_zone = !c.bad && read_zone(&c, &off, &known, &obs);
		}
		d.tz_offset = off;
		d.zone_known = have_zone && known;
	} else {
		int off = 0;
		bool known = false, obs = false;
		digits = read_num(&c, &year);
		if (digits < 2)
			return false;
		year = fix_year(year, digits, &d.obsolete);
		skip_cfws(&c);
		if (c.bad || !read_time(&c, &h, &mi, &sec, &d.obsolete))
			return false;
		skip_cfws(&c);
		if (c.bad)
			return false;
		{
			bool sign = c.p < c.end && (*c.p == '+' || *c.p == '-');
			have_zone = read_zone(&c, &off, &known, &obs);
			if (sign && !have_zone)
				return false; /* malformed numeric zone */
		}
		if (obs)
			d.obsolete = true;
		d.tz_offset = off;
		d.zone_known = have_zone && known;
	}
	if (!have_zone)
		d.obsolete = true;
	if (year < 0)
		return false;
	yd = month + 1;
	if (day < 1 || day > days_in_month(year, yd))
		return false;

	days = days_from_civil(year, yd, (int)day);
	d.wday_actual = weekday(days);
	d.utc = days * 86400 + (int64_t)h * 3600 + (int64_t)mi * 60 + sec
		- d.tz_offset;
	*out = d;
	return true;
}

/* Exactly n digits at c (no white space); false otherwise. */
static bool
read_fixed(cursor *c, int n, int64_t *out)
{
	int64_t v = 0;

	if (c->end - c->p < n)
		return false;
	for (int i = 0; i < n; i++) {
		if (!is_digit(c->p[i]))
			return false;
		v = v * 10 + (c->p[i] - '0');
	}
	c->p += n;
	*out = v;
	return true;
}

static void
skip_ws(cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

/* "m=+3216401.254366207": Go's monotonic clock reading; skipped. */
static bool
skip_go_monotonic(cursor *c)
{
	const char *p = c->p;
	size_t digits = 0;

	if (c->end - p < 3 || p[0] != 'm' || p[1] != '=' ||
	    (p[2] != '+' && p[2] != '-'))
		return false;
	p += 3;
	while (p < c->end && (is_digit(*p) || *p == '.') &&
	    digits < KN_DATE_MAX_MONOTONIC) {
		p++;
		digits++;
	}
	if (digits == 0 || (p < c->end && !(*p == ' ' || *p == '\t' ||
	    *p == '\r' || *p == '\n' || *p == '(')))
		return false;
	c->p = p;
	return true;
}

bool
kn_date_parse_iso(const char *s, size_t len, kn_date *out)
{
	cursor c = { s, s + len, false };
	kn_date d = { 0 };
	int64_t year, mon, day, h, mi, sec = 0, zh, zm;
	int64_t days;

	if (s == NULL)
		return false;
	d.wday_written = -1;
	d.obsolete = true; /* not an RFC 5322 date-time at all */
	skip_cfws(&c);
	if (c.bad)
		return false;
	if (!read_fixed(&c, 4, &year) || year < 1900 ||
	    c.p >= c.end || *c.p++ != '-' ||
	    !read_fixed(&c, 2, &mon) || mon < 1 || mon > 12 ||
	    c.p >= c.end || *c.p++ != '-' ||
	    !read_fixed(&c, 2, &day) || day < 1 ||
	    day > days_in_month(year, (int)mon))
		return false;
	/* RFC 3339 5.6: "T" (or "t"); its NOTE allows a space instead. */
	if (c.p < c.end && (*c.p == 'T' || *c.p == 't'))
		c.p++;
	else if (c.p < c.end && *c.p == ' ')
		skip_ws(&c);
	else
		return false;
	if (!read_fixed(&c, 2, &h) || h > 23 ||
	    c.p >= c.end || *c.p++ != ':' ||
	    !read_fixed(&c, 2, &mi) || mi > 59)
		return false;
	if (c.p < c.end && *c.p == ':') {
		c.p++;
		if (!read_fixed(&c, 2, &sec) || sec > 60)
			return false;
		if (c.p < c.end && (*c.p == '.' || *c.p == ',')) {
			int n = 0;
			c.p++;
			while (c.p < c.end && is_digit(*c.p)) {
				if (++n > KN_DATE_MAX_FRAC_DIGITS)
					return false;
				c.p++;
			}
			if (n == 0)
				return false;
		}
	}
	skip_ws(&c);
	if (c.p < c.end && (*c.p == 'Z' || *c.p == 'z') &&
	    (c.p + 1 == c.end || !is_alpha(c.p[1]))) {
		c.p++;
		d.zone_known = true;
	} else if (c.p < c.end && (*c.p == '+' || *c.p == '-')) {
		int sign = *c.p++ == '-' ? -1 : 1;
		if (!read_fixed(&c, 2, &zh) || zh > 23)
			return false;
		if (c.p < c.end && *c.p == ':')
			c.p++;
		if (!read_fixed(&c, 2, &zm) || zm > 59)
			return false;
		d.tz_offset = sign * (int)(zh * 3600 + zm * 60);
		d.zone_known = !(sign < 0 && zh == 0 && zm == 0);
	} else {
		return false; /* a zone is required: local time says nothing */
	}
	/* Optional zone name ("UTC", "JST"; Go prints one), then Go's
	 * monotonic clock reading, then only comments or white space. */
	skip_ws(&c);
	if (c.p < c.end && is_alpha(*c.p) && *c.p != 'm') {
		size_t n = 0;
		while (c.p < c.end && is_alpha(*c.p) && n <= KN_DATE_MAX_ZONE_NAME) {
			c.p++;
			n++;
		}
		if (n > KN_DATE_MAX_ZONE_NAME)
			return false;
		skip_ws(&c);
	}
	if (c.p < c.end && *c.p == 'm' && !skip_go_monotonic(&c))
		return false;
	skip_cfws(&c);
	if (c.bad || c.p != c.end)
		return false;

	days = days_from_civil(year, (int)mon, (int)day);
	d.wday_actual = weekday(days);
	d.utc = days * 86400 + h * 3600 + mi * 60 + sec - d.tz_offset;
	*out = d;
	return true;
}

void
kn_date_rfc3339(int64_t utc, char *buf, size_t size)
{
	int64_t days, secs, y;
	int m, d;

	if (buf == NULL || size == 0)
		return;
	days = utc / 86400;
	secs = utc % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d,
		(int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}
