//! Pages of the collections a site declares: a listing per collection (`<address>/`) and a page
//! per record (`<address>/<id>/`) with its fields, its Markdown body, the records that refer to
//! it (back-links), its sources and its neighbourhood in a network. Every word comes from the
//! schema's labels or the record itself.

use serde::Serialize;

use crate::locale::{Key, Locale};

use super::context::{CitedWork, Link, root_for};
use super::pagination::{AllRows, Pager, Pages};
use super::{Job, Model, Renderer};
use crate::html::push_escaped;
use crate::markdown::TocEntry;
use crate::records::{self, Record, Records, Value};
use crate::schema::{Collection, Field, FieldType};

/// One item of a value, before it is written as HTML: its text, and the page it links to.
#[derive(Debug)]
struct Item {
    text: String,
    href: Option<String>,
    /// The address is written as it is (a URL from the data), not below the site root.
    external: bool,
}

/// One cell of a table of records: its items (several for a list field) as HTML, numeric or
/// not. Written here rather than by a template: a listing holds thousands of cells, and a
/// template context of nested items costs several times the HTML it becomes.
#[derive(Debug, Serialize)]
pub struct CellView {
    pub html: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub numeric: bool,
}

/// A table of records: column headings and one row per record.
#[derive(Debug, Serialize)]
pub struct RecordTable {
    pub columns: Vec<ColumnHead>,
    pub rows: Vec<RecordRow>,
    /// Where every row of a listing split into pages waits, for sorting and filtering across
    /// pages; none for a table on one page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all_rows: Option<AllRows>,
}

#[derive(Debug, Serialize)]
pub struct ColumnHead {
    pub label: String,
    pub numeric: bool,
}

#[derive(Debug, Serialize)]
pub struct RecordRow {
    /// The cells; the last also holds the row's `aside` fields (editors' notes), folded under
    /// their labels.
    pub cells: Vec<CellView>,
}

#[derive(Debug, Serialize)]
struct ListingPage<'a> {
    name: &'a str,
    label_one: &'a str,
    label_many: &'a str,
    description: Option<&'a str>,
    count: usize,
    table: RecordTable,
    networks: Vec<Link>,
    /// The listing's pages, when it has more than one.
    pager: Option<Pager>,
}

/// One field of a record's page.
#[derive(Debug, Serialize)]
struct Fact {
    label: String,
    /// The value as HTML: its items (escaped, with their links), or rendered Markdown.
    html: String,
    /// The HTML is Markdown's own blocks (paragraphs, lists), not a run of text.
    block: bool,
}

#[derive(Debug, Serialize)]
struct RecordPage<'a> {
    collection: Link,
    /// What the record is: the collection's name for one, or the label of its `eyebrow` field.
    eyebrow: String,
    title: String,
    summary: Option<String>,
    facts: Vec<Fact>,
    asides: Vec<Fact>,
    related: Option<super::networks::Related>,
    body_html: Option<&'a str>,
    toc: &'a [TocEntry],
    backlinks: Vec<super::backlinks::BacklinkSection>,
    sources: Vec<CitedWork<'a>>,
    network: Option<String>,
    changes: Option<super::panels::RecordChanges>,
}

/// The listing of every collection with pages, and every network: the data's entry points.
pub fn entry_points(records: &Records, locale: &Locale) -> Vec<Link> {
    let listings = records
        .schema
        .collections
        .iter()
        .filter_map(|c| Some(Link { title: c.label.many.clone(), href: c.listing_href()? }));
    let networks = records.schema.collections.iter().filter_map(|c| {
        let network = c.network.as_ref().filter(|n| n.page)?;
        Some(Link { title: super::networks::title(network, locale), href: super::networks::href(c) })
    });
    let changes = records.schema.collections.iter().enumerate().filter_map(|(i, c)| {
        let vintage = c.vintage.as_ref()?;
        crate::vintage::compares(records, i).then(|| Link {
            title: locale.fill(Key::ChangesTitle, &[("items", &c.label.many)]),
            href: format!("{}/", vintage.address),
        })
    });
    listings.chain(networks).chain(changes).collect()
}

