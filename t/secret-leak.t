#!/usr/bin/env python3
# The secret-leak test: plant known secrets in every input tfauth reads
# (environment, ~/.aws files, Terraform files, tfvars, .env, Dockerfile,
# compose and workflow files, logs on stdin, CloudTrail files), run every
# command in every format and verbosity, and assert that no secret, nor any
# 8-character substring of one, appears in stdout, stderr or a written file;
# and that no full access key id appears either (they are shown masked).
import os, random, shutil, subprocess, sys, tempfile

tfauth = os.environ.get("TFAUTH") or os.path.join(os.path.dirname(__file__), "..", "build", "tfauth")
rng = random.Random(20261128)
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

def secret(n=40):
    return "".join(rng.choice(B64) for _ in range(n))

def keyid(prefix):
    return prefix + "Q" + "".join(rng.choice(B32) for _ in range(15))

S = {name: secret() for name in ["env", "env_legacy", "cred_file", "conf_file", "tf", "tfvars",
                                 "dotenv", "docker", "compose", "workflow", "log", "trail", "swap",
                                 "process", "backend"]}
T = {name: secret(rng.randint(120, 400)) for name in ["env", "security", "cred_file", "tf", "log",
                                                      "workflow", "backend"]}
K = {name: keyid("AKIA" if i % 2 else "ASIA") for i, name in enumerate(
    ["env", "cred_file", "conf_file", "tf", "tfvars", "dotenv", "docker", "compose", "workflow",
     "log", "trail", "backend"])}
secrets = list(S.values()) + list(T.values())

def plant(home, work):
    os.makedirs(os.path.join(home, ".aws"))
    with open(os.path.join(home, ".aws", "credentials"), "w") as f:
        f.write("[default]\naws_access_key_id = %s\naws_secret_access_key = %s\naws_session_token = %s\n"
                "[dev]\naws_access_key_id=%s\naws_secret_access_key=\"%s\"  # inline\n"
                % (K["cred_file"], S["cred_file"], T["cred_file"], K["conf_file"], S["conf_file"]))
    with open(os.path.join(home, ".aws", "config"), "w") as f:
        f.write("[default]\nregion = eu-west-1\n[profile ops]\naws_access_key_id = %s\n"
                "aws_secret_access_key = %s\ncredential_process = /bin/echo %s\n"
                % (K["conf_file"], S["conf_file"], S["process"]))
    os.makedirs(os.path.join(work, ".github", "workflows"))
    files = {
        "main.tf": 'provider "aws" {\n  region = "af-south-1"\n  access_key = "%s"\n  secret_key = "%s"\n'
                   '  token = "%s"\n}\nterraform {\n  backend "s3" {\n    bucket = "b"\n    key = "k"\n'
                   '    access_key = "%s"\n    secret_key = "%s"\n    token = "%s"\n  }\n}\n'
                   % (K["tf"], S["tf"], T["tf"], K["backend"], S["backend"], T["backend"]),
        "terraform.tfvars": 'aws_access_key = "%s"\naws_secret_key = "%s"\n' % (K["tfvars"], S["tfvars"]),
        ".env": "AWS_ACCESS_KEY_ID=%s\nAWS_SECRET_ACCESS_KEY=\"%s\"\n" % (K["dotenv"], S["dotenv"]),
        "Dockerfile": "FROM alpine\nENV AWS_ACCESS_KEY_ID=%s\nENV AWS_SECRET_ACCESS_KEY=%s\n" % (K["docker"], S["docker"]),
        "docker-compose.yml": "services:\n  tf:\n    image: hashicorp/terraform\n    environment:\n"
                              "      AWS_ACCESS_KEY_ID: %s\n      AWS_SECRET_ACCESS_KEY: %s\n" % (K["compose"], S["compose"]),
        ".github/workflows/tf.yml": "on: push\njobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps:\n"
                                    "      - uses: aws-actions/configure-aws-credentials@v1\n        with:\n"
                                    "          aws-access-key-id: %s\n          aws-secret-access-key: %s\n"
                                    "          aws-session-token: %s\n" % (K["workflow"], S["workflow"], T["workflow"]),
        "trail.json": '{"Records":[{"eventTime":"2026-11-28T10:00:00Z","eventSource":"sts.amazonaws.com",'
                      '"eventName":"GetCallerIdentity","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.1",'
                      '"userAgent":"aws-cli/1.0","errorCode":"InvalidClientTokenId","errorMessage":"secret %s",'
                      '"userIdentity":{"accessKeyId":"%s"}}]}\n' % (S["trail"], K["trail"]),
        "plan.log": "Error: validating provider credentials: retrieving caller identity from STS: operation error "
                    "STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: "
                    "11111111-2222-3333-4444-555555555555, api error InvalidClientTokenId: The security token "
                    "included in the request is invalid.\nAWS_SECRET_ACCESS_KEY=%s\nX-Amz-Security-Token: %s\n"
                    "Credential=%s/20261128/us-east-1/sts/aws4_request\n" % (S["log"], T["log"], K["log"]),
    }
    for name, text in files.items():
        with open(os.path.join(work, name), "w") as f:
            f.write(text)

