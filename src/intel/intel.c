/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	intel 3
 * SUMMARY
 *	the intelligence stage: reverse DNS, registration data, geolocation,
 *	and the lookups of one analysis
 * SYNOPSIS
 *	#include "intel/intel.h"
 * DESCRIPTION
 *	kn_lookup_open() builds the lookup context of one analysis from its
 *	options (intel/intel.h); kn_lookup_close() turns the DNS resolver's
 *	log, the RDAP and WHOIS exchanges and the geolocation answers into
 *	the public lookup list (kensa_lookup: kind, query, server, answer,
 *	the time it ran and how long it took), writes the evidence
 *	directory when asked (docs/evidence-format.md: zones/ through
 *	intel/evidence.h, whois/<domain>.txt or .registry.txt +
 *	.registrar.txt, rdap/<domain>.json, geo/<ip>.json), and frees the
 *	backends.
 *
 *	kn_intel_analyze() runs after the auth stage (which filled the
 *	addresses of the From and envelope domains) and the content stage
 *	(which found the links):
 *	- the originating IP: PTR (RFC 1035 3.5, RFC 3596 2.5) and
 *	  forward-confirmed reverse DNS (a PTR name whose A/AAAA holds the
 *	  IP); geolocation and AS from the installed database (intel/geo.h),
 *	  with the database's name, date and attribution;
 *	- registration data of the From domain, the envelope domain and
 *	  the link domains (registrable domains, at most
 *	  KN_INTEL_MAX_LINK_DOMAINS) through kn_regdata_lookup(): RDAP
 *	  (RFC 9082/9083) when the TLD is in the bootstrap file or
 *	  --rdap-server is given, WHOIS (RFC 3912) otherwise or when RDAP
 *	  gives nothing (with --whois-server and no --rdap-server, WHOIS
 *	  only: the test servers are in charge); with --replay, from
 *	  DIR/rdap/<domain>.json, else DIR/whois/; domain age at the
 *	  message's Date;
 *	- with --replay, geolocation from DIR/geo/<ip>.json when the
 *	  evidence holds it (the database's answer at the time it was
 *	  saved), else from the installed database;
 *	- findings: ptr-missing, fcrdns-fail, domain-young, registrant-far
 *	  and spoofed-sender-victim (an old, real-looking domain that failed
 *	  authentication from an address unrelated to it).
 *	Offline, nothing is sent: the facts that need a lookup read
 *	"not_evaluated" with the reason.
 * LIMITS
 *	KN_INTEL_* in intel/intel.h; the resolver's own caps (intel/dns.h)
 *	and KN_WHOIS_MAX_EXCHANGES bound the work of one message.
 * ERRORS
 *	KENSA_EINVAL (unusable dns_server, whois_server, rdap_server or
 *	replay_dir at open), KENSA_ENOMEM. Network failures are facts, not
 *	errors.
 *--*/
#include "intel/intel.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "content/links.h"
#include "intel/dns_net.h"
#include "intel/dns_zone.h"
#include "intel/evidence.h"
#include "intel/geo.h"
#include "intel/rdap.h"
#include "intel/whois.h"
#include "util/date.h"
#include "util/domain.h"
#include "util/str.h"
#include "verdict/rules.h"

/* Bytes of a WHOIS answer shown in the lookup log. */
#define KN_INTEL_ANSWER_COLS 160
/* Bytes read from one replayed WHOIS file. */
#define KN_INTEL_WHOIS_FILE_MAX KN_WHOIS_ANSWER_MAX
/* Length of a "HOST:PORT" item of --whois-server. */
#define KN_INTEL_HOSTPORT_MAX 300
/* Length of the --rdap-server base URL. */
#define KN_INTEL_URL_MAX 2048
/* Bytes read from one replayed geolocation file (a few hundred used). */
#define KN_INTEL_GEO_FILE_MAX (64u * 1024u)

/* ---- rules ------------------------------------------------------------ */

/* ---- the lookup context ----------------------------------------------- */

static const char *upper_ascii(kn_arena *ar, const char *s);

typedef struct stamp {
	const char *qname;
	kn_dns_type type;
	double t;
} stamp;

/* A backend in front of the real one that notes when each question was
 * sent (the resolver log has durations, not times). */
typedef struct timing {
	kn_dns_backend be;
	kn_dns_backend *inner;
	kn_arena *ar;
	kn_vec stamps;  /* stamp */
} timing;

/* A lookup that is not DNS (WHOIS, geolocation), with its start time. */
typedef struct xlookup {
	kensa_lookup l;
	double t;
} xlookup;

/* RDAP and WHOIS answers of one domain, for --save-evidence. */
typedef struct whois_saved {
	const char *domain;
	size_t first, last;   /* range of whois.log */
	size_t rfirst, rlast; /* range of rdap.log */
	bool rdap_found;      /* the RDAP answer was a domain object */
} whois_saved;

/* One geolocation answer, for --save-evidence. */
typedef struct geo_saved {
	const char *ip;
	bool found;
	kn_geo_result g;
	const char *city_db, *city_build, *asn_db, *attribution;
	int64_t at;
} geo_saved;

/* One WHOIS or RDAP file read by --replay, kept byte for byte for a
 * --save-evidence of that replay: sub is "whois" or "rdap". */
typedef struct replay_copy {
	const char *sub, *name;
	const char *data;
	size_t len;
} replay_copy;

struct kn_lookup {
	kn_resolver res;
	timing tm;
	kn_dns_backend offline_be;
	bool offline, replay;
	const char *offline_reason;
	kn_dns_net *net;
	kn_dns_zone *zone;
	kn_evidence *ev;
	kn_whois_client whois;
	kn_rdap_client rdap;
	bool rdap_on;    /* RDAP may be asked (see the manual above) */
	kn_vec saved;   /* whois_saved */
	kn_geo *geo;
	const char *geo_reason;
	kn_vec geo_saved; /* geo_saved */
	kn_vec replayed; /* replay_copy: --replay files read, to save */
	kn_vec extra;   /* xlookup */
	bool whois_down; /* a lookup reached no server: skip the rest */
	bool rdap_down;  /* likewise for RDAP */
};

static double
wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
timing_query(kn_dns_backend *be, kn_arena *ar, const char *qname,
	kn_dns_type type, kn_dns_answer *out)
{
	timing *t = (timing *)be;
	stamp *s = kn_vec_push(t->ar, &t->stamps, sizeof(*s));
	int rc;

	if (s == NULL)
		return KENSA_ENOMEM;
	s->qname = kn_strdup(t->ar, qname);
	s->type = type;
	s->t = wall_now();
	rc = t->inner->query(t->inner, ar, qname, type, out);
	be->name = t->inner->name;
	return rc;
}

static int
offline_query(kn_dns_backend *be, kn_arena *ar, const char *qname,
	kn_dns_type type, kn_dns_answer *out)
{
	(void)be;
	(void)ar;
	(void)qname;
	(void)type;
	out->status = KN_DNS_TIMEOUT;
	out->count = 0;
	out->rrs = NULL;
	return 0;
}

kn_resolver *
kn_lookup_resolver(kensa_analysis *a)
{
	return a->lookup != NULL ? &a->lookup->res : NULL;
}

bool
kn_lookup_is_offline(const kensa_analysis *a)
{
	return a->lookup == NULL || a->lookup->offline;
}

