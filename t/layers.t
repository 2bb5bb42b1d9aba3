#!/bin/sh
# layers.t - scripts/layers (make layers): src/ has no include that runs up
# a floor, and the script does catch one (a fake tree with an upward
# include, a same-floor neighbour, and a directory without a floor).
cd "$(dirname "$0")/.." || exit 1
echo "1..4"
out=$(scripts/layers src 2>&1)
if [ $? -eq 0 ] && [ -z "$out" ]; then echo "ok 1 - src/ keeps the floors"; else
	echo "not ok 1 - src/ keeps the floors"; printf '%s\n' "$out" | sed 's/^/#   /'; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/core" "$tmp/src/aws" "$tmp/src/tf" "$tmp/src/checks" "$tmp/src/report"
printf '#include "core/x.h"\n#include "aws/y.h"\n' >"$tmp/src/aws/ok.c"
printf '#include "core/x.h"\n#include "checks/chain.h"\n' >"$tmp/src/tf/up.c"
out=$(scripts/layers "$tmp/src" 2>&1)
rc=$?
case $out in
*"$tmp/src/tf/up.c:2: error: tf (floor 2) includes checks/chain.h (floor 4)"*)
	[ $rc -eq 1 ] && echo "ok 2 - an upward include fails with file:line" ||
		echo "not ok 2 - an upward include fails with file:line # exit $rc" ;;
*) echo "not ok 2 - an upward include fails with file:line"; printf '%s\n' "$out" | sed 's/^/#   /' ;;
esac
rm "$tmp/src/tf/up.c"
printf '#include "report/r.h"\n' >"$tmp/src/aws/side.c"
out=$(scripts/layers "$tmp/src" 2>&1)
case $out in
*"side.c:1: error: aws (floor 1) includes report/r.h (floor 1)"*) echo "ok 3 - a same-floor neighbour fails" ;;
*) echo "not ok 3 - a same-floor neighbour fails"; printf '%s\n' "$out" | sed 's/^/#   /' ;;
esac
rm "$tmp/src/aws/side.c"
mkdir "$tmp/src/newdir" && : >"$tmp/src/newdir/a.c"
if scripts/layers "$tmp/src" 2>&1 | grep -q "directory 'newdir' has no floor"; then
	echo "ok 4 - a directory without a floor fails"; else echo "not ok 4 - a directory without a floor fails"; fi