/// The networks a collection takes part in: as the joining collection or at either end.
fn networks_of(records: &Records, index: usize, locale: &Locale) -> Vec<Link> {
    records
        .schema
        .collections
        .iter()
        .filter_map(|c| {
            let network = c.network.as_ref().filter(|n| n.page)?;
            let ends = [network.from, network.to].map(|f| c.fields[f].reference.contains(&index));
            let involved = records.schema.collections.get(index).is_some_and(|me| std::ptr::eq(me, c))
                || ends.contains(&true);
            involved.then(|| Link {
                title: super::networks::title(network, locale),
                href: super::networks::href(c),
            })
        })
        .collect()
}

/// Renders the listing and record pages of every collection that has pages, and the networks.
pub fn render(r: &mut Renderer, model: &Model) {
    let records = &model.data.records;
    // The vintages of each collection, newest first: every back-link section groups by them.
    let vintages = || (0..records.schema.collections.len()).map(|c| crate::vintage::vintages(records, c));
    let (networks, (panels, vintages)) = rayon::join(
        || super::networks::indexes(records),
        || rayon::join(|| crate::vintage::panels(records), || vintages().collect::<Vec<Vec<String>>>()),
    );
    super::networks::render(r, model, &networks);
    super::panels::render(r, model, &panels);
    let derived = Derived { networks: &networks, panels: &panels, vintages: &vintages };
    for index in 0..records.schema.collections.len() {
        render_listing(r, records, index, &model.config.locale);
        render_records(r, model, index, &derived);
        super::backlinks::render(r, records, &model.config.locale, index);
    }
}

/// What record pages read besides the records: computed once per build.
struct Derived<'a> {
    networks: &'a super::networks::Networks<'a>,
    panels: &'a [crate::vintage::PanelDiff],
    vintages: &'a [Vec<String>],
}

/// A collection's listing, split into pages of [`PAGE_ROWS`] rows so no page grows with the
/// site; each page's context is built only when it is rendered.
fn render_listing(r: &mut Renderer, records: &Records, index: usize, locale: &Locale) {
    let (collection, items) = (&records.schema.collections[index], &records.items[index]);
    let Some(address) = &collection.address else { return };
    let order = listing_order(collection, items);
    let pages = Pages::new(address, &order);
    pages.write_rows(r.out, |rows| {
        let table = table(records, locale, collection, rows, &collection.listing.columns, "");
        table.rows.into_iter().map(|row| row.cells.into_iter().map(|c| c.html).collect()).collect()
    });
    r.render_all(pages.chunks(), |&(number, rows)| {
        let path = pages.path(number);
        let mut table =
            table(records, locale, collection, rows, &collection.listing.columns, &root_for(&path));
        table.all_rows = pages.all_rows();
        Job {
            path,
            template: "collection.html",
            title: &collection.label.many,
            description: collection.description.as_deref(),
            section: &collection.name,
            page: ListingPage {
                name: &collection.name,
                label_one: &collection.label.one,
                label_many: &collection.label.many,
                description: collection.description.as_deref(),
                count: order.len(),
                table,
                networks: networks_of(records, index, locale),
                pager: pages.pager(number, rows.len()),
            },
        }
    });
}

/// One page per record of a collection with pages.
fn render_records(r: &mut Renderer, model: &Model, index: usize, derived: &Derived) {
    let records = &model.data.records;
    let locale = &model.config.locale;
    let (collection, items) = (&records.schema.collections[index], &records.items[index]);
    let Some(address) = collection.address.as_ref().filter(|_| collection.pages) else { return };
    let home = Link { title: collection.label.many.clone(), href: format!("{address}/") };
    let titled: Vec<(&Record, String)> =
        items.records.iter().map(|record| (record, records::title_of(collection, record))).collect();
    let memo = r.memo;
    r.render_all(&titled, |(record, title)| {
        let page_path = [address.as_str(), "/", &record.id, "/"].concat();
        let body = model.prose.cases.get(&page_path);
        let summary = collection.summary.map(|s| record.values[s].raw_text()).filter(|s| !s.is_empty());
        let id = &record.id;
        let path = [page_path.as_str(), "index.html"].concat();
        let root = root_for(&path);
        let place = super::networks::place(derived.networks, index, id);
        Job {
            template: "record.html",
            title,
            description: None,
            section: &collection.name,
            page: RecordPage {
                collection: home.clone(),
                eyebrow: match collection.eyebrow {
                    Some(f) => records::display(records, &collection.fields[f], &record.values[f], locale),
                    None => collection.label.one.clone(),
                },
                summary,
                facts: facts(records, locale, collection, record, false, &root),
                asides: facts(records, locale, collection, record, true, &root),
                related: place
                    .as_ref()
                    .and_then(|p| super::networks::related(records, derived.networks, p, locale)),
                body_html: body.map(|b| b.html.as_str()),
                toc: body.map(|b| b.toc.as_slice()).unwrap_or_default(),
                backlinks: super::backlinks::sections(
                    records,
                    locale,
                    derived.vintages,
                    (index, id),
                    &page_path,
                    &root,
                ),
                sources: super::references::cited_works(model, &citations(collection, record, body)),
                network: place.as_ref().and_then(|p| {
                    super::networks::record_neighbourhood(records, derived.networks, p, &root, locale, memo)
                }),
                changes: super::panels::record_changes(records, derived.panels, index, id, locale),
                title: title.clone(),
            },
            path,
        }
    });
}

/// The bibliography keys a record's page cites: its body's citations and its citation fields.
pub(super) fn citations(
    collection: &Collection,
    record: &Record,
    body: Option<&std::sync::Arc<crate::markdown::Rendered>>,
) -> Vec<String> {
    let mut keys: Vec<String> = body.map(|b| b.citations.clone()).unwrap_or_default();
    for (field, value) in collection.fields.iter().zip(record.values.iter()) {
        if field.kind == FieldType::Citation {
            keys.extend(value.items().iter().map(Value::raw_text));
        }
    }
    keys
}

/// Sorts records by a field: numerically where both values are numbers, else by their text
/// without regard to case; then by id. Each record's key is worked out once, not at every
/// comparison (a listing may hold 100,000 records).
pub(super) fn sort_records(order: &mut [&Record], field: usize, descending: bool) {
    let mut keyed: Vec<(Option<f64>, String, &Record)> = order
        .iter()
        .map(|r| (r.values[field].as_number(), r.values[field].raw_text().to_lowercase(), *r))
        .collect();
    keyed.sort_by(|(p, x, a), (q, y, b)| {
        let ordering = match (p, q) {
            (Some(p), Some(q)) => p.total_cmp(q),
            _ => x.cmp(y),
        };
        let ordering = if descending { ordering.reverse() } else { ordering };
        ordering.then_with(|| a.id.cmp(&b.id))
    });
    for (slot, (_, _, record)) in order.iter_mut().zip(keyed) {
        *slot = record;
    }
}

/// The items of a value: labels for enum values, titles and links for references.
fn items(records: &Records, locale: &Locale, field: &Field, value: &Value) -> Vec<Item> {
    value
        .items()
        .iter()
        .map(|v| match v {
            Value::Text(id) if !field.reference.is_empty() => match records.resolve(field, id) {
                Some(target) => Item { text: target.title(), href: target.href(), external: false },
                None => Item { text: id.clone(), href: None, external: false },
            },
            Value::Text(url) if field.kind == FieldType::Url => {
                Item { text: url.clone(), href: Some(url.clone()), external: true }
            }
            other => {
                Item { text: records::display(records, field, other, locale), href: None, external: false }
            }
        })
        .collect()
}

/// Items as HTML: escaped, links where they point somewhere (below `root`
/// unless external), separated by semicolons.
fn items_html(items: &[Item], root: &str) -> String {
    let mut html = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            html.push_str("; ");
        }
        match &item.href {
            Some(href) => {
                html.push_str("<a href=\"");
                html.push_str(if item.external { "" } else { root });
                push_escaped(&mut html, href);
                html.push_str("\">");
                push_escaped(&mut html, &item.text);
                html.push_str("</a>");
            }
            None => push_escaped(&mut html, &item.text),
        }
    }
    html
}

/// An `aside` field's value as a disclosure under its label, for a table row's last cell.
fn aside_html(records: &Records, locale: &Locale, field: &Field, value: &Value, root: &str) -> String {
    let mut html = String::from("<details class=\"row-aside\"><summary>");
    push_escaped(&mut html, &field.label);
    html.push_str("</summary>");
    html.push_str(&value_html(records, locale, field, value, root));
    html.push_str("</details>");
    html
}

