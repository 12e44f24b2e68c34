//! Every problem at once: a blueprint with structural errors still gets its semantic checks.
//!
//! The values the schema rejected are taken out of the tree, the rest is resolved as usual, and
//! its problems are reported beside the structural ones, except inside the tables that held a
//! rejected value (or miss a required key): there a semantic problem would mostly echo the
//! structural one (a port written as a string becomes "a load-balanced service needs a port").

use toml::de::{DeTable, DeValue};

use crate::diagnostic::Diagnostic;
use crate::parse::{SpanIndex, Tree};
use crate::span::Span;
use crate::structure::Structural;

/// Removes the values at `pointers` (JSON pointers into the tree) that exist.
pub fn remove(tree: &mut Tree<'_>, pointers: &[String]) {
    for pointer in pointers {
        let segments: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
            .collect();
        remove_at(tree.get_mut(), &segments);
    }
}

fn remove_at(table: &mut DeTable<'_>, segments: &[String]) {
    match segments {
        [] => {}
        [last] => {
            table.remove(last.as_str());
        }
        [first, rest @ ..] => {
            if let Some(DeValue::Table(child)) =
                table.get_mut(first.as_str()).map(toml::Spanned::get_mut)
            {
                remove_at(child, rest);
            }
        }
    }
}

/// The spans of the tables whose semantic problems are not reported.
pub fn tainted_spans(structural: &Structural, index: &SpanIndex) -> Vec<Span> {
    structural
        .tainted
        .iter()
        .filter_map(|pointer| index.extent(pointer))
        .collect()
}

/// `semantic` without the problems inside a tainted span, added to the structural ones, sorted.
pub fn merge(
    structural: Vec<Diagnostic>,
    semantic: Vec<Diagnostic>,
    tainted: &[Span],
) -> Vec<Diagnostic> {
    let inside = |span: &Span| {
        tainted
            .iter()
            .any(|t| t.start <= span.start && span.end <= t.end)
    };
    let mut all = structural;
    all.extend(
        semantic
            .into_iter()
            .filter(|d| !d.span.as_ref().is_some_and(inside)),
    );
    all.sort_by_key(|d| d.span.as_ref().map(|s| (s.start, s.end)));
    all.dedup();
    all
}
