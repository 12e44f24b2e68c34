//! TOML text to a spanned tree, and that tree to JSON for schema checks.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{Map, Number, Value};
use toml::de::{DeTable, DeValue};

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::span::Span;

/// A parsed blueprint: the TOML tree with a byte span on every key and value.
pub type Tree<'a> = serde_spanned::Spanned<DeTable<'a>>;

/// Parses the blueprint text, or explains the TOML syntax error.
pub fn parse(file: &SourceFile) -> Result<Tree<'_>, Box<Diagnostic>> {
    DeTable::parse(file.text()).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        if error.message().trim() == "duplicate key"
            && let Some(diagnostic) = duplicate_key(file, &span)
        {
            return Box::new(diagnostic);
        }
        Box::new(
            Diagnostic::error(
                span,
                format!("invalid TOML: {}", error.message().trim()),
                "here",
            )
            .with_help("fix the TOML syntax; see https://toml.io/en/v1.0.0"),
        )
    })
}

/// A key written twice in one table: both places, and what to do. The toml parser stops at the
/// second one without naming the key or the first; putting a placeholder in place of the second
/// lets the text parse, and the table holding the placeholder holds the first.
fn duplicate_key(file: &SourceFile, span: &Span) -> Option<Diagnostic> {
    const PLACEHOLDER: &str = "plinth-duplicate-key-placeholder";
    let text = file.text();
    let written = text.get(span.clone())?;
    let name = written.trim_matches(|c| c == '"' || c == '\'');
    let replaced = format!("{}{PLACEHOLDER}{}", &text[..span.start], &text[span.end..]);
    let tree = DeTable::parse(&replaced).ok()?;
    let mut path = Vec::new();
    let table = table_holding(tree.get_ref(), PLACEHOLDER, &mut path)?;
    let (first, _) = table.get_key_value(name)?;
    let first = first.span();
    if first.start >= span.start {
        return None;
    }
    path.push(name.to_owned());
    let dotted = path
        .iter()
        .map(|segment| {
            if segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            {
                segment.clone()
            } else {
                format!("{segment:?}")
            }
        })
        .collect::<Vec<_>>()
        .join(".");
    let at = file.position(first.start);
    Some(
        Diagnostic::error(
            span.clone(),
            format!("`{dotted}` is defined twice"),
            "defined again here",
        )
        .with_note(format!(
            "first defined on line {}, column {}: {}",
            at.line,
            at.column,
            file.line_text(at.line).trim()
        ))
        .with_help(format!(
            "TOML allows each key once per table: keep one `{name}` (merge the two if both hold settings you need)"
        )),
    )
}

/// The table in `table` (searched depth-first) that has the key `key`, with its path.
fn table_holding<'t, 'a>(
    table: &'t DeTable<'a>,
    key: &str,
    path: &mut Vec<String>,
) -> Option<&'t DeTable<'a>> {
    if table.contains_key(key) {
        return Some(table);
    }
    for (name, value) in table {
        let children: Vec<&DeTable<'a>> = match value.get_ref() {
            DeValue::Table(child) => vec![child],
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| item.get_ref().as_table())
                .collect(),
            _ => Vec::new(),
        };
        path.push(name.get_ref().to_string());
        for child in children {
            if let Some(found) = table_holding(child, key, path) {
                return Some(found);
            }
        }
        path.pop();
    }
    None
}

/// Where a key and its value were written.
#[derive(Clone, Debug)]
pub struct Located {
    /// The key's span (`None` for array elements and the root).
    pub key: Option<Span>,
    /// The value's span.
    pub value: Span,
}

/// JSON pointers (RFC 6901) of the converted tree mapped to where each value was written, plus
/// the values the conversion already rejected (so the schema check does not report them again).
#[derive(Debug, Default)]
pub struct SpanIndex {
    located: HashMap<String, Located>,
    rejected: Vec<String>,
    problems: Vec<Diagnostic>,
}

impl SpanIndex {
    /// The location of the value at `pointer`.
    pub fn get(&self, pointer: &str) -> Option<&Located> {
        self.located.get(pointer)
    }

    /// The best span to point at for `pointer`: its key if it has one, else its value, else the
    /// nearest ancestor's.
    pub fn best_span(&self, pointer: &str) -> Span {
        let mut pointer = pointer;
        loop {
            if let Some(located) = self.located.get(pointer) {
                return located.key.clone().unwrap_or_else(|| located.value.clone());
            }
            match pointer.rfind('/') {
                Some(cut) => pointer = &pointer[..cut],
                None => return 0..0,
            }
        }
    }

    /// The pointers of the values the conversion rejected.
    pub fn rejected(&self) -> &[String] {
        &self.rejected
    }

    /// The smallest span that covers `pointer`'s key and value and everything inside it (a
    /// table written in several places spans from its first to its last line).
    pub fn extent(&self, pointer: &str) -> Option<Span> {
        let prefix = format!("{pointer}/");
        self.located
            .iter()
            .filter(|(at, _)| at.as_str() == pointer || at.starts_with(&prefix))
            .flat_map(|(_, located)| located.key.iter().chain(std::iter::once(&located.value)))
            .fold(None, |extent: Option<Span>, span| {
                Some(extent.map_or_else(
                    || span.clone(),
                    |e| e.start.min(span.start)..e.end.max(span.end),
                ))
            })
    }

