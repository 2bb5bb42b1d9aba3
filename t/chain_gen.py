"""chain_gen - the seeded generator of credential-chain cases for the
differential test t/chain-botocore.t.

A case is a fake HOME with ~/.aws/config and ~/.aws/credentials written in
plain syntax (the parse-level quirks are files_gen's job) plus environment
variables. What varies is what decides the chain (credential-files.md §3,
§4): environment keys (complete, partial, legacy names, tokens), AWS_PROFILE
and AWS_DEFAULT_PROFILE (unset, existing, missing, empty, disagreeing), a
profile in one or both files, keys only in the config file, assume-role
profiles (source_profile present / missing / looping, credential_source
valid / invalid / both / neither), SSO profiles (sso-session present or
not, legacy complete or not), credential_process (a command that must never
run), web identity (env or profile, with or without a role), [DEFAULT] and
[profile default].

Role-to-role chains (_role_chain, drawn from a stream of their own so the
other cases stay as they were): rtop -> rmid [-> rmid2] -> rbase where mid is
(the link under test) healthy or carries one link fault: credential_source = Environment with or
without environment keys, role_arn with neither source_profile nor
credential_source, a lone aws_secret_access_key, credential_source =
Bogus, both source_profile and credential_source, a loop back to rtop, a
missing source, static keys next to role_arn, no credentials at all, SSO or
credential_process (the last two need the network in Go: OFFLINE_FAULTS).
"""
import os
import random

NEVER_RUN = "/nonexistent/tfauth-test-must-not-run --this-would-fail-loudly"


def key(i):
    return "AKIAAAAAAAAAAAAA%04d" % i


def secret(i):
    return ("sEcReT" + "a" * 30 + "%04d" % i)[:40]


NAMES = ["default", "dev", "prod", "ops", "ci", "sso", "role", "chain"]


def _profile_body(r, name, i, files):
    """(config_lines, credentials_lines) for one profile."""
    cfg, crd = [], []
    kind = r.choice(["static-cred", "static-cred", "static-config", "static-both", "role",
                     "role", "role-ok", "role-ok", "sso", "sso-legacy", "process", "webid", "empty", "partial",
                     "token-config", "security-token", "sso-and-static", "region-only"])
    if kind == "static-cred":
        crd += ["aws_access_key_id = %s" % key(i), "aws_secret_access_key = %s" % secret(i)]
        if r.random() < 0.2:
            crd.append("aws_session_token = TOKEN%d" % i)
    elif kind == "static-config":
        cfg += ["aws_access_key_id = %s" % key(i), "aws_secret_access_key = %s" % secret(i)]
    elif kind == "static-both":
        cfg += ["aws_access_key_id = %s" % key(i + 100), "aws_secret_access_key = %s" % secret(i + 100)]
        crd += ["aws_access_key_id = %s" % key(i), "aws_secret_access_key = %s" % secret(i)]
    elif kind == "token-config":
        cfg += ["aws_session_token = STALE%d" % i]
        crd += ["aws_access_key_id = %s" % key(i), "aws_secret_access_key = %s" % secret(i)]
    elif kind == "security-token":
        crd += ["aws_access_key_id = %s" % key(i), "aws_secret_access_key = %s" % secret(i),
                "aws_security_token = SEC%d" % i]
    elif kind == "role":
        arn = r.choice(["arn:aws:iam::123456789012:role/R%d" % i, "arn:aws:iam::123456789012:role/Admin",
                        "not-an-arn"])
        cfg.append("role_arn = %s" % arn)
        src = r.randrange(6)
        if src == 0:
            cfg.append("source_profile = %s" % r.choice(NAMES))
        elif src == 1:
            cfg.append("source_profile = missing%d" % i)
        elif src == 2:
            cfg.append("credential_source = %s" % r.choice(["Environment", "Ec2InstanceMetadata",
                                                             "EcsContainer", "environment", "Bogus"]))
        elif src == 3:
            cfg += ["source_profile = %s" % r.choice(NAMES), "credential_source = Environment"]
        elif src == 4:
            cfg.append("source_profile = %s" % name)  # self reference
            if r.random() < 0.5:
                crd += ["aws_access_key_id = %s" % key(i), "aws_secret_access_key = %s" % secret(i)]
        # src == 5: neither
        if r.random() < 0.2:
            cfg.append("mfa_serial = arn:aws:iam::123456789012:mfa/u")
    elif kind == "role-ok":
        cfg += ["role_arn = arn:aws:iam::123456789012:role/Ok%d" % i, "source_profile = base"]
        if r.random() < 0.3:
            cfg += ["role_session_name = tf", "external_id = x%d" % i]
    elif kind == "sso":
        cfg += ["sso_session = %s" % r.choice(["corp", "nosuch"]), "sso_account_id = 123456789012",
                "sso_role_name = ReadOnly"]
        if r.random() < 0.3:
            cfg.pop(r.choice([1, 2]))
    elif kind == "sso-legacy":
        keys = ["sso_start_url = https://corp.awsapps.com/start", "sso_region = eu-west-1",
                "sso_account_id = 123456789012", "sso_role_name = ReadOnly"]
        if r.random() < 0.3:
            keys.pop(r.randrange(4))
        cfg += keys
    elif kind == "process":
        cfg.append("credential_process = %s" % NEVER_RUN)
    elif kind == "webid":
        cfg.append("web_identity_token_file = /nonexistent/token%d" % i)
        if r.random() < 0.7:
            cfg.append("role_arn = arn:aws:iam::123456789012:role/W%d" % i)
    elif kind == "partial":
        if r.random() < 0.5:
            crd.append("aws_access_key_id = %s" % key(i))
        else:
            crd.append("aws_secret_access_key = %s" % secret(i))
            cfg += ["aws_access_key_id = %s" % key(i + 100), "aws_secret_access_key = %s" % secret(i + 100)]
    elif kind == "sso-and-static":
        cfg += ["sso_session = corp", "sso_account_id = 123456789012", "sso_role_name = ReadOnly"]
        crd += ["aws_access_key_id = %s" % key(i), "aws_secret_access_key = %s" % secret(i)]
    elif kind == "region-only":
        cfg.append("region = eu-west-1")
    return kind, cfg, crd


