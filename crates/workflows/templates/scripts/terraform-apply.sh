# shellcheck shell=bash
# Applies exactly the plan the reviewer approved: the one whose digest the plan job recorded.
# Inputs: PLAN_DIR (the plan job's artifact), PLANS (s3://bucket/prefix), STATE_REGION.
set -euo pipefail
cp "$PLAN_DIR/terraform.lock.hcl" .terraform.lock.hcl
terraform init -input=false -lockfile=readonly
digest=$(cat "$PLAN_DIR/tfplan.sha256")
aws s3 cp "$PLANS/$digest.tfplan" tfplan --region "$STATE_REGION" --only-show-errors
if [ "$(sha256sum tfplan | cut -d ' ' -f 1)" != "$digest" ]; then
  echo "::error::The saved plan does not match the reviewed one."
  exit 1
fi
terraform apply -input=false -no-color tfplan
aws s3 rm "$PLANS/$digest.tfplan" --region "$STATE_REGION" --only-show-errors
