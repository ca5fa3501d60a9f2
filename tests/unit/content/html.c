/* SPDX-License-Identifier: MIT */
/*
 * test_content_html - HTML parts through Gumbo: visible text and its map
 * back to the source, links (a, area, form, img, base), tracking
 * pixels, and each kind of hidden text with its negative.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "content/html.h"

static kn_arena ar;

static int
setup(void **state)
{
	(void)state;
	kn_arena_init(&ar);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	kn_arena_dispose(&ar);
	return 0;
}

static kn_html_doc
parse(const char *html)
{
	kn_html_doc d;
	assert_int_equal(kn_html_parse(&ar, html, strlen(html), &d), 0);
	return d;
}

static void
test_text_and_map(void **state)
{
	static const char h[] = "<html><head><title>T</title><style>p{}"
		"</style></head><body><p>Hello&nbsp;&amp;  <b>world</b></p>"
		"<script>x()</script><p>2021年10月14日(日)</p></body></html>";
	kn_html_doc d = parse(h);
	const char *p;
	size_t off, len, io, il;

	(void)state;
	assert_string_equal(d.text.text,
		"Hello\xc2\xa0& world\n2021年10月14日(日)");
	/* the date maps back to its bytes in the source */
	p = strstr(d.text.text, "2021");
	off = (size_t)(p - d.text.text);
	len = strlen("2021年10月14日(日)");
	kn_htmltext_map(&d.text, off, len, &io, &il);
	assert_memory_equal(h + io, "2021年10月14日(日)", len);
	assert_int_equal(il, len);
	/* "&amp;" maps to the whole reference */
	p = strchr(d.text.text, '&');
	kn_htmltext_map(&d.text, (size_t)(p - d.text.text), 1, &io, &il);
	assert_memory_equal(h + io, "&amp;", 5);
	assert_int_equal(il, 5);
	assert_int_equal(d.hidden_count, 0);
}

static void
test_links(void **state)
{
	static const char h[] =
		"<html><head><base href=\"https://base.example/dir/\"></head><body>"
		"<a href=\"https://t.example/x\"><b>Visible</b> text</a>"
		"<map><area href=\"https://area.example/\" alt=\"Area\"></map>"
		"<form action=\"https://form.example/post\"><input></form>"
		"<img src=\"https://img.example/p.gif\" width=\"1\" height=\"1\">"
		"<img src=\"https://img.example/big.png\" width=\"600\">"
		"<a href=\"rel/page\">rel</a><a href=\"#top\">top</a>"
		"<a>no href</a></body></html>";
	kn_html_doc d = parse(h);

	(void)state;
	assert_string_equal(d.base, "https://base.example/dir/");
	assert_int_equal(d.link_count, 7);
	assert_string_equal(d.links[0].tag, "a");
	assert_string_equal(d.links[0].url, "https://t.example/x");
	assert_string_equal(d.links[0].text, "Visible text");
	assert_memory_equal(h + d.links[0].off, "<a href", 7);
	assert_memory_equal(h + d.links[0].off + d.links[0].len - 4, "</a>", 4);
	assert_string_equal(d.links[1].tag, "area");
	assert_string_equal(d.links[1].text, "Area");
	assert_string_equal(d.links[2].tag, "form");
	assert_string_equal(d.links[2].url, "https://form.example/post");
	assert_string_equal(d.links[3].tag, "img");
	assert_true(d.links[3].pixel);
	assert_false(d.links[4].pixel);
	assert_string_equal(d.links[5].url, "rel/page");
	assert_string_equal(d.links[6].url, "#top");
}

/* The reason of the one hidden run of h, or NULL. */
static const char *
hidden_reason(const char *h, const char *expect_text)
{
	kn_html_doc d = parse(h);
	if (d.hidden_count == 0)
		return NULL;
	assert_int_equal(d.hidden_count, 1);
	if (expect_text != NULL)
		assert_string_equal(d.hidden[0].text, expect_text);
	/* the hidden text is not in the visible text */
	if (expect_text != NULL)
		assert_null(strstr(d.text.text, expect_text));
	return d.hidden[0].reason;
}

