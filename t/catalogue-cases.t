#!/usr/bin/env python3
# catalogue-cases.t - every case a check names exists in the catalogue:
# finding_case(f, "x") and the case names checks choose from tables
# (c->name = "x", {"needle", "x"} rows of a fix_cases table) have a
# FIX_CASE or PHRASE of that name in src/core/findings/*.def (also the
# names a check picks into a variable named *_case), and every
# FIX_CASE / PHRASE in the catalogue is used by some check (no dead words).
# A missing case would print "BUG: no fix case" to users.
import glob, os, re, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
defs = "".join(open(p).read() for p in sorted(glob.glob(os.path.join(root, "src/core/findings/*.def"))))
cases = set(re.findall(r'FIX_CASE\(\s*F_\w+,\s*"([^"]+)"', defs))
phrases = set(re.findall(r'PHRASE\(\s*F_\w+,\s*"[^"]+",\s*"([^"]+)"', defs))
src = "".join(open(p).read() for p in sorted(glob.glob(os.path.join(root, "src/*/*.c"))) if not p.endswith("core/finding.c"))
used = set(re.findall(r'finding_case\(\w+, "([^"]+)"\)', src))
used |= set(re.findall(r'c->name = "([^"]+)"', src))
for stmt in re.findall(r'\b\w*_case = ([^;]*);', src):
	used |= set(re.findall(r'"([^"]+)"', stmt))
for table in re.findall(r'fix_cases\[\] = \{(.*?)\};', src, re.S):
	used |= set(re.findall(r'\{"[^"]*", "([^"]+)"\}', table))
named = set(re.findall(r'finding_phrase\(\w+, "[^"]+", "([^"]+)"\)', src)) | set(
	re.findall(r'c->name = "([^"]+)"', src))

print("1..3")
missing = sorted(n for n in used if n not in cases and n not in phrases)
print(("ok" if not missing else "not ok") + " 1 - every case a check names is in the catalogue")
for n in missing:
	print("#   no FIX_CASE/PHRASE named %s" % n)
unphrased = sorted(n for n in named if n not in phrases)
print(("ok" if not unphrased else "not ok") + " 2 - every phrase a check names is in the catalogue")
for n in unphrased:
	print("#   no PHRASE named %s" % n)
dead = sorted(n for n in cases | phrases if n not in used and n not in named)
print(("ok" if not dead else "not ok") + " 3 - every FIX_CASE and PHRASE is used")
for n in dead:
	print("#   unused: %s" % n)
