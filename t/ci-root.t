#!/usr/bin/env bash
# doctor run below the root of a git repository (Terraform in infra/, the
# workflows at the root, as most repositories have it) still reads the
# root's .github/workflows and the repository's identity from its .git.
# A .git cannot be committed into a golden case, so this test makes one.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tfauth=${TFAUTH:-$here/../build/tfauth}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..6"
repo=$tmp/repo
mkdir -p "$repo/.github/workflows" "$repo/infra/modules/net" "$tmp/home"
git -C "$repo" init -q . 2>/dev/null || mkdir -p "$repo/.git"
printf '[remote "origin"]\n\turl = git@github.com:acme/infra-live.git\n' >> "$repo/.git/config"
cat > "$repo/.github/workflows/deploy.yml" <<'EOF'
name: deploy
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/deploy
          aws-region: eu-west-1
EOF
printf 'provider "aws" {\n  region = "eu-west-1"\n}\n' > "$repo/infra/main.tf"
run() { (cd "$1" && shift && timeout 60 env -i HOME="$tmp/home" PATH=/usr/bin:/bin AWS_REGION=eu-west-1 "$tfauth" "$@"); }

run "$repo/infra" doctor -f json --fail-on never > "$tmp/a.json" 2> "$tmp/a.err"
python3 - "$tmp/a.json" ../.github/workflows/deploy.yml <<'PY' && echo "ok 1 - doctor in infra/ reads the root's workflow" || echo "not ok 1 - not found in infra/"
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if any(f["id"] == "gha-oidc-missing-id-token-permission" and f["location"].get("file") == sys.argv[2] for f in d["findings"]) else 1)
PY

run "$repo" doctor --fail-on never infra > "$tmp/b.out" 2>&1
grep -q 'at:  .github/workflows/deploy.yml:7' "$tmp/b.out" && grep -q 'repository acme/infra-live' "$tmp/b.out" &&
	echo "ok 2 - doctor infra from the root: the same workflow, and the repository from .git" ||
	{ echo "not ok 2"; sed 's/^/# /' "$tmp/b.out" | head -20; }

run "$repo/infra/modules/net" doctor --fail-on never > "$tmp/c.out" 2>&1
grep -q 'at:  ../../../.github/workflows/deploy.yml:7' "$tmp/c.out" &&
	echo "ok 3 - three levels down, too" || { echo "not ok 3"; grep 'at:' "$tmp/c.out" | sed 's/^/# /'; }

mkdir -p "$tmp/loose"
printf 'provider "aws" {}\n' > "$tmp/loose/main.tf"
run "$tmp/loose" doctor --fail-on never > "$tmp/d.out" 2>&1
! grep -q 'CI and containers' "$tmp/d.out" && echo "ok 4 - outside a repository nothing more is read" ||
	echo "not ok 4 - read CI files outside a repository"

# GitLab: the root's .gitlab-ci.yml, its local include resolved from the
# root, and a .gitlab-ci.yml inside infra/ (never run by GitLab) ignored
mkdir -p "$repo/ci"
printf 'include:\n  - local: ci/aws.yml\n' > "$repo/.gitlab-ci.yml"
cat > "$repo/ci/aws.yml" <<'EOF'
apply:
  image: hashicorp/terraform:1.9
  variables:
    AWS_ACCESS_KEY_ID: $PROD_AWS_ACCESS_KEY_ID
    AWS_SECRET_ACCESS_KEY: $PROD_AWS_SECRET_ACCESS_KEY
  script:
    - terraform apply -auto-approve
EOF
cp "$repo/ci/aws.yml" "$repo/infra/.gitlab-ci.yml"
run "$repo/infra" doctor --fail-on never > "$tmp/e.out" 2>&1
grep -q 'at:  ../ci/aws.yml:' "$tmp/e.out" && ! grep -q 'cannot read the local include' "$tmp/e.out" &&
	echo "ok 5 - the root's GitLab pipeline and its include, read from infra/" ||
	{ echo "not ok 5"; grep -E 'at:|include' "$tmp/e.out" | sed 's/^/# /'; }
n=$(grep -c 'gitlab-static-keys' "$tmp/e.out")
[ "$n" = 1 ] && echo "ok 6 - infra/.gitlab-ci.yml is not a pipeline GitLab runs" ||
	echo "not ok 6 - $n gitlab-static-keys findings"
