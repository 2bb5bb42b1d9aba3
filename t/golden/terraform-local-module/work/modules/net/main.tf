# a provider block inside a module (legacy, but it still authenticates)
provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAY34FZKBOKTSTVV7A"
  secret_key = var.secret
}
variable "secret" {}
