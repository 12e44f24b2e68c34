//! Renames keep infrastructure: the tree of `tests/fixtures/rename/before.toml` is applied to a
//! local AWS emulator (moto), then the tree of `after.toml` (the same blueprint with a service, a
//! bucket and a secret renamed through `renamed_from`) is planned against that state. The plan
//! must move state and destroy nothing that holds data. The renamed service references the
//! renamed secret by its new name, which must resolve to the secret's old key (a plan error
//! "Invalid index" otherwise).

use std::path::{Path, PathBuf};

use plinth_blueprint::{SourceFile, load};
use plinth_tests::moto::{Moto, tools_bin};
use plinth_tests::{Terraform, repo_root};

/// Writes the tree `blueprint` compiles to into `out`.
fn generate(blueprint: &str, out: &Path) {
    let path = repo_root().join("tests/fixtures/rename").join(blueprint);
    let text = std::fs::read_to_string(&path).expect("fixture");
    let loaded = load(&SourceFile::new(blueprint, &text)).expect("valid fixture");
    for file in plinth_terraform::emit(&loaded.blueprint, blueprint) {
        let target = out.join(&file.path);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::write(target, file.contents).expect("write");
    }
}

/// Replacements the plan may contain, and why none of them loses data.
const ALLOWED_REPLACEMENTS: [(&str, &str); 1] = [(
    "aws_ecs_task_definition",
    "task definitions are immutable: the renamed bucket's, queue's and topic's variables (BUCKET_MEDIA, QUEUE_TASKS_URL, TOPIC_NOTICES_ARN) are a new revision",
)];

/// Each address after the rename that must be a no-op, with the address it moved from (`None`:
/// the address is unchanged).
const MOVES: &[(&str, Option<&str>)] = &[
    (
        "module.bucket_media.aws_s3_bucket.this",
        Some("module.bucket_uploads.aws_s3_bucket.this"),
    ),
    (
        "module.service_frontend.aws_iam_role.task",
        Some("module.service_web.aws_iam_role.task"),
    ),
    (
        "module.service_frontend.aws_cloudwatch_log_group.this",
        Some("module.service_web.aws_cloudwatch_log_group.this"),
    ),
    (
        "module.app_secrets.aws_secretsmanager_secret.this[\"api-key\"]",
        None,
    ),
    (
        "module.queue_tasks.aws_sqs_queue.this",
        Some("module.queue_jobs.aws_sqs_queue.this"),
    ),
    (
        "module.queue_tasks.aws_sqs_queue.dead_letter[0]",
        Some("module.queue_jobs.aws_sqs_queue.dead_letter[0]"),
    ),
    (
        "module.topic_notices.aws_sns_topic.this",
        Some("module.topic_events.aws_sns_topic.this"),
    ),
];

#[test]
#[cfg_attr(
    any(skip_terraform, skip_moto),
    ignore = "PLINTH_SKIP names terraform or moto"
)]
fn a_rename_plans_moves_and_destroys_no_data() {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rename");
    let terraform = Terraform::find(&work.join("terraform"));
    let bin = tools_bin();
    let _ = std::fs::remove_dir_all(work.join("before"));
    let _ = std::fs::remove_dir_all(work.join("after"));
    generate("before.toml", &work.join("before"));
    generate("after.toml", &work.join("after"));
    let moto = Moto::start(&bin);

    let before = work.join("before/envs/dev");
    std::fs::write(before.join("plinth_moto_override.tf"), moto.override_file()).unwrap();
    terraform.run(&before, &["init", "-input=false", "-no-color"], "before");
    terraform.run(
        &before,
        &[
            "apply",
            "-auto-approve",
            "-input=false",
            "-no-color",
            "-parallelism=8",
        ],
        "before: apply to moto",
    );

    let after = work.join("after/envs/dev");
    std::fs::write(after.join("plinth_moto_override.tf"), moto.override_file()).unwrap();
    std::fs::copy(
        before.join("terraform.tfstate"),
        after.join("terraform.tfstate"),
    )
    .unwrap();
    terraform.run(&after, &["init", "-input=false", "-no-color"], "after");
    terraform.run(
        &after,
        &["plan", "-input=false", "-no-color", "-out=plan.bin"],
        "after: plan against the applied state",
    );
    let plan: serde_json::Value =
        serde_json::from_str(&terraform.run(&after, &["show", "-json", "plan.bin"], "after: show"))
            .unwrap();
    let changes = plan["resource_changes"]
        .as_array()
        .expect("resource changes");

    let destroyed: Vec<String> = changes
        .iter()
        .filter(|c| {
            c["change"]["actions"]
                .as_array()
                .is_some_and(|a| a.iter().any(|a| a == "delete"))
        })
        .filter(|c| {
            !ALLOWED_REPLACEMENTS
                .iter()
                .any(|(kind, _)| c["type"] == *kind)
        })
        .map(|c| c["address"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(destroyed.is_empty(), "the rename destroys {destroyed:#?}");

    let change = |address: &str| {
        changes
            .iter()
            .find(|c| c["address"] == address)
            .unwrap_or_else(|| panic!("{address} is not in the plan"))
    };
    for &(address, previous) in MOVES {
        let change = change(address);
        assert_eq!(
            change["change"]["actions"],
            serde_json::json!(["no-op"]),
            "{address}"
        );
        if let Some(previous) = previous {
            assert_eq!(change["previous_address"], previous, "{address}");
        }
    }
}
