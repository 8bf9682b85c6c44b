//! The bibliography page (`references/`): every entry as the site's CSL style formats it, in
//! the style's order, each with an anchor (its key) that citations link to, and links back to
//! every page that cites it.

use crate::locale::Key;
use std::collections::BTreeMap;

use serde::Serialize;

use super::context::{CitedWork, Link};
use super::{Job, Model, Renderer};

#[derive(Debug, Serialize)]
struct ReferencesPage<'a> {
    entries: Vec<Entry<'a>>,
}

#[derive(Debug, Serialize)]
struct Entry<'a> {
    key: &'a str,
    /// The formatted entry: escaped text, checked links.
    html: &'a str,
    cited_by: &'a [Link],
}

/// Pages citing each reference key, in site order.
pub type CitedBy = BTreeMap<String, Vec<Link>>;

pub fn render(r: &mut Renderer, model: &Model, cited_by: &CitedBy) {
    let entries: Vec<Entry> = model
        .prose
        .bibliography
        .iter()
        .map(|(key, html)| Entry {
            key,
            html,
            cited_by: cited_by.get(key).map(Vec::as_slice).unwrap_or_default(),
        })
        .collect();
    if entries.is_empty() {
        return;
    }
    r.render(Job {
        path: "references/index.html".into(),
        template: "references.html",
        title: model.config.locale.text(Key::References),
        description: Some(model.config.locale.text(Key::ReferencesDescription)),
        section: "references",
        page: ReferencesPage { entries },
    });
}

/// Who cites what: chapters (by their citations), record pages (by their body text and their
/// citation fields).
pub fn cited_by(model: &Model) -> CitedBy {
    let mut map = CitedBy::new();
    for rendered in &model.prose.chapters {
        let link =
            Link { title: rendered.chapter.title.clone(), href: super::chapter_href(&rendered.chapter) };
        for key in &rendered.body.citations {
            map.entry(key.clone()).or_default().push(link.clone());
        }
    }
    for (collection, items) in model.data.records.iter() {
        for record in &items.records {
            let Some(href) = collection.record_href(&record.id) else { continue };
            let body = model.prose.cases.get(&href);
            let mut keys = super::collections::citations(collection, record, body);
            keys.sort();
            keys.dedup();
            let link = Link { title: crate::records::title_of(collection, record), href };
            for key in keys {
                map.entry(key).or_default().push(link.clone());
            }
        }
    }
    map
}

/// The works behind `keys`, each once, in the bibliography's order, as the style formats them.
pub fn cited_works(model: &Model, keys: &[String]) -> Vec<CitedWork> {
    let mut ranks: Vec<usize> = keys.iter().filter_map(|k| model.prose.bibliography_rank(k)).collect();
    ranks.sort_unstable();
    ranks.dedup();
    ranks
        .into_iter()
        .map(|i| {
            let (key, html) = &model.prose.bibliography[i];
            CitedWork { key: key.clone(), html: html.clone(), href: format!("references/#{key}") }
        })
        .collect()
}
