//! The `terraform fmt` post-pass.
//!
//! hcl-rs prints valid, well-indented HCL but does not align the `=` of neighbouring attributes
//! the way `terraform fmt` (hclwrite) does. hclwrite's rule: consecutive lines that each hold an
//! assignment form a chain, and every `=` in a chain lines up one space after the longest name.
//! Any other line (blank, a block header or brace, a line inside a multi-line value) ends the
//! chain, and so does an assignment whose value opens a bracket it does not close on the same
//! line (`tags = {`). Only the first `=` outside strings and brackets counts, and `==`, `!=`,
//! `<=`, `>=` and `=>` are operators, not assignments. A heredoc (`description = <<-EOT` …
//! `EOT`) counts as one line: its body is left as written and does not end the chain.

use std::borrow::Cow;

/// Aligns assignments exactly as `terraform fmt` does.
pub fn align_assignments(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut aligner = Aligner::default();
    for line in text.split('\n') {
        aligner.line(Cow::Borrowed(line), &mut out);
    }
    aligner.finish(&mut out);
    out
}

/// The streaming form of [`align_assignments`]: lines go in one at a time and come out aligned,
/// joined by `\n`, in one pass with no allocation per line. A chain's lines wait in the aligner
/// until the chain ends, because its width is known only then.
#[derive(Default)]
pub struct Aligner<'a> {
    /// The current chain: assignments and the heredoc lines between them, in order.
    chain: Vec<Pending<'a>>,
    /// The widest name of the chain, in characters.
    width: usize,
    /// The closing marker of the heredoc being passed through, if any.
    heredoc_end: Option<String>,
    /// Whether a line has been written (the next one is preceded by `\n`).
    started: bool,
    /// Scratch for [`scan`], kept between lines.
    stack: Vec<Context>,
}

/// A line of the current chain.
enum Pending<'a> {
    /// `line[..name_end]` is the name (with its indentation), `line[value_start..]` the value.
    Assignment {
        line: Cow<'a, str>,
        name_end: usize,
        value_start: usize,
    },
    /// A heredoc line inside the chain, written as it is.
    Verbatim(Cow<'a, str>),
}

impl<'a> Aligner<'a> {
    /// Takes the next line (without its `\n`).
    pub fn line(&mut self, line: Cow<'a, str>, out: &mut String) {
        if let Some(marker) = &self.heredoc_end {
            if line.trim() == marker {
                self.heredoc_end = None;
            }
            if self.chain.is_empty() {
                self.write(&line, out);
            } else {
                self.chain.push(Pending::Verbatim(line));
            }
            return;
        }
        let scan = scan(&line, &mut self.stack);
        self.heredoc_end = scan.heredoc.map(|(start, end)| line[start..end].to_owned());
        match scan.assignment {
            Some((name_end, value_start)) => {
                self.width = self.width.max(line[..name_end].chars().count());
                self.chain.push(Pending::Assignment {
                    line,
                    name_end,
                    value_start,
                });
            }
            None => {
                self.flush(out);
                self.write(&line, out);
            }
        }
    }

    /// Writes what is still waiting; call once after the last line.
    pub fn finish(&mut self, out: &mut String) {
        self.flush(out);
    }

    fn write(&mut self, line: &str, out: &mut String) {
        write_line(&mut self.started, out, &[line]);
    }

    /// Writes the finished chain with its `=` aligned.
    fn flush(&mut self, out: &mut String) {
        let width = std::mem::take(&mut self.width);
        // Drained, not taken: the chain's buffer is reused by the next chain.
        for pending in self.chain.drain(..) {
            match pending {
                Pending::Assignment {
                    line,
                    name_end,
                    value_start,
                } => {
                    let name = &line[..name_end];
                    let padding = width - name.chars().count();
                    let spaces = SPACES
                        .get(..padding)
                        .map_or_else(|| Cow::Owned(" ".repeat(padding)), Cow::Borrowed);
                    write_line(
                        &mut self.started,
                        out,
                        &[name, &spaces, " = ", &line[value_start..]],
                    );
                }
                Pending::Verbatim(line) => write_line(&mut self.started, out, &[&line]),
            }
        }
    }
}

/// Enough spaces to pad any name plinth writes.
const SPACES: &str = "                                                                ";

/// Writes one line made of `parts`, after a `\n` unless it is the first.
fn write_line(started: &mut bool, out: &mut String, parts: &[&str]) {
    if *started {
        out.push('\n');
    }
    *started = true;
    for part in parts {
        out.push_str(part);
    }
}

