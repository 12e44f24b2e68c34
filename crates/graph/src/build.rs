//! One environment's model read into a [`Graph`] of what plinth generates for it: the Terraform
//! root (`plinth-terraform`'s `ecs.rs`/`eks.rs`/`catalog.rs`) and, on EKS, the Ingress the
//! Kubernetes manifests declare. The blueprint declares no service-to-service calls, so none are
//! drawn: internal services sit in the cluster without an incoming edge. Scheduled jobs sit there
//! too, labelled with their schedule; on ECS an edge from EventBridge Scheduler starts each run.

use plinth_blueprint::model::{
    Compute, Ecs, Eks, Environment, ImageSource, Project, SecretSource, Service,
};
use plinth_blueprint::raw::NatMode;

use crate::graph::{Graph, Line, Shape};
use crate::labels;

/// Builds the diagram of `env`.
pub fn build(env: &Environment, project: &Project) -> Graph {
    let mut builder = Builder::new(env, project);
    match &env.compute {
        Compute::Ecs(ecs) => builder.ecs(ecs),
        Compute::Eks(eks) => builder.eks(eks, project),
    }
    builder.ingress();
    builder.schedules();
    builder.data_stores();
    builder.buckets();
    builder.messaging();
    builder.registry();
    builder.secrets();
    builder.egress();
    builder.monitoring();
    let mut graph = builder.graph;
    graph.prune_empty_groups();
    graph
}

struct Builder<'a> {
    env: &'a Environment,
    graph: Graph,
    /// The group of everything in the account and region.
    aws: String,
    /// The groups of the subnet tiers.
    public: String,
    app: String,
    data: String,
    /// The node of each service, in `env.services` order.
    services: Vec<String>,
    /// The AWS Load Balancer Controller (EKS with public services).
    controller: Option<String>,
}

impl<'a> Builder<'a> {
    fn new(env: &'a Environment, project: &Project) -> Self {
        let mut graph = Graph::new(format!("{} {}", project.name, env.name));
        let account = match &env.account_id {
            Some(account) => format!("AWS account {account}, {}", env.region),
            None => format!("AWS {}", env.region),
        };
        let aws = graph.add_group("aws", vec![account], None);
        let network = &env.network;
        let mut vpc_label = vec![
            format!("VPC {} {}", env.names.prefix, network.cidr),
            format!("zones {}", network.availability_zones.join(", ")),
        ];
        if network.nat == NatMode::None {
            vpc_label.push("no NAT gateway: no internet egress".to_owned());
        }
        let vpc = graph.add_group("vpc", vpc_label, Some(&aws));
        let mut tier = |name: &str, title: &str, cidrs: &[_]| {
            let cidrs: Vec<String> = cidrs.iter().map(ToString::to_string).collect();
            graph.add_group(name, vec![title.to_owned(), cidrs.join(", ")], Some(&vpc))
        };
        let public = tier("public", "public subnets", &network.subnets.public);
        let app = tier("app", "app subnets, private", &network.subnets.app);
        let data = tier(
            "data",
            "data subnets, no internet route",
            &network.subnets.data,
        );
        Self {
            env,
            graph,
            aws,
            public,
            app,
            data,
            services: Vec::new(),
            controller: None,
        }
    }

    fn is_ecs(&self) -> bool {
        matches!(self.env.compute, Compute::Ecs(_))
    }

    fn has_load_balancer(&self) -> bool {
        self.env.services.iter().any(|s| s.public_web().is_some())
    }

    fn ecs(&mut self, ecs: &Ecs) {
        let capacity = match ecs.fargate_spot_percent {
            0 => "Fargate".to_owned(),
            spot => format!("Fargate, {spot}% on Fargate Spot"),
        };
        let label = vec![
            format!("ECS cluster {}", self.env.names.cluster()),
            capacity,
        ];
        let cluster = self.graph.add_group("ecs_cluster", label, Some(&self.app));
        for service in &self.env.services {
            let label = labels::service(service, Some(&self.env.names));
            let id = self.graph.add_node(
                &format!("svc_{}", service.name),
                label,
                Shape::Rounded,
                Some(&cluster),
            );
            self.services.push(id);
        }
    }

