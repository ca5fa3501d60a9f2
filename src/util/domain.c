/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	domain 3
 * SUMMARY
 *	organizational domain lookup over the Public Suffix List
 * DESCRIPTION
 *	See domain.h. The psl_ctx_t is made once under g_once and shared
 *	read-only by every thread (libpsl lookups do not modify it).
 * CACHE
 *	psl_registrable_domain() costs several thousand instructions and an
 *	analysis asks about the same few names again and again (3% of the
 *	offline analysis time). Each thread keeps a direct-mapped table of
 *	KN_ORG_CACHE lower-cased names shorter than KN_ORG_NAME bytes with
 *	the offset of their registrable suffix (or none); the PSL context
 *	never changes after it is loaded, so an entry stays true for the
 *	process. The table is freed when its thread exits (a pthread key
 *	destructor); without memory for it, every call asks libpsl.
 * STANDARDS
 *	RFC 7489 section 3.2 (organizational domain).
 * LIMITS
 *	Names longer than KN_DOMAIN_MAX bytes are not looked up.
 *--*/
#include "util/domain.h"

#include <glib.h>
#include <libpsl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

/* RFC 1035 section 2.3.4: 255 octets for a whole name. */
#define KN_DOMAIN_MAX 255
/* Entries of the per-thread organizational-domain cache (power of 2). */
#define KN_ORG_CACHE 256
/* Names cached are shorter than this many bytes. */
#define KN_ORG_NAME 96

struct org_entry {
	char name[KN_ORG_NAME]; /* "" when unused */
	int16_t off;            /* offset of the registrable domain; -1 none */
};

static pthread_key_t org_key;
static pthread_once_t org_once = PTHREAD_ONCE_INIT;
static bool org_key_ok;

static void
org_key_init(void)
{
	org_key_ok = pthread_key_create(&org_key, free) == 0;
}

/* This thread's table, made on first use; NULL without memory. */
static struct org_entry *
org_cache(void)
{
	struct org_entry *c;

	pthread_once(&org_once, org_key_init);
	if (!org_key_ok)
		return NULL;
	if ((c = pthread_getspecific(org_key)) != NULL)
		return c;
	if ((c = calloc(KN_ORG_CACHE, sizeof(*c))) == NULL)
		return NULL;
	if (pthread_setspecific(org_key, c) != 0) {
		free(c);
		return NULL;
	}
	return c;
}

static gpointer
psl_load(gpointer unused)
{
	const psl_ctx_t *ctx = psl_latest(NULL);

	(void)unused;
	if (ctx == NULL)
		ctx = psl_builtin();
	return (gpointer)ctx;
}

static const psl_ctx_t *
psl_get(void)
{
	static GOnce once = G_ONCE_INIT;

	return g_once(&once, psl_load, NULL);
}

const char *
kn_org_domain(kn_arena *ar, const char *domain)
{
	const psl_ctx_t *ctx;
	const char *reg;
	struct org_entry *cache, *e = NULL;
	char *low;
	size_t n;

	if (domain == NULL || domain[0] == '\0')
		return NULL;
	n = strlen(domain);
	while (n > 0 && domain[n - 1] == '.')
		n--;
	if (n == 0)
		return NULL;
	low = kn_strndup(ar, domain, n);
	if (low == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (low[i] >= 'A' && low[i] <= 'Z')
			low[i] = (char)(low[i] + 32);
	}
	if (n > KN_DOMAIN_MAX || (ctx = psl_get()) == NULL)
		return low;
	if (n < KN_ORG_NAME && (cache = org_cache()) != NULL) {
		uint32_t h = 2166136261u; /* FNV-1a */

		for (size_t i = 0; i < n; i++)
			h = (h ^ (unsigned char)low[i]) * 16777619u;
		e = &cache[h & (KN_ORG_CACHE - 1)];
		if (memcmp(e->name, low, n + 1) == 0)
			return e->off < 0 ? low : low + e->off;
	}
	reg = psl_registrable_domain(ctx, low);
	if (e != NULL && (reg == NULL || (reg >= low && reg <= low + n))) {
		memcpy(e->name, low, n + 1);
		e->off = reg == NULL ? -1 : (int16_t)(reg - low);
	}
	/* reg points into low (a suffix of it): no copy needed. */
	return reg != NULL ? reg : low;
}

bool
kn_org_domain_same(kn_arena *ar, const char *a, const char *b)
{
	const char *oa = kn_org_domain(ar, a);
	const char *ob = kn_org_domain(ar, b);

	return oa != NULL && ob != NULL && strcmp(oa, ob) == 0;
}

bool
kn_domain_suffix_known(const char *domain, size_t n)
{
	char buf[KN_DOMAIN_MAX + 1];
	const psl_ctx_t *ctx = psl_get();
	const char *dot;

	if (ctx == NULL || n == 0 || n > KN_DOMAIN_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		buf[i] = (domain[i] >= 'A' && domain[i] <= 'Z') ?
			(char)(domain[i] + 32) : domain[i];
	buf[n] = '\0';
	dot = strrchr(buf, '.');
	if (dot == NULL || dot[1] == '\0')
		return false;
	return psl_is_public_suffix2(ctx, dot + 1,
		PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}
