//! A thin layer over hcl-rs: blocks with blank-line groups, expressions parsed (and so checked)
//! from HCL text, and rendering that matches `terraform fmt` byte for byte.

use std::borrow::Cow;

use hcl::expr::{
    Heredoc, HeredocStripMode, Object, ObjectKey, TemplateExpr, Traversal, TraversalOperator,
    Variable,
};
use hcl::{Body, Expression, Identifier};

use crate::fmt::Aligner;

/// Marks a blank line between attribute groups; hcl-rs has no notion of one, so the renderer
/// prints this attribute and turns its line into an empty one.
const BLANK_MARKER: &str = "__plinth_blank_line__";
/// Marks a comment line the same way: the renderer prints this attribute with the comment's text
/// as its value and turns its line into `# text`.
const COMMENT_MARKER: &str = "__plinth_comment__";
/// How hcl-rs prints a [`BLANK_MARKER`] line (trimmed).
const BLANK_LINE: &str = "__plinth_blank_line__ = null";
/// How hcl-rs starts a [`COMMENT_MARKER`] line (trimmed).
const COMMENT_LINE: &str = "__plinth_comment__ = \"";

/// A block being built: attributes in groups separated by blank lines, then nested blocks.
#[derive(Debug)]
pub struct Block {
    identifier: String,
    labels: Vec<String>,
    items: Vec<Item>,
}

#[derive(Debug)]
enum Item {
    Attribute(String, Expression),
    Blank,
    Comment(String),
    Block(Block),
}

impl Block {
    /// A block such as `module "network"` (`Block::new("module", ["network"])`).
    pub fn new<const N: usize>(identifier: &str, labels: [&str; N]) -> Self {
        Self {
            identifier: identifier.to_owned(),
            labels: labels.iter().map(|l| (*l).to_owned()).collect(),
            items: Vec::new(),
        }
    }

    /// Adds `name = value`.
    #[must_use]
    pub fn attr(mut self, name: &str, value: impl Into<Expression>) -> Self {
        self.items
            .push(Item::Attribute(name.to_owned(), value.into()));
        self
    }

    /// Adds `name = value` when `value` is `Some`.
    #[must_use]
    pub fn attr_opt(self, name: &str, value: Option<impl Into<Expression>>) -> Self {
        match value {
            Some(value) => self.attr(name, value),
            None => self,
        }
    }

    /// Starts a new group of attributes, separated from the previous one by a blank line.
    #[must_use]
    pub fn blank(mut self) -> Self {
        if !self.items.is_empty() && !matches!(self.items.last(), Some(Item::Blank)) {
            self.items.push(Item::Blank);
        }
        self
    }

    /// Adds a `# text` line, e.g. a `checkov:skip=<check>:<reason>` annotation, which checkov
    /// reads only inside the resource's block. `text` is one line of plain text.
    #[must_use]
    pub fn comment(mut self, text: &str) -> Self {
        assert!(
            !text.contains(['"', '\\', '\n']) && !text.contains("${") && !text.contains("%{"),
            "a comment is one line of plain text: {text}"
        );
        self.items.push(Item::Comment(text.to_owned()));
        self
    }

    /// Adds a nested block.
    #[must_use]
    pub fn block(mut self, block: Block) -> Self {
        self.items.push(Item::Block(block));
        self
    }

    fn into_hcl(self) -> hcl::Block {
        let mut builder = hcl::Block::builder(Identifier::unchecked(self.identifier));
        for label in self.labels {
            builder = builder.add_label(label);
        }
        let mut items = self.items.into_iter().peekable();
        while let Some(item) = items.next() {
            builder = match item {
                Item::Attribute(name, value) => {
                    builder.add_attribute((Identifier::unchecked(name), value))
                }
                // A blank line before a block, or at the end, is the formatter's business.
                Item::Blank if matches!(items.peek(), Some(Item::Attribute(..))) => {
                    builder.add_attribute((Identifier::unchecked(BLANK_MARKER), Expression::Null))
                }
                Item::Blank => builder,
                Item::Comment(text) => builder.add_attribute((
                    Identifier::unchecked(COMMENT_MARKER),
                    Expression::String(text),
                )),
                Item::Block(block) => builder.add_block(block.into_hcl()),
            };
        }
        builder.build()
    }
}

/// Renders blocks as a `.tf` file: `header`, then the blocks separated by blank lines, formatted
/// exactly as `terraform fmt` would.
pub fn render(header: &str, blocks: Vec<Block>) -> String {
    let mut body = Body::builder();
    for block in blocks {
        body = body.add_block(block.into_hcl());
    }
    finish(header, &body.build())
}

/// Renders top-level attributes (a `.tfvars` file) the same way.
pub fn render_attributes(header: &str, attributes: Vec<(&str, Expression)>) -> String {
    let mut body = Body::builder();
    for (name, value) in attributes {
        body = body.add_attribute((Identifier::unchecked(name), value));
    }
    finish(header, &body.build())
}

