//! Raw sections of one environment → the model: defaults applied, every rule checked.
//!
//! Each section has its own file; rules live next to the defaults they guard, and every
//! problem is pushed as a [`Diagnostic`] so that all of them are reported at once.

mod aws_combinations;
mod bucket_limits;
mod ci;
mod compute;
mod data;
mod dns_accounts;
mod network;
mod node_groups;
mod operation_limits;
mod operations;
mod project;
mod renames;
mod secret_limits;
mod service_limits;
mod services;

pub use dns_accounts::{ZoneUse, check_shared_zones};
pub(crate) use operations::state_bucket_accounts;
pub use project::{check_environment_name, project};

pub(crate) use services::misplaced_key;

use indexmap::IndexMap;

use crate::aws::regions::{self, Region};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::{Environment, Project};
use crate::names::{MAX_ENVIRONMENT_NAME, MAX_PROJECT_NAME, Names};
use crate::raw::{EnvironmentRaw, Sections};
use crate::span::{Sp, Span};

/// What one environment is made of: its name, own settings and merged sections.
pub struct EnvironmentInput<'a> {
    /// The environment's name, where it is declared.
    pub name: &'a Sp<String>,
    /// Every environment of the blueprint, in order.
    pub environments: &'a [Sp<String>],
    /// Where to point when the environment as a whole is at fault (its `[env.<name>]` key, or the
    /// project table).
    pub anchor: Span,
    /// The `project` key, for whole-blueprint problems (the same in every environment, so they
    /// are reported once).
    pub project_anchor: Span,
    /// The keys of `[env.<name>]` that are not sections.
    pub settings: &'a EnvironmentRaw,
    /// The base sections with the overlay merged in.
    pub sections: &'a Sections,
}

/// Shared state while resolving one environment.
pub(crate) struct Context<'a> {
    pub project: &'a Project,
    pub production: bool,
    pub names: Names,
    /// Whether the project and environment names are valid, so the AWS names built from them are
    /// worth checking (an invalid one is reported once, not again in every derived name).
    pub names_valid: bool,
    /// The region, when it is one plinth knows (an unknown one was already reported).
    pub region: Option<&'static Region>,
    pub anchor: Span,
    pub project_anchor: Span,
    pub diagnostics: Vec<Diagnostic>,
}

impl Context<'_> {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

/// The value of an optional field, or `default`.
pub(crate) fn or<T: Clone>(field: Option<&Sp<T>>, default: T) -> T {
    field.map_or(default, |f| f.get().clone())
}

/// The span of an optional field, or `fallback`.
pub(crate) fn span_or<T>(field: Option<&Sp<T>>, fallback: &Span) -> Span {
    field.map_or_else(|| fallback.clone(), Sp::span)
}

/// The values of an optional list of spanned values.
pub(crate) fn list<T: Clone>(field: Option<&Sp<Vec<Sp<T>>>>) -> Vec<T> {
    field
        .map(|items| items.iter().map(|item| item.get().clone()).collect())
        .unwrap_or_default()
}

/// Resolves one environment, returning the model and every problem found.
#[allow(
    clippy::too_many_lines,
    reason = "one section after another, each resolved and then cross-checked"
)]
pub fn environment(
    project: &Project,
    input: &EnvironmentInput<'_>,
) -> (Environment, Vec<Diagnostic>) {
    let name = input.name.get().clone();
    let settings = input.settings;
    let mut diagnostics = Vec::new();
    let renamed_from = environment_renamed_from(input, &mut diagnostics);
    let identity = renamed_from.clone().unwrap_or_else(|| name.clone());
    let production = or(
        settings.production.as_ref(),
        matches!(name.as_str(), "prod" | "production"),
    );
    let region_name = or(settings.region.as_ref(), project.region.clone());
    let mut cx = Context {
        project,
        production,
        names: Names::new(
            &project.name,
            &identity,
            settings.account_id.as_ref().map(|id| id.get().as_str()),
        )
        .with_repository(
            project
                .repository
                .as_ref()
                .map(|r| format!("{}/{}", r.owner, r.name))
                .as_deref(),
        ),
        names_valid: project::is_valid_name(&project.name, MAX_PROJECT_NAME)
            && project::is_valid_name(&name, MAX_ENVIRONMENT_NAME),
        region: regions::region(&region_name),
        anchor: input.anchor.clone(),
        project_anchor: input.project_anchor.clone(),
        diagnostics,
    };
    if let Some(region) = &settings.region {
        check_region(region, &mut cx.diagnostics);
    }
    let account_id = settings
        .account_id
        .as_ref()
        .map(|id| check_account_id(id, &mut cx));
    let assume_role_arn = settings
        .assume_role_arn
        .as_ref()
        .map(|arn| check_role_arn(arn, account_id.as_deref(), &mut cx));

    let sections = input.sections;
    let network = network::network(sections.network.as_ref(), &region_name, &mut cx);
    let compute = compute::compute(sections.compute.as_ref(), &mut cx);
    let secrets = data::secrets(sections.secrets.as_ref(), &mut cx);
    let buckets = data::buckets(sections.buckets.as_ref(), &mut cx);
    let queues = data::queues(sections.queues.as_ref(), &mut cx);
    let queue_keys: Vec<&Sp<String>> = sections.queues.iter().flat_map(IndexMap::keys).collect();
    let topics = data::topics(sections.topics.as_ref(), &queues, &queue_keys, &mut cx);
    let database = data::database(sections.database.as_ref(), &mut cx);
    let cache = data::cache(sections.cache.as_ref(), &mut cx);
    let kafka = data::kafka(sections.kafka.as_ref(), &network, &mut cx);
    aws_combinations::check_kafka_zones(sections, &network, &mut cx);
    let observability = operations::observability(sections.observability.as_ref(), &mut cx);
    operations::check_tracing_reachable(sections.observability.as_ref(), &network, &mut cx);
    let services = services::services(
        sections.services.as_ref(),
        &services::References {
            compute: &compute,
            network: &network,
            database: database.as_ref(),
            cache: cache.as_ref(),
            secrets: &secrets,
            buckets: &buckets,
            queues: &queues,
            topics: &topics,
            kafka: kafka.as_ref(),
            tracing: observability.tracing,
        },
        &mut cx,
    );
    let dns = operations::dns(sections.dns.as_ref(), &mut cx);
    let budget = operations::budget(sections.budget.as_ref(), &observability, &mut cx);
    let state = operations::state(sections.state.as_ref(), &identity, &mut cx);
    operation_limits::check(sections, &observability, &state, &mut cx);
    let waf = operations::waf(sections.waf.as_ref(), &mut cx);
    let ci = ci::ci(sections.ci.as_ref(), &mut cx);
    check_waf_has_a_target(
        sections,
        waf.is_some(),
        (&name, &compute),
        &services,
        &mut cx,
    );

    let environment = Environment {
        name,
        renamed_from,
        production,
        approval: or(settings.approval.as_ref(), production),
        account_id,
        assume_role_arn,
        region: region_name,
        network,
        compute,
        services,
        database,
        cache,
        buckets,
        queues,
        topics,
        secrets,
        dns,
        observability,
        budget,
        state,
        waf,
        kafka,
        ci,
        names: cx.names,
    };
    (environment, cx.diagnostics)
}

