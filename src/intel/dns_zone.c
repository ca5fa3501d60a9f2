/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dns_zone 3
 * SUMMARY
 *	replay backend: RFC 1035 master files read with ldns
 * SYNOPSIS
 *	#include "intel/dns_zone.h"
 * DESCRIPTION
 *	Each <name>.zone file is parsed record by record with ldns
 *	(ldns_rr_new_frm_fp_l, which also keeps $ORIGIN and $TTL), <name>
 *	being the initial $ORIGIN (RFC 1035 5.1); the zone's apex is
 *	the owner of its SOA record, or <name> when it has none. Records
 *	under the apex go into a dns_memory backend (A, AAAA, MX, PTR,
 *	CNAME from their presentation text, TXT and SPF string by string);
 *	every owner and its ancestors up to the apex are made to exist, so
 *	empty non-terminals answer NODATA (RFC 8020). Records of other
 *	types (SOA, NS, ...) only make their owner exist; records outside
 *	the apex are ignored. "; kensa-fail NAME TYPE STATUS" comments
 *	(written by evidence.c) make NAME answer TIMEOUT or SERVFAIL.
 *
 *	A question goes to the longest apex that holds the name; with
 *	none, NXDOMAIN and the log name "replay DIR (not in evidence)".
 * LIMITS
 *	KN_DNS_ZONE_MAX_FILES, KN_DNS_ZONE_MAX_RECORDS (dns_zone.h).
 * ERRORS
 *	See dns_zone.h.
 *--*/
#include "intel/dns_zone.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <ldns/ldns.h>

#include <kensa/errors.h>

struct kn_dns_zone {
	kn_dns_backend be;   /* first: the vtable */
	kn_dns_memory *mem;
	kn_arena ar;
	kn_vec apexes;       /* const char *, normalised */
	size_t records;
	const char *name_in;  /* "replay DIR" */
	const char *name_out; /* "replay DIR (not in evidence)" */
};

static int zone_query(kn_dns_backend *be, kn_arena *ar, const char *qname,
	kn_dns_type type, kn_dns_answer *out);

static void
set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Is name equal to apex or under it (label boundary)? */
static bool
in_zone(const char *name, const char *apex)
{
	size_t n = strlen(name), a = strlen(apex);

	if (n == a)
		return strcmp(name, apex) == 0;
	return n > a && name[n - a - 1] == '.' && strcmp(name + n - a, apex) == 0;
}

/* The text of the wire-form domain name rdf (kn_dns_wire_name); NULL when not a name. */
static char *
wire_name(kn_arena *ar, const ldns_rdf *rdf)
{
	if (rdf == NULL || ldns_rdf_get_type(rdf) != LDNS_RDF_TYPE_DNAME)
		return NULL;
	return kn_dns_wire_name(ar, ldns_rdf_data(rdf), ldns_rdf_size(rdf));
}

/* Normalised text of an owner name in the zone's arena. */
static char *
owner_text(kn_dns_zone *z, const ldns_rdf *rdf)
{
	return wire_name(&z->ar, rdf);
}

/* The rdata of r as dns_memory.c reads it: addresses in presentation
 * form, names as wire_name() text. */
static char *
rdata_text(kn_dns_zone *z, const ldns_rr *r)
{
	const ldns_rdf *f = ldns_rr_rdf(r, 0);
	char *s, *out;

	if (f == NULL)
		return NULL;
	switch (ldns_rr_get_type(r)) {
	case LDNS_RR_TYPE_MX:
		if (ldns_rr_rd_count(r) < 2 || ldns_rdf_size(f) != 2)
			return NULL;
		s = wire_name(&z->ar, ldns_rr_rdf(r, 1));
		return s ? kn_sprintf(&z->ar, "%u %s", ldns_rdf2native_int16(f), s) : NULL;
	case LDNS_RR_TYPE_PTR:
	case LDNS_RR_TYPE_CNAME:
		return wire_name(&z->ar, f);
	default:
		s = ldns_rdf2str(f);
		if (s == NULL)
			return NULL;
		out = kn_strdup(&z->ar, s);
		free(s);
		return out;
	}
}

/* Make name and its ancestors down to apex exist. */
static int
touch_path(kn_dns_zone *z, const char *name, const char *apex)
{
	const char *p = name;
	size_t alen = strlen(apex);

	/* Each step drops one label; a name has at most 127 labels
	 * (RFC 1035 2.3.4), so the loop is bounded by the name. */
	while (p != NULL) {
		int rc = kn_dns_memory_touch(z->mem, p);

		if (rc < 0)
			return rc;
		if (strlen(p) <= alen)
			break;
		p = strchr(p, '.');
		if (p != NULL)
			p++;
	}
	return 0;
}

