/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	test_util_acmatch
 * SUMMARY
 *	Aho-Corasick search against a memmem() reference: every occurrence,
 *	overlapping ones, shared prefixes and suffixes, duplicates, binary
 *	bytes, the compiled-in lure phrases over Japanese and English text
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <kensa/errors.h>

#include "content/lures.h"
#include "util/acmatch.h"

/* Occurrences recorded by a scan (the test texts are small). */
#define MAX_OCC 4096

typedef struct occ {
	size_t pat, start;
} occ;

typedef struct rec {
	occ o[MAX_OCC];
	size_t n;
	size_t stop_after; /* 0: never stop */
} rec;

static bool
record(size_t pat, size_t start, void *payload)
{
	rec *r = payload;

	assert_true(r->n < MAX_OCC);
	r->o[r->n].pat = pat;
	r->o[r->n].start = start;
	r->n++;
	return r->stop_after == 0 || r->n < r->stop_after;
}

static int
cmp_occ(const void *x, const void *y)
{
	const occ *p = x, *q = y;

	if (p->pat != q->pat)
		return p->pat < q->pat ? -1 : 1;
	return p->start < q->start ? -1 : p->start > q->start;
}

/* Every occurrence of every pattern by memmem(), sorted. */
static size_t
reference(const char *const *pats, const size_t *lens, size_t n,
	const char *t, size_t len, occ *out)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		size_t from = 0;
		const char *p;
		if (lens[i] == 0)
			continue;
		while (from < len &&
		    (p = memmem(t + from, len - from, pats[i], lens[i])) != NULL) {
			assert_true(k < MAX_OCC);
			out[k].pat = i;
			out[k].start = (size_t)(p - t);
			k++;
			from = (size_t)(p - t) + 1;
		}
	}
	qsort(out, k, sizeof(*out), cmp_occ);
	return k;
}

/* Scan t with ac; compare with the reference, and check the order. */
static void
check_same(const kn_ac *ac, const char *const *pats, const size_t *lens,
	size_t n, const char *t, size_t len)
{
	static rec r;
	static occ want[MAX_OCC];
	size_t nw = reference(pats, lens, n, t, len, want);

	r.n = 0;
	r.stop_after = 0;
	assert_true(kn_ac_scan(ac, t, len, record, &r));
	/* reported in order of end offset */
	for (size_t i = 1; i < r.n; i++)
		assert_true(r.o[i - 1].start + lens[r.o[i - 1].pat] <=
			r.o[i].start + lens[r.o[i].pat]);
	qsort(r.o, r.n, sizeof(r.o[0]), cmp_occ);
	assert_int_equal(r.n, nw);
	for (size_t i = 0; i < nw; i++) {
		assert_int_equal(r.o[i].pat, want[i].pat);
		assert_int_equal(r.o[i].start, want[i].start);
	}
}

static void
test_overlaps(void **state)
{
	/* the classic set: shared suffixes (he/she/hers), a prefix of
	 * another (his/hi), a duplicate, an empty one, a binary one */
	const char *pats[] = { "he", "she", "his", "hers", "hi", "she", "",
		"a\0b", "ushers" };
	size_t lens[] = { 2, 3, 3, 4, 2, 3, 0, 3, 6 };
	size_t n = sizeof(pats) / sizeof(pats[0]);
	const char text[] = "ushers hishe sheheshe a\0b aa\0bb hhhers";
	kn_ac *ac = NULL;
	rec r = { .n = 0 };

	(void)state;
	assert_int_equal(kn_ac_build(&ac, pats, lens, n), 0);
	check_same(ac, pats, lens, n, text, sizeof(text) - 1);
	/* "ushers": she, he, hers, ushers; and both copies of "she" */
	r.stop_after = 0;
	assert_true(kn_ac_scan(ac, "ushers", 6, record, &r));
	assert_int_equal(r.n, 5);
	/* stopping early */
	r.n = 0;
	r.stop_after = 2;
	assert_false(kn_ac_scan(ac, "ushers", 6, record, &r));
	assert_int_equal(r.n, 2);
	/* nothing to find */
	r.n = 0;
	r.stop_after = 0;
	assert_true(kn_ac_scan(ac, "xyz", 3, record, &r));
	assert_true(kn_ac_scan(ac, "", 0, record, &r));
	assert_int_equal(r.n, 0);
	kn_ac_free(ac);
}

