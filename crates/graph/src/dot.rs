//! Graphviz `digraph` text: groups become `cluster_` subgraphs, every id and label is quoted.

use std::fmt::Write as _;

use crate::graph::{Graph, Line, Shape};

const INDENT: &str = "    ";

/// Renders `graph` as a Graphviz digraph, left to right.
pub fn render(graph: &Graph) -> String {
    let mut out = format!("digraph {} {{\n", quote(&graph.title));
    let _ = writeln!(
        out,
        "{INDENT}graph [rankdir=LR, compound=true, fontname=\"Helvetica\", label={}, labelloc=t];",
        quote(&graph.title)
    );
    let _ = writeln!(
        out,
        "{INDENT}node [shape=box, fontname=\"Helvetica\", fontsize=11];"
    );
    let _ = writeln!(out, "{INDENT}edge [fontname=\"Helvetica\", fontsize=10];");
    write_members(&mut out, graph, None, 1);
    for edge in &graph.edges {
        let mut attributes = Vec::new();
        if !edge.label.is_empty() {
            attributes.push(format!("label={}", label(&edge.label)));
        }
        if edge.line == Line::Dashed {
            attributes.push("style=dashed".to_owned());
        }
        // An edge from or to a group is drawn from or to one of its nodes and clipped at the
        // cluster's border (`compound=true`).
        let (from, ltail) = endpoint(graph, &edge.from);
        let (to, lhead) = endpoint(graph, &edge.to);
        if let Some(cluster) = ltail {
            attributes.push(format!("ltail={}", quote(&cluster)));
        }
        if let Some(cluster) = lhead {
            attributes.push(format!("lhead={}", quote(&cluster)));
        }
        if edge.against_flow {
            attributes.push("constraint=false".to_owned());
        }
        let attributes = if attributes.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attributes.join(", "))
        };
        let _ = writeln!(out, "{INDENT}{} -> {}{attributes};", quote(from), quote(to));
    }
    out.push_str("}\n");
    out
}

fn write_members(out: &mut String, graph: &Graph, parent: Option<&str>, depth: usize) {
    let indent = INDENT.repeat(depth);
    for node in graph.nodes_in(parent) {
        let shape = match node.shape {
            Shape::Box => "shape=box",
            Shape::Rounded => "shape=box, style=rounded",
            Shape::Stadium => "shape=box, style=\"rounded,bold\"",
            Shape::Circle => "shape=ellipse",
            Shape::Cylinder => "shape=cylinder",
            Shape::Hexagon => "shape=hexagon",
        };
        let _ = writeln!(
            out,
            "{indent}{} [label={}, {shape}];",
            quote(&node.id),
            label(&node.label)
        );
    }
    for group in graph.groups_in(parent) {
        let _ = writeln!(out, "{indent}subgraph {} {{", quote(&cluster(&group.id)));
        let _ = writeln!(out, "{indent}{INDENT}label={};", label(&group.label));
        write_members(out, graph, Some(&group.id), depth + 1);
        let _ = writeln!(out, "{indent}}}");
    }
}

/// The node an edge end is drawn at, and the cluster it is clipped to when the end is a group.
fn endpoint<'a>(graph: &'a Graph, id: &'a str) -> (&'a str, Option<String>) {
    if graph.group(id).is_some() {
        let node = graph
            .first_node_in(id)
            .expect("empty groups are pruned before rendering");
        (&node.id, Some(cluster(id)))
    } else {
        (id, None)
    }
}

fn cluster(group: &str) -> String {
    format!("cluster_{group}")
}

/// The lines of a label as one quoted string, joined by `\n` (centred line breaks).
fn label(lines: &[String]) -> String {
    let escaped: Vec<String> = lines.iter().map(|line| escape(line)).collect();
    format!("\"{}\"", escaped.join("\\n"))
}

fn quote(text: &str) -> String {
    format!("\"{}\"", escape(text))
}

/// `text` made safe inside a quoted dot string: backslashes are doubled (so `\n`, `\l` and
/// `\N` in the text stay literal), quotes are escaped, control characters become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_quotes_and_backslashes() {
        assert_eq!(escape("/api/*"), "/api/*");
        assert_eq!(escape("a \"b\" [c] {d}"), "a \\\"b\\\" [c] {d}");
        assert_eq!(escape("C:\\n"), "C:\\\\n");
        assert_eq!(escape("a\nb"), "a b");
        assert_eq!(quote("shop prod"), "\"shop prod\"");
    }

    #[test]
    fn multi_line_labels_use_escaped_newlines() {
        let lines = vec!["one".to_owned(), "t\"wo".to_owned()];
        assert_eq!(label(&lines), "\"one\\nt\\\"wo\"");
    }
}
