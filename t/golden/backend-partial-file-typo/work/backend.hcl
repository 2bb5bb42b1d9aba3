bucket  = "acme-terraform-state"
region  = "eu-west-1"
profile = "stat"
