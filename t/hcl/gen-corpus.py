#!/usr/bin/env python3
"""gen-corpus.py SEED N DIR - write N seeded random .tf files covering the
HCL2 native syntax (every construct of the spec as Terraform uses it) for
the differential test against HashiCorp's parser (t/hcl-diff.t). The same
seed always gives the same files."""
import random
import sys

seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
R = random.Random(seed)

IDENTS = ["region", "profile", "name", "count", "tags", "value", "enabled", "cidr",
          "x", "y_2", "with-dash", "ünïcode", "for_each", "description"]


def ident():
    return R.choice(IDENTS)


def str_chars(depth):
    parts = []
    for _ in range(R.randint(0, 4)):
        k = R.randint(0, 13)
        if k == 0:
            parts.append(R.choice(["\\n", "\\t", "\\\"", "\\\\", "\\r"]))
        elif k == 1:
            parts.append(R.choice(["\\u00e9", "\\u0041", "\\U0001F600", "\\u20ac"]))
        elif k == 2:
            parts.append("$${literal}")
        elif k == 3:
            parts.append("%%{literal}")
        elif k == 4 and depth < 3:
            parts.append("${" + expr(depth + 1) + "}")
        elif k == 5 and depth < 3:
            parts.append("${~ " + expr(depth + 1) + " ~}")
        elif k == 6 and depth < 3:
            parts.append("%{ if " + expr(depth + 1) + " }yes%{ else }no%{ endif }")
        elif k == 7 and depth < 3:
            parts.append("%{ for v in var.list ~}[${v}]%{ endfor }")
        elif k == 8:
            parts.append("$ and % and { }")
        elif k == 9:
            parts.append("ümlaut ✓")
        else:
            parts.append(R.choice(["eu-west-1", "hello world", "a-b_c", "AKIA-not-a-key", "x"]))
    return "".join(parts)


def number():
    return R.choice(["0", "1", "42", "3.14", "1e3", "2.5E-2", "100000", "0.5", "7e+2"])


