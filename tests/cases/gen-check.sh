#!/bin/sh
# SPDX-License-Identifier: MIT
# gen-check.sh - write a generated test input, then run cli-check.sh.
#
# usage: gen-check.sh KIND -- RC [cli-check options] -- COMMAND...
#   Every "@INPUT@" in the arguments after the first "--" becomes the
#   path of the generated input, every "@DIR@" a fresh empty directory
#   path (not created). Both are removed afterwards.
# KIND:
#   empty            a 0-byte file
#   blank            two empty lines only
#   big              KENSA_MAX_MESSAGE_BYTES + 1 bytes (64 MiB + 1)
#   rfc822-nest      1000 levels of message/rfc822 inside message/rfc822
#   received-flood   4100 Received fields, then From, Subject, To, Date
#   from-space       one message whose first line is "From : x" (the
#                    obsolete space before the colon, as phishing_pot
#                    sample-400.eml)
#   mbox-from-space  an mbox of two messages, the first with "From : x"
# Inputs are made here, at test time, so none is kept in the tree.
set -u
kind=$1; shift
[ "$1" = "--" ] || { echo "gen-check: expected --" >&2; exit 2; }
shift
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
in=$tmp/input.eml
case $kind in
empty) : >"$in" ;;
blank) printf '\n\n' >"$in" ;;
big) head -c 67108865 /dev/zero >"$in" ;;
rfc822-nest)
	awk 'BEGIN {
		for (i = 0; i < 1000; i++)
			printf "From: a%d@example.com\nSubject: n%d\nMIME-Version: 1.0\nContent-Type: message/rfc822\n\n", i, i
		printf "From: z@example.com\nSubject: inner\n\nbody\n"
	}' >"$in" ;;
received-flood)
	awk 'BEGIN {
		for (i = 0; i < 4100; i++)
			printf "Received: from h%d.example.net (h%d.example.net [198.51.100.%d]) by mx.example.com with ESMTP; Mon, 1 Jan 2024 00:00:00 +0000\n", i, i, i % 250
		printf "From: PayPal <service@paypal.com>\nSubject: verify your account\nTo: victim@example.org\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nbody\n"
	}' >"$in" ;;
from-space)
	printf 'From : x@example.com\r\nTo: y@example.org\r\nSubject: t\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\nMessage-ID: <a@example.com>\r\n\r\nbody\r\n' >"$in" ;;
mbox-from-space)
	printf 'From x@example.com Mon Jan  1 00:00:00 2024\nFrom : x@example.com\nSubject: one\n\nbody 1\n\nFrom y@example.com Mon Jan  1 00:00:01 2024\nFrom: y@example.com\nSubject: two\n\nbody 2\n' >"$in" ;;
*) echo "gen-check: unknown kind $kind" >&2; exit 2 ;;
esac
n=$#; i=0
while [ "$i" -lt "$n" ]; do
	a=$1; shift
	case $a in
	*@INPUT@*|*@DIR@*)
		a=$(printf '%s\n' "$a" | sed -e "s|@INPUT@|$in|g" -e "s|@DIR@|$tmp/dir|g") ;;
	esac
	set -- "$@" "$a"
	i=$((i + 1))
done
sh "$(dirname "$0")/cli-check.sh" "$@"
