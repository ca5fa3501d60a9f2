/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	impersonation 3
 * SUMMARY
 *	speaking as the recipient's mail operator or as a brand
 * SYNOPSIS
 *	#include "content/impersonation.h"
 * DESCRIPTION
 *	impersonates-recipient-domain (high): the body, the Subject or the
 *	From display name names the recipient's domain (a->recipient_domain)
 *	or its organizational domain within KN_IMP_WINDOW folded bytes of an
 *	operator word (管理者, メール管理チーム, administrator, helpdesk,
 *	...), so the text speaks as the operator of the recipient's own
 *	mail, while the From domain's organizational domain is another. A
 *	domain right after '@' or '.' is part of an address or a longer
 *	name, and an operator word followed by an honorific (様, さま, 殿)
 *	addresses the reader rather than signing: neither counts.
 *
 *	impersonates-brand (medium): a brand of data/brands/brands.tsv
 *	(compiled in) is named in the From display name, or in the Subject
 *	(of a message that is neither a reply, a forward nor list mail, or
 *	that carries a lure), or
 *	prominently in the body (within KN_IMP_BODY_HEAD folded bytes of a
 *	part's start, or twice) of a message that also carries a
 *	credential, account-suspension or payment lure, while the From
 *	domain is none of that brand's domains (nor a subdomain, nor of the
 *	same organizational domain). A newsletter naming a brand in passing
 *	is not enough. ASCII names match on word boundaries; names of three
 *	letters or fewer count only in the display name and Subject.
 * LIMITS
 *	KN_IMP_BRANDS_MAX brands reported per message.
 * ERRORS
 *	KENSA_ENOMEM.
 *--*/
#include "content/impersonation.h"

#include <string.h>
#include <time.h>

#include "auth/spf.h"
#include "content/lures.h"
#include "intel/intel.h"
#include "util/domain.h"
#include "util/ip.h"
#include "util/str.h"
#include "verdict/rules.h"

/* Brand names per brand and domains per brand, parsed from the table. */
#define KN_IMP_NAMES_MAX 16
/* Longest brand name or domain. */
#define KN_IMP_NAME_LEN 128

static const kn_brand brand_table[] = {
#include "kn_brands_table.inc"
};

/* Operator words (folded). */
static const char *const operator_words[] = {
	"管理者",
	"管理チーム",
	"管理部",
	"メール管理",
	"システム管理",
	"情報システム",
	"サポート",
	"メールサーバー",
	"運用チーム",
	"事務局",
	"administrator", "admin team", "it team", "it department",
	"it support", "it helpdesk", "it service desk", "mail team",
	"email team", "e-mail team", "helpdesk", "help desk",
	"support team", "postmaster", "webmaster", "security team",
	"mail server", "email server", "mail administrator",
};

/* Honorifics: the operator word addresses the reader. */
static const char *const honorifics[] = {
	"様",
	"さま",
	"殿",
	"各位",
};

const kn_brand *
kn_brands_table(size_t *n)
{
	*n = sizeof(brand_table) / sizeof(brand_table[0]);
	return brand_table;
}

static bool
ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9');
}

/* Next item of a sep-separated list: [*p, *p+len); false at the end. */
static bool
next_item(const char **p, char sep, const char **item, size_t *len)
{
	const char *s = *p, *e;

	while (*s == sep)
		s++;
	if (*s == '\0')
		return false;
	e = strchr(s, sep);
	if (e == NULL)
		e = s + strlen(s);
	*item = s;
	*len = (size_t)(e - s);
	*p = e;
	return true;
}

bool
kn_brand_domain_in(kn_arena *ar, const char *domain, const char *list)
{
	const char *p = list, *d;
	size_t dl, n;

	if (domain == NULL || *domain == '\0')
		return false;
	n = strlen(domain);
	for (size_t k = 0; k < 64 && next_item(&p, ' ', &d, &dl); k++) {
		char buf[KN_IMP_NAME_LEN];
		if (dl >= sizeof(buf))
			continue;
		memcpy(buf, d, dl);
		buf[dl] = '\0';
		if (n == dl && strcmp(domain, buf) == 0)
			return true;
		if (n > dl && domain[n - dl - 1] == '.' &&
		    strcmp(domain + n - dl, buf) == 0)
			return true;
		if (kn_org_domain_same(ar, domain, buf))
			return true;
	}
	return false;
}

/* ---- (a) the recipient's own domain ---- */

static bool
honorific_at(const char *t, size_t len, size_t off)
{
	for (size_t i = 0; i < sizeof(honorifics) / sizeof(honorifics[0]); i++) {
		size_t k = strlen(honorifics[i]);
		if (len - off >= k && memcmp(t + off, honorifics[i], k) == 0)
			return true;
	}
	return false;
}

/* An operator word within the window around [off, off+dl): its range. */
static bool
operator_near(const char *t, size_t len, size_t off, size_t dl, size_t *wo,
	size_t *wl)
{
	size_t lo = off > KN_IMP_WINDOW ? off - KN_IMP_WINDOW : 0;
	size_t hi = len - (off + dl) > KN_IMP_WINDOW ? off + dl + KN_IMP_WINDOW :
		len;

	for (size_t i = 0; i < sizeof(operator_words) / sizeof(operator_words[0]);
	    i++) {
		const char *w = operator_words[i];
		size_t k = strlen(w), from = lo;
		const char *p;
		while (from < hi && (p = memmem(t + from, hi - from, w, k)) != NULL) {
			size_t at = (size_t)(p - t);
			from = at + 1;
			if (!kn_fold_word_at(t, len, at, k) ||
			    honorific_at(t, len, at + k))
				continue;
			*wo = at;
			*wl = k;
			return true;
		}
	}
	return false;
}

/* The domain d named in t as itself: not after '@' or '.', not followed
 * by a letter, digit or '-'. */
static bool
domain_named(const char *t, size_t len, const char *d, size_t *off)
{
	size_t dl = strlen(d), from = 0;
	const char *p;

	while (from < len && (p = memmem(t + from, len - from, d, dl)) != NULL) {
		size_t at = (size_t)(p - t);
		from = at + 1;
		if (at > 0 && (t[at - 1] == '@' || t[at - 1] == '.' ||
		    t[at - 1] == '-' || ascii_alnum(t[at - 1])))
			continue;
		if (at + dl < len && (ascii_alnum(t[at + dl]) || t[at + dl] == '-'))
			continue;
		*off = at;
		return true;
	}
	return false;
}

/* Search one folded view for domain + operator word; the covering range. */
static bool
speaks_as(const kn_lure_view *v, const char *d, size_t *ro, size_t *rl)
{
	const char *t = v->fold.text;
	size_t len = v->fold.len, from = 0, off, wo, wl;

	while (from < len && domain_named(t + from, len - from, d, &off)) {
		size_t at = from + off, dl = strlen(d);
		from = at + 1;
		if (!operator_near(t, len, at, dl, &wo, &wl))
			continue;
		*ro = at < wo ? at : wo;
		*rl = (at + dl > wo + wl ? at + dl : wo + wl) - *ro;
		return true;
	}
	return false;
}

/* Addresses (A, AAAA) of host, appended to *list as ", addr"; *match
 * when one is origin. Returns 0 or KENSA_ENOMEM. */
static int
host_addresses(kensa_analysis *a, kn_resolver *r, const char *host,
	const kn_ip *origin, const char **list, bool *match)
{
	static const kn_dns_type types[] = { KN_DNS_A, KN_DNS_AAAA };

	for (size_t t = 0; t < 2; t++) {
		const kn_dns_answer *ans;
		int rc = kn_dns_query(r, host, types[t], &ans);

		if (rc == KENSA_EINVAL)
			return 0;
		if (rc < 0)
			return rc;
		for (size_t i = 0; i < ans->count; i++) {
			const kn_dns_rr *rr = &ans->rrs[i];
			kn_ip ip = { 0 };
			char buf[KN_IP_TEXT_MAX];

			if (rr->type != types[t])
				continue;
			ip.family = rr->type == KN_DNS_A ? 4 : 6;
			memcpy(ip.b, rr->u.addr, ip.family == 4 ? 4 : 16);
			kn_ip_format(&ip, buf, sizeof(buf));
			if (ip.family == origin->family &&
			    memcmp(ip.b, origin->b, ip.family == 4 ? 4 : 16) == 0)
				*match = true;
			*list = kn_sprintf(&a->ar, "%s%s%s", *list,
				**list ? ", " : "", buf);
		}
	}
	return 0;
}

