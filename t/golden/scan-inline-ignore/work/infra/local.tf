# tfauth:ignore skip-credentials-validation,hardcoded-access-key the localstack provider: no real account behind it
provider "aws" {
  alias                       = "local"
  region                      = "eu-west-1"
  skip_credentials_validation = true # a } in a comment does not close the block
  access_key                  = "AKIAY34FZKBOKTSTVV7L"
  secret_key                  = "test"
  endpoints {
    sts = "http://localhost:4566/}"
  }
}

provider "aws" {
  alias                       = "after"
  region                      = "eu-west-1"
  skip_credentials_validation = true
}
