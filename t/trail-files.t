#!/usr/bin/env bash
# trail-files.t - tfauth trail on generated CloudTrail files: gzip,
# multi-member gzip, a truncated gzip member, malformed records, a 10,000
# record file, lookup-events and directories. The expected summaries come
# from t/lib/gen-cloudtrail.py --expect, computed there independently of
# the C code, and are compared field by field (exact counts and times).
set -u
here=$(cd "$(dirname "$0")" && pwd)
tfauth=${TFAUTH:-$here/../build/tfauth}
gen="python3 $here/lib/gen-cloudtrail.py"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
run() { env -i HOME="$tmp" PATH=/usr/bin:/bin "$tfauth" "$@"; }
compare() { # want.json got.json -> 0 when every expected field matches
	python3 - "$1" "$2" <<'PY'
import json, sys
w = json.load(open(sys.argv[1])); g = json.load(open(sys.argv[2]))["trail"]
bad = 0
for k, v in w.items():
    gv = g[k]
    if k == "window":
        gv = {"max_failures": gv["max_failures"], "start": gv["start"]}
    if v != gv:
        bad = 1
        print("# %s differs:\n#  want %s\n#  got  %s" % (k, json.dumps(v)[:400], json.dumps(gv)[:400]))
sys.exit(bad)
PY
}

# 1. 10,000 records, plain and gzip: exact summary against the oracle
$gen --records 10000 --seed 7 --expect "$tmp/want.json" > "$tmp/big.json"
run trail --top 0 --format json "$tmp/big.json" > "$tmp/got.json"; ok $? "10,000 records: exit 0"
compare "$tmp/want.json" "$tmp/got.json"; ok $? "10,000 records: summary matches the oracle"
records=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["trail"]["input"]["records"])' "$tmp/got.json")
[ "$records" = 10000 ]; ok $? "10,000 records: all read ($records)"
gzip -c "$tmp/big.json" > "$tmp/big.json.gz"
run trail --top 0 --format json "$tmp/big.json.gz" > "$tmp/gotgz.json"
compare "$tmp/want.json" "$tmp/gotgz.json"; ok $? "gzip: same summary"

# 2. multi-member gzip: two files' worth in one .gz (CloudTrail objects may be concatenated)
$gen --records 3000 --seed 3 --per-file 1000 --expect "$tmp/want3.json" > "$tmp/three.json"
head -c 1500000 "$tmp/three.json" > "$tmp/part1"; tail -c +1500001 "$tmp/three.json" > "$tmp/part2"
{ gzip -c "$tmp/part1"; gzip -c "$tmp/part2"; } > "$tmp/multi.json.gz"
run trail --top 0 --format json "$tmp/multi.json.gz" > "$tmp/gotm.json" 2> "$tmp/errm"
compare "$tmp/want3.json" "$tmp/gotm.json"; ok $? "multi-member gzip split mid-record: same summary"
[ ! -s "$tmp/errm" ]; ok $? "multi-member gzip: no diagnostics"

# 3. a truncated gzip member: the run goes on and says where
{ gzip -c "$tmp/part1"; gzip -c "$tmp/part2" | head -c 20000; } > "$tmp/trunc.json.gz"
run trail --format json "$tmp/trunc.json.gz" "$tmp/big.json.gz" > "$tmp/gott.json" 2> "$tmp/errt"; code=$?
[ $code = 0 ]; ok $? "truncated member: exit 0 (damage is a warning), got $code"
grep -q "trunc.json.gz: error: gzip member is truncated: the file ends at compressed byte" "$tmp/errt"; ok $? "truncated member reported with its file"
grep -q "trunc.json.gz:[0-9]*:[0-9]*: error: record [0-9]* is truncated: the input ends inside it" "$tmp/errt"; ok $? "the cut record is reported with its position"
python3 - "$tmp/gott.json" <<'PY'; ok $? "truncated member: later files still read, damage in the JSON"
import json, sys
d = json.load(open(sys.argv[1])); t = d["trail"]
assert t["input"]["files"] == 2 and t["input"]["gzip_errors"] == 1 and t["input"]["damaged"] == 1, t["input"]
assert t["input"]["records"] > 10000, t["input"]
assert any(f["id"] == "trail-input-damaged" for f in d["findings"])
PY

# 4. malformed records in a gzip file: reported with record numbers, the rest counted
python3 - "$tmp/big.json" "$tmp/bad.json" <<'PY'
import json, sys
recs = json.load(open(sys.argv[1]))["Records"][:50]
parts = [json.dumps(r) for r in recs]
parts[10] = parts[10].replace('"eventTime"', '"eventTime" 1', 1)   # not JSON
parts[20] = '"not an object"'
open(sys.argv[2], "w").write('{"Records":[' + ",".join(parts) + "]}")
PY
gzip -f "$tmp/bad.json"
run trail --strict --format json "$tmp/bad.json.gz" > "$tmp/gotb.json" 2> "$tmp/errb"
grep -q "bad.json.gz:1:[0-9]*: error: record 11 is not valid JSON" "$tmp/errb"; ok $? "malformed record 11 reported"
grep -q "bad.json.gz:1:[0-9]*: error: record 21 is a string, not an event object" "$tmp/errb"; ok $? "non-object record 21 reported"
python3 -c 'import json,sys; i=json.load(open(sys.argv[1]))["trail"]["input"]; sys.exit(not (i["records"]==49 and i["malformed"]==1 and i["damaged"]==1))' "$tmp/gotb.json"; ok $? "49 records read, 1 malformed, 1 damaged"

