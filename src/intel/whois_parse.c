/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	whois_parse 3
 * SUMMARY
 *	read a WHOIS answer (gTLD "Key: value" or JPRS "[label] value")
 * SYNOPSIS
 *	#include "intel/whois.h"
 * DESCRIPTION
 *	RFC 3912 leaves the answer's form to each server. Two forms cover
 *	the registries kensa meets most:
 *
 *	gTLD: "Key: value" lines, keys as in the ICANN registration data
 *	directory services specification (2013 RAA; "Domain Name",
 *	"Registrar", "Creation Date", "Registry Expiry Date", "Name
 *	Server", "Domain Status", "Registrant Organization"...), with a
 *	few older spellings ("Created On", "Sponsoring Registrar",
 *	"nserver"). Text after ">>> Last update of whois database" is
 *	legal notice and not read.
 *
 *	JPRS (.jp): "a. [ドメイン名]   VALUE" lines with Japanese labels,
 *	or English ones when the query ended in "/e". Both languages of
 *	the organisation name ("[組織名]" and "[Organization]") are kept;
 *	the "(YYYY/MM/DD)" after "[状態] Connected" is the expiry of a
 *	co.jp-style domain. Times with "(JST)" are UTC+9.
 *
 *	A date without a time is taken as 00:00 UTC of that calendar date,
 *	so that formatting it back gives the date the registry wrote.
 * LIMITS
 *	KN_WHOIS_PARSE_MAX_LINES lines read; KN_WHOIS_MAX_NS name servers
 *	and KN_WHOIS_MAX_STATUS status values kept, the rest dropped.
 *--*/
#include "intel/whois.h"

#include <string.h>

#include "util/str.h"

/* Lines read from one answer: real answers have < 200; the cap bounds
 * a hostile server's answer (which is also capped in bytes). */
#define KN_WHOIS_PARSE_MAX_LINES 4000

/* Seconds in a day and JST's offset (UTC+9). */
#define DAY_SECONDS 86400
#define JST_OFFSET (9 * 3600)

typedef enum field {
	F_NONE = 0,
	F_DOMAIN,
	F_REGISTRAR,
	F_REFERRAL,
	F_CREATED,
	F_UPDATED,
	F_EXPIRES,
	F_NS,
	F_STATUS,
	F_ORG,
	F_ORG_EN,   /* JPRS "[Organization]": the English form */
	F_NAME,
	F_NAME_EN,  /* JPRS "[Registrant]" */
	F_STATE,
	F_COUNTRY,
	F_JPRS_STATE /* "[状態]": status, maybe "(expiry date)" */
} field;

typedef struct key_map {
	const char *key;
	field f;
} key_map;

/* gTLD keys, compared ASCII case-insensitively. */
static const key_map gtld_keys[] = {
	{ "Domain Name", F_DOMAIN },
	{ "Domain", F_DOMAIN },
	{ "Registrar", F_REGISTRAR },
	{ "Sponsoring Registrar", F_REGISTRAR },
	{ "Registrar Name", F_REGISTRAR },
	{ "Registrar WHOIS Server", F_REFERRAL },
	{ "Creation Date", F_CREATED },
	{ "Created On", F_CREATED },
	{ "Created", F_CREATED },
	{ "Registration Time", F_CREATED },
	{ "Domain Registration Date", F_CREATED },
	{ "Updated Date", F_UPDATED },
	{ "Last Updated On", F_UPDATED },
	{ "Last Modified", F_UPDATED },
	{ "Registry Expiry Date", F_EXPIRES },
	{ "Registrar Registration Expiration Date", F_EXPIRES },
	{ "Registry Expiration Date", F_EXPIRES },
	{ "Expiration Date", F_EXPIRES },
	{ "Expiry Date", F_EXPIRES },
	{ "Name Server", F_NS },
	{ "Nameserver", F_NS },
	{ "nserver", F_NS },
	{ "Domain Status", F_STATUS },
	{ "Status", F_STATUS },
	{ "Registrant Organization", F_ORG },
	{ "Registrant Organisation", F_ORG },
	{ "Registrant Name", F_NAME },
	{ "Registrant State/Province", F_STATE },
	{ "Registrant Country", F_COUNTRY },
	{ "Registrant Country Code", F_COUNTRY },
};

/* JPRS labels, Japanese (UTF-8) and English, compared exactly. */
static const key_map jprs_keys[] = {
	{ "ドメイン名", F_DOMAIN },
	{ "Domain Name", F_DOMAIN },
	{ "組織名", F_ORG },
	{ "Organization", F_ORG_EN },
	{ "登録者名", F_NAME },
	{ "Registrant", F_NAME_EN },
	{ "登録年月日", F_CREATED },
	{ "Registered Date", F_CREATED },
	{ "Created on", F_CREATED },
	{ "有効期限", F_EXPIRES },
	{ "Expires on", F_EXPIRES },
	{ "最終更新", F_UPDATED },
	{ "Last Update", F_UPDATED },
	{ "Last Updated", F_UPDATED },
	{ "ネームサーバ", F_NS },
	{ "Name Server", F_NS },
	{ "状態", F_JPRS_STATE },
	{ "State", F_JPRS_STATE },
	{ "Status", F_JPRS_STATE },
};

void
kn_whois_record_init(kn_whois_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->created = KN_WHOIS_NO_TIME;
	rec->updated = KN_WHOIS_NO_TIME;
	rec->expires = KN_WHOIS_NO_TIME;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * civil-from-days inverse, written out here). */
static int64_t
days_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Read exactly n digits at s[*i]; -1 when not there. */
static int
digits(const char *s, size_t len, size_t *i, int n)
{
	int v = 0;
	for (int k = 0; k < n; k++) {
		if (*i >= len || s[*i] < '0' || s[*i] > '9')
			return -1;
		v = v * 10 + (s[*i] - '0');
		(*i)++;
	}
	return v;
}

static int
month_name(const char *s, size_t len, size_t *i)
{
	static const char *const names[] = { "jan", "feb", "mar", "apr",
		"may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
	if (*i + 3 > len)
		return -1;
	for (int m = 0; m < 12; m++) {
		if (kn_str_iprefix(s + *i, 3, names[m])) {
			*i += 3;
			return m + 1;
		}
	}
	return -1;
}

static bool
valid_ymdhms(int y, int mo, int d, int h, int mi, int se)
{
	return y >= 1970 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1
		&& d <= 31 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59
		&& se >= 0 && se <= 60;
}

int64_t
kn_whois_parse_time(const char *s, size_t len)
{
	if (s == NULL)
		return KN_WHOIS_NO_TIME;
	kn_slice t = kn_slice_trim((kn_slice){ s, len });
	s = t.p;
	len = t.len;
	size_t i = 0;
	int y, mo, d, h = 0, mi = 0, se = 0;
	int64_t off = 0;

	if (len >= 3 && s[2] == '-' && s[0] >= '0' && s[0] <= '9') {
		/* DD-Mon-YYYY */
		if ((d = digits(s, len, &i, 2)) < 0 || s[i++] != '-'
		    || (mo = month_name(s, len, &i)) < 0 || i >= len
		    || s[i++] != '-' || (y = digits(s, len, &i, 4)) < 0)
			return KN_WHOIS_NO_TIME;
	} else {
		if ((y = digits(s, len, &i, 4)) < 0 || i >= len)
			return KN_WHOIS_NO_TIME;
		char sep = s[i];
		if (sep != '-' && sep != '/' && sep != '.')
			return KN_WHOIS_NO_TIME;
		i++;
		if ((mo = digits(s, len, &i, 2)) < 0 || i >= len || s[i] != sep)
			return KN_WHOIS_NO_TIME;
		i++;
		if ((d = digits(s, len, &i, 2)) < 0)
			return KN_WHOIS_NO_TIME;
	}
	if (i < len && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
		size_t j = i + 1;
		while (j < len && s[j] == ' ')
			j++;
		int hh = digits(s, len, &j, 2);
		if (hh >= 0 && j < len && s[j] == ':') {
			j++;
			if ((mi = digits(s, len, &j, 2)) < 0)
				return KN_WHOIS_NO_TIME;
			h = hh;
			if (j < len && s[j] == ':') {
				j++;
				if ((se = digits(s, len, &j, 2)) < 0)
					return KN_WHOIS_NO_TIME;
			}
			/* fraction of a second: ignored */
			if (j < len && s[j] == '.') {
				j++;
				while (j < len && s[j] >= '0' && s[j] <= '9')
					j++;
			}
			while (j < len && s[j] == ' ')
				j++;
			if (j < len && (s[j] == 'Z' || s[j] == 'z')) {
				j++;
			} else if (j < len && (s[j] == '+' || s[j] == '-')) {
				int sign = s[j] == '-' ? -1 : 1;
				j++;
				int oh = digits(s, len, &j, 2);
				if (j < len && s[j] == ':')
					j++;
				int om = digits(s, len, &j, 2);
				if (oh < 0 || om < 0 || oh > 23 || om > 59)
					return KN_WHOIS_NO_TIME;
				off = sign * (int64_t)(oh * 3600 + om * 60);
			} else if (j + 5 <= len && memcmp(s + j, "(JST)", 5) == 0) {
				off = JST_OFFSET;
				j += 5;
			} else if (j + 3 <= len && kn_str_iprefix(s + j, 3, "JST")) {
				off = JST_OFFSET;
			}
			i = j;
		}
	}
	if (!valid_ymdhms(y, mo, d, h, mi, se))
		return KN_WHOIS_NO_TIME;
	return days_civil(y, mo, d) * DAY_SECONDS + h * 3600 + mi * 60 + se
		- off;
}

int64_t
kn_whois_age_days(const kn_whois_record *rec, int64_t now)
{
	if (rec == NULL || rec->created == KN_WHOIS_NO_TIME || now < rec->created)
		return -1;
	return (now - rec->created) / DAY_SECONDS;
}

/* Copy of a slice in ar, or NULL when empty. */
static const char *
dup_value(kn_arena *ar, kn_slice v)
{
	if (v.len == 0)
		return NULL;
	return kn_strndup(ar, v.p, v.len);
}

static const char *
dup_lower(kn_arena *ar, kn_slice v)
{
	char *s = (char *)dup_value(ar, v);
	if (s == NULL)
		return NULL;
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

static void
add_ns(kn_arena *ar, kn_whois_record *rec, kn_slice v)
{
	/* "ns1.example.com 192.0.2.1": keep the name; drop a final dot. */
	size_t n = 0;
	while (n < v.len && v.p[n] != ' ' && v.p[n] != '\t')
		n++;
	if (n > 0 && v.p[n - 1] == '.')
		n--;
	if (n == 0 || rec->ns_count >= KN_WHOIS_MAX_NS)
		return;
	const char *s = dup_lower(ar, (kn_slice){ v.p, n });
	if (s == NULL)
		return;
	for (size_t k = 0; k < rec->ns_count; k++)
		if (strcmp(rec->ns[k], s) == 0)
			return;
	rec->ns[rec->ns_count++] = s;
}

static void
add_status(kn_arena *ar, kn_whois_record *rec, kn_slice v)
{
	/* "clientTransferProhibited https://icann.org/epp#...": first word */
	size_t n = 0;
	while (n < v.len && v.p[n] != ' ' && v.p[n] != '\t')
		n++;
	if (n == 0 || rec->status_count >= KN_WHOIS_MAX_STATUS)
		return;
	const char *s = dup_value(ar, (kn_slice){ v.p, n });
	if (s == NULL)
		return;
	for (size_t k = 0; k < rec->status_count; k++)
		if (strcmp(rec->status[k], s) == 0)
			return;
	rec->status[rec->status_count++] = s;
}

static void
set_time(int64_t *dst, kn_slice v)
{
	if (*dst != KN_WHOIS_NO_TIME)
		return;
	*dst = kn_whois_parse_time(v.p, v.len);
}

static void
set_str(kn_arena *ar, const char **dst, kn_slice v)
{
	if (*dst == NULL)
		*dst = dup_value(ar, v);
}

/* Parse state besides the record: the second language's names. */
typedef struct parse_state {
	const char *org_en;
	const char *name_en;
} parse_state;

static void
apply(kn_arena *ar, kn_whois_record *rec, parse_state *st, field f,
	kn_slice v)
{
	v = kn_slice_trim(v);
	if (v.len == 0)
		return;
	switch (f) {
	case F_NONE:
		break;
	case F_DOMAIN:
		if (rec->domain == NULL)
			rec->domain = dup_lower(ar, v);
		break;
	case F_REGISTRAR: set_str(ar, &rec->registrar, v); break;
	case F_REFERRAL:
		if (rec->referral == NULL)
			rec->referral = dup_lower(ar, v);
		break;
	case F_CREATED: set_time(&rec->created, v); break;
	case F_UPDATED: set_time(&rec->updated, v); break;
	case F_EXPIRES: set_time(&rec->expires, v); break;
	case F_NS: add_ns(ar, rec, v); break;
	case F_STATUS: add_status(ar, rec, v); break;
	case F_ORG: set_str(ar, &rec->registrant_org, v); break;
	case F_ORG_EN: set_str(ar, &st->org_en, v); break;
	case F_NAME: set_str(ar, &rec->registrant_name, v); break;
	case F_NAME_EN: set_str(ar, &st->name_en, v); break;
	case F_STATE: set_str(ar, &rec->registrant_state, v); break;
	case F_COUNTRY: set_str(ar, &rec->registrant_country, v); break;
	case F_JPRS_STATE: {
		/* "Connected (2022/03/31)": status word, expiry in brackets */
		size_t n = 0;
		while (n < v.len && v.p[n] != ' ' && v.p[n] != '(')
			n++;
		add_status(ar, rec, (kn_slice){ v.p, n });
		const char *lp = memchr(v.p, '(', v.len);
		if (lp != NULL) {
			size_t off = (size_t)(lp - v.p) + 1;
			const char *rp = memchr(lp, ')', v.len - (off - 1));
			if (rp != NULL)
				set_time(&rec->expires,
					(kn_slice){ lp + 1, (size_t)(rp - lp - 1) });
		}
		break;
	}
	}
}

/* Next line of text starting at *pos; false at the end. */
static bool
next_line(const char *text, size_t len, size_t *pos, kn_slice *line)
{
	if (*pos >= len)
		return false;
	const char *p = text + *pos;
	const char *nl = memchr(p, '\n', len - *pos);
	size_t n = nl ? (size_t)(nl - p) : len - *pos;
	*pos += n + (nl ? 1 : 0);
	if (n > 0 && p[n - 1] == '\r')
		n--;
	*line = (kn_slice){ p, n };
	return true;
}

/* JPRS line "x. [label]  value" or "[label]  value": label and value. */
static bool
jprs_split(kn_slice line, kn_slice *label, kn_slice *value)
{
	size_t i = 0;
	if (line.len >= 3 && line.p[0] >= 'a' && line.p[0] <= 'z'
	    && line.p[1] == '.') {
		i = 2;
		while (i < line.len && line.p[i] == ' ')
			i++;
	}
	if (i >= line.len || line.p[i] != '[')
		return false;
	const char *rb = memchr(line.p + i, ']', line.len - i);
	if (rb == NULL)
		return false;
	*label = kn_slice_trim((kn_slice){ line.p + i + 1,
		(size_t)(rb - line.p) - i - 1 });
	size_t vo = (size_t)(rb - line.p) + 1;
	*value = kn_slice_trim((kn_slice){ line.p + vo, line.len - vo });
	return true;
}

static bool
slice_eq(kn_slice s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len == n && memcmp(s.p, lit, n) == 0;
}

static bool
slice_ieq(kn_slice s, const char *lit)
{
	return s.len == strlen(lit) && kn_str_iprefix(s.p, s.len, lit);
}

/* Is this a JPRS answer? Its banner names JPRS, or a line carries a
 * known bracketed label. */
static bool
is_jprs(const char *text, size_t len)
{
	size_t pos = 0;
	kn_slice line, lab, val;
	for (unsigned n = 0; n < KN_WHOIS_PARSE_MAX_LINES
	     && next_line(text, len, &pos, &line); n++) {
		if (!jprs_split(line, &lab, &val))
			continue;
		for (size_t k = 0; k < sizeof(jprs_keys) / sizeof(jprs_keys[0]); k++)
			if (slice_eq(lab, jprs_keys[k].key))
				return true;
	}
	return false;
}

static void
parse_jprs(kn_arena *ar, const char *text, size_t len, kn_whois_record *rec,
	parse_state *st)
{
	size_t pos = 0;
	kn_slice line, lab, val;
	for (unsigned n = 0; n < KN_WHOIS_PARSE_MAX_LINES
	     && next_line(text, len, &pos, &line); n++) {
		if (!jprs_split(line, &lab, &val))
			continue;
		for (size_t k = 0; k < sizeof(jprs_keys) / sizeof(jprs_keys[0]); k++) {
			if (slice_eq(lab, jprs_keys[k].key)) {
				apply(ar, rec, st, jprs_keys[k].f, val);
				break;
			}
		}
	}
	/* English-only answer: the English names are the names. */
	if (rec->registrant_org == NULL) {
		rec->registrant_org = st->org_en;
	} else if (st->org_en != NULL
	    && strcmp(st->org_en, rec->registrant_org) != 0) {
		rec->registrant_org_alt = st->org_en;
	}
	if (rec->registrant_name == NULL)
		rec->registrant_name = st->name_en;
	/* General-use .jp names give the registrant, not an organisation. */
	if (rec->registrant_org == NULL && rec->registrant_name != NULL) {
		rec->registrant_org = rec->registrant_name;
		if (st->name_en != NULL && st->name_en != rec->registrant_name
		    && strcmp(st->name_en, rec->registrant_name) != 0)
			rec->registrant_org_alt = st->name_en;
	}
	rec->format = KN_WHOIS_FMT_JPRS;
}

static void
parse_gtld(kn_arena *ar, const char *text, size_t len, kn_whois_record *rec,
	parse_state *st)
{
	size_t pos = 0;
	kn_slice line;
	for (unsigned n = 0; n < KN_WHOIS_PARSE_MAX_LINES
	     && next_line(text, len, &pos, &line); n++) {
		kn_slice t = kn_slice_trim(line);
		if (t.len == 0 || t.p[0] == '%' || t.p[0] == '#')
			continue;
		if (t.len >= 3 && memcmp(t.p, ">>>", 3) == 0)
			break; /* legal notice follows */
		const char *colon = memchr(t.p, ':', t.len);
		if (colon == NULL)
			continue;
		kn_slice key = kn_slice_trim((kn_slice){ t.p,
			(size_t)(colon - t.p) });
		size_t vo = (size_t)(colon - t.p) + 1;
		kn_slice val = { t.p + vo, t.len - vo };
		for (size_t k = 0; k < sizeof(gtld_keys) / sizeof(gtld_keys[0]); k++) {
			if (slice_ieq(key, gtld_keys[k].key)) {
				apply(ar, rec, st, gtld_keys[k].f, val);
				break;
			}
		}
	}
	rec->format = KN_WHOIS_FMT_GTLD;
}

bool
kn_whois_parse(kn_arena *ar, const char *text, size_t len,
	kn_whois_record *rec)
{
	if (rec == NULL)
		return false;
	kn_whois_record_init(rec);
	if (ar == NULL || text == NULL || len == 0)
		return false;
	parse_state st = { 0 };
	if (is_jprs(text, len))
		parse_jprs(ar, text, len, rec, &st);
	else
		parse_gtld(ar, text, len, rec, &st);
	return rec->domain != NULL || rec->registrar != NULL
		|| rec->registrant_org != NULL || rec->created != KN_WHOIS_NO_TIME;
}

void
kn_whois_merge(kn_whois_record *dst, const kn_whois_record *src)
{
	if (dst == NULL || src == NULL)
		return;
#define FILL(f) do { if (dst->f == NULL) dst->f = src->f; } while (0)
	FILL(domain);
	FILL(registrar);
	FILL(registrant_org);
	FILL(registrant_org_alt);
	FILL(registrant_name);
	FILL(registrant_country);
	FILL(registrant_state);
#undef FILL
	if (dst->created == KN_WHOIS_NO_TIME)
		dst->created = src->created;
	if (dst->updated == KN_WHOIS_NO_TIME)
		dst->updated = src->updated;
	if (dst->expires == KN_WHOIS_NO_TIME)
		dst->expires = src->expires;
	for (size_t i = 0; i < src->ns_count && dst->ns_count < KN_WHOIS_MAX_NS; i++) {
		bool dup = false;
		for (size_t k = 0; k < dst->ns_count && !dup; k++)
			dup = strcmp(dst->ns[k], src->ns[i]) == 0;
		if (!dup)
			dst->ns[dst->ns_count++] = src->ns[i];
	}
	for (size_t i = 0; i < src->status_count
	     && dst->status_count < KN_WHOIS_MAX_STATUS; i++) {
		bool dup = false;
		for (size_t k = 0; k < dst->status_count && !dup; k++)
			dup = strcmp(dst->status[k], src->status[i]) == 0;
		if (!dup)
			dst->status[dst->status_count++] = src->status[i];
	}
	if (dst->format == KN_WHOIS_FMT_UNKNOWN)
		dst->format = src->format;
}

const char *
kn_whois_iana_refer(kn_arena *ar, const char *text, size_t len)
{
	size_t pos = 0;
	kn_slice line;
	if (text == NULL)
		return NULL;
	for (unsigned n = 0; n < KN_WHOIS_PARSE_MAX_LINES
	     && next_line(text, len, &pos, &line); n++) {
		kn_slice t = kn_slice_trim(line);
		const char *colon = memchr(t.p, ':', t.len);
		if (colon == NULL)
			continue;
		kn_slice key = { t.p, (size_t)(colon - t.p) };
		if (!slice_ieq(key, "refer") && !slice_ieq(key, "whois"))
			continue;
		size_t vo = (size_t)(colon - t.p) + 1;
		kn_slice v = kn_slice_trim((kn_slice){ t.p + vo, t.len - vo });
		if (v.len > 0)
			return dup_lower(ar, v);
	}
	return NULL;
}
