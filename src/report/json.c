/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	json 3
 * SUMMARY
 *	the JSON report: one object on one line (docs/json-schema.md)
 * DESCRIPTION
 *	Writes the analysis straight into the output buffer as one compact
 *	JSON object followed by "\n", so several reports form JSON Lines.
 *	Every key of the contract is always present; absent values are
 *	null. Strings that are not valid UTF-8 (legacy raw headers) are
 *	repaired with U+FFFD. The bytes are those jansson's
 *	json_dumps(JSON_COMPACT) gave for the same document (the renderer
 *	built a jansson tree until 2026-11): keys in insertion order, no
 *	white space, '"', '\\' and control characters escaped (\b \f \n
 *	\r \t, else \u00XX in upper case), other UTF-8 as is, integers in
 *	decimal, reals as "%.17g" with ".0" added when neither '.' nor 'e'
 *	appears and the exponent's '+' and leading zeros dropped.
 *	Titles, details and the origin reason are in opts->lang. Since
 *	issue 3: .auth (SPF, DKIM, DMARC, ARC), .intel (IPs, domains) and
 *	.lookups (every lookup with its server, answer and time).
 * LIMITS
 *	The document is bounded by the analysis, itself bounded by the
 *	input cap; the output buffer is capped by the dispatcher.
 * STANDARDS
 *	RFC 8259 (JSON), RFC 3339 (timestamps, UTC "Z" form), JSON Lines.
 *--*/
#include "report/render.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/str.h"

/* Version of the JSON contract; bump on an incompatible change. */
#define KN_JSON_SCHEMA_VERSION 1
/* Output reserved up front, in bytes: most reports fit. */
#define KN_JSON_RESERVE ((size_t)16 * 1024)

/* The writer: the output buffer, and false once a value the contract
 * requires was missing (a NULL name string, a non-finite real), which
 * fails the report as jansson's NULL values did. */
typedef struct jw {
	kn_buf *b;
	bool ok;
} jw;

#define RAW(w, lit) kn_buf_add((w)->b, (lit), sizeof(lit) - 1)

/* Bytes that a JSON string must escape: '"', '\\' and C0 controls. In
 * valid UTF-8 no byte of a multi-byte sequence is below 0x80, so a byte
 * scan finds exactly the code points jansson escaped. */
