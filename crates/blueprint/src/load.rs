//! Loading a blueprint: parse, check structure, merge each environment, resolve and validate.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::Blueprint;
use crate::parse::{Tree, parse, to_json};
use crate::raw::{EnvironmentRaw, ProjectRaw, Sections};
use crate::resolve::{self, EnvironmentInput};
use crate::schema::schema;
use crate::source::SourceFile;
use crate::span::{Sp, Span};
use crate::{prune, structure};

/// Environments a blueprint has when `project.environments` is not given.
pub const DEFAULT_ENVIRONMENTS: [&str; 2] = ["dev", "prod"];

/// A blueprint that loaded: the model and any warnings.
#[derive(Debug)]
pub struct Loaded {
    /// The validated model.
    pub blueprint: Blueprint,
    /// Problems that do not stop compilation.
    pub warnings: Vec<Diagnostic>,
}

/// Loads and validates the blueprint in `file`. On failure, returns every diagnostic found
/// (errors and warnings), sorted by position.
pub fn load(file: &SourceFile) -> Result<Loaded, Vec<Diagnostic>> {
    if let Some(bad) = file.not_utf8() {
        return Err(vec![
            Diagnostic::error(
                bad.offset..bad.offset + '\u{fffd}'.len_utf8(),
                format!(
                    "the blueprint is not UTF-8 text: byte 0x{:02X} is not valid UTF-8 here",
                    bad.byte
                ),
                "not UTF-8",
            )
            .with_help(
                "TOML files are UTF-8: save the file as UTF-8 in your editor, or convert it (e.g. `iconv -f latin1 -t utf-8`)",
            ),
        ]);
    }
    let mut tree = parse(file).map_err(|d| vec![*d])?;
    let (json, mut index) = to_json(&tree);
    let structural = structure::check(&json, &mut index);
    if !structural.diagnostics.is_empty() {
        // Every problem at once: resolve what the schema accepted, too.
        let tainted = prune::tainted_spans(&structural, &index);
        prune::remove(&mut tree, &structural.rejected);
        let (_, semantic) = resolve_tree(&tree);
        return Err(prune::merge(structural.diagnostics, semantic, &tainted));
    }
    let (blueprint, diagnostics) = resolve_tree(&tree);
    match blueprint {
        Some(blueprint) if !diagnostics.iter().any(Diagnostic::is_error) => Ok(Loaded {
            blueprint,
            warnings: diagnostics,
        }),
        _ => Err(diagnostics),
    }
}

/// The names of the sections an environment may overlay, from the schema.
fn section_names() -> Vec<&'static str> {
    schema()["properties"]
        .as_object()
        .into_iter()
        .flat_map(|properties| properties.keys())
        .map(String::as_str)
        .filter(|key| !matches!(*key, "project" | "env"))
        .collect()
}

/// An environment's name, `account_id`, `dns.zone_id` and `dns.domain`.
type ZoneEntry = (String, Option<String>, Sp<String>, Option<String>);

