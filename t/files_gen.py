"""files_gen - the seeded generator of shared-file cases for the
differential tests (t/files-botocore.t, t/files-go.t).

A case is a fake HOME: ~/.aws/config and ~/.aws/credentials as raw bytes
(or absent, or a directory), plus the AWS_* variables that pick the files
and the profile. Fragments are chosen to hit the quirks of
credential-files.md §2: inline comments, quotes, indentation and
continuation lines, header forms, [DEFAULT], duplicates, keys outside
sections, BOM, CRLF and lone CR, UTF-16, NUL and Latin-1 bytes, empty
values, nested values, sso-session and services sections, long lines.
"""
import os
import random

KEYS = ["AKIAAAAAAAAAAAAA%04d" % i for i in range(1, 10000)]


def _kid(r):
    return r.choice(KEYS[:60])


def _value(r, base):
    """A value with a quirk, as it appears after 'key ='."""
    q = r.randrange(24)
    if q == 0:
        return base + " # prod key"
    if q == 1:
        return base + " ;old"
    if q == 2:
        return base + "#x"
    if q == 3:
        return base + "\t# tab"
    if q == 4:
        return '"' + base + '"'
    if q == 5:
        return "'" + base + "'"
    if q == 6:
        return '"' + base
    if q == 7:
        return ""
    if q == 8:
        return base + "   "
    if q == 9:
        return base + ";x"
    if q == 10:
        return '""'
    return base


def _sep(r):
    return r.choice([" = ", "=", " =", "= ", "\t=\t", ": ", ":", " = "])


def _key(r, name):
    return r.choice([name, name, name, name, name.upper(), name.title()])


def _header(r, kind, name):
    if kind == "config":
        if name == "default":
            forms = ["[default]", "[default]", "[profile default]", "[DEFAULT]", "[Default]",
                     "[default] # main", "[default # x]", "[ default ]", "[default] extra"]
        else:
            forms = ["[profile %s]", "[profile %s]", "[profile %s]", "[ profile   %s ]", "[profile\t%s]",
                     '[profile "%s"]', "[%s]", "[profileX %s]", "[profile %s] ; c", "[profile %s]#c"]
            forms = [f % name for f in forms]
    else:
        if name == "default":
            forms = ["[default]", "[default]", "[default]", "[DEFAULT]", "[profile default]",
                     "[default] # main", "[ default ]", "  [default]"]
        else:
            forms = ["[%s]", "[%s]", "[%s]", "[profile %s]", "[ %s ]", "[%s] # c"]
            forms = [f % name for f in forms]
    return r.choice(forms)


NAMES = ["default", "dev", "prod", "my dev", "ci"]


FATAL = [True]  # False: only quirks that botocore accepts


def _section(r, kind, name):
    lines = [_header(r, kind, name)]
    keys = []
    if r.random() < 0.85:
        keys.append(("aws_access_key_id", _kid(r)))
    if r.random() < 0.8:
        keys.append(("aws_secret_access_key", "sEcReTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa%02d" % r.randrange(100)))
    if r.random() < 0.5:
        keys.append(("region", r.choice(["us-east-1", "eu-west-1", "ap-south-1", "us-west-2"])))
    if r.random() < 0.15:
        keys.append(("aws_session_token", "TOKEN%d" % r.randrange(1000)))
    r.shuffle(keys)
    for k, v in keys:
        indent = ""
        x = r.randrange(30)
        if x == 0:
            indent = "  "
        elif x == 1:
            indent = "\t"
        elif x == 2:
            indent = "\u00a0"
        lines.append(indent + _key(r, k) + _sep(r) + _value(r, v))
        x = r.randrange(40)
        if not FATAL[0] and x in (1, 2, 6):
            x = 4
        if x == 0:
            lines.append("  morestuff")
        elif x == 1:
            lines.append(_key(r, k) + " = " + _value(r, v))  # duplicate key
        elif x == 2:
            lines.append("this line is junk")
        elif x == 3:
            lines.append("")
        elif x == 4:
            lines.append("# a comment")
        elif x == 5:
            lines.append("; another = comment")
        elif x == 6:
            lines.append("= foo")
    x = r.randrange(25)
    if not FATAL[0] and x == 1:
        x = 0
    if x == 0:
        lines += ["s3 =", "  max_concurrent_requests = 10", "  addressing_style = path # c"]
    elif x == 1:
        lines += ["s3 =", "  max_concurrent_requests: 10"]
    elif x == 2:
        lines += ["region =", "  us-east-2"]
    return lines


