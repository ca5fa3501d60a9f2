/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	spf_suite - the OpenSPF RFC 7208 and RFC 4408 test suites
 * SUMMARY
 *	runs every scenario of the corpus/spf suites against kn_spf_verify()
 * DESCRIPTION
 *	Each YAML document is a scenario: its zonedata is loaded into the
 *	memory DNS backend, then each test calls kn_spf_verify() with the
 *	test's host, mailfrom and helo and compares the result (one value
 *	or a list of acceptable ones) and, when given, the explanation
 *	("DEFAULT": no exp= explanation). Driver rules of the suite header
 *	and SOURCES.md: SPF (type 99) entries are also served as TXT unless
 *	the name has a TXT entry ("TXT: NONE" included); names not in the
 *	zone data are NXDOMAIN; "TIMEOUT" makes the types a name has no
 *	record of time out. Explanations compare ASCII case-insensitively
 *	(the suite writes ip6.arpa nibbles in upper case).
 *
 *	rfc7208-tests.yml must pass whole. rfc4408-tests.yml runs too, less
 *	the tests listed in rfc4408_skips with the RFC 7208 change that
 *	makes the old expectation wrong.
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/spf.h"
#include "intel/dns.h"

#ifdef KENSA_HAVE_YAML
#include <yaml.h>

/* Tests of the RFC 4408 suite whose expectation RFC 7208 changed. */
static const struct {
	const char *name;
	const char *reason;
} rfc4408_skips[] = {
	{ NULL, NULL }
};

typedef struct suite_stats {
	unsigned run, passed, skipped;
} suite_stats;

static yaml_node_t *
map_get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	if (map == NULL || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);

		if (k && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

static const char *
scalar(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ?
		(const char *)n->data.scalar.value : NULL;
}

static kn_dns_type
type_of(const char *t)
{
	if (strcmp(t, "A") == 0) return KN_DNS_A;
	if (strcmp(t, "AAAA") == 0) return KN_DNS_AAAA;
	if (strcmp(t, "MX") == 0) return KN_DNS_MX;
	if (strcmp(t, "TXT") == 0) return KN_DNS_TXT;
	if (strcmp(t, "SPF") == 0) return KN_DNS_SPF;
	if (strcmp(t, "PTR") == 0) return KN_DNS_PTR;
	if (strcmp(t, "CNAME") == 0) return KN_DNS_CNAME;
	return 0;
}

/* Add a TXT/SPF entry (scalar or sequence of strings) as type. */
static int
add_txt(yaml_document_t *doc, kn_dns_memory *m, const char *name,
	kn_dns_type type, yaml_node_t *v)
{
	const char *strs[64];
	size_t lens[64], n = 0;

	if (v->type == YAML_SCALAR_NODE) {
		if (strcmp(scalar(v), "NONE") == 0)
			return 0;
		strs[0] = (const char *)v->data.scalar.value;
		lens[0] = v->data.scalar.length;
		n = 1;
	} else if (v->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *it = v->data.sequence.items.start;
		     it < v->data.sequence.items.top && n < 64; it++) {
			yaml_node_t *s = yaml_document_get_node(doc, *it);

			if (s == NULL || s->type != YAML_SCALAR_NODE)
				return -1;
			strs[n] = (const char *)s->data.scalar.value;
			lens[n++] = s->data.scalar.length;
		}
	}
	return kn_dns_memory_add_txt(m, name, type, n, strs, lens);
}

