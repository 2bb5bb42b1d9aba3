terraform {
  required_version = "~> 1.5.0"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "v15/terraform.tfstate"
    region = "eu-west-1"
    role_arn    = "arn:aws:iam::123456789012:role/state"
    external_id = "acme"
  }
}
