provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAY34FZKBOKMUTVV7A"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

locals {
  # a key somewhere else in the file is found too
  other = "AKIAY34FZKBOKMUTVV7B"
}
