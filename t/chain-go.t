#!/usr/bin/env python3
"""Differential test of tfauth's Terraform-side chains against Debian's Go
SDKs (scripts/deps/test-chain.apt) through t/chain-go-oracle, built here
offline in GOPATH mode into $TFAUTH_BUILD/go-chain/.

The seeded cases of t/chain_gen.py that resolve without a network call
(static keys in either file, environment keys including the legacy names
and tokens, AWS_PROFILE / AWS_DEFAULT_PROFILE, missing and empty profiles,
partial keys, [DEFAULT], both default headers, inline comments, file
variables; no assume-role, SSO, process or web identity) are run through
the oracle and through `tfauth doctor --format json`:

  - go-v1: .resolution.terraform_provider with --provider-version 3.76.1
    must give the same access key id (or fail) as aws-sdk-go 1.44 with
    shared config enabled, except where aws-sdk-go-base v1's own chain
    (static, env, SharedCredentialsProvider, then the session) differs from
    a plain session (documented_v1);
  - go-v2: tfauth models today's aws-sdk-go-v2 (the reference is the oracle
    there); Debian ships a release from before config v1.18.45, so every
    difference must be one of DOCUMENTED below, each counted.

Role-to-role chains (t/chain_gen.py's rtop -> rmid -> ...; faults that
need no network) are run too: the oracle answers sts:AssumeRole itself, so
"assume-role ARN" (the last role assumed) is compared, or the failure.

  t/chain-go.t [N] [FIRST_SEED]     (default 1200 seeds from 1)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import chain_gen  # noqa: E402

tfauth = os.environ.get("TFAUTH", os.path.join(here, "..", "build", "tfauth"))
build = os.environ.get("TFAUTH_BUILD", os.path.join(here, "..", "build"))
gobuild = os.path.join(build, "go-chain")
oracle = os.path.join(gobuild, "chain-go-oracle")
NETWORK_KINDS = ("role", "role-ok", "sso", "sso-legacy", "process", "webid", "sso-and-static")


def fail(msg):
    print("1..1")
    print("not ok 1 - %s" % msg)
    sys.exit(1)


def build_oracle():
    gopath = "/usr/share/gocode"
    if not shutil.which("go"):
        fail("go is needed for the Go oracle: apt-get install golang-go (scripts/deps/test-chain.apt)")
    for p in ("src/github.com/aws/aws-sdk-go/aws/session", "src/github.com/aws/aws-sdk-go-v2/config"):
        if not os.path.isdir(os.path.join(gopath, p)):
            fail("%s/%s is missing: apt-get install golang-github-aws-aws-sdk-go-dev "
                 "golang-github-aws-aws-sdk-go-v2-dev (scripts/deps/test-chain.apt)" % (gopath, p))
    src = os.path.join(here, "chain-go-oracle", "main.go")
    if os.path.exists(oracle) and os.path.getmtime(oracle) >= os.path.getmtime(src):
        return
    os.makedirs(gobuild, exist_ok=True)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": gobuild, "GO111MODULE": "off",
           "GOPATH": gopath, "GOCACHE": os.path.join(gobuild, "cache"), "GOPROXY": "off",
           "GOFLAGS": "", "CGO_ENABLED": "0"}
    r = subprocess.run(["go", "build", "-o", oracle, "./t/chain-go-oracle"], cwd=os.path.join(here, ".."),
                       env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode:
        fail("cannot build the Go oracle: %s" % r.stdout.decode(errors="replace").strip().replace("\n", " | "))


def mask(k):
    if k is None:
        return None
    if re.fullmatch(r"[A-Z0-9]{16,128}", k):
        return k[:4] + "\u2026" + k[-4:]
    return "(%d characters, not shown)" % len(k)


def tfauth_key(env, extra):
    p = subprocess.run(["env", "-i"] + ["%s=%s" % kv for kv in env.items()] +
                       [tfauth, "doctor", "--format", "json", "--fail-on", "never"] + extra,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    d = json.loads(p.stdout)["resolution"]["terraform_provider"]
    if d["error"]:
        return None, d
    if d["method"] == "assume-role":
        return "assume-role " + (d.get("role_arn") or "?"), d
    return d["access_key_id"], d


def sdk_view(v):
    """The masked key id, or "assume-role ARN" when the fake STS answered the last role."""
    if not v["key"]:
        return None
    if v["key"].startswith("ASIAFAKE") and v["calls"]:
        return "assume-role " + v["calls"][-1]["role"]
    return mask(v["key"])


def documented_v1(env, want, got, raw):
    """Why aws-sdk-go-base v1 (what Terraform ran) differs from a plain aws-sdk-go session."""
    # base v1 puts SharedCredentialsProvider (provider profile, else AWS_PROFILE, else
    # default; never AWS_DEFAULT_PROFILE) before the session, which reads AWS_DEFAULT_PROFILE.
    if env.get("AWS_DEFAULT_PROFILE") and not env.get("AWS_PROFILE") and \
            raw.get("method") == "shared-credentials-file" and raw.get("profile") == "default":
        return "base v1's SharedCredentialsProvider reads the default profile before the session"
    # base v1's chain is static -> EnvProvider -> SharedCredentialsProvider -> session
    # (terraform-aws-auth.md §1.5): environment keys win before the shared config,
    # broken or not, is loaded; a plain session loads it first.
    if env.get("AWS_ACCESS_KEY_ID") and env.get("AWS_SECRET_ACCESS_KEY") and want is None and \
            raw.get("method") == "env":
        return "base v1 takes environment keys before it loads the shared config"
    # tfauth's go-v1 chain does not fail on mfa_serial (what base v1 passes as
    # AssumeRoleTokenProvider is not verified); a plain session has none.
    if want is None and got and got.startswith("assume-role") and "mfa_serial" in open(
            os.path.join(env["HOME"], ".aws", "config")).read():
        return "mfa_serial: base v1's token provider not modelled"
    return None


def documented_v2(env, want, got, raw):
    """Why Debian's old go-v2 may differ from today's; None if it may not."""
    # config v1.18.45 (aws-sdk-go-v2 PR #2309): a missing AWS_PROFILE profile is an
    # error; before it was ignored and env keys (or nothing) were used.
    if got is None and raw["error"] and raw["error"].startswith("failed to get shared config profile") \
            and env.get("AWS_PROFILE"):
        return "missing AWS_PROFILE is fatal since config v1.18.45 (PR #2309)"
    return None


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1200
    first = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    build_oracle()
    tmp = tempfile.mkdtemp(prefix="tfauth-chain-go-")
    counts = {"cases": 0, "v1_agree": 0, "v2_agree": 0, "chains": 0, "regions": 0}
    region_bad = []
    chains = {}
    v1_bad, v2_bad, v1_doc, v2_doc = [], [], {}, {}
    try:
        for seed in range(first, first + n):
            c = chain_gen.case(seed)
            chain = c["kinds"].get("rtop", "")[6:]
            if chain and c["env"].get("AWS_PROFILE") == "rtop":
                if chain not in chain_gen.OFFLINE_FAULTS or "AWS_WEB_IDENTITY_TOKEN_FILE" in c["env"]:
                    continue
                counts["chains"] += 1
                chains[chain] = chains.get(chain, 0) + 1
            elif any(k in NETWORK_KINDS for k in c["kinds"].values()) or "AWS_WEB_IDENTITY_TOKEN_FILE" in c["env"]:
                continue
            home = os.path.join(tmp, "h%d" % seed)
            env = chain_gen.materialise(c, home)
            o = json.loads(subprocess.run([oracle], env=env, stdout=subprocess.PIPE,
                                          stderr=subprocess.DEVNULL).stdout)
            counts["cases"] += 1
            want1 = sdk_view(o["go-v1"])
            got1, raw1 = tfauth_key(env, ["--provider-version", "3.76.1"])
            if want1 == got1:
                counts["v1_agree"] += 1
            else:
                why = documented_v1(env, want1, got1, raw1)
                if why:
                    v1_doc[why] = v1_doc.get(why, 0) + 1
                else:
                    v1_bad.append((seed, want1, got1, o["go-v1"]["error"], raw1["error"]))
            want2 = sdk_view(o["go-v2-old"])
            got2, raw2 = tfauth_key(env, [])
            for dl, ov, rv in (("go-v1", o["go-v1"], raw1), ("go-v2", o["go-v2-old"], raw2)):
                if ov["loaded"]:
                    counts["regions"] += 1
                    if ov["region"] != rv["region"]:
                        region_bad.append((seed, dl, ov["region"], rv["region"], rv["region_from"]))
            if want2 == got2:
                counts["v2_agree"] += 1
            else:
                why = documented_v2(env, want2, got2, raw2)
                if why:
                    v2_doc[why] = v2_doc.get(why, 0) + 1
                else:
                    v2_bad.append((seed, want2, got2, o["go-v2-old"]["error"], raw2["error"]))
            shutil.rmtree(home, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    k = counts["cases"]
    print("1..4")
    print("# %d offline cases of %d seeds" % (k, n))
    print("# go-v1 (aws-sdk-go 1.44 session): %d/%d agree (%.1f%%), documented differences: %s"
          % (counts["v1_agree"], k, 100.0 * counts["v1_agree"] / max(k, 1),
             ", ".join("%s: %d" % kv for kv in sorted(v1_doc.items())) or "none"))
    print("# go-v2 (Debian's pre-v1.18.45 aws-sdk-go-v2): %d/%d agree (%.1f%%), documented differences: %s"
          % (counts["v2_agree"], k, 100.0 * counts["v2_agree"] / max(k, 1),
             ", ".join("%s: %d" % kv for kv in sorted(v2_doc.items())) or "none"))
    print("# role-to-role chains (through a fake STS): %d: %s" % (counts["chains"], ", ".join(
        "%s %d" % kv for kv in sorted(chains.items()))))
    print("%sok 1 - at least 100 offline cases" % ("" if k >= 100 else "not "))
    for b in v1_bad[:10]:
        print("# go-v1 seed %d: sdk %s, tfauth %s (sdk error %r, tfauth error %r)" % b)
    print("%sok 2 - the go-v1 chain agrees with aws-sdk-go on every case but documented ones" % ("" if not v1_bad else "not "))
    for b in v2_bad[:10]:
        print("# go-v2 seed %d: sdk %s, tfauth %s (sdk error %r, tfauth error %r)" % b)
    print("%sok 3 - every go-v2 difference is a documented version difference" % ("" if not v2_bad else "not "))
    for b in region_bad[:10]:
        print("# region seed %d %s: sdk %s, tfauth %s (from %s)" % b)
    print("%sok 4 - the region of %d loaded configurations is the SDK's" % ("" if not region_bad else "not ",
                                                                        counts["regions"]))
    return 0 if k >= 100 and not v1_bad and not v2_bad and not region_bad else 1


sys.exit(main())
