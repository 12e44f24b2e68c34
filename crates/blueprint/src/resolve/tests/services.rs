//! `[services.<name>]`: ports, images, scaling, routes, variables, secret references and users.

use crate::{SourceFile, load};

use super::{BASE, assert_reports, diagnostics, with};

#[test]
#[allow(clippy::too_many_lines, reason = "one line per database rule")]
fn service_rules() {
    assert_reports(
        &BASE.replace("port = 8080", "port = 0"),
        "`services.api.port` is too small: the lowest allowed value is 1",
    );
    assert_reports(&BASE.replace("port = 8080\n", ""), "has no `port`");
    assert_reports(
        &BASE.replace(
            "dockerfile = \"Dockerfile\"",
            "dockerfile = \"Dockerfile\"\nimage = \"nginx:1.27\"",
        ),
        "has both `dockerfile` and `image`",
    );
    assert_reports(
        &BASE.replace("dockerfile = \"Dockerfile\"\n", ""),
        "has no image",
    );
    assert_reports(
        &BASE.replace(
            "dockerfile = \"Dockerfile\"",
            "dockerfile = \"../Dockerfile\"",
        ),
        "leaves the repository",
    );
    assert_reports(
        &BASE.replace("dockerfile = \"Dockerfile\"", "image = \"nginx\""),
        "is not a pinned image reference: no tag or digest",
    );
    assert_reports(
        &with("[services.api.autoscaling]\nmax = 1\nmin = 2"),
        "autoscaling.min ≤ autoscaling.max, but autoscaling.min is 2",
    );
    assert_reports(
        &with("desired_count = 1\n[services.api.autoscaling]\nmax = 4\nmin = 2").replace(
            "dockerfile = \"Dockerfile\"\n\ndesired",
            "dockerfile = \"Dockerfile\"\ndesired",
        ),
        "autoscaling.min ≤ desired_count",
    );
    assert_reports(
        &with("[services.api.autoscaling]\nmax = 4\nmin = 2")
            .replace("port = 8080", "port = 8080\ndesired_count = 5"),
        "desired_count ≤ autoscaling.max",
    );
    assert_reports(
        &with("[services.api.autoscaling]\nmin = 1"),
        "autoscaling needs `max`",
    );
    assert_reports(
        &with("[services.api.autoscaling]\nmax = 3\ncpu_target = 0"),
        "is a percentage from 1 to 100",
    );
    assert_reports(
        &with("[services.api.autoscaling]\nmax = 3\nrequests_per_target = 0"),
        "must be at least 1",
    );
    assert_reports(
        &BASE.replace("port = 8080", "port = 8080\ncpu = 256\nmemory = 4096"),
        "Fargate does not offer 256 CPU units with 4096 MiB",
    );
    assert_reports(
        &BASE.replace("port = 8080", "port = 8080\ncpu = 300"),
        "Fargate has no task size with 300 CPU units",
    );
    assert_reports(
        &BASE.replace("port = 8080", "port = 8080\nhealth_check_path = \"health\""),
        "is not a valid health check path",
    );
    assert_reports(
        &BASE.replace("port = 8080", "port = 8080\npaths = [\"api\"]"),
        "is not a valid routing path",
    );
    assert_reports(
        &BASE.replace("port = 8080", "port = 8080\nhosts = [\"API\"]"),
        "is not a host name",
    );
    assert_reports(
        &with("[services.web]\nport = 80\nimage = \"nginx:1.27\""),
        "both claim every request",
    );
    assert_reports(
        &with(
            "[services.web]\nport = 80\nimage = \"nginx:1.27\"\npaths = [\"/x\"]\n[services.admin]\nport = 80\nimage = \"nginx:1.27\"\npaths = [\"/x\"]",
        ),
        "is already routed to `web`",
    );
    assert_reports(
        &BASE.replace(
            "port = 8080",
            "port = 8080\nenvironment = { \"1X\" = \"a\" }",
        ),
        "is not a valid environment variable name",
    );
    assert_reports(
        &BASE.replace(
            "port = 8080",
            "port = 8080\nenvironment = { API_TOKEN = \"a\" }",
        ),
        "looks like a secret",
    );
    assert_reports(
        &BASE.replace("port = 8080", "port = 8080\nbuckets = [\"media\"]"),
        "there is no bucket `media`",
    );
    assert_reports(
        &BASE.replace("port = 8080", "port = 8080\nlanguage = \"custom\""),
        "runs no tests in CI",
    );
}

#[test]
fn target_group_names_over_32_characters_are_refused() {
    // 31 characters fit; 34 do not, and the help says by how much to shorten.
    assert!(
        diagnostics(&BASE.replace("[services.api]", "[services.payments-gateway-sv]")).is_empty()
    );
    let found = diagnostics(&BASE.replace("[services.api]", "[services.payments-gateway-service]"));
    assert!(
        found.iter().any(|d| d.message.contains(
            "`shop-prod-payments-gateway-service` would be 34 characters; AWS allows 32"
        )),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|d| d
            .help
            .as_deref()
            .is_some_and(|h| h.contains("by 2 characters"))),
        "{found:#?}"
    );
}

#[test]
fn secret_reference_rules() {
    let secret = |reference: &str| {
        BASE.replace(
            "port = 8080",
            &format!("port = 8080\nsecrets = {{ X = \"{reference}\" }}"),
        )
    };
    assert_reports(
        &secret("database:password"),
        "refers to a database, but there is none",
    );
    assert_reports(
        &secret("cache:auth_token"),
        "refers to a cache, but there is none",
    );
    assert_reports(
        &secret("database:pass"),
        "is not a value the database provides",
    );
    assert_reports(&secret("secret:stripe"), "there is no secret `stripe`");
    assert_reports(&secret("vault:x"), "is not a secret reference");
    assert_reports(
        &format!(
            "{}\n[cache]\ntransit_encryption = false\n",
            secret("cache:auth_token")
        ),
        "no auth token because `transit_encryption` is off",
    );
    assert_reports(
        &format!("{}\n[secrets.stripe]\n", secret("secret:stripe:")),
        "the JSON key after the second `:` is empty",
    );
    assert_reports(
        &(BASE.replace(
            "port = 8080",
            "port = 8080\nenvironment = { X = \"1\" }\nsecrets = { X = \"secret:s\" }",
        ) + "\n[secrets.s]\n"),
        "is both a plain variable and a secret",
    );
}

#[test]
fn container_user_kafka_and_log_key_rules() {
    assert_reports(
        &BASE.replace("port = 8080", "port = 80"),
        "a non-root container cannot listen on port 80",
    );
    assert_reports(
        &BASE.replace("port = 8080", "port = 8080\nuser = \"root\""),
        "the container runs as root",
    );
    assert_reports(
        &BASE.replace("port = 8080", "port = 8080\nuser = \"a b\""),
        "is not a container user",
    );
    assert_reports(
        &BASE.replace("port = 8080", "port = 8080\nkafka = true"),
        "there is no `[kafka]` cluster",
    );
    assert_reports(
        &with("[observability]\nlog_kms = true"),
        "KMS-encrypted logs need the environment's `account_id`",
    );
    // Built images run as a non-root user unless told otherwise; external images as their own.
    let loaded = load(&SourceFile::new(
        "case.toml",
        with("[services.proxy]\nport = 8081\nimage = \"nginx:1.27\"\npaths = [\"/p/*\"]"),
    ))
    .expect("valid");
    let dev = &loaded.blueprint.environments[0];
    assert_eq!(dev.services[0].user.as_deref(), Some("1000:1000"));
    assert_eq!(dev.services[1].user, None);
}
