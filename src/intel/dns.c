/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dns 3
 * SUMMARY
 *	per-analysis resolver: name normalisation, cache, lookup log
 * SYNOPSIS
 *	#include "intel/dns.h"
 * DESCRIPTION
 *	kn_dns_query() normalises the question, answers it from the cache
 *	of this analysis when it can, otherwise asks the backend and times
 *	the call, then appends one kn_dns_log_entry. The cache is a linear
 *	list bounded by KN_DNS_MAX_QUERIES entries: a few hundred questions
 *	per message at most, so no hashing is needed.
 * LIMITS
 *	KN_DNS_MAX_QUERIES backend calls per resolver, then SERVFAIL.
 *	Names over KN_DNS_NAME_MAX characters or with a label over
 *	KN_DNS_LABEL_MAX octets (RFC 1035 2.3.4) are answered NXDOMAIN.
 * ERRORS
 *	KENSA_EINVAL (NULL arguments), KENSA_ENOMEM.
 *--*/
#include "intel/dns.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <kensa/errors.h>

#include "util/buf.h"

typedef struct dns_cache_entry {
	const char *qname;
	kn_dns_type type;
	const kn_dns_answer *answer;
	const char *summary;
} dns_cache_entry;

int
kn_dns_init(kn_resolver *r, kn_arena *ar, kn_dns_backend *be)
{
	if (r == NULL || ar == NULL || be == NULL || be->query == NULL)
		return KENSA_EINVAL;
	memset(r, 0, sizeof(*r));
	r->ar = ar;
	r->be = be;
	return 0;
}

const char *
kn_dns_type_name(kn_dns_type type)
{
	switch (type) {
	case KN_DNS_A: return "A";
	case KN_DNS_CNAME: return "CNAME";
	case KN_DNS_PTR: return "PTR";
	case KN_DNS_MX: return "MX";
	case KN_DNS_TXT: return "TXT";
	case KN_DNS_AAAA: return "AAAA";
	case KN_DNS_SPF: return "SPF";
	}
	return "?";
}

const char *
kn_dns_status_name(kn_dns_status status)
{
	switch (status) {
	case KN_DNS_NOERROR: return "NOERROR";
	case KN_DNS_NODATA: return "NODATA";
	case KN_DNS_NXDOMAIN: return "NXDOMAIN";
	case KN_DNS_SERVFAIL: return "SERVFAIL";
	case KN_DNS_TIMEOUT: return "TIMEOUT";
	}
	return "?";
}

char *
kn_dns_normalize(kn_arena *ar, const char *name)
{
	size_t len;
	char *out;

	if (name == NULL)
		return NULL;
	len = strlen(name);
	if (len > 1 && name[len - 1] == '.')
		len--;
	out = kn_strndup(ar, name, len);
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
	return out;
}

bool
kn_dns_name_valid(const char *name, size_t len)
{
	size_t label = 0;

	if (name == NULL)
		return false;
	if (len > 0 && name[len - 1] == '.')
		len--;
	if (len == 0 || len > KN_DNS_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (name[i] == '.') {
			if (label == 0)
				return false;
			label = 0;
		} else if (++label > KN_DNS_LABEL_MAX) {
			return false;
		}
	}
	return label > 0;
}

char *
kn_dns_reverse_name(kn_arena *ar, int family, const unsigned char *addr)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[16 * 4 + sizeof("ip6.arpa")];
	size_t n = 0;

	if (addr == NULL)
		return NULL;
	if (family == 4)
		return kn_sprintf(ar, "%u.%u.%u.%u.in-addr.arpa", addr[3],
			addr[2], addr[1], addr[0]);
	if (family != 6)
		return NULL;
	for (int i = 15; i >= 0; i--) {
		tmp[n++] = hex[addr[i] & 0x0f];
		tmp[n++] = '.';
		tmp[n++] = hex[addr[i] >> 4];
		tmp[n++] = '.';
	}
	memcpy(tmp + n, "ip6.arpa", sizeof("ip6.arpa"));
	return kn_strdup(ar, tmp);
}

static double
now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* One record as text for the log. */
static void
summarize_rr(kn_buf *b, const kn_dns_rr *rr)
{
	char ip[64];

	switch (rr->type) {
	case KN_DNS_A:
		snprintf(ip, sizeof(ip), "%u.%u.%u.%u", rr->u.addr[0],
			rr->u.addr[1], rr->u.addr[2], rr->u.addr[3]);
		kn_buf_adds(b, ip);
		break;
	case KN_DNS_AAAA:
		for (int i = 0; i < 16; i += 2) {
			snprintf(ip, sizeof(ip), "%s%x", i ? ":" : "",
				(unsigned)(rr->u.addr[i] << 8 | rr->u.addr[i + 1]));
			kn_buf_adds(b, ip);
		}
		break;
	case KN_DNS_MX:
		kn_buf_printf(b, "%u %s", rr->u.mx.pref,
			rr->u.mx.exchange ? rr->u.mx.exchange : "");
		break;
	case KN_DNS_TXT:
	case KN_DNS_SPF:
		for (size_t i = 0; i < rr->u.txt.count; i++) {
			const kn_slice *s = &rr->u.txt.strings[i];

			kn_buf_adds(b, i ? " \"" : "\"");
			for (size_t j = 0; j < s->len; j++) {
				unsigned char c = (unsigned char)s->p[j];

				if (c < 0x20 || c > 0x7e || c == '"' || c == '\\')
					kn_buf_printf(b, "\\%03u", c);
				else
					kn_buf_addc(b, (char)c);
			}
			kn_buf_addc(b, '"');
		}
		break;
	case KN_DNS_PTR:
	case KN_DNS_CNAME:
		kn_buf_adds(b, rr->u.name ? rr->u.name : "");
		break;
	}
}