def _file(r, kind):
    lines = []
    if FATAL[0] and r.random() < 0.05:
        lines.append("aws_access_key_id = " + _kid(r))  # outside any section
    if r.random() < 0.1:
        lines.append("# top comment " + "x" * r.choice([10, 200, 5000]))
    n = r.randrange(0, 4)
    names = r.sample(NAMES, n)
    if FATAL[0] and r.random() < 0.08 and names:
        names.append(names[0])  # duplicate section
    for name in names:
        lines += _section(r, kind, name)
        if r.random() < 0.3:
            lines.append("")
    if kind == "config" and r.random() < 0.15:
        lines += ["[sso-session my-sso]", "sso_region = us-east-1",
                  "sso_start_url = https://example.awsapps.com/start"]
    if kind == "config" and r.random() < 0.1:
        lines += ["[services local]", "s3 =", "  endpoint_url = http://127.0.0.1:9000"]
    if FATAL[0] and r.random() < 0.05:
        lines.insert(r.randrange(len(lines) + 1), "[]")
    eol = r.choice(["\n"] * 8 + ["\r\n", "\r\n", "\r"])
    text = eol.join(lines) + (eol if r.random() < 0.9 else "")
    data = text.encode("utf-8")
    x = r.randrange(40) if FATAL[0] else 39
    if x == 0:
        data = b"\xef\xbb\xbf" + data
    elif x == 1:
        data = ("\ufeff" + text).encode("utf-16-le")
    elif x == 2:
        data = data.replace(b"# a comment", b"# caf\xe9", 1) + b"# caf\xe9\n"
    elif x == 3 and b"AKIA" in data:
        i = data.index(b"AKIA") + 20
        data = data[:i] + b"\x00" + data[i:]
    return data


def case(seed):
    """One case: {'config': bytes|None|'dir', 'credentials': ..., 'env': {...}}."""
    r = random.Random(seed)
    c = {"seed": seed, "env": {}}
    FATAL[0] = r.random() < 0.4
    for kind in ("config", "credentials"):
        x = r.randrange(12)
        c[kind] = None if x == 0 else "dir" if x == 1 else _file(r, kind)
    env = c["env"]
    for var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        x = r.randrange(10)
        if x < 7:
            continue
        env[var] = r.choice(["", "dev", "dev", "prod", "prod", "default", "missing", "my dev", "DEFAULT",
                             "Dev", "ci", "ci"])
    if r.random() < 0.12:
        c["profile"] = r.choice(["dev", "prod", "default", "missing", "my dev", "ci"])
    for var, name in (("AWS_CONFIG_FILE", "config"), ("AWS_SHARED_CREDENTIALS_FILE", "credentials")):
        x = r.randrange(14)
        if x == 0:
            env[var] = ""
        elif x == 1:
            env[var] = "~/.aws/" + name
        elif x == 2:
            env[var] = "$HOME/.aws/" + name
        elif x == 3:
            env[var] = "@HOME@/alt/" + name
        elif x == 4:
            env[var] = "@HOME@/.aws/" + name
    return c


def materialise(c, home):
    """Write the case under home; return the environment for the tools."""
    aws = os.path.join(home, ".aws")
    alt = os.path.join(home, "alt")
    os.makedirs(aws, exist_ok=True)
    os.makedirs(alt, exist_ok=True)
    for kind in ("config", "credentials"):
        for d in (aws, alt):
            p = os.path.join(d, kind)
            data = c[kind]
            if data is None:
                continue
            if data == "dir":
                os.makedirs(p, exist_ok=True)
            else:
                with open(p, "wb") as f:
                    f.write(data)
    env = {"HOME": home, "PATH": "/usr/bin:/bin", "AWS_EC2_METADATA_DISABLED": "true",
           "LANG": "C.UTF-8"}
    for k, v in c["env"].items():
        env[k] = v.replace("@HOME@", home)
    return env
