//! The site's prose, rendered once: chapter bodies and firm case bodies go from Markdown to HTML
//! here, before any page is built, so that every citation problem is reported with the other
//! input errors and each text is parsed exactly once.

use std::collections::HashMap;

use crate::blocks::DataBlocks;
use crate::citations::Bibliography;
use crate::config::Config;
use crate::content::chapters::Chapter;
use crate::content::records::CaseBody;
use crate::diagnostic::Diagnostics;
use crate::markdown::{self, MarkdownOptions, Rendered};
use crate::model::Data;

/// Chapters and case bodies both live two folders below the site root.
const PAGE_ROOT: &str = "../../";

/// A chapter with its rendered body.
#[derive(Debug)]
pub struct RenderedChapter {
    pub chapter: Chapter,
    pub body: Rendered,
}

/// All rendered prose of the site.
#[derive(Debug, Default)]
pub struct Prose {
    /// Published chapters (drafts are checked, then left out), in reading order.
    pub chapters: Vec<RenderedChapter>,
    /// Case bodies by firm id.
    pub cases: HashMap<String, Rendered>,
}

/// Renders every chapter and case body, collecting their problems as diagnostics.
pub fn render(
    config: &Config,
    chapters: Vec<Chapter>,
    cases: &[CaseBody],
    bibliography: &Bibliography,
    data: &Data,
) -> Result<Prose, Diagnostics> {
    let blocks = DataBlocks { data, root: PAGE_ROOT };
    let options = MarkdownOptions {
        allow_raw_html: config.allow_raw_html,
        root: PAGE_ROOT,
        bibliography,
        blocks: &blocks,
    };
    let mut diagnostics = Diagnostics::default();
    let mut prose = Prose::default();
    for chapter in chapters {
        let body = markdown::render(&chapter.body, options);
        for d in body.diagnostics(&chapter.body, &chapter.path, chapter.body_line_offset) {
            diagnostics.push(d);
        }
        if !chapter.draft {
            prose.chapters.push(RenderedChapter { chapter, body });
        }
    }
    for case in cases {
        let body = markdown::render(&case.markdown, options);
        for d in body.diagnostics(&case.markdown, &case.path, 0) {
            diagnostics.push(d);
        }
        prose.cases.insert(case.id.clone(), body);
    }
    diagnostics.finish(prose)
}
