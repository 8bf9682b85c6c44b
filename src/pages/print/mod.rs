//! The print page (`print/`): the whole report on one page, in reading order, for a browser to
//! print or save as PDF: a title block, the contents, every chapter, then the appendices the
//! site chose (`print: {appendices: […]}` in `folio.yaml`: the tables, a collection's listing,
//! the bibliography). Each chapter's HTML is moved onto the page by [`relocate`], so that its ids
//! stay unique and its links lead to the page's own parts where they can.
//!
//! A report too long for one page a browser can open is printed in volumes (`print/`,
//! `print/page_2/` …) of about [`VOLUME_BYTES`] of chapters each, the appendices in the last;
//! each volume lists the others, and a link to a part of another volume leads there.

mod relocate;

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::collections::{RecordTable, whole_listing};
use super::tables::{CellView, ColumnView};
use super::{Job, Model, Renderer};
use crate::fasthash::FastMap;
use crate::html::css_string;
use crate::locale::Key;
use crate::memo::{self, Product};
use crate::model::Table;
use relocate::{Anchor, Anchors, Move, relocate, relocate_into};

/// The folder of the first volume, the only one of most reports.
const ADDRESS: &str = "print";

/// Chapter HTML per volume, about: a volume takes chapters until the next would pass this
/// (a chapter larger than this is a volume of its own). 10,000 chapters would otherwise make
/// one page of 56 MB, which a browser tab cannot print.
const VOLUME_BYTES: usize = 2 * 1024 * 1024;

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
    appendices: &'a [Appendix<'a>],
    /// Which volume this is, and every volume, when there are several.
    volume: Option<VolumeOf>,
    volumes: Vec<VolumeLink<'a>>,
}

/// Volume `number` (from 1) of `count`.
#[derive(Debug, Serialize)]
struct VolumeOf {
    number: usize,
    count: usize,
}

/// A volume as each volume lists it: its number, its first and last chapters, and its address
/// from this volume (none for this one).
#[derive(Debug, Serialize)]
struct VolumeLink<'a> {
    number: usize,
    first: &'a str,
    last: &'a str,
    href: Option<String>,
}

/// One volume of the print page: its chapters (indexes into the prose's), and where it is.
struct Volume {
    chapters: std::ops::Range<usize>,
    /// Its folder from the site root (`print/`, `print/page_2/`).
    page: String,
    /// Its way up to the site root.
    root: String,
}

/// How many volumes the report prints in.
pub(super) fn volume_count(model: &Model) -> usize {
    volumes(model.prose.chapters.iter().map(|c| c.body.html.len())).len()
}

/// The chapters, by their HTML sizes, split into volumes of about [`VOLUME_BYTES`] each.
fn volumes(sizes: impl Iterator<Item = usize>) -> Vec<Volume> {
    let mut ranges = Vec::new();
    let (mut start, mut filled, mut count) = (0, 0, 0);
    for (n, size) in sizes.enumerate() {
        if n > start && filled + size > VOLUME_BYTES {
            ranges.push(start..n);
            (start, filled) = (n, 0);
        }
        filled += size;
        count = n + 1;
    }
    ranges.push(start..count);
    ranges
        .into_iter()
        .enumerate()
        .map(|(k, chapters)| {
            let page = super::pagination::page_href(ADDRESS, k);
            let root = "../".repeat(page.matches('/').count());
            Volume { chapters, page, root }
        })
        .collect()
}

/// Consecutive chapters of one part, or the appendices, as the contents list them.
#[derive(Debug, Serialize)]
struct ContentsGroup<'a> {
    title: &'a str,
    /// The number of its first entry: a volume may begin in the middle of a part.
    start: usize,
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
    [PLACEHOLDER, itoa::Buffer::new().format(n), "-->"].concat()
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

