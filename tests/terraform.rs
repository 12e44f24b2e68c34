//! Real Terraform over every generated root and every hand-written module.
//!
//! For each blueprint × environment: `terraform fmt -check`, `init` against the offline provider
//! mirror, `validate`, and `plan -refresh=false -lock=false` with a harness-written override file
//! (dummy credentials, skip flags, no role assumption, local backend). The plan's resources are
//! counted against what the blueprint implies and their addresses are snapshotted. Each module's
//! `tests/*.tftest.hcl` runs with `terraform test`.
//!
//! The provider mirror comes from `PLINTH_TF_PROVIDER_MIRROR` or is discovered in the usual
//! places. Without terraform or the mirror these tests fail, saying what to install, unless
//! `PLINTH_SKIP=terraform`, which reports them as ignored (`tests/checks.rs`).

use std::path::{Path, PathBuf};

use plinth_blueprint::model::{Compute, Eks, Environment, ImageSource, Service};
use plinth_blueprint::raw::{Endpoint, NatMode};
use plinth_blueprint::{SourceFile, load};
use plinth_tests::{Terraform, display_path, in_parallel, repo_root, toml_files};

/// The resources a generated environment must plan, from the module formulas (each module's
/// README documents its resources): an independent check that the wiring creates what the
/// blueprint asks for, no more and no less.
fn expected_resources(env: &Environment, has_repository: bool) -> usize {
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

    // The ECS cluster and its capacity providers, plus the service discovery namespace when a
    // service has no load balancer.
    let internal = env.services.iter().any(|s| !s.public);
    let cluster = eks.map_or(2 + usize::from(internal), |eks| {
        eks_cluster_resources(eks, has_repository)
    });
    let built = env
        .services
        .iter()
        .filter(|s| matches!(s.image, ImageSource::Build { .. }))
        .count();
    let ecr = 2 * built;

    let public: Vec<_> = env.services.iter().filter(|s| s.public).collect();
    let https = usize::from(env.dns.is_some());
    let load_balancer = if public.is_empty() {
        0
    } else if eks.is_some() {
        // The controller's role, policy and Pod Identity association (its ALB is not Terraform's).
        3
    } else {
        let routed = public
            .iter()
            .filter(|s| !(s.paths.is_empty() && s.hosts.is_empty()))
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
/// secrets, buckets and Kafka); and the platform parameter.
fn eks_workload_resources(env: &Environment) -> usize {
    1 + env
        .services
        .iter()
        .map(|s| {
            3 + usize::from(!s.secrets.is_empty())
                + usize::from(!s.buckets.is_empty())
                + usize::from(s.kafka)
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
            Endpoint::Logs | Endpoint::Secretsmanager => 1,
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
    let public = env.services.iter().filter(|s| s.public && ecs).count();
    let services = if ecs { env.services.len() } else { 0 };
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

/// Each ecs-service module call.
fn service_resources(env: &Environment) -> usize {
    env.services
        .iter()
        .map(|service| {
            // Every service has a scaling target, which owns its running count; autoscaling adds
            // its policies.
            let scaling = service.autoscaling.as_ref().map_or(2, |scaling| {
                3 + usize::from(scaling.memory_target.is_some())
                    + usize::from(scaling.requests_per_target.is_some() && service.public)
            });
            // An internal service: its Cloud Map service and an ingress rule per app subnet.
            let discovery = if service.public {
                0
            } else {
                1 + env.network.subnets.app.len()
            };
            // A service using the database may read its rotating credentials (and, with IAM
            // authentication, connect as its own user).
            let database = if env.database.is_some() && service.uses_database() {
                1 + usize::from(env.database.as_ref().is_some_and(|d| d.iam_auth))
            } else {
                0
            };
            7 + usize::from(!service.secrets.is_empty())
                + usize::from(!service.buckets.is_empty())
                + usize::from(service.kafka)
                + database
                + usize::from(service.public)
                + scaling
                + discovery
        })
        .sum()
}

/// A generated root to check: an environment or an account's bootstrap.
struct Root {
    blueprint: String,
    label: String,
    dir: PathBuf,
    expected: usize,
}

struct PlannedRoot {
    blueprint: String,
    label: String,
    expected: usize,
    addresses: Vec<String>,
}

/// Each account's bootstrap root and the resources it must plan: per state bucket it hosts (the
/// account of the first environment using the bucket) the bucket, its controls and its key (10);
/// per environment a deploy role with six managed policies and their attachments (13), and for a
/// non-production one without `assume_role_arn` a read-only plan role with two (5); and one
/// GitHub OIDC provider per account.
fn expected_bootstrap(blueprint: &plinth_blueprint::model::Blueprint) -> Vec<(String, usize)> {
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

/// Generates every ECS example blueprint below `work`, checks `terraform fmt` on each tree, and
/// returns one (blueprint, environment, root directory) per environment.
fn generate_roots(terraform: &Terraform, work: &Path) -> Vec<Root> {
    let mut roots = Vec::new();
    for path in toml_files("blueprints") {
        let name = display_path(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let blueprint = load(&SourceFile::new(&name, text))
            .expect("example blueprints load")
            .blueprint;
        let files = plinth_terraform::emit(&blueprint, &name);
        let out = work.join(path.file_stem().unwrap());
        for file in &files {
            let target = out.join(&file.path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, &file.contents).unwrap();
        }
        terraform.run(
            &out,
            &["fmt", "-check", "-recursive", "-diff", "-no-color"],
            &name,
        );
        for environment in &blueprint.environments {
            roots.push(Root {
                blueprint: name.clone(),
                label: environment.name.clone(),
                dir: out.join("envs").join(&environment.name),
                expected: expected_resources(environment, blueprint.project.repository.is_some()),
            });
        }
        for (account, expected) in expected_bootstrap(&blueprint) {
            roots.push(Root {
                blueprint: name.clone(),
                label: format!("bootstrap-{account}"),
                dir: out.join("bootstrap").join(&account),
                expected,
            });
        }
    }
    roots
}

#[test]
#[cfg_attr(skip_terraform, ignore = "PLINTH_SKIP names terraform")]
fn every_generated_root_formats_validates_and_plans_offline() {
    let terraform = Terraform::find(&PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("terraform"));
    let work = tempfile::tempdir().unwrap();
    let roots = generate_roots(&terraform, work.path());
    assert!(!roots.is_empty(), "no blueprint produced a Terraform root");

    let planned = in_parallel(&roots, |root| {
        let Root {
            blueprint,
            label,
            dir,
            expected,
        } = root;
        let what = format!("{blueprint} [{label}]");
        terraform.init_offline(dir, &what);
        // The plan validates the configuration before it plans (no separate `validate`, which
        // would load the provider's schema once more).
        let addresses = terraform.planned_creates(dir, &what);
        PlannedRoot {
            blueprint: blueprint.clone(),
            label: label.clone(),
            expected: *expected,
            addresses,
        }
    });

    let mut mismatches = Vec::new();
    for root in &planned {
        if root.addresses.len() != root.expected {
            mismatches.push(format!(
                "{} [{}]: planned {} resources, the blueprint implies {}",
                root.blueprint,
                root.label,
                root.addresses.len(),
                root.expected
            ));
        }
        let stem = Path::new(&root.blueprint)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        insta::assert_snapshot!(
            format!("planned_addresses__{stem}__{}", root.label),
            root.addresses.join("\n")
        );
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
#[cfg_attr(skip_terraform, ignore = "PLINTH_SKIP names terraform")]
fn every_module_is_formatted() {
    let terraform = Terraform::find(&PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("terraform"));
    // `fmt` needs no provider, so this costs a second; each module's `validate` and `terraform
    // test` run in the gauntlet (tests/module_tests.rs).
    terraform.run(
        &repo_root().join("modules-hcl"),
        &["fmt", "-check", "-recursive", "-diff", "-no-color"],
        "modules-hcl",
    );
}
