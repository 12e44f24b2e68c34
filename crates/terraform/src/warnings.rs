//! Warnings about generated infrastructure that applies but will not work as generated, printed
//! by `plinth generate` next to its other warnings.

use plinth_blueprint::model::{Blueprint, Compute};

/// One line per problem, without the `warning: ` prefix.
///
/// An EKS cluster with only a private API endpoint cannot be reached from GitHub-hosted
/// runners, which run outside the VPC; yet the generated deploy workflow runs `kubectl` on them
/// (`runs-on: ubuntu-24.04`), so every deploy of that environment fails to connect. Either make
/// the endpoint public for the runners' addresses (`public_endpoint = true` with
/// `public_access_cidrs`), or run the deploy on a self-hosted runner inside the VPC (or peered
/// with it) that can reach the private endpoint.
pub fn warnings(blueprint: &Blueprint) -> Vec<String> {
    if blueprint.project.repository.is_none() {
        // No workflows are generated, so nothing runs kubectl from outside.
        return Vec::new();
    }
    blueprint
        .environments
        .iter()
        .filter_map(|env| match &env.compute {
            Compute::Eks(eks) if !eks.public_endpoint => Some(format!(
                "environment `{}`: the EKS API endpoint is private, but the generated deploy workflow runs kubectl on \
                 GitHub-hosted runners, which cannot reach it; set `[env.{}.compute] public_endpoint = true` with \
                 `public_access_cidrs` naming the runners' egress addresses, or deploy from a self-hosted runner \
                 inside the VPC (see docs/eks.md)",
                env.name, env.name
            )),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use plinth_blueprint::{SourceFile, load};

    use super::*;

    const EKS: &str = r#"
[project]
name = "atlas"
region = "us-east-1"
repository = "acme/atlas"
environments = ["dev", "prod"]

[network]
availability_zones = ["us-east-1a", "us-east-1b"]

[compute]
platform = "eks"
kubernetes_version = "1.35"
admins = ["arn:aws:iam::123456789012:role/platform-admin"]

[compute.node_groups.general]
instance_types = ["m6i.large"]

[services.web]
port = 8080
image = "public.ecr.aws/nginx/nginx:1.27"
"#;

    fn warnings_of(text: &str) -> Vec<String> {
        let loaded = load(&SourceFile::new("app.toml", text)).expect("valid blueprint");
        warnings(&loaded.blueprint)
    }

    #[test]
    fn a_private_endpoint_with_hosted_runner_deploys_is_warned_per_environment() {
        let found = warnings_of(EKS);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with("environment `dev`: the EKS API endpoint is private"));
        assert!(found[0].contains("self-hosted runner"));
    }

    #[test]
    fn a_public_endpoint_or_no_workflows_is_not_warned() {
        let public = EKS.replace(
            "[compute.node_groups",
            "public_endpoint = true\npublic_access_cidrs = [\"203.0.113.0/24\"]\n\n[compute.node_groups",
        );
        assert!(warnings_of(&public).is_empty());
        let no_repository = EKS.replace("repository = \"acme/atlas\"\n", "");
        assert!(warnings_of(&no_repository).is_empty());
    }
}
