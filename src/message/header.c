/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	header 3
 * SUMMARY
 *	the message stage: header fields, header facts, MIME parts
 * DESCRIPTION
 *	kn_message_parse() walks the raw header section itself, so that
 *	every field keeps its exact byte offset and length in the input:
 *	lines end in CRLF, LF or CR; a line starting with white space
 *	continues the field before it; the section ends at the first empty
 *	line. A line that is neither a field nor a continuation is a junk
 *	line (a defect): when the next line is a field it is skipped,
 *	otherwise the header section is taken to end there. An mbox
 *	"From " line at the very start (that is not a field) is skipped.
 *	Each value is decoded by kn_rfc2047_decode(); the facts (From,
 *	Return-Path, Message-ID, Date, Authentication-Results, spam marks
 *	...) are then read from the field list, and the MIME tree is built
 *	by kn_mime_parse().
 * STANDARDS
 *	RFC 5322 sections 2.1, 2.2, 3.6 (and 4.5 obsolete field syntax);
 *	RFC 2047; RFC 8601; RFC 2919 (List-Id); RFC 2369; RFC 3282.
 * LIMITS
 *	KN_MSG_MAX_HEADERS fields are kept, each up to KN_MSG_MAX_FIELD
 *	bytes; past that cap the walk goes on to the end of the header
 *	section (a line scan, no decoding of what is dropped) and still
 *	keeps the key fields (the ones kensa reads as facts), each with its
 *	own budget so that a flood of one cannot crowd out another:
 *	KN_MSG_MAX_RECEIVED_EXTRA more Received fields, KN_MSG_MAX_KEY_EACH
 *	more of each named key field (From, To, Subject, Date ...) and
 *	KN_MSG_MAX_PREFIX_EXTRA more List-*, ARC-*, X-Spam-* and Content-*
 *	fields together. So a flood cannot hide From, and at most about
 *	5,000 fields are ever decoded. The defect header-fields-capped says
 *	how many fields there were and how many Received fields were kept
 *	of how many. At most KN_MSG_MAX_JUNK junk lines are reported. An
 *	mbox "From " line is skipped only when it is not itself a field
 *	("From : x" with the obsolete space before the colon is one). NUL
 *	bytes in a field are kept as U+FFFD (one header-nul-byte defect). Empty input gives the
 *	finding message-empty, input without any field not-a-message.
 *--*/
#include "message/parse.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/charset.h"
#include "util/date.h"
#include "util/str.h"
#include "verdict/rules.h"

/* Fields kept per message: real messages carry < 200; the cap stops a
 * header flood from costing more than the rest of the analysis. */
#define KN_MSG_MAX_HEADERS 2000
/* Key fields still kept past that cap, each kind with its own budget so
 * a flood of one kind (thousands of Received) cannot crowd out From or
 * Subject: more Received fields; more of each named key field; more
 * prefixed key fields (List-*, ARC-*, X-Spam-*, Content-*) together.
 * With the 17 names of key_names[] beside Received, at most
 * 2000 + 2000 + 17 * 64 + 256 fields are kept, of at most 2000 + 17 +
 * 256 distinct names (KN_NAME_SLOTS). */
#define KN_MSG_MAX_RECEIVED_EXTRA 2000
#define KN_MSG_MAX_KEY_EACH 64
#define KN_MSG_MAX_PREFIX_EXTRA 256
/* Longest field kept whole (the mimekit torture To: is 135 KB). */
#define KN_MSG_MAX_FIELD ((size_t)1024 * 1024)
/* Junk-line defects reported per message. */
#define KN_MSG_MAX_JUNK 8
/* Slots of the field-name table (power of two, > 2 * fields kept). */
#define KN_NAME_SLOTS 8192
/* Longest spam tag looked for at the start of a Subject. */
#define KN_SPAM_TAG_MAX 48

struct name_slot {
	uint32_t hdr;   /* 1-based index of the last field of this name */
	uint32_t count;
};

static uint32_t
name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		h = (h ^ c) * 16777619u;
	}
	return h;
}

