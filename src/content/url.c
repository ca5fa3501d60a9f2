/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	url 3
 * SUMMARY
 *	URLs in mail: find them in plain text, parse them, name their host
 * SYNOPSIS
 *	#include "content/url.h"
 * DESCRIPTION
 *	See url.h. The scanner works on bytes and decodes UTF-8 only where
 *	a non-ASCII byte appears, to tell punctuation that ends a URL
 *	(CJK symbols U+3000..U+303F, full-width punctuation, curly quotes)
 *	from letters that may belong to an internationalised host.
 *	In the host, a non-ASCII run after the last dot is cut: that is
 *	Japanese text glued to the URL ("example.jpをクリック"), not a TLD.
 *	In the path, Hiragana ends the URL for the same reason (particles
 *	を, から, に follow URLs in Japanese prose).
 *
 *	Parsing follows the WHATWG habit of dropping tab, CR and LF inside
 *	a URL (HTML attributes are often folded) before handing it to
 *	libcurl (curl_url_set with CURLU_NON_SUPPORT_SCHEME).
 * LIMITS
 *	KN_URL_MAX bytes per URL.
 *--*/
#include "content/url.h"

#include <curl/curl.h>
#include <idn2.h>
#include <kensa/errors.h>
#include <string.h>
#include <strings.h>

#include "util/domain.h"
#include "util/str.h"

/* Longest scheme name looked at when deciding that text starts with a
 * scheme (RFC 3986 3.1 sets no limit; "xmpp", "https" are short). */
#define KN_URL_SCHEME_MAX 16
/* Query parameters looked at in one query (a tracker's query may be
 * long; the redirect target is among the first). */
#define KN_URL_PARAMS_MAX 64

static bool
is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* Decode the UTF-8 sequence at s[i] (n bytes left); *cl gets its length
 * (1 for an invalid byte). Returns the code point or 0xFFFD. */
static unsigned
utf8_at(const char *s, size_t n, size_t *cl)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;
	size_t k;

	*cl = 1;
	if (p[0] < 0x80)
		return p[0];
	if ((p[0] & 0xE0) == 0xC0) {
		k = 2;
		cp = p[0] & 0x1F;
	} else if ((p[0] & 0xF0) == 0xE0) {
		k = 3;
		cp = p[0] & 0x0F;
	} else if ((p[0] & 0xF8) == 0xF0) {
		k = 4;
		cp = p[0] & 0x07;
	} else {
		return 0xFFFD;
	}
	if (k > n)
		return 0xFFFD;
	for (size_t j = 1; j < k; j++) {
		if ((p[j] & 0xC0) != 0x80)
			return 0xFFFD;
		cp = (cp << 6) | (p[j] & 0x3F);
	}
	*cl = k;
	return cp;
}

/* Does code point cp end a URL in text? Space, CJK punctuation and
 * brackets, full-width ASCII punctuation, typographic quotes. */
static bool
stop_cp(unsigned cp)
{
	if (cp == 0xA0 || cp == 0xFEFF || cp == 0xFFFD)
		return true;
	if (cp >= 0x2000 && cp <= 0x206F)  /* spaces, dashes, quotes, ... */
		return true;
	if (cp >= 0x3000 && cp <= 0x303F)  /* 、。「」『』【】〔〕〈〉《》 */
		return true;
	if (cp >= 0xFF01 && cp <= 0xFF0F)  /* ！＂＃＄％＆＇（）＊＋，－．／ */
		return true;
	if (cp >= 0xFF1A && cp <= 0xFF20)  /* ：；＜＝＞？＠ */
		return true;
	if (cp >= 0xFF3B && cp <= 0xFF40)  /* ［＼］＾＿｀ */
		return true;
	if (cp >= 0xFF5B && cp <= 0xFF65)  /* ｛｜｝～ and half-width ｡｢｣､･ */
		return true;
	if (cp >= 0xFE30 && cp <= 0xFE6F)  /* CJK compatibility forms */
		return true;
	return false;
}

static bool
stop_ascii(unsigned char c)
{
	return c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == '"' ||
	    c == '`';
}

/* Length of the scheme prefix s starts with, or 0. */
static size_t
url_prefix(const char *s, size_t n, bool *www)
{
	static const char *const prefixes[] = {
		"https://", "http://", "ftp://", "mailto:",
	};

	*www = false;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (kn_str_iprefix(s, n, prefixes[i]))
			return strlen(prefixes[i]);
	if (kn_str_iprefix(s, n, "www.")) {
		*www = true;
		return 4;
	}
	return 0;
}

