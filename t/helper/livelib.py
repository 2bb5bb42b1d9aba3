# livelib.py - shared by the live tests (t/live-*.t) and bench/live.sh:
# a TAP printer, a free loopback port, moto_server started on 127.0.0.1
# (stopped by its PID), and tfauth run under a clean environment (env -i
# style: only HOME, PATH and what the case sets).
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
TFAUTH = os.environ.get("TFAUTH") or os.path.join(ROOT, "build", "tfauth")


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.n += 1
        print("%sok %d - %s" % ("" if cond else "not ", self.n, name))
        if not cond:
            self.failed += 1
            if diag:
                for line in str(diag).splitlines()[:40]:
                    print("# " + line)
        sys.stdout.flush()
        return cond

    def is_(self, got, want, name, diag=None):
        return self.ok(got == want, name, "got:  %r\nwant: %r\n%s" % (got, want, diag or ""))

    def like(self, got, needle, name, diag=None):
        return self.ok(needle in (got or ""), name, "want substring %r in:\n%s" % (needle, got))

    def unlike(self, got, needle, name):
        return self.ok(needle not in (got or ""), name, "unwanted substring %r found" % needle)

    def done(self):
        print("1..%d" % self.n)
        sys.exit(1 if self.failed else 0)

    def bail(self, msg):
        self.ok(False, msg)
        self.done()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port, proc, timeout=30.0):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def moto_command():
    exe = shutil.which("moto_server")
    if exe:
        return [exe]
    try:
        import moto.server  # noqa: F401
        return [sys.executable, "-m", "moto.server"]
    except ImportError:
        return None


class Moto:
    """moto_server on 127.0.0.1 enforcing authentication after `setup_actions` calls."""

    def __init__(self, setup_actions):
        cmd = moto_command()
        if not cmd:
            raise RuntimeError("moto_server is needed for the live tests: pip install 'moto[server]' "
                               "(or set TFAUTH_SKIP_LIVE=1 to skip them)")
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        env = dict(os.environ)
        env["INITIAL_NO_AUTH_ACTION_COUNT"] = str(setup_actions)
        for k in list(env):
            if k.startswith("AWS_") or k.endswith("_proxy") or k.endswith("_PROXY"):
                del env[k]
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd + ["-H", "127.0.0.1", "-p", str(self.port)], env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        if not wait_port(self.port, self.proc):
            self.stop()
            raise RuntimeError("moto_server did not start on 127.0.0.1:%d" % self.port)

    def client(self, service, key="AKIAIOSFODNN7EXAMPLE", secret="setup-does-not-need-auth", token=None):
        import botocore.session
        s = botocore.session.Session()
        return s.create_client(service, region_name="us-east-1", endpoint_url=self.url,
                               aws_access_key_id=key, aws_secret_access_key=secret,
                               aws_session_token=token)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None


class Result:
    def __init__(self, p):
        self.code = p.returncode
        self.out = p.stdout.decode("utf-8", "replace")
        self.err = p.stderr.decode("utf-8", "replace")

    def json(self):
        try:
            return json.loads(self.out)
        except ValueError:
            return {}

    def ids(self):
        return [f.get("id") for f in self.json().get("findings", [])]

    def __repr__(self):
        return "exit %d\n--- stdout\n%s--- stderr\n%s" % (self.code, self.out, self.err)


_EMPTY_DIR = None


def run_tfauth(args, env=None, home=None, timeout=60, cwd=None):
    # run in an empty directory: doctor also reads the Terraform and CI
    # files of its working directory, and the repository is full of them
    global _EMPTY_DIR
    if _EMPTY_DIR is None:
        _EMPTY_DIR = tempfile.mkdtemp(prefix="tfauth-live-cwd-")
        import atexit, shutil
        atexit.register(shutil.rmtree, _EMPTY_DIR, True)
    e = {"PATH": "/usr/bin:/bin", "HOME": home or _EMPTY_DIR}
    e.update(env or {})
    p = subprocess.run([TFAUTH] + args, env=e, capture_output=True, timeout=timeout,
                       cwd=cwd or _EMPTY_DIR)
    return Result(p)
