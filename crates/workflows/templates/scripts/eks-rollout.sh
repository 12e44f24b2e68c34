# shellcheck shell=bash
# Applies a service's Kustomize overlay with the new image and waits for the rollout, undoing it
# when it does not complete.
# Inputs: OVERLAY, PREFIX, SERVICE (also the Deployment or CronJob and the image name), IMAGE,
# NAMESPACE.
set -euo pipefail
# Terraform publishes the service's runtime configuration (endpoints, secret ARNs) in SSM; the
# overlay's generator reads it from terraform.env.
aws ssm get-parameter --name "/plinth/$PREFIX/$SERVICE/kubernetes-config" --with-decryption \
  --query Parameter.Value --output text >"$OVERLAY/terraform.env"
(cd "$OVERLAY" && kustomize edit set image "$SERVICE=$IMAGE")
kubectl apply -k "$OVERLAY"
# A scheduled job's overlay holds a CronJob: its next run starts the new image, and there is no
# rollout to wait for.
if [ -f "$OVERLAY/cronjob.yaml" ]; then
  echo "The job $SERVICE runs $IMAGE from its next scheduled run."
  exit 0
fi
if ! kubectl rollout status "deployment/$SERVICE" --namespace "$NAMESPACE" --timeout=10m; then
  echo "::error::$SERVICE did not roll out; rolling back to the previous revision."
  kubectl rollout undo "deployment/$SERVICE" --namespace "$NAMESPACE"
  kubectl rollout status "deployment/$SERVICE" --namespace "$NAMESPACE" --timeout=10m || true
  exit 1
fi
