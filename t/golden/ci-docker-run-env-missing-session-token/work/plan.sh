#!/bin/sh
set -eu
# run terraform in a container with the caller's keys
docker run --rm -it \
  -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY \
  -e AWS_REGION=eu-west-1 \
  -v "$PWD:/src" -w /src \
  hashicorp/terraform:1.9 plan