CHAIN_FAULTS = ["ok", "ok", "ok-3", "env-source", "env-source-keys", "role-no-source", "lone-secret",
                "lone-secret-role", "bogus-source", "lower-source", "source-and-cs", "loop", "missing",
                "static-and-role", "empty", "self-keys", "sso", "process", "mfa"]
# faults whose case the Go oracle can decide without a network call (t/chain-go.t)
OFFLINE_FAULTS = [f for f in CHAIN_FAULTS if f not in ("sso", "process")]


def _role_chain(seed, c, i):
    """Maybe add top -> mid -> base (mid carrying one fault) and select top."""
    r = random.Random(seed * 104729 + 3)
    if r.random() >= 0.3:
        return
    fault = r.choice(CHAIN_FAULTS)
    c["kinds"]["rtop"] = "chain-" + fault
    arn = "arn:aws:iam::123456789012:role/%s"
    cfg = ["[profile rtop]", "role_arn = " + arn % "Top", "source_profile = rmid"]
    cfg += (["region = eu-central-1"] if r.random() < 0.5 else []) + [""]
    mid = ["[profile rmid]"]
    crd = []
    base = ["[rbase]", "aws_access_key_id = %s" % key(i + 800), "aws_secret_access_key = %s" % secret(i + 800), ""]
    if fault == "ok":
        mid += ["role_arn = " + arn % "Mid", "source_profile = rbase"]
    elif fault == "ok-3":
        mid += ["role_arn = " + arn % "Mid", "source_profile = rmid2", "",
                "[profile rmid2]", "role_arn = " + arn % "Mid2", "source_profile = rbase"]
    elif fault in ("env-source", "env-source-keys"):
        mid += ["role_arn = " + arn % "Mid", "credential_source = Environment"]
        if fault == "env-source-keys":
            c["env"]["AWS_ACCESS_KEY_ID"] = key(i + 850)
            c["env"]["AWS_SECRET_ACCESS_KEY"] = secret(i + 850)
    elif fault == "role-no-source":
        mid += ["role_arn = " + arn % "Mid"]
    elif fault == "lone-secret":
        crd += ["[rmid]", "aws_secret_access_key = %s" % secret(i + 860), ""]
    elif fault == "lone-secret-role":
        mid += ["role_arn = " + arn % "Mid", "source_profile = rbase"]
        crd += ["[rmid]", "aws_secret_access_key = %s" % secret(i + 860), ""]
    elif fault == "bogus-source":
        mid += ["role_arn = " + arn % "Mid", "credential_source = Bogus"]
    elif fault == "lower-source":
        mid += ["role_arn = " + arn % "Mid", "credential_source = environment"]
    elif fault == "source-and-cs":
        mid += ["role_arn = " + arn % "Mid", "source_profile = rbase", "credential_source = Environment"]
        if r.random() < 0.5:
            c["env"]["AWS_ACCESS_KEY_ID"] = key(i + 850)
            c["env"]["AWS_SECRET_ACCESS_KEY"] = secret(i + 850)
    elif fault == "loop":
        mid += ["role_arn = " + arn % "Mid", "source_profile = rtop"]
    elif fault == "missing":
        mid += ["role_arn = " + arn % "Mid", "source_profile = nosuch"]
    elif fault == "static-and-role":
        mid += ["role_arn = " + arn % "Mid", "source_profile = rbase"]
        crd += ["[rmid]", "aws_access_key_id = %s" % key(i + 870), "aws_secret_access_key = %s" % secret(i + 870), ""]
    elif fault == "empty":
        mid += ["region = eu-west-1"]
    elif fault == "self-keys":
        mid += ["role_arn = " + arn % "Mid", "source_profile = rmid"]
        crd += ["[rmid]", "aws_access_key_id = %s" % key(i + 880), "aws_secret_access_key = %s" % secret(i + 880), ""]
    elif fault == "sso":
        mid += ["sso_session = chaincorp", "sso_account_id = 123456789012", "sso_role_name = ReadOnly"]
        cfg += ["[sso-session chaincorp]", "sso_start_url = https://corp.awsapps.com/start", "sso_region = eu-west-1", ""]
    elif fault == "process":
        mid += ["credential_process = %s" % NEVER_RUN]
    elif fault == "mfa":
        mid += ["role_arn = " + arn % "Mid", "source_profile = rbase", "mfa_serial = arn:aws:iam::123456789012:mfa/u"]
    c["config"] += cfg + mid + [""]
    c["credentials"] += crd + base
    e = c["env"]
    if r.random() < 0.85:
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY", "AWS_SECRET_KEY",
                  "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"):
            if not (fault in ("env-source-keys", "source-and-cs") and k.endswith(("KEY_ID", "ACCESS_KEY"))):
                e.pop(k, None)
        e.pop("AWS_DEFAULT_PROFILE", None)
        e.pop("AWS_CONFIG_FILE", None)
        e.pop("AWS_SHARED_CREDENTIALS_FILE", None)
        e["AWS_PROFILE"] = "rtop"


