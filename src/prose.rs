//! The site's prose, rendered once: chapter bodies and the bodies kept beside records go from Markdown to HTML
//! here, before any page is built, so that every citation problem is reported with the other
//! input errors and each text is parsed exactly once.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::blocks::DataBlocks;
use crate::citations::Bibliography;
use crate::config::Config;
use crate::content::chapters::Chapter;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::links::WrittenLink;
use crate::markdown::{self, MarkdownOptions, Rendered};
use crate::memo::{self, Product, Recall};
use crate::model::Data;
use crate::xref::Xrefs;

/// Chapters and case bodies both live two folders below the site root.
const PAGE_ROOT: &str = "../../";

/// A chapter with its rendered body.
#[derive(Debug)]
pub struct RenderedChapter {
    pub chapter: Chapter,
    pub body: Arc<Rendered>,
}

/// A text rendered from Markdown, kept by the memo under a hash of its source and everything
/// its rendering reads besides it.
struct RenderedMarkdown;

impl Product for RenderedMarkdown {
    type Key = u64;
    type Value = Arc<Rendered>;
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
    /// What works but is probably not meant, reported without failing the build.
    pub warnings: Vec<Diagnostic>,
}

impl Prose {
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

/// The links of one rendered text, with their file positions.
fn written_links(
    body: &Rendered,
    path: &std::path::Path,
    line_offset: usize,
    page: &str,
) -> Vec<WrittenLink> {
    body.links
        .iter()
        .map(|(href, (line, col))| WrittenLink {
            page: page.to_string(),
            href: href.clone(),
            path: path.to_path_buf(),
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

/// What the prose is rendered from, besides the chapters and case bodies themselves.
pub struct Sources<'a> {
    pub config: &'a Config,
    pub bibliography: &'a Bibliography,
    pub data: &'a Data,
    /// The fingerprint of the data files that `bibliography` and `data` come from.
    pub data_fingerprint: u64,
}

/// Renders every chapter and case body, collecting their problems as diagnostics. With a
/// `recall`, a text rendered by the previous build from the same inputs is reused.
pub fn render(
    sources: &Sources,
    chapters: Vec<Chapter>,
    cases: &[CaseBody],
    recall: Option<&Recall>,
) -> Result<Prose, Diagnostics> {
    let Sources { config, bibliography, data, data_fingerprint } = *sources;
    let mut diagnostics = Diagnostics::default();
    let xrefs = number_blocks(&chapters, cases, &mut diagnostics);
    // Everything a text's rendering reads besides the text (the page root is fixed).
    let table_pages = config.generates("tables");
    let environment = memo::key((config.allow_raw_html, table_pages, data_fingerprint, xrefs.fingerprint()));
    let blocks = DataBlocks::new(data, PAGE_ROOT, &xrefs, table_pages);
    let options = MarkdownOptions {
        allow_raw_html: config.allow_raw_html,
        root: PAGE_ROOT,
        bibliography,
        xrefs: &xrefs,
        blocks: &blocks,
    };
    let render = |markdown: &str| {
        let render = || Arc::new(markdown::render(markdown, options));
        match recall {
            Some(recall) => {
                recall.get_or_make::<RenderedMarkdown>(memo::key((environment, markdown)), render)
            }
            None => render(),
        }
    };
    let mut prose = Prose::default();
    // Each chapter's Markdown source is dropped as soon as it is rendered and its problems are
    // placed (positions need the source): the rendered body is all that is needed after.
    let rendered: Vec<_> = chapters
        .into_par_iter()
        .map(|mut chapter| {
            let body = render(&chapter.body);
            let problems = body.diagnostics(&chapter.body, &chapter.path, chapter.body_line_offset);
            let warnings = body.warnings(&chapter.body, &chapter.path, chapter.body_line_offset);
            chapter.body = String::new();
            (chapter, body, problems, warnings)
        })
        .collect();
    for (chapter, body, problems, warnings) in rendered {
        for d in problems {
            diagnostics.push(d);
        }
        prose.warnings.extend(warnings);
        if !chapter.draft {
            let page = format!("chapters/{}/", chapter.slug);
            prose.links.extend(written_links(&body, &chapter.path, chapter.body_line_offset, &page));
            prose.chapters.push(RenderedChapter { chapter, body });
        }
    }
    let bodies: Vec<Arc<Rendered>> = cases.par_iter().map(|c| render(&c.markdown)).collect();
    for (case, body) in cases.iter().zip(bodies) {
        for d in body.diagnostics(&case.markdown, &case.path, 0) {
            diagnostics.push(d);
        }
        prose.warnings.extend(body.warnings(&case.markdown, &case.path, 0));
        prose.links.extend(written_links(&body, &case.path, 0, &case.page));
        prose.cases.insert(case.page.clone(), body);
    }
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
fn number_blocks(chapters: &[Chapter], cases: &[CaseBody], diagnostics: &mut Diagnostics) -> Xrefs {
    let mut xrefs = Xrefs::default();
    let (published, drafts): (Vec<&Chapter>, Vec<&Chapter>) = chapters.iter().partition(|c| !c.draft);
    let texts = published
        .iter()
        .map(|c| (&c.path, c.body.as_str(), c.body_line_offset, format!("chapters/{}/", c.slug)))
        .chain(cases.iter().map(|c| (&c.path, c.markdown.as_str(), 0, c.page.clone())))
        .chain(
            drafts
                .iter()
                .map(|c| (&c.path, c.body.as_str(), c.body_line_offset, format!("chapters/{}/", c.slug))),
        );
    for (path, body, offset, page) in texts {
        for d in xrefs.scan(path, body, offset, &page) {
            diagnostics.push(d);
        }
    }
    xrefs
}
