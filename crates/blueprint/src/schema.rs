//! The JSON Schema of the blueprint, derived from the raw types.

use std::sync::LazyLock;

use schemars::generate::SchemaSettings;
use schemars::transform::{Transform, transform_subschemas};
use serde_json::Value;

use crate::raw::Document;

/// The blueprint's JSON Schema (draft 2020-12), as `plinth schema` prints it.
pub fn schema() -> &'static Value {
    static SCHEMA: LazyLock<Value> = LazyLock::new(|| {
        let generator = SchemaSettings::draft2020_12()
            .with_transform(ClosedObjects)
            .into_generator();
        generator.into_root_schema_for::<Document>().to_value()
    });
    &SCHEMA
}

/// The schema as pretty-printed JSON with a trailing newline.
pub fn schema_json() -> String {
    let mut text = serde_json::to_string_pretty(schema()).expect("a JSON value always serializes");
    text.push('\n');
    text
}

/// Adapts the derived schema to TOML:
/// - closes every object schema that lists properties, so unknown keys are errors even where
///   serde's `flatten` keeps schemars from adding `additionalProperties: false` itself;
/// - drops `null` from optional values, since TOML has no null: a key is present or absent.
#[derive(Clone, Copy)]
struct ClosedObjects;

impl Transform for ClosedObjects {
    fn transform(&mut self, schema: &mut schemars::Schema) {
        transform_subschemas(self, schema);
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        if object.contains_key("properties") {
            object.insert("additionalProperties".into(), Value::Bool(false));
        }
        if let Some(Value::Array(types)) = object.get_mut("type") {
            types.retain(|kind| kind != "null");
            if types.len() == 1 {
                let only = types.remove(0);
                object.insert("type".into(), only);
            }
        }
        for keyword in ["anyOf", "oneOf"] {
            let Some(Value::Array(branches)) = object.get_mut(keyword) else {
                continue;
            };
            branches.retain(|branch| branch.get("type").is_none_or(|kind| kind != "null"));
            if branches.len() == 1 {
                let Some(Value::Object(only)) = branches.pop() else {
                    continue;
                };
                object.remove(keyword);
                for (key, value) in only {
                    object.entry(key).or_insert(value);
                }
            }
        }
    }
}
