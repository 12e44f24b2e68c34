# shellcheck shell=bash
# Moves ECS services onto a new revision of their task-definition family and waits for them.
# CI owns each service's revision (Terraform ignores it), so the new revision is the family's
# latest ACTIVE one, which carries every infrastructure change Terraform registered, with the
# service's container image set by its rollout, `<service>=<what>`:
#   <image reference>  run that image (a deploy);
#   running            keep the image the service runs now (after an apply; CI owns the image);
#   latest             take the latest revision as it is (after an apply; the blueprint names
#                      the image, so Terraform's is right);
#   port:<port>        keep the running revision and image but serve on <port> (before an apply
#                      that changes a load-balanced service's port; see ecs-port-moves.sh).
# Whenever the new revision maps another container port than the load balancer names, the load
# balancer moves with it in the same update: ECS refuses either change on its own.
# After an apply, a service already on its family's latest revision is left alone, unless that
# revision runs the `bootstrap` placeholder while a deploy has registered a real image before
# (Terraform created the service anew): then the last deployed image comes back.
# Inputs: CLUSTER, PREFIX (families are <PREFIX>-<service>; containers are named after their
# service), ROLLOUTS (space-separated rollouts), JOBS (the space-separated names of the scheduled
# jobs among them, which have no ECS service).
set -euo pipefail

# The image of the newest revision of the service's own family that is not the placeholder.
deployed_image() {
  local service=$1 arn candidate
  for arn in $(aws ecs list-task-definitions --family-prefix "$PREFIX-$service" --sort DESC \
    --query 'taskDefinitionArns[]' --output text); do
    # --family-prefix also matches longer families (web matches web-admin).
    [[ "$arn" == *":task-definition/$PREFIX-$service:"* ]] || continue
    candidate=$(aws ecs describe-task-definition --task-definition "$arn" --output json |
      jq -r --arg name "$service" '.taskDefinition.containerDefinitions[] | select(.name == $name) | .image')
    if [[ "$candidate" != *:bootstrap ]]; then
      echo "$candidate"
      return 0
    fi
  done
}

# Registers a revision of the service's family from the definition $2 (describe-task-definition
# output with tags) with its container's image set to $3 and its port to $4 (each when not
# empty); sets target_arn and target.
register() {
  local service=$1 base=$2 image=$3 port=$4 definition
  definition="$RUNNER_TEMP/task-definition-$service.json"
  # describe-task-definition returns read-only fields that register-task-definition refuses.
  jq --arg name "$service" --arg image "$image" --arg port "$port" '
    (.tags // []) as $tags
    | .taskDefinition
    | if any(.containerDefinitions[]; .name == $name) then . else error("no container named \($name)") end
    | .containerDefinitions |= map(
        if .name != $name then .
        else (if $image == "" then . else .image = $image end)
          | (if $port == "" then .
             else .portMappings = [{containerPort: ($port | tonumber), hostPort: ($port | tonumber), protocol: "tcp"}]
             end)
        end)
    | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities,
          .registeredAt, .registeredBy, .deregisteredAt)
    | if ($tags | length) > 0 then .tags = $tags else . end
  ' <<<"$base" >"$definition"
  target_arn=$(aws ecs register-task-definition --cli-input-json "file://$definition" \
    --query 'taskDefinition.taskDefinitionArn' --output text)
  target=$(jq '{taskDefinition: .}' "$definition")
  echo "Registered $target_arn with ${image:-its running image}${port:+ on port $port}."
}

# A scheduled job has no ECS service: each run starts the latest revision of its family, so a
# rollout only registers that revision. `running` brings back the last deployed image when an
# apply registered the placeholder; `latest` has nothing to do.
roll_out_job() {
  local service=$1 what=$2 latest image
  latest=$(aws ecs describe-task-definition --task-definition "$PREFIX-$service" --include TAGS --output json)
  image=$(jq -r --arg name "$service" '.taskDefinition.containerDefinitions[] | select(.name == $name) | .image' <<<"$latest")
  case "$what" in
    running)
      if [[ "$image" != *:bootstrap ]]; then
        echo "The job $service keeps $image."
        return 0
      fi
      image=$(deployed_image "$service")
      if [ -z "$image" ]; then
        echo "The job $service has never been deployed; the deploy workflow will."
        return 0
      fi
      ;;
    latest)
      echo "The job $service runs its latest revision from its next run."
      return 0
      ;;
    port:*)
      echo "::error::$service is a scheduled job: it has no port."
      return 1
      ;;
    *) image=$what ;;
  esac
  register "$service" "$latest" "$image" ""
  echo "The next run of $service uses it."
}

