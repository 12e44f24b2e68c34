//! The resources a generated tree must plan, from the module formulas (each module's README
//! documents its resources): an independent check that the wiring creates what the blueprint asks
//! for, no more and no less. `terraform.rs` checks every example's plan against them, and
//! `scripts/bench.sh` counts the benchmark blueprints with them (through the `count_resources`
//! example), so the count it prints next to the CDKTF peer's is the one the plans are held to.

use plinth_blueprint::model::{Blueprint, Compute, Eks, Environment, ImageSource, Service};
use plinth_blueprint::raw::{Endpoint, NatMode};

/// The resources a generated environment must plan, from the module formulas (each module's
/// README documents its resources): an independent check that the wiring creates what the
/// blueprint asks for, no more and no less.
pub fn expected_resources(env: &Environment, has_repository: bool) -> usize {
    let network = network_resources(env);
    let eks = match &env.compute {
        Compute::Eks(eks) => Some(eks),
        Compute::Ecs(_) => None,
    };
    // On EKS the data stores admit one security group (the cluster's); on ECS one per client.
    let clients = |uses: fn(&Service) -> bool| {
        if eks.is_some() {
            usize::from(env.services.iter().any(uses))
        } else {
            env.services.iter().filter(|s| uses(s)).count()
        }
    };

    let cluster = eks.map_or_else(
        || ecs_cluster_resources(env),
        |eks| eks_cluster_resources(eks, has_repository),
    );
    let built = env
        .services
        .iter()
        .filter(|s| matches!(s.image, ImageSource::Build { .. }))
        .count();
    let ecr = 2 * built;

    let public: Vec<_> = env
        .services
        .iter()
        .filter(|s| s.public_web().is_some())
        .collect();
    let https = usize::from(env.dns.is_some());
    let load_balancer = if public.is_empty() {
        0
    } else if eks.is_some() {
        // The controller's role, policy and Pod Identity association (its ALB is not Terraform's).
        3
    } else {
        let routed = public
            .iter()
            .filter_map(|s| s.web())
            .filter(|web| !(web.paths.is_empty() && web.hosts.is_empty()))
            .count();
        // Load balancer, security group, HTTP listener; an ingress rule per listener (0.0.0.0/0);
        // the HTTPS listener; one egress rule to the targets; a target group per public service;
        // a rule per routed one.
        3 + (1 + https) + https + 1 + public.len() + routed
    };

    let database = env.database.as_ref().map_or(0, |database| {
        let allowed = clients(Service::uses_database);
        let monitoring = if database.monitoring_interval > 0 {
            2
        } else {
            0
        };
        let engine = if database.engine.is_aurora() {
            5 + database.instances as usize
        } else {
            4
        };
        engine + allowed + monitoring
    });
    let cache = env.cache.as_ref().map_or(0, |cache| {
        // Subnet group, security group, parameter group, slow-log group, replication group; the
        // auth token (terraform_data), its secret and version with TLS; a rule per client.
        5 + if cache.transit_encryption { 3 } else { 0 } + clients(Service::uses_cache)
    });
    let kafka = env.kafka.as_ref().map_or(0, |_| 4 + clients(|s| s.kafka));
    let buckets: usize = env
        .buckets
        .iter()
        .map(|bucket| 7 + if bucket.kms { 2 } else { 0 })
        .sum();
    let secrets = env.secrets.len();
    let messaging = messaging_resources(env);
    let log_key = if env.observability.log_kms { 2 } else { 0 };
    let dns = env.dns.as_ref().map_or(0, |dns| {
        let names = 1 + dns.alternative_names.len();
        // Certificate, a validation record per name, the validation, an alias per name.
        1 + names
            + 1
            + if public.is_empty() || eks.is_some() {
                0
            } else {
                names
            }
    });
    let waf = if env.waf.is_some() { 4 } else { 0 };
    let budget = usize::from(env.budget.is_some());

    let monitoring = monitoring_resources(env);
    let services = if eks.is_some() {
        eks_workload_resources(env)
    } else {
        service_resources(env)
    };

    network
        + cluster
        + ecr
        + load_balancer
        + database
        + cache
        + kafka
        + buckets
        + secrets
        + messaging
        + log_key
        + dns
        + waf
        + budget
        + monitoring
        + services
}

