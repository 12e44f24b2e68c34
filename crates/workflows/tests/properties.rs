//! Properties every generated workflow must have, whatever the blueprint: pinned actions, the
//! header, determinism, well-formed YAML, least privilege, and no expression inside a script.

mod common;

use plinth_blueprint::output::{GeneratedFile, header};
use plinth_blueprint::{SourceFile, load};
use plinth_workflows::{PINS, emit};

fn all_workflows() -> Vec<(String, GeneratedFile)> {
    common::examples()
        .into_iter()
        .flat_map(|example| {
            common::workflows(&example)
                .into_iter()
                .map(move |file| (example.clone(), file))
        })
        .collect()
}

#[test]
fn every_action_is_pinned_to_a_sha_from_the_table() {
    for (example, file) in all_workflows() {
        for line in file.contents.lines() {
            let Some(reference) = line
                .trim_start()
                .trim_start_matches("- ")
                .strip_prefix("uses: ")
            else {
                continue;
            };
            if reference.starts_with("$/.github/workflows/") {
                continue;
            }
            let (target, version) = reference
                .split_once(" # ")
                .unwrap_or_else(|| panic!("{example} {}: no version comment: {line}", file.path));
            let (action, sha) = target.split_once('@').expect("owner/name@sha");
            let pin = PINS
                .iter()
                .find(|pin| pin.action == action)
                .unwrap_or_else(|| panic!("{action} is not in the pin table"));
            assert_eq!((sha, version), (pin.sha, pin.version), "{line}");
            assert!(sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()));
        }
    }
}

#[test]
fn every_file_is_a_workflow_that_starts_with_the_header() {
    for example in common::examples() {
        for file in common::workflows(&example) {
            assert!(
                file.path.starts_with(".github/workflows/plinth-"),
                "{}",
                file.path
            );
            let expected = header(&file.path, &format!("blueprints/{example}"));
            assert!(file.contents.starts_with(&expected), "{}", file.path);
            assert!(file.contents.ends_with('\n') && !file.contents.ends_with("\n\n"));
        }
    }
}

#[test]
fn generation_is_deterministic() {
    for example in common::examples() {
        assert_eq!(common::workflows(&example), common::workflows(&example));
    }
}

#[test]
fn each_example_gets_the_expected_workflows() {
    let names = |example: &str| -> Vec<String> {
        common::workflows(example)
            .into_iter()
            .map(|file| file.path)
            .collect()
    };
    assert_eq!(
        names("full-ecs.toml"),
        [
            ".github/workflows/plinth-ci-api.yml",
            ".github/workflows/plinth-ci-mailer.yml",
            ".github/workflows/plinth-ci-reports.yml",
            ".github/workflows/plinth-ci-web.yml",
            ".github/workflows/plinth-deploy.yml",
            ".github/workflows/plinth-freshness.yml",
            ".github/workflows/plinth-terraform.yml",
        ]
    );
    assert_eq!(
        names("eks-platform.toml"),
        [
            ".github/workflows/plinth-ci-cleanup.yml",
            ".github/workflows/plinth-ci-web.yml",
            ".github/workflows/plinth-ci-worker.yml",
            ".github/workflows/plinth-deploy.yml",
            ".github/workflows/plinth-freshness.yml",
            ".github/workflows/plinth-terraform.yml",
        ]
    );
}

#[test]
fn no_expression_is_interpolated_into_a_script() {
    for (example, file) in all_workflows() {
        for line in file.contents.lines() {
            let content = line.trim_start().trim_start_matches("- ");
            if let Some(inline) = content.strip_prefix("run: ") {
                assert!(!inline.contains("${{"), "{example} {}: {line}", file.path);
            }
        }
        for (key, lines) in common::block_scalars(&file.contents) {
            if key == "run" || key == "script" {
                for line in lines {
                    assert!(!line.contains("${{"), "{example} {}: {line}", file.path);
                }
            }
        }
    }
}

