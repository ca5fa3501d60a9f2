/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dkim 3
 * SUMMARY
 *	RFC 6376 verifier: signature tags, key records, hashes, signatures
 * SYNOPSIS
 *	#include "auth/dkim.h"
 * DESCRIPTION
 *	Steps of RFC 6376 6.1 for each DKIM-Signature field, top to bottom:
 *	6.1.1 tag-list and required tags (a permerror stops there), 6.1.2
 *	the key (3.6.2.2: NXDOMAIN/NODATA permerror, SERVFAIL/timeout
 *	temperror; 3.6.1 key tags), 6.1.3 body hash then signature.
 *	Results: RFC 8601 2.7.1. Crypto is OpenSSL 3 EVP only.
 *
 *	x= (3.5) is judged at the message's arrival, not at the analysis:
 *	"signature expired before delivery" when x= is before the arrival
 *	(a permerror before any key lookup: it needs none); a signature
 *	that expired after the arrival is verified like any other and its
 *	expiry is not counted. An expired signature says nothing about
 *	changes to the message: the reasons say "expired", never "changed".
 * LIMITS
 *	KN_DKIM_MAX_SIGS, KN_DKIM_MAX_H, KN_TAGLIST_MAX, the RSA key size
 *	window KN_DKIM_RSA_MIN_BITS..KN_DKIM_RSA_MAX_BITS.
 * ERRORS
 *	KENSA_EINVAL, KENSA_ETOOBIG, KENSA_ENOMEM only.
 *--*/
#include "auth/dkim.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <kensa/errors.h>

#include "util/date.h"

const char *
kn_dkim_result_name(kn_dkim_result r)
{
	switch (r) {
	case KN_DKIM_NONE: return "none";
	case KN_DKIM_PASS: return "pass";
	case KN_DKIM_FAIL: return "fail";
	case KN_DKIM_NEUTRAL: return "neutral";
	case KN_DKIM_POLICY: return "policy";
	case KN_DKIM_TEMPERROR: return "temperror";
	case KN_DKIM_PERMERROR: return "permerror";
	}
	return "?";
}

static bool
slice_eq(kn_slice s, const char *lit)
{
	size_t n = strlen(lit);

	return s.len == n && memcmp(s.p, lit, n) == 0;
}

static bool
slice_ieq(kn_slice s, const char *lit)
{
	size_t n = strlen(lit);

	return s.len == n && strncasecmp(s.p, lit, n) == 0;
}

/*
 * kn_dkim_nows_copy: copy of s without any FWS (for domain, selector
 * and base64 values), lowercased (ASCII) when lower. Arena-owned,
 * NUL-terminated; NULL on oom.
 */
