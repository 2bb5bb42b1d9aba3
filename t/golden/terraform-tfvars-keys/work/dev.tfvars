# dev credentials
aws_access_key = "AKIAY34FZKBOKMUTVV7A"
aws_secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
region = "eu-west-1"