static int
add_rr(kn_dns_zone *z, const ldns_rr *r, const char *owner)
{
	ldns_rr_type t = ldns_rr_get_type(r);
	char *text;

	switch (t) {
	case LDNS_RR_TYPE_A:
	case LDNS_RR_TYPE_AAAA:
	case LDNS_RR_TYPE_MX:
	case LDNS_RR_TYPE_PTR:
	case LDNS_RR_TYPE_CNAME:
		text = rdata_text(z, r);
		if (text == NULL)
			return KENSA_EFORMAT;
		return kn_dns_memory_add(z->mem, owner, (kn_dns_type)t, text);
	case LDNS_RR_TYPE_TXT:
	case LDNS_RR_TYPE_SPF: {
		size_t count = ldns_rr_rd_count(r);
		const char **sv = kn_calloc(&z->ar, count + 1, sizeof(*sv));
		size_t *lv = kn_calloc(&z->ar, count + 1, sizeof(*lv));

		if (sv == NULL || lv == NULL)
			return KENSA_ENOMEM;
		for (size_t i = 0; i < count; i++) {
			const ldns_rdf *f = ldns_rr_rdf(r, i);
			const uint8_t *d = ldns_rdf_data(f);

			if (ldns_rdf_size(f) < 1 || (size_t)d[0] + 1 != ldns_rdf_size(f))
				return KENSA_EFORMAT;
			sv[i] = (const char *)d + 1;
			lv[i] = d[0];
		}
		return kn_dns_memory_add_txt(z->mem, owner, (kn_dns_type)t, count,
			sv, lv);
	}
	default:
		return 0; /* only makes the owner exist */
	}
}

/* Lines of one zone file scanned for kensa-fail comments. */
#define KN_DNS_ZONE_MAX_LINES 1000000

/*
 * Replay the "; kensa-fail NAME TYPE STATUS" comments of evidence.c:
 * NAME (absolute, RFC 1035 5.1 escapes) answers STATUS (TIMEOUT or
 * SERVFAIL) for every type it has no record of. Other lines are skipped.
 */
static int
load_failures(kn_dns_zone *z, const char *path, const char *apex)
{
	static const char tag[] = "; kensa-fail ";
	char line[2048];
	unsigned n = 0;
	FILE *fp = fopen(path, "r");
	int rc = 0;

	if (fp == NULL)
		return KENSA_EIO;
	while (rc == 0 && n++ < KN_DNS_ZONE_MAX_LINES &&
	       fgets(line, sizeof(line), fp) != NULL) {
		char name[1024], type[16], status[16];
		kn_dns_status st;
		ldns_rdf *rdf;
		char *owner;

		if (strncmp(line, tag, sizeof(tag) - 1) != 0 ||
		    sscanf(line + sizeof(tag) - 1, "%1023s %15s %15s", name, type,
			status) != 3)
			continue;
		if (strcmp(status, "TIMEOUT") == 0)
			st = KN_DNS_TIMEOUT;
		else if (strcmp(status, "SERVFAIL") == 0)
			st = KN_DNS_SERVFAIL;
		else
			continue;
		rdf = ldns_dname_new_frm_str(name);
		if (rdf == NULL)
			continue;
		owner = wire_name(&z->ar, rdf);
		ldns_rdf_deep_free(rdf);
		if (owner == NULL || !in_zone(owner, apex))
			continue;
		rc = touch_path(z, owner, apex);
		if (rc == 0)
			rc = kn_dns_memory_fail(z->mem, owner, st);
	}
	fclose(fp);
	return rc;
}

/*
 * Read the records of fp into a new list (*out), handling $ORIGIN and
 * $TTL (RFC 1035 5.1); $INCLUDE is refused (a zone is one file).
 * Record by record rather than ldns_zone_new_frm_fp_l(), which leaks the
 * records read before a syntax error (ldns 1.8.3). Returns 0,
 * KENSA_EFORMAT with *line set, KENSA_ETOOBIG or KENSA_ENOMEM.
 */
