#!/usr/bin/env bash
# checkkey-rotate.t - the rotation loop documented in README.md ("Rotating
# keys safely"), run as written with a fake `aws` on PATH that hands out
# keys from a list and logs deletions: rejected keys are deleted and
# regenerated, the first acceptable key is kept, a run of bad keys gives
# up after five attempts, and a usage error stops the loop at once.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tfauth=${TFAUTH:-$here/../build/tfauth}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

# the loop, exactly as the README shows it
awk '/^## Rotating keys safely/ { s = 1 } s && /^```bash$/ { c = 1; next } c && /^```$/ { exit } c' \
	"$here/../README.md" > "$tmp/rotate-key.sh"
grep -q "tfauth check-key --from-json - --policy strict-chars" "$tmp/rotate-key.sh"; ok $? "README has the rotation loop"
mkdir -p "$tmp/bin"
ln -s "$tfauth" "$tmp/bin/tfauth"
cat > "$tmp/bin/aws" <<'FAKE'
#!/bin/sh
# fake aws: create-access-key prints the next key of $FAKE_KEYS; delete-access-key logs
state=$FAKE_DIR/next; i=$(cat "$state" 2>/dev/null || echo 1)
case "$1 $2" in
"iam create-access-key")
	line=$(sed -n "${i}p" "$FAKE_KEYS"); echo $((i + 1)) > "$state"
	[ -n "$line" ] || { echo "fake aws: no more keys" >&2; exit 254; }
	id=${line%% *}; secret=${line#* }
	printf '{\n    "AccessKey": {\n        "UserName": "ci",\n        "AccessKeyId": "%s",\n        "Status": "Active",\n        "SecretAccessKey": "%s",\n        "CreateDate": "2026-11-28T12:00:00+00:00"\n    }\n}\n' "$id" "$secret" ;;
"iam delete-access-key")
	echo "$*" >> "$FAKE_DIR/deleted" ;;
*) echo "fake aws: unexpected $*" >&2; exit 2 ;;
esac
FAKE
chmod +x "$tmp/bin/aws" "$tmp/rotate-key.sh"

rotate() { # keys-file account -> runs the loop in a fresh state dir
	rm -rf "$tmp/state"; mkdir "$tmp/state"
	env -i HOME="$tmp" PATH="$tmp/bin:/usr/bin:/bin" FAKE_KEYS="$1" FAKE_DIR="$tmp/state" \
		bash "$tmp/rotate-key.sh" ci "$2" > "$tmp/out" 2> "$tmp/err"
}

# 1. two keys rejected by strict-chars, the third accepted
cat > "$tmp/keys1" <<'K'
AKIASP2TPHJSQTSTJXYA wJalrXUtnFEMI/K7MDENGabPxRfiCYEXAMPLEKEY
AKIASP2TPHJSQTSTJXYB wJalrXUtnFEMIaK7MDENG+bPxRfiCYEXAMPLEKEY
AKIASP2TPHJSQTSTJXYC wJalrXUtnFEMIaK7MDENGabPxRfiCYEXAMPLEKEY
K
rotate "$tmp/keys1" 171436882533; code=$?
[ $code = 0 ]; ok $? "accepted on the third attempt: exit 0 (got $code)"
grep -qx "accepted AKIASP2TPHJSQTSTJXYC after 3 attempt(s)" "$tmp/out"; ok $? "the third key is kept"
[ "$(cat "$tmp/state/deleted")" = "iam delete-access-key --user-name ci --access-key-id AKIASP2TPHJSQTSTJXYA
iam delete-access-key --user-name ci --access-key-id AKIASP2TPHJSQTSTJXYB" ]; ok $? "the two rejected keys are deleted, in order"
grep -q "key-policy-strict-chars" "$tmp/err" "$tmp/out"; ok $? "the reason is shown"
! grep -q "wJalrXUtnFEMI" "$tmp/out" "$tmp/err"; ok $? "no secret printed"

# 2. every key from the wrong account: five attempts, five deletions, exit 1
for i in 1 2 3 4 5 6; do echo "AKIASP2TPHJSQTSTJXY$i wJalrXUtnFEMIaK7MDENGabPxRfiCYEXAMPLEKEY"; done |
	tr 123456 ABCDEF > "$tmp/keys2"
rotate "$tmp/keys2" 111122223333; code=$?
[ $code = 1 ]; ok $? "wrong account every time: exit 1 (got $code)"
[ "$(wc -l < "$tmp/state/deleted")" = 5 ]; ok $? "five keys created and deleted"
grep -q "no acceptable key after 5 attempts" "$tmp/err"; ok $? "gives up with a message"

# 3. a usage error (bad --expect-account) stops at once after deleting the key
rotate "$tmp/keys1" 1234; code=$?
[ $code = 2 ]; ok $? "usage error: the loop stops with exit 2 (got $code)"
[ "$(wc -l < "$tmp/state/deleted")" = 1 ]; ok $? "usage error: only the one key is deleted"
echo "1..$n"
