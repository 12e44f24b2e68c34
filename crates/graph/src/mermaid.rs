//! Mermaid `flowchart LR` text, valid inside a Markdown ```` ```mermaid ```` block: no blank
//! lines, no backticks, every label quoted.

use std::fmt::Write as _;

use crate::graph::{Graph, Line, Shape};

const INDENT: &str = "    ";

/// Renders `graph` as a Mermaid flowchart: nodes inside nested subgraphs, then every edge.
/// Edges come last because Mermaid moves a node into the subgraph where it is first mentioned.
/// Mermaid has no way to keep an edge out of the ranking, so edges against the flow are drawn
/// like the others.
pub fn render(graph: &Graph) -> String {
    let mut out = String::from("flowchart LR\n");
    write_members(&mut out, graph, None, 1);
    for edge in &graph.edges {
        let arrow = match edge.line {
            Line::Solid => "-->",
            Line::Dashed => "-.->",
        };
        let label = if edge.label.is_empty() {
            String::new()
        } else {
            format!("|\"{}\"|", label(&edge.label))
        };
        let _ = writeln!(out, "{INDENT}{} {arrow}{label} {}", edge.from, edge.to);
    }
    out
}

fn write_members(out: &mut String, graph: &Graph, parent: Option<&str>, depth: usize) {
    let indent = INDENT.repeat(depth);
    for node in graph.nodes_in(parent) {
        let (open, close) = match node.shape {
            Shape::Box => ("[", "]"),
            Shape::Rounded => ("(", ")"),
            Shape::Stadium => ("([", "])"),
            Shape::Circle => ("((", "))"),
            Shape::Cylinder => ("[(", ")]"),
            Shape::Hexagon => ("{{", "}}"),
        };
        let text = label(&node.label);
        let _ = writeln!(out, "{indent}{}{open}\"{text}\"{close}", node.id);
    }
    for group in graph.groups_in(parent) {
        let text = label(&group.label);
        let _ = writeln!(out, "{indent}subgraph {}[\"{text}\"]", group.id);
        write_members(out, graph, Some(&group.id), depth + 1);
        let _ = writeln!(out, "{indent}end");
    }
}

/// The lines of a label, escaped, joined by `<br/>`.
fn label(lines: &[String]) -> String {
    lines
        .iter()
        .map(|line| escape(line))
        .collect::<Vec<_>>()
        .join("<br/>")
}

/// `text` made safe inside a quoted Mermaid label. Mermaid's entity codes (`#quot;`, `#35;`)
/// stand for the characters that would end the string (`"`), start an entity (`#`, `&`), be
/// taken for HTML (`<`, `>`) or open a Markdown string or the enclosing Markdown fence (`` ` ``).
/// Line breaks and other control characters become spaces: a label is one line of source.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    // Mermaid's lexer takes any line containing `direction TB` (or BT, LR, RL) for a subgraph
    // direction statement, even inside a quoted label; an encoded space breaks the match.
    out.replace("direction ", "direction#32;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_escape_what_would_break_the_string_or_the_fence() {
        assert_eq!(escape("/api/*"), "/api/*");
        assert_eq!(escape("say \"hi\""), "say #quot;hi#quot;");
        assert_eq!(escape("[a](b){c}|d"), "[a](b){c}|d");
        assert_eq!(escape("<b>&#x;"), "#lt;b#gt;#amp;#35;x;");
        assert_eq!(escape("```"), "#96;#96;#96;");
        assert_eq!(escape("a\nb\tc"), "a b c");
        assert_eq!(escape("direction TB"), "direction#32;TB");
    }

    #[test]
    fn multi_line_labels_use_html_breaks() {
        let lines = vec!["one".to_owned(), "t\"wo".to_owned()];
        assert_eq!(label(&lines), "one<br/>t#quot;wo");
    }
}
