/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	json 3
 * SUMMARY
 *	the JSON report: one object on one line (docs/json-schema.md)
 * DESCRIPTION
 *	Builds a jansson tree of the analysis and dumps it compactly,
 *	followed by "\n", so several reports form JSON Lines. Every key of
 *	the contract is always present; absent values are null. Strings
 *	that are not valid UTF-8 (legacy raw headers) are repaired with
 *	U+FFFD before jansson sees them, since jansson rejects them.
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

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/str.h"

/* Version of the JSON contract; bump on an incompatible change. */
#define KN_JSON_SCHEMA_VERSION 1

/* A JSON string of s (NULL gives null), invalid UTF-8 repaired. */
static json_t *
jstr(const char *s)
{
	kn_buf b;
	json_t *j;
	size_t len;

	if (s == NULL)
		return json_null();
	len = strlen(s);
	if (kn_utf8_valid(s, len))
		return json_stringn(s, len);
	kn_buf_init(&b, len * 3 + 1);
	kn_utf8_put_sanitized(&b, s, len);
	j = b.err ? NULL : json_stringn(kn_buf_cstr(&b), b.len);
	kn_buf_dispose(&b);
	return j;
}

static json_t *
jint(bool present, int64_t v)
{
	return present ? json_integer((json_int_t)v) : json_null();
}

static json_t *
jtime(bool present, int64_t utc)
{
	char buf[32];

	if (!present)
		return json_null();
	kn_date_rfc3339(utc, buf, sizeof(buf));
	return json_string(buf);
}

/* Set key to v; a NULL v (allocation failure) marks *ok false. */
static void
put(json_t *obj, const char *key, json_t *v, bool *ok)
{
	if (v == NULL || json_object_set_new(obj, key, v) != 0)
		*ok = false;
}

static void
append(json_t *arr, json_t *v, bool *ok)
{
	if (v == NULL || json_array_append_new(arr, v) != 0)
		*ok = false;
}

/* An address object; null when absent, unless always is set (From). */
static json_t *
address(const kensa_address *ad, bool always, bool *ok)
{
	json_t *o;

	if (!always && ad->address == NULL && ad->display_name == NULL)
		return json_null();
	o = json_object();
	if (o == NULL)
		return NULL;
	put(o, "address", jstr(ad->address), ok);
	put(o, "display_name", jstr(ad->display_name), ok);
	put(o, "domain", jstr(ad->domain), ok);
	return o;
}

static json_t *
address_list(const kensa_address *list, size_t n, bool *ok)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr != NULL && i < n; i++)
		append(arr, address(&list[i], true, ok), ok);
	return arr;
}

static json_t *
message(const kensa_message_facts *m, bool *ok)
{
	json_t *o = json_object(), *arr, *spam;

	if (o == NULL)
		return NULL;
	put(o, "subject", jstr(m->subject), ok);
	put(o, "from", address(&m->from, true, ok), ok);
	put(o, "from_count", json_integer(m->from_count), ok);
	put(o, "sender", address(&m->sender, false, ok), ok);
	put(o, "reply_to", address(&m->reply_to, false, ok), ok);
	put(o, "to", address_list(m->to, m->to_count, ok), ok);
	put(o, "cc", address_list(m->cc, m->cc_count, ok), ok);
	put(o, "delivered_to", jstr(m->delivered_to), ok);
	put(o, "return_path", jstr(m->return_path), ok);
	put(o, "return_path_domain", jstr(m->return_path_domain), ok);
	put(o, "message_id", jstr(m->message_id), ok);
	put(o, "message_id_domain", jstr(m->message_id_domain), ok);
	put(o, "date", jtime(m->date_valid, m->date_utc), ok);
	put(o, "date_raw", jstr(m->date_raw), ok);
	put(o, "date_tz_offset_s", jint(m->date_valid, m->date_tz_offset), ok);
	put(o, "user_agent", jstr(m->user_agent), ok);
	put(o, "list_id", jstr(m->list_id), ok);

	arr = json_array();
	for (size_t i = 0; arr != NULL && i < m->auth_result_count; i++) {
		const kensa_auth_result *r = &m->auth_results[i];
		json_t *e = json_object();
		if (e == NULL) {
			*ok = false;
			break;
		}
		put(e, "authserv_id", jstr(r->authserv_id), ok);
		put(e, "method", jstr(r->method), ok);
		put(e, "result", jstr(r->result), ok);
		put(e, "reason", jstr(r->reason), ok);
		put(e, "properties", jstr(r->properties), ok);
		put(e, "header", json_integer(r->header), ok);
		append(arr, e, ok);
	}
	put(o, "authentication_results", arr, ok);

	spam = json_object();
	if (spam != NULL) {
		put(spam, "flag", jstr(m->spam_flag), ok);
		put(spam, "status", jstr(m->spam_status), ok);
		put(spam, "subject_tag", jstr(m->subject_spam_tag), ok);
	}
	put(o, "spam", spam, ok);

	arr = json_array();
	for (size_t i = 0; arr != NULL && i < m->part_count; i++) {
		const kensa_mime_part *p = &m->parts[i];
		json_t *e = json_object();
		if (e == NULL) {
			*ok = false;
			break;
		}
		put(e, "index", json_integer(p->index), ok);
		put(e, "depth", json_integer(p->depth), ok);
		put(e, "parent", p->parent >= 0 ? json_integer(p->parent) :
			json_null(), ok);
		put(e, "content_type", jstr(p->content_type), ok);
		put(e, "charset", jstr(p->charset), ok);
		put(e, "transfer_encoding", jstr(p->transfer_encoding), ok);
		put(e, "disposition", jstr(p->disposition), ok);
		put(e, "filename", jstr(p->filename), ok);
		put(e, "size_bytes", json_integer((json_int_t)p->size_bytes), ok);
		put(e, "is_multipart", json_boolean(p->is_multipart), ok);
		append(arr, e, ok);
	}
	put(o, "parts", arr, ok);
	return o;
}