    /// Whether the value at `pointer` was rejected during conversion.
    pub fn was_rejected(&self, pointer: &str) -> bool {
        self.rejected.iter().any(|rejected| rejected == pointer)
    }

    /// Values TOML accepts but no blueprint setting can hold (datetimes, `nan`, huge integers).
    pub fn take_problems(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.problems)
    }

    fn reject(&mut self, pointer: &str, diagnostic: Diagnostic) -> Value {
        self.rejected.push(pointer.to_owned());
        self.problems.push(diagnostic);
        Value::Null
    }
}

/// Converts the tree to JSON, recording each value's span. Values no setting can hold become
/// `null` and a diagnostic of their own.
pub fn to_json(tree: &Tree<'_>) -> (Value, SpanIndex) {
    let mut index = SpanIndex::default();
    index.located.insert(
        String::new(),
        Located {
            key: None,
            value: tree.span(),
        },
    );
    let json = table_to_json(tree.get_ref(), "", &mut index);
    (json, index)
}

fn table_to_json(table: &DeTable<'_>, pointer: &str, index: &mut SpanIndex) -> Value {
    let mut object = Map::new();
    for (key, value) in table {
        let child = format!("{pointer}/{}", escape_pointer(key.get_ref()));
        index.located.insert(
            child.clone(),
            Located {
                key: Some(key.span()),
                value: value.span(),
            },
        );
        let converted = value_to_json(value, &child, index);
        object.insert(key.get_ref().to_string(), converted);
    }
    Value::Object(object)
}

fn value_to_json(
    value: &serde_spanned::Spanned<DeValue<'_>>,
    pointer: &str,
    index: &mut SpanIndex,
) -> Value {
    let span = value.span();
    match value.get_ref() {
        DeValue::String(text) => Value::String(text.to_string()),
        DeValue::Integer(integer) => {
            match i64::from_str_radix(&integer.as_str().replace('_', ""), integer.radix()) {
                Ok(number) => Value::Number(number.into()),
                Err(_) => index.reject(
                    pointer,
                    Diagnostic::error(
                        span,
                        format!("`{}` is too large for a TOML integer", integer.as_str()),
                        "out of range",
                    )
                    .with_help("TOML integers are 64-bit; use a realistic value"),
                ),
            }
        }
        DeValue::Float(float) => {
            match float
                .as_str()
                .replace('_', "")
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
            {
                Some(number) => Value::Number(number),
                None => index.reject(
                    pointer,
                    Diagnostic::error(
                        span,
                        format!("`{}` is not a finite number", float.as_str()),
                        "not finite",
                    )
                    .with_help("no blueprint setting accepts `nan` or `inf`; write a number"),
                ),
            }
        }
        DeValue::Boolean(flag) => Value::Bool(*flag),
        DeValue::Datetime(datetime) => index.reject(
            pointer,
            Diagnostic::error(
                span,
                format!("`{datetime}` is a TOML date/time, which no blueprint setting takes"),
                "date/time",
            )
            .with_help("quote it if you meant a string"),
        ),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(position, item)| {
                    let child = format!("{pointer}/{position}");
                    index.located.insert(
                        child.clone(),
                        Located {
                            key: None,
                            value: item.span(),
                        },
                    );
                    value_to_json(item, &child, index)
                })
                .collect(),
        ),
        DeValue::Table(table) => table_to_json(table, pointer, index),
    }
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A JSON pointer as a TOML dotted path, e.g. `/env/prod/network` → `env.prod.network`.
pub fn dotted_path(pointer: &str) -> String {
    let mut path = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if segment.bytes().all(|b| b.is_ascii_digit()) && !segment.is_empty() {
            let _ = write!(path, "[{segment}]");
        } else {
            if !path.is_empty() {
                path.push('.');
            }
            if segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            {
                path.push_str(&segment);
            } else {
                let _ = write!(path, "{segment:?}");
            }
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_and_indexes_spans() {
        let file = SourceFile::new(
            "t.toml",
            "[network]\ncidr = \"10.0.0.0/16\"\nzones = [1, 0x10]\n",
        );
        let tree = parse(&file).unwrap();
        let (json, index) = to_json(&tree);
        assert_eq!(json["network"]["zones"][1], 16);
        let cidr = index.get("/network/cidr").unwrap();
        assert_eq!(file.slice(cidr.key.as_ref().unwrap()), "cidr");
        assert_eq!(file.slice(&cidr.value), "\"10.0.0.0/16\"");
        assert_eq!(file.slice(&index.best_span("/network/zones/1")), "0x10");
    }

    #[test]
    fn dotted_paths_read_like_toml() {
        assert_eq!(dotted_path("/env/prod/network/nat"), "env.prod.network.nat");
        assert_eq!(
            dotted_path("/services/api/paths/0"),
            "services.api.paths[0]"
        );
        assert_eq!(dotted_path("/services/a.b/port"), "services.\"a.b\".port");
    }

    #[test]
    fn syntax_errors_point_into_the_text() {
        let file = SourceFile::new("t.toml", "[project]\nname = \n");
        let error = parse(&file).unwrap_err();
        assert!(
            error.message.starts_with("invalid TOML"),
            "{}",
            error.message
        );
        assert_eq!(file.position(error.span.unwrap().start).line, 2);
    }
}