/* Split "HOST:PORT" or "[V6]:PORT" (len bytes) into host and port. */
static bool
parse_hostport(kn_arena *ar, const char *s, size_t len, const char **host,
	unsigned *port)
{
	const char *colon = NULL;
	unsigned long v = 0;

	if (len == 0 || len > KN_INTEL_HOSTPORT_MAX)
		return false;
	for (size_t i = len; i > 0; i--)
		if (s[i - 1] == ':') {
			colon = s + i - 1;
			break;
		}
	if (colon == NULL || colon == s || colon + 1 == s + len)
		return false;
	for (const char *p = colon + 1; p < s + len; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > 65535)
			return false;
	}
	if (v == 0)
		return false;
	if (s[0] == '[' && colon[-1] == ']')
		*host = kn_strndup(ar, s + 1, (size_t)(colon - s) - 2);
	else
		*host = kn_strndup(ar, s, (size_t)(colon - s));
	*port = (unsigned)v;
	return *host != NULL && (*host)[0] != '\0';
}

/* --whois-server "HOST:PORT[,NAME=ADDR:PORT...]". */
static int
whois_configure(kn_lookup *lk, kn_arena *ar, const char *spec)
{
	const char *p = spec;
	bool first = true;

	while (*p != '\0') {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *eq = memchr(p, '=', n);
		const char *host;
		unsigned port;

		if (eq != NULL) {
			const char *name = kn_strndup(ar, p, (size_t)(eq - p));
			if (name == NULL || !parse_hostport(ar, eq + 1,
				n - (size_t)(eq - p) - 1, &host, &port))
				return KENSA_EINVAL;
			if (kn_whois_client_map(&lk->whois, name, host, port) < 0)
				return KENSA_EINVAL;
		} else if (first) {
			if (!parse_hostport(ar, p, n, &host, &port))
				return KENSA_EINVAL;
			lk->whois.server = host;
			lk->whois.port = port;
			lk->whois.server_is_iana = true;
			first = false;
		} else {
			return KENSA_EINVAL;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* --rdap-server: an absolute http(s) URL with a host. */
static bool
rdap_url_ok(const char *u)
{
	size_t n = strlen(u), skip;

	if (n > KN_INTEL_URL_MAX)
		return false;
	if (kn_str_iprefix(u, n, "https://"))
		skip = 8;
	else if (kn_str_iprefix(u, n, "http://"))
		skip = 7;
	else
		return false;
	if (n == skip || u[skip] == '/')
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)u[i] <= ' ' || u[i] == 0x7f)
			return false;
	return true;
}

static void
lookup_free(kn_lookup *lk)
{
	kn_evidence_free(lk->ev);
	kn_dns_net_free(lk->net);
	kn_dns_zone_free(lk->zone);
	if (lk->geo != NULL)
		kn_geo_close(lk->geo);
	free(lk);
}

int
kn_lookup_open(kensa_analysis *a)
{
	const kensa_options *o = &a->opts;
	kn_lookup *lk = calloc(1, sizeof(*lk));
	kn_dns_backend *inner;
	char err[256] = "";
	int rc;

	if (lk == NULL)
		return KENSA_ENOMEM;
	lk->offline_be.name = "offline (not sent)";
	lk->offline_be.query = offline_query;
	inner = &lk->offline_be;
	if (o->replay_dir != NULL) {
		rc = kn_dns_zone_load(&lk->zone, o->replay_dir, err, sizeof(err));
		if (rc < 0) {
			lookup_free(lk);
			return rc == KENSA_ENOMEM ? rc : KENSA_EINVAL;
		}
		inner = kn_dns_zone_backend(lk->zone);
		lk->replay = true;
		a->lookup_mode = kn_sprintf(&a->ar, "replay %s", o->replay_dir);
	} else if (o->lookups == KENSA_LOOKUPS_NETWORK) {
		kn_dns_net_options no = KN_DNS_NET_OPTIONS_INIT;

		no.servers = o->dns_server;
		if (o->dns_timeout_ms > 0)
			no.timeout_ms = o->dns_timeout_ms;
		no.budget_ms = KN_INTEL_DNS_BUDGET_MS;
		rc = kn_dns_net_new(&lk->net, &no);
		if (rc == KENSA_ENOMEM || rc == KENSA_EINVAL ||
		    rc == KENSA_EVERSION) {
			lookup_free(lk);
			return rc == KENSA_ENOMEM ? rc : KENSA_EINVAL;
		}
		if (rc < 0) {
			/* No usable resolver configuration: say so, send nothing. */
			lk->net = NULL;
			lk->offline = true;
			lk->offline_reason = "the DNS client could not start "
				"(no usable resolver configuration)";
			a->lookup_mode = "network (DNS unavailable)";
		} else {
			inner = kn_dns_net_backend(lk->net);
			a->lookup_mode = kn_sprintf(&a->ar, "network %s",
				o->dns_server ? o->dns_server : "system resolver");
		}
	} else {
		lk->offline = true;
		lk->offline_reason = "offline";
		a->lookup_mode = "offline";
	}
	if (o->save_evidence_dir != NULL && !lk->offline) {
		lk->ev = kn_evidence_new(inner);
		if (lk->ev == NULL) {
			lookup_free(lk);
			return KENSA_ENOMEM;
		}
		inner = kn_evidence_backend(lk->ev);
	}
	lk->tm.be.name = inner->name;
	lk->tm.be.query = timing_query;
	lk->tm.inner = inner;
	lk->tm.ar = &a->ar;
	if ((rc = kn_dns_init(&lk->res, &a->ar, &lk->tm.be)) < 0 ||
	    (rc = kn_whois_client_init(&lk->whois, &a->ar)) < 0) {
		lookup_free(lk);
		return rc;
	}
	lk->whois.offline = lk->offline || lk->replay;
	if (o->dns_timeout_ms > 0 && o->dns_timeout_ms < KN_WHOIS_TIMEOUT_MS)
		lk->whois.timeout_ms = (int)(o->dns_timeout_ms * 2);
	if (o->whois_server != NULL &&
	    whois_configure(lk, &a->ar, o->whois_server) < 0) {
		lookup_free(lk);
		return KENSA_EINVAL;
	}
	if ((rc = kn_rdap_client_init(&lk->rdap, &a->ar)) < 0) {
		lookup_free(lk);
		return rc;
	}
	lk->rdap.offline = lk->whois.offline;
	lk->rdap.timeout_ms = lk->whois.timeout_ms;
	lk->rdap_on = o->rdap_server != NULL || o->whois_server == NULL;
	if (o->rdap_server != NULL) {
		if (!rdap_url_ok(o->rdap_server)) {
			lookup_free(lk);
			return KENSA_EINVAL;
		}
		lk->rdap.base_url = o->rdap_server;
	}
	if (o->geoip_db != NULL && o->geoip_db[0] == '\0') {
		lk->geo_reason = "geolocation disabled";
	} else {
		rc = kn_geo_open(&lk->geo, o->geoip_db);
		if (rc == KENSA_ENOMEM) {
			lookup_free(lk);
			return rc;
		}
		if (rc < 0) {
			lk->geo = NULL;
			lk->geo_reason = rc == KENSA_EFORMAT ?
				"the geolocation database is not valid" :
				"no geolocation database installed "
				"(scripts/install-geoip, or --geoip-db PATH)";
		}
	}
	a->lookup = lk;
	return 0;
}

/* ---- closing: lookup list and evidence -------------------------------- */

static int
cmp_xlookup(const void *x, const void *y)
{
	const xlookup *p = x, *q = y;

	if (p->t != q->t)
		return p->t < q->t ? -1 : 1;
	/* stable: earlier in the array first (duration_ms holds no order) */
	return p < q ? -1 : p > q;
}

static char *
path_join(kn_arena *ar, const char *dir, const char *sub, const char *name,
	const char *ext)
{
	return kn_sprintf(ar, "%s/%s/%s%s", dir, sub, name, ext);
}

static bool
write_file(const char *path, const char *text, size_t len)
{
	FILE *fp = fopen(path, "wb");
	bool ok;

	if (fp == NULL)
		return false;
	ok = fwrite(text, 1, len, fp) == len;
	if (fclose(fp) != 0)
		ok = false;
	return ok;
}

/* Write the WHOIS answers as DIR/whois/<domain>[.registry|.registrar].txt. */
static const char *
save_whois(kensa_analysis *a, kn_lookup *lk, const char *dir)
{
	const kn_whois_exchange *log = lk->whois.log.items;
	const whois_saved *sv = lk->saved.items;
	char *sub;

	if (lk->saved.count == 0)
		return NULL;
	sub = kn_sprintf(&a->ar, "%s/whois", dir);
	if (sub == NULL)
		return NULL;
	if ((mkdir(dir, 0755) != 0 && errno != EEXIST) ||
	    (mkdir(sub, 0755) != 0 && errno != EEXIST))
		return kn_sprintf(&a->ar, "cannot create %s: %s", sub,
			strerror(errno));
	for (size_t i = 0; i < lk->saved.count; i++) {
		const kn_whois_exchange *reg = NULL, *rar = NULL;

		for (size_t j = sv[i].first; j < sv[i].last; j++) {
			if (log[j].status != KN_WHOIS_OK &&
			    log[j].status != KN_WHOIS_TRUNCATED)
				continue;
			if (log[j].role && strcmp(log[j].role, "registrar") == 0)
				rar = &log[j];
			else if (!log[j].role || strcmp(log[j].role, "iana") != 0)
				reg = &log[j];
		}
		if (reg == NULL)
			continue;
		if (rar == NULL) {
			char *p = path_join(&a->ar, dir, "whois", sv[i].domain, ".txt");
			if (p == NULL || !write_file(p, reg->answer, reg->answer_len))
				return kn_sprintf(&a->ar, "cannot write %s", p ? p : "");
		} else {
			char *p = path_join(&a->ar, dir, "whois", sv[i].domain,
				".registry.txt");
			char *q = path_join(&a->ar, dir, "whois", sv[i].domain,
				".registrar.txt");
			if (p == NULL || q == NULL ||
			    !write_file(p, reg->answer, reg->answer_len) ||
			    !write_file(q, rar->answer, rar->answer_len))
				return kn_sprintf(&a->ar, "cannot write %s", p ? p : "");
		}
	}
	return NULL;
}

/* A name safe as a file name of the evidence directory: a domain
 * (LDH, dots) or an address (hex digits, dots, colons), no leading dot. */
static bool
safe_file_name(const char *s)
{
	size_t n = 0;

	if (s == NULL || s[0] == '\0' || s[0] == '.')
		return false;
	for (const char *p = s; *p != '\0'; p++, n++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		      c == ':' || c == '_') || n >= KN_INTEL_HOSTPORT_MAX)
			return false;
	}
	return true;
}

