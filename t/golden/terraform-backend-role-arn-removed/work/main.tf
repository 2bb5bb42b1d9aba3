terraform {
  backend "s3" {
    bucket   = "state"
    key      = "k"
    region   = "eu-west-1"
    role_arn = "arn:aws:iam::123456789012:role/old"
    use_legacy_workflow = false
  }
}
