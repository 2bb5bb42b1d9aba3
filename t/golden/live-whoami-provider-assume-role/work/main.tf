provider "aws" {
  region  = "eu-west-1"
  profile = "prod"
  assume_role {
    role_arn = "arn:aws:iam::123456789012:role/deploy"
  }
}
