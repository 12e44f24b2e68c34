//! The structural check: the whole document against the JSON Schema, every error at once.
//!
//! Unknown keys, wrong types, unknown enum values and out-of-range numbers are all
//! found here, before any environment is merged, and mapped back to the TOML text.

use std::sync::LazyLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};

use crate::raw::ServiceKind;
use crate::resolve::misplaced_key;
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::parse::{SpanIndex, dotted_path};
use crate::schema::schema;
use crate::span::Span;

/// The validator reads the schema as draft 7. The schema is published as draft 2020-12, but it
/// uses only keywords both drafts read the same way (`tests::the_schema_means_the_same_in_draft_7`
/// checks), and compiling draft 7's meta-schema, which every process does once to check the
/// schema, takes half the time: about 1.4 ms of a 20 ms budget for a whole `plinth generate`.
/// Formats (`uint32`, …) stay annotations, as in 2020-12.
static VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(false)
        .build(schema())
        .expect("the derived schema is valid")
});

/// What the structural check found: its diagnostics, and where they are, so that the rest of the
/// load can still run without the rejected values and report every other problem too.
#[derive(Debug, Default)]
pub struct Structural {
    /// Every structural problem, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// JSON pointers of the values to leave out of the semantic checks (wrong types, unknown keys
    /// and values, values out of range).
    pub rejected: Vec<String>,
    /// JSON pointers of the tables whose semantic checks would only echo a structural problem
    /// (the table that held a rejected value, or misses a required key).
    pub tainted: Vec<String>,
}

/// Checks `document` (the blueprint converted to JSON) against the schema.
pub fn check(document: &Value, index: &mut SpanIndex) -> Structural {
    let mut found = Structural {
        diagnostics: index.take_problems(),
        ..Structural::default()
    };
    for pointer in index.rejected() {
        found.reject(pointer);
    }
    for error in VALIDATOR.iter_errors(document) {
        let pointer = error.instance_path().as_str();
        if index.was_rejected(pointer) {
            continue;
        }
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                for key in unexpected {
                    found.reject(&format!("{pointer}/{}", escape(key)));
                }
            }
            ValidationErrorKind::Required { .. } => found.tainted.push(pointer.to_owned()),
            _ => found.reject(pointer),
        }
        found.diagnostics.extend(describe(&error, document, index));
    }
    found
        .diagnostics
        .sort_by_key(|d| d.span.as_ref().map(|s| (s.start, s.end)));
    found.diagnostics.dedup();
    found
}

impl Structural {
    /// Leaves the value at `pointer` out, and the table holding it unchecked. An array element
    /// takes its whole array with it (removing one would renumber the rest).
    fn reject(&mut self, pointer: &str) {
        let (mut value, mut parent) = split(pointer);
        if is_index(pointer) {
            (value, parent) = split(parent);
        }
        self.rejected.push(value.to_owned());
        self.tainted.push(parent.to_owned());
    }
}

/// `pointer` and its parent's pointer.
fn split(pointer: &str) -> (&str, &str) {
    (
        pointer,
        pointer.rfind('/').map_or("", |cut| &pointer[..cut]),
    )
}

