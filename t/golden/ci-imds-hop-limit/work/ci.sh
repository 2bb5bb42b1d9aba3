#!/bin/sh
# runs on the EC2 build agent
docker run --rm -v "$PWD:/src" -w /src hashicorp/terraform:1.9 apply -auto-approve
