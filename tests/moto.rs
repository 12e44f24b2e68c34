//! A local AWS API emulator (moto) that Terraform can apply against, and the checkers that come
//! with it from `scripts/tools.sh`.

use std::fmt::Write as _;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::repo_root;

/// The bin directory of the tools venv with moto in it (see [`crate::checks::tools_bin`]); fails
/// the test, saying what to install, when moto cannot run.
pub fn tools_bin() -> PathBuf {
    let server = crate::checks::tool("moto", "moto_server");
    server.parent().expect("a bin directory").to_path_buf()
}

/// Runs `script` with the tools venv's Python (boto3 is there) and returns what it printed,
/// trimmed; panics with its errors and `what` when it fails.
pub fn python(bin: &Path, script: &str, what: &str) -> String {
    let output = Command::new(bin.join("python"))
        .args(["-c", script])
        .output()
        .expect("python from the tools venv");
    assert!(
        output.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// A running `moto_server` on 127.0.0.1, stopped (by its PID) when dropped.
pub struct Moto {
    child: Child,
    /// Its endpoint, e.g. `http://127.0.0.1:41234`.
    pub endpoint: String,
}

/// The AWS services the generated roots call, by their Terraform `endpoints {}` names.
const SERVICES: [&str; 26] = [
    "acm",
    "applicationautoscaling",
    "budgets",
    "cloudwatch",
    "cloudwatchlogs",
    "ec2",
    "ecr",
    "ecs",
    "elasticache",
    "eks",
    "elbv2",
    "iam",
    "kafka",
    "kms",
    "rds",
    "route53",
    "s3",
    "scheduler",
    "secretsmanager",
    "servicediscovery",
    "sfn",
    "sns",
    "sqs",
    "ssm",
    "sts",
    "wafv2",
];

/// Credentials moto issued for an assumed role (moto keys the account by the access key).
#[derive(Clone, Debug)]
pub struct Credentials {
    /// The role these credentials act as.
    pub role_arn: String,
    /// `AccessKeyId`.
    pub access_key: String,
    /// `SecretAccessKey`.
    pub secret_key: String,
    /// `SessionToken`.
    pub token: String,
}

impl Moto {
    /// Starts moto from `bin` on a free port and waits until it answers (with the fills of
    /// tests/moto/recording_server.py, recording nothing).
    pub fn start(bin: &Path) -> Self {
        Self::start_recording(bin, Path::new("/dev/null"))
    }

    /// Starts moto with every API call it authorises appended to `record` (JSON Lines, see
    /// tests/moto/recording_server.py), for [`Self::check_policies`].
    pub fn start_recording(bin: &Path, record: &Path) -> Self {
        let mut command = Command::new(bin.join("python"));
        command
            .arg(repo_root().join("tests/moto/recording_server.py"))
            .env("PLINTH_MOTO_RECORD", record);
        Self::spawn(command)
    }

    fn spawn(mut command: Command) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let child = command
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

    /// Assumes `role_arn` (moto lets any caller assume any role, and a role ARN in another
    /// account switches to that account) and returns its credentials.
    pub fn assume_role(&self, bin: &Path, role_arn: &str) -> Credentials {
        let script = format!(
            "import boto3\n\
             c = boto3.client('sts', endpoint_url='{}', region_name='us-east-1', \
             aws_access_key_id='test', aws_secret_access_key='test').assume_role(\
             RoleArn='{role_arn}', RoleSessionName='plinth-harness')['Credentials']\n\
             print(c['AccessKeyId'], c['SecretAccessKey'], c['SessionToken'])",
            self.endpoint
        );
        let text = python(bin, &script, &format!("assume {role_arn}"));
        let mut parts = text.split_whitespace().map(str::to_owned);
        let mut next = || parts.next().expect("three credential parts");
        Credentials {
            role_arn: role_arn.to_owned(),
            access_key: next(),
            secret_key: next(),
            token: next(),
        }
    }

    /// The administrator of `account` that the harness bootstraps it with (moto needs no such
    /// role to exist: assuming it switches to the account).
    pub fn administrator(&self, bin: &Path, account: &str) -> Credentials {
        self.assume_role(
            bin,
            &format!("arn:aws:iam::{account}:role/plinth-harness-admin"),
        )
    }

    /// An override for a generated root that makes it run against moto as `credentials`: the
    /// root's own provider settings, every endpoint at moto, and no role to assume.
    pub fn provider_override_as(&self, credentials: &Credentials) -> String {
        format!(
            "# Written by plinth's test harness: apply against moto as {role}.\n\
             provider \"aws\" {{\n  access_key                  = {access:?}\n  secret_key                  = {secret:?}\n  \
             token                       = {token:?}\n  \
             skip_credentials_validation = true\n  skip_requesting_account_id  = true\n  skip_metadata_api_check     = true\n  \
             allowed_account_ids         = null\n  s3_use_path_style           = true\n  max_retries                 = 2\n\n  \
             dynamic \"assume_role\" {{\n    for_each = []\n    content {{}}\n  }}\n\n  endpoints {{\n{endpoints}  }}\n}}\n",
            role = credentials.role_arn,
            access = credentials.access_key,
            secret = credentials.secret_key,
            token = credentials.token,
            endpoints = self.endpoints(),
        )
    }

    /// The root's own `backend "s3"` settings (`backend_tf`), pointed at moto and signed with
    /// `credentials`: state, lock file and customer-key encryption go through the state bucket
    /// exactly as the workflows use it.
    pub fn s3_backend_override_as(&self, backend_tf: &str, credentials: &Credentials) -> String {
        let mut settings = String::new();
        for line in backend_tf.lines() {
            let trimmed = line.trim();
            if trimmed.contains(" = ") && !trimmed.starts_with('#') {
                let _ = writeln!(settings, "    {trimmed}");
            }
        }
        format!(
            "terraform {{\n  backend \"s3\" {{\n{settings}    access_key                  = {access:?}\n    \
             secret_key                  = {secret:?}\n    token                       = {token:?}\n    \
             skip_credentials_validation = true\n    skip_requesting_account_id  = true\n    \
             skip_metadata_api_check     = true\n    skip_region_validation      = true\n    \
             skip_s3_checksum            = true\n    use_path_style              = true\n    \
             endpoints = {{\n      s3  = {endpoint:?}\n      sts = {endpoint:?}\n    }}\n  }}\n}}\n",
            access = credentials.access_key,
            secret = credentials.secret_key,
            token = credentials.token,
            endpoint = self.endpoint,
        )
    }

    /// Judges every call recorded since [`Self::start_recording`] that `callers` made by their
    /// IAM policies (tests/moto/iam_policy_check.py); returns its JSON report.
    pub fn check_policies(
        &self,
        bin: &Path,
        record: &Path,
        callers: &[String],
    ) -> serde_json::Value {
        let mut command = Command::new(bin.join("python"));
        command
            .arg(repo_root().join("tests/moto/iam_policy_check.py"))
            .args(["--endpoint", &self.endpoint, "--record"])
            .arg(record);
        for caller in callers {
            command.args(["--caller", caller]);
        }
        let output = command.output().expect("python from the tools venv");
        assert!(
            output.status.success(),
            "iam_policy_check.py: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("a JSON report")
    }

    fn endpoints(&self) -> String {
        SERVICES.iter().fold(String::new(), |mut text, service| {
            let _ = writeln!(text, "    {service} = {:?}", self.endpoint);
            text
        })
    }

    /// An override file for a generated root: every service at moto, dummy credentials, no
    /// role to assume, few retries (moto answers at once or never), and a local backend.
    pub fn override_file(&self) -> String {
        let endpoints = self.endpoints();
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
