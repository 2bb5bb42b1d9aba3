terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}
variable "region" {}
variable "key" {}
provider "aws" {
  region     = var.region
  access_key = var.key
  secret_key = "${var.secret}"
}
