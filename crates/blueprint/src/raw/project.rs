use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::span::Sp;

/// The `[project]` table.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("required" = ["name", "region"]))]
pub struct ProjectRaw {
    /// The application's name: lowercase letters, digits and hyphens, starting with a letter, at
    /// most 20 characters. It prefixes every AWS resource name plinth creates.
    pub name: Option<Sp<String>>,
    /// The AWS region, e.g. `eu-west-1`. An environment may set its own `region`.
    pub region: Option<Sp<String>>,
    /// The team or person that owns the application; becomes the `Owner` tag.
    pub owner: Option<Sp<String>>,
    /// The cost centre; becomes the `CostCenter` tag (activate it as a cost-allocation tag).
    pub cost_center: Option<Sp<String>>,
    /// The GitHub repository as `owner/name`; CI identities trust only this repository.
    pub repository: Option<Sp<String>>,
    /// The branch deploys run from. Default `main`.
    pub default_branch: Option<Sp<String>>,
    /// Environment names in promotion order, e.g. `["dev", "staging", "prod"]`. Default
    /// `["dev", "prod"]`. Each may have an `[env.<name>]` table.
    pub environments: Option<Sp<Vec<Sp<String>>>>,
    /// Extra tags applied to every resource. plinth sets `Project`, `Environment`, `Owner`,
    /// `CostCenter`, `ManagedBy` and `Stack` itself; these keys are not allowed here.
    pub tags: Option<Sp<IndexMap<String, String>>>,
}
