//! The minijinja environment: embedded templates, delimiters that never collide with GitHub's
//! `${{ … }}`, strict undefined values, and the helpers templates call.
//!
//! - `[[ uses("owner/name") ]]`: the pinned reference of an action, or the blueprint's
//!   `[ci.actions]` override of it; an action missing from [`PINS`](crate::pins::PINS) is an
//!   error.
//! - `[[ script("name.sh") | indent(n) ]]`: a shell script from `templates/scripts/`, inserted
//!   verbatim (scripts are not templates, so they can be shellchecked as they are).
//! - `[[ join_path(dir, file) ]]`: `file` inside the repository directory `dir`.
//! - `[[ value | yaml ]]`: a YAML double-quoted string; `[[ value | expr_string ]]`: a string
//!   literal inside a GitHub expression.

use std::fmt::Write as _;

use include_dir::{Dir, include_dir};
use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, Value};
use plinth_blueprint::output::GeneratedFile;
use serde::Serialize;

use crate::pins::{ActionOverride, reference};

static TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The extension of template files; everything else under `templates/` is inserted verbatim.
const TEMPLATE_EXTENSION: &str = ".yml.j2";

/// The workflows, by template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workflow {
    /// `plinth-ci-<service>.yml`.
    Ci,
    /// `plinth-deploy.yml`.
    Deploy,
    /// `plinth-terraform.yml`.
    Terraform,
    /// `plinth-freshness.yml`.
    Freshness,
}

impl Workflow {
    /// The template that renders the workflow.
    pub fn template(self) -> &'static str {
        match self {
            Self::Ci => "ci.yml.j2",
            Self::Deploy => "deploy.yml.j2",
            Self::Terraform => "terraform.yml.j2",
            Self::Freshness => "freshness.yml.j2",
        }
    }
}

/// The loaded templates.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Loads and compiles every embedded template, with plinth's own pins.
    pub fn new() -> Result<Self, Error> {
        Self::with_overrides(Vec::new())
    }

    /// Loads and compiles every embedded template; `uses()` takes an action from `overrides`
    /// (a blueprint's `[ci.actions]`) before the pin table.
    pub fn with_overrides(overrides: Vec<ActionOverride>) -> Result<Self, Error> {
        let mut env = Environment::new();
        env.set_syntax(
            SyntaxConfig::builder()
                .block_delimiters("[%", "%]")
                .variable_delimiters("[[", "]]")
                .comment_delimiters("[#", "#]")
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()?,
        );
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // YAML is not HTML: values are quoted explicitly with the `yaml` filter.
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.add_function("uses", move |action: &str| uses(action, &overrides));
        env.add_function("script", script);
        env.add_function("join_path", join_path);
        env.add_filter("yaml", yaml_string);
        env.add_filter("expr_string", expression_string);
        for file in files(&TEMPLATES) {
            let name = file.path().to_string_lossy().replace('\\', "/");
            if !name.ends_with(TEMPLATE_EXTENSION) {
                continue;
            }
            let source = file.contents_utf8().ok_or_else(|| {
                Error::new(ErrorKind::InvalidOperation, format!("{name} is not UTF-8"))
            })?;
            env.add_template_owned(name, source.to_owned())?;
        }
        Ok(Self { env })
    }

    /// Renders `workflow` for `info` as the file at `path`.
    pub fn render(
        &self,
        workflow: Workflow,
        path: &str,
        info: &impl Serialize,
    ) -> Result<GeneratedFile, Error> {
        let template = self.env.get_template(workflow.template())?;
        let contents = template.render(Value::from(Serde(info)))?;
        Ok(GeneratedFile::new(path, contents))
    }

    /// Renders the template source `source` for `context`: tests of the environment itself.
    #[cfg(test)]
    fn render_str(&self, source: &str, context: &impl Serialize) -> Result<String, Error> {
        self.env.render_str(source, Value::from(Serde(context)))
    }
}

fn files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut found: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        found.extend(files(sub));
    }
    found
}

/// `uses("owner/name")`: the pinned (or overridden) reference of an action.
fn uses(action: &str, overrides: &[ActionOverride]) -> Result<String, Error> {
    reference(action, overrides).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("no pin for action `{action}`: add it to pins::PINS"),
        )
    })
}

/// The directive that lets shellcheck lint a script file on its own; a workflow step's shell is
/// already bash.
const SHELLCHECK_DIRECTIVE: &str = "# shellcheck shell=bash\n";

