#!/bin/sh
# bench/doctor.sh - `tfauth doctor` offline vs `aws configure list` on the
# same environment (a temp HOME with a profile, keys in the environment).
# Target (issue 2): median under 3 ms and at least 200x faster.
set -eu
cd "$(dirname "$0")/.."
tfauth=${TFAUTH:-build/tfauth}
command -v aws >/dev/null 2>&1 || { echo "bench: the aws CLI is needed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home/.aws" "$tmp/work"
printf '[default]\naws_access_key_id = AKIASP2TPHJSQTSTJXYZ\naws_secret_access_key = je7MtGbClwBF2Zp9Utk3h3yCo8nvbEXAMPLEKEYA\n' > "$tmp/home/.aws/credentials"
printf '[default]\nregion = eu-west-1\n' > "$tmp/home/.aws/config"
export HOME="$tmp/home" AWS_ACCESS_KEY_ID=ASIAY34FZKBOKTSTVV7A \
	AWS_SECRET_ACCESS_KEY=je7MtGbClwBF2Zp9Utk3h3yCo8nvbEXAMPLEKEYA AWS_REGION=eu-west-1 \
	AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE
cd "$tmp/work"
hyperfine -N --warmup 20 --min-runs 200 --export-json "$tmp/t.json" "$OLDPWD/$tfauth doctor --fail-on never" >/dev/null
hyperfine -N --warmup 2 --min-runs 10 --export-json "$tmp/a.json" "aws configure list" >/dev/null
python3 - "$tmp/t.json" "$tmp/a.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["results"][0]
a = json.load(open(sys.argv[2]))["results"][0]
print("tfauth doctor        median %.2f ms (mean %.2f ms, %d runs)" % (t["median"] * 1e3, t["mean"] * 1e3, len(t["times"])))
print("aws configure list   median %.1f ms (mean %.1f ms, %d runs)" % (a["median"] * 1e3, a["mean"] * 1e3, len(a["times"])))
print("ratio                %.0fx faster (target: >= 200x, tfauth median < 3 ms)" % (a["median"] / t["median"]))
PY
