//! The bibliography page (`references/`): every entry, sorted by author and year, each with an
//! anchor (its key) that citations link to, and links back to every page that cites it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::{CitedWork, Link};
use super::{Job, Model, Renderer};
use crate::citations::author_label;
use crate::model::{Data, Reference};

#[derive(Debug, Serialize)]
struct ReferencesPage<'a> {
    entries: Vec<Entry<'a>>,
}

#[derive(Debug, Serialize)]
struct Entry<'a> {
    reference: &'a Reference,
    authors: String,
    details: String,
    cited_by: &'a [Link],
}

/// Pages citing each reference key, in site order.
pub type CitedBy = BTreeMap<String, Vec<Link>>;

pub fn render(r: &mut Renderer, model: &Model, cited_by: &CitedBy) {
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
            cited_by: cited_by.get(&reference.key).map(Vec::as_slice).unwrap_or_default(),
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

/// Who cites what: chapters (by their citations), firm pages and the pages of records (by their
/// case text and their citation fields).
pub fn cited_by(model: &Model) -> CitedBy {
    let mut map = CitedBy::new();
    for rendered in &model.prose.chapters {
        let link =
            Link { title: rendered.chapter.title.clone(), href: super::chapter_href(&rendered.chapter) };
        for key in &rendered.body.citations {
            map.entry(key.clone()).or_default().push(link.clone());
        }
    }
    for firm in &model.data.firms {
        let link = Link { title: firm.name.clone(), href: format!("firms/{}/", firm.id) };
        let case = model
            .prose
            .cases
            .get(&format!("firms/{}/", firm.id))
            .map(|c| c.citations.as_slice())
            .unwrap_or_default();
        let mut keys: Vec<&String> = case.iter().chain(&firm.sources).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            map.entry(key.clone()).or_default().push(link.clone());
        }
    }
    for (collection, items) in model.data.records.iter() {
        let citations: Vec<usize> = (0..collection.fields.len())
            .filter(|&i| collection.fields[i].kind == crate::schema::FieldType::Citation)
            .collect();
        for record in &items.records {
            let Some(href) = collection.record_href(&record.id) else { continue };
            let body = model.prose.cases.get(&href).map(|c| c.citations.as_slice()).unwrap_or_default();
            let fields = citations.iter().flat_map(|&i| record.values[i].items()).filter_map(|v| v.as_text());
            let mut keys: Vec<&str> = body.iter().map(String::as_str).chain(fields).collect();
            keys.sort_unstable();
            keys.dedup();
            let link = Link { title: crate::records::title_of(collection, record), href: href.clone() };
            for key in keys {
                map.entry(key.to_string()).or_default().push(link.clone());
            }
        }
    }
    map
}

/// The works behind `keys`, each once, sorted as in the bibliography.
pub fn cited_works(data: &Data, keys: &[String]) -> Vec<CitedWork> {
    let mut ranks: Vec<usize> = keys.iter().filter_map(|k| data.reference_rank(k)).collect();
    ranks.sort_unstable();
    ranks.dedup();
    ranks
        .into_iter()
        .map(|i| &data.references[i])
        .map(|r| CitedWork {
            key: r.key.clone(),
            label: short_citation(r),
            title: r.title.clone(),
            href: format!("references/#{}", r.key),
        })
        .collect()
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

/// "Segers (2017)".
pub fn short_citation(r: &Reference) -> String {
    let author = author_label(&r.authors, r.title.as_deref().unwrap_or(&r.key));
    match r.year {
        Some(year) => format!("{author} ({year})"),
        None => format!("{author} (n.d.)"),
    }
}
