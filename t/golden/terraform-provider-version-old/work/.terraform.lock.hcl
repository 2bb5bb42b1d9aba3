# This file is maintained automatically by "terraform init".
provider "registry.terraform.io/hashicorp/aws" {
  version     = "3.76.1"
  constraints = "~> 3.0"
  hashes = [
    "h1:AAAA",
  ]
}
