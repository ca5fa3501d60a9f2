/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	jdate 3h
 * SUMMARY
 *	find dates (with their weekdays) in Japanese and English body text
 * SYNOPSIS
 *	#include "content/jdate.h"
 * DESCRIPTION
 *	kn_jdate_scan() walks UTF-8 text and reports every date it
 *	recognises, with the weekday written next to it (if any) and the
 *	weekday that date really has (proleptic Gregorian calendar).
 *
 *	Japanese forms: 2021年10月14日, era dates 令和3年10月14日 and
 *	令和元年5月1日 (明治 1868, 大正 1912, 昭和 1926, 平成 1989, 令和 2019),
 *	numeric 2021/10/14, 2021-10-14, 2021.10.14, era letters R3.10.14
 *	and H31/4/30, and without a year 10月14日 or 10/14 when a weekday
 *	is written (the year is then taken from a reference date, normally
 *	the message's Date). Full-width digits and brackets (U+FF01..U+FF5E)
 *	and the ideographic space are read as their ASCII forms. Weekdays:
 *	(木), （木曜日）, 木曜, 木曜日, (Thu), (Thursday).
 *
 *	English forms: Thursday, October 14, 2021; Thu, 14 Oct 2021;
 *	October 14, 2021 (Sunday); 14 October 2021; ordinal days (14th).
 *
 *	A match must stand alone: it may not start right after a digit (or,
 *	for numeric and Latin forms, a letter, '.', '/', '-' or ':') nor
 *	end right before a digit or a further ".digit" component, so
 *	version numbers and phone numbers do not match. Invalid dates
 *	(2月30日) and years outside KN_JDATE_YEAR_MIN..KN_JDATE_YEAR_MAX
 *	never match.
 * LIMITS
 *	Two-digit years, kanji numerals (十月) and weekdays written before
 *	a Japanese date are not recognised.
 * ERRORS
 *	None: pure functions, no allocation.
 *--*/
#ifndef KN_CONTENT_JDATE_H
#define KN_CONTENT_JDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Plausible years for dates in mail: Meiji 1 up to well past any mail. */
#define KN_JDATE_YEAR_MIN 1868
#define KN_JDATE_YEAR_MAX 2199

/* kn_jdate.flags */
#define KN_JDATE_JA            0x01u /* Japanese form (年月日 or numeric) */
#define KN_JDATE_EN            0x02u /* English month-name form */
#define KN_JDATE_ERA           0x04u /* Japanese era year (令和, R3...) */
#define KN_JDATE_NUMERIC       0x08u /* 2021/10/14 style */
#define KN_JDATE_FULLWIDTH     0x10u /* full-width characters were read */
#define KN_JDATE_YEAR_INFERRED 0x20u /* no year written; from the reference */

/* One date found in a text. */
typedef struct kn_jdate {
	size_t offset;     /* byte offset of the match in the text */
	size_t length;     /* byte length of the match, weekday included */
	int year;          /* Gregorian year */
	int month;         /* 1..12 */
	int day;           /* 1..31, valid for the month */
	int wday_written;  /* weekday written, 0=Sunday..6=Saturday, or -1 */
	int wday_actual;   /* the date's real weekday, 0..6 */
	unsigned flags;    /* KN_JDATE_* */
} kn_jdate;

/* A reference date (normally the message's local Date) for dates
 * written without a year; valid false means there is none. */
typedef struct kn_jdate_ref {
	bool valid;
	int year, month, day;
} kn_jdate_ref;

/*
 * Scan text (len bytes of UTF-8, no NUL needed) and store up to max
 * dates in out, in text order; returns how many were stored. ref may be
 * NULL; without a valid ref, dates written without a year are skipped.
 */
size_t kn_jdate_scan(const char *text, size_t len, const kn_jdate_ref *ref,
	kn_jdate *out, size_t max);

/* Is y-m-d a real date of the proleptic Gregorian calendar (y >= 1)? */
bool kn_jdate_valid(int y, int m, int d);
/* Weekday of a valid date, 0=Sunday..6=Saturday; -1 if invalid. */
int kn_jdate_weekday(int y, int m, int d);
/* Days from 0001-01-01 to y-m-d (valid dates, y >= 1). */
int64_t kn_jdate_days(int y, int m, int d);
/* The civil date of seconds since the epoch (UTC) shifted by tz_offset
 * seconds east; fills *ref (valid true). */
void kn_jdate_from_epoch(int64_t utc, int tz_offset, kn_jdate_ref *ref);
/*
 * Gregorian year of era year n of the era named by name (UTF-8, len
 * bytes: 明治 大正 昭和 平成 令和, or the letter M T S H R); 0 when the
 * era is unknown or n is outside it.
 */
int kn_jdate_era_year(const char *name, size_t len, int n);
/* English and Japanese weekday names ("Thursday", "木曜日"); "-" for
 * values outside 0..6. Static strings. */
const char *kn_jdate_wday_en(int wday);
const char *kn_jdate_wday_ja(int wday);

#endif
