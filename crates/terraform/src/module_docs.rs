//! Reference pages for the hand-written modules: `docs/modules/<module>.md`, one per module, and
//! an index, `docs/modules/README.md`.
//!
//! The inputs and outputs tables follow terraform-docs' Markdown table style and are generated
//! from the embedded `variables.tf` and `outputs.tf`, parsed with hcl-rs, so a page can never
//! disagree with the module it documents; the description is the first paragraph of the module's
//! hand-written README.

use std::fmt::Write as _;

use ::hcl::expr::TemplateExpr;
use ::hcl::format::{Format, Formatter};
use ::hcl::{Block, Body, Expression};

use crate::modules::Module;

/// Where the pages live, relative to the repository root.
pub const DOCS_DIRECTORY: &str = "docs/modules";

/// The first line of every page: tells a reader not to edit it and how to regenerate it.
const GENERATED_NOTE: &str = "<!-- Generated from modules-hcl/ by plinth-terraform's module_docs; \
do not edit. Regenerate with `PLINTH_UPDATE_DOCS=1 cargo test -p plinth-tests --test module_docs`. -->";

/// Every page, as `(path relative to the repository root, Markdown text)`, sorted by path: one
/// per module in [`Module::ALL`] and the index, `docs/modules/README.md`.
pub fn module_pages() -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = Module::ALL
        .iter()
        .map(|&module| (page_path(module), module_page(module)))
        .collect();
    pages.push((format!("{DOCS_DIRECTORY}/README.md"), index_page()));
    pages.sort();
    pages
}

/// The path of `module`'s page relative to the repository root.
pub fn page_path(module: Module) -> String {
    format!("{DOCS_DIRECTORY}/{}.md", module.directory())
}

/// The page of one module: title, description, usage, and the inputs and outputs tables.
///
/// # Panics
///
/// If the module's embedded `variables.tf` or `outputs.tf` is not valid HCL; the module tests
/// (`terraform validate`, `terraform test`) rule that out for every shipped module.
pub fn module_page(module: Module) -> String {
    let directory = module.directory();
    let mut page = format!("{GENERATED_NOTE}\n\n# `{directory}` module\n\n");
    page.push_str(&description(module).join("\n"));
    page.push_str("\n\n## Usage\n\n");
    page.push_str(&usage(module));
    page.push_str("\n## Inputs\n\n");
    page.push_str(&inputs_table(&parse(
        module,
        "variables.tf",
        module.variables_tf(),
    )));
    page.push_str("\n## Outputs\n\n");
    page.push_str(&outputs_table(&parse(
        module,
        "outputs.tf",
        module.outputs_tf(),
    )));
    page
}

/// The index: every module with the first clause of its description, linking to its page.
pub fn index_page() -> String {
    let mut modules = Module::ALL;
    modules.sort_by_key(|module| module.directory());
    let mut page = format!(
        "{GENERATED_NOTE}\n\n# Modules\n\n\
         The hand-written Terraform modules in `modules-hcl/` that plinth embeds and copies into \
         the generated tree's `modules/` (only those a blueprint uses). Each page lists the \
         module's inputs and outputs, generated from its `variables.tf` and `outputs.tf`.\n\n\
         | Module | Description |\n|--------|-------------|\n"
    );
    for module in modules {
        let directory = module.directory();
        let summary = escape_cell(&summary(&description(module).join(" ")));
        let _ = writeln!(page, "| [`{directory}`]({directory}.md) | {summary} |");
    }
    page
}

/// The first paragraph of the module's README after its `# title`, line by line.
fn description(module: Module) -> Vec<&'static str> {
    module
        .readme()
        .lines()
        .skip_while(|line| line.trim().is_empty() || line.starts_with('#'))
        .take_while(|line| !line.trim().is_empty())
        .collect()
}

