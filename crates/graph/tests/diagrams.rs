//! What the diagrams show (every service, NAT gateways per mode, the EKS and ECS differences) and
//! that both renderings are well formed: a structural check of the Mermaid (every subgraph
//! closed, every edge between declared nodes or subgraphs, every label one quoted string) and a
//! small parser for the dot (balanced braces and brackets, terminated strings, edges between
//! declared nodes, `ltail`/`lhead` naming a cluster around their node). Neither Mermaid nor
//! Graphviz is needed.

mod structure;

use std::path::Path;

use plinth_blueprint::model::{Blueprint, Environment};
use plinth_blueprint::{SourceFile, load};
use plinth_graph::{Graph, Line};

fn examples() -> Vec<(String, Blueprint)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../blueprints");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("blueprints/ is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            (name.clone(), blueprint(&name, &text))
        })
        .collect()
}

fn blueprint(name: &str, text: &str) -> Blueprint {
    match load(&SourceFile::new(name, text)) {
        Ok(loaded) => loaded.blueprint,
        Err(diagnostics) => panic!("{name} does not load: {diagnostics:#?}"),
    }
}

fn graph_of(blueprint: &Blueprint, env: &str) -> Graph {
    let env = blueprint.environment(env).expect("the environment exists");
    plinth_graph::graph(env, &blueprint.project)
}

const ECS: &str = r#"
[project]
name = "shop"
region = "eu-west-1"
environments = ["dev"]

[network]
availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

[services.api]
port = 8000
dockerfile = "api/Dockerfile"
paths = ['/api/"v1"/*', '/a[1]/{x}|y', '/q#s&t<b>`c`']

[services.web]
port = 3000
image = "nginx:1.27"

[services.jobs]
port = 9000
dockerfile = "jobs/Dockerfile"
public = false

[services.admin]
port = 8080
image = "ghcr.io/acme/admin:2"
hosts = ["admin.shop.example.com"]
paths = ["/admin/*"]
"#;

const EKS: &str = r#"
[project]
name = "atlas"
region = "us-east-1"
environments = ["dev"]

[compute]
platform = "eks"

[compute.node_groups.general]
instance_types = ["t3.large"]

[compute.node_groups.batch]
instance_types = ["c6i.xlarge"]
capacity = "on-demand"

[services.web]
port = 8080
dockerfile = "web/Dockerfile"

[services.worker]
port = 9000
dockerfile = "worker/Dockerfile"
public = false

[dns]
domain = "atlas.example.com"
zone_id = "Z0123456789ABCDEFGHIJ"
"#;

#[test]
fn every_diagram_of_every_example_is_well_formed_and_shows_every_service() {
    for (name, blueprint) in examples() {
        for env in &blueprint.environments {
            let graph = plinth_graph::graph(env, &blueprint.project);
            let context = format!("{name} {}", env.name);
            let mermaid = graph.to_mermaid();
            let dot = graph.to_dot();
            structure::check_mermaid(&mermaid).unwrap_or_else(|e| panic!("{context}: {e}"));
            structure::check_dot(&dot).unwrap_or_else(|e| panic!("{context}: {e}"));
            check_model(&graph).unwrap_or_else(|e| panic!("{context}: {e}"));
            for service in &env.services {
                let id = plinth_graph::sanitize(&format!("svc_{}", service.name));
                let node = graph
                    .node(&id)
                    .unwrap_or_else(|| panic!("{context}: no node for {}", service.name));
                assert_eq!(node.label[0], service.name, "{context}");
                assert!(mermaid.contains(&format!("    {id}(\"")), "{context}: {id}");
                assert!(
                    dot.contains(&format!("\"{id}\" [label=")),
                    "{context}: {id}"
                );
            }
            assert_eq!(mermaid, graph.to_mermaid(), "{context}: deterministic");
            assert_eq!(graph, plinth_graph::graph(env, &blueprint.project));
        }
    }
}

/// Ids unique, every group's parent and every node's group declared, edges between existing
/// nodes or groups, no empty group.
fn check_model(graph: &Graph) -> Result<(), String> {
    let mut ids: Vec<&str> = graph.nodes.iter().map(|n| n.id.as_str()).collect();
    ids.extend(graph.groups.iter().map(|g| g.id.as_str()));
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != count {
        return Err("duplicate ids".to_owned());
    }
    let parents = graph.groups.iter().filter_map(|g| g.parent.as_deref());
    let groups_of_nodes = graph.nodes.iter().filter_map(|n| n.group.as_deref());
    if let Some(missing) = parents
        .chain(groups_of_nodes)
        .find(|g| graph.group(g).is_none())
    {
        return Err(format!("undeclared group {missing}"));
    }
    for edge in &graph.edges {
        for end in [&edge.from, &edge.to] {
            if graph.node(end).is_none() && graph.group(end).is_none() {
                return Err(format!("edge to undeclared {end}"));
            }
        }
    }
    match graph
        .groups
        .iter()
        .find(|g| graph.first_node_in(&g.id).is_none())
    {
        Some(empty) => Err(format!("empty group {}", empty.id)),
        None => Ok(()),
    }
}