# 5. lookup-events output and JSON Lines give the same summary as the S3 files
$gen --records 500 --seed 5 --fail-rate 0.3 --format lookup --expect "$tmp/wantl.json" > "$tmp/lookup.json"
run trail --top 0 --format json "$tmp/lookup.json" > "$tmp/gotl.json"
compare "$tmp/wantl.json" "$tmp/gotl.json"; ok $? "lookup-events: summary matches"
$gen --records 500 --seed 5 --fail-rate 0.3 --format lines > "$tmp/lines.json"
run trail --top 0 --format json "$tmp/lines.json" > "$tmp/gotli.json"
compare "$tmp/wantl.json" "$tmp/gotli.json"; ok $? "JSON Lines: summary matches"

# 6. directories are walked recursively; other files are ignored
mkdir -p "$tmp/logs/AWSLogs/1/CloudTrail/eu-west-1/2026/11/27" "$tmp/logs/AWSLogs/1/CloudTrail/us-east-1"
cp "$tmp/big.json.gz" "$tmp/logs/AWSLogs/1/CloudTrail/eu-west-1/2026/11/27/a.json.gz"
cp "$tmp/multi.json.gz" "$tmp/logs/AWSLogs/1/CloudTrail/us-east-1/b.json.gz"
echo "not json" > "$tmp/logs/AWSLogs/notes.txt"
run trail --format json "$tmp/logs" > "$tmp/gotd.json" 2> "$tmp/errd"
python3 -c 'import json,sys; i=json.load(open(sys.argv[1]))["trail"]["input"]; sys.exit(not (i["files"]==2 and i["records"]==13000))' "$tmp/gotd.json"; ok $? "directory walk: 2 files, 13000 records"
[ ! -s "$tmp/errd" ]; ok $? "directory walk: no diagnostics"

# the parallel read of several files merges to exactly three times one file
mkdir -p "$tmp/three"
for i in 1 2 3; do cp "$tmp/big.json.gz" "$tmp/three/$i.json.gz"; done
run trail --top 0 --format json "$tmp/three" > "$tmp/got3.json"
python3 - "$tmp/want.json" "$tmp/got3.json" <<'PY'; ok $? "three files read in parallel: every group is three times the oracle"
import json, sys
w = json.load(open(sys.argv[1])); g = json.load(open(sys.argv[2]))["trail"]
assert g["failures"] == 3 * w["failures"], (g["failures"], w["failures"])
for dim in ("by_access_key", "by_source_ip", "by_user_agent", "by_service", "by_error_code"):
    for a, b in zip(w[dim], g[dim]):
        assert b["failures"] == 3 * a["failures"] and b["first"] == a["first"] and b["last"] == a["last"], (dim, a, b)
for a, b in zip(w["by_access_key"], g["by_access_key"]):
    assert b["errors"] == {k: 3 * v for k, v in a["errors"].items()}, (a, b)
PY

# 7. the threshold exit code on generated data, and stdin
run trail --threshold 1000 "$tmp/big.json.gz" > /dev/null; ok $? "threshold not crossed: exit 0"
run trail --threshold 5 --window 1m < "$tmp/big.json.gz" > "$tmp/out7"; code=$?
[ $code = 1 ]; ok $? "threshold crossed on stdin: exit 1 (got $code)"
grep -q "auth-failure-threshold" "$tmp/out7"; ok $? "threshold finding in the report"

# 8. memory stays flat: 20 concatenated copies of the file (about 200 MB of
# JSON) need no more memory than one copy (ASan keeps freed memory in a
# quarantine: kept small here); without sanitizers, under 50 MB
if [ -x /usr/bin/time ]; then
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do cat "$tmp/big.json.gz"; done > "$tmp/x20.json.gz"
	/usr/bin/time -f %M -o "$tmp/rss1" env -i ASAN_OPTIONS=quarantine_size_mb=1 "$tfauth" trail "$tmp/big.json.gz" > /dev/null
	/usr/bin/time -f %M -o "$tmp/rss" env -i ASAN_OPTIONS=quarantine_size_mb=1 "$tfauth" trail "$tmp/x20.json.gz" > /dev/null
	rss1=$(tail -1 "$tmp/rss1"); rss=$(tail -1 "$tmp/rss")
	[ $((rss - rss1)) -lt 8192 ]; ok $? "20x the input, flat memory (max RSS ${rss1} KB for 10 MB, ${rss} KB for 200 MB)"
	if ldd "$tfauth" 2>/dev/null | grep -q 'libasan\|libubsan'; then
		echo "ok $((n = n + 1)) # skip the 50 MB bound: sanitizers inflate the RSS"
	else
		[ "$rss" -lt 51200 ]; ok $? "200 MB of JSON in under 50 MB of memory (${rss} KB)"
	fi
else
	echo "not ok $((n = n + 1)) - /usr/bin/time is missing (Debian package time)"
fi
echo "1..$n"
