/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dkim_vectors - every DKIM vector of corpus/dkim/EXPECTED.tsv
 * SUMMARY
 *	runs kn_dkim_verify() on each listed message against the memory DNS
 * DESCRIPTION
 *	DNS data, per SOURCES.md: mail-dkim-perl/FAKE_DNS.dat ("name value"
 *	lines; NXDOMAIN = absent; "~~Query timed out~~" / "~~SERVFAIL~~"
 *	make the name fail), the "<name> <TXT>" preamble of each stalwart
 *	file (up to the first empty line; the message follows, LF endings),
 *	the RFC 8463 football.example.com keys (dkimpy/test.txt and the
 *	brisbane ed25519 key) and mimekit/gmail.pub published as
 *	"v=DKIM1; k=rsa; p=<base64>" at 20120113._domainkey.gmail.com.
 *	"now" is 1667843664 (the verification time the stalwart 005 vector
 *	fixes).
 *
 *	The expectation of a row is its "expected" column, read as the
 *	overall DKIM verdict (the best signature): pass, fail, or "invalid"
 *	(Mail::DKIM's word for any other outcome: permerror, temperror,
 *	policy, neutral). Where RFC 6376 / RFC 8301 make an old expectation
 *	wrong (pre-RFC drafts without v=1, 512-bit RSA keys, DomainKeys
 *	signatures which are not DKIM at all), rfc_wins below states the
 *	RFC result expected instead and why; the test asserts that one.
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/dkim.h"
#include "intel/dns.h"

#define NOW_FIXED 1667843664LL
#define MAX_FILE (4u * 1024 * 1024)