static const char *
summarize(kn_arena *ar, const kn_dns_answer *ans)
{
	kn_buf b;
	const char *out;

	if (ans->status != KN_DNS_NOERROR)
		return kn_dns_status_name(ans->status);
	kn_buf_init(&b, KN_DNS_SUMMARY_MAX);
	for (size_t i = 0; i < ans->count; i++) {
		if (i)
			kn_buf_adds(&b, ", ");
		summarize_rr(&b, &ans->rrs[i]);
	}
	if (b.err) {
		/* Over the cap: keep what fits and mark the cut. */
		b.err = 0;
		if (b.len + 3 > KN_DNS_SUMMARY_MAX)
			b.len = KN_DNS_SUMMARY_MAX - 3;
		kn_buf_adds(&b, "...");
	}
	out = kn_strdup(ar, kn_buf_cstr(&b));
	kn_buf_dispose(&b);
	return out;
}

static int
log_entry(kn_resolver *r, const char *qname, kn_dns_type type,
	kn_dns_status status, const char *summary, double ms, bool cached)
{
	kn_dns_log_entry *e = kn_vec_push(r->ar, &r->log, sizeof(*e));

	if (e == NULL)
		return KENSA_ENOMEM;
	e->qname = qname;
	e->type = type;
	e->backend = r->be->name ? r->be->name : "?";
	e->status = status;
	e->summary = summary;
	e->ms = ms;
	e->cached = cached;
	return 0;
}

int
kn_dns_query(kn_resolver *r, const char *name, kn_dns_type type,
	const kn_dns_answer **out)
{
	static const kn_dns_answer nxdomain = { KN_DNS_NXDOMAIN, 0, NULL };
	static const kn_dns_answer servfail = { KN_DNS_SERVFAIL, 0, NULL };
	dns_cache_entry *ce;
	kn_dns_answer *ans;
	char *qname;
	double t0, ms;
	int rc;

	if (r == NULL || name == NULL || out == NULL)
		return KENSA_EINVAL;
	*out = NULL;
	qname = kn_dns_normalize(r->ar, name);
	if (qname == NULL)
		return KENSA_ENOMEM;

	ce = r->cache.items;
	for (size_t i = 0; i < r->cache.count; i++) {
		if (ce[i].type == type && strcmp(ce[i].qname, qname) == 0) {
			*out = ce[i].answer;
			return log_entry(r, qname, type, ce[i].answer->status,
				ce[i].summary, 0, true);
		}
	}

	if (!kn_dns_name_valid(qname, strlen(qname))) {
		*out = &nxdomain;
		return log_entry(r, qname, type, KN_DNS_NXDOMAIN,
			"invalid name, not sent", 0, false);
	}
	if (r->queries >= KN_DNS_MAX_QUERIES) {
		*out = &servfail;
		return log_entry(r, qname, type, KN_DNS_SERVFAIL,
			"query budget of the analysis exhausted, not sent", 0,
			false);
	}

	ans = kn_alloc(r->ar, sizeof(*ans));
	if (ans == NULL)
		return KENSA_ENOMEM;
	r->queries++;
	t0 = now_ms();
	rc = r->be->query(r->be, r->ar, qname, type, ans);
	ms = now_ms() - t0;
	if (rc < 0)
		return rc;
	if (ans->status == KN_DNS_NOERROR && ans->count == 0)
		ans->status = KN_DNS_NODATA;
	if (ans->status != KN_DNS_NOERROR)
		ans->count = 0;

	ce = kn_vec_push(r->ar, &r->cache, sizeof(*ce));
	if (ce == NULL)
		return KENSA_ENOMEM;
	ce->qname = qname;
	ce->type = type;
	ce->answer = ans;
	ce->summary = summarize(r->ar, ans);
	if (ce->summary == NULL)
		return KENSA_ENOMEM;
	*out = ans;
	return log_entry(r, qname, type, ans->status, ce->summary, ms, false);
}

char *
kn_dns_wire_name(kn_arena *ar, const unsigned char *d, size_t size)
{
	char buf[KN_DNS_WIRE_MAX + 2];
	size_t pos = 0, len = 0;

	if (d == NULL)
		return NULL;
	while (pos < size && d[pos] != 0) {
		size_t l = d[pos++];

		if (l > 63 || pos + l > size || len + l + 1 >= sizeof(buf))
			return NULL;
		if (len)
			buf[len++] = '.';
		for (size_t i = 0; i < l; i++) {
			char c = (char)d[pos + i];

			buf[len++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
		}
		pos += l;
	}
	if (len == 0)
		buf[len++] = '.';
	return kn_strndup(ar, buf, len);
}
