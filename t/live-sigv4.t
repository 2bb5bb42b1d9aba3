#!/usr/bin/env python3
# live-sigv4.t - differential test of tfauth's SigV4 signer against
# botocore's SigV4Auth: 300 generated requests (methods, hosts with ports,
# paths with dot segments, escapes and UTF-8, repeated and unsorted query
# parameters, headers with runs of white space and repeated names, unsigned
# hop-by-hop headers, bodies, session tokens, secrets with + and /); the
# canonical request, the string to sign and the signature must all agree.
# botocore missing is a failure, not a skip.
import os
import random
import subprocess
import sys
import time

build = os.environ.get("TFAUTH_BUILD") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build")
helper = os.path.join(build, "t", "helper", "sigv4-dump")
N = 300

try:
    from botocore.auth import SigV4Auth, _host_from_url
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError as e:
    print("1..1")
    print("not ok 1 - botocore is needed for the signer differential test (%s); "
          "install it: pip install botocore" % e)
    sys.exit(1)

if not os.access(helper, os.X_OK):
    print("1..1")
    print("not ok 1 - %s is missing; run make unit-tests" % helper)
    sys.exit(1)

rng = random.Random(20261128)
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
KEYCH = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
PATHCH = "abcXYZ019-_.~/%+=:@!$&'()*,; " + "/" * 6 + "é✓ü"
QCH = "abcXYZ019-_.~/%+=:@!$&'()*,; é"
HVCH = "abcXYZ019-_.~/%+=:@!$&'()*,;\"<>{}[]"
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-4", "cn-north-1", "us-gov-west-1", "me-central-1"]
SERVICES = ["sts", "iam", "s3", "execute-api", "sts"]
HOSTS = ["sts.{r}.amazonaws.com", "127.0.0.1:{p}", "LOCALHOST:{p}", "sts.amazonaws.com:443",
         "example.com", "[::1]:{p}", "sts.{r}.amazonaws.com.cn"]


def rstr(chars, lo, hi):
    return "".join(rng.choice(chars) for _ in range(rng.randint(lo, hi)))


def gen_path():
    kind = rng.random()
    if kind < 0.1:
        return ""
    if kind < 0.25:
        return "/"
    segs = []
    for _ in range(rng.randint(1, 6)):
        r = rng.random()
        segs.append("." if r < 0.1 else ".." if r < 0.2 else "" if r < 0.3 else rstr(PATHCH, 1, 8))
    p = "/" + "/".join(segs)
    if rng.random() < 0.3:
        p += "/"
    return p


def gen_headers(body):
    h = []
    if rng.random() < 0.7:
        h.append(("Content-Type", rng.choice(["application/x-www-form-urlencoded; charset=utf-8",
                                                "application/json", "  text/plain  "])))
    for _ in range(rng.randint(0, 5)):
        r = rng.random()
        if r < 0.15:
            name = rng.choice(["User-Agent", "Expect", "Connection", "X-Amzn-Trace-Id", "Transfer-Encoding"])
        elif r < 0.25:
            name = "Host"
        elif r < 0.3:
            name = "X-Amz-Content-SHA256"
        else:
            name = "X-" + rstr("abcdefABCDEF-019", 1, 10)
        val = rstr(HVCH + "  \t", 0, 20)
        if rng.random() < 0.3:
            val = "  " + val + " \t "
        if name == "Host" and rng.random() < 0.5:
            val = "Example.COM:8443"
        if any(n.lower() == name.lower() for n, _ in h) and rng.random() < 0.5:
            name = name.upper()  # same header, other case: joined with ','
        h.append((name, val))
    # duplicates only through case variants (a dict holds one of each spelling)
    seen = set()
    out = []
    for n, v in h:
        if n in seen:
            continue
        seen.add(n)
        out.append((n, v))
    return out