/* Occurrence of the field just added (name), counting earlier ones. */
static unsigned
occurrence(struct name_slot *t, const kensa_header *hs, size_t idx)
{
	uint32_t h = name_hash(hs[idx].name) & (KN_NAME_SLOTS - 1);

	/* Bounded: fewer names than slots (fields kept < slots). */
	for (unsigned probe = 0; probe < KN_NAME_SLOTS; probe++) {
		struct name_slot *s = &t[(h + probe) & (KN_NAME_SLOTS - 1)];
		if (s->hdr == 0) {
			s->hdr = (uint32_t)idx + 1;
			s->count = 1;
			return 1;
		}
		if (strcasecmp(hs[s->hdr - 1].name, hs[idx].name) == 0) {
			s->hdr = (uint32_t)idx + 1;
			return ++s->count;
		}
	}
	return 1;
}

/* End of the line at i (index of CR/LF or len) and the next line start. */
static size_t
line_end(const char *d, size_t len, size_t i, size_t *next)
{
	size_t e = i;

	while (e < len && d[e] != '\r' && d[e] != '\n')
		e++;
	*next = e;
	if (e < len)
		*next = e + (d[e] == '\r' && e + 1 < len && d[e + 1] == '\n' ? 2 : 1);
	return e;
}

/* Length of a valid field name at d[i..e) followed by ':', or 0. */
static size_t
field_name(const char *d, size_t i, size_t e, size_t *colon)
{
	size_t k = i;

	while (k < e && d[k] != ':') {
		unsigned char c = (unsigned char)d[k];
		if ((c < 33 || c > 126) && c != 0) { /* NUL: see nul_dup() */
			/* obsolete: white space before the colon */
			size_t w = k;
			while (w < e && (d[w] == ' ' || d[w] == '\t'))
				w++;
			if (w < e && d[w] == ':' && k > i) {
				*colon = w;
				return k - i;
			}
			return 0;
		}
		k++;
	}
	if (k == e || k == i)
		return 0;
	*colon = k;
	return k - i;
}

/* Local decode flag: the raw field held NUL bytes (not a KN_CS_* or
 * KN_HDR_* bit). */
#define KN_HDR_NUL 0x10000u

/* Copy of s[0..n) into the arena with each NUL byte replaced by U+FFFD,
 * so that a NUL inside a field cannot cut the C string short. */
static char *
nul_dup(kn_arena *ar, const char *s, size_t n)
{
	size_t nuls = 0, k = 0;
	char *p;

	for (size_t i = 0; i < n; i++)
		nuls += s[i] == '\0';
	if (nuls == 0)
		return kn_strndup(ar, s, n);
	p = kn_alloc(ar, n + 2 * nuls + 1);
	if (p == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\0') {
			memcpy(p + k, "\xEF\xBF\xBD", 3);
			k += 3;
		} else {
			p[k++] = s[i];
		}
	}
	p[k] = '\0';
	return p;
}

/* The named key fields: the ones facts() and later stages read. */
static const char *const key_names[] = { "Received", "From", "Sender",
	"Reply-To", "To", "Cc", "Subject", "Date", "Message-ID", "Return-Path",
	"Delivered-To", "Authentication-Results", "DKIM-Signature",
	"User-Agent", "X-Mailer", "MIME-Version", "Content-Type",
	"Content-Transfer-Encoding" };
#define KN_KEY_NAMES (sizeof(key_names) / sizeof(key_names[0]))
/* key_field(): Received is key_names[0]; a prefixed key field. */
#define KN_KEY_RECEIVED 0
#define KN_KEY_PREFIX ((int)KN_KEY_NAMES)

/* Which key field is the name n[0..len): an index of key_names,
 * KN_KEY_PREFIX for a List-*, ARC-*, X-Spam-* or Content-* field, -1
 * for any other field. */
static int
key_field(const char *n, size_t len)
{
	static const char *const prefixes[] = { "ARC-", "List-", "X-Spam-",
		"Content-" };

	for (size_t i = 0; i < KN_KEY_NAMES; i++)
		if (strlen(key_names[i]) == len &&
		    strncasecmp(n, key_names[i], len) == 0)
			return (int)i;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t pl = strlen(prefixes[i]);
		if (len > pl && strncasecmp(n, prefixes[i], pl) == 0)
			return KN_KEY_PREFIX;
	}
	return -1;
}

/* Counts of the header walk past KN_MSG_MAX_HEADERS. */
struct cap_count {
	size_t fields;           /* fields seen in all */
	size_t received;         /* Received fields seen */
	size_t received_kept;    /* Received fields kept */
	size_t dropped_other;    /* fields kensa does not read, dropped */
	size_t dropped_key;      /* key fields dropped past their budget */
	size_t kept_extra[KN_KEY_NAMES + 1]; /* kept past the cap, by kind */
};

