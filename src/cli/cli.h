/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	cli 3h
 * SUMMARY
 *	shared pieces of kensa(1): lookup options, exit codes, subcommands
 * SYNOPSIS
 *	#include "cli.h"
 * DESCRIPTION
 *	cli_lookup_option() reads one of the lookup options every command
 *	that looks things up accepts (--dns-server, --dns-timeout,
 *	--offline, --replay, --save-evidence, --whois-server, --rdap-server,
 *	--geoip-db, --now) into a kensa_options. cmd_spf() and cmd_dkim() (check.c) are
 *	the `kensa spf` and `kensa dkim` commands. Only <kensa/...> is used.
 *--*/
#ifndef KENSA_CLI_H
#define KENSA_CLI_H

#include <kensa/kensa.h>

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#define EXIT_USAGE 64    /* EX_USAGE */
#define EXIT_DATAERR 65  /* EX_DATAERR */
#define EXIT_NOINPUT 66  /* EX_NOINPUT */
#define EXIT_SOFTWARE 70 /* EX_SOFTWARE */
#define EXIT_CANTCREAT 73 /* EX_CANTCREAT */

/* The most one mbox file may hold (src/mailbox.c KN_MBOX_MAX_BYTES), for
 * the "input too large" message. */
#define CLI_MBOX_MAX_TEXT "1 GiB"

/* getopt_long values of the lookup options (outside the ASCII range). */
enum {
	OPT_DNS_SERVER = 0x100,
	OPT_DNS_TIMEOUT,
	OPT_OFFLINE,
	OPT_REPLAY,
	OPT_SAVE_EVIDENCE,
	OPT_WHOIS_SERVER,
	OPT_GEOIP_DB,
	OPT_NOW,
	OPT_RDAP_SERVER
};

/* The struct option entries of the lookup options, for longopts. */
#define CLI_LOOKUP_LONGOPTS \
	{ "dns-server", required_argument, NULL, OPT_DNS_SERVER }, \
	{ "dns-timeout", required_argument, NULL, OPT_DNS_TIMEOUT }, \
	{ "offline", no_argument, NULL, OPT_OFFLINE }, \
	{ "replay", required_argument, NULL, OPT_REPLAY }, \
	{ "save-evidence", required_argument, NULL, OPT_SAVE_EVIDENCE }, \
	{ "whois-server", required_argument, NULL, OPT_WHOIS_SERVER }, \
	{ "geoip-db", required_argument, NULL, OPT_GEOIP_DB }, \
	{ "now", required_argument, NULL, OPT_NOW }, \
	{ "rdap-server", required_argument, NULL, OPT_RDAP_SERVER }

/* Help text of the lookup options. */
#define CLI_LOOKUP_HELP \
	"Lookups (default: live, the system resolver):\n" \
	"      --dns-server IP:PORT     DNS server(s) to ask, comma-separated\n" \
	"      --dns-timeout MS         time per DNS question (default 2000)\n" \
	"      --offline                no network: lookups say not_evaluated\n" \
	"      --replay DIR             answer every lookup from an evidence\n" \
	"                               directory (zones/, whois/)\n" \
	"      --save-evidence DIR      write the answers as an evidence dir\n" \
	"      --whois-server HOST:PORT[,NAME=ADDR:PORT...]  first WHOIS\n" \
	"                               server, and where referrals go\n" \
	"      --rdap-server URL        RDAP base URL for every domain (with\n" \
	"                               --whois-server and no URL: WHOIS only)\n" \
	"      --geoip-db PATH          geolocation database (dir or .mmdb)\n" \
	"      --now SECONDS|RFC3339    evaluation time (DKIM x=, dates)\n"

/*
 * Apply lookup option ch (OPT_*) with argument arg to o. Returns 1 when
 * ch is a lookup option and was applied, 0 when ch is not one, -1 on a
 * bad argument (message printed).
 */
int cli_lookup_option(kensa_options *o, int ch, const char *arg);

/*
 * After the options: check that the lookup options go together and that
 * the --save-evidence directory can be written. --offline with --replay,
 * --dns-server, --whois-server, --rdap-server or --save-evidence is a
 * usage error (offline makes no lookup, so the others would be silently
 * ignored or would silently win). The --save-evidence directory is
 * created (its parent must exist) and must be a writable directory.
 * Returns 0, EXIT_USAGE or EXIT_CANTCREAT (message printed).
 */
int cli_lookup_finish(const kensa_options *o);

/*
 * Which of the --dns-server, --whois-server, --rdap-server values of o
 * the library refuses: print "kensa: --OPTION: expected ..." for each
 * one (probing them one at a time on an empty message). Returns the
 * number of options named.
 */
int cli_lookup_blame(const kensa_options *o);

/* Is s a domain name as --recipient-domain takes it: labels of letters,
 * digits, hyphens (or UTF-8, for IDN) separated by dots, at least two
 * labels, each 1-63 bytes, no hyphen at a label's ends, 253 bytes at
 * most; one trailing dot allowed? */
bool cli_domain_ok(const char *s);

/* "input too large: one message may hold at most 64 MiB", with the mbox
 * file cap when mbox; static storage. */
const char *cli_too_large(bool mbox);

/* Print "kensa: WHAT: MSG" on standard error. */
void cli_err(const char *what, const char *msg);

/* Write s as a JSON string (quoted, escaped) to fp; NULL writes null. */
void cli_json_str(FILE *fp, const char *s);

/* `kensa spf IP DOMAIN [HELO]` and `kensa dkim FILE`; argv[0] is the
 * command name. Return the exit status. */
int cmd_spf(int argc, char **argv);
int cmd_dkim(int argc, char **argv);

#endif
