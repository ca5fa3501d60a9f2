/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	rdap 3
 * SUMMARY
 *	RDAP domain lookups over libcurl; bootstrap; RFC 9083 reading
 * SYNOPSIS
 *	#include "intel/rdap.h"
 * DESCRIPTION
 *	Bootstrap (RFC 9224 section 4): "services" is an array of
 *	[[tld...], [url...]]; the entry whose TLD matches the most labels
 *	at the end of the domain wins; the first https URL of it is used
 *	(a base URL without a final '/' gets one, section 3).
 *
 *	Query (RFC 9082 section 3.1.3): GET <base>domain/<name> with
 *	"Accept: application/rdap+json". libcurl does the HTTP with a
 *	total timeout, a connect timeout, no signals, redirects followed
 *	up to KN_RDAP_MAX_REDIRECTS (HTTPS only, or loopback HTTP), and a
 *	write callback that stops past the byte cap.
 *
 *	Answer (RFC 9083 section 5.3): "ldhName" (or "unicodeName"),
 *	"events" (eventAction registration / last changed / expiration,
 *	section 10.2.3), "status", "nameservers"[].ldhName, and "entities"
 *	whose "roles" hold "registrar" or "registrant" (section 10.2.4),
 *	read from their jCard (RFC 7095) "vcardArray": fn, org (text or
 *	structured), adr (structured value: region at index 4, country
 *	name at 6; or the "cc" parameter, RFC 8605). Nested entities are
 *	read to KN_RDAP_ENTITY_DEPTH levels.
 * LIMITS
 *	See rdap.h.
 * ERRORS
 *	KENSA_EINVAL, KENSA_ENOMEM; bootstrap: ENOTFOUND, EFORMAT, ETOOBIG.
 *	HTTP and network failures are statuses in the log.
 *--*/
#include "intel/rdap.h"

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kensa/errors.h>

#include "util/buf.h"
#include "util/str.h"

#ifndef KENSA_DATADIR
#define KENSA_DATADIR "/usr/local/share/kensa"
#endif

/* Longest bootstrap path built from $KENSA_DATA_DIR. */
#define KN_RDAP_PATH_MAX 4096

static bool
readable(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return false;
	fclose(f);
	return true;
}

/* The bootstrap file: $KENSA_DATA_DIR/rdap/dns.json when the variable is
 * set, else the installed one, else (a build tree never installed) the
 * source tree's data/rdap/dns.json. */
static const char *installed_or_source = KENSA_DATADIR "/rdap/dns.json";
static pthread_once_t installed_or_source_once = PTHREAD_ONCE_INIT;

/* Which of the installed and the source-tree file to use: probed once per
 * process, not for every message (kn_rdap_client_init runs per analysis). */
static void
choose_installed_or_source(void)
{
#ifdef KENSA_SOURCE_DATADIR
	if (!readable(KENSA_DATADIR "/rdap/dns.json") &&
	    readable(KENSA_SOURCE_DATADIR "/rdap/dns.json"))
		installed_or_source = KENSA_SOURCE_DATADIR "/rdap/dns.json";
#else
	(void)readable;
#endif
}

static const char *
default_bootstrap(kn_arena *ar)
{
	const char *env = getenv("KENSA_DATA_DIR");

	if (env != NULL && env[0] != '\0' && strlen(env) < KN_RDAP_PATH_MAX)
		return kn_sprintf(ar, "%s/rdap/dns.json", env);
	pthread_once(&installed_or_source_once, choose_installed_or_source);
	return installed_or_source;
}

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int
kn_rdap_client_init(kn_rdap_client *c, kn_arena *ar)
{
	if (c == NULL || ar == NULL)
		return KENSA_EINVAL;
	memset(c, 0, sizeof(*c));
	c->ar = ar;
	c->bootstrap_path = default_bootstrap(ar);
	if (c->bootstrap_path == NULL)
		return KENSA_ENOMEM;
	c->timeout_ms = KN_RDAP_TIMEOUT_MS;
	c->answer_max = KN_RDAP_ANSWER_MAX;
	return 0;
}

