//! A blueprint's text and the line index diagnostics need.

use std::path::{Path, PathBuf};

use crate::span::Span;

/// The text of one blueprint file, with a line index for `line:column` lookups.
#[derive(Clone, Debug)]
pub struct SourceFile {
    path: PathBuf,
    text: String,
    line_starts: Vec<usize>,
    not_utf8: Option<NotUtf8>,
}

/// The first byte of a file that is not UTF-8, where it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotUtf8 {
    /// Its offset, in the file and in the text (everything before it was valid).
    pub offset: usize,
    /// The byte.
    pub byte: u8,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl SourceFile {
    /// Wraps `text`, read from `path` (used only for display).
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Self {
            path: path.into(),
            text,
            line_starts,
            not_utf8: None,
        }
    }

    /// Wraps the bytes of a file. Bytes that are not UTF-8 become U+FFFD in the text, and the
    /// first of them is remembered for [`Self::not_utf8`], so loading reports it with its line.
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        match String::from_utf8(bytes) {
            Ok(text) => Self::new(path, text),
            Err(error) => {
                let offset = error.utf8_error().valid_up_to();
                let bytes = error.into_bytes();
                let mut file = Self::new(path, String::from_utf8_lossy(&bytes).into_owned());
                file.not_utf8 = Some(NotUtf8 {
                    offset,
                    byte: bytes[offset],
                });
                file
            }
        }
    }

    /// The first byte that is not UTF-8, when the file was read with [`Self::from_bytes`].
    pub fn not_utf8(&self) -> Option<NotUtf8> {
        self.not_utf8
    }

    /// The path the text was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The 0-based index of the line holding byte `offset`.
    fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// The line and column of byte `offset` (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.clamp(offset);
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        Position {
            line: line + 1,
            column: self.text[start..offset].chars().count() + 1,
        }
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| *next);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Moves `offset` back onto a character boundary inside the text.
    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The source text of `span`.
    pub fn slice(&self, span: &Span) -> &str {
        &self.text[self.clamp(span.start)..self.clamp(span.end)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let file = SourceFile::new("a.toml", "a = 1\nnamé = \"x\"\n");
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        assert_eq!(file.position(6), Position { line: 2, column: 1 });
        // The `=` after the two-byte `é` is the sixth character of line 2.
        assert_eq!(file.position(6 + 6), Position { line: 2, column: 6 });
        assert_eq!(file.line_text(2), "namé = \"x\"");
        assert_eq!(file.position(999), Position { line: 3, column: 1 });
    }

    #[test]
    fn bytes_that_are_not_utf8_are_found_with_their_line() {
        let file = SourceFile::from_bytes("a.toml", b"a = 1\nb = \"x\xff\"\n".to_vec());
        let bad = file.not_utf8().unwrap();
        assert_eq!((bad.offset, bad.byte), (12, 0xff));
        assert_eq!(file.position(bad.offset), Position { line: 2, column: 7 });
        assert_eq!(file.line_text(2), "b = \"x\u{fffd}\"");
        assert!(
            SourceFile::from_bytes("b.toml", b"a = 1".to_vec())
                .not_utf8()
                .is_none()
        );
    }
}
