//! The bibliography page (`references/`): every entry, sorted by author and year, each with an
//! anchor (its key) that citations and source lists link to.

use serde::Serialize;

use super::{Job, Model, Renderer};
use crate::model::Reference;

#[derive(Debug, Serialize)]
struct ReferencesPage<'a> {
    entries: Vec<Entry<'a>>,
}

#[derive(Debug, Serialize)]
struct Entry<'a> {
    reference: &'a Reference,
    authors: String,
    details: String,
}

pub fn render(r: &mut Renderer, model: &Model) {
    let references = &model.data.references;
    if references.is_empty() {
        return;
    }
    let entries = references
        .iter()
        .map(|reference| Entry {
            reference,
            authors: reference.authors.join(", "),
            details: details(reference),
        })
        .collect();
    r.render(Job {
        path: "references/index.html".into(),
        template: "references.html",
        title: "References",
        description: Some("Every work the report draws on."),
        section: "references",
        page: ReferencesPage { entries },
    });
}

/// Volume, issue, pages and publisher in the usual order: "5(16), 1–17. Springer".
fn details(r: &Reference) -> String {
    let mut out = String::new();
    if let Some(volume) = &r.volume {
        out.push_str(volume);
    }
    if let Some(issue) = &r.issue {
        out.push_str(&format!("({issue})"));
    }
    if let Some(pages) = &r.pages {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(pages);
    }
    if let Some(publisher) = &r.publisher {
        if !out.is_empty() {
            out.push_str(". ");
        }
        out.push_str(publisher);
    }
    out
}

/// The surname part of "Segers, J.P." (or an organisation's whole name).
pub fn surname(author: &str) -> &str {
    author.split(',').next().unwrap_or(author).trim()
}

/// "Segers", "Gassmann and Enkel", "Michelino et al." for a reference's authors.
pub fn author_label(r: &Reference) -> String {
    match r.authors.as_slice() {
        [] => r.title.clone().unwrap_or_else(|| r.key.clone()),
        [one] => surname(one).to_string(),
        [a, b] => format!("{} and {}", surname(a), surname(b)),
        [first, ..] => format!("{} et al.", surname(first)),
    }
}

/// "Segers (2017)".
pub fn short_citation(r: &Reference) -> String {
    match r.year {
        Some(year) => format!("{} ({year})", author_label(r)),
        None => format!("{} (n.d.)", author_label(r)),
    }
}
