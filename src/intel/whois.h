/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	whois 3h
 * SUMMARY
 *	domain registration data: WHOIS (RFC 3912) and RDAP (RFC 9083)
 * SYNOPSIS
 *	#include "intel/whois.h"
 * DESCRIPTION
 *	Both protocols fill one kn_whois_record: who registered a domain,
 *	through which registrar, when, and where the registrant says it is.
 *
 *	kn_whois_parse() reads one WHOIS answer (already UTF-8) in either
 *	of the two formats kensa knows: the ICANN gTLD "Key: value" lines
 *	(2013 RAA registration data directory services specification) and
 *	the JPRS format ("a. [ドメイン名]  VALUE", Japanese or English
 *	labels). kn_whois_merge() folds a registrar's answer into the
 *	registry's (thin-registry referral).
 *
 *	kn_whois_client (whois.c) asks servers over TCP port 43: IANA
 *	first (its "refer:" line names the TLD's server), then the TLD
 *	server, then once the registrar's server it names. Every exchange
 *	is timed and recorded in the client's log; a failure (no network,
 *	refused, timeout, over the cap) is recorded too and never an error
 *	of the library.
 * LIMITS
 *	KN_WHOIS_ANSWER_MAX bytes per answer, KN_WHOIS_MAX_EXCHANGES per
 *	client, KN_WHOIS_MAX_NS and KN_WHOIS_MAX_STATUS values kept.
 *--*/
#ifndef KN_WHOIS_H
#define KN_WHOIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

/* Largest answer read from a server (real answers are 1-20 kB). */
#define KN_WHOIS_ANSWER_MAX (256u * 1024u)
/* Exchanges one client makes: a few domains per message, each IANA +
 * registry + registrar; bounds the work one hostile message causes. */
#define KN_WHOIS_MAX_EXCHANGES 24
/* Name servers and status values kept per record (registries list at
 * most 13 name servers; EPP has 17 status values). */
#define KN_WHOIS_MAX_NS 16
#define KN_WHOIS_MAX_STATUS 20
/* Default timeout of one exchange (connect + send + read), ms. */
#define KN_WHOIS_TIMEOUT_MS 8000
/* Absent date. */
#define KN_WHOIS_NO_TIME INT64_MIN

/* Where a record came from. */
typedef enum kn_whois_format {
	KN_WHOIS_FMT_UNKNOWN = 0,
	KN_WHOIS_FMT_GTLD,  /* "Key: value" lines */
	KN_WHOIS_FMT_JPRS,  /* "[label]  value" lines of JPRS */
	KN_WHOIS_FMT_RDAP   /* RFC 9083 JSON */
} kn_whois_format;

/* Registration data of one domain; strings live in the arena, NULL
 * when the answer does not give them. */
typedef struct kn_whois_record {
	const char *domain;             /* lower case, as answered */
	const char *registrar;
	const char *registrant_org;     /* first organisation given */
	const char *registrant_org_alt; /* JPRS: the other language's form */
	const char *registrant_name;
	const char *registrant_country; /* as given: "US", "JP" ... */
	const char *registrant_state;
	int64_t created;                /* seconds UTC or KN_WHOIS_NO_TIME */
	int64_t updated;
	int64_t expires;
	const char *ns[KN_WHOIS_MAX_NS];       /* lower case */
	size_t ns_count;
	const char *status[KN_WHOIS_MAX_STATUS];
	size_t status_count;
	const char *referral;  /* "Registrar WHOIS Server:" host, if any */
	const char *source;    /* server host or RDAP URL that answered */
	kn_whois_format format;
} kn_whois_record;

/* Set every field of rec to empty (dates KN_WHOIS_NO_TIME). */
void kn_whois_record_init(kn_whois_record *rec);

/*
 * Parse one WHOIS answer text (len bytes of UTF-8, no NUL needed) into
 * *rec (initialised here). Strings are copied into ar. The format is
 * recognised from the text. Returns true when the answer holds at
 * least a domain name, a registrar, an organisation or a date (false:
 * "no match", an error text, or an empty answer; rec is then empty
 * but valid). Never fails otherwise; out of memory leaves ar->oom set.
 */
bool kn_whois_parse(kn_arena *ar, const char *text, size_t len,
	kn_whois_record *rec);

/*
 * Fill the fields of dst that are empty from src (a registrar's
 * answer folded into the registry's). Registrant data of src replaces
 * dst's when dst has none. Pointers are shared, not copied.
 */
void kn_whois_merge(kn_whois_record *dst, const kn_whois_record *src);

/*
 * Whole days from rec->created to now (seconds UTC), rounded down;
 * -1 when the creation date is unknown or after now.
 */
int64_t kn_whois_age_days(const kn_whois_record *rec, int64_t now);

/*
 * Parse a registration date as WHOIS servers write it: RFC 3339
 * ("2021-10-10T18:22:40Z", fraction and offset allowed), "YYYY-MM-DD",
 * "YYYY/MM/DD", "YYYY/MM/DD hh:mm:ss (JST)" (JPRS, UTC+9),
 * "DD-Mon-YYYY". s is len bytes. Returns seconds UTC or
 * KN_WHOIS_NO_TIME.
 */
