#!/usr/bin/env python3
# live-faults.t - `tfauth whoami` against a fault-injecting loopback server
# (t/helper/faultsrv.py) for what moto cannot do: skewed Date headers, HTTP
# 500, a hung connection (the timeout must fire), garbage, truncated and
# cut-off answers, a huge body, a captive portal, a refused connection, TLS
# with and without AWS_CA_BUNDLE, a proxy, the opt-in region and partition
# proofs (second call), and what goes on the wire (no secret, only the STS
# host). Asserts outcomes, never durations.
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helper"))
import livelib  # noqa: E402

if os.environ.get("TFAUTH_SKIP_LIVE") == "1":
    print("1..0 # SKIP TFAUTH_SKIP_LIVE=1")
    sys.exit(0)

t = livelib.Tap()
here = os.path.dirname(os.path.abspath(__file__))
home = tempfile.mkdtemp()
procs = []


def start(args=()):
    port = livelib.free_port()
    p = subprocess.Popen([sys.executable, os.path.join(here, "helper", "faultsrv.py"), str(port)] + list(args),
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    procs.append(p)
    if p.stdout.readline().strip() != b"ready":
        t.bail("the fault server did not start")
    return port


KEY = "AKIAQWERTYUIOPASDFGH"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEFAKEFAKEFAKEFAKEtokenvalue+/=" * 8
CREDS = {"AWS_ACCESS_KEY_ID": KEY, "AWS_SECRET_ACCESS_KEY": SECRET}


def whoami(url, extra_args=(), env=None):
    e = dict(CREDS)
    e.update(env or {})
    args = ["whoami", "-f", "json", "--region", "eu-west-1"]
    if url:
        args += ["--endpoint-url", url]
    r = livelib.run_tfauth(args + list(extra_args), env=e, home=home)
    t.ok(SECRET not in r.out + r.err and TOKEN not in r.out + r.err,
         "%s: no secret or token in the output" % (url or "default endpoint"))
    return r


def w(r):
    return r.json().get("whoami") or {}


try:
    port = start()
    base = "http://127.0.0.1:%d" % port

    r = whoami(base + "/ok")
    t.is_(r.code, 0, "ok: exit 0", repr(r))
    t.is_((w(r).get("identity") or {}).get("arn"), "arn:aws:sts::111122223333:assumed-role/deploy/ci", "ok: the ARN")
    t.is_((w(r).get("call") or {}).get("request_id"), "0f1e2d3c-aaaa-bbbb-cccc-000000000001",
          "ok: request id (the body's RequestId wins over the header)")

    # what went on the wire
    last = json.load(urllib.request.urlopen(base + "/_last"))
    wire = json.dumps(last)
    t.ok(SECRET not in wire, "the secret never goes on the wire")
    auth = {k.lower(): v for k, v in last.get("headers", {}).items()}.get("authorization", "")
    t.like(auth, "AWS4-HMAC-SHA256 Credential=%s/" % KEY, "the Authorization header carries the key id")
    t.like(auth, "/eu-west-1/sts/aws4_request", "signed for the region and sts")
    t.like(auth, "SignedHeaders=content-type;host;x-amz-date", "the signed headers")
    t.is_(last.get("body"), "Action=GetCallerIdentity&Version=2011-06-15", "the body is GetCallerIdentity")

    r = whoami(base + "/ok", env={"AWS_SESSION_TOKEN": TOKEN, "AWS_ACCESS_KEY_ID": "ASIAQWERTYUIOPASDFGH"})
    last = json.load(urllib.request.urlopen(base + "/_last"))
    hdrs = {k.lower(): v for k, v in last.get("headers", {}).items()}
    t.is_(hdrs.get("x-amz-security-token"), TOKEN, "the session token goes in X-Amz-Security-Token")
    t.like(hdrs.get("authorization", ""), "x-amz-security-token", "the token header is signed")

    # clock
    r = whoami(base + "/drift")
    t.is_(r.code, 0, "Date 7 min ahead: still accepted, exit 0", repr(r))
    t.ok("clock-drift" in r.ids(), "Date 7 min ahead: clock-drift warning", repr(r))
    t.ok(400 <= (w(r).get("call") or {}).get("clock_skew_s", 0) <= 440, "Date 7 min ahead: skew about 420 s", repr(r))
    r = whoami(base + "/skew")
    t.is_(r.code, 1, "signature expired: exit 1", repr(r))
    t.ok("clock-skew" in r.ids(), "signature expired: clock-skew error", repr(r))
    r = whoami(base + "/nodate", ["-f", "text"])
    t.is_(r.code, 0, "no Date: exit 0", repr(r))
    t.like(r.out, "clock skew:  unknown", "no Date: skew unknown")

    # server and answer failures: exit 3, never a verdict
    for mode, kind, needle in (("500", "server", "HTTP 500"), ("garbage", "response", "not well-formed"),
                               ("truncxml", "response", "not well-formed"), ("html", "response", "is not an STS response"),
                               ("cutoff", "network", "cut off"), ("huge", "network", "larger than")):
        r = whoami(base + "/" + mode)
        t.is_(r.code, 3, "%s: exit 3" % mode, repr(r))
        err = (w(r).get("call") or {}).get("error") or {}
        t.is_(err.get("kind"), kind, "%s: error kind %s" % (mode, kind), repr(r))
        t.like(err.get("detail"), needle, "%s: the message says %r" % (mode, needle))
        t.ok(any(i in ("sts-bad-answer", "sts-unreachable") for i in r.ids()), "%s: finding" % mode, repr(r))

    # a hung connection: the timeout fires
    r = whoami(base + "/hang", ["--timeout", "1", "--connect-timeout", "1"])
    t.is_(r.code, 3, "hung server: exit 3", repr(r))
    t.like(((w(r).get("call") or {}).get("error") or {}).get("detail"), "did not answer in time", "hung server: timeout")

    r = livelib.run_tfauth(["doctor", "--live", "-f", "json", "--endpoint-url", base + "/hang", "--timeout", "1"],
                           env=CREDS, home=home)
    t.is_(r.code, 3, "doctor --live, hung server: exit 3", repr(r))
    t.ok("sts-unreachable" in r.ids(), "doctor --live, hung server: sts-unreachable", repr(r))
    r = livelib.run_tfauth(["doctor", "--live", "-f", "json", "--endpoint-url", base + "/500"], env=CREDS, home=home)
    t.is_(r.code, 3, "doctor --live, HTTP 500: exit 3", repr(r))
    t.is_((((r.json().get("resolution") or {}).get("live") or {}).get("call") or {}).get("status"), 500,
          "doctor --live: the call is in resolution.live")

    # nothing listening
    dead = livelib.free_port()
    r = whoami("http://127.0.0.1:%d/" % dead)
    t.is_(r.code, 3, "refused connection: exit 3", repr(r))
    t.like(((w(r).get("call") or {}).get("error") or {}).get("detail"), "cannot connect", "refused connection: said so")

    # opt-in region proven by the second call (the redirect hook sends both calls here)
    redirect = {"TFAUTH_TEST_STS_REDIRECT": base + "/region", "AWS_SESSION_TOKEN": TOKEN,
                "AWS_ACCESS_KEY_ID": "ASIAQWERTYUIOPASDFGH"}
    r = livelib.run_tfauth(["whoami", "-f", "json", "--region", "me-central-1"], env=dict(CREDS, **redirect), home=home)
    t.is_(r.code, 1, "opt-in region: exit 1 (refused where Terraform calls)", repr(r))
    t.ok("sts-refused-opt-in-region" in r.ids(), "opt-in region: proven", repr(r))
    t.is_((w(r).get("call") or {}).get("endpoint"), "https://sts.me-central-1.amazonaws.com/", "opt-in region: first endpoint")
    t.is_((w(r).get("second_call") or {}).get("endpoint"), "https://sts.us-east-1.amazonaws.com/", "opt-in region: second call labelled")
    r = livelib.run_tfauth(["whoami", "--region", "me-central-1"], env=dict(CREDS, **redirect), home=home)
    t.like(r.out, "second call: https://sts.us-east-1.amazonaws.com/", "opt-in region: text labels the second call")
    r = livelib.run_tfauth(["whoami", "-f", "json", "--region", "me-central-1", "--one-call"], env=dict(CREDS, **redirect), home=home)
    t.ok(w(r).get("second_call") is None and "sts-refused-token" in r.ids(), "--one-call: no second call", repr(r))
    r = livelib.run_tfauth(["whoami", "-f", "json", "--region", "cn-north-1"], env=dict(CREDS, TFAUTH_TEST_STS_REDIRECT=base + "/region"), home=home)
    t.ok("sts-refused-partition-mismatch" in r.ids(), "cn region with commercial keys: partition mismatch proven", repr(r))
    t.is_((w(r).get("call") or {}).get("endpoint"), "https://sts.cn-north-1.amazonaws.com.cn/", "cn region: the .com.cn endpoint")
    r = livelib.run_tfauth(["whoami", "-f", "json", "--region", "eu-west-1"], env=dict(CREDS, TFAUTH_TEST_STS_REDIRECT=base + "/region"), home=home)
    t.ok(w(r).get("second_call") is None and "sts-refused-unknown-key" in r.ids(), "default region: no second call", repr(r))

    # a proxy carries a plain-http call to another host; that host draws a warning
    r = livelib.run_tfauth(["whoami", "-f", "json", "--endpoint-url", "http://sts.example.test/"],
                           env=dict(CREDS, HTTP_PROXY=base), home=home)
    t.is_(r.code, 0, "through HTTP_PROXY: exit 0", repr(r))
    t.is_((w(r).get("call") or {}).get("proxy"), base, "through HTTP_PROXY: the proxy is reported")
    t.ok("sts-plain-http" in r.ids(), "plain http to another host: warning", repr(r))
    last = json.load(urllib.request.urlopen(base + "/_last"))
    t.is_(last.get("target"), "http://sts.example.test/", "the proxy saw the STS URL")

    # TLS: refused without the CA, accepted with AWS_CA_BUNDLE
    tmp = tempfile.mkdtemp()
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    g = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                       capture_output=True)
    if t.ok(g.returncode == 0, "a test certificate was made", g.stderr.decode()):
        tport = start([cert, key])
        turl = "https://127.0.0.1:%d/ok" % tport
        r = whoami(turl)
        t.is_(r.code, 3, "TLS without the CA: exit 3", repr(r))
        t.like(((w(r).get("call") or {}).get("error") or {}).get("detail"), "TLS", "TLS without the CA: said so")
        r = whoami(turl, env={"AWS_CA_BUNDLE": cert})
        t.is_(r.code, 0, "TLS with AWS_CA_BUNDLE: exit 0", repr(r))
    shutil.rmtree(tmp, ignore_errors=True)

    # bad input is a usage error, and nothing is sent
    r = livelib.run_tfauth(["whoami", "--endpoint-url", "ftp://127.0.0.1/"], env=CREDS, home=home)
    t.is_(r.code, 3, "ftp endpoint: refused before sending (no call made: exit 3)", repr(r))
    t.like(r.out, "only https:// and http://", "ftp endpoint: said so")
    r = livelib.run_tfauth(["whoami", "--timeout", "soon"], env=CREDS, home=home)
    t.is_(r.code, 2, "bad --timeout: exit 2", repr(r))
    r = livelib.run_tfauth(["whoami", "-f", "json", "--endpoint-url", base + "/ok"],
                           env=dict(CREDS, AWS_SESSION_TOKEN="abc\ndef" * 10, AWS_ACCESS_KEY_ID="ASIAQWERTYUIOPASDFGH"), home=home)
    t.is_(r.code, 3, "token with a line break: no call made, exit 3", repr(r))
    t.ok("sts-not-sent" in r.ids(), "token with a line break: not sent", repr(r))
    r = livelib.run_tfauth(["whoami", "-f", "json", "--endpoint-url", base + "/ok"], env={}, home=home)
    t.is_(r.code, 3, "no credentials: no call made, exit 3", repr(r))
    t.ok("sts-not-sent" in r.ids(), "no credentials: not sent", repr(r))
finally:
    for p in procs:
        if p.poll() is None:
            os.kill(p.pid, signal.SIGTERM)
            p.wait()
    shutil.rmtree(home, ignore_errors=True)
t.done()
