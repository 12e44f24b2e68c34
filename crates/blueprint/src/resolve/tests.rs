//! One case per validation rule: a blueprint with one mistake and the message it must produce.

use crate::{Diagnostic, SourceFile, load};

/// A valid blueprint the cases below modify.
const BASE: &str = r#"
[project]
name = "shop"
region = "eu-west-1"
environments = ["dev", "prod"]
repository = "acme/shop"

[services.api]
port = 8080
dockerfile = "Dockerfile"
"#;

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    match load(&SourceFile::new("case.toml", text)) {
        Ok(loaded) => loaded.warnings,
        Err(diagnostics) => diagnostics,
    }
}

/// Asserts that `text` produces a diagnostic containing `expected`, and that its span is inside
/// the text.
#[track_caller]
fn assert_reports(text: &str, expected: &str) {
    let found = diagnostics(text);
    assert!(
        found.iter().any(|d| d.message.contains(expected)),
        "expected a diagnostic containing {expected:?}, got {:#?}",
        found.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    for diagnostic in &found {
        let span = diagnostic.span.clone().unwrap_or(0..0);
        assert!(span.end <= text.len());
    }
}

fn with(extra: &str) -> String {
    format!("{BASE}\n{extra}\n")
}

#[test]
fn the_base_case_is_valid() {
    assert!(diagnostics(BASE).is_empty(), "{:#?}", diagnostics(BASE));
}

#[test]
fn tag_rules() {
    let tagged = |tags: &str| {
        BASE.replacen(
            "[project]\n",
            &format!("[project]\ntags = {{ {tags} }}\n"),
            1,
        )
    };
    assert!(diagnostics(&tagged("team = \"payments\"")).is_empty());
    assert_reports(&tagged("Project = \"x\""), "tag `Project` is set by plinth");
    assert_reports(&tagged("stack = \"x\""), "tag `stack` is set by plinth");
    assert_reports(&tagged("\"aws:team\" = \"x\""), "uses the `aws:` prefix");
    assert_reports(
        &tagged("team = \"a;b\""),
        "has characters AWS does not allow",
    );
}

#[test]
fn project_rules() {
    assert_reports(&BASE.replace("\"shop\"", "\"Shop_1\""), "is not DNS-safe");
    assert_reports(
        &BASE.replace("\"shop\"", "\"a-very-long-project-name\""),
        "the limit is 20",
    );
    assert_reports(
        &BASE.replace("eu-west-1", "eu-west-9"),
        "not an AWS region plinth supports",
    );
    assert_reports(
        &BASE.replace("acme/shop", "acme"),
        "is not a GitHub repository",
    );
    assert_reports(
        &BASE.replace("[\"dev\", \"prod\"]", "[\"dev\", \"dev\"]"),
        "is listed twice",
    );
    assert_reports(
        &BASE.replace("[\"dev\", \"prod\"]", "[]"),
        "at least one environment",
    );
    assert_reports(
        &BASE.replace("[\"dev\", \"prod\"]", "[\"Dev\"]"),
        "environment name `Dev` is not DNS-safe",
    );
    assert_reports(
        &with("[env.stage]\nproduction = true"),
        "configures an environment that is not declared",
    );
}

#[test]
fn environment_settings_rules() {
    assert_reports(
        &with("[env.prod]\naccount_id = \"12345\""),
        "is not an AWS account id",
    );
    assert_reports(
        &with("[env.prod]\nassume_role_arn = \"role/x\""),
        "is not an IAM role ARN",
    );
    assert_reports(
        &with(
            "[env.prod]\naccount_id = \"111111111111\"\nassume_role_arn = \"arn:aws:iam::222222222222:role/x\"",
        ),
        "the role is in account 222222222222",
    );
    assert_reports(
        &with("[env.prod]\nregion = \"mars-1\""),
        "not an AWS region plinth supports",
    );
}

#[test]
fn network_rules() {
    assert_reports(
        &with("[network]\ncidr = \"10.0.0/16\""),
        "is not an IPv4 CIDR block",
    );
    assert_reports(
        &with("[network]\ncidr = \"10.0.0.0/8\""),
        "between /16 and /24",
    );
    assert_reports(
        &with("[network]\ncidr = \"10.0.0.0/25\""),
        "between /16 and /24",
    );
    assert_reports(
        &with("[network]\ncidr = \"10.0.1.0/16\""),
        "has host bits set",
    );
    assert_reports(
        &with(
            "[network]\ncidr = \"10.0.0.0/24\"\navailability_zones = [\"eu-west-1a\", \"eu-west-1b\", \"eu-west-1c\", \"eu-west-1a\", \"eu-west-1b\", \"eu-west-1c\"]",
        ),
        "has no room for 18 subnets",
    );
    assert_reports(
        &with("[network]\navailability_zones = [\"eu-west-1a\"]"),
        "at least two availability zones",
    );
    assert_reports(
        &with("[network]\navailability_zones = [\"eu-west-1a\", \"us-east-1b\"]"),
        "is not an availability zone of eu-west-1",
    );
    assert_reports(
        &with("[network]\navailability_zones = [\"eu-west-1a\", \"eu-west-1a\"]"),
        "is listed twice",
    );
    assert_reports(
        &with("[network]\nnat = \"none\"\nendpoints = [\"s3\"]"),
        "without NAT, tasks cannot pull images",
    );
    assert_reports(
        &with("[network]\ncidr = \"8.8.0.0/16\""),
        "is not a private (RFC 1918) range",
    );
}

#[test]
fn compute_rules() {
    assert_reports(
        &with("[compute]\nnode_groups.a.min_size = 1"),
        "`compute.node_groups` applies only to EKS",
    );
    assert_reports(
        &with("[compute]\nkubernetes_version = \"1.35\""),
        "`compute.kubernetes_version` applies only to EKS",
    );
    assert_reports(
        &with("[compute]\nplatform = \"eks\"\nfargate_spot_percent = 20"),
        "`compute.fargate_spot_percent` applies only to ECS",
    );
    assert_reports(
        &with("[compute]\nfargate_spot_percent = 101"),
        "is a percentage",
    );
    assert_reports(
        &with("[compute]\nplatform = \"eks\"\nkubernetes_version = \"1.20\""),
        "EKS does not offer Kubernetes `1.20`",
    );
    assert_reports(
        &with("[compute]\nplatform = \"eks\"\npublic_endpoint = true"),
        "needs `public_access_cidrs`",
    );
    assert_reports(
        &with("[compute]\nplatform = \"eks\"\nadmins = [\"bob\"]"),
        "is not an IAM principal ARN",
    );
    assert_reports(
        &with("[compute]\nplatform = \"eks\"\n[compute.node_groups.a]\nmin_size = 3\nmax_size = 2"),
        "node group sizes must satisfy",
    );
    assert_reports(
        &with(
            "[compute]\nplatform = \"eks\"\n[compute.node_groups.a]\ninstance_types = [\"large\"]",
        ),
        "is not an EC2 instance type",
    );
    assert_reports(
        &with("[compute]\nplatform = \"eks\"\n[compute.node_groups.A]"),
        "node group name `A` is not DNS-safe",
    );
}

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
fn database_rules() {
    assert_reports(&with("[database]\nversion = \"16.9\""), "needs an `engine`");
    assert_reports(
        &with("[database]\nengine = \"postgres\"\nversion = \"9.6\""),
        "AWS does not offer postgres version `9.6`",
    );
    assert_reports(
        &with("[database]\nengine = \"aurora-postgresql\"\ninstance_class = \"db.t3.micro\""),
        "is not an instance class aurora-postgresql offers",
    );
    assert_reports(
        &with("[database]\nengine = \"postgres\"\ninstances = 2"),
        "applies only to Aurora",
    );
    assert_reports(
        &with("[database]\nengine = \"aurora-mysql\"\nstorage_gb = 50"),
        "does not apply to Aurora",
    );
    assert_reports(
        &with("[database]\nengine = \"aurora-postgresql\"\nserverless = { min_capacity = 0.5 }"),
        "needs `max_capacity`",
    );
    assert_reports(
        &with(
            "[database]\nengine = \"aurora-postgresql\"\nserverless = { min_capacity = 8, max_capacity = 4 }",
        ),
        "is above `max_capacity`",
    );
    assert_reports(
        &with("[database]\nengine = \"aurora-postgresql\"\nserverless = { max_capacity = 4.25 }"),
        "in steps of 0.5",
    );
    assert_reports(
        &with(
            "[database]\nengine = \"aurora-postgresql\"\nserverless = { max_capacity = 4 }\ninstance_class = \"db.r7g.large\"",
        ),
        "use the class `db.serverless`",
    );
    assert_reports(
        &with("[database]\nengine = \"aurora-postgresql\"\ninstance_class = \"db.serverless\""),
        "needs a `serverless` capacity range",
    );
    assert_reports(
        &with("[database]\nengine = \"aurora-postgresql\"\nmulti_az = true\ninstances = 1"),
        "Multi-AZ Aurora needs at least 2 instances",
    );
    assert_reports(
        &with("[database]\nengine = \"postgres\"\nstorage_gb = 10"),
        "between 20 and 65536 GiB",
    );
    assert_reports(
        &with("[database]\nengine = \"postgres\"\nstorage_gb = 100\nmax_storage_gb = 50"),
        "is below `storage_gb`",
    );
    assert_reports(
        &with("[database]\nengine = \"postgres\"\nbackup_retention_days = 0"),
        "backups are kept 1 to 35 days",
    );
    assert_reports(
        &with("[database]\nengine = \"postgres\"\nmonitoring_interval = 7"),
        "does not support 7 seconds",
    );
    assert_reports(
        &with("[database]\nengine = \"postgres\"\ndatabase_name = \"my-db\""),
        "is not a valid database name",
    );
    assert_reports(
        &with("[env.prod.database]\nengine = \"postgres\"\ndeletion_protection = false"),
        "deletion protection is off",
    );
}

#[test]
fn cache_rules() {
    assert_reports(
        &with("[cache]\nengine = \"redis\"\nversion = \"5.0\""),
        "ElastiCache does not offer redis `5.0`",
    );
    assert_reports(
        &with("[cache]\nnode_type = \"t4g.micro\""),
        "is not an ElastiCache node type",
    );
    assert_reports(&with("[cache]\nreplicas = 6"), "at most 5 replicas");
    assert_reports(
        &with("[cache]\nreplicas = 0\nmulti_az = true"),
        "needs at least one replica",
    );
    assert_reports(
        &with("[cache]\nsnapshot_retention_days = 40"),
        "at most 35 days",
    );
}

#[test]
fn storage_and_secret_rules() {
    assert_reports(
        &with("[buckets.Media]"),
        "bucket name `Media` is not DNS-safe",
    );
    assert_reports(
        &with("[buckets.uploads]\nlifecycle = [{ prefix = \"x/\" }]"),
        "without any action does nothing",
    );
    assert_reports(
        &with("[buckets.uploads]\nlifecycle = [{ transition_to_ia_days = 10 }]"),
        "after 30 days at the earliest",
    );
    assert_reports(
        &with("[buckets.uploads]\nlifecycle = [{ transition_to_ia_days = 60, expire_days = 30 }]"),
        "`expire_days` (30) must be at least 30 days after",
    );
    assert_reports(&with("[secrets.\"a b\"]"), "secret name `a b` is not valid");
    assert_reports(
        &with("[kafka]\nversion = \"three\""),
        "Amazon MSK does not create clusters with Kafka `three`",
    );
    assert_reports(
        &with("[kafka]\ninstance_type = \"m5.large\""),
        "is not an MSK broker type",
    );
    assert_reports(
        &with("[kafka]\nbrokers_per_az = 0"),
        "at least one broker per zone",
    );
}

#[test]
fn operations_rules() {
    assert_reports(&with("[dns]\nzone_id = \"Z123\""), "needs a `domain`");
    assert_reports(
        &with("[dns]\ndomain = \"shop.example.com\""),
        "needs the Route 53 `zone_id`",
    );
    assert_reports(
        &with("[dns]\ndomain = \"Shop\"\nzone_id = \"Z123\""),
        "is not a domain name",
    );
    assert_reports(
        &with("[dns]\ndomain = \"shop.example.com\"\nzone_id = \"/hostedzone/Z1\""),
        "is not a Route 53 hosted zone id",
    );
    assert_reports(
        &with("[observability]\nlog_retention_days = 45"),
        "cannot keep logs for 45 days",
    );
    assert_reports(
        &with("[observability]\nemails = [\"ops\"]"),
        "is not an email address",
    );
    assert_reports(
        &with("[observability.alarms]\ncpu_percent = 0"),
        "is a percentage from 1 to 100",
    );
    assert_reports(
        &with("[observability.alarms]\nperiod_seconds = 45"),
        "cannot use a 45-second period",
    );
    assert_reports(
        &with("[observability.alarms]\nevaluation_periods = 0"),
        "must be at least 1",
    );
    assert_reports(
        &with("[budget]\nmonthly_limit_usd = 0"),
        "must be a positive amount",
    );
    assert_reports(
        &with("[budget]\nmonthly_limit_usd = 10\nactual_thresholds = [0]"),
        "is outside (0, 1000]",
    );
    assert_reports(
        &with("[budget]\nmonthly_limit_usd = 10\nforecast_thresholds = [1000.5]"),
        "is outside (0, 1000]",
    );
    assert_reports(
        &with("[budget]\nmonthly_limit_usd = 10"),
        "no email address is set",
    );
    assert_reports(
        &with("[state]\nbucket = \"My_Bucket\""),
        "is not a valid S3 bucket name",
    );
    assert_reports(
        &with("[state]\nkey_prefix = \"/x\""),
        "must not start or end with `/`",
    );
    assert_reports(&with("[waf]\nrate_limit = 10"), "WAF rate limits are 100");
    assert_reports(
        &with("[compute]\nplatform = \"eks\"\n[waf]"),
        "`[waf]` is not supported with EKS yet",
    );
    assert!(
        !diagnostics(&with(
            "[compute]\nplatform = \"eks\"\n[waf]\nenabled = false"
        ))
        .iter()
        .any(|d| d.message.contains("WAF") || d.message.contains("waf")),
        "a disabled web ACL is allowed on EKS"
    );
}

#[test]
fn thresholds_at_the_boundaries_are_accepted() {
    let text = with(
        "[observability]\nemails = [\"ops@example.com\"]\n[budget]\nmonthly_limit_usd = 10\nactual_thresholds = [0.01, 1000]",
    );
    assert!(diagnostics(&text).is_empty(), "{:#?}", diagnostics(&text));
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

#[test]
fn lifecycle_and_budget_limits_match_aws() {
    assert_reports(
        &with(
            "[buckets.uploads]\nlifecycle = [{ transition_to_ia_days = 30, transition_to_glacier_days = 45 }]",
        ),
        "`transition_to_glacier_days` (45) must be at least 30 days after `transition_to_ia_days` (30)",
    );
    assert_reports(
        &with(
            "[observability]\nemails = [\"ops@example.com\"]\n[budget]\nmonthly_limit_usd = 10\nactual_thresholds = [10, 20, 30, 40, 50, 60, 70, 80]\nforecast_thresholds = [90, 100, 110]",
        ),
        "a budget has at most 10 notifications; these thresholds make 11",
    );
}

#[test]
fn rename_rules() {
    assert_reports(
        &with("[services.web]\nport = 80\nimage = \"nginx:1.27\"\nrenamed_from = \"web\""),
        "service `web` is renamed from itself",
    );
    assert_reports(
        &with("[services.web]\nport = 80\nimage = \"nginx:1.27\"\nrenamed_from = \"api\""),
        "`api` is still a service of this blueprint",
    );
    assert_reports(
        &with(
            "[services.web]\nport = 80\npaths = [\"/w\"]\nimage = \"nginx:1.27\"\nrenamed_from = \"old\"\n\
             [services.www]\nport = 80\npaths = [\"/x\"]\nimage = \"nginx:1.27\"\nrenamed_from = \"old\"",
        ),
        "services `web` and `www` are both renamed from `old`",
    );
    assert_reports(
        &with("[buckets.media]\nrenamed_from = \"Uploads\""),
        "bucket name `Uploads` is not DNS-safe",
    );
    assert_reports(
        &with("[secrets.stripe]\nrenamed_from = \"bad name\""),
        "secret name `bad name` is not valid",
    );
    assert_reports(
        &with("[env.prod]\nrenamed_from = \"dev\""),
        "`dev` is still an environment of this blueprint",
    );
}

#[test]
fn renames_keep_the_aws_identity_of_the_old_key() {
    let text = with(
        "[buckets.media]\nrenamed_from = \"uploads\"\n\
         [secrets.partner]\nrenamed_from = \"api-key\"\n\
         [env.prod]\nrenamed_from = \"production\"",
    );
    let loaded = load(&SourceFile::new("case.toml", &text)).expect("valid");
    let prod = &loaded.blueprint.environments[1];
    assert_eq!(prod.name, "prod");
    assert_eq!(prod.names.prefix, "shop-production");
    assert_eq!(prod.state.key, "shop/production/terraform.tfstate");
    assert_eq!(prod.buckets[0].name, "media");
    assert_eq!(prod.buckets[0].identity(), "uploads");
    // `-bef4b9db`: the hash of the repository, which makes bucket names globally unique.
    assert_eq!(
        prod.buckets[0].bucket_name,
        "shop-production-uploads-bef4b9db"
    );
    assert_eq!(prod.secrets[0].identity(), "api-key");
    assert_eq!(prod.secrets[0].secret_name, "shop-production/api-key");
    let dev = &loaded.blueprint.environments[0];
    assert_eq!(dev.names.prefix, "shop-dev");
}
