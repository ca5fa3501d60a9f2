/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	kensa 1
 * SUMMARY
 *	command-line front end of the kensa e-mail forensic analyzer
 * SYNOPSIS
 *	kensa analyze [--format text|json] [--lang ja|en]
 *		[--color auto|always|never] [--trusted-networks CIDR,...]
 *		[--recipient-domain DOMAIN] [LOOKUP OPTIONS] [PATH|-]...
 *	kensa spf [--format text|json] [LOOKUP OPTIONS] IP DOMAIN [HELO]
 *	kensa dkim [--format text|json] [LOOKUP OPTIONS] FILE
 *	kensa --help | --version
 * DESCRIPTION
 *	Each PATH is a message file, an mbox or a Maildir ("-" or no PATH:
 *	standard input); every message in it is analyzed and reported on
 *	standard output. Text reports of several messages are separated by
 *	a rule line; JSON reports are one line each (JSON Lines).
 *	The language defaults from LC_ALL, then LC_MESSAGES, then LANG (the
 *	first one set and non-empty): a value starting with "ja" selects
 *	Japanese. Colour "auto" means: standard output is a terminal, TERM
 *	is not "dumb" and NO_COLOR is unset or empty (no-color.org).
 *	Lookups (DNS, WHOIS) are live with the system resolver unless
 *	--offline, --replay DIR or --dns-server say otherwise (cli.h).
 *	Uses only the public API (<kensa/kensa.h>). See docs/kensa.1.
 * DIAGNOSTICS
 *	"kensa: PATH: message" on standard error. Exit status (sysexits.h):
 *	0 every input analyzed, 64 usage error, 65 an input was empty (no
 *	report for it), 66 an input was missing, unreadable or too large
 *	(the others are still analyzed), 70 internal error, 73 the
 *	--save-evidence directory could not be created or written. When
 *	several apply, the first of 70, 66, 73, 65 wins.
 *--*/
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The rule line between text reports. */
#define RULE_LINE \
	"------------------------------------------------------------------------\n"

typedef struct cli {
	kensa_options aopts;
	kensa_report_options ropts;
	int color_mode; /* 0 auto, 1 always, 2 never */
	unsigned reported;
	bool input_failed; /* missing, unreadable, too large: 66 */
	bool input_empty;  /* an input with nothing but blanks: 65 */
	bool save_failed;  /* the evidence could not be saved: 73 */
} cli;

static void
usage(FILE *fp)
{
	fputs("usage: kensa analyze [OPTIONS] [PATH|-]...\n"
	      "       kensa spf [OPTIONS] IP DOMAIN [HELO]\n"
	      "       kensa dkim [OPTIONS] FILE\n"
	      "       kensa --help | --version\n"
	      "\n"
	      "Analyze e-mail messages (a file, an mbox, a Maildir, or - for\n"
	      "standard input) and report the evidence: key headers, the\n"
	      "Received route and the originating IP, findings and defects.\n"
	      "\n"
	      "Options of analyze:\n"
	      "  -f, --format text|json        report format (default text;\n"
	      "                                json: one object per line)\n"
	      "  -l, --lang ja|en              report language (default from\n"
	      "                                LC_ALL, LC_MESSAGES, LANG)\n"
	      "  -c, --color auto|always|never ANSI colour in text reports\n"
	      "  -t, --trusted-networks CIDR,...  networks of the receiving\n"
	      "                                side (their hops are internal)\n"
	      "  -r, --recipient-domain DOMAIN the analysed organisation's\n"
	      "                                domain\n"
	      "      --config FILE             verdict weights and thresholds\n"
	      "                                (docs/verdict-config.md)\n"
	      "  -h, --help                    this help\n"
	      "  -V, --version                 the version\n"
	      "\n" CLI_LOOKUP_HELP
	      "\n"
	      "Exit status: 0 analyzed, 64 usage error, 65 an input was empty,\n"
	      "66 input missing, unreadable or too large, 70 internal error,\n"
	      "73 evidence directory not writable. See kensa(1).\n", fp);
}

static void
version(void)
{
	printf("kensa %s\n", kensa_version());
}

static void
err(const char *path, const char *msg)
{
	fprintf(stderr, "kensa: %s: %s\n", path, msg);
}

static kensa_lang
lang_from_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v != NULL && v[0] != '\0')
			return strncmp(v, "ja", 2) == 0 ? KENSA_LANG_JA :
							 KENSA_LANG_EN;
	}
	return KENSA_LANG_EN;
}

static bool
color_auto(void)
{
	const char *term = getenv("TERM");
	const char *no = getenv("NO_COLOR");

	if (!isatty(STDOUT_FILENO))
		return false;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return false;
	return no == NULL || no[0] == '\0';
}

/*
 * Write len bytes of s to stdout; false on a write error. A reader that
 * went away (`kensa analyze mbox | head`) is not an error: stop quietly
 * with status 0, as cat(1) and grep(1) do.
 */
