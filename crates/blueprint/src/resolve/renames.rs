//! `renamed_from`: a rename that keeps the AWS identity of what was renamed.
//!
//! AWS names (and for environments the Terraform state key) derive from blueprint keys, so a
//! plain rename would make Terraform destroy and recreate the resources. With `renamed_from`
//! the old key stays the resource's identity: names are unchanged and only Terraform addresses
//! move, which the emitter covers with `moved` blocks.

use std::collections::BTreeMap;

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::span::Sp;

/// One keyed entry of a collection (a service, bucket, secret or environment) and its
/// `renamed_from`, if any.
pub(crate) struct Keyed<'a> {
    pub key: &'a Sp<String>,
    pub renamed_from: Option<&'a Sp<String>>,
}

/// Checks every `renamed_from` of one collection of `what`s (e.g. "service"): a valid name, not
/// the entry itself, not another current key, and no two entries claiming the same identity.
/// Returns the accepted old key of each entry, in order.
pub(crate) fn check_renames(
    entries: &[Keyed<'_>],
    what: &str,
    check_key: fn(&Sp<String>, &mut Vec<Diagnostic>),
    cx: &mut Context<'_>,
) -> Vec<Option<String>> {
    let mut claimed: BTreeMap<&str, &Sp<String>> = BTreeMap::new();
    entries
        .iter()
        .map(|entry| {
            let old = entry.renamed_from?;
            let before = cx.diagnostics.len();
            check_key(old, &mut cx.diagnostics);
            if old.get() == entry.key.get() {
                cx.push(
                    Diagnostic::error(
                        old.span(),
                        format!("{what} `{}` is renamed from itself", old.get()),
                        "same as the key",
                    )
                    .with_help("remove `renamed_from`, or set it to the key the entry had before"),
                );
            } else if entries.iter().any(|other| other.key.get() == old.get()) {
                cx.push(
                    Diagnostic::error(
                        old.span(),
                        format!("`{}` is still a {what} of this blueprint", old.get()),
                        "the old key still exists",
                    )
                    .with_help(format!(
                        "`renamed_from` names the key the {what} had before a rename; two {what}s cannot share the AWS names of one"
                    )),
                );
            } else if let Some(first) = claimed.insert(old.get(), entry.key) {
                cx.push(
                    Diagnostic::error(
                        old.span(),
                        format!(
                            "{what}s `{}` and `{}` are both renamed from `{}`",
                            first.get(),
                            entry.key.get(),
                            old.get()
                        ),
                        "claimed twice",
                    )
                    .with_help("only one entry can keep the old key's AWS resources"),
                );
            }
            (cx.diagnostics.len() == before).then(|| old.get().clone())
        })
        .collect()
}