static const char *
make_subdir(kensa_analysis *a, const char *dir, const char *name)
{
	char *sub = kn_sprintf(&a->ar, "%s/%s", dir, name);

	if (sub == NULL)
		return NULL;
	if ((mkdir(dir, 0755) != 0 && errno != EEXIST) ||
	    (mkdir(sub, 0755) != 0 && errno != EEXIST))
		return NULL;
	return sub;
}

/* Write each domain's RDAP answer (a domain object) as
 * DIR/rdap/<domain>.json, byte for byte as the server sent it. */
static const char *
save_rdap(kensa_analysis *a, kn_lookup *lk, const char *dir)
{
	const kn_rdap_exchange *log = lk->rdap.log.items;
	const whois_saved *sv = lk->saved.items;
	bool made = false;

	for (size_t i = 0; i < lk->saved.count; i++) {
		const kn_rdap_exchange *ok = NULL;
		char *p;

		if (!sv[i].rdap_found || !safe_file_name(sv[i].domain))
			continue;
		for (size_t j = sv[i].rfirst; j < sv[i].rlast; j++)
			if (log[j].status == KN_RDAP_OK && log[j].answer_len > 0)
				ok = &log[j];
		if (ok == NULL)
			continue;
		if (!made && make_subdir(a, dir, "rdap") == NULL)
			return kn_sprintf(&a->ar, "cannot create %s/rdap: %s", dir,
				strerror(errno));
		made = true;
		p = path_join(&a->ar, dir, "rdap", sv[i].domain, ".json");
		if (p == NULL || !write_file(p, ok->answer, ok->answer_len))
			return kn_sprintf(&a->ar, "cannot write %s", p ? p : "");
	}
	return NULL;
}

static int
json_set_str(json_t *o, const char *key, const char *v)
{
	if (v == NULL || v[0] == '\0')
		return 0;
	return json_object_set_new(o, key, json_string(v));
}

/* Write the WHOIS and RDAP files a --replay read, byte for byte, so
 * that the saved directory replays to the same report. */
static const char *
save_replayed(kensa_analysis *a, kn_lookup *lk, const char *dir)
{
	const replay_copy *rc = lk->replayed.items;

	for (size_t i = 0; i < lk->replayed.count; i++) {
		char *p;

		if (rc[i].name == NULL || rc[i].data == NULL ||
		    !safe_file_name(rc[i].name))
			continue;
		if (make_subdir(a, dir, rc[i].sub) == NULL)
			return kn_sprintf(&a->ar, "cannot create %s/%s: %s", dir,
				rc[i].sub, strerror(errno));
		p = path_join(&a->ar, dir, rc[i].sub, rc[i].name, "");
		if (p == NULL || !write_file(p, rc[i].data, rc[i].len))
			return kn_sprintf(&a->ar, "cannot write %s", p ? p : "");
	}
	return NULL;
}

/* --replay with --save-evidence: keep a copy of the file sub/name. */
static void
keep_replayed(kensa_analysis *a, const char *sub, const char *name,
	const char *text, size_t len)
{
	replay_copy *rc;

	if (a->opts.save_evidence_dir == NULL)
		return;
	rc = kn_vec_push(&a->ar, &a->lookup->replayed, sizeof(*rc));
	if (rc == NULL)
		return;
	rc->sub = sub;
	rc->name = kn_strdup(&a->ar, name);
	rc->data = kn_strndup(&a->ar, text, len);
	rc->len = rc->data != NULL ? len : 0;
}

/* Write each geolocation answer as DIR/geo/<ip>.json (format in
 * docs/evidence-format.md). */
