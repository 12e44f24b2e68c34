//! The state backend and the bootstrap roots as they must be for the first apply to succeed in
//! the order the generated README gives, and for pull requests to hold no write access: each test
//! names the issue-19 item it pins.

use plinth_blueprint::{SourceFile, load};

/// The generated tree of `text`, as (path, contents).
fn tree(text: &str) -> Vec<(String, String)> {
    let loaded = load(&SourceFile::new("app.toml", text)).expect("valid blueprint");
    plinth_terraform::emit(&loaded.blueprint, "app.toml")
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

fn file<'a>(tree: &'a [(String, String)], path: &str) -> &'a str {
    let Some((_, contents)) = tree.iter().find(|(p, _)| p == path) else {
        panic!("{path} is not generated");
    };
    contents
}

const SINGLE_ACCOUNT: &str = r#"
[project]
name = "shop"
region = "eu-west-1"
repository = "acme/shop"

[services.web]
port = 8080
dockerfile = "Dockerfile"
"#;

/// Three accounts sharing one state bucket in the first, as `blueprints/full-ecs.toml` does.
const THREE_ACCOUNTS: &str = r#"
[project]
name = "shop"
region = "eu-west-1"
repository = "acme/shop"
environments = ["dev", "staging", "prod"]

[services.web]
port = 8080
dockerfile = "Dockerfile"

[state]
bucket = "acme-shop-terraform-state"

[env.dev]
account_id = "111111111111"

[env.staging]
account_id = "222222222222"

[env.prod]
account_id = "333333333333"
"#;

#[test]
fn item_20_the_backend_encrypts_state_with_the_state_key() {
    let single = tree(SINGLE_ACCOUNT);
    let backend = file(&single, "envs/dev/backend.tf");
    assert!(backend.contains("encrypt      = true"), "{backend}");
    // No account pinned: the alias name resolves in the caller's account, the bucket's.
    assert!(
        backend.contains("kms_key_id   = \"alias/shop-tfstate-bef4b9db-state\""),
        "{backend}"
    );
    let three = tree(THREE_ACCOUNTS);
    let backend = file(&three, "envs/staging/backend.tf");
    // Another account's bucket: the alias ARN names the bucket's account, 111111111111.
    assert!(
        backend.contains(
            "kms_key_id   = \"arn:aws:kms:eu-west-1:111111111111:alias/acme-shop-terraform-state-state\""
        ),
        "{backend}"
    );
}

#[test]
fn item_6_state_and_app_buckets_are_unique_without_a_pinned_account() {
    let text = format!("{SINGLE_ACCOUNT}\n[buckets.uploads]\n");
    let single = tree(&text);
    assert!(
        file(&single, "envs/dev/backend.tf").contains("bucket       = \"shop-tfstate-bef4b9db\"")
    );
    assert!(
        file(&single, "bootstrap/default/main.tf")
            .contains("bucket_name             = \"shop-tfstate-bef4b9db\"")
    );
    assert!(file(&single, "envs/prod/main.tf").contains("\"shop-prod-uploads-bef4b9db\""));
    // Trees generated before called the state module after `shop-tfstate`: the move keeps the
    // old bucket in the configuration, where prevent_destroy refuses its replacement.
    let bootstrap = file(&single, "bootstrap/default/main.tf");
    assert!(
        bootstrap.contains(
            "moved {\n  from = module.state_shop_tfstate\n  to   = module.state_shop_tfstate_bef4b9db\n}"
        ),
        "{bootstrap}"
    );
    // Renaming an application bucket that holds data is refused by the manifest check.
    let blueprint = load(&SourceFile::new("app.toml", &text))
        .expect("valid")
        .blueprint;
    let mut before = plinth_terraform::stateful::stateful_resources(&blueprint);
    for resource in &mut before {
        if resource.kind == "S3 bucket" {
            let old = resource.name.trim_end_matches("-bef4b9db").to_owned();
            resource.name.clone_from(&old);
            resource.replaced_when_changed.insert("name".into(), old);
        }
    }
    let refused = plinth_terraform::stateful::destructive_changes(&before, &blueprint);
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(
        refused[0]
            .to_string()
            .contains("changes `name` from `shop-dev-uploads` to `shop-dev-uploads-bef4b9db`")
    );
    let three = tree(
        THREE_ACCOUNTS
            .replace("[state]\nbucket = \"acme-shop-terraform-state\"\n", "")
            .as_str(),
    );
    assert!(
        file(&three, "envs/prod/backend.tf")
            .contains("bucket       = \"shop-tfstate-333333333333\"")
    );
}

#[test]
fn item_8_the_state_bucket_is_created_where_the_backends_look_for_it() {
    // An environment in another region keeps its state in the project's region, where its
    // account's bootstrap root creates the bucket.
    let text = format!("{SINGLE_ACCOUNT}\n[env.prod]\nregion = \"us-east-1\"\n");
    let single = tree(&text);
    assert!(file(&single, "envs/prod/backend.tf").contains("region       = \"eu-west-1\""));
    assert!(file(&single, "envs/prod/providers.tf").contains("region = \"us-east-1\""));
    let bootstrap = file(&single, "bootstrap/default/providers.tf");
    assert!(bootstrap.contains("region = \"eu-west-1\""), "{bootstrap}");
    // A bucket in another region than the project's gets a provider there.
    let text = format!("{SINGLE_ACCOUNT}\n[state]\nregion = \"eu-central-1\"\n");
    let moved = tree(&text);
    assert!(file(&moved, "envs/dev/backend.tf").contains("region       = \"eu-central-1\""));
    let providers = file(&moved, "bootstrap/default/providers.tf");
    assert!(
        providers.contains("alias  = \"eu_central_1\""),
        "{providers}"
    );
    assert!(
        providers.contains("region = \"eu-central-1\""),
        "{providers}"
    );
    let main = file(&moved, "bootstrap/default/main.tf");
    assert!(main.contains("aws = aws.eu_central_1"), "{main}");
}

