#!/usr/bin/env python3
# checkkey-tty.t - `tfauth check-key KEY` on a terminal: it prompts on
# stderr, reads the secret with echo turned off (termios), and nothing of
# the secret reaches the terminal or the report. The prompt shows only once
# echo is off, so typing after it (as this test does) is never lost.
import os
import pty
import select
import sys
import time

TFAUTH = os.environ.get("TFAUTH") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "tfauth")
SECRET = b"wJalrXUtnFEMIaK7MDENGabPxRfiCYEXAMPLEKEY"
n = 0


def ok(cond, name):
    global n
    n += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, name))


def read_until(fd, needle, limit=10.0):
    buf, end = b"", time.time() + limit
    while needle not in buf and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
    return buf


pid, fd = pty.fork()
if pid == 0:
    os.execve(TFAUTH, [TFAUTH, "check-key", "AKIASP2TPHJSQTSTJXYZ", "--expect-account", "171436882533",
                       "--color", "never"],
              {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "TERM": "dumb"})
prompt = read_until(fd, b"(not echoed): ")
ok(b"secret access key for AKIA\xe2\x80\xa6JXYZ (not echoed): " in prompt, "prompts for the secret on the terminal")
os.write(fd, SECRET + b"\n")
rest = read_until(fd, b"check-key: ")
rest += read_until(fd, b"\n", 2.0)
# a tfauth still waiting for its input must fail the test, not hang the suite
end = time.time() + 30
while True:
    wpid, status = os.waitpid(pid, os.WNOHANG)
    if wpid or time.time() > end:
        break
    time.sleep(0.05)
if not wpid:
    os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
out = prompt + rest
ok(SECRET not in out and SECRET[:8] not in out, "the secret is not echoed or printed")
ok(b"verdict: accept" in out, "the secret typed at the terminal is checked")
ok(os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, "exit 0")
print("1..%d" % n)
sys.exit(0)