def case(seed):
    r = random.Random(seed * 7919 + 17)
    c = {"seed": seed, "config": [], "credentials": [], "env": {}, "kinds": {}}
    n = r.randrange(1, 6)
    names = r.sample(NAMES, n)
    i = seed * 10
    for name in names:
        i += 1
        kind, cfg, crd = _profile_body(r, name, i, None)
        c["kinds"][name] = kind
        if cfg or r.random() < 0.3:
            if name == "default":
                hdr = r.choice(["[default]", "[default]", "[profile default]"])
            else:
                hdr = "[profile %s]" % name
            c["config"] += [hdr] + cfg + [""]
        if crd:
            c["credentials"] += ["[%s]" % name] + crd + [""]
    if "role-ok" in c["kinds"].values() and r.random() < 0.9:
        c["credentials"] += ["[base]", "aws_access_key_id = %s" % key(i + 500),
                             "aws_secret_access_key = %s" % secret(i + 500), ""]
    if r.random() < 0.5 or any(k in ("sso", "sso-and-static") for k in c["kinds"].values()):
        if r.random() < 0.85:
            c["config"] += ["[sso-session corp]", "sso_start_url = https://corp.awsapps.com/start",
                            "sso_region = eu-west-1", ""]
    q = r.randrange(14)
    if q == 0:  # [DEFAULT] keys are inherited by every credentials section (botocore)
        c["credentials"] = ["[DEFAULT]", "aws_access_key_id = %s" % key(i + 700),
                            "aws_secret_access_key = %s" % secret(i + 700), ""] + c["credentials"]
    elif q == 1:  # both default headers: the later one wins for botocore
        c["config"] += ["[default]", "aws_access_key_id = %s" % key(i + 710),
                        "aws_secret_access_key = %s" % secret(i + 710), "",
                        "[profile default]", "aws_access_key_id = %s" % key(i + 720),
                        "aws_secret_access_key = %s" % secret(i + 720), ""]
    elif q == 2:  # an inline comment the CLI keeps in the key id
        c["credentials"] += ["[default]", "aws_access_key_id = %s # main" % key(i + 730),
                             "aws_secret_access_key = %s" % secret(i + 730), ""]
    elif q == 3:  # a bare [name] in the config file is not a profile
        c["config"] += ["[%s]" % r.choice(NAMES[1:]), "aws_access_key_id = %s" % key(i + 740),
                        "aws_secret_access_key = %s" % secret(i + 740), ""]
    e = c["env"]
    if r.random() < 0.1:
        e["AWS_CONFIG_FILE"] = r.choice(["~/.aws/config", "$HOME/.aws/config", "/nonexistent/config"])
    if r.random() < 0.1:
        e["AWS_SHARED_CREDENTIALS_FILE"] = r.choice(["~/.aws/credentials", "$HOME/.aws/credentials", ""])
    ek = r.randrange(10)
    if ek == 0:
        e["AWS_ACCESS_KEY_ID"] = key(9000 + seed % 999)
        e["AWS_SECRET_ACCESS_KEY"] = secret(9000)
    elif ek == 1:
        e["AWS_ACCESS_KEY_ID"] = key(9000 + seed % 999)
        e["AWS_SECRET_ACCESS_KEY"] = secret(9000)
        e[r.choice(["AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"])] = "ENVTOKEN"
    elif ek == 2:
        e["AWS_ACCESS_KEY_ID"] = key(9000 + seed % 999)
    elif ek == 3:
        e["AWS_SECRET_ACCESS_KEY"] = secret(9000)
    elif ek == 4:
        e["AWS_ACCESS_KEY"] = key(8000 + seed % 999)
        e["AWS_SECRET_KEY"] = secret(8000)
    pv = r.randrange(9)
    pick = lambda: r.choice(names * 3 + ["missing", "Dev"])  # noqa: E731
    if pv in (0, 1, 2):
        e["AWS_PROFILE"] = pick()
    elif pv == 3:
        e["AWS_DEFAULT_PROFILE"] = pick()
    elif pv == 4:
        e["AWS_PROFILE"] = pick()
        e["AWS_DEFAULT_PROFILE"] = pick()
    elif pv == 5:
        e[r.choice(["AWS_PROFILE", "AWS_DEFAULT_PROFILE"])] = ""
    wi = r.randrange(12)
    if wi == 0:
        e["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/nonexistent/env-token"
        if r.random() < 0.7:
            e["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/EnvWeb"
    _role_chain(seed, c, i)
    _regions(seed, c)
    return c


def _regions(seed, c):
    """Regions from their own stream: AWS_DEFAULT_REGION (the only one botocore 1.x
    reads), a region in the credentials file (botocore and go read it too)."""
    r = random.Random(seed * 15485863 + 11)
    if r.random() < 0.3:
        c["env"]["AWS_DEFAULT_REGION"] = r.choice(["us-west-2", "eu-west-1"])
        c["no_aws_region"] = r.random() < 0.5  # go then reads AWS_DEFAULT_REGION
    if r.random() < 0.2 and c["credentials"]:
        c["credentials"].insert(1, "region = ap-south-1")


def materialise(c, home):
    """Write the case under home; return the environment to run with."""
    aws = os.path.join(home, ".aws")
    os.makedirs(aws, exist_ok=True)
    if c["config"]:
        with open(os.path.join(aws, "config"), "w") as f:
            f.write("\n".join(c["config"]) + "\n")
    if c["credentials"]:
        with open(os.path.join(aws, "credentials"), "w") as f:
            f.write("\n".join(c["credentials"]) + "\n")
    env = {"HOME": home, "PATH": "/usr/bin:/bin", "AWS_EC2_METADATA_DISABLED": "true",
           "AWS_REGION": "eu-west-1", "TFAUTH_TEST_NOW": "2026-11-28T12:00:00Z"}
    env.update(c["env"])
    if c.get("no_aws_region"):
        del env["AWS_REGION"]
    return env