static const char *
save_geo(kensa_analysis *a, kn_lookup *lk, const char *dir)
{
	const geo_saved *gs = lk->geo_saved.items;
	bool made = false;

	for (size_t i = 0; i < lk->geo_saved.count; i++) {
		json_t *o, *src;
		char *p, *text, when[32];
		bool ok;

		if (!safe_file_name(gs[i].ip))
			continue;
		if (!made && make_subdir(a, dir, "geo") == NULL)
			return kn_sprintf(&a->ar, "cannot create %s/geo: %s", dir,
				strerror(errno));
		made = true;
		o = json_object();
		src = json_object();
		if (o == NULL || src == NULL) {
			json_decref(o);
			json_decref(src);
			return "out of memory writing the geolocation evidence";
		}
		kn_date_rfc3339(gs[i].at, when, sizeof(when));
		json_set_str(o, "ip", gs[i].ip);
		json_object_set_new(o, "found", json_boolean(gs[i].found));
		if (gs[i].found) {
			json_set_str(o, "country", gs[i].g.country);
			json_set_str(o, "region", gs[i].g.region);
			json_set_str(o, "city", gs[i].g.city);
			if (gs[i].g.has_location) {
				json_object_set_new(o, "latitude",
					json_real(gs[i].g.latitude));
				json_object_set_new(o, "longitude",
					json_real(gs[i].g.longitude));
			}
			if (gs[i].g.asn != 0)
				json_object_set_new(o, "asn",
					json_integer((json_int_t)gs[i].g.asn));
			json_set_str(o, "as_org", gs[i].g.as_org);
		}
		json_set_str(src, "city_db", gs[i].city_db);
		json_set_str(src, "city_build", gs[i].city_build);
		json_set_str(src, "asn_db", gs[i].asn_db);
		json_set_str(src, "attribution", gs[i].attribution);
		json_object_set_new(o, "database", src);
		json_set_str(o, "time", when);
		text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			JSON_ENSURE_ASCII);
		json_decref(o);
		if (text == NULL)
			return "out of memory writing the geolocation evidence";
		p = path_join(&a->ar, dir, "geo", gs[i].ip, ".json");
		ok = p != NULL && write_file(p, text, strlen(text));
		free(text);
		if (!ok)
			return kn_sprintf(&a->ar, "cannot write %s", p ? p : "");
	}
	return NULL;
}

void
kn_lookup_close(kensa_analysis *a)
{
	kn_lookup *lk = a->lookup;
	size_t n = 0, total;
	xlookup *all;

	if (lk == NULL)
		return;
	a->lookup = NULL;
	total = lk->extra.count + (lk->offline ? 0 : lk->res.log.count);
	all = total > 0 ? calloc(total, sizeof(*all)) : NULL;
	if (total > 0 && all == NULL) {
		a->ar.oom = true;
		lookup_free(lk);
		return;
	}
	if (!lk->offline) {
		const kn_dns_log_entry *e = lk->res.log.items;
		const stamp *st = lk->tm.stamps.items;
		size_t j = 0;
		double last = wall_now();

		if (lk->tm.stamps.count > 0)
			last = st[0].t;
		for (size_t i = 0; i < lk->res.log.count; i++) {
			kensa_lookup *l = &all[n].l;

			if (!e[i].cached && j < lk->tm.stamps.count &&
			    st[j].type == e[i].type && st[j].qname != NULL &&
			    strcmp(st[j].qname, e[i].qname) == 0)
				last = st[j++].t;
			all[n].t = last;
			l->kind = "dns";
			l->query = kn_sprintf(&a->ar, "%s %s",
				kn_dns_type_name(e[i].type), e[i].qname);
			l->server = kn_strdup(&a->ar, e[i].backend);
			l->status = kn_dns_status_name(e[i].status);
			l->answer = e[i].summary;
			l->time = (int64_t)last;
			l->duration_ms = e[i].ms;
			l->cached = e[i].cached;
			n++;
		}
	}
	for (size_t i = 0; i < lk->extra.count; i++)
		all[n++] = ((const xlookup *)lk->extra.items)[i];
	if (n > 1)
		qsort(all, n, sizeof(*all), cmp_xlookup);
	for (size_t i = 0; i < n; i++) {
		kensa_lookup *l = kn_vec_push(&a->ar, &a->lookups, sizeof(*l));
		if (l == NULL)
			break;
		*l = all[i].l;
	}
	free(all);

	if (a->opts.save_evidence_dir != NULL && !lk->offline) {
		char err[512] = "";
		const char *problem = NULL;

		if (lk->ev != NULL && kn_evidence_save(lk->ev,
			a->opts.save_evidence_dir, err, sizeof(err)) < 0)
			problem = kn_sprintf(&a->ar, "saving the DNS evidence: %s", err);
		if (problem == NULL)
			problem = save_whois(a, lk, a->opts.save_evidence_dir);
		if (problem == NULL)
			problem = save_rdap(a, lk, a->opts.save_evidence_dir);
		if (problem == NULL)
			problem = save_geo(a, lk, a->opts.save_evidence_dir);
		if (problem == NULL)
			problem = save_replayed(a, lk, a->opts.save_evidence_dir);
		a->lookup_problem = problem;
	}
	lookup_free(lk);
}

/* ---- domains and addresses -------------------------------------------- */

kensa_domain_intel *
kn_intel_domain(kensa_analysis *a, const char *domain, const char *role)
{
	kensa_domain_intel *d = a->intel_domains.items;

	if (domain == NULL || domain[0] == '\0')
		return NULL;
	for (size_t i = 0; i < a->intel_domains.count; i++) {
		if (!kn_str_ieq(d[i].domain, domain))
			continue;
		if (role != NULL && strstr(d[i].role, role) == NULL)
			d[i].role = kn_sprintf(&a->ar, "%s,%s", d[i].role, role);
		return &d[i];
	}
	d = kn_vec_push(&a->ar, &a->intel_domains, sizeof(*d));
	if (d == NULL)
		return NULL;
	d->domain = kn_str_lower(&a->ar, domain);
	d->role = role ? role : "";
	d->status = KENSA_NOT_EVALUATED;
	d->reason = kn_lookup_is_offline(a) ? "offline" : NULL;
	d->age_days = -1;
	return d;
}

static bool
rr_is_ip(const kn_dns_rr *rr, const kn_ip *ip)
{
	if (ip == NULL)
		return false;
	if (rr->type == KN_DNS_A)
		return ip->family == 4 && memcmp(ip->b, rr->u.addr, 4) == 0;
	if (rr->type == KN_DNS_AAAA)
		return ip->family == 6 && memcmp(ip->b, rr->u.addr, 16) == 0;
	return false;
}

static const char *
rr_text(kn_arena *ar, const kn_dns_rr *rr)
{
	kn_ip ip = { 0 };
	char buf[KN_IP_TEXT_MAX];

	ip.family = rr->type == KN_DNS_A ? 4 : 6;
	memcpy(ip.b, rr->u.addr, rr->type == KN_DNS_A ? 4 : 16);
	kn_ip_format(&ip, buf, sizeof(buf));
	return kn_strdup(ar, buf);
}

/* Ask A and AAAA of name; append "prefix addr" texts to list. */
static int
collect(kensa_analysis *a, kn_vec *list, const char *name, const char *prefix,
	const kn_ip *origin, bool *match)
{
	static const kn_dns_type types[] = { KN_DNS_A, KN_DNS_AAAA };
	kn_resolver *r = kn_lookup_resolver(a);

	for (size_t t = 0; t < 2; t++) {
		const kn_dns_answer *ans;
		int rc = kn_dns_query(r, name, types[t], &ans);

		if (rc == KENSA_EINVAL)
			return 0;
		if (rc < 0)
			return rc;
		for (size_t i = 0; i < ans->count; i++) {
			const char **s;

			if (ans->rrs[i].type != types[t])
				continue;
			if (list->count >= KN_INTEL_MAX_ADDRESSES)
				return 0;
			s = kn_vec_push(&a->ar, list, sizeof(*s));
			if (s == NULL)
				return KENSA_ENOMEM;
			*s = prefix ? kn_sprintf(&a->ar, "%s %s", prefix,
				rr_text(&a->ar, &ans->rrs[i])) :
				rr_text(&a->ar, &ans->rrs[i]);
			if (rr_is_ip(&ans->rrs[i], origin))
				*match = true;
		}
	}
	return 0;
}