/// The checked `renamed_from` of an environment: a valid name that is not one of the
/// blueprint's environments (its AWS names and state key would collide with that one's).
fn environment_renamed_from(
    input: &EnvironmentInput<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let old = input.settings.renamed_from.as_ref()?;
    let before = diagnostics.len();
    check_environment_name(old, diagnostics);
    if input.environments.iter().any(|e| e.get() == old.get()) {
        diagnostics.push(
            Diagnostic::error(
                old.span(),
                format!("`{}` is still an environment of this blueprint", old.get()),
                "the old name still exists",
            )
            .with_help("`renamed_from` names the environment's name before a rename; two environments cannot share one state and one set of AWS names"),
        );
    }
    (diagnostics.len() == before).then(|| old.get().clone())
}

/// Reports a region plinth does not know.
pub(crate) fn check_region(region: &Sp<String>, diagnostics: &mut Vec<Diagnostic>) {
    if regions::region(region.get()).is_some() {
        return;
    }
    let diagnostic = Diagnostic::error(
        region.span(),
        format!("`{}` is not an AWS region plinth supports", region.get()),
        "unknown region",
    );
    diagnostics.push(match did_you_mean(region.get(), regions::region_names()) {
        Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
        None => diagnostic.with_help(format!(
            "use one of {}",
            regions::region_names().collect::<Vec<_>>().join(", ")
        )),
    });
}

fn check_account_id(id: &Sp<String>, cx: &mut Context<'_>) -> String {
    if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
        cx.push(
            Diagnostic::error(id.span(), format!("`{}` is not an AWS account id", id.get()), "not 12 digits")
                .with_help("an account id is exactly 12 digits, e.g. \"123456789012\" (quote it: it is a string)"),
        );
    }
    id.get().clone()
}

fn check_role_arn(arn: &Sp<String>, account_id: Option<&str>, cx: &mut Context<'_>) -> String {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let well_formed = parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "iam"
        && parts[4].len() == 12
        && parts[5].starts_with("role/")
        && parts[5].len() > "role/".len();
    if !well_formed {
        cx.push(
            Diagnostic::error(
                arn.span(),
                format!("`{}` is not an IAM role ARN", arn.get()),
                "not a role ARN",
            )
            .with_help("write it as arn:aws:iam::<12-digit account>:role/<name>"),
        );
    } else if let Some(account) = account_id
        && parts[4] != account
    {
        cx.push(
            Diagnostic::error(
                arn.span(),
                format!(
                    "the role is in account {} but the environment's `account_id` is {account}",
                    parts[4]
                ),
                "different account",
            )
            .with_help("assume a role in the environment's own account"),
        );
    }
    arn.get().clone()
}

#[cfg(test)]
mod limits_tests;
#[cfg(test)]
mod tests;

/// A web ACL protects the load balancer, which exists only with a public service and, on EKS,
/// belongs to the AWS Load Balancer Controller rather than to Terraform.
fn check_waf_has_a_target(
    sections: &Sections,
    enabled: bool,
    (environment, compute): (&str, &crate::model::Compute),
    services: &[crate::model::Service],
    cx: &mut Context<'_>,
) {
    let Some(section) = &sections.waf else {
        return;
    };
    if !enabled {
        return;
    }
    if matches!(compute, crate::model::Compute::Eks(_)) {
        cx.push(
            Diagnostic::error(
                section.span(),
                "`[waf]` is not supported with EKS yet",
                "this environment runs on EKS",
            )
            .with_note(
                "on EKS the AWS Load Balancer Controller creates the load balancer, so Terraform \
                 cannot associate a web ACL with it",
            )
            .with_help(format!(
                "remove `[waf]`, or turn it off for this environment with \
                 `[env.{environment}.waf] enabled = false`"
            )),
        );
    } else if !services.iter().any(|s| s.public_web().is_some()) {
        cx.push(
            Diagnostic::error(
                section.span(),
                "`[waf]` protects the load balancer, but no service is public",
                "nothing to protect",
            )
            .with_help("remove `[waf]`, or make a service public"),
        );
    }
}