int64_t kn_whois_parse_time(const char *s, size_t len);

/* Outcome of one exchange with a server. */
typedef enum kn_whois_status {
	KN_WHOIS_OK = 0,     /* answer read to end of stream */
	KN_WHOIS_TRUNCATED,  /* answer longer than the cap: kept in part */
	KN_WHOIS_TIMEOUT,    /* no complete answer within the timeout */
	KN_WHOIS_REFUSED,    /* connection refused or reset */
	KN_WHOIS_NOHOST,     /* server name did not resolve */
	KN_WHOIS_OFFLINE,    /* network use disabled: nothing sent */
	KN_WHOIS_LIMIT,      /* KN_WHOIS_MAX_EXCHANGES reached */
	KN_WHOIS_NETERR      /* another network failure */
} kn_whois_status;

/* One line of the lookup log: an exchange with one server. */
typedef struct kn_whois_exchange {
	const char *server;     /* host name asked (before any override) */
	unsigned port;          /* port actually used */
	const char *query;      /* sent, without CRLF */
	const char *answer;     /* UTF-8 (converted), NUL-terminated */
	size_t answer_len;      /* bytes of answer */
	size_t raw_len;         /* bytes received */
	const char *charset;    /* charset the answer was read as */
	kn_whois_status status;
	double ms;              /* wall time, milliseconds */
	int64_t at;             /* when it was asked: seconds UTC */
	const char *role;       /* "iana", "registry", "registrar" */
} kn_whois_exchange;

/* Test and configuration override: host name -> address and port. */
typedef struct kn_whois_hostmap {
	const char *host;  /* as named in a referral, case-insensitive */
	const char *addr;  /* numeric IPv4 or IPv6 address */
	unsigned port;
} kn_whois_hostmap;

/* Most host overrides one client holds. */
#define KN_WHOIS_MAX_HOSTMAP 16

/* A WHOIS client for one analysis. Set the public fields after
 * kn_whois_client_init(), before the first lookup. */
typedef struct kn_whois_client {
	kn_arena *ar;
	const char *server;  /* first server; default "whois.iana.org" */
	unsigned port;       /* default 43 (RFC 3912 section 2) */
	bool server_is_iana; /* first answer is IANA's: follow "refer:" */
	int timeout_ms;      /* per exchange; default KN_WHOIS_TIMEOUT_MS */
	size_t answer_max;   /* cap per answer; default KN_WHOIS_ANSWER_MAX */
	bool jprs_english;   /* append "/e" to queries sent to whois.jprs.jp */
	bool offline;        /* record lookups but send nothing */
	bool follow_referral;/* ask the registrar's server once; default on */
	kn_whois_hostmap map[KN_WHOIS_MAX_HOSTMAP];
	size_t map_count;
	kn_vec log;          /* kn_whois_exchange, in order */
	unsigned exchanges;
} kn_whois_client;

/*
 * Initialise c with defaults (IANA first, port 43, timeouts and caps
 * above, referral following on); the log lives in ar. Returns 0 or
 * KENSA_EINVAL.
 */
int kn_whois_client_init(kn_whois_client *c, kn_arena *ar);

/*
 * Send every connection for host to addr:port instead (tests; a local
 * mirror). Returns 0, KENSA_EINVAL (bad address, NULL) or
 * KENSA_ETOOBIG (more than KN_WHOIS_MAX_HOSTMAP entries).
 */
int kn_whois_client_map(kn_whois_client *c, const char *host,
	const char *addr, unsigned port);

/*
 * Look domain up: IANA (when c->server_is_iana) -> TLD server ->
 * registrar server (once, when the answer names one and
 * c->follow_referral). *out receives the merged record (source: the
 * registry's server); *found is true when some server gave data.
 * Network failures are logged in c->log and give *found false.
 * Returns 0, KENSA_EINVAL (bad domain) or KENSA_ENOMEM.
 */
int kn_whois_lookup(kn_whois_client *c, const char *domain,
	kn_whois_record *out, bool *found);

/*
 * One exchange (RFC 3912 section 2): connect to host:port (after the
 * host map), send query CRLF, read until the server closes, within
 * c->timeout_ms in all and c->answer_max bytes. The answer is
 * converted to UTF-8 (ISO-2022-JP, EUC-JP, Shift_JIS guessed, see
 * util/charset.h). Appends the exchange to c->log and returns it in
 * *out (owned by c->ar). Returns 0, KENSA_EINVAL or KENSA_ENOMEM;
 * network failures are a status, not an error.
 */
int kn_whois_exchange_run(kn_whois_client *c, const char *host,
	unsigned port, const char *query, const char *role,
	const kn_whois_exchange **out);

/* "ok", "truncated", "timeout", ... */
const char *kn_whois_status_name(kn_whois_status st);

/*
 * The WHOIS server named by an IANA answer ("refer:" or "whois:"
 * line), copied into ar; NULL when none.
 */
const char *kn_whois_iana_refer(kn_arena *ar, const char *text, size_t len);

#endif
