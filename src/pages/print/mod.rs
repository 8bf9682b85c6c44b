//! The print page (`print/`): the whole report on one page, in reading order, for a browser to
//! print or save as PDF: a title block, the contents, every chapter, then the appendices the
//! site chose (`print: {appendices: […]}` in `folio.yaml`: the tables, a collection's listing,
//! the bibliography). Each chapter's HTML is moved onto the page by [`relocate`], so that its ids
//! stay unique and its links lead to the page's own parts where they can.

mod relocate;

use serde::Serialize;

use super::collections::{RecordTable, whole_listing};
use super::tables::{CellView, ColumnView};
use super::{Job, Model, Renderer, chapter_href};
use crate::html::css_string;
use crate::locale::Key;
use crate::model::Table;
use relocate::{Anchor, Anchors, Move, relocate, relocate_into};

/// Where the page is written; its way up to the site's root is [`ROOT`].
const PATH: &str = "print/index.html";
const ROOT: &str = "../";

/// Ids of the page's parts begin with these, and the page's own ids (`contents` ...) with none
/// of them, so that no two can meet. Chapter slugs have no `_`, which ends their prefix.
const CHAPTER: &str = "chapter-";
const TABLE: &str = "table-";
const REFERENCE: &str = "ref-";
const APPENDIX: &str = "appendix-";

#[derive(Debug, Serialize)]
struct PrintPage<'a> {
    /// The `@page` rule that writes the report's title at the top of each printed page:
    /// Chromium has no `string-set`, so the title is a CSS string in the page's head, written
    /// unescaped by the template and therefore built only by [`css_string`].
    page_style: String,
    contents: Vec<ContentsGroup<'a>>,
    chapters: Vec<PrintChapter<'a>>,
    appendices: Vec<Appendix<'a>>,
}

/// Consecutive chapters of one part, or the appendices, as the contents list them.
#[derive(Debug, Serialize)]
struct ContentsGroup<'a> {
    title: &'a str,
    entries: Vec<ContentsEntry<'a>>,
}

#[derive(Debug, Serialize)]
struct ContentsEntry<'a> {
    id: String,
    title: &'a str,
}

#[derive(Debug, Serialize)]
struct PrintChapter<'a> {
    id: String,
    title: &'a str,
    part: &'a str,
    summary: Option<&'a str>,
    /// A placeholder that folio replaces by the chapter's body, moved onto this page, once the
    /// template is rendered: the bodies are the whole report, too large to copy through the
    /// template's context (three copies of a 50 MB page at 10,000 chapters).
    html: String,
}

/// The placeholder of chapter `n`'s body: an HTML comment, which no chapter text or escaped
/// value can hold, since comments are dropped from chapters and `<` is escaped elsewhere.
fn placeholder(n: usize) -> String {
    format!("{PLACEHOLDER}{n}-->")
}

const PLACEHOLDER: &str = "<!--folio:chapter-body:";

/// One appendix, by kind; the template writes each kind its own way.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Appendix<'a> {
    Tables { id: String, title: &'a str, tables: Vec<PrintTable<'a>> },
    References { id: String, title: &'a str, entries: Vec<Reference> },
    Records { id: String, title: &'a str, table: RecordTable },
}

#[derive(Debug, Serialize)]
struct PrintTable<'a> {
    id: String,
    table: &'a Table,
    columns: Vec<ColumnView>,
    rows: Vec<Vec<CellView>>,
}

#[derive(Debug, Serialize)]
struct Reference {
    id: String,
    html: String,
}

/// Renders the print page, unless `off: [print]`.
pub(super) fn render(r: &mut Renderer, model: &Model) {
    if !model.config.generates("print") {
        return;
    }
    let appendices = appendices(model);
    let anchors = anchors(model, &appendices);
    let chapters: Vec<PrintChapter> = model
        .prose
        .chapters
        .iter()
        .enumerate()
        .map(|(n, rendered)| {
            let chapter = &rendered.chapter;
            PrintChapter {
                html: placeholder(n),
                id: format!("{CHAPTER}{}", chapter.slug),
                title: &chapter.title,
                part: model.config.locale.text(chapter.part.heading()),
                summary: chapter.summary.as_deref(),
            }
        })
        .collect();
    let appendices: Vec<Appendix> = appendices.into_iter().map(|a| a.build(model, &anchors)).collect();
    let job = Job {
        path: PATH.into(),
        template: "print.html",
        title: &model.config.title,
        description: model.config.description.as_deref(),
        section: "print",
        page: PrintPage {
            page_style: page_style(&model.config.title),
            contents: contents(&chapters, &appendices, model.config.locale.text(Key::Appendices)),
            chapters,
            appendices,
        },
    };
    r.render_then(job, |html| fill_in_bodies(html, model, &anchors));
}

