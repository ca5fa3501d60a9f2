/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dns_memory 3
 * SUMMARY
 *	in-memory DNS backend: test data and zone-file replay
 * SYNOPSIS
 *	#include "intel/dns.h"
 * DESCRIPTION
 *	Holds names with their records, filled by kn_dns_memory_add()
 *	(presentation text) or kn_dns_memory_add_txt() (exact strings), and
 *	answers like an authoritative server would:
 *	a name never added is NXDOMAIN; a name with no record of the asked
 *	type is NODATA, or the failure set by kn_dns_memory_fail(); a CNAME
 *	at the name is followed (RFC 1034 3.6.2) for any other type, at most
 *	KN_DNS_MEMORY_MAX_CNAME times, a longer chain or a loop answering
 *	SERVFAIL. Names compare ASCII case-insensitively, trailing dot
 *	ignored. Records are answered in the order they were added.
 * LIMITS
 *	KN_DNS_MEMORY_MAX_CNAME; names checked by kn_dns_name_valid().
 * ERRORS
 *	KENSA_EINVAL for unparsable rdata or names, KENSA_ENOMEM.
 *--*/
#include "intel/dns.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <kensa/errors.h>

/* CNAME links followed for one question; RFC 1034 3.6.2 asks resolvers
 * to detect loops; 8 is what common resolvers allow. */
#define KN_DNS_MEMORY_MAX_CNAME 8
/* Character-strings in one TXT record written in presentation form:
 * a 65535-octet RDATA holds at most 65535 of them (RFC 1035 3.3.14). */
#define KN_DNS_MEMORY_MAX_STRINGS 65535

typedef struct mem_name {
	char *name;
	kn_dns_status fail;  /* NOERROR: no failure set */
	kn_vec rrs;          /* kn_dns_rr */
} mem_name;

struct kn_dns_memory {
	kn_dns_backend be;   /* first: the vtable */
	kn_arena ar;
	kn_vec names;        /* mem_name */
};

static int memory_query(kn_dns_backend *be, kn_arena *ar, const char *qname,
	kn_dns_type type, kn_dns_answer *out);

kn_dns_memory *
kn_dns_memory_new(void)
{
	kn_dns_memory *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return NULL;
	m->be.name = "memory";
	m->be.query = memory_query;
	kn_arena_init(&m->ar);
	return m;
}

void
kn_dns_memory_free(kn_dns_memory *m)
{
	if (m == NULL)
		return;
	kn_arena_dispose(&m->ar);
	free(m);
}

kn_dns_backend *
kn_dns_memory_backend(kn_dns_memory *m)
{
	return m ? &m->be : NULL;
}

static mem_name *
find_name(kn_dns_memory *m, const char *norm)
{
	mem_name *n = m->names.items;

	for (size_t i = 0; i < m->names.count; i++)
		if (strcmp(n[i].name, norm) == 0)
			return &n[i];
	return NULL;
}

/* The node for name, created when missing; NULL with *rc set. */
static mem_name *
get_name(kn_dns_memory *m, const char *name, int *rc)
{
	char *norm;
	mem_name *n;

	*rc = KENSA_EINVAL;
	if (m == NULL || name == NULL || !kn_dns_name_valid(name, strlen(name)))
		return NULL;
	*rc = KENSA_ENOMEM;
	norm = kn_dns_normalize(&m->ar, name);
	if (norm == NULL)
		return NULL;
	n = find_name(m, norm);
	if (n != NULL)
		return n;
	n = kn_vec_push(&m->ar, &m->names, sizeof(*n));
	if (n == NULL)
		return NULL;
	n->name = norm;
	n->fail = KN_DNS_NOERROR;
	return n;
}

int
kn_dns_memory_touch(kn_dns_memory *m, const char *name)
{
	int rc;

	return get_name(m, name, &rc) ? 0 : rc;
}

int
kn_dns_memory_fail(kn_dns_memory *m, const char *name, kn_dns_status status)
{
	mem_name *n;
	int rc;

	if (status != KN_DNS_TIMEOUT && status != KN_DNS_SERVFAIL)
		return KENSA_EINVAL;
	n = get_name(m, name, &rc);
	if (n == NULL)
		return rc;
	n->fail = status;
	return 0;
}