static json_t *
trace(const kensa_trace *t, kensa_lang lang, bool *ok)
{
	json_t *o = json_object(), *arr, *origin;
	const char *reason;

	if (o == NULL)
		return NULL;
	arr = json_array();
	for (size_t i = 0; arr != NULL && i < t->hop_count; i++) {
		const kensa_hop *h = &t->hops[i];
		json_t *e = json_object();
		if (e == NULL) {
			*ok = false;
			break;
		}
		put(e, "index", json_integer(h->index), ok);
		put(e, "header", json_integer(h->header), ok);
		put(e, "helo", jstr(h->helo), ok);
		put(e, "rdns", jstr(h->rdns), ok);
		put(e, "ip", jstr(h->ip), ok);
		put(e, "by", jstr(h->by), ok);
		put(e, "via", jstr(h->via), ok);
		put(e, "protocol", jstr(h->protocol), ok);
		put(e, "id", jstr(h->id), ok);
		put(e, "for", jstr(h->for_addr), ok);
		put(e, "tls", jstr(h->tls), ok);
		put(e, "software", jstr(h->software), ok);
		put(e, "timestamp", jtime(h->has_timestamp, h->timestamp), ok);
		put(e, "delay_s", jint(h->has_delay, h->delay_s), ok);
		put(e, "internal", json_boolean(h->internal), ok);
		put(e, "parsed", json_boolean(h->parsed), ok);
		put(e, "raw", jstr(h->raw), ok);
		append(arr, e, ok);
	}
	put(o, "hops", arr, ok);
	put(o, "hop_count", json_integer((json_int_t)t->hop_count), ok);
	put(o, "total_delay_s", jint(t->has_total_delay, t->total_delay_s), ok);

	reason = t->origin_reason;
	if (lang == KENSA_LANG_JA && t->origin_reason_ja != NULL)
		reason = t->origin_reason_ja;
	origin = json_object();
	if (origin != NULL) {
		put(origin, "ip", jstr(t->origin_ip), ok);
		put(origin, "hop", t->origin_hop >= 0 ?
			json_integer(t->origin_hop) : json_null(), ok);
		put(origin, "reason", jstr(reason), ok);
	}
	put(o, "origin", origin, ok);
	return o;
}

