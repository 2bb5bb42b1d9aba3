provider "aws" {
  region     = "eu-west-1"
  access_key = var.key
  secret_key = var.secret
}

provider "aws" {
  alias      = "temp"
  region     = "eu-west-1"
  access_key = "ASIAY34FZKBOKTSTVV7A"
  secret_key = var.secret
}

provider "aws" {
  alias      = "ok"
  region     = "eu-west-1"
  access_key = "ASIAY34FZKBOKTSTVV7C"
  secret_key = var.secret
  token      = var.token
}