roll_out() {
  local service=$1 what=$2
  local latest latest_arn current running_arn image port="" base
  local target_port balancers primary primary_arn rollout_state
  local -a balancer_args=()
  latest=$(aws ecs describe-task-definition --task-definition "$PREFIX-$service" --include TAGS --output json)
  latest_arn=$(jq -r '.taskDefinition.taskDefinitionArn' <<<"$latest")
  current=$(aws ecs describe-services --cluster "$CLUSTER" --services "$service" --output json)
  running_arn=$(jq -r '.services[0].taskDefinition' <<<"$current")
  base=$latest

  case "$what" in
    running)
      image=$(aws ecs describe-task-definition --task-definition "$running_arn" --output json |
        jq -r --arg name "$service" '.taskDefinition.containerDefinitions[] | select(.name == $name) | .image')
      if [[ "$image" == *:bootstrap ]]; then
        image=$(deployed_image "$service")
        if [ -z "$image" ]; then
          echo "$service runs the bootstrap placeholder and has never been deployed; the deploy workflow will."
          return 0
        fi
        echo "$service runs the bootstrap placeholder; bringing back its last deployed image, $image."
      elif [ "$running_arn" = "$latest_arn" ]; then
        echo "$service already runs its latest revision, $latest_arn."
        return 0
      fi
      ;;
    latest)
      if [ "$running_arn" = "$latest_arn" ]; then
        echo "$service already runs its latest revision, $latest_arn."
        return 0
      fi
      image=""
      ;;
    port:*)
      port=${what#port:}
      base=$(aws ecs describe-task-definition --task-definition "$running_arn" --include TAGS --output json)
      image=""
      ;;
    *) image=$what ;;
  esac

  target_arn=$latest_arn
  target=$base
  if [ -n "$image" ] || [ -n "$port" ]; then
    register "$service" "$base" "$image" "$port"
  fi

  target_port=$(jq -r --arg name "$service" \
    '[.taskDefinition.containerDefinitions[] | select(.name == $name) | .portMappings[]?.containerPort][0] // empty' <<<"$target")
  balancers=$(jq -c --arg name "$service" --arg port "$target_port" '
    .services[0].loadBalancers // []
    | if any(.[]; .containerName == $name and ($port != "") and (.containerPort | tostring) != $port)
      then map(if .containerName == $name then .containerPort = ($port | tonumber) else . end)
      else empty end' <<<"$current")
  if [ -n "$balancers" ]; then
    balancer_args=(--load-balancers "$balancers")
    echo "The load balancer of $service moves to container port $target_port with it."
  fi

  aws ecs update-service --cluster "$CLUSTER" --service "$service" --task-definition "$target_arn" \
    "${balancer_args[@]}" >/dev/null
  if [ -n "$port" ] && [[ "$(jq -r --arg name "$service" \
    '.taskDefinition.containerDefinitions[] | select(.name == $name) | .image' <<<"$target")" == *:bootstrap ]]; then
    echo "$service has never been deployed (it runs the bootstrap placeholder): nothing to wait for."
    return 0
  fi
  echo "Waiting for $service to settle on $target_arn."
  # One services-stable wait gives up after ten minutes; a slow rollout gets three.
  for attempt in 1 2 3; do
    if aws ecs wait services-stable --cluster "$CLUSTER" --services "$service"; then
      break
    fi
    if [ "$attempt" -eq 3 ]; then
      echo "::error::$service did not reach a steady state."
      return 1
    fi
  done

  # The deployment circuit breaker rolls a failed deployment back, and a rolled-back service is
  # stable too: only a completed primary deployment of the new revision is a success.
  primary=$(aws ecs describe-services --cluster "$CLUSTER" --services "$service" --output json |
    jq -r '.services[0].deployments[] | select(.status == "PRIMARY") | "\(.taskDefinition) \(.rolloutState)"')
  read -r primary_arn rollout_state <<<"$primary"
  if [ "$primary_arn" != "$target_arn" ] || [ "$rollout_state" != COMPLETED ]; then
    echo "::error::$service was rolled back: its primary deployment runs $primary_arn ($rollout_state)."
    return 1
  fi
  echo "$service runs $target_arn."
}

for rollout in $ROLLOUTS; do
  if [[ " ${JOBS:-} " == *" ${rollout%%=*} "* ]]; then
    roll_out_job "${rollout%%=*}" "${rollout#*=}"
  else
    roll_out "${rollout%%=*}" "${rollout#*=}"
  fi
done
