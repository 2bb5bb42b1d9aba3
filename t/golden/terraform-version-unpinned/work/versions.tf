terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
  backend "s3" {
    bucket = "b"
    key    = "k"
    region = "eu-west-1"
  }
}