#[test]
fn route_labels_with_quotes_brackets_and_markup_are_escaped() {
    let blueprint = blueprint("escaping.toml", ECS);
    let graph = graph_of(&blueprint, "dev");
    let route = graph
        .edges
        .iter()
        .find(|e| e.from == "alb" && e.to == "svc_api")
        .expect("the api route");
    assert_eq!(
        route.label,
        ["path /api/\"v1\"/*, /a[1]/{x}|y, /q#s&t<b>`c`"]
    );
    let mermaid = graph.to_mermaid();
    assert!(
        mermaid.contains(
            "    alb -->|\"path /api/#quot;v1#quot;/*, /a[1]/{x}|y, /q#35;s#amp;t#lt;b#gt;#96;c#96;\"| svc_api\n"
        ),
        "{mermaid}"
    );
    assert!(!mermaid.contains('`'));
    let dot = graph.to_dot();
    assert!(
        dot.contains(
            "    \"alb\" -> \"svc_api\" [label=\"path /api/\\\"v1\\\"/*, /a[1]/{x}|y, /q#s&t<b>`c`\"];\n"
        ),
        "{dot}"
    );
    structure::check_mermaid(&mermaid).unwrap();
    structure::check_dot(&dot).unwrap();
}

#[test]
fn public_services_are_routed_and_internal_ones_only_placed() {
    let blueprint = blueprint("ecs.toml", ECS);
    let graph = graph_of(&blueprint, "dev");
    let routed: Vec<(&str, &[String])> = graph
        .edges
        .iter()
        .filter(|e| e.from == "alb")
        .map(|e| (e.to.as_str(), e.label.as_slice()))
        .collect();
    // Listener-rule order: host and path, then path only, then the default route.
    let admin = [
        "host admin.shop.example.com".to_owned(),
        "path /admin/*".to_owned(),
    ];
    assert_eq!(routed.len(), 3);
    assert_eq!(routed[0], ("svc_admin", &admin[..]));
    assert_eq!(routed[1].0, "svc_api");
    assert_eq!(routed[2], ("svc_web", &["default route".to_owned()][..]));
    let mermaid = graph.to_mermaid();
    assert!(
        mermaid
            .contains("    alb -->|\"host admin.shop.example.com<br/>path /admin/*\"| svc_admin\n")
    );
    assert!(graph.node("svc_jobs").is_some());
    let into_jobs: Vec<&str> = graph
        .edges
        .iter()
        .filter(|e| e.to == "svc_jobs")
        .map(|e| e.from.as_str())
        .collect();
    assert_eq!(
        into_jobs,
        ["ecr"],
        "only its image reaches the internal service"
    );
    // The external image is not pulled from ECR.
    assert!(
        !graph
            .edges
            .iter()
            .any(|e| e.from == "ecr" && e.to == "svc_web")
    );
    assert!(
        graph
            .node("svc_web")
            .unwrap()
            .label
            .contains(&"image nginx:1.27".to_owned())
    );
}

fn with_nat(nat: &str) -> Blueprint {
    let endpoints = if nat == "none" {
        "\nendpoints = [\"s3\", \"ecr\", \"logs\", \"secretsmanager\"]"
    } else {
        ""
    };
    let text = ECS.replace(
        "[network]\n",
        &format!("[network]\nnat = \"{nat}\"{endpoints}\n"),
    );
    blueprint(&format!("nat-{nat}.toml"), &text)
}

fn nat_gateways(graph: &Graph) -> Vec<&str> {
    graph
        .nodes
        .iter()
        .filter(|n| n.label[0] == "NAT gateway")
        .map(|n| n.id.as_str())
        .collect()
}

