/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	check 1
 * SUMMARY
 *	`kensa spf` and `kensa dkim`: one authentication check at a time
 * SYNOPSIS
 *	kensa spf [OPTIONS] IP DOMAIN [HELO]
 *	kensa dkim [OPTIONS] FILE
 * DESCRIPTION
 *	kensa spf prints the SPF result of IP for DOMAIN (RFC 7208
 *	check_host(), sender postmaster@DOMAIN) and, with HELO, of the HELO
 *	identity, each with the path of evaluation: the record of each
 *	domain visited, the terms that decided, the lookups used. kensa dkim
 *	prints the verification of every DKIM-Signature of the message in
 *	FILE ("-": standard input). Both take the lookup options of analyze
 *	and --format text|json; the JSON form is one object on one line.
 * DIAGNOSTICS
 *	Exit status: 0 evaluated (whatever the result), 64 usage error, 66
 *	FILE unreadable or over 64 MiB, 69 not evaluated (offline, or no
 *	DNS answer at all: temperror), 70 internal error, 73 the
 *	--save-evidence directory could not be created or written. A HELO
 *	that is not a domain name (an address literal "[192.0.2.1]", a bare
 *	word) is reported "none", as analyze does (RFC 7208 2.3).
 *--*/
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EXIT_UNAVAILABLE 69 /* EX_UNAVAILABLE */
/* Largest message kensa dkim reads, as the library's cap. */
#define CLI_MAX_INPUT KENSA_MAX_MESSAGE_BYTES

/* --offline was given (o->lookups alone cannot tell: --dns-server
 * after it sets the network mode again). */
static bool offline_given;

void
cli_err(const char *what, const char *msg)
{
	fprintf(stderr, "kensa: %s: %s\n", what, msg);
}

void
cli_json_str(FILE *fp, const char *s)
{
	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(fp, "\\u%04x", *p);
			else
				fputc(*p, fp);
		}
	}
	fputc('"', fp);
}

