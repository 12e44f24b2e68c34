//! Service kinds, queues, topics and what services consume and publish.

use super::{BASE, assert_reports, diagnostics, with};

const WORKER: &str = "[services.mailer]\nkind = \"worker\"\ndockerfile = \"Dockerfile\"\n";

/// `BASE` with a worker consuming `emails`, the API publishing to `orders`, and the topic
/// delivering to the queue.
fn messaging() -> String {
    with(&format!(
        "{WORKER}consumes = [\"emails\"]\n\n[queues.emails]\n\n[topics.orders]\n[[topics.orders.subscriptions]]\nqueue = \"emails\"\n"
    ))
    .replace("dockerfile = \"Dockerfile\"\n\n", "dockerfile = \"Dockerfile\"\npublishes = [\"orders\"]\n\n")
}

#[test]
fn a_worker_queue_and_topic_are_valid() {
    let text = messaging();
    assert!(diagnostics(&text).is_empty(), "{:#?}", diagnostics(&text));
    let loaded = crate::load(&crate::SourceFile::new("case.toml", &text)).expect("valid");
    let env = &loaded.blueprint.environments[0];
    let mailer = &env.services[1];
    assert!(mailer.web().is_none());
    assert_eq!(mailer.consumes, ["emails"]);
    assert_eq!(env.queues[0].queue_name, "shop-dev-emails");
    assert_eq!(env.queues[0].max_receives, Some(5));
    assert_eq!(env.topics[0].subscriptions[0].queue, "emails");
    let variables: Vec<String> = mailer.variables(env).into_iter().map(|v| v.name).collect();
    assert_eq!(variables, ["QUEUE_EMAILS_URL"]);
    let api: Vec<String> = env.services[0]
        .variables(env)
        .into_iter()
        .map(|v| v.name)
        .collect();
    assert_eq!(api, ["TOPIC_ORDERS_ARN"]);
}

#[test]
fn keys_of_the_other_kind_are_refused_where_they_are_written() {
    // In the table that names the kind: the schema check.
    assert_reports(
        &with(&format!("{WORKER}port = 8080")),
        "`port` does not apply to a worker",
    );
    assert_reports(
        &with(&format!(
            "{WORKER}[services.mailer.autoscaling]\nmax = 2\nrequests_per_target = 100"
        )),
        "`requests_per_target` does not apply to a worker",
    );
    assert_reports(
        &BASE.replace(
            "port = 8080",
            "port = 8080\nkind = \"web\"\nhealth_check_command = [\"true\"]",
        ),
        "`health_check_command` applies to workers only",
    );
    // In an overlay or a table without `kind`: the validator, on the merged service.
    assert_reports(
        &with(&format!(
            "{WORKER}\n[env.prod.services.mailer]\npaths = [\"/x\"]"
        )),
        "`paths` does not apply to a worker",
    );
    assert_reports(
        &BASE.replace(
            "port = 8080",
            "port = 8080\nhealth_check_command = [\"true\"]",
        ),
        "`health_check_command` applies to workers only",
    );
    assert_reports(
        &with("[services.api.autoscaling]\nmax = 2\nbacklog_per_task = 10"),
        "`backlog_per_task` applies to workers only",
    );
}

#[test]
fn a_worker_is_not_a_default_route_and_needs_no_port() {
    let text = with(WORKER);
    assert!(diagnostics(&text).is_empty(), "{:#?}", diagnostics(&text));
}

#[test]
fn messaging_references_are_checked() {
    assert_reports(
        &with(&format!("{WORKER}consumes = [\"emails\"]")),
        "there is no queue `emails`",
    );
    assert_reports(
        &messaging().replace("consumes = [\"emails\"]", "consumes = [\"orders\"]"),
        "`orders` is a topic",
    );
    assert_reports(
        &messaging().replace("publishes = [\"orders\"]", "publishes = [\"order\"]"),
        "there is no queue or topic `order`",
    );
    assert_reports(
        &messaging().replace(
            "consumes = [\"emails\"]",
            "consumes = [\"emails\", \"emails\"]",
        ),
        "`emails` is listed twice",
    );
    assert_reports(
        &messaging().replace("queue = \"emails\"", "queue = \"email\""),
        "no queue `email`",
    );
    assert_reports(
        &format!("{}\n[queues.orders]\n", messaging()),
        "`orders` is both a queue and a topic",
    );
}

