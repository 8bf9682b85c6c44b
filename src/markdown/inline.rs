//! Inline extensions of folio's Markdown: Pandoc citations, `@tbl-…`/`@fig-…` cross-references
//! and `` `=expr` `` computed figures, each resolved or reported as a problem at its position.

use pulldown_cmark::{CowStr, Event};

use super::{MarkdownOptions, Problem, Rendered};
use crate::bibliography::format::{Citation, Cited, Mode};
use crate::citations::{CiteItem, Segment, scan};
use crate::diagnostic::closest;
use crate::html::escape_xml;

/// A computed figure: its value from the data, or a problem at its position; with the text a
/// reader sees.
pub(super) fn computed<'a>(
    expr: &str,
    offset: usize,
    options: MarkdownOptions,
    rendered: &mut Rendered,
) -> (Event<'a>, String) {
    match options.blocks.value(expr.trim()) {
        Ok(value) => {
            let html = format!(
                "<span class=\"computed\" title=\"{}\">{}</span>",
                escape_xml(&options.blocks.computed_title(expr.trim())),
                escape_xml(&value)
            );
            (Event::InlineHtml(CowStr::from(html)), value)
        }
        Err(message) => {
            rendered.problems.push(Problem {
                offset,
                message,
                help: Some("see the computed figures in the README".into()),
            });
            (Event::Text(CowStr::from(format!("={expr}"))), String::new())
        }
    }
}

/// The source text behind an event, and where it starts in the document.
#[derive(Clone, Copy)]
pub(super) struct Located<'s> {
    pub(super) source: &'s str,
    pub(super) start: usize,
}

/// The marker that stands for citation `n` of a document until the site's citations are
/// formatted together ([`crate::bibliography::format`]); two noncharacters that escaped text
/// never holds (see [`crate::prose`]).
pub fn marker(n: usize) -> String {
    format!("{MARK_OPEN}{n}{MARK_CLOSE}")
}

pub const MARK_OPEN: char = '\u{FDD0}';
pub const MARK_CLOSE: char = '\u{FDD1}';

/// Emits `text` with its citations replaced by markers (recorded in `rendered.cites`) and its
/// cross-references by links, and returns the text as readers see it, near enough for search
/// ("as Segers (2015) shows": names and year, whatever the style).
pub(super) fn cite(
    text: &str,
    at: Located,
    options: MarkdownOptions,
    rendered: &mut Rendered,
    out: &mut Vec<Event<'_>>,
) -> String {
    let segments = scan(text);
    if segments.iter().all(|s| matches!(s, Segment::Text(_))) {
        out.push(Event::Text(CowStr::from(text.to_string())));
        return text.to_string();
    }
    let mut plain = String::new();
    for segment in segments {
        let items = match segment {
            Segment::Text(t) => {
                plain.push_str(t);
                out.push(Event::Text(CowStr::from(t.to_string())));
                continue;
            }
            Segment::Narrative(item) => vec![(item, Mode::Narrative)],
            Segment::Bracketed(items) => items
                .into_iter()
                .map(|i| {
                    let mode = if i.suppress_author { Mode::SuppressAuthor } else { Mode::Parenthetical };
                    (i, mode)
                })
                .collect(),
        };
        let narrative = items.len() == 1 && items[0].1 == Mode::Narrative;
        let plains: Vec<String> = items
            .iter()
            .map(|(item, mode)| {
                let locator = item.locator.map(|l| format!(", {l}")).unwrap_or_default();
                match (options.bibliography.label(item.key), mode) {
                    (Some((names, year)), Mode::Narrative) => format!("{names} ({year}{locator})"),
                    (Some((_, year)), Mode::SuppressAuthor) => format!("{year}{locator}"),
                    (Some((names, year)), Mode::Parenthetical) => format!("{names}, {year}{locator}"),
                    (None, _) => match options.xrefs.get(item.key) {
                        Some(xref) => format!("{}{locator}", xref.title()),
                        None => format!("@{}", item.key),
                    },
                }
            })
            .collect();
        plain.push_str(&if narrative { plains.concat() } else { format!("({})", plains.join("; ")) });
        // Cross-references are resolved here; works wait for the site's other citations.
        let mut parts = Vec::new();
        let mut cited = Vec::new();
        for (item, mode) in &items {
            if item.key.starts_with("tbl-") || item.key.starts_with("fig-") {
                match xref(item, at, options, rendered) {
                    Some(found) => parts.push(found),
                    None => parts.push(escape_xml(&format!("@{}", item.key))),
                }
            } else if known(item, at, options, rendered) {
                cited.push(Cited {
                    key: item.key.to_string(),
                    locator: item.locator.map(str::to_string),
                    mode: *mode,
                });
            } else {
                parts.push(escape_xml(&format!("@{}", item.key)));
            }
        }
        let only_works = parts.is_empty();
        if !cited.is_empty() {
            parts.push(marker(rendered.cites.len()));
            rendered.cites.push(Citation { items: cited });
        }
        // The style puts a citation of works in parentheses (or brackets) itself.
        let html = if narrative || only_works { parts.concat() } else { format!("({})", parts.join("; ")) };
        out.push(Event::InlineHtml(CowStr::from(html)));
    }
    plain
}

/// Whether a cited key is in the bibliography; records an unknown key as a problem at its
/// position, and a known one among the document's citations.
fn known(item: &CiteItem, at: Located, options: MarkdownOptions, rendered: &mut Rendered) -> bool {
    if !options.bibliography.contains(item.key) {
        let needle = format!("@{}", item.key);
        let offset = at.source.find(&needle).map_or(at.start, |o| at.start + o);
        let hint = closest(item.key, options.bibliography.keys())
            .map(|k| format!("did you mean `{k}`? "))
            .unwrap_or_default();
        rendered.problems.push(Problem {
            offset,
            message: format!("unknown citation key `{}`", item.key),
            help: Some(format!(
                "{hint}keys are defined in content/data/references.yaml and the .bib and .json files beside it"
            )),
        });
        return false;
    }
    if !rendered.citations.iter().any(|k| k == item.key) {
        rendered.citations.push(item.key.to_string());
    }
    true
}

/// Resolves `@tbl-…` / `@fig-…` to its numbered table or figure.
fn xref(item: &CiteItem, at: Located, options: MarkdownOptions, rendered: &mut Rendered) -> Option<String> {
    let Some(xref) = options.xrefs.get(item.key) else {
        let offset = at.source.find(&format!("@{}", item.key)).map_or(at.start, |o| at.start + o);
        let hint = closest(item.key, options.xrefs.labels())
            .map(|k| format!("did you mean `{k}`? "))
            .unwrap_or_default();
        rendered.problems.push(Problem {
            offset,
            message: format!("unknown label `{}`", item.key),
            help: Some(format!("{hint}labels are set with `label:` in a ```table or ```chart block")),
        });
        return None;
    };
    let locator = item.locator.map(|l| format!(", {}", escape_xml(l))).unwrap_or_default();
    Some(format!(
        "<a class=\"xref\" href=\"{}{}\">{}</a>{locator}",
        options.root,
        xref.href,
        escape_xml(&xref.title())
    ))
}