/* Load one scenario's zonedata; returns the number of entries refused. */
static unsigned
load_zone(yaml_document_t *doc, yaml_node_t *zone, kn_dns_memory *m)
{
	unsigned bad = 0;

	if (zone == NULL || zone->type != YAML_MAPPING_NODE)
		return 0;
	for (yaml_node_pair_t *p = zone->data.mapping.pairs.start;
	     p < zone->data.mapping.pairs.top; p++) {
		const char *name = scalar(yaml_document_get_node(doc, p->key));
		yaml_node_t *list = yaml_document_get_node(doc, p->value);
		bool has_txt = false;

		if (name == NULL || list == NULL ||
		    list->type != YAML_SEQUENCE_NODE) {
			bad++;
			continue;
		}
		if (kn_dns_memory_touch(m, name) < 0) {
			/* Over-long names cannot exist in the DNS. */
			continue;
		}
		for (int pass = 0; pass < 2; pass++) {
			for (yaml_node_item_t *it = list->data.sequence.items.start;
			     it < list->data.sequence.items.top; it++) {
				yaml_node_t *e = yaml_document_get_node(doc, *it);
				yaml_node_pair_t *kv;
				const char *t;
				yaml_node_t *v;
				kn_dns_type type;
				int rc = 0;

				if (e->type == YAML_SCALAR_NODE) {
					if (pass == 1 && strcmp(scalar(e), "TIMEOUT") == 0)
						rc = kn_dns_memory_fail(m, name,
							KN_DNS_TIMEOUT);
					bad += rc < 0;
					continue;
				}
				if (e->type != YAML_MAPPING_NODE ||
				    e->data.mapping.pairs.top == e->data.mapping.pairs.start) {
					bad++;
					continue;
				}
				kv = e->data.mapping.pairs.start;
				t = scalar(yaml_document_get_node(doc, kv->key));
				v = yaml_document_get_node(doc, kv->value);
				type = t ? type_of(t) : 0;
				if (pass == 0) {
					has_txt |= type == KN_DNS_TXT;
					continue;
				}
				switch (type) {
				case KN_DNS_TXT:
					rc = add_txt(doc, m, name, type, v);
					break;
				case KN_DNS_SPF:
					rc = add_txt(doc, m, name, type, v);
					if (rc == 0 && !has_txt)
						rc = add_txt(doc, m, name, KN_DNS_TXT, v);
					break;
				case KN_DNS_MX: {
					yaml_node_t *pr, *ex;
					char buf[600];

					if (v->type != YAML_SEQUENCE_NODE) {
						rc = -1;
						break;
					}
					pr = yaml_document_get_node(doc,
						v->data.sequence.items.start[0]);
					ex = yaml_document_get_node(doc,
						v->data.sequence.items.start[1]);
					snprintf(buf, sizeof(buf), "%s %s", scalar(pr),
						scalar(ex));
					rc = kn_dns_memory_add(m, name, type, buf);
					break;
				}
				default:
					if (type == 0) {
						rc = -1;
						break;
					}
					rc = scalar(v) ? kn_dns_memory_add(m, name,
						type, scalar(v)) : -1;
					break;
				}
				if (rc < 0) {
					print_message("  zone entry refused: %s %s\n",
						name, t ? t : "?");
					bad++;
				}
			}
		}
	}
	return bad;
}

static bool
result_ok(yaml_document_t *doc, yaml_node_t *want, kn_spf_result got)
{
	const char *name = kn_spf_result_name(got);

	if (want == NULL)
		return false;
	if (want->type == YAML_SCALAR_NODE)
		return strcmp(scalar(want), name) == 0;
	if (want->type != YAML_SEQUENCE_NODE)
		return false;
	for (yaml_node_item_t *it = want->data.sequence.items.start;
	     it < want->data.sequence.items.top; it++)
		if (strcmp(scalar(yaml_document_get_node(doc, *it)), name) == 0)
			return true;
	return false;
}

static const char *
skip_reason(const char *test, bool is4408)
{
	if (!is4408)
		return NULL;
	for (size_t i = 0; rfc4408_skips[i].name; i++)
		if (strcmp(rfc4408_skips[i].name, test) == 0)
			return rfc4408_skips[i].reason;
	return NULL;
}

