terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["123456789012"]
}

provider "aws" {
  alias                 = "f"
  region                = "eu-west-1"
  access_key            = "AKIAY34FZKBOKTSTVV7A"
  secret_key            = var.secret
  forbidden_account_ids = ["609629065308"]
}
