//! A small, deterministic YAML writer for manifests: block style, keys in insertion order,
//! strings plain when YAML reads them back as the same string and double-quoted (JSON escapes,
//! which YAML accepts) otherwise.

use serde_json::Value;

/// `value` (an object) as a YAML document ending in a newline.
pub fn render(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, map, 0),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, level: usize) {
    out.extend(std::iter::repeat_n(' ', level));
}

fn write_map(out: &mut String, map: &serde_json::Map<String, Value>, level: usize) {
    for (key, value) in map {
        indent(out, level);
        out.push_str(&string(key));
        out.push(':');
        write_value(out, value, level);
    }
}

/// Writes what follows `key:` or `-`: an inline scalar or empty collection, or a nested block.
fn write_value(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(out, map, level + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_list(out, items, level);
        }
        Value::String(text) if block_scalar(out, text, level + 2) => {}
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

/// Writes a multi-line string as a literal block (`|`, or `|-` without a final line break), its
/// lines at `indent`, so a reviewer reads an embedded file as the file; returns `false`, writing
/// nothing, for text a literal block would not give back exactly.
fn block_scalar(out: &mut String, text: &str, indent_to: usize) -> bool {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let exact = text.contains('\n')
        && !body.ends_with('\n')
        && !text.starts_with([' ', '\n'])
        && body.lines().all(|line| {
            !line.ends_with(' ') && !line.contains('\t') && line.chars().all(|c| !c.is_control())
        });
    if !exact {
        return false;
    }
    out.push_str(if text.ends_with('\n') {
        " |\n"
    } else {
        " |-\n"
    });
    for line in body.lines() {
        if !line.is_empty() {
            indent(out, indent_to);
            out.push_str(line);
        }
        out.push('\n');
    }
    true
}

/// A list under a key at `level`: items at the same indentation as the key (kubectl's style).
fn write_list(out: &mut String, items: &[Value], level: usize) {
    for item in items {
        indent(out, level);
        out.push('-');
        match item {
            Value::Object(map) if !map.is_empty() => {
                // The first entry shares the dash's line; the rest align under it.
                let mut first = true;
                for (key, value) in map {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        indent(out, level + 2);
                    }
                    out.push_str(&string(key));
                    out.push(':');
                    write_value(out, value, level + 2);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_list(out, inner, level + 2);
            }
            Value::String(text) if block_scalar(out, text, level + 2) => {}
            other => {
                out.push(' ');
                out.push_str(&scalar(other));
                out.push('\n');
            }
        }
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

/// Words YAML 1.1 or 1.2 readers turn into something other than a string.
const RESERVED: [&str; 22] = [
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "True", "False", "Yes", "No",
    "On", "Off", "Y", "N", "NULL", "Null", "TRUE", "FALSE",
];

fn string(text: &str) -> String {
    let plain = !text.is_empty()
        && !RESERVED.contains(&text)
        && text.parse::<f64>().is_err()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./@".contains(&b))
        && !text.starts_with(['-', '.', '@'])
        && !looks_numeric(text);
    if plain {
        text.to_owned()
    } else {
        serde_json::to_string(text).expect("strings serialize")
    }
}

/// Sexagesimal, octal, hex and similar forms some YAML readers take for numbers.
fn looks_numeric(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b"xXoO_:.".contains(&b))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn renders_multi_line_strings_as_literal_blocks_only_when_exact() {
        let yaml = render(&json!({ "file": "a: 1\n\nb: [x]\n", "list": ["one\ntwo"] }));
        assert_eq!(
            yaml,
            "file: |\n  a: 1\n\n  b: [x]\nlist:\n- |-\n  one\n  two\n"
        );
        // A leading space, a tab, trailing spaces or blank lines at the end: quoted instead.
        for text in [" lead\nx\n", "tab\there\n", "trail \nx\n", "a\n\n"] {
            let yaml = render(&json!({ "file": text }));
            assert_eq!(
                yaml,
                format!("file: {}\n", serde_json::to_string(text).unwrap())
            );
        }
    }

    #[test]
    fn renders_block_style_with_quoted_ambiguous_strings() {
        let value = json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": "web", "labels": {"app.kubernetes.io/name": "web"}, "annotations": {}},
            "spec": {
                "ports": [{"name": "http", "port": 80, "targetPort": "http"}],
                "flags": ["true", "1.35", "0755", "a b", "", "ok"],
                "nested": [[1, 2], {"a": {"b": "c"}}],
            }
        });
        assert_eq!(
            render(&value),
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    app.kubernetes.io/name: web\n  annotations: {}\nspec:\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n  flags:\n  - \"true\"\n  - \"1.35\"\n  - \"0755\"\n  - \"a b\"\n  - \"\"\n  - ok\n  nested:\n  -\n    - 1\n    - 2\n  - a:\n      b: c\n"
        );
    }
}
