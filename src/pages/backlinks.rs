//! The records that refer to a record (back-links): on the record's page, a section per
//! reference field pointing at its collection, in the referring collection's listing columns;
//! past [`SHOWN`] records, the section shows the first ones and links to all of them on pages
//! of their own (`<record>/<section>/`, `…/page_2/`), sortable and filterable across pages, so
//! that a record page does not grow with the site (a region named by 20,000 firms).

use rayon::prelude::*;
use serde::Serialize;

use crate::locale::{Key, Locale};
use crate::records::{Backlinks, Record, Records};

use super::collections::{RecordTable, sort_records, table};
use super::context::{Link, root_for};
use super::pagination::{Pager, Pages};
use super::{Job, Renderer};

/// The most referring records a section shows on the record's own page.
pub const SHOWN: usize = 100;

/// Records of another collection that refer to this one.
#[derive(Debug, Serialize)]
pub(super) struct BacklinkSection {
    id: String,
    heading: String,
    /// How many records refer to this one through the field.
    count: usize,
    /// One table, or one per vintage (newest first) when the referring collection has them;
    /// together at most [`SHOWN`] rows. A group's `count` is all of its records.
    groups: Vec<Group>,
    /// The pages holding every referring record, when the section shows only the first.
    all: Option<String>,
    /// How many of them the tables show: all, or the first [`SHOWN`].
    shown: usize,
}

#[derive(Debug, Serialize)]
struct Group {
    vintage: Option<String>,
    count: usize,
    /// Flattened, so that the group is itself the `table` the shared template shows.
    #[serde(flatten)]
    table: RecordTable,
}

/// The page of every record referring to one record through one field.
#[derive(Debug, Serialize)]
struct BacklinksPage<'a> {
    record: &'a Link,
    heading: &'a str,
    count: usize,
    table: RecordTable,
    pager: Option<Pager>,
}

/// The records referring to one record through one reference field, in the referring
/// collection's listing order.
struct Referrers<'r> {
    links: &'r Backlinks,
    /// The section's anchor on the record page, and its own pages' folder below the record's.
    id: String,
    heading: String,
    order: Vec<&'r Record>,
}

impl<'r> Referrers<'r> {
    /// The referrers of record `id` through `links`; none when no record refers to it.
    fn of(records: &'r Records, links: &'r Backlinks, id: &str) -> Option<Self> {
        let rows = links.of(id);
        if rows.is_empty() {
            return None;
        }
        let from = &records.schema.collections[links.from];
        let field = &from.fields[links.field];
        let all = &records.items[links.from].records;
        let mut order: Vec<&Record> = rows.iter().map(|&i| &all[i]).collect();
        if let Some(sort) = from.listing.sort {
            sort_records(&mut order, sort.field, sort.descending);
        }
        let several = from.fields.iter().filter(|f| f.reference.contains(&links.to)).count() > 1;
        let heading = field.backlink.clone().unwrap_or_else(|| match several {
            true => format!("{} ({})", from.label.many, field.label),
            false => from.label.many.clone(),
        });
        let id = crate::content::slugify(&format!("{}-{}", from.name, field.name));
        Some(Referrers { links, id, heading, order })
    }

    /// The listing columns the section's tables show: not the field itself (it names this
    /// record), nor the vintage when `grouped` by it; the title if nothing else is left.
    fn columns(&self, records: &Records, grouped: bool) -> Vec<usize> {
        let from = &records.schema.collections[self.links.from];
        let vintage = from.vintage.as_ref().filter(|_| grouped).map(|v| v.field);
        let mut columns: Vec<usize> = from
            .listing
            .columns
            .iter()
            .copied()
            .filter(|&c| c != self.links.field && Some(c) != vintage)
            .collect();
        if columns.is_empty() {
            columns.push(from.title);
        }
        columns
    }

    /// The address of the pages listing all of them, below the record page at `record`.
    fn address(&self, record: &str) -> String {
        format!("{record}{}", self.id)
    }
}

/// The back-link sections of record `id` of collection `collection`, whose page is at `record`
/// (its way up to the root being `root`).
pub(super) fn sections(
    records: &Records,
    locale: &Locale,
    vintages: &[Vec<String>],
    (collection, id): (usize, &str),
    record: &str,
    root: &str,
) -> Vec<BacklinkSection> {
    let referrers = records.backlinks.iter().filter(|b| b.to == collection);
    referrers
        .filter_map(|links| Referrers::of(records, links, id))
        .map(|r| section(records, locale, vintages, &r, record, root))
        .collect()
}

