/* SPDX-License-Identifier: MIT */
/*
 * test_content_links - URLs in text (Japanese punctuation), URL parsing
 * with IDNA, look-alike hosts, redirect unwrapping, and every link
 * finding positive and negative on small messages run through
 * kensa_analyze(), the seed case end to end and a realistic newsletter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <kensa/kensa.h>

#include "analysis.h"
#include "content/confusables.h"
#include "content/links.h"
#include "content/url.h"

/* ---- plain-text URL boundaries ---- */

/* The first URL found in text, as a string (static buffer). */
static const char *
first_url(const char *text)
{
	static char b[512];
	kn_url_span sp[4];
	size_t n = kn_url_scan(text, strlen(text), sp, 4);

	if (n == 0)
		return "";
	snprintf(b, sizeof(b), "%.*s", (int)sp[0].len, text + sp[0].off);
	return b;
}

static void
test_scan_japanese(void **state)
{
	(void)state;
	assert_string_equal(first_url("「https://x.jp/a」を開く"),
		"https://x.jp/a");
	assert_string_equal(first_url("こちら:https://x.jp/a、または"),
		"https://x.jp/a");
	assert_string_equal(first_url("詳細はhttps://x.jp/a。"), "https://x.jp/a");
	assert_string_equal(first_url("(https://x.jp/a)です"), "https://x.jp/a");
	assert_string_equal(first_url("【https://x.jp/a】"), "https://x.jp/a");
	assert_string_equal(first_url("（https://x.jp/path?q=1）"),
		"https://x.jp/path?q=1");
	assert_string_equal(first_url("https://x.jp/loginからログイン"),
		"https://x.jp/login");
	assert_string_equal(first_url("https://example.jpをクリック"),
		"https://example.jp");
	assert_string_equal(first_url("https://ja.wikipedia.org/wiki/日本 参照"),
		"https://ja.wikipedia.org/wiki/日本");
	assert_string_equal(first_url("https://例え.jp/ です"), "https://例え.jp/");
	assert_string_equal(first_url("URL\u3000https://x.jp/a\u3000end"),
		"https://x.jp/a");
}

static void
test_scan_ascii(void **state)
{
	kn_url_span sp[8];
	const char *t = "See http://a.example/x. And (www.b.example/y), "
		"<https://c.example/z> or mailto:info@d.example! "
		"Wiki: https://en.wikipedia.org/wiki/Foo_(bar).";
	size_t n = kn_url_scan(t, strlen(t), sp, 8);

	(void)state;
	assert_int_equal(n, 5);
	assert_string_equal(first_url(t), "http://a.example/x");
	assert_int_equal(sp[1].len, strlen("www.b.example/y"));
	assert_true(sp[1].www);
	assert_memory_equal(t + sp[2].off, "https://c.example/z", sp[2].len);
	assert_memory_equal(t + sp[3].off, "mailto:info@d.example", sp[3].len);
	assert_memory_equal(t + sp[4].off,
		"https://en.wikipedia.org/wiki/Foo_(bar)", sp[4].len);
	/* not URLs: no host, inside a word, "www" with no dot */
	assert_string_equal(first_url("http:// nothing"), "");
	assert_string_equal(first_url("xhttp://a.b"), "");
	assert_string_equal(first_url("www. hello"), "");
}

/* ---- parsing ---- */

