# shellcheck shell=bash
# The cluster add-ons the services rely on, at pinned chart versions: the AWS Load Balancer
# Controller (Ingresses become load balancers) and the Secrets Store CSI driver with its AWS
# provider (Secrets Manager values reach pods). `upgrade --install` leaves an unchanged release
# as it is, so every deploy can run this.
# Inputs: CLUSTER, REGION, PREFIX, and <COMPONENT>_CHART, _REPOSITORY, _VERSION for the
# LOAD_BALANCER_CONTROLLER, CSI_DRIVER and CSI_PROVIDER components.
set -euo pipefail
vpc_id=$(aws ssm get-parameter --name "/plinth/$PREFIX/platform/vpc-id" --with-decryption \
  --query Parameter.Value --output text)

helm upgrade --install aws-load-balancer-controller "$LOAD_BALANCER_CONTROLLER_CHART" \
  --repo "$LOAD_BALANCER_CONTROLLER_REPOSITORY" --version "$LOAD_BALANCER_CONTROLLER_VERSION" \
  --namespace kube-system --wait --timeout 10m \
  --set "clusterName=$CLUSTER" \
  --set serviceAccount.name=aws-load-balancer-controller \
  --set "region=$REGION" \
  --set "vpcId=$vpc_id"

helm upgrade --install csi-secrets-store "$CSI_DRIVER_CHART" \
  --repo "$CSI_DRIVER_REPOSITORY" --version "$CSI_DRIVER_VERSION" \
  --namespace kube-system --wait --timeout 10m \
  --set syncSecret.enabled=true

# The provider chart can bundle the driver; it is installed above, on its own version.
helm upgrade --install secrets-provider-aws "$CSI_PROVIDER_CHART" \
  --repo "$CSI_PROVIDER_REPOSITORY" --version "$CSI_PROVIDER_VERSION" \
  --namespace kube-system --wait --timeout 10m \
  --set secrets-store-csi-driver.install=false