static json_t *
findings(const kensa_finding *f, size_t n, kensa_lang lang, bool *ok)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr != NULL && i < n; i++) {
		const kensa_evidence *ev = &f[i].evidence;
		bool located = (ev->header != NULL && ev->occurrence > 0) ||
			       ev->part >= 0;
		json_t *e = json_object(), *jev = json_object();

		if (e == NULL || jev == NULL) {
			json_decref(e);
			json_decref(jev);
			*ok = false;
			break;
		}
		put(e, "id", jstr(f[i].id), ok);
		put(e, "stage", jstr(f[i].stage), ok);
		put(e, "severity", json_string(kensa_severity_name(f[i].severity)), ok);
		put(e, "title", jstr(f[i].title[lang]), ok);
		put(e, "detail", jstr(f[i].detail[lang]), ok);
		put(jev, "header", jstr(ev->header), ok);
		put(jev, "occurrence", ev->occurrence > 0 ?
			json_integer(ev->occurrence) : json_null(), ok);
		put(jev, "part", ev->part >= 0 ? json_integer(ev->part) :
			json_null(), ok);
		put(jev, "offset", located ? json_integer((json_int_t)ev->offset) :
			json_null(), ok);
		put(jev, "length", located && ev->length > 0 ?
			json_integer((json_int_t)ev->length) : json_null(), ok);
		put(jev, "text", jstr(ev->text), ok);
		put(e, "evidence", jev, ok);
		append(arr, e, ok);
	}
	return arr;
}

static json_t *
summary(const kensa_finding *f, size_t nf, size_t nd, bool *ok)
{
	json_t *o = json_object(), *by = json_object();
	json_int_t count[4] = { 0 };

	if (o == NULL || by == NULL) {
		json_decref(o);
		json_decref(by);
		return NULL;
	}
	for (size_t i = 0; i < nf; i++)
		if ((unsigned)f[i].severity < 4)
			count[f[i].severity]++;
	for (int s = KENSA_SEV_HIGH; s >= KENSA_SEV_INFO; s--)
		put(by, kensa_severity_name((kensa_severity)s),
			json_integer(count[s]), ok);
	put(o, "findings", json_integer((json_int_t)nf), ok);
	put(o, "findings_by_severity", by, ok);
	put(o, "defects", json_integer((json_int_t)nd), ok);
	return o;
}

/* ---- authentication, intelligence, lookups ---------------------------- */

static json_t *
str_array(const char *const *v, size_t n, bool *ok)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr != NULL && i < n; i++)
		append(arr, jstr(v[i]), ok);
	return arr;
}

static json_t *
spf(const kensa_spf *s, bool *ok)
{
	json_t *o;

	if (s->result == NULL)
		return json_null();
	o = json_object();
	if (o == NULL)
		return NULL;
	put(o, "result", jstr(s->result), ok);
	put(o, "reason", jstr(s->reason), ok);
	put(o, "identity", jstr(s->identity), ok);
	put(o, "domain", jstr(s->domain), ok);
	put(o, "sender", jstr(s->sender), ok);
	put(o, "ip", jstr(s->ip), ok);
	put(o, "record", jstr(s->record), ok);
	put(o, "mechanism", jstr(s->mechanism), ok);
	put(o, "mechanism_domain", jstr(s->mechanism_domain), ok);
	put(o, "dns_lookups", json_integer(s->dns_lookups), ok);
	put(o, "void_lookups", json_integer(s->void_lookups), ok);
	put(o, "path", str_array(s->path, s->path_count, ok), ok);
	return o;
}