static void
test_parse(void **state)
{
	kn_arena ar;
	kn_url u;
	const char *s;

	(void)state;
	kn_arena_init(&ar);
	s = "https://office-sample.jp@evil.example/a?b=c";
	assert_int_equal(kn_url_parse(&ar, s, strlen(s), &u), 0);
	assert_string_equal(u.scheme, "https");
	assert_string_equal(u.userinfo, "office-sample.jp");
	assert_string_equal(u.host, "evil.example");
	assert_string_equal(u.path, "/a");
	assert_string_equal(u.query, "b=c");

	s = "http://0x7f.1/x";
	assert_int_equal(kn_url_parse(&ar, s, strlen(s), &u), 0);
	assert_true(u.ip_literal);
	assert_string_equal(u.host, "127.0.0.1");
	assert_null(u.domain);
	s = "http://[2001:db8::1]/";
	assert_int_equal(kn_url_parse(&ar, s, strlen(s), &u), 0);
	assert_true(u.ip_literal);

	s = "HTTPS://Mail.Dd-Sample.CO.JP/x";
	assert_int_equal(kn_url_parse(&ar, s, strlen(s), &u), 0);
	assert_string_equal(u.host, "mail.dd-sample.co.jp");
	assert_string_equal(u.domain, "dd-sample.co.jp");
	assert_false(u.ip_literal);

	/* www. without a scheme, folded attribute value */
	s = "www.example.com/a\n/b";
	assert_int_equal(kn_url_parse(&ar, s, strlen(s), &u), 0);
	assert_string_equal(u.url, "http://www.example.com/a/b");

	s = "mailto:Info%40x@Sub.Example.CO.JP?subject=hi";
	assert_int_equal(kn_url_parse(&ar, s, strlen(s), &u), 0);
	assert_string_equal(u.scheme, "mailto");
	assert_string_equal(u.host, "sub.example.co.jp");
	assert_string_equal(u.domain, "example.co.jp");

	assert_int_equal(kn_url_parse(&ar, "javascript:alert(1)", 19, &u),
		KENSA_EINVAL);
	assert_int_equal(kn_url_parse(&ar, "/relative", 9, &u), KENSA_EINVAL);
	assert_int_equal(kn_url_parse(&ar, "no url", 6, &u), KENSA_EINVAL);
	kn_arena_dispose(&ar);
}

static void
test_idna(void **state)
{
	kn_arena ar;
	kn_url u;
	const char *s;

	(void)state;
	kn_arena_init(&ar);
	s = "https://例え.jp/パス";
	assert_int_equal(kn_url_parse(&ar, s, strlen(s), &u), 0);
	assert_true(u.idn);
	assert_string_equal(u.host_ascii, "xn--r8jz45g.jp");
	assert_string_equal(u.host_unicode, "例え.jp");
	assert_string_equal(u.domain, "xn--r8jz45g.jp");

	/* an A-label gets its U-label */
	s = "https://xn--80ak6aa92e.com/";
	assert_int_equal(kn_url_parse(&ar, s, strlen(s), &u), 0);
	assert_true(u.idn);
	assert_string_equal(u.host_unicode, "аррӏе.com");

	/* full-width letters map to ASCII under UTS #46 */
	s = "https://ｐａｙｐａｌ.com/";
	assert_int_equal(kn_url_parse(&ar, s, strlen(s), &u), 0);
	assert_string_equal(u.host_ascii, "paypal.com");
	kn_arena_dispose(&ar);
}

static void
test_text_host(void **state)
{
	kn_arena ar;

	(void)state;
	kn_arena_init(&ar);
	assert_string_equal(kn_url_text_host(&ar, " https://Webmail.Office-"
		"Sample.jp/recover ", 41), "webmail.office-sample.jp");
	assert_string_equal(kn_url_text_host(&ar, "www.paypal.com", 14),
		"www.paypal.com");
	assert_string_equal(kn_url_text_host(&ar, "amazon.co.jp/login", 18),
		"amazon.co.jp");
	assert_string_equal(kn_url_text_host(&ar, "<bank.example.com>", 18),
		"bank.example.com");
	assert_null(kn_url_text_host(&ar, "Read more", 9));
	assert_null(kn_url_text_host(&ar, "info@office-sample.jp", 21));
	assert_null(kn_url_text_host(&ar, "version 1.2", 11));
	assert_null(kn_url_text_host(&ar, "index.notatld", 13));
	assert_null(kn_url_text_host(&ar, "こちらをクリック", 24));
	kn_arena_dispose(&ar);
}

