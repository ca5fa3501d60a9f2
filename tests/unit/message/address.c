/* SPDX-License-Identifier: MIT */
/* Unit tests: address lists, Authentication-Results, MIME parameters. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>

#include "message/parse.h"
#include "unit/message/msgtest.h"

static void
test_message_address__basic(void **state)
{
	kn_arena ar;
	kn_vec v = { 0 };
	const kensa_address *ad;
	const char *in = "\"Giant; \\\"Big\\\" Box\" <sysservices@Example.NET>,\r\n"
		" A Group:Ed Jones <c@a.test>,joe@where.test;, "
		"=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>";
	size_t n;
	(void)state;
	kn_arena_init(&ar);
	n = kn_address_list_parse(&ar, in, strlen(in), &v, 100, NULL);
	assert_int_equal(n, 4);
	assert_int_equal(v.count, 4);
	ad = v.items;
	assert_string_equal(ad[0].display_name, "Giant; \"Big\" Box");
	assert_string_equal(ad[0].address, "sysservices@Example.NET");
	assert_string_equal(ad[0].domain, "example.net");
	assert_string_equal(ad[1].display_name, "Ed Jones");
	assert_null(ad[2].display_name);
	assert_string_equal(ad[2].address, "joe@where.test");
	assert_string_equal(ad[3].display_name, "André Pirard");
	/* the cap keeps the first items only but counts all */
	v = (kn_vec){ 0 };
	n = kn_address_list_parse(&ar, in, strlen(in), &v, 1, NULL);
	assert_int_equal(n, 4);
	assert_int_equal(v.count, 1);
	kn_arena_dispose(&ar);
}

