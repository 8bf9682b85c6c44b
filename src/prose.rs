//! The site's prose, rendered once: chapter bodies and the bodies kept beside records go from Markdown to HTML
//! here, before any page is built, so that every citation problem is reported with the other
//! input errors and each text is parsed exactly once.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::bibliography::Work;
use crate::bibliography::format::{self, Citation};
use crate::bibliography::style::CslStyle;
use crate::blocks::DataBlocks;
use crate::citations::Bibliography;
use crate::config::Config;
use crate::content::chapters::Chapter;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::links::WrittenLink;
use crate::markdown::inline::{MARK_CLOSE, MARK_OPEN};
use crate::markdown::{self, MarkdownOptions, Rendered};
use crate::memo::{self, Product, Recall};
use crate::model::Data;
use crate::xref::{Blocks, Xrefs};

/// Chapters and case bodies both live two folders below the site root.
const PAGE_ROOT: &str = "../../";

/// Chapters rendered at once (in parallel) before they are handed on: enough to keep both
/// cores busy, few enough that the plain text of 10,000 chapters is never held all at once.
const BATCH: usize = 256;

/// A chapter with its rendered body.
#[derive(Debug)]
pub struct RenderedChapter {
    pub chapter: Chapter,
    pub body: Arc<Rendered>,
}

/// The numbered blocks of a chapter file, kept by the memo under the file's content key
/// ([`Chapter::source`]): finding them reads the whole text.
struct FoundBlocks;

impl Product for FoundBlocks {
    type Key = u64;
    type Value = Arc<Blocks>;
}

/// A text rendered from Markdown, kept by the memo under a hash of its source and everything
/// its rendering reads besides it.
struct RenderedMarkdown;

impl Product for RenderedMarkdown {
    type Key = u64;
    type Value = Arc<Rendered>;
}

/// The site's citations and bibliography as formatted, kept by the memo under a hash of the
/// style, the bibliography files and every citation.
struct FormattedCitations;

impl Product for FormattedCitations {
    type Key = u64;
    type Value = Arc<format::Formatted>;
}

/// A hash of the citations of a text, kept by the memo under the key of the text's rendered
/// Markdown.
struct CitesHash;

impl Product for CitesHash {
    type Key = u64;
    type Value = u64;
}

/// A text with its citations in place, kept by the memo under a hash of the key of its rendered
/// Markdown and of its formatted citations: filling copies the whole text.
struct FilledBody;

impl Product for FilledBody {
    type Key = u64;
    type Value = Arc<Rendered>;
}

/// What formatting the citations reads besides the prose.
pub struct CitationSources<'a> {
    pub style: &'a CslStyle,
    pub works: &'a [Work],
    pub list_uncited: bool,
    /// The fingerprint of the files `works` come from (the bibliography and the tables).
    pub works_fingerprint: u64,
}

/// All rendered prose of the site.
#[derive(Debug, Default)]
pub struct Prose {
    /// Published chapters (drafts are checked, then left out), in reading order.
    pub chapters: Vec<RenderedChapter>,
    /// Record bodies by the address of their page (`firms/<id>/`).
    pub cases: HashMap<String, Arc<Rendered>>,
    /// Every link written in the prose, for the link check.
    pub links: Vec<WrittenLink>,
    /// The bibliography formatted by the site's style: each work's key and HTML, in the
    /// style's order (filled by [`Prose::format_citations`]).
    pub bibliography: Vec<(String, String)>,
    bibliography_index: crate::fasthash::FastMap<String, usize>,
    /// The memo key of each work's key and entry (built with a memo only).
    bibliography_keys: Vec<u64>,
    /// What works but is probably not meant, reported without failing the build.
    pub warnings: Vec<Diagnostic>,
    /// Every labelled table and figure of the site, with its number, address and block.
    pub xrefs: Xrefs,
    /// The memo keys of the chapters' and the case bodies' rendered Markdown (with a memo).
    chapter_keys: Vec<Option<u64>>,
    /// The memo keys of the chapters' bodies with their citations in place.
    body_keys: Vec<Option<u64>>,
    case_keys: HashMap<String, u64>,
}

