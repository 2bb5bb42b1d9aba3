#!/usr/bin/env python3
"""Differential test: tfauth's AWS CLI resolution (doctor --format json,
.resolution.aws_cli) against the real botocore on this machine.

For each of N seeded cases (t/chain_gen.py) a fake HOME is written and
botocore is asked, in-process with the environment replaced,
AWS_EC2_METADATA_DISABLED=true and no network, which credential provider
answers: the resolver's providers are loaded in order, exactly as
get_credentials() does, but credential_process is intercepted before it
would run (the command is a path that would fail loudly) and no deferred
(assume-role, SSO, web identity) credentials are ever fetched. Compared:
the method (env, shared-credentials-file, config-file, assume-role, sso,
custom-process, assume-role-with-web-identity), the masked access key id
for static keys, the profile, the region (session.get_config_variable('region')), and the
error class when resolution fails
(ProfileNotFound, PartialCredentialsError, InvalidConfigError,
InfiniteLoopConfigError, CredentialRetrievalError, NoCredentials).

Role-to-role chains (rtop -> rmid -> ...) with one fault in the middle
link are part of the cases; every fault must be drawn.

  t/chain-botocore.t [N] [FIRST_SEED]     (default 400 cases from seed 1)

Documented exceptions (none are expected in the generated cases):
ec2-credentials-file and boto-config providers are not modelled.
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

try:
    import botocore
    import botocore.credentials
    import botocore.session
except ImportError as e:
    print("1..1")
    print("not ok 1 - botocore is needed for this differential test: %s" % e)
    print("# install it: apt-get install python3-botocore (or pip install botocore)")
    sys.exit(1)


class WouldRun(Exception):
    pass


def _no_process(self, *a, **k):
    raise WouldRun()


botocore.credentials.ProcessProvider._retrieve_credentials_using = _no_process


def mask(k):
    if k is None:
        return None
    if re.fullmatch(r"[A-Z0-9]{16,128}", k):
        return k[:4] + "\u2026" + k[-4:]
    return "(%d characters, not shown)" % len(k)


STATIC = ("env", "shared-credentials-file", "config-file")


def botocore_view(env):
    os.environ.clear()
    os.environ.update(env)
    s = botocore.session.Session()
    r = {"method": None, "key": None, "error": None, "profile": None, "region": None}
    try:
        # a session of its own: a failed load leaves a session half loaded
        r["region"] = botocore.session.Session().get_config_variable("region") or None
    except Exception:
        r["region"] = "?"
    try:
        resolver = s.get_component("credential_provider")
        creds = None
        for p in resolver.providers:
            try:
                creds = p.load()
            except WouldRun:
                # a credential_process of a source profile runs while the role
                # provider loads: the role is what answers
                r["method"] = "assume-role" if p.METHOD == "assume-role" else "custom-process"
                r["profile"] = s.get_config_variable("profile") or "default"
                return r
            if creds is not None:
                break
        if creds is None:
            r["error"] = "NoCredentials"
            return r
        r["method"] = creds.method
        if creds.method in STATIC:
            r["key"] = mask(creds.access_key)
        if creds.method != "env":
            r["profile"] = s.get_config_variable("profile") or "default"
    except Exception as e:  # every botocore error class counts as "fails"
        r["error"] = type(e).__name__
    return r


ERRORS = [("The config profile (", "ProfileNotFound"), ("Partial credentials", "PartialCredentialsError"),
          ("Unable to locate credentials", "NoCredentials"), ("Infinite loop", "InfiniteLoopConfigError"),
          ("Error when retrieving credentials from", "CredentialRetrievalError"),
          ("Unable to parse config file", "ConfigParseError")]


def error_class(text):
    for prefix, cls in ERRORS:
        if text.startswith(prefix):
            return cls
    return "InvalidConfigError"


# The generator's secrets are sEcReT..., its tokens ENVTOKEN, TOKEN<n>, STALE<n>, SEC<n>.
SECRET_RE = re.compile(rb"sEcReT|ENVTOKEN|(?<![A-Z_])(?:TOKEN|STALE|SEC)[0-9]+")


def leaks(out):
    """Secrets and tokens of the generated cases must never be printed."""
    return sorted(set(m.decode() for m in SECRET_RE.findall(out)))


def tfauth_view(env, fmt="json"):
    p = subprocess.run(["env", "-i"] + ["%s=%s" % kv for kv in env.items()] +
                       [tfauth, "doctor", "--format", fmt, "--fail-on", "never"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    leaked = leaks(p.stdout + p.stderr)
    if fmt != "json":
        return leaked
    d = json.loads(p.stdout)["resolution"]["aws_cli"]
    d["_leaked"] = leaked
    r = {"method": None, "key": None, "error": None, "profile": None, "region": d["region"]}
    if d["error"]:
        r["error"] = error_class(d["error"])
        return r, d
    r["method"] = d["method"]
    if d["method"] in STATIC:
        r["key"] = d["access_key_id"]
    if d["method"] != "env":
        r["profile"] = d["profile"]
    return r, d


def same(want, got):
    """Equal, except a region botocore could not read (ProfileNotFound) is not compared."""
    if want.get("region") == "?":
        got = dict(got, region="?")
    return want == got


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    first = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    saved = dict(os.environ)
    tmp = tempfile.mkdtemp(prefix="tfauth-chain-")
    agree = 0
    bad = []
    leaked = []
    methods = {}
    faults = {}
    try:
        for seed in range(first, first + n):
            home = os.path.join(tmp, "h%d" % seed)
            c = chain_gen.case(seed)
            env = chain_gen.materialise(c, home)
            want = botocore_view(env)
            os.environ.clear()
            os.environ.update(saved)
            got, raw = tfauth_view(env)
            for fmt in (("text", "sarif") if seed % 10 == 0 else ()):
                raw["_leaked"] += tfauth_view(env, fmt)
            if raw["_leaked"]:
                leaked.append((seed, raw["_leaked"]))
            ch = c["kinds"].get("rtop")
            if ch:
                faults[ch[6:]] = faults.get(ch[6:], 0) + 1
            k = want["method"] or ("error:" + want["error"])
            methods[k] = methods.get(k, 0) + 1
            if same(want, got):
                agree += 1
            else:
                bad.append((seed, want, got, raw))
            shutil.rmtree(home, ignore_errors=True)
    finally:
        os.environ.clear()
        os.environ.update(saved)
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..5")
    rate = 100.0 * agree / n
    print("# botocore %s: %d/%d cases agree (%.1f%%)" % (botocore.__version__, agree, n, rate))
    print("# outcomes: %s" % ", ".join("%s %d" % kv for kv in sorted(methods.items())))
    print("%sok 1 - at least 300 cases" % ("" if n >= 300 else "not "))
    need = ("env", "shared-credentials-file", "config-file", "assume-role", "sso", "custom-process",
            "assume-role-with-web-identity")
    missing = [m for m in need if m not in methods]
    print("%sok 2 - every method is exercised%s" % ("" if not missing else "not ",
                                                   (" (missing: %s)" % ", ".join(missing)) if missing else ""))
    for seed, want, got, raw in bad[:25]:
        print("# seed %d: botocore %s" % (seed, json.dumps(want, sort_keys=True)))
        print("#          tfauth   %s" % json.dumps(got, sort_keys=True))
    print("%sok 3 - tfauth's AWS CLI resolution agrees with botocore on every case" % ("" if not bad else "not "))
    for seed, what in leaked[:10]:
        print("# seed %d: output contains %s" % (seed, ", ".join(what)))
    print("%sok 4 - no secret or token of any case is printed (json; text and sarif every 10th case)" %
          ("" if not leaked else "not "))
    unseen = [f for f in chain_gen.CHAIN_FAULTS if f not in faults]
    print("# role-to-role chains: %s" % ", ".join("%s %d" % kv for kv in sorted(faults.items())))
    print("%sok 5 - every link fault of a role chain is exercised%s" %
          ("" if not unseen else "not ", (" (missing: %s)" % ", ".join(unseen)) if unseen else ""))
    return 0 if not bad and not leaked and n >= 300 and not missing and not unseen else 1


sys.exit(main())
