#!/usr/bin/env bash
# tfauth scan --format sarif: validated against the SARIF 2.1.0 JSON schema
# with ajv (npm, installed by scripts/install-deps --test into build/node)
# and against GitHub's code-scanning requirements; no secret in the log.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tfauth=${TFAUTH:-$root/build/tfauth}
node_modules=$root/build/node/node_modules
if [ ! -d "$node_modules/ajv" ] || [ ! -d "$node_modules/@microsoft/jest-sarif" ]; then
	echo "1..1"
	echo "not ok 1 - ajv and @microsoft/jest-sarif are not installed in $node_modules (run scripts/install-deps --test)"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
secret='q7Yh2LpX9vTf3RmK8sWc1NbD4gZj6/Ae0uIo5+Ey'
token='IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDtokenCANARY'
mkdir -p "$tmp/repo/infra" "$tmp/repo/app"
printf 'AWS_ACCESS_KEY_ID=AKIAY34FZKBOKTSTVV7A\nAWS_SECRET_ACCESS_KEY=%s\nAWS_SESSION_TOKEN=%s\n' "$secret" "$token" > "$tmp/repo/app/.env"
cat > "$tmp/repo/infra/main.tf" <<TF
provider "aws" {
  region     = "af-south-1"
  access_key = "ASIAY34FZKBOKTSTVV7A"
  secret_key = "$secret"
  shared_credentials_file = "~/.aws/credentials"
}
terraform {
  backend "s3" {
    token    = "123456"
    role_arn = "arn:aws:iam::123456789012:role/x"
  }
}
TF
printf 'export AWS_SECRET_ACCESS_KEY="%s"\n' "$secret" > "$tmp/repo/app/run.sh"
(cd "$tmp/repo" && env -i HOME="$tmp" PATH=/usr/bin:/bin "$tfauth" scan --format sarif > "$tmp/out.sarif" 2> "$tmp/err")
code=$?
NODE_PATH=$node_modules node "$here/hcl/sarif-validate.js" "$tmp/out.sarif" "$secret" "$token" > "$tmp/tap" 2>&1
vcode=$?
n=$(grep -c '^\(not \)\?ok' "$tmp/tap")
echo "1..$((n + 2))"
grep '^\(not \)\?ok\|^#' "$tmp/tap"
[ "$vcode" = 0 ] && [ "$n" -ge 10 ] && echo "ok $((n + 1)) - the validator ran to the end" ||
	{ echo "not ok $((n + 1)) - the validator failed (exit $vcode)"; sed 's/^/# /' "$tmp/tap" | head -20; }
[ "$code" = 1 ] && echo "ok $((n + 2)) - exit 1 with errors found" || echo "not ok $((n + 2)) - exit $code"
