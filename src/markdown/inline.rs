//! Inline extensions of folio's Markdown: Pandoc citations, `@tbl-…`/`@fig-…` cross-references
//! and `` `=expr` `` computed figures, each resolved or reported as a problem at its position.

use pulldown_cmark::{CowStr, Event};

use super::{MarkdownOptions, Problem, Rendered};
use crate::citations::{CiteItem, Segment, scan};
use crate::diagnostic::closest;
use crate::html::escape_xml;

/// A computed figure: its value from the data, or a problem at its position.
pub(super) fn computed<'a>(
    expr: &str,
    offset: usize,
    options: MarkdownOptions,
    rendered: &mut Rendered,
) -> Event<'a> {
    match options.blocks.value(expr.trim()) {
        Ok(value) => Event::InlineHtml(CowStr::from(format!(
            "<span class=\"computed\" title=\"computed from the data: {}\">{}</span>",
            escape_xml(expr.trim()),
            escape_xml(&value)
        ))),
        Err(message) => {
            rendered.problems.push(Problem {
                offset,
                message,
                help: Some("see the computed figures in the README".into()),
            });
            Event::Text(CowStr::from(format!("={expr}")))
        }
    }
}

/// The source text behind an event, and where it starts in the document.
#[derive(Clone, Copy)]
pub(super) struct Located<'s> {
    pub(super) source: &'s str,
    pub(super) start: usize,
}

/// Emits `text` with its citations replaced by links to the bibliography.
pub(super) fn cite(
    text: &str,
    at: Located,
    options: MarkdownOptions,
    rendered: &mut Rendered,
    out: &mut Vec<Event<'_>>,
) {
    let segments = scan(text);
    if segments.iter().all(|s| matches!(s, Segment::Text(_))) {
        out.push(Event::Text(CowStr::from(text.to_string())));
        return;
    }
    for segment in segments {
        let html = match segment {
            Segment::Text(t) => {
                out.push(Event::Text(CowStr::from(t.to_string())));
                continue;
            }
            Segment::Narrative(item) => match label(&item, at, options, rendered) {
                Some(found) => found.narrative(&locator(&item)),
                None => escape_xml(&format!("@{}", item.key)),
            },
            Segment::Bracketed(items) => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|item| match label(item, at, options, rendered) {
                        Some(found) => found.bracketed(&locator(item)),
                        None => escape_xml(&format!("@{}", item.key)),
                    })
                    .collect();
                format!("({})", parts.join("; "))
            }
        };
        out.push(Event::InlineHtml(CowStr::from(html)));
    }
}

fn locator(item: &CiteItem) -> String {
    item.locator.map(|l| format!(", {}", escape_xml(l))).unwrap_or_default()
}

/// A resolved citation or cross-reference, escaped for HTML.
enum Found {
    Work { author: String, year: String, href: String },
    Xref { title: String, href: String },
}

impl Found {
    /// `Segers (2015)` or `Table 3`.
    fn narrative(&self, locator: &str) -> String {
        match self {
            Found::Work { author, year, href } => {
                format!("{author} (<a class=\"citation\" href=\"{href}\">{year}</a>{locator})")
            }
            Found::Xref { title, href } => format!("<a class=\"xref\" href=\"{href}\">{title}</a>{locator}"),
        }
    }

    /// The part of a bracketed citation: `Segers, 2015` or `Table 3`.
    fn bracketed(&self, locator: &str) -> String {
        match self {
            Found::Work { author, year, href } => {
                format!("<a class=\"citation\" href=\"{href}\">{author}, {year}</a>{locator}")
            }
            Found::Xref { .. } => self.narrative(locator),
        }
    }
}

/// Resolves a cited key; records an unknown key as a problem at its position.
fn label(item: &CiteItem, at: Located, options: MarkdownOptions, rendered: &mut Rendered) -> Option<Found> {
    if item.key.starts_with("tbl-") || item.key.starts_with("fig-") {
        return xref(item, at, options, rendered);
    }
    let Some(found) = options.bibliography.get(item.key) else {
        let needle = format!("@{}", item.key);
        let offset = at.source.find(&needle).map_or(at.start, |o| at.start + o);
        let hint = closest(item.key, options.bibliography.keys())
            .map(|k| format!("did you mean `{k}`? "))
            .unwrap_or_default();
        rendered.problems.push(Problem {
            offset,
            message: format!("unknown citation key `{}`", item.key),
            help: Some(format!("{hint}keys are defined in content/data/references.yaml")),
        });
        return None;
    };
    if !rendered.citations.iter().any(|k| k == item.key) {
        rendered.citations.push(item.key.to_string());
    }
    Some(Found::Work {
        author: escape_xml(&found.author),
        year: escape_xml(&found.year),
        href: format!("{}references/#{}", options.root, item.key),
    })
}

/// Resolves `@tbl-…` / `@fig-…` to its numbered table or figure.
fn xref(item: &CiteItem, at: Located, options: MarkdownOptions, rendered: &mut Rendered) -> Option<Found> {
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
    Some(Found::Xref { title: xref.title(), href: format!("{}{}", options.root, xref.href) })
}
