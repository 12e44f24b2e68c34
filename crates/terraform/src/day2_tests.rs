//! Tests of what must also apply and keep applying on day 2 (issue 19): each reads the emitted
//! root as Terraform would see it.

use plinth_blueprint::model::Architecture;
use plinth_blueprint::{SourceFile, load};

use crate::emit;

/// The files `text` compiles to, as `(path, contents)`.
fn generated(text: &str) -> Vec<(String, String)> {
    let loaded = load(&SourceFile::new("app.toml", text)).expect("valid blueprint");
    emit(&loaded.blueprint, "app.toml")
        .into_iter()
        .map(|file| (file.path, file.contents))
        .collect()
}

/// The contents of `path` in the tree `text` compiles to.
fn file(text: &str, path: &str) -> String {
    generated(text)
        .into_iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("{path} is not generated"))
        .1
}

/// The `module "<label>"` block of `main`, up to its closing brace.
fn module_block<'a>(main: &'a str, label: &str) -> &'a str {
    let start = main
        .find(&format!("module \"{label}\" {{"))
        .unwrap_or_else(|| panic!("no module {label}:\n{main}"));
    let end = main[start..]
        .find("\n}\n")
        .map_or(main.len(), |e| start + e + 3);
    &main[start..end]
}

/// Whether `block` sets `name = value`, whatever alignment `terraform fmt` gave it.
fn sets(block: &str, name: &str, value: &str) -> bool {
    block.lines().any(|line| {
        let mut parts = line.splitn(2, '=');
        parts.next().map(str::trim) == Some(name) && parts.next().map(str::trim) == Some(value)
    })
}

const ECS: &str = r#"
[project]
name = "shop"
region = "eu-west-1"
environments = ["dev", "prod"]

[network]
availability_zones = ["eu-west-1a", "eu-west-1b"]

[services.web]
port = 8080
image = "public.ecr.aws/nginx/nginx:1.27"
"#;

#[test]
fn a_service_reads_a_renamed_secret_under_its_old_key() {
    let text = format!(
        "{}secrets = {{ API_KEY = \"secret:partner-key\" }}\n\n[secrets.partner-key]\nrenamed_from = \"api-key\"\n",
        ECS.trim_start()
    );
    let main = file(&text, "envs/dev/main.tf");
    let service = module_block(&main, "service_web");
    assert!(
        service.contains("module.app_secrets.secret_arns[\"api-key\"]"),
        "{service}"
    );
    assert!(!service.contains("[\"partner-key\"]"), "{service}");
    assert!(main.contains("api-key = {"), "{main}");
}

const EKS: &str = r#"
[project]
name = "atlas"
region = "us-east-1"
environments = ["dev", "prod"]

[network]
availability_zones = ["us-east-1a", "us-east-1b"]

[compute]
platform = "eks"
kubernetes_version = "1.35"
admins = ["arn:aws:iam::123456789012:role/platform-admin"]

[compute.node_groups.general]
instance_types = ["m7g.large", "c7g.large"]

[compute.node_groups.x86]
instance_types = ["m6i.large"]

[services.web]
port = 8080
image = "public.ecr.aws/nginx/nginx:1.27"
"#;

#[test]
fn node_groups_follow_the_cluster_version_and_their_architecture() {
    let main = file(EKS, "envs/prod/main.tf");
    let graviton = module_block(&main, "node_group_general");
    assert!(
        graviton.contains("kubernetes_version = module.eks.cluster_version"),
        "{graviton}"
    );
    assert!(
        graviton.contains("ami_type       = \"AL2023_ARM_64_STANDARD\""),
        "{graviton}"
    );
    let x86 = module_block(&main, "node_group_x86");
    assert!(
        x86.contains("kubernetes_version = module.eks.cluster_version"),
        "{x86}"
    );
    assert!(x86.contains("\"AL2023_x86_64_STANDARD\""), "{x86}");
}

#[test]
fn the_cluster_version_is_never_upgraded_behind_terraform() {
    for env in ["dev", "prod"] {
        let main = file(EKS, &format!("envs/{env}/main.tf"));
        let cluster = module_block(&main, "eks");
        assert!(
            cluster.contains("support_type") && cluster.contains("\"EXTENDED\""),
            "{cluster}"
        );
    }
}

#[test]
fn only_production_protects_data_from_a_destroy() {
    let text = format!(
        "{}dockerfile = \"Dockerfile\"\nsecrets = {{ KEY = \"secret:api-key\", REDIS = \"cache:auth_token\" }}\n\
         [secrets.api-key]\n\n[buckets.media]\n\n[cache]\nengine = \"redis\"\n",
        ECS.trim_start()
            .replace("image = \"public.ecr.aws/nginx/nginx:1.27\"\n", "")
    );
    let dev = file(&text, "envs/dev/main.tf");
    let prod = file(&text, "envs/prod/main.tf");
    assert!(
        sets(module_block(&dev, "ecr"), "force_delete", "true"),
        "{dev}"
    );
    assert!(
        sets(module_block(&prod, "ecr"), "force_delete", "false"),
        "{prod}"
    );
    assert!(
        sets(module_block(&dev, "bucket_media"), "force_destroy", "true"),
        "{dev}"
    );
    assert!(
        sets(
            module_block(&prod, "bucket_media"),
            "force_destroy",
            "false"
        ),
        "{prod}"
    );
    assert!(
        sets(
            module_block(&dev, "app_secrets"),
            "recovery_window_days",
            "0"
        ),
        "{dev}"
    );
    assert!(
        sets(
            module_block(&prod, "app_secrets"),
            "recovery_window_days",
            "30"
        ),
        "{prod}"
    );
    assert!(
        sets(
            module_block(&dev, "cache"),
            "secret_recovery_window_days",
            "0"
        ),
        "{dev}"
    );
    assert!(
        sets(
            module_block(&prod, "cache"),
            "secret_recovery_window_days",
            "7"
        ),
        "{prod}"
    );
}