int
kn_dns_memory_add_txt(kn_dns_memory *m, const char *name, kn_dns_type type,
	size_t count, const char *const *strings, const size_t *lens)
{
	kn_slice *sv = NULL;
	kn_dns_rr *rr;
	mem_name *n;
	int rc;

	if ((type != KN_DNS_TXT && type != KN_DNS_SPF) ||
	    (count > 0 && (strings == NULL || lens == NULL)) ||
	    count > KN_DNS_MEMORY_MAX_STRINGS)
		return KENSA_EINVAL;
	n = get_name(m, name, &rc);
	if (n == NULL)
		return rc;
	if (count > 0) {
		sv = kn_calloc(&m->ar, count, sizeof(*sv));
		if (sv == NULL)
			return KENSA_ENOMEM;
	}
	for (size_t i = 0; i < count; i++) {
		if (strings[i] == NULL && lens[i] > 0)
			return KENSA_EINVAL;
		sv[i].p = kn_strndup(&m->ar, strings[i] ? strings[i] : "",
			lens[i]);
		sv[i].len = lens[i];
		if (sv[i].p == NULL)
			return KENSA_ENOMEM;
	}
	rr = kn_vec_push(&m->ar, &n->rrs, sizeof(*rr));
	if (rr == NULL)
		return KENSA_ENOMEM;
	rr->type = type;
	rr->u.txt.count = count;
	rr->u.txt.strings = sv;
	return 0;
}

/* Parse zone-file quoted character-strings (RFC 1035 5.1) of text. */
static int
add_txt_text(kn_dns_memory *m, const char *name, kn_dns_type type,
	const char *text)
{
	size_t tlen = strlen(text), count = 0, i = 0;
	const char **strs;
	size_t *lens;
	char *cur;

	if (tlen == 0 || text[0] != '"') {
		const char *one[1] = { text };
		size_t l1[1] = { tlen };

		return kn_dns_memory_add_txt(m, name, type, 1, one, l1);
	}
	/* At most one string per quote pair: tlen / 2 + 1 is a bound. */
	strs = kn_calloc(&m->ar, tlen / 2 + 1, sizeof(*strs));
	lens = kn_calloc(&m->ar, tlen / 2 + 1, sizeof(*lens));
	cur = kn_alloc(&m->ar, tlen + 1);
	if (strs == NULL || lens == NULL || cur == NULL)
		return KENSA_ENOMEM;
	while (i < tlen) {
		size_t start;

		if (text[i] == ' ' || text[i] == '\t') {
			i++;
			continue;
		}
		if (text[i] != '"')
			return KENSA_EINVAL;
		i++;
		start = 0;
		strs[count] = cur;
		while (i < tlen && text[i] != '"') {
			unsigned char c = (unsigned char)text[i++];

			if (c == '\\') {
				if (i >= tlen)
					return KENSA_EINVAL;
				if (i + 2 < tlen && text[i] >= '0' && text[i] <= '9' &&
				    text[i + 1] >= '0' && text[i + 1] <= '9' &&
				    text[i + 2] >= '0' && text[i + 2] <= '9') {
					unsigned v = (unsigned)(text[i] - '0') * 100 +
						(unsigned)(text[i + 1] - '0') * 10 +
						(unsigned)(text[i + 2] - '0');

					if (v > 255)
						return KENSA_EINVAL;
					c = (unsigned char)v;
					i += 3;
				} else {
					c = (unsigned char)text[i++];
				}
			}
			cur[start++] = (char)c;
		}
		if (i >= tlen)
			return KENSA_EINVAL; /* unterminated string */
		i++;
		lens[count++] = start;
		cur += start;
	}
	return kn_dns_memory_add_txt(m, name, type, count, strs, lens);
}

int
kn_dns_memory_add(kn_dns_memory *m, const char *name, kn_dns_type type,
	const char *rdata)
{
	kn_dns_rr rr, *slot;
	mem_name *n;
	int rc;

	if (m == NULL || rdata == NULL)
		return KENSA_EINVAL;
	if (type == KN_DNS_TXT || type == KN_DNS_SPF)
		return add_txt_text(m, name, type, rdata);
	memset(&rr, 0, sizeof(rr));
	rr.type = type;
	switch (type) {
	case KN_DNS_A:
		if (inet_pton(AF_INET, rdata, rr.u.addr) != 1)
			return KENSA_EINVAL;
		break;
	case KN_DNS_AAAA:
		if (inet_pton(AF_INET6, rdata, rr.u.addr) != 1)
			return KENSA_EINVAL;
		break;
	case KN_DNS_MX: {
		unsigned long pref = 0;
		size_t i = 0, digits = 0;

		while (rdata[i] == ' ' || rdata[i] == '\t')
			i++;
		/* RFC 1035 3.3.9: PREFERENCE is 16 bits. */
		while (rdata[i] >= '0' && rdata[i] <= '9' && digits++ < 5)
			pref = pref * 10 + (unsigned long)(rdata[i++] - '0');
		if (digits == 0 || pref > 65535 ||
		    (rdata[i] != ' ' && rdata[i] != '\t' && rdata[i] != '\0'))
			return KENSA_EINVAL;
		while (rdata[i] == ' ' || rdata[i] == '\t')
			i++;
		rr.u.mx.pref = (unsigned)pref;
		if (rdata[i] == '\0' || strcmp(rdata + i, ".") == 0) {
			/* The root: a null MX (RFC 7505). */
			rr.u.mx.exchange = ".";
			break;
		}
		if (!kn_dns_name_valid(rdata + i, strlen(rdata + i)))
			return KENSA_EINVAL;
		rr.u.mx.exchange = kn_dns_normalize(&m->ar, rdata + i);
		if (rr.u.mx.exchange == NULL)
			return KENSA_ENOMEM;
		break;
	}
	case KN_DNS_PTR:
	case KN_DNS_CNAME:
		if (!kn_dns_name_valid(rdata, strlen(rdata)))
			return KENSA_EINVAL;
		rr.u.name = kn_dns_normalize(&m->ar, rdata);
		if (rr.u.name == NULL)
			return KENSA_ENOMEM;
		break;
	default:
		return KENSA_EINVAL;
	}
	n = get_name(m, name, &rc);
	if (n == NULL)
		return rc;
	slot = kn_vec_push(&m->ar, &n->rrs, sizeof(*slot));
	if (slot == NULL)
		return KENSA_ENOMEM;
	*slot = rr;
	return 0;
}

