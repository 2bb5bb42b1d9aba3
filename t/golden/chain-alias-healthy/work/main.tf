terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}

provider "aws" {
  region  = "eu-west-1"
  profile = "prod"
}

provider "aws" {
  alias   = "audit"
  region  = "us-east-1"
  profile = "security-audit"
}

provider "aws" {
  alias   = "replica"
  region  = "ap-southeast-2"
  profile = "prod"
}
