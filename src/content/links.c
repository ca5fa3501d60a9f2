/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	links 3
 * SUMMARY
 *	links of the message: where the mail leads and whether it lies
 * SYNOPSIS
 *	#include "content/links.h"
 * DESCRIPTION
 *	Every text/plain and text/html part with text is read (attachments
 *	too: an HTML attachment with a login form is a phishing page).
 *	HTML links are resolved against the document's base href (RFC 3986
 *	section 5.2, through libcurl); relative links without a base, and
 *	javascript:, cid:, data:, tel: links are not kept. A link whose
 *	query carries an absolute URL in a redirect parameter (url=, u=,
 *	redirect=, target=, dest=, goto=...; q= on Google's /url) is
 *	unwrapped: the target is kept as a link of its own ("redirect",
 *	via its wrapper) and checked like any other.
 *
 *	A domain is related to the message when its registrable domain is
 *	the From domain's or the recipient's; for a bulk message
 *	(List-Id, List-Unsubscribe or Precedence: bulk/list) the ESP
 *	click-tracking hosts (data/links/esp-tracking.inc), the
 *	Return-Path domain and the List-Unsubscribe hosts are related too.
 *
 *	Findings (each once per message and target domain, evidence on the
 *	link's byte range in its part):
 *
 *	link-text-domain-mismatch (high): the visible text is or names a
 *	URL/domain whose registrable domain differs from the target's
 *	(and from an unwrapped final target's); the detail names both,
 *	the sender's and recipient's domains, and any embedded recipient
 *	address or login path. Not made when the target is the sender's or
 *	recipient's own domain, a rewriting gateway (data/links/
 *	rewriters.inc), or, in bulk mail, an ESP tracking host.
 *	link-userinfo-trick (high): a user name that looks like a host
 *	before '@' in a web URL ("https://office-sample.jp@evil.example/");
 *	plain "user:password@" credentials are not a disguise.
 *	link-ip-literal (medium): the host is an IP address.
 *	link-homoglyph (high): a host label mixes look-alike scripts, or
 *	is written with full-width or look-alike letters
 *	(content/confusables.h); link-punycode (low): an IDN host
 *	otherwise.
 *	link-shortener (low): a URL shortener (data/links/shorteners.inc).
 *	link-free-hosting (low; variant call-to-action, medium, deception):
 *	a clickable link to a free publishing or hosting service (data/
 *	links/free-hosting.inc), made by kn_links_free_hosting_analyze()
 *	after the lures; see links.h.
 *	link-redirect (low): an open redirector with its embedded target
 *	(not for ESP tracking in bulk mail, nor gateways).
 *	link-recipient-address (medium): the recipient's address, percent-
 *	encoded or base64 form included, in a URL on an unrelated domain.
 *	link-login-path (medium): a login or compromised-CMS path (/owa/,
 *	/wp-includes/, login.php, signin, webmail...) on an unrelated
 *	domain.
 *	link-unrelated-domain (info): clickable links to domains unrelated
 *	to the message; one finding listing them.
 *	alternative-link-mismatch (medium): the HTML alternative of a
 *	multipart/alternative links to a domain that the plain-text
 *	alternative (which has links of its own) never shows.
 *	html-hidden-text (low): text a reader cannot see (content/html.h),
 *	once per part, the longest run quoted.
 * LIMITS
 *	KN_LINKS_MAX links per message; KN_LINKS_PLAIN_MAX URLs per plain
 *	part; unwrapping goes KN_LINKS_UNWRAP_MAX levels deep.
 *--*/
#include "content/links.h"

#include <curl/curl.h>
#include <stdio.h>
#include <kensa/content.h>
#include <string.h>
#include <strings.h>

#include "content/confusables.h"
#include "content/html.h"
#include "content/url.h"
#include "util/domain.h"
#include "util/str.h"
#include "verdict/rules.h"

/* Links kept per message (a newsletter has a few hundred). */
#define KN_LINKS_MAX 4000
/* URLs read per plain-text part. */
#define KN_LINKS_PLAIN_MAX 1000
/* Redirect wrappers unwrapped in a chain (a tracker around a gateway
 * around the target is already rare). */
#define KN_LINKS_UNWRAP_MAX 3
/* Domains named in the link-unrelated-domain detail. */
#define KN_LINKS_LIST_MAX 5
/* Hidden text shorter than this (non-space bytes) is not reported: a
 * stray &nbsp; in a hidden cell is layout, not a message. */
#define KN_LINKS_HIDDEN_MIN 3

static const char *const shorteners[] = {
#include "../../data/links/shorteners.inc"
};
static const char *const esp_hosts[] = {
#include "../../data/links/esp-tracking.inc"
};
static const char *const rewriters[] = {
#include "../../data/links/rewriters.inc"
};
static const char *const free_hosts[] = {
#include "../../data/links/free-hosting.inc"
};

/* Per-message context. */
typedef struct ctx {
	kensa_analysis *a;
	const char *from_org, *rcpt_org, *rp_org;
	const char *rcpt;          /* lower-case recipient address */
	bool bulk;
	kn_vec unsub_orgs;         /* of const char *: List-Unsubscribe hosts */
	kn_vec reported;           /* of const char *: "rule-id\tkey" */
} ctx;

static bool
in_list(const char *const *list, size_t n, const char *host,
	const char *domain)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(list[i]), hl;
		if (domain != NULL && strcmp(domain, list[i]) == 0)
			return true;
		if (host == NULL)
			continue;
		hl = strlen(host);
		if (hl == k && strcmp(host, list[i]) == 0)
			return true;
		if (hl > k && host[hl - k - 1] == '.' &&
		    strcmp(host + hl - k, list[i]) == 0)
			return true;
	}
	return false;
}