char *
kn_dkim_nows_copy(kn_arena *ar, kn_slice s, bool lower)
{
	char *o = kn_alloc(ar, s.len + 1);
	size_t n = 0;

	if (o == NULL)
		return NULL;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.p[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (lower && c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		o[n++] = c;
	}
	o[n] = '\0';
	return o;
}

kn_dkim_alg
kn_dkim_alg_parse(kn_slice a)
{
	if (slice_ieq(a, "rsa-sha256"))
		return KN_DKIM_RSA_SHA256;
	if (slice_ieq(a, "rsa-sha1"))
		return KN_DKIM_RSA_SHA1;
	if (slice_ieq(a, "ed25519-sha256"))
		return KN_DKIM_ED25519_SHA256;
	return KN_DKIM_ALG_UNKNOWN;
}

bool
kn_dkim_hash(kn_dkim_alg alg, const void *data, size_t len,
	unsigned char *out, size_t *outlen)
{
	const EVP_MD *md = alg == KN_DKIM_RSA_SHA1 ? EVP_sha1() : EVP_sha256();
	unsigned int n = 0;

	if (EVP_Digest(data, len, out, &n, md, NULL) != 1)
		return false;
	*outlen = n;
	return true;
}

void
kn_dkim_bodies_init(kn_dkim_bodies *b)
{
	memset(b, 0, sizeof(*b));
	kn_buf_init(&b->buf[0], 2 * KN_RAWMSG_MAX_BYTES + 2);
	kn_buf_init(&b->buf[1], 2 * KN_RAWMSG_MAX_BYTES + 2);
}

void
kn_dkim_bodies_dispose(kn_dkim_bodies *b)
{
	kn_buf_dispose(&b->buf[0]);
	kn_buf_dispose(&b->buf[1]);
}

int
kn_dkim_body(kn_dkim_bodies *b, const kn_rawmsg *m, kn_canon_alg alg,
	kn_slice *out)
{
	int i = alg == KN_CANON_RELAXED ? 1 : 0;

	if (!b->done[i]) {
		kn_slice body = { m->data + m->body_off, m->len - m->body_off };

		kn_canon_body(&b->buf[i], alg, body);
		b->done[i] = true;
	}
	if (b->buf[i].err)
		return b->buf[i].err;
	out->p = b->buf[i].data ? b->buf[i].data : "";
	out->len = b->buf[i].len;
	return 0;
}

kn_slice
kn_dkim_strip_b(kn_arena *ar, const kn_rawfield *f)
{
	kn_tag tags[KN_TAGLIST_MAX];
	size_t count = 0;
	const char *why;
	kn_slice out = { NULL, 0 };
	char *copy;
	size_t vstart = (size_t)(f->value.p - f->field.p);

	copy = kn_alloc(ar, f->field.len + 1);
	if (copy == NULL)
		return out;
	memcpy(copy, f->field.p, f->field.len);
	out.p = copy;
	out.len = f->field.len;
	(void)kn_taglist_parse(f->value.p, f->value.len, tags, KN_TAGLIST_MAX,
		&count, &why);
	for (size_t i = 0; i < count; i++) {
		if (!slice_eq(tags[i].name, "b"))
			continue;
		/* Remove from after "=" up to the ";" (or the end),
		 * surrounding FWS included (RFC 6376 3.5 b=, 3.7). */
		size_t from = vstart + tags[i].value_off;
		size_t to = vstart + tags[i].spec_end;

		memmove(copy + from, copy + to, f->field.len - to);
		out.len = f->field.len - (to - from);
		break;
	}
	return out;
}

/* Does field name f equal the h= name n (ASCII case-insensitive)? */
static bool
name_match(kn_slice f, const char *n, size_t nl)
{
	return f.len == nl && nl > 0 && strncasecmp(f.p, n, nl) == 0;
}

void
kn_dkim_header_input(kn_buf *hin, const kn_rawmsg *m,
	kn_canon_alg canon, kn_slice h, const kn_rawfield *sigfield,
	bool *used)
{
	size_t pos = 0, names = 0, nf = kn_rawmsg_count(m);

	while (pos <= h.len && names < KN_DKIM_MAX_H) {
		size_t end = pos, a, b;

		while (end < h.len && h.p[end] != ':')
			end++;
		a = pos;
		b = end;
		while (a < b && (h.p[a] == ' ' || h.p[a] == '\t' ||
		    h.p[a] == '\r' || h.p[a] == '\n'))
			a++;
		while (b > a && (h.p[b - 1] == ' ' || h.p[b - 1] == '\t' ||
		    h.p[b - 1] == '\r' || h.p[b - 1] == '\n'))
			b--;
		names++;
		/* 5.4.2: fields of the same name are taken bottom-up; a
		 * name with no field left contributes nothing. */
		for (size_t k = nf; k > 0; k--) {
			const kn_rawfield *f = kn_rawmsg_field(m, k - 1);

			if (used[k - 1] || f == sigfield)
				continue;
			if (name_match(f->name, h.p + a, b - a)) {
				used[k - 1] = true;
				kn_canon_header(hin, canon, f->field, true);
				break;
			}
		}
		pos = end + 1;
	}
}

/* Parse the DER key of p= for alg; NULL when unusable. */
static EVP_PKEY *
decode_key(kn_dkim_alg alg, const unsigned char *der, size_t len,
	const char **why)
{
	EVP_PKEY *pk = NULL;

	if (alg == KN_DKIM_ED25519_SHA256) {
		if (len != 32) {
			*why = "ed25519 key is not 32 octets (RFC 8463 4)";
			return NULL;
		}
		pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, der, len);
		if (pk == NULL)
			*why = "ed25519 key rejected by the crypto library";
		return pk;
	}
	{
		const unsigned char *p = der;

		pk = d2i_PUBKEY(NULL, &p, (long)len);
		if (pk == NULL || p != der + len) {
			EVP_PKEY_free(pk);
			/* RSAPublicKey (PKCS#1) DER, seen in the wild. */
			p = der;
			pk = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)len);
			if (pk != NULL && p != der + len) {
				EVP_PKEY_free(pk);
				pk = NULL;
			}
		}
	}
	if (pk == NULL) {
		*why = "p= is not a DER RSA public key";
		return NULL;
	}
	if (EVP_PKEY_get_base_id(pk) != EVP_PKEY_RSA) {
		*why = "p= key is not RSA";
		EVP_PKEY_free(pk);
		return NULL;
	}
	return pk;
}