/* Trim trailing punctuation a writer puts after a URL. */
static size_t
trim_tail(const char *s, size_t n)
{
	while (n > 0) {
		char c = s[n - 1];
		if (strchr(".,;:!?'*", c) != NULL) {
			n--;
			continue;
		}
		if (c == ')' || c == ']' || c == '}') {
			char open = c == ')' ? '(' : c == ']' ? '[' : '{';
			size_t o = 0, cl = 0;
			for (size_t i = 0; i < n; i++) {
				o += s[i] == open;
				cl += s[i] == c;
			}
			if (cl > o) {
				n--;
				continue;
			}
		}
		break;
	}
	return n;
}

/* Cut Japanese text glued after the last dot of the host
 * s[hstart..hend): returns the new host end. */
static size_t
cut_host(const char *s, size_t hstart, size_t hend)
{
	size_t dot = hend;

	for (size_t i = hstart; i < hend; i++)
		if (s[i] == '.')
			dot = i;
	if (dot == hend)
		return hend;
	for (size_t i = dot + 1; i < hend; i++)
		if ((unsigned char)s[i] >= 0x80)
			return i;
	return hend;
}

/* End of the URL starting at s[0] with prefix length pl. */
static size_t
url_extent(const char *s, size_t n, size_t pl, bool mailto)
{
	size_t j = pl, hend = 0;
	bool in_host = !mailto;

	while (j < n) {
		unsigned char c = (unsigned char)s[j];
		if (c < 0x80) {
			if (stop_ascii(c))
				break;
			if (in_host && (c == '/' || c == '?' || c == '#')) {
				in_host = false;
				hend = j;
			}
			j++;
			continue;
		}
		size_t cl;
		unsigned cp = utf8_at(s + j, n - j, &cl);
		if (stop_cp(cp) || mailto)
			break;
		if (!in_host && cp >= 0x3040 && cp <= 0x309F)
			break; /* Hiragana after the host: prose */
		j += cl;
	}
	if (in_host)
		hend = j;
	if (!mailto) {
		size_t cut = cut_host(s, pl, hend);
		if (cut < hend)
			j = cut;
	}
	return trim_tail(s, j);
}

/*
 * See url.h.
 */
size_t
kn_url_scan(const char *text, size_t len, kn_url_span *out, size_t max)
{
	size_t n = 0, i = 0;

	while (i < len && n < max) {
		unsigned char prev = i > 0 ? (unsigned char)text[i - 1] : ' ';
		bool www;
		size_t pl, e;

		if (is_alnum(prev) || prev == '.' || prev == '-' ||
		    prev == '@' || prev == '/' || prev == '_' ||
		    (pl = url_prefix(text + i, len - i, &www)) == 0) {
			i++;
			continue;
		}
		e = url_extent(text + i, len - i, pl,
			kn_str_iprefix(text + i, len - i, "mailto:"));
		/* a real host after the prefix: "www." needs a dot too */
		if (e > pl && (!www || memchr(text + i + pl, '.', e - pl))) {
			out[n].off = i;
			out[n].len = e;
			out[n].www = www;
			n++;
			i += e;
		} else {
			i += pl;
		}
	}
	return n;
}

/*
 * See url.h.
 */
char *
kn_url_unescape(kn_arena *ar, const char *s, size_t len)
{
	char *o = kn_alloc(ar, len + 1);
	size_t k = 0;

	if (o == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		static const char hex[] = "0123456789abcdef";
		const char *h1, *h2;
		if (s[i] == '%' && i + 2 < len && s[i + 1] != '\0' &&
		    s[i + 2] != '\0' &&
		    (h1 = strchr(hex, s[i + 1] | 0x20)) != NULL &&
		    (h2 = strchr(hex, s[i + 2] | 0x20)) != NULL) {
			o[k++] = (char)(((h1 - hex) << 4) | (h2 - hex));
			i += 2;
		} else {
			o[k++] = s[i];
		}
	}
	o[k] = '\0';
	return o;
}

/*
 * See url.h.
 */