    fn eks(&mut self, eks: &Eks, project: &Project) {
        let endpoint = if !eks.public_endpoint {
            "private API endpoint".to_owned()
        } else if eks.public_access_cidrs.is_empty() {
            "public API endpoint".to_owned()
        } else {
            format!(
                "public API endpoint for {}",
                eks.public_access_cidrs.join(", ")
            )
        };
        let label = vec![
            format!("EKS cluster {}", self.env.names.cluster()),
            format!("Kubernetes {}", eks.kubernetes_version),
            endpoint,
        ];
        let cluster = self.graph.add_group("eks_cluster", label, Some(&self.app));
        for group in &eks.node_groups {
            self.graph.add_node(
                &format!("node_group_{}", group.name),
                labels::node_group(group),
                Shape::Box,
                Some(&cluster),
            );
        }
        if self.has_load_balancer() {
            let label = vec![
                "AWS Load Balancer Controller".to_owned(),
                "namespace kube-system".to_owned(),
            ];
            let id = self
                .graph
                .add_node("lb_controller", label, Shape::Rounded, Some(&cluster));
            self.controller = Some(id);
        }
        let label = vec![format!("namespace {}", project.name)];
        let namespace = self.graph.add_group("namespace", label, Some(&cluster));
        for service in &self.env.services {
            let id = self.graph.add_node(
                &format!("svc_{}", service.name),
                labels::service(service, None),
                Shape::Rounded,
                Some(&namespace),
            );
            self.services.push(id);
        }
    }

    /// Internet → (WAF) → load balancer → public services, and the domain in front. On ECS the
    /// ALB is Terraform's `module.alb`; on EKS the controller creates it from the Ingresses,
    /// which share one Ingress group per environment.
    fn ingress(&mut self) {
        let env = self.env;
        let alb = self.has_load_balancer().then(|| {
            let mut label = vec!["Application Load Balancer".to_owned()];
            if self.is_ecs() {
                label.push(env.names.load_balancer());
            } else {
                label.push(format!("Ingress group {}", env.names.prefix));
            }
            label.push(match env.dns {
                Some(_) => "HTTPS :443, HTTP redirects".to_owned(),
                None => "HTTP :80".to_owned(),
            });
            let public = self.public.clone();
            self.graph
                .add_node("alb", label, Shape::Stadium, Some(&public))
        });
        self.dns(alb.as_deref());
        let Some(alb) = alb else { return };
        let protocol = vec![if env.dns.is_some() { "HTTPS" } else { "HTTP" }.to_owned()];
        // Egress gets its own internet node (see `egress`), so the diagram reads left to right:
        // clients, load balancer, services, then data stores and NAT gateways.
        let internet =
            self.graph
                .add_node("internet", vec!["Internet".to_owned()], Shape::Circle, None);
        // The web ACL is only generated on ECS (the loader refuses `[waf]` on EKS).
        match env.waf.as_ref().filter(|_| self.is_ecs()) {
            Some(waf) => {
                let label = vec![
                    "AWS WAF web ACL".to_owned(),
                    "AWS managed rule groups".to_owned(),
                    format!("rate limit {} per IP per 5 min", waf.rate_limit),
                ];
                let aws = self.aws.clone();
                let waf = self
                    .graph
                    .add_node("waf", label, Shape::Hexagon, Some(&aws));
                self.graph.add_edge(&internet, &waf, protocol, Line::Solid);
                let allowed = vec!["allowed requests".to_owned()];
                self.graph.add_edge(&waf, &alb, allowed, Line::Solid);
            }
            None => self.graph.add_edge(&internet, &alb, protocol, Line::Solid),
        }
        for (service, id) in public_in_rule_order(env, &self.services) {
            self.graph
                .add_edge(&alb, &id, labels::route(service), Line::Solid);
        }
        if let Some(controller) = &self.controller {
            let label = vec!["creates from the Ingresses".to_owned()];
            self.graph.add_edge(controller, &alb, label, Line::Dashed);
        }
    }

    /// The domain's certificate and, on ECS, its alias records to the load balancer. On EKS the
    /// controller attaches the certificate but no alias record is generated.
    fn dns(&mut self, alb: Option<&str>) {
        let Some(dns) = &self.env.dns else { return };
        let mut label = vec!["Route 53 + ACM certificate".to_owned(), dns.domain.clone()];
        label.extend(dns.alternative_names.iter().cloned());
        let aws = self.aws.clone();
        let route53 = self
            .graph
            .add_node("route53", label, Shape::Box, Some(&aws));
        let Some(alb) = alb else { return };
        let label = if self.is_ecs() {
            vec!["A alias records".to_owned(), "TLS certificate".to_owned()]
        } else {
            vec![
                "TLS certificate only".to_owned(),
                "no alias record: point the domain at the ALB".to_owned(),
            ]
        };
        self.graph.add_edge(&route53, alb, label, Line::Dashed);
    }