static bool
crypto_verify(kn_dkim_alg alg, EVP_PKEY *pk, const unsigned char *data,
	size_t len, const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char h[64];
	size_t hl = 0;
	bool ok = false;

	if (ctx == NULL)
		return false;
	if (alg == KN_DKIM_ED25519_SHA256) {
		/* RFC 8463 3: PureEdDSA over the SHA-256 of the input. */
		if (kn_dkim_hash(alg, data, len, h, &hl) &&
		    EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pk) == 1 &&
		    EVP_DigestVerify(ctx, sig, siglen, h, hl) == 1)
			ok = true;
	} else {
		const EVP_MD *md = alg == KN_DKIM_RSA_SHA1 ? EVP_sha1() : EVP_sha256();

		if (EVP_DigestVerifyInit(ctx, NULL, md, NULL, pk) == 1 &&
		    EVP_DigestVerify(ctx, sig, siglen, data, len) == 1)
			ok = true;
	}
	EVP_MD_CTX_free(ctx);
	return ok;
}

/*
 * kn_dkim_list_has: is word (NUL-terminated, ASCII case-insensitive)
 * one of the FWS-trimmed items of the colon-separated list l (h=, s=,
 * t=, q= of RFC 6376 3.5 / 3.6.1)?
 */
bool
kn_dkim_list_has(kn_slice l, const char *word)
{
	size_t pos = 0, wl = strlen(word);

	while (pos <= l.len) {
		size_t end = pos;
		kn_slice it;

		while (end < l.len && l.p[end] != ':')
			end++;
		it.p = l.p + pos;
		it.len = end - pos;
		it = kn_slice_trim(it);
		if (it.len == wl && strncasecmp(it.p, word, wl) == 0)
			return true;
		pos = end + 1;
	}
	return false;
}

static void
keyfail(kn_dkim_keycheck *out, kn_dkim_result r, const char *why)
{
	out->result = r;
	out->reason = why;
}

