//! The strategies that choose a random valid blueprint, staying inside the rules.

use plinth_blueprint::aws::caches::CacheEngine;
use plinth_blueprint::aws::databases::ENGINES;
use plinth_blueprint::aws::kubernetes::EKS_VERSIONS;
use proptest::prelude::*;
use proptest::sample::{Index, select, subsequence};

use super::render::render;
use super::{
    AutoscalingSpec, BucketSpec, CacheSpec, ComputeSpec, DataSpec, DatabaseSpec, EnvSpec,
    NetworkSpec, NodeGroupSpec, OperationsSpec, Route, ServiceSpec, Spec, Uses,
};

/// Fargate CPU/memory pairs (also valid pod requests on EKS).
const TASK_SIZES: &[(u32, u32)] = &[
    (256, 512),
    (256, 1024),
    (256, 2048),
    (512, 1024),
    (512, 4096),
    (1024, 2048),
    (1024, 8192),
    (2048, 4096),
    (4096, 8192),
];

const LANGUAGES: &[(&str, &str)] = &[
    ("node", "22"),
    ("python", "3.12"),
    ("go", "1.24"),
    ("php", "8.3"),
];

/// A lowercase DNS label of at most 11 characters without double hyphens: short enough that
/// `<project>-<env>-<name>` stays within the 32 characters of a target group name.
const COMPONENT_NAME: &str = "[a-z]([a-z0-9]|-[a-z0-9]){0,5}";

fn environments() -> impl Strategy<Value = Vec<EnvSpec>> {
    let overlay = (
        proptest::option::of(100_000_000_000_u64..999_999_999_999),
        proptest::option::of(select(vec!["single", "per-az"])),
        proptest::option::of((any::<Index>(), select(TASK_SIZES.to_vec()))),
        proptest::option::of(any::<Index>()),
        proptest::option::of(0_u8..=2),
        proptest::option::of(0_u8..=100),
    );
    (
        prop::collection::btree_set("[a-z][a-z0-9]{0,6}", 1..=3),
        any::<bool>(),
        prop::collection::vec(overlay, 4),
    )
        .prop_map(|(names, with_prod, overlays)| {
            let mut names: Vec<String> = names.into_iter().collect();
            if with_prod && !names.iter().any(|n| n == "prod") {
                names.push("prod".to_owned());
            }
            names
                .into_iter()
                .zip(overlays)
                .map(
                    |(name, (account, nat, service_size, more_scaling, replicas, spot))| EnvSpec {
                        name,
                        account,
                        nat,
                        service_size,
                        more_scaling,
                        cache_replicas: replicas,
                        spot_percent: spot,
                    },
                )
                .collect()
        })
}

fn network() -> impl Strategy<Value = NetworkSpec> {
    (
        any::<u8>(),
        select(vec![16_u8, 18, 20, 22]),
        2_usize..=3,
        proptest::option::of(select(vec!["none", "single", "per-az"])),
        proptest::option::of(any::<bool>()),
        subsequence(vec!["s3", "ecr", "logs", "secretsmanager"], 0..=4),
    )
        .prop_map(
            |(second_octet, prefix, zones, nat, flow_logs, endpoints)| NetworkSpec {
                second_octet,
                prefix,
                zones,
                nat,
                flow_logs,
                endpoints,
            },
        )
}

fn compute() -> impl Strategy<Value = ComputeSpec> {
    let node_group = (
        // One architecture per node group (a group boots one AMI type).
        prop_oneof![
            subsequence(vec!["t3.large", "t3a.large", "m6i.large"], 1..=2),
            subsequence(vec!["m7g.large", "c7g.large"], 1..=2),
        ],
        proptest::option::of(select(vec!["on-demand", "spot"])),
        1_u32..=3,
        0_u32..=3,
    )
        .prop_map(
            |(instance_types, capacity, min_size, extra_size)| NodeGroupSpec {
                instance_types,
                capacity,
                min_size,
                extra_size,
            },
        );
    prop_oneof![
        (
            proptest::option::of(0_u8..=100),
            proptest::option::of(any::<bool>())
        )
            .prop_map(|(spot_percent, container_insights)| ComputeSpec::Ecs {
                spot_percent,
                container_insights
            }),
        (
            select(EKS_VERSIONS.to_vec()),
            proptest::option::of(node_group),
            any::<bool>()
        )
            .prop_map(|(version, node_group, admin)| ComputeSpec::Eks {
                version,
                node_group,
                admin
            }),
    ]
}

fn autoscaling() -> impl Strategy<Value = AutoscalingSpec> {
    (
        proptest::option::of(1_u32..=3),
        0_u32..=8,
        proptest::option::of(1_u8..=100),
        proptest::option::of(1_u8..=100),
        proptest::option::of(1_u32..=5000),
    )
        .prop_map(
            |(min, extra_max, cpu_target, memory_target, requests_per_target)| AutoscalingSpec {
                min,
                extra_max,
                cpu_target,
                memory_target,
                requests_per_target,
            },
        )
}

