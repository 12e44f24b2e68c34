# shellcheck shell=bash
# Plans one environment for review. Without the lock a pull request never blocks an apply; the
# plan is never applied, so only its readable form is kept.
# Inputs: ENVIRONMENT, PLAN_DIR.
set -euo pipefail
terraform init -input=false
terraform validate -no-color
terraform plan -input=false -no-color -lock=false -out=tfplan
mkdir -p "$PLAN_DIR"
terraform show -no-color tfplan >"$PLAN_DIR/plan.txt"
{
  echo "### Terraform plan: $ENVIRONMENT"
  echo
  echo "~~~text"
  head -c 60000 "$PLAN_DIR/plan.txt"
  echo
  echo "~~~"
} >>"$GITHUB_STEP_SUMMARY"