/// The rendered page with each chapter's placeholder replaced by its body, moved onto the page.
fn fill_in_bodies(html: &[u8], model: &Model, anchors: &Anchors) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let size: usize = model.prose.chapters.iter().map(|c| c.body.html.len()).sum();
    let mut out = String::with_capacity(html.len() + size + size / 8);
    let mut rest = html.as_ref();
    while let Some(at) = rest.find(PLACEHOLDER) {
        out.push_str(&rest[..at]);
        let after = &rest[at + PLACEHOLDER.len()..];
        let end = after.find("-->").unwrap_or(after.len());
        match after[..end].parse::<usize>().ok().and_then(|n| model.prose.chapters.get(n)) {
            Some(rendered) => {
                let id = format!("{CHAPTER}{}_", rendered.chapter.slug);
                let from = chapter_href(&rendered.chapter);
                let how = Move { from: &from, root: ROOT, ids: &id, demote: 1, anchors };
                relocate_into(&mut out, &rendered.body.html, &how);
                rest = after.get(end + 3..).unwrap_or_default();
            }
            None => {
                out.push_str(PLACEHOLDER);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Whether `path` is the print page: it repeats the site's pages, so the sitemap leaves it out
/// and the link check reads it last.
pub fn is_print_page(path: &str) -> bool {
    path == PATH
}

/// The running head: the report's title on every printed page but the first, the title
/// block's, which has no page number either. (Chromium lets the later of two `@page` rules
/// win for a margin box whatever their selectors, so `:first` comes last.)
fn page_style(title: &str) -> String {
    format!(
        "@media print {{ @page {{ @top-center {{ content: {}; }} }} \
         @page :first {{ @top-center {{ content: none; }} @bottom-center {{ content: none; }} }} }}",
        css_string(title)
    )
}

/// An appendix the site chose, before its content is built.
enum Chosen<'a> {
    Tables,
    References,
    /// A collection, by its index in the schema.
    Records(usize, &'a str),
}

/// The appendices of `folio.yaml` that have content on this site, in its order.
fn appendices<'a>(model: &Model<'a>) -> Vec<Chosen<'a>> {
    model
        .config
        .print
        .appendices
        .iter()
        .filter_map(|name| match name.as_str() {
            "tables" => (!model.data.tables.is_empty()).then_some(Chosen::Tables),
            "references" => (!model.prose.bibliography.is_empty()).then_some(Chosen::References),
            name => {
                let (index, collection) = model.data.records.collection(name)?;
                Some(Chosen::Records(index, collection.name.as_str()))
            }
        })
        .collect()
}

/// The pages this page holds, by address, with where they begin on it: links to them become
/// links within the page.
fn anchors(model: &Model, appendices: &[Chosen]) -> Anchors {
    let mut anchors = Anchors::new();
    for rendered in &model.prose.chapters {
        let id = format!("{CHAPTER}{}", rendered.chapter.slug);
        let fragments = Some(format!("{id}_"));
        anchors.insert(chapter_href(&rendered.chapter), Anchor { id, fragments });
    }
    for appendix in appendices {
        match appendix {
            Chosen::Tables => {
                anchors.insert("tables/".into(), Anchor { id: format!("{APPENDIX}tables"), fragments: None });
                for table in &model.data.tables {
                    let id = format!("{TABLE}{}", table.id);
                    anchors.insert(format!("tables/{}/", table.id), Anchor { id, fragments: None });
                }
            }
            Chosen::References => {
                let id = format!("{APPENDIX}references");
                anchors.insert("references/".into(), Anchor { id, fragments: Some(REFERENCE.into()) });
            }
            Chosen::Records(index, name) => {
                let collection = &model.data.records.schema.collections[*index];
                if let Some(href) = collection.listing_href() {
                    anchors.insert(href, Anchor { id: format!("{APPENDIX}{name}"), fragments: None });
                }
            }
        }
    }
    anchors
}

impl Chosen<'_> {
    fn build<'m>(self, model: &Model<'m>, anchors: &Anchors) -> Appendix<'m> {
        match self {
            Chosen::Tables => Appendix::Tables {
                id: format!("{APPENDIX}tables"),
                title: model.config.locale.text(Key::Tables),
                tables: model
                    .data
                    .tables
                    .iter()
                    .map(|t| print_table(t, model.config.locale.language))
                    .collect(),
            },
            Chosen::References => Appendix::References {
                id: format!("{APPENDIX}references"),
                title: model.config.locale.text(Key::References),
                entries: model
                    .prose
                    .bibliography
                    .iter()
                    .map(|(key, html)| {
                        let id = format!("{REFERENCE}{key}");
                        let ids = format!("{id}_");
                        let how = Move { from: "references/", root: ROOT, ids: &ids, demote: 0, anchors };
                        Reference { html: relocate(html, &how), id }
                    })
                    .collect(),
            },
            Chosen::Records(index, _) => {
                let collection = &model.data.records.schema.collections[index];
                Appendix::Records {
                    id: format!("{APPENDIX}{}", collection.name),
                    title: &collection.label.many,
                    table: whole_listing(&model.data.records, &model.config.locale, index, ROOT),
                }
            }
        }
    }
}

/// A table as its appendix shows it: as on its own page, less the chart and downloads.
fn print_table(table: &Table, language: crate::locale::Language) -> PrintTable<'_> {
    PrintTable {
        id: format!("{TABLE}{}", table.id),
        table,
        columns: super::tables::columns(table),
        rows: table
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&table.columns)
                    .map(|(c, col)| super::tables::cell(c, col.kind, language))
                    .collect()
            })
            .collect(),
    }
}

/// The contents: chapters grouped by part where consecutive ones share it, then the appendices.
fn contents<'a>(
    chapters: &[PrintChapter<'a>],
    appendices: &[Appendix<'a>],
    appendices_title: &'a str,
) -> Vec<ContentsGroup<'a>> {
    let mut groups: Vec<ContentsGroup> = Vec::new();
    for chapter in chapters {
        let entry = ContentsEntry { id: chapter.id.clone(), title: chapter.title };
        match groups.last_mut() {
            Some(group) if group.title == chapter.part => group.entries.push(entry),
            _ => groups.push(ContentsGroup { title: chapter.part, entries: vec![entry] }),
        }
    }
    if !appendices.is_empty() {
        let entries = appendices
            .iter()
            .map(|a| match a {
                Appendix::Tables { id, title, .. }
                | Appendix::References { id, title, .. }
                | Appendix::Records { id, title, .. } => ContentsEntry { id: id.clone(), title },
            })
            .collect();
        groups.push(ContentsGroup { title: appendices_title, entries });
    }
    groups
}