/// The first clause of a description as one sentence: up to the first `: `, `. ` or
/// parenthetical outside code spans, except a one-word parenthetical such as "(provisioned)".
fn summary(description: &str) -> String {
    let mut in_code = false;
    let mut end = description.len();
    for (index, character) in description.char_indices() {
        if character == '`' {
            in_code = !in_code;
        }
        let rest = &description[index..];
        if !in_code
            && (rest.starts_with(": ")
                || rest.starts_with(". ")
                || (rest.starts_with(" (") && !is_one_word_parenthetical(&rest[1..])))
        {
            end = index;
            break;
        }
    }
    format!("{}.", description[..end].trim_end_matches('.'))
}

/// Whether `text` starts with a parenthetical of one plain word (no spaces, no code).
fn is_one_word_parenthetical(text: &str) -> bool {
    text.find(')').is_some_and(|close| {
        let inner = &text[1..close];
        !inner.contains(char::is_whitespace) && !inner.contains('`')
    })
}

/// How the module is called, which plinth writes itself.
fn usage(module: Module) -> String {
    let directory = module.directory();
    let caller = match module {
        Module::StateBucket | Module::GithubDeployRole => {
            "the bootstrap root, `bootstrap/<account>/`"
        }
        _ => "each environment's root, `envs/<env>/`",
    };
    let mut usage = format!(
        "plinth generates the calls to this module: {caller}, calls it with \
         `source = \"{source}\"`, and plinth copies the module to `modules/{directory}/` in the \
         generated tree. Its source is [`modules-hcl/{directory}/`](../../modules-hcl/{directory}/), \
         whose [README](../../modules-hcl/{directory}/README.md) explains the design.\n",
        source = module.source(),
    );
    if module.is_stateful() {
        let _ = write!(
            usage,
            "\nProduction-like environments call a protected copy instead, \
             `modules/{directory}-protected/`, whose stateful resources set \
             `prevent_destroy = true`.\n"
        );
    }
    usage
}

/// Parses one of the module's embedded files.
fn parse(module: Module, file: &str, text: &str) -> Body {
    ::hcl::parse(text).unwrap_or_else(|error| {
        panic!(
            "modules-hcl/{}/{file} is not valid HCL: {error}",
            module.directory()
        )
    })
}

/// The `variable` blocks as a terraform-docs inputs table, sorted by name.
fn inputs_table(variables: &Body) -> String {
    let mut rows: Vec<(String, String)> = labelled_blocks(variables, "variable")
        .map(|(name, block)| {
            let description = block_description(block);
            let type_text =
                attribute(block, "type").map_or_else(|| "any".to_owned(), render_expression);
            let (default, required) = match attribute(block, "default") {
                Some(default) => (code_span(&render_expression(default)), "no"),
                None => ("n/a".to_owned(), "yes"),
            };
            let row = format!(
                "| `{name}` | {} | {} | {} | {required} |\n",
                escape_cell(&description),
                escape_cell(&code_span(&type_text)),
                escape_cell(&default),
            );
            (name, row)
        })
        .collect();
    if rows.is_empty() {
        return "No inputs.\n".to_owned();
    }
    rows.sort();
    let mut table = "| Name | Description | Type | Default | Required |\n\
                     |------|-------------|------|---------|:--------:|\n"
        .to_owned();
    table.extend(rows.into_iter().map(|(_, row)| row));
    table
}

/// The `output` blocks as a terraform-docs outputs table, sorted by name.
fn outputs_table(outputs: &Body) -> String {
    let mut rows: Vec<(String, String)> = labelled_blocks(outputs, "output")
        .map(|(name, block)| {
            let row = format!(
                "| `{name}` | {} |\n",
                escape_cell(&block_description(block))
            );
            (name, row)
        })
        .collect();
    if rows.is_empty() {
        return "No outputs.\n".to_owned();
    }
    rows.sort();
    let mut table = "| Name | Description |\n|------|-------------|\n".to_owned();
    table.extend(rows.into_iter().map(|(_, row)| row));
    table
}

