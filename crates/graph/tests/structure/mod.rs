//! Structural checks of rendered diagrams, standing in for the Mermaid and Graphviz parsers.

use std::collections::{HashMap, HashSet};

/// Checks the Mermaid text plinth renders: `flowchart LR`, then node and subgraph declarations
/// (each label one quoted string without `"`), every `subgraph` closed by `end`, then edges
/// between declared ids; no blank lines and no backticks (it sits in a Markdown fence).
pub fn check_mermaid(text: &str) -> Result<(), String> {
    let mut lines = text.lines();
    if lines.next() != Some("flowchart LR") {
        return Err("does not start with `flowchart LR`".to_owned());
    }
    if text.contains('`') {
        return Err("contains a backtick".to_owned());
    }
    let mut declared = HashSet::new();
    let mut open: Vec<String> = Vec::new();
    let mut edges = 0;
    for (number, line) in lines.enumerate() {
        let at = |what: String| format!("line {}: {what}: {line}", number + 2);
        let statement = line.trim_start();
        if statement.is_empty() {
            return Err(at("blank line".to_owned()));
        }
        if statement == "end" {
            open.pop()
                .ok_or_else(|| at("`end` without `subgraph`".to_owned()))?;
            continue;
        }
        let (is_subgraph, rest) = match statement.strip_prefix("subgraph ") {
            Some(rest) => (true, rest),
            None => (false, statement),
        };
        let (id, after) = split_id(rest).map_err(&at)?;
        if let Some(edge) = after.strip_prefix(' ') {
            let target = edge_target(edge).map_err(&at)?;
            for end in [id, target] {
                if !declared.contains(end) {
                    return Err(at(format!("edge to undeclared `{end}`")));
                }
            }
            edges += 1;
            continue;
        }
        if edges > 0 {
            return Err(at("declaration after the edges".to_owned()));
        }
        let delimiters: &[(&str, &str)] = if is_subgraph {
            &[("[", "]")]
        } else {
            &[
                ("((", "))"),
                ("([", "])"),
                ("[(", ")]"),
                ("{{", "}}"),
                ("[", "]"),
                ("(", ")"),
            ]
        };
        let quoted = delimiters
            .iter()
            .find_map(|(l, r)| after.strip_prefix(l)?.strip_suffix(r))
            .ok_or_else(|| at("unknown shape".to_owned()))?;
        single_quoted_string(quoted).map_err(&at)?;
        if !declared.insert(id.to_owned()) {
            return Err(at(format!("`{id}` declared twice")));
        }
        if is_subgraph {
            open.push(id.to_owned());
        }
    }
    match open.pop() {
        Some(unclosed) => Err(format!("subgraph `{unclosed}` is not closed")),
        None => Ok(()),
    }
}

/// An id (`[A-Za-z][A-Za-z0-9_]*`, not a Mermaid keyword) and what follows it.
fn split_id(text: &str) -> Result<(&str, &str), String> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let id = &text[..end];
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(format!("bad id `{id}`"));
    }
    if [
        "end",
        "subgraph",
        "graph",
        "flowchart",
        "style",
        "class",
        "classDef",
        "click",
    ]
    .contains(&id)
    {
        return Err(format!("keyword as id `{id}`"));
    }
    Ok((id, &text[end..]))
}

/// The target of `--> target`, `-.-> target`, `-->|"label"| target` or `-.->|"label"| target`.
fn edge_target(edge: &str) -> Result<&str, String> {
    let rest = edge
        .strip_prefix("-.->")
        .or_else(|| edge.strip_prefix("-->"))
        .ok_or("unknown arrow")?;
    let rest = match rest.strip_prefix('|') {
        Some(labelled) => {
            let close = labelled.rfind("| ").ok_or("unterminated edge label")?;
            single_quoted_string(&labelled[..close])?;
            &labelled[close + 1..]
        }
        None => rest,
    };
    let target = rest.strip_prefix(' ').ok_or("no space before the target")?;
    let (id, trailing) = split_id(target)?;
    if trailing.is_empty() {
        Ok(id)
    } else {
        Err(format!("text after the target: `{trailing}`"))
    }
}

