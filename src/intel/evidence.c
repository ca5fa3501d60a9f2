/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	evidence 3
 * SUMMARY
 *	DNS answers of an analysis written back as zone files
 * SYNOPSIS
 *	#include "intel/evidence.h"
 * DESCRIPTION
 *	The recorder's query passes the question to the inner backend and
 *	deep-copies the answer into its own arena (the analysis arena may
 *	be gone when the evidence is saved). A question already recorded
 *	keeps its first answer.
 *
 *	kn_evidence_save() groups the questions by zone: the
 *	organizational domain of the name (util/domain.h, Public Suffix
 *	List), or the public suffix above it when that domain was itself
 *	answered NXDOMAIN (a zone at the domain would make it exist). Each
 *	zone file holds an SOA at the apex, the records with absolute owner
 *	names, private-type markers for NODATA names (evidence.h), a
 *	comment per negative answer and a kensa-fail comment per failure. Owner names and TXT strings
 *	are escaped as RFC 1035 5.1 asks (\DDD, \", \\).
 * LIMITS
 *	KN_EVIDENCE_MAX questions; later ones pass through unrecorded.
 * ERRORS
 *	KENSA_EIO, KENSA_ENOMEM.
 *--*/
#include "intel/evidence.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <kensa/errors.h>

#include "util/domain.h"

/* The RR type that marks an existing name without data: private use
 * (RFC 6895 3.1), so no real type is invented. */
#define KN_EVIDENCE_MARK_TYPE 65534

typedef struct ev_entry {
	const char *qname;
	kn_dns_type type;
	kn_dns_answer ans;     /* deep copy in ev->ar */
} ev_entry;

struct kn_evidence {
	kn_dns_backend be;     /* first: the vtable */
	kn_dns_backend *inner;
	kn_arena ar;
	kn_vec entries;        /* ev_entry */
};

static int ev_query(kn_dns_backend *be, kn_arena *ar, const char *qname,
	kn_dns_type type, kn_dns_answer *out);

kn_evidence *
kn_evidence_new(kn_dns_backend *inner)
{
	kn_evidence *ev;

	if (inner == NULL || inner->query == NULL)
		return NULL;
	ev = calloc(1, sizeof(*ev));
	if (ev == NULL)
		return NULL;
	ev->be.name = inner->name;
	ev->be.query = ev_query;
	ev->inner = inner;
	kn_arena_init(&ev->ar);
	return ev;
}

void
kn_evidence_free(kn_evidence *ev)
{
	if (ev == NULL)
		return;
	kn_arena_dispose(&ev->ar);
	free(ev);
}

kn_dns_backend *
kn_evidence_backend(kn_evidence *ev)
{
	return ev ? &ev->be : NULL;
}

size_t
kn_evidence_count(const kn_evidence *ev)
{
	return ev ? ev->entries.count : 0;
}

/* Deep copy of src into e->ans in ar. */
static int
copy_answer(kn_arena *ar, kn_dns_answer *dst, const kn_dns_answer *src)
{
	kn_dns_rr *rrs;

	*dst = *src;
	dst->rrs = NULL;
	if (src->status != KN_DNS_NOERROR || src->count == 0) {
		dst->count = 0;
		return 0;
	}
	rrs = kn_calloc(ar, src->count, sizeof(*rrs));
	if (rrs == NULL)
		return KENSA_ENOMEM;
	for (size_t i = 0; i < src->count; i++) {
		const kn_dns_rr *s = &src->rrs[i];
		kn_dns_rr *d = &rrs[i];

		*d = *s;
		switch (s->type) {
		case KN_DNS_MX:
			d->u.mx.exchange = kn_strdup(ar, s->u.mx.exchange ? s->u.mx.exchange : "");
			if (d->u.mx.exchange == NULL)
				return KENSA_ENOMEM;
			break;
		case KN_DNS_PTR:
		case KN_DNS_CNAME:
			d->u.name = kn_strdup(ar, s->u.name ? s->u.name : "");
			if (d->u.name == NULL)
				return KENSA_ENOMEM;
			break;
		case KN_DNS_TXT:
		case KN_DNS_SPF: {
			kn_slice *sv;

			if (s->u.txt.count == 0)
				break;
			sv = kn_calloc(ar, s->u.txt.count, sizeof(*sv));
			if (sv == NULL)
				return KENSA_ENOMEM;
			for (size_t j = 0; j < s->u.txt.count; j++) {
				sv[j].len = s->u.txt.strings[j].len;
				sv[j].p = kn_strndup(ar, s->u.txt.strings[j].p, sv[j].len);
				if (sv[j].p == NULL)
					return KENSA_ENOMEM;
			}
			d->u.txt.strings = sv;
			break;
		}
		default:
			break;
		}
	}
	dst->rrs = rrs;
	return 0;
}

static int
ev_query(kn_dns_backend *be, kn_arena *ar, const char *qname,
	kn_dns_type type, kn_dns_answer *out)
{
	kn_evidence *ev = (kn_evidence *)be;
	ev_entry *e = ev->entries.items;
	int rc = ev->inner->query(ev->inner, ar, qname, type, out);

	be->name = ev->inner->name;
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < ev->entries.count; i++)
		if (e[i].type == type && strcmp(e[i].qname, qname) == 0)
			return 0;
	if (ev->entries.count >= KN_EVIDENCE_MAX)
		return 0;
	e = kn_vec_push(&ev->ar, &ev->entries, sizeof(*e));
	if (e == NULL)
		return KENSA_ENOMEM;
	e->qname = kn_strdup(&ev->ar, qname);
	e->type = type;
	if (e->qname == NULL)
		return KENSA_ENOMEM;
	rc = copy_answer(&ev->ar, &e->ans, out);
	/* The resolver turns NOERROR without records into NODATA; so do we. */
	if (e->ans.status == KN_DNS_NOERROR && e->ans.count == 0)
		e->ans.status = KN_DNS_NODATA;
	return rc;
}

