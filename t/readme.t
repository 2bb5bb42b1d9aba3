#!/bin/bash
# readme.t - the README's example output is what the binary prints. The
# block between the readme-example markers is `tfauth doctor` run with
# t/readme/example.env in an empty HOME and directory, indented by four.
# TFAUTH_README_UPDATE=1 rewrites the block from the real binary.
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
tfauth=${TFAUTH:-$root/build/tfauth}
readme=$root/README.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/work"

echo "1..2"
mapfile -t envargs < "$here/readme/example.env"
( cd "$tmp/work" && env -i HOME="$tmp/home" PATH=/usr/bin:/bin "${envargs[@]}" \
	"$tfauth" doctor > "$tmp/out" 2> "$tmp/err" )
status=$?
[ "$status" = 1 ] && echo "ok 1 - the example exits 1 (it has an error)" ||
	echo "not ok 1 - the example exits $status, not 1"
sed -e 's/^/    /' -e 's/^    $//' "$tmp/out" > "$tmp/want"
awk '/<!-- readme-example: end -->/{p=0} p{print} /<!-- readme-example: begin -->/{p=1}' \
	"$readme" | sed -e '1,/^    \$ tfauth doctor$/d' -e '$d' > "$tmp/have"
if [ -n "$TFAUTH_README_UPDATE" ]; then
	grep -q '<!-- readme-example: begin -->' "$readme" || { echo "Bail out! no markers in $readme"; exit 1; }
	awk -v f="$tmp/want" '
		/<!-- readme-example: end -->/ {
			print "    $ tfauth doctor"; while ((getline l < f) > 0) print l; print ""; p=0 }
		/<!-- readme-example: begin -->/ { print; print ""; print "    $ export AWS_ACCESS_KEY_ID=ASIA... AWS_SECRET_ACCESS_KEY=... AWS_SECURITY_TOKEN=..."; p=1; next }
		!p { print }' "$readme" > "$tmp/readme" && cp "$tmp/readme" "$readme"
	cp "$tmp/want" "$tmp/have"
fi
if cmp -s "$tmp/want" "$tmp/have"; then
	echo "ok 2 - README example output matches the binary"
else
	echo "not ok 2 - README example output differs from the binary (TFAUTH_README_UPDATE=1 $0)"
	diff "$tmp/have" "$tmp/want" | sed 's/^/# /'
fi