#define LIST(x) (x), (sizeof(x) / sizeof((x)[0]))

/*
 * Is host (or its registrable domain domain; either may be NULL) a
 * URL shortener listed in data/links/shorteners.inc?
 */
bool
kn_links_is_shortener(const char *host, const char *domain)
{
	return in_list(LIST(shorteners), host, domain);
}

/*
 * Is host (or its registrable domain) an ESP click-tracking or list
 * host listed in data/links/esp-tracking.inc?
 */
bool
kn_links_is_esp(const char *host, const char *domain)
{
	return in_list(LIST(esp_hosts), host, domain);
}

static bool
is_rewriter(const char *host, const char *domain)
{
	return in_list(LIST(rewriters), host, domain);
}

static bool
streq(const char *x, const char *y)
{
	return x != NULL && y != NULL && strcmp(x, y) == 0;
}

static bool
related(const ctx *c, const kensa_link *l)
{
	const char *d = l->domain ? l->domain : l->host;

	if (streq(d, c->from_org) || streq(d, c->rcpt_org))
		return true;
	if (!c->bulk)
		return false;
	if (kn_links_is_esp(l->host, l->domain) || streq(d, c->rp_org))
		return true;
	for (size_t i = 0; i < c->unsub_orgs.count; i++)
		if (streq(d, ((const char **)c->unsub_orgs.items)[i]))
			return true;
	return false;
}

/* First report of (rule, key) in this message? Records it. */
static bool
first_report(ctx *c, const kn_rule *r, const char *key)
{
	const char *k = kn_sprintf(&c->a->ar, "%s\t%s", r->id, key ? key : "");
	const char **slot;

	if (k == NULL)
		return false;
	for (size_t i = 0; i < c->reported.count; i++)
		if (strcmp(((const char **)c->reported.items)[i], k) == 0)
			return false;
	if ((slot = kn_vec_push(&c->a->ar, &c->reported, sizeof(*slot))) == NULL)
		return false;
	*slot = k;
	return true;
}

static kensa_evidence
link_ev(ctx *c, const kensa_link *l)
{
	return kn_ev_part(c->a, l->part, l->offset, l->length);
}

/* ---- collecting ---- */

static kensa_link *
push_link(ctx *c, int part, size_t off, size_t len, const char *source,
	const char *text, const kn_url *u)
{
	kensa_link *l;

	if (c->a->links.count >= KN_LINKS_MAX)
		return NULL;
	if ((l = kn_vec_push(&c->a->ar, &c->a->links, sizeof(*l))) == NULL)
		return NULL;
	l->part = part;
	l->offset = off;
	l->length = len;
	l->source = source;
	l->text = text;
	l->url = u->url;
	l->scheme = u->scheme;
	l->userinfo = u->userinfo;
	l->host = u->host;
	l->host_ascii = u->host_ascii;
	l->host_unicode = u->host_unicode;
	l->domain = u->domain;
	l->path = u->path;
	l->query = u->query;
	l->ip_literal = u->ip_literal;
	l->idn = u->idn;
	l->via = -1;
	return l;
}

/* Resolve rel against base with libcurl (RFC 3986 5.2); NULL if
 * either does not parse. */
static const char *
resolve(kn_arena *ar, const char *base, const char *rel)
{
	CURLU *h = curl_url();
	char *x = NULL;
	const char *r = NULL;

	if (h == NULL)
		return NULL;
	if (curl_url_set(h, CURLUPART_URL, base, CURLU_NON_SUPPORT_SCHEME) ==
	    CURLUE_OK &&
	    curl_url_set(h, CURLUPART_URL, rel,
	    CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_URL, &x, 0) == CURLUE_OK)
		r = kn_strdup(ar, x);
	curl_free(x);
	curl_url_cleanup(h);
	return r;
}

static bool
has_scheme(const char *s)
{
	size_t i = 0;

	while (s[i] && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z' ?
	    true : (i > 0 && ((s[i] >= '0' && s[i] <= '9') || s[i] == '+' ||
	    s[i] == '-' || s[i] == '.'))))
		i++;
	return i > 0 && s[i] == ':';
}

