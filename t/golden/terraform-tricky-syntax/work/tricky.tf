# comments: /* not a block comment here
/* a block comment with "quotes" and { braces
   provider "aws" { access_key = "AKIAY34FZKBOKTSTVV7A" } */
provider "aws" {
  region = "eu-${"west"}-1" // folded template: a literal region
  profile = "${var.env}-admin"
  assume_role {
    role_arn     = "arn:aws:iam::123456789012:role/${var.role}"
    session_name = <<-EOT
      tf-session
      EOT
  }
}

locals {
  policy = <<EOT
{"Statement": [{"Effect": "Allow", "Resource": "*"}]}
EOT
  escaped = "$${literal} and %%{literal}"
  nested  = "${"${"deep"}"}"
  obj     = { for k, v in var.m : k => v... if v != null }
}