const char *
kn_rdap_status_name(kn_rdap_status st)
{
	switch (st) {
	case KN_RDAP_OK: return "ok";
	case KN_RDAP_NOTFOUND: return "notfound";
	case KN_RDAP_HTTPERR: return "httperr";
	case KN_RDAP_BADJSON: return "badjson";
	case KN_RDAP_TOOBIG: return "toobig";
	case KN_RDAP_TIMEOUT: return "timeout";
	case KN_RDAP_NETERR: return "neterr";
	case KN_RDAP_REFUSED: return "refused";
	case KN_RDAP_OFFLINE: return "offline";
	case KN_RDAP_LIMIT: return "limit";
	}
	return "?";
}

static bool
is_https(const char *u)
{
	return kn_str_iprefix(u, strlen(u), "https://");
}

/* Plain HTTP is allowed only to loopback test servers. */
static bool
url_allowed(const char *u)
{
	static const char *const loop[] = { "http://127.0.0.1:", "http://127.0.0.1/",
		"http://localhost:", "http://localhost/", "http://[::1]:", "http://[::1]/" };
	if (is_https(u))
		return true;
	for (size_t i = 0; i < sizeof(loop) / sizeof(loop[0]); i++)
		if (kn_str_iprefix(u, strlen(u), loop[i]))
			return true;
	return false;
}

int
kn_rdap_bootstrap_load(kn_rdap_client *c)
{
	if (c == NULL)
		return KENSA_EINVAL;
	if (c->loaded)
		return c->load_error;
	c->loaded = true;
	FILE *f = fopen(c->bootstrap_path ? c->bootstrap_path : "", "rb");
	if (f == NULL)
		return c->load_error = KENSA_ENOTFOUND;
	kn_buf b;
	char chunk[8192];
	size_t n;
	kn_buf_init(&b, KN_RDAP_BOOTSTRAP_MAX);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.err == 0)
		kn_buf_add(&b, chunk, n);
	fclose(f);
	if (b.err) {
		int e = b.err;
		kn_buf_dispose(&b);
		return c->load_error = e;
	}
	json_error_t jerr;
	json_t *root = json_loadb(b.data ? b.data : "", b.len, 0, &jerr);
	kn_buf_dispose(&b);
	json_t *services = root ? json_object_get(root, "services") : NULL;
	if (!json_is_array(services)) {
		json_decref(root);
		return c->load_error = KENSA_EFORMAT;
	}
	const char *pub = json_string_value(json_object_get(root, "publication"));
	if (pub)
		c->publication = kn_strdup(c->ar, pub);
	size_t i;
	json_t *svc;
	json_array_foreach(services, i, svc) {
		json_t *tlds = json_array_get(svc, 0), *urls = json_array_get(svc, 1);
		if (!json_is_array(tlds) || !json_is_array(urls))
			continue;
		/* the first HTTPS URL (RFC 9224 section 3: prefer https) */
		const char *url = NULL;
		size_t k;
		json_t *u;
		json_array_foreach(urls, k, u) {
			const char *s = json_string_value(u);
			if (s != NULL && is_https(s)) {
				url = s;
				break;
			}
		}
		if (url == NULL)
			continue;
		size_t ul = strlen(url);
		const char *base = ul > 0 && url[ul - 1] == '/'
			? kn_strdup(c->ar, url) : kn_sprintf(c->ar, "%s/", url);
		json_t *t;
		json_array_foreach(tlds, k, t) {
			const char *s = json_string_value(t);
			if (s == NULL || *s == '\0')
				continue;
			kn_rdap_service *e = kn_vec_push(c->ar, &c->services, sizeof(*e));
			if (e == NULL)
				break;
			e->tld = kn_str_lower(c->ar, s);
			e->url = base;
		}
	}
	json_decref(root);
	return c->load_error = c->ar->oom ? KENSA_ENOMEM : 0;
}