static void
hidden_finding(ctx *c, int part, const kn_html_doc *d)
{
	const kn_html_hidden *best = NULL;
	size_t runs = 0;
	kensa_evidence ev;
	char nbuf[24];
	size_t len;

	for (size_t i = 0; i < d->hidden_count; i++) {
		const kn_html_hidden *h = &d->hidden[i];
		if (h->chars < KN_LINKS_HIDDEN_MIN)
			continue;
		runs++;
		if (best == NULL || h->chars > best->chars)
			best = h;
	}
	if (best == NULL)
		return;
	/* quote the hiding element, cut at a whole character */
	len = best->len > 600 ? 600 : best->len;
	{
		const kensa_mime_part *mp = &c->a->msg.parts[part];
		while (len > 0 && best->off + len < mp->text_length &&
		    ((unsigned char)mp->text[best->off + len] & 0xC0) == 0x80)
			len--;
	}
	ev = kn_ev_part(c->a, part, best->off, len);
	snprintf(nbuf, sizeof(nbuf), "%zu", runs);
	KN_FINDING(c->a, KN_RULE(content, html_hidden_text), &ev, nbuf, best->reason, best->text);
}

static int
collect_html(ctx *c, int part, const kensa_mime_part *mp)
{
	kn_html_doc d;
	int rc;

	if ((rc = kn_html_parse(&c->a->ar, mp->text, mp->text_length, &d)) < 0)
		return rc;
	hidden_finding(c, part, &d);
	for (size_t i = 0; i < d.link_count; i++) {
		const kn_html_link *hl = &d.links[i];
		const char *url = hl->url;
		kn_url u;
		kensa_link *l;

		if (url[0] == '#')
			continue;
		if (!has_scheme(url) && strncmp(url, "www.", 4) != 0) {
			if (d.base == NULL ||
			    (url = resolve(&c->a->ar, d.base, url)) == NULL)
				continue;
		}
		if (kn_url_parse(&c->a->ar, url, strlen(url), &u) != 0)
			continue;
		if (strcmp(u.scheme, "cid") == 0 || strcmp(u.scheme, "data") == 0)
			continue;
		l = push_link(c, part, hl->off, hl->len, hl->tag,
			strcmp(hl->tag, "a") == 0 ? hl->text : NULL, &u);
		if (l == NULL)
			break;
		l->tracking_pixel = hl->pixel;
		l->hidden = hl->hidden;
	}
	return c->a->ar.oom ? KENSA_ENOMEM : 0;
}

static int
collect_plain(ctx *c, int part, const kensa_mime_part *mp)
{
	kn_url_span *sp = kn_calloc(&c->a->ar, KN_LINKS_PLAIN_MAX, sizeof(*sp));
	size_t n;

	if (sp == NULL)
		return KENSA_ENOMEM;
	n = kn_url_scan(mp->text, mp->text_length, sp, KN_LINKS_PLAIN_MAX);
	for (size_t i = 0; i < n; i++) {
		kn_url u;
		if (kn_url_parse(&c->a->ar, mp->text + sp[i].off, sp[i].len,
		    &u) != 0)
			continue;
		if (push_link(c, part, sp[i].off, sp[i].len, "text", NULL,
		    &u) == NULL)
			break;
	}
	return c->a->ar.oom ? KENSA_ENOMEM : 0;
}

/* The embedded target of a redirector link, or NULL. */
static const char *
redirect_target(kn_arena *ar, const kensa_link *l)
{
	static const char *const params[] = {
		"url", "u", "redirect", "redirect_url", "redirect_to",
		"redirecturl", "target", "dest", "destination", "goto", "link",
		"rurl", "to", "out", "r",
	};
	const char *q = l->query;

	if (q == NULL)
		return NULL;
	for (size_t i = 0; i <= sizeof(params) / sizeof(params[0]); i++) {
		const char *name = i < sizeof(params) / sizeof(params[0]) ?
		    params[i] : "q";
		char *v;
		if (i == sizeof(params) / sizeof(params[0]) &&
		    !(l->domain != NULL && strncmp(l->domain, "google.", 7) == 0 &&
		    streq(l->path, "/url")))
			break;
		v = kn_url_query_param(ar, q, strlen(q), name);
		if (v == NULL)
			continue;
		/* doubly encoded targets: "https%3A%2F%2F..." */
		if (kn_str_iprefix(v, strlen(v), "http%3a"))
			v = kn_url_unescape(ar, v, strlen(v));
		if (v != NULL && (kn_str_iprefix(v, strlen(v), "http://") ||
		    kn_str_iprefix(v, strlen(v), "https://")))
			return v;
	}
	return NULL;
}