fn resolve_tree(tree: &Tree<'_>) -> (Option<Blueprint>, Vec<Diagnostic>) {
    let top = tree.get_ref();
    let mut diagnostics = Vec::new();
    let (project_span, project_raw) = match top.get("project") {
        Some(value) => (value.span(), deserialize::<ProjectRaw>(value)),
        None => (0..0, Ok(ProjectRaw::default())),
    };
    let project_raw = match project_raw {
        Ok(raw) => raw,
        Err(diagnostic) => return (None, vec![*diagnostic]),
    };
    let project_key_span = top
        .get_key_value("project")
        .map_or(project_span, |(key, _)| key.span());
    let project = resolve::project(&project_raw, project_key_span.clone(), &mut diagnostics);
    let environments = environment_names(&project_raw, top, &project_key_span, &mut diagnostics);

    let sections = section_names();
    let base: DeTable<'_> = top
        .iter()
        .filter(|(key, _)| sections.contains(&key.get_ref().as_ref()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let overlays = top.get("env").and_then(|env| env.get_ref().as_table());

    let mut per_environment: Vec<(String, Diagnostic)> = Vec::new();
    let mut resolved = Vec::new();
    let mut zones: Vec<ZoneEntry> = Vec::new();
    for name in &environments {
        let mut merged = base.clone();
        let mut settings = DeTable::new();
        let mut anchor = project_key_span.clone();
        if let Some((key, overlay)) = overlays.and_then(|o| o.get_key_value(name.get().as_str())) {
            anchor = key.span();
            for (key, value) in overlay.get_ref().as_table().into_iter().flatten() {
                if sections.contains(&key.get_ref().as_ref()) {
                    merge_value(&mut merged, key, value);
                } else {
                    settings.insert(key.clone(), value.clone());
                }
            }
        }
        let raw = deserialize_table::<Sections>(merged, tree.span()).and_then(|sections| {
            Ok((
                sections,
                deserialize_table::<EnvironmentRaw>(settings, anchor.clone())?,
            ))
        });
        let (sections, settings) = match raw {
            Ok(raw) => raw,
            Err(diagnostic) => {
                per_environment.push((name.get().clone(), *diagnostic));
                continue;
            }
        };
        let input = EnvironmentInput {
            name,
            environments: &environments,
            anchor,
            project_anchor: project_key_span.clone(),
            settings: &settings,
            sections: &sections,
        };
        if let Some(zone_id) = sections.dns.as_ref().and_then(|d| d.zone_id.clone()) {
            let account = settings.account_id.as_ref().map(|id| id.get().clone());
            let domain = sections
                .dns
                .as_ref()
                .and_then(|d| d.domain.as_ref())
                .map(|d| d.get().clone());
            zones.push((name.get().clone(), account, zone_id, domain));
        }
        let (environment, found) = resolve::environment(&project, &input);
        per_environment.extend(found.into_iter().map(|d| (name.get().clone(), d)));
        resolved.push(environment);
    }
    resolve::state_bucket_accounts(&mut resolved);
    let zone_uses: Vec<resolve::ZoneUse<'_>> = zones
        .iter()
        .map(
            |(environment, account_id, zone_id, domain)| resolve::ZoneUse {
                environment,
                account_id: account_id.as_deref(),
                zone_id,
                domain: domain.as_deref(),
            },
        )
        .collect();
    resolve::check_shared_zones(&zone_uses, &mut diagnostics);
    diagnostics.extend(attribute_environments(per_environment, environments.len()));
    // A problem in a section every environment shares may be found once per environment.
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|d| seen.insert(d.clone()));
    diagnostics.sort_by_key(|d| d.span.as_ref().map(|s| (s.start, s.end)));
    let blueprint = (resolved.len() == environments.len()).then(|| Blueprint {
        project,
        environments: resolved,
    });
    (blueprint, diagnostics)
}

/// The environment list in promotion order, checking names and `[env.<name>]` tables.
fn environment_names(
    project: &ProjectRaw,
    top: &DeTable<'_>,
    project_span: &Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Sp<String>> {
    let names: Vec<Sp<String>> = match &project.environments {
        Some(list) => list.get().clone(),
        None => DEFAULT_ENVIRONMENTS
            .iter()
            .map(|name| Sp::new(project_span.clone(), (*name).to_owned()))
            .collect(),
    };
    if let Some(list) = &project.environments
        && list.is_empty()
    {
        diagnostics.push(
            Diagnostic::error(
                list.span(),
                "a blueprint needs at least one environment",
                "empty list",
            )
            .with_help(
                "list environments in promotion order, e.g. `environments = [\"dev\", \"prod\"]`",
            ),
        );
    }
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for name in &names {
        resolve::check_environment_name(name, diagnostics);
        if seen.insert(name.get(), name.span()).is_some() {
            diagnostics.push(
                Diagnostic::error(
                    name.span(),
                    format!("environment `{}` is listed twice", name.get()),
                    "duplicate",
                )
                .with_help("environment names must be unique; remove one of them"),
            );
        }
    }
    let known: Vec<&str> = names.iter().map(|n| n.get().as_str()).collect();
    if let Some(env) = top.get("env").and_then(|env| env.get_ref().as_table()) {
        for key in env.keys() {
            let key_name = key.get_ref().as_ref();
            if known.contains(&key_name) {
                continue;
            }
            let listed = format!("`project.environments` is {}", render_list(&known));
            let diagnostic = Diagnostic::error(
                key.span(),
                format!("`[env.{key_name}]` configures an environment that is not declared"),
                "not in `project.environments`",
            );
            diagnostics.push(match did_you_mean(key_name, known.iter().copied()) {
                Some(close) => diagnostic
                    .with_help(format!("did you mean `{close}`?"))
                    .with_note(listed),
                None => diagnostic
                    .with_help(format!(
                        "add \"{key_name}\" to `project.environments`, or remove this table"
                    ))
                    .with_note(listed),
            });
        }
    }
    names
}

fn render_list(items: &[&str]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|i| format!("\"{i}\""))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Deep-merges `value` into `table[key]`: tables merge key by key, everything else replaces.
fn merge_value<'a>(
    table: &mut DeTable<'a>,
    key: &Spanned<std::borrow::Cow<'a, str>>,
    value: &Spanned<DeValue<'a>>,
) {
    if let (Some(existing), DeValue::Table(overlay)) =
        (table.get_mut(key.get_ref().as_ref()), value.get_ref())
        && let DeValue::Table(base) = existing.get_mut()
    {
        for (child_key, child_value) in overlay {
            merge_value(base, child_key, child_value);
        }
        return;
    }
    table.remove(key.get_ref().as_ref());
    table.insert(key.clone(), value.clone());
}

fn deserialize<T: DeserializeOwned>(value: &Spanned<DeValue<'_>>) -> Result<T, Box<Diagnostic>> {
    match value.get_ref() {
        DeValue::Table(table) => deserialize_table(table.clone(), value.span()),
        _ => Err(Box::new(Diagnostic::error(
            value.span(),
            "expected a table",
            "not a table",
        ))),
    }
}

fn deserialize_table<T: DeserializeOwned>(
    table: DeTable<'_>,
    span: Span,
) -> Result<T, Box<Diagnostic>> {
    let deserializer = toml::de::Deserializer::from(Spanned::new(span.clone(), table));
    T::deserialize(deserializer).map_err(|error| {
        Box::new(Diagnostic::error(
            error.span().unwrap_or(span),
            error.message().trim().to_owned(),
            "here",
        ))
    })
}

/// Merges per-environment diagnostics: one that every environment reports is shown once; one
/// only some report says which.
fn attribute_environments(found: Vec<(String, Diagnostic)>, total: usize) -> Vec<Diagnostic> {
    let mut groups: Vec<(Diagnostic, Vec<String>)> = Vec::new();
    for (environment, diagnostic) in found {
        // Help texts may mention environment-specific values; what and where decide sameness.
        let same = |d: &Diagnostic| {
            d.severity == diagnostic.severity
                && d.span == diagnostic.span
                && d.message == diagnostic.message
        };
        match groups.iter_mut().find(|(d, _)| same(d)) {
            Some((_, environments)) => environments.push(environment),
            None => groups.push((diagnostic, vec![environment])),
        }
    }
    groups
        .into_iter()
        .map(|(diagnostic, environments)| {
            if environments.len() == total {
                diagnostic
            } else if let [only] = environments.as_slice() {
                diagnostic.with_note(format!("in environment `{only}`"))
            } else {
                let names: Vec<String> = environments.iter().map(|e| format!("`{e}`")).collect();
                diagnostic.with_note(format!("in environments {}", names.join(", ")))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Compute, ImageSource};
    use crate::raw::NatMode;

    const BASE: &str = r#"
[project]
name = "shop"
region = "eu-west-1"
environments = ["dev", "prod"]

[network]
availability_zones = ["eu-west-1a", "eu-west-1b"]
nat = "single"
endpoints = ["s3", "logs"]

[services.api]
port = 8080
dockerfile = "api/Dockerfile"
cpu = 256
memory = 512
environment = { LOG_LEVEL = "info", REGION = "eu" }
"#;

    fn load_text(text: &str) -> Result<Loaded, Vec<Diagnostic>> {
        load(&SourceFile::new("test.toml", text))
    }

    #[test]
    fn overlays_merge_tables_and_replace_values_and_lists() {
        let text = format!(
            "{BASE}\n[env.prod.network]\nnat = \"per-az\"\nendpoints = [\"ecr\"]\n\n[env.prod.services.api]\nmemory = 1024\nenvironment = {{ LOG_LEVEL = \"warn\" }}\n"
        );
        let loaded = load_text(&text).expect("valid");
        let dev = loaded.blueprint.environment("dev").unwrap();
        let prod = loaded.blueprint.environment("prod").unwrap();
        assert_eq!(dev.network.nat, NatMode::Single);
        assert_eq!(prod.network.nat, NatMode::PerAz);
        // Lists replace rather than append.
        assert_eq!(prod.network.endpoints, [crate::raw::Endpoint::Ecr]);
        // Tables merge key by key: `cpu` and `dockerfile` survive, `memory` changes.
        let api = &prod.services[0];
        assert_eq!((api.cpu, api.memory), (256, 1024));
        assert!(
            matches!(&api.image, ImageSource::Build { dockerfile, .. } if dockerfile == "api/Dockerfile")
        );
        // Inline tables are tables too: REGION survives, LOG_LEVEL changes.
        assert_eq!(api.environment["LOG_LEVEL"], "warn");
        assert_eq!(api.environment["REGION"], "eu");
        assert_eq!(dev.services[0].environment["LOG_LEVEL"], "info");
    }

    #[test]
    fn an_overlay_may_add_a_service_and_set_environment_settings() {
        let text = format!(
            "{BASE}\n[env.dev]\naccount_id = \"111111111111\"\nregion = \"eu-west-1\"\n\n[env.dev.services.debug]\nport = 9000\nimage = \"nginx:1.27\"\npaths = [\"/debug/*\"]\n"
        );
        let loaded = load_text(&text).expect("valid");
        let dev = loaded.blueprint.environment("dev").unwrap();
        let prod = loaded.blueprint.environment("prod").unwrap();
        assert_eq!(dev.services.len(), 2);
        assert_eq!(prod.services.len(), 1);
        assert_eq!(dev.account_id.as_deref(), Some("111111111111"));
        assert_eq!(dev.state.bucket, "shop-tfstate-111111111111");
        assert_eq!(prod.state.bucket, "shop-tfstate");
    }

    #[test]
    fn production_defaults_follow_the_environment() {
        let loaded =
            load_text(&format!("{BASE}\n[database]\nengine = \"postgres\"\n")).expect("valid");
        let dev = loaded.blueprint.environment("dev").unwrap();
        let prod = loaded.blueprint.environment("prod").unwrap();
        assert!(!dev.production && prod.production && prod.approval);
        let (dev_db, prod_db) = (
            dev.database.as_ref().unwrap(),
            prod.database.as_ref().unwrap(),
        );
        assert!(!dev_db.multi_az && prod_db.multi_az);
        assert!(!dev_db.deletion_protection && prod_db.deletion_protection);
        assert_eq!(
            (dev_db.backup_retention_days, prod_db.backup_retention_days),
            (1, 14)
        );
        assert_eq!(
            (
                dev.services[0].desired_count,
                prod.services[0].desired_count
            ),
            (1, 2)
        );
        assert!(matches!(dev.compute, Compute::Ecs(_)));
    }

    #[test]
    fn errors_in_an_overlay_point_at_the_overlay_and_name_the_environment() {
        let text = format!("{BASE}\n[env.prod.services.api]\nmemory = 3000\n");
        let diagnostics = load_text(&text).expect_err("invalid pair in prod");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        let diagnostic = &diagnostics[0];
        let span = diagnostic.span.clone().unwrap();
        assert_eq!(&text[span], "3000");
        assert_eq!(diagnostic.notes, ["in environment `prod`"]);
    }

    #[test]
    fn errors_shared_by_every_environment_are_reported_once() {
        let text = BASE.replace("memory = 512", "memory = 4096");
        let diagnostics = load_text(&text).expect_err("invalid pair everywhere");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        assert!(diagnostics[0].notes.is_empty());
    }

    #[test]
    fn all_structural_errors_are_reported_at_once() {
        let text = BASE
            .replace(
                "nat = \"single\"",
                "nat = \"singel\"\ncidrr = \"10.0.0.0/16\"",
            )
            .replace("cpu = 256", "cpu = \"256\"");
        let diagnostics = load_text(&text).expect_err("three mistakes");
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(diagnostics.len(), 3, "{messages:#?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`singel` is not a valid value"))
        );
        assert!(messages.iter().any(|m| m.contains("unknown key `cidrr`")));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`services.api.cpu` must be an integer"))
        );
    }

    #[test]
    fn structural_and_semantic_errors_are_reported_together() {
        // An unknown key in [network] (structural) and a cpu/memory pair Fargate does not offer
        // in [services.api] (semantic, found only after resolving).
        let text = BASE
            .replace(
                "nat = \"single\"",
                "nat = \"single\"\ncidrr = \"10.0.0.0/16\"",
            )
            .replace("memory = 512", "memory = 4096");
        let diagnostics = load_text(&text).expect_err("two mistakes");
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(diagnostics.len(), 2, "{messages:#?}");
        assert!(messages.iter().any(|m| m.contains("unknown key `cidrr`")));
        assert!(
            messages.iter().any(|m| m.contains("4096 MiB")),
            "{messages:#?}"
        );
    }

    #[test]
    fn a_semantic_echo_of_a_structural_error_is_not_reported() {
        // Without its port the service would also fail the semantic checks of its own table.
        let text = BASE.replace("port = 8080", "port = \"8080\"");
        let diagnostics = load_text(&text).expect_err("one mistake");
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["`services.api.port` must be an integer, not a string"]
        );
    }

    #[test]
    fn a_budget_overlay_need_not_restate_the_limit() {
        let text = format!(
            "{BASE}\n[observability]\nemails = [\"ops@example.com\"]\n[budget]\nmonthly_limit_usd = 100\n[env.dev.budget]\nactual_thresholds = [50]\n"
        );
        let loaded = load_text(&text).expect("valid");
        let dev = loaded
            .blueprint
            .environment("dev")
            .unwrap()
            .budget
            .as_ref()
            .unwrap();
        let prod = loaded
            .blueprint
            .environment("prod")
            .unwrap()
            .budget
            .as_ref()
            .unwrap();
        assert_eq!(
            (dev.monthly_limit_usd, dev.actual_thresholds.as_slice()),
            (100.0, [50.0].as_slice())
        );
        assert_eq!(prod.actual_thresholds, [80.0, 100.0]);
    }

    #[test]
    fn environments_default_to_dev_and_prod() {
        let text = BASE.replace("environments = [\"dev\", \"prod\"]\n", "");
        let loaded = load_text(&text).expect("valid");
        let names: Vec<&str> = loaded
            .blueprint
            .environments
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(names, DEFAULT_ENVIRONMENTS);
    }
}