static int
read_rrs(FILE *fp, const char *origin, ldns_rr_list **out, int *line,
	size_t budget)
{
	ldns_rdf *orig = ldns_dname_new_frm_str(origin), *prev = NULL;
	ldns_rr_list *list = ldns_rr_list_new();
	uint32_t ttl = 3600;
	int rc = 0;

	*out = NULL;
	if (orig == NULL || list == NULL) {
		ldns_rdf_deep_free(orig);
		ldns_rr_list_free(list);
		return orig == NULL ? KENSA_EFORMAT : KENSA_ENOMEM;
	}
	/* One record or directive per round: bounded by the file. */
	while (!feof(fp)) {
		ldns_rr *rr = NULL;
		ldns_status st = ldns_rr_new_frm_fp_l(&rr, fp, &ttl, &orig, &prev,
			line);

		if (st == LDNS_STATUS_OK) {
			if (ldns_rr_list_rr_count(list) >= budget) {
				ldns_rr_free(rr);
				rc = KENSA_ETOOBIG;
				break;
			}
			if (!ldns_rr_list_push_rr(list, rr)) {
				ldns_rr_free(rr);
				rc = KENSA_ENOMEM;
				break;
			}
			continue;
		}
		if (st == LDNS_STATUS_SYNTAX_EMPTY || st == LDNS_STATUS_SYNTAX_TTL ||
		    st == LDNS_STATUS_SYNTAX_ORIGIN)
			continue;
		rc = st == LDNS_STATUS_MEM_ERR ? KENSA_ENOMEM : KENSA_EFORMAT;
		if (st == LDNS_STATUS_SYNTAX_INCLUDE)
			rc = KENSA_EFORMAT;
		break;
	}
	ldns_rdf_deep_free(orig);
	ldns_rdf_deep_free(prev);
	if (rc < 0) {
		ldns_rr_list_deep_free(list);
		return rc;
	}
	*out = list;
	return 0;
}