/* Parent of a name ("a.b" -> "b"), or NULL for a single label. */
static const char *
parent(const char *name)
{
	const char *dot = strchr(name, '.');

	return dot ? dot + 1 : NULL;
}

/* name as a master-file owner: escaped, absolute (trailing dot). */
static void
put_name(FILE *f, const char *name)
{
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.' || *p == '*')
			fputc(*p, f);
		else
			fprintf(f, "\\%03u", *p);
	}
	fputc('.', f);
}

static void
put_string(FILE *f, const kn_slice *s)
{
	fputc('"', f);
	for (size_t i = 0; i < s->len; i++) {
		unsigned char c = (unsigned char)s->p[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c > 0x7e)
			fprintf(f, "\\%03u", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void
put_rr(FILE *f, const char *owner, const kn_dns_rr *rr)
{
	char ip[INET6_ADDRSTRLEN];

	put_name(f, owner);
	fprintf(f, " IN %s ", kn_dns_type_name(rr->type));
	switch (rr->type) {
	case KN_DNS_A:
	case KN_DNS_AAAA:
		if (inet_ntop(rr->type == KN_DNS_A ? AF_INET : AF_INET6,
		    rr->u.addr, ip, sizeof(ip)) != NULL)
			fputs(ip, f);
		break;
	case KN_DNS_MX:
		fprintf(f, "%u ", rr->u.mx.pref);
		put_name(f, rr->u.mx.exchange);
		break;
	case KN_DNS_PTR:
	case KN_DNS_CNAME:
		put_name(f, rr->u.name);
		break;
	case KN_DNS_TXT:
	case KN_DNS_SPF:
		for (size_t i = 0; i < rr->u.txt.count; i++) {
			if (i)
				fputc(' ', f);
			put_string(f, &rr->u.txt.strings[i]);
		}
		if (rr->u.txt.count == 0)
			fputs("\"\"", f); /* RFC 1035 3.3.14: at least one string */
		break;
	}
	fputc('\n', f);
}

static bool
was_nxdomain(const ev_entry *e, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (e[i].ans.status == KN_DNS_NXDOMAIN && strcmp(e[i].qname, name) == 0)
			return true;
	return false;
}

/* Does the zone file already hold a record at name (positive answers)? */
static bool
has_records(const ev_entry *e, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (e[i].ans.status == KN_DNS_NOERROR && strcmp(e[i].qname, name) == 0)
			return true;
	return false;
}

/* Write the zone file of zone: the entries i with zone_of[i] == zone
 * (interned pointers). */
static int
write_zone(const ev_entry *e, const char **zone_of, size_t n,
	const char *zone, const char *zdir, const char *source, char *err,
	size_t errlen)
{
	char path[4096], tmp[4096 + 8];
	size_t len = 0;
	FILE *f;

	/* File name: the zone, with anything but [a-z0-9.-_] as '_'. */
	len = (size_t)snprintf(path, sizeof(path), "%s/", zdir);
	for (const char *p = zone; *p && len + 6 < sizeof(path); p++) {
		char c = *p;

		path[len++] = ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			c == '-' || c == '_' || (c == '.' && p != zone)) ? c : '_';
	}
	memcpy(path + len, ".zone", 6);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return KENSA_EIO;
	}
	fprintf(f, "; kensa evidence: DNS answers recorded from %s\n", source);
	fputs("; (RFC 1035 master file; replay with kensa --replay DIR)\n", f);
	fputs("$TTL 3600\n", f);
	put_name(f, zone);
	fputs(" IN SOA localhost. hostmaster.localhost. 1 3600 600 86400 3600\n", f);
	for (size_t i = 0; i < n; i++) {
		const ev_entry *x = &e[i];

		if (zone_of[i] != zone)
			continue;
		switch (x->ans.status) {
		case KN_DNS_NOERROR:
			for (size_t k = 0; k < x->ans.count; k++)
				put_rr(f, x->qname, &x->ans.rrs[k]);
			break;
		case KN_DNS_NODATA:
			fprintf(f, "; %s %s: NODATA\n", x->qname, kn_dns_type_name(x->type));
			if (!has_records(e, n, x->qname) && strcmp(x->qname, zone) != 0) {
				put_name(f, x->qname);
				fprintf(f, " IN TYPE%u \\# 0\n", KN_EVIDENCE_MARK_TYPE);
			}
			break;
		case KN_DNS_NXDOMAIN:
			fprintf(f, "; %s %s: NXDOMAIN\n", x->qname,
				kn_dns_type_name(x->type));
			break;
		default:
			/* A comment to DNS servers; dns_zone.c replays it. */
			fputs("; kensa-fail ", f);
			put_name(f, x->qname);
			fprintf(f, " %s %s\n", kn_dns_type_name(x->type),
				kn_dns_status_name(x->ans.status));
			break;
		}
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		remove(tmp);
		return KENSA_EIO;
	}
	return 0;
}

int
kn_evidence_save(const kn_evidence *ev, const char *dir, char *err,
	size_t errlen)
{
	char zdir[4096];
	const ev_entry *e;
	const char **zone_of = NULL;
	kn_vec zones = { 0 };
	kn_arena tmp;
	int rc = 0;

	if (ev == NULL || dir == NULL)
		return KENSA_EINVAL;
	snprintf(zdir, sizeof(zdir), "%s/zones", dir);
	if ((mkdir(dir, 0755) != 0 && errno != EEXIST) ||
	    (mkdir(zdir, 0755) != 0 && errno != EEXIST)) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", zdir, strerror(errno));
		return KENSA_EIO;
	}
	kn_arena_init(&tmp);
	e = ev->entries.items;
	zone_of = kn_calloc(&tmp, ev->entries.count + 1, sizeof(*zone_of));
	if (zone_of == NULL)
		rc = KENSA_ENOMEM;
	/* Assign zones, interned so that write_zone() compares pointers. */
	for (size_t i = 0; i < ev->entries.count && rc == 0; i++) {
		const char *z = kn_org_domain(&tmp, e[i].qname);
		const char **zv;

		if (z == NULL) {
			rc = KENSA_ENOMEM;
			break;
		}
		if (was_nxdomain(e, ev->entries.count, z) && parent(z) != NULL)
			z = parent(z);
		zv = zones.items;
		for (size_t k = 0; k < zones.count && zone_of[i] == NULL; k++)
			if (strcmp(zv[k], z) == 0)
				zone_of[i] = zv[k];
		if (zone_of[i] == NULL) {
			zv = kn_vec_push(&tmp, &zones, sizeof(*zv));
			if (zv == NULL) {
				rc = KENSA_ENOMEM;
				break;
			}
			*zv = z;
			zone_of[i] = z;
		}
	}
	for (size_t k = 0; k < zones.count && rc == 0; k++)
		rc = write_zone(e, zone_of, ev->entries.count,
			((const char **)zones.items)[k], zdir,
			ev->inner->name ? ev->inner->name : "?", err, errlen);
	kn_arena_dispose(&tmp);
	return rc;
}
