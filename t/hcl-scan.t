#!/usr/bin/env bash
# tfauth scan beyond the golden cases: the progress line on a terminal
# (through a pseudo-terminal, with the delay lowered by the test-only
# TFAUTH_TEST_PROGRESS_AFTER), no progress line when stderr is not a
# terminal, usage errors, a directory loop through a bind of links, and a
# key pair reported once whatever the distance between the two lines.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tfauth=${TFAUTH:-$here/../build/tfauth}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..9"
mkdir -p "$tmp/tree"
for i in $(seq 1 200); do printf 'a = %d\n' "$i" > "$tmp/tree/f$i.tf"; done
printf 'AWS_ACCESS_KEY_ID=AKIAY34FZKBOKTSTVV7A\n' > "$tmp/tree/.env"
run() { env -i HOME="$tmp" PATH=/usr/bin:/bin "$@"; }

python3 - "$tfauth" "$tmp/tree" > "$tmp/pty.out" <<'PY'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execve(sys.argv[1], [sys.argv[1], "scan", "--fail-on", "never", sys.argv[2]],
              {"HOME": "/nonexistent", "PATH": "/usr/bin:/bin", "TFAUTH_TEST_PROGRESS_AFTER": "0"})
out = b""
while True:
    try:
        b = os.read(fd, 65536)
    except OSError:
        break
    if not b:
        break
    out += b
os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
PY
grep -q 'tfauth: scanning: [0-9]* files' "$tmp/pty.out" && echo "ok 1 - progress line on a terminal" || { echo "not ok 1 - no progress line"; sed 's/^/# /' "$tmp/pty.out" | head -5; }
grep -q $'\r\033\\[K' "$tmp/pty.out" && echo "ok 2 - the progress line is erased at the end" || echo "not ok 2 - progress line not erased"

run TFAUTH_TEST_PROGRESS_AFTER=0 "$tfauth" scan --fail-on never "$tmp/tree" > "$tmp/out" 2> "$tmp/err"
[ ! -s "$tmp/err" ] && echo "ok 3 - no progress line when stderr is not a terminal" || { echo "not ok 3 - stderr: $(head -c 200 "$tmp/err")"; }

run "$tfauth" scan --max-size 0 "$tmp/tree" > /dev/null 2> "$tmp/err"; code=$?
[ "$code" = 2 ] && grep -q 'max-size' "$tmp/err" && echo "ok 4 - --max-size 0 is a usage error" || echo "not ok 4 - exit $code"

run "$tfauth" scan --format yaml "$tmp/tree" > /dev/null 2>&1; code=$?
[ "$code" = 2 ] && echo "ok 5 - unknown format is a usage error" || echo "not ok 5 - exit $code"

# a loop made of two directories that link to each other, and a link to /
mkdir -p "$tmp/loop/a" "$tmp/loop/b"
ln -s ../b "$tmp/loop/a/to-b"; ln -s ../a "$tmp/loop/b/to-a"; ln -s / "$tmp/loop/root"
printf 'k = "AKIAY34FZKBOKTSTVV7A"\n' > "$tmp/loop/a/x.tf"
timeout 20 env -i HOME="$tmp" PATH=/usr/bin:/bin "$tfauth" scan "$tmp/loop" > "$tmp/out" 2>&1; code=$?
n=$(grep -c 'hardcoded-access-key' "$tmp/out")
[ "$code" = 1 ] && [ "$n" = 1 ] && echo "ok 6 - link loops and links out of the tree are not followed" ||
	{ echo "not ok 6 - exit $code, $n findings"; head -5 "$tmp/out" | sed 's/^/# /'; }

# a pair three lines apart is one finding; four lines apart, two
mkdir -p "$tmp/pair"
printf 'AWS_ACCESS_KEY_ID=AKIAY34FZKBOKTSTVV7A\n#\n#\nAWS_SECRET_ACCESS_KEY=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\n' > "$tmp/pair/near.env"
printf 'AWS_ACCESS_KEY_ID=AKIAY34FZKBOKTSTVV7A\n#\n#\n#\n#\nAWS_SECRET_ACCESS_KEY=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\n' > "$tmp/pair/far.env"
run "$tfauth" scan -f json "$tmp/pair" > "$tmp/out" 2>&1
python3 - "$tmp/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
by = {}
for f in d["findings"]:
    by.setdefault(f["location"]["file"].rsplit("/", 1)[-1], []).append(f["id"])
near, far = sorted(by.get("near.env", [])), sorted(by.get("far.env", []))
print("ok 7 - a pair on nearby lines is reported once" if near == ["hardcoded-access-key"] else "not ok 7 - near: %s" % near)
print("ok 8 - a secret further away is its own finding" if far == ["hardcoded-access-key", "hardcoded-secret-key"] else "not ok 8 - far: %s" % far)
PY

# --no-inline-ignore shows what tfauth:ignore comments hide (the golden
# case scan-inline-ignore has the comments and the default report)
(cd "$here/golden/scan-inline-ignore/work" &&
	env -i HOME="$tmp" PATH=/usr/bin:/bin TFAUTH_TEST_NOW=2026-11-28T12:00:00Z \
		"$tfauth" scan -f json --fail-on never --no-inline-ignore .) > "$tmp/audit.json" 2>&1
python3 - "$tmp/audit.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ids = [f["id"] for f in d["findings"]]
ok = d["summary"]["suppressed"] == 0 and "ignore-directive-invalid" not in ids and \
    sum(1 for f in d["findings"] if f["id"] == "hardcoded-access-key" and f["location"]["file"] in (".env", "fixture.sh")) == 4
print("ok 9 - --no-inline-ignore reports the hidden keys and judges no directive" if ok else "not ok 9 - %s" % d["summary"])
PY
