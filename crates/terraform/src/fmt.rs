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

/// Aligns assignments exactly as `terraform fmt` does.
pub fn align_assignments(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut chain: Vec<(usize, &str, &str)> = Vec::new();
    let mut heredoc_end: Option<&str> = None;
    for line in &lines {
        if let Some(marker) = heredoc_end {
            if line.trim() == marker {
                heredoc_end = None;
            }
        } else {
            match split_assignment(line) {
                Some((name, value)) => chain.push((out.len(), name, value)),
                None => flush(&mut chain, &mut out),
            }
            heredoc_end = heredoc_marker(line);
        }
        out.push((*line).to_owned());
    }
    flush(&mut chain, &mut out);
    out.join("\n")
}

/// The closing marker of a heredoc that `line` opens (`<<EOT` or `<<-EOT` at the end of the
/// line, outside strings).
fn heredoc_marker(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
    let (start, _) =
        code_bytes(line).find(|&(i, _)| bytes[i] == b'<' && bytes.get(i + 1) == Some(&b'<'))?;
    let rest = &line[start + 2..];
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let marker = rest.trim_end();
    let mut chars = marker.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    (starts_well && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .then_some(marker)
}

/// Rewrites the lines of a finished chain with aligned `=`.
fn flush(chain: &mut Vec<(usize, &str, &str)>, out: &mut [String]) {
    let width = chain
        .iter()
        .map(|(_, name, _)| name.chars().count())
        .max()
        .unwrap_or(0);
    for (index, name, value) in chain.drain(..) {
        let padding = width - name.chars().count();
        out[index] = format!("{name}{} = {value}", " ".repeat(padding));
    }
}

/// Splits `  name = value` into (`  name`, `value`) when the line is an assignment.
fn split_assignment(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    for (i, depth) in code_bytes(line) {
        match bytes[i] {
            b'#' => return None,
            b'/' if bytes.get(i + 1) == Some(&b'/') => return None,
            b'=' if depth == 0 => {
                let previous = i.checked_sub(1).map(|p| bytes[p]);
                let next = bytes.get(i + 1).copied();
                if matches!(previous, Some(b'=' | b'!' | b'<' | b'>'))
                    || matches!(next, Some(b'=' | b'>'))
                {
                    return None;
                }
                let name = line[..i].trim_end();
                let value = line[i + 1..].trim_start();
                if name.trim().is_empty() || opens_brackets(value) {
                    return None;
                }
                return Some((name, value));
            }
            _ => {}
        }
    }
    None
}

/// Whether `value` leaves more brackets open than it closes (a multi-line value starts here).
fn opens_brackets(value: &str) -> bool {
    let bytes = value.as_bytes();
    let net: i32 = code_bytes(value)
        .map(|(i, _)| match bytes[i] {
            b'[' | b'{' | b'(' => 1,
            b']' | b'}' | b')' => -1,
            _ => 0,
        })
        .sum();
    net > 0
}

/// The positions of the bytes of `line` that are code (not inside a string literal), each with
/// the bracket depth before it. Template interpolations (`"${ x["k"] }"`) are code again, with
/// their own strings inside.
fn code_bytes(line: &str) -> impl Iterator<Item = (usize, i32)> + '_ {
    #[derive(Clone, Copy)]
    enum Context {
        String,
        /// Inside `${ … }`, with the depth of braces opened within it.
        Interpolation(u32),
    }
    let bytes = line.as_bytes();
    let mut stack: Vec<Context> = Vec::new();
    let mut depth = 0_i32;
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let at = i;
            let byte = bytes[at];
            i += 1;
            match stack.last().copied() {
                Some(Context::String) => match byte {
                    b'\\' => i += 1,
                    b'"' => {
                        stack.pop();
                    }
                    b'$' if bytes.get(at + 1) == Some(&b'{') => {
                        i += 1;
                        stack.push(Context::Interpolation(0));
                    }
                    _ => {}
                },
                Some(Context::Interpolation(open)) => match byte {
                    b'"' => stack.push(Context::String),
                    b'{' => {
                        *stack.last_mut().expect("non-empty") = Context::Interpolation(open + 1);
                    }
                    b'}' if open == 0 => {
                        stack.pop();
                    }
                    b'}' => {
                        *stack.last_mut().expect("non-empty") = Context::Interpolation(open - 1);
                    }
                    _ => {}
                },
                None => {
                    if byte == b'"' {
                        stack.push(Context::String);
                        continue;
                    }
                    let before = depth;
                    match byte {
                        b'[' | b'{' | b'(' => depth += 1,
                        b']' | b'}' | b')' => depth -= 1,
                        _ => {}
                    }
                    return Some((at, before));
                }
            }
        }
        None
    })
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
