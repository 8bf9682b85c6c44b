//! The bibliography page (`references/`): every entry as the site's CSL style formats it, in
//! the style's order, each with an anchor (its key) that citations link to, and links back to
//! the pages that cite it: the first [`SHOWN`] of them, and all of them on a page of the
//! entry's own (`references/<slug>/`) when there are more, so that the bibliography does not
//! grow with the number of pages citing a work.

use crate::locale::Key;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use serde::Serialize;

use super::context::{CitedWork, Link};
use super::pagination::{Pager, Pages};
use super::{Job, Model, Renderer};
use crate::memo;

/// The most citing pages an entry links to on the bibliography page.
pub const SHOWN: usize = 25;

/// The most characters of an entry that a page's title quotes.
const TITLE_LEN: usize = 60;

/// The longest slug of an entry's own page, before a number that tells it from another's.
const SLUG_LEN: usize = 80;

#[derive(Debug, Serialize)]
struct ReferencesPage<'a> {
    entries: Vec<Entry<'a>>,
}

#[derive(Debug, Serialize)]
struct Entry<'a> {
    key: &'a str,
    /// The formatted entry: escaped text, checked links.
    html: &'a str,
    /// The first [`SHOWN`] pages citing it.
    cited_by: &'a [&'a Link],
    /// The page listing every page that cites it, when they are more than [`SHOWN`].
    all: Option<String>,
    /// How many pages cite it.
    count: usize,
}

/// The page of every page that cites one work.
#[derive(Debug, Serialize)]
struct CitedInPage<'a> {
    key: &'a str,
    html: &'a str,
    count: usize,
    /// This page's share of them.
    cited_by: &'a [&'a Link],
    pager: Option<Pager>,
}

/// Pages citing each reference key, in site order.
type CitedBy<'c> = BTreeMap<&'c str, Vec<&'c Link>>;

/// A page that cites works, and the keys it cites.
struct Citer<'m> {
    link: Link,
    keys: Cow<'m, [String]>,
}

/// Renders the bibliography and the pages of the works cited most. With a memo, they are the
/// previous build's when nothing they are made from changed.
pub fn render(r: &mut Renderer, model: &Model) {
    r.section_once(|| inputs_key(model), |r| render_pages(r, model));
}

/// A key of what the bibliography's pages read besides what all pages share: the entries (by
/// their memo keys), the chapters citing works (titles, addresses and the keys they cite), and
/// the records, whose pages cite works through their fields and bodies.
fn inputs_key(model: &Model) -> u64 {
    let mut hasher = memo::hasher();
    let prose = model.prose;
    prose.bibliography.len().hash(&mut hasher);
    (0..prose.bibliography.len()).for_each(|rank| prose.bibliography_key(rank).hash(&mut hasher));
    for rendered in prose.chapters.iter().filter(|c| !c.body.citations.is_empty()) {
        (&rendered.chapter.title, &rendered.chapter.slug, &rendered.body.citations).hash(&mut hasher);
    }
    model.data.records.fingerprint.hash(&mut hasher);
    hasher.finish()
}

fn render_pages(r: &mut Renderer, model: &Model) {
    let citers = citers(model);
    let cited_by = cited_by(&citers);
    let cited_by = &cited_by;
    let addresses = addresses(&model.prose.bibliography);
    let entries: Vec<Entry> = model
        .prose
        .bibliography
        .iter()
        .zip(&addresses)
        .map(|((key, html), address)| {
            let links = cited_by.get(key.as_str()).map(Vec::as_slice).unwrap_or_default();
            Entry {
                key,
                html,
                cited_by: &links[..links.len().min(SHOWN)],
                all: (links.len() > SHOWN).then(|| format!("{address}/")),
                count: links.len(),
            }
        })
        .collect();
    if entries.is_empty() {
        return;
    }
    render_cited_in(r, model, &entries, &addresses, cited_by);
    r.render(Job {
        path: "references/index.html".into(),
        template: "references.html",
        title: model.config.locale.text(Key::References),
        description: Some(model.config.locale.text(Key::ReferencesDescription)),
        section: "references",
        page: ReferencesPage { entries },
    });
}

