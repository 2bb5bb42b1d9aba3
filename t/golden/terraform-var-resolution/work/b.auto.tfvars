region = "ap-east-1"
