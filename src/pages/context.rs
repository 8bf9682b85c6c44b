//! Typed template contexts: one struct per kind of page, plus the layout every page shares.
//! Hrefs are relative to the site root (`chapters/intro/`); templates prefix them with the
//! page's `root` (`../../`), which keeps every internal link relative.

use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::config::Config;
use crate::markdown::TocEntry;

/// Site-wide values, set once in Tera's global context as `site`.
#[derive(Debug, Serialize)]
pub struct SiteInfo<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub author: Option<&'a str>,
    pub language: &'a str,
    pub description: Option<&'a str>,
    pub footer: Option<&'a str>,
    /// Whether the site has its search (box, page and index).
    pub search: bool,
    /// Whether the site has its print page (the whole report on one page).
    pub print: bool,
    /// The decimal mark and thousands separator of the site's numbers, for scripts that read
    /// numbers back (sorting a table).
    pub decimal: char,
    pub group: char,
}

impl<'a> SiteInfo<'a> {
    pub fn new(config: &'a Config) -> Self {
        SiteInfo {
            title: &config.title,
            subtitle: config.subtitle.as_deref(),
            author: config.author.as_deref(),
            language: &config.language,
            description: config.description.as_deref(),
            footer: config.footer.as_deref(),
            search: config.generates("search"),
            print: config.generates("print"),
            decimal: config.locale.language.separators().1,
            group: config.locale.language.separators().0,
        }
    }
}

/// A link to a page of the site.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct Link {
    pub title: String,
    pub href: String,
}

/// One group of the navigation. Its size is bounded: long groups show their first entries and a
/// link to the full listing, so no page grows with the size of the site.
#[derive(Debug, Serialize)]
pub struct NavSection {
    /// The section's name (`chapters`, a collection's ...); empty for one page or a link.
    pub key: String,
    pub title: String,
    pub href: String,
    /// The address leaves the site (it is written as it is, not below the site root).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
    pub items: Vec<Link>,
    /// Entries not listed in the navigation (shown as "all N ...").
    pub more: usize,
    pub total: usize,
}

/// What differs per page in the shared layout, inserted as `layout`.
#[derive(Debug, Serialize)]
pub struct Layout<'a> {
    /// Relative path from this page to the site root: `./`, `../`, `../../` ...
    pub root: String,
    /// This page's path relative to the root (`chapters/intro/`), for `aria-current`.
    pub path: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// The nav section this page belongs to.
    pub section: &'a str,
}

/// A large part of a context (a chapter's HTML, its table of contents) with, where the memo has
/// one, a key that stands for it. Templates receive the value. The memo hashes page contexts
/// through a serializer that is not human-readable
/// ([`memo::hash_serialized`](crate::memo::hash_serialized)), which receives the key instead: a
/// page's key is then made without hashing its whole text again.
#[derive(Debug, Clone, Copy)]
pub struct Keyed<T> {
    pub value: T,
    pub key: Option<u64>,
}

impl<T: Serialize> Serialize for Keyed<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.key {
            Some(key) if !serializer.is_human_readable() => serializer.serialize_u64(key),
            _ => self.value.serialize(serializer),
        }
    }
}

/// A chapter, theme or paper page.
#[derive(Debug, Serialize)]
pub struct ChapterPage<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub part: &'a str,
    /// The HTML and the table of contents: the body's memo key stands for both, since the
    /// Markdown rendering makes both.
    pub html: Keyed<&'a str>,
    pub toc: Keyed<&'a [TocEntry]>,
    /// The works this page cites, as listed at its end.
    pub references: Vec<CitedWork<'a>>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
}

/// A work cited by a page, for the page's own reference list. Templates receive its key, its
/// entry and its link; the memo, as for [`Keyed`], receives a key that stands for the entry,
/// so that a page's key is made without hashing the entries it lists again.
#[derive(Debug, Clone, Copy)]
pub struct CitedWork<'a> {
    pub key: &'a str,
    /// The entry as the bibliography shows it (escaped, links checked).
    pub html: &'a str,
    /// The memo key of the key and the entry, where the memo has one.
    pub memo_key: Option<u64>,
}