#[test]
fn item_2_and_3_the_state_account_bootstraps_first_and_other_accounts_can_use_its_key() {
    let three = tree(THREE_ACCOUNTS);
    let state_account = file(&three, "bootstrap/111111111111/main.tf");
    // The module admits these through their account roots (state-bucket tests), so the roles
    // need not exist when 111111111111 is applied first.
    assert!(state_account.contains(
        "reader_writer_role_arns = [\"arn:aws:iam::222222222222:role/shop-staging-github\", \"arn:aws:iam::333333333333:role/shop-prod-github\"]"
    ));
    // staging is not production-like: its read-only plan role reads the state too.
    assert!(state_account.contains(
        "reader_role_arns        = [\"arn:aws:iam::222222222222:role/shop-staging-github-plan\"]"
    ), "{state_account}");
    let other = file(&three, "bootstrap/222222222222/main.tf");
    assert!(other.contains(
        "state_kms_key_alias_arn = \"arn:aws:kms:eu-west-1:111111111111:alias/acme-shop-terraform-state-state\""
    ), "{other}");
    let module = file(&three, "modules/state-bucket/main.tf");
    assert!(module.contains("aws:PrincipalArn"));
    // The README (assembled by the CLI crate) says the bootstrap roots may run in any order.
}

#[test]
fn item_19_pull_requests_get_a_read_only_plan_role_only_outside_production() {
    let single = tree(SINGLE_ACCOUNT);
    let main = file(&single, "bootstrap/default/main.tf");
    let dev = &main[main.find("module \"deploy_dev\"").expect("dev role")..];
    let dev = &dev[..dev.find("\n}\n").expect("block end")];
    assert!(dev.contains("pull_request_plan_role = true"), "{dev}");
    let prod = &main[main.find("module \"deploy_prod\"").expect("prod role")..];
    assert!(!prod.contains("pull_request_plan_role"), "{prod}");
    assert!(
        file(&single, "bootstrap/default/outputs.tf")
            .contains("dev = module.deploy_dev.plan_role_arn")
    );
    let role = file(&single, "modules/github-deploy-role/main.tf");
    assert!(!role.contains(
        "refs/heads/${var.default_branch}\",\n    \"${local.subject_prefix}:pull_request"
    ));
}

#[test]
fn item_10_a_provider_role_is_assumable_by_the_deploy_role_only() {
    let text = format!(
        "{}\n[env.dev]\nassume_role_arn = \"arn:aws:iam::111111111111:role/plinth-terraform\"\n",
        THREE_ACCOUNTS.replace("[env.dev]\naccount_id = \"111111111111\"\n", "")
    )
    .replace("[env.dev]\n", "[env.dev]\naccount_id = \"111111111111\"\n");
    let three = tree(&text);
    let main = file(&three, "bootstrap/111111111111/main.tf");
    assert!(
        main.contains(
            "assume_role_arns     = [\"arn:aws:iam::111111111111:role/plinth-terraform\"]"
        ),
        "{main}"
    );
    // Its pull-request plan would act as that role, so dev gets no plan role.
    assert!(!main.contains("pull_request_plan_role"), "{main}");
    let providers = file(&three, "envs/dev/providers.tf");
    assert!(providers.contains(
        "# Terraform acts as this role, which must trust arn:aws:iam::111111111111:role/shop-dev-github"
    ), "{providers}");
}

#[test]
fn item_19_dns_records_are_scoped_to_the_environment_names() {
    let text = format!(
        "{SINGLE_ACCOUNT}\n[dns]\ndomain = \"dev.shop.example.com\"\nzone_id = \"Z0123456789ABCDEFGHIJ\"\n\
         [env.prod.dns]\ndomain = \"shop.example.com\"\nalternative_names = [\"www.shop.example.com\"]\n"
    );
    let single = tree(&text);
    let main = file(&single, "bootstrap/default/main.tf");
    assert!(
        main.contains("dns_record_names       = [\"dev.shop.example.com\"]"),
        "{main}"
    );
    assert!(
        main.contains("dns_record_names     = [\"shop.example.com\", \"www.shop.example.com\"]"),
        "{main}"
    );
}

/// Day 2 (tests/day2.rs): a renamed environment keeps its state key, so its deploy role keeps
/// the old key's permissions, and the bootstrap moves the role's module instead of replacing it.
#[test]
fn item_19_a_renamed_environment_keeps_its_roles_and_their_state_key() {
    let renamed = tree(&SINGLE_ACCOUNT.replace(
        "[services.web]",
        "environments = [\"development\", \"prod\"]\n\n[env.development]\nrenamed_from = \"dev\"\n\n[services.web]",
    ));
    let backend = file(&renamed, "envs/development/backend.tf");
    assert!(
        backend.contains("\"shop/dev/terraform.tfstate\""),
        "{backend}"
    );
    let main = file(&renamed, "bootstrap/default/main.tf");
    let role = &main[main
        .find("module \"deploy_development\"")
        .expect("the role")..];
    let role = &role[..role.find("\n}\n").expect("block end")];
    assert!(
        role.contains("github_environment      = \"development\""),
        "{role}"
    );
    assert!(role.contains("state_environment = \"dev\""), "{role}");
    assert!(
        main.contains("moved {\n  from = module.deploy_dev\n  to   = module.deploy_development\n}"),
        "{main}"
    );
    let prod = &main[main.find("module \"deploy_prod\"").expect("prod role")..];
    let prod = &prod[..prod.find("\n}\n").expect("block end")];
    assert!(!prod.contains("state_environment"), "{prod}");
}