/*
 * Do the recipient domain rd's own servers cover the originating IP?
 * SPF check_host(origin, rd) (RFC 7208 4) and the A/AAAA of rd's MX
 * hosts, asked through the analysis's resolver (so they are logged like
 * every lookup). *en / *ja get a sentence for the finding's detail (with
 * a leading space in English), "" when there is nothing to say. Offline
 * the sentence says it was not checked. Returns 0 or KENSA_ENOMEM.
 */
static int
recipient_servers(kensa_analysis *a, const char *rd, const char **en,
	const char **ja)
{
	kn_resolver *r = kn_lookup_resolver(a);
	const char *oip = a->trace.origin_ip, *mx_en = "", *mx_ja = "";
	const char *spf_en, *spf_ja, *res;
	const kensa_hop *hop = NULL;
	const kn_dns_answer *mx;
	kn_spf_request req = { 0 };
	kn_spf_eval e;
	bool mx_match = false;
	int rc;

	*en = *ja = "";
	if (r == NULL)
		return 0;
	if (oip == NULL || !kn_ip_parse(oip, strlen(oip), &req.ip)) {
		*en = kn_sprintf(&a->ar, " Whether the servers of %s (SPF, MX) "
			"sent it was not checked: no originating IP in the "
			"Received chain.", rd);
		*ja = kn_sprintf(&a->ar, "Received の記録から送信元 IP が特定でき"
			"ないため、%s 自身のサーバー(SPF・MX)から送られたかは確認"
			"していません。", rd);
		return 0;
	}
	if (kn_lookup_is_offline(a)) {
		*en = kn_sprintf(&a->ar, " Whether %s is covered by the SPF "
			"record and MX hosts of %s was not checked (offline).",
			oip, rd);
		*ja = kn_sprintf(&a->ar, "送信元 %s が %s の SPF レコードと MX "
			"ホストに含まれるかは、オフラインのため確認していません。",
			oip, rd);
		return 0;
	}
	if (a->trace.origin_hop >= 0 &&
	    (size_t)a->trace.origin_hop < a->trace.hop_count)
		hop = &a->trace.hops[a->trace.origin_hop];
	req.helo = hop ? hop->helo : NULL;
	req.receiver = hop ? hop->by : NULL;
	req.now = a->opts.now != 0 ? a->opts.now : (int64_t)time(NULL);
	rc = kn_spf_check_host(&e, r, &a->ar, &req, rd,
		kn_sprintf(&a->ar, "postmaster@%s", rd));
	if (rc == KENSA_ENOMEM)
		return rc;
	if (rc < 0) { /* EINVAL: rd is no name SPF can check */
		memset(&e, 0, sizeof(e));
		e.result = KN_SPF_NONE;
	}
	res = kn_spf_result_name(e.result);
	if (e.record != NULL) {
		spf_en = kn_sprintf(&a->ar, "SPF check_host(%s, %s) is %s "
			"(record \"%s\"%s%s)", oip, rd, res, e.record,
			e.mechanism ? ", matched " : "",
			e.mechanism ? e.mechanism : "");
		spf_ja = kn_sprintf(&a->ar, "SPF check_host(%s, %s) の結果は "
			"%s(レコード「%s」%s%s)", oip, rd, res, e.record,
			e.mechanism ? "、一致 " : "", e.mechanism ? e.mechanism : "");
	} else {
		spf_en = kn_sprintf(&a->ar, "SPF check_host(%s, %s) is %s%s%s",
			oip, rd, res, e.problem ? ": " : "",
			e.problem ? e.problem : "");
		spf_ja = kn_sprintf(&a->ar, "SPF check_host(%s, %s) の結果は "
			"%s%s", oip, rd, res, e.result == KN_SPF_NONE ?
			"(SPF レコードなし)" : "");
	}
	rc = kn_dns_query(r, rd, KN_DNS_MX, &mx);
	if (rc < 0 && rc != KENSA_EINVAL)
		return rc;
	if (rc == 0 && mx->status == KN_DNS_NOERROR) {
		for (size_t i = 0; i < mx->count && i < KN_INTEL_MAX_MX; i++) {
			const char *ex = mx->rrs[i].u.mx.exchange, *addrs = "";
			if (mx->rrs[i].type != KN_DNS_MX || ex == NULL ||
			    ex[0] == '\0')
				continue;
			if ((rc = host_addresses(a, r, ex, &req.ip, &addrs,
			    &mx_match)) < 0)
				return rc;
			mx_en = kn_sprintf(&a->ar, "%s%s%s %s", mx_en,
				*mx_en ? "; " : "", ex, *addrs ? addrs : "(no address)");
			mx_ja = kn_sprintf(&a->ar, "%s%s%s %s", mx_ja,
				*mx_ja ? "、" : "", ex, *addrs ? addrs : "(アドレスなし)");
		}
	}
	if (*mx_en == '\0') {
		const char *st = rc == 0 ? kn_dns_status_name(mx->status) :
			"NXDOMAIN";
		mx_en = kn_sprintf(&a->ar, "none (MX %s)", st);
		mx_ja = kn_sprintf(&a->ar, "なし(MX %s)", st);
	}
	if (e.result == KN_SPF_PASS) {
		*en = kn_sprintf(&a->ar, " Yet %s is covered by the servers of "
			"%s: %s; its MX hosts: %s%s.", oip, rd, spf_en, mx_en,
			mx_match ? kn_sprintf(&a->ar, " (%s is one of them)", oip) :
			"");
		*ja = kn_sprintf(&a->ar, "ただし送信元 %s は %s 自身のサーバーに"
			"含まれます。%s。MX ホスト: %s%s。", oip, rd, spf_ja, mx_ja,
			mx_match ? kn_sprintf(&a->ar, "(%s はその一つです)", oip) :
			"");
	} else if (mx_match) {
		*en = kn_sprintf(&a->ar, " Yet %s is one of the MX hosts of %s "
			"(%s), although %s.", oip, rd, mx_en, spf_en);
		*ja = kn_sprintf(&a->ar, "ただし送信元 %s は %s の MX ホスト(%s)"
			"の一つです(%s)。", oip, rd, mx_ja, spf_ja);
	} else {
		*en = kn_sprintf(&a->ar, " Nor do the servers of %s cover the "
			"sending IP %s: %s; its MX hosts are %s, and %s is none of "
			"them.", rd, oip, spf_en, mx_en, oip);
		*ja = kn_sprintf(&a->ar, "送信元 %s は %s 自身のサーバーにも含まれ"
			"ません。%s。MX ホストは %s で、%s はそのどれでもありません。",
			oip, rd, spf_ja, mx_ja, oip);
	}
	return a->ar.oom ? KENSA_ENOMEM : 0;
}

