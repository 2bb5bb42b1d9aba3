#!/bin/sh
# bench/trail.sh - tfauth trail against `zcat | jq` doing the same grouping
# (bench/trail.jq) on generated gzipped CloudTrail logs laid out as
# CloudTrail delivers them to S3. The logs live in a temp dir and are
# removed afterwards; nothing is committed.
#
#   BENCH_TRAIL_MB   size of the gzipped logs in MB (default 1024)
#   BENCH_RUNS       runs per command (default 3 for tfauth, 1 for jq)
#
# Prints both times, the ratio (target: tfauth at least 10x faster) and
# tfauth's peak memory (target: under 50 MB) from /usr/bin/time -v.
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

# the two agree on the number of failures
want=$(find "$tmp/logs" -name '*.json.gz' -exec zcat {} + | jq -n -f bench/trail.jq | jq .failures)
got=$("$tfauth" trail --format json "$tmp/logs" | jq .trail.failures)
echo "bench: failures found: tfauth $got, jq $want"
[ "$got" = "$want" ] || { echo "bench: tfauth and jq disagree" >&2; exit 1; }

hyperfine -N --runs "${BENCH_RUNS:-3}" --export-json "$tmp/t.json" \
	"$tfauth trail --format json $tmp/logs" >&2
hyperfine --runs "${BENCH_RUNS:-1}" --export-json "$tmp/j.json" \
	"find $tmp/logs -name '*.json.gz' -exec zcat {} + | jq -n -f bench/trail.jq" >&2
/usr/bin/time -v "$tfauth" trail "$tmp/logs" 2> "$tmp/mem" > /dev/null
python3 - "$tmp/t.json" "$tmp/j.json" "$tmp/mem" <<'PY'
import json, re, sys
t = json.load(open(sys.argv[1]))["results"][0]["mean"]
j = json.load(open(sys.argv[2]))["results"][0]["mean"]
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(sys.argv[3]).read()).group(1))
print("trail: tfauth %.2f s, zcat|jq %.2f s: tfauth is %.1fx faster (target 10x)" % (t, j, j / t))
print("trail: tfauth peak memory %.1f MB (target < 50 MB)" % (rss / 1024))
PY
