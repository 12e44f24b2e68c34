//! A service's plain and secret environment variables, and the secret references they resolve.

use indexmap::IndexMap;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::{SecretEnv, SecretSource};
use crate::raw::ServiceRaw;
use crate::resolve::Context;
use crate::span::Sp;

use super::References;

/// The plain and secret environment variables, with every secret reference resolved.
pub(super) fn variables(
    raw: &ServiceRaw,
    refs: &References<'_>,
    cx: &mut Context<'_>,
) -> (IndexMap<String, String>, Vec<SecretEnv>) {
    container_variables(raw.environment.as_ref(), raw.secrets.as_ref(), refs, cx)
}

/// A container's written `environment` and `secrets` tables (a service's or a sidecar's).
pub(super) type VariableTable = Sp<IndexMap<Sp<String>, Sp<String>>>;

/// The plain and secret environment variables of one container, with every secret reference
/// resolved.
pub(super) fn container_variables(
    environment: Option<&VariableTable>,
    secrets: Option<&VariableTable>,
    refs: &References<'_>,
    cx: &mut Context<'_>,
) -> (IndexMap<String, String>, Vec<SecretEnv>) {
    let environment: IndexMap<String, String> = environment
        .iter()
        .flat_map(|env| env.iter())
        .map(|(key, value)| {
            check_variable_name(key, cx);
            if looks_secret(key) {
                cx.push(
                    Diagnostic::warning(key.span(), format!("`{}` looks like a secret but is a plain environment variable", key.get()), "plain value")
                        .with_help("plain values end up in the task definition; move it to `secrets` as `secret:<name>`"),
                );
            }
            (key.get().clone(), value.get().clone())
        })
        .collect();
    let secrets = secrets
        .iter()
        .flat_map(|secrets| secrets.iter())
        .filter_map(|(key, reference)| {
            check_variable_name(key, cx);
            if environment.contains_key(key.get()) {
                cx.push(
                    Diagnostic::error(
                        key.span(),
                        format!("`{}` is both a plain variable and a secret", key.get()),
                        "defined twice",
                    )
                    .with_help("keep it in `secrets` only"),
                );
            }
            resolve_secret(reference, refs, cx).map(|source| SecretEnv {
                name: key.get().clone(),
                source,
            })
        })
        .collect();

    (environment, secrets)
}

#[allow(clippy::too_many_lines, reason = "one arm per kind of reference")]
fn resolve_secret(
    reference: &Sp<String>,
    refs: &References<'_>,
    cx: &mut Context<'_>,
) -> Option<SecretSource> {
    let help = "use `database:username`, `database:password`, `cache:auth_token`, `secret:<name>` or `secret:<name>:<json-key>`";
    let (kind, rest) = reference
        .split_once(':')
        .unwrap_or((reference.as_str(), ""));
    let source = match (kind, rest) {
        ("database", "username" | "password") => {
            if refs.database.is_none() {
                cx.push(
                    Diagnostic::error(
                        reference.span(),
                        format!(
                            "`{}` refers to a database, but there is none",
                            reference.get()
                        ),
                        "no database",
                    )
                    .with_help("add a `[database]` table, or remove this secret"),
                );
                return None;
            }
            if rest == "username" {
                SecretSource::DatabaseUsername
            } else {
                SecretSource::DatabasePassword
            }
        }
        ("cache", "auth_token") => match refs.cache {
            None => {
                cx.push(
                    Diagnostic::error(
                        reference.span(),
                        "`cache:auth_token` refers to a cache, but there is none",
                        "no cache",
                    )
                    .with_help("add a `[cache]` table, or remove this secret"),
                );
                return None;
            }
            Some(cache) if !cache.transit_encryption => {
                cx.push(
                        Diagnostic::error(reference.span(), "the cache has no auth token because `transit_encryption` is off", "no auth token")
                            .with_help("turn `cache.transit_encryption` on (ElastiCache needs TLS for auth tokens)"),
                    );
                return None;
            }
            Some(_) => SecretSource::CacheAuthToken,
        },
        ("secret", rest) if !rest.is_empty() => {
            let (name, json_key) = match rest.split_once(':') {
                Some((name, key)) => (name, Some(key.to_owned())),
                None => (rest, None),
            };
            if !refs.secrets.iter().any(|s| s.name == name) {
                let names: Vec<&str> = refs.secrets.iter().map(|s| s.name.as_str()).collect();
                let diagnostic = Diagnostic::error(
                    reference.span(),
                    format!("there is no secret `{name}`"),
                    "unknown secret",
                );
                cx.push(match did_you_mean(name, names.iter().copied()) {
                    Some(close) => diagnostic.with_help(format!("did you mean `secret:{close}`?")),
                    None => diagnostic.with_help(format!("declare it as `[secrets.{name}]`")),
                });
                return None;
            }
            if json_key.as_deref() == Some("") {
                cx.push(
                    Diagnostic::error(
                        reference.span(),
                        "the JSON key after the second `:` is empty",
                        "empty key",
                    )
                    .with_help(help),
                );
                return None;
            }
            SecretSource::Secret {
                name: name.to_owned(),
                json_key,
            }
        }
        ("database" | "cache", _) => {
            let valid: &[&str] = if kind == "database" {
                &["database:username", "database:password"]
            } else {
                &["cache:auth_token"]
            };
            let diagnostic = Diagnostic::error(
                reference.span(),
                format!("`{}` is not a value the {kind} provides", reference.get()),
                "unknown key",
            );
            cx.push(match did_you_mean(reference.get(), valid.iter().copied()) {
                Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
                None => diagnostic.with_help(format!(
                    "use {}",
                    valid
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                )),
            });
            return None;
        }
        _ => {
            cx.push(
                Diagnostic::error(
                    reference.span(),
                    format!("`{}` is not a secret reference", reference.get()),
                    "not a reference",
                )
                .with_help(help),
            );
            return None;
        }
    };
    Some(source)
}

fn check_variable_name(key: &Sp<String>, cx: &mut Context<'_>) {
    let valid = key
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !valid {
        cx.push(
            Diagnostic::error(
                key.span(),
                format!("`{}` is not a valid environment variable name", key.get()),
                "invalid name",
            )
            .with_help(
                "use letters, digits and underscores, not starting with a digit, e.g. DATABASE_URL",
            ),
        );
    }
}

fn looks_secret(key: &str) -> bool {
    let upper = key.to_ascii_uppercase();
    ["PASSWORD", "SECRET", "TOKEN", "PRIVATE_KEY", "API_KEY"]
        .iter()
        .any(|word| upper.contains(word))
}
