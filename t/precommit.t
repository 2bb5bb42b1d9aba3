#!/usr/bin/env bash
# The hooks in .pre-commit-hooks.yaml, run by Debian's pre-commit the way a
# user's repository would run them (pre-commit try-repo on this checkout):
# a staged .env with a key fails the commit and names the finding; a staged
# main.tf whose provider is pinned in an unstaged versions.tf passes; the
# manual doctor hook runs.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tfauth=${TFAUTH:-$root/build/tfauth}
echo "1..4"
if ! command -v pre-commit >/dev/null 2>&1 || ! command -v git >/dev/null 2>&1; then
	echo "Bail out! pre-commit and git are needed (scripts/install-deps --test)"
	exit 1
fi
if ! git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
	for i in 1 2 3 4; do echo "ok $i # skip not a git checkout: try-repo needs one"; done
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/repo" "$tmp/home"
ln -s "$tfauth" "$tmp/bin/tfauth"
run() {
	(cd "$tmp/repo" && timeout 300 env -i HOME="$tmp/home" PATH="$tmp/bin:/usr/bin:/bin" \
		PRE_COMMIT_HOME="$tmp/cache" GIT_CONFIG_NOSYSTEM=1 LANG=C.UTF-8 "$@")
}
cd "$tmp/repo" || exit 1
run git init -q .
run git config user.email t@example.com
run git config user.name t
printf 'provider "aws" {\n  region = "eu-west-1"\n}\n' > main.tf
printf 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 5.0" }\n  }\n}\n' > versions.tf
printf 'AWS_ACCESS_KEY_ID=AKIAY34FZKBOKTSTVV7A\n' > .env
run git add main.tf .env

run pre-commit try-repo "$root" tfauth --files .env main.tf > "$tmp/out1" 2>&1
code=$?
[ "$code" = 1 ] && grep -q 'hardcoded-access-key' "$tmp/out1" && grep -q 'Failed' "$tmp/out1" &&
	echo "ok 1 - a staged key fails the hook and names the finding" ||
	{ echo "not ok 1 - exit $code"; sed 's/^/# /' "$tmp/out1" | tail -15; }
grep -q 'AKIA.*VV7A' "$tmp/out1" && ! grep -q 'AKIAY34FZKBOKTSTVV7A' "$tmp/out1" &&
	echo "ok 2 - the hook's output shows the key id masked, never whole" ||
	echo "not ok 2 - key id not masked (or not shown)"

run pre-commit try-repo "$root" tfauth --files main.tf > "$tmp/out3" 2>&1
code=$?
[ "$code" = 0 ] && grep -q 'Passed' "$tmp/out3" &&
	echo "ok 3 - main.tf alone passes: its pin is in the unstaged versions.tf" ||
	{ echo "not ok 3 - exit $code"; sed 's/^/# /' "$tmp/out3" | tail -15; }

run pre-commit try-repo "$root" tfauth-doctor --hook-stage manual --all-files > "$tmp/out4" 2>&1
grep -q 'tfauth doctor (offline)' "$tmp/out4" && grep -q 'imds-last-resort\|no credentials' "$tmp/out4" &&
	echo "ok 4 - the manual doctor hook runs doctor" ||
	{ echo "not ok 4 - doctor hook"; sed 's/^/# /' "$tmp/out4" | tail -15; }