fn finish(header: &str, body: &Body) -> String {
    let mut buffer = Vec::with_capacity(4096);
    let mut formatter = hcl::format::Formatter::builder()
        .compact_arrays(true)
        .compact_objects(false)
        .build(&mut buffer);
    hcl::format::Format::format(body, &mut formatter).expect("formatting into memory cannot fail");
    let text = String::from_utf8(buffer).expect("hcl-rs writes UTF-8");
    let mut out = String::with_capacity(header.len() + 2 + text.len() + text.len() / 8);
    out.push_str(header);
    out.push_str("\n\n");
    let mut aligner = Aligner::default();
    for line in text.lines() {
        let trimmed = line.trim();
        let line = if trimmed == BLANK_LINE {
            Cow::Borrowed("")
        } else if let Some(quoted) = trimmed.strip_prefix(COMMENT_LINE) {
            let indent = &line[..line.len() - line.trim_start().len()];
            let text = quoted.strip_suffix('"').unwrap_or(quoted);
            Cow::Owned(format!("{indent}# {text}"))
        } else {
            Cow::Borrowed(line)
        };
        aligner.line(line, &mut out);
    }
    aligner.finish(&mut out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Parses an HCL expression written by plinth itself (references, function calls). Values that
/// come from the blueprint must go through [`string`], [`strings`] or [`object`] instead, so they
/// are escaped.
pub fn expr(text: &str) -> Expression {
    reference(text).unwrap_or_else(|| {
        text.parse().unwrap_or_else(|error| {
            panic!("plinth wrote an invalid HCL expression `{text}`: {error}")
        })
    })
}

/// The expression of a plain reference such as `module.network.vpc_id`, built without the
/// parser: most of what plinth writes is one, and parsing them was a tenth of `generate`'s time.
/// Anything else (keywords, indexes, calls, hyphens) is `None`, left to the parser.
fn reference(text: &str) -> Option<Expression> {
    // `module.alb.target_group_arns["web"]`: a reference indexed by a plain string key.
    if let Some(open) = text.strip_suffix("\"]").and_then(|t| t.rfind("[\"")) {
        let key = &text[open + 2..text.len() - 2];
        if key.contains(['"', '\\', '$', '%', '{', '}', '\n']) {
            return None;
        }
        let Expression::Traversal(mut traversal) = reference(&text[..open])? else {
            return None;
        };
        traversal
            .operators
            .push(TraversalOperator::Index(Expression::String(key.to_owned())));
        return Some(Expression::Traversal(traversal));
    }
    let simple = |part: &str| {
        let mut bytes = part.bytes();
        bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
    };
    let mut parts = text.split('.');
    let root = parts.next()?;
    if !simple(root) || matches!(root, "true" | "false" | "null") {
        return None;
    }
    let mut operators = Vec::new();
    for part in parts {
        if !simple(part) {
            return None;
        }
        operators.push(TraversalOperator::GetAttr(Identifier::unchecked(part)));
    }
    let variable = Expression::Variable(Variable::unchecked(root));
    Some(if operators.is_empty() {
        variable
    } else {
        Expression::Traversal(Box::new(Traversal::new(variable, operators)))
    })
}

/// A string literal (escaped by hcl-rs).
pub fn string(value: &str) -> Expression {
    Expression::String(value.to_owned())
}

/// A string literal, or a multi-line text (ending in a line break) as an indented heredoc
/// (`<<-EOT`), its lines at `indent` spaces, so a reviewer reads an embedded file as the file.
/// Terraform strips the common indentation and reads the same text either way.
pub fn text(value: &str, indent: usize) -> Expression {
    let lines: Vec<&str> = value
        .strip_suffix('\n')
        .map_or(Vec::new(), |body| body.lines().collect());
    let heredoc = value.contains('\n')
        && !lines.is_empty()
        && lines
            .iter()
            .all(|line| line.trim() != "EOT" && !line.contains('\r'));
    if !heredoc {
        return string(value);
    }
    let pad = " ".repeat(indent);
    let mut template = String::new();
    for line in lines {
        if !line.is_empty() {
            template.push_str(&pad);
            template.push_str(&line.replace("${", "$${").replace("%{", "%%{"));
        }
        template.push('\n');
    }
    Expression::from(TemplateExpr::Heredoc(
        Heredoc::new(Identifier::unchecked("EOT"), template)
            .with_strip_mode(HeredocStripMode::Indent),
    ))
}

/// A list of string literals.
pub fn strings<S: AsRef<str>>(values: impl IntoIterator<Item = S>) -> Expression {
    Expression::Array(values.into_iter().map(|v| string(v.as_ref())).collect())
}

/// An object; keys that are not identifiers are quoted.
pub fn object<K: AsRef<str>>(entries: impl IntoIterator<Item = (K, Expression)>) -> Expression {
    let mut object = Object::new();
    for (key, value) in entries {
        let key = key.as_ref();
        let key = if is_identifier(key) {
            ObjectKey::Identifier(Identifier::unchecked(key))
        } else {
            ObjectKey::Expression(string(key))
        };
        object.insert(key, value);
    }
    Expression::Object(object)
}

/// Text placed inside a quoted template next to interpolations: quotes, backslashes and
/// template sequences are escaped.
pub fn template_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace("${", "$${")
        .replace("%{", "%%{")
}

/// A module label for a blueprint name, e.g. `module_label("service", "api-v2")` is
/// `service_api_v2`: every character an identifier cannot hold becomes `_`.
pub fn module_label(kind: &str, name: &str) -> String {
    let name: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{kind}_{name}")
}

/// Whether `name` is a valid HCL identifier.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_text_is_an_indented_heredoc_with_template_sequences_escaped() {
        let block = Block::new("locals", []).attr("config", text("a: 1\n\nb: ${x} %{y}\n", 4));
        assert_eq!(
            render("# h", vec![block]),
            "# h\n\nlocals {\n  config = <<-EOT\n    a: 1\n\n    b: $${x} %%{y}\n  EOT\n}\n"
        );
        // One line, no final line break, or a line that would close the heredoc: a quoted string.
        for value in ["one line", "two\nlines", "a\nEOT\n"] {
            assert_eq!(text(value, 4), string(value));
        }
    }

    #[test]
    fn renders_groups_and_nested_blocks_like_terraform_fmt() {
        let block = Block::new("module", ["network"])
            .attr("source", string("../../modules/network"))
            .blank()
            .attr("name", string("shop-dev"))
            .attr("availability_zones", strings(["eu-west-1a", "eu-west-1b"]))
            .attr("vpc_id", expr("module.network.vpc_id"))
            .blank()
            .block(Block::new("lifecycle", []).attr("prevent_destroy", true));
        let text = render(
            "# header",
            vec![block, Block::new("locals", []).attr("x", 1)],
        );
        assert_eq!(
            text,
            concat!(
                "# header\n",
                "\n",
                "module \"network\" {\n",
                "  source = \"../../modules/network\"\n",
                "\n",
                "  name               = \"shop-dev\"\n",
                "  availability_zones = [\"eu-west-1a\", \"eu-west-1b\"]\n",
                "  vpc_id             = module.network.vpc_id\n",
                "\n",
                "  lifecycle {\n",
                "    prevent_destroy = true\n",
                "  }\n",
                "}\n",
                "\n",
                "locals {\n",
                "  x = 1\n",
                "}\n",
            )
        );
    }

    #[test]
    fn comments_render_as_lines_that_break_alignment() {
        let block = Block::new("resource", ["aws_ssm_parameter", "x"])
            .comment("checkov:skip=CKV2_AWS_34:Not a secret.")
            .attr("name", string("n"))
            .attr("description", string("d"));
        assert_eq!(
            render("#", vec![block]),
            concat!(
                "#\n",
                "\n",
                "resource \"aws_ssm_parameter\" \"x\" {\n",
                "  # checkov:skip=CKV2_AWS_34:Not a secret.\n",
                "  name        = \"n\"\n",
                "  description = \"d\"\n",
                "}\n",
            )
        );
    }

    #[test]
    fn references_are_built_as_the_parser_would() {
        for text in [
            "var",
            "var.image_tags",
            "module.network.private_subnet_ids",
            "aws_iam_role.this.arn",
            "_x.y_2",
            "module.alb.target_group_arns[\"web-1\"]",
            "module.app_secrets.secret_arns[\"a b.c\"]",
        ] {
            let parsed: Expression = text.parse().expect("valid");
            assert_eq!(reference(text), Some(parsed), "{text}");
        }
        for text in [
            "true",
            "null",
            "a.b-c",
            "a[0]",
            "a.0",
            "f(x)",
            "a..b",
            "",
            "a.\"b\"",
            "a.b[\"${c}\"]",
            "a.b[\"x\\\"y\"]",
            "x[\"k\"]",
            "\"k\"]",
        ] {
            assert_eq!(reference(text), None, "{text}");
        }
    }

    #[test]
    fn blueprint_values_are_escaped() {
        let text = render(
            "#",
            vec![Block::new("locals", []).attr("a", string("say \"${hi}\""))],
        );
        assert!(text.contains(r#"a = "say \"$${hi}\"""#), "{text}");
        assert_eq!(template_text("a\"${b}%{c}"), "a\\\"$${b}%%{c}");
        let text = render(
            "#",
            vec![
                Block::new("locals", [])
                    .attr("o", object([("ok", string("1")), ("not ok", string("2"))])),
            ],
        );
        assert!(
            text.contains("ok       = \"1\"") && text.contains("\"not ok\" = \"2\""),
            "{text}"
        );
    }
}