/// The eks-cluster module and the node groups: role and attachment, encryption policy, key and
/// alias, log group, cluster; an access entry and policy association per admin and for the deploy
/// role; the add-ons; the EBS CSI driver's role and attachment. Per node group: role, launch
/// template, group, three policy attachments.
fn eks_cluster_resources(eks: &Eks, has_repository: bool) -> usize {
    7 + 2 * eks.admins.len()
        + 2 * usize::from(has_repository)
        + eks.addon_versions.len()
        + 2
        + 6 * eks.node_groups.len()
}

/// Per service its eks-workload (role, association, config parameter, and a policy each for
/// secrets (its sidecars' included), buckets, Kafka and tracing); and the platform parameter.
fn eks_workload_resources(env: &Environment) -> usize {
    1 + env
        .services
        .iter()
        .map(|s| {
            3 + usize::from(s.has_secrets())
                + usize::from(s.tracing.is_some())
                + usize::from(!s.buckets.is_empty())
                + usize::from(s.kafka)
                + s.consumes.len()
                + s.publishes.len()
        })
        .sum::<usize>()
}

/// The network module: subnets, routes, NAT, flow logs and endpoints.
fn network_resources(env: &Environment) -> usize {
    let zones = env.network.availability_zones.len();
    let nat = match env.network.nat {
        NatMode::None => 0,
        NatMode::Single => 2 + zones,
        NatMode::PerAz => 3 * zones,
    };
    let interface_endpoints: usize = env
        .network
        .endpoints
        .iter()
        .map(|endpoint| match endpoint {
            Endpoint::S3 => 0,
            Endpoint::Ecr => 2,
            Endpoint::Logs | Endpoint::Secretsmanager | Endpoint::Sqs | Endpoint::Sns => 1,
        })
        .sum();
    6 + 7 * zones
        + nat
        + if env.network.flow_logs { 4 } else { 0 }
        + usize::from(env.network.endpoints.contains(&Endpoint::S3))
        + interface_endpoints
        + usize::from(interface_endpoints > 0)
}

/// The monitoring module: topic, key, subscriptions, dashboard and alarms.
fn monitoring_resources(env: &Environment) -> usize {
    // The service and load balancer alarms watch ECS and the Terraform-made ALB: none on EKS.
    let ecs = matches!(env.compute, Compute::Ecs(_));
    let public = env
        .services
        .iter()
        .filter(|s| s.public_web().is_some() && ecs)
        .count();
    // A job's alarm is its module's.
    let services = if ecs {
        env.services.iter().filter(|s| s.is_long_running()).count()
    } else {
        0
    };
    let alarms = &env.observability.alarms;
    {
        let load_balanced = public;
        let cache_nodes = env
            .cache
            .as_ref()
            .map_or(0, |c| usize::from(c.replicas) + 1);
        let alarm_count = if alarms.enabled {
            3 * services
                + 4 * load_balanced
                + usize::from(public > 0)
                + if env.database.is_some() { 3 } else { 0 }
                + 3 * cache_nodes
        } else {
            0
        };
        // Topic, topic policy, topic key and alias; a subscription per email; the dashboard.
        4 + env.observability.emails.len() + usize::from(env.observability.dashboard) + alarm_count
    }
}

/// Each ecs-service and ecs-job module call.
/// The ECS cluster and its capacity providers, plus the service discovery namespace when a
/// service has no load balancer, and the session log group when a service has ECS Exec.
fn ecs_cluster_resources(env: &Environment) -> usize {
    2 + usize::from(env.services.iter().any(|s| s.internal_web().is_some()))
        + usize::from(env.services.iter().any(|s| s.exec))
}