static void
run_scenario(yaml_document_t *doc, bool is4408, suite_stats *st)
{
	yaml_node_t *root = yaml_document_get_root_node(doc);
	yaml_node_t *tests = map_get(doc, root, "tests");
	kn_dns_memory *m;
	unsigned bad;

	if (root == NULL || tests == NULL || tests->type != YAML_MAPPING_NODE)
		return;
	m = kn_dns_memory_new();
	assert_non_null(m);
	bad = load_zone(doc, map_get(doc, root, "zonedata"), m);
	assert_int_equal(bad, 0);

	for (yaml_node_pair_t *p = tests->data.mapping.pairs.start;
	     p < tests->data.mapping.pairs.top; p++) {
		const char *tname = scalar(yaml_document_get_node(doc, p->key));
		yaml_node_t *t = yaml_document_get_node(doc, p->value);
		const char *host = scalar(map_get(doc, t, "host"));
		const char *exp = scalar(map_get(doc, t, "explanation"));
		const char *why = skip_reason(tname, is4408);
		kn_spf_request req = { 0 };
		kn_spf_eval ev;
		kn_resolver res;
		kn_arena ar;
		bool ok;

		if (why != NULL) {
			print_message("  skipped %s: %s\n", tname, why);
			st->skipped++;
			continue;
		}
		st->run++;
		kn_arena_init(&ar);
		assert_int_equal(kn_dns_init(&res, &ar, kn_dns_memory_backend(m)), 0);
		assert_non_null(host);
		assert_true(kn_ip_parse(host, strlen(host), &req.ip));
		req.mail_from = scalar(map_get(doc, t, "mailfrom"));
		req.helo = scalar(map_get(doc, t, "helo"));
		req.receiver = "receiver.example.org";
		req.now = 1700000000;
		assert_int_equal(kn_spf_verify(&ev, &res, &ar, &req), 0);
		ok = result_ok(doc, map_get(doc, t, "result"), ev.result);
		if (ok && exp != NULL) {
			if (strcmp(exp, "DEFAULT") == 0)
				ok = ev.explanation == NULL;
			else
				ok = ev.explanation != NULL &&
					strcasecmp(ev.explanation, exp) == 0;
		}
		if (ok) {
			st->passed++;
		} else {
			print_message("  FAIL %s: got %s (%s) exp=\"%s\" want exp=\"%s\" "
				"lookups=%u\n", tname, kn_spf_result_name(ev.result),
				ev.problem ? ev.problem : "-",
				ev.explanation ? ev.explanation : "(none)",
				exp ? exp : "-", ev.dns_lookups);
		}
		kn_arena_dispose(&ar);
	}
	kn_dns_memory_free(m);
}

static suite_stats
run_file(const char *file, bool is4408)
{
	char path[1024];
	suite_stats st = { 0 };
	yaml_parser_t parser;
	FILE *f;

	snprintf(path, sizeof(path), "%s/corpus/spf/%s", KENSA_TEST_SHARED_DIR,
		file);
	f = fopen(path, "rb");
	if (f == NULL) {
		print_message("%s: not found, skipped\n", path);
		return st;
	}
	assert_true(yaml_parser_initialize(&parser));
	yaml_parser_set_input_file(&parser, f);
	for (;;) {
		yaml_document_t doc;
		yaml_node_t *root;

		assert_true(yaml_parser_load(&parser, &doc));
		root = yaml_document_get_root_node(&doc);
		if (root == NULL) {
			yaml_document_delete(&doc);
			break;
		}
		run_scenario(&doc, is4408, &st);
		yaml_document_delete(&doc);
	}
	yaml_parser_delete(&parser);
	fclose(f);
	return st;
}

static void
test_rfc7208_suite(void **state)
{
	suite_stats st = run_file("rfc7208-tests.yml", false);

	(void)state;
	print_message("rfc7208-tests: %u/%u passed\n", st.passed, st.run);
	if (st.run == 0)
		skip();
	assert_true(st.run >= 200);
	assert_int_equal(st.passed, st.run);
}

static void
test_rfc4408_suite(void **state)
{
	suite_stats st = run_file("rfc4408-tests.yml", true);

	(void)state;
	print_message("rfc4408-tests: %u/%u passed, %u skipped as contradicting "
		"RFC 7208\n", st.passed, st.run, st.skipped);
	if (st.run == 0)
		skip();
	assert_true(st.run >= 150);
	assert_int_equal(st.passed, st.run);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc7208_suite),
		cmocka_unit_test(test_rfc4408_suite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#else /* !KENSA_HAVE_YAML */

static void
test_no_yaml(void **state)
{
	(void)state;
	print_message("libyaml not found at configure time: suites not run\n");
	skip();
}

int
main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_no_yaml) };

	return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif
