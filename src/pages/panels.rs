//! What changed between the two latest vintages of a panel: a page per panel collection (its
//! `vintage.address`), record by record, and on each record's own page its part of it.

use crate::locale::{Key, Locale};
use serde::Serialize;

use super::context::{Link, root_for};
use super::pagination::{AllRows, Pager, Pages};
use super::{Job, Model, Renderer};
use crate::html::push_escaped;
use crate::records::Records;
use crate::vintage::{self, Changes, End, PanelDiff, Status};

/// One record's changes, ready for a template.
#[derive(Debug, Clone, Serialize)]
pub struct ChangesView {
    pub record: Link,
    pub status: String,
    pub added: Vec<Link>,
    pub dropped: Vec<Link>,
    pub kept: usize,
}

/// A record page's "what changed" section.
#[derive(Debug, Serialize)]
pub struct RecordChanges {
    pub from: String,
    pub to: String,
    pub changes: ChangesView,
    /// The panel's own page.
    pub page: String,
}

/// A record's row of the changes table: its changes, and the cells as written HTML (the same
/// [`row_cells`] writes into the rows of every page for the browser).
#[derive(Debug, Serialize)]
struct ChangeRow<'a> {
    #[serde(flatten)]
    changes: &'a ChangesView,
    cells: [String; 5],
}

#[derive(Debug, Clone, Serialize)]
struct VintageRow {
    label: String,
    records: usize,
    linked: usize,
}

#[derive(Debug, Serialize)]
struct ChangesPage<'a> {
    label_many: &'a str,
    hub_label: String,
    /// What the records at the network's `from` end are called, several of them.
    hub_many: String,
    from: String,
    to: String,
    added: usize,
    dropped: usize,
    vintages: Vec<VintageRow>,
    /// This page's part of the records, with the pager when they take several pages.
    records: Vec<ChangeRow<'a>>,
    count: usize,
    pager: Option<Pager>,
    all_rows: Option<AllRows>,
}

fn status(status: Status, locale: &Locale) -> String {
    let key = match status {
        Status::New => Key::StatusNew,
        Status::Gone => Key::StatusGone,
        Status::Changed => Key::StatusChanged,
        Status::Unchanged => Key::StatusUnchanged,
    };
    locale.text(key).to_string()
}

fn link(records: &Records, (collection, id): &End) -> Link {
    let c = &records.schema.collections[*collection];
    match records.items[*collection].get(id) {
        Some(record) => {
            Link { title: crate::records::title_of(c, record), href: c.record_href(id).unwrap_or_default() }
        }
        None => Link { title: id.clone(), href: String::new() },
    }
}

fn view(records: &Records, changes: &Changes, locale: &Locale) -> ChangesView {
    ChangesView {
        record: link(records, &changes.record),
        status: status(changes.status, locale),
        added: by_title(changes.added.iter().map(|e| link(records, e)).collect()),
        dropped: by_title(changes.dropped.iter().map(|e| link(records, e)).collect()),
        kept: changes.kept.len(),
    }
}

/// Links in reading order: by title, ignoring case.
fn by_title(mut links: Vec<Link>) -> Vec<Link> {
    links.sort_by_cached_key(|l| (l.title.to_lowercase(), l.href.clone()));
    links
}

fn labels(records: &Records, diff: &PanelDiff, locale: &Locale) -> (String, String) {
    let c = &records.schema.collections[diff.collection];
    let label = |raw: &str| match &c.vintage {
        Some(v) => vintage::label(&c.fields[v.field], raw, locale),
        None => raw.to_string(),
    };
    (label(&diff.from), label(&diff.to))
}

/// The section of a record's page: its changes in the first panel it takes part in.
pub fn record_changes(
    records: &Records,
    diffs: &[PanelDiff],
    collection: usize,
    id: &str,
    locale: &Locale,
) -> Option<RecordChanges> {
    diffs.iter().find_map(|diff| {
        let changes = diff.of(collection, id)?;
        let (from, to) = labels(records, diff, locale);
        let page = records.schema.collections[diff.collection].vintage.as_ref()?.address.clone();
        Some(RecordChanges { from, to, changes: view(records, changes, locale), page: format!("{page}/") })
    })
}

