# shellcheck shell=bash
# Plans one environment for the apply job. The binary plan holds the state's values in clear
# text, so it is kept next to the state (same bucket, prefix and key), named by its SHA-256;
# only that digest, the readable plan and the provider lock file travel as an artifact.
# Inputs: ENVIRONMENT, PLAN_DIR, PLANS (s3://bucket/prefix), STATE_REGION.
# Output: changes=true|false.
set -euo pipefail
terraform init -input=false
terraform validate -no-color
status=0
terraform plan -input=false -no-color -detailed-exitcode -out=tfplan || status=$?
case "$status" in
  0) changes=false ;;
  2) changes=true ;;
  *) exit "$status" ;;
esac
mkdir -p "$PLAN_DIR"
terraform show -no-color tfplan >"$PLAN_DIR/plan.txt"
digest=$(sha256sum tfplan | cut -d ' ' -f 1)
echo "$digest" >"$PLAN_DIR/tfplan.sha256"
cp .terraform.lock.hcl "$PLAN_DIR/terraform.lock.hcl"
if [ "$changes" = true ]; then
  aws s3 cp tfplan "$PLANS/$digest.tfplan" --region "$STATE_REGION" --only-show-errors
fi
{
  echo "### Terraform plan: $ENVIRONMENT"
  echo
  echo "~~~text"
  head -c 60000 "$PLAN_DIR/plan.txt"
  echo
  echo "~~~"
} >>"$GITHUB_STEP_SUMMARY"
echo "changes=$changes" >>"$GITHUB_OUTPUT"
