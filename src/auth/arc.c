/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	arc 3
 * SUMMARY
 *	RFC 8617 ARC set collection and chain validation
 * SYNOPSIS
 *	#include "auth/arc.h"
 * DESCRIPTION
 *	Steps of RFC 8617 5.2, see arc.h. Signatures: rsa-sha256 and
 *	ed25519-sha256; rsa-sha1 is refused in ARC (RFC 8617 uses the
 *	algorithms of RFC 6376 as updated by RFC 8301, which removed
 *	rsa-sha1). An AMS h= naming ARC-Seal, and an AS carrying h=, are
 *	invalid (4.1.2, 4.1.3).
 * LIMITS
 *	KN_ARC_MAX_INSTANCES.
 *--*/
#include "auth/arc.h"

#include <string.h>
#include <strings.h>

#include <kensa/errors.h>

const char *
kn_arc_cv_name(kn_arc_cv cv)
{
	switch (cv) {
	case KN_ARC_NONE: return "none";
	case KN_ARC_PASS: return "pass";
	case KN_ARC_FAIL: return "fail";
	}
	return "?";
}

typedef struct arc_slot {
	const kn_rawfield *as, *ams, *aar;
	unsigned nas, nams, naar;
} arc_slot;

static bool
name_is(const kn_rawfield *f, const char *n)
{
	size_t l = strlen(n);

	return f->name.len == l && strncasecmp(f->name.p, n, l) == 0;
}

/* Instance from a tag-list value, 0 when invalid. */
static unsigned
tag_instance(const kn_rawfield *f)
{
	kn_tag tags[KN_TAGLIST_MAX];
	size_t count;
	const char *why;
	const kn_tag *i;
	unsigned v = 0;

	if (!kn_taglist_parse(f->value.p, f->value.len, tags, KN_TAGLIST_MAX,
	    &count, &why))
		return 0;
	i = kn_taglist_get(tags, count, "i");
	if (i == NULL || i->value.len == 0 || i->value.len > 2)
		return 0;
	for (size_t k = 0; k < i->value.len; k++) {
		if (i->value.p[k] < '0' || i->value.p[k] > '9')
			return 0;
		v = v * 10 + (unsigned)(i->value.p[k] - '0');
	}
	return v <= KN_ARC_MAX_INSTANCES ? v : 0;
}

/* AAR: "i" [FWS] "=" [FWS] 1*DIGIT [FWS] ";" (RFC 8617 4.1.1). */
static unsigned
aar_instance(const kn_rawfield *f)
{
	const char *p = f->value.p, *e = p + f->value.len;
	unsigned v = 0, nd = 0;

#define SKIP_FWS() while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++
	SKIP_FWS();
	if (p >= e || *p != 'i')
		return 0;
	p++;
	SKIP_FWS();
	if (p >= e || *p != '=')
		return 0;
	p++;
	SKIP_FWS();
	while (p < e && *p >= '0' && *p <= '9' && nd < 3) {
		v = v * 10 + (unsigned)(*p - '0');
		p++;
		nd++;
	}
	SKIP_FWS();
#undef SKIP_FWS
	if (nd == 0 || p >= e || *p != ';')
		return 0;
	return v >= 1 && v <= KN_ARC_MAX_INSTANCES ? v : 0;
}

/* Common signature tags of AS / AMS; false with *why on trouble. */
typedef struct arc_sig {
	kn_dkim_alg alg;
	const char *d, *s;
	unsigned char *b;
	size_t blen;
	const kn_tag *bh, *c, *h, *cv;
} arc_sig;

static bool
sig_tags(arc_sig *sg, kn_arena *ar, const kn_rawfield *f, kn_tag *tags,
	bool ams, const char **why)
{
	size_t count;
	const kn_tag *a, *b, *d, *s;

	memset(sg, 0, sizeof(*sg));
	if (!kn_taglist_parse(f->value.p, f->value.len, tags, KN_TAGLIST_MAX,
	    &count, why))
		return false;
	a = kn_taglist_get(tags, count, "a");
	b = kn_taglist_get(tags, count, "b");
	d = kn_taglist_get(tags, count, "d");
	s = kn_taglist_get(tags, count, "s");
	sg->bh = kn_taglist_get(tags, count, "bh");
	sg->c = kn_taglist_get(tags, count, "c");
	sg->h = kn_taglist_get(tags, count, "h");
	sg->cv = kn_taglist_get(tags, count, "cv");
	if (a == NULL || b == NULL || d == NULL || s == NULL ||
	    (ams && (sg->bh == NULL || sg->h == NULL)) || (!ams && sg->cv == NULL)) {
		*why = "a required tag is missing";
		return false;
	}
	if (!ams && sg->h != NULL) {
		*why = "ARC-Seal carries h= (RFC 8617 4.1.3)";
		return false;
	}
	sg->alg = kn_dkim_alg_parse(kn_slice_trim(a->value));
	if (sg->alg == KN_DKIM_ALG_UNKNOWN || sg->alg == KN_DKIM_RSA_SHA1) {
		*why = "unsupported algorithm (rsa-sha256 or ed25519-sha256)";
		return false;
	}
	sg->d = kn_dkim_nows_copy(ar, d->value, true);
	sg->s = kn_dkim_nows_copy(ar, s->value, true);
	if (sg->d == NULL || sg->s == NULL || sg->d[0] == '\0' || sg->s[0] == '\0') {
		*why = "empty d= or s=";
		return false;
	}
	if (!kn_base64_decode(ar, b->value, &sg->b, &sg->blen) || sg->blen == 0) {
		*why = "b= is not base64";
		return false;
	}
	return true;
}

