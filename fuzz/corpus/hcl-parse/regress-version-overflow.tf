terraform {
  required_version = "99999999999999999.1"
  required_providers {
    aws = "~> 99999999999999.1.2"
  }
}
provider "aws" {}