/// What one line holds, found in one pass over it.
struct LineScan {
    /// An assignment: the end of its name (without trailing blanks) and the start of its value
    /// (without leading blanks).
    assignment: Option<(usize, usize)>,
    /// The span of the closing marker of a heredoc the line opens (`<<EOT` or `<<-EOT` at the
    /// end of the line, outside strings).
    heredoc: Option<(usize, usize)>,
}

/// Where a byte of a line is, beyond plain code.
#[derive(Clone, Copy)]
enum Context {
    String,
    /// Inside `${ … }`, with the depth of braces opened within it.
    Interpolation(u32),
}

/// Scans `line`: only bytes that are code (not inside a string literal) count, each with the
/// bracket depth before it; template interpolations (`"${ x["k"] }"`) are strings for this
/// purpose, with their own strings inside. An assignment is the first `=` in code at depth 0,
/// unless a comment starts before it or it is part of `==`, `!=`, `<=`, `>=` or `=>`; its name
/// must not be blank and its value must not leave brackets open (a multi-line value starts
/// there).
fn scan(line: &str, stack: &mut Vec<Context>) -> LineScan {
    let bytes = line.as_bytes();
    stack.clear();
    let mut code = Code::default();
    // Each context jumps to the next byte that means something in it; the rest are skipped.
    let mut i = 0;
    while i < bytes.len() {
        match stack.last_mut() {
            Some(Context::String) => {
                let Some(offset) = bytes[i..]
                    .iter()
                    .position(|b| matches!(b, b'\\' | b'"' | b'$'))
                else {
                    break;
                };
                let at = i + offset;
                i = at + 1;
                match bytes[at] {
                    b'\\' => i += 1,
                    b'"' => {
                        stack.pop();
                    }
                    b'$' if bytes.get(at + 1) == Some(&b'{') => {
                        i += 1;
                        stack.push(Context::Interpolation(0));
                    }
                    _ => {}
                }
            }
            Some(Context::Interpolation(open)) => {
                let byte = bytes[i];
                i += 1;
                match byte {
                    b'"' => stack.push(Context::String),
                    b'{' => *open += 1,
                    b'}' if *open == 0 => {
                        stack.pop();
                    }
                    b'}' => *open -= 1,
                    _ => {}
                }
            }
            None => {
                let Some(offset) = bytes[i..].iter().position(|b| {
                    matches!(
                        b,
                        b'"' | b'<' | b'#' | b'/' | b'=' | b'[' | b']' | b'{' | b'}' | b'(' | b')'
                    )
                }) else {
                    break;
                };
                let at = i + offset;
                i = at + 1;
                if bytes[at] == b'"' {
                    stack.push(Context::String);
                } else {
                    code.byte(bytes, at);
                }
            }
        }
    }
    // The value's brackets: depth was 0 at the `=`, so what is open now was opened after it.
    let assignment = code
        .equals
        .filter(|_| !code.not_assignment && code.depth <= 0)
        .and_then(|at| {
            let name_end = line[..at].trim_end().len();
            let value = &line[at + 1..];
            let value_start = at + 1 + (value.len() - value.trim_start().len());
            (!line[..name_end].trim().is_empty()).then_some((name_end, value_start))
        });
    LineScan {
        assignment,
        heredoc: code
            .heredoc_start
            .and_then(|start| heredoc_marker(line, start + 2)),
    }
}

/// What the code (not string) bytes of a line have shown so far.
#[derive(Default)]
struct Code {
    /// Brackets open.
    depth: i32,
    /// The first `=` at depth 0, if it is an assignment's.
    equals: Option<usize>,
    /// A comment or an operator came first: the line assigns nothing.
    not_assignment: bool,
    /// The first `<<` (a heredoc may open there).
    heredoc_start: Option<usize>,
}

impl Code {
    /// Takes the code byte at `at` (never a `"`, which opens a string).
    fn byte(&mut self, bytes: &[u8], at: usize) {
        let byte = bytes[at];
        let next = bytes.get(at + 1).copied();
        if byte == b'<' && next == Some(b'<') && self.heredoc_start.is_none() {
            self.heredoc_start = Some(at);
        }
        if self.equals.is_none() && !self.not_assignment {
            match byte {
                b'#' => self.not_assignment = true,
                b'/' if next == Some(b'/') => self.not_assignment = true,
                b'=' if self.depth == 0 => {
                    let previous = at.checked_sub(1).map(|p| bytes[p]);
                    if matches!(previous, Some(b'=' | b'!' | b'<' | b'>'))
                        || matches!(next, Some(b'=' | b'>'))
                    {
                        self.not_assignment = true;
                    } else {
                        self.equals = Some(at);
                    }
                }
                _ => {}
            }
        }
        match byte {
            b'[' | b'{' | b'(' => self.depth += 1,
            b']' | b'}' | b')' => self.depth -= 1,
            _ => {}
        }
    }
}