/// Checks the YAML subset the templates emit: two-space indentation, `key: value`, `- item`,
/// comments, block scalars and well-formed double-quoted strings. Not a YAML parser (the crate
/// has none); the linters in the crate's README parse the output fully.
fn check_yaml_shape(path: &str, contents: &str) {
    let scalar_lines: Vec<*const u8> = common::block_scalars(contents)
        .into_iter()
        .flat_map(|(_, lines)| lines.into_iter().map(str::as_ptr))
        .collect();
    for (number, line) in contents.lines().enumerate() {
        let at = format!("{path}:{}: {line:?}", number + 1);
        assert!(!line.contains('\t'), "tab at {at}");
        assert_eq!(line.trim_end(), line, "trailing whitespace at {at}");
        if line.is_empty() || scalar_lines.contains(&line.as_ptr()) {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        assert_eq!(indent % 2, 0, "odd indentation at {at}");
        let content = line.trim_start();
        if content.starts_with('#') {
            continue;
        }
        let item = content.strip_prefix("- ").unwrap_or(content);
        let value = match item.split_once(": ") {
            Some((key, value)) if is_key(key) => value,
            _ if item.ends_with(':') && is_key(&item[..item.len() - 1]) => continue,
            _ if content.starts_with("- ") => item,
            _ => panic!("not a key, an item or a comment at {at}"),
        };
        let value = value.split(" # ").next().unwrap_or(value);
        if let Some(quoted) = value.strip_prefix('"') {
            assert!(
                is_double_quoted_body(quoted),
                "bad double-quoted string at {at}"
            );
        }
    }
}

fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `rest` (after the opening quote) is the body of one double-quoted scalar.
fn is_double_quoted_body(rest: &str) -> bool {
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if !matches!(chars.next(), Some('"' | '\\' | 'n' | 't' | 'r' | 'u')) => {
                return false;
            }
            '"' => return chars.as_str().is_empty(),
            _ => {}
        }
    }
    false
}

#[test]
fn the_yaml_is_well_formed() {
    for (example, file) in all_workflows() {
        check_yaml_shape(&format!("{example} {}", file.path), &file.contents);
    }
}

/// The jobs of a workflow: each job's id and its lines.
fn jobs(contents: &str) -> Vec<(&str, Vec<&str>)> {
    let mut jobs: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut in_jobs = false;
    for line in contents.lines() {
        if line == "jobs:" {
            in_jobs = true;
        } else if in_jobs && line.starts_with("  ") && !line.starts_with("   ") {
            if let Some(id) = line.trim().strip_suffix(':') {
                jobs.push((id, Vec::new()));
            }
        } else if let Some(job) = jobs.last_mut() {
            job.1.push(line);
        }
    }
    jobs
}

#[test]
fn jobs_have_least_privilege_timeouts_and_no_persisted_credentials() {
    for (example, file) in all_workflows() {
        assert!(
            file.contents.contains("\npermissions: {}\n"),
            "{}",
            file.path
        );
        for (id, lines) in jobs(&file.contents) {
            let at = format!("{example} {} job {id}", file.path);
            let has = |prefix: &str| lines.iter().any(|line| line.starts_with(prefix));
            assert!(has("    permissions:"), "no permissions in {at}");
            assert!(
                has("    timeout-minutes: ") || has("    uses: "),
                "no timeout in {at}"
            );
            for (index, line) in lines.iter().enumerate() {
                if line.contains("uses: actions/checkout@") {
                    assert!(
                        lines[index + 1..]
                            .iter()
                            .take(3)
                            .any(|l| l.trim() == "persist-credentials: false"),
                        "checkout persists credentials in {at}"
                    );
                }
            }
        }
    }
}

