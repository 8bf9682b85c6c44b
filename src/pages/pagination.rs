//! Long tables split over pages, so that no page grows with the data: a listing (`firms/`,
//! `firms/page_2/` …), a panel's changes, the records that refer to one record, the pages that
//! cite one work. Each page's rows also go to a script beside the first page (`rows_1.js` …),
//! from which `theme/folio.js` sorts and filters across all pages.

use rayon::prelude::*;
use serde::Serialize;

use crate::site::Emitter;

/// Rows per page.
pub const PAGE_ROWS: usize = 1000;

/// The folder name of a long table's later pages, before their number.
pub const CONTINUED: &str = "page_";

/// Whether a folder's `name` is that of a later page (`page_2` …), as [`page_href`] writes it.
pub fn is_continued(name: &str) -> bool {
    name.strip_prefix(CONTINUED).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `firms/` for the first page, `firms/page_2/` for the next ones: `_` is never in a record's
/// id, so a page cannot take a record's address.
pub fn page_href(address: &str, number: usize) -> String {
    match number {
        0 => format!("{address}/"),
        n => format!("{address}/{CONTINUED}{}/", n + 1),
    }
}

/// Where the pages are and which rows this one shows.
#[derive(Debug, Serialize)]
pub struct Pager {
    first: usize,
    last: usize,
    pages: Vec<PagerLink>,
}

#[derive(Debug, Serialize)]
struct PagerLink {
    number: usize,
    href: String,
    current: bool,
}

impl Pager {
    /// The pager of page `number` (from 0) of `total`, which shows `rows` rows; none when the
    /// table fits on one page.
    pub fn of(address: &str, number: usize, rows: usize, total: usize) -> Option<Pager> {
        (total > 1).then(|| Pager {
            first: number * PAGE_ROWS + 1,
            last: number * PAGE_ROWS + rows,
            pages: (0..total)
                .map(|n| PagerLink { number: n + 1, href: page_href(address, n), current: n == number })
                .collect(),
        })
    }
}

/// A table's rows cut into pages of [`PAGE_ROWS`], the first at `address/`: one empty page
/// when there are no rows, so that the table's address always holds a page.
pub struct Pages<'t, T> {
    address: &'t str,
    chunks: Vec<(usize, &'t [T])>,
    count: usize,
    /// The rows go to scripts even on a single page: another page's table loads them.
    scripted: bool,
}

impl<'t, T: Sync> Pages<'t, T> {
    pub fn new(address: &'t str, rows: &'t [T]) -> Self {
        let chunks: Vec<(usize, &[T])> = rows.chunks(PAGE_ROWS).enumerate().collect();
        let chunks = if chunks.is_empty() { vec![(0, rows)] } else { chunks };
        Pages { address, chunks, count: rows.len(), scripted: false }
    }

    /// The same pages, their rows written to scripts even when they fit on one page, for a
    /// table elsewhere that shows only the first of them and sorts and filters all of them.
    pub fn scripted(self) -> Self {
        Pages { scripted: true, ..self }
    }

    fn has_scripts(&self) -> bool {
        self.scripted || self.chunks.len() > 1
    }

    /// Each page's number (from 0) and rows.
    pub fn chunks(&self) -> &[(usize, &'t [T])] {
        &self.chunks
    }

    /// The output path of page `number`'s HTML.
    pub fn path(&self, number: usize) -> String {
        format!("{}index.html", page_href(self.address, number))
    }

    /// The pager of page `number`, which shows `rows` rows; none on a single page.
    pub fn pager(&self, number: usize, rows: usize) -> Option<Pager> {
        Pager::of(self.address, number, rows, self.chunks.len())
    }

    /// Where the rows of all pages wait; none on a single page, unless [`Pages::scripted`].
    pub fn all_rows(&self) -> Option<AllRows> {
        self.has_scripts().then(|| AllRows {
            listing: page_href(self.address, 0),
            chunks: self.chunks.len(),
            count: self.count,
        })
    }

    /// Writes each page's rows as a script, in parallel, when there are several pages (or the
    /// pages are [`Pages::scripted`]); `cells` gives a page's rows as HTML cells with links
    /// written from the site's root.
    pub fn write_rows(&self, out: &Emitter, cells: impl Fn(&'t [T]) -> Vec<Vec<String>> + Sync) {
        if !self.has_scripts() {
            return;
        }
        let listing = page_href(self.address, 0);
        self.chunks.par_iter().for_each(|&(number, rows)| {
            let cells = cells(rows);
            let cells = cells.iter().map(|row| row.iter().map(String::as_str).collect());
            out.put(format!("{listing}rows_{}.js", number + 1), rows_script(&listing, number + 1, cells));
        });
    }
}

/// Where every row of a table split over pages waits, named on the table for the browser.
#[derive(Debug, Serialize)]
pub struct AllRows {
    /// The table's root-relative folder, `firms/`.
    pub listing: String,
    pub chunks: usize,
    pub count: usize,
}

/// One chunk of a long table's rows as a script: it calls `folioRows(listing, chunk, rows)`
/// with each row's cells as `[text, html]` (one string when both are the same), `html` being
/// written with links relative to the site's root.
fn rows_script<'a>(listing: &str, chunk: usize, rows: impl Iterator<Item = Vec<&'a str>>) -> String {
    let rows: Vec<Vec<serde_json::Value>> = rows
        .map(|cells| {
            cells
                .into_iter()
                .map(|html| {
                    let text = crate::html::text_of(html);
                    match text == html {
                        true => serde_json::Value::String(text),
                        false => serde_json::json!([text, html]),
                    }
                })
                .collect()
        })
        .collect();
    // Strings and arrays of strings always serialize.
    let listing = serde_json::to_string(listing).unwrap_or_default();
    let rows = serde_json::to_string(&rows).unwrap_or_default();
    format!("folioRows({listing},{chunk},{rows});\n")
}
