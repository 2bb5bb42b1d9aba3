#!/bin/sh
# bench/live.sh - `tfauth whoami` against `aws sts get-caller-identity`, both
# against the same moto_server on 127.0.0.1 with authentication enforced,
# end to end (process start, credential lookup, signing, the call, output).
# Prints hyperfine's table and the ratio; the target is >= 50x.
set -eu
cd "$(dirname "$0")/.."
tfauth=${TFAUTH:-$PWD/build/tfauth}
[ -x "$tfauth" ] || { echo "bench: build tfauth first (make)" >&2; exit 1; }
command -v aws >/dev/null 2>&1 || { echo "bench: the AWS CLI (aws) is needed" >&2; exit 1; }
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY INITIAL_NO_AUTH_ACTION_COUNT=2 \
	moto_server -H 127.0.0.1 -p "$port" >"$tmp/moto.log" 2>&1 &
pid=$!
url=http://127.0.0.1:$port
python3 - "$url" "$tmp/env" <<'PY'
import sys, time, socket, botocore.session
url, out = sys.argv[1], sys.argv[2]
port = int(url.rsplit(":", 1)[1])
for _ in range(300):
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close(); break
    except OSError:
        time.sleep(0.1)
c = botocore.session.Session().create_client("iam", region_name="us-east-1", endpoint_url=url,
    aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="x")
c.create_user(UserName="bench")
k = c.create_access_key(UserName="bench")["AccessKey"]
open(out, "w").write("AWS_ACCESS_KEY_ID=%s\nAWS_SECRET_ACCESS_KEY=%s\n" % (k["AccessKeyId"], k["SecretAccessKey"]))
PY
set -a; . "$tmp/env"; set +a
export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 HOME="$tmp"
unset AWS_CA_BUNDLE AWS_PROFILE AWS_SESSION_TOKEN
# both must succeed before they are timed
"$tfauth" whoami --endpoint-url "$url" >/dev/null
aws sts get-caller-identity --endpoint-url "$url" >/dev/null
hyperfine -N --warmup 3 --min-runs 20 --export-json "$tmp/h.json" \
	-n tfauth "$tfauth whoami --endpoint-url $url" \
	-n aws-cli "aws sts get-caller-identity --endpoint-url $url"
python3 - "$tmp/h.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
for stat in ("mean", "median", "min"):
    t, a = r["tfauth"][stat], r["aws-cli"][stat]
    print("%-6s tfauth whoami %.1f ms, aws sts get-caller-identity %.1f ms: %.0fx faster (target 50x)"
          % (stat, t * 1000, a * 1000, a / t))
t = r["tfauth"]["user"] + r["tfauth"]["system"]
a = r["aws-cli"]["user"] + r["aws-cli"]["system"]
print("cpu    tfauth %.1f ms, aws %.1f ms: %.0fx less CPU" % (t * 1000, a * 1000, a / t))
PY