/* Past the cap: keep the field of key kind k? Counts it either way. */
static bool
keep_past_cap(struct cap_count *cc, int k)
{
	size_t budget;

	if (k < 0) {
		cc->dropped_other++;
		return false;
	}
	budget = k == KN_KEY_RECEIVED ? KN_MSG_MAX_RECEIVED_EXTRA :
		k == KN_KEY_PREFIX ? KN_MSG_MAX_PREFIX_EXTRA : KN_MSG_MAX_KEY_EACH;
	if (cc->kept_extra[k] >= budget) {
		cc->dropped_key++;
		return false;
	}
	cc->kept_extra[k]++;
	return true;
}

static void
junk_defect(kensa_analysis *a, size_t off, size_t n, unsigned *junk)
{
	char num[24];
	kensa_evidence ev = { .part = -1, .offset = off, .length = n };
	unsigned f = 0;

	if ((*junk)++ >= KN_MSG_MAX_JUNK)
		return;
	ev.text = kn_rfc2047_dup(&a->ar, a->data + off, n > 200 ? 200 : n, &f);
	snprintf(num, sizeof(num), "%zu", off);
	KN_DEFECT(a, KN_RULE(message, header_junk_line), &ev, num, ev.text);
}

/* Walk the header section into a->headers; hflags gets decode flags. */
static int
walk_headers(kensa_analysis *a, kn_vec *hflags)
{
	const char *d = a->data;
	size_t len = a->len, i = 0, next;
	struct name_slot *slots;
	unsigned junk = 0;
	struct cap_count cc = { 0 };
	kn_buf scratch;

	slots = kn_calloc(&a->ar, KN_NAME_SLOTS, sizeof(*slots));
	if (slots == NULL)
		return KENSA_ENOMEM;
	kn_buf_init(&scratch, KN_MSG_MAX_FIELD * 4);
	if (len >= 5 && memcmp(d, "From ", 5) == 0) {
		size_t c0, e0 = line_end(d, len, 0, &next);
		/* "From : x" (space before the colon) is a field, not mbox */
		if (field_name(d, 0, e0, &c0) == 0)
			i = next;
	}

	/* Each pass consumes at least one line. */
	while (i < len) {
		size_t e = line_end(d, len, i, &next), colon = 0, nlen, end, fe;
		kensa_header *h;
		unsigned *fl;

		if (e == i) { /* empty line: the body follows */
			break;
		}
		nlen = (d[i] == ' ' || d[i] == '\t') ? 0 : field_name(d, i, e, &colon);
		if (nlen == 0) {
			size_t n2, e2 = line_end(d, len, next, &n2), c2;
			junk_defect(a, i, e - i, &junk);
			if (next < len && e2 > next && d[next] != ' ' &&
			    d[next] != '\t' && field_name(d, next, e2, &c2) > 0) {
				i = next;
				continue;
			}
			if (next < len && e2 == next) /* the empty line follows */
				break;
			if (junk == 1 && next < len) {
				char num[24];
				kensa_evidence ev = { .part = -1, .offset = i };
				snprintf(num, sizeof(num), "%zu", i);
				KN_DEFECT(a, KN_RULE(message, header_no_separator), &ev, num);
			}
			break;
		}
		/* Extend over continuation lines. */
		end = e;
		fe = next;
		while (fe < len && (d[fe] == ' ' || d[fe] == '\t')) {
			end = line_end(d, len, fe, &next);
			fe = next;
		}
		{
			int k = key_field(d + i, nlen);

			cc.fields++;
			if (k == KN_KEY_RECEIVED)
				cc.received++;
			if (a->headers.count >= KN_MSG_MAX_HEADERS &&
			    !keep_past_cap(&cc, k)) {
				i = fe;
				continue;
			}
			if (k == KN_KEY_RECEIVED)
				cc.received_kept++;
		}
		h = kn_vec_push(&a->ar, &a->headers, sizeof(*h));
		fl = kn_vec_push(&a->ar, hflags, sizeof(*fl));
		if (h == NULL || fl == NULL)
			break;
		h->name = nul_dup(&a->ar, d + i, nlen);
		h->offset = i;
		h->length = end - i;
		{
			size_t vlen = end - (colon + 1);
			if (vlen > KN_MSG_MAX_FIELD) {
				vlen = KN_MSG_MAX_FIELD;
				KN_DEFECT(a, KN_RULE(message, header_limit), NULL,
					"a header field is longer than 1 MiB");
			}
			h->raw = nul_dup(&a->ar, d + colon + 1, vlen);
			kn_buf_reset(&scratch);
			*fl = kn_rfc2047_decode(&scratch, d + colon + 1, vlen);
			h->value = nul_dup(&a->ar,
				scratch.err == 0 && scratch.data ? scratch.data : "",
				scratch.err == 0 ? scratch.len : 0);
			if (memchr(d + i, '\0', end - i) != NULL)
				*fl |= KN_HDR_NUL;
		}
		if (h->name == NULL || h->raw == NULL || h->value == NULL)
			break;
		h->occurrence = occurrence(slots, a->headers.items,
			a->headers.count - 1);
		i = fe;
	}
	kn_buf_dispose(&scratch);
	a->msg.headers = a->headers.items;
	a->msg.header_count = a->headers.count;
	if (cc.fields > KN_MSG_MAX_HEADERS) {
		char n[7][24];
		snprintf(n[0], sizeof(n[0]), "%zu", cc.fields);
		snprintf(n[1], sizeof(n[1]), "%d", KN_MSG_MAX_HEADERS);
		snprintf(n[2], sizeof(n[2]), "%zu", cc.received_kept);
		snprintf(n[3], sizeof(n[3]), "%zu", cc.received);
		snprintf(n[4], sizeof(n[4]), "%zu", cc.dropped_other);
		snprintf(n[5], sizeof(n[5]), "%zu", cc.dropped_key);
		snprintf(n[6], sizeof(n[6]), "%d", KN_MSG_MAX_KEY_EACH);
		KN_DEFECT(a, KN_RULE(message, header_fields_capped), NULL,
			n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
	}
	return a->ar.oom ? KENSA_ENOMEM : 0;
}

static void
header_defects(kensa_analysis *a, const kn_vec *hflags)
{
	const unsigned *fl = hflags->items;
	size_t nul_fields = 0, nul_first = SIZE_MAX;

	for (size_t i = 0; i < a->headers.count && i < hflags->count; i++) {
		if (fl[i] & KN_HDR_NUL) {
			if (nul_fields++ == 0)
				nul_first = i;
		}
	}
	if (nul_fields > 0) {
		const kensa_header *h = &a->msg.headers[nul_first];
		kensa_evidence ev = kn_ev_header(a, h->name, h->occurrence);
		char num[24];
		snprintf(num, sizeof(num), "%zu", nul_fields);
		KN_DEFECT(a, KN_RULE(message, header_nul_byte), &ev, h->name, num);
	}
	for (size_t i = 0; i < a->headers.count && i < hflags->count; i++) {
		const kensa_header *h = &a->msg.headers[i];
		kensa_evidence ev;

		if ((fl[i] & ~KN_HDR_NUL) == 0)
			continue;
		ev = kn_ev_header(a, h->name, h->occurrence);
		if (fl[i] & KN_HDR_RAW8BIT) {
			size_t n = strlen(h->raw);
			KN_DEFECT(a, KN_RULE(message, header_raw_8bit), &ev, h->name,
				kn_charset_guess(h->raw, n));
		}
		if (fl[i] & (KN_HDR_BADWORD | KN_CS_INVALID | KN_CS_UNKNOWN))
			KN_DEFECT(a, KN_RULE(message, header_encoded_word_invalid), &ev, h->name);
	}
}

/* The first mailbox of an address field, into *dst; count of mailboxes. */
static size_t
first_mailbox(kensa_analysis *a, const kensa_header *h, kensa_address *dst)
{
	kn_vec v = { 0 };
	size_t n = kn_address_list_parse(&a->ar, h->raw, strlen(h->raw), &v, 1,
		NULL);

	if (v.count > 0)
		*dst = ((kensa_address *)v.items)[0];
	return n;
}

static const char *
trimmed(kensa_analysis *a, const char *s)
{
	kn_slice t = kn_slice_trim((kn_slice){ s, strlen(s) });
	return kn_strndup(&a->ar, t.p, t.len);
}

static void
message_id(kensa_analysis *a, const kensa_header *h)
{
	kn_slice t = kn_slice_trim((kn_slice){ h->value, strlen(h->value) });
	const char *lt = memchr(t.p, '<', t.len), *gt, *at;
	char *id;

	if (lt != NULL && (gt = memchr(lt, '>', t.len - (size_t)(lt - t.p))) != NULL)
		t = (kn_slice){ lt + 1, (size_t)(gt - lt - 1) };
	t = kn_slice_trim(t);
	if (t.len == 0)
		return;
	id = kn_strndup(&a->ar, t.p, t.len);
	a->msg.message_id = id;
	if (id != NULL && (at = strrchr(id, '@')) != NULL && at[1] != '\0')
		a->msg.message_id_domain = kn_str_lower(&a->ar, at + 1);
}

static void
return_path(kensa_analysis *a, const kensa_header *h)
{
	kn_slice t = kn_slice_trim((kn_slice){ h->raw, strlen(h->raw) });
	kensa_address ad = { 0 };

	if (t.len >= 2 && t.p[0] == '<') {
		kn_slice in = kn_slice_trim((kn_slice){ t.p + 1, t.len - 2 });
		if (t.p[t.len - 1] == '>' && in.len == 0) {
			a->msg.return_path = "";
			return;
		}
	}
	first_mailbox(a, h, &ad);
	a->msg.return_path = ad.address ? ad.address : "";
	a->msg.return_path_domain = ad.domain;
}

/* Does s start with a bracketed or starred tag naming spam? */
static const char *
spam_tag(kensa_analysis *a, const char *subject)
{
	static const struct { const char *open, *close; } pairs[] = {
		{ "[", "]" }, { "{", "}" }, { "(", ")" },
		{ "\xE3\x80\x90", "\xE3\x80\x91" }, /* 【 】 */
		{ "\xEF\xBC\xBB", "\xEF\xBC\xBD" }, /* ［ ］ */
		{ "\xE3\x80\x8C", "\xE3\x80\x8D" }, /* 「 」 */
	};
	static const char *words[] = { "spam", "\xE8\xBF\xB7\xE6\x83\x91" /* 迷惑 */,
		"meiwaku", "junk", "bulk" };
	kn_slice s = kn_slice_trim((kn_slice){ subject, strlen(subject) });
	size_t taglen = 0;

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]) && !taglen; i++) {
		size_t ol = strlen(pairs[i].open), cl = strlen(pairs[i].close);
		if (s.len > ol && memcmp(s.p, pairs[i].open, ol) == 0) {
			for (size_t k = ol; k + cl <= s.len && k < KN_SPAM_TAG_MAX; k++) {
				if (memcmp(s.p + k, pairs[i].close, cl) == 0) {
					taglen = k + cl;
					break;
				}
			}
		}
	}
	if (!taglen && s.len > 0 && s.p[0] == '*') {
		size_t k = 0;
		while (k < s.len && s.p[k] == '*')
			k++;
		while (k < s.len && s.p[k] != '*' && s.p[k] != ' ' && k < KN_SPAM_TAG_MAX)
			k++;
		while (k < s.len && s.p[k] == '*')
			k++;
		taglen = k;
	}
	if (!taglen && kn_str_iprefix(s.p, s.len, "spam:"))
		taglen = 5;
	if (!taglen)
		return NULL;
	for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
		size_t wl = strlen(words[w]);
		for (size_t k = 0; k + wl <= taglen; k++) {
			if (strncasecmp(s.p + k, words[w], wl) == 0)
				return kn_strndup(&a->ar, s.p, taglen);
		}
	}
	return NULL;
}

