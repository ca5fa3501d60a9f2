/* SPDX-License-Identifier: MIT */
/*
 * test_content_free_hosting - links to free publishing and hosting
 * services (data/links/free-hosting.inc): the list matcher (host
 * suffixes, path prefixes), the low finding, the call-to-action variant
 * (login path, credential lure, only destination with a lure, a target
 * carried in a wrapper's query), and the negatives (newsletter images
 * and links, the provider's own mail, ordinary links); the corpus sample
 * when the corpus is present.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "content/links.h"
#include "unit/message/msgtest.h"

#define H "From: \"Friend\" <friend@example.org>\n" \
	"To: victim@example.net\nSubject: hello\n" \
	"Date: Thu, 14 Oct 2021 07:41:02 +0000\n" \
	"Message-ID: <1@example.org>\nMIME-Version: 1.0\n"
#define PLAIN "Content-Type: text/plain; charset=utf-8\n\n"
#define HTML "Content-Type: text/html; charset=utf-8\n\n"

static void
test_list(void **state)
{
	(void)state;
	assert_string_equal(kn_links_free_hosting("telegra.ph", "/x"),
		"telegra.ph");
	assert_string_equal(kn_links_free_hosting("someone.github.io", "/"),
		"github.io");
	assert_string_equal(kn_links_free_hosting("a.b.web.app", NULL),
		"web.app");
	assert_string_equal(kn_links_free_hosting("docs.google.com",
		"/forms/d/e/1FAIpQ/viewform"), "docs.google.com/forms");
	assert_string_equal(kn_links_free_hosting("ipfs.io", "/ipfs/QmX"),
		"ipfs.io/ipfs/");
	assert_string_equal(kn_links_free_hosting("bafy.ipfs.dweb.link", "/"),
		"ipfs.dweb.link");
	assert_string_equal(kn_links_free_hosting("bucket.s3.amazonaws.com",
		"/p.html"), "s3.amazonaws.com");
	/* not listed: another path of a shared host, look-alike hosts */
	assert_null(kn_links_free_hosting("docs.google.com", "/document/d/1"));
	assert_null(kn_links_free_hosting("docs.google.com", NULL));
	assert_null(kn_links_free_hosting("ipfs.io", "/docs/"));
	assert_null(kn_links_free_hosting("notgithub.io", "/"));
	assert_null(kn_links_free_hosting("evil-telegra.ph", "/"));
	assert_null(kn_links_free_hosting("www.example.com", "/"));
	assert_null(kn_links_free_hosting(NULL, "/"));
}

/* The severity of msg's link-free-hosting finding, or -1; its evidence
 * text and detail copied out. */
static int
free_sev(const char *msg, char *ev, size_t cap)
{
	kensa_analysis *a = msgtest_analyze_mem(msg, strlen(msg), NULL);
	const kensa_finding *f;
	int r;

	assert_non_null(a);
	f = msgtest_finding(a, "link-free-hosting");
	r = f ? (int)f->severity : -1;
	if (f != NULL && ev != NULL)
		snprintf(ev, cap, "%s", f->evidence.text ? f->evidence.text : "");
	kensa_analysis_free(a);
	return r;
}

static void
test_low(void **state)
{
	char ev[256];
	(void)state;
	/* a link, no lure: noted, no deception */
	assert_int_equal(free_sev(H PLAIN "My notes are at "
		"https://someone.github.io/notes/ now.\n", ev, sizeof(ev)),
		KENSA_SEV_LOW);
	assert_string_equal(ev, "https://someone.github.io/notes/");
}

static void
test_call_to_action(void **state)
{
	char ev[512];
	(void)state;
	/* a login path on the service */
	assert_int_equal(free_sev(H PLAIN "Open "
		"https://secure-mail.web.app/login.php to read it.\n", NULL, 0),
		KENSA_SEV_MEDIUM);
	/* a credential lure in the message */
	assert_int_equal(free_sev(H HTML "<p>Verify your account and confirm "
		"your password today or your mailbox will be closed.</p>"
		"<p><a href=\"https://telegra.ph/Mail-Review-10-14\">Review"
		"</a></p>\n", NULL, 0), KENSA_SEV_MEDIUM);
	/* the target carried whole in a wrapper's query */
	assert_int_equal(free_sev(H HTML "<p>Verify your account now.</p>"
		"<a href=\"https://track.example.com/c.php?id=7&ued=https%3A%2F%2F"
		"bafy.ipfs.dweb.link%2Fwallet.html\">SEE DOCUMENT</a>\n",
		ev, sizeof(ev)), KENSA_SEV_MEDIUM);
	assert_non_null(strstr(ev, "track.example.com"));
}

static void
test_negative(void **state)
{
	(void)state;
	/* a newsletter's images on cloud storage, links to the shop */
	assert_int_equal(free_sev(H "List-Unsubscribe: <https://example.org/u>\n"
		HTML "<img src=\"https://storage.googleapis.com/esp-img/a.png\">"
		"<a href=\"https://example.org/sale\">Sale</a>\n", NULL, 0), -1);
	/* a newsletter linking to a blog, no lure */
	assert_int_equal(free_sev(H "List-Id: <news.example.org>\n" HTML
		"<a href=\"https://team.blogspot.com/2021/10/post.html\">Our "
		"blog</a>\n", NULL, 0), -1);
	/* the provider's own mail about its own forms */
	assert_int_equal(free_sev("From: Google Forms <forms-receipts-noreply"
		"@google.com>\nTo: victim@example.net\nSubject: form\n"
		"Date: Thu, 14 Oct 2021 07:41:02 +0000\nMIME-Version: 1.0\n"
		PLAIN "See https://docs.google.com/forms/d/e/1/viewform\n",
		NULL, 0), -1);
	/* ordinary links elsewhere on the same big hosts */
	assert_int_equal(free_sev(H PLAIN "The draft: "
		"https://docs.google.com/document/d/1abc/edit and "
		"https://ipfs.io/docs/\n", NULL, 0), -1);
}

static void
test_corpus_sample(void **state)
{
	kensa_analysis *a;
	const kensa_finding *f;
	(void)state;
	a = msgtest_analyze_file("corpus/phish/phishing_pot/sample-313.eml");
	if (a == NULL)
		skip();
	f = msgtest_finding(a, "link-free-hosting");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_MEDIUM);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "dweb.link"));
	kensa_analysis_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_low),
		cmocka_unit_test(test_call_to_action),
		cmocka_unit_test(test_negative),
		cmocka_unit_test(test_corpus_sample),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