const char *
kn_rdap_base_for(kn_rdap_client *c, const char *domain)
{
	if (c == NULL || domain == NULL)
		return NULL;
	if (c->base_url != NULL)
		return c->base_url;
	if (kn_rdap_bootstrap_load(c) != 0)
		return NULL;
	size_t dl = strlen(domain);
	if (dl > 0 && domain[dl - 1] == '.')
		dl--;
	const kn_rdap_service *best = NULL;
	size_t best_len = 0;
	const kn_rdap_service *sv = c->services.items;
	for (size_t i = 0; i < c->services.count; i++) {
		size_t tl = strlen(sv[i].tld);
		if (tl > dl || tl <= best_len)
			continue;
		/* label-aligned suffix, ASCII case-insensitive */
		const char *tail = domain + dl - tl;
		if (tl < dl && tail[-1] != '.')
			continue;
		if (kn_str_iprefix(tail, tl, sv[i].tld)) {
			best = &sv[i];
			best_len = tl;
		}
	}
	return best ? best->url : NULL;
}

/* ---- RFC 9083 reading ---- */

/* jCard property name in a vcardArray: [ "vcard", [ [name, params,
 * type, value...], ... ] ]; the first one named name. */
static json_t *
vcard_prop(json_t *entity, const char *name)
{
	json_t *va = json_object_get(entity, "vcardArray");
	json_t *props = json_array_get(va, 1);
	size_t i;
	json_t *p;
	if (!json_is_array(props))
		return NULL;
	json_array_foreach(props, i, p) {
		const char *n = json_string_value(json_array_get(p, 0));
		if (n != NULL && kn_str_ieq(n, name))
			return p;
	}
	return NULL;
}

/* Text value of a property: a string, or the first non-empty string of
 * a structured (array) value. */
static const char *
prop_text(kn_arena *ar, json_t *prop)
{
	json_t *v = json_array_get(prop, 3);
	const char *s = json_string_value(v);
	if (s == NULL && json_is_array(v)) {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e) {
			const char *t = json_string_value(e);
			if (t != NULL && *t != '\0') {
				s = t;
				break;
			}
		}
	}
	if (s == NULL)
		return NULL;
	kn_slice t = kn_slice_trim((kn_slice){ s, strlen(s) });
	return t.len ? kn_strndup(ar, t.p, t.len) : NULL;
}

static bool
has_role(json_t *entity, const char *role)
{
	json_t *roles = json_object_get(entity, "roles");
	size_t i;
	json_t *r;
	json_array_foreach(roles, i, r) {
		const char *s = json_string_value(r);
		if (s != NULL && kn_str_ieq(s, role))
			return true;
	}
	return false;
}

static const char *
adr_part(kn_arena *ar, json_t *adr, size_t idx)
{
	const char *s = json_string_value(json_array_get(json_array_get(adr, 3), idx));
	if (s == NULL)
		return NULL;
	kn_slice t = kn_slice_trim((kn_slice){ s, strlen(s) });
	return t.len ? kn_strndup(ar, t.p, t.len) : NULL;
}

static void
read_entities(kn_arena *ar, json_t *entities, kn_whois_record *rec,
	unsigned depth)
{
	size_t i;
	json_t *e;
	if (depth >= KN_RDAP_ENTITY_DEPTH || !json_is_array(entities))
		return;
	json_array_foreach(entities, i, e) {
		if (has_role(e, "registrar") && rec->registrar == NULL)
			rec->registrar = prop_text(ar, vcard_prop(e, "fn"));
		if (has_role(e, "registrant")) {
			if (rec->registrant_name == NULL)
				rec->registrant_name = prop_text(ar, vcard_prop(e, "fn"));
			if (rec->registrant_org == NULL)
				rec->registrant_org = prop_text(ar, vcard_prop(e, "org"));
			json_t *adr = vcard_prop(e, "adr");
			if (adr != NULL) {
				if (rec->registrant_state == NULL)
					rec->registrant_state = adr_part(ar, adr, 4);
				const char *cc = json_string_value(json_object_get(
					json_array_get(adr, 1), "cc"));
				if (rec->registrant_country == NULL && cc && *cc)
					rec->registrant_country = kn_strdup(ar, cc);
				if (rec->registrant_country == NULL)
					rec->registrant_country = adr_part(ar, adr, 6);
			}
		}
		read_entities(ar, json_object_get(e, "entities"), rec, depth + 1);
	}
}

