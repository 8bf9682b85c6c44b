//! Fenced code blocks: folio's ` ```table ` and ` ```chart ` blocks go to a [`Blocks`] renderer
//! (which knows the site's data); any other fence stays a code block.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::{MarkdownOptions, Problem, Rendered};

/// A code block being read: its kind, where its fence starts, and its text so far.
pub(super) struct OpenCode<'a> {
    pub(super) kind: CodeBlockKind<'a>,
    pub(super) offset: usize,
    pub(super) body: String,
}

/// Renders a finished code block: a folio block (` ```table `, ` ```chart `) through
/// `options.blocks`, anything else as code.
pub(super) fn code_block<'a>(
    open: OpenCode<'a>,
    source: &str,
    options: MarkdownOptions,
    rendered: &mut Rendered,
    out: &mut Vec<Event<'a>>,
) {
    let info = match &open.kind {
        CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or_default(),
        CodeBlockKind::Indented => "",
    };
    match options.blocks.render(info, &open.body) {
        Some(Ok(html)) => out.push(Event::Html(CowStr::from(html))),
        Some(Err(problems)) => {
            for p in problems {
                rendered.problems.push(Problem {
                    offset: body_offset(source, open.offset, p.line, p.col),
                    message: p.message,
                    help: p.help,
                });
            }
        }
        None => {
            out.push(Event::Start(Tag::CodeBlock(open.kind)));
            out.push(Event::Text(CowStr::from(open.body)));
            out.push(Event::End(TagEnd::CodeBlock));
        }
    }
}

/// Byte offset in `source` of line `line`, column `col` (both 1-based) of the body of the
/// fenced block whose fence starts at `fence`.
fn body_offset(source: &str, fence: usize, line: usize, col: usize) -> usize {
    let mut offset = fence;
    for _ in 0..line.max(1) {
        match source[offset..].find('\n') {
            Some(nl) => offset += nl + 1,
            None => return source.len(),
        }
    }
    let line_text = source[offset..].split('\n').next().unwrap_or_default();
    offset + line_text.char_indices().nth(col.saturating_sub(1)).map_or(line_text.len(), |(i, _)| i)
}

/// Renders folio's fenced blocks; implemented by `blocks` with access to the site's data.
pub trait Blocks: Sync {
    /// The block's HTML, its problems, or `None` when `kind` is not a folio block (the fence
    /// then stays a code block).
    fn render(&self, kind: &str, body: &str) -> Option<Result<String, Vec<BlockProblem>>>;

    /// The value of a computed figure `` `=expr` `` (expression without the `=`), or why not.
    fn value(&self, expr: &str) -> Result<String, String> {
        Err(format!("`={expr}`: computed figures need the site's data"))
    }

    /// The tooltip of a computed figure, which says where its value comes from.
    fn computed_title(&self, expr: &str) -> String {
        format!("computed from the data: {expr}")
    }
}

/// A problem inside a block's body, by 1-based line and column of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockProblem {
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub help: Option<String>,
}

/// No folio blocks: every fence stays code.
pub struct NoBlocks;

impl Blocks for NoBlocks {
    fn render(&self, _kind: &str, _body: &str) -> Option<Result<String, Vec<BlockProblem>>> {
        None
    }
}