static void
unwrap_all(ctx *c)
{
	size_t n = c->a->links.count;

	for (size_t i = 0; i < n; i++) {
		size_t cur = i;
		for (unsigned depth = 0; depth < KN_LINKS_UNWRAP_MAX; depth++) {
			kensa_link *l = (kensa_link *)c->a->links.items + cur;
			const char *t = redirect_target(&c->a->ar, l);
			kn_url u;
			kensa_link *d;
			int part = l->part;
			size_t off = l->offset, len = l->length;
			const char *text = l->text;

			if (t == NULL || kn_url_parse(&c->a->ar, t, strlen(t),
			    &u) != 0)
				break;
			if ((d = push_link(c, part, off, len, "redirect", text,
			    &u)) == NULL)
				return;
			d->via = (int)cur;
			cur = c->a->links.count - 1;
		}
	}
}

/* ---- checks ---- */

static bool
clickable(const kensa_link *l)
{
	return strcmp(l->source, "img") != 0;
}

static bool
web(const kensa_link *l)
{
	return streq(l->scheme, "http") || streq(l->scheme, "https") ||
	    streq(l->scheme, "ftp");
}

static const kensa_link *
final_of(const ctx *c, size_t idx)
{
	const kensa_link *all = c->a->links.items, *f = &all[idx];

	for (size_t j = idx + 1; j < c->a->links.count; j++)
		if (all[j].via == (int)(f - all))
			f = &all[j];
	return f;
}

static void
base64(const char *s, char *out, size_t cap)
{
	static const char tb[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), k = 0;

	for (size_t i = 0; i + 2 < n && k + 4 < cap; i += 3) {
		unsigned v = (unsigned char)s[i] << 16 |
		    (unsigned char)s[i + 1] << 8 | (unsigned char)s[i + 2];
		out[k++] = tb[v >> 18 & 63];
		out[k++] = tb[v >> 12 & 63];
		out[k++] = tb[v >> 6 & 63];
		out[k++] = tb[v & 63];
	}
	out[k] = '\0';
}

/* Does url carry the recipient's address? *how gets the form. */
static bool
has_recipient(ctx *c, const char *url, const char **how)
{
	char *low, *dec, b64[512];
	const char *at;

	if (c->rcpt == NULL || (at = strchr(c->rcpt, '@')) == NULL)
		return false;
	low = kn_str_lower(&c->a->ar, url);
	dec = low ? kn_url_unescape(&c->a->ar, low, strlen(low)) : NULL;
	if (low != NULL && strstr(low, c->rcpt) != NULL) {
		*how = "";
		return true;
	}
	if (dec != NULL && strstr(dec, c->rcpt) != NULL) {
		*how = " (percent-encoded)";
		return true;
	}
	/* base64 of the whole address: the leading complete groups */
	base64(c->rcpt, b64, sizeof(b64));
	if (strlen(b64) >= 8 && strstr(url, b64) != NULL) {
		*how = " (base64)";
		return true;
	}
	return false;
}

/* A login-like or CMS path element in path, or NULL. */
static const char *
login_marker(kn_arena *ar, const char *path)
{
	static const char *const marks[] = {
		"/wp-includes/", "/wp-content/", "/wp-admin/", "/owa/", "/owa?",
		"login.php", "/login", "signin", "sign-in", "logon", "webmail",
		"/.well-known/", "/auth/", "/sso/", "/verify",
	};
	char *low;

	if (path == NULL || (low = kn_str_lower(ar, path)) == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strstr(low, marks[i]) != NULL)
			return marks[i];
	if (streq(low, "/owa"))
		return "/owa";
	return NULL;
}

static const char *
dash(const char *s)
{
	return s ? s : "-";
}

static void
check_text_mismatch(ctx *c, size_t idx)
{
	const kensa_link *l = (const kensa_link *)c->a->links.items + idx;
	const kensa_link *f;
	const char *th, *torg, *how = NULL, *mark, *en = "", *ja = "";
	kensa_evidence ev;

	if (l->text == NULL || l->via >= 0 || l->text[0] == '\0')
		return;
	if ((th = kn_url_text_host(&c->a->ar, l->text, strlen(l->text))) == NULL)
		return;
	torg = kn_org_domain(&c->a->ar, th);
	if (torg == NULL || streq(torg, l->domain) || streq(th, l->host))
		return;
	f = final_of(c, idx);
	if (streq(torg, f->domain))
		return;
	if (streq(l->scheme, "mailto"))
		return; /* "write to us" texts are not destinations */
	if (streq(l->domain, c->from_org) || streq(l->domain, c->rcpt_org) ||
	    is_rewriter(l->host, l->domain) ||
	    (c->bulk && related(c, l)))
		return;
	if (!first_report(c, KN_RULE(content, link_text_domain_mismatch), f->domain ? f->domain : f->host))
		return;
	if (has_recipient(c, l->url, &how)) {
		en = kn_sprintf(&c->a->ar, " The recipient's address %s is "
			"embedded in the URL%s: a page personalised for the "
			"victim.", c->rcpt, how);
		ja = kn_sprintf(&c->a->ar, "URLには受信者のアドレス %s が"
			"埋め込まれています%s(被害者向けに用意されたページ)。",
			c->rcpt, how);
	}
	if ((mark = login_marker(&c->a->ar, f->path)) != NULL) {
		en = kn_sprintf(&c->a->ar, "%s The path %s (\"%s\") looks like "
			"a login page or a compromised web site.", en ? en : "",
			f->path, mark);
		ja = kn_sprintf(&c->a->ar, "%sパス %s(「%s」)はログインページ"
			"または改ざんされたサイトのように見えます。",
			ja ? ja : "", f->path, mark);
	}
	ev = link_ev(c, l);
	KN_FINDING(c->a, KN_RULE(content, link_text_domain_mismatch), &ev, l->text, torg, f->url,
		dash(f->domain ? f->domain : f->host), dash(c->from_org),
		dash(c->rcpt_org), en, ja);
}

