//! Rules that mirror the app-secrets module's validations.

use crate::diagnostic::Diagnostic;
use crate::raw::SecretRaw;

use super::Context;

/// Secrets Manager takes descriptions of at most 2048 characters.
const MAX_DESCRIPTION: usize = 2048;

/// Checks a secret's description against the Secrets Manager limit.
pub(super) fn check_description(raw: &SecretRaw, cx: &mut Context<'_>) {
    if let Some(description) = &raw.description
        && description.chars().count() > MAX_DESCRIPTION
    {
        cx.push(
            Diagnostic::error(
                description.span(),
                format!(
                    "a secret's description is at most {MAX_DESCRIPTION} characters, not {}",
                    description.chars().count()
                ),
                "too long",
            )
            .with_help("shorten the description; it only labels the secret in the console"),
        );
    }
}
