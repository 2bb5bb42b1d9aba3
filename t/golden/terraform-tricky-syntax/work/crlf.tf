a = 1
provider "aws" {
  region = "ap-southeast-3"
}
