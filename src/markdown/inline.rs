//! Inline extensions of folio's Markdown: Pandoc citations, `@tbl-…`/`@fig-…` cross-references
//! and `` `=expr` `` computed figures, each resolved or reported as a problem at its position.

use pulldown_cmark::{CowStr, Event};

use super::{MarkdownOptions, Problem, Rendered};
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
                "<span class=\"computed\" title=\"computed from the data: {}\">{}</span>",
                escape_xml(expr.trim()),
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

/// Emits `text` with its citations replaced by links to the bibliography, and returns the text
/// as readers see it ("as Segers (2015) shows").
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
        let html = match segment {
            Segment::Text(t) => {
                plain.push_str(t);
                out.push(Event::Text(CowStr::from(t.to_string())));
                continue;
            }
            Segment::Narrative(item) => {
                let found = label(&item, at, options, rendered);
                plain.push_str(&Found::plain(found.as_ref(), &item, false));
                match found {
                    Some(found) => found.narrative(&locator(&item)),
                    None => escape_xml(&format!("@{}", item.key)),
                }
            }
            Segment::Bracketed(items) => {
                let mut parts = Vec::new();
                let mut plains = Vec::new();
                for item in &items {
                    let found = label(item, at, options, rendered);
                    plains.push(Found::plain(found.as_ref(), item, true));
                    parts.push(match found {
                        Some(found) => found.bracketed(&locator(item)),
                        None => escape_xml(&format!("@{}", item.key)),
                    });
                }
                plain.push_str(&format!("({})", plains.join("; ")));
                format!("({})", parts.join("; "))
            }
        };
        out.push(Event::InlineHtml(CowStr::from(html)));
    }
    plain
}

fn locator(item: &CiteItem) -> String {
    item.locator.map(|l| format!(", {}", escape_xml(l))).unwrap_or_default()
}

/// A resolved citation or cross-reference, escaped for HTML (`plain` keeps the reader's text).
enum Found {
    Work { author: String, year: String, href: String, plain: (String, String) },
    Xref { title: String, href: String },
}

impl Found {
    /// The citation as plain text: `Segers (2015, p. 4)`, `Segers, 2015` or `Table 3`; an
    /// unknown key as written.
    fn plain(found: Option<&Found>, item: &CiteItem, bracketed: bool) -> String {
        let locator = item.locator.map(|l| format!(", {l}")).unwrap_or_default();
        match found {
            Some(Found::Work { plain: (author, year), .. }) if bracketed => {
                format!("{author}, {year}{locator}")
            }
            Some(Found::Work { plain: (author, year), .. }) => format!("{author} ({year}{locator})"),
            Some(Found::Xref { title, .. }) => format!("{title}{locator}"),
            None => format!("@{}", item.key),
        }
    }

    /// `Segers (2015)` or `Table 3`.
    fn narrative(&self, locator: &str) -> String {
        match self {
            Found::Work { author, year, href, .. } => {
                format!("{author} (<a class=\"citation\" href=\"{href}\">{year}</a>{locator})")
            }
            Found::Xref { title, href } => format!("<a class=\"xref\" href=\"{href}\">{title}</a>{locator}"),
        }
    }

    /// The part of a bracketed citation: `Segers, 2015` or `Table 3`.
    fn bracketed(&self, locator: &str) -> String {
        match self {
            Found::Work { author, year, href, .. } => {
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
        plain: (found.author.clone(), found.year.clone()),
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