static const char *
lower_dup(kn_arena *ar, const char *s)
{
	if (s == NULL || *s == '\0')
		return NULL;
	size_t n = strlen(s);
	if (s[n - 1] == '.')
		n--;
	char *d = kn_strndup(ar, s, n);
	for (char *p = d; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return d;
}

bool
kn_rdap_parse(kn_arena *ar, const char *json, size_t len, kn_whois_record *rec)
{
	if (rec == NULL)
		return false;
	kn_whois_record_init(rec);
	rec->format = KN_WHOIS_FMT_RDAP;
	if (ar == NULL || json == NULL)
		return false;
	json_error_t jerr;
	json_t *root = json_loadb(json, len, 0, &jerr);
	if (!json_is_object(root)) {
		json_decref(root);
		return false;
	}
	const char *cls = json_string_value(json_object_get(root, "objectClassName"));
	if (cls != NULL && strcmp(cls, "domain") != 0) {
		json_decref(root);
		return false;
	}
	const char *name = json_string_value(json_object_get(root, "ldhName"));
	if (name == NULL)
		name = json_string_value(json_object_get(root, "unicodeName"));
	rec->domain = lower_dup(ar, name);

	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(root, "events"), i, v) {
		const char *act = json_string_value(json_object_get(v, "eventAction"));
		const char *date = json_string_value(json_object_get(v, "eventDate"));
		if (act == NULL || date == NULL)
			continue;
		int64_t t = kn_whois_parse_time(date, strlen(date));
		if (kn_str_ieq(act, "registration") && rec->created == KN_WHOIS_NO_TIME)
			rec->created = t;
		else if (kn_str_ieq(act, "last changed") && rec->updated == KN_WHOIS_NO_TIME)
			rec->updated = t;
		else if (kn_str_ieq(act, "expiration") && rec->expires == KN_WHOIS_NO_TIME)
			rec->expires = t;
	}
	json_array_foreach(json_object_get(root, "status"), i, v) {
		const char *s = json_string_value(v);
		if (s != NULL && *s && rec->status_count < KN_WHOIS_MAX_STATUS)
			rec->status[rec->status_count++] = kn_strdup(ar, s);
	}
	json_array_foreach(json_object_get(root, "nameservers"), i, v) {
		const char *s = json_string_value(json_object_get(v, "ldhName"));
		if (s == NULL)
			s = json_string_value(json_object_get(v, "unicodeName"));
		const char *ns = lower_dup(ar, s);
		if (ns == NULL || rec->ns_count >= KN_WHOIS_MAX_NS)
			continue;
		bool dup = false;
		for (size_t k = 0; k < rec->ns_count && !dup; k++)
			dup = strcmp(rec->ns[k], ns) == 0;
		if (!dup)
			rec->ns[rec->ns_count++] = ns;
	}
	read_entities(ar, json_object_get(root, "entities"), rec, 0);
	json_decref(root);
	return rec->domain != NULL || rec->created != KN_WHOIS_NO_TIME;
}

/* ---- HTTP ---- */

typedef struct sink {
	kn_buf *b;
	size_t cap;
	bool over;
} sink;

static size_t
on_data(char *p, size_t size, size_t n, void *userdata)
{
	sink *s = userdata;
	size_t len = size * n;
	if (s->b->len + len > s->cap) {
		s->over = true;
		return 0; /* abort the transfer */
	}
	kn_buf_add(s->b, p, len);
	return s->b->err ? 0 : len;
}

