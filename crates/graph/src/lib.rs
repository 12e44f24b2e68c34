//! Architecture diagrams of one environment, drawn from the validated model so they show what
//! plinth generates: the internet, the WAF and load balancer in front of the public services, the
//! VPC's subnet tiers with the NAT gateways, services (or EKS node groups) and data stores in
//! them, what each service reads and writes, and where alarms and budget alerts go.
//!
//! [`graph`] builds a small [`Graph`] (nodes, nested groups, edges); [`Graph::to_mermaid`] and
//! [`Graph::to_dot`] render it. Both are deterministic: the same model gives the same text.
#![deny(missing_docs)]

mod build;
mod dot;
mod graph;
mod labels;
mod mermaid;

pub use graph::{Edge, Graph, Group, Line, Node, Shape, sanitize};

use plinth_blueprint::model::{Environment, Project};

/// The diagram model of `env`.
pub fn graph(env: &Environment, project: &Project) -> Graph {
    build::build(env, project)
}

/// `env` as a Mermaid `flowchart LR`, valid inside a Markdown ```` ```mermaid ```` block.
pub fn mermaid(env: &Environment, project: &Project) -> String {
    graph(env, project).to_mermaid()
}

/// `env` as a Graphviz `digraph`.
pub fn dot(env: &Environment, project: &Project) -> String {
    graph(env, project).to_dot()
}

impl Graph {
    /// Renders the diagram as a Mermaid `flowchart LR`.
    pub fn to_mermaid(&self) -> String {
        mermaid::render(self)
    }

    /// Renders the diagram as a Graphviz `digraph`.
    pub fn to_dot(&self) -> String {
        dot::render(self)
    }
}

/// Escapes `text` for a quoted Mermaid label (`"` → `#quot;`, `#` → `#35;`, …).
pub fn escape_mermaid(text: &str) -> String {
    mermaid::escape(text)
}

/// Escapes `text` for a quoted Graphviz string (`"` → `\"`, `\` → `\\`).
pub fn escape_dot(text: &str) -> String {
    dot::escape(text)
}
