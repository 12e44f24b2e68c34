# shellcheck shell=bash
# ECR tags are immutable, so an environment that already holds the tag (a re-run, a redeploy)
# must not push it again.
# Inputs: REPOSITORY, IMAGE_TAG. Output: present=true|false.
set -euo pipefail
if output=$(aws ecr describe-images --repository-name "$REPOSITORY" --image-ids "imageTag=$IMAGE_TAG" 2>&1); then
  echo "present=true" >>"$GITHUB_OUTPUT"
elif grep -q ImageNotFoundException <<<"$output"; then
  echo "present=false" >>"$GITHUB_OUTPUT"
else
  echo "$output" >&2
  exit 1
fi
