#!/usr/bin/env python3
# live-moto.t - `tfauth whoami` and `tfauth doctor --live` against moto's
# server on 127.0.0.1, which enforces SigV4 authentication once the set-up
# calls are done (INITIAL_NO_AUTH_ACTION_COUNT). Covers a good key, an
# unknown key, a deleted key, a wrong secret, secrets damaged by white
# space or a lost +, temporary credentials with, without and with the
# wrong session token, a long-term key with a stale token, whoami signing
# with the profile a Terraform provider block names (only in HOME, not in
# the environment), no credentials at all (exit 3), and that neither the
# secret nor the token ever shows up in the output.
# moto missing is a failure (unless TFAUTH_SKIP_LIVE=1).
import os
import shutil
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

TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}'
SETUP = 16  # the number of calls below, made before moto enforces authentication
try:
    moto = livelib.Moto(SETUP)
except RuntimeError as e:
    t.bail(str(e))

home = tempfile.mkdtemp()
try:
    iam = moto.client("iam")
    sts = moto.client("sts")
    keys = []
    for u in ("alice", "bob", "carol", "dave", "erin", "frank"):     # 12 calls
        iam.create_user(UserName=u)
        keys.append(iam.create_access_key(UserName=u)["AccessKey"])
    alice, bob = keys[0], keys[1]
    iam.delete_access_key(UserName="bob", AccessKeyId=bob["AccessKeyId"])  # 13
    iam.create_role(RoleName="deploy", AssumeRolePolicyDocument=TRUST)     # 14
    role_arn = "arn:aws:iam::123456789012:role/deploy"
    temp = sts.assume_role(RoleArn=role_arn, RoleSessionName="ci")["Credentials"]       # 15
    temp2 = sts.assume_role(RoleArn=role_arn, RoleSessionName="other")["Credentials"]   # 16
    secrets = [k["SecretAccessKey"] for k in keys] + [temp["SecretAccessKey"], temp["SessionToken"],
                                                      temp2["SecretAccessKey"], temp2["SessionToken"]]

    base = ["whoami", "--endpoint-url", moto.url, "--region", "eu-west-1", "-f", "json"]

    def whoami(env, args=None):
        r = livelib.run_tfauth((args or base), env=env, home=home)
        for s in secrets:
            if s in r.out or s in r.err:
                t.ok(False, "a secret or token was printed", repr(r))
        return r

    def creds(k, secret=None, token=None):
        e = {"AWS_ACCESS_KEY_ID": k["AccessKeyId"],
             "AWS_SECRET_ACCESS_KEY": k["SecretAccessKey"] if secret is None else secret}
        if token:
            e["AWS_SESSION_TOKEN"] = token
        return e

    # a good key: the identity matches what moto created
    r = whoami(creds(alice))
    t.is_(r.code, 0, "good key: exit 0", repr(r))
    j = r.json().get("whoami", {})
    t.is_((j.get("identity") or {}).get("arn"), "arn:aws:iam::123456789012:user/alice",
          "good key: the ARN is alice's", repr(r))
    t.is_((j.get("identity") or {}).get("account"), "123456789012", "good key: the account")
    t.is_((j.get("call") or {}).get("endpoint"), moto.url, "good key: the endpoint called is reported")
    t.is_((j.get("call") or {}).get("signing_region"), "eu-west-1", "good key: signed for --region")
    t.ok(isinstance((j.get("call") or {}).get("clock_skew_s"), int), "good key: clock skew from the Date header")
    t.ok(isinstance((j.get("call") or {}).get("round_trip_ms"), int), "good key: round trip reported")
    t.is_((j.get("credentials") or {}).get("access_key_id"),
          alice["AccessKeyId"][:4] + "\u2026" + alice["AccessKeyId"][-4:], "good key: the key id is masked")
    t.ok("sts-plain-http" not in r.ids(), "plain http on loopback draws no warning", repr(r))

    # the same in text
    r = whoami(creds(alice), ["whoami", "--endpoint-url", moto.url, "--region", "eu-west-1"])
    t.is_(r.code, 0, "text: exit 0", repr(r))
    t.like(r.out, "arn:         arn:aws:iam::123456789012:user/alice", "text: the ARN line")
    t.like(r.out, "account:     123456789012", "text: the account line")
    t.like(r.out, "endpoint:    " + moto.url, "text: the endpoint line")
    t.like(r.out, "clock skew:", "text: the clock skew line")

    # an unknown key
    r = whoami(creds({"AccessKeyId": "AKIAZZZZZZZZZZZZZZZZ", "SecretAccessKey": alice["SecretAccessKey"]}))
    t.is_(r.code, 1, "unknown key: exit 1", repr(r))
    t.is_(((r.json().get("whoami") or {}).get("call") or {}).get("error", {}).get("code"),
          "InvalidClientTokenId", "unknown key: InvalidClientTokenId", repr(r))
    t.ok("sts-refused-unknown-key" in r.ids(), "unknown key: diagnosed as unknown key", repr(r))
    t.ok(((r.json().get("whoami") or {}).get("call") or {}).get("request_id"), "unknown key: request id reported")

    # a deleted key
    r = whoami(creds(bob))
    t.is_(r.code, 1, "deleted key: exit 1", repr(r))
    t.ok("sts-refused-unknown-key" in r.ids(), "deleted key: diagnosed as unknown key", repr(r))

    # a wrong secret (a well-formed secret of another key)
    r = whoami(creds(alice, secret=keys[2]["SecretAccessKey"]))
    t.is_(r.code, 1, "wrong secret: exit 1", repr(r))
    t.is_(((r.json().get("whoami") or {}).get("call") or {}).get("error", {}).get("code"),
          "SignatureDoesNotMatch", "wrong secret: SignatureDoesNotMatch", repr(r))
    t.ok("sts-refused-wrong-secret" in r.ids(), "wrong secret: diagnosed as the wrong secret", repr(r))

    # a secret damaged by a trailing newline, a space where a + was, a lost +
    with_plus = next((k for k in keys if "+" in k["SecretAccessKey"] and k is not bob), None)
    s = (with_plus or alice)["SecretAccessKey"]
    k = with_plus or alice
    damaged = [("trailing newline", s + "\n"), ("leading space", " " + s)]
    if with_plus:
        damaged += [("space where a + was", s.replace("+", " ", 1)), ("a lost +", s.replace("+", "", 1))]
    else:
        print("# no moto secret had a +; using a lost character instead")
        damaged += [("a lost character", s[:-1])]
    for name, bad in damaged:
        r = whoami(creds(k, secret=bad))
        t.is_(r.code, 1, "secret with %s: exit 1" % name, repr(r))
        t.ok("sts-refused-corrupted-secret" in r.ids(), "secret with %s: diagnosed as damaged" % name, repr(r))

    # temporary credentials with their token
    r = whoami(creds(temp, token=temp["SessionToken"]))
    t.is_(r.code, 0, "temporary key with its token: exit 0", repr(r))
    t.like(((r.json().get("whoami") or {}).get("identity") or {}).get("arn"), ":assumed-role/deploy/ci",
           "temporary key: the assumed-role ARN")
    t.is_(((r.json().get("whoami") or {}).get("credentials") or {}).get("kind"), "temporary",
          "temporary key: kind temporary")

    # ... without it
    r = whoami(creds(temp))
    t.is_(r.code, 1, "temporary key without its token: exit 1", repr(r))
    t.ok("sts-refused-missing-token" in r.ids(), "temporary key without its token: diagnosed", repr(r))

    # ... with another session's token
    r = whoami(creds(temp, token=temp2["SessionToken"]))
    t.is_(r.code, 1, "temporary key with another session's token: exit 1", repr(r))
    t.ok("sts-refused-token" in r.ids(), "temporary key with the wrong token: diagnosed", repr(r))

    # a long-term key with a stale token
    r = whoami(creds(alice, token=temp["SessionToken"]))
    t.is_(r.code, 1, "long-term key with a stale token: exit 1", repr(r))
    t.ok("sts-refused-stale-token" in r.ids(), "long-term key with a stale token: diagnosed", repr(r))
    t.like(r.out, "unset AWS_SESSION_TOKEN", "stale token: the fix unsets it")

    # AWS_ENDPOINT_URL_STS is honoured (go-v2) and named in the report
    e = creds(alice)
    e["AWS_ENDPOINT_URL_STS"] = moto.url
    e["AWS_REGION"] = "eu-west-1"
    r = whoami(e, ["whoami", "-f", "json"])
    t.is_(r.code, 0, "AWS_ENDPOINT_URL_STS: exit 0", repr(r))
    t.is_(((r.json().get("whoami") or {}).get("call") or {}).get("rule"), "AWS_ENDPOINT_URL_STS",
          "AWS_ENDPOINT_URL_STS: the rule is named")

    # whoami signs with what the provider block of the current directory (or
    # DIR) names: profile prod, which only ~/.aws/credentials holds
    carol = keys[2]
    tfhome = tempfile.mkdtemp()
    os.mkdir(os.path.join(tfhome, ".aws"), 0o700)
    with open(os.path.join(tfhome, ".aws", "credentials"), "w") as f:
        f.write("[prod]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
                % (carol["AccessKeyId"], carol["SecretAccessKey"]))
    tfdir = os.path.join(tfhome, "infra")
    os.mkdir(tfdir)
    with open(os.path.join(tfdir, "main.tf"), "w") as f:
        f.write('terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", '
                'version = "~> 5.0" }\n  }\n}\n\nprovider "aws" {\n  region  = "eu-west-1"\n'
                '  profile = "prod"\n}\n')
    tfargs = ["whoami", "--endpoint-url", moto.url, "-f", "json"]
    for how, args, cwd in (("the current directory", tfargs, tfdir),
                           ("DIR", tfargs + [tfdir], None)):
        r = livelib.run_tfauth(args, home=tfhome, cwd=cwd)
        for s in secrets:
            t.ok(s not in r.out and s not in r.err, "provider profile (%s): no secret printed" % how)
        j = r.json().get("whoami", {}) if r.out.startswith("{") else {}
        t.is_(r.code, 0, "provider profile prod (%s): exit 0" % how, repr(r))
        t.is_((j.get("identity") or {}).get("arn"), "arn:aws:iam::123456789012:user/carol",
              "provider profile prod (%s): signed with prod's keys (carol)" % how, repr(r))
        t.like(j.get("using") or "", "Terraform provider aws (profile prod, from ",
               "provider profile prod (%s): says it used the provider block" % how, repr(r))
        t.is_((j.get("call") or {}).get("signing_region"), "eu-west-1",
              "provider profile prod (%s): the block's region" % how, repr(r))
    r = livelib.run_tfauth(["whoami", "--endpoint-url", moto.url], home=tfhome, cwd=tfdir)
    t.like(r.out.split("\n")[0], "using Terraform provider aws (profile prod, from main.tf:",
           "provider profile prod, text: the first line names the chain", repr(r))

    # no credentials anywhere: no call is made, exit 3
    empty = tempfile.mkdtemp()
    r = livelib.run_tfauth(["whoami", "--endpoint-url", moto.url, "--region", "eu-west-1"], home=empty)
    t.is_(r.code, 3, "no credentials: exit 3 (no call made)", repr(r))
    t.like(r.out, "no call was made", "no credentials: says no call was made", repr(r))
    t.like(r.out.split("\n")[0], "using the Terraform provider's default chain",
           "no credentials: the first line names the chain", repr(r))
    # the provider names profile prod, which this HOME does not have
    r = livelib.run_tfauth(["whoami", "--endpoint-url", moto.url, tfdir], home=empty)
    t.is_(r.code, 3, "provider profile missing from HOME: exit 3", repr(r))
    shutil.rmtree(tfhome, ignore_errors=True)
    shutil.rmtree(empty, ignore_errors=True)

    # doctor --live folds the verdict into the report
    r = whoami(creds(alice), ["doctor", "--live", "--endpoint-url", moto.url, "--region", "eu-west-1", "-f", "json"])
    t.is_(r.code, 0, "doctor --live, good key: exit 0", repr(r))
    t.ok("sts-accepted" in r.ids(), "doctor --live, good key: sts-accepted", repr(r))
    r = whoami(creds(alice, token=temp["SessionToken"]),
               ["doctor", "--live", "--endpoint-url", moto.url, "--region", "eu-west-1", "-f", "json"])
    t.is_(r.code, 1, "doctor --live, stale token: exit 1", repr(r))
    t.ok("sts-refused-stale-token" in r.ids() and "stale-session-token" in r.ids(),
         "doctor --live, stale token: live and offline findings together", repr(r))
    r = whoami(creds(alice), ["doctor", "--endpoint-url", moto.url, "-f", "json"])
    t.ok("sts-accepted" not in r.ids() and "live" not in (r.json().get("resolution") or {}),
         "doctor without --live makes no call", repr(r))
finally:
    moto.stop()
    shutil.rmtree(home, ignore_errors=True)
t.done()