static int
check_recipient(kensa_analysis *a, const kn_lure_view *views, size_t n)
{
	const char *rd = a->recipient_domain, *fd = a->msg.from.domain;
	const char *rorg, *forg, *doms[2];
	const char *dn_note_en = "", *dn_note_ja = "";
	const char *srv_en, *srv_ja;
	kn_lure_view dn = { .part = -2 };
	int rc;

	if (rd == NULL || fd == NULL)
		return 0;
	rorg = kn_org_domain(&a->ar, rd);
	forg = kn_org_domain(&a->ar, fd);
	if (rorg == NULL || forg == NULL || strcmp(rorg, forg) == 0)
		return 0;
	doms[0] = rd;
	doms[1] = strcmp(rd, rorg) != 0 ? rorg : NULL;
	if (a->msg.from.display_name != NULL) {
		if (kn_fold(&a->ar, a->msg.from.display_name,
		    strlen(a->msg.from.display_name), &dn.fold) < 0)
			return KENSA_ENOMEM;
		for (size_t k = 0; k < 2; k++) {
			size_t off;
			if (doms[k] != NULL &&
			    domain_named(dn.fold.text, dn.fold.len, doms[k], &off)) {
				dn_note_en = kn_sprintf(&a->ar, " The From display "
					"name \"%s\" names the same domain.",
					a->msg.from.display_name);
				dn_note_ja = kn_sprintf(&a->ar, "From の表示名「%s」も"
					"同じドメインを名乗っています。",
					a->msg.from.display_name);
				break;
			}
		}
	}
	/* body parts first, then the Subject, then the display name */
	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < (pass == 2 ? 1 : n); i++) {
			const kn_lure_view *v = pass == 2 ? &dn : &views[i];
			size_t ro, rl, po, pl;
			kensa_evidence ev;
			if (v->fold.text == NULL || (pass == 0 && v->part < 0) ||
			    (pass == 1 && v->part != -1))
				continue;
			for (size_t k = 0; k < 2; k++) {
				if (doms[k] == NULL || !speaks_as(v, doms[k], &ro, &rl))
					continue;
				if (v->part >= 0) {
					kn_lure_view_range(v, ro, rl, &po, &pl);
					ev = kn_ev_part(a, v->part, po, pl);
				} else {
					ev = kn_ev_header(a, v->part == -1 ?
						"Subject" : "From", 1);
				}
				if ((rc = recipient_servers(a, rd, &srv_en,
				    &srv_ja)) < 0)
					return rc;
				KN_FINDING(a, KN_RULE(content, impersonates_recipient_domain), &ev,
					kn_strndup(&a->ar, v->fold.text + ro, rl),
					rd, fd, dn_note_en, dn_note_ja, srv_en, srv_ja);
				return 0;
			}
		}
	}
	return 0;
}

