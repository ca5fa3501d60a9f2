/* SPDX-License-Identifier: MIT */
/*
 * test_content_obfuscation - text obfuscation: invisible characters
 * inside words, styled (mathematical) letters, Latin words with Greek or
 * Cyrillic look-alikes, brand names spelled with look-alikes. Positive
 * and negative cases on short synthetic strings (kn_obf_scan), end to
 * end through kensa_analyze() on small messages, and the corpus samples
 * the rules were written from, read in place.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "content/obfuscation.h"
#include "unit/message/msgtest.h"

static kn_obf_result
scan(const char *s, bool html)
{
	kn_obf_result r;

	kn_obf_scan(s, strlen(s), html, &r);
	return r;
}

/* The first word of a hit as a string (static buffer). */
static const char *
first(const char *s, const kn_obf_hit *h)
{
	static char b[256];

	snprintf(b, sizeof(b), "%.*s", (int)h->len, s + h->off);
	return b;
}

static kensa_analysis *
mail(const char *from, const char *subject, const char *ctype,
	const char *body)
{
	char *m = g_strdup_printf(
		"From: %s\r\nTo: info@office-sample.jp\r\nSubject: %s\r\n"
		"Date: Thu, 14 Oct 2021 07:41:02 +0000\r\n"
		"Message-ID: <x@example.net>\r\nMIME-Version: 1.0\r\n"
		"Content-Type: %s; charset=utf-8\r\n"
		"Content-Transfer-Encoding: 8bit\r\n\r\n%s\r\n",
		from, subject, ctype, body);
	kensa_analysis *a = msgtest_analyze_mem(m, strlen(m), NULL);

	g_free(m);
	assert_non_null(a);
	return a;
}

static void
test_obfuscation__invisible(void **state)
{
	/* "H<ZWNJ><ZWNJ>el<ZWNJ>lo th<ZWNJ>ere" */
	static const char zw[] = "H\u200c\u200cel\u200clo th\u200cere friend";
	/* soft hyphen between every letter */
	static const char shy[] = "R\u00ade\u00ada\u00adl W\u00ade\u00adi"
		"\u00adg\u00adh\u00adt";
	kn_obf_result r;

	(void)state;
	r = scan(zw, false);
	assert_int_equal(r.invisible.count, 3);
	assert_string_equal(first(zw, &r.invisible), "H\u200c\u200cel\u200clo");
	r = scan(shy, false);
	assert_int_equal(r.invisible.count, 8);
	/* word joiner, BOM, combining grapheme joiner count too */
	r = scan("a\u2060b c\ufeffd e\u034ff", false);
	assert_int_equal(r.invisible.count, 3);
	/* named references the HTML reduction leaves alone */
	r = scan("P&zwnj;a&zwnj;y n&shy;&shy;o&ZeroWidthSpace;w", true);
	assert_int_equal(r.invisible.count, 4);
	r = scan("P&zwnj;a&zwnj;y n&shy;&shy;o&ZeroWidthSpace;w", false);
	assert_int_equal(r.invisible.count, 0);
}

static void
test_obfuscation__invisible_negatives(void **state)
{
	kn_obf_result r;

	(void)state;
	/* preheader padding: runs between spaces */
	r = scan("Big sale today \u200c\u034f \u200c\u034f \u00a0\u200c\u034f "
		"\u200c \u200c \u200c \u200c\u034f\u00a0 \u200c ", false);
	assert_int_equal(r.invisible.count, 0);
	/* emoji ZWJ sequences (family, woman technologist) */
	r = scan("Hi \U0001F468\u200d\U0001F469\u200d\U0001F467 and "
		"\U0001F469\u200d\U0001F4BB and \U0001F3F3\ufe0f\u200d"
		"\U0001F308 ok", false);
	assert_int_equal(r.invisible.count, 0);
	/* joiners between Japanese or Arabic-script letters are theirs */
	r = scan("お\u200b知\u200bら\u200dせ \u0645\u200c\u06cc\u200c\u0634"
		"\u200c\u0648\u062f", false);
	assert_int_equal(r.invisible.count, 0);
	/* German hyphenation hints: pieces of two letters or more */
	r = scan("Ver\u00adsand\u00adkos\u00adten f\u00fcr Donau\u00addampf"
		"\u00adschiff\u00adfahrt und Be\u00adstel\u00adlung", false);
	assert_int_equal(r.invisible.count, 0);
	r = scan("Ver&shy;sand&shy;kos&shy;ten Bestel&shy;lung", true);
	assert_int_equal(r.invisible.count, 0);
	/* a trailing zero-width space, and one after punctuation */
	r = scan("word\u200b next.\u200bword www.\u200bexample\u200b.com",
		false);
	assert_int_equal(r.invisible.count, 0);
	/* soft hyphens in CJK text read as ISO 8859-1 (mojibake) */
	r = scan("\u00da\u00ad\u00cc \u00c4\u00ad\u00d5 \u00e9\u00ad\u00f3", false);
	assert_int_equal(r.invisible.count, 0);
}

