//! Day 2 on EKS: an EKS environment applied to moto as its deploy role, then its Kubernetes
//! version bumped one minor, as a team does every few months to stay in standard support. The
//! plan must update the cluster, its node groups and the version-bound add-ons in place (a
//! replaced cluster or node group is an outage); the apply runs as the deploy role against moto's
//! EKS (with the fills of tests/moto/eks_fills.py, which keep EKS's rules: one minor at a time,
//! node groups never newer than their cluster); the re-plan is clean; every call the deploy role
//! made is judged by its policies, as in tests/apply_all.rs.

use std::path::PathBuf;

use plinth_blueprint::{SourceFile, load};
use plinth_tests::Terraform;
use plinth_tests::moto::tools_bin;

use crate::apply_all::{APPLY, Stage, assert_no_denials, assert_replans_clean, plan};
use crate::day2::{expectation_problems, planned_actions};

/// Resource types a Kubernetes version bump must not delete (a replacement deletes too).
const PROTECTED: [&str; 7] = [
    "aws_eks_cluster",
    "aws_eks_node_group",
    "aws_eks_addon",
    "aws_eks_access_entry",
    "aws_eks_pod_identity_association",
    "aws_kms_key",
    "aws_ecr_repository",
];

const BASE: &str = r#"
[project]
name = "kube2"
region = "eu-west-1"
repository = "acme/kube2"
environments = ["dev"]

[compute]
platform = "eks"
kubernetes_version = "1.33"

[compute.node_groups.general]
instance_types = ["t3.large"]
min_size = 1
max_size = 3

[compute.node_groups.batch]
instance_types = ["m6i.large"]
capacity = "on-demand"
min_size = 1
max_size = 2

[services.web]
port = 8080
dockerfile = "Dockerfile"
"#;

/// `(address fragment, actions)` the version bump must show, each matched at least once.
const EXPECTED: [(&str, &[&str]); 5] = [
    ("module.eks.aws_eks_cluster.this", &["update"]),
    (
        "module.node_group_general.aws_eks_node_group.this",
        &["update"],
    ),
    (
        "module.node_group_batch.aws_eks_node_group.this",
        &["update"],
    ),
    // kube-proxy and CoreDNS follow the Kubernetes minor (crates/blueprint/src/aws/kubernetes.rs).
    ("aws_eks_addon.before_compute[\"kube-proxy\"]", &["update"]),
    ("aws_eks_addon.after_compute[\"coredns\"]", &["update"]),
];

/// Each problem of the version bump's plan, as a line.
fn plan_problems(plan: &serde_json::Value) -> Vec<String> {
    let changes = plan["resource_changes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut problems = Vec::new();
    for change in &changes {
        let address = change["address"].as_str().unwrap_or_default();
        let kind = change["type"].as_str().unwrap_or_default();
        let actions = planned_actions(change);
        if PROTECTED.contains(&kind) && actions.contains(&"delete") {
            problems.push(format!(
                "{address}: {actions:?} destroys a protected {kind}"
            ));
        }
        if actions.contains(&"create") || actions.contains(&"delete") {
            problems.push(format!(
                "{address}: {actions:?}: a version bump creates and deletes nothing"
            ));
        }
    }
    problems.extend(expectation_problems(&changes, &EXPECTED, planned_actions));
    problems
}

#[test]
#[cfg_attr(
    any(skip_terraform, skip_moto),
    ignore = "PLINTH_SKIP names terraform or moto"
)]
fn a_kubernetes_version_bump_updates_the_cluster_and_its_node_groups_in_place() {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("day2-eks");
    let terraform = Terraform::find(&work.join("terraform"));
    let bin = tools_bin();
    let load_text = |text: &str| {
        load(&SourceFile::new("kube2.toml", text))
            .unwrap_or_else(|d| panic!("a day-2 EKS blueprint is invalid: {d:?}\n{text}"))
            .blueprint
    };
    let mut stage = Stage::new(&terraform, &bin, &work.join("stage"));
    let base = load_text(BASE);
    stage.write_tree(&base, "kube2.toml");
    stage.bootstrap("bootstrap/default", "day 2 EKS bootstrap");
    let env = &base.environments[0];
    let root = stage.prepare_environment(env, "day 2 EKS");
    terraform.run(&root, &APPLY, "day 2 EKS: first apply as the deploy role");
    assert_replans_clean(&terraform, &root, "day 2 EKS: first apply");

    // 1.33 -> 1.34 moves both version-bound add-ons (1.34 -> 1.35 keeps CoreDNS v1.12.4).
    let what = "day 2 EKS: Kubernetes 1.33 -> 1.34";
    let bumped = load_text(&BASE.replace(
        "kubernetes_version = \"1.33\"",
        "kubernetes_version = \"1.34\"",
    ));
    stage.write_tree(&bumped, "kube2.toml");
    terraform.run(&root, &["init", "-input=false", "-no-color"], what);
    let planned = plan(&terraform, &root, what);
    let problems = plan_problems(&planned);
    assert!(
        problems.is_empty(),
        "{what}: the plan is not what a version bump must do:\n{}",
        problems.join("\n")
    );
    terraform.run(&root, &APPLY, &format!("{what}: apply as the deploy role"));
    assert_replans_clean(&terraform, &root, what);
    println!("ok: {what}: cluster, node groups and add-ons updated in place, re-planned clean");
    assert_no_denials(&stage.check_policies(), "day 2 EKS");
}
