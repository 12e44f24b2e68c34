//! A new user's first `plinth generate` prints no warning: every example blueprint and both
//! starters fit their own budgets and ask for nothing plinth warns about. The one warning that is
//! meant is the private EKS endpoint's, and only where workflows would deploy through it.

mod common;
use common::{plinth, repo_root, text};

/// Every blueprint a new user meets: `(name, contents)` of blueprints/*.toml, then the starters
/// as `plinth init` writes them.
fn blueprints() -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = std::fs::read_dir(repo_root().join("blueprints"))
        .expect("blueprints/ is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).expect("readable"))
        })
        .collect();
    found.sort();
    assert!(found.len() >= 3, "no blueprints in blueprints/: {found:?}");
    for compute in ["ecs", "eks"] {
        let dir = tempfile::tempdir().unwrap();
        let init = plinth(&["init", "--compute", compute, "plinth.toml"], dir.path());
        assert_eq!(init.status.code(), Some(0), "{}", text(&init.stderr));
        let starter = std::fs::read_to_string(dir.path().join("plinth.toml")).unwrap();
        found.push((format!("plinth init --compute {compute}"), starter));
    }
    found
}

/// `plinth generate` of `blueprint` (copied to `app.toml` in a fresh directory, as in a user's
/// repository), with `extra` arguments; returns its `warning:` lines.
fn generate_warnings(name: &str, blueprint: &str, extra: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.toml"), blueprint).unwrap();
    let mut args = vec!["generate", "app.toml", "--out", "infra"];
    args.extend_from_slice(extra);
    let output = plinth(&args, dir.path());
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{name}: {stderr}");
    stderr
        .lines()
        .filter(|line| line.contains("warning:"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_example_and_starter_generates_without_a_warning() {
    let mut problems = Vec::new();
    for (name, blueprint) in blueprints() {
        for line in generate_warnings(&name, &blueprint, &[]) {
            problems.push(format!("{name}: {line}"));
        }
    }
    assert!(
        problems.is_empty(),
        "a first `plinth generate` warns (an over-budget estimate means the blueprint's \
         [budget] does not fit what it asks for):\n{}",
        problems.join("\n")
    );
}

/// The environments whose EKS API endpoint is private (the default). The deploy workflow runs
/// kubectl on GitHub-hosted runners, which cannot reach a private endpoint, so `generate
/// --workflows` warns for each: these blueprints keep the secure default and leave the choice
/// (public endpoint for the runners' addresses, or a self-hosted runner) to the user, as the EKS
/// starter's comment explains. Every other warning is a mistake.
const PRIVATE_EKS_ENDPOINTS: &[(&str, &[&str])] = &[
    ("eks-platform.toml", &["dev", "staging", "prod"]),
    ("ref-laravel-eks.toml", &["dev", "staging", "prod"]),
    ("plinth init --compute eks", &["dev", "staging", "prod"]),
];

#[test]
fn with_workflows_only_private_eks_endpoints_are_warned() {
    let mut problems = Vec::new();
    for (name, blueprint) in blueprints() {
        let warnings = generate_warnings(&name, &blueprint, &["--workflows", ".github/workflows"]);
        let expected: Vec<String> = PRIVATE_EKS_ENDPOINTS
            .iter()
            .find(|(file, _)| *file == name)
            .map_or(&[][..], |(_, envs)| *envs)
            .iter()
            .map(|env| {
                format!("warning: app.toml: environment `{env}`: the EKS API endpoint is private")
            })
            .collect();
        let unexpected: Vec<&String> = warnings
            .iter()
            .filter(|line| !expected.iter().any(|prefix| line.starts_with(prefix)))
            .collect();
        let missing: Vec<&String> = expected
            .iter()
            .filter(|prefix| {
                !warnings
                    .iter()
                    .any(|line| line.starts_with(prefix.as_str()))
            })
            .collect();
        if !unexpected.is_empty() || !missing.is_empty() || warnings.len() != expected.len() {
            problems.push(format!(
                "{name}: unexpected {unexpected:#?}, missing {missing:#?}, all {warnings:#?}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn an_estimate_over_its_budget_is_still_warned() {
    // The guard the tests above rely on: a budget the estimate exceeds is reported.
    let (_, starter) = blueprints()
        .into_iter()
        .find(|(name, _)| name == "plinth init --compute ecs")
        .expect("the ECS starter");
    let tight = starter.replace("monthly_limit_usd = 150", "monthly_limit_usd = 10");
    assert_ne!(
        tight, starter,
        "the starter's budget moved: update this test"
    );
    let warnings = generate_warnings("tight budget", &tight, &[]);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].contains("environment `dev` is estimated at")
            && warnings[0].contains("over its budget of $10.00"),
        "{warnings:#?}"
    );
}