#[test]
fn queue_and_topic_rules() {
    assert_reports(
        &messaging().replace(
            "[queues.emails]\n",
            "[queues.emails]\ncontent_based_deduplication = true\n",
        ),
        "content-based deduplication needs a FIFO queue",
    );
    assert_reports(
        &messaging().replace(
            "[queues.emails]\n",
            "[queues.emails]\ndead_letter = false\nmax_receives = 3\n",
        ),
        "`max_receives` needs a dead-letter queue",
    );
    assert_reports(
        &messaging().replace("[queues.emails]\n", "[queues.emails]\nfifo = true\n"),
        "a standard topic cannot deliver to the FIFO queue `emails`",
    );
    assert_reports(
        &messaging().replace(
            "[queues.emails]\n",
            "[queues.emails]\nvisibility_timeout_seconds = 43201\n",
        ),
        "the highest allowed value is 43200",
    );
    assert_reports(
        &messaging().replace(
            "[queues.emails]\n",
            "[queues.emails]\nretention_days = 15\n",
        ),
        "the highest allowed value is 14",
    );
    assert_reports(
        &messaging().replace(
            "queue = \"emails\"\n",
            "queue = \"emails\"\nfilter = { a = [\"1\"], b = [\"1\"], c = [\"1\"], d = [\"1\"], e = [\"1\"], f = [\"1\"] }\n",
        ),
        "the filter has 6 keys; SNS allows 5",
    );
    let many: Vec<String> = (0..13).map(|n| format!("\"{n}\"")).collect();
    let many = many.join(", ");
    assert_reports(
        &messaging().replace(
            "queue = \"emails\"\n",
            &format!("queue = \"emails\"\nfilter = {{ a = [{many}], b = [{many}] }}\n"),
        ),
        "169 combinations",
    );
    assert_reports(
        &messaging().replace(
            "queue = \"emails\"\n",
            "queue = \"emails\"\nfilter = { a = [] }\n",
        ),
        "allows no value",
    );
    assert_reports(
        &format!(
            "{}[[topics.orders.subscriptions]]\nqueue = \"emails\"\n",
            messaging()
        ),
        "subscribed to this topic twice",
    );
}

#[test]
fn backlog_scaling_rules() {
    assert_reports(
        &with(&format!(
            "{WORKER}[services.mailer.autoscaling]\nmax = 2\nbacklog_per_task = 10"
        )),
        "it consumes none",
    );
    let eks = messaging()
        .replace(
            "[services.api]",
            "[compute]\nplatform = \"eks\"\n\n[services.api]",
        )
        .replace(
            "[queues.emails]",
            "[services.mailer.autoscaling]\nmax = 2\nbacklog_per_task = 10\n\n[queues.emails]",
        );
    assert_reports(&eks, "`backlog_per_task` is not available on EKS");
}

#[test]
fn rules_the_modules_also_hold() {
    assert_reports(
        &messaging().replace(
            "[queues.emails]\n",
            "[queues.emails]\nretention_days = 1\nage_alarm_seconds = 86400\n",
        ),
        "the age alarm would never fire",
    );
    assert_reports(
        &with(&format!(
            "{WORKER}health_check_command = [\"test -f /tmp/alive\"]"
        )),
        "`health_check_command` must start with `CMD` or `CMD-SHELL`",
    );
    assert_reports(
        &messaging().replace(
            "[queues.emails]",
            "[services.mailer.autoscaling]\nmin = 0\nmax = 2\nbacklog_per_task = 10\n\n[queues.emails]",
        ),
        "`backlog_per_task` needs `min` of at least 1",
    );
    assert_reports(
        &messaging()
            .replace(
                "[services.api]",
                "[compute]\ncontainer_insights = false\n\n[services.api]",
            )
            .replace(
                "[queues.emails]",
                "[services.mailer.autoscaling]\nmax = 2\nbacklog_per_task = 10\n\n[queues.emails]",
            ),
        "`backlog_per_task` needs Container Insights",
    );
    let no_nat = messaging().replace(
        "[services.api]",
        "[network]\nnat = \"none\"\n\n[services.api]",
    );
    assert_reports(
        &no_nat,
        "without NAT the service cannot reach SQS for `emails`",
    );
    assert_reports(
        &no_nat,
        "without NAT the service cannot reach SNS for `orders`",
    );
    let with_endpoints = no_nat.replace(
        "nat = \"none\"",
        "nat = \"none\"\nendpoints = [\"s3\", \"ecr\", \"logs\", \"sqs\", \"sns\"]",
    );
    assert!(
        diagnostics(&with_endpoints).is_empty(),
        "{:#?}",
        diagnostics(&with_endpoints)
    );
}
