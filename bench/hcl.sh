#!/bin/sh
# bench/hcl.sh - the HCL parser and `tfauth scan` against what a user would
# reach for instead (issue 5):
#   1. parse throughput of tfauth's HCL parser (CPU time, so per core),
#   2. the same for HashiCorp's parser, @cdktf/hcl2json (HCL compiled to
#      WASM, from build/node), on a sample, and the ratio,
#   3. the whole `tfauth scan` against grep -rE 'AKIA[0-9A-Z]{16}' over the
#      same tree (hyperfine, wall clock),
#   4. peak memory of the scan on a tenth of the tree and on all of it (it
#      must not grow with the tree: files are read one at a time).
# The tree (HCL_BENCH_MB, default 100 MB of generated .tf files) lives in a
# temporary directory that is removed at the end.
set -eu
cd "$(dirname "$0")/.."
mb=${HCL_BENCH_MB:-100}
sample_mb=${HCL_BENCH_SAMPLE_MB:-5}
make -s build/tfauth build/t/helper/hcl-bench >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 bench/hcl-gen.py "$tmp/tree" "$mb" > "$tmp/gen.out"
printf 'locals {\n  leaked = "AKIAY34FZKBOKTSTVV7A"\n}\n' > "$tmp/tree/mod000/leak.tf"
sync # let writeback of the new tree finish: it competes for the CPU otherwise
bytes=$(du -sb "$tmp/tree" | cut -f1)
echo "tree: $(find "$tmp/tree" -name '*.tf' | wc -l) files, $bytes bytes"

find "$tmp/tree" -name '*.tf' | sort > "$tmp/all"
set -- $(build/t/helper/hcl-bench < "$tmp/all")
ours=$3
echo "tfauth HCL parser: $1 bytes in $2 s CPU = $3 MB/s per core ($4 files with errors)"

# hcl2json on a sample: it is far too slow for the whole tree
: > "$tmp/sample"
total=0
while read -r f; do
	s=$(stat -c %s "$f"); total=$((total + s)); echo "$f" >> "$tmp/sample"
	[ "$total" -ge $((sample_mb * 1000000)) ] && break
done < "$tmp/all"
if [ -d build/node/node_modules/@cdktf/hcl2json ]; then
	start=$(date +%s.%N)
	NODE_PATH=build/node/node_modules xargs node t/hcl/hcl2json-batch.js < "$tmp/sample" > /dev/null
	end=$(date +%s.%N)
	theirs=$(echo "$total $start $end" | awk '{ printf "%.2f", $1 / 1e6 / ($3 - $2) }')
	echo "@cdktf/hcl2json: $total bytes in $(echo "$start $end" | awk '{ printf "%.2f", $2 - $1 }') s = $theirs MB/s"
	echo "ratio: tfauth parses $(echo "$ours $theirs" | awk '{ printf "%.0f", $1 / $2 }')x faster than hcl2json"
else
	echo "@cdktf/hcl2json not installed (scripts/install-deps --test); skipped"
fi

hyperfine -N --warmup 2 --runs 20 -i --output=pipe --export-json "$tmp/h.json" \
	"build/tfauth scan --fail-on never -q $tmp/tree" \
	"grep -rE AKIA[0-9A-Z]{16} $tmp/tree" > "$tmp/h.out" 2>&1 || cat "$tmp/h.out"
python3 - "$tmp/h.json" "$bytes" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
b = int(sys.argv[2])
for x in r:
    print("%-60s %.3f s (+- %.3f) = %.0f MB/s" % (x["command"][:60], x["mean"], x["stddev"], b / 1e6 / x["mean"]))
print("ratio: tfauth scan takes %.2fx the time of grep" % (r[0]["mean"] / r[1]["mean"]))
PY

# CPU time (user + sys, best of 3): less sensitive than wall time to other
# load on a shared machine
cpu() {
	best=
	for i in 1 2 3; do
		/usr/bin/time -o "$tmp/time" -f '%U %S' "$@" > "$tmp/cpu.out" 2>&1 || true
		t=$(tail -1 "$tmp/time" | awk '{ print $1 + $2 }')
		if [ -z "$best" ] || awk "BEGIN { exit !($t < $best) }"; then best=$t; fi
	done
	echo "$best"
}
scan_cpu=$(cpu build/tfauth scan --fail-on never -q "$tmp/tree")
grep_cpu=$(cpu grep -rE 'AKIA[0-9A-Z]{16}' "$tmp/tree")
echo "CPU time: tfauth scan $scan_cpu s, grep $grep_cpu s (ratio $(echo "$scan_cpu $grep_cpu" | awk '{ if ($2 > 0) printf "%.1f", $1 / $2; else print "inf (grep under the 10 ms resolution)" }'))"
echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg)"

# peak memory: a tenth of the tree vs all of it
mkdir "$tmp/tenth"
n=$(ls "$tmp/tree" | wc -l)
ls "$tmp/tree" | head -n $(( (n + 9) / 10 )) | while read -r d; do ln -s "$tmp/tree/$d" "$tmp/tenth/$d"; done
# scan does not follow links inside a tree: give it the directories as operands
small=$( { /usr/bin/time -f %M build/tfauth scan --fail-on never -q $(ls -d "$tmp"/tenth/*/) > /dev/null; } 2>&1 | tail -1)
big=$( { /usr/bin/time -f %M build/tfauth scan --fail-on never -q "$tmp/tree" > /dev/null; } 2>&1 | tail -1)
echo "peak RSS: $small KB for a tenth of the tree, $big KB for all of it"