/// Renders the print page, in volumes when the report is long, unless `off: [print]`.
pub(super) fn render(r: &mut Renderer, model: &Model) {
    if !model.config.generates("print") {
        return;
    }
    let chapters = &model.prose.chapters;
    let volumes = volumes(chapters.iter().map(|c| c.body.html.len()));
    let last = volumes.len() - 1;
    let chosen = appendices(model);
    let (anchors, anchors_key) = anchors(model, &chosen, &volumes);
    let several = volumes.len() > 1;
    // The appendices are in the last volume.
    let appendices: Vec<Appendix> =
        chosen.into_iter().map(|a| a.build(model, &anchors, &volumes[last])).collect();
    let numbered: Vec<(usize, &Volume)> = volumes.iter().enumerate().collect();
    // The volumes are rendered in parallel: on a large report, even finding them unchanged
    // (hashing their contexts, refilling the one edited) is work for every core.
    let job = |&(k, volume): &(usize, &Volume)| {
        let held: Vec<PrintChapter> = volume
            .chapters
            .clone()
            .map(|n| {
                let chapter = &chapters[n].chapter;
                PrintChapter {
                    html: placeholder(n),
                    id: [CHAPTER, &chapter.slug].concat(),
                    title: &chapter.title,
                    part: model.config.locale.text(chapter.part.heading()),
                    summary: chapter.summary.as_deref(),
                }
            })
            .collect();
        let appendices: &[Appendix] = if k == last { &appendices } else { &[] };
        let listed = |(j, other): (usize, &Volume)| {
            let title = |n: usize| chapters.get(n).map_or("", |c| c.chapter.title.as_str());
            VolumeLink {
                number: j + 1,
                first: title(other.chapters.start),
                last: title(other.chapters.end.saturating_sub(1)),
                href: (j != k).then(|| format!("{}{}", volume.root, other.page)),
            }
        };
        Job {
            path: format!("{}index.html", volume.page),
            template: "print.html",
            title: &model.config.title,
            description: model.config.description.as_deref(),
            section: "print",
            page: PrintPage {
                page_style: page_style(&model.config.title),
                contents: contents(
                    &held,
                    continued(chapters, volume.chapters.start),
                    appendices,
                    model.config.locale.text(Key::Appendices),
                ),
                chapters: held,
                appendices,
                volume: several.then_some(VolumeOf { number: k + 1, count: volumes.len() }),
                volumes: match several {
                    true => volumes.iter().enumerate().map(listed).collect(),
                    false => Vec::new(),
                },
            },
        }
    };
    let fill = |&(_, volume): &(usize, &Volume), html: Arc<Vec<u8>>, key: Option<u64>| {
        filled_once(&html, key, model, &anchors, anchors_key, volume)
    };
    r.render_all_then(&numbered, job, fill);
}

/// How many chapters of chapter `first`'s part come right before it.
fn continued(chapters: &[crate::prose::RenderedChapter], first: usize) -> usize {
    let Some(part) = chapters.get(first).map(|c| c.chapter.part.heading()) else { return 0 };
    chapters[..first].iter().rev().take_while(|c| c.chapter.part.heading() == part).count()
}

/// A volume's HTML, kept by the memo under a hash of the memo key of the page around its
/// chapters, their bodies' keys, the volume's place and the anchors its links are moved to: an
/// edit refills only the volume of the chapter edited.
struct FilledVolume;

impl Product for FilledVolume {
    type Key = u64;
    type Value = Arc<Filled>;
}

/// The last volume filled at a place (its folder, its way to the root and the anchors), kept
/// under a hash of that place: refilling it after an edit copies each chapter it already holds
/// rather than moving the chapter again.
struct LastFilled;

impl Product for LastFilled {
    type Key = u64;
    type Value = Arc<Filled>;
}

/// A filled volume: its HTML and, with a memo, where each chapter's moved body lies in it,
/// by the key of the body and the chapter's slug (what moving it reads besides the place).
struct Filled {
    html: Arc<Vec<u8>>,
    bodies: FastMap<u64, Range<usize>>,
}