def gen_secret():
    s = rstr(B64, 40, 40)
    r = rng.random()
    if r < 0.3:  # make sure + and / appear, also at the edges
        s = "+" + s[1:20] + "/" + s[21:39] + rng.choice("+/")
    elif r < 0.4:
        s = "/" + s[1:]
    return s


def hx(s):
    if s is None:
        return "-"
    if isinstance(s, str):
        s = s.encode("utf-8")
    return "x" + s.hex()


lines = []
cases = []
for i in range(N):
    region = rng.choice(REGIONS)
    service = rng.choice(SERVICES)
    host = rng.choice(HOSTS).format(r=region, p=rng.randint(1024, 65535))
    method = rng.choice(["GET", "POST", "PUT", "DELETE", "HEAD", "post"])
    path = gen_path()
    query = []
    for _ in range(rng.choice([0, 0, 1, 2, 3, 5])):
        k = rstr(QCH, 1, 6)
        query.append((k, rstr(QCH, 0, 8)))
        if rng.random() < 0.2:
            query.append((k, rstr(QCH, 0, 4)))  # repeated key
    body = b""
    r = rng.random()
    if r < 0.4:
        body = b"Action=GetCallerIdentity&Version=2011-06-15"
    elif r < 0.7:
        body = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
    headers = gen_headers(body)
    key = rng.choice(["AKIA", "ASIA"]) + rstr(KEYCH, 16, 16)
    secret = gen_secret()
    token = rstr(B64, 100, 600) + "==" if rng.random() < 0.4 else None
    when = rng.randint(946684800, 2208988800)

    url = "https://" + host + path
    req = AWSRequest(method=method, url=url, data=body, headers=dict(headers), params=query)
    auth = SigV4Auth(Credentials(key, secret, token), service, region)
    req.context["timestamp"] = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(when))
    auth._modify_request_before_signing(req)
    cr = auth.canonical_request(req)
    sts = auth.string_to_sign(req, cr)
    sig = auth.signature(sts, req)
    cases.append((cr, sts, sig, secret))

    f = [hx(method), hx(_host_from_url(url)), hx(path), hx(region), hx(service), hx(str(when)),
         hx(key), hx(secret), hx(token), hx(body), str(len(query))]
    for k, v in query:
        f += [hx(k), hx(v)]
    f.append(str(len(headers)))
    for k, v in headers:
        f += [hx(k), hx(v)]
    lines.append(" ".join(f))

p = subprocess.run([helper], input=("\n".join(lines) + "\n").encode(), capture_output=True)
out = p.stdout.decode().split("\n")
print("1..%d" % (3 * N + 2))
n = 0
agree = 0
with_special = 0
for i, (cr, sts, sig, secret) in enumerate(cases):
    got = out[3 * i:3 * i + 3] if len(out) >= 3 * i + 3 else ["", "", ""]
    try:
        gcr = bytes.fromhex(got[0]).decode("utf-8")
        gsts = bytes.fromhex(got[1]).decode("utf-8")
    except ValueError:
        gcr = gsts = "<undecodable: %r>" % got[:2]
    all_ok = True
    for what, g, w in (("canonical request", gcr, cr), ("string to sign", gsts, sts), ("signature", got[2], sig)):
        n += 1
        if g == w:
            print("ok %d - request %d: %s" % (n, i, what))
        else:
            all_ok = False
            print("not ok %d - request %d: %s" % (n, i, what))
            for line in ("want: %r" % w, "got:  %r" % g):
                print("# " + line[:2000])
    agree += all_ok
    with_special += all_ok and ("+" in secret and "/" in secret)
n += 1
print("%s %d - helper exited 0" % ("ok" if p.returncode == 0 else "not ok", n))
n += 1
print("%s %d - secrets with both + and / were covered (%d agreeing)" % (
    "ok" if with_special >= 20 else "not ok", n, with_special))
print("# agreement with botocore %s: %d/%d requests" % (
    __import__("botocore").__version__, agree, N))