/// Renders the changes page of every panel with two vintages.
pub fn render(r: &mut Renderer, model: &Model, diffs: &[PanelDiff]) {
    let records = &model.data.records;
    let locale = &model.config.locale;
    for diff in diffs {
        let collection = &records.schema.collections[diff.collection];
        let (Some(vintage), Some(network)) = (&collection.vintage, &collection.network) else { continue };
        let (from, to) = labels(records, diff, locale);
        let per_vintage: Vec<VintageRow> = vintage::vintages(records, diff.collection)
            .iter()
            .map(|v| {
                let of_vintage = records.items[diff.collection]
                    .records
                    .iter()
                    .filter(|r| r.values[vintage.field].raw_text() == *v);
                let mut linked: Vec<String> =
                    of_vintage.clone().map(|r| r.values[network.from].raw_text()).collect();
                linked.sort_unstable();
                linked.dedup();
                VintageRow {
                    label: vintage::label(&collection.fields[vintage.field], v, locale),
                    records: of_vintage.count(),
                    linked: linked.len(),
                }
            })
            .collect();
        let title = locale
            .fill(Key::ChangesPageTitle, &[("items", &collection.label.many), ("from", &from), ("to", &to)]);
        let hub_many = match &network.hubs {
            Some(label) => label.many.clone(),
            None => collection.fields[network.from]
                .reference
                .iter()
                .map(|&c| records.schema.collections[c].label.many.as_str())
                .collect::<Vec<_>>()
                .join(" / "),
        };
        let views: Vec<ChangesView> = diff.records.iter().map(|c| view(records, c, locale)).collect();
        let pages = Pages::new(&vintage.address, &views);
        pages.write_rows(r.out, |rows| {
            rows.iter().map(|v| row_cells(v, locale, "").into_iter().collect()).collect()
        });
        for &(number, rows) in pages.chunks() {
            let path = pages.path(number);
            let root = root_for(&path);
            r.render(Job {
                path,
                template: "collection-changes.html",
                title: &title,
                description: None,
                section: "changes",
                page: ChangesPage {
                    label_many: &collection.label.many,
                    hub_label: collection.fields[network.from].label.clone(),
                    hub_many: hub_many.clone(),
                    from: from.clone(),
                    to: to.clone(),
                    added: diff.added(),
                    dropped: diff.dropped(),
                    vintages: per_vintage.clone(),
                    records: rows
                        .iter()
                        .map(|changes| ChangeRow { changes, cells: row_cells(changes, locale, &root) })
                        .collect(),
                    count: views.len(),
                    pager: pages.pager(number, rows.len()),
                    all_rows: pages.all_rows(),
                },
            });
        }
    }
}

/// One record's row of the changes table as HTML cells, links written from `root` (the way up
/// from the page to the site's root; empty in the rows of every page, [`Pages::write_rows`]).
fn row_cells(view: &ChangesView, locale: &Locale, root: &str) -> [String; 5] {
    let link = |out: &mut String, link: &Link, fragment: &str| match link.href.is_empty() {
        true => push_escaped(out, &link.title),
        false => {
            out.push_str("<a href=\"");
            push_escaped(out, root);
            push_escaped(out, &link.href);
            out.push_str(fragment);
            out.push_str("\">");
            push_escaped(out, &link.title);
            out.push_str("</a>");
        }
    };
    let links = |links: &[Link]| {
        let mut out = String::new();
        for (i, l) in links.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            link(&mut out, l, "");
        }
        out
    };
    let mut record = String::new();
    link(&mut record, &view.record, "#changes");
    let mut status = String::new();
    push_escaped(&mut status, &view.status);
    [record, status, links(&view.added), links(&view.dropped), locale.language.integer(view.kept as i64)]
}
