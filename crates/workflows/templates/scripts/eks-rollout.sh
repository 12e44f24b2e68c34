# shellcheck shell=bash
# Applies a service's Kustomize overlay with the new image and waits for the rollout, undoing it
# when it does not complete. A service with a release command also has a release kustomization
# on top of its own (`releases/<service>`, beside the services' overlays): everything but the
# Deployment is applied first, then its Job runs the command once with the new image (its logs
# are printed as it runs), and the Deployment moves only when the Job completes.
# Inputs: OVERLAY, PREFIX, SERVICE (also the Deployment or CronJob and the image name), IMAGE,
# NAMESPACE.
set -euo pipefail

# Runs the release Job of the kustomization $1 and fails unless it completes.
run_release() {
  local dir=$1 job="$SERVICE-release" rendered deadline state
  rendered="$RUNNER_TEMP/$SERVICE-release.json"
  (cd "$dir" && kustomize edit set image "$SERVICE=$IMAGE")
  # One render of the service and its Job, so both use the same generated ConfigMap; kubectl
  # prints JSON (one document per object, or a List) that jq can split.
  kubectl kustomize "$dir" | kubectl create --dry-run=client -f - -o json |
    jq -s '[.[] | if .kind == "List" then .items[] else . end]' >"$rendered"
  jq '{apiVersion: "v1", kind: "List", items: [.[] | select(.kind != "Deployment" and .kind != "Job")]}' \
    "$rendered" | kubectl apply -f -
  # A Job's pod template cannot change: the previous release's Job goes first.
  kubectl delete job "$job" --namespace "$NAMESPACE" --ignore-not-found --wait=true
  echo "Running the release command of $SERVICE with $IMAGE: $(jq -r '.[] | select(.kind == "Job")
    | .spec.template.spec.containers[0].args | join(" ")' "$rendered")"
  jq '.[] | select(.kind == "Job")' "$rendered" | kubectl apply -f -
  # Follows the pod's output until it ends (or never starts: the Job's state says why).
  kubectl logs "job/$job" --namespace "$NAMESPACE" --follow --pod-running-timeout=10m || true
  # The Job fails by itself past its activeDeadlineSeconds; the margin covers a slow API.
  deadline=$((SECONDS + $(jq '.[] | select(.kind == "Job") | .spec.activeDeadlineSeconds' "$rendered") + 120))
  while :; do
    state=$(kubectl get job "$job" --namespace "$NAMESPACE" -o json | jq -r '
      [.status.conditions[]? | select(.status == "True") | .type] as $true
      | if ($true | index("Complete")) then "Complete"
        elif ($true | index("Failed")) then "Failed"
        else "" end')
    if [ "$state" = Complete ]; then
      echo "The release command of $SERVICE succeeded."
      return 0
    fi
    if [ "$state" = Failed ] || [ "$SECONDS" -ge "$deadline" ]; then
      kubectl describe job "$job" --namespace "$NAMESPACE" || true
      echo "::error::The release command of $SERVICE failed; $SERVICE keeps its running revision."
      return 1
    fi
    sleep 5
  done
}

# Terraform publishes the service's runtime configuration (endpoints, secret ARNs) in SSM; the
# overlay's generator reads it from terraform.env.
aws ssm get-parameter --name "/plinth/$PREFIX/$SERVICE/kubernetes-config" --with-decryption \
  --query Parameter.Value --output text >"$OVERLAY/terraform.env"
(cd "$OVERLAY" && kustomize edit set image "$SERVICE=$IMAGE")
# A new image is released first; deploying the image the Deployment runs again is not a release.
release="$(dirname "$OVERLAY")/releases/$SERVICE"
if [ -d "$release" ] && [ "$(kubectl get deployment "$SERVICE" --namespace "$NAMESPACE" \
  -o jsonpath="{.spec.template.spec.containers[?(@.name==\"$SERVICE\")].image}" 2>/dev/null || true)" != "$IMAGE" ]; then
  run_release "$release"
fi
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