#[test]
fn nat_gateways_follow_the_nat_mode() {
    let none = graph_of(&with_nat("none"), "dev");
    assert!(nat_gateways(&none).is_empty());
    assert!(none.node("internet_egress").is_none());
    assert!(!none.edges.iter().any(|e| e.from == "app"));
    let vpc = none.group("vpc").unwrap();
    assert!(vpc.label.iter().any(|l| l.starts_with("no NAT gateway")));
    assert!(none.node("vpc_endpoints").is_some());

    let single = graph_of(&with_nat("single"), "dev");
    assert_eq!(nat_gateways(&single), ["nat_eu_west_1a"]);
    let egress = single.edges.iter().find(|e| e.from == "app").unwrap();
    assert_eq!(egress.label, ["egress, all zones"]);
    // Egress runs back through the public subnets: Graphviz must not rank by it.
    assert!(egress.against_flow);
    assert!(single.to_dot().contains(
        "\"svc_api\" -> \"nat_eu_west_1a\" [label=\"egress, all zones\", ltail=\"cluster_app\", constraint=false];"
    ));

    let per_az = graph_of(&with_nat("per-az"), "dev");
    let gateways = nat_gateways(&per_az);
    assert_eq!(
        gateways,
        ["nat_eu_west_1a", "nat_eu_west_1b", "nat_eu_west_1c"]
    );
    for gateway in gateways {
        let tier = per_az.node(gateway).unwrap().group.as_deref();
        assert_eq!(tier, Some("public"));
        let egress =
            |from: &str, to: &str| per_az.edges.iter().any(|e| e.from == from && e.to == to);
        assert!(
            egress("app", gateway),
            "app subnets route through {gateway}"
        );
        assert!(
            egress(gateway, "internet_egress"),
            "{gateway} reaches the internet"
        );
    }
}

#[test]
fn eks_draws_the_cluster_node_groups_and_the_controller_made_load_balancer() {
    let eks = blueprint("eks.toml", EKS);
    let graph = graph_of(&eks, "dev");
    assert!(graph.group("eks_cluster").is_some());
    assert!(graph.group("ecs_cluster").is_none());
    let namespace = graph.group("namespace").unwrap();
    assert_eq!(namespace.label, ["namespace atlas"]);
    assert_eq!(namespace.parent.as_deref(), Some("eks_cluster"));
    let general = graph.node("node_group_general").unwrap();
    assert_eq!(general.group.as_deref(), Some("eks_cluster"));
    assert_eq!(general.label[1], "t3.large");
    let batch = graph.node("node_group_batch").unwrap();
    assert!(batch.label[2].starts_with("on-demand"), "{:?}", batch.label);
    assert_eq!(
        graph.node("svc_web").unwrap().group.as_deref(),
        Some("namespace")
    );
    assert!(graph.node("svc_web").unwrap().label[1].starts_with("Deployment"));
    let alb = graph.node("alb").unwrap();
    assert!(alb.label.contains(&"Ingress group atlas-dev".to_owned()));
    let controller = graph
        .edges
        .iter()
        .find(|e| e.from == "lb_controller")
        .unwrap();
    assert_eq!(
        (controller.to.as_str(), controller.line),
        ("alb", Line::Dashed)
    );
    // The certificate reaches the ALB, but no alias record is generated on EKS.
    let certificate = graph.edges.iter().find(|e| e.from == "route53").unwrap();
    assert_eq!(certificate.label[0], "TLS certificate only");
    // No ECS service alarms, and without data stores no alarms at all.
    assert!(graph.node("alarms").is_none());
}

#[test]
fn ecs_draws_the_terraform_load_balancer_with_alias_records_and_service_alarms() {
    let text = ECS.replace(
        "[services.api]",
        "[dns]\ndomain = \"shop.example.com\"\nzone_id = \"Z0123456789ABCDEFGHIJ\"\n\n[waf]\nrate_limit = 500\n\n[services.api]",
    );
    let ecs = blueprint("ecs-dns.toml", &text);
    let graph = graph_of(&ecs, "dev");
    assert!(graph.group("ecs_cluster").is_some());
    assert!(graph.group("eks_cluster").is_none());
    assert!(graph.node("lb_controller").is_none());
    let alias = graph.edges.iter().find(|e| e.from == "route53").unwrap();
    assert_eq!(alias.label[0], "A alias records");
    let path: Vec<(&str, &str)> = graph
        .edges
        .iter()
        .filter(|e| e.to == "waf" || e.to == "alb")
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    assert_eq!(
        path,
        [("route53", "alb"), ("internet", "waf"), ("waf", "alb")]
    );
    // 4 services × 3, 3 public × 4 + the load balancer's own.
    let alarms = graph.node("alarms").unwrap();
    assert_eq!(alarms.label[0], "CloudWatch alarms: 25");
}

