//! Every generated Kubernetes manifest validates offline against the OpenAPI schemas of its
//! cluster's Kubernetes version (kubernetes-validate, from `scripts/tools.sh`), the
//! SecretProviderClass against the CRD's schema (check-jsonschema), and every kustomization
//! builds (`kubectl kustomize`, when kubectl is installed) into objects that validate too.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use plinth_blueprint::model::{Compute, Environment};
use plinth_blueprint::{SourceFile, load};
use plinth_tests::{display_path, repo_root, toml_files};

/// Runs a checker, returning its combined output, or panicking with it when it fails.
fn check(command: &mut Command, what: &str) -> String {
    let output = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{what} failed:\n{text}");
    text
}

/// A `terraform.env` like the one the deploy step writes from the workload's SSM parameter.
fn fake_terraform_env(env: &Environment, service: &plinth_blueprint::model::Service) -> String {
    let mut text = String::new();
    for name in service.variables(env).into_iter().map(|v| v.name) {
        let _ = writeln!(text, "{name}=example-{}", name.to_ascii_lowercase());
    }
    if !service.secrets.is_empty() {
        let _ = writeln!(
            text,
            "{}=[{{\"objectName\":\"arn:aws:secretsmanager:{}:123456789012:secret:example\",\"objectType\":\"secretsmanager\"}}]",
            plinth_blueprint::model::SECRET_OBJECTS_KEY,
            env.region
        );
    }
    text
}

