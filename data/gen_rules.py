#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen_rules.py - compile data/rules/*.rules into C (build time only).

usage: gen_rules.py OUT_DIR VERDICT.conf FILE.rules...

Writes OUT_DIR/kn_rules_table.inc (the initialisers of kn_rule_table[],
src/verdict/rules.c), OUT_DIR/kn_rule_ids.h (one KN_RULE_ID_<stage>_<id>
enumerator per rule, for the KN_RULE() macro of src/verdict/rules.h) and
OUT_DIR/kn_verdict_conf.inc (the default thresholds as one C string; the
library parses them as it parses an administrator's config).
The file format is described in data/rules/README.md. Any error stops the
build with FILE:LINE: reason.
"""
import os
import re
import sys

KEYS = ("rule", "variant", "severity", "category", "signal", "weight",
        "title.en", "title.ja", "detail.en", "detail.ja")
REQUIRED = ("severity", "category", "weight", "title.en", "title.ja",
            "detail.en", "detail.ja")
SEVERITIES = {"info": "KENSA_SEV_INFO", "low": "KENSA_SEV_LOW",
              "medium": "KENSA_SEV_MEDIUM", "high": "KENSA_SEV_HIGH"}
CATEGORIES = {"phishing": "KN_CAT_PHISHING", "spam": "KN_CAT_SPAM",
              "malformed": "KN_CAT_MALFORMED", "info": "KN_CAT_INFO"}
SIGNALS = {"deception": "KN_SIG_DECEPTION", "lure": "KN_SIG_LURE",
           "bulk": "KN_SIG_BULK"}
ID_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
WEIGHT_MAX = 100


class RuleError(Exception):
    pass


def fail(path, line, msg):
    raise RuleError("%s:%d: %s" % (path, line, msg))


def check_template(path, line, key, text):
    i = 0
    while i < len(text):
        c = text[i]
        if c == "{":
            if not re.match(r"\{[1-9]\}", text[i:i + 3]):
                fail(path, line, "%s: '{' must start a {1}..{9} argument" % key)
            i += 3
            continue
        if c == "}":
            fail(path, line, "%s: stray '}'" % key)
        if ord(c) < 0x20:
            fail(path, line, "%s: control character U+%04X" % (key, ord(c)))
        i += 1


def parse(path, stage):
    rules = []
    cur = None
    last_key = None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for n, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if line.strip() == "" or line.startswith("#"):
            last_key = None if line.strip() == "" else last_key
            continue
        if line[0] in " \t":
            if cur is None or last_key is None:
                fail(path, n, "continuation line without a key above it")
            sep = "" if last_key.endswith(".ja") else " "
            cur[last_key] += sep + line.strip()
            continue
        m = re.match(r"([a-z.]+):[ \t]*(.*)\Z", line)
        if m is None:
            fail(path, n, "want 'key: value'")
        key, value = m.group(1), m.group(2).strip()
        if key not in KEYS:
            fail(path, n, "unknown key '%s'" % key)
        if key == "rule":
            cur = {"rule": value, "_line": n, "_path": path, "stage": stage}
            rules.append(cur)
        elif cur is None:
            fail(path, n, "'%s' before the first 'rule:'" % key)
        elif key in cur:
            fail(path, n, "'%s' given twice" % key)
        else:
            cur[key] = value
        last_key = key
    for r in rules:
        n = r["_line"]
        for k in REQUIRED:
            if not r.get(k):
                fail(path, n, "rule %s: missing or empty '%s'" % (r["rule"], k))
        if not ID_RE.match(r["rule"]):
            fail(path, n, "rule id '%s' is not kebab-case" % r["rule"])
        if "variant" in r and not ID_RE.match(r["variant"]):
            fail(path, n, "variant '%s' is not kebab-case" % r["variant"])
        if r["severity"] not in SEVERITIES:
            fail(path, n, "severity must be one of %s" % ", ".join(SEVERITIES))
        if r["category"] not in CATEGORIES:
            fail(path, n, "category must be one of %s" % ", ".join(CATEGORIES))
        for s in r.get("signal", "").split():
            if s not in SIGNALS:
                fail(path, n, "signal must be among %s" % ", ".join(SIGNALS))
        if not re.match(r"[0-9]{1,3}\Z", r["weight"]) or int(r["weight"]) > WEIGHT_MAX:
            fail(path, n, "weight must be 0..%d" % WEIGHT_MAX)
        if (r["severity"] == "info" or r["category"] == "info") and int(r["weight"]) != 0:
            fail(path, n, "an info rule weighs 0")
        for k in ("title.en", "title.ja", "detail.en", "detail.ja"):
            check_template(path, n, k, r[k])
    return rules


def c_string(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch in '"\\?':
            out.append("\\" + ch)
        elif o < 0x20 or o == 0x7f:
            out.append("\\%03o" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def c_name(s):
    return s.replace("-", "_")


def main(argv):
    if len(argv) < 4:
        sys.stderr.write("usage: gen_rules.py OUT_DIR VERDICT.conf FILE.rules...\n")
        return 2
    out_dir, conf, files = argv[1], argv[2], sorted(argv[3:])
    rules = []
    try:
        for path in files:
            stage = os.path.basename(path)
            if not stage.endswith(".rules"):
                raise RuleError("%s: not a .rules file" % path)
            rules += parse(path, stage[:-len(".rules")])
        seen = {}
        for r in rules:
            key = (r["rule"], r.get("variant"))
            sev = (r["rule"], r["severity"])
            if key in seen:
                fail(r["_path"], r["_line"], "rule %s%s defined twice (first at %s)" %
                     (r["rule"], "/" + r["variant"] if "variant" in r else "", seen[key]))
            if sev in seen:
                fail(r["_path"], r["_line"], "two variants of %s with severity %s" %
                     (r["rule"], r["severity"]))
            seen[key] = seen[sev] = "%s:%d" % (r["_path"], r["_line"])
        with open(conf, encoding="utf-8") as f:
            conf_text = f.read()
    except (RuleError, UnicodeDecodeError, OSError) as e:
        sys.stderr.write("gen_rules.py: %s\n" % e)
        return 1
    os.makedirs(out_dir, exist_ok=True)
    table = ["/* Generated from data/rules/ (*.rules) by data/gen_rules.py. */\n"]
    ids = ["/* Generated from data/rules/ (*.rules) by data/gen_rules.py. */\n",
           "#ifndef KN_RULE_IDS_H\n#define KN_RULE_IDS_H\n",
           "enum kn_rule_index {\n"]
    for r in rules:
        sig = " | ".join(SIGNALS[s] for s in r.get("signal", "").split()) or "0"
        table.append(
            "{ { %s, %s, %s,\n    { %s,\n      %s },\n    { %s,\n      %s } },\n"
            "  %s, %s, %s, %s },\n" % (
                c_string(r["rule"]), c_string(r["stage"]), SEVERITIES[r["severity"]],
                c_string(r["title.en"]), c_string(r["title.ja"]),
                c_string(r["detail.en"]), c_string(r["detail.ja"]),
                c_string(r["variant"]) if "variant" in r else "NULL",
                int(r["weight"]), CATEGORIES[r["category"]], sig))
        name = "KN_RULE_ID_%s_%s" % (c_name(r["stage"]), c_name(r["rule"]))
        if "variant" in r:
            name += "__" + c_name(r["variant"])
        ids.append("\t%s,\n" % name)
    ids.append("\tKN_RULE_ID_COUNT\n};\n#endif\n")
    conf_inc = ["/* Generated from data/verdict.conf by data/gen_rules.py. */\n"]
    for line in conf_text.splitlines(True):
        conf_inc.append(c_string(line) + "\n")
    if len(conf_inc) == 1:
        conf_inc.append('""\n')
    for name, text in (("kn_rules_table.inc", table), ("kn_rule_ids.h", ids),
                       ("kn_verdict_conf.inc", conf_inc)):
        path = os.path.join(out_dir, name)
        data = "".join(text)
        try:
            with open(path, encoding="utf-8") as f:
                if f.read() == data:
                    continue  # unchanged: keep the timestamp
        except OSError:
            pass
        with open(path, "w", encoding="utf-8") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
