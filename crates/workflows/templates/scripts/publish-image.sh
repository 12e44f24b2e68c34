# shellcheck shell=bash
# The image CI built and scanned, pushed unchanged to this environment's repository.
# Inputs: ARCHIVE, LOCAL_IMAGE, IMAGE.
set -euo pipefail
docker load --input "$ARCHIVE"
docker tag "$LOCAL_IMAGE" "$IMAGE"
docker push "$IMAGE"