/// [`fill_in_bodies`], or with a memo the previous build's volume when all it reads is
/// unchanged; `page` is the memo key of the rendered page `html`, which stands for it.
fn filled_once(
    html: &[u8],
    page: Option<u64>,
    model: &Model,
    anchors: &Anchors,
    anchors_key: Option<u64>,
    volume: &Volume,
) -> Arc<Vec<u8>> {
    let bodies: Option<Vec<u64>> = volume.chapters.clone().map(|n| model.prose.body_key(n)).collect();
    match (model.recall, page, anchors_key, bodies) {
        (Some(recall), Some(page), Some(anchors_key), Some(bodies)) => {
            let place = memo::key((&volume.root, &volume.page, anchors_key));
            let key = memo::key((page, &bodies, place));
            let filled = recall.get_or_make::<FilledVolume>(key, || {
                let keys =
                    volume.chapters.clone().zip(&bodies).map(|(n, &body)| (n, moved_key(model, n, body)));
                let before = recall.peek::<LastFilled>(place);
                let moved = Moved { keys: keys.collect(), before: before.as_deref() };
                Arc::new(fill_in_bodies(html, model, anchors, volume, Some(&moved)))
            });
            recall.put::<LastFilled>(place, Arc::clone(&filled));
            Arc::clone(&filled.html)
        }
        _ => fill_in_bodies(html, model, anchors, volume, None).html,
    }
}

/// What a refill knows: each chapter's key as [`Filled::bodies`] files it, and the volume last
/// filled at the same place.
struct Moved<'a> {
    keys: FastMap<usize, u64>,
    before: Option<&'a Filled>,
}

/// The key of chapter `n`'s moved body: its body's key and its slug, which names its ids and
/// the page its links were written for.
fn moved_key(model: &Model, n: usize, body: u64) -> u64 {
    memo::key((body, &model.prose.chapters[n].chapter.slug))
}

/// The rendered page with each chapter's placeholder replaced by its body, moved onto the page.
/// The bodies (a volume holds megabytes of them) are moved in parallel, each into a text of its
/// own, and joined in order; with `moved`, a body the volume last filled here already holds is
/// copied from it.
fn fill_in_bodies(
    html: &[u8],
    model: &Model,
    anchors: &Anchors,
    volume: &Volume,
    moved: Option<&Moved>,
) -> Filled {
    let html = String::from_utf8_lossy(html);
    let pieces = pieces(&html, volume);
    let key = |n: usize| moved.and_then(|m| m.keys.get(&n)).copied();
    let kept = |n: usize| {
        let before = moved?.before?;
        let range = before.bodies.get(&key(n)?)?;
        before.html.get(range.clone())
    };
    let bodies: Vec<Cow<[u8]>> = pieces
        .par_iter()
        .map(|piece| match *piece {
            Piece::Text(_) => Cow::Borrowed(&[][..]),
            Piece::Chapter(n) => match kept(n) {
                Some(bytes) => Cow::Borrowed(bytes),
                None => Cow::Owned(move_body(model, anchors, volume, n).into_bytes()),
            },
        })
        .collect();
    let mut out = Vec::with_capacity(html.len() + bodies.iter().map(|b| b.len()).sum::<usize>());
    let mut placed = FastMap::default();
    for (piece, body) in pieces.iter().zip(&bodies) {
        match *piece {
            Piece::Text(text) => out.extend_from_slice(text.as_bytes()),
            Piece::Chapter(n) => {
                if let Some(key) = key(n) {
                    placed.insert(key, out.len()..out.len() + body.len());
                }
                out.extend_from_slice(body);
            }
        }
    }
    Filled { html: Arc::new(out), bodies: placed }
}

