//! A long-running service's release command: what the deploy runs once with each new image,
//! before the service moves onto it.

use crate::diagnostic::Diagnostic;
use crate::model::Release;
use crate::raw::ServiceRaw;
use crate::resolve::{Context, or};
use crate::span::Sp;

/// Bounds of `release_timeout_seconds`: a minute, and an hour. The deploy job waits for the
/// release inside its own time limit, which grows with this bound; a migration that runs for
/// longer belongs in a job of its own, not in front of every deploy.
const TIMEOUT_SECONDS: std::ops::RangeInclusive<u32> = 60..=3_600;
const DEFAULT_TIMEOUT_SECONDS: u32 = 900;
/// ECS RunTask allows 8,192 characters of `overrides`, its JSON included
/// (<https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html>, `overrides`);
/// the release task's overrides are the container's name and the command.
const MAX_OVERRIDES_CHARACTERS: usize = 8_192;

pub(super) fn release(
    name: &Sp<String>,
    raw: &Sp<ServiceRaw>,
    cx: &mut Context<'_>,
) -> Option<Release> {
    if let Some(timeout) = &raw.release_timeout_seconds {
        if raw.release_command.is_none() {
            cx.push(
                Diagnostic::error(
                    timeout.span(),
                    "`release_timeout_seconds` without a `release_command`",
                    "nothing to time",
                )
                .with_help("add the command the deploy runs first, e.g. `release_command = [\"php\", \"artisan\", \"migrate\", \"--force\"]`, or remove the timeout"),
            );
        } else if !TIMEOUT_SECONDS.contains(timeout.get()) {
            cx.push(
                Diagnostic::error(
                    timeout.span(),
                    format!(
                        "`release_timeout_seconds = {}` is outside 60–3600",
                        timeout.get()
                    ),
                    "out of range",
                )
                .with_help("a release runs in front of every deploy: give it at most an hour, and run longer work as a `kind = \"job\"`"),
            );
        }
    }
    let command = raw.release_command.as_ref()?;
    if command
        .first()
        .is_none_or(|program| program.trim().is_empty())
    {
        cx.push(
            Diagnostic::error(command.span(), "`release_command` names no program", "empty command")
                .with_help("give the program and its arguments, e.g. `[\"php\", \"artisan\", \"migrate\", \"--force\"]`, or remove the key"),
        );
        return None;
    }
    let command: Vec<String> = command.iter().map(|part| part.get().clone()).collect();
    let overrides = serde_json::json!({
        "containerOverrides": [{ "name": name.get(), "command": command }],
    })
    .to_string();
    if overrides.len() > MAX_OVERRIDES_CHARACTERS {
        cx.push(
            Diagnostic::error(
                raw.release_command.as_ref().map_or_else(|| raw.span(), Sp::span),
                format!(
                    "`release_command` is {} characters long as an ECS task override; at most {MAX_OVERRIDES_CHARACTERS} fit",
                    overrides.len()
                ),
                "too long",
            )
            .with_help("put the steps in a script in the image and run that, e.g. `[\"./bin/release\"]`"),
        );
    }
    Some(Release {
        command,
        timeout_seconds: or(
            raw.release_timeout_seconds.as_ref(),
            DEFAULT_TIMEOUT_SECONDS,
        ),
    })
}
