terraform {
  required_version = ">= 1.7"
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.40" }
  }
  backend "s3" {
    bucket  = "gov-state"
    key     = "x.tfstate"
    region  = "us-gov-west-1"
    profile = "prod"
    shared_credentials_files = ["~/creds/custom"]
  }
}
variable "aws_profile" {
  type    = string
  default = "prod"
}
provider "aws" {
  region                   = "us-gov-west-1"
  profile                  = var.aws_profile
  shared_credentials_files = ["~/creds/custom"]
  assume_role {
    role_arn = "arn:aws-us-gov:iam::123456789012:role/deploy"
  }
}