static void
test_obfuscation__styled(void **state)
{
	/* "𝖣𝖾𝗋 𝗌𝖼𝗁𝗐𝖺𝗋𝗓𝖾" (sans-serif) and "𝐘𝐎𝐔𝐑" (bold) */
	static const char s[] = "\U0001D5A3\U0001D5BE\U0001D5CB "
		"\U0001D5CC\U0001D5BC\U0001D5C1\U0001D5D0\U0001D5BA\U0001D5CB"
		"\U0001D5D3\U0001D5BE";
	kn_obf_result r;

	(void)state;
	r = scan(s, false);
	assert_int_equal(r.styled.count, 11);
	assert_int_equal(r.styled.off, 0);
	r = scan("Your \U0001D418\U0001D40E\U0001D414\U0001D411 photos", false);
	assert_int_equal(r.styled.count, 4);
	/* negatives: single math symbols in a formula */
	r = scan("Let \U0001D465 = \U0001D466 + 1 and \U0001D453(\U0001D465)",
		false);
	assert_int_equal(r.styled.count, 0);
	r = scan("Plain bold text", false);
	assert_int_equal(r.styled.count, 0);
}

static void
test_obfuscation__mixed(void **state)
{
	/* Greek omicron and upsilon in Latin words (sample-683) */
	static const char g[] = "T\u03bf celebrate having alm\u03bfst 120 "
		"milli\u03bfn \u03c5sers";
	kn_obf_result r;

	(void)state;
	r = scan(g, false);
	assert_int_equal(r.mixed.count, 3);
	assert_string_equal(first(g, &r.mixed), "alm\u03bfst");
	/* Cyrillic а, с, е in Latin words; capital Cyrillic С */
	r = scan("Your Cryр\u0442o acc\u043eunt \u0421rystal", false);
	assert_int_equal(r.mixed.count, 3);
	/* a few Latin look-alikes in a Cyrillic word */
	r = scan("\u041f\u0440\u0438\u0432e\u0442 \u043c\u0438\u0440", false);
	assert_int_equal(r.mixed.count, 1);
}

static void
test_obfuscation__mixed_negatives(void **state)
{
	kn_obf_result r;

	(void)state;
	/* genuine Greek and Russian text */
	r = scan("\u039a\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1 \u03c3\u03b1\u03c2, "
		"\u03bf \u03bb\u03bf\u03b3\u03b1\u03c1\u03b9\u03b1\u03c3\u03bc\u03cc\u03c2 "
		"\u03c3\u03b1\u03c2 Windows", false);
	assert_int_equal(r.mixed.count, 0);
	r = scan("\u0417\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439"
		"\u0442\u0435, \u0432\u0430\u0448 \u0437\u0430\u043a\u0430\u0437 "
		"Amazon \u043e\u0442\u043f\u0440\u0430\u0432\u043b\u0435\u043d", false);
	assert_int_equal(r.mixed.count, 0);
	/* Japanese mixed with Latin, and Greek letters in Japanese */
	r = scan("Amazon\u30ae\u30d5\u30c8\u5238\u3092PayPay\u3067 \u03b1\u7248 "
		"\u03b2\u30c6\u30b9\u30c8 (\u309c\u0414\u309c)", false);
	assert_int_equal(r.mixed.count, 0);
	/* Greek letters that imitate nothing Latin: units, science */
	r = scan("10 \u03bcm and 4.7 k\u03a9, the \u03bbambda cell", false);
	assert_int_equal(r.mixed.count, 0);
}

static void
test_obfuscation__brand(void **state)
{
	static const char s[] = "Notification about your PayPaI Iimited account";
	kn_obf_result r;

	(void)state;
	r = scan(s, false);
	assert_int_equal(r.brand.count, 1);
	assert_string_equal(first(s, &r.brand), "PayPaI");
	assert_non_null(r.brand_of);
	assert_string_equal(r.brand_of->brand, "PayPal");
	assert_string_equal(r.brand_name, "PayPal");
	r = scan("Sign in to Rnicrosoft now", false);
	assert_int_equal(r.brand.count, 1);
	assert_string_equal(r.brand_of->brand, "Microsoft");
	r = scan("Your Amaz0n order", false);
	assert_int_equal(r.brand.count, 1);
	assert_string_equal(r.brand_of->brand, "Amazon");
	r = scan("G00gle and Netf1ix", false);
	assert_int_equal(r.brand.count, 2);
	/* Cyrillic а in Amazon: a brand look-alike, not also mixed-script */
	r = scan("Your Am\u0430zon account", false);
	assert_int_equal(r.brand.count, 1);
	assert_int_equal(r.mixed.count, 0);
	/* capital I for the l of iCloud */
	r = scan("iCIoud storage", false);
	assert_int_equal(r.brand.count, 1);
	assert_string_equal(r.brand_of->brand, "Apple");
}