/* Verify the AMS f; result into set. */
static int
verify_ams(kn_arc_set *set, kn_resolver *res, kn_arena *ar,
	const kn_rawmsg *m, const kn_rawfield *f, kn_dkim_bodies *bodies)
{
	kn_tag tags[KN_TAGLIST_MAX];
	const char *why = NULL;
	arc_sig sg;
	kn_canon_alg hc = KN_CANON_SIMPLE, bc = KN_CANON_SIMPLE;
	unsigned char *bh, hash[64];
	size_t bhlen, hlen;
	kn_slice body, stripped;
	kn_dkim_keycheck kc;
	kn_buf hin;
	bool *used;
	int rc;

	if (!sig_tags(&sg, ar, f, tags, true, &why)) {
		set->ams_result = KN_DKIM_PERMERROR;
		set->reason = kn_sprintf(ar, "AMS(%u): %s", set->instance, why);
		return 0;
	}
	set->ams_domain = sg.d;
	if (sg.c != NULL) {
		kn_slice cv = kn_slice_trim(sg.c->value);
		const char *slash = memchr(cv.p, '/', cv.len);
		kn_slice h1 = cv, b1 = { "simple", 6 };

		if (slash != NULL) {
			h1.len = (size_t)(slash - cv.p);
			b1.p = slash + 1;
			b1.len = cv.len - h1.len - 1;
		}
		if (h1.len == 7 && strncmp(h1.p, "relaxed", 7) == 0) hc = KN_CANON_RELAXED;
		else if (!(h1.len == 6 && strncmp(h1.p, "simple", 6) == 0)) hc = 2;
		if (b1.len == 7 && strncmp(b1.p, "relaxed", 7) == 0) bc = KN_CANON_RELAXED;
		else if (!(b1.len == 6 && strncmp(b1.p, "simple", 6) == 0)) bc = 2;
		if ((int)hc == 2 || (int)bc == 2) {
			set->ams_result = KN_DKIM_PERMERROR;
			set->reason = kn_sprintf(ar, "AMS(%u): unknown c=", set->instance);
			return 0;
		}
	}
	if (kn_dkim_list_has(sg.h->value, "arc-seal")) {
		set->ams_result = KN_DKIM_PERMERROR;
		set->reason = kn_sprintf(ar, "AMS(%u): h= names ARC-Seal (4.1.2)",
			set->instance);
		return 0;
	}
	if (!kn_base64_decode(ar, sg.bh->value, &bh, &bhlen)) {
		set->ams_result = KN_DKIM_PERMERROR;
		set->reason = kn_sprintf(ar, "AMS(%u): bh= not base64", set->instance);
		return 0;
	}
	rc = kn_dkim_body(bodies, m, bc, &body);
	if (rc < 0)
		return rc;
	if (!kn_dkim_hash(sg.alg, body.p, body.len, hash, &hlen))
		return KENSA_ENOMEM;
	if (hlen != bhlen || memcmp(hash, bh, hlen) != 0) {
		set->ams_result = KN_DKIM_FAIL;
		set->reason = kn_sprintf(ar, "AMS(%u): body hash mismatch", set->instance);
		return 0;
	}
	used = kn_calloc(ar, kn_rawmsg_count(m) + 1, sizeof(*used));
	stripped = kn_dkim_strip_b(ar, f);
	if (used == NULL || stripped.p == NULL)
		return KENSA_ENOMEM;
	kn_buf_init(&hin, KN_RAWMSG_MAX_BYTES);
	kn_dkim_header_input(&hin, m, hc, sg.h->value, f, used);
	kn_canon_header(&hin, hc, stripped, false);
	if (hin.err) {
		rc = hin.err;
		kn_buf_dispose(&hin);
		return rc;
	}
	rc = kn_dkim_key_verify(&kc, res, ar, sg.d, sg.s, sg.alg, NULL,
		(const unsigned char *)hin.data, hin.len, sg.b, sg.blen);
	kn_buf_dispose(&hin);
	if (rc < 0)
		return rc;
	set->ams_result = kc.result;
	if (kc.result != KN_DKIM_PASS)
		set->reason = kn_sprintf(ar, "AMS(%u): %s", set->instance, kc.reason);
	return 0;
}

