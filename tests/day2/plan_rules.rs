//! What a step's plan may and must do: its actions, the protected resources it may not destroy
//! and the expectations of the step.

use crate::e2e::{read_back_gap, unexplained_changes};

use super::Step;

/// Resource types that serve traffic or hold data: a step may not delete one (a replacement
/// deletes too) unless it lists the address as expected.
const PROTECTED: [&str; 16] = [
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_rds_cluster_instance",
    "aws_elasticache_replication_group",
    "aws_msk_cluster",
    "aws_s3_bucket",
    "aws_secretsmanager_secret",
    "aws_ecr_repository",
    "aws_kms_key",
    "aws_ecs_service",
    "aws_ecs_cluster",
    "aws_lb",
    "aws_lb_listener",
    "aws_lb_target_group",
    "aws_eks_cluster",
    "aws_eks_node_group",
];

/// The actions of a planned change, as Terraform plans them.
pub(crate) fn planned_actions(change: &serde_json::Value) -> Vec<&str> {
    change["change"]["actions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_str)
        .collect()
}

/// The actions of a planned change, where an update that only re-sends what moto reads back
/// differently from AWS (tests/e2e.rs, `READ_BACK_GAPS`) counts as the no-op it is on AWS.
fn effective_actions(change: &serde_json::Value) -> Vec<&str> {
    let actions = planned_actions(change);
    let alone = serde_json::json!({ "resource_changes": [change] });
    if actions == ["update"] && unexplained_changes(&alone).is_empty() {
        vec!["no-op"]
    } else {
        actions
    }
}

/// Whether `change` is an in-place update whose only difference is the `Environment` tag going
/// from `from` to `to` (in `tags`, `tags_all`, or both).
fn only_retags_environment(change: &serde_json::Value, from: &str, to: &str) -> bool {
    fn differences(
        before: &serde_json::Value,
        after: &serde_json::Value,
        path: &mut Vec<String>,
        found: &mut Vec<(Vec<String>, serde_json::Value, serde_json::Value)>,
    ) {
        match (before, after) {
            (serde_json::Value::Object(b), serde_json::Value::Object(a)) => {
                let keys: std::collections::BTreeSet<&String> = b.keys().chain(a.keys()).collect();
                for key in keys {
                    path.push(key.clone());
                    let null = serde_json::Value::Null;
                    differences(
                        b.get(key).unwrap_or(&null),
                        a.get(key).unwrap_or(&null),
                        path,
                        found,
                    );
                    path.pop();
                }
            }
            (serde_json::Value::Array(b), serde_json::Value::Array(a)) if b.len() == a.len() => {
                for (index, (b, a)) in b.iter().zip(a).enumerate() {
                    path.push(index.to_string());
                    differences(b, a, path, found);
                    path.pop();
                }
            }
            (b, a) if b != a => found.push((path.clone(), b.clone(), a.clone())),
            _ => {}
        }
    }
    fn any_unknown(value: &serde_json::Value) -> bool {
        match value {
            serde_json::Value::Bool(unknown) => *unknown,
            serde_json::Value::Array(items) => items.iter().any(any_unknown),
            serde_json::Value::Object(members) => members.values().any(any_unknown),
            _ => false,
        }
    }
    if change["change"]["actions"] != serde_json::json!(["update"])
        || any_unknown(&change["change"]["after_unknown"])
    {
        return false;
    }
    let mut found = Vec::new();
    differences(
        &change["change"]["before"],
        &change["change"]["after"],
        &mut Vec::new(),
        &mut found,
    );
    let kind = change["type"].as_str().unwrap_or_default();
    found.retain(|(path, _, _)| !path.first().is_some_and(|a| read_back_gap(kind, a)));
    !found.is_empty()
        && found.iter().all(|(path, before, after)| {
            matches!(path.as_slice(), [tags, key] if (tags == "tags" || tags == "tags_all") && key == "Environment")
                && before == from
                // Before the change the provider's state holds the default tag in `tags` too;
                // the plan drops it there and changes it in `tags_all`.
                && (after == to || (path[0] == "tags" && after.is_null()))
        })
}

/// Each problem of `plan` for `step`, as a line.
pub(super) fn plan_problems(plan: &serde_json::Value, step: &Step) -> Vec<String> {
    let mut problems = Vec::new();
    let changes = plan["resource_changes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for change in &changes {
        let address = change["address"].as_str().unwrap_or_default();
        let kind = change["type"].as_str().unwrap_or_default();
        let actions = effective_actions(change);
        let retagged = step
            .retags_environment
            .is_some_and(|(from, to)| only_retags_environment(change, from, to));
        if step.changes_nothing && actions != ["no-op"] && !retagged {
            problems.push(format!("{address}: {actions:?}, expected no change"));
        }
        if PROTECTED.contains(&kind)
            && actions.contains(&"delete")
            && !step.may_delete.iter().any(|(f, _)| address.contains(f))
        {
            problems.push(format!(
                "{address}: {actions:?} destroys a protected {kind}"
            ));
        }
    }
    problems.extend(expectation_problems(
        &changes,
        &step.expect,
        effective_actions,
    ));
    problems
}

/// Each `(address fragment, actions)` of `expect` that `changes` do not meet, as a line: a
/// fragment no change matches, or a matching change whose actions (by `actions_of`, in any
/// order) are not exactly the expected ones.
pub(crate) fn expectation_problems(
    changes: &[serde_json::Value],
    expect: &[(&str, &[&str])],
    actions_of: fn(&serde_json::Value) -> Vec<&str>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (fragment, expected) in expect {
        let matching: Vec<&serde_json::Value> = changes
            .iter()
            .filter(|c| c["address"].as_str().unwrap_or_default().contains(fragment))
            .collect();
        if matching.is_empty() {
            problems.push(format!(
                "{fragment}: not in the plan, expected {expected:?}"
            ));
        }
        for change in matching {
            let actions = actions_of(change);
            let mut sorted = actions.clone();
            sorted.sort_unstable();
            let mut want = expected.to_vec();
            want.sort_unstable();
            if sorted != want {
                problems.push(format!(
                    "{}: {actions:?}, expected {expected:?}",
                    change["address"].as_str().unwrap_or_default()
                ));
            }
        }
    }
    problems
}