static void
test_confusables(void **state)
{
	kn_confusable c;

	(void)state;
	/* Cyrillic а and р inside Latin */
	assert_true(kn_confusable_check("\xd1\x80\xd0\xb0ypal.com", &c));
	assert_string_equal(c.reason, "mixed-script");
	assert_string_equal(c.skeleton, "paypal.com");
	/* whole-script Cyrillic look-alike of "apple" */
	assert_true(kn_confusable_check("аррӏе.com", &c));
	assert_string_equal(c.reason, "whole-script");
	assert_string_equal(c.skeleton, "apple.com");
	/* full-width */
	assert_true(kn_confusable_check("ｐａｙｐａｌ.com", &c));
	assert_string_equal(c.reason, "full-width");
	/* Greek omicron in Latin */
	assert_true(kn_confusable_check("micr\xce\xbfsoft.com", &c));
	assert_string_equal(c.skeleton, "microsoft.com");
	/* honest names: Japanese, accented Latin, plain ASCII, real Russian */
	assert_false(kn_confusable_check("例え.jp", &c));
	assert_false(kn_confusable_check("日本語ドメイン.jp", &c));
	assert_false(kn_confusable_check("café.fr", &c));
	assert_false(kn_confusable_check("office-sample.jp", &c));
	assert_false(kn_confusable_check("пример.рф", &c));
}

static void
test_lists(void **state)
{
	(void)state;
	assert_true(kn_links_is_shortener("bit.ly", "bit.ly"));
	assert_true(kn_links_is_shortener("amzn.to", NULL));
	assert_false(kn_links_is_shortener("example.com", "example.com"));
	assert_true(kn_links_is_esp("u123.ct.sendgrid.net", "sendgrid.net"));
	assert_true(kn_links_is_esp("x.list-manage.com", NULL));
	assert_true(kn_links_is_esp("r20.rs6.net", "rs6.net"));
	assert_false(kn_links_is_esp("comget-sample.net", "comget-sample.net"));
}

/* ---- findings through kensa_analyze ---- */

static kensa_analysis *
analyze(const char *msg)
{
	kensa_analysis *a = NULL;

	assert_int_equal(kensa_analyze(&a, msg, strlen(msg), NULL), 0);
	return a;
}

static const kensa_finding *
find(const kensa_analysis *a, const char *id, size_t *count)
{
	const kensa_finding *f, *first = NULL;
	size_t n = kensa_analysis_findings(a, &f), c = 0;

	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].id, id) == 0) {
			if (first == NULL)
				first = &f[i];
			c++;
		}
	if (count)
		*count = c;
	return first;
}

#define HDR(from, extra) \
	"From: Sender <news@" from ">\r\nTo: info@office-sample.jp\r\n" \
	"Subject: test\r\nDate: Thu, 14 Oct 2021 07:41:02 +0000\r\n" \
	"Message-ID: <1@" from ">\r\nMIME-Version: 1.0\r\n" extra

static const char *
html_msg(const char *from, const char *extra, const char *body)
{
	static char b[16384];
	snprintf(b, sizeof(b), HDR("%s", "%s")
		"Content-Type: text/html; charset=utf-8\r\n\r\n%s\r\n",
		from, from, extra, body);
	return b;
}

static void
test_mismatch(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;
	size_t n;

	(void)state;
	a = analyze(html_msg("shop.example", "", "<p><a href=\"https://"
		"login.evil-sample.net/x\">https://www.bank-sample.co.jp/</a></p>"));
	assert_non_null(f = find(a, "link-text-domain-mismatch", &n));
	assert_int_equal(n, 1);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "evil-sample.net"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "bank-sample.co.jp"));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA], "evil-sample.net"));
	assert_int_equal(f->evidence.part, 0);
	assert_non_null(strstr(f->evidence.text, "<a href="));
	assert_non_null(find(a, "link-unrelated-domain", NULL));
	kensa_analysis_free(a);

	/* bare domain as text */
	a = analyze(html_msg("shop.example", "", "<a href=\"http://evil-sample"
		".net/\">www.bank-sample.co.jp</a>"));
	assert_non_null(find(a, "link-text-domain-mismatch", NULL));
	kensa_analysis_free(a);

	/* negatives: same registrable domain; prose text; mailto text */
	a = analyze(html_msg("shop.example", "", "<a href=\"https://www.bank-"
		"sample.co.jp/login\">https://bank-sample.co.jp/</a>"
		"<a href=\"https://evil-sample.net/\">Click here</a>"
		"<a href=\"mailto:x@evil-sample.net\">x@evil-sample.net</a>"));
	assert_null(find(a, "link-text-domain-mismatch", NULL));
	kensa_analysis_free(a);

	/* a redirect whose final target matches the text is not a lie */
	a = analyze(html_msg("shop.example", "", "<a href=\"https://www.google"
		".com/url?q=https%3A%2F%2Fbank-sample.co.jp%2Fx&sa=D\">"
		"https://bank-sample.co.jp/x</a>"));
	assert_null(find(a, "link-text-domain-mismatch", NULL));
	assert_non_null(f = find(a, "link-redirect", NULL));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN],
		"https://bank-sample.co.jp/x"));
	kensa_analysis_free(a);
}

