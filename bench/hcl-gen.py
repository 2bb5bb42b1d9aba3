#!/usr/bin/env python3
"""hcl-gen.py DIR MB - write about MB megabytes of realistic Terraform
(modules with resources, variables, providers, locals, heredoc policies,
for-expressions, templates) under DIR, in files of 20-200 KB spread over
subdirectories, for bench/hcl.sh. Deterministic (fixed seed)."""
import os
import random
import sys

out, target = sys.argv[1], int(float(sys.argv[2]) * 1e6)
R = random.Random(42)

RES = '''resource "aws_instance" "web_{n}" {{
  ami           = data.aws_ami.ubuntu.id
  instance_type = var.instance_type
  count         = var.enabled ? {c} : 0
  subnet_id     = element(module.vpc.private_subnets, count.index)
  tags = merge(local.common_tags, {{
    Name = "web-${{var.env}}-{n}-${{count.index}}"
    Tier = "frontend"
  }})
  root_block_device {{
    volume_size = {v}
    encrypted   = true
  }}
  lifecycle {{
    ignore_changes = [tags["LastModified"], ami]
  }}
}}

resource "aws_iam_policy" "p_{n}" {{
  name   = "policy-{n}"
  policy = <<-EOT
    {{
      "Version": "2012-10-17",
      "Statement": [{{
        "Effect": "Allow",
        "Action": ["s3:GetObject", "s3:ListBucket"],
        "Resource": "arn:aws:s3:::bucket-{n}/*"
      }}]
    }}
    EOT
}}

variable "var_{n}" {{
  type        = map(string)
  description = "Variable number {n} with \\"quotes\\" and a ${{literal}}"
  default     = {{ a = "1", b = "2" }}
  validation {{
    condition     = length(var.var_{n}) > 0 && alltrue([for k, v in var.var_{n} : v != ""])
    error_message = "Must not be empty."
  }}
}}

locals {{
  l_{n} = {{ for k, v in var.var_{n} : upper(k) => v if v != null }}
  s_{n} = [for s in module.vpc.private_subnets[*] : "${{s}}-{n}"]
  x_{n} = (1 + 2) * {c} - var.count_{n} / 4 % 3 == 0 ? "yes" : "no" # comment
}}

'''
HEAD = '''terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.40" }
  }
}

provider "aws" {
  region  = var.region
  profile = var.profile
}

'''
written, f = 0, 0
while written < target:
    d = os.path.join(out, "mod%03d" % (f // 50))
    os.makedirs(d, exist_ok=True)
    parts = [HEAD] if f % 50 == 0 else []
    size = R.randint(20, 200) * 1000
    n = 0
    while sum(len(p) for p in parts) < size:
        parts.append(RES.format(n="%d_%d" % (f, n), c=R.randint(1, 9), v=R.randint(8, 500)))
        n += 1
    text = "".join(parts)
    with open(os.path.join(d, "main%04d.tf" % f), "w") as fh:
        fh.write(text)
    written += len(text)
    f += 1
print(written, f)