/// The page of every page citing a work, for each work cited by more than [`SHOWN`], split
/// into pages of [`super::pagination::PAGE_ROWS`] links; all rendered in parallel.
fn render_cited_in(
    r: &mut Renderer,
    model: &Model,
    entries: &[Entry],
    addresses: &[String],
    cited_by: &CitedBy,
) {
    let long: Vec<CitedIn> = entries
        .iter()
        .zip(addresses)
        .filter(|(entry, _)| entry.all.is_some())
        .filter_map(|(entry, address)| {
            let work = crate::html::text_of(entry.html);
            let title = model.config.locale.fill(Key::CitedInTitle, &[("work", &shortened(work.trim()))]);
            Some(CitedIn { entry, title, pages: Pages::new(address, cited_by.get(entry.key)?) })
        })
        .collect();
    let jobs: Vec<(&CitedIn, usize, &[&Link])> = long
        .iter()
        .flat_map(|cited| cited.pages.chunks().iter().map(move |&(number, links)| (cited, number, links)))
        .collect();
    r.render_all(&jobs, |&(cited, number, links)| Job {
        path: cited.pages.path(number),
        template: "cited-in.html",
        title: &cited.title,
        description: None,
        section: "references",
        page: CitedInPage {
            key: cited.entry.key,
            html: cited.entry.html,
            count: cited.entry.count,
            cited_by: links,
            pager: cited.pages.pager(number, links.len()),
        },
    });
}

/// A work cited by more pages than the bibliography lists, with its own pages' title and split.
struct CitedIn<'a> {
    entry: &'a Entry<'a>,
    title: String,
    pages: Pages<'a, &'a Link>,
}

/// The first words of an entry, for a page's title: up to [`TITLE_LEN`] characters, cut
/// between words.
fn shortened(text: &str) -> String {
    if text.chars().count() <= TITLE_LEN {
        return text.to_string();
    }
    let cut = text.char_indices().nth(TITLE_LEN).map_or(text.len(), |(at, _)| at);
    let head = &text[..cut];
    let head = head.rfind(' ').map_or(head, |space| &head[..space]);
    format!("{}…", head.trim_end_matches([' ', ',', '.', ':', ';']))
}

/// The address of each entry's own page, `references/<slug>`, in the bibliography's order: the
/// key as a slug, shortened, and numbered when an earlier entry took it (keys differ in case and
/// punctuation, slugs do not).
fn addresses(bibliography: &[(String, String)]) -> Vec<String> {
    let mut taken = crate::content::UniqueIds::default();
    bibliography
        .iter()
        .map(|(key, _)| {
            let mut slug = crate::content::slugify(key);
            slug.truncate(SLUG_LEN);
            let slug = slug.trim_end_matches('-');
            let base = if slug.is_empty() { "entry" } else { slug };
            format!("references/{}", taken.claim(base.to_string()))
        })
        .collect()
}

/// The pages that cite works, in site order: chapters (by their citations), record pages (by
/// their body text and their citation fields).
fn citers<'m>(model: &Model<'m>) -> Vec<Citer<'m>> {
    let chapters = model.prose.chapters.iter().filter(|c| !c.body.citations.is_empty()).map(|rendered| {
        let link = Link { title: rendered.chapter.title.clone(), href: rendered.chapter.address() };
        Citer { link, keys: Cow::Borrowed(&rendered.body.citations) }
    });
    let records = model.data.records.iter().flat_map(|(collection, items)| {
        items.records.iter().filter_map(move |record| {
            let href = collection.record_href(&record.id)?;
            let body = model.prose.cases.get(&href);
            let mut keys = super::collections::citations(collection, record, body);
            keys.sort();
            keys.dedup();
            let link = Link { title: crate::records::title_of(collection, record), href };
            Some(Citer { link, keys: Cow::Owned(keys) })
        })
    });
    chapters.chain(records).collect()
}

/// Who cites what: the pages citing each key, borrowed from `citers` (a page cites tens of
/// works, and a copy of its link for each cost a large site a tenth of a rebuild's work).
fn cited_by<'c>(citers: &'c [Citer<'_>]) -> CitedBy<'c> {
    let mut map = CitedBy::new();
    for citer in citers {
        for key in citer.keys.iter() {
            map.entry(key.as_str()).or_default().push(&citer.link);
        }
    }
    map
}

/// The works behind `keys`, each once, in the bibliography's order, as the style formats them.
pub fn cited_works<'m>(model: &'m Model, keys: &[String]) -> Vec<CitedWork<'m>> {
    let mut ranks: Vec<usize> = keys.iter().filter_map(|k| model.prose.bibliography_rank(k)).collect();
    ranks.sort_unstable();
    ranks.dedup();
    ranks
        .into_iter()
        .map(|i| {
            let (key, html) = &model.prose.bibliography[i];
            CitedWork { key, html, memo_key: model.prose.bibliography_key(i) }
        })
        .collect()
}