/// `"…"` with no `"` inside.
fn single_quoted_string(text: &str) -> Result<(), String> {
    let inner = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .ok_or_else(|| format!("label not quoted: {text}"))?;
    if inner.contains('"') {
        return Err(format!("unescaped quote in label: {text}"));
    }
    Ok(())
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Punct(&'static str),
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '"' => {
                let mut value = String::new();
                loop {
                    match chars.next() {
                        None => return Err("unterminated string".to_owned()),
                        Some('\n') => return Err("line break inside a string".to_owned()),
                        Some('"') => break,
                        Some('\\') => {
                            let escaped = chars.next().ok_or("dangling backslash")?;
                            value.push('\\');
                            value.push(escaped);
                        }
                        Some(other) => value.push(other),
                    }
                }
                tokens.push(Token::Quoted(value));
            }
            '-' if chars.peek() == Some(&'>') => {
                chars.next();
                tokens.push(Token::Punct("->"));
            }
            '{' => tokens.push(Token::Punct("{")),
            '}' => tokens.push(Token::Punct("}")),
            '[' => tokens.push(Token::Punct("[")),
            ']' => tokens.push(Token::Punct("]")),
            '=' => tokens.push(Token::Punct("=")),
            ';' => tokens.push(Token::Punct(";")),
            ',' => tokens.push(Token::Punct(",")),
            c if c.is_ascii_alphanumeric() || c == '_' || c == '.' => {
                let mut word = c.to_string();
                while let Some(&next) = chars.peek() {
                    if !(next.is_ascii_alphanumeric() || next == '_' || next == '.') {
                        break;
                    }
                    word.push(next);
                    chars.next();
                }
                tokens.push(Token::Word(word));
            }
            other => return Err(format!("unexpected character `{other}`")),
        }
    }
    Ok(tokens)
}

/// What the dot parser collected.
#[derive(Default)]
struct Dot {
    /// Each node with the clusters around it, outermost first.
    nodes: HashMap<String, Vec<String>>,
    clusters: HashSet<String>,
    /// Tail, head, and their attributes.
    edges: Vec<(String, String, HashMap<String, String>)>,
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    dot: Dot,
}

