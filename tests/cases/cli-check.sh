#!/bin/sh
# SPDX-License-Identifier: MIT
# cli-check.sh - run kensa(1) and check its exit status and output.
#
# usage: cli-check.sh RC [--lines N] [--contains TEXT] [--stderr TEXT]
#                        [--stdin FILE] [--env NAME=VALUE] -- COMMAND...
#   RC          the exit status COMMAND must return
#   --lines N   standard output must have exactly N lines
#   --contains  standard output must contain TEXT (fixed string)
#   --lacks     standard output must not contain TEXT
#   --stderr    standard error must contain TEXT
#   --stderr-lacks  standard error must not contain TEXT
#   --stdin     feed FILE on standard input (default /dev/null)
#   --env       set NAME=VALUE for COMMAND (repeatable)
# Exit 0 when every check holds, 1 otherwise (with the reason).
set -u
want_rc=$1; shift
lines=""; stdin=/dev/null; envs=""
contains_file=$(mktemp); lacks_file=$(mktemp); stderr_want=$(mktemp)
stderr_lacks=$(mktemp); out=$(mktemp); err=$(mktemp)
trap 'rm -f "$contains_file" "$lacks_file" "$stderr_want" "$stderr_lacks" "$out" "$err"' EXIT
while [ $# -gt 0 ]; do
	case $1 in
	--lines) lines=$2; shift 2 ;;
	--contains) printf '%s\n' "$2" >>"$contains_file"; shift 2 ;;
	--lacks) printf '%s\n' "$2" >>"$lacks_file"; shift 2 ;;
	--stderr) printf '%s\n' "$2" >>"$stderr_want"; shift 2 ;;
	--stderr-lacks) printf '%s\n' "$2" >>"$stderr_lacks"; shift 2 ;;
	--stdin) stdin=$2; shift 2 ;;
	--env) envs="$envs $2"; shift 2 ;;
	--) shift; break ;;
	*) echo "cli-check: bad argument $1" >&2; exit 2 ;;
	esac
done
# shellcheck disable=SC2086
env -u LC_ALL -u LC_MESSAGES -u LANG $envs "$@" <"$stdin" >"$out" 2>"$err"
rc=$?
fail=0
if [ "$rc" -ne "$want_rc" ]; then
	echo "exit status $rc, expected $want_rc" >&2; fail=1
fi
if [ -n "$lines" ]; then
	n=$(wc -l <"$out" | tr -d ' ')
	if [ "$n" -ne "$lines" ]; then
		echo "$n output lines, expected $lines" >&2; fail=1
	fi
fi
while IFS= read -r t; do
	grep -qF -- "$t" "$out" || { echo "output lacks: $t" >&2; fail=1; }
done <"$contains_file"
while IFS= read -r t; do
	grep -qF -- "$t" "$out" && { echo "output has: $t" >&2; fail=1; }
done <"$lacks_file"
while IFS= read -r t; do
	grep -qF -- "$t" "$err" || { echo "stderr lacks: $t" >&2; fail=1; }
done <"$stderr_want"
while IFS= read -r t; do
	grep -qF -- "$t" "$err" && { echo "stderr has: $t" >&2; fail=1; }
done <"$stderr_lacks"
if [ "$fail" -ne 0 ]; then
	echo "--- stdout (first 40 lines)" >&2; head -40 "$out" >&2
	echo "--- stderr" >&2; cat "$err" >&2
fi
exit "$fail"
