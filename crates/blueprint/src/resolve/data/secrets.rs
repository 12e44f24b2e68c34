//! `[secrets.<name>]`: the application's Secrets Manager secrets.

use indexmap::IndexMap;

use crate::diagnostic::Diagnostic;
use crate::model::Secret;
use crate::raw::SecretRaw;
use crate::resolve::renames::{Keyed, check_renames};
use crate::resolve::{Context, secret_limits};
use crate::span::Sp;

/// Secrets Manager allows longer names; 64 keeps `<project>-<env>/<name>` readable.
const MAX_SECRET_NAME: usize = 64;

pub(crate) fn secrets(
    raw: Option<&IndexMap<Sp<String>, Sp<SecretRaw>>>,
    cx: &mut Context<'_>,
) -> Vec<Secret> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    let keyed: Vec<Keyed<'_>> = raw
        .iter()
        .map(|(key, secret)| Keyed {
            key,
            renamed_from: secret.renamed_from.as_ref(),
        })
        .collect();
    let renames = check_renames(&keyed, "secret", check_secret_name, cx);
    raw.iter()
        .zip(renames)
        .map(|((name, secret), renamed_from)| {
            check_secret_name(name, &mut cx.diagnostics);
            secret_limits::check_description(secret, cx);
            let identity = renamed_from.as_deref().unwrap_or(name.get());
            Secret {
                name: name.get().clone(),
                secret_name: cx.names.secret(identity),
                renamed_from,
                description: secret.description.as_ref().map(|d| d.get().clone()),
            }
        })
        .collect()
}

/// Secret keys may use `_` (they often mirror variable names), so they are not DNS labels.
fn check_secret_name(name: &Sp<String>, diagnostics: &mut Vec<Diagnostic>) {
    let valid = !name.is_empty()
        && name.len() <= MAX_SECRET_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b));
    if !valid {
        diagnostics.push(
            Diagnostic::error(
                name.span(),
                format!("secret name `{}` is not valid", name.get()),
                "invalid name",
            )
            .with_help("use letters, digits, `-` and `_`, at most 64 characters"),
        );
    }
}
