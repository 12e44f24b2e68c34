//! The rules that mirror module validations and AWS combinations accept what AWS accepts: the
//! invalid fixtures in tests/fixtures/invalid/ show what they refuse.

use crate::model::{Architecture, Compute};
use crate::{Diagnostic, SourceFile, load};

fn errors(text: &str) -> Vec<String> {
    let file = SourceFile::new("limits.toml", text.to_owned());
    match load(&file) {
        Ok(_) => Vec::new(),
        Err(found) => found
            .iter()
            .filter(|d| d.is_error())
            .map(|d: &Diagnostic| d.message.clone())
            .collect(),
    }
}

fn assert_valid(text: &str) {
    let found = errors(text);
    assert!(found.is_empty(), "{found:#?}\n{text}");
}

const PROJECT: &str = "[project]\nname = \"abcdefghijklmnopqrst\"\nregion = \"eu-west-1\"\nenvironments = [\"production12\"]\n";

#[test]
fn long_names_without_a_target_group_are_accepted() {
    // <project>-<env>-<service> is 35 characters: too long for a target group, but an internal
    // ECS service and any EKS service make none.
    assert_valid(&format!(
        "{PROJECT}\n[services.web]\nport = 8080\ndockerfile = \"Dockerfile\"\npublic = false\n"
    ));
    assert_valid(&format!(
        "{PROJECT}\n[compute]\nplatform = \"eks\"\n\n[services.web]\nport = 8080\ndockerfile = \"Dockerfile\"\n"
    ));
}

const SHOP: &str = "[project]\nname = \"shop\"\nregion = \"eu-west-1\"\n\n[services.api]\nport = 8080\ndockerfile = \"Dockerfile\"\n";

#[test]
fn real_kafka_versions_and_brokers_are_accepted() {
    for version in ["3.9.x.kraft", "3.8.x", "4.0.x.kraft", "3.6.0"] {
        assert_valid(&format!(
            "{SHOP}\n[kafka]\nversion = \"{version}\"\ninstance_type = \"kafka.m7g.large\"\n"
        ));
    }
}

#[test]
fn serverless_limits_follow_the_engine_version() {
    assert_valid(&format!(
        "{SHOP}\n[database]\nengine = \"aurora-postgresql\"\nversion = \"16.9\"\nserverless = {{ min_capacity = 0, max_capacity = 256 }}\n"
    ));
    assert_valid(&format!(
        "{SHOP}\n[database]\nengine = \"aurora-postgresql\"\nversion = \"14.6\"\nserverless = {{ min_capacity = 0.5, max_capacity = 128 }}\n"
    ));
    assert_valid(&format!(
        "{SHOP}\n[database]\nengine = \"mysql\"\ninstance_class = \"db.t4g.medium\"\nperformance_insights = true\n"
    ));
    assert_valid(&format!(
        "{SHOP}\n[database]\nengine = \"postgres\"\ninstance_class = \"db.t4g.micro\"\nperformance_insights = true\n"
    ));
}

#[test]
fn graviton_node_groups_get_the_arm_architecture() {
    let text = format!(
        "{SHOP}\n[compute]\nplatform = \"eks\"\n\n[compute.node_groups.arm]\ninstance_types = [\"m7g.large\", \"c7g.xlarge\"]\n\n[compute.node_groups.x86]\ninstance_types = [\"m6i.large\"]\ntaints = [{{ key = \"dedicated\", effect = \"NoSchedule\" }}]\n"
    );
    let loaded = load(&SourceFile::new("arm.toml", text)).expect("valid");
    let env = loaded.blueprint.environment("dev").expect("dev");
    let Compute::Eks(eks) = &env.compute else {
        panic!("EKS");
    };
    let architectures: Vec<Architecture> = eks
        .node_groups
        .iter()
        .map(crate::model::NodeGroup::architecture)
        .collect();
    assert_eq!(architectures, [Architecture::Arm64, Architecture::X86_64]);
    assert_eq!(Architecture::Arm64.ami_type(), "AL2023_ARM_64_STANDARD");
    assert_eq!(Architecture::X86_64.ami_type(), "AL2023_x86_64_STANDARD");
}

#[test]
fn one_zone_per_account_and_unpinned_accounts_are_accepted() {
    let base = format!(
        "{SHOP}\n[dns]\ndomain = \"dev.shop.example.com\"\nzone_id = \"Z0123456789ABCDEFGHIJ\"\n"
    );
    // Same account, or accounts not pinned: nothing to compare.
    assert_valid(&format!(
        "{base}\n[env.dev]\naccount_id = \"111111111111\"\n\n[env.prod]\naccount_id = \"111111111111\"\n\n[env.prod.dns]\ndomain = \"shop.example.com\"\n"
    ));
    assert_valid(&base);
    // Different accounts with their own zones.
    assert_valid(&format!(
        "{base}\n[env.dev]\naccount_id = \"111111111111\"\n\n[env.prod]\naccount_id = \"222222222222\"\n\n[env.prod.dns]\ndomain = \"shop.example.com\"\nzone_id = \"Z0987654321KJIHGFEDCB\"\n"
    ));
}

#[test]
fn pinned_images_and_digests_are_accepted() {
    for image in [
        "nginx:1.27",
        "public.ecr.aws/nginx/nginx:1.27-alpine",
        "registry.example.com:5000/team/app:v2",
        "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    ] {
        assert_valid(&format!(
            "[project]\nname = \"shop\"\nregion = \"eu-west-1\"\n\n[services.api]\nport = 8080\nimage = \"{image}\"\n"
        ));
    }
}

#[test]
fn request_scaling_on_an_internal_service_is_a_warning() {
    let text = format!(
        "{SHOP}\n[services.worker]\nport = 9000\ndockerfile = \"w/Dockerfile\"\npublic = false\nautoscaling = {{ max = 4, requests_per_target = 100 }}\n"
    );
    let loaded = load(&SourceFile::new("internal.toml", text)).expect("a warning, not an error");
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.message.contains("`requests_per_target` is ignored")),
        "{:#?}",
        loaded.warnings
    );
}
