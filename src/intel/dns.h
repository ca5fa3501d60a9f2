/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dns 3h
 * SUMMARY
 *	the resolver interface every DNS lookup of kensa goes through
 * SYNOPSIS
 *	#include "intel/dns.h"
 * DESCRIPTION
 *	A kn_dns_backend is a vtable (OpenSMTPD table_backend habit): a
 *	network client, a zone-file replay or the in-memory test backend
 *	(dns_memory.c) answers one question (name, type) with a status and
 *	the records, allocated in the arena the caller gives.
 *
 *	A kn_resolver sits in front of one backend for one analysis: it
 *	normalises names (ASCII case folded, one trailing dot dropped), keeps
 *	a cache of the answers of this analysis, and records every lookup
 *	(question, backend, answer summary, time in ms, cache hit) in a log
 *	the report can show.
 *
 *	Statuses are facts of the DNS, not errors of the library: NOERROR
 *	with records, NODATA (the name exists, no record of that type),
 *	NXDOMAIN (RFC 1035 RCODE 3), SERVFAIL (RCODE 2 or any other failure)
 *	and TIMEOUT. Functions return 0 or a negative kensa_error (ENOMEM,
 *	EINVAL) only for failures of kensa itself.
 * LIMITS
 *	KN_DNS_NAME_MAX (RFC 1035 2.3.4), KN_DNS_MAX_QUERIES per resolver,
 *	KN_DNS_SUMMARY_MAX bytes of answer summary in the log.
 *--*/
#ifndef KN_DNS_H
#define KN_DNS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/str.h"

/* RFC 1035 2.3.4: 255 octets on the wire, 253 characters in text form. */
#define KN_DNS_NAME_MAX 253
/* RFC 1035 2.3.4: a label is at most 63 octets. */
#define KN_DNS_LABEL_MAX 63
/* Questions one analysis may send through a resolver (cache hits are
 * free); bounds the work a hostile message can cause. */
#define KN_DNS_MAX_QUERIES 400
/* Bytes of answer text kept in a log entry. */
#define KN_DNS_SUMMARY_MAX 240

/* RR types (RFC 1035 3.2.2, RFC 3596, RFC 4408 for type 99). */
typedef enum kn_dns_type {
	KN_DNS_A = 1,
	KN_DNS_CNAME = 5,
	KN_DNS_PTR = 12,
	KN_DNS_MX = 15,
	KN_DNS_TXT = 16,
	KN_DNS_AAAA = 28,
	KN_DNS_SPF = 99
} kn_dns_type;

typedef enum kn_dns_status {
	KN_DNS_NOERROR = 0, /* RCODE 0 with at least one record */
	KN_DNS_NODATA,      /* RCODE 0, no record of the type */
	KN_DNS_NXDOMAIN,    /* RCODE 3 */
	KN_DNS_SERVFAIL,    /* RCODE 2 or another failure (CNAME loop...) */
	KN_DNS_TIMEOUT      /* no answer in time */
} kn_dns_status;

/* One resource record; which member is valid follows type. */
typedef struct kn_dns_rr {
	kn_dns_type type;
	union {
		unsigned char addr[16];  /* A: 4 bytes, AAAA: 16, network order */
		struct {
			unsigned pref;
			const char *exchange; /* normalised name */
		} mx;
		struct {
			size_t count;           /* character-strings, kept apart */
			const kn_slice *strings;/* each NUL-terminated too */
		} txt;                          /* TXT and SPF (99) */
		const char *name;               /* PTR, CNAME: normalised */
	} u;
} kn_dns_rr;

/* The answer to one question. */
typedef struct kn_dns_answer {
	kn_dns_status status;
	size_t count;        /* records, 0 unless NOERROR */
	const kn_dns_rr *rrs;
} kn_dns_answer;

/* A backend: embed as the first member of the backend's own struct. */
typedef struct kn_dns_backend kn_dns_backend;
struct kn_dns_backend {
	const char *name; /* shown in the lookup log: "memory", "udp 192.0.2.53" */
	/*
	 * Answer qname (normalised: lower case, no trailing dot) of type.
	 * Fill *out with records allocated in ar. Return 0, or a negative
	 * kensa_error when kensa itself failed (not for DNS failures).
	 */
	int (*query)(kn_dns_backend *be, kn_arena *ar, const char *qname,
		kn_dns_type type, kn_dns_answer *out);
};

/* One line of the lookup log. */
typedef struct kn_dns_log_entry {
	const char *qname;   /* normalised */
	kn_dns_type type;
	const char *backend; /* backend name */
	kn_dns_status status;
	const char *summary; /* "192.0.2.1, 192.0.2.2", "\"v=spf1 -all\"", ... */
	double ms;           /* wall time of the backend call, milliseconds */
	bool cached;         /* answered from this analysis's cache */
} kn_dns_log_entry;

