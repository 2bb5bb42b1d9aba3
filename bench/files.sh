#!/bin/sh
# bench/files.sh - `tfauth doctor` on a HOME with 200 profiles (100 in
# ~/.aws/config, 100 in ~/.aws/credentials, plus sso-session sections,
# an SSO token cache and a CLI cache), generated into a temp dir.
# Target (issue 3): under 10 ms median. Prints hyperfine's figures.
set -eu
cd "$(dirname "$0")/.."
tfauth=$(realpath "${TFAUTH:-build/tfauth}")
[ -x "$tfauth" ] || { echo "bench: build $tfauth first (make)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -n "${KEEP:-}" ] && echo "home: $tmp" && trap - EXIT
mkdir -p "$tmp/.aws/sso/cache" "$tmp/.aws/cli/cache"
i=0
while [ $i -lt 100 ]; do
	n=$(printf '%03d' $i)
	printf '[profile p%s]\nregion = eu-west-1\noutput = json\nrole_arn = arn:aws:iam::123456789012:role/R%s\nsource_profile = c%s\n\n' "$n" "$n" "$n" >> "$tmp/.aws/config"
	printf '[c%s]\naws_access_key_id = AKIAY34FZKBOKTSTV%s\naws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEK%s\n\n' "$n" "$n" "$n" | tr 0-9 A-J >> "$tmp/.aws/credentials"
	printf '{"startUrl": "https://x%s.awsapps.com/start", "region": "us-east-1", "accessToken": "t", "expiresAt": "2030-01-01T00:00:00Z"}\n' "$n" > "$tmp/.aws/sso/cache/$n.json"
	printf '{"Credentials": {"AccessKeyId": "ASIAY34FZKBOKTSTVV7A", "Expiration": "2030-01-01T00:00:00UTC"}}\n' > "$tmp/.aws/cli/cache/$n.json"
	i=$((i + 1))
done
printf '[default]\naws_access_key_id = AKIAY34FZKBOKTSTVV7A\naws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYAB\n' >> "$tmp/.aws/credentials"
chmod 600 "$tmp/.aws/credentials"
echo "profiles: $(grep -c '^\[' "$tmp/.aws/config") in config, $(grep -c '^\[' "$tmp/.aws/credentials") in credentials"
mkdir -p "$tmp/empty"
cd "$tmp/empty" # doctor also reads the Terraform and CI files of its directory
hyperfine -N -i --warmup 5 --runs 200 --export-json "$tmp/h.json" \
	"env -i HOME=$tmp AWS_REGION=eu-west-1 AWS_PROFILE=p050 $tfauth doctor" \
	"env -i HOME=$tmp/empty AWS_REGION=eu-west-1 $tfauth doctor" >/dev/null
python3 - "$tmp/h.json" <<'PY'
import json, sys
rs = json.load(open(sys.argv[1]))["results"]
for r, what in zip(rs, ("200 profiles + caches", "empty HOME (baseline)")):
    med = r["median"] * 1000
    print("tfauth doctor, %s: median %.2f ms, min %.2f ms, user %.2f ms, system %.2f ms%s"
          % (what, med, r["min"] * 1000, r["user"] * 1000, r["system"] * 1000,
             "" if what.startswith("empty") else " (target < 10 ms: %s)" % ("ok" if med < 10 else "MISSED")))
print("cost of the 200 profiles over the baseline: %.2f ms median" % ((rs[0]["median"] - rs[1]["median"]) * 1000))
PY