char *
kn_url_query_param(kn_arena *ar, const char *query, size_t len,
	const char *name)
{
	size_t nl = strlen(name), i = 0;

	for (unsigned p = 0; p < KN_URL_PARAMS_MAX && i < len; p++) {
		size_t e = i;
		while (e < len && query[e] != '&' && query[e] != ';')
			e++;
		if (e - i > nl && query[i + nl] == '=' &&
		    strncasecmp(query + i, name, nl) == 0)
			return kn_url_unescape(ar, query + i + nl + 1,
				e - i - nl - 1);
		i = e + 1;
	}
	return NULL;
}

/*
 * See url.h.
 */
void
kn_url_idna(kn_arena *ar, const char *host, const char **ascii,
	const char **unicode)
{
	char *a = NULL, *u = NULL;
	bool plain = true;

	*ascii = *unicode = NULL;
	for (const char *p = host; *p; p++)
		if ((unsigned char)*p >= 0x80)
			plain = false;
	if (plain && strstr(host, "xn--") == NULL) {
		*ascii = *unicode = kn_str_lower(ar, host);
		return;
	}
	if (idn2_to_ascii_8z(host, &a, IDN2_NONTRANSITIONAL) != IDN2_OK &&
	    idn2_to_ascii_8z(host, &a, IDN2_TRANSITIONAL) != IDN2_OK) {
		a = NULL;
		if (plain)
			*ascii = kn_str_lower(ar, host);
	}
	if (a != NULL) {
		*ascii = kn_str_lower(ar, a);
		if (idn2_to_unicode_8z8z(a, &u, 0) == IDN2_OK)
			*unicode = kn_strdup(ar, u);
		idn2_free(u);
		idn2_free(a);
	}
}

static bool
is_ipv4(const char *h)
{
	unsigned dots = 0;

	if (*h == '\0')
		return false;
	for (; *h; h++) {
		if (*h == '.')
			dots++;
		else if (*h < '0' || *h > '9')
			return false;
	}
	return dots == 3;
}

static char *
curl_part(kn_arena *ar, CURLU *h, CURLUPart part)
{
	char *x = NULL, *r = NULL;

	if (curl_url_get(h, part, &x, 0) == CURLUE_OK && x != NULL)
		r = kn_strdup(ar, x);
	curl_free(x);
	return r;
}

/* Fill the host facts of u from u->host. */
static void
host_facts(kn_arena *ar, kn_url *u)
{
	u->ip_literal = u->host[0] == '[' || is_ipv4(u->host);
	for (const char *p = u->host; *p; p++)
		if ((unsigned char)*p >= 0x80)
			u->idn = true;
	if (strncmp(u->host, "xn--", 4) == 0 || strstr(u->host, ".xn--"))
		u->idn = true;
	if (u->ip_literal) {
		u->host_ascii = u->host_unicode = u->host;
		return;
	}
	kn_url_idna(ar, u->host, &u->host_ascii, &u->host_unicode);
	u->domain = kn_org_domain(ar, u->host_ascii ? u->host_ascii : u->host);
}

static int
parse_mailto(kn_arena *ar, const char *s, kn_url *out)
{
	const char *addr = s + 7, *q = strchr(addr, '?'), *at;
	size_t n = q ? (size_t)(q - addr) : strlen(addr);
	const char *comma = memchr(addr, ',', n);
	char *dec;

	if (comma != NULL)
		n = (size_t)(comma - addr);
	if ((dec = kn_url_unescape(ar, addr, n)) == NULL)
		return KENSA_ENOMEM;
	if ((at = strrchr(dec, '@')) == NULL || at[1] == '\0')
		return KENSA_EINVAL;
	out->url = s;
	out->scheme = "mailto";
	out->host = kn_str_lower(ar, at + 1);
	out->path = dec;
	out->query = q ? kn_strdup(ar, q + 1) : NULL;
	if (out->host == NULL)
		return KENSA_ENOMEM;
	host_facts(ar, out);
	return ar->oom ? KENSA_ENOMEM : 0;
}

/*
 * See url.h.
 */