int
kn_dkim_key_verify(kn_dkim_keycheck *out, kn_resolver *res,
	kn_arena *ar, const char *d, const char *s, kn_dkim_alg alg,
	const char *auid_domain, const unsigned char *data, size_t len,
	const unsigned char *sig, size_t siglen)
{
	const kn_dns_answer *ans = NULL;
	kn_tag tags[KN_TAGLIST_MAX];
	size_t count = 0, total = 0;
	const kn_tag *v, *k, *h, *sv, *t, *p;
	const char *why = NULL, *qname;
	unsigned char *der;
	size_t derlen;
	char *rec;
	EVP_PKEY *pk;
	int rc;

	memset(out, 0, sizeof(*out));
	qname = kn_sprintf(ar, "%s._domainkey.%s", s, d);
	if (qname == NULL)
		return KENSA_ENOMEM;
	if (!kn_dns_name_valid(qname, strlen(qname))) {
		keyfail(out, KN_DKIM_PERMERROR, "key name is not a valid domain name");
		return 0;
	}
	rc = kn_dns_query(res, qname, KN_DNS_TXT, &ans);
	if (rc < 0)
		return rc;
	switch (ans->status) {
	case KN_DNS_NOERROR:
		break;
	case KN_DNS_NODATA:
	case KN_DNS_NXDOMAIN:
		keyfail(out, KN_DKIM_PERMERROR, kn_sprintf(ar,
			"no key record at %s (%s)", qname,
			kn_dns_status_name(ans->status)));
		return 0;
	default:
		keyfail(out, KN_DKIM_TEMPERROR, kn_sprintf(ar,
			"key lookup at %s failed (%s)", qname,
			kn_dns_status_name(ans->status)));
		return 0;
	}
	/* 3.6.2.2: strings of the (first) TXT record are joined. */
	for (size_t i = 0; i < ans->rrs[0].u.txt.count; i++)
		total += ans->rrs[0].u.txt.strings[i].len;
	rec = kn_alloc(ar, total + 1);
	if (rec == NULL)
		return KENSA_ENOMEM;
	total = 0;
	for (size_t i = 0; i < ans->rrs[0].u.txt.count; i++) {
		memcpy(rec + total, ans->rrs[0].u.txt.strings[i].p,
			ans->rrs[0].u.txt.strings[i].len);
		total += ans->rrs[0].u.txt.strings[i].len;
	}
	out->record = rec;
	if (!kn_taglist_parse(rec, total, tags, KN_TAGLIST_MAX, &count, &why)) {
		keyfail(out, KN_DKIM_PERMERROR, kn_sprintf(ar,
			"key record syntax error: %s", why));
		return 0;
	}
	v = kn_taglist_get(tags, count, "v");
	k = kn_taglist_get(tags, count, "k");
	h = kn_taglist_get(tags, count, "h");
	sv = kn_taglist_get(tags, count, "s");
	t = kn_taglist_get(tags, count, "t");
	p = kn_taglist_get(tags, count, "p");
	if (v != NULL && (!slice_eq(v->value, "DKIM1") || v != &tags[0])) {
		keyfail(out, KN_DKIM_PERMERROR,
			"key record v= is not DKIM1 as its first tag (3.6.1)");
		return 0;
	}
	if (p == NULL) {
		keyfail(out, KN_DKIM_PERMERROR, "key record has no p= (3.6.1)");
		return 0;
	}
	if (k != NULL) {
		bool ed = alg == KN_DKIM_ED25519_SHA256;

		if (!slice_eq(k->value, "rsa") && !slice_eq(k->value, "ed25519")) {
			keyfail(out, KN_DKIM_PERMERROR, "key record k= names an unknown key type");
			return 0;
		}
		if (slice_eq(k->value, "ed25519") != ed) {
			keyfail(out, KN_DKIM_PERMERROR,
				"key type k= does not match the signature algorithm");
			return 0;
		}
	} else if (alg == KN_DKIM_ED25519_SHA256) {
		keyfail(out, KN_DKIM_PERMERROR,
			"ed25519 signature but the key record defaults to k=rsa");
		return 0;
	}
	if (h != NULL && !kn_dkim_list_has(h->value,
	    alg == KN_DKIM_RSA_SHA1 ? "sha1" : "sha256")) {
		keyfail(out, KN_DKIM_PERMERROR,
			"key record h= does not allow the signature's hash (3.6.1)");
		return 0;
	}
	if (sv != NULL && !kn_dkim_list_has(sv->value, "email") && !kn_dkim_list_has(sv->value, "*")) {
		keyfail(out, KN_DKIM_PERMERROR,
			"key record s= does not include email (3.6.1)");
		return 0;
	}
	if (t != NULL) {
		out->testing = kn_dkim_list_has(t->value, "y");
		if (kn_dkim_list_has(t->value, "s") && auid_domain != NULL &&
		    strcasecmp(auid_domain, d) != 0) {
			keyfail(out, KN_DKIM_PERMERROR,
				"key t=s forbids an i= subdomain of d= (3.6.1)");
			return 0;
		}
	}
	if (p->value.len == 0) {
		keyfail(out, KN_DKIM_PERMERROR, "key revoked (empty p=, 3.6.1)");
		return 0;
	}
	if (!kn_base64_decode(ar, p->value, &der, &derlen)) {
		keyfail(out, KN_DKIM_PERMERROR, "key p= is not base64");
		return 0;
	}
	why = NULL;
	pk = decode_key(alg, der, derlen, &why);
	if (pk == NULL) {
		keyfail(out, KN_DKIM_PERMERROR, why);
		return 0;
	}
	out->bits = (unsigned)EVP_PKEY_get_bits(pk);
	if (alg != KN_DKIM_ED25519_SHA256 && out->bits < KN_DKIM_RSA_MIN_BITS) {
		keyfail(out, KN_DKIM_POLICY, kn_sprintf(ar,
			"RSA key of %u bits is below the %u-bit minimum (RFC 8301 3.2)",
			out->bits, KN_DKIM_RSA_MIN_BITS));
	} else if (alg != KN_DKIM_ED25519_SHA256 && out->bits > KN_DKIM_RSA_MAX_BITS) {
		keyfail(out, KN_DKIM_POLICY, kn_sprintf(ar,
			"RSA key of %u bits is above the %u-bit limit",
			out->bits, KN_DKIM_RSA_MAX_BITS));
	} else if (crypto_verify(alg, pk, data, len, sig, siglen)) {
		keyfail(out, KN_DKIM_PASS, "signature verified");
	} else {
		keyfail(out, KN_DKIM_FAIL, "signature did not verify (header fields "
			"changed or wrong key)");
	}
	EVP_PKEY_free(pk);
	return ar->oom ? KENSA_ENOMEM : 0;
}

