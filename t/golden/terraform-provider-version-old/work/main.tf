terraform {
  required_version = "~> 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 3.0"
    }
  }
  backend "s3" {
    bucket = "b"
    key    = "k"
    region = "eu-west-1"
  }
}

provider "aws" {
  region = "eu-west-1"
}
