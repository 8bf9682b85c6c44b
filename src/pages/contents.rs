//! The chapters by part: the listings of the home page and the navigation, and the contents
//! page (`chapters/`), split into pages of [`PAGE_ROWS`] chapters (`chapters/page_2/` …) so
//! that it does not grow past a page with the report. A part that runs over a page boundary is
//! headed again on the next page; each part's address is the page where it starts.

use crate::content::chapters::{Chapter, Part};
use crate::locale::{Key, Locale};

use super::context::{ChapterEntry, ContentsPage, PartListing};
use super::pagination::{PAGE_ROWS, Pages};
use super::{Job, Renderer};

/// Where the contents pages start.
const ADDRESS: &str = "chapters";

/// The chapters of each part that has any, in the parts' order.
pub fn part_listings<'a>(chapters: &[&'a Chapter], locale: &'a Locale) -> Vec<PartListing<'a>> {
    let mut before = 0;
    Part::ALL
        .iter()
        .map(|&part| {
            let chapters: Vec<ChapterEntry> = chapters
                .iter()
                .filter(|c| c.part == part)
                .map(|c| ChapterEntry { title: &c.title, href: c.address(), summary: c.summary.as_deref() })
                .collect();
            let key = part.nav_key();
            let page = super::pagination::page_href(ADDRESS, before / PAGE_ROWS);
            before += chapters.len();
            PartListing {
                key,
                heading: locale.text(part.heading()),
                href: format!("{page}#{key}"),
                chapters,
                start: 1,
                more: 0,
            }
        })
        .filter(|listing| !listing.chapters.is_empty())
        .collect()
}

/// Renders the contents pages: every part's chapters, [`PAGE_ROWS`] to a page.
pub fn render(r: &mut Renderer, listings: &[PartListing], locale: &Locale) {
    // Each chapter with its part and its number in the part.
    let entries: Vec<(usize, usize, &ChapterEntry)> = listings
        .iter()
        .enumerate()
        .flat_map(|(p, l)| l.chapters.iter().enumerate().map(move |(n, c)| (p, n + 1, c)))
        .collect();
    let pages = Pages::new(ADDRESS, &entries);
    for &(number, rows) in pages.chunks() {
        let mut parts: Vec<PartListing> = Vec::new();
        for &(p, n, chapter) in rows {
            match parts.last_mut() {
                Some(last) if last.key == listings[p].key => last.chapters.push(chapter.clone()),
                _ => parts.push(PartListing {
                    chapters: vec![chapter.clone()],
                    start: n,
                    ..listings[p].without_chapters()
                }),
            }
        }
        r.render(Job {
            path: pages.path(number),
            template: "contents.html",
            title: locale.text(Key::Contents),
            description: None,
            section: "chapters",
            page: ContentsPage { parts, count: entries.len(), pager: pages.pager(number, rows.len()) },
        });
    }
}