/* Decode dkim-quoted-printable (RFC 6376 2.11), FWS removed. */
static char *
qp_decode(kn_arena *ar, kn_slice s, bool *ok)
{
	char *o = kn_alloc(ar, s.len + 1);
	size_t n = 0;

	*ok = true;
	if (o == NULL)
		return NULL;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.p[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			int v = 0;

			for (int k = 1; k <= 2; k++) {
				char x = i + (size_t)k < s.len ? s.p[i + (size_t)k] : 0;

				v <<= 4;
				if (x >= '0' && x <= '9') v |= x - '0';
				else if (x >= 'A' && x <= 'F') v |= x - 'A' + 10;
				else if (x >= 'a' && x <= 'f') v |= x - 'a' + 10;
				else *ok = false;
			}
			if (!*ok)
				return o;
			o[n++] = (char)v;
			i += 2;
			continue;
		}
		o[n++] = c;
	}
	o[n] = '\0';
	return o;
}

/* Decimal of at most maxd digits into *v; false on syntax/overflow. */
static bool
parse_uint(kn_slice s, unsigned maxd, uint64_t *v)
{
	uint64_t x = 0;

	s = kn_slice_trim(s);
	if (s.len == 0 || s.len > maxd)
		return false;
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
		if (x > (UINT64_MAX - 9) / 10)
			return false;
		x = x * 10 + (uint64_t)(s.p[i] - '0');
	}
	*v = x;
	return true;
}

/* Is dom equal to d or a subdomain of it (ASCII case-insensitive)? */
static bool
within(const char *dom, const char *d)
{
	size_t a = strlen(dom), b = strlen(d);

	if (a == b)
		return strcasecmp(dom, d) == 0;
	return a > b && dom[a - b - 1] == '.' && strcasecmp(dom + a - b, d) == 0;
}

static void
permerror(kn_dkim_sig *sig, const char *why)
{
	sig->result = KN_DKIM_PERMERROR;
	sig->reason = why;
}

/* Verify one DKIM-Signature field into sig. */
bool
kn_dkim_reason_expired(const char *reason)
{
	static const char plain[] = "signature expired (";

	return reason != NULL &&
		(strncmp(reason, KN_DKIM_EXPIRED, sizeof(KN_DKIM_EXPIRED) - 1) == 0 ||
		 strncmp(reason, plain, sizeof(plain) - 1) == 0);
}

/* x= past at the arrival: permerror, worded by whether the arrival is
 * known apart from now. */
static void
expired(kn_dkim_sig *sig, kn_arena *ar, int64_t arrival, int64_t now)
{
	char xs[32], as[32];

	kn_date_rfc3339(sig->x, xs, sizeof(xs));
	kn_date_rfc3339(arrival, as, sizeof(as));
	sig->expired = true;
	if (arrival == now)
		permerror(sig, kn_sprintf(ar, "signature expired (x=%s, "
			"evaluated at %s; 3.5)", xs, as));
	else
		permerror(sig, kn_sprintf(ar, KN_DKIM_EXPIRED " (x=%s, "
			"delivered %s; 3.5)", xs, as));
}

