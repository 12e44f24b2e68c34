//! One Route 53 hosted zone cannot serve environments in different AWS accounts (issue 19 item 1).
//!
//! A hosted zone lives in one account. The dns module writes the certificate's validation
//! records (and the alias record) into `zone_id` with the environment's own credentials, so in
//! any other account `ChangeResourceRecordSets` fails (NoSuchHostedZone / AccessDenied), the
//! certificate never validates and the HTTPS listener is never created. Each account needs a
//! zone of its own, usually a subdomain delegated from the parent zone with NS records (Route 53
//! Developer Guide, "Routing traffic for subdomains").

use crate::diagnostic::Diagnostic;
use crate::span::Sp;

/// What one environment uses: its name, pinned account and DNS zone.
pub struct ZoneUse<'a> {
    /// The environment's name.
    pub environment: &'a str,
    /// The environment's `account_id`, when it pins one.
    pub account_id: Option<&'a str>,
    /// The environment's `dns.zone_id`, where it is written.
    pub zone_id: &'a Sp<String>,
    /// The environment's `dns.domain`, when it has one.
    pub domain: Option<&'a str>,
}

/// Reports a `zone_id` that an earlier environment in another account already uses.
pub fn check_shared_zones(uses: &[ZoneUse<'_>], diagnostics: &mut Vec<Diagnostic>) {
    for (index, later) in uses.iter().enumerate() {
        let Some(account) = later.account_id else {
            continue;
        };
        let Some(earlier) = uses[..index].iter().find(|earlier| {
            earlier.zone_id.get() == later.zone_id.get()
                && earlier.account_id.is_some_and(|other| other != account)
        }) else {
            continue;
        };
        diagnostics.push(
            Diagnostic::error(
                later.zone_id.span(),
                format!(
                    "hosted zone `{}` is used by `{}` in account {} and by `{}` in account {account}",
                    later.zone_id.get(),
                    earlier.environment,
                    earlier.account_id.unwrap_or_default(),
                    later.environment
                ),
                "zone of another account",
            )
            .with_note("a hosted zone lives in one account; the certificate validation records of the other account's environment cannot be written to it")
            .with_help(format!(
                "give each account its own zone: create a hosted zone for {} in account {account}, delegate it from the parent zone with NS records, and set `[env.{}.dns] zone_id` to its id",
                later.domain.map_or_else(|| "the environment's domain".to_owned(), |d| format!("`{d}`")),
                later.environment
            )),
        );
    }
}
