//! Problems found in a blueprint, and how they are shown to people and tools.

use std::fmt::Write as _;

use serde::Serialize;

use crate::source::SourceFile;
use crate::span::Span;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The blueprint cannot be compiled.
    Error,
    /// The blueprint compiles, but probably not into what its author wants.
    Warning,
}

/// One problem, pointing at the blueprint text that causes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The offending text; `None` when the problem is the absence of something at file level.
    pub span: Option<Span>,
    /// A short label printed under the caret.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Extra context, such as the environments the problem appears in.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error at `span` with `message`, labelled `label`.
    pub fn error(span: Span, message: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            span: Some(span),
            label: label.into(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// A warning at `span` with `message`, labelled `label`.
    pub fn warning(span: Span, message: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(span, message, label)
        }
    }

    /// Adds the line telling the user how to fix the problem.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a note line.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Whether this diagnostic stops compilation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A diagnostic in the machine-readable form of `plinth validate --format json`.
#[derive(Clone, Debug, Serialize)]
pub struct JsonDiagnostic {
    /// The blueprint path as given on the command line.
    pub file: String,
    /// 1-based line of the start of the offending text.
    pub line: usize,
    /// 1-based column (in characters) of the start of the offending text.
    pub column: usize,
    /// 1-based line of the end of the offending text.
    pub end_line: usize,
    /// 1-based column of the end of the offending text.
    pub end_column: usize,
    /// `error` or `warning`.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The label under the offending text.
    pub label: String,
    /// How to fix it, if known.
    pub help: Option<String>,
    /// Extra context.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// The machine-readable form of this diagnostic.
    pub fn to_json(&self, file: &SourceFile) -> JsonDiagnostic {
        let span = self.span.clone().unwrap_or(0..0);
        let start = file.position(span.start);
        let end = file.position(span.end);
        JsonDiagnostic {
            file: file.path().display().to_string(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            severity: self.severity,
            message: self.message.clone(),
            label: self.label.clone(),
            help: self.help.clone(),
            notes: self.notes.clone(),
        }
    }

    /// Renders the diagnostic the way rustc does: message, location, the source line
    /// with a caret under the offending text, then help and notes.
    pub fn render(&self, file: &SourceFile, color: bool) -> String {
        let paint = Paint { color };
        let (headline, accent) = match self.severity {
            Severity::Error => ("error", Paint::RED),
            Severity::Warning => ("warning", Paint::YELLOW),
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}{}",
            paint.apply(accent, headline),
            paint.apply(Paint::BOLD, &format!(": {}", self.message))
        );
        let Some(span) = &self.span else {
            let _ = writeln!(out, "  --> {}", file.path().display());
            self.render_footer(&mut out, "  ", paint);
            return out;
        };
        let start = file.position(span.start);
        let line_text = file.line_text(start.line);
        let gutter = " ".repeat(start.line.to_string().len());
        let _ = writeln!(
            out,
            "{gutter}{} {}:{}:{}",
            paint.apply(Paint::BLUE, "-->"),
            file.path().display(),
            start.line,
            start.column
        );
        let bar = paint.apply(Paint::BLUE, "|");
        let _ = writeln!(out, "{gutter} {bar}");
        let _ = writeln!(
            out,
            "{} {bar} {}",
            paint.apply(Paint::BLUE, &start.line.to_string()),
            line_text.replace('\t', " ")
        );
        // Multi-line spans are underlined to the end of their first line.
        let end_column = {
            let end = file.position(span.end);
            if end.line == start.line {
                end.column
            } else {
                line_text.chars().count() + 1
            }
        };
        let width = end_column.saturating_sub(start.column).max(1);
        let carets = format!("{} {}", "^".repeat(width), self.label);
        let _ = writeln!(
            out,
            "{gutter} {bar} {}{}",
            " ".repeat(start.column - 1),
            paint.apply(accent, carets.trim_end())
        );
        self.render_footer(&mut out, &format!("{gutter} "), paint);
        out
    }

    fn render_footer(&self, out: &mut String, indent: &str, paint: Paint) {
        if self.help.is_none() && self.notes.is_empty() {
            return;
        }
        let _ = writeln!(out, "{indent}{}", paint.apply(Paint::BLUE, "|"));
        if let Some(help) = &self.help {
            let _ = writeln!(
                out,
                "{indent}= {}: {help}",
                paint.apply(Paint::BOLD, "help")
            );
        }
        for note in &self.notes {
            let _ = writeln!(
                out,
                "{indent}= {}: {note}",
                paint.apply(Paint::BOLD, "note")
            );
        }
    }
}

/// Renders every diagnostic followed by a one-line summary, as `plinth validate` prints them.
pub fn render_all(diagnostics: &[Diagnostic], file: &SourceFile, color: bool) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&diagnostic.render(file, color));
        out.push('\n');
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 {
        let _ = writeln!(
            out,
            "{}: {} has {}{}",
            Paint { color }.apply(Paint::RED, "error"),
            file.path().display(),
            plural(errors, "error"),
            if warnings > 0 {
                format!(" and {}", plural(warnings, "warning"))
            } else {
                String::new()
            }
        );
    }
    out
}

/// ANSI colouring that can be switched off (for pipes, files and snapshots).
#[derive(Clone, Copy)]
struct Paint {
    color: bool,
}

impl Paint {
    const RED: &'static str = "\x1b[1;31m";
    const YELLOW: &'static str = "\x1b[1;33m";
    const BLUE: &'static str = "\x1b[1;34m";
    const BOLD: &'static str = "\x1b[1m";

    fn apply(self, style: &str, text: &str) -> String {
        if self.color {
            format!("{style}{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// The closest candidate to `word`, when one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(word, candidate);
        // Strictly greater: on a tie the earlier candidate wins, so suggestions are stable.
        if score > 0.8 && best.is_none_or(|(top, _)| score > top) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// `1 character`, `2 characters`: a count with its noun in the right number.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_source_line_with_caret_and_help() {
        let file = SourceFile::new("app.toml", "[network]\nnat_mod = \"single\"\n");
        let diagnostic =
            Diagnostic::error(10..17, "unknown key `nat_mod`", "not a network setting")
                .with_help("did you mean `nat`?");
        assert_eq!(
            diagnostic.render(&file, false),
            "error: unknown key `nat_mod`\n \
             --> app.toml:2:1\n  \
             |\n\
             2 | nat_mod = \"single\"\n  \
             | ^^^^^^^ not a network setting\n  \
             |\n  \
             = help: did you mean `nat`?\n"
        );
    }

    #[test]
    fn json_form_has_one_based_positions() {
        let file = SourceFile::new("app.toml", "a = 1\nb = 2\n");
        let json = Diagnostic::error(6..7, "bad", "here").to_json(&file);
        assert_eq!(
            (json.line, json.column, json.end_line, json.end_column),
            (2, 1, 2, 2)
        );
    }

    #[test]
    fn suggests_only_close_names() {
        assert_eq!(
            did_you_mean("nat_mod", ["nat", "cidr", "flow_logs"]),
            Some("nat")
        );
        assert_eq!(did_you_mean("zzz", ["nat", "cidr"]), None);
    }
}