#[test]
#[cfg_attr(
    any(skip_kubernetes_validate, skip_check_jsonschema),
    ignore = "PLINTH_SKIP names kubernetes-validate or check-jsonschema"
)]
fn every_manifest_validates_against_its_cluster_version() {
    let bin = plinth_tests::checks::tool("kubernetes-validate", "kubernetes-validate")
        .parent()
        .expect("a bin directory")
        .to_path_buf();
    plinth_tests::checks::tool("check-jsonschema", "check-jsonschema");
    let kubectl = if plinth_tests::checks::skip_requested("kubectl") {
        plinth_tests::checks::announce_skip("kubectl", "the kustomize builds of the EKS manifests");
        None
    } else {
        Some(plinth_tests::checks::kubectl())
    };
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("kubernetes");
    let _ = std::fs::remove_dir_all(&work);
    let mut checked = 0;
    for path in toml_files("blueprints") {
        let name = display_path(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let blueprint = load(&SourceFile::new(&name, text)).unwrap().blueprint;
        let out = work.join(path.file_stem().unwrap());
        for file in plinth_kubernetes::emit(&blueprint, &name) {
            let target = out.join(&file.path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, &file.contents).unwrap();
        }
        for env in &blueprint.environments {
            let Compute::Eks(eks) = &env.compute else {
                continue;
            };
            let version = format!("{}.0", eks.kubernetes_version);
            let dir = out.join("k8s").join(&env.name);
            let what = format!("{name} {}", env.name);
            let (objects, providers) = manifests(&dir);
            assert!(!objects.is_empty(), "{what}: no manifests");
            check(
                Command::new(bin.join("kubernetes-validate"))
                    .args(["-k", &version, "--strict", "--quiet"])
                    .args(&objects),
                &format!("{what}: kubernetes-validate"),
            );
            if !providers.is_empty() {
                check(
                    Command::new(bin.join("check-jsonschema"))
                        .arg("--schemafile")
                        .arg(repo_root().join("tests/schemas/secretproviderclass-v1.json"))
                        .args(&providers),
                    &format!("{what}: SecretProviderClass schema"),
                );
            }
            checked += objects.len() + providers.len();
            if let Some(kubectl) = kubectl {
                for service in &env.services {
                    let service_dir = dir.join(&service.name);
                    std::fs::write(
                        service_dir.join(plinth_kubernetes::TERRAFORM_ENV_FILE),
                        fake_terraform_env(env, service),
                    )
                    .unwrap();
                    let built = check(
                        Command::new(kubectl).arg("kustomize").arg(&service_dir),
                        &format!("{what}: kubectl kustomize {}", service.name),
                    );
                    if !service.secrets.is_empty() {
                        assert!(
                            built.contains("\"objectName\":\"arn:aws:secretsmanager:")
                                && !built.contains("replaced by kustomize"),
                            "{what}: {}: the secret objects were not moved into the SecretProviderClass:\n{built}",
                            service.name
                        );
                    }
                    let file = work.join(format!("built-{}-{}.yaml", env.name, service.name));
                    std::fs::write(&file, &built).unwrap();
                    check(
                        Command::new(bin.join("kubernetes-validate"))
                            .args(["-k", &version, "--strict", "--quiet"])
                            .arg(&file),
                        &format!("{what}: built {}", service.name),
                    );
                    if service.release.is_some() {
                        check_release_build(kubectl, &bin, &version, &service_dir, &built, &what);
                    }
                }
            }
        }
    }
    assert!(checked > 0, "no EKS blueprint in blueprints/");
}

/// Builds a service's release kustomization as the deploy step does and checks what it needs
/// of it: the service's own objects unchanged (`service_built`) plus the release Job and its
/// NetworkPolicy, the Job reading the same generated ConfigMap as the Deployment, every object
/// valid for the cluster version.
fn check_release_build(
    kubectl: &Path,
    bin: &Path,
    version: &str,
    service_dir: &Path,
    service_built: &str,
    what: &str,
) {
    let release_dir = service_dir
        .parent()
        .unwrap()
        .join(plinth_kubernetes::RELEASES_DIR)
        .join(service_dir.file_name().unwrap());
    let built = check(
        Command::new(kubectl).arg("kustomize").arg(&release_dir),
        &format!("{what}: kubectl kustomize {}", release_dir.display()),
    );
    let documents: Vec<&str> = service_built.split("\n---\n").collect();
    for document in &documents {
        assert!(
            built.contains(document.trim()),
            "{what}: the release build changes the service's object:\n{document}\n\nbuilt:\n{built}"
        );
    }
    let config_map = documents
        .iter()
        .find(|d| d.contains("kind: ConfigMap"))
        .and_then(|d| d.lines().find_map(|l| l.strip_prefix("  name: ")))
        .unwrap_or_else(|| panic!("{what}: no generated ConfigMap in\n{service_built}"));
    let job = built
        .split("\n---\n")
        .find(|d| d.contains("kind: Job"))
        .unwrap_or_else(|| panic!("{what}: no release Job in\n{built}"));
    assert!(
        job.contains(&format!("name: {config_map}")),
        "{what}: the release Job does not read the generated ConfigMap {config_map}:\n{job}"
    );
    // The service's Service, disruption budget and autoscaler select its pods by this label.
    let selector = format!(
        "app.kubernetes.io/name: {}",
        service_dir.file_name().unwrap().to_string_lossy()
    );
    assert!(
        !job.lines().any(|line| line.trim() == selector),
        "{what}: the release pod carries the service's selector label:\n{job}"
    );
    let file = release_dir.join("built.yaml");
    std::fs::write(&file, &built).unwrap();
    check(
        Command::new(bin.join("kubernetes-validate"))
            .args(["-k", version, "--strict", "--quiet"])
            .arg(&file),
        &format!("{what}: built {}", release_dir.display()),
    );
    std::fs::remove_file(&file).unwrap();
}

/// The manifests under `dir`: Kubernetes objects, and SecretProviderClasses (a CRD).
fn manifests(dir: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut objects = Vec::new();
    let mut providers = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .file_name()
                .is_some_and(|n| n == "secretproviderclass.yaml")
            {
                providers.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml")
                && path.file_name().is_some_and(|n| n != "kustomization.yaml")
            {
                objects.push(path);
            }
        }
    }
    objects.sort();
    providers.sort();
    (objects, providers)
}
