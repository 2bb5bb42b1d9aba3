terraform {
  required_version = ">= 1.6"
  backend "remote" {
    organization = "acme"
  }
}

module "net" {
  source = "./modules/net"
}

module "registry" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
}