static void
test_userinfo_ip(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	a = analyze(html_msg("shop.example", "", "<a href=\"https://office-"
		"sample.jp@evil.example/\">ログイン</a>"
		"<a href=\"http://203.0.113.9/login\">here</a>"));
	assert_non_null(f = find(a, "link-userinfo-trick", NULL));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "evil.example"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "office-sample.jp"));
	assert_non_null(f = find(a, "link-ip-literal", NULL));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "203.0.113.9"));
	kensa_analysis_free(a);

	a = analyze(html_msg("shop.example", "", "<a href=\"https://shop.exa"
		"mple/a\">shop</a>"));
	assert_null(find(a, "link-userinfo-trick", NULL));
	assert_null(find(a, "link-ip-literal", NULL));
	assert_null(find(a, "link-unrelated-domain", NULL));
	kensa_analysis_free(a);
}

static void
test_homoglyph_punycode(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	a = analyze(html_msg("shop.example", "", "<a href=\"https://xn--pypal"
		"-4ve.com/signin\">PayPal</a>"));
	assert_non_null(f = find(a, "link-homoglyph", NULL));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "paypal.com"));
	assert_null(find(a, "link-punycode", NULL));
	kensa_analysis_free(a);

	/* an honest Japanese IDN: punycode noted, no homoglyph */
	a = analyze(html_msg("shop.example", "", "<a href=\"https://例え.jp/\">"
		"例え</a>"));
	assert_null(find(a, "link-homoglyph", NULL));
	assert_non_null(f = find(a, "link-punycode", NULL));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "xn--r8jz45g.jp"));
	kensa_analysis_free(a);
}

static void
test_shortener_redirect(void **state)
{
	kensa_analysis *a;
	const kensa_link *l;
	size_t n;
	const kensa_finding *f;

	(void)state;
	a = analyze(html_msg("shop.example", "", "<a href=\"https://bit.ly/3x"
		"Yz\">more</a> <a href=\"https://r.example.org/go?url=https%3A%2F"
		"%2Fevil-sample.net%2Fwp-admin%2Fx.php%3Fe%3Dinfo%2540office-sample"
		".jp\">open</a>"));
	assert_non_null(find(a, "link-shortener", NULL));
	assert_non_null(f = find(a, "link-redirect", NULL));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "evil-sample.net"));
	/* the unwrapped target is analyzed too */
	assert_non_null(f = find(a, "link-login-path", NULL));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "evil-sample.net"));
	assert_non_null(f = find(a, "link-recipient-address", NULL));
	n = kensa_analysis_links(a, &l);
	assert_int_equal(n, 3);
	assert_string_equal(l[2].source, "redirect");
	assert_int_equal(l[2].via, 1);
	assert_string_equal(l[2].domain, "evil-sample.net");
	kensa_analysis_free(a);

	a = analyze(html_msg("shop.example", "", "<a href=\"https://shop.exa"
		"mple/item?id=4\">item</a>"));
	assert_null(find(a, "link-shortener", NULL));
	assert_null(find(a, "link-redirect", NULL));
	kensa_analysis_free(a);
}

