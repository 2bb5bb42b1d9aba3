#!/usr/bin/env bash
# bench/explain.sh - `tfauth explain` on a 1 GB TF_LOG=trace-like file with a
# few failures buried in it, against `grep -c InvalidClientTokenId` and
# `cat > /dev/null` (hyperfine), plus max RSS (GNU time). grep's count goes
# to a file, not /dev/null: GNU grep notices /dev/null as its output and
# stops at the first match, which would time a fifth of the file. The file lives in
# /tmp and is removed afterwards; nothing is committed. Targets (issue 6):
# at least 1 GB/s, within 2x of the grep, constant memory.
#   TFAUTH=build/tfauth EXPLAIN_BENCH_MB=1024 bench/explain.sh
set -eu
cd "$(dirname "$0")/.."
tfauth=${TFAUTH:-build/tfauth}
mb=${EXPLAIN_BENCH_MB:-1024}
command -v hyperfine >/dev/null || { echo "bench: hyperfine is needed" >&2; exit 1; }
[ -x "$tfauth" ] || { echo "bench: build $tfauth first (make)" >&2; exit 1; }
dir=$(mktemp -d /tmp/tfauth-explain-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT

# One 1 MiB block of provider/SDK trace lines (realistic shapes: RPC
# served, signed HTTP requests with a credential scope, responses, hclog
# continuation lines), repeated, with four failures at fixed places.
python3 - "$dir/block" <<'PY'
import random, sys
rnd = random.Random(42)
out = []
size = 0
ops = ["GetCallerIdentity", "DescribeInstances", "ListObjectsV2", "GetBucketPolicy", "DescribeTable"]
while size < (1 << 20) - 4096:
    t = f"2024-01-05T10:{rnd.randrange(60):02d}:{rnd.randrange(60):02d}.{rnd.randrange(1000):03d}Z"
    k = rnd.randrange(10)
    rid = f"{rnd.randrange(16**8):08x}-{rnd.randrange(16**4):04x}-4{rnd.randrange(16**3):03x}-8{rnd.randrange(16**3):03x}-{rnd.randrange(16**12):012x}"
    op = rnd.choice(ops)
    if k < 4:
        line = (f"{t} [TRACE] provider.terraform-provider-aws: Served request: tf_proto_version=5.4 "
                f"tf_provider_addr=registry.terraform.io/hashicorp/aws tf_req_id={rid} tf_rpc=ReadResource "
                f"tf_resource_type=aws_s3_bucket @caller=github.com/hashicorp/terraform-plugin-go@v0.23.0/tfprotov5/tf5server/server.go:1127 @module=sdk.proto")
    elif k < 6:
        line = (f"{t} [DEBUG] provider.terraform-provider-aws: HTTP Request Sent: aws.operation={op} aws.region=eu-west-1 "
                f"http.method=POST http.request.header.authorization=\"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240105/eu-west-1/s3/aws4_request, "
                f"SignedHeaders=host;x-amz-date, Signature=*****\" http.request.header.x_amz_date=20240105T100000Z tf_req_id={rid}")
    elif k < 8:
        line = (f"{t} [DEBUG] provider.terraform-provider-aws: HTTP Response Received: aws.operation={op} aws.region=eu-west-1 "
                f"http.status_code=200 http.response.header.x_amzn_requestid={rid} http.duration={rnd.randrange(400)} tf_req_id={rid}\n"
                f"  http.response.body=\n  | <{op}Response><{op}Result><Items/></{op}Result></{op}Response>")
    else:
        line = (f"{t} [TRACE] vertex \"aws_s3_bucket.logs[{rnd.randrange(100)}]\": visit complete, with no errors; "
                f"evaluating the configuration of the resource and its dependencies before the graph walk continues")
    out.append(line)
    size += len(line) + 1
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
cat > "$dir/fail1" <<'F'
2024-01-05T10:00:00.000Z [DEBUG] provider.terraform-provider-aws: HTTP Response Received: aws.operation=GetCallerIdentity aws.region=eu-west-1 aws.service=STS http.status_code=403 tf_rpc=ConfigureProvider
  http.response.body=
  | <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>3f1c2a7e-5b8d-4e19-9a6f-0c2d4b6e8a10</RequestId></ErrorResponse>
F
cat > "$dir/fail2" <<'F'
2024-01-05T10:00:01.000Z [ERROR] provider.terraform-provider-aws: Response contains error diagnostic: diagnostic_summary="No valid credential sources found" diagnostic_detail="Error: failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, request canceled, context deadline exceeded" tf_rpc=ConfigureProvider
F
cat > "$dir/fail3" <<'F'
2024-01-05T10:00:02.000Z [ERROR] backend-s3: failed to upload state: operation error S3: PutObject, https response error StatusCode: 400, RequestID: 4358PTXS48AJM7TC, api error ExpiredToken: The provided token has expired.
F
: > "$dir/trace.log"
for i in $(seq 1 "$mb"); do
	cat "$dir/block" >> "$dir/trace.log"
	case $i in
	$((mb / 5))) cat "$dir/fail1" >> "$dir/trace.log" ;;
	$((mb / 2))) cat "$dir/fail2" >> "$dir/trace.log" ;;
	$((mb * 4 / 5))) cat "$dir/fail3" "$dir/fail1" >> "$dir/trace.log" ;;
	esac
done
bytes=$(stat -c %s "$dir/trace.log")
echo "input: $dir/trace.log, $bytes bytes"
cat "$dir/trace.log" > /dev/null # warm the page cache
"$tfauth" explain -f json "$dir/trace.log" > "$dir/out.json" || true
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("explain found:", ", ".join(f["category"] + "@" + str(f["evidence"][0]["line"]) for f in d["failures"]))' "$dir/out.json"
grep -c InvalidClientTokenId "$dir/trace.log" | sed 's/^/grep -c InvalidClientTokenId: /'

hyperfine --warmup 1 --runs "${EXPLAIN_BENCH_RUNS:-5}" --export-json "$dir/h.json" \
	-n "tfauth explain" "$tfauth explain $dir/trace.log > /dev/null; true" \
	-n "grep -c InvalidClientTokenId" "grep -c InvalidClientTokenId $dir/trace.log > $dir/grep.out" \
	-n "cat > /dev/null" "cat $dir/trace.log > /dev/null"
python3 - "$dir/h.json" "$bytes" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
wall = {x["command"]: x["mean"] for x in res}
cpu = {x["command"]: x["user"] + x["system"] for x in res}
b = int(sys.argv[2])
for name, r in (("wall", wall), ("cpu (user+sys, what a busy machine does not distort)", cpu)):
    t, g, c = r["tfauth explain"], r["grep -c InvalidClientTokenId"], r["cat > /dev/null"]
    print(f"{name}: tfauth explain {b / t / 1e9:.2f} GB/s (target >= 1), {t / g:.2f}x grep -c "
          f"(target <= 2), {t / c:.2f}x cat")
PY
if [ -x /usr/bin/time ]; then
	/usr/bin/time -v "$tfauth" explain "$dir/trace.log" 2> "$dir/time" > /dev/null || true
	grep "Maximum resident" "$dir/time" | sed 's/^\s*/tfauth explain: /'
	head -c $((bytes / 64)) "$dir/trace.log" > "$dir/small.log"
	/usr/bin/time -v "$tfauth" explain "$dir/small.log" 2> "$dir/time" > /dev/null || true
	grep "Maximum resident" "$dir/time" | sed "s/^\s*/tfauth explain on 1\/64 of it: /"
else
	echo "GNU time (/usr/bin/time) is missing: no RSS figure"
fi