/* The result RFC 6376 / 8301 give where an old expectation differs. */
static const struct {
	const char *path;
	const char *result;   /* overall result the RFC gives */
	const char *why;
} rfc_wins[] = {
	{ "mail-dkim-perl/corpus/good_ietf00_1.txt", "permerror", "draft-ietf-00 signature without v= (RFC 6376 3.5: v=1 required)" },
	{ "mail-dkim-perl/corpus/good_ietf00_2.txt", "permerror", "draft-ietf-00 signature without v=" },
	{ "mail-dkim-perl/corpus/good_ietf00_3.txt", "permerror", "draft-ietf-00 signature without v=" },
	{ "mail-dkim-perl/corpus/good_ietf00_4.txt", "permerror", "draft-ietf-00 signature without v=" },
	{ "mail-dkim-perl/corpus/good_ietf00_5.txt", "permerror", "draft-ietf-00 signature without v=" },
	{ "mail-dkim-perl/corpus/mine_ietf01_1.txt", "permerror", "draft-01 signature without v=" },
	{ "mail-dkim-perl/corpus/mine_ietf01_2.txt", "permerror", "draft-01 signature without v=" },
	{ "mail-dkim-perl/corpus/mine_ietf01_3.txt", "permerror", "draft-01 signature without v=" },
	{ "mail-dkim-perl/corpus/mine_ietf01_4.txt", "permerror", "draft-01 signature without v=" },
	{ "mail-dkim-perl/corpus/mine_ietf05_1.txt", "permerror", "draft-05 signature v=0.5 (RFC 6376 3.5: v=1)" },
	{ "mail-dkim-perl/corpus/good_ietf01_1.txt", "permerror", "draft-01 signature without v=" },
	{ "mail-dkim-perl/corpus/good_ietf01_2.txt", "permerror", "draft-01 signature without v=" },
	{ "mail-dkim-perl/corpus/bad_ietf01_1.txt", "permerror", "draft-01 signature without v= (not even checked)" },
	{ "mail-dkim-perl/corpus/bad_ietf01_2.txt", "permerror", "draft-01 signature without v=" },
	{ "mail-dkim-perl/corpus/bad_ietf01_3.txt", "permerror", "draft-01 signature without v=" },
	{ "mail-dkim-perl/corpus/bad_1.txt", "permerror", "draft-01 signature without v=" },
	{ "mail-dkim-perl/corpus/multiple_1.txt", "permerror", "four draft signatures without v=" },
	{ "mail-dkim-perl/corpus/no_body_1.txt", "permerror", "v=0.5 draft signature" },
	{ "mail-dkim-perl/corpus/no_body_2.txt", "permerror", "v=0.5 draft signature" },
	{ "mail-dkim-perl/corpus/no_body_3.txt", "permerror", "v=0.5 draft signature" },
	{ "mail-dkim-perl/corpus/good_rfc4871_3.txt", "policy", "512-bit RSA key (RFC 8301 3.2: below 1024 bits not valid)" },
	{ "mail-dkim-perl/corpus/good_rfc4871_4.txt", "policy", "512-bit RSA key (RFC 8301 3.2)" },
	{ "mail-dkim-perl/corpus/good_1878523.txt", "policy", "512-bit RSA key (RFC 8301 3.2)" },
	{ "mail-dkim-perl/corpus/good_qp_1.txt", "policy", "512-bit RSA key (RFC 8301 3.2)" },
	{ "mail-dkim-perl/corpus/good_qp_2.txt", "policy", "512-bit RSA key (RFC 8301 3.2)" },
	{ "mail-dkim-perl/corpus/good_qp_3.txt", "policy", "512-bit RSA key (RFC 8301 3.2)" },
	{ "mail-dkim-perl/corpus/goodkey_1.txt", "policy", "512-bit RSA key (RFC 8301 3.2)" },
	{ "mail-dkim-perl/corpus/goodkey_2.txt", "policy", "512-bit RSA key (RFC 8301 3.2)" },
	{ "mail-dkim-perl/corpus/goodkey_3.txt", "policy", "512-bit RSA key (RFC 8301 3.2)" },
	{ "mail-dkim-perl/corpus/goodkey_4.txt", "policy", "512-bit RSA key (RFC 8301 3.2)" },
	{ "mail-dkim-perl/corpus/good_dk_gmail.txt", "none", "DomainKeys (RFC 4870) only: no DKIM-Signature" },
	{ "mail-dkim-perl/corpus/good_dk_yahoo.txt", "none", "DomainKeys only" },
	{ "mail-dkim-perl/corpus/good_dk_1.txt", "none", "DomainKeys only" },
	{ "mail-dkim-perl/corpus/good_dk_2.txt", "none", "DomainKeys only" },
	{ "mail-dkim-perl/corpus/good_dk_3.txt", "none", "DomainKeys only" },
	{ "mail-dkim-perl/corpus/good_dk_4.txt", "none", "DomainKeys only" },
	{ "mail-dkim-perl/corpus/good_dk_5.txt", "none", "DomainKeys only" },
	{ "mail-dkim-perl/corpus/good_dk_6.txt", "none", "DomainKeys only" },
	{ "mail-dkim-perl/corpus/good_dk_7.txt", "none", "DomainKeys only" },
	{ "mail-dkim-perl/corpus/dk_headers_1.txt", "none", "DomainKeys only" },
	{ "mail-dkim-perl/corpus/dk_headers_2.txt", "none", "DomainKeys only" },
	{ "mail-dkim-perl/corpus/dk_multiple_1.txt", "none", "DomainKeys only" },
	{ "mail-dkim-perl/corpus/bad_dk_1.txt", "none", "DomainKeys only" },
	{ "mail-dkim-perl/corpus/bad_dk_2.txt", "none", "DomainKeys only" },
	{ "mail-dkim-perl/corpus/bad_dk_3.txt", "none", "DomainKeys only" },
	{ "mail-dkim-perl/corpus/bad_dk_4.txt", "none", "DomainKeys only" },
	{ "mail-dkim-perl/corpus/bad_dk_5.txt", "none", "DomainKeys only" },
	{ NULL, NULL, NULL }
};

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (f == NULL)
		return NULL;
	buf = malloc(MAX_FILE + 1);
	if (buf == NULL) {
		fclose(f);
		return NULL;
	}
	n = fread(buf, 1, MAX_FILE, f);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static const char *
shared_dir(void)
{
	const char *s = getenv("KENSA_SHARED");

	return s && *s ? s : KENSA_TEST_SHARED_DIR;
}