/* Verify AS(n) over the sets 1..n (RFC 8617 5.1.1). */
static int
verify_as(kn_arc_set *set, kn_resolver *res, kn_arena *ar,
	const arc_slot *slots, unsigned n)
{
	kn_tag tags[KN_TAGLIST_MAX];
	const char *why = NULL;
	arc_sig sg;
	kn_dkim_keycheck kc;
	kn_slice stripped;
	kn_buf hin;
	int rc;

	if (!sig_tags(&sg, ar, slots[n].as, tags, false, &why)) {
		set->as_result = KN_DKIM_PERMERROR;
		set->reason = kn_sprintf(ar, "AS(%u): %s", n, why);
		return 0;
	}
	stripped = kn_dkim_strip_b(ar, slots[n].as);
	if (stripped.p == NULL)
		return KENSA_ENOMEM;
	kn_buf_init(&hin, KN_RAWMSG_MAX_BYTES);
	for (unsigned k = 1; k <= n; k++) {
		kn_canon_header(&hin, KN_CANON_RELAXED, slots[k].aar->field, true);
		kn_canon_header(&hin, KN_CANON_RELAXED, slots[k].ams->field, true);
		if (k < n)
			kn_canon_header(&hin, KN_CANON_RELAXED, slots[k].as->field, true);
	}
	kn_canon_header(&hin, KN_CANON_RELAXED, stripped, false);
	if (hin.err) {
		rc = hin.err;
		kn_buf_dispose(&hin);
		return rc;
	}
	rc = kn_dkim_key_verify(&kc, res, ar, sg.d, sg.s, sg.alg, NULL,
		(const unsigned char *)hin.data, hin.len, sg.b, sg.blen);
	kn_buf_dispose(&hin);
	if (rc < 0)
		return rc;
	set->as_result = kc.result;
	if (kc.result != KN_DKIM_PASS)
		set->reason = kn_sprintf(ar, "AS(%u): %s", n, kc.reason);
	return 0;
}

static void
chain_fail(kn_arc_eval *out, unsigned inst, const char *why)
{
	out->cv = KN_ARC_FAIL;
	out->failed_instance = inst;
	out->reason = why;
}

/* The three header fields of an ARC set (RFC 8617 4.1), slot order. */
static const char *const arc_field_names[3] = {
	"ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results",
};

/* Chain failure reason for a field of arc_field_names with a bad i=. */
static const char *const arc_field_badi[3] = {
	"ARC-Seal with an invalid i= (4.2.1)",
	"ARC-Message-Signature with an invalid i= (4.2.1)",
	"ARC-Authentication-Results with an invalid i= (4.2.1)",
};

