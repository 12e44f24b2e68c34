//! `renamed_from` on services, buckets, secrets and environments.

use crate::{SourceFile, load};

use super::{assert_reports, with};

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