fn service_resources(env: &Environment) -> usize {
    env.services
        .iter()
        .map(|service| {
            if service.job().is_some() {
                return job_resources(env, service);
            }
            // Every service has a scaling target, which owns its running count; autoscaling adds
            // its policies.
            let public = service.public_web().is_some();
            let scaling = service.autoscaling.as_ref().map_or(2, |scaling| {
                3 + usize::from(scaling.memory_target.is_some())
                    + usize::from(scaling.requests_per_target.is_some() && public)
                    + usize::from(scaling.backlog_per_task.is_some())
            });
            // An internal service: its Cloud Map service and an ingress rule per app subnet.
            let discovery = if service.internal_web().is_some() {
                1 + env.network.subnets.app.len()
            } else {
                0
            };
            // A service using the database may read its rotating credentials (and, with IAM
            // authentication, connect as its own user).
            let database = if env.database.is_some() && service.uses_database() {
                1 + usize::from(env.database.as_ref().is_some_and(|d| d.iam_auth))
            } else {
                0
            };
            // ECS Exec: the task role's session policy; tracing: its X-Ray policy; secrets (the
            // sidecars' included): the execution role's.
            7 + usize::from(service.exec)
                + usize::from(service.tracing.is_some())
                + usize::from(service.has_secrets())
                + usize::from(!service.buckets.is_empty())
                + usize::from(service.kafka)
                + service.consumes.len()
                + service.publishes.len()
                + database
                + usize::from(public)
                + scaling
                + discovery
        })
        .sum()
}

/// One ecs-job module call: the container's and the runs' log groups, the execution, task, state
/// machine and scheduler roles, the execution role's managed policy, the state machine's and the
/// scheduler's inline policies, the task definition, the security group and its egress rule, the
/// state machine, the schedule; the failed-run alarm when alarms are on; and an inline policy for
/// the secrets, for the buckets, and for each database, Kafka, queue and topic grant.
fn job_resources(env: &Environment, job: &Service) -> usize {
    let database = if env.database.is_some() && job.uses_database() {
        1 + usize::from(env.database.as_ref().is_some_and(|d| d.iam_auth))
    } else {
        0
    };
    14 + usize::from(env.observability.alarms.enabled)
        + usize::from(job.has_secrets())
        + usize::from(job.tracing.is_some())
        + usize::from(!job.buckets.is_empty())
        + usize::from(job.kafka)
        + job.consumes.len()
        + job.publishes.len()
        + database
}

/// Each account's bootstrap root and the resources it must plan: per state bucket it hosts (the
/// account of the first environment using the bucket) the bucket, its controls and its key (10);
/// per environment a deploy role with six managed policies and their attachments (13), and for a
/// non-production one without `assume_role_arn` a read-only plan role with two (5); and one
/// GitHub OIDC provider per account.
pub fn expected_bootstrap(blueprint: &Blueprint) -> Vec<(String, usize)> {
    let account = |env: &Environment| {
        env.account_id
            .clone()
            .unwrap_or_else(|| "default".to_owned())
    };
    let mut accounts: Vec<String> = Vec::new();
    for env in &blueprint.environments {
        if !accounts.contains(&account(env)) {
            accounts.push(account(env));
        }
    }
    let ci = blueprint.project.repository.is_some();
    accounts
        .into_iter()
        .map(|id| {
            let environments = blueprint
                .environments
                .iter()
                .filter(|e| account(e) == id)
                .count();
            let mut buckets: Vec<&str> = Vec::new();
            for env in &blueprint.environments {
                let owner = blueprint
                    .environments
                    .iter()
                    .find(|e| e.state.bucket == env.state.bucket)
                    .unwrap();
                if account(owner) == id && !buckets.contains(&env.state.bucket.as_str()) {
                    buckets.push(&env.state.bucket);
                }
            }
            let plan_roles = blueprint
                .environments
                .iter()
                .filter(|e| account(e) == id && !e.production && e.assume_role_arn.is_none())
                .count();
            let roles = if ci {
                13 * environments + 5 * plan_roles + 1
            } else {
                0
            };
            (id, 10 * buckets.len() + roles)
        })
        .collect()
}

/// The sqs-queue and sns-topic modules. A queue: the queue and its policy; with a dead-letter
/// queue, that queue, its policy, the redrive and redrive-allow policies; with alarms, depth and
/// age (and the dead-letter alarm). A topic: the topic, its policy and a subscription per queue.
fn messaging_resources(env: &Environment) -> usize {
    let alarms = env.observability.alarms.enabled;
    let queues: usize = env
        .queues
        .iter()
        .map(|queue| {
            let dead_letter = queue.max_receives.is_some();
            2 + if dead_letter { 4 } else { 0 }
                + if alarms {
                    2 + usize::from(dead_letter)
                } else {
                    0
                }
        })
        .sum();
    let topics: usize = env.topics.iter().map(|t| 2 + t.subscriptions.len()).sum();
    queues + topics
}
