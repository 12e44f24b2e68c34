//! The diagram model both renderers draw: nodes, nested groups and edges, each with a stable id.

/// How a node is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A rectangle: infrastructure pieces (NAT gateways, node groups, registries).
    Box,
    /// A rounded rectangle: the application's own services.
    Rounded,
    /// A pill: the load balancer and the notification topic.
    Stadium,
    /// A circle: things outside AWS (the internet, people).
    Circle,
    /// A cylinder: data stores.
    Cylinder,
    /// A hexagon: request filters (the web ACL).
    Hexagon,
}

/// How an edge is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    /// Requests and data: traffic on the network.
    Solid,
    /// Images, secrets, certificates, provisioning and notifications: not request traffic.
    Dashed,
}

/// A box in the diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// Unique among nodes and groups; letters, digits and `_` only.
    pub id: String,
    /// The label, one entry per line, unescaped.
    pub label: Vec<String>,
    /// How it is drawn.
    pub shape: Shape,
    /// The group it sits in (`None`: the top level).
    pub group: Option<String>,
}

/// A labelled frame around nodes and other groups (a Mermaid subgraph, a Graphviz cluster).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Unique among nodes and groups; letters, digits and `_` only.
    pub id: String,
    /// The title, one entry per line, unescaped.
    pub label: Vec<String>,
    /// The enclosing group (`None`: the top level).
    pub parent: Option<String>,
}

/// An arrow between two nodes, or between a group and a node (e.g. a whole subnet tier's egress).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// The id of a node or group.
    pub from: String,
    /// The id of a node or group.
    pub to: String,
    /// The label, one entry per line, unescaped; empty for none.
    pub label: Vec<String>,
    /// How it is drawn.
    pub line: Line,
    /// Whether it runs against the diagram's left-to-right flow (egress from the app subnets
    /// back through the public subnets' NAT gateways), so the layout does not rank by it.
    pub against_flow: bool,
}

/// A whole diagram. Everything is kept in insertion order, which the renderers preserve, so the
/// same model always renders to the same text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    /// What the diagram shows, e.g. `shop prod`.
    pub title: String,
    /// The groups, parents before their children.
    pub groups: Vec<Group>,
    /// The nodes.
    pub nodes: Vec<Node>,
    /// The edges.
    pub edges: Vec<Edge>,
}

impl Graph {
    /// An empty diagram titled `title`.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }

    /// Adds a group named after `name` inside `parent` and returns its id.
    pub fn add_group(&mut self, name: &str, label: Vec<String>, parent: Option<&str>) -> String {
        let id = self.unique_id(name);
        self.groups.push(Group {
            id: id.clone(),
            label,
            parent: parent.map(str::to_owned),
        });
        id
    }

    /// Adds a node named after `name` inside `group` and returns its id.
    pub fn add_node(
        &mut self,
        name: &str,
        label: Vec<String>,
        shape: Shape,
        group: Option<&str>,
    ) -> String {
        let id = self.unique_id(name);
        self.nodes.push(Node {
            id: id.clone(),
            label,
            shape,
            group: group.map(str::to_owned),
        });
        id
    }

    /// Adds an edge between two existing nodes or groups.
    pub fn add_edge(&mut self, from: &str, to: &str, label: Vec<String>, line: Line) {
        self.edges.push(Edge {
            from: from.to_owned(),
            to: to.to_owned(),
            label,
            line,
            against_flow: false,
        });
    }

    /// Adds an edge the layout should not rank by (see [`Edge::against_flow`]).
    pub fn add_edge_against_flow(&mut self, from: &str, to: &str, label: Vec<String>, line: Line) {
        self.add_edge(from, to, label, line);
        if let Some(edge) = self.edges.last_mut() {
            edge.against_flow = true;
        }
    }

    /// The node with id `id`.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The group with id `id`.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The nodes directly inside `group` (`None`: the top level), in insertion order.
    pub fn nodes_in<'a, 'g>(
        &'a self,
        group: Option<&'g str>,
    ) -> impl Iterator<Item = &'a Node> + use<'a, 'g> {
        self.nodes
            .iter()
            .filter(move |n| n.group.as_deref() == group)
    }

    /// The groups directly inside `parent` (`None`: the top level), in insertion order.
    pub fn groups_in<'a, 'g>(
        &'a self,
        parent: Option<&'g str>,
    ) -> impl Iterator<Item = &'a Group> + use<'a, 'g> {
        self.groups
            .iter()
            .filter(move |g| g.parent.as_deref() == parent)
    }

    /// The first node inside `group` or its subgroups, depth first.
    pub fn first_node_in(&self, group: &str) -> Option<&Node> {
        self.nodes_in(Some(group)).next().or_else(|| {
            self.groups_in(Some(group))
                .find_map(|child| self.first_node_in(&child.id))
        })
    }

    /// Removes the groups that end up holding no node (an environment without data stores has
    /// nothing in its data subnets), and the edges that pointed at them.
    pub fn prune_empty_groups(&mut self) {
        let empty: Vec<String> = self
            .groups
            .iter()
            .filter(|g| self.first_node_in(&g.id).is_none())
            .map(|g| g.id.clone())
            .collect();
        self.groups.retain(|g| !empty.contains(&g.id));
        self.edges
            .retain(|e| !empty.contains(&e.from) && !empty.contains(&e.to));
    }

    /// `name` made into an id (letters, digits, `_`), suffixed `_2`, `_3`… when already taken.
    fn unique_id(&self, name: &str) -> String {
        let base = sanitize(name);
        let taken = |id: &str| self.node(id).is_some() || self.group(id).is_some();
        if !taken(&base) {
            return base;
        }
        // At most one id per node and group exists, so one of these is free.
        let limit = self.nodes.len() + self.groups.len() + 2;
        (2..=limit)
            .map(|n| format!("{base}_{n}"))
            .find(|id| !taken(id))
            .expect("an unused suffix")
    }
}

/// An id both renderers accept unquoted: ASCII letters, digits and `_`, starting with a letter.
pub fn sanitize(name: &str) -> String {
    let mut id: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id.insert_str(0, "n_");
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sanitized_and_unique() {
        let mut graph = Graph::new("t");
        assert_eq!(sanitize("svc_web-api"), "svc_web_api");
        assert_eq!(sanitize("1a"), "n_1a");
        assert_eq!(sanitize(""), "n_");
        assert_eq!(sanitize("a\"b[c]"), "a_b_c_");
        let first = graph.add_node("svc_a-b", vec![], Shape::Box, None);
        let second = graph.add_node("svc_a_b", vec![], Shape::Box, None);
        let third = graph.add_group("svc.a.b", vec![], None);
        assert_eq!(
            [first, second, third],
            ["svc_a_b", "svc_a_b_2", "svc_a_b_3"]
        );
    }

    #[test]
    fn empty_groups_and_their_edges_are_pruned() {
        let mut graph = Graph::new("t");
        let outer = graph.add_group("outer", vec![], None);
        let inner = graph.add_group("inner", vec![], Some(&outer));
        let empty = graph.add_group("empty", vec![], Some(&outer));
        let node = graph.add_node("n", vec![], Shape::Box, Some(&inner));
        graph.add_edge(&empty, &node, vec![], Line::Solid);
        graph.add_edge(&outer, &node, vec![], Line::Solid);
        graph.prune_empty_groups();
        let ids: Vec<&str> = graph.groups.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(ids, ["outer", "inner"]);
        assert_eq!(graph.edges.len(), 1);
        assert_eq!(graph.first_node_in(&outer).unwrap().id, "n");
    }
}