static json_t *
auth(const kensa_auth *au, bool *ok)
{
	json_t *o = json_object(), *arr, *d, *arc;

	if (o == NULL)
		return NULL;
	put(o, "evaluated", json_boolean(au->evaluated), ok);
	put(o, "reason", jstr(au->reason), ok);
	put(o, "spf", spf(&au->spf, ok), ok);
	put(o, "helo", spf(&au->helo, ok), ok);
	put(o, "dkim_result", jstr(au->dkim_result), ok);
	arr = json_array();
	for (size_t i = 0; arr != NULL && i < au->dkim_count; i++) {
		const kensa_dkim *k = &au->dkim[i];
		json_t *e = json_object();
		if (e == NULL) {
			*ok = false;
			break;
		}
		put(e, "result", jstr(k->result), ok);
		put(e, "reason", jstr(k->reason), ok);
		put(e, "domain", jstr(k->domain), ok);
		put(e, "selector", jstr(k->selector), ok);
		put(e, "algorithm", jstr(k->algorithm), ok);
		put(e, "canonicalization", jstr(k->canonicalization), ok);
		put(e, "key_bits", k->key_bits ? json_integer(k->key_bits) :
			json_null(), ok);
		put(e, "weak", json_boolean(k->weak), ok);
		put(e, "header", json_integer(k->header), ok);
		append(arr, e, ok);
	}
	put(o, "dkim", arr, ok);
	d = json_object();
	if (d != NULL && au->dmarc.result != NULL) {
		put(d, "result", jstr(au->dmarc.result), ok);
		put(d, "reason", jstr(au->dmarc.reason), ok);
		put(d, "domain", jstr(au->dmarc.domain), ok);
		put(d, "policy", jstr(au->dmarc.policy), ok);
		put(d, "disposition", jstr(au->dmarc.disposition), ok);
		put(d, "record_domain", jstr(au->dmarc.record_domain), ok);
		put(d, "record", jstr(au->dmarc.record), ok);
		put(d, "alignment", jstr(au->dmarc.alignment), ok);
		put(d, "spf_aligned", json_boolean(au->dmarc.spf_aligned), ok);
		put(d, "dkim_aligned", json_boolean(au->dmarc.dkim_aligned), ok);
	}
	put(o, "dmarc", au->dmarc.result != NULL ? d :
		(json_decref(d), json_null()), ok);
	arc = json_object();
	if (arc != NULL && au->arc.result != NULL) {
		put(arc, "result", jstr(au->arc.result), ok);
		put(arc, "reason", jstr(au->arc.reason), ok);
		put(arc, "instances", json_integer(au->arc.instances), ok);
		put(arc, "sealers", str_array(au->arc.sealers,
			au->arc.sealer_count, ok), ok);
	}
	put(o, "arc", au->arc.result != NULL ? arc :
		(json_decref(arc), json_null()), ok);
	arr = json_array();
	for (size_t i = 0; arr != NULL && i < au->disagreement_count; i++) {
		const kensa_auth_disagreement *x = &au->disagreements[i];
		json_t *e = json_object();
		if (e == NULL) {
			*ok = false;
			break;
		}
		put(e, "method", jstr(x->method), ok);
		put(e, "claimed", jstr(x->claimed), ok);
		put(e, "ours", jstr(x->ours), ok);
		put(e, "header", json_integer(x->header), ok);
		put(e, "authserv_id", jstr(x->authserv_id), ok);
		append(arr, e, ok);
	}
	put(o, "disagreements", arr, ok);
	return o;
}

static json_t *
intel(const kensa_analysis *a, bool *ok)
{
	const kensa_ip_intel *ip;
	const kensa_domain_intel *dm;
	size_t nip = kensa_analysis_ips(a, &ip);
	size_t ndm = kensa_analysis_domains(a, &dm);
	json_t *o = json_object(), *arr;

	if (o == NULL)
		return NULL;
	put(o, "mode", jstr(kensa_analysis_lookup_mode(a)), ok);
	arr = json_array();
	for (size_t i = 0; arr != NULL && i < nip; i++) {
		json_t *e = json_object();
		if (e == NULL) {
			*ok = false;
			break;
		}
		put(e, "ip", jstr(ip[i].ip), ok);
		put(e, "ptr", jstr(ip[i].ptr), ok);
		put(e, "ptr_status", jstr(ip[i].ptr_status), ok);
		put(e, "fcrdns", jstr(ip[i].fcrdns), ok);
		put(e, "country", jstr(ip[i].country), ok);
		put(e, "country_name", jstr(ip[i].country_name), ok);
		put(e, "city", jstr(ip[i].city), ok);
		put(e, "asn", ip[i].asn ? json_integer(ip[i].asn) : json_null(), ok);
		put(e, "as_org", jstr(ip[i].as_org), ok);
		put(e, "geo_source", jstr(ip[i].geo_source), ok);
		put(e, "geo_attribution", jstr(ip[i].geo_attribution), ok);
		put(e, "geo_reason", jstr(ip[i].geo_reason), ok);
		append(arr, e, ok);
	}
	put(o, "ips", arr, ok);
	arr = json_array();
	for (size_t i = 0; arr != NULL && i < ndm; i++) {
		json_t *e = json_object();
		if (e == NULL) {
			*ok = false;
			break;
		}
		put(e, "domain", jstr(dm[i].domain), ok);
		put(e, "role", jstr(dm[i].role), ok);
		put(e, "addresses", str_array(dm[i].addresses,
			dm[i].address_count, ok), ok);
		put(e, "has_origin", json_boolean(dm[i].has_origin), ok);
		put(e, "status", jstr(dm[i].status), ok);
		put(e, "reason", jstr(dm[i].reason), ok);
		put(e, "registrar", jstr(dm[i].registrar), ok);
		put(e, "registrant_org", jstr(dm[i].registrant_org), ok);
		put(e, "registrant_country", jstr(dm[i].registrant_country), ok);
		put(e, "registrant_org_alt", jstr(dm[i].registrant_org_alt), ok);
		put(e, "registrant_state", jstr(dm[i].registrant_state), ok);
		put(e, "created", jtime(dm[i].has_created, dm[i].created), ok);
		put(e, "age_days", jint(dm[i].age_days >= 0, dm[i].age_days), ok);
		put(e, "source", jstr(dm[i].source), ok);
		append(arr, e, ok);
	}
	put(o, "domains", arr, ok);
	return o;
}