/// The span of a heredoc's closing marker written from `from` (after `<<`) to the end of the
/// line, if it is one.
fn heredoc_marker(line: &str, from: usize) -> Option<(usize, usize)> {
    let rest = &line[from..];
    let start = from + usize::from(rest.starts_with('-'));
    let marker = line[start..].trim_end();
    let mut chars = marker.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    (starts_well && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .then_some((start, start + marker.len()))
}

#[cfg(test)]
mod tests {
    use super::align_assignments;

    #[test]
    fn aligns_a_run_of_attributes() {
        let input = "module \"x\" {\n  source = \"a\"\n  availability_zones = []\n  id = 1\n}\n";
        let expected = "module \"x\" {\n  source             = \"a\"\n  availability_zones = []\n  id                 = 1\n}\n";
        assert_eq!(align_assignments(input), expected);
    }

    #[test]
    fn blank_lines_blocks_and_multi_line_values_end_a_chain() {
        let input = concat!(
            "a = 1\n",
            "bbb = 2\n",
            "\n",
            "cc = 3\n",
            "tags = {\n",
            "  Name = \"x\"\n",
            "  Environment = \"dev\"\n",
            "}\n",
            "d = 4\n",
            "eeeee = 5\n",
        );
        let expected = concat!(
            "a   = 1\n",
            "bbb = 2\n",
            "\n",
            "cc = 3\n",
            "tags = {\n",
            "  Name        = \"x\"\n",
            "  Environment = \"dev\"\n",
            "}\n",
            "d     = 4\n",
            "eeeee = 5\n",
        );
        assert_eq!(align_assignments(input), expected);
    }

    #[test]
    fn operators_and_strings_are_not_assignments() {
        let input = "x = var.a == 1 ? \"a=b\" : \"c\"\nlonger_name = 2\n";
        let expected = "x           = var.a == 1 ? \"a=b\" : \"c\"\nlonger_name = 2\n";
        assert_eq!(align_assignments(input), expected);
        // A `for` expression's `=>` and an inline object's `=` are inside brackets.
        let input = "m = { for k, v in var.x : k => v }\nnn = { a = 1 }\n";
        let expected = "m  = { for k, v in var.x : k => v }\nnn = { a = 1 }\n";
        assert_eq!(align_assignments(input), expected);
    }

    #[test]
    fn interpolations_with_nested_quotes_are_strings() {
        let input = "image = \"${module.ecr.urls[\"a=b\"]}:${var.tag}\"\nid = { x = 1 }\n";
        let expected = "image = \"${module.ecr.urls[\"a=b\"]}:${var.tag}\"\nid    = { x = 1 }\n";
        assert_eq!(align_assignments(input), expected);
    }

    #[test]
    fn escaped_quotes_stay_inside_strings() {
        let input = "a = \"x\\\"=\"\nbb = 1\n";
        let expected = "a  = \"x\\\"=\"\nbb = 1\n";
        assert_eq!(align_assignments(input), expected);
    }

    #[test]
    fn heredoc_bodies_are_left_alone_and_do_not_end_a_chain() {
        // What `terraform fmt` 1.11 makes of it: the chain runs through the heredoc.
        let input = concat!(
            "  ab = 1\n",
            "  description = <<-EOT\n",
            "    a = b\n",
            "    longer_name = c\n",
            "  EOT\n",
            "  type = \"string\"\n",
            "  default_value = \"x\"\n",
        );
        let expected = concat!(
            "  ab            = 1\n",
            "  description   = <<-EOT\n",
            "    a = b\n",
            "    longer_name = c\n",
            "  EOT\n",
            "  type          = \"string\"\n",
            "  default_value = \"x\"\n",
        );
        assert_eq!(align_assignments(input), expected);
        assert_eq!(align_assignments(expected), expected);
    }

    #[test]
    fn a_heredoc_marker_inside_a_string_is_text() {
        let input = "a = \"<<EOT\"\nbb = 1\n";
        let expected = "a  = \"<<EOT\"\nbb = 1\n";
        assert_eq!(align_assignments(input), expected);
    }

    #[test]
    fn realigns_already_aligned_text_idempotently() {
        let once = align_assignments("a    = 1\nbb = 2\n");
        assert_eq!(once, "a  = 1\nbb = 2\n");
        assert_eq!(align_assignments(&once), once);
    }
}
