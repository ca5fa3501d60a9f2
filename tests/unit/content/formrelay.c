/* SPDX-License-Identifier: MIT */
/*
 * test_content_formrelay - contact-form relay abuse: a Contact Form 7
 * notification (English and Japanese footers), a Japanese auto-reply in
 * plain text and in HTML, each echoing a stranger's link (positive);
 * an auto-reply whose only foreign link is in the site's signature, a
 * footer with the site's own link only, a newsletter, an intro with one
 * field, fields without an intro (negative); the corpus samples when
 * the corpus is present.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "unit/message/msgtest.h"

#define H "From: \"Example Shop\" <info@shop.example.jp>\n" \
	"To: victim@example.net\nSubject: contact\n" \
	"Date: Thu, 14 Oct 2021 07:41:02 +0000\n" \
	"Message-ID: <1@shop.example.jp>\nMIME-Version: 1.0\n"
#define PLAIN "Content-Type: text/plain; charset=utf-8\n" \
	"Content-Transfer-Encoding: 8bit\n\n"

/* The contact-form-relay finding of msg (copied out), or false. */
static bool
relay(const char *msg, char *ev, size_t cap, char *detail, size_t dcap)
{
	kensa_analysis *a = msgtest_analyze_mem(msg, strlen(msg), NULL);
	const kensa_finding *f;
	bool r;

	assert_non_null(a);
	f = msgtest_finding(a, "contact-form-relay");
	r = f != NULL;
	if (r && ev != NULL) {
		assert_non_null(f->evidence.text);
		snprintf(ev, cap, "%s", f->evidence.text);
	}
	if (r && detail != NULL)
		snprintf(detail, dcap, "%s", f->detail[KENSA_LANG_EN]);
	if (r)
		assert_int_equal(f->severity, KENSA_SEV_MEDIUM);
	kensa_analysis_free(a);
	return r;
}

static void
test_cf7_english(void **state)
{
	char ev[256], d[1024];
	(void)state;
	assert_true(relay(H PLAIN
		"From: John <victim@example.net>\nSubject: hello\n\n"
		"Message Body:\nEARN 3000 EUR A DAY >>> "
		"http://promo.spam-example.com/x1 <<<\n\n-- \n"
		"This e-mail was sent from a contact form on Example Shop "
		"(https://shop.example.jp)\n", ev, sizeof(ev), d, sizeof(d)));
	assert_string_equal(ev, "http://promo.spam-example.com/x1");
	assert_non_null(strstr(d, "This e-mail was sent from a contact form"));
	assert_non_null(strstr(d, "spam-example.com"));
	assert_non_null(strstr(d, "notification"));
}

static void
test_cf7_japanese_other_host(void **state)
{
	char ev[256], d[1024];
	(void)state;
	/* sent by the hosting server's address; the footer names the site */
	assert_true(relay("From: \"kette\" <wordpress@www1.hosting.example>\n"
		"To: victim@example.net\nSubject: kette\n"
		"Date: Thu, 14 Oct 2021 07:41:02 +0000\nMIME-Version: 1.0\n"
		PLAIN "差出人: victim@example.net\n題名: hi\n\nメッセージ本文:\n"
		"TRANSFERS TO YOUR CARD >>> http://news.evil-example.com/n1 "
		"<<<\n\n-- \nこのメールは kette (https://kette.example.jp) "
		"のお問い合わせフォームから送信されました\n", ev, sizeof(ev), d,
		sizeof(d)));
	assert_string_equal(ev, "http://news.evil-example.com/n1");
	assert_non_null(strstr(d, "kette.example.jp"));
}

static void
test_autoreply_plain(void **state)
{
	char ev[256], d[1024];
	(void)state;
	assert_true(relay(H PLAIN
		"お問い合わせをお受けしました。このメールは控えになります。\n\n"
		"お名前：victim@example.net 様\n"
		"メールアドレス：victim@example.net\n"
		"件名：Confirm receive funds\n"
		"お問い合わせ内容：\nContinue and order the withdrawal –> "
		"https://graph.org/NEW-TRANSACTION-1 now\n"
		"---------------------------------------------\n"
		"株式会社サンプル https://shop.example.jp/\n", ev, sizeof(ev), d,
		sizeof(d)));
	assert_string_equal(ev, "https://graph.org/NEW-TRANSACTION-1");
	assert_non_null(strstr(d, "auto-reply"));
	assert_non_null(strstr(d, "お問い合わせをお受けしました"));
}

static void
test_autoreply_html(void **state)
{
	char ev[256];
	(void)state;
	assert_true(relay(H "Content-Type: text/html; charset=utf-8\n\n"
		"<html><body><p>お問い合わせを受け付けました。</p>"
		"<p>【お名前】山田<br>【件名】ご連絡<br>【お問い合わせ内容】"
		"<a href=\"https://telegra.ph/win-42\">受け取る</a></p><hr>"
		"<p>Example Shop</p></body></html>\n", ev, sizeof(ev), NULL, 0));
	assert_non_null(strstr(ev, "telegra.ph/win-42"));
}

static void
test_negative(void **state)
{
	(void)state;
	/* a normal auto-reply: the only foreign link is in the signature */
	assert_false(relay(H PLAIN
		"お問い合わせを受け付けました。担当者よりご連絡いたします。\n\n"
		"お名前：山田 太郎 様\n件名：商品について\n"
		"お問い合わせ内容：\n在庫はありますか。\n"
		"----------------------------------------\n"
		"Example Shop https://shop.example.jp/\n"
		"Instagram https://www.instagram.com/exampleshop\n",
		NULL, 0, NULL, 0));
	/* a notification whose only link is the site's own */
	assert_false(relay(H PLAIN
		"From: John <john@example.org>\nSubject: order\n\n"
		"Message Body:\nWhen does https://shop.example.jp/item/3 ship?\n"
		"\n-- \nThis e-mail was sent from a contact form on Example Shop "
		"(https://shop.example.jp)\n", NULL, 0, NULL, 0));
	/* a newsletter thanking the reader, with fields and a link */
	assert_false(relay(H "List-Unsubscribe: <https://shop.example.jp/u>\n"
		PLAIN "Thank you for contacting us!\nName: reader\n"
		"Subject: our sale\nMessage: see https://partner.example.com/\n",
		NULL, 0, NULL, 0));
	/* an acknowledgement that echoes one field only */
	assert_false(relay(H PLAIN
		"Thank you for contacting us.\nSubject: your order\n"
		"Track it at https://carrier.example.com/t/1\n",
		NULL, 0, NULL, 0));
	/* fields without any form wording: an ordinary message */
	assert_false(relay(H PLAIN
		"Name: Bob\nSubject: meeting\nMessage: slides at "
		"https://files.example.com/s.pdf\n", NULL, 0, NULL, 0));
}

static void
test_corpus_samples(void **state)
{
	static const char *const files[] = {
		"corpus/phish/phishing_pot/sample-113.eml",
		"corpus/phish/phishing_pot/sample-7272.eml",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		kensa_analysis *a = msgtest_analyze_file(files[i]);
		if (a == NULL)
			skip();
		if (msgtest_finding(a, "contact-form-relay") == NULL)
			fail_msg("%s: no contact-form-relay", files[i]);
		kensa_analysis_free(a);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cf7_english),
		cmocka_unit_test(test_cf7_japanese_other_host),
		cmocka_unit_test(test_autoreply_plain),
		cmocka_unit_test(test_autoreply_html),
		cmocka_unit_test(test_negative),
		cmocka_unit_test(test_corpus_samples),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
