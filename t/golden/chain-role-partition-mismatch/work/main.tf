terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

provider "aws" {
  region  = "us-gov-west-1"
  profile = "gov"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/terraform"
  }
}