/// Chapter `n`'s body, moved onto the volume.
fn move_body(model: &Model, anchors: &Anchors, volume: &Volume, n: usize) -> String {
    let rendered = &model.prose.chapters[n];
    let id = format!("{CHAPTER}{}_", rendered.chapter.slug);
    let from = rendered.chapter.address();
    let how = Move { from: &from, root: &volume.root, page: &volume.page, ids: &id, demote: 1, anchors };
    let mut out = String::with_capacity(rendered.body.html.len() + rendered.body.html.len() / 8);
    relocate_into(&mut out, &rendered.body.html, &how);
    out
}

/// A part of a rendered volume: its own text, or the placeholder of a chapter it holds.
enum Piece<'h> {
    Text(&'h str),
    Chapter(usize),
}

/// The rendered volume `html` cut at the placeholders of the chapters it holds; a placeholder
/// naming no chapter of the volume stays text.
fn pieces<'h>(html: &'h str, volume: &Volume) -> Vec<Piece<'h>> {
    let mut pieces = Vec::new();
    let mut rest = html;
    let mut text_from = 0;
    while let Some(at) = rest[text_from..].find(PLACEHOLDER).map(|at| text_from + at) {
        let after = &rest[at + PLACEHOLDER.len()..];
        let end = after.find("-->").unwrap_or(after.len());
        match after[..end].parse::<usize>().ok().filter(|n| volume.chapters.contains(n)) {
            Some(n) => {
                pieces.push(Piece::Text(&rest[..at]));
                pieces.push(Piece::Chapter(n));
                rest = after.get(end + 3..).unwrap_or_default();
                text_from = 0;
            }
            None => text_from = at + PLACEHOLDER.len(),
        }
    }
    pieces.push(Piece::Text(rest));
    pieces
}