static void
check_one(ctx *c, size_t idx)
{
	const kensa_link *l = (const kensa_link *)c->a->links.items + idx;
	const char *key = l->domain ? l->domain : l->host, *how = NULL, *mark;
	kn_confusable cf;
	kensa_evidence ev;
	bool rel = related(c, l);

	if (clickable(l))
		check_text_mismatch(c, idx);
	/* "user:secret@host" is credentials; "bank.example@host" a disguise */
	if (web(l) && l->userinfo != NULL &&
	    memchr(l->userinfo, '.', strcspn(l->userinfo, ":")) != NULL &&
	    first_report(c, KN_RULE(content, link_userinfo_trick), key)) {
		ev = link_ev(c, l);
		KN_FINDING(c->a, KN_RULE(content, link_userinfo_trick), &ev, l->url, l->userinfo,
			l->host, dash(l->domain));
	}
	if (web(l) && l->ip_literal && first_report(c, KN_RULE(content, link_ip_literal), l->host)) {
		ev = link_ev(c, l);
		KN_FINDING(c->a, KN_RULE(content, link_ip_literal), &ev, l->url, l->host);
	}
	if (!l->ip_literal &&
	    (kn_confusable_check(l->host, &cf) ||
	    (l->host_unicode != NULL &&
	    kn_confusable_check(l->host_unicode, &cf)))) {
		if (first_report(c, KN_RULE(content, link_homoglyph), l->host)) {
			ev = link_ev(c, l);
			KN_FINDING(c->a, KN_RULE(content, link_homoglyph), &ev,
				dash(l->host_unicode ? l->host_unicode : l->host),
				dash(l->host_ascii), cf.label, cf.reason,
				cf.skeleton);
		}
	} else if (l->idn && first_report(c, KN_RULE(content, link_punycode), l->host)) {
		ev = link_ev(c, l);
		KN_FINDING(c->a, KN_RULE(content, link_punycode), &ev, l->url, dash(l->host_ascii),
			dash(l->host_unicode));
	}
	if (kn_links_is_shortener(l->host, l->domain) &&
	    first_report(c, KN_RULE(content, link_shortener), l->host)) {
		ev = link_ev(c, l);
		KN_FINDING(c->a, KN_RULE(content, link_shortener), &ev, l->url, l->host);
	}
	if (l->via >= 0) {
		const kensa_link *w = (const kensa_link *)c->a->links.items +
		    l->via;
		if (!is_rewriter(w->host, w->domain) &&
		    !(c->bulk && related(c, w)) &&
		    first_report(c, KN_RULE(content, link_redirect), key)) {
			ev = link_ev(c, l);
			KN_FINDING(c->a, KN_RULE(content, link_redirect), &ev, w->url, w->host,
				l->url, dash(l->domain));
		}
	}
	if (rel || !web(l))
		return;
	if (has_recipient(c, l->url, &how) &&
	    first_report(c, KN_RULE(content, link_recipient_address), key)) {
		const char *ja = how[0] == '\0' ? "" :
		    strstr(how, "base64") ? "(base64)" : "(URLエンコード)";
		ev = link_ev(c, l);
		KN_FINDING(c->a, KN_RULE(content, link_recipient_address), &ev, l->url, dash(key), c->rcpt,
			how, ja);
	}
	if ((mark = login_marker(&c->a->ar, l->path)) != NULL &&
	    first_report(c, KN_RULE(content, link_login_path), key)) {
		ev = link_ev(c, l);
		KN_FINDING(c->a, KN_RULE(content, link_login_path), &ev, l->url, l->path, mark,
			dash(key));
	}
}