impl Prose {
    /// Formats every citation of the site in reading order (chapters, then record bodies by
    /// page address) with the bibliography, and puts each in place of its marker. With a
    /// `recall`, the previous build's formatting is reused when nothing it reads changed.
    pub fn format_citations(&mut self, sources: &CitationSources, recall: Option<&Recall>) {
        let mut pages: Vec<String> = self.cases.keys().cloned().collect();
        pages.sort();
        let formatted = {
            let mut documents: Vec<&[Citation]> =
                self.chapters.iter().map(|c| c.body.cites.as_slice()).collect();
            documents.extend(pages.iter().map(|p| self.cases[p].cites.as_slice()));
            let CitationSources { style, works, list_uncited, works_fingerprint } = *sources;
            let make = || Arc::new(format::format(style, works, &documents, list_uncited, PAGE_ROOT));
            match recall {
                Some(recall) => {
                    // Each text's citations are hashed once: an unchanged text's hash is kept
                    // under its memo key.
                    let texts = (self.chapter_keys.iter().copied())
                        .chain(pages.iter().map(|p| self.case_keys.get(p).copied()));
                    let cites: Vec<u64> = (texts.zip(&documents))
                        .map(|(text, cites)| match text {
                            Some(text) => recall.get_or_make::<CitesHash>(text, || memo::key(cites)),
                            None => memo::key(cites),
                        })
                        .collect();
                    let key = memo::key((style.fingerprint, works_fingerprint, list_uncited, cites));
                    recall.get_or_make::<FormattedCitations>(key, make)
                }
                None => make(),
            }
        };
        // Filled in parallel: each body is copied into a new text, made on a worker thread as
        // the old one was, so that the allocator reuses the room the old ones leave in the
        // workers' arenas (filled on the main thread, 10,000 chapters held 45 MB more).
        let chapter_keys = &self.chapter_keys;
        self.body_keys = (self.chapters.par_iter_mut().enumerate())
            .map(|(n, chapter)| {
                let cites = formatted.citations.get(n).map(Vec::as_slice).unwrap_or_default();
                fill(&mut chapter.body, chapter_keys.get(n).copied().flatten(), cites, recall)
            })
            .collect();
        let mut citations = formatted.citations.iter().skip(self.chapters.len());
        for page in &pages {
            if let Some(body) = self.cases.get_mut(page) {
                let cites = citations.next().map(Vec::as_slice).unwrap_or_default();
                fill(body, self.case_keys.get(page).copied(), cites, recall);
            }
        }
        self.bibliography_index =
            formatted.entries.iter().enumerate().map(|(i, (key, _))| (key.clone(), i)).collect();
        self.bibliography = formatted.entries.clone();
        if recall.is_some() {
            self.bibliography_keys = self.bibliography.iter().map(memo::key).collect();
        }
    }

    /// The memo key of chapter `n`'s rendered Markdown, which stands for its sections' text
    /// (built with a memo only).
    pub fn markdown_key(&self, n: usize) -> Option<u64> {
        self.chapter_keys.get(n).copied().flatten()
    }

    /// A memo key that stands for chapter `n`'s HTML, citations in place (built with a memo
    /// only, once the citations are formatted).
    pub fn body_key(&self, n: usize) -> Option<u64> {
        self.body_keys.get(n).copied().flatten()
    }

    /// The position of a work in the formatted bibliography.
    pub fn bibliography_rank(&self, key: &str) -> Option<usize> {
        self.bibliography_index.get(key).copied()
    }

    /// A memo key that stands for work `rank` of the bibliography, its key and its entry
    /// (built with a memo only).
    pub fn bibliography_key(&self, rank: usize) -> Option<u64> {
        self.bibliography_keys.get(rank).copied()
    }

    /// Frees the plain text of every section once the search index holds it. A body shared
    /// with the serve memo keeps its text, since the next build may reuse it.
    pub fn drop_section_text(&mut self) {
        for chapter in &mut self.chapters {
            if let Some(body) = Arc::get_mut(&mut chapter.body) {
                body.sections = Vec::new();
            }
        }
    }
}

/// Puts each citation of `body` in place of its marker, and returns the filled body's memo key.
/// With a `recall` and the memo key of the body's Markdown (`source`), the body the previous
/// build filled from the same Markdown and citations is reused.
fn fill(
    body: &mut Arc<Rendered>,
    source: Option<u64>,
    citations: &[String],
    recall: Option<&Recall>,
) -> Option<u64> {
    if citations.is_empty() {
        return source;
    }
    match (recall, source) {
        (Some(recall), Some(source)) => {
            let key = memo::key((source, citations));
            let filled = recall.get_or_make::<FilledBody>(key, || {
                let mut filled = Arc::clone(body);
                fill_markers(&mut filled, citations);
                filled
            });
            *body = filled;
            Some(key)
        }
        _ => {
            fill_markers(body, citations);
            None
        }
    }
}