fn section(
    records: &Records,
    locale: &Locale,
    vintages: &[Vec<String>],
    referrers: &Referrers,
    record: &str,
    root: &str,
) -> BacklinkSection {
    let from = &records.schema.collections[referrers.links.from];
    let vintage = from.vintage.as_ref().map(|v| v.field);
    let columns = referrers.columns(records, true);
    let count = referrers.order.len();
    let mut room = SHOWN;
    let all = (count > SHOWN).then(|| referrers.address(record));
    let groups = match vintage {
        None => {
            let mut table =
                table(records, locale, from, &referrers.order[..count.min(SHOWN)], &columns, root);
            // The first rows stand for all of them: sorting and filtering load the rest.
            table.all_rows = all.as_ref().and_then(|a| Pages::new(a, &referrers.order).scripted().all_rows());
            vec![Group { vintage: None, count, table }]
        }
        Some(field) => vintages[referrers.links.from]
            .iter()
            .filter_map(|v| {
                let rows: Vec<&Record> = referrers
                    .order
                    .iter()
                    .copied()
                    .filter(|r| crate::vintage::is(&r.values[field], v))
                    .collect();
                let shown = rows.len().min(room);
                room -= shown;
                (shown > 0).then(|| Group {
                    vintage: Some(crate::vintage::label(&from.fields[field], v, locale)),
                    count: rows.len(),
                    table: table(records, locale, from, &rows[..shown], &columns, root),
                })
            })
            .collect(),
    };
    BacklinkSection {
        id: referrers.id.clone(),
        heading: referrers.heading.clone(),
        count,
        groups,
        all: all.map(|a| format!("{a}/")),
        shown: count.min(SHOWN),
    }
}

/// A section too long for its record's page, with what its own pages need.
struct Long<'r> {
    record: Link,
    referrers: Referrers<'r>,
    title: String,
    address: String,
    columns: Vec<usize>,
}

/// The pages of every section of collection `index`'s records that shows only its first
/// [`SHOWN`] records: one table of all of them, the vintage a column, split into pages; all of
/// them rendered in parallel, since a site may have thousands of such records.
pub(super) fn render(r: &mut Renderer, records: &Records, locale: &Locale, index: usize) {
    let collection = &records.schema.collections[index];
    let long: Vec<Long> = records.items[index]
        .records
        .iter()
        .filter_map(|record| Some((record, collection.record_href(&record.id)?)))
        .flat_map(|(record, href)| {
            let links = records.backlinks.iter().filter(|b| b.to == index && b.of(&record.id).len() > SHOWN);
            let title = crate::records::title_of(collection, record);
            links.filter_map(move |links| {
                let referrers = Referrers::of(records, links, &record.id)?;
                Some(Long {
                    title: locale
                        .fill(Key::BacklinksTitle, &[("record", &title), ("items", &referrers.heading)]),
                    address: referrers.address(&href),
                    columns: referrers.columns(records, false),
                    record: Link { title: title.clone(), href: href.clone() },
                    referrers,
                })
            })
        })
        .collect();
    let from = |long: &Long| &records.schema.collections[long.referrers.links.from];
    let pages: Vec<Pages<&Record>> =
        long.iter().map(|l| Pages::new(&l.address, &l.referrers.order).scripted()).collect();
    long.par_iter().zip(&pages).for_each(|(long, pages)| {
        pages.write_rows(r.out, |rows| {
            let table = table(records, locale, from(long), rows, &long.columns, "");
            table.rows.into_iter().map(|row| row.cells.into_iter().map(|c| c.html).collect()).collect()
        });
    });
    let jobs: Vec<(&Long, &Pages<&Record>, usize, &[&Record])> = long
        .iter()
        .zip(&pages)
        .flat_map(|(long, pages)| {
            pages.chunks().iter().map(move |&(number, rows)| (long, pages, number, rows))
        })
        .collect();
    r.render_all(&jobs, |&(long, pages, number, rows)| {
        let path = pages.path(number);
        let mut table = table(records, locale, from(long), rows, &long.columns, &root_for(&path));
        table.all_rows = pages.all_rows();
        Job {
            path,
            template: "backlinks.html",
            title: &long.title,
            description: None,
            section: &collection.name,
            page: BacklinksPage {
                record: &long.record,
                heading: &long.referrers.heading,
                count: long.referrers.order.len(),
                table,
                pager: pages.pager(number, rows.len()),
            },
        }
    });
}