/* A per-analysis resolver: cache + log in front of one backend. */
typedef struct kn_resolver {
	kn_arena *ar;
	kn_dns_backend *be;
	kn_vec cache;        /* internal entries */
	kn_vec log;          /* kn_dns_log_entry, in query order */
	unsigned queries;    /* backend calls made */
} kn_resolver;

/*
 * Initialise r over backend be; records and log live in ar (the analysis
 * arena), which must outlive r. No allocation. Returns 0 or KENSA_EINVAL.
 */
int kn_dns_init(kn_resolver *r, kn_arena *ar, kn_dns_backend *be);

/*
 * Ask r for (name, type). name may carry a trailing dot and any case.
 * *out points at an answer owned by r's arena (shared with the cache):
 * do not modify it. Every call appends one entry to r->log. Names longer
 * than KN_DNS_NAME_MAX or with empty labels are answered NXDOMAIN
 * without asking the backend; past KN_DNS_MAX_QUERIES backend calls the
 * answer is SERVFAIL. Returns 0, KENSA_EINVAL or KENSA_ENOMEM.
 */
int kn_dns_query(kn_resolver *r, const char *name, kn_dns_type type,
	const kn_dns_answer **out);

/* "A", "AAAA", "MX", ... ("TYPE<n>" is not produced: unknown gives "?"). */
const char *kn_dns_type_name(kn_dns_type type);
/* "NOERROR", "NODATA", "NXDOMAIN", "SERVFAIL", "TIMEOUT". */
const char *kn_dns_status_name(kn_dns_status status);

/*
 * Normalised copy of name in ar: ASCII lower case, one trailing dot
 * removed. NULL on oom or when name is NULL.
 */
char *kn_dns_normalize(kn_arena *ar, const char *name);

/*
 * Is name (len bytes, an optional trailing dot) a well-formed domain
 * name in text form: 1..KN_DNS_NAME_MAX characters, labels of
 * 1..KN_DNS_LABEL_MAX octets (RFC 1035 2.3.4)? Characters are not
 * restricted (RFC 2181 11).
 */
bool kn_dns_name_valid(const char *name, size_t len);

/* Longest wire-form domain name in octets (RFC 1035 3.1). */
#define KN_DNS_WIRE_MAX 255

/*
 * The text of the wire-form domain name d (size octets, RFC 1035 3.1),
 * labels joined by '.' with their bytes as they are (no RFC 1035 5.1
 * escapes: kensa's names are plain strings), ASCII lower-cased, in ar.
 * "." for the root. NULL on oom or a malformed name. The label walk is
 * bounded by size.
 */
char *kn_dns_wire_name(kn_arena *ar, const unsigned char *d, size_t size);

/*
 * The reverse-lookup name of an address (RFC 1035 3.5 in-addr.arpa,
 * RFC 3596 2.5 ip6.arpa, nibbles in lower case) in ar. family is 4 or
 * 6; addr holds 4 or 16 bytes. NULL on oom.
 */
char *kn_dns_reverse_name(kn_arena *ar, int family, const unsigned char *addr);

/* The in-memory backend (dns_memory.c). */
typedef struct kn_dns_memory kn_dns_memory;

/* New empty memory backend (heap; free with kn_dns_memory_free). */
kn_dns_memory *kn_dns_memory_new(void);
void kn_dns_memory_free(kn_dns_memory *m);
/* The vtable to give kn_dns_init. */
kn_dns_backend *kn_dns_memory_backend(kn_dns_memory *m);

/*
 * Add a record at name from its presentation text:
 *   A "192.0.2.1", AAAA "2001:db8::1", MX "10 mail.example.com",
 *   PTR/CNAME "host.example.com", TXT/SPF either zone-file quoted
 *   character-strings ("v=spf1 " "-all", with \" \\ \DDD escapes) or,
 *   when the text does not start with a quote, the whole text as one
 *   character-string.
 * Returns 0, KENSA_EINVAL (unparsable rdata, bad name) or KENSA_ENOMEM.
 */
int kn_dns_memory_add(kn_dns_memory *m, const char *name, kn_dns_type type,
	const char *rdata);
/*
 * Add a TXT (or SPF) record of count character-strings given exactly
 * (they may hold any byte; count may be 0). Returns 0/KENSA_EINVAL/ENOMEM.
 */
int kn_dns_memory_add_txt(kn_dns_memory *m, const char *name,
	kn_dns_type type, size_t count, const char *const *strings,
	const size_t *lens);
/*
 * Make name exist without records (a name with other types answers
 * NODATA anyway; this makes an empty one). Returns 0/EINVAL/ENOMEM.
 */
int kn_dns_memory_touch(kn_dns_memory *m, const char *name);
/*
 * Make questions for name fail with status (KN_DNS_TIMEOUT or
 * KN_DNS_SERVFAIL) for every type of which no record was added at name:
 * a server that answers what it has and times out on the rest (the
 * OpenSPF test-suite "TIMEOUT" entry). Returns 0/EINVAL/ENOMEM.
 */
int kn_dns_memory_fail(kn_dns_memory *m, const char *name,
	kn_dns_status status);

#endif