impl Parser {
    fn next(&mut self) -> Result<Token, String> {
        let token = self.tokens.get(self.at).cloned().ok_or("unexpected end")?;
        self.at += 1;
        Ok(token)
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn expect(&mut self, punct: &'static str) -> Result<(), String> {
        match self.next()? {
            Token::Punct(p) if p == punct => Ok(()),
            other => Err(format!("expected `{punct}`, found {other:?}")),
        }
    }

    fn value(&mut self) -> Result<String, String> {
        match self.next()? {
            Token::Word(value) | Token::Quoted(value) => Ok(value),
            other @ Token::Punct(_) => Err(format!("expected a value, found {other:?}")),
        }
    }

    /// `[key=value, …]`, when present.
    fn attributes(&mut self) -> Result<HashMap<String, String>, String> {
        let mut attributes = HashMap::new();
        if self.peek() != Some(&Token::Punct("[")) {
            return Ok(attributes);
        }
        self.expect("[")?;
        loop {
            match self.next()? {
                Token::Punct("]") => return Ok(attributes),
                Token::Punct(",") => {}
                Token::Word(key) => {
                    self.expect("=")?;
                    let value = self.value()?;
                    if attributes.insert(key.clone(), value).is_some() {
                        return Err(format!("attribute `{key}` twice"));
                    }
                }
                other => return Err(format!("unexpected {other:?} in attributes")),
            }
        }
    }

    /// Statements up to the closing `}` of the current graph or cluster.
    fn statements(&mut self, clusters: &[String]) -> Result<(), String> {
        loop {
            match self.next()? {
                Token::Punct("}") => return Ok(()),
                Token::Word(keyword) if ["graph", "node", "edge"].contains(&keyword.as_str()) => {
                    self.attributes()?;
                    self.expect(";")?;
                }
                Token::Word(keyword) if keyword == "subgraph" => {
                    let name = self.value()?;
                    if !name.starts_with("cluster_") || !self.dot.clusters.insert(name.clone()) {
                        return Err(format!("bad or repeated cluster name `{name}`"));
                    }
                    self.expect("{")?;
                    let mut inner = clusters.to_vec();
                    inner.push(name);
                    self.statements(&inner)?;
                }
                Token::Word(key) => {
                    self.expect("=")?;
                    self.value().map_err(|e| format!("{key}: {e}"))?;
                    self.expect(";")?;
                }
                Token::Quoted(id) if self.peek() == Some(&Token::Punct("->")) => {
                    self.expect("->")?;
                    let Token::Quoted(head) = self.next()? else {
                        return Err(format!("edge from `{id}` has no quoted head"));
                    };
                    let attributes = self.attributes()?;
                    self.expect(";")?;
                    self.dot.edges.push((id, head, attributes));
                }
                Token::Quoted(id) => {
                    let attributes = self.attributes()?;
                    self.expect(";")?;
                    if !attributes.contains_key("label") {
                        return Err(format!("node `{id}` has no label"));
                    }
                    if self
                        .dot
                        .nodes
                        .insert(id.clone(), clusters.to_vec())
                        .is_some()
                    {
                        return Err(format!("node `{id}` declared twice"));
                    }
                }
                other @ Token::Punct(_) => return Err(format!("unexpected {other:?}")),
            }
        }
    }
}

/// Parses the dot text plinth renders (a strict subset of the language) and checks its edges.
pub fn check_dot(text: &str) -> Result<(), String> {
    let mut parser = Parser {
        tokens: tokenize(text)?,
        at: 0,
        dot: Dot::default(),
    };
    if parser.next()? != Token::Word("digraph".to_owned()) {
        return Err("not a digraph".to_owned());
    }
    parser.value()?;
    parser.expect("{")?;
    parser.statements(&[])?;
    if let Some(extra) = parser.peek() {
        return Err(format!("text after the graph: {extra:?}"));
    }
    let dot = parser.dot;
    for (tail, head, attributes) in &dot.edges {
        for (end, clip) in [(tail, "ltail"), (head, "lhead")] {
            let clusters = dot
                .nodes
                .get(end)
                .ok_or_else(|| format!("edge to undeclared node `{end}`"))?;
            if let Some(cluster) = attributes.get(clip)
                && !clusters.contains(cluster)
            {
                return Err(format!("{clip} `{cluster}` does not contain `{end}`"));
            }
        }
    }
    Ok(())
}

#[test]
fn the_checkers_reject_broken_text() {
    assert!(check_mermaid("flowchart LR\n    a[\"x\"]\n    a --> b\n").is_err());
    assert!(check_mermaid("flowchart LR\n    subgraph g[\"x\"]\n    a[\"y\"]\n").is_err());
    assert!(check_mermaid("flowchart LR\n    a[\"x \"y\"\"]\n").is_err());
    assert!(check_mermaid("flowchart LR\n    a[\"x\"]\n\n").is_err());
    assert!(check_mermaid("flowchart LR\n    a[\"x\"]\n    a -->|\"l\"| a\n").is_ok());
    assert!(check_dot("digraph \"g\" {\n \"a\" [label=\"x\"];\n").is_err());
    assert!(check_dot("digraph \"g\" {\n \"a\" [label=\"x];\n}\n").is_err());
    assert!(check_dot("digraph \"g\" {\n \"a\" [label=\"x\"];\n \"a\" -> \"b\";\n}\n").is_err());
    assert!(
        check_dot(
            "digraph \"g\" {\n \"a\" [label=\"x\"];\n \"a\" -> \"a\" [ltail=\"cluster_x\"];\n}\n"
        )
        .is_err()
    );
    assert!(
        check_dot("digraph \"g\" {\n \"a\" [label=\"x \\\" y\"];\n \"a\" -> \"a\";\n}\n").is_ok()
    );
}