/// Whether the last segment of `pointer` is an array index.
fn is_index(pointer: &str) -> bool {
    pointer
        .rsplit('/')
        .next()
        .is_some_and(|last| !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()))
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[allow(clippy::too_many_lines, reason = "one arm per kind of schema error")]
fn describe(error: &ValidationError<'_>, document: &Value, index: &SpanIndex) -> Vec<Diagnostic> {
    let pointer = error.instance_path().as_str();
    let path = dotted_path(pointer);
    let value_span = index
        .get(pointer)
        .map_or_else(|| index.best_span(pointer), |located| located.value.clone());
    let key_span = index.best_span(pointer);
    let table = if path.is_empty() {
        "the top level".to_owned()
    } else {
        format!("`[{path}]`")
    };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed = allowed_keys(pointer);
            unexpected
                .iter()
                .map(|key| {
                    let child = format!("{pointer}/{}", escape(key));
                    let diagnostic = Diagnostic::error(
                        index.best_span(&child),
                        format!("unknown key `{key}` in {table}"),
                        "unknown key",
                    );
                    match did_you_mean(key, allowed.iter().map(String::as_str)) {
                        Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
                        None if allowed.is_empty() => diagnostic,
                        None => diagnostic.with_help(format!("expected one of {}", list(&allowed))),
                    }
                })
                .collect()
        }
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default();
            let child = format!("{pointer}/{property}");
            let is_table = schema_at(&child).is_some_and(|node| node.get("properties").is_some());
            let help = if is_table {
                let dotted = dotted_path(&child);
                format!("add a `[{dotted}]` table")
            } else {
                format!("add `{property} = …` to {table}")
            };
            vec![
                Diagnostic::error(
                    key_span,
                    format!("{table} is missing the required key `{property}`"),
                    format!("add `{property}` here"),
                )
                .with_help(help),
            ]
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(single) => article(&single.to_string()),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| article(&t.to_string()))
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            let value = document.pointer(pointer);
            let found = json_kind(value);
            let diagnostic = Diagnostic::error(
                value_span,
                format!("`{path}` must be {expected}, not {found}"),
                format!("expected {expected}"),
            );
            let wanted: Vec<String> = match kind {
                TypeKind::Single(single) => vec![single.to_string()],
                TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect(),
            };
            let key = path.rsplit('.').next().unwrap_or(&path);
            vec![match type_fix(key, &wanted, value) {
                Some(fix) => diagnostic.with_help(fix),
                None => diagnostic,
            }]
        }
        ValidationErrorKind::Enum { options } => {
            let options: Vec<String> = options
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|o| o.as_str().map(str::to_owned))
                .collect();
            vec![unknown_value(
                value_span,
                &path,
                document.pointer(pointer),
                &options,
            )]
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => {
            vec![Diagnostic::error(
                value_span,
                format!("`{path}` is too small: the lowest allowed value is {limit}"),
                "too small",
            )]
        }
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            vec![Diagnostic::error(
                value_span,
                format!("`{path}` is too large: the highest allowed value is {limit}"),
                "too large",
            )]
        }
        // The service schema forbids the keys of the other kind where a table names its kind.
        ValidationErrorKind::FalseSchema => {
            let (service, key) = split(pointer);
            let service = match service.strip_suffix("/autoscaling") {
                Some(above) => above,
                None => service,
            };
            let kind = match document
                .pointer(&format!("{service}/kind"))
                .and_then(Value::as_str)
            {
                Some("worker") => ServiceKind::Worker,
                Some("job") => ServiceKind::Job,
                _ => ServiceKind::Web,
            };
            let key = key.rsplit('/').next().unwrap_or(key);
            let (message, help) = misplaced_key(key, kind);
            vec![Diagnostic::error(key_span, message, "not for this kind").with_help(help)]
        }
        // Documented enums are `oneOf` a list of `const`s; report them like `enum`.
        ValidationErrorKind::OneOfNotValid { .. } | ValidationErrorKind::AnyOf { .. }
            if !const_options(pointer).is_empty() =>
        {
            let options = const_options(pointer);
            vec![unknown_value(
                value_span,
                &path,
                document.pointer(pointer),
                &options,
            )]
        }
        _ => vec![Diagnostic::error(
            value_span,
            format!("`{path}`: {error}"),
            "invalid value",
        )],
    }
}

/// How to write `found` as one of the `wanted` JSON types, shown as the line to write.
fn type_fix(key: &str, wanted: &[String], found: Option<&Value>) -> Option<String> {
    let wants = |kind: &str| wanted.iter().any(|w| w == kind);
    let write = |value: &str| Some(format!("write `{key} = {value}`"));
    match found? {
        Value::String(text) => {
            let text = text.trim();
            if (wants("integer") && text.parse::<i64>().is_ok())
                || (wants("number") && text.parse::<f64>().is_ok_and(f64::is_finite))
            {
                write(text).map(|fix| fix + " (numbers take no quotes)")
            } else if wants("boolean") && matches!(text, "true" | "false") {
                write(text).map(|fix| fix + " (booleans take no quotes)")
            } else if wants("boolean") && matches!(text, "yes" | "on" | "no" | "off") {
                let flag = matches!(text, "yes" | "on");
                write(&flag.to_string()).map(|fix| fix + " (TOML booleans are `true` and `false`)")
            } else if wants("array") {
                write(&format!("[{}]", Value::String(text.to_owned())))
                    .map(|fix| fix + " (a list, even of one)")
            } else if wants("integer") || wants("number") {
                Some("write a number, without quotes".to_owned())
            } else {
                None
            }
        }
        Value::Number(number) if wants("string") => {
            write(&format!("\"{number}\"")).map(|fix| fix + " (this setting is text: quote it)")
        }
        Value::Bool(flag) if wants("string") => write(&format!("\"{flag}\"")),
        Value::Number(number) if wants("boolean") => match number.as_i64() {
            Some(0) => write("false"),
            Some(1) => write("true"),
            _ => Some("write `true` or `false`".to_owned()),
        },
        Value::Number(number) if wants("integer") && number.is_f64() => {
            let value = number.as_f64().unwrap_or_default();
            #[allow(clippy::cast_possible_truncation, reason = "only a suggestion")]
            let whole = value.round() as i64;
            write(&whole.to_string()).map(|fix| fix + " (a whole number)")
        }
        Value::Number(_) | Value::Bool(_) if wants("array") => {
            let item = found.map(ToString::to_string).unwrap_or_default();
            write(&format!("[{item}]")).map(|fix| fix + " (a list, even of one)")
        }
        found if wants("object") && !found.is_object() => Some(format!(
            "`{key}` is a table: write its keys under a `[…{key}]` header, or inline as `{key} = {{ … }}`"
        )),
        _ => None,
    }
}

