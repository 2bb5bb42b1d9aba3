provider "aws" {
  region = "eu-west-1
  profile = "dev"
}

terraform {
  required_version = ">= 1.5" "x"
}

# scan reads provider and terraform blocks only; this one is terraform validate's
resource "x" "y" {
  name = "a" "b"
}