static void
test_random(void **state)
{
	/* small alphabet: many overlaps; patterns drawn from the text */
	static char text[2048];
	const char *pats[40];
	size_t lens[40];
	unsigned seed = 12345;

	(void)state;
	for (int round = 0; round < 20; round++) {
		kn_ac *ac = NULL;
		for (size_t i = 0; i < sizeof(text); i++) {
			seed = seed * 1103515245u + 12345u;
			text[i] = "abc\xe3\x81"[(seed >> 16) % 5];
		}
		for (size_t i = 0; i < 40; i++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % (sizeof(text) - 16);
			lens[i] = 1 + (seed >> 20) % 7;
			pats[i] = text + at;
		}
		assert_int_equal(kn_ac_build(&ac, pats, lens, 40), 0);
		check_same(ac, pats, lens, 40, text, 600);
		kn_ac_free(ac);
	}
}

static void
test_lure_table(void **state)
{
	size_t n;
	const kn_lure_phrase *tab = kn_lures_table(&n);
	const char **pats = calloc(n, sizeof(*pats));
	size_t *lens = calloc(n, sizeof(*lens));
	const char *texts[] = {
		"please verify your account immediately or it will be suspended. "
		"click here to sign in and update your payment information.",
		"\xe3\x80\x90\xe9\x87\x8d\xe8\xa6\x81\xe3\x80\x91\xe3\x82\xa2\xe3"
		"\x82\xab\xe3\x82\xa6\xe3\x83\xb3\xe3\x83\x88\xe3\x81\x8c\xe5\x81"
		"\x9c\xe6\xad\xa2\xe3\x81\x95\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\x97"
		"\xe3\x81\x9f\xe3\x80\x82\xe3\x83\xad\xe3\x82\xb0\xe3\x82\xa4\xe3"
		"\x83\xb3\xe3\x81\x97\xe3\x81\xa6\xe7\xa2\xba\xe8\xaa\x8d\xe3\x81"
		"\x97\xe3\x81\xa6\xe3\x81\x8f\xe3\x81\xa0\xe3\x81\x95\xe3\x81\x84",
	};
	kn_ac *ac = NULL;

	(void)state;
	assert_non_null(pats);
	assert_non_null(lens);
	assert_true(n > 50);
	for (size_t i = 0; i < n; i++) {
		pats[i] = tab[i].phrase;
		lens[i] = strlen(tab[i].phrase);
	}
	assert_int_equal(kn_ac_build(&ac, pats, lens, n), 0);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		check_same(ac, pats, lens, n, texts[i], strlen(texts[i]));
	/* every phrase finds itself, inside other text */
	for (size_t i = 0; i < n; i++) {
		char buf[512];
		int k = snprintf(buf, sizeof(buf), "xx %s yy", tab[i].phrase);
		assert_true(k > 0 && (size_t)k < sizeof(buf));
		check_same(ac, pats, lens, n, buf, (size_t)k);
	}
	kn_ac_free(ac);
	free(pats);
	free(lens);
}

static void
test_errors(void **state)
{
	const char *pats[] = { NULL };
	size_t lens[] = { 3 };
	kn_ac *ac = (kn_ac *)1;

	(void)state;
	assert_int_equal(kn_ac_build(NULL, pats, lens, 1), KENSA_EINVAL);
	assert_int_equal(kn_ac_build(&ac, pats, lens, 1), KENSA_EINVAL);
	assert_null(ac);
	lens[0] = KN_AC_MAX_STATES;
	pats[0] = "x";
	assert_int_equal(kn_ac_build(&ac, pats, lens, 1), KENSA_EINVAL);
	/* no pattern at all: a scan finds nothing */
	assert_int_equal(kn_ac_build(&ac, NULL, NULL, 0), 0);
	assert_true(kn_ac_scan(ac, "abc", 3, record, &(rec){ .n = 0 }));
	kn_ac_free(ac);
	kn_ac_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overlaps),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_lure_table),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
