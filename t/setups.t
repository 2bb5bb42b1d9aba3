#!/usr/bin/env python3
# setups.t - realistic HOME + Terraform setups (issue 13), run through doctor.
#
# t/setups/make-corpus.py writes every case into a fresh temp dir; each runs
# as `env -i HOME=<case>/home PATH=/usr/bin:/bin <case env> tfauth doctor
# --format json` in <case>/work.  Healthy: exit 0 and no error or warning.
# Broken: one of the case's finding ids, and its exit status.  Cases named in
# t/setups/KNOWN-FAILING run as TAP TODO (the developers fix them); a failing
# case prints the ids it got against the expected ones.
#   t/setups.t [FILTER]          only cases whose name contains FILTER
#   TFAUTH_SETUPS_REPORT=1       print "healthy clean X/Y, broken detected X/Y"
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
tfauth = os.environ.get("TFAUTH") or os.path.join(here, "..", "build", "tfauth")
flt = sys.argv[1] if len(sys.argv) > 1 else ""

spec = importlib.util.spec_from_file_location("corpus", os.path.join(here, "setups", "make-corpus.py"))
corpus = importlib.util.module_from_spec(spec)
spec.loader.exec_module(corpus)

known = {}
with open(os.path.join(here, "setups", "KNOWN-FAILING")) as f:
	for line in f:
		name, _, reason = line.partition("#")
		if name.strip():
			known[name.strip()] = reason.strip()

cases = [c for c in corpus.CASES if flt in c["name"]]
for k in known:
	if not any(c["name"] == k for c in corpus.CASES):
		print("# KNOWN-FAILING names an unknown case: %s" % k)
print("1..%d" % (len(cases) + 1))
print("%s 1 - KNOWN-FAILING names only existing cases" %
      ("ok" if all(any(c["name"] == k for c in corpus.CASES) for k in known) else "not ok"))

tally = {"healthy": [0, 0], "broken": [0, 0]}
with tempfile.TemporaryDirectory(prefix="tfauth-setups.") as tmp:
	corpus.write(tmp)
	for n, c in enumerate(cases, 2):
		base = os.path.join(tmp, c["name"])
		env = {"HOME": os.path.join(base, "home"), "PATH": "/usr/bin:/bin"}
		for k, v in c["env"].items():
			env[k] = v.replace("$HOME", env["HOME"]).replace("$WORK", os.path.join(base, "work"))
		p = subprocess.run([tfauth, "doctor", "--format", "json"] + c["args"],
				   cwd=os.path.join(base, "work"), env=env, capture_output=True,
				   timeout=30)
		why = []
		got = []
		try:
			doc = json.loads(p.stdout)
			got = [(f["severity"], f["id"]) for f in doc.get("findings", [])]
		except ValueError:
			why.append("output is not JSON: %r" % p.stdout[:200])
		want = c["exit"] if isinstance(c["exit"], list) else [c["exit"]]
		if p.returncode not in want:
			why.append("exit %d, expected %s" % (p.returncode, " or ".join(map(str, want))))
		if c["kind"] == "healthy":
			loud = ["%s[%s]" % g for g in got if g[0] in ("error", "warning")]
			if loud:
				why.append("healthy setup reported " + ", ".join(loud))
		else:
			if not any(i in c["ids"] for _, i in got):
				why.append("none of %s reported" % ", ".join(c["ids"]))
		ok = not why
		t = tally[c["kind"]]
		t[1] += 1
		t[0] += ok
		todo = ""
		if c["name"] in known:
			todo = " # TODO " + known[c["name"]]
		print("%s %d - %s %s%s" % ("ok" if ok else "not ok", n, c["kind"], c["name"], todo))
		if not ok:
			for w in why:
				print("#   " + w)
			print("#   got: " + (", ".join("%s[%s]" % g for g in got) or "nothing"))
			if c["kind"] == "broken":
				print("#   expected one of: " + ", ".join(c["ids"]) + " (exit %s)" % c["exit"])
			if p.stderr:
				print("#   stderr: " + p.stderr.decode(errors="replace").strip()[:300])
		elif c["name"] in known:
			print("#   %s passes now: remove it from t/setups/KNOWN-FAILING" % c["name"])

if os.environ.get("TFAUTH_SETUPS_REPORT"):
	print("# healthy clean %d/%d, broken detected %d/%d" % tuple(tally["healthy"] + tally["broken"]))