int
kn_intel_addresses(kensa_analysis *a, kensa_domain_intel *d,
	const kn_ip *origin, bool *any)
{
	kn_resolver *r = kn_lookup_resolver(a);
	kn_vec list = { 0 };
	const kn_dns_answer *mx;
	bool match = false;
	int rc;

	*any = false;
	if (r == NULL || kn_lookup_is_offline(a))
		return 0;
	if ((rc = collect(a, &list, d->domain, NULL, origin, &match)) < 0)
		return rc;
	rc = kn_dns_query(r, d->domain, KN_DNS_MX, &mx);
	if (rc < 0 && rc != KENSA_EINVAL)
		return rc;
	for (size_t i = 0; rc == 0 && i < mx->count && i < KN_INTEL_MAX_MX; i++) {
		const char *ex = mx->rrs[i].u.mx.exchange;
		int rc2;

		if (mx->rrs[i].type != KN_DNS_MX || ex == NULL || ex[0] == '\0')
			continue;
		if ((rc2 = collect(a, &list, ex, kn_sprintf(&a->ar, "MX %s", ex),
			origin, &match)) < 0)
			return rc2;
	}
	d->addresses = list.items;
	d->address_count = list.count;
	d->has_origin = match;
	*any = list.count > 0;
	return 0;
}

/* ---- the originating IP ----------------------------------------------- */

static const char *
rr_name_list(kn_arena *ar, const kn_dns_answer *ans)
{
	for (size_t i = 0; i < ans->count; i++)
		if (ans->rrs[i].type == KN_DNS_PTR)
			return kn_strdup(ar, ans->rrs[i].u.name);
	return NULL;
}

static void
add_extra(kn_lookup *lk, kn_arena *ar, const kensa_lookup *l, double t)
{
	xlookup *x = kn_vec_push(ar, &lk->extra, sizeof(*x));

	if (x == NULL)
		return;
	x->l = *l;
	x->t = t;
}

