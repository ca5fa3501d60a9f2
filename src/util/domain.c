/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	domain 3
 * SUMMARY
 *	organizational domain lookup over the Public Suffix List
 * DESCRIPTION
 *	See domain.h. The psl_ctx_t is made once under g_once and shared
 *	read-only by every thread (libpsl lookups do not modify it).
 * STANDARDS
 *	RFC 7489 section 3.2 (organizational domain).
 * LIMITS
 *	Names longer than KN_DOMAIN_MAX bytes are not looked up.
 *--*/
#include "util/domain.h"

#include <glib.h>
#include <libpsl.h>
#include <string.h>

#include "util/str.h"

/* RFC 1035 section 2.3.4: 255 octets for a whole name. */
#define KN_DOMAIN_MAX 255

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
	reg = psl_registrable_domain(ctx, low);
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