fn service(name: String) -> impl Strategy<Value = ServiceSpec> {
    let shape = (
        1024_u16..=65535,
        any::<bool>(),
        select(TASK_SIZES.to_vec()),
        prop::bool::weighted(0.8),
        select(vec![
            Route::Default,
            Route::Paths,
            Route::Hosts,
            Route::PathsAndHosts,
        ]),
        proptest::option::of("/[a-z]{1,8}(/[a-z]{1,8})?"),
    );
    let needs = (
        proptest::option::of(1_u32..=4),
        proptest::option::of(autoscaling()),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        prop::collection::vec(any::<Index>(), 0..=2),
        prop::collection::vec(any::<Index>(), 0..=2),
        proptest::option::of(select(LANGUAGES.to_vec())),
        proptest::option::of(any::<bool>()),
    );
    (shape, needs).prop_map(move |(shape, needs)| {
        let (port, external_image, size, public, route, health_check) = shape;
        let (
            desired_count,
            autoscaling,
            (database, cache, kafka),
            app_secrets,
            buckets,
            language,
            sidecar,
        ) = needs;
        ServiceSpec {
            name: name.clone(),
            port,
            external_image,
            size,
            public,
            route,
            health_check,
            desired_count,
            autoscaling,
            uses: Uses {
                database,
                cache,
                kafka,
            },
            app_secrets,
            buckets,
            language,
            sidecar,
        }
    })
}

fn services() -> impl Strategy<Value = Vec<ServiceSpec>> {
    prop::collection::btree_set(COMPONENT_NAME, 1..=5)
        .prop_flat_map(|names| names.into_iter().map(service).collect::<Vec<_>>())
}

fn database() -> impl Strategy<Value = DatabaseSpec> {
    (
        select(ENGINES.to_vec()),
        proptest::option::of(any::<Index>()),
        any::<Index>(),
        proptest::option::of((0_u32..=4, 1_u32..=16)),
        any::<bool>(),
        proptest::option::of(select(vec![0_u32, 1, 5, 10, 15, 30, 60])),
    )
        .prop_map(
            |(engine, version, class, serverless, performance_insights, monitoring_interval)| {
                DatabaseSpec {
                    engine,
                    version,
                    class,
                    serverless: serverless.filter(|_| engine.is_aurora()),
                    performance_insights,
                    monitoring_interval,
                }
            },
        )
}

fn cache() -> impl Strategy<Value = CacheSpec> {
    (
        select(vec![CacheEngine::Redis, CacheEngine::Valkey]),
        proptest::option::of(any::<Index>()),
        prop::bool::weighted(0.8),
        proptest::option::of(0_u8..=2),
    )
        .prop_map(
            |(engine, version, transit_encryption, replicas)| CacheSpec {
                engine,
                version,
                transit_encryption,
                replicas,
            },
        )
}

fn bucket(name: String) -> impl Strategy<Value = BucketSpec> {
    (
        proptest::option::of(any::<bool>()),
        any::<bool>(),
        proptest::option::of((
            proptest::option::of(1_u32..=400),
            proptest::option::of(30_u32..=200),
        )),
    )
        .prop_map(move |(versioning, kms, lifecycle)| BucketSpec {
            name: name.clone(),
            versioning,
            kms,
            // A rule needs an action, and expiry must come after the transition.
            lifecycle: lifecycle.and_then(|(expire, ia)| match (expire, ia) {
                (None, None) => None,
                (Some(expire), Some(ia)) => Some((Some(expire + ia + 30), Some(ia))),
                other => Some(other),
            }),
        })
}

fn data() -> impl Strategy<Value = DataSpec> {
    (
        proptest::option::of(database()),
        proptest::option::of(cache()),
        proptest::option::of((1_u32..=2, 1_u32..=500)),
        prop::collection::btree_set(COMPONENT_NAME, 0..=3)
            .prop_flat_map(|names| names.into_iter().map(bucket).collect::<Vec<_>>()),
        prop::collection::btree_set("[a-z][a-z0-9_-]{0,15}", 0..=3),
    )
        .prop_map(|(database, cache, kafka, buckets, secrets)| DataSpec {
            database,
            cache,
            kafka,
            buckets,
            secrets: secrets.into_iter().collect(),
        })
}

fn operations() -> impl Strategy<Value = OperationsSpec> {
    (
        any::<bool>(),
        proptest::option::of(100_u32..=100_000),
        proptest::option::of(10_u32..=10_000),
        any::<bool>(),
        proptest::option::of(any::<bool>()),
        proptest::option::of(any::<Index>()),
        any::<bool>(),
    )
        .prop_map(
            |(dns, waf, budget, emails, alarms_enabled, log_retention, tracing)| OperationsSpec {
                dns,
                waf,
                budget,
                emails,
                alarms_enabled,
                log_retention,
                tracing,
            },
        )
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        "[a-z][a-z0-9]{1,7}",
        any::<Index>(),
        environments(),
        network(),
        compute(),
        services(),
        data(),
        operations(),
    )
        .prop_map(
            |(project, region, environments, network, compute, services, data, operations)| Spec {
                project,
                region,
                environments,
                network,
                compute,
                services,
                data,
                operations,
            },
        )
}

/// The text of a random valid blueprint.
pub(crate) fn blueprint_text() -> impl Strategy<Value = String> {
    spec().prop_map(|spec| render(&spec))
}