static bool
emit(const char *s, size_t len)
{
	if (fwrite(s, 1, len, stdout) == len)
		return true;
	if (errno == EPIPE)
		exit(EXIT_SUCCESS);
	return false;
}

/* Did the analysis find the input empty (finding message-empty)? */
static bool
input_is_empty(const kensa_analysis *a)
{
	const kensa_finding *f;
	size_t n = kensa_analysis_findings(a, &f);

	for (size_t i = 0; i < n; i++)
		if (f[i].id != NULL && strcmp(f[i].id, "message-empty") == 0)
			return true;
	return false;
}

/*
 * Analyze and report one message. Returns 0 or an exit status. An empty
 * input (no byte but blanks) is not a message: no report, whose verdict
 * would judge nothing, but "kensa: LABEL: empty input ..." and status 65
 * at the end (docs/errors.md).
 */
static int
analyze_one(cli *c, const char *data, size_t len, const char *label)
{
	kensa_analysis *a = NULL;
	char *report = NULL;
	size_t rlen = 0;
	int rc;

	rc = kensa_analyze(&a, data, len, &c->aopts);
	if (rc == KENSA_ETOOBIG) {
		err(label, cli_too_large(false));
		c->input_failed = true;
		return 0;
	}
	if (rc < 0) {
		err(label, kensa_strerror(rc));
		return EXIT_SOFTWARE;
	}
	if (kensa_analysis_lookup_problem(a) != NULL) {
		err(label, kensa_analysis_lookup_problem(a));
		c->save_failed = true;
	}
	if (input_is_empty(a)) {
		char msg[128];
		snprintf(msg, sizeof(msg), "empty input (%zu byte%s%s): not an "
			"e-mail message, nothing to analyze", len,
			len == 1 ? "" : "s", len > 0 ? ", all blank" : "");
		err(label, msg);
		c->input_empty = true;
		kensa_analysis_free(a);
		return 0;
	}
	c->ropts.source = label;
	rc = kensa_report_render(&report, &rlen, a, &c->ropts);
	kensa_analysis_free(a);
	if (rc < 0) {
		err(label, kensa_strerror(rc));
		return EXIT_SOFTWARE;
	}
	if (c->ropts.format == KENSA_REPORT_TEXT && c->reported > 0 &&
	    !emit(RULE_LINE, strlen(RULE_LINE))) {
		free(report);
		return EXIT_SOFTWARE;
	}
	if (!emit(report, rlen)) {
		free(report);
		err("stdout", "write error");
		return EXIT_SOFTWARE;
	}
	free(report);
	c->reported++;
	return 0;
}

/* Analyze every message of path. Returns 0 or an exit status. */
static int
analyze_path(cli *c, const char *path)
{
	kensa_mailbox *mb = NULL;
	int rc = kensa_mailbox_open(&mb, path);

	if (rc == KENSA_ENOMEM) {
		err(path, kensa_strerror(rc));
		return EXIT_SOFTWARE;
	}
	if (rc < 0) {
		err(path, rc == KENSA_ETOOBIG ?
			cli_too_large(strcmp(path, "-") != 0) :
			kensa_strerror(rc));
		c->input_failed = true;
		return 0;
	}
	for (;;) {
		const char *data = NULL, *label = NULL;
		size_t len = 0;
		int st;

		rc = kensa_mailbox_next(mb, &data, &len, &label);
		if (rc == 0)
			break;
		if (rc == KENSA_ENOMEM) {
			err(label ? label : path, kensa_strerror(rc));
			kensa_mailbox_free(mb);
			return EXIT_SOFTWARE;
		}
		if (rc < 0) {
			/* This message is skipped; the next one is tried. */
			err(label ? label : path, rc == KENSA_ETOOBIG ?
				cli_too_large(false) : kensa_strerror(rc));
			c->input_failed = true;
			continue;
		}
		st = analyze_one(c, data, len, label ? label : path);
		if (st != 0) {
			kensa_mailbox_free(mb);
			return st;
		}
	}
	kensa_mailbox_free(mb);
	return 0;
}

/* Long-only option of analyze (above the lookup options' values). */
#define OPT_CONFIG 0x200