/* Add "name value" lines (FAKE_DNS.dat / stalwart preamble). */
static void
load_lines(kn_dns_memory *m, const char *text, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		size_t eol = pos, sp;
		char name[512], *value;

		while (eol < len && text[eol] != '\n')
			eol++;
		if (eol == pos)
			break;          /* empty line: end of a preamble */
		if (text[pos] != '#' && text[pos] != ';') {
			sp = pos;
			while (sp < eol && text[sp] != ' ' && text[sp] != '\t')
				sp++;
			if (sp - pos < sizeof(name) && sp < eol) {
				size_t vs = sp, ve = eol;

				memcpy(name, text + pos, sp - pos);
				name[sp - pos] = '\0';
				while (vs < ve && (text[vs] == ' ' || text[vs] == '\t'))
					vs++;
				while (ve > vs && (text[ve - 1] == '\r' ||
				    text[ve - 1] == ' '))
					ve--;
				value = strndup(text + vs, ve - vs);
				assert_non_null(value);
				if (strcmp(value, "NXDOMAIN") == 0)
					;
				else if (strstr(value, "timed out") != NULL)
					assert_int_equal(kn_dns_memory_fail(m, name,
						KN_DNS_TIMEOUT), 0);
				else if (strstr(value, "SERVFAIL") != NULL)
					assert_int_equal(kn_dns_memory_fail(m, name,
						KN_DNS_SERVFAIL), 0);
				else
					assert_int_equal(kn_dns_memory_add(m, name,
						KN_DNS_TXT, value), 0);
				free(value);
			}
		}
		pos = eol + 1;
	}
}

/* PEM public key file to "v=DKIM1; k=rsa; p=<base64>". */
static void
add_pem(kn_dns_memory *m, const char *name, const char *path)
{
	size_t len = 0, n = 0;
	char *pem = slurp(path, &len), *rec;

	assert_non_null(pem);
	rec = malloc(len + 32);
	assert_non_null(rec);
	n = (size_t)snprintf(rec, len + 32, "v=DKIM1; k=rsa; p=");
	for (size_t i = 0; i < len; i++) {
		if (pem[i] == '-') {    /* skip BEGIN/END lines */
			while (i < len && pem[i] != '\n')
				i++;
			continue;
		}
		if (pem[i] != '\n' && pem[i] != '\r')
			rec[n++] = pem[i];
	}
	rec[n] = '\0';
	assert_int_equal(kn_dns_memory_add(m, name, KN_DNS_TXT, rec), 0);
	free(rec);
	free(pem);
}

static kn_dns_memory *
base_dns(void)
{
	kn_dns_memory *m = kn_dns_memory_new();
	char path[1024];
	size_t len = 0;
	char *text;

	assert_non_null(m);
	snprintf(path, sizeof(path), "%s/corpus/dkim/mail-dkim-perl/FAKE_DNS.dat",
		shared_dir());
	text = slurp(path, &len);
	assert_non_null(text);
	/* FAKE_DNS.dat starts with comments: feed it line by line,
	 * skipping the blank lines load_lines stops at. */
	for (size_t pos = 0; pos < len;) {
		size_t eol = pos;

		while (eol < len && text[eol] != '\n')
			eol++;
		if (eol > pos)
			load_lines(m, text + pos, eol - pos);
		pos = eol + 1;
	}
	free(text);
	snprintf(path, sizeof(path), "%s/corpus/dkim/dkimpy/test.txt", shared_dir());
	text = slurp(path, &len);
	assert_non_null(text);
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		text[--len] = '\0';
	assert_int_equal(kn_dns_memory_add(m, "test._domainkey.football.example.com",
		KN_DNS_TXT, text), 0);
	free(text);
	/* RFC 8463 A.2: the brisbane ed25519 key. */
	assert_int_equal(kn_dns_memory_add(m,
		"brisbane._domainkey.football.example.com", KN_DNS_TXT,
		"v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="), 0);
	snprintf(path, sizeof(path), "%s/corpus/dkim/mimekit/gmail.pub", shared_dir());
	add_pem(m, "20120113._domainkey.gmail.com", path);
	return m;
}

static const char *
rfc_override(const char *path, const char **why)
{
	for (size_t i = 0; rfc_wins[i].path; i++)
		if (strcmp(rfc_wins[i].path, path) == 0) {
			*why = rfc_wins[i].why;
			return rfc_wins[i].result;
		}
	return NULL;
}

static bool
matches(const char *expected, kn_dkim_result got)
{
	/* "pass...", and the ARC rows' "arc=pass, some dkim=pass" (the
	 * chain itself is checked by arc_suite.c). */
	if (strncmp(expected, "pass", 4) == 0 ||
	    strncmp(expected, "arc=pass, some dkim=pass", 24) == 0)
		return got == KN_DKIM_PASS;
	if (strcmp(expected, "fail") == 0)
		return got == KN_DKIM_FAIL;
	if (strcmp(expected, "invalid") == 0)
		return got == KN_DKIM_PERMERROR || got == KN_DKIM_TEMPERROR ||
			got == KN_DKIM_POLICY || got == KN_DKIM_NEUTRAL;
	return strcmp(expected, kn_dkim_result_name(got)) == 0;
}