/// Whether `path` is a volume of the print page: it repeats the site's pages, so the sitemap
/// leaves it out and the link check reads it last.
pub fn is_print_page(path: &str) -> bool {
    let Some(rest) = path.strip_prefix(ADDRESS).and_then(|p| p.strip_prefix('/')) else { return false };
    rest == "index.html" || rest.strip_suffix("/index.html").is_some_and(super::pagination::is_continued)
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

/// The pages the print page holds, by address, with where they begin on it (and in which
/// volume): links to them become links within the print page. With a memo, they are the
/// previous build's when the chapters' slugs, the volumes and the appendices are unchanged (a
/// rebuild would otherwise make ten thousand of them again at every edit), and they come with
/// a key that stands for them.
fn anchors(model: &Model, appendices: &[Chosen], volumes: &[Volume]) -> (Arc<Anchors>, Option<u64>) {
    let chapters = &model.prose.chapters;
    let held = |volume: &Volume| &chapters[volume.chapters.clone()];
    let appendices = appendix_anchors(model, appendices, volumes);
    let make = || {
        let mut anchors = Anchors::with_capacity(chapters.len() + appendices.len());
        for volume in volumes {
            for rendered in held(volume) {
                let id = format!("{CHAPTER}{}", rendered.chapter.slug);
                let fragments = Some(format!("{id}_"));
                let page = volume.page.clone();
                anchors.insert(rendered.chapter.address(), Anchor { id, fragments, page });
            }
        }
        anchors.extend(appendices.iter().cloned());
        Arc::new(anchors)
    };
    let Some(recall) = model.recall else { return (make(), None) };
    let mut hasher = memo::hasher();
    for volume in volumes {
        (&volume.page, volume.chapters.len()).hash(&mut hasher);
        held(volume).iter().for_each(|rendered| rendered.chapter.slug.hash(&mut hasher));
    }
    appendices.hash(&mut hasher);
    let key = hasher.finish();
    (recall.get_or_make::<PrintAnchors>(key, make), Some(key))
}

/// The anchors of a site's pages, kept by the memo under a hash of what they are made from.
struct PrintAnchors;

impl Product for PrintAnchors {
    type Key = u64;
    type Value = Arc<Anchors>;
}

/// The anchors of the pages the appendices hold, all in the last volume.
fn appendix_anchors(model: &Model, appendices: &[Chosen], volumes: &[Volume]) -> Vec<(String, Anchor)> {
    let mut anchors = Vec::new();
    let page = volumes.last().map_or_else(String::new, |v| v.page.clone());
    let mut insert = |href: String, id: String, fragments: Option<String>| {
        anchors.push((href, Anchor { id, fragments, page: page.clone() }));
    };
    for appendix in appendices {
        match appendix {
            Chosen::Tables => {
                insert("tables/".into(), format!("{APPENDIX}tables"), None);
                for table in &model.data.tables {
                    insert(format!("tables/{}/", table.id), format!("{TABLE}{}", table.id), None);
                }
            }
            Chosen::References => {
                insert("references/".into(), format!("{APPENDIX}references"), Some(REFERENCE.into()));
            }
            Chosen::Records(index, name) => {
                let collection = &model.data.records.schema.collections[*index];
                if let Some(href) = collection.listing_href() {
                    insert(href, format!("{APPENDIX}{name}"), None);
                }
            }
        }
    }
    anchors
}

impl Chosen<'_> {
    fn build<'m>(self, model: &Model<'m>, anchors: &Anchors, volume: &Volume) -> Appendix<'m> {
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
                        let how = Move {
                            from: "references/",
                            root: &volume.root,
                            page: &volume.page,
                            ids: &ids,
                            demote: 0,
                            anchors,
                        };
                        Reference { html: relocate(html, &how), id }
                    })
                    .collect(),
            },
            Chosen::Records(index, _) => {
                let collection = &model.data.records.schema.collections[index];
                Appendix::Records {
                    id: format!("{APPENDIX}{}", collection.name),
                    title: &collection.label.many,
                    table: whole_listing(&model.data.records, &model.config.locale, index, &volume.root),
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
/// `continued` chapters of the first one's part come before it, in earlier volumes.
fn contents<'a>(
    chapters: &[PrintChapter<'a>],
    continued: usize,
    appendices: &[Appendix<'a>],
    appendices_title: &'a str,
) -> Vec<ContentsGroup<'a>> {
    let mut groups: Vec<ContentsGroup> = Vec::new();
    for chapter in chapters {
        let entry = ContentsEntry { id: chapter.id.clone(), title: chapter.title };
        match groups.last_mut() {
            Some(group) if group.title == chapter.part => group.entries.push(entry),
            last => {
                let start = if last.is_none() { continued + 1 } else { 1 };
                groups.push(ContentsGroup { title: chapter.part, start, entries: vec![entry] })
            }
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
        groups.push(ContentsGroup { title: appendices_title, start: 1, entries });
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_fill_volumes_in_order_and_a_large_one_stands_alone() {
        let mb = 1024 * 1024;
        let split = |sizes: &[usize]| -> Vec<(std::ops::Range<usize>, String, String)> {
            volumes(sizes.iter().copied()).into_iter().map(|v| (v.chapters, v.page, v.root)).collect()
        };
        assert_eq!(split(&[]), [(0..0, "print/".into(), "../".into())]);
        assert_eq!(split(&[10, 20]), [(0..2, "print/".into(), "../".into())]);
        let sizes = [mb, mb, mb, 5 * mb, 1];
        assert_eq!(
            split(&sizes),
            [
                (0..2, "print/".into(), "../".into()),
                (2..3, "print/page_2/".into(), "../../".into()),
                (3..4, "print/page_3/".into(), "../../".into()),
                (4..5, "print/page_4/".into(), "../../".into()),
            ]
        );
    }

    #[test]
    fn the_print_pages_are_its_volumes() {
        assert!(is_print_page("print/index.html") && is_print_page("print/page_12/index.html"));
        for other in
            ["print/page_/index.html", "print/page_2/x.html", "prints/index.html", "print/page_2a/index.html"]
        {
            assert!(!is_print_page(other), "{other}");
        }
    }
}
