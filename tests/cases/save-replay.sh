#!/bin/sh
# SPDX-License-Identifier: MIT
# save-replay.sh - evidence saved from a --replay replays to the same
# report: the verdict score and the finding and defect ids (in order)
# must be equal, and the WHOIS answers must have been saved.
#
# usage: save-replay.sh KENSA EVIDENCE_DIR
#   EVIDENCE_DIR holds message.eml, zones/ and whois/ (examples/seed-kagoya).
set -u
kensa=$1; seed=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
"$kensa" analyze -f json --replay "$seed" --save-evidence "$tmp/ev" \
	"$seed/message.eml" >"$tmp/first.json" || { echo "first run failed" >&2; exit 1; }
"$kensa" analyze -f json --replay "$tmp/ev" \
	"$seed/message.eml" >"$tmp/second.json" || { echo "replay of the saved dir failed" >&2; exit 1; }
for f in first second; do
	grep -o '"score":[0-9]*' "$tmp/$f.json" | head -1 >"$tmp/$f.ids"
	grep -o '"id":"[a-z0-9-]*"' "$tmp/$f.json" >>"$tmp/$f.ids"
done
if ! cmp -s "$tmp/first.ids" "$tmp/second.ids"; then
	echo "the saved evidence replays to another report:" >&2
	diff "$tmp/first.ids" "$tmp/second.ids" >&2
	fail=1
fi
grep -q '"id":"domain-young"' "$tmp/second.ids" ||
	{ echo "domain-young lost (WHOIS not saved?)" >&2; fail=1; }
ls "$tmp/ev/whois/"*.txt >/dev/null 2>&1 ||
	{ echo "no whois/ in the saved evidence" >&2; fail=1; }
[ -d "$tmp/ev/zones" ] || { echo "no zones/ in the saved evidence" >&2; fail=1; }
exit "$fail"
