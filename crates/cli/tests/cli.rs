//! The `plinth` binary end to end: exit codes, output formats and file handling.

mod common;
use common::{plinth, repo_root, text};

#[test]
fn validate_exits_zero_for_valid_blueprints() {
    let output = plinth(
        &[
            "validate",
            "blueprints/minimal-ecs.toml",
            "blueprints/full-ecs.toml",
        ],
        &repo_root(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr)
            .contains("blueprints/full-ecs.toml: valid (3 environments: dev, staging, prod)")
    );
}

#[test]
fn validate_exits_one_with_every_diagnostic_for_invalid_blueprints() {
    let output = plinth(
        &[
            "validate",
            "--color",
            "never",
            "tests/fixtures/invalid/01-unknown-key-did-you-mean.toml",
            "blueprints/minimal-ecs.toml",
        ],
        &repo_root(),
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("error: unknown key `cdir` in `[network]`"),
        "{stderr}"
    );
    assert!(stderr.contains("help: did you mean `cidr`?"), "{stderr}");
    assert!(
        !stderr.contains("\u{1b}["),
        "--color never must not colour: {stderr}"
    );
}

#[test]
fn validate_json_format_is_machine_readable() {
    let output = plinth(
        &[
            "validate",
            "--format",
            "json",
            "tests/fixtures/invalid/19-invalid-fargate-cpu-memory.toml",
        ],
        &repo_root(),
    );
    assert_eq!(output.status.code(), Some(1));
    let diagnostics: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    let first = &diagnostics[0];
    assert_eq!(
        first["file"],
        "tests/fixtures/invalid/19-invalid-fargate-cpu-memory.toml"
    );
    assert_eq!(first["severity"], "error");
    assert!(first["line"].as_u64().unwrap() > 1 && first["column"].as_u64().unwrap() >= 1);
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains("Fargate does not offer")
    );
    assert!(first["help"].as_str().unwrap().contains("memory must be"));
}

#[test]
fn unreadable_files_are_internal_errors() {
    let output = plinth(&["validate", "no/such/blueprint.toml"], &repo_root());
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("cannot read blueprint no/such/blueprint.toml"));
}

#[test]
fn init_writes_a_valid_starter_and_never_overwrites() {
    for compute in ["ecs", "eks"] {
        let dir = tempfile::tempdir().unwrap();
        let first = plinth(
            &["init", "--compute", compute, "infra/app.toml"],
            dir.path(),
        );
        assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
        let blueprint = dir.path().join("infra/app.toml");
        assert!(dir.path().join("infra/plinth.schema.json").exists());
        assert!(
            std::fs::read_to_string(&blueprint)
                .unwrap()
                .contains("Validate it with `plinth validate infra/app.toml`")
        );
        let validate = plinth(&["validate", "infra/app.toml"], dir.path());
        assert_eq!(
            validate.status.code(),
            Some(0),
            "{}",
            text(&validate.stderr)
        );

        std::fs::write(&blueprint, "# my own edits\n").unwrap();
        let second = plinth(&["init", "infra/app.toml"], dir.path());
        assert_eq!(second.status.code(), Some(1));
        assert!(text(&second.stderr).contains("already exists"));
        assert_eq!(
            std::fs::read_to_string(&blueprint).unwrap(),
            "# my own edits\n"
        );
    }
}

#[test]
fn explain_prints_one_resolved_environment() {
    let root = repo_root();
    let json = plinth(
        &[
            "explain",
            "blueprints/full-ecs.toml",
            "--env",
            "prod",
            "--format",
            "json",
        ],
        &root,
    );
    assert_eq!(json.status.code(), Some(0), "{}", text(&json.stderr));
    let model: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(model["name"], "prod");
    assert_eq!(model["network"]["nat"], "per-az");
    assert_eq!(model["services"][0]["memory"], 2048);

    let toml = plinth(&["explain", "blueprints/full-ecs.toml"], &root);
    assert!(text(&toml.stdout).contains("\n[env.dev]\n"));

    let missing = plinth(
        &["explain", "blueprints/full-ecs.toml", "--env", "qa"],
        &root,
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("has no environment `qa`; it has dev, staging, prod"));
}

