#!/usr/bin/env bash
# The man page matches the binary: mandoc -Tlint is clean, every command in
# `tfauth --help` has an entry, every long option of every command's --help
# is documented, and the page names no option that does not exist.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tfauth=${TFAUTH:-$here/../build/tfauth}
page=$here/../doc/tfauth.1
n=0; fail=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
command -v mandoc >/dev/null || { echo "1..1"; echo "not ok 1 - mandoc is not installed (scripts/install-deps --test installs it)"; exit 1; }
cmds=$(env -i "$tfauth" --help | awk '/^commands:/{on=1;next} on&&/^  /{print $1} on&&!/^  /{on=0}')
opts=$( { for c in $cmds; do env -i "$tfauth" "$c" --help; done; } | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u)
page_opts=$(grep -oE '^\.It (Fl [a-z] , )?Fl \\-[a-z][a-z0-9-]+' "$page" | sed -E 's/.*\\-/--/' | sort -u)
echo "1..$(( 2 + $(echo $cmds | wc -w) + $(echo $opts | wc -w) + $(echo $page_opts | wc -w) ))"
out=$(mandoc -Tlint -Wwarning "$page" 2>&1); ok $? "mandoc -Tlint is clean${out:+: $out}"
env -i "$tfauth" --help >/dev/null; ok $? "tfauth --help exits 0"
for c in $cmds; do grep -qE "^\.It Cm $c( |$)" "$page"; ok $? "command $c has an entry"; done
for o in $opts; do grep -qE "Fl \\\\${o#-}( |$)" "$page"; ok $? "option $o is documented"; done
for o in $page_opts; do echo "$opts" | grep -qx -- "$o"; ok $? "documented option $o exists"; done
exit $fail
