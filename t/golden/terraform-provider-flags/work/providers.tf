provider "aws" {
  region                      = "af-south-1"
  skip_credentials_validation = true
  assume_role {
    role_arn = "arn:aws:iam::123456789012:role/deploy"
  }
}

provider "aws" {
  alias      = "uae"
  region     = "eu-west-1"
  sts_region = "me-central-1"
  assume_role {
    role_arn     = "arn:aws:iam::123456789012:role/deploy"
    session_name = "ci"
  }
}

provider "aws" {
  alias      = "capetown-ok"
  region     = "af-south-1"
  sts_region = "us-east-1"
}
