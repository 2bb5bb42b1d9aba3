#!/bin/sh
# a secret next to its name, without a key id
export AWS_SECRET_ACCESS_KEY='Xb3kP9qL2vW7nR5tY8uZ1cF4gH6jM0dS/aE+iOoQ'
# these are not secrets: a git commit, a checksum, a base64 blob without context
git checkout 0123456789abcdef0123456789abcdef01234567
echo "c2VjcmV0IGJ1dCBub3QgYW4gYXdzIGtleSBhdCBhbGw=" | base64 -d
id="Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycA"
# AWS's documentation example is not a leak
export AWS_SECRET_ACCESS_KEY='je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY'