/* Parse a decimal number of at most max; false when not one. */
static bool
parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;

	if (s == NULL || *s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned long long)(*s - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

/* Digits s[0..n) as a number; -1 when not all digits. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "2021-10-14T07:41:02Z" or with "+09:00" (RFC 3339 5.6); seconds. */
static bool
parse_rfc3339(const char *s, int64_t *out)
{
	struct tm tm = { 0 };
	size_t len = strlen(s);
	int off = 0;
	const char *z;
	time_t t;

	if (len < 20 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' ||
	    s[16] != ':')
		return false;
	tm.tm_year = digits(s, 4) - 1900;
	tm.tm_mon = digits(s + 5, 2) - 1;
	tm.tm_mday = digits(s + 8, 2);
	tm.tm_hour = digits(s + 11, 2);
	tm.tm_min = digits(s + 14, 2);
	tm.tm_sec = digits(s + 17, 2);
	if (tm.tm_year < 0 || tm.tm_mon < 0 || tm.tm_mon > 11 ||
	    tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour < 0 ||
	    tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 ||
	    tm.tm_sec < 0 || tm.tm_sec > 60)
		return false;
	z = s + 19;
	if (*z == '.') {
		z++;
		while (*z >= '0' && *z <= '9')
			z++;
	}
	if ((*z == 'Z' || *z == 'z') && z[1] == '\0') {
		off = 0;
	} else if ((*z == '+' || *z == '-') && strlen(z) == 6 && z[3] == ':') {
		int h = digits(z + 1, 2), m = digits(z + 4, 2);
		if (h < 0 || m < 0 || h > 23 || m > 59)
			return false;
		off = (h * 60 + m) * 60 * (*z == '-' ? -1 : 1);
	} else {
		return false;
	}
	t = timegm(&tm);
	if (t == (time_t)-1)
		return false;
	*out = (int64_t)t - off;
	return true;
}

int
cli_lookup_option(kensa_options *o, int ch, const char *arg)
{
	unsigned long long v;

	switch (ch) {
	case OPT_DNS_SERVER:
		if (arg[0] == '\0') {
			cli_err("--dns-server", "expected IP:PORT");
			return -1;
		}
		o->dns_server = arg;
		o->lookups = KENSA_LOOKUPS_NETWORK;
		return 1;
	case OPT_DNS_TIMEOUT:
		if (!parse_uint(arg, 600000, &v) || v == 0) {
			cli_err("--dns-timeout", "expected milliseconds, 1 to 600000");
			return -1;
		}
		o->dns_timeout_ms = (unsigned)v;
		return 1;
	case OPT_OFFLINE:
		o->lookups = KENSA_LOOKUPS_OFFLINE;
		offline_given = true;
		return 1;
	case OPT_REPLAY:
		if (arg[0] == '\0') {
			cli_err("--replay", "expected an evidence directory");
			return -1;
		}
		o->replay_dir = arg;
		return 1;
	case OPT_SAVE_EVIDENCE:
		if (arg[0] == '\0') {
			cli_err("--save-evidence", "expected a directory");
			return -1;
		}
		o->save_evidence_dir = arg;
		return 1;
	case OPT_WHOIS_SERVER:
		o->whois_server = arg;
		return 1;
	case OPT_GEOIP_DB:
		o->geoip_db = arg;
		return 1;
	case OPT_RDAP_SERVER:
		if (arg[0] == '\0') {
			cli_err("--rdap-server", "expected an http(s) URL");
			return -1;
		}
		o->rdap_server = arg;
		return 1;
	case OPT_NOW:
		if (parse_uint(arg, (unsigned long long)INT64_MAX, &v)) {
			o->now = (int64_t)v;
		} else if (!parse_rfc3339(arg, &o->now)) {
			cli_err("--now", "expected seconds since the epoch or an "
				"RFC 3339 time (2021-10-14T07:41:02Z)");
			return -1;
		}
		return 1;
	}
	return 0;
}

int
cli_lookup_finish(const kensa_options *o)
{
	const char *clash = o->replay_dir ? "--replay" :
		o->dns_server ? "--dns-server" :
		o->whois_server ? "--whois-server" :
		o->rdap_server ? "--rdap-server" :
		o->save_evidence_dir ? "--save-evidence" : NULL;
	const char *d = o->save_evidence_dir;
	struct stat st;

	if (offline_given && clash != NULL) {
		fprintf(stderr, "kensa: --offline: cannot be used with %s "
			"(--offline makes no lookup at all)\n", clash);
		return EXIT_USAGE;
	}
	if (d == NULL)
		return 0;
	if (mkdir(d, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "kensa: --save-evidence: cannot create %s: %s\n",
			d, strerror(errno));
		return EXIT_CANTCREAT;
	}
	if (stat(d, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "kensa: --save-evidence: %s: not a directory\n", d);
		return EXIT_CANTCREAT;
	}
	if (access(d, W_OK | X_OK) != 0) {
		fprintf(stderr, "kensa: --save-evidence: cannot write in %s: %s\n",
			d, strerror(errno));
		return EXIT_CANTCREAT;
	}
	return 0;
}

int
cli_lookup_blame(const kensa_options *o)
{
	static const struct {
		const char *option, *expected;
	} what[] = {
		{ "--replay", "not a readable evidence directory (zones/*.zone)" },
		{ "--dns-server", "expected IP:PORT[,IP:PORT...]" },
		{ "--whois-server", "expected HOST:PORT[,NAME=ADDR:PORT...]" },
		{ "--rdap-server", "expected an http:// or https:// URL" },
	};
	const char *val[] = { o->replay_dir, o->dns_server, o->whois_server,
		o->rdap_server };
	int named = 0;

	for (size_t i = 0; i < sizeof(what) / sizeof(what[0]); i++) {
		kensa_options po = KENSA_OPTIONS_INIT;
		kensa_analysis *a = NULL;
		int rc;

		if (val[i] == NULL)
			continue;
		po.lookups = KENSA_LOOKUPS_NETWORK;
		po.replay_dir = i == 0 ? val[i] : NULL;
		po.dns_server = i == 1 ? val[i] : NULL;
		po.whois_server = i == 2 ? val[i] : NULL;
		po.rdap_server = i == 3 ? val[i] : NULL;
		rc = kensa_analyze(&a, "", 0, &po);
		kensa_analysis_free(a);
		if (rc == KENSA_EINVAL) {
			cli_err(what[i].option, what[i].expected);
			named++;
		}
	}
	return named;
}

const char *
cli_too_large(bool mbox)
{
	static char text[160];

	snprintf(text, sizeof(text), "input too large: one message may hold "
		"at most %zu MiB%s", KENSA_MAX_MESSAGE_BYTES >> 20,
		mbox ? " (an mbox file " CLI_MBOX_MAX_TEXT ")" : "");
	return text;
}

bool
cli_domain_ok(const char *s)
{
	size_t len = strlen(s), label = 0, labels = 0;

	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0 || len > 253)
		return false;
	for (size_t i = 0; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)s[i] : '.';

		if (c == '.') {
			if (label == 0 || label > 63 || s[i - 1] == '-')
				return false;
			labels++;
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c >= 0x80))
			return false;
		if (c == '-' && label == 0)
			return false;
		label++;
	}
	return labels >= 2;
}