/// A value outside an enumeration, with the closest allowed value when one is close.
fn unknown_value(span: Span, path: &str, found: Option<&Value>, options: &[String]) -> Diagnostic {
    let diagnostic = Diagnostic::error(
        span,
        format!("{} is not a valid value for `{path}`", render(found)),
        "unknown value",
    );
    let close = found
        .and_then(Value::as_str)
        .and_then(|word| did_you_mean(word, options.iter().map(String::as_str)));
    match close {
        Some(close) => diagnostic.with_help(format!(
            "did you mean `{close}`? (expected one of {})",
            list(options)
        )),
        None => diagnostic.with_help(format!("expected one of {}", list(options))),
    }
}

fn render(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => format!("`{text}`"),
        Some(other) => format!("`{other}`"),
        None => "the value".to_owned(),
    }
}

fn json_kind(value: Option<&Value>) -> &'static str {
    match value {
        Some(Value::String(_)) => "a string",
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => "an integer",
        Some(Value::Number(_)) => "a float",
        Some(Value::Bool(_)) => "a boolean",
        Some(Value::Array(_)) => "an array",
        Some(Value::Object(_)) => "a table",
        Some(Value::Null) | None => "nothing",
    }
}

fn article(kind: &str) -> String {
    match kind {
        "object" => "a table".to_owned(),
        "integer" | "array" => format!("an {kind}"),
        "number" => "a number".to_owned(),
        other => format!("a {other}"),
    }
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The subschema that describes the value at `pointer`.
fn schema_at(pointer: &str) -> Option<&'static Value> {
    let root = schema();
    let mut node = root;
    for segment in pointer.split('/').skip(1) {
        node = deref(root, node);
        node = node
            .get("properties")
            .and_then(|properties| properties.get(segment))
            .or_else(|| node.get("additionalProperties").filter(|a| a.is_object()))
            .or_else(|| node.get("items"))?;
    }
    Some(deref(root, node))
}

/// The keys the schema allows in the table at `pointer`.
fn allowed_keys(pointer: &str) -> Vec<String> {
    schema_at(pointer)
        .and_then(|node| node.get("properties"))
        .and_then(Value::as_object)
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default()
}

/// The values allowed at `pointer` when its schema is a documented enum (`oneOf` of `const`s).
fn const_options(pointer: &str) -> Vec<String> {
    let Some(node) = schema_at(pointer) else {
        return Vec::new();
    };
    let mut options = Vec::new();
    for branch in ["oneOf", "anyOf"]
        .iter()
        .filter_map(|k| node.get(*k))
        .filter_map(Value::as_array)
        .flatten()
    {
        let branch = deref(schema(), branch);
        if let Some(value) = branch.get("const").and_then(Value::as_str) {
            options.push(value.to_owned());
        }
        for value in branch
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            options.extend(value.as_str().map(str::to_owned));
        }
    }
    options
}

fn deref<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    while let Some(target) = node.get("$ref").and_then(Value::as_str) {
        match target
            .strip_prefix('#')
            .and_then(|pointer| root.pointer(pointer))
        {
            Some(found) => node = found,
            None => break,
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use crate::schema::schema;

    /// Keywords that draft 7 and draft 2020-12 both define with the same meaning (`$defs` is only
    /// a place `$ref` pointers lead to; draft 7 resolves them as JSON pointers all the same).
    const SHARED_KEYWORDS: &[&str] = &[
        "$schema",
        "$defs",
        "$ref",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "type",
        "enum",
        "const",
        "properties",
        "additionalProperties",
        "required",
        "items",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "anyOf",
        "oneOf",
        "allOf",
        "not",
        // Conditionals came in draft 7 and mean the same in 2020-12.
        "if",
        "then",
        "else",
    ];

    fn check(node: &Value, path: &str, in_properties: bool) {
        match node {
            Value::Object(object) => {
                for (key, value) in object {
                    let here = format!("{path}/{key}");
                    if !in_properties && path != "/$defs" {
                        assert!(
                            SHARED_KEYWORDS.contains(&key.as_str()),
                            "{here}: `{key}` may mean something else in draft 7"
                        );
                    }
                    let is_data = !in_properties
                        && matches!(key.as_str(), "enum" | "const" | "default" | "examples");
                    if !is_data {
                        check(value, &here, !in_properties && key == "properties");
                    }
                }
                if !in_properties && object.contains_key("$ref") {
                    // Draft 7 ignores everything beside a `$ref`; only annotations may be there.
                    for key in object.keys() {
                        assert!(
                            matches!(key.as_str(), "$ref" | "description" | "title" | "default"),
                            "{path}: `{key}` beside `$ref` is ignored in draft 7"
                        );
                    }
                }
                if let Some(items) = object.get("items").filter(|_| !in_properties) {
                    assert!(items.is_object(), "{path}: tuple `items` differ in draft 7");
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    check(item, &format!("{path}/{index}"), false);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn the_schema_means_the_same_in_draft_7() {
        check(schema(), "", false);
    }
}
