#!/usr/bin/env bash
# explain-render.t - every text tfauth prints without a concrete finding is
# complete: `tfauth explain ID` for every catalogue entry (text and JSON),
# `tfauth explain CATEGORY` for every failure category with its cause list,
# `tfauth explain --doctor` on one labelled input per category, and the
# SARIF rule help. Fails on an unfilled {{placeholder}}, a <name> hole
# (a hole the user fills names what goes there in words: <account id>), a
# '?' standing for an unknown value, a cause id that `tfauth explain`
# rejects, a GENERIC_FIX for an id that does not exist, and on "special
# characters in the secret" ranked as a cause of SignatureDoesNotMatch.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tfauth=${TFAUTH:-$here/../build/tfauth}
command -v python3 >/dev/null || { echo "1..1"; echo "not ok 1 - python3 is needed (scripts/deps/test-base.apt)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/work"
exec python3 - "$tfauth" "$here/.." "$tmp" <<'PY'
import json, os, re, subprocess, sys
tfauth, root, tmp = sys.argv[1:4]
home, work = os.path.join(tmp, "home"), os.path.join(tmp, "work")

def run(*args, stdin=None):
    p = subprocess.run(["env", "-i", "HOME=" + home, "PATH=/usr/bin:/bin", tfauth] + list(args),
                       capture_output=True, cwd=work, stdin=stdin)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")

PLACEHOLDER = re.compile(r"\{\{[a-z0-9_]+\}\}")
HOLE = re.compile(r"<[A-Za-z0-9_]+>")
UNKNOWN = re.compile(r"'\?'|\"\?\"|\(\?\)")

def leftovers(text):
    bad = []
    for rx, what in ((PLACEHOLDER, "placeholder"), (HOLE, "hole"), (UNKNOWN, "'?'")):
        bad += [f"{what} {m.group(0)}" for m in rx.finditer(text)]
    return bad

tests = []
def check(ok, name, detail=()):
    tests.append((ok, name, list(detail)))

# catalogue ids: explain --list, and the .def files agree
rc, out, _ = run("explain", "--list")
ids = [l.split()[0] for l in out.splitlines() if l.strip()]
defs = ""
for f in sorted(os.listdir(os.path.join(root, "src/core/findings"))):
    if f.endswith(".def") and f != "generic.def":
        defs += open(os.path.join(root, "src/core/findings", f), encoding="utf-8").read()
def_ids = re.findall(r'FINDING\(\s*F_[A-Z0-9_]+,\s*"([a-z0-9-]+)"', defs)
check(rc == 0 and len(ids) > 100 and sorted(ids) == sorted(def_ids),
      f"explain --list names every catalogue entry ({len(ids)} ids, {len(def_ids)} in the .def files)",
      sorted(set(ids) ^ set(def_ids)))
known = set(ids)

# every entry, text and JSON
bad = []
for i in ids:
    rc, out, err = run("explain", i)
    if rc != 0 or not out.startswith(i + " "):
        bad.append(f"{i}: exit {rc} {err.strip()[:100]}")
        continue
    fix = out.split("\nfix: ", 1)[1] if "\nfix: " in out else ""
    if not fix.strip():
        bad.append(f"{i}: no fix")
    bad += [f"{i}: {b}" for b in leftovers(out)]
check(not bad, "explain ID prints a complete text for every entry", bad)

bad = []
for i in ids:
    rc, out, _ = run("explain", "-f", "json", i)
    try:
        j = json.loads(out)
    except ValueError as e:
        bad.append(f"{i}: {e}")
        continue
    for k in ("title", "explanation", "fix"):
        if not j.get(k):
            bad.append(f"{i}: empty {k}")
        bad += [f"{i} {k}: {b}" for b in leftovers(j.get(k) or "")]
check(not bad, "explain -f json ID: title, explanation and fix complete for every entry", bad)

# generic.def names only ids that exist, each once
gen = open(os.path.join(root, "src/core/findings/generic.def"), encoding="utf-8").read()
gids = re.findall(r'GENERIC_FIX\("([^"]+)"', gen)
bad = [g for g in gids if g not in known] + sorted({g for g in gids if gids.count(g) > 1})
check(not bad, f"generic.def's {len(gids)} whole fixes name existing ids, each once", bad)

# categories and their cause lists
cat_src = open(os.path.join(root, "src/explain/signatures.c"), encoding="utf-8").read()
cats = re.findall(r'^\t\t\{"([a-z0-9_]+)",$', cat_src, re.M)
bad, causes = [], {}
for c in cats:
    rc, out, err = run("explain", "-f", "json", c)
    try:
        j = json.loads(out)
    except ValueError as e:
        bad.append(f"{c}: exit {rc}: {e} {err.strip()[:100]}")
        continue
    causes[c] = j.get("likely_causes", [])
    for k in ("title", "explanation", "fix"):
        bad += [f"{c} {k}: {b}" for b in leftovers(j.get(k) or "")]
    rc, out, _ = run("explain", c)
    bad += [f"{c} (text): {b}" for b in leftovers(out)]
    for i in causes[c]:
        if i not in known:
            bad.append(f"{c}: cause '{i}' is no finding id")
        else:
            rc, out, err = run("explain", i)
            if rc != 0:
                bad.append(f"{c}: tfauth explain {i} exits {rc}: {err.strip()[:100]}")
check(len(cats) >= 10 and not bad,
      f"explain CATEGORY: {len(cats)} categories complete, every cause an id explain knows", bad)

sig = causes.get("signature_does_not_match", [])
check(bool(sig) and "secret-key-special-chars" not in sig and sig[0] == "sts-refused-wrong-secret",
      "SignatureDoesNotMatch: a secret of another key pair first, + and / never a cause", sig)

# explain --doctor on one labelled input per category
corpus = os.path.join(root, "t/explain/corpus")
first = {}
for line in open(os.path.join(corpus, "index.tsv"), encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    f, cat = line.split("\t")[:2]
    first.setdefault(cat, f)
bad = []
for cat, f in sorted(first.items()):
    for fmt in ("text", "json"):
        rc, out, err = run("explain", "--doctor", "-f", fmt, os.path.join(corpus, f))
        if rc not in (0, 1):
            bad.append(f"{f} ({fmt}): exit {rc}: {err.strip()[:100]}")
        bad += [f"{f} ({fmt}): {b}" for b in leftovers(out)]
        for m in re.finditer(r"^\s+\d+\. ([a-z0-9-]+)", out, re.M):
            if m.group(1) not in known:
                bad.append(f"{f}: cause {m.group(1)} is no finding id")
check(len(first) >= 10 and not bad,
      f"explain --doctor: complete texts for {len(first)} categories' inputs", bad)

# SARIF rule help is built from the same generic texts
rc, out, _ = run("doctor", "-f", "sarif", "--fail-on", "never")
bad = []
try:
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    for r in rules:
        bad += [f"{r['id']}: {b}" for b in leftovers(r["help"]["text"])]
except (ValueError, KeyError, IndexError) as e:
    rules = []
    bad.append(str(e))
check(rules and not bad, f"SARIF: help of {len(rules)} rules complete", bad)

print(f"1..{len(tests)}")
for n, (ok, name, detail) in enumerate(tests, 1):
    print(("ok" if ok else "not ok") + f" {n} - {name}")
    if not ok:
        for d in detail[:40]:
            print("#   " + d)
PY