/* ---- (b) brands ---- */

/* Is a lure that makes a body mention count present? */
static bool
has_strong_lure(const kensa_analysis *a)
{
	const kensa_finding *f = a->findings.items;

	for (size_t i = 0; i < a->findings.count; i++)
		if (strcmp(f[i].id, "lure-credential") == 0 ||
		    strcmp(f[i].id, "lure-account-suspension") == 0 ||
		    strcmp(f[i].id, "lure-payment") == 0)
			return true;
	return false;
}

/* Does the Subject count on its own? Not in a reply or forward, nor
 * on a mailing list: people discuss brands there ("Re: Apple's new
 * laptop"); then it counts with a lure of any kind. */
static bool
subject_counts(const kensa_analysis *a)
{
	const kensa_finding *f = a->findings.items;
	const char *s = a->msg.subject;

	for (size_t i = 0; i < a->findings.count; i++)
		if (strncmp(f[i].id, "lure-", 5) == 0)
			return true;
	if (a->msg.list_id != NULL || s == NULL)
		return false;
	while (*s == ' ' || *s == '[')
		s++;
	return !(kn_str_iprefix(s, strlen(s), "re:") ||
		kn_str_iprefix(s, strlen(s), "fw:") ||
		kn_str_iprefix(s, strlen(s), "fwd:") ||
		kn_str_iprefix(s, strlen(s), "aw:"));
}

/* Count occurrences of folded name in t on word boundaries (up to 2);
 * *first gets the first's offset. */
static unsigned
count_name(const char *t, size_t len, const char *name, size_t nl,
	size_t *first)
{
	unsigned c = 0;
	size_t from = 0;
	const char *p;

	while (c < 2 && from < len &&
	    (p = memmem(t + from, len - from, name, nl)) != NULL) {
		size_t at = (size_t)(p - t);
		from = at + 1;
		if (!kn_fold_word_at(t, len, at, nl))
			continue;
		/* a domain label (amazon.com, @gmail) is not the brand named */
		if ((at > 0 && (t[at - 1] == '@' || t[at - 1] == '.')) ||
		    (at + nl < len && t[at + nl] == '.' && at + nl + 1 < len &&
		     ascii_alnum(t[at + nl + 1])))
			continue;
		if (c++ == 0)
			*first = at;
	}
	return c;
}

