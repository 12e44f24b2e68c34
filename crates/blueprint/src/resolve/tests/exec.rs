//! ECS Exec: opt-in per environment, ECS only, with a writable root filesystem.

use super::{BASE, assert_reports, diagnostics, with};

const DEV_EXEC: &str = "[env.dev.services.api]\nexec = true\nread_only_root_filesystem = false\n";

#[test]
fn exec_is_off_by_default_and_on_where_an_environment_turns_it_on() {
    let loaded = crate::load(&crate::SourceFile::new("case.toml", with(DEV_EXEC)))
        .unwrap_or_else(|d| panic!("{d:#?}"));
    let [dev, prod] = loaded.blueprint.environments.as_slice() else {
        panic!("two environments")
    };
    assert!(dev.services[0].exec && !prod.services[0].exec);
    let plain = crate::load(&crate::SourceFile::new("case.toml", BASE)).expect("valid");
    assert!(!plain.blueprint.environments[0].services[0].exec);
}

#[test]
fn exec_needs_a_writable_root_filesystem() {
    assert_reports(
        &with("[env.dev.services.api]\nexec = true\n"),
        "ECS Exec needs a writable root filesystem",
    );
}

#[test]
fn exec_in_production_is_allowed_with_a_warning() {
    let text = with(&DEV_EXEC.replace("env.dev", "env.prod"));
    let loaded = crate::load(&crate::SourceFile::new("case.toml", &text))
        .unwrap_or_else(|d| panic!("{d:#?}"));
    assert!(
        loaded.warnings.iter().any(|w| w
            .message
            .contains("ECS Exec is on in a production-like environment")),
        "{:#?}",
        loaded.warnings
    );
}

#[test]
fn exec_is_refused_on_eks_and_on_jobs() {
    let eks = with(&format!("[compute]\nplatform = \"eks\"\n\n{DEV_EXEC}"));
    assert_reports(&eks, "`exec` is for ECS services");
    let job = "[services.report]\nkind = \"job\"\ndockerfile = \"Dockerfile\"\nschedule = \"rate(1 hour)\"\nexec = true\n";
    assert_reports(&with(job), "`exec` does not apply to a job");
    assert!(diagnostics(&with(DEV_EXEC)).is_empty());
}
