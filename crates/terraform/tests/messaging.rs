//! Queues and topics across blueprint changes: what is refused, what moves, what protects.

use plinth_blueprint::{SourceFile, load};
use plinth_terraform::stateful::{destructive_changes, stateful_resources};

const BLUEPRINT: &str = r#"
[project]
name = "shop"
region = "eu-west-1"
environments = ["dev", "prod"]
repository = "acme/shop"

[services.api]
port = 8080
dockerfile = "Dockerfile"
publishes = ["orders"]

[services.mailer]
kind = "worker"
dockerfile = "Dockerfile"
consumes = ["emails"]

[queues.emails]

[topics.orders]

[[topics.orders.subscriptions]]
queue = "emails"
"#;

fn blueprint(text: &str) -> plinth_blueprint::model::Blueprint {
    load(&SourceFile::new("app.toml", text))
        .unwrap_or_else(|errors| panic!("{errors:#?}"))
        .blueprint
}

fn main_tf(text: &str, env: &str) -> String {
    plinth_terraform::emit(&blueprint(text), "app.toml")
        .into_iter()
        .find(|f| f.path == format!("envs/{env}/main.tf"))
        .expect("main.tf")
        .contents
}

#[test]
fn removing_a_queue_or_changing_its_kind_is_refused() {
    let before = stateful_resources(&blueprint(BLUEPRINT));
    assert!(
        before
            .iter()
            .any(|r| r.kind == "SQS queue" && r.name == "shop-dev-emails")
    );
    // Removed (the worker consumes another queue now).
    let removed = BLUEPRINT
        .replace("[queues.emails]", "[queues.letters]")
        .replace("\"emails\"", "\"letters\"");
    let refused = destructive_changes(&before, &blueprint(&removed));
    assert!(
        refused
            .iter()
            .any(|c| c.to_string().contains("SQS queue `shop-dev-emails`")
                && c.to_string().contains("every message waiting in it")),
        "{refused:?}"
    );
    // FIFO replaces the queue (SQS cannot convert one).
    let fifo = BLUEPRINT
        .replace("[queues.emails]", "[queues.emails]\nfifo = true")
        .replace("[topics.orders]", "[topics.orders]\nfifo = true");
    let refused = destructive_changes(&before, &blueprint(&fifo));
    assert!(
        refused.iter().any(|c| c
            .to_string()
            .contains("changes `fifo` from `false` to `true`")),
        "{refused:?}"
    );
    // A rename with `renamed_from` keeps the queue: nothing is refused.
    let renamed = BLUEPRINT.replace("\"emails\"", "\"letters\"").replace(
        "[queues.emails]",
        "[queues.letters]\nrenamed_from = \"emails\"",
    );
    assert!(destructive_changes(&before, &blueprint(&renamed)).is_empty());
}

#[test]
fn a_renamed_queue_moves_and_keeps_its_subscription_key() {
    let renamed = BLUEPRINT
        .replace("\"emails\"", "\"letters\"")
        .replace(
            "[queues.emails]",
            "[queues.letters]\nrenamed_from = \"emails\"",
        )
        .replace(
            "[topics.orders]",
            "[topics.events]\nrenamed_from = \"orders\"",
        )
        .replace("topics.orders.subscriptions", "topics.events.subscriptions")
        .replace("publishes = [\"orders\"]", "publishes = [\"events\"]");
    let files = plinth_terraform::emit(&blueprint(&renamed), "app.toml");
    let moved = files
        .iter()
        .find(|f| f.path == "envs/dev/moved.tf")
        .expect("moved.tf")
        .contents
        .clone();
    assert!(
        moved.contains("from = module.queue_emails\n  to   = module.queue_letters"),
        "{moved}"
    );
    assert!(
        moved.contains("from = module.topic_orders\n  to   = module.topic_events"),
        "{moved}"
    );
    let main = &files
        .iter()
        .find(|f| f.path == "envs/dev/main.tf")
        .expect("main.tf")
        .contents;
    // The subscription keeps the queue's old key, so it is not replaced.
    assert!(main.contains("= \"shop-dev-emails\"\n"), "{main}");
    assert!(
        main.contains(
            "    emails = {\n      queue_arn            = module.queue_letters.queue_arn"
        ),
        "{main}"
    );
}

#[test]
fn production_queues_are_protected_and_alarms_follow_the_environment() {
    assert!(main_tf(BLUEPRINT, "prod").contains("source = \"../../modules/sqs-queue-protected\""));
    assert!(main_tf(BLUEPRINT, "dev").contains("source = \"../../modules/sqs-queue\""));
    let quiet = format!("{BLUEPRINT}\n[observability.alarms]\nenabled = false\n");
    let dev = main_tf(&quiet, "dev");
    assert!(dev.contains("alarms_enabled = false"), "{dev}");
    assert!(
        !dev.contains("alarm_topic_arn = module.monitoring"),
        "{dev}"
    );
}