static void
check_unrelated(ctx *c)
{
	const kensa_link *all = c->a->links.items, *first = NULL;
	const char *list = "", *seen[KN_LINKS_LIST_MAX];
	size_t nseen = 0, count = 0;
	char nbuf[24];
	kensa_evidence ev;

	for (size_t i = 0; i < c->a->links.count; i++) {
		const kensa_link *l = &all[i];
		const char *d = l->domain ? l->domain : l->host;
		bool dup = false;
		if (!clickable(l) || !web(l) || related(c, l) ||
		    is_rewriter(l->host, l->domain))
			continue;
		if (l->via < 0 && final_of(c, i) != l &&
		    related(c, final_of(c, i)))
			continue;
		count++;
		if (first == NULL)
			first = l;
		for (size_t j = 0; j < nseen; j++)
			dup |= streq(seen[j], d);
		if (dup || nseen == KN_LINKS_LIST_MAX)
			continue;
		seen[nseen++] = d;
		list = kn_sprintf(&c->a->ar, "%s%s%s", list ? list : "",
			nseen > 1 ? ", " : "", d);
	}
	if (first == NULL)
		return;
	snprintf(nbuf, sizeof(nbuf), "%zu", count);
	ev = link_ev(c, first);
	c->a->links_unrelated = list;
	KN_FINDING(c->a, KN_RULE(content, link_unrelated_domain), &ev, nbuf, dash(c->from_org),
		dash(c->rcpt_org), list);
}

/* The multipart/alternative that part belongs to, or -1. */
static int
alternative_of(const kensa_analysis *a, int part)
{
	int p = a->msg.parts[part].parent;

	for (size_t guard = 0; p >= 0 && guard < a->msg.part_count; guard++) {
		const kensa_mime_part *mp = &a->msg.parts[p];
		if (mp->content_type != NULL &&
		    strcmp(mp->content_type, "multipart/alternative") == 0)
			return p;
		p = mp->parent;
	}
	return -1;
}

static bool
is_type(const kensa_analysis *a, int part, const char *type)
{
	const char *t = a->msg.parts[part].content_type;
	return t != NULL && strcmp(t, type) == 0;
}

static void
check_alternatives(ctx *c)
{
	const kensa_link *all = c->a->links.items;
	size_t n = c->a->links.count;

	if (c->bulk)
		return; /* newsletters trim their plain version freely */
	for (size_t i = 0; i < n; i++) {
		const kensa_link *h = &all[i], *f;
		int alt;
		const char *plain = "", *hd;
		bool found = false, any = false;
		size_t shown = 0;
		kensa_evidence ev;

		if (!clickable(h) || !web(h) || h->via >= 0 ||
		    !is_type(c->a, h->part, "text/html") ||
		    (alt = alternative_of(c->a, h->part)) < 0)
			continue;
		f = final_of(c, i);
		hd = f->domain ? f->domain : f->host;
		if (related(c, f) || is_rewriter(h->host, h->domain))
			continue;
		for (size_t j = 0; j < n; j++) {
			const kensa_link *p = &all[j];
			const char *pd = p->domain ? p->domain : p->host;
			if (!is_type(c->a, p->part, "text/plain") ||
			    alternative_of(c->a, p->part) != alt)
				continue;
			any = true;
			if (streq(pd, hd) || streq(pd, h->domain))
				found = true;
			if (p->via < 0 && shown < 3) {
				plain = kn_sprintf(&c->a->ar, "%s%s%s",
					plain ? plain : "", shown ? ", " : "",
					p->url);
				shown++;
			}
		}
		if (!any || found)
			continue;
		if (!first_report(c, KN_RULE(content, alternative_link_mismatch), kn_sprintf(&c->a->ar,
		    "%d\t%s", alt, hd)))
			continue;
		ev = link_ev(c, h);
		KN_FINDING(c->a, KN_RULE(content, alternative_link_mismatch), &ev, f->url, dash(hd), plain);
	}
}

static void
collect_unsub(ctx *c)
{
	const char *v = c->a->msg.list_unsubscribe;
	kn_url_span sp[8];
	size_t n;

	if (v == NULL)
		return;
	n = kn_url_scan(v, strlen(v), sp, 8);
	for (size_t i = 0; i < n; i++) {
		kn_url u;
		const char **slot;
		if (kn_url_parse(&c->a->ar, v + sp[i].off, sp[i].len, &u) != 0 ||
		    (slot = kn_vec_push(&c->a->ar, &c->unsub_orgs,
		    sizeof(*slot))) == NULL)
			continue;
		*slot = u.domain ? u.domain : u.host;
	}
}

/* Bulk mail: List-Id, List-Unsubscribe or Precedence: bulk/list. */
static bool
is_bulk(kensa_analysis *a)
{
	const kensa_header *prec = kn_header_get(a, "Precedence", 1);

	return a->msg.list_id != NULL || a->msg.list_unsubscribe != NULL ||
	    (prec != NULL && prec->value != NULL &&
	    (strcasestr(prec->value, "bulk") || strcasestr(prec->value, "list")));
}