static bool
eq_opt(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* stalwart-mail-parser address.json: 60 vectors; groups flattened. */
static void
test_message_address__stalwart_vectors(void **state)
{
	char path[4096];
	json_error_t err;
	json_t *arr, *v;
	size_t i, pass = 0, total = 0;
	(void)state;
	snprintf(path, sizeof(path), "%s/corpus/mime-edge/stalwart-mail-parser/"
		"fields/address.json", msgtest_shared());
	arr = json_load_file(path, 0, &err);
	assert_non_null(arr);
	json_array_foreach(arr, i, v) {
		const char *in = json_string_value(json_object_get(v, "header"));
		json_t *exp = json_object_get(v, "expected"), *list, *groups, *g, *x;
		kn_arena ar;
		kn_vec got = { 0 };
		size_t k = 0, gi, xi, n;
		bool ok = true;

		if (in == NULL)
			continue;
		total++;
		/* cut at the end of the field (a line not starting with WSP) */
		n = strlen(in);
		for (size_t c = 0; c + 1 < n; c++) {
			if (in[c] == '\n' && in[c + 1] != ' ' && in[c + 1] != '\t') {
				n = c + 1;
				break;
			}
		}
		kn_arena_init(&ar);
		kn_address_list_parse(&ar, in, n, &got, 1000, NULL);
		list = json_object_get(exp, "List");
		groups = json_object_get(exp, "Group");
		if (list != NULL) {
			json_array_foreach(list, xi, x) {
				const kensa_address *ad = k < got.count ?
					&((kensa_address *)got.items)[k] : NULL;
				k++;
				if (ad == NULL || !eq_opt(ad->address, json_string_value(
				    json_object_get(x, "address"))) ||
				    !eq_opt(ad->display_name, json_string_value(
				    json_object_get(x, "name"))))
					ok = false;
			}
		} else {
			json_array_foreach(groups, gi, g) {
				json_array_foreach(json_object_get(g, "addresses"), xi, x) {
					const kensa_address *ad = k < got.count ?
						&((kensa_address *)got.items)[k] : NULL;
					k++;
					if (ad == NULL || !eq_opt(ad->address,
					    json_string_value(json_object_get(x, "address"))) ||
					    !eq_opt(ad->display_name, json_string_value(
					    json_object_get(x, "name"))))
						ok = false;
				}
			}
		}
		if (k != got.count)
			ok = false;
		if (ok)
			pass++;
		else
			print_message("address: %s", in);
		kn_arena_dispose(&ar);
	}
	json_decref(arr);
	print_message("address.json: %zu/%zu vectors pass\n", pass, total);
	assert_int_equal(total, 60);
	assert_true(pass >= 50);
}

static void
test_message_address__authres(void **state)
{
	kn_arena ar;
	kn_vec v = { 0 };
	const kensa_auth_result *r;
	const char *in = " mx.example.jp (comment; with=junk);\r\n"
		"\tspf=softfail (domain of x transitions) smtp.mailfrom=a@b.jp;\r\n"
		"\tdkim=none reason=\"no signature\";\r\n"
		"\tdmarc = fail (p=quarantine) header.from=dd-sample.co.jp";
	(void)state;
	kn_arena_init(&ar);
	assert_int_equal(kn_authres_parse(&ar, in, strlen(in), 1, &v, 10), 3);
	r = v.items;
	assert_string_equal(r[0].authserv_id, "mx.example.jp");
	assert_string_equal(r[0].method, "spf");
	assert_string_equal(r[0].result, "softfail");
	assert_string_equal(r[0].properties, "smtp.mailfrom=a@b.jp");
	assert_string_equal(r[1].method, "dkim");
	assert_string_equal(r[1].result, "none");
	assert_string_equal(r[1].reason, "no signature");
	assert_null(r[1].properties);
	assert_string_equal(r[2].method, "dmarc");
	assert_string_equal(r[2].result, "fail");
	assert_string_equal(r[2].properties, "header.from=dd-sample.co.jp");
	assert_int_equal(r[2].header, 1);
	/* "none": no results */
	v = (kn_vec){ 0 };
	assert_int_equal(kn_authres_parse(&ar, "example.org 1; none", 19, 1, &v,
		10), 0);
	/* Microsoft 365: no authserv-id, the first piece is a result */
	v = (kn_vec){ 0 };
	in = "spf=pass (sender IP is 40.92.20.10) smtp.mailfrom=hotmail.com;"
		" dkim=pass (signature was verified) header.d=hotmail.com;"
		"dmarc=fail action=none header.from=outlook.com";
	assert_int_equal(kn_authres_parse(&ar, in, strlen(in), 1, &v, 10), 3);
	r = v.items;
	assert_null(r[0].authserv_id);
	assert_string_equal(r[0].method, "spf");
	assert_string_equal(r[0].result, "pass");
	assert_string_equal(r[0].properties, "smtp.mailfrom=hotmail.com");
	assert_string_equal(r[2].method, "dmarc");
	assert_string_equal(r[2].result, "fail");
	/* a quoted authserv-id is still an authserv-id */
	v = (kn_vec){ 0 };
	in = "\"mx=1.example\"; spf=fail";
	assert_int_equal(kn_authres_parse(&ar, in, strlen(in), 1, &v, 10), 1);
	r = v.items;
	assert_string_equal(r[0].method, "spf");
	kn_arena_dispose(&ar);
}

static void
test_message_address__params(void **state)
{
	kn_arena ar;
	const char *cd = "attachment;\r\n\tfilename*0*=utf-8''%E3%81%8B%E3%81%8D;\r\n"
		"\tfilename*1*=%E3%81%8F.txt";
	const char *ct = "text/plain; name=\"=?UTF-8?B?44Gm44GZ?=\r\n"
		" =?UTF-8?B?44GoLnR4dA==?=\"; charset=\"ISO-2022-JP\"";
	const char *jis = "application/octet-stream; name*=iso-2022-jp'ja'"
		"%1B%24B%2D%21%1B%28B.pdf";
	(void)state;
	kn_arena_init(&ar);
	assert_string_equal(kn_mime_param(&ar, cd, strlen(cd), "filename", NULL),
		"かきく.txt");
	assert_string_equal(kn_mime_param(&ar, ct, strlen(ct), "name", NULL),
		"てすと.txt");
	assert_string_equal(kn_mime_param(&ar, ct, strlen(ct), "charset", NULL),
		"ISO-2022-JP");
	assert_string_equal(kn_mime_param(&ar, jis, strlen(jis), "name", NULL),
		"①.pdf");
	assert_null(kn_mime_param(&ar, cd, strlen(cd), "name", NULL));
	kn_arena_dispose(&ar);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_message_address__basic),
		cmocka_unit_test(test_message_address__stalwart_vectors),
		cmocka_unit_test(test_message_address__authres),
		cmocka_unit_test(test_message_address__params),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