int
kn_arc_validate_msg(kn_arc_eval *out, kn_resolver *res, kn_arena *ar,
	const kn_rawmsg *m, int64_t now)
{
	arc_slot slots[KN_ARC_MAX_INSTANCES + 1];
	unsigned n = 0, any = 0;
	kn_dkim_bodies bodies;
	int rc = 0;

	(void)now;
	if (out == NULL || res == NULL || ar == NULL || m == NULL)
		return KENSA_EINVAL;
	memset(out, 0, sizeof(*out));
	memset(slots, 0, sizeof(slots));
	for (size_t k = 0; k < kn_rawmsg_count(m); k++) {
		const kn_rawfield *f = kn_rawmsg_field(m, k);
		unsigned inst;
		int kind = -1;

		for (int j = 0; j < 3; j++) {
			if (name_is(f, arc_field_names[j])) {
				kind = j;
				break;
			}
		}
		if (kind < 0)
			continue;
		any++;
		inst = kind == 2 ? aar_instance(f) : tag_instance(f);
		if (inst == 0) {
			chain_fail(out, 0, arc_field_badi[kind]);
			return 0;
		}
		if (kind == 0) {
			slots[inst].as = f;
			slots[inst].nas++;
		} else if (kind == 1) {
			slots[inst].ams = f;
			slots[inst].nams++;
		} else {
			slots[inst].aar = f;
			slots[inst].naar++;
		}
		if (inst > n)
			n = inst;
	}
	if (any == 0) {
		out->cv = KN_ARC_NONE;
		out->reason = "no ARC sets";
		return 0;
	}
	out->instances = n;
	/* 5.2 step 2: exactly one of each header for 1..N. */
	for (unsigned k = 1; k <= n; k++) {
		kn_arc_set *set = kn_vec_push(ar, &out->sets, sizeof(*set));

		if (set == NULL)
			return KENSA_ENOMEM;
		set->instance = k;
		if (slots[k].nas != 1 || slots[k].nams != 1 || slots[k].naar != 1) {
			chain_fail(out, k, kn_sprintf(ar,
				"ARC set %u does not have exactly one AS, AMS and AAR (5.2)", k));
			return ar->oom ? KENSA_ENOMEM : 0;
		}
	}
	/* cv= of every AS: none for i=1, pass above (5.1.1, 5.2). */
	for (unsigned k = 1; k <= n; k++) {
		kn_tag tags[KN_TAGLIST_MAX];
		size_t count;
		const char *why;
		const kn_tag *cv;
		kn_arc_set *set = (kn_arc_set *)out->sets.items + (k - 1);

		if (!kn_taglist_parse(slots[k].as->value.p, slots[k].as->value.len,
		    tags, KN_TAGLIST_MAX, &count, &why)) {
			chain_fail(out, k, kn_sprintf(ar, "AS(%u) tag-list: %s", k, why));
			return ar->oom ? KENSA_ENOMEM : 0;
		}
		cv = kn_taglist_get(tags, count, "cv");
		set->cv = cv ? kn_strndup(ar, cv->value.p, cv->value.len) : NULL;
		if (cv != NULL && cv->value.len == 4 &&
		    strncasecmp(cv->value.p, "fail", 4) == 0 && k == n) {
			chain_fail(out, k, "the newest ARC-Seal says cv=fail (5.2 step 3)");
			return ar->oom ? KENSA_ENOMEM : 0;
		}
		if (cv == NULL || !(k == 1 ?
		    (cv->value.len == 4 && strncasecmp(cv->value.p, "none", 4) == 0) :
		    (cv->value.len == 4 && strncasecmp(cv->value.p, "pass", 4) == 0))) {
			chain_fail(out, k, kn_sprintf(ar,
				"AS(%u) cv= must be %s (5.1.1)", k, k == 1 ? "none" : "pass"));
			return ar->oom ? KENSA_ENOMEM : 0;
		}
	}
	/* 5.2 step 4: the newest AMS. */
	kn_dkim_bodies_init(&bodies);
	{
		kn_arc_set *set = (kn_arc_set *)out->sets.items + (n - 1);

		rc = verify_ams(set, res, ar, m, slots[n].ams, &bodies);
		if (rc == 0 && set->ams_result != KN_DKIM_PASS)
			chain_fail(out, n, set->reason);
	}
	kn_dkim_bodies_dispose(&bodies);
	if (rc < 0 || out->cv == KN_ARC_FAIL)
		return rc < 0 ? rc : (ar->oom ? KENSA_ENOMEM : 0);
	/* 5.2 step 6: every AS, newest first. */
	for (unsigned k = n; k >= 1; k--) {
		kn_arc_set *set = (kn_arc_set *)out->sets.items + (k - 1);

		rc = verify_as(set, res, ar, slots, k);
		if (rc < 0)
			return rc;
		if (set->as_result != KN_DKIM_PASS) {
			chain_fail(out, k, set->reason);
			return ar->oom ? KENSA_ENOMEM : 0;
		}
	}
	for (unsigned k = 1; k <= n; k++) {
		kn_tag tags[KN_TAGLIST_MAX];
		size_t count;
		const char *why;
		const kn_tag *d;
		const char **slot;
		kn_arc_set *set = (kn_arc_set *)out->sets.items + (k - 1);

		if (kn_taglist_parse(slots[k].as->value.p, slots[k].as->value.len,
		    tags, KN_TAGLIST_MAX, &count, &why) &&
		    (d = kn_taglist_get(tags, count, "d")) != NULL) {
			set->sealer = kn_dkim_nows_copy(ar, d->value, true);
			slot = kn_vec_push(ar, &out->sealers, sizeof(*slot));
			if (slot == NULL)
				return KENSA_ENOMEM;
			*slot = set->sealer;
		}
	}
	out->cv = KN_ARC_PASS;
	out->reason = kn_sprintf(ar, "%u ARC set(s) validated", n);
	return ar->oom ? KENSA_ENOMEM : 0;
}

int
kn_arc_validate(kn_arc_eval *out, kn_resolver *res, kn_arena *ar,
	const char *data, size_t len, int64_t now)
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
	return kn_arc_validate_msg(out, res, ar, m, now);
}
