//! A local AWS API emulator (moto) that Terraform can apply against, and the checkers that come
//! with it from `scripts/tools.sh`.

use std::fmt::Write as _;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::repo_root;

/// The bin directory of the tools venv (`scripts/tools.sh`): `PLINTH_TOOLS_BIN`, else
/// `target/plinth-tools/bin`. `None` (after printing why) when it is missing, unless
/// `PLINTH_REQUIRE_TOOLS=1`, which turns that into a failure.
pub fn tools_bin() -> Option<PathBuf> {
    let bin = std::env::var_os("PLINTH_TOOLS_BIN").map_or_else(
        || repo_root().join("target/plinth-tools/bin"),
        PathBuf::from,
    );
    if bin.join("moto_server").is_file() {
        return Some(bin);
    }
    let why = format!(
        "the test tools are not installed at {}; run scripts/tools.sh (or set PLINTH_TOOLS_BIN)",
        bin.display()
    );
    let required = std::env::var("PLINTH_REQUIRE_TOOLS").is_ok_and(|v| v == "1");
    assert!(!required, "PLINTH_REQUIRE_TOOLS=1 but {why}");
    println!("SKIPPED: {why}");
    None
}

/// A running `moto_server` on 127.0.0.1, stopped (by its PID) when dropped.
pub struct Moto {
    child: Child,
    /// Its endpoint, e.g. `http://127.0.0.1:41234`.
    pub endpoint: String,
}

/// The AWS services the generated roots call, by their Terraform `endpoints {}` names.
const SERVICES: [&str; 17] = [
    "acm",
    "applicationautoscaling",
    "cloudwatch",
    "cloudwatchlogs",
    "ec2",
    "ecr",
    "ecs",
    "elasticache",
    "elbv2",
    "iam",
    "kms",
    "rds",
    "route53",
    "s3",
    "secretsmanager",
    "sns",
    "sts",
];

impl Moto {
    /// Starts moto from `bin` on a free port and waits until it answers.
    pub fn start(bin: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(bin.join("moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            // AWS-managed policies (e.g. AmazonECSTaskExecutionRolePolicy) exist only when loaded.
            .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let moto = Self {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_mins(1);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "moto_server did not start within 60 s"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        moto
    }

    /// An override file for a generated root: every service at moto, dummy credentials, no
    /// role to assume, few retries (moto answers at once or never), and a local backend.
    pub fn override_file(&self) -> String {
        let endpoints = SERVICES.iter().fold(String::new(), |mut text, service| {
            let _ = writeln!(text, "    {service} = {:?}", self.endpoint);
            text
        });
        format!(
            "# Written by plinth's test harness: apply against moto, not AWS.\n\
             provider \"aws\" {{\n  access_key                  = \"test\"\n  secret_key                  = \"test\"\n  \
             skip_credentials_validation = true\n  skip_requesting_account_id  = true\n  skip_metadata_api_check     = true\n  \
             allowed_account_ids         = null\n  s3_use_path_style           = true\n  max_retries                 = 2\n\n  \
             dynamic \"assume_role\" {{\n    for_each = []\n    content {{}}\n  }}\n\n  endpoints {{\n{endpoints}  }}\n}}\n\n\
             terraform {{\n  backend \"local\" {{}}\n}}\n"
        )
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
