//! Long tables split over pages, so that no page grows with the data: a listing (`firms/`,
//! `firms/page_2/` …) or a panel's changes. Each page's rows also go to a script beside the
//! first page (`rows_1.js` …), from which `theme/folio.js` sorts and filters across all pages.

use serde::Serialize;

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
pub fn rows_script<'a>(listing: &str, chunk: usize, rows: impl Iterator<Item = Vec<&'a str>>) -> String {
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