    /// Database, cache and Kafka in the data subnets, with an edge from each service that uses
    /// them (reads their credentials, or sets `kafka = true`). On EKS the data stores admit the
    /// whole cluster's security group; the edges still show which services use them.
    fn data_stores(&mut self) {
        let env = self.env;
        let data = self.data.clone();
        let mut add = |name: &str, label: Vec<String>| {
            self.graph
                .add_node(name, label, Shape::Cylinder, Some(&data))
        };
        let database = env
            .database
            .as_ref()
            .map(|db| (add("database", labels::database(env, db)), db.port));
        let cache = env.cache.as_ref().map(|cache| {
            let mut label = vec![format!("port {}", cache.port)];
            if cache.transit_encryption {
                label[0].push_str(", TLS");
            }
            (add("cache", labels::cache(env, cache)), label)
        });
        let kafka = env
            .kafka
            .as_ref()
            .map(|kafka| add("kafka", labels::kafka(env, kafka)));
        for (service, id) in env.services.iter().zip(&self.services) {
            if let Some((database, port)) = &database
                && service.uses_database()
            {
                let label = vec![format!("port {port}")];
                self.graph.add_edge(id, database, label, Line::Solid);
            }
            if let Some((cache, label)) = &cache
                && service.uses_cache()
            {
                self.graph.add_edge(id, cache, label.clone(), Line::Solid);
            }
            if let Some(kafka) = &kafka
                && service.kafka
            {
                let label = vec!["IAM auth, TLS".to_owned()];
                self.graph.add_edge(id, kafka, label, Line::Solid);
            }
        }
    }

    fn buckets(&mut self) {
        let env = self.env;
        let aws = self.aws.clone();
        let mut nodes = Vec::new();
        for bucket in &env.buckets {
            let mut label = vec![
                format!("S3 bucket {}", bucket.name),
                bucket.bucket_name.clone(),
            ];
            let mut traits = vec![if bucket.kms { "KMS" } else { "SSE-S3" }];
            if bucket.versioning {
                traits.insert(0, "versioned");
            }
            label.push(traits.join(", "));
            let id = self.graph.add_node(
                &format!("bucket_{}", bucket.name),
                label,
                Shape::Cylinder,
                Some(&aws),
            );
            nodes.push((bucket.name.as_str(), id));
        }
        for (service, id) in env.services.iter().zip(&self.services) {
            for (_, bucket) in nodes
                .iter()
                .filter(|(name, _)| service.buckets.iter().any(|b| b == name))
            {
                let label = vec!["read/write".to_owned()];
                self.graph.add_edge(id, bucket, label, Line::Solid);
            }
        }
    }