/// The top-level blocks called `identifier`, with their first label.
fn labelled_blocks<'a>(
    body: &'a Body,
    identifier: &'a str,
) -> impl Iterator<Item = (String, &'a Block)> + 'a {
    body.blocks()
        .filter(move |block| block.identifier() == identifier)
        .filter_map(|block| {
            let label = block.labels().first()?;
            Some((label.as_str().to_owned(), block))
        })
}

/// The value of a block's attribute `key`.
fn attribute<'a>(block: &'a Block, key: &str) -> Option<&'a Expression> {
    block
        .body()
        .attributes()
        .find(|attribute| attribute.key() == key)
        .map(|attribute| &attribute.expr)
}

/// A block's `description` on one line (heredocs included), or nothing.
fn block_description(block: &Block) -> String {
    let text = match attribute(block, "description") {
        Some(Expression::String(text)) => text.clone(),
        Some(Expression::TemplateExpr(template)) => match template.as_ref() {
            TemplateExpr::QuotedString(text) => text.clone(),
            TemplateExpr::Heredoc(heredoc) => heredoc.template.clone(),
        },
        Some(other) => render_expression(other),
        None => String::new(),
    };
    collapse_whitespace(&text)
}

/// An expression as HCL text on one line, as hcl-rs formats it.
fn render_expression(expression: &Expression) -> String {
    let mut formatter = Formatter::builder().compact(true).build_vec();
    expression
        .format(&mut formatter)
        .expect("formatting into memory cannot fail");
    let text = String::from_utf8(formatter.into_inner()).expect("hcl-rs writes UTF-8");
    collapse_whitespace(&text)
}

/// Runs of whitespace, line breaks included, as single spaces.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `code` as a Markdown code span, with a longer fence when it holds a backtick.
fn code_span(code: &str) -> String {
    if code.contains('`') {
        format!("`` {code} ``")
    } else {
        format!("`{code}`")
    }
}

/// Makes text safe in a Markdown table cell: `|` would end the cell, even inside a code span;
/// outside code spans `<`/`>` would be read as HTML (descriptions say `<project>-<env>`) and `*`
/// as emphasis (`GenerateDataKey*`).
fn escape_cell(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut in_code = false;
    for character in text.chars() {
        match character {
            '`' => {
                in_code = !in_code;
                escaped.push('`');
            }
            '|' => escaped.push_str("\\|"),
            '<' | '>' | '*' if !in_code => {
                escaped.push('\\');
                escaped.push(character);
            }
            _ => escaped.push(character),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_module_has_a_description_inputs_and_outputs() {
        for module in Module::ALL {
            let page = module_page(module);
            assert!(
                !description(module).is_empty(),
                "{module:?} has no README paragraph"
            );
            assert!(page.contains("| Name | Description | Type |"), "{module:?}");
            assert!(page.contains("| Name | Description |\n"), "{module:?}");
        }
    }

    #[test]
    fn types_and_defaults_render_as_hcl_on_one_line() {
        let body = ::hcl::parse(
            "variable \"rules\" {\n  description = \"Rules | more, for <env>.\"\n  \
             type = map(object({\n    port = number\n    cidrs = optional(list(string), [])\n  }))\n  \
             default = {}\n}\nvariable \"name\" {\n  description = <<-EOT\n    Two\n    lines.\n  EOT\n  \
             type = string\n}\n",
        )
        .expect("valid HCL");
        let table = inputs_table(&body);
        assert!(
            table.contains("| `name` | Two lines. | `string` | n/a | yes |"),
            "{table}"
        );
        assert!(
            table.contains(
                "| `rules` | Rules \\| more, for \\<env\\>. | \
                 `map(object({ port = number, cidrs = optional(list(string), []) }))` | `{}` | no |"
            ),
            "{table}"
        );
    }

    #[test]
    fn summary_stops_at_the_first_clause_outside_code() {
        assert_eq!(
            summary("Creates `a: b` things: more. Rest"),
            "Creates `a: b` things."
        );
        assert_eq!(
            summary("The VPC of one environment. More"),
            "The VPC of one environment."
        );
        assert_eq!(
            summary("Creates one MSK (provisioned) cluster (with brokers) and more."),
            "Creates one MSK (provisioned) cluster."
        );
    }
}
