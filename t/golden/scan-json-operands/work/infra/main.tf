provider "aws" {
  skip_credentials_validation = true
}