static json_t *
lookups(const kensa_analysis *a, bool *ok)
{
	const kensa_lookup *l;
	size_t n = kensa_analysis_lookups(a, &l);
	json_t *arr = json_array();

	for (size_t i = 0; arr != NULL && i < n; i++) {
		json_t *e = json_object();
		if (e == NULL) {
			*ok = false;
			break;
		}
		put(e, "kind", jstr(l[i].kind), ok);
		put(e, "query", jstr(l[i].query), ok);
		put(e, "server", jstr(l[i].server), ok);
		put(e, "status", jstr(l[i].status), ok);
		put(e, "answer", jstr(l[i].answer), ok);
		put(e, "time", jtime(true, l[i].time), ok);
		put(e, "duration_ms", json_real(l[i].duration_ms), ok);
		put(e, "cached", json_boolean(l[i].cached), ok);
		append(arr, e, ok);
	}
	return arr;
}

/* The verdict (src/verdict/score.c): label, score, the weights of its
 * signals, the reasons heaviest first, each pointing at its finding (index
 * and JSON pointer) and quoting that finding's evidence, and the summary. */
static json_t *
verdict(const kensa_analysis *a, kensa_lang lang, bool *ok)
{
	const kensa_verdict *v = kensa_analysis_verdict(a);
	json_t *o = json_object(), *arr = json_array();
	char ptr[48];

	if (o == NULL || arr == NULL || v == NULL) {
		json_decref(o);
		json_decref(arr);
		return NULL;
	}
	put(o, "label", json_string(kensa_verdict_label_name(v->label)), ok);
	put(o, "score", json_integer(v->score), ok);
	put(o, "deception", json_integer(v->deception), ok);
	put(o, "lure", json_integer(v->lure), ok);
	put(o, "bulk", json_integer(v->bulk), ok);
	for (size_t i = 0; i < v->reason_count; i++) {
		const kensa_verdict_reason *r = &v->reasons[i];
		json_t *e = json_object(), *jev = json_object();

		if (e == NULL || jev == NULL) {
			json_decref(e);
			json_decref(jev);
			*ok = false;
			break;
		}
		put(e, "id", jstr(r->id), ok);
		put(e, "weight", json_integer(r->weight), ok);
		put(e, "category", jstr(r->category), ok);
		put(e, "title", jstr(r->title[lang]), ok);
		put(e, "finding", json_integer((json_int_t)r->finding), ok);
		snprintf(ptr, sizeof(ptr), "/findings/%zu/evidence", r->finding);
		put(jev, "ref", json_string(ptr), ok);
		put(jev, "header", jstr(r->evidence ? r->evidence->header : NULL), ok);
		put(jev, "part", r->evidence && r->evidence->part >= 0 ?
			json_integer(r->evidence->part) : json_null(), ok);
		put(jev, "text", jstr(r->evidence ? r->evidence->text : NULL), ok);
		put(e, "evidence", jev, ok);
		append(arr, e, ok);
	}
	put(o, "reasons", arr, ok);
	put(o, "summary", jstr(v->summary[lang]), ok);
	return o;
}