impl Serialize for CitedWork<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(key) = self.memo_key.filter(|_| !serializer.is_human_readable()) {
            return serializer.serialize_u64(key);
        }
        let mut work = serializer.serialize_struct("CitedWork", 3)?;
        work.serialize_field("key", self.key)?;
        work.serialize_field("html", self.html)?;
        work.serialize_field("href", &format_args!("references/#{}", self.key))?;
        work.end()
    }
}

/// A chapter in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct ChapterEntry<'a> {
    pub title: &'a str,
    pub href: String,
    pub summary: Option<&'a str>,
}

/// Chapters of one part, for the home page and the contents page.
#[derive(Debug, Serialize)]
pub struct PartListing<'a> {
    pub key: &'a str,
    pub heading: &'a str,
    /// The part's place on the contents pages, `chapters/#key` (or a later page).
    pub href: String,
    pub chapters: Vec<ChapterEntry<'a>>,
    /// The number of the listing's first chapter in its part: 1, or more on a later contents
    /// page where the part carries on.
    pub start: usize,
    /// Chapters of the part left out of this listing (the home page shows the first few).
    pub more: usize,
}

impl<'a> PartListing<'a> {
    /// The first `limit` chapters, counting the rest in `more`.
    pub fn first(&self, limit: usize) -> PartListing<'a> {
        PartListing {
            chapters: self.chapters.iter().take(limit).cloned().collect(),
            more: self.more + self.chapters.len().saturating_sub(limit),
            ..self.without_chapters()
        }
    }

    /// The part's heading and place, with no chapters yet.
    pub fn without_chapters(&self) -> PartListing<'a> {
        PartListing {
            key: self.key,
            heading: self.heading,
            href: self.href.clone(),
            chapters: Vec::new(),
            start: 1,
            more: 0,
        }
    }
}

/// A number on the home page, with what it counts.
#[derive(Debug, Serialize)]
pub struct KeyFigure {
    pub value: String,
    pub label: String,
    pub href: String,
}

/// The home page.
#[derive(Debug, Serialize)]
pub struct HomePage<'a> {
    pub parts: Vec<PartListing<'a>>,
    pub figures: Vec<KeyFigure>,
    /// The chart `home: {chart: …}` names, shown beside the key figures.
    pub chart: Option<super::home::HomeChart>,
    /// The listings and networks of the collections a schema declares.
    pub data: Vec<Link>,
    /// How many volumes the report prints in (see the print page).
    pub print_volumes: usize,
}

/// A page of the contents (`chapters/`, `chapters/page_2/` …): the parts with chapters on it.
#[derive(Debug, Serialize)]
pub struct ContentsPage<'a> {
    /// The parts with chapters on this page.
    pub parts: Vec<PartListing<'a>>,
    /// How many chapters all pages list.
    pub count: usize,
    pub pager: Option<super::pagination::Pager>,
}

/// The 404 page; links use `base` (absolute path of the site when known).
#[derive(Debug, Serialize)]
pub struct NotFoundPage<'a> {
    pub base: &'a str,
}

/// `./` for a top-level page, `../` per folder level otherwise.
pub fn root_for(path: &str) -> String {
    let depth = path.bytes().filter(|&b| b == b'/').count();
    if depth == 0 { "./".to_string() } else { "../".repeat(depth) }
}

#[cfg(test)]
mod tests {
    use super::root_for;

    #[test]
    fn root_climbs_one_level_per_folder() {
        assert_eq!(root_for("index.html"), "./");
        assert_eq!(root_for("chapters/index.html"), "../");
        assert_eq!(root_for("chapters/intro/index.html"), "../../");
    }
}

/// The search page: with JavaScript it runs the query from `?q=`; without, it lists the
/// directory pages to browse instead.
#[derive(Debug, Serialize)]
pub struct SearchPage {
    pub sections: Vec<Link>,
}
