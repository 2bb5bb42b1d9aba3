#!/usr/bin/env python3
"""Differential test against Debian's Go SDKs (scripts/deps/test-files.apt):
aws-sdk-go v1 1.44 (the real go-v1 code) and aws-sdk-go-v2 1.17 (go-v2
before its 2023 INI rewrite), through t/go-oracle, built here offline in
GOPATH mode into build/go/.

The same seeded cases as t/files-botocore.t (t/files_gen.py) are run
through the oracle and through build/t/helper/shared-dump:
  - tfauth's go-v1 dialect must agree with aws-sdk-go v1 on the selected
    profile, the error class, aws_access_key_id and region, except for the
    documented exceptions listed in GO_V1_EXCEPTIONS;
  - tfauth's go-v2 dialect models the current parser (the reference is the
    oracle there); every case where Debian's old go-v2 sees something else
    is counted and classified by cause, and each cause must be a
    documented dialect difference (GO_V2_DIFFERENCES).

  t/files-go.t [N] [FIRST_SEED]
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import files_gen  # noqa: E402

build = os.path.abspath(os.environ.get("TFAUTH_BUILD", os.path.join(here, "..", "build")))
dump = os.path.join(build, "t", "helper", "shared-dump")
gobuild = os.path.join(build, "go")
oracle = os.path.join(gobuild, "go-oracle")


def fail(msg):
    print("1..1")
    print("not ok 1 - %s" % msg)
    sys.exit(1)


def build_oracle():
    gopath = "/usr/share/gocode"
    need = [os.path.join(gopath, "src/github.com/aws/aws-sdk-go/aws/session"),
            os.path.join(gopath, "src/github.com/aws/aws-sdk-go-v2/config")]
    if not shutil.which("go"):
        fail("go is needed for the Go oracle: apt-get install golang-go (scripts/deps/test-files.apt)")
    for p in need:
        if not os.path.isdir(p):
            fail("%s is missing: apt-get install golang-github-aws-aws-sdk-go-dev "
                 "golang-github-aws-aws-sdk-go-v2-dev (scripts/deps/test-files.apt)" % p)
    src = os.path.join(here, "go-oracle", "main.go")
    if os.path.exists(oracle) and os.path.getmtime(oracle) >= os.path.getmtime(src):
        return
    os.makedirs(gobuild, exist_ok=True)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": gobuild,
           "GO111MODULE": "off", "GOPATH": gopath, "GOCACHE": os.path.join(gobuild, "cache"),
           "GOPROXY": "off", "GOFLAGS": "", "CGO_ENABLED": "0"}
    r = subprocess.run(["go", "build", "-o", oracle, "./t/go-oracle"], cwd=os.path.join(here, ".."),
                       env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode:
        fail("cannot build the Go oracle: %s" % r.stdout.decode(errors="replace")[-500:])


def norm_ours(d):
    err = d["error"]
    cls = None
    if err:
        if "failed to get shared config profile" in err:
            cls = "profile-not-found"
        elif "partial credentials" in err:
            cls = "partial-credentials"
        elif err.startswith("panic"):
            cls = "panic"
        else:
            cls = "load"
    elif d.get("profile_error"):
        cls = "partial-credentials"
    r = {"selected": d["selected"], "error": cls, "aws_access_key_id": None, "region": None}
    if cls not in (None,):
        return r
    # the oracle reports resolved credentials: a key id only with its secret
    r["aws_access_key_id"] = d["aws_access_key_id"] if d.get("static_keys") else None
    r["region"] = d["region"] or None  # the SDKs ignore an empty region
    return r


def norm_go(d):
    cls = d["error"]
    if d.get("panic"):
        cls = "panic"
    r = {"selected": d["selected"], "error": cls, "aws_access_key_id": None, "region": None}
    if cls:
        return r
    r["aws_access_key_id"] = d["aws_access_key_id"]
    r["region"] = d["region"]
    return r


# Why Debian's pre-2023 go-v2 differs from tfauth's model of the current
# go-v2. The difference is documented (credential-files.md §2.5; tfauth's
# SHARED_GO_V2_LEGACY) when tfauth's legacy go-v2 model reproduces the old
# SDK exactly; the class says which change is visible:
#   directory        a directory as AWS_*_FILE: skipped before, fatal now
#   missing-profile  a missing AWS_PROFILE profile: ignored before v1.18.45
#   ini-rewrite      the 2023 parser reads the bytes differently
def classify_v2(c, env, old, ours_v2, ours_legacy):
    if ours_legacy != old:
        return "unexplained"
    for var, kind in (("AWS_CONFIG_FILE", "config"), ("AWS_SHARED_CREDENTIALS_FILE", "credentials")):
        if c[kind] == "dir" and not (env.get(var) or "").startswith(("~", "$")):
            return "directory"
    if old["error"] is None and ours_v2["error"] == "profile-not-found":
        return "missing-profile"
    return "ini-rewrite"


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    first = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    build_oracle()
    tmp = tempfile.mkdtemp(prefix="tfauth-go-")
    v1_agree = v2_agree = 0
    v1_bad, v2_bad = [], []
    legacy_agree, legacy_bad = 0, []
    causes = {}
    try:
        for seed in range(first, first + n):
            home = os.path.join(tmp, "h%d" % seed)
            c = files_gen.case(seed)
            env = files_gen.materialise(c, home)
            pa = ["--profile", c["profile"]] if c.get("profile") else []
            go = json.loads(subprocess.run([oracle] + pa, env=env, stdout=subprocess.PIPE, check=True).stdout)
            ours = json.loads(subprocess.run([dump] + pa + ["go-v1", "go-v2", "go-v2-legacy"], env=env,
                                             stdout=subprocess.PIPE, check=True).stdout)
            wl, gl = norm_go(go["go-v2-old"]), norm_ours(ours["go-v2-legacy"])
            if wl == gl:
                legacy_agree += 1
            else:
                legacy_bad.append((seed, wl, gl, go["go-v2-old"].get("detail")))
            w1, g1 = norm_go(go["go-v1"]), norm_ours(ours["go-v1"])
            w2, g2 = norm_go(go["go-v2-old"]), norm_ours(ours["go-v2"])
            if w1 == g1:
                v1_agree += 1
            else:
                v1_bad.append((seed, w1, g1, go["go-v1"].get("detail")))
            if w2 == g2:
                v2_agree += 1
            else:
                cause = classify_v2(c, env, w2, g2, gl)
                causes[cause] = causes.get(cause, 0) + 1
                if cause == "unexplained":
                    v2_bad.append((seed, w2, g2, go["go-v2-old"].get("detail")))
            shutil.rmtree(home, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..3")
    print("# go-v1 (aws-sdk-go 1.44): %d/%d agree (%.1f%%)" % (v1_agree, n, 100.0 * v1_agree / n))
    print("# go-v2 current model vs Debian's pre-2023 aws-sdk-go-v2: %d/%d agree (%.1f%%)"
          % (v2_agree, n, 100.0 * v2_agree / n))
    for seed, w, g, det in v1_bad[:15]:
        print("# v1 seed %d: go     %s (%s)" % (seed, json.dumps(w, sort_keys=True), det))
        print("#            tfauth %s" % json.dumps(g, sort_keys=True))
    print("%sok 1 - go-v1 dialect agrees with aws-sdk-go v1" % ("" if not v1_bad else "not "))
    for seed, w, g, det in v2_bad[:15]:
        print("# v2 seed %d: go-old %s (%s)" % (seed, json.dumps(w, sort_keys=True), det))
        print("#            tfauth %s" % json.dumps(g, sort_keys=True))
    print("# legacy go-v2 model vs Debian's pre-2023 aws-sdk-go-v2: %d/%d agree (%.1f%%)"
          % (legacy_agree, n, 100.0 * legacy_agree / n))
    for seed, w, g, det in legacy_bad[:10]:
        print("# legacy seed %d: go-old %s (%s)" % (seed, json.dumps(w, sort_keys=True), det))
        print("#                tfauth %s" % json.dumps(g, sort_keys=True))
    print("# go-v2 differences by cause: %s" % ", ".join("%s %d" % kv for kv in sorted(causes.items())))
    print("%sok 2 - every go-v2 difference has a documented cause" % ("" if not v2_bad else "not "))
    print("%sok 3 - legacy go-v2 model agrees with Debian's aws-sdk-go-v2 1.17" % ("" if not legacy_bad else "not "))
    return 0 if not v1_bad and not v2_bad and not legacy_bad else 1


sys.exit(main())
