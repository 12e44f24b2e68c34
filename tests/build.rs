//! Turns `PLINTH_SKIP` (comma-separated check names, or `all`) into `skip_<check>` cfgs, so the
//! tests that need a skipped check compile as `#[ignore = "PLINTH_SKIP names <check>"]` and libtest
//! reports them as ignored instead of `ok`. An unknown name fails the build: a typo must not
//! quietly run (or skip) something else.

/// The checks `PLINTH_SKIP` may name; `tests/checks.rs` says what provides each.
const CHECKS: [&str; 10] = [
    "terraform",
    "moto",
    "checkov",
    "zizmor",
    "check-jsonschema",
    "kubernetes-validate",
    "shellcheck",
    "actionlint",
    "awscli",
    "kubectl",
];

fn cfg_name(check: &str) -> String {
    format!("skip_{}", check.replace('-', "_"))
}

fn main() {
    println!("cargo::rerun-if-env-changed=PLINTH_SKIP");
    for check in CHECKS {
        println!("cargo::rustc-check-cfg=cfg({})", cfg_name(check));
    }
    let list = std::env::var("PLINTH_SKIP").unwrap_or_default();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if name == "all" {
            for check in CHECKS {
                println!("cargo::rustc-cfg={}", cfg_name(check));
            }
        } else if CHECKS.contains(&name) {
            println!("cargo::rustc-cfg={}", cfg_name(name));
            println!("cargo::warning=PLINTH_SKIP names {name}: the tests that need it are ignored");
        } else {
            panic!(
                "PLINTH_SKIP names `{name}`, which is not a check; the checks are {} (or `all`)",
                CHECKS.join(", ")
            );
        }
    }
}
