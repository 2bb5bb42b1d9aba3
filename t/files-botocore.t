#!/usr/bin/env python3
"""Differential test: the shared-file model's botocore dialect against the
real botocore on this machine.

For each of N seeded cases (t/files_gen.py) a fake HOME is written, botocore
is asked (in-process, environment replaced, AWS_EC2_METADATA_DISABLED=true,
no network) which profile it selects, whether the files load, the profile
names and the selected profile's aws_access_key_id and region; the same is
asked of build/t/helper/shared-dump. Every field must agree. The agreement
rate is printed; disagreements are listed with their seed.

  t/files-botocore.t [N] [FIRST_SEED]     (default 400 cases from seed 1)
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

try:
    import botocore
    import botocore.session
    from botocore.exceptions import ConfigParseError, ProfileNotFound
except ImportError as e:
    print("1..1")
    print("not ok 1 - botocore is needed for this differential test: %s" % e)
    print("# install it: apt-get install python3-botocore (or pip install botocore)")
    sys.exit(1)

if not os.access(dump, os.X_OK):
    print("1..1")
    print("not ok 1 - %s is missing: run make unit-tests" % dump)
    sys.exit(1)


def hexv(v):
    if v is None:
        return None
    if isinstance(v, dict):
        return "<map>"
    return v.encode("utf-8", "surrogatepass").hex()


def botocore_view(env, profile):
    os.environ.clear()
    os.environ.update(env)
    s = botocore.session.Session(profile=profile)
    prof = s.get_config_variable("profile")
    r = {"selected": prof if prof is not None else "default", "error": None,
         "aws_access_key_id": None, "region": None, "profiles": None}
    try:
        cfg = s.get_scoped_config()
        r["profiles"] = sorted(s.available_profiles)
    except ConfigParseError as e:
        r["error"] = "parse:%s:%s" % (e.kwargs["path"], type(e.kwargs["error"]).__name__)
        return r
    except ProfileNotFound:
        r["error"] = "profile-not-found"
        return r
    r["aws_access_key_id"] = hexv(cfg.get("aws_access_key_id"))
    r["region"] = hexv(cfg.get("region"))
    return r


def tfauth_view(env, profile):
    args = [dump] + (["--profile", profile] if profile else []) + ["botocore"]
    out = subprocess.run(args, env=env, stdout=subprocess.PIPE, check=True).stdout
    d = json.loads(out)["botocore"]
    r = {"selected": d["selected"], "error": None, "aws_access_key_id": None, "region": None,
         "profiles": None}
    err = d["error"]
    if err:
        if err.startswith("Unable to parse config file: "):
            r["error"] = "parse:%s:%s" % (err[len("Unable to parse config file: "):],
                                          (d["error_detail"] or "").split(":")[0])
        elif err.startswith("The config profile ("):
            r["error"] = "profile-not-found"
        else:
            r["error"] = err
        return r, d
    r["profiles"] = sorted(d["profiles"])
    r["aws_access_key_id"] = d["aws_access_key_id"]
    r["region"] = d["region"]
    return r, d


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    first = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    saved = dict(os.environ)
    tmp = tempfile.mkdtemp(prefix="tfauth-boto-")
    agree = 0
    bad = []
    kinds = {"loads": 0, "parse": 0, "notfound": 0}
    try:
        for seed in range(first, first + n):
            home = os.path.join(tmp, "h%d" % seed)
            c = files_gen.case(seed)
            env = files_gen.materialise(c, home)
            want = botocore_view(env, c.get("profile"))
            got, raw = tfauth_view(env, c.get("profile"))
            if want["error"] is None:
                kinds["loads"] += 1
                kinds["with_key"] = kinds.get("with_key", 0) + (want["aws_access_key_id"] is not None)
            elif want["error"].startswith("parse"):
                kinds["parse"] += 1
            else:
                kinds["notfound"] += 1
            if want == got:
                agree += 1
            else:
                bad.append((seed, want, got, raw.get("error_detail")))
            shutil.rmtree(home, ignore_errors=True)
    finally:
        os.environ.clear()
        os.environ.update(saved)
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..2")
    rate = 100.0 * agree / n
    print("# botocore %s: %d/%d cases agree (%.1f%%); botocore loaded %d, refused %d, profile not found %d; %d loaded with a key id"
          % (botocore.__version__, agree, n, rate, kinds["loads"], kinds["parse"], kinds["notfound"],
             kinds.get("with_key", 0)))
    print("%sok 1 - at least 300 cases, every outcome class present" %
          ("" if n >= 300 and all(kinds.values()) else "not "))
    for seed, want, got, detail in bad[:20]:
        print("# seed %d: botocore %s" % (seed, json.dumps(want, sort_keys=True)))
        print("#          tfauth   %s (detail: %s)" % (json.dumps(got, sort_keys=True), detail))
    print("%sok 2 - tfauth's botocore dialect agrees with botocore on every case" % ("" if not bad else "not "))
    return 0 if not bad and n >= 300 else 1


sys.exit(main())
