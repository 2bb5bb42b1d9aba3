#!/usr/bin/env bash
# tfauth scan reads files on one thread and looks at them on another
# (src/cmd/scan.c). Its reports must be exactly what one thread doing both
# produces (the test-only TFAUTH_TEST_SCAN_ONE_THREAD): the same findings,
# and the same notes in the same order, however the two threads interleave.
# The tree mixes everything that makes a note or a finding: invalid UTF-8,
# links, files over --max-size, binary files, keys, provider blocks,
# workflows and trust policies (the whole-tree pass).
set -u
here=$(cd "$(dirname "$0")" && pwd)
tfauth=${TFAUTH:-$here/../build/tfauth}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..7"

python3 - "$tmp/tree" <<'PY'
import os, random, sys
root = sys.argv[1]
rnd = random.Random(7)
os.makedirs(root + "/.github/workflows")
open(root + "/.github/workflows/deploy.yml", "w").write(
    "on: push\npermissions:\n  id-token: write\njobs:\n  d:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n"
    "        with:\n          role-to-assume: arn:aws:iam::123456789012:role/deploy\n"
    "          aws-region: eu-west-1\n")
os.makedirs(root + "/.git")
open(root + "/.git/config", "w").write(
    '[remote "origin"]\n\turl = https://github.com/acme/infra.git\n')
for d in range(12):
    dd = "%s/m%02d" % (root, d)
    os.makedirs(dd)
    for f in range(25):
        k = rnd.randrange(9)
        name = "%s/f%02d.tf" % (dd, f)
        body = 'resource "aws_s3_bucket" "b%d" {\n  bucket = "b-%d"\n}\n' % (f, f) * rnd.randrange(1, 40)
        if k == 0:
            body += 'provider "aws" {\n  region = "eu-west-1"\n  access_key = "AKIAY34FZKBOKTSTVV7A"\n}\n'
        elif k == 1:
            body += '# caf\xe9\n'  # Latin-1: not UTF-8
            open(name, "wb").write(body.encode("latin-1"))
            continue
        elif k == 2:
            body += 'locals {\n  secret = "q7Yh2LpX9vTf3RmK8sWc1NbD4gZj6/Ae0uIo5+Ey"\n}\n'
        elif k == 3:
            body += ('data "aws_iam_policy_document" "t" {\n  statement {\n'
                     '    actions = ["sts:AssumeRoleWithWebIdentity"]\n'
                     '    principals {\n      type = "Federated"\n'
                     '      identifiers = ["arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"]\n    }\n'
                     '    condition {\n      test = "StringEquals"\n'
                     '      variable = "token.actions.githubusercontent.com:sub"\n'
                     '      values = ["repo:acme/other:ref:refs/heads/main"]\n    }\n  }\n}\n'
                     'resource "aws_iam_role" "deploy" {\n  name = "deploy"\n'
                     '  assume_role_policy = data.aws_iam_policy_document.t.json\n}\n')
        elif k == 4:
            os.symlink("f00.tf", name)
            continue
        elif k == 5:
            open(name, "wb").write(b"\0\1\2" * 100)
            continue
        elif k == 6:
            body += "x" * 5000  # over --max-size below
        open(name, "w").write(body)
    open(dd + "/.env", "w").write("AWS_ACCESS_KEY_ID=AKIAY34FZKBOKTSTVV7A\n" if d % 3 == 0 else "A=1\n")
    open(dd + "/notes.txt", "wb").write(b"plain \xff\xfe text\n" if d % 4 == 0 else b"ok\n")
PY

# a deadlock must fail the test, not hang the suite
run() { timeout 60 env -i HOME="$tmp" PATH=/usr/bin:/bin "$@"; }
one() { run TFAUTH_TEST_SCAN_ONE_THREAD=1 "$tfauth" scan -v --max-size 4096 --fail-on never "$@"; }
two() { run "$tfauth" scan -v --max-size 4096 --fail-on never "$@"; }

one --format json "$tmp/tree" > "$tmp/one.json" 2> "$tmp/one.err"
n_utf8=$(grep -c 'not valid UTF-8' "$tmp/one.err")
n_notes=$(wc -l < "$tmp/one.err")
n_find=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$tmp/one.json")
[ "$n_utf8" -ge 10 ] && [ "$n_notes" -gt "$n_utf8" ] && [ "$n_find" -ge 20 ] &&
	echo "ok 1 - the tree makes notes of every kind ($n_notes, $n_utf8 of them UTF-8) and $n_find findings" ||
	echo "not ok 1 - notes $n_notes (UTF-8 $n_utf8), findings $n_find"
grep -q 'gha-trust-policy-mismatch' "$tmp/one.json" &&
	echo "ok 2 - the whole-tree pass compares the workflow with the trust policy" ||
	echo "not ok 2 - no trust policy finding"

ok=1
for i in 1 2 3; do
	two --format json "$tmp/tree" > "$tmp/two.json" 2> "$tmp/two.err"
	cmp -s "$tmp/one.json" "$tmp/two.json" && cmp -s "$tmp/one.err" "$tmp/two.err" || ok=0
done
[ $ok = 1 ] && echo "ok 3 - JSON and notes identical with the pipeline (three runs)" ||
	{ echo "not ok 3 - the pipeline changed the report"; diff "$tmp/one.err" "$tmp/two.err" | head -5 | sed 's/^/# /'; }

one "$tmp/tree" > "$tmp/one.txt" 2>&1
two "$tmp/tree" > "$tmp/two.txt" 2>&1
cmp -s "$tmp/one.txt" "$tmp/two.txt" && echo "ok 4 - text report identical" || echo "not ok 4 - text differs"

one --format sarif "$tmp/tree" "$tmp/tree/m01/f00.tf" > "$tmp/one.sarif" 2>&1
two --format sarif "$tmp/tree" "$tmp/tree/m01/f00.tf" > "$tmp/two.sarif" 2>&1
cmp -s "$tmp/one.sarif" "$tmp/two.sarif" && echo "ok 5 - SARIF identical, with a file operand after a tree" ||
	echo "not ok 5 - SARIF differs"

# notes stay in walk order: each UTF-8 note sits among the notes of its directory
python3 - "$tmp/one.err" <<'PY' && echo "ok 6 - notes are in walk order" || echo "not ok 6 - notes out of order"
import re, sys
paths = [re.sub(r"^tfauth: [a-z]+: '", "", l).split(":")[0].split("'")[0] for l in open(sys.argv[1])]
sys.exit(0 if paths == sorted(paths) else 1)
PY

# an empty tree and a tree of one file finish (the pipeline drains)
mkdir "$tmp/empty"
two "$tmp/empty" > "$tmp/e.out" 2>&1; code=$?
[ "$code" = 0 ] && echo "ok 7 - an empty tree finishes" || echo "not ok 7 - exit $code"