#[test]
fn schema_and_completions_and_version() {
    let root = repo_root();
    let schema = plinth(&["schema"], &root);
    let committed = std::fs::read(root.join("docs/blueprint.schema.json")).unwrap();
    assert_eq!(schema.stdout, committed);
    let completions = plinth(&["completions", "bash"], &root);
    assert!(text(&completions.stdout).contains("plinth"));
    let version = plinth(&["--version"], &root);
    assert_eq!(
        text(&version.stdout).trim(),
        format!("plinth {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn generate_writes_the_tree_then_nothing_when_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("infra");
    let blueprint = repo_root().join("blueprints/minimal-ecs.toml");
    let blueprint = blueprint.to_str().unwrap();
    let out_arg = out.to_str().unwrap();
    let first = plinth(&["generate", blueprint, "--out", out_arg], dir.path());
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    for path in [
        "envs/dev/main.tf",
        "envs/prod/backend.tf",
        "modules/network/main.tf",
        "modules/ecs-service/README.md",
    ] {
        assert!(out.join(path).is_file(), "{path} missing");
    }
    let modified = std::fs::metadata(out.join("envs/dev/main.tf"))
        .unwrap()
        .modified()
        .unwrap();
    let second = plinth(&["generate", blueprint, "--out", out_arg], dir.path());
    assert_eq!(second.status.code(), Some(0));
    assert!(
        text(&second.stderr).contains(": 0 created, 0 changed, 0 removed, "),
        "{}",
        text(&second.stderr)
    );
    assert_eq!(
        std::fs::metadata(out.join("envs/dev/main.tf"))
            .unwrap()
            .modified()
            .unwrap(),
        modified
    );
}

#[test]
fn generate_never_overwrites_a_hand_written_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("infra");
    std::fs::create_dir_all(out.join("envs/dev")).unwrap();
    std::fs::write(out.join("envs/dev/main.tf"), "# my own main.tf\n").unwrap();
    let blueprint = repo_root().join("blueprints/minimal-ecs.toml");
    let output = plinth(
        &[
            "generate",
            blueprint.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("exists but was not generated by plinth"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("envs/dev/main.tf")).unwrap(),
        "# my own main.tf\n"
    );
    assert!(
        !out.join("envs/dev/versions.tf").exists(),
        "a refusal writes nothing"
    );
}

#[test]
fn generate_refuses_waf_on_eks_at_the_blueprint_line() {
    let dir = tempfile::tempdir().unwrap();
    let text_of =
        std::fs::read_to_string(repo_root().join("blueprints/eks-platform.toml")).unwrap();
    std::fs::write(dir.path().join("app.toml"), format!("{text_of}\n[waf]\n")).unwrap();
    let output = plinth(&["generate", "app.toml", "--out", "out"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("`[waf]` is not supported with EKS yet")
            && text(&output.stderr).contains("app.toml:"),
        "{}",
        text(&output.stderr)
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn generate_writes_workflows_into_the_repository_it_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let blueprint =
        std::fs::read_to_string(repo_root().join("blueprints/minimal-ecs.toml")).unwrap();
    std::fs::write(dir.path().join("app.toml"), blueprint).unwrap();
    let args = [
        "generate",
        "app.toml",
        "--out",
        "infra",
        "--workflows",
        ".github/workflows",
    ];
    let first = plinth(&args, dir.path());
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let workflows = dir.path().join(".github/workflows");
    let deploy = std::fs::read_to_string(workflows.join("plinth-deploy.yml")).unwrap();
    assert!(
        deploy.starts_with("# Generated by plinth from app.toml."),
        "{deploy}"
    );
    let freshness = std::fs::read_to_string(workflows.join("plinth-freshness.yml")).unwrap();
    assert!(freshness.contains("OUT_DIR: \"infra\""), "{freshness}");
    assert!(workflows.join(".plinth/manifest.json").is_file());

    let mut check = args.to_vec();
    check.push("--check");
    assert_eq!(plinth(&check, dir.path()).status.code(), Some(0));
    std::fs::write(workflows.join("plinth-deploy.yml"), "# edited\n").unwrap();
    let refused = plinth(&args, dir.path());
    assert_eq!(
        refused.status.code(),
        Some(1),
        "a hand-edited workflow is refused"
    );
    assert!(text(&refused.stderr).contains("plinth-deploy.yml was edited by hand"));

    let outside = plinth(
        &[
            "generate",
            "app.toml",
            "--out",
            "infra",
            "--workflows",
            "somewhere/else",
        ],
        dir.path(),
    );
    assert_eq!(outside.status.code(), Some(1));
    assert!(
        text(&outside.stderr)
            .contains("--workflows must name a repository's .github/workflows directory")
    );
}

#[test]
fn generate_check_and_dry_run_write_nothing_and_report_staleness() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("infra");
    let source = std::fs::read_to_string(repo_root().join("blueprints/minimal-ecs.toml")).unwrap();
    let blueprint = dir.path().join("app.toml");
    std::fs::write(&blueprint, &source).unwrap();
    let (bp, out_arg) = (blueprint.to_str().unwrap(), out.to_str().unwrap());

    let dry = plinth(&["generate", bp, "--out", out_arg, "--dry-run"], dir.path());
    assert_eq!(dry.status.code(), Some(0));
    assert!(
        text(&dry.stdout).contains("create  envs/dev/main.tf (+"),
        "{}",
        text(&dry.stdout)
    );
    assert!(!out.exists(), "--dry-run writes nothing");

    let stale = plinth(&["generate", bp, "--out", out_arg, "--check"], dir.path());
    assert_eq!(stale.status.code(), Some(1));
    assert!(text(&stale.stdout).contains("+++ b/envs/dev/main.tf"));
    assert!(!out.exists(), "--check writes nothing");

    assert_eq!(
        plinth(&["generate", bp, "--out", out_arg], dir.path())
            .status
            .code(),
        Some(0)
    );
    let fresh = plinth(&["generate", bp, "--out", out_arg, "--check"], dir.path());
    assert_eq!(fresh.status.code(), Some(0), "{}", text(&fresh.stderr));
    assert!(text(&fresh.stdout).is_empty());

    // A blueprint change makes the tree stale; the diff shows exactly the change.
    std::fs::write(&blueprint, source.replace("port = 8080", "port = 9090")).unwrap();
    let changed = plinth(&["generate", bp, "--out", out_arg, "--check"], dir.path());
    assert_eq!(changed.status.code(), Some(1));
    let diff = text(&changed.stdout);
    assert!(
        diff.contains("-      port              = 8080")
            && diff.contains("+      port              = 9090"),
        "{diff}"
    );
}

#[test]
fn generate_refuses_hand_edits_until_forced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("infra");
    let blueprint = repo_root().join("blueprints/minimal-ecs.toml");
    let (bp, out_arg) = (blueprint.to_str().unwrap(), out.to_str().unwrap());
    assert_eq!(
        plinth(&["generate", bp, "--out", out_arg], dir.path())
            .status
            .code(),
        Some(0)
    );
    let main = out.join("envs/dev/main.tf");
    let edited = std::fs::read_to_string(&main).unwrap().replace(
        "desired_count             = 1",
        "desired_count             = 5",
    );
    std::fs::write(&main, &edited).unwrap();

    let refused = plinth(&["generate", bp, "--out", out_arg], dir.path());
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains("was edited by hand since plinth generated it"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(std::fs::read_to_string(&main).unwrap(), edited);

    let forced = plinth(&["generate", bp, "--out", out_arg, "--force"], dir.path());
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
    assert!(
        !std::fs::read_to_string(&main)
            .unwrap()
            .contains("desired_count             = 5")
    );
}

#[test]
fn destroying_a_stateful_resource_needs_allow_destroy_and_a_rename_moves_it() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = repo_root().join("tests/fixtures/rename");
    let before = std::fs::read_to_string(fixtures.join("before.toml")).unwrap();
    let after = std::fs::read_to_string(fixtures.join("after.toml")).unwrap();
    let blueprint = dir.path().join("app.toml");
    let generate = |extra: &[&str]| {
        let mut args = vec!["generate", "app.toml", "--out", "out"];
        args.extend_from_slice(extra);
        plinth(&args, dir.path())
    };
    std::fs::write(&blueprint, &before).unwrap();
    assert_eq!(generate(&[]).status.code(), Some(0));

    // The same rename without `renamed_from` would destroy the bucket and the secret.
    let unannounced: String = after
        .lines()
        .filter(|line| !line.starts_with("renamed_from"))
        .flat_map(|line| [line, "\n"])
        .collect();
    std::fs::write(&blueprint, &unannounced).unwrap();
    let refused = generate(&[]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = text(&refused.stderr);
    assert!(
        stderr.contains(
            "S3 bucket `ren-dev-uploads` (module.bucket_uploads) is no longer in the blueprint"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("secret `ren-dev/api-key`"), "{stderr}");
    assert!(stderr.contains("renamed_from"), "{stderr}");
    assert!(
        !dir.path().join("out/envs/dev/moved.tf").exists(),
        "a refused run writes nothing"
    );
    let check = generate(&["--check"]);
    assert_eq!(check.status.code(), Some(1), "--check refuses it too");

    // Announced, it is a move: no refusal, and `moved` blocks for the module addresses.
    std::fs::write(&blueprint, &after).unwrap();
    let renamed = generate(&[]);
    assert_eq!(renamed.status.code(), Some(0), "{}", text(&renamed.stderr));
    let moved = std::fs::read_to_string(dir.path().join("out/envs/dev/moved.tf")).unwrap();
    assert!(
        moved.contains("from = module.service_web\n  to   = module.service_frontend"),
        "{moved}"
    );
    assert!(
        moved.contains("from = module.bucket_uploads\n  to   = module.bucket_media"),
        "{moved}"
    );

    // A deliberate removal goes through with --allow-destroy, as a warning.
    let removed = after
        .replace("buckets = [\"media\"]\n", "")
        .replace("[buckets.media]\nrenamed_from = \"uploads\"\n", "");
    std::fs::write(&blueprint, &removed).unwrap();
    assert_eq!(generate(&[]).status.code(), Some(1));
    let allowed = generate(&["--allow-destroy"]);
    assert_eq!(allowed.status.code(), Some(0), "{}", text(&allowed.stderr));
    assert!(text(&allowed.stderr).contains("warning: this blueprint change destroys data"));
}

#[test]
fn cost_prints_every_environment_and_json_parses() {
    let root = repo_root();
    let table = plinth(&["cost", "blueprints/full-ecs.toml"], &root);
    assert_eq!(table.status.code(), Some(0), "{}", text(&table.stderr));
    let stdout = text(&table.stdout);
    for env in ["== dev", "== staging", "== prod"] {
        assert!(stdout.contains(env), "{stdout}");
    }
    assert!(stdout.contains("Assumptions:"));
    let json = plinth(
        &[
            "cost",
            "blueprints/full-ecs.toml",
            "--env",
            "prod",
            "--format",
            "json",
        ],
        &root,
    );
    assert_eq!(json.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(value["environments"][0]["total_usd"].as_f64().unwrap() > 0.0);
    let unknown = plinth(
        &["cost", "blueprints/full-ecs.toml", "--env", "nope"],
        &root,
    );
    assert_eq!(unknown.status.code(), Some(1));
}

#[test]
fn generate_warns_when_an_estimate_exceeds_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let minimal = std::fs::read_to_string(repo_root().join("blueprints/minimal-ecs.toml")).unwrap();
    let blueprint = dir.path().join("app.toml");
    std::fs::write(&blueprint, minimal + "\n[budget]\nmonthly_limit_usd = 1\n").unwrap();
    let output = plinth(
        &["generate", blueprint.to_str().unwrap(), "--out", "out"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(
        text(&output.stderr).contains("over its budget"),
        "{}",
        text(&output.stderr)
    );
}