    /// One ECR repository per CI-built service.
    fn registry(&mut self) {
        let env = self.env;
        let built: Vec<(usize, String)> = env
            .services
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s.image, ImageSource::Build { .. }))
            .map(|(index, s)| (index, env.names.repository(s.identity())))
            .collect();
        if built.is_empty() {
            return;
        }
        let mut label = vec!["Amazon ECR".to_owned()];
        label.extend(built.iter().map(|(_, repository)| repository.clone()));
        let aws = self.aws.clone();
        let ecr = self.graph.add_node("ecr", label, Shape::Box, Some(&aws));
        for (index, _) in built {
            let image = vec!["image".to_owned()];
            let service = self.services[index].clone();
            self.graph.add_edge(&ecr, &service, image, Line::Dashed);
        }
    }

    /// The Secrets Manager entries services read, each edge labelled with the variables it
    /// fills: the database's RDS-managed credentials, the cache's auth token and the
    /// blueprint's `[secrets]` (created empty, even when unread).
    fn secrets(&mut self) {
        let env = self.env;
        let aws = self.aws.clone();
        let label = vec!["Secrets Manager".to_owned()];
        let group = self.graph.add_group("secrets_manager", label, Some(&aws));
        let reads = |source: fn(&SecretSource) -> bool| {
            env.services.iter().any(|s| {
                s.secret_keys()
                    .into_iter()
                    .any(|(_, secret)| source(&secret.source))
            })
        };
        let mut add = |name: &str, label: Vec<String>| {
            self.graph.add_node(name, label, Shape::Box, Some(&group))
        };
        let database = (env.database.is_some()
            && reads(|s| {
                matches!(
                    s,
                    SecretSource::DatabaseUsername | SecretSource::DatabasePassword
                )
            }))
        .then(|| {
            add(
                "secret_database",
                vec![
                    "database master credentials".to_owned(),
                    "managed by RDS".to_owned(),
                ],
            )
        });
        let cache = (env.cache.is_some() && reads(|s| *s == SecretSource::CacheAuthToken))
            .then(|| add("secret_cache", vec![env.names.secret("cache-auth-token")]));
        let declared: Vec<(&str, String)> = env
            .secrets
            .iter()
            .map(|secret| {
                let id = add(
                    &format!("secret_{}", secret.name),
                    vec![secret.secret_name.clone()],
                );
                (secret.name.as_str(), id)
            })
            .collect();
        for (service, id) in env.services.iter().zip(&self.services) {
            // Each entry the service reads, with its variables, in the order the blueprint lists them.
            let mut reads: Vec<(&str, Vec<String>)> = Vec::new();
            for (key, secret) in service.secret_keys() {
                let entry = match &secret.source {
                    SecretSource::DatabaseUsername | SecretSource::DatabasePassword => {
                        database.as_deref()
                    }
                    SecretSource::CacheAuthToken => cache.as_deref(),
                    SecretSource::Secret { name, .. } => declared
                        .iter()
                        .find(|(declared, _)| declared == name)
                        .map(|(_, id)| id.as_str()),
                };
                let Some(entry) = entry else { continue };
                match reads.iter_mut().find(|(e, _)| *e == entry) {
                    Some((_, variables)) => variables.push(key),
                    None => reads.push((entry, vec![key])),
                }
            }
            for (entry, variables) in reads {
                let label = vec![variables.join(", ")];
                self.graph.add_edge(entry, id, label, Line::Dashed);
            }
        }
    }

    /// The interface endpoints in the app subnets, and the NAT gateways (none, one in the first
    /// zone, or one per zone) the app subnets route to the internet through.
    fn egress(&mut self) {
        let network = &self.env.network;
        if !network.endpoints.is_empty() {
            let (gateway, interface): (Vec<_>, Vec<_>) = network
                .endpoints
                .iter()
                .map(|e| e.as_str())
                .partition(|e| *e == "s3");
            let mut label = vec!["VPC endpoints".to_owned()];
            if !gateway.is_empty() {
                label.push(format!("gateway {}", gateway.join(", ")));
            }
            if !interface.is_empty() {
                label.push(format!("interface {}", interface.join(", ")));
            }
            let app = self.app.clone();
            self.graph
                .add_node("vpc_endpoints", label, Shape::Box, Some(&app));
        }
        let zones: Vec<&String> = match network.nat {
            NatMode::None => Vec::new(),
            NatMode::Single => network.availability_zones.iter().take(1).collect(),
            NatMode::PerAz => network.availability_zones.iter().collect(),
        };
        if zones.is_empty() {
            return;
        }
        let label = vec!["Internet, outbound".to_owned()];
        let internet = self
            .graph
            .add_node("internet_egress", label, Shape::Circle, None);
        let (public, app) = (self.public.clone(), self.app.clone());
        for zone in zones {
            let label = vec!["NAT gateway".to_owned(), zone.clone()];
            let nat = self
                .graph
                .add_node(&format!("nat_{zone}"), label, Shape::Box, Some(&public));
            let route = if network.nat == NatMode::Single {
                "egress, all zones".to_owned()
            } else {
                format!("egress, {zone}")
            };
            self.graph
                .add_edge_against_flow(&app, &nat, vec![route], Line::Solid);
            self.graph
                .add_edge(&nat, &internet, Vec::new(), Line::Solid);
        }
    }
}

/// The public services with their nodes, in listener-rule order: host-and-path rules, then
/// single-condition ones, then the default route, blueprint order within each (as `module.alb`'s
/// priorities and the Ingress group order have it).
fn public_in_rule_order<'e>(env: &'e Environment, ids: &[String]) -> Vec<(&'e Service, String)> {
    let mut public: Vec<_> = env
        .services
        .iter()
        .zip(ids.iter().cloned())
        .filter(|(s, _)| s.public_web().is_some())
        .collect();
    public.sort_by_key(|(s, _)| {
        let web = s.web().expect("public services are web services");
        match (web.paths.is_empty(), web.hosts.is_empty()) {
            (false, false) => 0,
            (true, true) => 2,
            _ => 1,
        }
    });
    public
}

#[path = "build_messaging.rs"]
mod messaging;

#[path = "build_monitoring.rs"]
mod monitoring;

#[path = "build_jobs.rs"]
mod jobs;
