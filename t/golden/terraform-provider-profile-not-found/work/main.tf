terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
  backend "s3" {
    bucket  = "tf-state"
    key     = "app.tfstate"
    region  = "eu-west-1"
    profile = "stagin"
  }
}

provider "aws" {
  region  = "eu-west-1"
  profile = "develop"
}