#[test]
fn data_stores_secrets_and_buckets_connect_to_the_services_that_use_them() {
    let (_, full) = examples()
        .into_iter()
        .find(|(name, _)| name == "full-ecs.toml")
        .expect("the full example");
    let prod: &Environment = full.environment("prod").unwrap();
    let graph = plinth_graph::graph(prod, &full.project);
    let edge = |from: &str, to: &str| {
        graph
            .edges
            .iter()
            .find(|e| e.from == from && e.to == to)
            .map(|e| (e.label.join(" / "), e.line))
    };
    assert_eq!(
        edge("svc_api", "database"),
        Some(("port 5432".into(), Line::Solid))
    );
    assert_eq!(
        edge("svc_api", "cache"),
        Some(("port 6379, TLS".into(), Line::Solid))
    );
    assert!(edge("svc_api", "kafka").is_some());
    assert!(edge("svc_api", "bucket_uploads").is_some());
    assert_eq!(edge("svc_web", "database"), None);
    assert_eq!(
        edge("secret_database", "svc_api"),
        Some(("DB_USER, DB_PASSWORD".into(), Line::Dashed))
    );
    assert_eq!(
        edge("secret_stripe", "svc_api"),
        Some(("STRIPE_KEY".into(), Line::Dashed))
    );
    for (tier, node) in [
        ("data", "database"),
        ("data", "cache"),
        ("data", "kafka"),
        ("public", "alb"),
    ] {
        assert_eq!(
            graph.node(node).unwrap().group.as_deref(),
            Some(tier),
            "{node}"
        );
    }
    let data = graph.group("data").unwrap();
    assert_eq!(
        data.label[1],
        "10.20.96.0/20, 10.20.112.0/20, 10.20.128.0/20"
    );
    assert_eq!(
        edge("alarms", "alarm_topic").map(|e| e.1),
        Some(Line::Dashed)
    );
    assert!(edge("budget", "alarm_topic").is_some());
    assert_eq!(
        graph.node("alarm_emails").unwrap().label,
        ["1 email subscriber"]
    );
}

/// A nightly job that reads a bucket, drains a queue and publishes to a topic, on top of `base`.
fn with_job(base: &str) -> String {
    format!(
        r#"{base}
[services.report]
kind = "job"
dockerfile = "report/Dockerfile"
schedule = "cron(0 3 * * ? *)"
buckets = ["exports"]
consumes = ["work"]
publishes = ["done"]

[buckets.exports]

[queues.work]

[topics.done]
"#
    )
}

#[test]
fn jobs_are_scheduled_not_routed_and_reach_what_services_reach() {
    let ecs = blueprint("ecs-job.toml", &with_job(ECS));
    let graph = graph_of(&ecs, "dev");
    let job = graph.node("svc_report").expect("the job's node");
    assert_eq!(
        job.label,
        [
            "report",
            "job · cron(0 3 * * ? *)",
            "256 CPU units, 512 MiB",
            "1 task per run, timeout 1 h, no overlap",
        ]
    );
    assert_eq!(job.group.as_deref(), Some("ecs_cluster"));
    let into = |to: &str| -> Vec<(&str, String, Line)> {
        graph
            .edges
            .iter()
            .filter(|e| e.to == to)
            .map(|e| (e.from.as_str(), e.label.join(" / "), e.line))
            .collect()
    };
    // Started by the scheduler, never by the load balancer; its image, and its queue.
    assert_eq!(
        into("svc_report"),
        [
            ("scheduler", "starts each run".to_owned(), Line::Dashed),
            ("queue_work", "consumes".to_owned(), Line::Solid),
            ("ecr", "image".to_owned(), Line::Dashed),
        ]
    );
    let scheduler = graph.node("scheduler").unwrap();
    assert_eq!(scheduler.label[0], "EventBridge Scheduler + Step Functions");
    assert_eq!(scheduler.group.as_deref(), Some("aws"));
    let out: Vec<(&str, &str)> = graph
        .edges
        .iter()
        .filter(|e| e.from == "svc_report")
        .map(|e| (e.to.as_str(), e.label[0].as_str()))
        .collect();
    assert_eq!(
        out,
        [
            ("bucket_exports", "read/write"),
            ("topic_done", "publishes")
        ]
    );
    // 4 services × 3, 3 public × 4 + the load balancer's own, and the job's failed runs.
    let alarms = graph.node("alarms").unwrap();
    assert_eq!(alarms.label[0], "CloudWatch alarms: 26");
    assert!(alarms.label.iter().any(|l| l == "jobs: failed runs"));

    // On EKS the CronJob controller starts it: the five-field schedule, no scheduler node.
    let eks = blueprint("eks-job.toml", &with_job(EKS));
    let graph = graph_of(&eks, "dev");
    let job = graph.node("svc_report").expect("the job's node");
    assert_eq!(job.label[1], "CronJob · 0 3 * * *");
    assert_eq!(job.label[3], "1 pod per run, timeout 1 h, no overlap");
    assert!(graph.node("scheduler").is_none());
    assert!(
        !graph
            .edges
            .iter()
            .any(|e| e.to == "svc_report" && e.from == "alb")
    );
}
