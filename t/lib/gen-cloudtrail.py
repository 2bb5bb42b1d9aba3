#!/usr/bin/env python3
"""gen-cloudtrail.py - deterministic synthetic CloudTrail logs for the trail
tests and the benchmark, and (with --expect) the summary tfauth trail must
produce, computed independently here (a differential oracle, not a copy of
the C code).

  gen-cloudtrail.py --records 10000 --seed 1 > f.json
  gen-cloudtrail.py --records 10000 --seed 1 --expect want.json > f.json
  gen-cloudtrail.py --format lookup ...   # {"Events":[{"CloudTrailEvent":"..."}]}
"""
import argparse
import base64
import datetime
import json
import random
import sys

KEYS = [
    "AKIASP2TPHJSQTSTJXYZ",  # decodes to 171436882533
    "ASIAY34FZKBOKTSTVV7A",  # 609629065308
    "ASIAVJ2E6QGR2TSTLJFM",  # 364679954851
    "AKIAIOSFODNN7EXAMPLE",  # old format: not decodable
    "AKIAQAAAAAAAGMKEM7X5",
]
IPS = ["203.0.113.7", "198.51.100.23", "192.0.2.44", "2001:db8::5"]
AGENTS = [
    ("APN/1.0 HashiCorp/1.0 Terraform/1.5.7 (+https://www.terraform.io) "
     "terraform-provider-aws/5.31.0 (+https://registry.terraform.io/providers/hashicorp/aws) "
     "aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64 api/sts#1.26.6",
     "Terraform 1.5.7, aws provider 5.31.0"),
    ("aws-sdk-go/1.44.122 (go1.19.3; linux; amd64) APN/1.0 HashiCorp/1.0 Terraform/1.3.6 "
     "(+https://www.terraform.io)", "Terraform 1.3.6 (S3 backend or core)"),
    ("aws-cli/2.13.0 Python/3.11.4 Linux/5.15.0 exe/x86_64.ubuntu.22 prompt/off "
     "command/sts.get-caller-identity", "aws-cli 2.13.0"),
    ("Boto3/1.28.0 md/Botocore#1.31.0 ua/2.0 os/linux#5.15 md/arch#x86_64 lang/python#3.11.4 "
     "Botocore/1.31.0", "boto3 1.28.0"),
    ("aws-sdk-java/2.20.1 Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.6+10-LTS Java/17.0.6",
     "aws-sdk-java 2.20.1"),
]
# (errorCode, eventSource, eventName, counts as an authentication failure)
FAILURES = [
    ("InvalidClientTokenId", "sts.amazonaws.com", "GetCallerIdentity", True),
    ("SignatureDoesNotMatch", "sts.amazonaws.com", "GetCallerIdentity", True),
    ("ExpiredToken", "s3.amazonaws.com", "ListBuckets", True),
    ("AccessDenied", "sts.amazonaws.com", "AssumeRole", True),
    ("AccessDenied", "s3.amazonaws.com", "GetObject", False),
    ("Client.AuthFailure", "ec2.amazonaws.com", "DescribeInstances", True),
    ("UnrecognizedClientException", "dynamodb.amazonaws.com", "GetItem", True),
    ("ThrottlingException", "sts.amazonaws.com", "AssumeRole", False),
]
REGIONS = ["eu-west-1", "us-east-1", "ap-east-1"]


def account_of(key):
    if len(key) != 20 or key[:4] not in ("AKIA", "ASIA") or key[4] not in "QRSTUVWXYZ234567":
        return None
    b = base64.b32decode(key[4:])
    z = int.from_bytes(b[:6], "big")
    return "%012d" % ((z & 0x7FFFFFFFFF80) >> 7)


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def mask(key):
    return key[:4] + "\u2026" + key[-4:] if key else "(none)"