static int
verify_one(kn_dkim_sig *sig, kn_resolver *res, kn_arena *ar,
	const kn_rawmsg *m, const kn_rawfield *f, kn_dkim_bodies *bodies,
	int64_t arrival, int64_t now)
{
	kn_tag tags[KN_TAGLIST_MAX];
	size_t count = 0;
	const char *why = NULL;
	const kn_tag *v, *a, *b, *bh, *c, *d, *h, *i, *l, *q, *s, *t, *x;
	unsigned char *sigbytes, *bhbytes, hash[64];
	size_t siglen, bhlen, hlen;
	const char *auid_domain;
	kn_slice body, stripped;
	kn_dkim_keycheck kc;
	kn_buf hin;
	bool *used;
	int rc;

	sig->result = KN_DKIM_PERMERROR;
	sig->reason = "not verified";
	if (!kn_taglist_parse(f->value.p, f->value.len, tags, KN_TAGLIST_MAX,
	    &count, &why)) {
		permerror(sig, kn_sprintf(ar, "signature tag-list syntax error: %s (3.2)", why));
		return 0;
	}
	v = kn_taglist_get(tags, count, "v");
	a = kn_taglist_get(tags, count, "a");
	b = kn_taglist_get(tags, count, "b");
	bh = kn_taglist_get(tags, count, "bh");
	c = kn_taglist_get(tags, count, "c");
	d = kn_taglist_get(tags, count, "d");
	h = kn_taglist_get(tags, count, "h");
	i = kn_taglist_get(tags, count, "i");
	l = kn_taglist_get(tags, count, "l");
	q = kn_taglist_get(tags, count, "q");
	s = kn_taglist_get(tags, count, "s");
	t = kn_taglist_get(tags, count, "t");
	x = kn_taglist_get(tags, count, "x");
	if (d != NULL)
		sig->domain = kn_dkim_nows_copy(ar, d->value, true);
	if (s != NULL)
		sig->selector = kn_dkim_nows_copy(ar, s->value, true);
	if (a != NULL) {
		sig->algorithm = kn_dkim_nows_copy(ar, a->value, false);
		sig->alg = kn_dkim_alg_parse(kn_slice_trim(a->value));
		sig->weak = sig->alg == KN_DKIM_RSA_SHA1;
	}
	if (h != NULL)
		sig->headers = kn_strndup(ar, h->value.p, h->value.len);
	sig->canon = "simple/simple";
	if (v == NULL) {
		permerror(sig, "no v= tag (pre-RFC 6376 signature; 3.5 requires v=1)");
		return 0;
	}
	if (!slice_eq(v->value, "1")) {
		permerror(sig, kn_sprintf(ar, "v=%.*s is not 1 (3.5)",
			(int)v->value.len, v->value.p));
		return 0;
	}
	if (a == NULL || b == NULL || bh == NULL || d == NULL || h == NULL ||
	    s == NULL) {
		permerror(sig, "a required tag is missing (a, b, bh, d, h, s; 3.5)");
		return 0;
	}
	if (sig->alg == KN_DKIM_ALG_UNKNOWN) {
		permerror(sig, kn_sprintf(ar, "unknown algorithm a=%s (3.3)",
			sig->algorithm));
		return 0;
	}
	if (c != NULL) {
		kn_slice cv = kn_slice_trim(c->value), hc = cv, bc = { "simple", 6 };
		const char *slash = memchr(cv.p, '/', cv.len);

		if (slash != NULL) {
			hc.len = (size_t)(slash - cv.p);
			bc.p = slash + 1;
			bc.len = cv.len - hc.len - 1;
		}
		if (slice_eq(hc, "relaxed")) sig->hcanon = KN_CANON_RELAXED;
		else if (!slice_eq(hc, "simple")) hc.len = 0;
		if (slice_eq(bc, "relaxed")) sig->bcanon = KN_CANON_RELAXED;
		else if (!slice_eq(bc, "simple")) bc.len = 0;
		if (hc.len == 0 || bc.len == 0) {
			permerror(sig, kn_sprintf(ar, "unknown canonicalization c=%.*s (3.4)",
				(int)cv.len, cv.p));
			return 0;
		}
		sig->canon = kn_sprintf(ar, "%s/%s", kn_canon_name(sig->hcanon),
			kn_canon_name(sig->bcanon));
	}
	if (sig->domain == NULL || sig->domain[0] == '\0' ||
	    !kn_dns_name_valid(sig->domain, strlen(sig->domain))) {
		permerror(sig, "d= is not a domain name (3.5)");
		return 0;
	}
	if (sig->selector == NULL || sig->selector[0] == '\0') {
		permerror(sig, "s= is empty (3.5)");
		return 0;
	}
	if (!kn_dkim_list_has(h->value, "from")) {
		permerror(sig, "h= does not sign From (5.4, 6.1.1)");
		return 0;
	}
	if (q != NULL && !kn_dkim_list_has(q->value, "dns/txt")) {
		permerror(sig, kn_sprintf(ar, "q=%.*s offers no dns/txt query method (3.5)",
			(int)q->value.len, q->value.p));
		return 0;
	}
	if (i != NULL) {
		bool ok;
		const char *at;

		sig->auid = qp_decode(ar, i->value, &ok);
		if (!ok || sig->auid == NULL || (at = strrchr(sig->auid, '@')) == NULL) {
			permerror(sig, "i= is not [local-part]@domain (3.5)");
			return 0;
		}
		auid_domain = at + 1;
		if (!within(auid_domain, sig->domain)) {
			permerror(sig, kn_sprintf(ar,
				"i= domain %s is not d=%s or a subdomain of it (3.5, 6.1.1)",
				auid_domain, sig->domain));
			return 0;
		}
	} else {
		sig->auid = kn_sprintf(ar, "@%s", sig->domain);
		auid_domain = sig->domain;
	}
	if (l != NULL) {
		sig->has_l = true;
		if (!parse_uint(l->value, 76, &sig->l)) {
			permerror(sig, "l= is not a decimal length (3.5)");
			return 0;
		}
	}
	if (t != NULL) {
		uint64_t tv;

		if (!parse_uint(t->value, 12, &tv)) {
			permerror(sig, "t= is not a timestamp (3.5)");
			return 0;
		}
		sig->has_t = true;
		sig->t = (int64_t)tv;
	}
	if (x != NULL) {
		uint64_t xv;

		if (!parse_uint(x->value, 12, &xv)) {
			permerror(sig, "x= is not a timestamp (3.5)");
			return 0;
		}
		sig->has_x = true;
		sig->x = (int64_t)xv;
		if (sig->has_t && sig->x < sig->t) {
			permerror(sig, "x= is before t= (3.5)");
			return 0;
		}
		if (arrival > sig->x) {
			expired(sig, ar, arrival, now);
			return 0;
		}
		sig->expired_since = now > sig->x;
	}
	if (!kn_base64_decode(ar, b->value, &sigbytes, &siglen) || siglen == 0) {
		permerror(sig, "b= is not base64 (3.5)");
		return 0;
	}
	if (!kn_base64_decode(ar, bh->value, &bhbytes, &bhlen)) {
		permerror(sig, "bh= is not base64 (3.5)");
		return 0;
	}

	/* 6.1.3: body hash first. */
	rc = kn_dkim_body(bodies, m, sig->bcanon, &body);
	if (rc < 0)
		return rc;
	sig->body_len = body.len;
	if (sig->has_l) {
		if (sig->l > body.len) {
			permerror(sig, kn_sprintf(ar,
				"l=%llu is longer than the canonicalized body (%zu octets)",
				(unsigned long long)sig->l, body.len));
			return 0;
		}
		body.len = (size_t)sig->l;
	}
	if (!kn_dkim_hash(sig->alg, body.p, body.len, hash, &hlen))
		return KENSA_ENOMEM;
	sig->body_hash_ok = hlen == bhlen && memcmp(hash, bhbytes, hlen) == 0;

	/* Header hash input (3.7), then the key and the signature. */
	used = kn_calloc(ar, kn_rawmsg_count(m) + 1, sizeof(*used));
	stripped = kn_dkim_strip_b(ar, f);
	if (used == NULL || stripped.p == NULL)
		return KENSA_ENOMEM;
	kn_buf_init(&hin, KN_RAWMSG_MAX_BYTES);
	kn_dkim_header_input(&hin, m, sig->hcanon, h->value, f, used);
	kn_canon_header(&hin, sig->hcanon, stripped, false);
	if (hin.err) {
		rc = hin.err;
		kn_buf_dispose(&hin);
		return rc;
	}
	if (!sig->body_hash_ok) {
		/* Still read the key so that key size and record show. */
		rc = kn_dkim_key_verify(&kc, res, ar, sig->domain, sig->selector,
			sig->alg, auid_domain, (const unsigned char *)hin.data,
			hin.len, sigbytes, siglen);
		kn_buf_dispose(&hin);
		if (rc < 0)
			return rc;
		sig->key_bits = kc.bits;
		sig->key_testing = kc.testing;
		if (kc.result == KN_DKIM_PASS || kc.result == KN_DKIM_FAIL) {
			sig->result = KN_DKIM_FAIL;
			sig->reason = "body hash mismatch (body changed after signing)";
		} else {
			sig->result = kc.result;
			sig->reason = kc.reason;
		}
		return 0;
	}
	rc = kn_dkim_key_verify(&kc, res, ar, sig->domain, sig->selector,
		sig->alg, auid_domain, (const unsigned char *)hin.data, hin.len,
		sigbytes, siglen);
	kn_buf_dispose(&hin);
	if (rc < 0)
		return rc;
	sig->key_bits = kc.bits;
	sig->key_testing = kc.testing;
	sig->result = kc.result;
	sig->reason = kc.reason;
	if (sig->result == KN_DKIM_PASS && sig->weak)
		sig->reason = "signature verified, but rsa-sha1 is no longer "
			"acceptable (RFC 8301 3.1)";
	else if (sig->result == KN_DKIM_PASS && sig->expired_since) {
		char xs[32];

		kn_date_rfc3339(sig->x, xs, sizeof(xs));
		sig->reason = kn_sprintf(ar, "signature verified; x= %s passed "
			"after delivery, not counted (3.5)", xs);
	}
	return 0;
}