/* ---- output ----------------------------------------------------------- */

static void
text_lookups(const kensa_analysis *a)
{
	const kensa_lookup *l;
	size_t n = kensa_analysis_lookups(a, &l);

	printf("Lookups (%zu, %s):\n", n, kensa_analysis_lookup_mode(a));
	for (size_t i = 0; i < n; i++)
		printf("  %-5s %-40s %-9s %s  [%s, %.1f ms%s]\n", l[i].kind,
			l[i].query ? l[i].query : "-", l[i].status ? l[i].status : "-",
			l[i].answer ? l[i].answer : "-",
			l[i].server ? l[i].server : "-", l[i].duration_ms,
			l[i].cached ? ", cached" : "");
}

static void
json_lookups(const kensa_analysis *a)
{
	const kensa_lookup *l;
	size_t n = kensa_analysis_lookups(a, &l);

	fputs("\"lookup_mode\":", stdout);
	cli_json_str(stdout, kensa_analysis_lookup_mode(a));
	fputs(",\"lookups\":[", stdout);
	for (size_t i = 0; i < n; i++) {
		char tbuf[32];
		time_t t = (time_t)l[i].time;
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(tbuf, sizeof(tbuf), "%Y-%m-%dT%H:%M:%SZ", &tm);
		printf("%s{\"kind\":", i ? "," : "");
		cli_json_str(stdout, l[i].kind);
		fputs(",\"query\":", stdout);
		cli_json_str(stdout, l[i].query);
		fputs(",\"server\":", stdout);
		cli_json_str(stdout, l[i].server);
		fputs(",\"status\":", stdout);
		cli_json_str(stdout, l[i].status);
		fputs(",\"answer\":", stdout);
		cli_json_str(stdout, l[i].answer);
		printf(",\"time\":\"%s\",\"duration_ms\":%.3f,\"cached\":%s}", tbuf,
			l[i].duration_ms, l[i].cached ? "true" : "false");
	}
	fputs("]", stdout);
}

static void
text_spf(const char *label, const kensa_spf *s)
{
	printf("SPF (%s) %s: %s for %s\n", label, s->domain ? s->domain : "-",
		s->result, s->ip ? s->ip : "-");
	if (s->reason)
		printf("  reason: %s\n", s->reason);
	printf("  record: %s\n", s->record ? s->record : "(none)");
	if (s->mechanism)
		printf("  matched: %s (record of %s)\n", s->mechanism,
			s->mechanism_domain ? s->mechanism_domain : "-");
	else
		printf("  matched: (no mechanism)\n");
	printf("  DNS lookups counted: %u (void %u)\n", s->dns_lookups,
		s->void_lookups);
	printf("  path:\n");
	for (size_t i = 0; i < s->path_count; i++)
		printf("    %s\n", s->path[i]);
}

static void
json_spf(const kensa_spf *s)
{
	if (s->result == NULL) {
		fputs("null", stdout);
		return;
	}
	fputs("{\"result\":", stdout);
	cli_json_str(stdout, s->result);
	fputs(",\"reason\":", stdout);
	cli_json_str(stdout, s->reason);
	fputs(",\"domain\":", stdout);
	cli_json_str(stdout, s->domain);
	fputs(",\"ip\":", stdout);
	cli_json_str(stdout, s->ip);
	fputs(",\"record\":", stdout);
	cli_json_str(stdout, s->record);
	fputs(",\"mechanism\":", stdout);
	cli_json_str(stdout, s->mechanism);
	fputs(",\"mechanism_domain\":", stdout);
	cli_json_str(stdout, s->mechanism_domain);
	printf(",\"dns_lookups\":%u,\"void_lookups\":%u,\"path\":[",
		s->dns_lookups, s->void_lookups);
	for (size_t i = 0; i < s->path_count; i++) {
		if (i)
			fputc(',', stdout);
		cli_json_str(stdout, s->path[i]);
	}
	fputs("]}", stdout);
}