/* Copy the records of type at n into ar. */
static int
copy_rrs(kn_arena *ar, const mem_name *n, kn_dns_type type,
	kn_dns_answer *out)
{
	const kn_dns_rr *rrs = n->rrs.items;
	kn_dns_rr *dst;
	size_t count = 0, k = 0;

	for (size_t i = 0; i < n->rrs.count; i++)
		if (rrs[i].type == type)
			count++;
	out->count = count;
	out->rrs = NULL;
	if (count == 0)
		return 0;
	dst = kn_calloc(ar, count, sizeof(*dst));
	if (dst == NULL)
		return KENSA_ENOMEM;
	/* Deep copy: the answer is wholly owned by the caller's arena. */
	for (size_t i = 0; i < n->rrs.count; i++) {
		kn_dns_rr *d;

		if (rrs[i].type != type)
			continue;
		d = &dst[k++];
		*d = rrs[i];
		switch (type) {
		case KN_DNS_MX:
			d->u.mx.exchange = kn_strdup(ar, rrs[i].u.mx.exchange);
			if (d->u.mx.exchange == NULL)
				return KENSA_ENOMEM;
			break;
		case KN_DNS_PTR:
		case KN_DNS_CNAME:
			d->u.name = kn_strdup(ar, rrs[i].u.name);
			if (d->u.name == NULL)
				return KENSA_ENOMEM;
			break;
		case KN_DNS_TXT:
		case KN_DNS_SPF: {
			size_t c = rrs[i].u.txt.count;
			kn_slice *sv;

			if (c == 0)
				break;
			sv = kn_calloc(ar, c, sizeof(*sv));
			if (sv == NULL)
				return KENSA_ENOMEM;
			for (size_t j = 0; j < c; j++) {
				sv[j].len = rrs[i].u.txt.strings[j].len;
				sv[j].p = kn_strndup(ar,
					rrs[i].u.txt.strings[j].p, sv[j].len);
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
	out->rrs = dst;
	return 0;
}

static bool
has_type(const mem_name *n, kn_dns_type type)
{
	const kn_dns_rr *rrs = n->rrs.items;

	for (size_t i = 0; i < n->rrs.count; i++)
		if (rrs[i].type == type)
			return true;
	return false;
}

static int
memory_query(kn_dns_backend *be, kn_arena *ar, const char *qname,
	kn_dns_type type, kn_dns_answer *out)
{
	kn_dns_memory *m = (kn_dns_memory *)be;
	const char *cur = qname;

	memset(out, 0, sizeof(*out));
	for (int hop = 0; hop <= KN_DNS_MEMORY_MAX_CNAME; hop++) {
		const mem_name *n = find_name(m, cur);
		const kn_dns_rr *rrs;

		if (n == NULL) {
			out->status = KN_DNS_NXDOMAIN;
			return 0;
		}
		if (has_type(n, type)) {
			out->status = KN_DNS_NOERROR;
			return copy_rrs(ar, n, type, out);
		}
		if (type != KN_DNS_CNAME && has_type(n, KN_DNS_CNAME)) {
			rrs = n->rrs.items;
			for (size_t i = 0; i < n->rrs.count; i++) {
				if (rrs[i].type == KN_DNS_CNAME) {
					cur = rrs[i].u.name;
					break;
				}
			}
			continue;
		}
		out->status = n->fail != KN_DNS_NOERROR ? n->fail : KN_DNS_NODATA;
		return 0;
	}
	out->status = KN_DNS_SERVFAIL; /* CNAME chain too long or a loop */
	return 0;
}
