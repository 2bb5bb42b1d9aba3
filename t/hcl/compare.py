#!/usr/bin/env python3
"""compare.py THEIRS OURS - compare hcl2json's conversion (THEIRS, lines from
hcl2json-batch.js) with hcl-dump's (OURS, one JSON line per file, same
order; "null" when the file failed) structurally: blocks, labels, attribute
names and literal values. A non-literal expression only has to be
non-literal on both sides. Prints one line per file, "same" or the first
difference, and a final "agree N/M" line.

Documented exceptions (t/hcl/EXCEPTIONS.md) are normalised here, each with
the reason: see EXPR_FOLDED below."""
import json
import math
import re
import sys

EXPR = "<expr>"


def unescape_theirs(s):
    """hcl2json prints Terraform-JSON strings: ${ and %{ start templates,
    $${ and %%{ are escapes for the literal characters."""
    if re.search(r"(?<!\$)\$\{", s.replace("$${", "")) or re.search(r"(?<!%)%\{", s.replace("%%{", "")):
        return EXPR
    return s.replace("$${", "${").replace("%%{", "%{")


def norm_theirs(v):
    if isinstance(v, str):
        return unescape_theirs(v)
    if isinstance(v, list):
        return [norm_theirs(x) for x in v]
    if isinstance(v, dict):
        return {(EXPR if unescape_theirs(k) == EXPR else unescape_theirs(k)): norm_theirs(x)
                for k, x in v.items()}
    return v


def norm_ours(v):
    if isinstance(v, dict):
        if set(v.keys()) == {"expr"} and isinstance(v["expr"], str):
            return EXPR
        return {(EXPR if k.startswith("${") else k): norm_ours(x) for k, x in v.items()}
    if isinstance(v, list):
        return [norm_ours(x) for x in v]
    return v


def diff(a, b, path):
    if isinstance(a, bool) or isinstance(b, bool):
        return None if a is b else "%s: %r vs %r" % (path, a, b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if a == b or (math.isfinite(a) and math.isfinite(b) and abs(a - b) <= 1e-9 * max(abs(a), abs(b))):
            return None
        return "%s: %r vs %r" % (path, a, b)
    if type(a) is not type(b):
        return "%s: %s vs %s" % (path, json.dumps(a)[:80], json.dumps(b)[:80])
    if isinstance(a, dict):
        if set(a) != set(b):
            return "%s: keys %s vs %s" % (path, sorted(set(a) - set(b))[:5], sorted(set(b) - set(a))[:5])
        for k in sorted(a):
            d = diff(a[k], b[k], path + "." + k)
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: %d vs %d items" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = diff(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %r vs %r" % (path, a, b)


theirs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
ours = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
agree = 0
for t, o in zip(theirs, ours):
    if not t["ok"] and o is None:
        res = None  # both refuse the file
    elif not t["ok"]:
        res = "hcl2json refuses it (%s), we do not" % t["error"].splitlines()[0][:120]
    elif o is None:
        res = "we refuse it, hcl2json does not"
    else:
        res = diff(norm_theirs(t["json"]), norm_ours(o), "")
    if res is None:
        agree += 1
        print("same %s" % t["file"])
    else:
        print("DIFF %s %s" % (t["file"], res))
print("agree %d/%d" % (agree, len(theirs)))
