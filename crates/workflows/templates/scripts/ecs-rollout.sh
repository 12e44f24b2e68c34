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
# When a rollout puts a new image in front of a service that has a release command, the command
# runs first, once, as a one-off task of the new revision (the service's configuration, secrets,
# subnets and security groups); its logs are printed as it runs, and the service moves only when
# it exits 0.
# Inputs: CLUSTER, PREFIX (families are <PREFIX>-<service>; containers are named after their
# service), ROLLOUTS (space-separated rollouts), JOBS (the space-separated names of the scheduled
# jobs among them, which have no ECS service), RELEASES (JSON: each service's release command and
# its timeout, by name; optional), RELEASE_POLL_SECONDS (optional, default 10).
set -euo pipefail

# The container image of service $1 in the task definition $2 (describe-task-definition output).
image_of() {
  jq -r --arg name "$1" '.taskDefinition.containerDefinitions[] | select(.name == $name) | .image' <<<"$2"
}

# The image of the newest revision of the service's own family that is not the placeholder.
deployed_image() {
  local service=$1 arn candidate
  for arn in $(aws ecs list-task-definitions --family-prefix "$PREFIX-$service" --sort DESC \
    --query 'taskDefinitionArns[]' --output text); do
    # --family-prefix also matches longer families (web matches web-admin).
    [[ "$arn" == *":task-definition/$PREFIX-$service:"* ]] || continue
    candidate=$(image_of "$service" "$(aws ecs describe-task-definition --task-definition "$arn" --output json)")
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

# Prints the log events of stream $2 in group $1 after the token in `log_token`, and moves the
# token on. A stream the container has not written yet prints nothing.
print_new_logs() {
  local group=$1 stream=$2 page
  local -a token_args=()
  if [ -n "$log_token" ]; then token_args=(--next-token "$log_token"); fi
  while page=$(aws logs get-log-events --log-group-name "$group" --log-stream-name "$stream" \
    --start-from-head "${token_args[@]}" --output json 2>/dev/null); do
    jq -r '.events[].message' <<<"$page"
    # The forward token stays the same once the stream has nothing newer.
    if [ "$(jq -r '.nextForwardToken' <<<"$page")" = "$log_token" ]; then break; fi
    log_token=$(jq -r '.nextForwardToken' <<<"$page")
    token_args=(--next-token "$log_token")
  done
}

# Runs service $1's release command once as a task of the revision $2 (whose definition, as
# describe-task-definition prints it, is $3), in the subnets and security groups of the ECS
# service described by $4, and fails unless its container exits 0. Nothing to do when the
# service has no release command.
run_release() {
  local service=$1 arn=$2 definition=$3 current=$4 release command timeout network overrides
  local run task_arn group stream stream_prefix deadline status stopped exit_code outcome
  release=$(jq -c --arg name "$service" '.[$name] // empty' <<<"${RELEASES:-"{}"}")
  if [ -z "$release" ]; then return 0; fi
  command=$(jq -r '.command | join(" ")' <<<"$release")
  timeout=$(jq -r '.timeout_seconds' <<<"$release")
  network=$(jq -c '.services[0].networkConfiguration' <<<"$current")
  overrides=$(jq -c --arg name "$service" '{containerOverrides: [{name: $name, command: .command}]}' <<<"$release")
  echo "Running the release command of $service with $(image_of "$service" "$definition"): $command"
  # FARGATE, not the service's Spot share: a release interrupted half-way is worse than one that
  # costs a little more.
  run=$(aws ecs run-task --cluster "$CLUSTER" --launch-type FARGATE \
    --task-definition "$arn" \
    --network-configuration "$network" --overrides "$overrides" --started-by plinth-release \
    --propagate-tags TASK_DEFINITION --output json)
  task_arn=$(jq -r '.tasks[0].taskArn // empty' <<<"$run")
  if [ -z "$task_arn" ]; then
    echo "::error::The release task of $service did not start: $(jq -c '.failures' <<<"$run")"
    return 1
  fi
  # The awslogs driver writes to <stream prefix>/<container>/<task id>
  # (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html).
  { read -r group; read -r stream_prefix; } < <(jq -r --arg name "$service" '.taskDefinition.containerDefinitions[]
    | select(.name == $name) | .logConfiguration.options // {}
    | (.["awslogs-group"] // ""), (.["awslogs-stream-prefix"] // "")' <<<"$definition")
  stream="$stream_prefix/$service/${task_arn##*/}"
  log_token=""
  deadline=$((SECONDS + timeout))
  while :; do
    if [ -n "$group" ]; then print_new_logs "$group" "$stream"; fi
    stopped=$(aws ecs describe-tasks --cluster "$CLUSTER" --tasks "$task_arn" --output json)
    status=$(jq -r '.tasks[0].lastStatus' <<<"$stopped")
    if [ "$status" = STOPPED ]; then break; fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      aws ecs stop-task --cluster "$CLUSTER" --task "$task_arn" \
        --reason "plinth: the release command ran longer than ${timeout}s" >/dev/null
      echo "::error::The release command of $service ran longer than ${timeout}s and was stopped; $service keeps its running revision."
      return 1
    fi
    sleep "${RELEASE_POLL_SECONDS:-10}"
  done
  if [ -n "$group" ]; then print_new_logs "$group" "$stream"; fi
  exit_code=$(jq -r --arg name "$service" '.tasks[0].containers[] | select(.name == $name) | .exitCode // empty' <<<"$stopped")
  if [ "$exit_code" != 0 ]; then
    if [ -n "$exit_code" ]; then
      outcome="exited with $exit_code"
    else
      # No exit code: the container never ran (an image it could not pull, a secret it could
      # not read); the task says why.
      outcome="did not run: $(jq -r '.tasks[0].stoppedReason // "no reason given"' <<<"$stopped")"
    fi
    echo "::error::The release command of $service $outcome; $service keeps its running revision."
    return 1
  fi
  echo "The release command of $service succeeded."
}

# A scheduled job has no ECS service: each run starts the latest revision of its family, so a
# rollout only registers that revision. `running` brings back the last deployed image when an
# apply registered the placeholder; `latest` has nothing to do.
roll_out_job() {
  local service=$1 what=$2 latest image
  latest=$(aws ecs describe-task-definition --task-definition "$PREFIX-$service" --include TAGS --output json)
  image=$(image_of "$service" "$latest")
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
  local latest latest_arn current running_arn running_image image port="" base
  local target_port balancers primary primary_arn rollout_state
  local -a balancer_args=()
  latest=$(aws ecs describe-task-definition --task-definition "$PREFIX-$service" --include TAGS --output json)
  latest_arn=$(jq -r '.taskDefinition.taskDefinitionArn' <<<"$latest")
  current=$(aws ecs describe-services --cluster "$CLUSTER" --services "$service" --output json)
  running_arn=$(jq -r '.services[0].taskDefinition' <<<"$current")
  base=$latest

  running_image=$(image_of "$service" "$(aws ecs describe-task-definition --task-definition "$running_arn" --output json)")
  case "$what" in
    running)
      image=$running_image
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

  # A deploy of a new image, or an apply that changes a blueprint-named one, runs the release
  # command first; keeping the running image (or moving its port) does not. Neither does bringing
  # back a deployed image behind the placeholder: it was released when it was deployed.
  if [ "$what" != running ] && [ -z "$port" ] && [ "$(image_of "$service" "$target")" != "$running_image" ] &&
    ! run_release "$service" "$target_arn" "$target" "$current"; then
    if [ -n "$image" ]; then
      # The revision registered for this deploy was never released: nothing may take it for a
      # deployed one later (see deployed_image).
      aws ecs deregister-task-definition --task-definition "$target_arn" >/dev/null
      echo "Deregistered $target_arn."
    fi
    return 1
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
  if [ -n "$port" ] && [[ "$(image_of "$service" "$target")" == *:bootstrap ]]; then
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