/* Load one file; origin is the file name without ".zone". */
static int
load_file(kn_dns_zone *z, const char *path, const char *origin, char *err,
	size_t errlen)
{
	ldns_rr_list *rrs = NULL;
	const char *apex = NULL;
	const char **slot;
	int line = 0, rc = 0;
	FILE *fp;

	fp = fopen(path, "r");
	if (fp == NULL) {
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		return KENSA_EIO;
	}
	rc = read_rrs(fp, origin, &rrs, &line,
		KN_DNS_ZONE_MAX_RECORDS - z->records);
	fclose(fp);
	if (rc < 0) {
		if (rc == KENSA_ETOOBIG)
			set_err(err, errlen, "%s: more than %d records in all zones",
				path, KN_DNS_ZONE_MAX_RECORDS);
		else
			set_err(err, errlen, "%s:%d: %s", path, line,
				rc == KENSA_EFORMAT ? "zone file syntax error" :
				"out of memory");
		return rc;
	}
	/* The apex: owner of the SOA (RFC 1035 5.2: at the top of the
	 * zone), else the file's name. */
	for (size_t i = 0; i < ldns_rr_list_rr_count(rrs) && apex == NULL; i++) {
		const ldns_rr *r = ldns_rr_list_rr(rrs, i);

		if (ldns_rr_get_type(r) == LDNS_RR_TYPE_SOA)
			apex = owner_text(z, ldns_rr_owner(r));
	}
	if (apex == NULL)
		apex = kn_dns_normalize(&z->ar, origin);
	if (apex == NULL || (rc = touch_path(z, apex, apex)) < 0) {
		ldns_rr_list_deep_free(rrs);
		return rc < 0 ? rc : KENSA_ENOMEM;
	}
	for (size_t i = 0; i < ldns_rr_list_rr_count(rrs); i++) {
		const ldns_rr *r = ldns_rr_list_rr(rrs, i);
		char *owner;

		if (ldns_rr_get_class(r) != LDNS_RR_CLASS_IN)
			continue;
		z->records++;
		owner = owner_text(z, ldns_rr_owner(r));
		if (owner == NULL) {
			rc = KENSA_ENOMEM;
			break;
		}
		if (!in_zone(owner, apex))
			continue;
		rc = touch_path(z, owner, apex);
		if (rc == 0)
			rc = add_rr(z, r, owner);
		if (rc < 0) {
			set_err(err, errlen, "%s: record %zu at %s unusable (%s)",
				path, i + 1, owner, kensa_strerror(rc));
			if (rc == KENSA_EINVAL)
				rc = KENSA_EFORMAT;
			break;
		}
	}
	ldns_rr_list_deep_free(rrs);
	if (rc == 0)
		rc = load_failures(z, path, apex);
	if (rc < 0)
		return rc;
	slot = kn_vec_push(&z->ar, &z->apexes, sizeof(*slot));
	if (slot == NULL)
		return KENSA_ENOMEM;
	*slot = apex;
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
kn_dns_zone_load(kn_dns_zone **out, const char *dir, char *err, size_t errlen)
{
	char path[4096];
	char **files = NULL;
	size_t nfiles = 0;
	struct dirent *de;
	struct stat st;
	kn_dns_zone *z;
	DIR *d;
	int rc = 0;

	if (out == NULL || dir == NULL)
		return KENSA_EINVAL;
	*out = NULL;
	set_err(err, errlen, "%s", "");
	/* DIR/zones when it exists, else DIR itself. */
	snprintf(path, sizeof(path), "%s/zones", dir);
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		snprintf(path, sizeof(path), "%s", dir);
	d = opendir(path);
	if (d == NULL) {
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		return errno == ENOENT ? KENSA_ENOTFOUND : KENSA_EIO;
	}
	z = calloc(1, sizeof(*z));
	if (z == NULL) {
		closedir(d);
		return KENSA_ENOMEM;
	}
	kn_arena_init(&z->ar);
	z->mem = kn_dns_memory_new();
	z->be.query = zone_query;
	z->name_in = kn_sprintf(&z->ar, "replay %s", dir);
	z->name_out = kn_sprintf(&z->ar, "replay %s (not in evidence)", dir);
	z->be.name = z->name_in;
	files = kn_calloc(&z->ar, KN_DNS_ZONE_MAX_FILES, sizeof(*files));
	if (z->mem == NULL || z->name_in == NULL || z->name_out == NULL ||
	    files == NULL) {
		closedir(d);
		kn_dns_zone_free(z);
		return KENSA_ENOMEM;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (len <= 5 || strcmp(de->d_name + len - 5, ".zone") != 0 ||
		    de->d_name[0] == '.')
			continue;
		if (nfiles == KN_DNS_ZONE_MAX_FILES) {
			set_err(err, errlen, "%s: more than %d zone files", path,
				KN_DNS_ZONE_MAX_FILES);
			rc = KENSA_ETOOBIG;
			break;
		}
		files[nfiles] = kn_strdup(&z->ar, de->d_name);
		if (files[nfiles++] == NULL) {
			rc = KENSA_ENOMEM;
			break;
		}
	}
	closedir(d);
	/* Sorted: loading order, and so record order, is reproducible. */
	qsort(files, nfiles, sizeof(*files), cmp_names);
	for (size_t i = 0; rc == 0 && i < nfiles; i++) {
		char file[4096 + 256];
		char *origin = kn_strndup(&z->ar, files[i], strlen(files[i]) - 5);

		if (origin == NULL) {
			rc = KENSA_ENOMEM;
			break;
		}
		snprintf(file, sizeof(file), "%s/%s", path, files[i]);
		rc = load_file(z, file, origin, err, errlen);
	}
	if (rc < 0) {
		kn_dns_zone_free(z);
		return rc;
	}
	*out = z;
	return 0;
}

void
kn_dns_zone_free(kn_dns_zone *z)
{
	if (z == NULL)
		return;
	kn_dns_memory_free(z->mem);
	kn_arena_dispose(&z->ar);
	free(z);
}

kn_dns_backend *
kn_dns_zone_backend(kn_dns_zone *z)
{
	return z ? &z->be : NULL;
}

size_t
kn_dns_zone_count(const kn_dns_zone *z)
{
	return z ? z->apexes.count : 0;
}

static int
zone_query(kn_dns_backend *be, kn_arena *ar, const char *qname,
	kn_dns_type type, kn_dns_answer *out)
{
	kn_dns_zone *z = (kn_dns_zone *)be;
	const char *const *apex = z->apexes.items;
	bool found = false;

	for (size_t i = 0; i < z->apexes.count && !found; i++)
		found = in_zone(qname, apex[i]);
	if (!found) {
		memset(out, 0, sizeof(*out));
		out->status = KN_DNS_NXDOMAIN;
		be->name = z->name_out;
		return 0;
	}
	be->name = z->name_in;
	return kn_dns_memory_backend(z->mem)->query(kn_dns_memory_backend(z->mem),
		ar, qname, type, out);
}
