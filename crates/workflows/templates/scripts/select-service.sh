# shellcheck shell=bash
# Deploys only a service this environment builds from a Dockerfile, and only a tag that is a
# valid Docker tag: both end up in image references, paths and Kustomize arguments.
# Inputs: SERVICE, IMAGE_TAG, SERVICES (space-separated `<service>=<AWS name>`; a renamed service
# keeps the AWS names of its old key). Outputs: deploy=true|false, aws_name.
set -euo pipefail
if ! printf '%s\n' "$IMAGE_TAG" | grep -Eqx '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}'; then
  echo "::error::The image tag is not a valid Docker tag."
  exit 1
fi
for candidate in $SERVICES; do
  if [ "${candidate%%=*}" = "$SERVICE" ]; then
    echo "deploy=true" >>"$GITHUB_OUTPUT"
    echo "aws_name=${candidate#*=}" >>"$GITHUB_OUTPUT"
    exit 0
  fi
done
echo "::notice::This environment does not build the requested service from a Dockerfile; nothing to deploy."
echo "deploy=false" >>"$GITHUB_OUTPUT"
