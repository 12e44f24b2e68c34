//! The URL paths and host names a service is reached by.

use crate::diagnostic::Diagnostic;
use crate::resolve::Context;
use crate::span::Sp;

pub(super) fn check_url_path(path: &Sp<String>, what: &str, cx: &mut Context<'_>) {
    if !path.starts_with('/') || path.contains(char::is_whitespace) || path.len() > 128 {
        cx.push(
            Diagnostic::error(
                path.span(),
                format!("`{}` is not a valid {what}", path.get()),
                "invalid path",
            )
            .with_help("start with `/`, no spaces, at most 128 characters, e.g. \"/api/*\""),
        );
    }
}

pub(super) fn check_host(host: &Sp<String>, cx: &mut Context<'_>) {
    let name = host.strip_prefix("*.").unwrap_or(host.get());
    let valid = name.contains('.')
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
    if !valid {
        cx.push(
            Diagnostic::error(
                host.span(),
                format!("`{}` is not a host name", host.get()),
                "invalid host",
            )
            .with_help(
                "use a lowercase domain name, e.g. \"api.example.com\" or \"*.example.com\"",
            ),
        );
    }
}