static void
facts(kensa_analysis *a)
{
	kensa_message_facts *m = &a->msg;
	const kensa_header *ua = NULL;

	for (size_t i = 0; i < m->header_count; i++) {
		const kensa_header *h = &m->headers[i];
		const char *n = h->name;
		bool first = h->occurrence == 1;

		if (strcasecmp(n, "From") == 0) {
			m->from_count++;
			if (first)
				first_mailbox(a, h, &m->from);
		} else if (strcasecmp(n, "Subject") == 0 && first) {
			m->subject = h->value;
		} else if (strcasecmp(n, "Sender") == 0 && first) {
			first_mailbox(a, h, &m->sender);
		} else if (strcasecmp(n, "Reply-To") == 0 && first) {
			first_mailbox(a, h, &m->reply_to);
		} else if (strcasecmp(n, "To") == 0) {
			kn_address_list_parse(&a->ar, h->raw, strlen(h->raw), &a->to,
				KN_ADDR_MAX, NULL);
		} else if (strcasecmp(n, "Cc") == 0) {
			kn_address_list_parse(&a->ar, h->raw, strlen(h->raw), &a->cc,
				KN_ADDR_MAX, NULL);
		} else if (strcasecmp(n, "Delivered-To") == 0 && first) {
			kensa_address ad = { 0 };
			first_mailbox(a, h, &ad);
			m->delivered_to = ad.address;
		} else if (strcasecmp(n, "Return-Path") == 0 && first) {
			return_path(a, h);
		} else if (strcasecmp(n, "Message-ID") == 0 && first) {
			message_id(a, h);
		} else if (strcasecmp(n, "Date") == 0 && first) {
			kn_date dt;
			m->date_raw = trimmed(a, h->value);
			if (m->date_raw != NULL &&
			    kn_date_parse(m->date_raw, strlen(m->date_raw), &dt)) {
				m->date_valid = true;
				m->date_utc = dt.utc;
				m->date_tz_offset = dt.tz_offset;
			}
		} else if (strcasecmp(n, "User-Agent") == 0 && first) {
			ua = h;
		} else if (strcasecmp(n, "X-Mailer") == 0 && first) {
			m->x_mailer = h->value;
		} else if (strcasecmp(n, "List-Id") == 0 && first) {
			m->list_id = h->value;
		} else if (strcasecmp(n, "List-Unsubscribe") == 0 && first) {
			m->list_unsubscribe = h->value;
		} else if (strcasecmp(n, "Content-Language") == 0 && first) {
			m->content_language = h->value;
		} else if (strcasecmp(n, "Authentication-Results") == 0) {
			kn_authres_parse(&a->ar, h->raw, strlen(h->raw), h->occurrence,
				&a->auth_results, KN_AUTHRES_MAX);
		} else if (strcasecmp(n, "X-Spam-Flag") == 0 && first) {
			m->spam_flag = trimmed(a, h->value);
		} else if (strcasecmp(n, "X-Spam-Status") == 0 && first) {
			m->spam_status = h->value;
		}
	}
	m->user_agent = ua ? ua->value : m->x_mailer;
	m->to = a->to.items;
	m->to_count = a->to.count;
	m->cc = a->cc.items;
	m->cc_count = a->cc.count;
	m->auth_results = a->auth_results.items;
	m->auth_result_count = a->auth_results.count;
	if (m->subject != NULL)
		m->subject_spam_tag = spam_tag(a, m->subject);
}

