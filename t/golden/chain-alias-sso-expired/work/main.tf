terraform {
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
  alias   = "dev"
  region  = "eu-west-1"
  profile = "dev"
}
