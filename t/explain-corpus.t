#!/usr/bin/env bash
# explain-corpus.t - run `tfauth explain -f json` on every labelled case in
# t/explain/corpus/ (index.tsv: file, category, stage, tool, source) and
# report the accuracy per category; fail when the category, stage or tool
# accuracy over the whole corpus is under 95%, when a run crashes or exits
# with anything but 0 (no auth failure) / 1 (auth failure), or when the
# exit code disagrees with the category.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tfauth=${TFAUTH:-$here/../build/tfauth}
command -v python3 >/dev/null || { echo "1..1"; echo "not ok 1 - python3 is needed (scripts/deps/test-base.apt)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home"
exec python3 - "$tfauth" "$here/explain/corpus" "$tmp/home" <<'PY'
import json, os, subprocess, sys
from collections import defaultdict
tfauth, corpus, home = sys.argv[1:4]
rows = []
for line in open(os.path.join(corpus, "index.tsv"), encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    f, cat, stage, tool, src = line.rstrip("\n").split("\t")
    rows.append((f, cat, stage, tool, src))
per = defaultdict(lambda: [0, 0])
ok = {"category": 0, "stage": 0, "tool": 0}
bad_exit, bad_json, misses = [], [], []
for f, cat, stage, tool, src in rows:
    p = subprocess.run(["env", "-i", "HOME=" + home, "PATH=/usr/bin:/bin", tfauth, "explain",
                        "-f", "json", os.path.join(corpus, f)], capture_output=True)
    want_exit = 0 if cat == "not_auth" else 1
    if p.returncode not in (0, 1):
        bad_exit.append(f"{f}: exit {p.returncode}: {p.stderr.decode(errors='replace')[:200]}")
    try:
        j = json.loads(p.stdout)
    except Exception as e:
        bad_json.append(f"{f}: {e}")
        continue
    got = (j.get("category"), j.get("stage"), j.get("tool"))
    if p.returncode != want_exit and p.returncode in (0, 1):
        bad_exit.append(f"{f}: exit {p.returncode}, want {want_exit}")
    per[cat][1] += 1
    if got[0] == cat:
        per[cat][0] += 1
        ok["category"] += 1
    ok["stage"] += got[1] == stage
    ok["tool"] += got[2] == tool
    if got != (cat, stage, tool):
        misses.append(f"{f}: got {got[0]}/{got[1]}/{got[2]}, want {cat}/{stage}/{tool}")
n = len(rows)
print("1..6")
print(f"# {n} cases")
for c in sorted(per):
    g, t = per[c]
    print(f"# {c:26s} {g:3d}/{t:3d} {100.0 * g / t:6.1f}%")
for m in misses:
    print("# miss: " + m)
t = 0
for k in ("category", "stage", "tool"):
    t += 1
    acc = 100.0 * ok[k] / n if n else 0
    print(f"{'ok' if acc >= 95.0 else 'not ok'} {t} - {k} accuracy {acc:.1f}% (at least 95%)")
t += 1
print(f"{'ok' if n >= 80 else 'not ok'} {t} - corpus has {n} cases (at least 80)")
t += 1
print(f"{'ok' if not bad_json else 'not ok'} {t} - every run printed one JSON object")
for b in bad_json: print("# " + b)
t += 1
print(f"{'ok' if not bad_exit else 'not ok'} {t} - exit code 1 exactly when an auth failure is found")
for b in bad_exit: print("# " + b)
PY
