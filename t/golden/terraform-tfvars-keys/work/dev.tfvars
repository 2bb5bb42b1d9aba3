# dev credentials
aws_access_key = "AKIAY34FZKBOKTSTVV7A"
aws_secret_key = "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"
region = "eu-west-1"
