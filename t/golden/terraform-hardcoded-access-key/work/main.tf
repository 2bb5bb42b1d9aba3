provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAY34FZKBOKTSTVV7A"
  secret_key = "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"
}

locals {
  # a key somewhere else in the file is found too
  other = "AKIAY34FZKBOKTSTVV7B"
}