static void
test_expected_tsv(void **state)
{
	char path[8192], line[4096];
	unsigned total = 0, ok = 0, rfc = 0;
	FILE *tsv;

	(void)state;
	snprintf(path, sizeof(path), "%s/corpus/dkim/EXPECTED.tsv", shared_dir());
	tsv = fopen(path, "r");
	assert_non_null(tsv);
	assert_non_null(fgets(line, sizeof(line), tsv)); /* header */
	while (fgets(line, sizeof(line), tsv) != NULL) {
		char *file = line, *expected, *tab;
		const char *want, *rwhy = NULL;
		kn_dns_memory *m;
		kn_resolver res;
		kn_arena ar;
		kn_dkim_eval ev;
		char *data, *msg;
		size_t len = 0, mlen;
		bool good, last_pass = true, all_pass = true;

		tab = strchr(line, '\t');
		if (tab == NULL)
			continue;
		*tab = '\0';
		expected = tab + 1;
		tab = strchr(expected, '\t');
		if (tab != NULL)
			*tab = '\0';
		total++;
		snprintf(path, sizeof(path), "%s/corpus/dkim/%s", shared_dir(), file);
		data = slurp(path, &len);
		assert_non_null(data);
		m = base_dns();
		msg = data;
		mlen = len;
		if (strncmp(file, "stalwart-mail-auth/", 19) == 0) {
			char *blank = strstr(data, "\n\n");

			assert_non_null(blank);
			load_lines(m, data, (size_t)(blank - data) + 1);
			msg = blank + 2;
			mlen = len - (size_t)(msg - data);
		}
		kn_arena_init(&ar);
		assert_int_equal(kn_dns_init(&res, &ar, kn_dns_memory_backend(m)), 0);
		assert_int_equal(kn_dkim_verify(&ev, &res, &ar, msg, mlen, NOW_FIXED), 0);
		for (size_t i = 0; i < ev.sigs.count; i++) {
			const kn_dkim_sig *s = (const kn_dkim_sig *)ev.sigs.items + i;

			all_pass = all_pass && s->result == KN_DKIM_PASS;
			last_pass = s->result == KN_DKIM_PASS;
		}
		want = rfc_override(file, &rwhy);
		if (want != NULL) {
			good = strcmp(want, kn_dkim_result_name(ev.result)) == 0;
			rfc++;
		} else {
			good = matches(expected, ev.result);
			if (strstr(expected, "both") != NULL)
				good = good && all_pass && ev.sigs.count == 2;
			if (strstr(expected, "last sig") != NULL)
				good = good && last_pass;
		}
		if (good)
			ok++;
		if (want != NULL)
			printf("  RFC wins: %-45s old %-8s RFC %-9s (%s)\n", file,
				expected, want, rwhy);
		if (!good || getenv("KENSA_DKIM_VERBOSE") != NULL) {
			printf("  %s %s: expected %s%s%s, got %s\n",
				good ? "ok" : "MISMATCH", file,
				expected, want ? " / RFC " : "", want ? want : "",
				kn_dkim_result_name(ev.result));
			for (size_t i = 0; i < ev.sigs.count; i++) {
				const kn_dkim_sig *s = (const kn_dkim_sig *)ev.sigs.items + i;

				printf("    sig %u d=%s s=%s a=%s %s bits=%u: %s (%s)\n",
					s->occurrence, s->domain ? s->domain : "-",
					s->selector ? s->selector : "-",
					s->algorithm ? s->algorithm : "-", s->canon,
					s->key_bits, kn_dkim_result_name(s->result),
					s->reason);
			}
		}
		kn_arena_dispose(&ar);
		kn_dns_memory_free(m);
		free(data);
	}
	fclose(tsv);
	printf("dkim vectors: %u/%u as expected (%u judged by RFC 6376/8301 "
		"instead of the old expectation)\n", ok, total, rfc);
	assert_int_equal(total, 93);
	assert_int_equal(ok, total);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expected_tsv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
