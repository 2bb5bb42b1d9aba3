provider "aws" {
  profile = "prod"
}