static const unsigned char must_escape[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
	[0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1,
	[0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1,
	[0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
	[0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1,
	[0x1e] = 1, [0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

/* A comma before a member or element, unless its container was just
 * opened (no complete JSON value ends in '{' or '['). */
static void
sep(jw *w)
{
	const kn_buf *b = w->b;

	if (b->len > 0 && b->data[b->len - 1] != '{' &&
	    b->data[b->len - 1] != '[')
		kn_buf_addc(w->b, ',');
}

/* "key": for a member; keys are ASCII literals needing no escape. */
static void
key(jw *w, const char *k)
{
	sep(w);
	kn_buf_addc(w->b, '"');
	kn_buf_adds(w->b, k);
	RAW(w, "\":");
}

/* s (len bytes of valid UTF-8) as a quoted, escaped JSON string. */
static void
put_escaped(kn_buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0;

	kn_buf_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		char seq[8];
		const char *esc = seq;
		size_t n = 2;

		if (!must_escape[p[i]])
			continue;
		kn_buf_add(b, s + run, i - run);
		switch (p[i]) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			snprintf(seq, sizeof(seq), "\\u%04X", (unsigned)p[i]);
			n = 6;
			break;
		}
		kn_buf_add(b, esc, n);
		run = i + 1;
	}
	kn_buf_add(b, s + run, len - run);
	kn_buf_addc(b, '"');
}

/* A JSON string of s (NULL gives null), invalid UTF-8 repaired. */
static void
vstr(jw *w, const char *s)
{
	kn_buf fixed;
	size_t len;

	if (s == NULL) {
		RAW(w, "null");
		return;
	}
	len = strlen(s);
	if (kn_utf8_valid(s, len)) {
		put_escaped(w->b, s, len);
		return;
	}
	kn_buf_init(&fixed, len * 3 + 1);
	kn_utf8_put_sanitized(&fixed, s, len);
	if (fixed.err)
		w->ok = false;
	else
		put_escaped(w->b, kn_buf_cstr(&fixed), fixed.len);
	kn_buf_dispose(&fixed);
}

/* A string the contract requires (a name from a table): NULL fails. */
static void
vname(jw *w, const char *s)
{
	if (s == NULL)
		w->ok = false;
	vstr(w, s);
}

static void
vint(jw *w, long long v)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
		(unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	kn_buf_add(w->b, p, (size_t)(buf + sizeof(buf) - p));
}

/* jansson's jsonp_dtostr() at its default precision (17). */
static void
vreal(jw *w, double v)
{
	char buf[100], *start, *end;
	const char *point;
	int n;
	size_t len;

	if (!isfinite(v)) { /* json_real() refused these */
		w->ok = false;
		RAW(w, "null");
		return;
	}
	n = snprintf(buf, sizeof(buf), "%.17g", v);
	if (n < 0 || (size_t)n >= sizeof(buf) - 3) {
		w->ok = false;
		RAW(w, "null");
		return;
	}
	len = (size_t)n;
	point = localeconv()->decimal_point;
	if (point[0] != '.' && (start = strchr(buf, point[0])) != NULL)
		*start = '.';
	if (strchr(buf, '.') == NULL && strchr(buf, 'e') == NULL) {
		buf[len++] = '.';
		buf[len++] = '0';
		buf[len] = '\0';
	}
	if ((start = strchr(buf, 'e')) != NULL) {
		start++;
		end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, len - (size_t)(end - buf));
			len -= (size_t)(end - start);
		}
	}
	kn_buf_add(w->b, buf, len);
}

static void
vbool(jw *w, bool v)
{
	if (v)
		RAW(w, "true");
	else
		RAW(w, "false");
}

static void
vnull(jw *w)
{
	RAW(w, "null");
}

static void
vtime(jw *w, bool present, int64_t utc)
{
	char buf[32];

	if (!present) {
		vnull(w);
		return;
	}
	kn_date_rfc3339(utc, buf, sizeof(buf));
	vname(w, buf);
}

/* Members: key then value. */
static void
kstr(jw *w, const char *k, const char *s)
{
	key(w, k);
	vstr(w, s);
}

static void
kint(jw *w, const char *k, long long v)
{
	key(w, k);
	vint(w, v);
}

/* An integer member, null when absent. */
static void
kopt(jw *w, const char *k, bool present, long long v)
{
	key(w, k);
	if (present)
		vint(w, v);
	else
		vnull(w);
}

static void
kbool(jw *w, const char *k, bool v)
{
	key(w, k);
	vbool(w, v);
}

static void
ktime(jw *w, const char *k, bool present, int64_t utc)
{
	key(w, k);
	vtime(w, present, utc);
}

static void
knull(jw *w, const char *k)
{
	key(w, k);
	vnull(w);
}

/* Containers: opened as a member (k) or as an array element (k NULL). */
static void
open_obj(jw *w, const char *k)
{
	if (k != NULL)
		key(w, k);
	else
		sep(w);
	kn_buf_addc(w->b, '{');
}

static void
open_arr(jw *w, const char *k)
{
	if (k != NULL)
		key(w, k);
	else
		sep(w);
	kn_buf_addc(w->b, '[');
}

static void
close_obj(jw *w)
{
	kn_buf_addc(w->b, '}');
}

static void
close_arr(jw *w)
{
	kn_buf_addc(w->b, ']');
}

/* An address object (member k, or element when k is NULL); null when
 * absent, unless always is set (From). */
static void
address(jw *w, const char *k, const kensa_address *ad, bool always)
{
	if (!always && ad->address == NULL && ad->display_name == NULL) {
		if (k != NULL)
			key(w, k);
		else
			sep(w);
		vnull(w);
		return;
	}
	open_obj(w, k);
	kstr(w, "address", ad->address);
	kstr(w, "display_name", ad->display_name);
	kstr(w, "domain", ad->domain);
	close_obj(w);
}

static void
address_list(jw *w, const char *k, const kensa_address *list, size_t n)
{
	open_arr(w, k);
	for (size_t i = 0; i < n; i++)
		address(w, NULL, &list[i], true);
	close_arr(w);
}

static void
message(jw *w, const kensa_message_facts *m)
{
	open_obj(w, "message");
	kstr(w, "subject", m->subject);
	address(w, "from", &m->from, true);
	kint(w, "from_count", m->from_count);
	address(w, "sender", &m->sender, false);
	address(w, "reply_to", &m->reply_to, false);
	address_list(w, "to", m->to, m->to_count);
	address_list(w, "cc", m->cc, m->cc_count);
	kstr(w, "delivered_to", m->delivered_to);
	kstr(w, "return_path", m->return_path);
	kstr(w, "return_path_domain", m->return_path_domain);
	kstr(w, "message_id", m->message_id);
	kstr(w, "message_id_domain", m->message_id_domain);
	ktime(w, "date", m->date_valid, m->date_utc);
	kstr(w, "date_raw", m->date_raw);
	kopt(w, "date_tz_offset_s", m->date_valid, m->date_tz_offset);
	kstr(w, "user_agent", m->user_agent);
	kstr(w, "list_id", m->list_id);

	open_arr(w, "authentication_results");
	for (size_t i = 0; i < m->auth_result_count; i++) {
		const kensa_auth_result *r = &m->auth_results[i];

		open_obj(w, NULL);
		kstr(w, "authserv_id", r->authserv_id);
		kstr(w, "method", r->method);
		kstr(w, "result", r->result);
		kstr(w, "reason", r->reason);
		kstr(w, "properties", r->properties);
		kint(w, "header", r->header);
		close_obj(w);
	}
	close_arr(w);

	open_obj(w, "spam");
	kstr(w, "flag", m->spam_flag);
	kstr(w, "status", m->spam_status);
	kstr(w, "subject_tag", m->subject_spam_tag);
	close_obj(w);

	open_arr(w, "parts");
	for (size_t i = 0; i < m->part_count; i++) {
		const kensa_mime_part *p = &m->parts[i];

		open_obj(w, NULL);
		kint(w, "index", p->index);
		kint(w, "depth", p->depth);
		kopt(w, "parent", p->parent >= 0, p->parent);
		kstr(w, "content_type", p->content_type);
		kstr(w, "charset", p->charset);
		kstr(w, "transfer_encoding", p->transfer_encoding);
		kstr(w, "disposition", p->disposition);
		kstr(w, "filename", p->filename);
		kint(w, "size_bytes", (long long)p->size_bytes);
		kbool(w, "is_multipart", p->is_multipart);
		close_obj(w);
	}
	close_arr(w);
	close_obj(w);
}

static void
trace(jw *w, const kensa_trace *t, kensa_lang lang)
{
	const char *reason;

	open_obj(w, "trace");
	open_arr(w, "hops");
	for (size_t i = 0; i < t->hop_count; i++) {
		const kensa_hop *h = &t->hops[i];

		open_obj(w, NULL);
		kint(w, "index", h->index);
		kint(w, "header", h->header);
		kstr(w, "helo", h->helo);
		kstr(w, "rdns", h->rdns);
		kstr(w, "ip", h->ip);
		kstr(w, "by", h->by);
		kstr(w, "via", h->via);
		kstr(w, "protocol", h->protocol);
		kstr(w, "id", h->id);
		kstr(w, "for", h->for_addr);
		kstr(w, "tls", h->tls);
		kstr(w, "software", h->software);
		ktime(w, "timestamp", h->has_timestamp, h->timestamp);
		kopt(w, "delay_s", h->has_delay, h->delay_s);
		kbool(w, "internal", h->internal);
		kbool(w, "parsed", h->parsed);
		kstr(w, "raw", h->raw);
		close_obj(w);
	}
	close_arr(w);
	kint(w, "hop_count", (long long)t->hop_count);
	kopt(w, "total_delay_s", t->has_total_delay, t->total_delay_s);

	reason = t->origin_reason;
	if (lang == KENSA_LANG_JA && t->origin_reason_ja != NULL)
		reason = t->origin_reason_ja;
	open_obj(w, "origin");
	kstr(w, "ip", t->origin_ip);
	kopt(w, "hop", t->origin_hop >= 0, t->origin_hop);
	kstr(w, "reason", reason);
	close_obj(w);
	close_obj(w);
}

static void
findings(jw *w, const char *k, const kensa_finding *f, size_t n,
	kensa_lang lang)
{
	open_arr(w, k);
	for (size_t i = 0; i < n; i++) {
		const kensa_evidence *ev = &f[i].evidence;
		bool located = (ev->header != NULL && ev->occurrence > 0) ||
			       ev->part >= 0;

		open_obj(w, NULL);
		kstr(w, "id", f[i].id);
		kstr(w, "stage", f[i].stage);
		key(w, "severity");
		vname(w, kensa_severity_name(f[i].severity));
		kstr(w, "title", f[i].title[lang]);
		kstr(w, "detail", f[i].detail[lang]);
		open_obj(w, "evidence");
		kstr(w, "header", ev->header);
		kopt(w, "occurrence", ev->occurrence > 0, ev->occurrence);
		kopt(w, "part", ev->part >= 0, ev->part);
		kopt(w, "offset", located, (long long)ev->offset);
		kopt(w, "length", located && ev->length > 0,
			(long long)ev->length);
		kstr(w, "text", ev->text);
		close_obj(w);
		close_obj(w);
	}
	close_arr(w);
}

static void
summary(jw *w, const kensa_finding *f, size_t nf, size_t nd)
{
	long long count[4] = { 0 };

	for (size_t i = 0; i < nf; i++)
		if ((unsigned)f[i].severity < 4)
			count[f[i].severity]++;
	open_obj(w, "summary");
	kint(w, "findings", (long long)nf);
	open_obj(w, "findings_by_severity");
	for (int s = KENSA_SEV_HIGH; s >= KENSA_SEV_INFO; s--) {
		const char *name = kensa_severity_name((kensa_severity)s);

		if (name == NULL) {
			w->ok = false;
			continue;
		}
		kint(w, name, count[s]);
	}
	close_obj(w);
	kint(w, "defects", (long long)nd);
	close_obj(w);
}

/* ---- authentication, intelligence, lookups ---------------------------- */

static void
str_array(jw *w, const char *k, const char *const *v, size_t n)
{
	open_arr(w, k);
	for (size_t i = 0; i < n; i++) {
		sep(w);
		vstr(w, v[i]);
	}
	close_arr(w);
}

static void
spf(jw *w, const char *k, const kensa_spf *s)
{
	if (s->result == NULL) {
		knull(w, k);
		return;
	}
	open_obj(w, k);
	kstr(w, "result", s->result);
	kstr(w, "reason", s->reason);
	kstr(w, "identity", s->identity);
	kstr(w, "domain", s->domain);
	kstr(w, "sender", s->sender);
	kstr(w, "ip", s->ip);
	kstr(w, "record", s->record);
	kstr(w, "mechanism", s->mechanism);
	kstr(w, "mechanism_domain", s->mechanism_domain);
	kint(w, "dns_lookups", s->dns_lookups);
	kint(w, "void_lookups", s->void_lookups);
	str_array(w, "path", s->path, s->path_count);
	close_obj(w);
}

static void
auth(jw *w, const kensa_auth *au)
{
	open_obj(w, "auth");
	kbool(w, "evaluated", au->evaluated);
	kstr(w, "reason", au->reason);
	spf(w, "spf", &au->spf);
	spf(w, "helo", &au->helo);
	kstr(w, "dkim_result", au->dkim_result);
	open_arr(w, "dkim");
	for (size_t i = 0; i < au->dkim_count; i++) {
		const kensa_dkim *k = &au->dkim[i];

		open_obj(w, NULL);
		kstr(w, "result", k->result);
		kstr(w, "reason", k->reason);
		kstr(w, "domain", k->domain);
		kstr(w, "selector", k->selector);
		kstr(w, "algorithm", k->algorithm);
		kstr(w, "canonicalization", k->canonicalization);
		kopt(w, "key_bits", k->key_bits != 0, k->key_bits);
		kbool(w, "weak", k->weak);
		kint(w, "header", k->header);
		close_obj(w);
	}
	close_arr(w);
	if (au->dmarc.result != NULL) {
		open_obj(w, "dmarc");
		kstr(w, "result", au->dmarc.result);
		kstr(w, "reason", au->dmarc.reason);
		kstr(w, "domain", au->dmarc.domain);
		kstr(w, "policy", au->dmarc.policy);
		kstr(w, "disposition", au->dmarc.disposition);
		kstr(w, "record_domain", au->dmarc.record_domain);
		kstr(w, "record", au->dmarc.record);
		kstr(w, "alignment", au->dmarc.alignment);
		kbool(w, "spf_aligned", au->dmarc.spf_aligned);
		kbool(w, "dkim_aligned", au->dmarc.dkim_aligned);
		close_obj(w);
	} else {
		knull(w, "dmarc");
	}
	if (au->arc.result != NULL) {
		open_obj(w, "arc");
		kstr(w, "result", au->arc.result);
		kstr(w, "reason", au->arc.reason);
		kint(w, "instances", au->arc.instances);
		str_array(w, "sealers", au->arc.sealers, au->arc.sealer_count);
		close_obj(w);
	} else {
		knull(w, "arc");
	}
	open_arr(w, "disagreements");
	for (size_t i = 0; i < au->disagreement_count; i++) {
		const kensa_auth_disagreement *x = &au->disagreements[i];

		open_obj(w, NULL);
		kstr(w, "method", x->method);
		kstr(w, "claimed", x->claimed);
		kstr(w, "ours", x->ours);
		kint(w, "header", x->header);
		kstr(w, "authserv_id", x->authserv_id);
		close_obj(w);
	}
	close_arr(w);
	close_obj(w);
}

static void
intel(jw *w, const kensa_analysis *a)
{
	const kensa_ip_intel *ip;
	const kensa_domain_intel *dm;
	size_t nip = kensa_analysis_ips(a, &ip);
	size_t ndm = kensa_analysis_domains(a, &dm);

	open_obj(w, "intel");
	kstr(w, "mode", kensa_analysis_lookup_mode(a));
	open_arr(w, "ips");
	for (size_t i = 0; i < nip; i++) {
		open_obj(w, NULL);
		kstr(w, "ip", ip[i].ip);
		kstr(w, "ptr", ip[i].ptr);
		kstr(w, "ptr_status", ip[i].ptr_status);
		kstr(w, "fcrdns", ip[i].fcrdns);
		kstr(w, "country", ip[i].country);
		kstr(w, "country_name", ip[i].country_name);
		kstr(w, "city", ip[i].city);
		kopt(w, "asn", ip[i].asn != 0, ip[i].asn);
		kstr(w, "as_org", ip[i].as_org);
		kstr(w, "geo_source", ip[i].geo_source);
		kstr(w, "geo_attribution", ip[i].geo_attribution);
		kstr(w, "geo_reason", ip[i].geo_reason);
		close_obj(w);
	}
	close_arr(w);
	open_arr(w, "domains");
	for (size_t i = 0; i < ndm; i++) {
		open_obj(w, NULL);
		kstr(w, "domain", dm[i].domain);
		kstr(w, "role", dm[i].role);
		str_array(w, "addresses", dm[i].addresses, dm[i].address_count);
		kbool(w, "has_origin", dm[i].has_origin);
		kstr(w, "status", dm[i].status);
		kstr(w, "reason", dm[i].reason);
		kstr(w, "registrar", dm[i].registrar);
		kstr(w, "registrant_org", dm[i].registrant_org);
		kstr(w, "registrant_country", dm[i].registrant_country);
		kstr(w, "registrant_org_alt", dm[i].registrant_org_alt);
		kstr(w, "registrant_state", dm[i].registrant_state);
		ktime(w, "created", dm[i].has_created, dm[i].created);
		kopt(w, "age_days", dm[i].age_days >= 0, dm[i].age_days);
		kstr(w, "source", dm[i].source);
		close_obj(w);
	}
	close_arr(w);
	close_obj(w);
}

static void
lookups(jw *w, const kensa_analysis *a)
{
	const kensa_lookup *l;
	size_t n = kensa_analysis_lookups(a, &l);

	open_arr(w, "lookups");
	for (size_t i = 0; i < n; i++) {
		open_obj(w, NULL);
		kstr(w, "kind", l[i].kind);
		kstr(w, "query", l[i].query);
		kstr(w, "server", l[i].server);
		kstr(w, "status", l[i].status);
		kstr(w, "answer", l[i].answer);
		ktime(w, "time", true, l[i].time);
		key(w, "duration_ms");
		vreal(w, l[i].duration_ms);
		kbool(w, "cached", l[i].cached);
		close_obj(w);
	}
	close_arr(w);
}

/* The verdict (src/verdict/score.c): label, score, the weights of its
 * signals, the reasons heaviest first, each pointing at its finding (index
 * and JSON pointer) and quoting that finding's evidence, and the summary.
 * No verdict fails the report. */
static void
verdict(jw *w, const kensa_analysis *a, kensa_lang lang)
{
	const kensa_verdict *v = kensa_analysis_verdict(a);
	char ptr[48];

	if (v == NULL) {
		w->ok = false;
		return;
	}
	open_obj(w, "verdict");
	key(w, "label");
	vname(w, kensa_verdict_label_name(v->label));
	kint(w, "score", v->score);
	kint(w, "deception", v->deception);
	kint(w, "lure", v->lure);
	kint(w, "bulk", v->bulk);
	open_arr(w, "reasons");
	for (size_t i = 0; i < v->reason_count; i++) {
		const kensa_verdict_reason *r = &v->reasons[i];
		const kensa_evidence *ev = r->evidence;

		open_obj(w, NULL);
		kstr(w, "id", r->id);
		kint(w, "weight", r->weight);
		kstr(w, "category", r->category);
		kstr(w, "title", r->title[lang]);
		kint(w, "finding", (long long)r->finding);
		open_obj(w, "evidence");
		snprintf(ptr, sizeof(ptr), "/findings/%zu/evidence", r->finding);
		kstr(w, "ref", ptr);
		kstr(w, "header", ev ? ev->header : NULL);
		kopt(w, "part", ev && ev->part >= 0, ev ? ev->part : 0);
		kstr(w, "text", ev ? ev->text : NULL);
		close_obj(w);
		close_obj(w);
	}
	close_arr(w);
	kstr(w, "summary", v->summary[lang]);
	close_obj(w);
}

/* .content: the links and the attachment inventory of the content stage. */
static void
content(jw *w, const kensa_analysis *a)
{
	const kensa_link *lk;
	const kensa_attachment *at;
	size_t nl = kensa_analysis_links(a, &lk);
	size_t na = kensa_analysis_attachments(a, &at);

	open_obj(w, "content");
	open_arr(w, "links");
	for (size_t i = 0; i < nl; i++) {
		open_obj(w, NULL);
		kint(w, "part", lk[i].part);
		kint(w, "offset", (long long)lk[i].offset);
		kint(w, "length", (long long)lk[i].length);
		kstr(w, "source", lk[i].source);
		kstr(w, "url", lk[i].url);
		kstr(w, "text", lk[i].text);
		kstr(w, "host", lk[i].host);
		kstr(w, "host_unicode", lk[i].host_unicode);
		kstr(w, "domain", lk[i].domain);
		kbool(w, "ip_literal", lk[i].ip_literal);
		kbool(w, "hidden", lk[i].hidden);
		kbool(w, "tracking_pixel", lk[i].tracking_pixel);
		kopt(w, "via", lk[i].via >= 0, lk[i].via);
		close_obj(w);
	}
	close_arr(w);
	open_arr(w, "attachments");
	for (size_t i = 0; i < na; i++) {
		open_obj(w, NULL);
		kint(w, "part", at[i].part);
		kstr(w, "filename", at[i].filename);
		kstr(w, "declared_type", at[i].declared_type);
		kstr(w, "sniffed_type", at[i].sniffed_type);
		kint(w, "size_bytes", (long long)at[i].size_bytes);
		kstr(w, "sha256", at[i].sha256[0] ? at[i].sha256 : NULL);
		kbool(w, "executable", at[i].flags & KENSA_ATTACH_EXECUTABLE);
		kbool(w, "encrypted_archive",
			at[i].flags & KENSA_ATTACH_ENCRYPTED_ARCHIVE);
		kbool(w, "macros", at[i].flags & KENSA_ATTACH_MACROS);
		kbool(w, "forwarded_message",
			at[i].flags & KENSA_ATTACH_FORWARDED);
		str_array(w, "members", at[i].members, at[i].member_count);
		close_obj(w);
	}
	close_arr(w);
	close_obj(w);
}

static int
render_json(kn_buf *out, const kensa_analysis *a,
	const kensa_report_options *opts)
{
	const kensa_finding *fs, *ds;
	size_t nf = kensa_analysis_findings(a, &fs);
	size_t nd = kensa_analysis_defects(a, &ds);
	const char *rdom = NULL;
	const char *rcpt = kensa_analysis_recipient(a, &rdom);
	size_t start = out->len;
	jw w = { out, true };

	kn_buf_reserve(out, KN_JSON_RESERVE);
	/* A report starts a line: sep() then sees no open container. */
	kn_buf_addc(out, '{');
	kint(&w, "schema_version", KN_JSON_SCHEMA_VERSION);
	key(&w, "kensa_version");
	vname(&w, kensa_version());
	open_obj(&w, "input");
	kstr(&w, "source", opts->source);
	kint(&w, "size_bytes", (long long)kensa_analysis_size(a));
	kstr(&w, "sha256", kensa_analysis_sha256(a));
	close_obj(&w);
	kstr(&w, "report_language", opts->lang == KENSA_LANG_JA ? "ja" : "en");
	message(&w, kensa_analysis_message(a));
	open_obj(&w, "recipient");
	kstr(&w, "address", rcpt);
	kstr(&w, "domain", rdom);
	close_obj(&w);
	trace(&w, kensa_analysis_trace(a), opts->lang);
	auth(&w, kensa_analysis_auth(a));
	content(&w, a);
	intel(&w, a);
	lookups(&w, a);
	summary(&w, fs, nf, nd);
	verdict(&w, a, opts->lang);
	findings(&w, "findings", fs, nf, opts->lang);
	findings(&w, "defects", ds, nd, opts->lang);
	close_obj(&w);
	kn_buf_addc(out, '\n');
	if (!w.ok) {
		/* Nothing of a failed report stays in the output. */
		if (out->err == 0 && out->len >= start) {
			out->len = start;
			if (out->data != NULL)
				out->data[start] = '\0';
		}
		return KENSA_ENOMEM;
	}
	return 0;
}

const kn_renderer kn_renderer_json = { "json", render_json };