static void
test_obfuscation__brand_negatives(void **state)
{
	kn_obf_result r;

	(void)state;
	/* the brands spelled right, in any case */
	r = scan("PayPal PAYPAL paypal Microsoft MICROSOFT Amazon iCloud "
		"ICLOUD VISA Visa Office365 Google GMAIL Netflix", false);
	assert_int_equal(r.brand.count, 0);
	/* ordinary words with rn, I, 0, 1 */
	r = scan("Modern internal return I will call 1000 people in 2010 "
		"Iimited", false);
	assert_int_equal(r.brand.count, 0);
	/* full-width and styled letters are other matters */
	r = scan("\uff30\uff41\uff59\uff30\uff41\uff4c \U0001D40F\U0001D41A"
		"\U0001D432\U0001D40F\U0001D41A\U0001D425", false);
	assert_int_equal(r.brand.count, 0);
}

static void
test_obfuscation__visible(void **state)
{
	kn_arena ar;
	const char *v;
	char big[400];

	(void)state;
	kn_arena_init(&ar);
	v = kn_obf_visible(&ar, "H\u200c\u200cel\u00adlo", strlen(
		"H\u200c\u200cel\u00adlo"), false);
	assert_string_equal(v, "H[U+200C][U+200C]el[U+00AD]lo");
	v = kn_obf_visible(&ar, "a&zwnj;b&amp;", 13, true);
	assert_string_equal(v, "a[U+200C]b&amp;");
	memset(big, 'x', sizeof(big));
	v = kn_obf_visible(&ar, big, sizeof(big), false);
	assert_int_equal(strlen(v), KN_OBF_QUOTE_MAX + 3);
	kn_arena_dispose(&ar);
}

static void
test_obfuscation__messages(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	a = mail("Support <help@example.net>",
		"=?UTF-8?Q?R=C2=ADe=C2=ADa=C2=ADl_deal?=", "text/plain",
		"Hello");
	f = msgtest_finding(a, "text-invisible-characters");
	assert_non_null(f);
	assert_string_equal(f->evidence.header, "Subject");
	assert_non_null(strstr(f->evidence.text, "R[U+00AD]e[U+00AD]a"));
	assert_non_null(strstr(f->detail[0], "Subject"));
	kensa_analysis_free(a);

	a = mail("\"PayPaI Service\" <help@example.net>", "Account notice",
		"text/html",
		"<p>Your <b>acc\u043eunt</b> is on h\u043eld.</p>");
	f = msgtest_finding(a, "text-brand-lookalike");
	assert_non_null(f);
	assert_string_equal(f->evidence.header, "From");
	assert_non_null(strstr(f->detail[0], "PayPaI"));
	f = msgtest_finding(a, "text-mixed-script");
	assert_non_null(f);
	assert_true(f->evidence.part >= 0);
	assert_string_equal(f->evidence.text, "acc\u043eunt");
	kensa_analysis_free(a);

	/* negative: an ordinary message */
	a = mail("PayPal <service@paypal.com>", "Your receipt", "text/html",
		"<p>Thanks for using PayPal.&zwnj; &zwnj; &#847; &nbsp;</p>"
		"<p>Ver&shy;sand&shy;kos&shy;ten</p>");
	assert_null(msgtest_finding(a, "text-invisible-characters"));
	assert_null(msgtest_finding(a, "text-styled-letters"));
	assert_null(msgtest_finding(a, "text-mixed-script"));
	assert_null(msgtest_finding(a, "text-brand-lookalike"));
	kensa_analysis_free(a);
}

/* The corpus samples, read in place; skipped when absent. */
static void
test_obfuscation__corpus(void **state)
{
	static const struct { const char *file, *id, *quote; } c[] = {
		{ "sample-1086.eml", "text-invisible-characters",
		  "H[U+200C][U+200C]el" },
		{ "sample-334.eml", "text-invisible-characters",
		  "R[U+00AD]e[U+00AD]a[U+00AD]l" },
		{ "sample-4177.eml", "text-styled-letters", NULL },
		{ "sample-683.eml", "text-mixed-script", NULL },
		{ "sample-2341.eml", "text-brand-lookalike", "PayPaI" },
	};
	size_t ran = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char rel[256];
		kensa_analysis *a;
		const kensa_finding *f;
		snprintf(rel, sizeof(rel), "corpus/phish/phishing_pot/%s",
			c[i].file);
		a = msgtest_analyze_file(rel);
		if (a == NULL)
			continue;
		ran++;
		f = msgtest_finding(a, c[i].id);
		if (f == NULL)
			fail_msg("%s: no %s", c[i].file, c[i].id);
		assert_non_null(f->evidence.text);
		if (c[i].quote != NULL)
			assert_non_null(strstr(f->evidence.text, c[i].quote));
		kensa_analysis_free(a);
	}
	if (ran == 0)
		skip();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_obfuscation__invisible),
		cmocka_unit_test(test_obfuscation__invisible_negatives),
		cmocka_unit_test(test_obfuscation__styled),
		cmocka_unit_test(test_obfuscation__mixed),
		cmocka_unit_test(test_obfuscation__mixed_negatives),
		cmocka_unit_test(test_obfuscation__brand),
		cmocka_unit_test(test_obfuscation__brand_negatives),
		cmocka_unit_test(test_obfuscation__visible),
		cmocka_unit_test(test_obfuscation__messages),
		cmocka_unit_test(test_obfuscation__corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
