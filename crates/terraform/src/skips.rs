//! Inline checkov skips for the security checks a blueprint turns off on purpose.
//!
//! A module keeps every check it can pass by default; when the blueprint opts out (a bucket
//! without versioning, a cluster without Container Insights, a cache without TLS), the check
//! fails on that module call only. The root then carries `#checkov:skip=<check>:<reason>` inside
//! the module call, naming the blueprint key that made the choice: checkov applies a skip in a
//! module block to the module's resources of that call only (checkov PR #1629), so every other
//! call of the module is still checked. `docs/security.md` lists these skips.

use plinth_blueprint::model::{Bucket, Cache, Ecs, Service};

use crate::hcl::Block;

/// The checks one module call skips, each with the blueprint key that turned it off.
type Skips = Vec<(&'static str, String)>;

/// Adds the skips to `block`, as its first lines.
fn with(block: Block, skips: Skips) -> Block {
    skips.into_iter().fold(block, |block, (check, reason)| {
        block.comment(&format!("checkov:skip={check}:{reason}"))
    })
}

/// A bucket without versioning (`CKV_AWS_21`).
pub(crate) fn bucket(block: Block, bucket: &Bucket) -> Block {
    let mut skips = Skips::new();
    if !bucket.versioning {
        skips.push((
            "CKV_AWS_21",
            format!(
                "versioning is off by choice of the blueprint ([buckets.{}] versioning = false)",
                bucket.name
            ),
        ));
    }
    with(block, skips)
}

/// An ECS cluster without Container Insights (`CKV_AWS_65`).
pub(crate) fn ecs_cluster(block: Block, ecs: &Ecs) -> Block {
    let mut skips = Skips::new();
    if !ecs.container_insights {
        skips.push((
            "CKV_AWS_65",
            "Container Insights is off by choice of the blueprint ([compute] container_insights = false)"
                .to_owned(),
        ));
    }
    with(block, skips)
}

/// A cache without encryption at rest (`CKV_AWS_29`) or in transit (`CKV_AWS_30`, and
/// `CKV_AWS_31`, which wants TLS with an AUTH token).
pub(crate) fn cache(block: Block, cache: &Cache) -> Block {
    let mut skips = Skips::new();
    if !cache.at_rest_encryption {
        skips.push((
            "CKV_AWS_29",
            "encryption at rest is off by choice of the blueprint ([cache] at_rest_encryption = false)"
                .to_owned(),
        ));
    }
    if !cache.transit_encryption {
        for check in ["CKV_AWS_30", "CKV_AWS_31"] {
            skips.push((
                check,
                "TLS in transit is off by choice of the blueprint ([cache] transit_encryption = false)"
                    .to_owned(),
            ));
        }
    }
    with(block, skips)
}

/// A service whose container may write its root filesystem (`CKV_AWS_336`).
pub(crate) fn service(block: Block, service: &Service) -> Block {
    let mut skips = Skips::new();
    if !service.read_only_root_filesystem {
        skips.push((
            "CKV_AWS_336",
            format!(
                "the root filesystem is writable by choice of the blueprint ([services.{}] read_only_root_filesystem = false)",
                service.name
            ),
        ));
    }
    with(block, skips)
}