/* Quote of the first bytes of the input, control bytes shown as '.'. */
static char *
input_quote(kensa_analysis *a, size_t max)
{
	size_t n = a->len < max ? a->len : max;
	char *q = kn_alloc(&a->ar, n + 1);

	if (q == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)a->data[i];
		q[i] = (char)(c >= 32 && c < 127 ? c : '.');
	}
	q[n] = '\0';
	return q;
}

/* Empty input, or input without a single header field: not a message.
 * These are findings (weighed: the verdict must not read "clean"). */
static void
not_a_message(kensa_analysis *a)
{
	size_t i = 0;
	char num[24];
	kensa_evidence ev = { .part = -1, .offset = 0, .length = a->len };

	while (i < a->len && (a->data[i] == ' ' || a->data[i] == '\t' ||
	    a->data[i] == '\r' || a->data[i] == '\n'))
		i++;
	if (i == a->len) {
		ev.text = "";
		snprintf(num, sizeof(num), "%zu", a->len);
		KN_FINDING(a, KN_RULE(message, message_empty), &ev, num);
		return;
	}
	if (a->headers.count > 0)
		return;
	ev.length = a->len < 40 ? a->len : 40;
	ev.text = input_quote(a, 40);
	KN_FINDING(a, KN_RULE(message, not_a_message), &ev,
		ev.text ? ev.text : "");
}

int
kn_message_parse(kensa_analysis *a)
{
	kn_vec hflags = { 0 };
	int rc;

	if ((rc = walk_headers(a, &hflags)) < 0)
		return rc;
	not_a_message(a);
	header_defects(a, &hflags);
	facts(a);
	if ((rc = kn_mime_parse(a)) < 0)
		return rc;
	return a->ar.oom ? KENSA_ENOMEM : 0;
}
