terraform {
  required_version = ">= 1.7"
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
  backend "s3" {
    key = "app/terraform.tfstate"
  }
}

provider "aws" {
  region  = "eu-west-1"
  profile = "prod"
}