#[test]
fn ci_gives_aws_credentials_only_to_the_default_branch_deploy() {
    for (example, file) in all_workflows() {
        if !file.path.contains("plinth-ci-") {
            continue;
        }
        for (id, lines) in jobs(&file.contents) {
            let oidc = lines.iter().any(|line| line.contains("id-token: write"));
            assert_eq!(oidc, id == "deploy", "{example} {} job {id}", file.path);
            if id == "deploy" {
                assert!(lines.contains(
                    &"    if: github.event_name == 'push' && github.ref == 'refs/heads/main'"
                ));
            }
        }
        assert!(!file.contents.contains("configure-aws-credentials"));
        assert!(!file.contents.contains("pull_request_target"));
    }
}

#[test]
fn environments_deploy_and_apply_in_promotion_order() {
    let files = common::workflows("full-ecs.toml");
    let file = |name: &str| {
        &files
            .iter()
            .find(|f| f.path.ends_with(name))
            .expect("generated")
            .contents
    };
    let deploy = jobs(file("plinth-deploy.yml"));
    let order: Vec<&str> = deploy.iter().map(|(id, _)| *id).collect();
    assert_eq!(order, ["dev", "staging", "prod"]);
    assert!(deploy[1].1.contains(&"    needs: dev"));
    assert!(deploy[2].1.contains(&"    needs: staging"));
    let terraform = file("plinth-terraform.yml");
    assert!(terraform.contains(
        "  apply-prod:\n    name: Apply prod\n    needs:\n      - plan-prod\n      - ports-prod\n"
    ));
    assert!(terraform.contains("  ports-prod:\n    name: Move ${{ matrix.service }} to its new port in prod\n    needs: plan-prod\n"));
    assert!(terraform.contains(
        "      - plan-staging\n      - apply-staging\n      - ports-staging\n      - rollout-staging\n"
    ));
}

fn load_text(text: &str) -> plinth_blueprint::model::Blueprint {
    load(&SourceFile::new("app.toml", text))
        .unwrap_or_else(|diagnostics| panic!("{diagnostics:#?}"))
        .blueprint
}

const SMALL: &str = r#"
[project]
name = "shop"
region = "eu-west-1"
repository = "acme/shop"

[services.api]
port = 8080
dockerfile = "api/Dockerfile"
language = "custom"
"#;

#[test]
fn expressions_in_blueprint_commands_are_refused() {
    // Refused by validation, at the offending line, before any workflow is rendered; the
    // emitter's own refusal (WorkflowError::Expression) stays as a second line of defence.
    let text = format!("{SMALL}test_commands = [\"echo ${{{{ secrets.TOKEN }}}}\"]\n");
    let Err(diagnostics) = load(&SourceFile::new("app.toml", &text)) else {
        panic!("a workflow expression must be refused at validation");
    };
    assert!(
        diagnostics
            .iter()
            .any(|d| d.message.contains("`test_commands` contains `${{`") && d.span.is_some()),
        "{diagnostics:#?}"
    );
}