static void
test_recipient_login(void **state)
{
	kensa_analysis *a;

	(void)state;
	/* base64 of the recipient's address in an unrelated link */
	a = analyze(html_msg("shop.example", "", "<a href=\"https://evil-sample"
		".net/p#aW5mb0BvZmZpY2Utc2FtcGxlLmpw\">x</a>"));
	assert_non_null(find(a, "link-recipient-address", NULL));
	assert_null(find(a, "link-login-path", NULL));
	kensa_analysis_free(a);

	/* on the recipient's own domain neither is a finding */
	a = analyze(html_msg("shop.example", "", "<a href=\"https://webmail."
		"office-sample.jp/owa/?u=info@office-sample.jp\">x</a>"));
	assert_null(find(a, "link-recipient-address", NULL));
	assert_null(find(a, "link-login-path", NULL));
	kensa_analysis_free(a);

	a = analyze(html_msg("shop.example", "", "<a href=\"https://evil-sample"
		".net/wp-content/plugins/x/login.php\">x</a>"));
	assert_non_null(find(a, "link-login-path", NULL));
	assert_null(find(a, "link-recipient-address", NULL));
	kensa_analysis_free(a);
}

static void
test_alternative(void **state)
{
	static const char msg[] = HDR("shop.example",
		"Content-Type: multipart/alternative; boundary=b\r\n")
		"\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
		"ログイン: https://www.shop.example/login\r\n"
		"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
		"<a href=\"https://evil-sample.net/x\">ログイン</a>\r\n--b--\r\n";
	static const char ok[] = HDR("shop.example",
		"Content-Type: multipart/alternative; boundary=b\r\n")
		"\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
		"Docs: https://docs.partner-sample.org/a\r\n"
		"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
		"<a href=\"https://docs.partner-sample.org/a\">Docs</a>\r\n--b--\r\n";
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	a = analyze(msg);
	assert_non_null(f = find(a, "alternative-link-mismatch", NULL));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "evil-sample.net"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN],
		"https://www.shop.example/login"));
	kensa_analysis_free(a);
	a = analyze(ok);
	assert_null(find(a, "alternative-link-mismatch", NULL));
	kensa_analysis_free(a);
}

/* A newsletter as ESPs send them: every link tracked, texts are prose,
 * a tracking pixel, a hidden preheader. */
static const char newsletter[] =
	"From: Example Store <news@store-sample.com>\r\n"
	"To: info@office-sample.jp\r\n"
	"Subject: =?UTF-8?B?5LuK6YCx44Gu44GK44GZ44GZ44KB?=\r\n"
	"Date: Thu, 14 Oct 2021 07:41:02 +0000\r\n"
	"Message-ID: <abc@store-sample.com>\r\n"
	"Return-Path: <bounces+123@em123.store-sample.com>\r\n"
	"List-Unsubscribe: <https://u123.ct.sendgrid.net/lu/unsubscribe?x=1>, "
	"<mailto:unsub@store-sample.com>\r\n"
	"List-Id: <news.store-sample.com>\r\n"
	"MIME-Version: 1.0\r\n"
	"Content-Type: multipart/alternative; boundary=nl\r\n\r\n"
	"--nl\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
	"今週のおすすめ https://store-sample.com/weekly\r\n"
	"--nl\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
	"<html><body bgcolor=\"#ffffff\">"
	"<div style=\"display:none;max-height:0;overflow:hidden\">今週のおすすめ"
	"をお届けします</div>"
	"<table><tr><td><a href=\"https://u123.ct.sendgrid.net/ls/click?upn="
	"abcdef\">Read more</a></td></tr>"
	"<tr><td><a href=\"https://click.mailing.store-sample.com/?qs=12\">"
	"今すぐチェック</a></td></tr>"
	"<tr><td><a href=\"https://store-sample.us12.list-manage.com/track/"
	"click?u=1&id=2\"><img src=\"https://cdn.store-sample.com/b.png\" "
	"alt=\"banner\"></a></td></tr>"
	"<tr><td><a href=\"https://r20.rs6.net/tn.jsp?f=001\">Shop now</a>"
	"</td></tr>"
	"<tr><td><a href=\"https://trk.klclick.com/ls/click?x=1\">Sale</a> "
	"<a href=\"https://mandrillapp.com/track/click/123?p=abc\">Details</a>"
	"</td></tr></table>"
	"<img src=\"https://u123.ct.sendgrid.net/wf/open?upn=x\" width=\"1\" "
	"height=\"1\" alt=\"\">"
	"</body></html>\r\n--nl--\r\n";