/* The first max bytes of a file, NUL-terminated (heap; free()). */
static char *
read_small_file(const char *path, size_t max, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	size_t n;

	if (fp == NULL)
		return NULL;
	buf = malloc(max + 1);
	if (buf == NULL) {
		fclose(fp);
		return NULL;
	}
	n = fread(buf, 1, max, fp);
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static const char *
json_str_dup(kn_arena *ar, json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v != NULL && v[0] != '\0' ? kn_strdup(ar, v) : NULL;
}

/* --replay: the geolocation answer saved as DIR/geo/<ip>.json, read into
 * ip. True when the file exists (found or not then says the file). */
static bool
geo_replay(kensa_analysis *a, kensa_ip_intel *ip)
{
	kn_lookup *lk = a->lookup;
	char *path, *text;
	kensa_lookup l = { 0 };
	double t0 = wall_now(), m0 = mono_ms();
	json_t *o, *db;
	json_error_t jerr;
	const char *cdb = NULL, *cb = NULL, *adb = NULL;
	size_t len = 0;
	bool found;

	if (!safe_file_name(ip->ip))
		return false;
	path = kn_sprintf(&a->ar, "%s/geo/%s.json", a->opts.replay_dir, ip->ip);
	if (path == NULL ||
	    (text = read_small_file(path, KN_INTEL_GEO_FILE_MAX, &len)) == NULL)
		return false;
	o = json_loadb(text, len, 0, &jerr);
	free(text);
	l.kind = "geo";
	l.query = ip->ip;
	l.server = kn_sprintf(&a->ar, "replay %s", path);
	l.time = (int64_t)t0;
	found = json_is_object(o) && json_is_true(json_object_get(o, "found"));
	db = json_object_get(o, "database");
	if (json_is_object(db)) {
		cdb = json_str_dup(&a->ar, db, "city_db");
		cb = json_str_dup(&a->ar, db, "city_build");
		adb = json_str_dup(&a->ar, db, "asn_db");
		ip->geo_source = kn_sprintf(&a->ar, "%s %s%s%s",
			cdb ? cdb : "?", cb ? cb : "", adb ? "; " : "",
			adb ? adb : "");
		ip->geo_attribution = json_str_dup(&a->ar, db, "attribution");
	}
	if (!found) {
		ip->geo_reason = json_is_object(o) ?
			"the database did not know the address (evidence)" :
			"the geolocation evidence is not valid JSON";
		l.status = "not_found";
	} else {
		const char *cc = json_string_value(json_object_get(o, "country"));
		json_t *asn = json_object_get(o, "asn");

		if (cc != NULL && strlen(cc) == 2)
			ip->country = upper_ascii(&a->ar, cc);
		ip->country_name = ip->country ?
			kn_geo_country_name(ip->country) : NULL;
		ip->city = json_str_dup(&a->ar, o, "city");
		if (json_is_integer(asn) && json_integer_value(asn) > 0 &&
		    json_integer_value(asn) <= (json_int_t)UINT32_MAX)
			ip->asn = (uint32_t)json_integer_value(asn);
		ip->as_org = json_str_dup(&a->ar, o, "as_org");
		l.status = "ok";
		l.answer = kn_sprintf(&a->ar, "%s%s%s AS%u %s",
			ip->country ? ip->country : "-", ip->city ? ", " : "",
			ip->city ? ip->city : "", (unsigned)ip->asn,
			ip->as_org ? ip->as_org : "");
	}
	json_decref(o);
	l.duration_ms = mono_ms() - m0;
	add_extra(lk, &a->ar, &l, t0);
	/* kept for a new --save-evidence from this replay */
	{
		geo_saved *gs = kn_vec_push(&a->ar, &lk->geo_saved, sizeof(*gs));

		if (gs != NULL) {
			memset(gs, 0, sizeof(*gs));
			gs->ip = ip->ip;
			gs->found = found;
			if (ip->country != NULL)
				memcpy(gs->g.country, ip->country, 3);
			gs->g.city = ip->city;
			gs->g.asn = ip->asn;
			gs->g.as_org = ip->as_org;
			gs->city_db = cdb;
			gs->city_build = cb;
			gs->asn_db = adb;
			gs->attribution = ip->geo_attribution;
			gs->at = (int64_t)t0;
		}
	}
	return true;
}

static int
geolocate(kensa_analysis *a, kensa_ip_intel *ip)
{
	kn_lookup *lk = a->lookup;
	const kn_geo_source *src;
	kn_geo_result g;
	kensa_lookup l = { 0 };
	bool found = false;
	double t0 = wall_now(), m0 = mono_ms();
	int rc;

	if (lk->replay && geo_replay(a, ip))
		return 0;
	if (lk->geo == NULL) {
		ip->geo_reason = lk->geo_reason;
		return 0;
	}
	rc = kn_geo_lookup(lk->geo, &a->ar, ip->ip, &g, &found);
	if (rc == KENSA_ENOMEM)
		return rc;
	src = kn_geo_source_info(lk->geo);
	ip->geo_source = kn_sprintf(&a->ar, "%s %s%s%s",
		src->city_db ? src->city_db : "?",
		src->city_build ? src->city_build : "",
		src->asn_db ? "; " : "", src->asn_db ? src->asn_db : "");
	ip->geo_attribution = src->attribution ?
		kn_strdup(&a->ar, src->attribution) : NULL;
	l.kind = "geo";
	l.query = ip->ip;
	l.server = ip->geo_source;
	l.time = (int64_t)t0;
	if (rc < 0 || !found) {
		ip->geo_reason = "the database does not know the address";
		l.status = "not_found";
	} else {
		if (g.country[0] != '\0')
			ip->country = kn_strdup(&a->ar, g.country);
		ip->country_name = g.country_name;
		ip->city = g.city && g.city[0] ? g.city : NULL;
		ip->asn = g.asn;
		ip->as_org = g.as_org && g.as_org[0] ? g.as_org : NULL;
		l.status = "ok";
		l.answer = kn_sprintf(&a->ar, "%s%s%s AS%u %s",
			ip->country ? ip->country : "-", ip->city ? ", " : "",
			ip->city ? ip->city : "", (unsigned)ip->asn,
			ip->as_org ? ip->as_org : "");
	}
	l.duration_ms = mono_ms() - m0;
	add_extra(lk, &a->ar, &l, t0);
	if (a->opts.save_evidence_dir != NULL) {
		geo_saved *gs = kn_vec_push(&a->ar, &lk->geo_saved, sizeof(*gs));

		if (gs == NULL)
			return KENSA_ENOMEM;
		memset(gs, 0, sizeof(*gs));
		gs->ip = ip->ip;
		gs->found = rc == 0 && found;
		if (gs->found)
			gs->g = g;
		gs->city_db = src->city_db;
		gs->city_build = src->city_build;
		gs->asn_db = src->asn_db;
		gs->attribution = src->attribution;
		gs->at = (int64_t)t0;
	}
	return 0;
}

static int
origin_ip(kensa_analysis *a)
{
	const kensa_trace *t = &a->trace;
	kn_resolver *r = kn_lookup_resolver(a);
	kensa_ip_intel *ip;
	const kn_dns_answer *ans;
	kensa_evidence ev;
	kn_ip addr;
	char *rev;
	unsigned rec_hdr = 0;
	int rc;

	if (t->origin_ip == NULL ||
	    !kn_ip_parse(t->origin_ip, strlen(t->origin_ip), &addr))
		return 0;
	ip = kn_vec_push(&a->ar, &a->intel_ips, sizeof(*ip));
	if (ip == NULL)
		return KENSA_ENOMEM;
	ip->ip = t->origin_ip;
	ip->ptr_status = KENSA_NOT_EVALUATED;
	ip->fcrdns = KENSA_NOT_EVALUATED;
	if ((rc = geolocate(a, ip)) < 0)
		return rc;
	if (r == NULL || kn_lookup_is_offline(a))
		return 0;
	rev = kn_dns_reverse_name(&a->ar, addr.family, addr.b);
	if (rev == NULL)
		return KENSA_ENOMEM;
	if ((rc = kn_dns_query(r, rev, KN_DNS_PTR, &ans)) < 0)
		return rc;
	ip->ptr_status = kn_dns_status_name(ans->status);
	if (t->origin_hop >= 0 && (size_t)t->origin_hop < t->hop_count)
		rec_hdr = t->hops[t->origin_hop].header;
	ev = kn_ev_header(a, "Received", rec_hdr);
	if (ans->status == KN_DNS_NXDOMAIN || ans->status == KN_DNS_NODATA) {
		const char *rdns = rec_hdr && t->origin_hop >= 0 ?
			t->hops[t->origin_hop].rdns : NULL;
		ip->fcrdns = "none";
		KN_FINDING(a, KN_RULE(intel, ptr_missing), &ev,
			kn_sprintf(&a->ar, "PTR %s", rev), ip->ip,
			ip->ptr_status,
			rdns ? kn_sprintf(&a->ar, "rDNS \"%s\"", rdns) :
			       "no rDNS in Received");
		return 0;
	}
	if (ans->status != KN_DNS_NOERROR)
		return 0;
	ip->ptr = rr_name_list(&a->ar, ans);
	ip->fcrdns = "fail";
	for (size_t i = 0, n = 0; i < ans->count && n < KN_INTEL_MAX_PTR; i++) {
		const kn_dns_answer *fw;

		if (ans->rrs[i].type != KN_DNS_PTR)
			continue;
		n++;
		rc = kn_dns_query(r, ans->rrs[i].u.name,
			addr.family == 4 ? KN_DNS_A : KN_DNS_AAAA, &fw);
		if (rc == KENSA_EINVAL)
			continue;
		if (rc < 0)
			return rc;
		if (fw->status == KN_DNS_TIMEOUT || fw->status == KN_DNS_SERVFAIL) {
			if (strcmp(ip->fcrdns, "fail") == 0)
				ip->fcrdns = KENSA_NOT_EVALUATED;
			continue;
		}
		for (size_t k = 0; k < fw->count; k++)
			if (rr_is_ip(&fw->rrs[k], &addr)) {
				ip->fcrdns = "pass";
				ip->ptr = kn_strdup(&a->ar, ans->rrs[i].u.name);
			}
		if (strcmp(ip->fcrdns, "pass") == 0)
			break;
	}
	if (strcmp(ip->fcrdns, "fail") == 0)
		KN_FINDING(a, KN_RULE(intel, fcrdns_fail), &ev, ip->ip, ip->ptr);
	return 0;
}

/* ---- WHOIS ------------------------------------------------------------ */


/*
 * Log a --replay read of path (len bytes) for domain as kind: status
 * "ok" with the registrar of rec when found, else miss_status. t0 and
 * m0 are the wall and monotonic start times.
 */
static void
log_replay(kensa_analysis *a, const char *kind, const char *domain,
	const char *path, bool found, const char *miss_status, size_t len,
	const kn_whois_record *rec, double t0, double m0)
{
	kensa_lookup l = { 0 };

	l.kind = kind;
	l.query = kn_strdup(&a->ar, domain);
	l.server = kn_sprintf(&a->ar, "replay %s", path);
	l.status = found ? "ok" : miss_status;
	l.answer = found ? kn_sprintf(&a->ar, "%zu bytes: registrar %s",
		len, rec->registrar ? rec->registrar : "-") : NULL;
	l.time = (int64_t)t0;
	l.duration_ms = mono_ms() - m0;
	add_extra(a->lookup, &a->ar, &l, t0);
}

/* Parse DIR/whois/<domain><ext> into rec; log it. True when found. */
static bool
replay_file(kensa_analysis *a, const char *domain, const char *ext,
	kn_whois_record *rec, bool *exists)
{
	char *path = kn_sprintf(&a->ar, "%s/whois/%s%s", a->opts.replay_dir,
		domain, ext);
	double t0 = wall_now(), m0 = mono_ms();
	size_t len = 0;
	char *text;
	bool found = false;

	*exists = false;
	if (path == NULL || (text = read_small_file(path,
		KN_INTEL_WHOIS_FILE_MAX, &len)) == NULL)
		return false;
	*exists = true;
	keep_replayed(a, "whois", kn_sprintf(&a->ar, "%s%s", domain, ext),
		text, len);
	if (kn_utf8_valid(text, len))
		found = kn_whois_parse(&a->ar, text, len, rec);
	free(text);
	log_replay(a, "whois", domain, path, found, "no_data", len, rec,
		t0, m0);
	return found;
}

/* --replay: DIR/rdap/<domain>.json into rec; logged as kind "rdap".
 * True when it holds a domain object; *path_out names the file. */
static bool
rdap_replay(kensa_analysis *a, const char *domain, kn_whois_record *rec,
	const char **path_out)
{
	char *path;
	double t0 = wall_now(), m0 = mono_ms();
	size_t len = 0;
	char *text;
	bool found;

	kn_whois_record_init(rec);
	if (!safe_file_name(domain))
		return false;
	path = kn_sprintf(&a->ar, "%s/rdap/%s.json", a->opts.replay_dir, domain);
	if (path == NULL ||
	    (text = read_small_file(path, KN_RDAP_ANSWER_MAX, &len)) == NULL)
		return false;
	keep_replayed(a, "rdap", kn_sprintf(&a->ar, "%s.json", domain), text,
		len);
	found = kn_rdap_parse(&a->ar, text, len, rec);
	free(text);
	*path_out = path;
	log_replay(a, "rdap", domain, path, found, "badjson", len, rec,
		t0, m0);
	return found;
}

static bool
whois_replay(kensa_analysis *a, const char *domain, kn_whois_record *rec)
{
	kn_whois_record rar;
	bool exists, found;

	kn_whois_record_init(rec);
	if (replay_file(a, domain, ".txt", rec, &exists))
		return true;
	if (exists)
		return false;
	found = replay_file(a, domain, ".registry.txt", rec, &exists);
	if (!exists)
		return false;
	kn_whois_record_init(&rar);
	if (replay_file(a, domain, ".registrar.txt", &rar, &exists)) {
		if (!found)
			*rec = rar;
		else
			kn_whois_merge(rec, &rar);
		found = true;
	}
	return found;
}

/* The RDAP requests [first, log end) as lookups; rdap_down when none
 * reached a server. */
static void
log_rdap(kensa_analysis *a, size_t first, double t0)
{
	kn_lookup *lk = a->lookup;
	const kn_rdap_exchange *x = lk->rdap.log.items;
	bool any_ok = false, net_fail = false;

	for (size_t i = first; i < lk->rdap.log.count; i++) {
		kensa_lookup l = { 0 };

		l.kind = "rdap";
		l.query = x[i].domain;
		l.server = x[i].url;
		l.status = kn_rdap_status_name(x[i].status);
		if (x[i].http_status != 0 || x[i].answer_len > 0)
			l.answer = kn_sprintf(&a->ar, "HTTP %ld, %zu bytes",
				x[i].http_status, x[i].answer_len);
		l.time = x[i].at != 0 ? x[i].at : (int64_t)t0;
		l.duration_ms = x[i].ms;
		add_extra(lk, &a->ar, &l, t0 + (double)(i - first) * 1e-6);
		if (x[i].status == KN_RDAP_TIMEOUT || x[i].status == KN_RDAP_NETERR)
			net_fail = true;
		else if (x[i].http_status != 0)
			any_ok = true;
	}
	/* No server reachable: the next domains would wait as long. */
	if (!any_ok && net_fail)
		lk->rdap_down = true;
}

/* Registration data over the network: RDAP first when the TLD has it,
 * else (or when it gives nothing) WHOIS; both logged. */
static bool
regdata_live(kensa_analysis *a, const char *domain, kn_whois_record *rec)
{
	kn_lookup *lk = a->lookup;
	size_t first = lk->whois.log.count, rfirst = lk->rdap.log.count;
	kn_rdap_client *rc = lk->rdap_on && !lk->rdap_down ? &lk->rdap : NULL;
	kn_whois_client *wc = lk->whois_down ? NULL : &lk->whois;
	double t0 = wall_now();
	bool found = false;
	whois_saved *sv;

	kn_whois_record_init(rec);
	if (kn_regdata_lookup(rc, wc, domain, rec, &found) < 0)
		found = false;
	log_rdap(a, rfirst, t0);
	t0 += 1e-3; /* WHOIS, if asked, came after RDAP */
	for (size_t i = first; i < lk->whois.log.count; i++) {
		const kn_whois_exchange *x =
			&((const kn_whois_exchange *)lk->whois.log.items)[i];
		kensa_lookup l = { 0 };
		kn_slice ans = { x->answer, x->answer ? strlen(x->answer) : 0 };

		l.kind = "whois";
		l.query = x->query;
		l.server = kn_sprintf(&a->ar, "%s:%u (%s)", x->server, x->port,
			x->role ? x->role : "whois");
		l.status = kn_whois_status_name(x->status);
		if (ans.len > 0) {
			kn_slice tr = kn_slice_trim(ans);
			size_t n = tr.len > KN_INTEL_ANSWER_COLS ?
				KN_INTEL_ANSWER_COLS : tr.len;
			/* keep whole UTF-8 sequences */
			while (n > 0 && n < tr.len &&
			       ((unsigned char)tr.p[n] & 0xC0) == 0x80)
				n--;
			l.answer = kn_sprintf(&a->ar, "%zu bytes: %.*s%s",
				x->answer_len, (int)n, tr.p, n < tr.len ? "..." : "");
		}
		l.time = (int64_t)t0;
		l.duration_ms = x->ms;
		add_extra(lk, &a->ar, &l, t0 + (double)(i - first) * 1e-6);
	}
	{
		bool any_ok = false, net_fail = false;
		for (size_t i = first; i < lk->whois.log.count; i++) {
			kn_whois_status st =
				((const kn_whois_exchange *)lk->whois.log.items)[i].status;
			if (st == KN_WHOIS_OK || st == KN_WHOIS_TRUNCATED)
				any_ok = true;
			else if (st == KN_WHOIS_TIMEOUT || st == KN_WHOIS_NOHOST ||
				 st == KN_WHOIS_NETERR || st == KN_WHOIS_REFUSED)
				net_fail = true;
		}
		/* No server reachable: the next domains would wait as long. */
		if (!any_ok && net_fail)
			lk->whois_down = true;
	}
	sv = kn_vec_push(&a->ar, &lk->saved, sizeof(*sv));
	if (sv != NULL) {
		sv->domain = domain;
		sv->first = first;
		sv->last = lk->whois.log.count;
		sv->rfirst = rfirst;
		sv->rlast = lk->rdap.log.count;
		sv->rdap_found = found && rec->format == KN_WHOIS_FMT_RDAP;
	}
	return found;
}

/* The time domain ages are counted to: the message's Date, else now. */
static int64_t
age_reference(const kensa_analysis *a)
{
	if (a->msg.date_valid)
		return a->msg.date_utc;
	if (a->opts.now != 0)
		return a->opts.now;
	return (int64_t)time(NULL);
}

/* Calendar days (UTC) from created to ref: registered on the 10th, mail
 * on the 14th is 4 days, as a person counts; -1 when created is later. */
static int64_t
age_in_days(int64_t created, int64_t ref)
{
	int64_t dc = created / 86400 - (created % 86400 < 0);
	int64_t dr = ref / 86400 - (ref % 86400 < 0);

	return dr >= dc ? dr - dc : -1;
}

static void
whois_domain(kensa_analysis *a, kensa_domain_intel *d)
{
	kn_lookup *lk = a->lookup;
	const char *reg = kn_org_domain(&a->ar, d->domain);
	kn_whois_record rec;
	bool found;

	if (reg == NULL)
		reg = d->domain;
	if (lk->replay) {
		const char *rpath = NULL;

		found = rdap_replay(a, reg, &rec, &rpath);
		if (found) {
			d->source = kn_sprintf(&a->ar, "rdap replay %s", rpath);
		} else {
			found = whois_replay(a, reg, &rec);
			d->source = kn_sprintf(&a->ar, "whois replay %s/whois",
				a->opts.replay_dir);
		}
	} else if (lk->offline) {
		d->status = KENSA_NOT_EVALUATED;
		d->reason = lk->offline_reason;
		return;
	} else if (lk->whois_down && (!lk->rdap_on || lk->rdap_down)) {
		d->status = KENSA_NOT_EVALUATED;
		d->reason = "no RDAP or WHOIS server could be reached (see the "
			"lookups)";
		return;
	} else {
		found = regdata_live(a, reg, &rec);
	}
	if (!found) {
		d->status = "not_found";
		d->reason = lk->replay ? "no RDAP or WHOIS answer in the evidence" :
			"no RDAP or WHOIS server gave registration data";
		return;
	}
	d->status = "found";
	d->reason = NULL;
	d->registrar = rec.registrar;
	d->registrant_org = rec.registrant_org;
	d->registrant_country = rec.registrant_country;
	d->registrant_org_alt = rec.registrant_org_alt;
	d->registrant_state = rec.registrant_state;
	if (!lk->replay)
		d->source = kn_sprintf(&a->ar, "%s%s%s",
			rec.format == KN_WHOIS_FMT_RDAP ? "rdap" : "whois",
			rec.source ? " " : "", rec.source ? rec.source : "");
	if (rec.created != KN_WHOIS_NO_TIME) {
		d->has_created = true;
		d->created = rec.created;
		d->age_days = age_in_days(rec.created, age_reference(a));
	}
}

/* ---- findings over the domains ---------------------------------------- */

static kensa_evidence
domain_evidence(kensa_analysis *a, const kensa_domain_intel *d)
{
	const kensa_link *lk = a->links.items;

	if (strstr(d->role, "from") != NULL)
		return kn_ev_header(a, "From", 1);
	if (strstr(d->role, "envelope") != NULL)
		return kn_ev_header(a, "Return-Path", 1);
	for (size_t i = 0; i < a->links.count; i++)
		if (lk[i].domain != NULL && kn_str_ieq(lk[i].domain, d->domain))
			return kn_ev_part(a, lk[i].part, lk[i].offset, lk[i].length);
	return kn_ev_header(a, "From", 1);
}

static const char *
day_text(kn_arena *ar, int64_t t)
{
	char buf[32];

	kn_date_rfc3339(t, buf, sizeof(buf));
	return kn_strdup(ar, buf);
}

static const char *
upper_ascii(kn_arena *ar, const char *s)
{
	char *u = kn_strdup(ar, s);

	for (char *p = u; p != NULL && *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return u;
}

/* The claimed sender's country: its registrant's, else its ccTLD. */
static const char *
sender_country(kensa_analysis *a, const kensa_domain_intel *from)
{
	const char *dot;

	if (from == NULL)
		return NULL;
	if (from->registrant_country != NULL && from->registrant_country[0])
		return from->registrant_country;
	dot = strrchr(from->domain, '.');
	if (dot != NULL && strlen(dot + 1) == 2)
		return upper_ascii(&a->ar, dot + 1);
	return NULL;
}

static bool
auth_failed(const kensa_auth *au)
{
	const char *s = au->spf.result, *d = au->dmarc.result;

	if (d != NULL && strcmp(d, "fail") == 0)
		return true;
	return s != NULL && (strcmp(s, "fail") == 0 ||
		strcmp(s, "softfail") == 0) &&
		(d == NULL || strcmp(d, "pass") != 0);
}

static void
domain_findings(kensa_analysis *a)
{
	kensa_domain_intel *d = a->intel_domains.items;
	kensa_domain_intel *from = NULL;
	const char *country;

	for (size_t i = 0; i < a->intel_domains.count; i++)
		if (strstr(d[i].role, "from") != NULL) {
			from = &d[i];
			break;
		}
	country = sender_country(a, from);
	for (size_t i = 0; i < a->intel_domains.count; i++) {
		kensa_evidence ev;

		if (!d[i].has_created || d[i].age_days < 0)
			continue;
		if (d[i].age_days < KN_INTEL_YOUNG_DAYS) {
			ev = domain_evidence(a, &d[i]);
			KN_FINDING(a, KN_RULE(intel, domain_young), &ev, d[i].domain,
				d[i].role, day_text(&a->ar, d[i].created),
				kn_sprintf(&a->ar, "%lld", (long long)d[i].age_days),
				d[i].registrar);
		}
	}
	for (size_t i = 0; country != NULL && i < a->intel_domains.count; i++) {
		kensa_evidence ev;

		if (&d[i] == from || d[i].registrant_country == NULL ||
		    d[i].registrant_country[0] == '\0' ||
		    kn_str_ieq(d[i].registrant_country, country))
			continue;
		ev = domain_evidence(a, &d[i]);
		KN_FINDING(a, KN_RULE(intel, registrant_far), &ev, d[i].domain, d[i].role,
			d[i].registrant_country, from->domain, country);
	}
	if (from != NULL && auth_failed(&a->auth) && !from->has_origin &&
	    from->address_count > 0 && a->trace.origin_ip != NULL &&
	    (from->age_days > KN_INTEL_OLD_DAYS ||
	     strcmp(from->status, "found") != 0)) {
		kensa_evidence ev = kn_ev_header(a, "From", 1);
		const char *age = from->has_created ?
			kn_sprintf(&a->ar, "registered %s, %lld days before the "
				"message", day_text(&a->ar, from->created),
				(long long)from->age_days) :
			"registration date unknown";
		const char *age_ja = from->has_created ?
			kn_sprintf(&a->ar, "%s 登録、メールの %lld 日前",
				day_text(&a->ar, from->created),
				(long long)from->age_days) : "登録日不明";

		KN_FINDING(a, KN_RULE(intel, spoofed_sender_victim), &ev, from->domain, age,
			from->addresses[0], a->auth.spf.result,
			a->auth.dmarc.result, a->trace.origin_ip, age_ja);
	}
}

/* ---- the stage -------------------------------------------------------- */

int
kn_intel_analyze(kensa_analysis *a)
{
	const char **names = NULL;
	size_t nnames, nlinks = 0;
	kensa_domain_intel *d;
	int rc;

	if (a->lookup == NULL)
		return 0;
	if ((rc = origin_ip(a)) < 0)
		return rc;
	/* The sender domains (the auth stage added them with addresses). */
	kn_intel_domain(a, a->msg.from.domain, "from");
	kn_intel_domain(a, a->msg.return_path_domain, "envelope");
	nnames = kn_links_domains(a, &names);
	for (size_t i = 0; i < nnames && nlinks < KN_INTEL_MAX_LINK_DOMAINS; i++) {
		const char *reg = kn_org_domain(&a->ar, names[i]);
		size_t before = a->intel_domains.count;

		if (reg == NULL)
			continue;
		d = kn_intel_domain(a, reg, "link");
		if (d != NULL && a->intel_domains.count > before)
			nlinks++;
	}
	d = a->intel_domains.items;
	for (size_t i = 0; i < a->intel_domains.count; i++)
		whois_domain(a, &d[i]);
	domain_findings(a);
	return a->ar.oom ? KENSA_ENOMEM : 0;
}

/* ---- public accessors ------------------------------------------------- */

KENSA_EXTERN(size_t)
kensa_analysis_ips(const kensa_analysis *a, const kensa_ip_intel **out)
{
	*out = a && a->intel_ips.count ? a->intel_ips.items : NULL;
	return a ? a->intel_ips.count : 0;
}

KENSA_EXTERN(size_t)
kensa_analysis_domains(const kensa_analysis *a,
	const kensa_domain_intel **out)
{
	*out = a && a->intel_domains.count ? a->intel_domains.items : NULL;
	return a ? a->intel_domains.count : 0;
}

KENSA_EXTERN(size_t)
kensa_analysis_lookups(const kensa_analysis *a, const kensa_lookup **out)
{
	*out = a && a->lookups.count ? a->lookups.items : NULL;
	return a ? a->lookups.count : 0;
}

KENSA_EXTERN(const char *)
kensa_analysis_lookup_problem(const kensa_analysis *a)
{
	return a ? a->lookup_problem : NULL;
}

KENSA_EXTERN(const char *)
kensa_analysis_lookup_mode(const kensa_analysis *a)
{
	return a && a->lookup_mode ? a->lookup_mode : "offline";
}