static void
test_hidden(void **state)
{
	(void)state;
	assert_string_equal(hidden_reason("<p>a</p><div style=\"display: none\">"
		"secret words</div>", "secret words"), "display:none");
	assert_string_equal(hidden_reason("<span style=\"VISIBILITY:hidden "
		"!important\">secret words</span>", "secret words"),
		"visibility:hidden");
	assert_string_equal(hidden_reason("<span style=\"font-size:0px\">"
		"secret words</span>", "secret words"),
		"font-size too small to read");
	assert_string_equal(hidden_reason("<span style=\"font-size:1px\">"
		"secret words</span>", "secret words"),
		"font-size too small to read");
	assert_string_equal(hidden_reason("<span style=\"opacity:0\">"
		"secret words</span>", "secret words"), "opacity:0");
	assert_string_equal(hidden_reason("<div hidden>secret words</div>",
		"secret words"), "hidden attribute");
	/* white on white: explicit background, and the default one */
	assert_string_equal(hidden_reason("<table bgcolor=\"#FFFFFF\"><tr><td>"
		"<font color=\"#fefefe\">secret words</font></td></tr></table>",
		"secret words"), "text color equal to the background");
	assert_string_equal(hidden_reason("<p style=\"color:white\">secret "
		"words</p>", "secret words"), "text color equal to the background");
	assert_string_equal(hidden_reason("<div style=\"background:#000 "
		"url(x.png)\"><span style=\"color:rgb(0,0,0)\">secret words</span>"
		"</div>", "secret words"), "text color equal to the background");
	assert_string_equal(hidden_reason("<span style=\"color:rgba(0,0,0,0)\">"
		"secret words</span>", "secret words"), "transparent text color");

	/* negatives: readable text, white on a dark button, a style sheet
	 * that may set the background */
	assert_null(hidden_reason("<p style=\"font-size:14px;color:#333\">"
		"visible</p>", NULL));
	assert_null(hidden_reason("<table><tr><td style=\"background-color:"
		"#0066cc\"><a style=\"color:#ffffff\" href=\"x\">Buy</a></td>"
		"</tr></table>", NULL));
	assert_null(hidden_reason("<style>.b{background:#000}</style>"
		"<p class=\"b\" style=\"color:#fff\">visible</p>", NULL));
	assert_null(hidden_reason("<p style=\"display:block;opacity:1\">"
		"visible</p>", NULL));
}

static void
test_hidden_evidence(void **state)
{
	static const char h[] = "<p>Dear user</p><div style=\"display:none\">"
		"unsubscribe free money</div><p>bye</p>";
	kn_html_doc d = parse(h);

	(void)state;
	assert_int_equal(d.hidden_count, 1);
	assert_memory_equal(h + d.hidden[0].off, "<div style", 10);
	assert_memory_equal(h + d.hidden[0].off + d.hidden[0].len - 6, "</div>",
		6);
	assert_int_equal(d.hidden[0].chars, strlen("unsubscribefreemoney"));
	assert_string_equal(d.text.text, "Dear user\nbye");
}

static void
test_broken_and_deep(void **state)
{
	char deep[40000];
	size_t k = 0;
	kn_html_doc d;

	(void)state;
	/* unclosed tags, stray end tags, an attribute with '>' */
	d = parse("<p><a href='https://x.example/?a=1>2'>go<p>next</i></b>");
	/* HTML5 reopens the unclosed a in the next p, as browsers do */
	assert_int_equal(d.link_count, 2);
	assert_string_equal(d.links[0].url, "https://x.example/?a=1>2");
	assert_string_equal(d.links[0].text, "go");
	/* nesting deeper than the walk's bound does not crash */
	for (int i = 0; i < 5000 && k + 6 < sizeof(deep); i++) {
		memcpy(deep + k, "<div>", 5);
		k += 5;
	}
	deep[k] = '\0';
	assert_int_equal(kn_html_parse(&ar, deep, k, &d), 0);
	assert_true(d.truncated);
	/* empty input */
	d = parse("");
	assert_int_equal(d.text.len, 0);
	assert_int_equal(d.link_count, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text_and_map, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hidden, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hidden_evidence, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_broken_and_deep, setup,
			teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
