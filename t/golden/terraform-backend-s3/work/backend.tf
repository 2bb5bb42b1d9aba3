terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket                  = "state"
    key                     = "prod.tfstate"
    region                  = "eu-west-1"
    profile                 = "state"
    token                   = "123456"
    use_legacy_workflow     = true
    role_arn                = "arn:aws:iam::123456789012:role/state"
    shared_credentials_file = "~/.aws/credentials"
  }
}