/// A collection's records in its listing's order.
fn listing_order<'r>(collection: &Collection, items: &'r records::Items) -> Vec<&'r Record> {
    let mut order: Vec<&Record> = items.records.iter().collect();
    if let Some(sort) = collection.listing.sort {
        sort_records(&mut order, sort.field, sort.descending);
    }
    order
}

/// Every record of collection `index` as its listing shows them, in one table (the print
/// page's appendix, which is not split into pages), for a page whose way up to the root is `root`.
pub(super) fn whole_listing(records: &Records, locale: &Locale, index: usize, root: &str) -> RecordTable {
    let collection = &records.schema.collections[index];
    let order = listing_order(collection, &records.items[index]);
    table(records, locale, collection, &order, &collection.listing.columns, root)
}

/// A table of `rows` in `columns`, for a page whose way up to the site's root is `root`.
pub(super) fn table(
    records: &Records,
    locale: &Locale,
    collection: &Collection,
    rows: &[&Record],
    columns: &[usize],
    root: &str,
) -> RecordTable {
    // A row's `aside` fields are no columns: they are folded in its last cell.
    let (asides, columns): (Vec<usize>, Vec<usize>) =
        columns.iter().partition(|&&c| collection.fields[c].aside && columns.len() > 1);
    let columns = &columns[..];
    RecordTable {
        columns: columns
            .iter()
            .map(|&c| ColumnHead {
                label: collection.fields[c].label.clone(),
                numeric: records::is_numeric(collection.fields[c].kind),
            })
            .collect(),
        rows: rows
            .iter()
            .map(|record| {
                let href = collection.record_href(&record.id);
                let mut cells: Vec<CellView> = columns
                    .iter()
                    .enumerate()
                    .map(|(i, &c)| {
                        let field = &collection.fields[c];
                        let mut items = items(records, locale, field, &record.values[c]);
                        // The first cell names the record: it links to the record's own page.
                        if let (0, Some(href)) = (i, &href) {
                            match items.first_mut() {
                                Some(item) => {
                                    item.href = Some(href.clone());
                                    item.external = false;
                                }
                                None => items.push(Item {
                                    text: record.id.clone(),
                                    href: Some(href.clone()),
                                    external: false,
                                }),
                            }
                        }
                        CellView { html: items_html(&items, root), numeric: records::is_numeric(field.kind) }
                    })
                    .collect();
                if let Some(last) = cells.last_mut() {
                    for &c in &asides {
                        let (field, value) = (&collection.fields[c], &record.values[c]);
                        if !value.items().is_empty() {
                            last.html.push_str(&aside_html(records, locale, field, value, root));
                        }
                    }
                }
                RecordRow { cells }
            })
            .collect(),
        all_rows: None,
    }
}

/// The fields shown in a record's profile, or (with `aside`) those folded at its end.
fn facts(
    records: &Records,
    locale: &Locale,
    collection: &Collection,
    record: &Record,
    aside: bool,
    root: &str,
) -> Vec<Fact> {
    collection
        .fields
        .iter()
        .zip(record.values.iter())
        .enumerate()
        .filter(|(i, (field, value))| {
            Some(*i) != collection.key
                && *i != collection.title
                && Some(*i) != collection.summary
                && field.kind != FieldType::Citation
                && field.aside == aside
                && !value.items().is_empty()
        })
        .map(|(_, (field, value))| fact(records, locale, field, value, root))
        .collect()
}

/// One field's value with its label.
fn fact(records: &Records, locale: &Locale, field: &Field, value: &Value, root: &str) -> Fact {
    Fact {
        label: field.label.clone(),
        html: value_html(records, locale, field, value, root),
        block: field.kind == FieldType::Markdown,
    }
}

/// A field's value as HTML: rendered Markdown for a Markdown field, else its items.
fn value_html(records: &Records, locale: &Locale, field: &Field, value: &Value, root: &str) -> String {
    match field.kind {
        FieldType::Markdown => markdown_html(&value.raw_text()),
        _ => items_html(&items(records, locale, field, value), root),
    }
}

/// A Markdown field as HTML: raw HTML is shown as text (its links were checked with the record).
fn markdown_html(text: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let events = Parser::new(text).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}
