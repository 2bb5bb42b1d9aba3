#!/usr/bin/env bash
# Differential test of the HCL parser against HashiCorp's own (HCL compiled
# to WASM in @cdktf/hcl2json, installed by scripts/install-deps --test into
# build/node). Corpus: the hand-written files in t/hcl/corpus (valid) and
# t/hcl/bad (both parsers must refuse them), plus 300 files generated from a
# fixed seed by t/hcl/gen-corpus.py. The comparison (t/hcl/compare.py)
# covers blocks, labels, attribute names and literal values; known,
# documented differences are listed in t/hcl/EXCEPTIONS.md.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${TFAUTH_BUILD:-$root/build}
dump=$build/t/helper/hcl-dump
node_modules=$root/build/node/node_modules
echo "1..4"
if [ ! -d "$node_modules/@cdktf/hcl2json" ]; then
	echo "not ok 1 - @cdktf/hcl2json is not installed in $node_modules (run scripts/install-deps --test)"
	echo "not ok 2 # skipped: no peer"; echo "not ok 3 # no peer"; echo "not ok 4 # no peer"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/gen"
python3 "$here/hcl/gen-corpus.py" 1 300 "$tmp/gen"
n=$(ls "$tmp/gen" | wc -l)
[ "$n" -ge 300 ] && echo "ok 1 - generated $n files" || echo "not ok 1 - generated only $n files"

run() { # name files...
	local name=$1; shift
	NODE_PATH=$node_modules node "$here/hcl/hcl2json-batch.js" "$@" > "$tmp/$name.theirs"
	"$dump" "$@" > "$tmp/$name.ours" 2> "$tmp/$name.err"
	python3 "$here/hcl/compare.py" "$tmp/$name.theirs" "$tmp/$name.ours" > "$tmp/$name.cmp"
}
check() { # num name want-description
	local num=$1 name=$2 last total agree
	last=$(tail -1 "$tmp/$name.cmp")
	agree=${last#agree }; agree=${agree%/*}; total=${last#*/}
	if [ "$agree" = "$total" ] && [ "$total" -gt 0 ]; then
		echo "ok $num - $3: $last"
	else
		echo "not ok $num - $3: $last"
		grep -v '^same' "$tmp/$name.cmp" | head -20 | sed 's/^/# /'
	fi
}
run hand "$here"/hcl/corpus/*.tf "$here"/hcl/bad/*.tf
check 2 hand "hand-written corpus and invalid files"
run gen "$tmp"/gen/*.tf
check 3 gen "generated corpus (seed 1)"
# every invalid file must have produced a positioned error
bad_total=$(ls "$here"/hcl/bad/*.tf | wc -l)
bad_err=$(grep -c '^[^:]*/bad/[^:]*:[0-9]*:[0-9]*: error: ' "$tmp/hand.err" | head -1)
files_with_err=$(grep -o '^[^:]*/bad/[^:]*' "$tmp/hand.err" | sort -u | wc -l)
if [ "$files_with_err" -eq "$bad_total" ]; then
	echo "ok 4 - each of $bad_total invalid files has a file:line:col error ($bad_err errors)"
else
	echo "not ok 4 - only $files_with_err of $bad_total invalid files have a positioned error"
fi
