terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
  backend "s3" {
    bucket = "tfstate-hk"
    key    = "app/terraform.tfstate"
    region = "ap-eest-1"
  }
}

provider "aws" {
  region = "ap-east-1"
}

provider "aws" {
  alias      = "bahrain"
  region     = "me-south-1"
  sts_region = "me-south-1"
}