/* Order of preference for the summary result. */
static int
rank(kn_dkim_result r)
{
	switch (r) {
	case KN_DKIM_PASS: return 6;
	case KN_DKIM_FAIL: return 5;
	case KN_DKIM_TEMPERROR: return 4;
	case KN_DKIM_POLICY: return 3;
	case KN_DKIM_PERMERROR: return 2;
	case KN_DKIM_NEUTRAL: return 1;
	case KN_DKIM_NONE: return 0;
	}
	return 0;
}

int
kn_dkim_verify_msg(kn_dkim_eval *out, kn_resolver *res, kn_arena *ar,
	const kn_rawmsg *m, int64_t now)
{
	return kn_dkim_verify_msg_at(out, res, ar, m, now, now);
}

int
kn_dkim_verify_msg_at(kn_dkim_eval *out, kn_resolver *res, kn_arena *ar,
	const kn_rawmsg *m, int64_t arrival, int64_t now)
{
	kn_dkim_bodies bodies;
	unsigned occurrence = 0;
	int rc = 0;

	if (out == NULL || res == NULL || ar == NULL || m == NULL)
		return KENSA_EINVAL;
	memset(out, 0, sizeof(*out));
	kn_dkim_bodies_init(&bodies);
	for (size_t k = 0; k < kn_rawmsg_count(m) && rc == 0; k++) {
		const kn_rawfield *f = kn_rawmsg_field(m, k);
		kn_dkim_sig *sig;

		if (!slice_ieq(f->name, "DKIM-Signature"))
			continue;
		sig = kn_vec_push(ar, &out->sigs, sizeof(*sig));
		if (sig == NULL) {
			rc = KENSA_ENOMEM;
			break;
		}
		sig->occurrence = ++occurrence;
		sig->field_index = f->index;
		sig->offset = f->offset;
		sig->field = kn_strndup(ar, f->field.p, f->field.len);
		if (occurrence > KN_DKIM_MAX_SIGS) {
			sig->result = KN_DKIM_PERMERROR;
			sig->reason = "too many signatures; not verified";
			continue;
		}
		rc = verify_one(sig, res, ar, m, f, &bodies, arrival, now);
		if (rank(sig->result) > rank(out->result))
			out->result = sig->result;
	}
	kn_dkim_bodies_dispose(&bodies);
	if (rc == 0 && ar->oom)
		rc = KENSA_ENOMEM;
	return rc;
}

int
kn_dkim_verify(kn_dkim_eval *out, kn_resolver *res, kn_arena *ar,
	const char *data, size_t len, int64_t now)
{
	return kn_dkim_verify_at(out, res, ar, data, len, now, now);
}

int
kn_dkim_verify_at(kn_dkim_eval *out, kn_resolver *res, kn_arena *ar,
	const char *data, size_t len, int64_t arrival, int64_t now)
{
	kn_rawmsg *m;
	int rc;

	if (out == NULL || ar == NULL)
		return KENSA_EINVAL;
	memset(out, 0, sizeof(*out));
	m = kn_alloc(ar, sizeof(*m));
	if (m == NULL)
		return KENSA_ENOMEM;
	rc = kn_rawmsg_split(m, ar, data, len);
	if (rc < 0)
		return rc;
	return kn_dkim_verify_msg_at(out, res, ar, m, arrival, now);
}
