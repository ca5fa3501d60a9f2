/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	jdate 3
 * SUMMARY
 *	find dates (with their weekdays) in Japanese and English body text
 * SYNOPSIS
 *	#include "content/jdate.h"
 * DESCRIPTION
 *	A small hand-written recogniser over UTF-8. A cursor reads one code
 *	point at a time, folding full-width ASCII (U+FF01..U+FF5E) and the
 *	ideographic space U+3000 to their ASCII forms, so byte offsets stay
 *	those of the original text. At every position where a date may
 *	start (a digit, an era name, a Latin letter) the forms listed in
 *	jdate.h are tried in turn; the first that parses and names a real
 *	date wins and scanning resumes after it.
 *
 *	Weekdays are computed by counting days from 0001-01-01 (a Monday
 *	in the proleptic Gregorian calendar).
 * LIMITS
 *	Each scan step advances at least one byte, so a scan is linear in
 *	the text with a constant per position (tokens are bounded by
 *	KN_JDATE_SPACE_MAX and KN_JDATE_WORD_MAX).
 *--*/
#include "content/jdate.h"

#include <string.h>

/* White space allowed between two tokens of one date ("2021 年 10 月"). */
#define KN_JDATE_SPACE_MAX 3
/* Longest English month or weekday name ("September", "Wednesday"). */
#define KN_JDATE_WORD_MAX 10
/* Longest UTF-8 sequence (RFC 3629 section 3). */
#define KN_UTF8_MAX 4

typedef struct cur {
	const unsigned char *s;
	size_t len;
	size_t pos;
	bool wide;        /* some full-width character was read */
} cur;

static const char *const wday_en[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};
static const char *const wday_ja[7] = {
	"日曜日", "月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日"
};
/* The kanji of each weekday, U+65E5 日 .. U+571F 土. */
static const uint32_t wday_kanji[7] = {
	0x65E5, 0x6708, 0x706B, 0x6C34, 0x6728, 0x91D1, 0x571F
};
#define CP_YOU  0x66DC /* 曜 */
#define CP_NEN  0x5E74 /* 年 */
#define CP_GETU 0x6708 /* 月 */
#define CP_NITI 0x65E5 /* 日 */
#define CP_GAN  0x5143 /* 元 */

static const struct {
	const char *name;  /* kanji */
	char letter;       /* abbreviation letter */
	int first;         /* Gregorian year of era year 1 */
	int last;          /* last era year */
} eras[] = {
	{ "明治", 'M', 1868, 45 },
	{ "大正", 'T', 1912, 15 },
	{ "昭和", 'S', 1926, 64 },
	{ "平成", 'H', 1989, 31 },
	{ "令和", 'R', 2019, 99 },
};
#define ERA_COUNT (sizeof(eras) / sizeof(eras[0]))

static const char *const month_names[12][2] = {
	{ "january", "jan" }, { "february", "feb" }, { "march", "mar" },
	{ "april", "apr" }, { "may", "may" }, { "june", "jun" },
	{ "july", "jul" }, { "august", "aug" }, { "september", "sep" },
	{ "october", "oct" }, { "november", "nov" }, { "december", "dec" },
};
/* Weekday spellings in lower case, by weekday. */
static const char *const wday_words[7][4] = {
	{ "sunday", "sun", NULL, NULL },
	{ "monday", "mon", NULL, NULL },
	{ "tuesday", "tue", "tues", NULL },
	{ "wednesday", "wed", "weds", NULL },
	{ "thursday", "thu", "thur", "thurs" },
	{ "friday", "fri", NULL, NULL },
	{ "saturday", "sat", NULL, NULL },
};

/* ---- calendar ---- */

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int n[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	return m == 2 && leap(y) ? 29 : n[m - 1];
}

