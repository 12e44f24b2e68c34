//! The project table, its tags and the environments' own settings.

use super::{BASE, assert_reports, diagnostics, with};

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