/* One GET; fills ex. */
static void
http_get(kn_rdap_client *c, kn_rdap_exchange *ex)
{
	CURL *h = curl_easy_init();
	if (h == NULL) {
		ex->status = KN_RDAP_NETERR;
		return;
	}
	size_t cap = c->answer_max ? c->answer_max : KN_RDAP_ANSWER_MAX;
	kn_buf b;
	kn_buf_init(&b, cap + 1);
	sink s = { &b, cap, false };
	struct curl_slist *hdr = curl_slist_append(NULL,
		"Accept: application/rdap+json, application/json");
	long tmo = c->timeout_ms > 0 ? c->timeout_ms : KN_RDAP_TIMEOUT_MS;
	bool loopback = !is_https(ex->url);
	curl_easy_setopt(h, CURLOPT_URL, ex->url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "kensa/" KENSA_VERSION);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, tmo);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, tmo);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, (long)KN_RDAP_MAX_REDIRECTS);
	/* a loopback test server may redirect to itself over HTTP; a real
	 * registry only to HTTPS */
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, loopback ? "http" : "https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, loopback ? "http" : "https");
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)cap);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	double t0 = now_ms();
	CURLcode rc = curl_easy_perform(h);
	ex->ms = now_ms() - t0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &ex->http_status);
	if (rc == CURLE_OK) {
		ex->status = ex->http_status == 200 ? KN_RDAP_OK
			: ex->http_status == 404 ? KN_RDAP_NOTFOUND : KN_RDAP_HTTPERR;
	} else if (s.over || rc == CURLE_FILESIZE_EXCEEDED) {
		ex->status = KN_RDAP_TOOBIG;
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		ex->status = KN_RDAP_TIMEOUT;
	} else if (rc == CURLE_UNSUPPORTED_PROTOCOL) {
		ex->status = KN_RDAP_REFUSED;
	} else {
		ex->status = KN_RDAP_NETERR;
	}
	if (ex->status != KN_RDAP_TOOBIG && b.len > 0) {
		ex->answer = kn_strndup(c->ar, kn_buf_cstr(&b), b.len);
		ex->answer_len = ex->answer ? b.len : 0;
		if (ex->answer == NULL)
			ex->answer = "";
	}
	kn_buf_dispose(&b);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
}

int
kn_rdap_lookup(kn_rdap_client *c, const char *domain, kn_whois_record *out,
	bool *found)
{
	if (c == NULL || domain == NULL || out == NULL || found == NULL)
		return KENSA_EINVAL;
	*found = false;
	kn_whois_record_init(out);
	out->format = KN_WHOIS_FMT_RDAP;
	size_t dl = strlen(domain);
	if (dl == 0 || dl > 253)
		return KENSA_EINVAL;
	/* the name goes into a URL path: LDH and dots only (A-labels) */
	for (size_t i = 0; i < dl; i++) {
		char ch = domain[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
		    || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.'))
			return KENSA_EINVAL;
	}
	const char *name = lower_dup(c->ar, domain);
	const char *base = kn_rdap_base_for(c, name);
	if (name == NULL)
		return KENSA_ENOMEM;
	if (base == NULL)
		return 0; /* no RDAP service for this TLD: nothing logged */
	kn_rdap_exchange *ex = kn_vec_push(c->ar, &c->log, sizeof(*ex));
	if (ex == NULL)
		return KENSA_ENOMEM;
	ex->domain = name;
	ex->answer = "";
	ex->at = (int64_t)time(NULL);
	size_t bl = strlen(base);
	ex->url = kn_sprintf(c->ar, "%s%sdomain/%s", base,
		bl > 0 && base[bl - 1] == '/' ? "" : "/", name);
	if (ex->url == NULL)
		return KENSA_ENOMEM;
	if (c->offline) {
		ex->status = KN_RDAP_OFFLINE;
		return 0;
	}
	if (!url_allowed(ex->url)) {
		ex->status = KN_RDAP_REFUSED;
		return 0;
	}
	if (c->requests >= KN_RDAP_MAX_REQUESTS) {
		ex->status = KN_RDAP_LIMIT;
		return 0;
	}
	c->requests++;
	http_get(c, ex);
	if (ex->status != KN_RDAP_OK)
		return c->ar->oom ? KENSA_ENOMEM : 0;
	*found = kn_rdap_parse(c->ar, ex->answer, ex->answer_len, out);
	if (!*found)
		ex->status = KN_RDAP_BADJSON;
	out->source = ex->url;
	return c->ar->oom ? KENSA_ENOMEM : 0;
}

int
kn_regdata_lookup(kn_rdap_client *rc, kn_whois_client *wc, const char *domain,
	kn_whois_record *out, bool *found)
{
	if (domain == NULL || out == NULL || found == NULL)
		return KENSA_EINVAL;
	*found = false;
	kn_whois_record_init(out);
	int r;
	if (rc != NULL && kn_rdap_base_for(rc, domain) != NULL) {
		if ((r = kn_rdap_lookup(rc, domain, out, found)) != 0)
			return r;
		if (*found)
			return 0;
	}
	if (wc != NULL)
		return kn_whois_lookup(wc, domain, out, found);
	return 0;
}