/// `script("name.sh")`: a script from `templates/scripts/`, verbatim but for its shellcheck
/// directive.
fn script(name: &str) -> Result<String, Error> {
    TEMPLATES
        .get_file(format!("scripts/{name}"))
        .and_then(include_dir::File::contents_utf8)
        .map(|text| {
            text.strip_prefix(SHELLCHECK_DIRECTIVE)
                .unwrap_or(text)
                .to_owned()
        })
        .ok_or_else(|| {
            Error::new(
                ErrorKind::TemplateNotFound,
                format!("no script `{name}` in templates/scripts"),
            )
        })
}

/// `join_path(dir, file)`: `file` inside `dir`, where `.` is the repository root.
fn join_path(dir: &str, file: &str) -> String {
    if dir == "." {
        file.to_owned()
    } else {
        format!("{dir}/{file}")
    }
}

/// A YAML double-quoted scalar holding exactly `value`.
pub fn yaml_string(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(quoted, "\\u{:04x}", u32::from(c));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// A string literal of GitHub's expression language: single quotes, doubled to escape.
pub fn expression_string(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles_and_every_script_is_reachable() {
        let templates = Templates::new().unwrap();
        for workflow in [
            Workflow::Ci,
            Workflow::Deploy,
            Workflow::Terraform,
            Workflow::Freshness,
        ] {
            templates.env.get_template(workflow.template()).unwrap();
        }
        assert!(
            script("ecs-rollout.sh")
                .unwrap()
                .contains("set -euo pipefail")
        );
        assert!(script("missing.sh").is_err());
    }

    #[test]
    fn github_expressions_pass_through_and_undefined_values_fail() {
        let templates = Templates::new().unwrap();
        let context = std::collections::BTreeMap::from([("name", "web")]);
        let rendered = templates
            .render_str("[[ name ]]: ${{ github.sha }} {{ raw }}", &context)
            .unwrap();
        assert_eq!(rendered, "web: ${{ github.sha }} {{ raw }}");
        let error = templates.render_str("[[ missing ]]", &context).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::UndefinedError);
        let error = templates
            .render_str("[[ name.missing ]]", &context)
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::UndefinedError);
    }

    #[test]
    fn unknown_actions_are_errors() {
        let templates = Templates::new().unwrap();
        let context = std::collections::BTreeMap::<&str, &str>::new();
        let error = templates
            .render_str(r#"[[ uses("someone/unpinned") ]]"#, &context)
            .unwrap_err();
        assert!(error.to_string().contains("someone/unpinned"));
        let pinned = templates
            .render_str(r#"[[ uses("actions/checkout") ]]"#, &context)
            .unwrap();
        assert!(pinned.starts_with("actions/checkout@"));
    }

    #[test]
    fn every_uses_in_a_template_goes_through_the_pin_table() {
        let mut pinned = 0;
        for file in files(&TEMPLATES) {
            let name = file.path().to_string_lossy().into_owned();
            let Some(source) = file.contents_utf8() else {
                continue;
            };
            for line in source.lines() {
                let Some(value) = line
                    .trim_start()
                    .trim_start_matches("- ")
                    .strip_prefix("uses:")
                else {
                    continue;
                };
                let value = value.trim();
                // The one local reference: CI calling the deploy workflow of the same repository.
                if value == "$/.github/workflows/plinth-deploy.yml" {
                    continue;
                }
                let action = value
                    .strip_prefix("[[ uses(\"")
                    .and_then(|rest| rest.strip_suffix("\") ]]"))
                    .unwrap_or_else(|| panic!("{name}: `uses:` bypasses the pin table: {line}"));
                assert!(
                    crate::pins::action_pin(action).is_some(),
                    "{name}: {action} is not pinned"
                );
                pinned += 1;
            }
        }
        assert!(pinned > 20, "only {pinned} pinned `uses:` found");
    }

    #[test]
    fn an_override_changes_the_reference_the_templates_get() {
        let templates = Templates::with_overrides(vec![ActionOverride {
            action: "actions/checkout".to_owned(),
            sha: "0123456789abcdef0123456789abcdef01234567".to_owned(),
            version: "v7.0.2".to_owned(),
        }])
        .unwrap();
        let context = std::collections::BTreeMap::<&str, &str>::new();
        let rendered = templates
            .render_str(r#"[[ uses("actions/checkout") ]]"#, &context)
            .unwrap();
        assert_eq!(
            rendered,
            "actions/checkout@0123456789abcdef0123456789abcdef01234567 # v7.0.2"
        );
    }

    #[test]
    fn strings_are_quoted_for_yaml_and_expressions() {
        assert_eq!(yaml_string(r#"say "hi"\"#), r#""say \"hi\"\\""#);
        assert_eq!(yaml_string("a\nb\u{7}"), r#""a\nb\u0007""#);
        assert_eq!(expression_string("it's"), "'it''s'");
    }
}
