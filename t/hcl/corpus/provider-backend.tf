# The auth-relevant blocks tfauth reads, in every spelling.
terraform {
  required_version = ">= 1.6, < 2.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
  backend "s3" {
    bucket         = "state-bucket"
    key            = "envs/prod/terraform.tfstate"
    region         = "eu-west-1"
    profile        = "state"
    dynamodb_table = "locks"
    assume_role {
      role_arn     = "arn:aws:iam::123456789012:role/state"
      session_name = "tf-state"
    }
  }
}

provider "aws" {
  region                   = var.region
  profile                  = "dev"
  shared_credentials_files = ["~/.aws/credentials", "${path.module}/creds"]
  allowed_account_ids      = ["123456789012"]
  default_tags {
    tags = {
      Owner = "platform"
    }
  }
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
  assume_role {
    role_arn = "arn:aws:iam::${var.account}:role/x"
  }
}
