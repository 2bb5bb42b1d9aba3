terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "ok16/terraform.tfstate"
    region = "eu-west-1"
    assume_role = {
      role_arn = "arn:aws:iam::123456789012:role/state"
    }
  }
}