static bool
parse_format(const char *arg, bool *json)
{
	if (strcmp(arg, "json") == 0)
		*json = true;
	else if (strcmp(arg, "text") == 0)
		*json = false;
	else {
		cli_err("--format", "expected text or json");
		return false;
	}
	return true;
}

/* Common option loop; returns -1 to go on, else an exit status. */
static int
check_options(int argc, char **argv, kensa_options *o, bool *json,
	const char *usage)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		CLI_LOOKUP_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	o->lookups = KENSA_LOOKUPS_NETWORK;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":f:h", longopts, NULL)) != -1) {
		int r = cli_lookup_option(o, ch, optarg);

		if (r < 0)
			return EXIT_USAGE;
		if (r > 0)
			continue;
		switch (ch) {
		case 'f':
			if (!parse_format(optarg, json))
				return EXIT_USAGE;
			break;
		case 'h':
			fputs(usage, stdout);
			fputs(CLI_LOOKUP_HELP, stdout);
			return 0;
		case ':':
			fprintf(stderr, "kensa: option needs an argument: %s\n",
				argv[optind - 1]);
			return EXIT_USAGE;
		default:
			fprintf(stderr, "kensa: unknown option: %s\n",
				argv[optind - 1]);
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	{
		int f = cli_lookup_finish(o);
		if (f != 0)
			return f;
	}
	return -1;
}

/* Is helo a name SPF can check (RFC 7208 2.3: a domain, not an address
 * literal "[192.0.2.1]" nor a bare word)? The rule of analyze
 * (src/auth/auth.c helo_is_domain), so both say the same. */
static bool
helo_checkable(const char *helo)
{
	return helo[0] != '[' && strchr(helo, '.') != NULL &&
		cli_domain_ok(helo);
}

int
cmd_spf(int argc, char **argv)
{
	static const char usage[] =
		"usage: kensa spf [--format text|json] [LOOKUP OPTIONS] IP DOMAIN [HELO]\n"
		"Evaluate SPF (RFC 7208) for IP and DOMAIN and print the path.\n";
	kensa_options o = KENSA_OPTIONS_INIT;
	kensa_analysis *a = NULL;
	const kensa_auth *au;
	kensa_spf helo;
	const char *helo_arg;
	char *helo_reason = NULL;
	bool json = false;
	int st, rc;

	if ((st = check_options(argc, argv, &o, &json, usage)) >= 0)
		return st;
	if (argc - optind < 2 || argc - optind > 3) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	helo_arg = argc - optind == 3 ? argv[optind + 2] : NULL;
	rc = kensa_spf_check(&a, argv[optind], argv[optind + 1], helo_arg, &o);
	if (rc == KENSA_EINVAL) {
		cli_err("spf", "bad IP address, domain, or lookup option");
		return EXIT_USAGE;
	}
	if (rc < 0) {
		cli_err("spf", kensa_strerror(rc));
		return EXIT_SOFTWARE;
	}
	au = kensa_analysis_auth(a);
	helo = au->helo;
	if (helo_arg != NULL && helo.result == NULL && !helo_checkable(helo_arg)) {
		/* As analyze reports such a HELO (src/auth/auth.c). */
		helo_reason = malloc(strlen(helo_arg) + 64);
		if (helo_reason != NULL)
			sprintf(helo_reason, "the HELO name %s is not a domain "
				"name (RFC 7208 2.3)", helo_arg);
		helo.result = "none";
		helo.identity = "helo";
		helo.domain = helo_arg;
		helo.ip = au->spf.ip;
		helo.reason = helo_reason;
	}
	if (json) {
		fputs("{\"spf\":", stdout);
		json_spf(&au->spf);
		fputs(",\"helo\":", stdout);
		json_spf(&helo);
		fputc(',', stdout);
		json_lookups(a);
		fputs("}\n", stdout);
	} else {
		text_spf("MAIL FROM", &au->spf);
		if (helo.result != NULL)
			text_spf("HELO", &helo);
		text_lookups(a);
	}
	st = strcmp(au->spf.result, KENSA_NOT_EVALUATED) == 0 ||
		strcmp(au->spf.result, "temperror") == 0 ? EXIT_UNAVAILABLE : 0;
	if (kensa_analysis_lookup_problem(a) != NULL) {
		cli_err("--save-evidence", kensa_analysis_lookup_problem(a));
		if (st == 0)
			st = EXIT_CANTCREAT;
	}
	free(helo_reason);
	kensa_analysis_free(a);
	if (fflush(stdout) != 0)
		return EXIT_SOFTWARE;
	return st;
}

/* Read all of path ("-": stdin) into a malloc'd buffer. */
static char *
read_all(const char *path, size_t *len)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t cap = 65536, n = 0;
	char *buf;

	if (fp == NULL)
		return NULL;
	buf = malloc(cap);
	while (buf != NULL) {
		size_t got;
		if (n == cap) {
			char *nb;
			if (cap >= CLI_MAX_INPUT + 1) {
				free(buf);
				buf = NULL;
				errno = EFBIG;
				break;
			}
			cap *= 2;
			nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (fp != stdin)
		fclose(fp);
	*len = n;
	return buf;
}

int
cmd_dkim(int argc, char **argv)
{
	static const char usage[] =
		"usage: kensa dkim [--format text|json] [LOOKUP OPTIONS] FILE\n"
		"Verify every DKIM-Signature (RFC 6376) of the message in FILE.\n";
	kensa_options o = KENSA_OPTIONS_INIT;
	kensa_analysis *a = NULL;
	const kensa_auth *au;
	bool json = false, unavailable = false;
	size_t len = 0;
	char *data;
	int st, rc;

	if ((st = check_options(argc, argv, &o, &json, usage)) >= 0)
		return st;
	if (argc - optind != 1) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	data = read_all(argv[optind], &len);
	if (data == NULL) {
		cli_err(argv[optind], errno == EFBIG ? cli_too_large(false) :
			strerror(errno));
		return EXIT_NOINPUT;
	}
	rc = kensa_dkim_check(&a, data, len, &o);
	free(data);
	if (rc == KENSA_EINVAL) {
		cli_err("dkim", "bad lookup option");
		return EXIT_USAGE;
	}
	if (rc < 0) {
		cli_err(argv[optind], rc == KENSA_ETOOBIG ? cli_too_large(false) :
			kensa_strerror(rc));
		return rc == KENSA_ETOOBIG ? EXIT_NOINPUT : EXIT_SOFTWARE;
	}
	au = kensa_analysis_auth(a);
	if (json) {
		fputs("{\"result\":", stdout);
		cli_json_str(stdout, au->dkim_result);
		fputs(",\"signatures\":[", stdout);
	} else {
		printf("DKIM: %s (%zu signature%s)\n", au->dkim_result,
			au->dkim_count, au->dkim_count == 1 ? "" : "s");
	}
	for (size_t i = 0; i < au->dkim_count; i++) {
		const kensa_dkim *d = &au->dkim[i];

		if (strcmp(d->result, KENSA_NOT_EVALUATED) == 0 ||
		    strcmp(d->result, "temperror") == 0)
			unavailable = true;
		if (json) {
			printf("%s{\"header\":%u,\"result\":", i ? "," : "", d->header);
			cli_json_str(stdout, d->result);
			fputs(",\"reason\":", stdout);
			cli_json_str(stdout, d->reason);
			fputs(",\"domain\":", stdout);
			cli_json_str(stdout, d->domain);
			fputs(",\"selector\":", stdout);
			cli_json_str(stdout, d->selector);
			fputs(",\"algorithm\":", stdout);
			cli_json_str(stdout, d->algorithm);
			fputs(",\"canonicalization\":", stdout);
			cli_json_str(stdout, d->canonicalization);
			printf(",\"key_bits\":%u,\"weak\":%s}", d->key_bits,
				d->weak ? "true" : "false");
		} else {
			printf("  DKIM-Signature #%u: %s d=%s s=%s a=%s c=%s key %u bits%s\n"
			       "    %s\n", d->header, d->result,
				d->domain ? d->domain : "-",
				d->selector ? d->selector : "-",
				d->algorithm ? d->algorithm : "-",
				d->canonicalization ? d->canonicalization : "-",
				d->key_bits, d->weak ? " (weak)" : "", d->reason);
		}
	}
	if (json) {
		fputs("],", stdout);
		json_lookups(a);
		fputs("}\n", stdout);
	} else {
		text_lookups(a);
	}
	st = unavailable ? EXIT_UNAVAILABLE : 0;
	if (kensa_analysis_lookup_problem(a) != NULL) {
		cli_err("--save-evidence", kensa_analysis_lookup_problem(a));
		if (st == 0)
			st = EXIT_CANTCREAT;
	}
	kensa_analysis_free(a);
	if (fflush(stdout) != 0)
		return EXIT_SOFTWARE;
	return st;
}
