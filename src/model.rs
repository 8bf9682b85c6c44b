//! The site's data model: the collections the schema declares with their records, the datasets
//! computed from them, and the apparatus (indicator tables and bibliography) resolved into
//! plain values sorted for output. Built only after the checks ran, so lookups here are total.

use serde::Serialize;

use crate::content::apparatus::*;
use crate::fasthash::FastMap;

/// An indicator table with typed columns.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub id: String,
    pub title: String,
    pub label_in_source: Option<String>,
    pub source: Option<String>,
    pub sources: Vec<String>,
    pub unit: Option<String>,
    pub note: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// A bibliography entry.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    pub key: String,
    pub kind: Option<String>,
    pub authors: Vec<String>,
    pub year: Option<i32>,
    pub title: Option<String>,
    pub container: Option<String>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    pub pages: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
}

/// All data of the site with its indexes.
#[derive(Debug, Default)]
pub struct Data {
    /// The collections a site declares in its schema, with their records (shared with the
    /// memo in `serve`).
    pub records: std::sync::Arc<crate::records::Records>,
    /// The datasets the schema declares, computed from the records (raw values).
    pub declared: std::sync::Arc<Vec<crate::datasets::frame::Frame>>,
    /// The same datasets as readers see them (labels, titles), made once: every table, chart
    /// and export that shows one shares it.
    pub declared_shown: Vec<std::sync::Arc<crate::datasets::Dataset>>,
    /// Collections shown as datasets, made on first use.
    pub(crate) collections_shown: Vec<std::sync::OnceLock<std::sync::Arc<crate::datasets::Dataset>>>,
    /// Sorted by id.
    pub tables: Vec<Table>,
    /// Sorted by first author, year, title.
    pub references: Vec<Reference>,
    /// The same works as hayagriva entries, in the order of their files, for the CSL style.
    pub works: Vec<crate::bibliography::Work>,
    reference_index: FastMap<String, usize>,
}

impl Data {
    /// Resolves checked records and apparatus into the model.
    pub fn new(apparatus: Apparatus, records: std::sync::Arc<crate::records::Records>) -> Data {
        let Apparatus { tables, references, references_unparsed: _, tables_unparsed: _, fingerprint: _ } =
            apparatus;
        let mut tables: Vec<Table> = tables.into_iter().map(|l| table(l.record)).collect();
        tables.sort_by(|a, b| a.id.cmp(&b.id));
        let works = references;
        let mut references: Vec<Reference> = works.iter().map(reference).collect();
        references.sort_by_cached_key(|r| {
            (
                r.authors.first().map(|a| a.to_lowercase()),
                r.year,
                r.title.as_deref().map(str::to_lowercase),
                r.key.clone(),
            )
        });
        let reference_index = references.iter().enumerate().map(|(i, r)| (r.key.clone(), i)).collect();
        let collections_shown = records.items.iter().map(|_| Default::default()).collect();
        Data {
            records,
            declared: Default::default(),
            declared_shown: Vec::new(),
            collections_shown,
            tables,
            references,
            works,
            reference_index,
        }
    }

    /// Keeps the computed datasets, and what readers see of them.
    pub fn set_declared(&mut self, declared: crate::datasets::declared::Declared) {
        self.declared = declared.frames;
        self.declared_shown = declared.shown;
    }

    pub fn reference(&self, key: &str) -> Option<&Reference> {
        self.reference_rank(key).map(|i| &self.references[i])
    }

    /// The position of a reference in the sorted bibliography.
    pub fn reference_rank(&self, key: &str) -> Option<usize> {
        self.reference_index.get(key).copied()
    }
}

fn table(r: TableRecord) -> Table {
    let TableRecord { id, title, label_in_source, source, sources, unit, note, columns, rows } = r;
    Table {
        id: id.value,
        title,
        label_in_source,
        source,
        sources: sources.into_iter().map(|s| s.value).collect(),
        unit,
        note,
        columns,
        rows: rows.into_iter().map(|row| row.value.into_iter().map(|c| c.value).collect()).collect(),
    }
}

/// What the exports and the pages' short labels read of a work.
fn reference(work: &crate::bibliography::Work) -> Reference {
    let e = &work.entry;
    let text = |f: Option<&hayagriva::types::FormatString>| f.map(|s| s.value.to_string());
    let parent = e.parents().first();
    let number =
        |n: Option<&hayagriva::types::MaybeTyped<hayagriva::types::Numeric>>| n.map(|n| n.to_string());
    Reference {
        key: work.key.clone(),
        kind: Some(format!("{:?}", e.entry_type()).to_lowercase()),
        authors: e.authors().unwrap_or_default().iter().map(crate::bibliography::person).collect(),
        year: crate::bibliography::year(e),
        title: text(e.title()),
        container: text(parent.and_then(|p| p.title())),
        volume: number(e.volume().or_else(|| parent.and_then(|p| p.volume()))),
        issue: number(e.issue().or_else(|| parent.and_then(|p| p.issue()))),
        pages: e.page_range().map(|p| p.to_string()),
        publisher: e
            .publisher()
            .or_else(|| parent.and_then(|p| p.publisher()))
            .and_then(|p| p.name())
            .map(|n| n.value.to_string()),
        url: e.url().map(|u| u.value.to_string()),
    }
}
