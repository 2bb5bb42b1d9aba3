#!/usr/bin/env bash
# Command-line contract: exit codes (3 when stdout cannot be written),
# colour only on a terminal and never with NO_COLOR, --version, --output,
# make install.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tfauth=${TFAUTH:-$here/../build/tfauth}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=0; fail=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
is() { [ "$1" = "$2" ]; ok $? "$3 (got '$1', want '$2')"; }
run() { ( cd "$tmp" && env -i HOME="$tmp" PATH=/usr/bin:/bin AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=us-east-1 "$@" ); }
echo "1..14"

run "$tfauth" doctor > /dev/full 2> "$tmp/err"; is $? 3 "stdout on a full disk exits 3"
grep -q "cannot write" "$tmp/err"; ok $? "and says why"
( run "$tfauth" doctor --fail-on never -v; echo $? > "$tmp/code" ) | head -c 1 > /dev/null
code=$(cat "$tmp/code"); [ "$code" = 3 ] || [ "$code" = 0 ]; ok $? "a closed pipe does not crash (exit $code)"
run "$tfauth" doctor -o /nonexistent/dir/report 2>/dev/null; is $? 3 "--output to an unwritable path exits 3"
run "$tfauth" doctor --fail-on never -o "$tmp/r.json" -f json; is $? 0 "--output writes the report"
grep -q '"schema": 1' "$tmp/r.json"; ok $? "the file holds the JSON report"
first=$(run "$tfauth" --version | head -1); is "$first" "tfauth 0.1.0" "--version's first line"
run "$tfauth" > /dev/null 2>&1; is $? 2 "no command is a usage error"

# colour: needs a terminal; script(1) gives one
if command -v script >/dev/null; then
	env -i HOME="$tmp" PATH=/usr/bin:/bin TERM=xterm AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=us-east-1 \
		script -qec "$tfauth doctor -q" /dev/null > "$tmp/tty" 2>&1
	grep -q $'\033\[' "$tmp/tty"; ok $? "colour on a terminal"
	env -i HOME="$tmp" PATH=/usr/bin:/bin TERM=xterm NO_COLOR=1 AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=us-east-1 \
		script -qec "$tfauth doctor -q" /dev/null > "$tmp/tty" 2>&1
	! grep -q $'\033\[' "$tmp/tty"; ok $? "no colour with NO_COLOR"
	env -i HOME="$tmp" PATH=/usr/bin:/bin TERM=dumb AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=us-east-1 \
		script -qec "$tfauth doctor -q" /dev/null > "$tmp/tty" 2>&1
	! grep -q $'\033\[' "$tmp/tty"; ok $? "no colour with TERM=dumb"
else
	ok 1 "script(1) is needed for the terminal tests"; ok 1 "-"; ok 1 "-"
fi
run "$tfauth" doctor -q | grep -q $'\033\['; is $? 1 "no colour into a pipe"

# make install
make -s -C "$here/.." install PREFIX=/usr DESTDIR="$tmp/dest" > /dev/null 2>&1
[ -x "$tmp/dest/usr/bin/tfauth" ]; ok $? "make install puts the binary under DESTDIR/PREFIX/bin"
[ -f "$tmp/dest/usr/share/man/man1/tfauth.1" ]; ok $? "and the man page under share/man/man1"
exit $fail
