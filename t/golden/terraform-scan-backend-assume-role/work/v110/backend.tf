terraform {
  required_version = "~> 1.10"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "v110/terraform.tfstate"
    region = "eu-west-1"
    role_arn = "arn:aws:iam::123456789012:role/state"
    assume_role_duration_seconds = 3600
  }
}
