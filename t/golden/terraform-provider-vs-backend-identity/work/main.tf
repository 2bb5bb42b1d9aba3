terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
  backend "s3" {}
}

variable "profile" {
  type    = string
  default = "default-from-variable"
}

provider "aws" {
  region  = "eu-west-1"
  profile = var.profile
}
