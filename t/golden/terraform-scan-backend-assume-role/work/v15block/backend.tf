terraform {
  required_version = "~> 1.5.0"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "v15block/terraform.tfstate"
    region = "eu-west-1"
    assume_role {
      role_arn = "arn:aws:iam::123456789012:role/state"
    }
  }
}