def event(rng, i, t, fail):
    key = rng.choice(KEYS)
    ip = rng.choice(IPS)
    ua = rng.choice(AGENTS)[0]
    region = rng.choice(REGIONS)
    ev = {
        "eventVersion": "1.08",
        "userIdentity": {
            "type": "IAMUser",
            "principalId": "AIDAEXAMPLEUSERID%04d" % (i % 97),
            "arn": "arn:aws:iam::123456789012:user/ci-%d" % (i % 7),
            "accountId": "123456789012",
            "accessKeyId": key,
            "userName": "ci-%d" % (i % 7),
        },
        "eventTime": iso(t),
        "eventSource": "s3.amazonaws.com",
        "eventName": "GetObject",
        "awsRegion": region,
        "sourceIPAddress": ip,
        "userAgent": ua,
        "requestParameters": {"bucketName": "logs-%d" % (i % 13), "key": "a/b/c-%d.txt" % i,
                              "note": "quote \" backslash \\ brace { ] unicode \u00e9"},
        "responseElements": None,
        "requestID": "%016X" % rng.getrandbits(64),
        "eventID": "%08x-%04x-%04x-%04x-%012x" % (rng.getrandbits(32), rng.getrandbits(16),
                                                  rng.getrandbits(16), rng.getrandbits(16),
                                                  rng.getrandbits(48)),
        "readOnly": True,
        "eventType": "AwsApiCall",
        "managementEvent": False,
        "recipientAccountId": "123456789012",
        "eventCategory": "Data",
        "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                       "clientProvidedHostHeader": "s3.%s.amazonaws.com" % region},
    }
    if fail is not None:
        code, src, name, _ = fail
        ev["eventSource"] = src
        ev["eventName"] = name
        ev["errorCode"] = code
        ev["errorMessage"] = "The security token included in the request is invalid."
    return ev


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fail-rate", type=float, default=0.05)
    ap.add_argument("--start", default="2026-11-27T10:00:00Z")
    ap.add_argument("--step", type=int, default=1)
    ap.add_argument("--per-file", type=int, default=0, help="records per {\"Records\"} object (0: one object)")
    ap.add_argument("--format", choices=["records", "lookup", "lines"], default="records")
    ap.add_argument("--window", type=int, default=300)
    ap.add_argument("--burst", type=int, default=10)
    ap.add_argument("--expect")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    t0 = int(datetime.datetime.strptime(a.start, "%Y-%m-%dT%H:%M:%SZ")
             .replace(tzinfo=datetime.timezone.utc).timestamp())
    out = sys.stdout
    per = a.per_file or a.records
    dims = {k: {} for k in ("key", "ip", "agent", "service", "error")}
    key_times = {}
    times = []
    nfail = 0

    def add(dim, name, t):
        g = dims[dim].setdefault(name, [0, t, t])
        g[0] += 1
        g[1] = min(g[1], t)
        g[2] = max(g[2], t)

    for i in range(a.records):
        if i % per == 0:
            if i:
                out.write("]}\n")
            out.write('{"Records":[' if a.format == "records" else
                      '{"Events":[' if a.format == "lookup" else "")
        elif a.format != "lines":
            out.write(",")
        t = t0 + i * a.step
        fail = rng.choice(FAILURES) if rng.random() < a.fail_rate else None
        ev = event(rng, i, t, fail)
        if a.format == "lookup":
            out.write(json.dumps({"EventId": ev["eventID"], "EventName": ev["eventName"],
                                  "CloudTrailEvent": json.dumps(ev)}))
        else:
            out.write(json.dumps(ev))
            if a.format == "lines":
                out.write("\n")
        if fail and fail[3]:
            nfail += 1
            code = fail[0].replace("Client.", "")
            key = ev["userIdentity"]["accessKeyId"]
            acct = account_of(key) or "123456789012"
            add("key", (key, acct), t)
            key_times.setdefault((key, acct), {}).setdefault("t", []).append(t)
            key_times[(key, acct)].setdefault("codes", {}).setdefault(code, 0)
            key_times[(key, acct)]["codes"][code] += 1
            add("ip", ev["sourceIPAddress"], t)
            add("agent", dict(AGENTS)[ev["userAgent"]], t)
            add("service", (ev["eventSource"], ev["awsRegion"]), t)
            add("error", code, t)
            times.append(t)
    if a.records and a.format != "lines":
        out.write("]}\n")

    if not a.expect:
        return

    def wmax(ts):
        ts = sorted(ts)
        best, start, j = 0, None, 0
        for i, x in enumerate(ts):
            while x - ts[j] >= a.window:
                j += 1
            if i - j + 1 > best:
                best, start = i - j + 1, ts[j]
        return best, start

    def order(d):
        return sorted(d.items(), key=lambda kv: (-kv[1][0], kv[0]))

    exp = {"failures": nfail, "first": iso(min(times)) if times else None,
           "last": iso(max(times)) if times else None}
    m, s = wmax(times)
    exp["window"] = {"max_failures": m, "start": iso(s) if s else None}
    exp["by_access_key"] = []
    for (key, acct), g in order(dims["key"]):
        bm, bs = wmax(key_times[(key, acct)]["t"])
        codes = key_times[(key, acct)]["codes"]
        exp["by_access_key"].append({
            "access_key_id": mask(key), "account": acct, "failures": g[0],
            "first": iso(g[1]), "last": iso(g[2]),
            "errors": dict(sorted(codes.items(), key=lambda kv: (-kv[1], kv[0]))),
            "burst": {"failures": bm, "start": iso(bs)} if bm >= a.burst else None})
    exp["by_source_ip"] = [{"source_ip": k, "failures": g[0], "first": iso(g[1]), "last": iso(g[2])}
                           for k, g in order(dims["ip"])]
    exp["by_user_agent"] = [{"user_agent": k, "failures": g[0], "first": iso(g[1]), "last": iso(g[2])}
                            for k, g in order(dims["agent"])]
    exp["by_service"] = [{"event_source": k[0], "region": k[1], "failures": g[0],
                          "first": iso(g[1]), "last": iso(g[2])} for k, g in order(dims["service"])]
    exp["by_error_code"] = [{"error_code": k, "failures": g[0], "first": iso(g[1]), "last": iso(g[2])}
                            for k, g in order(dims["error"])]
    with open(a.expect, "w") as f:
        json.dump(exp, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
