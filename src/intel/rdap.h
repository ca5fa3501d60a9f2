/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	rdap 3h
 * SUMMARY
 *	RDAP client for domain registration data (RFC 9082, 9083, 9224)
 * SYNOPSIS
 *	#include "intel/rdap.h"
 * DESCRIPTION
 *	The IANA bootstrap file (RFC 9224; data/rdap/dns.json, a partial
 *	snapshot) maps a TLD to its registry's RDAP base URL. The client
 *	asks GET <base>domain/<name> (RFC 9082 section 3.1.3) over libcurl
 *	and reads the JSON answer (RFC 9083 section 5.3) into the
 *	kn_whois_record WHOIS uses: events registration / last changed /
 *	expiration, entities with the registrar and registrant roles (jCard
 *	fn, org, adr region and country), nameservers and status.
 *
 *	kn_regdata_lookup() prefers RDAP when the TLD has a base URL and
 *	uses WHOIS otherwise or when RDAP gives nothing.
 *
 *	Every request is recorded (URL, HTTP status, answer, time). HTTPS
 *	only, except plain HTTP to a loopback address (test servers).
 * LIMITS
 *	KN_RDAP_ANSWER_MAX bytes per answer, KN_RDAP_MAX_REQUESTS per
 *	client, KN_RDAP_MAX_REDIRECTS, KN_RDAP_ENTITY_DEPTH levels of
 *	nested entities, KN_RDAP_BOOTSTRAP_MAX bytes of bootstrap file.
 *--*/
#ifndef KN_RDAP_H
#define KN_RDAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "intel/whois.h"
#include "util/arena.h"

/* Largest answer read (real ones are 2-20 kB). */
#define KN_RDAP_ANSWER_MAX (512u * 1024u)
/* Requests per client: a few domains per message. */
#define KN_RDAP_MAX_REQUESTS 24
/* Redirects followed (RFC 9224 section 5: registries may redirect). */
#define KN_RDAP_MAX_REDIRECTS 3
/* Nesting of entities read (registrar -> abuse contact is 2). */
#define KN_RDAP_ENTITY_DEPTH 4
/* The IANA file is about 150 kB. */
#define KN_RDAP_BOOTSTRAP_MAX (4u * 1024u * 1024u)
/* Default timeout of one request, ms. */
#define KN_RDAP_TIMEOUT_MS 8000

typedef enum kn_rdap_status {
	KN_RDAP_OK = 0,     /* 200 with a domain object */
	KN_RDAP_NOTFOUND,   /* 404 */
	KN_RDAP_HTTPERR,    /* another HTTP status */
	KN_RDAP_BADJSON,    /* 200 but not a usable JSON object */
	KN_RDAP_TOOBIG,     /* over the cap: dropped */
	KN_RDAP_TIMEOUT,
	KN_RDAP_NETERR,     /* resolve/connect/TLS failure */
	KN_RDAP_REFUSED,    /* URL not allowed (plain HTTP off loopback) */
	KN_RDAP_OFFLINE,    /* network use disabled: nothing sent */
	KN_RDAP_LIMIT       /* KN_RDAP_MAX_REQUESTS reached */
} kn_rdap_status;

/* One request of the lookup log. */
typedef struct kn_rdap_exchange {
	const char *url;
	const char *domain;
	long http_status;   /* 0 when none */
	kn_rdap_status status;
	const char *answer; /* body as received (NUL-terminated), "" if none */
	size_t answer_len;
	double ms;          /* wall time, milliseconds */
	int64_t at;         /* when it was asked: seconds UTC */
} kn_rdap_exchange;

/* One bootstrap service entry: TLD -> base URL. */
typedef struct kn_rdap_service {
	const char *tld;  /* lower case, no dot */
	const char *url;  /* ends in '/' */
} kn_rdap_service;

typedef struct kn_rdap_client {
	kn_arena *ar;
	const char *bootstrap_path; /* see kn_rdap_client_init() */
	const char *base_url;       /* set: every domain goes here (tests) */
	int timeout_ms;             /* per request */
	size_t answer_max;
	bool offline;
	kn_vec log;                 /* kn_rdap_exchange */
	kn_vec services;            /* kn_rdap_service, after loading */
	bool loaded;                /* bootstrap read (or failed) */
	int load_error;             /* its result */
	const char *publication;    /* bootstrap "publication" */
	unsigned requests;
} kn_rdap_client;

/* Defaults as above; log and bootstrap in ar. The bootstrap file is
 * $KENSA_DATA_DIR/rdap/dns.json when that variable is set, else
 * KENSA_DATADIR/rdap/dns.json (make install), else, in a build tree that
 * was never installed, the source tree's data/rdap/dns.json. Returns 0,
 * KENSA_EINVAL or KENSA_ENOMEM. */
int kn_rdap_client_init(kn_rdap_client *c, kn_arena *ar);

/*
 * Read the bootstrap file (once; later calls return the first result).
 * Returns 0, KENSA_ENOTFOUND, KENSA_EFORMAT (not RFC 9224 JSON),
 * KENSA_ETOOBIG or KENSA_ENOMEM.
 */
int kn_rdap_bootstrap_load(kn_rdap_client *c);

/*
 * The RDAP base URL for domain: c->base_url when set, else the
 * bootstrap entry with the longest matching label suffix (RFC 9224
 * section 4). NULL when none (or the bootstrap is unreadable).
 */
const char *kn_rdap_base_for(kn_rdap_client *c, const char *domain);

/*
 * Ask RDAP about domain. *found is true when a domain object came
 * back; *out is the record (source: the URL). Failures are statuses in
 * c->log. Returns 0, KENSA_EINVAL or KENSA_ENOMEM.
 */
int kn_rdap_lookup(kn_rdap_client *c, const char *domain,
	kn_whois_record *out, bool *found);

/*
 * Read an RFC 9083 domain object (len bytes of JSON) into *rec
 * (initialised here; format KN_WHOIS_FMT_RDAP). Returns true when it is
 * a domain object with at least a name or an event.
 */
bool kn_rdap_parse(kn_arena *ar, const char *json, size_t len,
	kn_whois_record *rec);

/* "ok", "notfound", ... */
const char *kn_rdap_status_name(kn_rdap_status st);

/*
 * Registration data of domain: RDAP when the TLD has a base URL (or
 * rc->base_url is set) and it answers, else WHOIS through wc. Either
 * client may be NULL to skip that protocol. *found and *out as above.
 * Returns 0, KENSA_EINVAL or KENSA_ENOMEM.
 */
int kn_regdata_lookup(kn_rdap_client *rc, kn_whois_client *wc,
	const char *domain, kn_whois_record *out, bool *found);

#endif
