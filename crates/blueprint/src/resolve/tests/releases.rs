//! Release commands: what the deploy runs first with each new image of a web service or worker.

use super::{BASE, assert_reports, diagnostics, with};

const RELEASE: &str = "release_command = [\"php\", \"artisan\", \"migrate\", \"--force\"]";

fn api_with(extra: &str) -> String {
    BASE.replace("port = 8080", &format!("port = 8080\n{extra}"))
}

#[test]
fn a_release_command_takes_its_default_timeout() {
    let text = api_with(RELEASE);
    let loaded = crate::load(&crate::SourceFile::new("case.toml", &text)).expect("valid");
    let release = loaded.blueprint.environments[0].services[0]
        .release
        .as_ref()
        .expect("a release");
    assert_eq!(release.command, ["php", "artisan", "migrate", "--force"]);
    assert_eq!(release.timeout_seconds, 900);
    // Without the key there is none.
    let plain = crate::load(&crate::SourceFile::new("case.toml", BASE)).expect("valid");
    assert!(
        plain.blueprint.environments[0].services[0]
            .release
            .is_none()
    );
}

#[test]
fn a_worker_may_have_one_and_an_environment_may_set_its_own() {
    let text = with(&format!(
        "[services.mailer]\nkind = \"worker\"\ndockerfile = \"Dockerfile\"\n{RELEASE}\nrelease_timeout_seconds = 120\n\n\
         [env.prod.services.mailer]\nrelease_command = [\"./bin/release\", \"--prod\"]\n"
    ));
    let loaded = crate::load(&crate::SourceFile::new("case.toml", &text))
        .unwrap_or_else(|d| panic!("{d:#?}"));
    let [dev, prod] = loaded.blueprint.environments.as_slice() else {
        panic!("two environments")
    };
    let dev = dev.services[1].release.as_ref().expect("dev release");
    let prod = prod.services[1].release.as_ref().expect("prod release");
    assert_eq!((dev.command.len(), dev.timeout_seconds), (4, 120));
    assert_eq!(prod.command, ["./bin/release", "--prod"]);
}

#[test]
fn release_commands_are_checked() {
    assert_reports(&api_with("release_command = []"), "names no program");
    assert_reports(&api_with("release_command = [\"\"]"), "names no program");
    assert_reports(
        &api_with(&format!("{RELEASE}\nrelease_timeout_seconds = 30")),
        "outside 60–3600",
    );
    assert_reports(
        &api_with(&format!("{RELEASE}\nrelease_timeout_seconds = 7200")),
        "outside 60–3600",
    );
    assert_reports(
        &api_with("release_timeout_seconds = 600"),
        "without a `release_command`",
    );
    let long = format!(
        "release_command = [\"sh\", \"-c\", \"{}\"]",
        "x".repeat(8200)
    );
    assert_reports(
        &api_with(&long),
        "as an ECS task override; at most 8192 fit",
    );
    assert_reports(
        &api_with("release_command = [\"echo\", \"${{ secrets.TOKEN }}\"]"),
        "`release_command` contains `${{`",
    );
}

#[test]
fn a_job_has_no_release_command() {
    let job = "[services.report]\nkind = \"job\"\ndockerfile = \"Dockerfile\"\nschedule = \"rate(1 hour)\"\n";
    // In the table that names the kind (the schema check) and through an overlay (the validator).
    assert_reports(
        &with(&format!("{job}{RELEASE}\n")),
        "`release_command` does not apply to a job",
    );
    assert_reports(
        &with(&format!(
            "{job}\n[env.prod.services.report]\nrelease_timeout_seconds = 60\n"
        )),
        "`release_timeout_seconds` does not apply to a job",
    );
    assert!(diagnostics(&with(job)).is_empty());
}

#[test]
fn on_eks_a_service_cannot_take_the_name_of_a_manifest_directory() {
    for name in ["namespace", "releases"] {
        let text = with(&format!(
            "[compute]\nplatform = \"eks\"\n\n[services.{name}]\nport = 8081\ndockerfile = \"Dockerfile\"\npublic = false\n"
        ));
        assert_reports(&text, &format!("a service cannot be named `{name}` on EKS"));
        // On ECS the name is free.
        let ecs = with(&format!(
            "[services.{name}]\nport = 8081\ndockerfile = \"Dockerfile\"\npublic = false\n"
        ));
        assert!(diagnostics(&ecs).is_empty(), "{:#?}", diagnostics(&ecs));
    }
}
