#!/bin/sh
# bench/trail.sh - tfauth trail against `zcat | jq` doing the same grouping
# (bench/trail.jq) on generated gzipped CloudTrail logs laid out as
# CloudTrail delivers them to S3. The logs live in a temp dir and are
# removed afterwards; nothing is committed.
#
#   BENCH_TRAIL_MB   size of the gzipped logs in MB (default 1024)
#   BENCH_RUNS       runs of tfauth (default 3); zcat|jq runs once (minutes)
#
# Prints both times, the ratio (target: tfauth at least 10x faster), how
# many groups the two agree on, and tfauth's peak memory (target: under
# 50 MB) from /usr/bin/time -v.
set -eu
cd "$(dirname "$0")/.."
tfauth=${TFAUTH:-$PWD/build/tfauth}
mb=${BENCH_TRAIL_MB:-1024}
for tool in hyperfine jq zcat python3 /usr/bin/time; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is needed" >&2; exit 1; }
done
[ -x "$tfauth" ] || { echo "bench: build tfauth first (make)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# eight distinct files (20,000 events each, 1% failures), copied until the
# logs reach the size asked for, one day directory per 24 files
echo "bench: generating ${mb} MB of gzipped CloudTrail logs in $tmp"
for s in 1 2 3 4 5 6 7 8; do
	python3 t/lib/gen-cloudtrail.py --records 20000 --seed $s --fail-rate 0.01 \
		--start "2026-11-0${s}T00:00:00Z" | gzip -6 > "$tmp/base$s.json.gz"
done
total=0 i=0 limit=$((mb * 1024 * 1024))
while [ $total -lt $limit ]; do
	s=$((i % 8 + 1)); day=$((i / 24 % 28 + 1))
	d="$tmp/logs/AWSLogs/123456789012/CloudTrail/eu-west-1/2026/11/$(printf %02d $day)"
	mkdir -p "$d"
	f="$d/123456789012_CloudTrail_eu-west-1_20261101T0000Z_$(printf %06d $i).json.gz"
	cp "$tmp/base$s.json.gz" "$f"
	total=$((total + $(stat -c %s "$f"))); i=$((i + 1))
done
raw=$(for s in 1 2 3 4 5 6 7 8; do zcat "$tmp/base$s.json.gz" | wc -c; done | awk -v n=$i '{t+=$1} END {printf "%.1f", t/8*n/1e9}')
echo "bench: $i files, $((total / 1048576)) MB gzipped, about $raw GB of JSON"

hyperfine -N --runs "${BENCH_RUNS:-3}" --export-json "$tmp/t.json" \
	"$tfauth trail --top 0 --format json $tmp/logs" >&2
"$tfauth" trail --top 0 --format json "$tmp/logs" > "$tmp/tfauth.out"
/usr/bin/time -v "$tfauth" trail "$tmp/logs" 2> "$tmp/mem" > /dev/null
echo "bench: zcat | jq (one run)" >&2
start=$(date +%s.%N)
find "$tmp/logs" -name '*.json.gz' -exec zcat {} + | jq -n -f bench/trail.jq > "$tmp/jq.out"
end=$(date +%s.%N)
python3 - "$tmp/t.json" "$start" "$end" "$tmp/mem" "$tmp/tfauth.out" "$tmp/jq.out" <<'PY'
import json, re, sys
t = json.load(open(sys.argv[1]))["results"][0]["mean"]
j = float(sys.argv[3]) - float(sys.argv[2])
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(sys.argv[4]).read()).group(1))
tf = json.load(open(sys.argv[5]))["trail"]; jq = json.load(open(sys.argv[6]))
def mask(k): return k[:4] + "\u2026" + k[-4:] if k and k != "null" else "(none)"
pairs = [("by_access_key", lambda g: g["access_key_id"], lambda g: mask(g["key"])),
         ("by_source_ip", lambda g: g["source_ip"], lambda g: g["key"]),
         ("by_service", lambda g: json.dumps([g["event_source"], g["region"]], separators=(",", ":")), lambda g: g["key"]),
         ("by_error_code", lambda g: g["error_code"], lambda g: g["key"])]
agree = total = 0
for dim, tk, jk in pairs:
    a = {tk(g): (g["failures"], g["first"], g["last"]) for g in tf[dim]}
    b = {jk(g): (g["failures"], g["first"], g["last"]) for g in jq[dim]}
    for k in set(a) | set(b):
        total += 1
        agree += a.get(k) == b.get(k)
print("trail: failures: tfauth %d, jq %d; groups that agree (count, first, last): %d of %d"
      % (tf["failures"], jq["failures"], agree, total))
print("trail: tfauth %.2f s, zcat|jq %.2f s: tfauth is %.1fx faster (target 10x)" % (t, j, j / t))
print("trail: tfauth peak memory %.1f MB (target < 50 MB)" % (rss / 1024))
sys.exit(0 if agree == total and tf["failures"] == jq["failures"] else 1)
PY