def expr(depth=0):
    if depth > 4:
        return R.choice([number(), '"leaf"', "true", "var.x"])
    k = R.randint(0, 24)
    if k <= 2:
        return number()
    if k == 3:
        return R.choice(["true", "false", "null"])
    if k <= 6:
        return '"' + str_chars(depth) + '"'
    if k == 7:
        items = [expr(depth + 1) for _ in range(R.randint(0, 4))]
        if R.random() < 0.3:
            return "[\n" + ",\n".join("  " + i for i in items) + (",\n" if items and R.random() < 0.5 else "\n") + "]"
        return "[" + ", ".join(items) + "]"
    if k == 8:
        items = []
        for _ in range(R.randint(0, 4)):
            key = R.choice([ident(), '"quoted key"', '"k-%d"' % R.randint(0, 9), "(var.k)"])
            items.append(key + R.choice([" = ", ": "]) + expr(depth + 1))
        if items and R.random() < 0.5:
            return "{\n" + "\n".join("  " + i for i in items) + "\n}"
        return "{" + ", ".join(items) + "}"
    if k == 9:
        fn = R.choice(["max", "lookup", "format", "jsonencode", "concat", "provider::aws::arn_parse"])
        args = [expr(depth + 1) for _ in range(R.randint(0, 3))]
        s = fn + "(" + ", ".join(args)
        if args and R.random() < 0.3:
            s += "..."
        return s + ")"
    if k == 10:
        return R.choice(["var.x", "local.y", "aws_instance.web.id", "module.m.out[0]",
                         "var.list[*].id", "var.list.*.name", "data.aws_caller_identity.current.account_id",
                         "var.map[\"key\"]", "count.index", "each.value.name", "path.module", "var.list.0"])
    if k == 11:
        return expr(depth + 1) + " ? " + expr(depth + 1) + " : " + expr(depth + 1)
    if k == 12:
        op = R.choice(["+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "&&", "||"])
        return expr(depth + 1) + " " + op + " " + expr(depth + 1)
    if k == 13:
        if R.random() < 0.5:
            return "!" + R.choice(["true", "false", "var.b", "(var.n > 1)"])
        return "-" + R.choice([number(), "var.n", "(var.n * 2)"])
    if k == 14:
        return "(" + expr(depth + 1) + ")"
    if k == 15:
        return "[for i, v in var.list : upper(v) if v != \"\"]"
    if k == 16:
        return "{ for k, v in var.map : k => v... if v != null }"
    if k == 17 and depth == 0:
        tag = R.choice(["EOT", "EOF", "POLICY"])
        body = "\n".join(R.choice(["  line one", "    indented ${var.x}", "", "plain \\n text",
                                   "%{ if var.b }on%{ endif }", "$${not}", "\ttabbed", "  json: {\"a\": 1}"])
                         for _ in range(R.randint(0, 4)))
        flush = R.random() < 0.5
        return "<<" + ("-" if flush else "") + tag + "\n" + body + ("\n" if body else "") + ("  " if flush else "") + tag
    if k == 18:
        return "{\n  a = 1 # comment\n  // another\n  b = /* inline */ 2\n}"
    if k == 19:
        return '"${' + expr(depth + 1) + '}"'
    if k == 20:
        return "-" + number()
    if k == 21:
        return '"${"nested ${"deep"}"}"'
    return '"' + str_chars(depth) + '"'


def comment():
    return R.choice(["# hash comment", "// slash comment", "/* block */",
                     "/*\n multi-line\n block comment\n*/"])


NESTED = ["ingress", "lifecycle", "assume_role", "tags_block", "setting", "rule", "content"]


def attrs(ind, used, n):
    lines = []
    for _ in range(n):
        r = R.random()
        if r < 0.1:
            lines.append(ind + comment())
            continue
        name = ident()
        while name in used:
            name = name + "_" + str(R.randint(0, 99))
        used.add(name)
        e = expr()
        if "<<" not in e:
            e = e.replace("\n", "\n" + ind)
        c = comment()
        lines.append(ind + name + " = " + e +
                     (" " + c if R.random() < 0.1 and "\n" not in c and "<<" not in e else ""))
    return lines


def nested(depth, ind):
    """a block inside a resource: no labels (dynamic has one)"""
    used = set()
    if R.random() < 0.15:
        head = ind + 'dynamic "' + R.choice(NESTED) + '"'
        inner = attrs(ind + "  ", used, R.randint(0, 2))
        inner.append(ind + "  content {\n" + "\n".join(attrs(ind + "    ", set(), R.randint(0, 2))) + "\n" + ind + "  }")
        return head + " {\n" + "\n".join(inner) + "\n" + ind + "}"
    head = ind + R.choice(NESTED)
    r = R.random()
    if r < 0.1:
        return head + " {}"
    if r < 0.2:
        return head + " { " + ident() + " = " + R.choice([number(), '"one line"', "var.z"]) + " }"
    inner = attrs(ind + "  ", used, R.randint(0, 4))
    if depth < 3:
        for _ in range(R.randint(0, 2)):
            inner.append(nested(depth + 1, ind + "  "))
    R.shuffle(inner)
    return head + " {\n" + "\n".join(inner) + ("\n" if inner else "") + ind + "}"


def label():
    return R.choice(['"aws"', '"web"', '"with space"', '"ü"', '"x-1"', '"a_b"'])


def block(depth, ind):
    t = R.choice(["resource", "resource", "data", "provider", "variable", "output", "module",
                  "locals", "terraform"])
    used = set()
    if t in ("resource", "data"):
        head = t + " " + R.choice(['"aws_instance"', '"aws_s3_bucket"', "aws_iam_role"]) + " " + label()
        inner = attrs("  ", used, R.randint(0, 6))
        for _ in range(R.randint(0, 3)):
            inner.append(nested(1, "  "))
        R.shuffle(inner)
    elif t == "provider":
        head = 'provider "aws"'
        inner = attrs("  ", used, R.randint(0, 5))
        if R.random() < 0.5:
            inner.append("  assume_role {\n" + "\n".join(attrs("    ", set(), R.randint(1, 3))) + "\n  }")
    elif t == "terraform":
        head = "terraform"
        inner = attrs("  ", used, R.randint(0, 2))
        if R.random() < 0.6:
            inner.append('  backend "s3" {\n' + "\n".join(attrs("    ", set(), R.randint(0, 4))) + "\n  }")
        if R.random() < 0.6:
            inner.append("  required_providers {\n    aws = {\n      source = \"hashicorp/aws\"\n"
                         "      version = \"" + R.choice(["~> 5.0", ">= 3.0", "4.67.0", "> 2, < 6"]) + "\"\n    }\n  }")
    else:
        head = t + ("" if t == "locals" else " " + label())
        inner = attrs("  ", used, R.randint(0, 6))
    r = R.random()
    if r < 0.05:
        return head + " {}"
    return head + " {\n" + "\n".join(inner) + ("\n" if inner else "") + "}"


for n in range(count):
    lines = []
    if n % 7 == 0:
        lines.append('provider "aws" {\n  region  = "eu-west-1"\n  profile = var.profile\n'
                     '  assume_role {\n    role_arn     = "arn:aws:iam::123456789012:role/x"\n'
                     '    session_name = "tf"\n  }\n}')
        lines.append('terraform {\n  required_version = ">= 1.6"\n  required_providers {\n'
                     '    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n    }\n  }\n'
                     '  backend "s3" {\n    bucket = "b"\n    key    = "k"\n    region = "us-east-1"\n  }\n}')
    top = set()
    for _ in range(R.randint(1, 8)):
        if R.random() < 0.7:
            lines.append(block(0, ""))
        else:
            lines.extend(attrs("", top, R.randint(1, 3)))
    text = "\n\n".join(lines) + "\n"
    if n % 11 == 5:
        text = text.replace("\n", "\r\n")
    with open("%s/gen-%04d.tf" % (out, n), "w", encoding="utf-8", newline="") as f:
        f.write(text)
