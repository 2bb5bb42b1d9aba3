#!/usr/bin/env python3
# checkkey-live.t - `tfauth check-key --live` against moto's server on
# 127.0.0.1 (t/helper/livelib.py starts it on a free port with
# INITIAL_NO_AUTH_ACTION_COUNT and stops it by PID): a key made by
# create-access-key is accepted with its ARN, --expect-arn, a wrong secret
# and an unknown key id are rejected, the unknown key is retried for --wait
# seconds, a key rejected offline is not sent at all, and no secret is
# ever printed. moto missing is a failure unless TFAUTH_SKIP_LIVE=1.
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helper"))
import livelib  # noqa: E402

if os.environ.get("TFAUTH_SKIP_LIVE") == "1":
    print("1..0 # SKIP TFAUTH_SKIP_LIVE=1")
    sys.exit(0)

t = livelib.Tap()
try:
    import botocore  # noqa: F401
except ImportError:
    t.bail("botocore is needed to set up moto for the live tests: pip install botocore")
try:
    moto = livelib.Moto(3)
except RuntimeError as e:
    t.bail(str(e))

home = tempfile.mkdtemp()
secrets = []


def check_key(args, stdin=b""):
    p = subprocess.run([livelib.TFAUTH, "check-key"] + args, input=stdin, capture_output=True,
                       timeout=60, env={"PATH": "/usr/bin:/bin", "HOME": home})
    r = livelib.Result(p)
    for s in secrets:
        if s in r.out or s in r.err:
            t.ok(False, "a secret was printed", repr(r))
    return r


try:
    iam = moto.client("iam")
    iam.create_user(UserName="ci")                                            # 1
    out = {"AccessKey": iam.create_access_key(UserName="ci")["AccessKey"]}    # 2
    other = iam.create_access_key(UserName="ci")["AccessKey"]                 # 3
    out["AccessKey"]["CreateDate"] = str(out["AccessKey"]["CreateDate"])
    key = out["AccessKey"]
    secrets += [key["SecretAccessKey"], other["SecretAccessKey"]]
    created = json.dumps(out).encode()
    live = ["--live", "--endpoint-url", moto.url, "--region", "eu-west-1", "-f", "json"]

    # the create-access-key JSON on stdin, as in the README's rotation loop
    r = check_key(["--from-json", "-"] + live, created)
    t.is_(r.code, 0, "new key: accepted (exit 0)", repr(r))
    j = r.json()
    t.is_(j.get("verdict"), "accept", "new key: verdict accept")
    t.is_((j.get("live") or {}).get("arn"), "arn:aws:iam::123456789012:user/ci", "new key: the ARN", repr(r))
    t.ok("key-accepted-live" in r.ids(), "new key: key-accepted-live", repr(r))

    r = check_key(["--from-json", "-", "--expect-arn", "arn:aws:iam::123456789012:user/ci"] + live, created)
    t.is_(r.code, 0, "--expect-arn that matches: exit 0", repr(r))
    r = check_key(["--from-json", "-", "--expect-arn", "arn:aws:iam::123456789012:user/deploy"] + live, created)
    t.is_(r.code, 1, "--expect-arn of another user: exit 1", repr(r))
    t.ok("key-arn-mismatch" in r.ids(), "--expect-arn of another user: key-arn-mismatch", repr(r))

    # the key id as argument, the secret on stdin: the other key's secret does not match
    r = check_key([key["AccessKeyId"]] + live, other["SecretAccessKey"].encode() + b"\n")
    t.is_(r.code, 1, "wrong secret: rejected (exit 1)", repr(r))
    t.ok("key-rejected-live" in r.ids(), "wrong secret: key-rejected-live", repr(r))
    t.like(r.out, "SignatureDoesNotMatch", "wrong secret: AWS's code is reported")

    # a key id moto never issued: InvalidClientTokenId, retried for --wait seconds
    r = check_key(["AKIASP2TPHJSQTSTJXYZ", "--wait", "3"] + live, key["SecretAccessKey"].encode())
    t.is_(r.code, 1, "unknown key: rejected (exit 1)", repr(r))
    t.ok("key-rejected-live" in r.ids(), "unknown key: key-rejected-live", repr(r))
    t.ok((r.json().get("live") or {}).get("attempts", 0) >= 2, "unknown key: retried while IAM propagates", repr(r))
    r = check_key(["AKIASP2TPHJSQTSTJXYZ", "--wait", "0"] + live, key["SecretAccessKey"].encode())
    t.is_((r.json().get("live") or {}).get("attempts"), 1, "--wait 0: one attempt", repr(r))

    # rejected offline: nothing is sent
    r = check_key([key["AccessKeyId"], "--policy", "strict-chars"] + live, b"a+b/" + b"A" * 36 + b"\n")
    t.is_(r.code, 1, "offline rejection: exit 1", repr(r))
    t.ok("live" not in r.json(), "offline rejection: no STS call made", repr(r))

    # text mode never shows the secret either
    r = check_key(["--from-json", "-", "--live", "--endpoint-url", moto.url], created)
    t.is_(r.code, 0, "text mode: exit 0", repr(r))
    t.like(r.out, "verdict: accept", "text mode: verdict line")
finally:
    moto.stop()
t.done()