/* .content: the links and the attachment inventory of the content stage. */
static json_t *
content(const kensa_analysis *a, bool *ok)
{
	const kensa_link *lk;
	const kensa_attachment *at;
	size_t nl = kensa_analysis_links(a, &lk);
	size_t na = kensa_analysis_attachments(a, &at);
	json_t *o = json_object(), *arr = json_array();

	if (o == NULL || arr == NULL) {
		json_decref(o);
		json_decref(arr);
		*ok = false;
		return NULL;
	}
	for (size_t i = 0; i < nl; i++) {
		json_t *e = json_object();
		if (e == NULL) {
			*ok = false;
			break;
		}
		put(e, "part", json_integer(lk[i].part), ok);
		put(e, "offset", json_integer((json_int_t)lk[i].offset), ok);
		put(e, "length", json_integer((json_int_t)lk[i].length), ok);
		put(e, "source", jstr(lk[i].source), ok);
		put(e, "url", jstr(lk[i].url), ok);
		put(e, "text", jstr(lk[i].text), ok);
		put(e, "host", jstr(lk[i].host), ok);
		put(e, "host_unicode", jstr(lk[i].host_unicode), ok);
		put(e, "domain", jstr(lk[i].domain), ok);
		put(e, "ip_literal", json_boolean(lk[i].ip_literal), ok);
		put(e, "hidden", json_boolean(lk[i].hidden), ok);
		put(e, "tracking_pixel", json_boolean(lk[i].tracking_pixel), ok);
		put(e, "via", lk[i].via >= 0 ? json_integer(lk[i].via) :
			json_null(), ok);
		append(arr, e, ok);
	}
	put(o, "links", arr, ok);
	arr = json_array();
	for (size_t i = 0; arr != NULL && i < na; i++) {
		json_t *e = json_object();
		if (e == NULL) {
			*ok = false;
			break;
		}
		put(e, "part", json_integer(at[i].part), ok);
		put(e, "filename", jstr(at[i].filename), ok);
		put(e, "declared_type", jstr(at[i].declared_type), ok);
		put(e, "sniffed_type", jstr(at[i].sniffed_type), ok);
		put(e, "size_bytes", json_integer((json_int_t)at[i].size_bytes), ok);
		put(e, "sha256", jstr(at[i].sha256[0] ? at[i].sha256 : NULL), ok);
		put(e, "executable", json_boolean(
			at[i].flags & KENSA_ATTACH_EXECUTABLE), ok);
		put(e, "encrypted_archive", json_boolean(
			at[i].flags & KENSA_ATTACH_ENCRYPTED_ARCHIVE), ok);
		put(e, "macros", json_boolean(at[i].flags & KENSA_ATTACH_MACROS),
			ok);
		put(e, "forwarded_message", json_boolean(
			at[i].flags & KENSA_ATTACH_FORWARDED), ok);
		put(e, "members", str_array(at[i].members, at[i].member_count,
			ok), ok);
		append(arr, e, ok);
	}
	if (arr == NULL)
		*ok = false;
	put(o, "attachments", arr, ok);
	return o;
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
	json_t *root = json_object(), *input, *recipient;
	bool ok = root != NULL;
	char *text;

	if (!ok)
		return KENSA_ENOMEM;
	put(root, "schema_version", json_integer(KN_JSON_SCHEMA_VERSION), &ok);
	put(root, "kensa_version", json_string(kensa_version()), &ok);
	input = json_object();
	if (input != NULL) {
		put(input, "source", jstr(opts->source), &ok);
		put(input, "size_bytes",
			json_integer((json_int_t)kensa_analysis_size(a)), &ok);
		put(input, "sha256", jstr(kensa_analysis_sha256(a)), &ok);
	}
	put(root, "input", input, &ok);
	put(root, "report_language", json_string(
		opts->lang == KENSA_LANG_JA ? "ja" : "en"), &ok);
	put(root, "message", message(kensa_analysis_message(a), &ok), &ok);
	recipient = json_object();
	if (recipient != NULL) {
		put(recipient, "address", jstr(rcpt), &ok);
		put(recipient, "domain", jstr(rdom), &ok);
	}
	put(root, "recipient", recipient, &ok);
	put(root, "trace", trace(kensa_analysis_trace(a), opts->lang, &ok), &ok);
	put(root, "auth", auth(kensa_analysis_auth(a), &ok), &ok);
	put(root, "content", content(a, &ok), &ok);
	put(root, "intel", intel(a, &ok), &ok);
	put(root, "lookups", lookups(a, &ok), &ok);
	put(root, "summary", summary(fs, nf, nd, &ok), &ok);
	put(root, "verdict", verdict(a, opts->lang, &ok), &ok);
	put(root, "findings", findings(fs, nf, opts->lang, &ok), &ok);
	put(root, "defects", findings(ds, nd, opts->lang, &ok), &ok);
	if (!ok) {
		json_decref(root);
		return KENSA_ENOMEM;
	}
	text = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	if (text == NULL)
		return KENSA_ENOMEM;
	kn_buf_adds(out, text);
	kn_buf_addc(out, '\n');
	free(text);
	return 0;
}

const kn_renderer kn_renderer_json = { "json", render_json };
