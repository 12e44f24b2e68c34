//! `[ci]`: the blueprint's replacements for plinth's action pins.

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::{ActionOverride, Ci};
use crate::raw::{CiRaw, PINNED_ACTIONS};
use crate::span::Sp;

use super::Context;

/// The longest `version` accepted: release tags are short, and it ends up in a YAML comment.
const MAX_VERSION: usize = 64;

/// The checked `[ci]` table; an entry with a problem is reported and left out.
pub(crate) fn ci(raw: Option<&Sp<CiRaw>>, cx: &mut Context<'_>) -> Ci {
    let Some(actions) = raw.and_then(|ci| ci.actions.as_ref()) else {
        return Ci::default();
    };
    let mut checked = Vec::new();
    for (action, entry) in actions.get() {
        let known = check_action(action, cx);
        let sha = entry.sha.as_ref().map(|sha| check_sha(sha, cx));
        let version = entry.version.as_ref().map(|v| check_version(v, cx));
        if entry.sha.is_none() || entry.version.is_none() {
            cx.push(
                Diagnostic::error(
                    entry.span(),
                    format!(
                        "`[ci.actions]` entry `{}` needs `sha` and `version`",
                        action.get()
                    ),
                    "incomplete pin",
                )
                .with_help(format!(
                    "write `\"{}\" = {{ sha = \"<40-hex commit>\", version = \"<tag>\" }}`",
                    action.get()
                )),
            );
        }
        if let (true, Some(Some(sha)), Some(Some(version))) = (known, sha, version) {
            checked.push(ActionOverride {
                action: action.get().clone(),
                sha,
                version,
            });
        }
    }
    Ci { actions: checked }
}

fn check_action(action: &Sp<String>, cx: &mut Context<'_>) -> bool {
    if PINNED_ACTIONS.contains(&action.get().as_str()) {
        return true;
    }
    let diagnostic = Diagnostic::error(
        action.span(),
        format!(
            "`{}` is not an action the generated workflows use",
            action.get()
        ),
        "not in plinth's pin table",
    )
    .with_note(format!(
        "the workflows use {}",
        PINNED_ACTIONS
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    cx.push(
        match did_you_mean(action.get(), PINNED_ACTIONS.iter().copied()) {
            Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
            None => {
                diagnostic.with_help("remove this entry: only pinned actions can be overridden")
            }
        },
    );
    false
}

fn check_sha(sha: &Sp<String>, cx: &mut Context<'_>) -> Option<String> {
    let value = sha.get();
    if value.len() == 40 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some(value.to_ascii_lowercase());
    }
    cx.push(
        Diagnostic::error(
            sha.span(),
            format!("`{value}` is not a full commit SHA"),
            "expected 40 hexadecimal characters",
        )
        .with_help(
            "pin the full SHA the release tag points to, from \
             `git ls-remote https://github.com/<owner>/<name> 'refs/tags/<tag>*'` (the `^{}` line \
             for an annotated tag)",
        )
        .with_note("a tag or a short SHA can be moved or collide; a full commit SHA cannot"),
    );
    None
}

fn check_version(version: &Sp<String>, cx: &mut Context<'_>) -> Option<String> {
    let value = version.get();
    let valid = !value.is_empty()
        && value.len() <= MAX_VERSION
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'+'));
    if valid {
        return Some(value.clone());
    }
    cx.push(
        Diagnostic::error(
            version.span(),
            format!("`{}` is not a release tag", value.escape_debug()),
            "expected a tag such as `v7.0.1`",
        )
        .with_help(format!(
            "use the tag the SHA belongs to: letters, digits, `.`, `-`, `_` or `+`, at most \
             {MAX_VERSION} characters"
        )),
    );
    None
}
