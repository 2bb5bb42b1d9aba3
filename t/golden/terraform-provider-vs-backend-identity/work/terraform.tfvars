profile = "dev"
