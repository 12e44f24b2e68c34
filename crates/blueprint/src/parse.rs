//! TOML text to a spanned tree, and that tree to JSON for schema checks.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use toml::de::{DeTable, DeValue};

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::span::Span;

/// A parsed blueprint: the TOML tree with a byte span on every key and value.
pub type Tree<'a> = serde_spanned::Spanned<DeTable<'a>>;

/// Parses the blueprint text, or explains the TOML syntax error.
pub fn parse(file: &SourceFile) -> Result<Tree<'_>, Diagnostic> {
    DeTable::parse(file.text()).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        Diagnostic::error(
            span,
            format!("invalid TOML: {}", error.message().trim()),
            "here",
        )
        .with_help("fix the TOML syntax; see https://toml.io/en/v1.0.0")
    })
}

/// Where a key and its value were written.
#[derive(Clone, Debug)]
pub struct Located {
    /// The key's span (`None` for array elements and the root).
    pub key: Option<Span>,
    /// The value's span.
    pub value: Span,
}

/// JSON pointers (RFC 6901) of the converted tree mapped to where each value was written.
#[derive(Debug, Default)]
pub struct SpanIndex(HashMap<String, Located>);

impl SpanIndex {
    /// The location of the value at `pointer`.
    pub fn get(&self, pointer: &str) -> Option<&Located> {
        self.0.get(pointer)
    }

    /// The best span to point at for `pointer`: its key if it has one, else its value, else the
    /// nearest ancestor's.
    pub fn best_span(&self, pointer: &str) -> Span {
        let mut pointer = pointer;
        loop {
            if let Some(located) = self.0.get(pointer) {
                return located.key.clone().unwrap_or_else(|| located.value.clone());
            }
            match pointer.rfind('/') {
                Some(cut) => pointer = &pointer[..cut],
                None => return 0..0,
            }
        }
    }
}

/// Converts the tree to JSON (datetimes become strings), recording each value's span.
pub fn to_json(tree: &Tree<'_>) -> (Value, SpanIndex) {
    let mut index = SpanIndex::default();
    index.0.insert(
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
        index.0.insert(
            child.clone(),
            Located {
                key: Some(key.span()),
                value: value.span(),
            },
        );
        object.insert(
            key.get_ref().to_string(),
            value_to_json(value.get_ref(), &child, index),
        );
    }
    Value::Object(object)
}

fn value_to_json(value: &DeValue<'_>, pointer: &str, index: &mut SpanIndex) -> Value {
    match value {
        DeValue::String(text) => Value::String(text.to_string()),
        DeValue::Integer(integer) => {
            i64::from_str_radix(&integer.as_str().replace('_', ""), integer.radix()).map_or_else(
                |_| Value::String(integer.as_str().to_owned()),
                |n| Value::Number(n.into()),
            )
        }
        DeValue::Float(float) => float
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or_else(|| Value::String(float.as_str().to_owned()), Value::Number),
        DeValue::Boolean(flag) => Value::Bool(*flag),
        DeValue::Datetime(datetime) => Value::String(datetime.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(position, item)| {
                    let child = format!("{pointer}/{position}");
                    index.0.insert(
                        child.clone(),
                        Located {
                            key: None,
                            value: item.span(),
                        },
                    );
                    value_to_json(item.get_ref(), &child, index)
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
            path.push_str(&format!("[{segment}]"));
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
                path.push_str(&format!("{segment:?}"));
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