envs = [
    {"AWS_ACCESS_KEY_ID": K["env"], "AWS_SECRET_ACCESS_KEY": S["env"], "AWS_SESSION_TOKEN": T["env"],
     "AWS_SECURITY_TOKEN": T["security"], "AWS_REGION": "af-south-1", "AWS_PROFILE": "dev"},
    {"AWS_ACCESS_KEY_ID": S["swap"], "AWS_SECRET_ACCESS_KEY": K["env"] , "AWS_REGION": "us-east-1"},
    {"AWS_ACCESS_KEY_ID": K["env"] + "\r\n", "AWS_SECRET_ACCESS_KEY": " \"" + S["env"] + "\"\n",
     "AWS_SESSION_TOKEN": T["env"] + "\r", "AWS_REGION": "eu-west-1"},
    {"AWS_ACCESS_KEY": K["env"], "AWS_SECRET_KEY": S["env_legacy"], "AWS_PROFILE": "ops",
     "TF_VAR_secret_key": S["env"], "AWS_DEFAULT_PROFILE": "nope"},
]

def commands():
    out = subprocess.run([tfauth, "--help"], capture_output=True, text=True).stdout
    cmds, on = [], False
    for line in out.splitlines():
        if line.startswith("commands:"):
            on = True
            continue
        if on:
            if not line.startswith("  "):
                break
            cmds.append(line.split()[0])
    return cmds

extra_args = {"explain": [], "trail": ["trail.json"], "check-key": ["--from-env"], "whoami": []}

def leaks(text):
    found = []
    for s in secrets:
        for i in range(len(s) - 7):
            if s[i:i + 8] in text:
                found.append("secret fragment %r" % s[i:i + 8])
                break
    for k in K.values():
        if k in text:
            found.append("full key id %s" % k)
    return found

cmds = commands()
runs = []
for c in cmds:
    for fmt in ["text", "json", "sarif"]:
        for verb in [[], ["-v"], ["-v", "-v"], ["-q"]]:
            runs.append((c, fmt, verb))
print("1..%d" % (len(runs) * len(envs) + 1))
print("%s - found the commands to run: %s" % ("ok 1" if "doctor" in cmds else "not ok 1", ", ".join(cmds)))
n = 1
for ei, env_extra in enumerate(envs):
    for c, fmt, verb in runs:
        n += 1
        tmp = tempfile.mkdtemp(prefix="tfauth-leak-")
        try:
            home, work = os.path.join(tmp, "home"), os.path.join(tmp, "work")
            os.makedirs(home)
            os.makedirs(work)
            plant(home, work)
            env = {"HOME": home, "PATH": "/usr/bin:/bin", "TFAUTH_TEST_NOW": "2026-11-28T12:00:00Z",
                   "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:9", "AWS_EC2_METADATA_DISABLED": "true"}
            env.update(env_extra)
            outfile = os.path.join(tmp, "report.out")
            args = [tfauth, c] + extra_args.get(c, []) + ["--format", fmt] + verb
            for a in (args, args + ["-o", outfile]):
                with open(os.path.join(work, "plan.log"), "rb") as stdin:
                    p = subprocess.run(a, cwd=work, env=env, stdin=stdin, capture_output=True, timeout=60)
                text = p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")
                if os.path.exists(outfile):
                    with open(outfile, "rb") as f:
                        text += f.read().decode("utf-8", "replace")
                bad = leaks(text)
                crashed = p.returncode < 0 or p.returncode > 3
                if bad or crashed:
                    break
            name = "env#%d %s %s" % (ei, " ".join(args[1:]), "")
            if bad or crashed:
                print("not ok %d - %s" % (n, name))
                for b in bad[:5]:
                    print("# leaked: %s" % b)
                if crashed:
                    print("# exit status %d" % p.returncode)
            else:
                print("ok %d - %s" % (n, name))
        finally:
            shutil.rmtree(tmp)