#[test]
fn an_opt_out_carries_a_checkov_skip_naming_the_blueprint_key() {
    let text = format!(
        "{}read_only_root_filesystem = false\n\n[compute]\ncontainer_insights = false\n\n\
         [buckets.media]\nversioning = false\n\n[buckets.logs]\n\n\
         [cache]\nengine = \"redis\"\ntransit_encryption = false\n",
        ECS.trim_start()
    );
    let main = file(&text, "envs/dev/main.tf");
    let expect = [
        (
            "bucket_media",
            "# checkov:skip=CKV_AWS_21:",
            "[buckets.media] versioning = false",
        ),
        (
            "ecs_cluster",
            "# checkov:skip=CKV_AWS_65:",
            "container_insights = false",
        ),
        (
            "cache",
            "# checkov:skip=CKV_AWS_30:",
            "transit_encryption = false",
        ),
        (
            "cache",
            "# checkov:skip=CKV_AWS_31:",
            "transit_encryption = false",
        ),
        (
            "service_web",
            "# checkov:skip=CKV_AWS_336:",
            "read_only_root_filesystem = false",
        ),
    ];
    for (module, skip, key) in expect {
        let block = module_block(&main, module);
        let line = block
            .lines()
            .find(|line| line.contains(skip))
            .unwrap_or_else(|| panic!("{module} lacks {skip}:\n{block}"));
        assert!(line.contains(key), "{line}");
    }
    // Only the opt-outs: a versioned bucket and a cache encrypted at rest keep their checks.
    assert!(!module_block(&main, "bucket_logs").contains("checkov:skip"));
    assert!(!module_block(&main, "cache").contains("CKV_AWS_29"));
    assert!(!file(ECS, "envs/dev/main.tf").contains("checkov:skip"));
}

#[test]
fn services_can_fetch_rotated_database_credentials_and_connect_with_iam() {
    let text = format!(
        "{}secrets = {{ DB_PASSWORD = \"database:password\" }}\n\n\
         [services.api-worker]\nport = 9000\nimage = \"public.ecr.aws/nginx/nginx:1.27\"\npublic = false\n\
         secrets = {{ DB_PASSWORD = \"database:password\" }}\n\n\
         [services.static]\nport = 80\nimage = \"public.ecr.aws/nginx/nginx:1.27\"\npaths = [\"/static/*\"]\n\n\
         [database]\nengine = \"postgres\"\niam_auth = true\n",
        ECS.trim_start()
    );
    let main = file(&text, "envs/dev/main.tf");
    let web = module_block(&main, "service_web");
    assert!(
        sets(
            web,
            "DATABASE_SECRET_ARN",
            "module.database.master_user_secret_arn"
        ),
        "{web}"
    );
    assert!(sets(web, "DATABASE_IAM_USER", "\"web\""), "{web}");
    assert!(
        web.contains(
            "task_policy_documents = [module.database.credentials_policy_json, module.database.iam_connect_policy_jsons[\"web\"]]"
        ),
        "{web}"
    );
    let worker = module_block(&main, "service_api_worker");
    assert!(
        sets(worker, "DATABASE_IAM_USER", "\"api_worker\""),
        "{worker}"
    );
    let database = module_block(&main, "database");
    assert!(
        sets(database, "iam_users", "[\"web\", \"api_worker\"]"),
        "{database}"
    );
    // A service that does not use the database gets neither the secret nor a user.
    let other = module_block(&main, "service_static");
    assert!(!other.contains("DATABASE_"), "{other}");
    assert!(!other.contains("module.database"), "{other}");
}

#[test]
fn without_iam_authentication_services_still_get_the_secret_to_refetch() {
    let text = format!(
        "{}secrets = {{ DB_PASSWORD = \"database:password\" }}\n\n[database]\nengine = \"postgres\"\n",
        ECS.trim_start()
    );
    let main = file(&text, "envs/dev/main.tf");
    let web = module_block(&main, "service_web");
    assert!(
        web.contains("task_policy_documents = [module.database.credentials_policy_json]"),
        "{web}"
    );
    assert!(!web.contains("DATABASE_IAM_USER"), "{web}");
    assert!(!module_block(&main, "database").contains("iam_users"));
}

/// The AMI type the node groups get follows these.
#[test]
fn graviton_families_are_arm() {
    for arm in [
        "m7g.large",
        "m7gd.xlarge",
        "c7gn.2xlarge",
        "r8g.large",
        "t4g.medium",
        "im4gn.large",
        "is4gen.large",
        "x2gd.large",
        "hpc7g.4xlarge",
        "g5g.xlarge",
        "a1.large",
        "m6g.metal",
    ] {
        assert!(Architecture::of(arm) == Architecture::Arm64, "{arm}");
    }
}

#[test]
fn other_families_are_x86() {
    for x86 in [
        "m7i.large",
        "m7a.large",
        "m6in.large",
        "c5.large",
        "g5.xlarge",
        "g4ad.xlarge",
        "z1d.large",
        "trn1.2xlarge",
        "inf2.xlarge",
        "t3.medium",
        "r7iz.large",
        "m5zn.large",
        "",
    ] {
        assert!(Architecture::of(x86) == Architecture::X86_64, "{x86}");
    }
}