/// Replaces each citation marker of `body` by its formatted HTML.
fn fill_markers(body: &mut Arc<Rendered>, citations: &[String]) {
    if citations.is_empty() {
        return;
    }
    let html = &body.html;
    let mut out = String::with_capacity(html.len() + citations.iter().map(String::len).sum::<usize>());
    let mut rest = html.as_str();
    while let Some(open) = rest.find(MARK_OPEN) {
        out.push_str(&rest[..open]);
        let after = &rest[open + MARK_OPEN.len_utf8()..];
        let number =
            after.find(MARK_CLOSE).and_then(|close| Some((after[..close].parse::<usize>().ok()?, close)));
        match number.and_then(|(n, close)| Some((citations.get(n)?, close))) {
            Some((citation, close)) => {
                out.push_str(citation);
                rest = &after[close + MARK_CLOSE.len_utf8()..];
            }
            None => {
                out.push(MARK_OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Arc::make_mut(body).html = out;
}

/// The links of one rendered text, with their file positions.
fn written_links(
    body: &Rendered,
    path: &std::path::Path,
    line_offset: usize,
    page: &str,
) -> Vec<WrittenLink> {
    let (page, path): (Arc<str>, Arc<std::path::Path>) = (page.into(), path.into());
    body.links
        .iter()
        .map(|(href, (line, col))| WrittenLink {
            page: Arc::clone(&page),
            href: href.clone(),
            path: Arc::clone(&path),
            line: line + line_offset,
            col: *col,
        })
        .collect()
}

/// A record's Markdown body (`<folder>/<id>.md`), with the page it is shown on.
#[derive(Debug)]
pub struct CaseBody {
    pub path: std::path::PathBuf,
    /// The record's page (`<address>/<id>/`).
    pub page: String,
    pub markdown: String,
}

/// Receives the published chapters batch by batch as they are rendered, in reading order, with
/// the memo keys of their Markdown (with a memo): what it takes from them is gone before the
/// next batch is rendered.
pub type Rendering<'f> = dyn FnMut(&mut [RenderedChapter], &[Option<u64>]) + 'f;

/// What the prose is rendered from, besides the chapters and case bodies themselves.
pub struct Sources<'a> {
    pub config: &'a Config,
    pub bibliography: &'a Bibliography,
    pub data: &'a Data,
    /// The fingerprint of the data files that `bibliography` and `data` come from.
    pub data_fingerprint: u64,
}

/// Renders every chapter and case body, collecting their problems as diagnostics; the
/// published chapters are handed to `rendered` as they are done. With a `recall`, a text
/// rendered by the previous build from the same inputs is reused.
pub fn render(
    sources: &Sources,
    chapters: Vec<Chapter>,
    cases: &[CaseBody],
    recall: Option<&Recall>,
    rendered: &mut Rendering,
) -> Result<Prose, Diagnostics> {
    let Sources { config, bibliography, data, data_fingerprint } = *sources;
    let mut diagnostics = Diagnostics::default();
    let xrefs = number_blocks(&chapters, cases, &config.locale, recall, &mut diagnostics);
    // Everything a text's rendering reads besides the text (the page root is fixed).
    let table_pages = config.generates("tables");
    let environment = memo::key((
        config.allow_raw_html,
        table_pages,
        data_fingerprint,
        xrefs.fingerprint(),
        &config.locale,
    ));
    let blocks = DataBlocks::new(data, PAGE_ROOT, &xrefs, table_pages, &config.locale);
    let options = MarkdownOptions {
        allow_raw_html: config.allow_raw_html,
        root: PAGE_ROOT,
        bibliography,
        xrefs: &xrefs,
        blocks: &blocks,
    };
    // A text's rendering, and with a memo its key there: made from the key of the file the
    // text comes from (`file`) when it has one, rather than by hashing the text again.
    let render = |markdown: &str, file: Option<u64>| {
        let render = || Arc::new(markdown::render(markdown, options));
        match recall {
            Some(recall) => {
                let key = match file {
                    Some(file) => memo::key((environment, file)),
                    None => memo::key((environment, markdown)),
                };
                (recall.get_or_make::<RenderedMarkdown>(key, render), Some(key))
            }
            None => (render(), None),
        }
    };
    let mut prose = Prose::default();
    // Chapters are rendered a batch at a time, and each batch handed to `rendered` before the
    // next is begun, so that what it takes from them (the search index, their sections' text)
    // is done with while the rest are rendered. Each chapter's Markdown source is dropped as
    // soon as it is rendered and its problems are placed (positions need the source). With a
    // memo, which holds every rendering anyway, they go in one batch: on 10,000 chapters the
    // forty hand-overs cost a rebuild 10 ms.
    let batch_size = if recall.is_some() { usize::MAX } else { BATCH };
    let mut chapters = chapters.into_iter();
    loop {
        let batch: Vec<Chapter> = chapters.by_ref().take(batch_size).collect();
        if batch.is_empty() {
            break;
        }
        let done: Vec<_> = batch
            .into_par_iter()
            .map(|mut chapter| {
                let (body, key) = render(&chapter.body, chapter.source);
                let problems = body.diagnostics(&chapter.body, &chapter.path, chapter.body_line_offset);
                let warnings = body.warnings(&chapter.body, &chapter.path, chapter.body_line_offset);
                chapter.body = Arc::from("");
                let links = match chapter.draft {
                    true => Vec::new(),
                    false => {
                        let page = chapter.address();
                        written_links(&body, &chapter.path, chapter.body_line_offset, &page)
                    }
                };
                (chapter, body, key, problems, warnings, links)
            })
            .collect();
        let first = prose.chapters.len();
        for (chapter, body, key, problems, warnings, links) in done {
            for d in problems {
                diagnostics.push(d);
            }
            prose.warnings.extend(warnings);
            if !chapter.draft {
                prose.links.extend(links);
                prose.chapters.push(RenderedChapter { chapter, body });
                prose.chapter_keys.push(key);
            }
        }
        rendered(&mut prose.chapters[first..], &prose.chapter_keys[first..]);
    }
    let bodies: Vec<(Arc<Rendered>, Option<u64>)> =
        cases.par_iter().map(|c| render(&c.markdown, None)).collect();
    for (case, (body, key)) in cases.iter().zip(bodies) {
        if let Some(key) = key {
            prose.case_keys.insert(case.page.clone(), key);
        }
        for d in body.diagnostics(&case.markdown, &case.path, 0) {
            diagnostics.push(d);
        }
        prose.warnings.extend(body.warnings(&case.markdown, &case.path, 0));
        prose.links.extend(written_links(&body, &case.path, 0, &case.page));
        prose.cases.insert(case.page.clone(), body);
    }
    prose.xrefs = xrefs;
    // When the build fails, its warnings are listed with its errors.
    if !diagnostics.is_empty() {
        for warning in std::mem::take(&mut prose.warnings) {
            diagnostics.push(warning);
        }
    }
    diagnostics.finish(prose)
}

/// Numbers the labelled tables and figures in reading order: published chapters, then case
/// bodies, then drafts (after everything published, so that a draft never shifts a published
/// number, yet its references to its own tables are checked like any other).
fn number_blocks(
    chapters: &[Chapter],
    cases: &[CaseBody],
    locale: &crate::locale::Locale,
    recall: Option<&Recall>,
    diagnostics: &mut Diagnostics,
) -> Xrefs {
    let mut xrefs = Xrefs::new(locale);
    let (published, drafts): (Vec<&Chapter>, Vec<&Chapter>) = chapters.iter().partition(|c| !c.draft);
    fn chapter<'c>(c: &&'c Chapter) -> (&'c PathBuf, &'c str, usize, String, Option<u64>) {
        (&c.path, &c.body, c.body_line_offset, c.address(), c.source)
    }
    let texts = published
        .iter()
        .map(chapter)
        .chain(cases.iter().map(|c| (&c.path, c.markdown.as_str(), 0, c.page.clone(), None)))
        .chain(drafts.iter().map(chapter));
    // Each text's blocks are found in parallel (with a memo, a chapter file's are found once);
    // they are numbered in order.
    let texts: Vec<_> = texts.collect();
    let found: Vec<Arc<Blocks>> = texts
        .par_iter()
        .map(|&(path, body, offset, _, source)| {
            let find = || Arc::new(crate::xref::blocks(path, body, offset));
            match recall.zip(source) {
                Some((recall, source)) => recall.get_or_make::<FoundBlocks>(source, find),
                None => find(),
            }
        })
        .collect();
    for (blocks, (_, _, _, page, _)) in found.iter().zip(&texts) {
        for d in xrefs.number(blocks, page) {
            diagnostics.push(d);
        }
    }
    xrefs.finish();
    xrefs
}