int
kn_url_parse(kn_arena *ar, const char *s, size_t len, kn_url *out)
{
	char *buf;
	size_t k = 0, sl = 0;
	CURLU *h;
	int rc = KENSA_EINVAL;

	memset(out, 0, sizeof(*out));
	if (len > KN_URL_MAX)
		return KENSA_EINVAL;
	if ((buf = kn_alloc(ar, len + 8)) == NULL)
		return KENSA_ENOMEM;
	{
		kn_slice t = kn_slice_trim((kn_slice){ s, len });
		if (kn_str_iprefix(t.p, t.len, "www.")) {
			memcpy(buf, "http://", 7);
			k = 7;
		}
		for (size_t i = 0; i < t.len; i++)
			if (t.p[i] != '\t' && t.p[i] != '\r' && t.p[i] != '\n' &&
			    t.p[i] != '\0')
				buf[k++] = t.p[i];
		buf[k] = '\0';
	}
	/* a scheme is required: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
	while (sl < k && sl < KN_URL_SCHEME_MAX &&
	    (is_alnum((unsigned char)buf[sl]) || buf[sl] == '+' ||
	    buf[sl] == '-' || buf[sl] == '.'))
		sl++;
	if (sl == 0 || sl >= k || buf[sl] != ':')
		return KENSA_EINVAL;
	if (sl == 6 && strncasecmp(buf, "mailto", 6) == 0)
		return parse_mailto(ar, buf, out);
	if ((h = curl_url()) == NULL)
		return KENSA_ENOMEM;
	if (curl_url_set(h, CURLUPART_URL, buf,
	    CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE) != CURLUE_OK)
		goto done;
	out->url = curl_part(ar, h, CURLUPART_URL);
	out->scheme = kn_str_lower(ar, curl_part(ar, h, CURLUPART_SCHEME));
	out->host = kn_str_lower(ar, curl_part(ar, h, CURLUPART_HOST));
	out->path = curl_part(ar, h, CURLUPART_PATH);
	out->query = curl_part(ar, h, CURLUPART_QUERY);
	{
		const char *user = curl_part(ar, h, CURLUPART_USER);
		const char *pw = curl_part(ar, h, CURLUPART_PASSWORD);
		if (user != NULL || pw != NULL)
			out->userinfo = kn_sprintf(ar, "%s%s%s", user ? user : "",
				pw ? ":" : "", pw ? pw : "");
	}
	if (out->host == NULL || out->host[0] == '\0' || out->url == NULL) {
		rc = ar->oom ? KENSA_ENOMEM : KENSA_EINVAL;
		goto done;
	}
	host_facts(ar, out);
	rc = ar->oom ? KENSA_ENOMEM : 0;
done:
	curl_url_cleanup(h);
	return rc;
}

/*
 * See url.h.
 */
const char *
kn_url_text_host(kn_arena *ar, const char *text, size_t len)
{
	kn_slice t = kn_slice_trim((kn_slice){ text, len });
	size_t e = 0;
	bool www;
	char *host;
	const char *ascii, *uni;

	/* strip one pair of brackets or quotes around the text */
	while (t.len >= 2 && strchr("<([\"'", t.p[0]) != NULL &&
	    strchr(">)]\"'", t.p[t.len - 1]) != NULL) {
		t.p++;
		t.len -= 2;
	}
	t.len = trim_tail(t.p, t.len);
	if (t.len == 0 || t.len > KN_URL_MAX)
		return NULL;
	for (size_t i = 0; i < t.len; i++)
		if ((unsigned char)t.p[i] <= 0x20)
			return NULL; /* prose, not an address */
	if (url_prefix(t.p, t.len, &www) > 0 && !www) {
		kn_url u;
		if (kn_url_parse(ar, t.p, t.len, &u) != 0 ||
		    strcmp(u.scheme, "mailto") == 0)
			return NULL;
		return u.host_ascii ? u.host_ascii : u.host;
	}
	while (e < t.len && t.p[e] != '/' && t.p[e] != '?' && t.p[e] != '#' &&
	    t.p[e] != ':') {
		if (t.p[e] == '@')
			return NULL; /* an e-mail address */
		e++;
	}
	if (memchr(t.p, '@', t.len) != NULL && e == t.len)
		return NULL;
	if (e == 0 || memchr(t.p, '.', e) == NULL || t.p[0] == '.' ||
	    t.p[e - 1] == '.')
		return NULL;
	for (size_t i = 0; i < e; i++) {
		unsigned char c = (unsigned char)t.p[i];
		if (c < 0x80 && !is_alnum(c) && c != '-' && c != '.')
			return NULL;
	}
	if ((host = kn_strndup(ar, t.p, e)) == NULL)
		return NULL;
	kn_url_idna(ar, host, &ascii, &uni);
	if (ascii == NULL || !kn_domain_suffix_known(ascii, strlen(ascii)))
		return NULL;
	return ascii;
}