#[test]
fn custom_commands_replace_the_defaults_and_are_quoted() {
    let text = format!("{SMALL}test_commands = [\"make test ARGS=\\\"-v\\\"\", \"make lint\"]\n");
    let files = emit(&load_text(&text), "app.toml", ".").unwrap();
    let ci = &files[0];
    assert_eq!(ci.path, ".github/workflows/plinth-ci-api.yml");
    assert!(
        ci.contents
            .contains(r#"        run: "make test ARGS=\"-v\"""#)
    );
    assert!(ci.contents.contains("      - \"api/**\"\n"));
    let terraform = files
        .iter()
        .find(|f| f.path.ends_with("terraform.yml"))
        .unwrap();
    assert!(
        terraform
            .contents
            .contains("    paths:\n      - \"**\"\n  push:")
    );
    assert!(
        terraform
            .contents
            .contains("working-directory: \"envs/dev\"")
    );
}

#[test]
fn an_unpinned_account_reads_the_account_variable() {
    let files = emit(&load_text(SMALL), "app.toml", "infra").unwrap();
    let deploy = files
        .iter()
        .find(|f| f.path.ends_with("deploy.yml"))
        .unwrap();
    assert!(deploy.contents.contains(
        "role-to-assume: \"arn:aws:iam::${{ vars.AWS_ACCOUNT_ID }}:role/shop-dev-github\""
    ));
}

/// Issue 19 item 19: a pull request runs its own, unreviewed code, so it never assumes a role
/// that can write; it plans with the environment's read-only plan role, without the lock.
#[test]
fn pull_requests_plan_with_the_read_only_role() {
    for (example, file) in all_workflows() {
        if !file.path.ends_with("plinth-terraform.yml") {
            continue;
        }
        for (id, lines) in jobs(&file.contents) {
            let roles: Vec<&&str> = lines
                .iter()
                .filter(|l| l.trim_start().starts_with("role: ") || l.contains("role-to-assume:"))
                .collect();
            if id == "plan-pull-request" {
                assert!(!roles.is_empty(), "{example}");
                for role in roles {
                    assert!(
                        role.contains("-github-plan") || role.contains("${{ matrix.role }}"),
                        "{example}: {role}"
                    );
                }
            } else {
                for role in roles {
                    assert!(!role.contains("-plan\""), "{example} {id}: {role}");
                }
            }
        }
    }
    let files = emit(&load_text(SMALL), "app.toml", "infra").unwrap();
    let terraform = &files
        .iter()
        .find(|f| f.path.ends_with("plinth-terraform.yml"))
        .unwrap()
        .contents;
    assert!(terraform.contains(
        "          - environment: dev\n            role: \"arn:aws:iam::${{ vars.AWS_ACCOUNT_ID }}:role/shop-dev-github-plan\"\n"
    ), "{terraform}");
    // prod has no plan role: its state is out of reach of unreviewed code.
    assert!(!terraform.contains("shop-prod-github-plan"));
    assert!(terraform.contains("# Not planned here: prod, which has no plan role"));
}

/// Issue 19 item 13: the post-apply rollout of a service and its deploys share one concurrency
/// group per environment and service, and neither cancels the other in progress.
#[test]
fn rollouts_and_deploys_of_a_service_never_interleave() {
    let mut rollouts = 0;
    for example in common::examples() {
        let files = common::workflows(&example);
        let find = |name: &str| files.iter().find(|f| f.path.ends_with(name));
        let (Some(terraform), Some(deploy)) =
            (find("plinth-terraform.yml"), find("plinth-deploy.yml"))
        else {
            continue;
        };
        for (id, lines) in jobs(&deploy.contents) {
            let env = id;
            let group = format!("      group: deploy-{env}-${{{{ inputs.service }}}}");
            assert!(lines.contains(&group.as_str()), "{example} deploy {id}");
            assert!(lines.contains(&"      cancel-in-progress: false"));
            if let Some((_, rollout)) = jobs(&terraform.contents)
                .into_iter()
                .find(|(job, _)| *job == format!("rollout-{env}"))
            {
                rollouts += 1;
                let group = format!("      group: deploy-{env}-${{{{ matrix.service }}}}");
                assert!(rollout.contains(&group.as_str()), "{example} rollout-{env}");
                assert!(rollout.contains(&"      cancel-in-progress: false"));
                assert!(
                    rollout
                        .iter()
                        .any(|l| *l == format!("    needs: apply-{env}"))
                );
                // The move of a service onto a changed port, before the apply, too.
                let (_, ports) = jobs(&terraform.contents)
                    .into_iter()
                    .find(|(job, _)| *job == format!("ports-{env}"))
                    .unwrap_or_else(|| panic!("{example}: no ports-{env} job"));
                assert!(ports.contains(&group.as_str()), "{example} ports-{env}");
                assert!(ports.contains(&"      cancel-in-progress: false"));
            }
        }
        // The apply job itself no longer rolls services out.
        for (id, lines) in jobs(&terraform.contents) {
            if id.starts_with("apply-") {
                assert!(
                    !lines.iter().any(|l| l.contains("ecs describe-services")),
                    "{example} {id}"
                );
            }
        }
    }
    assert!(rollouts > 0, "no example rolls ECS services out");
}
