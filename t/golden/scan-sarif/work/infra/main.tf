provider "aws" {
  region = "af-south-1"
}