/* Where brand b is named: 0 none, 1 display name, 2 Subject, 3 body. */
static int
brand_named(kensa_analysis *a, const kn_brand *b, const kn_lure_view *dn,
	const kn_lure_view *views, size_t n, bool subj_ok, bool body_ok,
	const char **which,
	size_t *vi, size_t *off, size_t *len)
{
	const char *p = b->names, *item;
	size_t il;

	for (size_t k = 0; k < KN_IMP_NAMES_MAX &&
	    next_item(&p, '|', &item, &il); k++) {
		kn_fold_text fn;
		bool ascii = true;
		if (kn_fold(&a->ar, item, il, &fn) < 0 || fn.len == 0)
			continue;
		for (size_t i = 0; i < fn.len; i++)
			if ((unsigned char)fn.text[i] >= 0x80)
				ascii = false;
		*which = kn_strndup(&a->ar, item, il);
		*len = fn.len;
		if (dn->fold.text != NULL &&
		    count_name(dn->fold.text, dn->fold.len, fn.text, fn.len, off))
			return 1;
		if (ascii && fn.len <= 3)
			continue;
		for (size_t i = 0; i < n; i++) {
			unsigned c;
			if ((views[i].part >= 0 && !body_ok) ||
			    (views[i].part < 0 && !subj_ok))
				continue;
			c = count_name(views[i].fold.text, views[i].fold.len,
				fn.text, fn.len, off);
			if (c == 0)
				continue;
			if (views[i].part < 0 || c >= 2 || *off < KN_IMP_BODY_HEAD) {
				*vi = i;
				return views[i].part < 0 ? 2 : 3;
			}
		}
	}
	return 0;
}

static int
check_brands(kensa_analysis *a, const kn_lure_view *views, size_t n)
{
	const char *fd = a->msg.from.domain;
	kn_lure_view dn = { .part = -2 };
	bool body_ok = has_strong_lure(a), subj_ok = subject_counts(a);
	unsigned reported = 0;

	if (fd == NULL)
		return 0;
	if (a->msg.from.display_name != NULL &&
	    kn_fold(&a->ar, a->msg.from.display_name,
	    strlen(a->msg.from.display_name), &dn.fold) < 0)
		return KENSA_ENOMEM;
	for (size_t b = 0; b < sizeof(brand_table) / sizeof(brand_table[0]) &&
	    reported < KN_IMP_BRANDS_MAX; b++) {
		const kn_brand *br = &brand_table[b];
		const char *name = NULL;
		size_t vi = 0, off = 0, len = 0, po, pl;
		int where = brand_named(a, br, &dn, views, n, subj_ok, body_ok,
			&name, &vi, &off, &len);
		kensa_evidence ev;
		static const char *const where_en[] = { "", "From display name",
			"Subject", "body" };
		static const char *const where_ja[] = { "", "From の表示名",
			"件名", "本文" };

		if (where == 0 || kn_brand_domain_in(&a->ar, fd, br->domains))
			continue;
		if (where == 1) {
			ev = kn_ev_header(a, "From", 1);
		} else if (where == 2) {
			ev = kn_ev_header(a, "Subject", 1);
		} else {
			kn_lure_view_range(&views[vi], off, len, &po, &pl);
			ev = kn_ev_part(a, views[vi].part, po, pl);
		}
		KN_FINDING(a, KN_RULE(content, impersonates_brand), &ev, where_en[where], br->brand, name,
			fd, br->domains, where_ja[where]);
		reported++;
	}
	return 0;
}

int
kn_impersonation_analyze(kensa_analysis *a)
{
	const kn_lure_view *views;
	size_t n;
	int rc;

	if ((rc = kn_lures_views(a, &views, &n)) < 0)
		return rc;
	if ((rc = check_recipient(a, views, n)) < 0)
		return rc;
	if ((rc = check_brands(a, views, n)) < 0)
		return rc;
	return a->ar.oom ? KENSA_ENOMEM : 0;
}