/*
 * See links.h. Reads a->msg and a->recipient/a->recipient_domain;
 * appends to a->links and a->findings, all memory in a->ar.
 */
int
kn_links_analyze(kensa_analysis *a)
{
	ctx c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.from_org = kn_org_domain(&a->ar, a->msg.from.domain);
	c.rcpt_org = kn_org_domain(&a->ar, a->recipient_domain);
	c.rp_org = kn_org_domain(&a->ar, a->msg.return_path_domain);
	c.rcpt = a->recipient ? kn_str_lower(&a->ar, a->recipient) : NULL;
	c.bulk = is_bulk(a);
	collect_unsub(&c);

	for (size_t i = 0; i < a->msg.part_count; i++) {
		const kensa_mime_part *mp = &a->msg.parts[i];
		if (mp->text == NULL || mp->content_type == NULL)
			continue;
		if (strcmp(mp->content_type, "text/html") == 0)
			rc = collect_html(&c, (int)i, mp);
		else if (strcmp(mp->content_type, "text/plain") == 0)
			rc = collect_plain(&c, (int)i, mp);
		else
			continue;
		if (rc < 0)
			return rc;
	}
	unwrap_all(&c);
	for (size_t i = 0; i < a->links.count; i++)
		check_one(&c, i);
	check_unrelated(&c);
	check_alternatives(&c);
	return a->ar.oom ? KENSA_ENOMEM : 0;
}

/*
 * See links.h.
 */
size_t
kn_links_domains(kensa_analysis *a, const char ***out)
{
	const kensa_link *all = a->links.items;
	kn_vec v = { 0 };

	*out = NULL;
	for (size_t i = 0; i < a->links.count; i++) {
		const char *names[2] = {
			all[i].host_ascii ? all[i].host_ascii : all[i].host,
			all[i].domain };
		for (int k = 0; k < 2; k++) {
			bool dup = false;
			const char **slot;
			if (names[k] == NULL || all[i].ip_literal)
				continue;
			for (size_t j = 0; j < v.count && !dup; j++)
				dup = strcmp(((const char **)v.items)[j],
					names[k]) == 0;
			if (dup)
				continue;
			if ((slot = kn_vec_push(&a->ar, &v, sizeof(*slot))) == NULL)
				return 0;
			*slot = names[k];
		}
	}
	*out = (const char **)v.items;
	return v.count;
}

/*
 * See kensa/content.h.
 */
KENSA_EXTERN(size_t)
kensa_analysis_links(const kensa_analysis *a, const kensa_link **out)
{
	if (out != NULL)
		*out = a && a->links.count ? a->links.items : NULL;
	return a ? a->links.count : 0;
}

/* ---- free hosting (after the lures) ---- */

/*
 * See links.h.
 */
const char *
kn_links_free_hosting(const char *host, const char *path)
{
	size_t hl;

	if (host == NULL)
		return NULL;
	hl = strlen(host);
	for (size_t i = 0; i < sizeof(free_hosts) / sizeof(free_hosts[0]);
	    i++) {
		const char *e = free_hosts[i], *slash = strchr(e, '/');
		size_t k = slash ? (size_t)(slash - e) : strlen(e);
		if (!(hl == k && strncmp(host, e, k) == 0) &&
		    !(hl > k && host[hl - k - 1] == '.' &&
		    strncmp(host + hl - k, e, k) == 0))
			continue;
		if (slash != NULL && (path == NULL ||
		    strncasecmp(path, slash, strlen(slash)) != 0))
			continue;
		return e;
	}
	return NULL;
}

/* A free hosting URL carried whole in a query parameter of l (an
 * affiliate or tracking wrapper that the redirect unwrapping does not
 * know: "...cread.php?ued=https://dweb.link/ipfs/..."), or NULL; *u
 * gets it parsed and *e its list entry. */
static const char *
embedded_free(kn_arena *ar, const kensa_link *l, kn_url *u, const char **e)
{
	const char *q = l->query;

	while (q != NULL && *q != '\0') {
		size_t n = strcspn(q, "&;");
		const char *eq = memchr(q, '=', n);
		if (eq != NULL) {
			char *v = kn_url_unescape(ar, eq + 1, n - (size_t)(eq + 1 - q));
			if (v != NULL && (kn_str_iprefix(v, strlen(v), "http://") ||
			    kn_str_iprefix(v, strlen(v), "https://")) &&
			    kn_url_parse(ar, v, strlen(v), u) == 0 &&
			    (*e = kn_links_free_hosting(u->host, u->path)) != NULL)
				return v;
		}
		q += n;
		if (*q != '\0')
			q++;
	}
	return NULL;
}

static bool
free_source(const kensa_link *l)
{
	return streq(l->source, "a") || streq(l->source, "area") ||
	    streq(l->source, "form") || streq(l->source, "text") ||
	    streq(l->source, "redirect");
}