static int
cmd_analyze(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "color", required_argument, NULL, 'c' },
		{ "colour", required_argument, NULL, 'c' },
		{ "trusted-networks", required_argument, NULL, 't' },
		{ "recipient-domain", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "config", required_argument, NULL, OPT_CONFIG },
		CLI_LOOKUP_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	cli c = { .aopts = KENSA_OPTIONS_INIT,
		  .ropts = KENSA_REPORT_OPTIONS_INIT };
	int ch, st = 0;
	const char *config_path = NULL;
	kensa_config *config = NULL;

	/* kensa(1) looks things up live unless told otherwise. */
	c.aopts.lookups = KENSA_LOOKUPS_NETWORK;

	c.ropts.lang = lang_from_env();
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":f:l:c:t:r:hV", longopts,
		NULL)) != -1) {
		int lr = cli_lookup_option(&c.aopts, ch, optarg);

		if (lr < 0)
			return EXIT_USAGE;
		if (lr > 0)
			continue;
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				c.ropts.format = KENSA_REPORT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				c.ropts.format = KENSA_REPORT_JSON;
			else {
				err("--format", "expected text or json");
				return EXIT_USAGE;
			}
			break;
		case 'l':
			if (strcmp(optarg, "ja") == 0)
				c.ropts.lang = KENSA_LANG_JA;
			else if (strcmp(optarg, "en") == 0)
				c.ropts.lang = KENSA_LANG_EN;
			else {
				err("--lang", "expected ja or en");
				return EXIT_USAGE;
			}
			break;
		case 'c':
			if (strcmp(optarg, "auto") == 0)
				c.color_mode = 0;
			else if (strcmp(optarg, "always") == 0)
				c.color_mode = 1;
			else if (strcmp(optarg, "never") == 0)
				c.color_mode = 2;
			else {
				err("--color", "expected auto, always or never");
				return EXIT_USAGE;
			}
			break;
		case 't':
			c.aopts.trusted_networks = optarg;
			break;
		case 'r':
			if (!cli_domain_ok(optarg)) {
				fprintf(stderr, "kensa: --recipient-domain: not a "
					"domain name: \"%s\" (expected e.g. "
					"example.co.jp)\n", optarg);
				return EXIT_USAGE;
			}
			c.aopts.recipient_domain = optarg;
			break;
		case OPT_CONFIG:
			config_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			version();
			return 0;
		case ':':
			fprintf(stderr, "kensa: option needs an argument: %s\n",
				argv[optind - 1]);
			usage(stderr);
			return EXIT_USAGE;
		default:
			fprintf(stderr, "kensa: unknown option: %s\n",
				argv[optind - 1]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	c.ropts.color = c.color_mode == 1 || (c.color_mode == 0 && color_auto());
	if ((st = cli_lookup_finish(&c.aopts)) != 0)
		return st;

	/* A bad --trusted-networks list or lookup option is a usage error:
	 * try the options once on an empty message before reading input. */
	if (c.aopts.trusted_networks != NULL || c.aopts.replay_dir != NULL ||
	    c.aopts.dns_server != NULL || c.aopts.whois_server != NULL ||
	    c.aopts.rdap_server != NULL) {
		kensa_analysis *probe = NULL;
		kensa_options po = c.aopts;
		int rc;

		po.save_evidence_dir = NULL;
		rc = kensa_analyze(&probe, "", 0, &po);
		kensa_analysis_free(probe);
		if (rc == KENSA_EINVAL) {
			if (c.aopts.trusted_networks != NULL) {
				po = c.aopts;
				po.replay_dir = NULL;
				po.dns_server = NULL;
				po.whois_server = NULL;
				po.rdap_server = NULL;
				po.lookups = KENSA_LOOKUPS_OFFLINE;
				po.save_evidence_dir = NULL;
				rc = kensa_analyze(&probe, "", 0, &po);
				kensa_analysis_free(probe);
				if (rc == KENSA_EINVAL) {
					err("--trusted-networks",
						"expected CIDR[,CIDR...]");
					return EXIT_USAGE;
				}
			}
			if (cli_lookup_blame(&c.aopts) == 0)
				err("lookup options", "refused by the library "
					"(see kensa(1))");
			return EXIT_USAGE;
		}
	}

	if (config_path != NULL) {
		char cerr[512];
		int rc = kensa_config_load(&config, config_path, cerr,
			sizeof(cerr));

		if (rc < 0) {
			fprintf(stderr, "kensa: --config: %s\n",
				cerr[0] ? cerr : kensa_strerror(rc));
			return rc == KENSA_EINVAL ? EXIT_USAGE : EXIT_NOINPUT;
		}
		c.aopts.config = config;
	}
	if (optind >= argc)
		st = analyze_path(&c, "-");
	for (int i = optind; st == 0 && i < argc; i++)
		st = analyze_path(&c, argv[i]);
	if (fflush(stdout) != 0 && st == 0) {
		if (errno == EPIPE)
			return EXIT_SUCCESS;
		err("stdout", "write error");
		st = EXIT_SOFTWARE;
	}
	kensa_config_free(config);
	if (st != 0)
		return st;
	if (c.input_failed)
		return EXIT_NOINPUT;
	if (c.save_failed)
		return EXIT_CANTCREAT;
	return c.input_empty ? EXIT_DATAERR : 0;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		version();
		return 0;
	}
	if (strcmp(argv[1], "analyze") == 0)
		return cmd_analyze(argc - 1, argv + 1);
	if (strcmp(argv[1], "spf") == 0)
		return cmd_spf(argc - 1, argv + 1);
	if (strcmp(argv[1], "dkim") == 0)
		return cmd_dkim(argc - 1, argv + 1);
	fprintf(stderr, "kensa: unknown command: %s\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
