#!/bin/bash
docker run --rm --env AWS_PROFILE=prod -v "$(pwd):/src" -w /src amazon/aws-cli s3 ls