/* Has an earlier finding a credential lure (credential true:
 * lure-credential, lure-account-suspension), or any finding whose rule
 * carries the lure signal (credential false)? */
static bool
has_lure(const kensa_analysis *a, bool credential)
{
	const kensa_finding *f = a->findings.items;

	for (size_t i = 0; i < a->findings.count; i++) {
		const kn_rule_entry *r;
		if (f[i].id == NULL)
			continue;
		if (credential) {
			if (strcmp(f[i].id, "lure-credential") == 0 ||
			    strcmp(f[i].id, "lure-account-suspension") == 0)
				return true;
		} else if ((r = kn_rules_find(f[i].id, f[i].severity)) != NULL &&
		    (r->signals & KN_SIG_LURE)) {
			return true;
		}
	}
	return false;
}

/* The registrable domains (or hosts) of the clickable web links not
 * related to the message (see related()): 0, 1 or 2 (more); *only
 * gets the one. */
static int
unrelated_count(ctx *c, const char **only)
{
	const kensa_link *all = c->a->links.items;
	int n = 0;

	*only = NULL;
	for (size_t i = 0; i < c->a->links.count; i++) {
		const char *d = all[i].domain ? all[i].domain : all[i].host;
		if (!clickable(&all[i]) || !web(&all[i]) || d == NULL ||
		    related(c, &all[i]) ||
		    is_rewriter(all[i].host, all[i].domain))
			continue;
		/* a wrapper whose target is unwrapped counts as its target */
		if (all[i].via < 0 && final_of(c, i) != &all[i])
			continue;
		if (*only == NULL) {
			*only = d;
			n = 1;
		} else if (!streq(*only, d)) {
			return 2;
		}
	}
	return n;
}

/*
 * See links.h.
 */
int
kn_links_free_hosting_analyze(kensa_analysis *a)
{
	const kensa_link *all = a->links.items;
	const char *from_org, *rcpt_org, *only = NULL, *seen[16];
	bool bulk, cred = has_lure(a, true), lure = has_lure(a, false);
	size_t nseen = 0;
	int nun;
	ctx c;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.from_org = from_org = kn_org_domain(&a->ar, a->msg.from.domain);
	c.rcpt_org = rcpt_org = kn_org_domain(&a->ar, a->recipient_domain);
	c.rp_org = kn_org_domain(&a->ar, a->msg.return_path_domain);
	c.bulk = bulk = is_bulk(a);
	collect_unsub(&c);
	nun = unrelated_count(&c, &only);

	for (size_t i = 0; i < a->links.count && nseen < 16; i++) {
		const kensa_link *l = &all[i];
		const char *d = l->domain ? l->domain : l->host, *e, *mark;
		const char *en = NULL, *ja = NULL, *url = l->url, *host = l->host;
		const char *path = l->path;
		kensa_evidence ev;
		kn_url u;
		bool dup = false;

		if (!free_source(l) || !web(l) || d == NULL ||
		    streq(d, from_org) || streq(d, rcpt_org))
			continue;
		if ((e = kn_links_free_hosting(l->host, l->path)) == NULL) {
			if ((url = embedded_free(&a->ar, l, &u, &e)) == NULL)
				continue;
			host = u.host;
			path = u.path;
			d = u.domain ? u.domain : u.host;
			if (streq(d, from_org) || streq(d, rcpt_org))
				continue;
		}
		for (size_t j = 0; j < nseen; j++)
			dup |= streq(seen[j], host);
		if (dup)
			continue;
		if ((mark = login_marker(&a->ar, path)) != NULL) {
			en = kn_sprintf(&a->ar, "its path %s (\"%s\") looks like "
				"a login page", path, mark);
			ja = kn_sprintf(&a->ar, "パス %s(「%s」)はログインページの"
				"ように見えます", path, mark);
		} else if (cred) {
			en = "the message asks the reader to sign in or verify an "
			    "account";
			ja = "メールはサインインやアカウントの確認を求めています";
		} else if (lure && nun == 1 &&
		    (streq(only, d) || streq(only, l->domain))) {
			en = "it is the only place the message sends the reader, "
			    "in a message that carries a lure";
			ja = "誘い文句を含むメールが読者を誘導する唯一のリンク先で"
			    "す";
		} else if (bulk) {
			continue;
		}
		seen[nseen++] = host;
		ev = kn_ev_part(a, l->part, l->offset, l->length);
		if (en != NULL)
			KN_FINDING(a, KN_RULE_V(content, link_free_hosting,
				call_to_action), &ev, url, host, e, en, ja);
		else
			KN_FINDING(a, KN_RULE(content, link_free_hosting), &ev,
				url, host, e);
	}
	return a->ar.oom ? KENSA_ENOMEM : 0;
}
