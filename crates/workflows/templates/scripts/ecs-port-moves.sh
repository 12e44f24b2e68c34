# shellcheck shell=bash
# Finds the load-balanced ECS services whose container port the plan changes. ECS refuses to point
# a service's load balancer at a container port its running revision does not map, and Terraform
# would send the new port without a revision (CI owns the running revision), so CI moves each of
# them onto its new port before the apply (`<AWS name>=port:<port>`, ecs-rollout.sh).
# Inputs: PLAN (the saved plan, in the initialised root), SERVICES (space-separated
# `<service>=<AWS name>`). Output: moves, a JSON array of {service, rollout}.
set -euo pipefail
moves=$(terraform show -json "$PLAN" | jq -c --arg services "$SERVICES" '
  ($services | split(" ") | map(select(. != "") | split("=") | {key: .[1], value: .[0]})
    | from_entries) as $names
  | [.resource_changes[]?
     | select(.type == "aws_ecs_service" and .change.actions == ["update"])
     | (.change.before.load_balancer // []) as $before
     | (.change.after.load_balancer // []) as $after
     | select(($before | length) > 0 and ($after | length) > 0)
     | select(($before | map(.container_port) | sort) != ($after | map(.container_port) | sort))
     | .change.after.name as $aws_name
     | {service: ($names[$aws_name] // $aws_name),
        rollout: "\($aws_name)=port:\($after[0].container_port)"}]')
echo "moves=$moves" >>"$GITHUB_OUTPUT"
if [ "$moves" = "[]" ]; then
  echo "No load-balanced service changes its port."
else
  echo "Moving onto their new ports before the apply: $moves"
fi