bool
kn_jdate_valid(int y, int m, int d)
{
	return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

int64_t
kn_jdate_days(int y, int m, int d)
{
	static const int before[12] = { 0, 31, 59, 90, 120, 151, 181, 212,
		243, 273, 304, 334 };
	int64_t p = (int64_t)y - 1;

	return p * 365 + p / 4 - p / 100 + p / 400 + before[m - 1] +
		(m > 2 && leap(y) ? 1 : 0) + d - 1;
}

int
kn_jdate_weekday(int y, int m, int d)
{
	if (!kn_jdate_valid(y, m, d))
		return -1;
	/* Day 0 (0001-01-01) is a Monday. */
	return (int)((kn_jdate_days(y, m, d) + 1) % 7);
}

void
kn_jdate_from_epoch(int64_t utc, int tz_offset, kn_jdate_ref *ref)
{
	int64_t local = utc + tz_offset;
	int64_t day = local / 86400;
	int64_t n;
	int y, m;

	if (local % 86400 < 0)
		day--;
	n = day + kn_jdate_days(1970, 1, 1);
	if (n < 0)
		n = 0;
	/* Estimate, then correct by whole years (at most a step or two). */
	y = (int)(n * 400 / 146097) + 1;
	while (y > 1 && kn_jdate_days(y, 1, 1) > n)
		y--;
	while (kn_jdate_days(y + 1, 1, 1) <= n)
		y++;
	for (m = 1; m < 12 && kn_jdate_days(y, m + 1, 1) <= n; m++)
		;
	ref->valid = true;
	ref->year = y;
	ref->month = m;
	ref->day = (int)(n - kn_jdate_days(y, m, 1)) + 1;
}

int
kn_jdate_era_year(const char *name, size_t len, int n)
{
	for (size_t i = 0; i < ERA_COUNT; i++) {
		bool hit = (len == strlen(eras[i].name) &&
			memcmp(name, eras[i].name, len) == 0) ||
			(len == 1 && name[0] == eras[i].letter);
		if (hit)
			return n >= 1 && n <= eras[i].last ?
				eras[i].first + n - 1 : 0;
	}
	return 0;
}

const char *
kn_jdate_wday_en(int wday)
{
	return wday >= 0 && wday < 7 ? wday_en[wday] : "-";
}

const char *
kn_jdate_wday_ja(int wday)
{
	return wday >= 0 && wday < 7 ? wday_ja[wday] : "-";
}

/* ---- cursor ---- */

/* Code point at pos of s[0..len), *n its byte length (1 for a bad
 * sequence, which reads as U+FFFD; 0 at the end). */
static uint32_t
decode(const unsigned char *s, size_t len, size_t pos, size_t *n)
{
	uint32_t c;
	size_t need;

	if (pos >= len) {
		*n = 0;
		return 0;
	}
	c = s[pos];
	*n = 1;
	if (c < 0x80)
		return c;
	if ((c & 0xE0) == 0xC0) {
		need = 2;
		c &= 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		need = 3;
		c &= 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		need = 4;
		c &= 0x07;
	} else {
		return 0xFFFD;
	}
	if (len - pos < need)
		return 0xFFFD;
	for (size_t i = 1; i < need; i++) {
		if ((s[pos + i] & 0xC0) != 0x80)
			return 0xFFFD;
		c = (c << 6) | (s[pos + i] & 0x3F);
	}
	*n = need;
	return c;
}

static uint32_t
fold(uint32_t c, bool *wide)
{
	if (c >= 0xFF01 && c <= 0xFF5E) {
		*wide = true;
		return c - 0xFF01 + 0x21;
	}
	if (c == 0x3000) {
		*wide = true;
		return ' ';
	}
	return c;
}

/* Folded code point at the cursor, without moving. */
static uint32_t
peek(const cur *c, size_t *n, bool *wide)
{
	*wide = false;
	return fold(decode(c->s, c->len, c->pos, n), wide);
}

/* Folded code point before byte position pos (0 at the start). */
static uint32_t
prev_cp(const unsigned char *s, size_t pos)
{
	size_t p = pos, n;
	bool w;
	int k = 0;

	if (pos == 0)
		return 0;
	do {
		p--;
		k++;
	} while (p > 0 && k < KN_UTF8_MAX && (s[p] & 0xC0) == 0x80);
	return fold(decode(s, pos, p, &n), &w);
}

static bool
is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Consume the folded code point want, if it is next. */
static bool
lit(cur *c, uint32_t want)
{
	size_t n;
	bool w;

	if (peek(c, &n, &w) != want || n == 0)
		return false;
	c->pos += n;
	c->wide |= w;
	return true;
}

/* Skip up to KN_JDATE_SPACE_MAX blanks; returns how many. */
static int
skip_sp(cur *c)
{
	int k = 0;

	while (k < KN_JDATE_SPACE_MAX && (lit(c, ' ') || lit(c, '\t')))
		k++;
	return k;
}

/* Read mind..maxd digits; fails (cursor unmoved) on fewer or on more. */
static bool
num(cur *c, int mind, int maxd, int *val)
{
	cur save = *c;
	int v = 0, k = 0;

	for (;;) {
		size_t n;
		bool w;
		uint32_t ch = peek(c, &n, &w);
		if (!is_digit(ch))
			break;
		if (k == maxd) {
			*c = save;
			return false;
		}
		v = v * 10 + (int)(ch - '0');
		k++;
		c->pos += n;
		c->wide |= w;
	}
	if (k < mind) {
		*c = save;
		return false;
	}
	*val = v;
	return true;
}

/* Read a run of ASCII letters (lower-cased into buf); 0 when none or
 * longer than the buffer (cursor unmoved then). */
static size_t
word(cur *c, char *buf, size_t cap)
{
	cur save = *c;
	size_t k = 0;

	for (;;) {
		size_t n;
		bool w;
		uint32_t ch = peek(c, &n, &w);
		if (!is_alpha(ch))
			break;
		if (k + 1 >= cap) {
			*c = save;
			return 0;
		}
		buf[k++] = (char)(ch | 0x20);
		c->pos += n;
		c->wide |= w;
	}
	buf[k] = '\0';
	return k;
}

static int
lookup_wday(const char *w)
{
	/* every word of the text comes here: compare the first letter
	 * before the whole word (the scan's hot path) */
	for (int i = 0; i < 7; i++)
		for (int j = 0; j < 4 && wday_words[i][j] != NULL; j++)
			if (w[0] == wday_words[i][j][0] &&
			    strcmp(w, wday_words[i][j]) == 0)
				return i;
	return -1;
}

static int
lookup_month(const char *w)
{
	for (int i = 0; i < 12; i++) {
		if (w[0] != month_names[i][0][0])
			continue; /* both names of a month share the first letter */
		if (strcmp(w, month_names[i][0]) == 0 ||
		    strcmp(w, month_names[i][1]) == 0 ||
		    (i == 8 && strcmp(w, "sept") == 0))
			return i + 1;
	}
	return 0;
}

/* An English weekday word at the cursor; -1 (unmoved) if none. */
static int
wday_word(cur *c)
{
	cur save = *c;
	char w[KN_JDATE_WORD_MAX + 1];
	int wd;

	if (word(c, w, sizeof(w)) == 0 || (wd = lookup_wday(w)) < 0) {
		*c = save;
		return -1;
	}
	return wd;
}

/* A Japanese weekday: 木, 木曜, 木曜日; with need_you only the forms
 * with 曜. -1 (unmoved) if none. */
static int
wday_kanji_at(cur *c, bool need_you)
{
	cur save = *c;
	size_t n;
	bool w;
	uint32_t ch = peek(c, &n, &w);

	for (int i = 0; i < 7; i++) {
		if (ch != wday_kanji[i])
			continue;
		c->pos += n;
		if (lit(c, CP_YOU))
			(void)lit(c, CP_NITI);
		else if (need_you)
			break;
		return i;
	}
	*c = save;
	return -1;
}

/*
 * The weekday written after a date: optional blanks, then "(木)",
 * "(木曜日)", "(Thu)", "(Thursday.)", or with bare true "木曜(日)" or an
 * English weekday word. -1 and cursor unmoved when there is none.
 */
static int
wday_suffix(cur *c, bool bare)
{
	cur save = *c;
	int wd;

	skip_sp(c);
	if (lit(c, '(')) {
		skip_sp(c);
		wd = wday_kanji_at(c, false);
		if (wd < 0 && (wd = wday_word(c)) >= 0)
			(void)lit(c, '.');
		skip_sp(c);
		if (wd >= 0 && lit(c, ')'))
			return wd;
	} else if (bare) {
		if ((wd = wday_kanji_at(c, true)) >= 0)
			return wd;
		if ((wd = wday_word(c)) >= 0) {
			size_t n;
			bool w;
			if (!is_alpha(peek(c, &n, &w)))
				return wd;
		}
	}
	*c = save;
	return -1;
}

/* ---- forms ---- */

typedef struct parsed {
	int year;          /* 0 when not written */
	int month, day;
	int wday;
	unsigned flags;
} parsed;

/* [era] Y年M月D日 or (yearless) M月D日, then a weekday. */
static bool
form_kanji(cur *c, parsed *p, bool at_era)
{
	int y = 0, m, d;

	if (at_era) {
		size_t i;
		for (i = 0; i < ERA_COUNT; i++) {
			size_t l = strlen(eras[i].name);
			if (c->len - c->pos >= l &&
			    memcmp(c->s + c->pos, eras[i].name, l) == 0)
				break;
		}
		if (i == ERA_COUNT)
			return false;
		c->pos += strlen(eras[i].name);
		skip_sp(c);
		if (lit(c, CP_GAN))
			y = 1;
		else if (!num(c, 1, 2, &y))
			return false;
		y = kn_jdate_era_year(eras[i].name, strlen(eras[i].name), y);
		if (y == 0)
			return false;
		skip_sp(c);
		if (!lit(c, CP_NEN))
			return false;
		p->flags |= KN_JDATE_ERA;
		skip_sp(c);
	} else {
		cur save = *c;
		if (num(c, 4, 4, &y) && (skip_sp(c), lit(c, CP_NEN)))
			skip_sp(c);
		else {
			*c = save;
			y = 0;
		}
	}
	if (!num(c, 1, 2, &m))
		return false;
	skip_sp(c);
	if (!lit(c, CP_GETU))
		return false;
	skip_sp(c);
	if (!num(c, 1, 2, &d))
		return false;
	skip_sp(c);
	if (!lit(c, CP_NITI))
		return false;
	p->year = y;
	p->month = m;
	p->day = d;
	p->wday = wday_suffix(c, true);
	p->flags |= KN_JDATE_JA;
	return true;
}

/* Y/M/D, Y-M-D, Y.M.D, era letter R3.10.14, or yearless M/D(weekday). */
static bool
form_numeric(cur *c, parsed *p, bool era_letter)
{
	cur save;
	uint32_t sep, after;
	size_t n;
	bool w;
	int y = 0, m, d;

	if (era_letter) {
		char letter[2] = { (char)peek(c, &n, &w), '\0' };
		c->pos += n;
		c->wide |= w;
		if (!num(c, 1, 2, &y))
			return false;
		if ((y = kn_jdate_era_year(letter, 1, y)) == 0)
			return false;
		p->flags |= KN_JDATE_ERA;
	} else if (!num(c, 4, 4, &y)) {
		y = 0;
	}
	if (y != 0) {
		sep = peek(c, &n, &w);
		if (sep != '/' && sep != '-' && sep != '.')
			return false;
		(void)lit(c, sep);
		if (!num(c, 1, 2, &m) || !lit(c, sep) || !num(c, 1, 2, &d))
			return false;
	} else {
		sep = '/';
		if (!num(c, 1, 2, &m) || !lit(c, '/') || !num(c, 1, 2, &d))
			return false;
	}
	/* Not the head of a longer dotted or dashed number (a version). */
	save = *c;
	after = peek(c, &n, &w);
	if (after == '/' || after == '-' || after == '.') {
		c->pos += n;
		if (is_digit(peek(c, &n, &w)))
			return false;
		*c = save;
	}
	p->year = y;
	p->month = m;
	p->day = d;
	p->wday = wday_suffix(c, y != 0);
	if (y == 0 && p->wday < 0)
		return false; /* "10/14" alone is not a date */
	p->flags |= KN_JDATE_NUMERIC | KN_JDATE_JA;
	return true;
}

static void
ordinal(cur *c)
{
	static const char *const suf[] = { "st", "nd", "rd", "th" };
	cur save = *c;
	char w[KN_JDATE_WORD_MAX + 1];

	if (word(c, w, sizeof(w)) == 2)
		for (size_t i = 0; i < 4; i++)
			if (strcmp(w, suf[i]) == 0)
				return;
	*c = save;
}

/* A month name, with an optional dot after an abbreviation; 0 if none. */
static int
month_word(cur *c)
{
	cur save = *c;
	char w[KN_JDATE_WORD_MAX + 1];
	int m;

	if (word(c, w, sizeof(w)) == 0 || (m = lookup_month(w)) == 0) {
		*c = save;
		return 0;
	}
	(void)lit(c, '.');
	return m;
}

/* [Weekday,] Month D[,] YYYY | [Weekday,] D Month[,] YYYY, then an
 * optional bracketed weekday. */
static bool
form_english(cur *c, parsed *p)
{
	int wd = -1, m, d, y;
	size_t n;
	bool w;

	if (is_alpha(peek(c, &n, &w))) {
		cur save = *c;
		if ((wd = wday_word(c)) >= 0) {
			bool punct = lit(c, '.');
			punct |= lit(c, ',');
			if (skip_sp(c) == 0 && !punct)
				return false;
		} else {
			*c = save;
		}
	}
	if ((m = month_word(c)) != 0) {
		if (skip_sp(c) == 0 || !num(c, 1, 2, &d))
			return false;
		ordinal(c);
		(void)lit(c, ',');
		if (skip_sp(c) == 0 || !num(c, 4, 4, &y))
			return false;
	} else {
		if (!num(c, 1, 2, &d))
			return false;
		ordinal(c);
		if (skip_sp(c) == 0 || (m = month_word(c)) == 0)
			return false;
		(void)lit(c, ',');
		if (skip_sp(c) == 0 || !num(c, 4, 4, &y))
			return false;
	}
	p->year = y;
	p->month = m;
	p->day = d;
	p->wday = wday_suffix(c, false);
	if (wd >= 0)
		p->wday = wd;
	p->flags |= KN_JDATE_EN;
	return true;
}

/* Pick the year for a yearless date: the one nearest the reference. */
static int
infer_year(const kn_jdate_ref *ref, int m, int d)
{
	int64_t r = kn_jdate_days(ref->year, ref->month, ref->day);
	int best = 0;
	int64_t best_gap = 0;

	for (int y = ref->year - 1; y <= ref->year + 1; y++) {
		int64_t gap;
		if (!kn_jdate_valid(y, m, d))
			continue;
		gap = kn_jdate_days(y, m, d) - r;
		if (gap < 0)
			gap = -gap;
		if (best == 0 || gap < best_gap) {
			best = y;
			best_gap = gap;
		}
	}
	return best;
}

/* Try every form at pos; on success fill *out and return the end. */
static bool
try_at(const unsigned char *s, size_t len, size_t pos,
	const kn_jdate_ref *ref, kn_jdate *out, size_t *end)
{
	cur c = { s, len, pos, false };
	parsed p;
	size_t n;
	bool w;
	uint32_t ch = peek(&c, &n, &w);
	uint32_t before = prev_cp(s, pos);
	bool ok = false;

	memset(&p, 0, sizeof(p));
	if (is_digit(ch)) {
		if (is_digit(before))
			return false;
		if (before != CP_NEN) {
			c.wide = false;
			ok = form_kanji(&c, &p, false);
		}
		if (!ok && !is_alpha(before) && before != '.' &&
		    before != '/' && before != '-' && before != ':' &&
		    before != '_') {
			c = (cur){ s, len, pos, false };
			memset(&p, 0, sizeof(p));
			ok = form_numeric(&c, &p, false);
			if (!ok) {
				c = (cur){ s, len, pos, false };
				memset(&p, 0, sizeof(p));
				ok = form_english(&c, &p);
			}
		}
	} else if (is_alpha(ch)) {
		if (is_alpha(before) || is_digit(before))
			return false;
		if (strchr("MTSHR", (int)ch) != NULL) {
			ok = form_numeric(&c, &p, true);
			if (!ok) {
				c = (cur){ s, len, pos, false };
				memset(&p, 0, sizeof(p));
			}
		}
		/* an English date opens with a weekday or a month name, all
		 * of which start with one of these letters: skip the word
		 * reading for the other words of the text */
		if (!ok && strchr("smtwfjaond", (int)(ch | 0x20)) != NULL)
			ok = form_english(&c, &p);
	} else if (ch >= 0x4E00) {
		ok = form_kanji(&c, &p, true);
	}
	if (!ok)
		return false;
	if (p.year == 0) {
		if (ref == NULL || !ref->valid || p.wday < 0)
			return false;
		if ((p.year = infer_year(ref, p.month, p.day)) == 0)
			return false;
		p.flags |= KN_JDATE_YEAR_INFERRED;
	}
	if (p.year < KN_JDATE_YEAR_MIN || p.year > KN_JDATE_YEAR_MAX ||
	    !kn_jdate_valid(p.year, p.month, p.day))
		return false;
	out->offset = pos;
	out->length = c.pos - pos;
	out->year = p.year;
	out->month = p.month;
	out->day = p.day;
	out->wday_written = p.wday;
	out->wday_actual = kn_jdate_weekday(p.year, p.month, p.day);
	out->flags = p.flags | (c.wide ? KN_JDATE_FULLWIDTH : 0);
	*end = c.pos;
	return true;
}

size_t
kn_jdate_scan(const char *text, size_t len, const kn_jdate_ref *ref,
	kn_jdate *out, size_t max)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t pos = 0, k = 0;

	if (text == NULL)
		return 0;
	/* Each turn advances pos by at least one byte. */
	while (pos < len && k < max) {
		size_t n, end;
		bool w;
		uint32_t ch = fold(decode(s, len, pos, &n), &w);

		if ((is_digit(ch) || is_alpha(ch) || ch >= 0x4E00) &&
		    try_at(s, len, pos, ref, &out[k], &end) && end > pos) {
			k++;
			pos = end;
			continue;
		}
		pos += n;
	}
	return k;
}
