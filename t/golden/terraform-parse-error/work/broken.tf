provider "aws" {
  region = "eu-west-1
  profile = "dev"
}

resource "x" "y" {
  name = "a" "b"
}
