use crate::diagnostic::Diagnostic;
use crate::model::{Project, Repository};
use crate::names::{MAX_ENVIRONMENT_NAME, MAX_PROJECT_NAME, is_dns_label};
use crate::raw::ProjectRaw;
use crate::span::{Sp, Span};

use super::{check_region, or};

/// Resolves `[project]`; `anchor` is the `project` key, for a missing name or region.
pub fn project(raw: &ProjectRaw, anchor: Span, diagnostics: &mut Vec<Diagnostic>) -> Project {
    let name = match &raw.name {
        Some(name) => {
            check_name(name, "project", MAX_PROJECT_NAME, diagnostics);
            name.get().clone()
        }
        None => String::new(),
    };
    if let Some(region) = &raw.region {
        check_region(region, diagnostics);
    }
    let repository = raw.repository.as_ref().and_then(|repository| {
        // GitHub owners are 1-39 letters, digits and hyphens starting with a letter or digit;
        // repository names 1-100 letters, digits, `.`, `_` and `-` (the deploy role's trust
        // policy matches them exactly, and the github-deploy-role module checks the same).
        let parsed = repository.split_once('/').filter(|(owner, name)| {
            let owner_valid = (1..=39).contains(&owner.len())
                && owner
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_alphanumeric())
                && owner
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-');
            let name_valid = (1..=100).contains(&name.len())
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
            owner_valid && name_valid
        });
        if parsed.is_none() {
            diagnostics.push(
                Diagnostic::error(
                    repository.span(),
                    format!("`{}` is not a GitHub repository", repository.get()),
                    "expected `owner/name`",
                )
                .with_help("write the repository as `owner/name`, e.g. \"acme/shop\""),
            );
        }
        parsed.map(|(owner, name)| Repository {
            owner: owner.to_owned(),
            name: name.to_owned(),
        })
    });
    let default_branch = or(raw.default_branch.as_ref(), "main".to_owned());
    if let Some(branch) = &raw.default_branch
        && (branch.is_empty()
            || branch.contains(|c: char| c.is_whitespace() || c == '*' || c == '?')
            || branch.starts_with("refs/"))
    {
        diagnostics.push(
            Diagnostic::error(
                branch.span(),
                "the default branch must be a branch name",
                "not a branch name",
            )
            .with_help("e.g. \"main\": without `refs/heads/`, whitespace or the wildcards * and ?"),
        );
    }
    if let Some(name) = &raw.name
        && (name.get() == "internal" || name.starts_with("internal-"))
    {
        diagnostics.push(
            Diagnostic::error(
                name.span(),
                format!("project name `{}` would make load balancer names start with `internal-`", name.get()),
                "reserved prefix",
            )
            .with_help("AWS refuses load balancer names that begin with \"internal-\" (the load balancer is named `<project>-<env>`); choose another project name"),
        );
    }
    if let Some(tags) = &raw.tags {
        check_tags(tags, diagnostics);
    }
    let _ = anchor;
    Project {
        name,
        region: or(raw.region.as_ref(), String::new()),
        owner: raw.owner.as_ref().map(|owner| owner.get().clone()),
        cost_center: raw.cost_center.as_ref().map(|cc| cc.get().clone()),
        repository,
        default_branch,
        tags: raw
            .tags
            .as_ref()
            .map(|tags| tags.get().clone())
            .unwrap_or_default(),
    }
}

/// The tags plinth sets on every resource itself; a blueprint tag of the same key would make the
/// provider's `default_tags` object hold a key twice, which Terraform rejects.
const RESERVED_TAGS: [(&str, &str); 6] = [
    ("Project", "it is the project's name"),
    ("Environment", "it is the environment's name"),
    ("Owner", "set `owner` in `[project]` instead"),
    ("CostCenter", "set `cost_center` in `[project]` instead"),
    ("ManagedBy", "it is always `plinth`"),
    (
        "Stack",
        "it is `<project>-<env>`, which the budget counts costs by",
    ),
];

/// Blueprint tags must be valid AWS tags and must not collide with plinth's own.
fn check_tags(tags: &Sp<indexmap::IndexMap<String, String>>, diagnostics: &mut Vec<Diagnostic>) {
    let allowed = |c: char| c.is_alphanumeric() || c == ' ' || "_.:/=+-@".contains(c);
    for (key, value) in tags.get() {
        let problem = if let Some((_, why)) = RESERVED_TAGS
            .iter()
            .find(|(reserved, _)| reserved.eq_ignore_ascii_case(key))
        {
            Some((
                format!("tag `{key}` is set by plinth on every resource"),
                format!("remove it from `[project.tags]`: {why}"),
            ))
        } else if key.to_ascii_lowercase().starts_with("aws:") {
            Some((
                format!("tag `{key}` uses the `aws:` prefix, which AWS reserves"),
                "rename the tag".to_owned(),
            ))
        } else if key.is_empty() || key.chars().count() > 128 || value.chars().count() > 256 {
            Some((
                format!("tag `{key}` is too long or empty"),
                "AWS tag keys are 1-128 characters and values at most 256".to_owned(),
            ))
        } else if !key.chars().all(allowed) || !value.chars().all(allowed) {
            Some((
                format!("tag `{key}` = \"{value}\" has characters AWS does not allow in tags"),
                "use letters, digits, spaces and _ . : / = + - @".to_owned(),
            ))
        } else {
            None
        };
        if let Some((message, help)) = problem {
            diagnostics
                .push(Diagnostic::error(tags.span(), message, "in these tags").with_help(help));
        }
    }
}

/// Whether `name` is a DNS label of at most `max` characters.
pub(crate) fn is_valid_name(name: &str, max: usize) -> bool {
    is_dns_label(name) && name.len() <= max
}

/// Checks an environment name: a short DNS label.
pub fn check_environment_name(name: &Sp<String>, diagnostics: &mut Vec<Diagnostic>) {
    check_name(name, "environment", MAX_ENVIRONMENT_NAME, diagnostics);
}

/// Checks that `name` is a DNS label of at most `max` characters.
pub(crate) fn check_name(
    name: &Sp<String>,
    what: &str,
    max: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !is_dns_label(name.get()) {
        diagnostics.push(
            Diagnostic::error(
                name.span(),
                format!("{what} name `{}` is not DNS-safe", name.get()),
                "not a DNS label",
            )
            .with_help(format!(
                "use lowercase letters, digits and single hyphens, starting with a letter: it becomes part of AWS resource names, e.g. \"{}\"",
                suggest_label(name.get())
            )),
        );
    } else if name.len() > max {
        diagnostics.push(
            Diagnostic::error(
                name.span(),
                format!("{what} name `{}` is {} characters long; the limit is {max}", name.get(), name.len()),
                "too long",
            )
            .with_help("shorten it: AWS limits the length of the names built from it (e.g. load balancers to 32 characters)"),
        );
    }
}

/// A DNS-safe version of `name`, for help texts.
fn suggest_label(name: &str) -> String {
    let mut label = String::new();
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            label.push(c);
        } else if !label.is_empty() && !label.ends_with('-') {
            label.push('-');
        }
    }
    let label = label
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_end_matches('-');
    if label.is_empty() {
        "app".to_owned()
    } else {
        label.to_owned()
    }
}
