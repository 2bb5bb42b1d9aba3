#!/bin/sh
docker run --rm -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY -e AWS_SESSION_TOKEN -v "$HOME/.aws:/root/.aws:ro" hashicorp/terraform:1.9 plan