static void
test_newsletter(void **state)
{
	kensa_analysis *a;
	const kensa_link *l;
	size_t n, pixels = 0;
	static const char *const deceptive[] = {
		"link-text-domain-mismatch", "link-userinfo-trick",
		"link-homoglyph", "alternative-link-mismatch",
		"link-unrelated-domain", "link-login-path",
		"link-recipient-address", "link-redirect",
	};

	(void)state;
	a = analyze(newsletter);
	n = kensa_analysis_links(a, &l);
	assert_true(n >= 8);
	for (size_t i = 0; i < n; i++)
		pixels += l[i].tracking_pixel;
	assert_int_equal(pixels, 1);
	for (size_t i = 0; i < sizeof(deceptive) / sizeof(deceptive[0]); i++) {
		if (find(a, deceptive[i], NULL) != NULL)
			fail_msg("newsletter got %s", deceptive[i]);
	}
	/* the hidden preheader is seen, at low severity */
	assert_non_null(find(a, "html-hidden-text", NULL));
	kensa_analysis_free(a);
}

static void
test_seed(void **state)
{
	char path[1024];
	FILE *fp;
	char *buf;
	long sz;
	kensa_analysis *a = NULL;
	const kensa_finding *f;
	const char **doms;
	size_t n, nd;
	bool net = false, rcpt = false;

	(void)state;
	snprintf(path, sizeof(path), "%s/cases/seed-kagoya/message.eml",
		getenv("KENSA_SHARED") ? getenv("KENSA_SHARED") :
		KENSA_TEST_SHARED_DIR);
	assert_non_null(fp = fopen(path, "rb"));
	fseek(fp, 0, SEEK_END);
	sz = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)sz);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)sz, fp), (size_t)sz);
	fclose(fp);
	assert_int_equal(kensa_analyze(&a, buf, (size_t)sz, NULL), 0);

	assert_non_null(f = find(a, "link-text-domain-mismatch", &n));
	assert_int_equal(n, 1);
	for (int lang = 0; lang < KENSA_LANG_COUNT; lang++) {
		const char *d = f->detail[lang];
		assert_non_null(strstr(d, "comget-sample.net"));
		assert_non_null(strstr(d, "https://webmail.office-sample.jp/recover"));
		assert_non_null(strstr(d, "dd-sample.co.jp"));
		assert_non_null(strstr(d, "office-sample.jp"));
		assert_non_null(strstr(d, "info@office-sample.jp"));
		assert_non_null(strstr(d, "wp-includes"));
	}
	assert_non_null(strstr(f->evidence.text, "owa-login.comget-sample.net"));
	assert_int_equal(f->severity, KENSA_SEV_HIGH);
	assert_non_null(f = find(a, "alternative-link-mismatch", &n));
	assert_int_equal(n, 1);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "comget-sample.net"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN],
		"https://webmail.office-sample.jp/recover"));
	assert_non_null(find(a, "link-recipient-address", NULL));
	assert_non_null(find(a, "link-login-path", NULL));
	assert_null(find(a, "link-userinfo-trick", NULL));
	assert_null(find(a, "link-homoglyph", NULL));
	assert_null(find(a, "html-hidden-text", NULL));

	/* the domains the intel stage will look up */
	nd = kn_links_domains(a, &doms);
	for (size_t i = 0; i < nd; i++) {
		net |= strcmp(doms[i], "comget-sample.net") == 0;
		rcpt |= strcmp(doms[i], "office-sample.jp") == 0;
	}
	assert_true(net && rcpt);
	kensa_analysis_free(a);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_japanese),
		cmocka_unit_test(test_scan_ascii),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_idna),
		cmocka_unit_test(test_text_host),
		cmocka_unit_test(test_confusables),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_mismatch),
		cmocka_unit_test(test_userinfo_ip),
		cmocka_unit_test(test_homoglyph_punycode),
		cmocka_unit_test(test_shortener_redirect),
		cmocka_unit_test(test_recipient_login),
		cmocka_unit_test(test_alternative),
		cmocka_unit_test(test_newsletter),
		cmocka_unit_test(test_seed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
