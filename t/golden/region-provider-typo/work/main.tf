terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}

provider "aws" {
  region  = "us-eats-1"
  profile = "prod"
}

provider "aws" {
  alias   = "china"
  region  = "cn-nort-1"
  profile = "prod"
}
