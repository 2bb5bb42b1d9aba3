# tfauth:ignore-file hardcoded-access-key,hardcoded-secret-key test fixture, keys revoked in 2024
export AWS_ACCESS_KEY_ID=AKIAY34FZKBOKTSTVV7D
export AWS_SECRET_ACCESS_KEY='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'
