//! Markdown → HTML for chapters and case bodies: CommonMark plus tables, footnotes, strikethrough,
//! smart punctuation and heading attributes; unique, stable heading ids and a table of contents;
//! raw HTML escaped unless the site allows it (HTML comments are dropped: they are author notes);
//! Pandoc citations resolved against the bibliography and linked to it.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::citations::{Bibliography, CiteItem, Segment, scan};
use crate::diagnostic::{Diagnostic, closest};
use crate::pages::escape_xml;
use crate::xref::Xrefs;

/// One entry of a page's table of contents (headings of level 2 and 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A rendered Markdown document.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Plain text by section (split at level 2 and 3 headings), for the search index.
    pub sections: Vec<SectionText>,
    /// Keys of the works cited, in order of first citation.
    pub citations: Vec<String>,
    /// Problems found (unknown citation keys), by byte offset in the source.
    pub problems: Vec<Problem>,
    /// Every link written in the document: its target and byte offset, for the link check.
    pub links: Vec<(String, usize)>,
}

/// The plain text of one section of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionText {
    /// The heading's id; `None` for the text before the first heading.
    pub id: Option<String>,
    pub title: String,
    pub text: String,
}

impl Rendered {
    /// Adds plain text to the current section (its title while inside its heading).
    fn push_text(&mut self, text: &str, in_heading: bool) {
        if self.sections.is_empty() {
            self.sections.push(SectionText::default());
        }
        if let Some(section) = self.sections.last_mut() {
            let target = if in_heading { &mut section.title } else { &mut section.text };
            if !target.is_empty() && !in_heading {
                target.push(' ');
            }
            target.push_str(text);
        }
    }
}

/// A problem at a byte offset of the Markdown source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
    pub help: Option<String>,
}

impl Rendered {
    /// The problems as diagnostics of `path`, whose Markdown starts after `line_offset` lines.
    pub fn diagnostics(&self, source: &str, path: &std::path::Path, line_offset: usize) -> Vec<Diagnostic> {
        self.problems
            .iter()
            .map(|p| {
                let (line, col) = position(source, p.offset);
                let d = Diagnostic::new(path, p.message.clone()).at(line + line_offset, col);
                match &p.help {
                    Some(help) => d.help(help.clone()),
                    None => d,
                }
            })
            .collect()
    }
}

/// 1-based line and column (in characters) of a byte offset of `source`.
pub fn position(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// What rendering needs besides the source.
#[derive(Clone, Copy)]
pub struct MarkdownOptions<'a> {
    pub allow_raw_html: bool,
    /// Relative path from the page to the site root, for citation links.
    pub root: &'a str,
    pub bibliography: &'a Bibliography,
    pub xrefs: &'a Xrefs,
    pub blocks: &'a dyn Blocks,
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `source` to HTML.
pub fn render(source: &str, options: MarkdownOptions) -> Rendered {
    let (mut events, ranges) = merged_events(source);
    let toc = assign_heading_ids(&mut events);
    let mut rendered = Rendered { toc, ..Rendered::default() };
    let mut out_events = Vec::with_capacity(events.len());
    let mut code: Option<OpenCode> = None;
    let mut in_heading = false;
    for (event, range) in events.into_iter().zip(ranges) {
        if let Some(open) = code.as_mut() {
            match event {
                Event::Text(t) => open.body.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(open) = code.take() {
                        code_block(open, source, options, &mut rendered, &mut out_events);
                    }
                }
                _ => {}
            }
            continue;
        }
        match &event {
            Event::Start(Tag::Heading { level: HeadingLevel::H2 | HeadingLevel::H3, id, .. }) => {
                let id = id.as_ref().map(|i| i.to_string());
                rendered.sections.push(SectionText { id, ..SectionText::default() });
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::Link { dest_url, .. }) => {
                rendered.links.push((dest_url.to_string(), range.start))
            }
            Event::Text(t) | Event::Code(t) => rendered.push_text(t, in_heading),
            _ => {}
        }
        match guard_raw_html(event, options.allow_raw_html) {
            Some(Event::Start(Tag::CodeBlock(kind))) => {
                code = Some(OpenCode { kind, offset: range.start, body: String::new() })
            }
            Some(Event::Text(t)) => {
                let at = Located { source: &source[range.clone()], start: range.start };
                cite(&t, at, options, &mut rendered, &mut out_events)
            }
            Some(Event::Code(code)) if code.starts_with('=') => {
                out_events.push(computed(&code[1..], range.start, options, &mut rendered))
            }
            Some(other) => out_events.push(other),
            None => {}
        }
    }
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, out_events.into_iter());
    rendered.html = out;
    rendered
}

/// A computed figure: its value from the data, or a problem at its position.
fn computed<'a>(expr: &str, offset: usize, options: MarkdownOptions, rendered: &mut Rendered) -> Event<'a> {
    match options.blocks.value(expr.trim()) {
        Ok(value) => Event::InlineHtml(CowStr::from(format!(
            "<span class=\"computed\" title=\"computed from the data: {}\">{}</span>",
            escape_xml(expr.trim()),
            escape_xml(&value)
        ))),
        Err(message) => {
            rendered.problems.push(Problem {
                offset,
                message,
                help: Some("see the computed figures in the README".into()),
            });
            Event::Text(CowStr::from(format!("={expr}")))
        }
    }
}

/// A code block being read: its kind, where its fence starts, and its text so far.
struct OpenCode<'a> {
    kind: CodeBlockKind<'a>,
    offset: usize,
    body: String,
}

/// Renders a finished code block: a folio block (` ```table `, ` ```chart `) through
/// `options.blocks`, anything else as code.
fn code_block<'a>(
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

/// The source text behind an event, and where it starts in the document.
#[derive(Clone, Copy)]
struct Located<'s> {
    source: &'s str,
    start: usize,
}

/// Parses `source`, joining adjacent text events (the parser splits text at `[`, `]` ...), so
/// that citations arrive whole. Returns the events and their source ranges.
fn merged_events(source: &str) -> (Vec<Event<'_>>, Vec<Range<usize>>) {
    let mut events: Vec<Event> = Vec::new();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(source, parser_options()).into_offset_iter() {
        if let (Event::Text(next), Some(Event::Text(prev)), Some(prev_range)) =
            (&event, events.last_mut(), ranges.last_mut())
        {
            *prev = CowStr::from(format!("{prev}{next}"));
            prev_range.end = range.end.max(prev_range.end);
            continue;
        }
        events.push(event);
        ranges.push(range);
    }
    (events, ranges)
}

/// Emits `text` with its citations replaced by links to the bibliography.
fn cite(
    text: &str,
    at: Located,
    options: MarkdownOptions,
    rendered: &mut Rendered,
    out: &mut Vec<Event<'_>>,
) {
    let segments = scan(text);
    if segments.iter().all(|s| matches!(s, Segment::Text(_))) {
        out.push(Event::Text(CowStr::from(text.to_string())));
        return;
    }
    for segment in segments {
        let html = match segment {
            Segment::Text(t) => {
                out.push(Event::Text(CowStr::from(t.to_string())));
                continue;
            }
            Segment::Narrative(item) => match label(&item, at, options, rendered) {
                Some(found) => found.narrative(&locator(&item)),
                None => escape_xml(&format!("@{}", item.key)),
            },
            Segment::Bracketed(items) => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|item| match label(item, at, options, rendered) {
                        Some(found) => found.bracketed(&locator(item)),
                        None => escape_xml(&format!("@{}", item.key)),
                    })
                    .collect();
                format!("({})", parts.join("; "))
            }
        };
        out.push(Event::InlineHtml(CowStr::from(html)));
    }
}

fn locator(item: &CiteItem) -> String {
    item.locator.map(|l| format!(", {}", escape_xml(l))).unwrap_or_default()
}

/// A resolved citation or cross-reference, escaped for HTML.
enum Found {
    Work { author: String, year: String, href: String },
    Xref { title: String, href: String },
}

impl Found {
    /// `Segers (2015)` or `Table 3`.
    fn narrative(&self, locator: &str) -> String {
        match self {
            Found::Work { author, year, href } => {
                format!("{author} (<a class=\"citation\" href=\"{href}\">{year}</a>{locator})")
            }
            Found::Xref { title, href } => format!("<a class=\"xref\" href=\"{href}\">{title}</a>{locator}"),
        }
    }

    /// The part of a bracketed citation: `Segers, 2015` or `Table 3`.
    fn bracketed(&self, locator: &str) -> String {
        match self {
            Found::Work { author, year, href } => {
                format!("<a class=\"citation\" href=\"{href}\">{author}, {year}</a>{locator}")
            }
            Found::Xref { .. } => self.narrative(locator),
        }
    }
}

/// Resolves a cited key; records an unknown key as a problem at its position.
fn label(item: &CiteItem, at: Located, options: MarkdownOptions, rendered: &mut Rendered) -> Option<Found> {
    if item.key.starts_with("tbl-") || item.key.starts_with("fig-") {
        return xref(item, at, options, rendered);
    }
    let Some(found) = options.bibliography.get(item.key) else {
        let needle = format!("@{}", item.key);
        let offset = at.source.find(&needle).map_or(at.start, |o| at.start + o);
        let hint = closest(item.key, options.bibliography.keys())
            .map(|k| format!("did you mean `{k}`? "))
            .unwrap_or_default();
        rendered.problems.push(Problem {
            offset,
            message: format!("unknown citation key `{}`", item.key),
            help: Some(format!("{hint}keys are defined in content/data/references.yaml")),
        });
        return None;
    };
    if !rendered.citations.iter().any(|k| k == item.key) {
        rendered.citations.push(item.key.to_string());
    }
    Some(Found::Work {
        author: escape_xml(&found.author),
        year: escape_xml(&found.year),
        href: format!("{}references/#{}", options.root, item.key),
    })
}

/// Resolves `@tbl-…` / `@fig-…` to its numbered table or figure.
fn xref(item: &CiteItem, at: Located, options: MarkdownOptions, rendered: &mut Rendered) -> Option<Found> {
    let Some(xref) = options.xrefs.get(item.key) else {
        let offset = at.source.find(&format!("@{}", item.key)).map_or(at.start, |o| at.start + o);
        let hint = closest(item.key, options.xrefs.labels())
            .map(|k| format!("did you mean `{k}`? "))
            .unwrap_or_default();
        rendered.problems.push(Problem {
            offset,
            message: format!("unknown label `{}`", item.key),
            help: Some(format!("{hint}labels are set with `label:` in a ```table or ```chart block")),
        });
        return None;
    };
    Some(Found::Xref { title: xref.title(), href: format!("{}{}", options.root, xref.href) })
}

/// Escapes raw HTML (or keeps it when allowed); drops HTML comments either way.
fn guard_raw_html(event: Event<'_>, allow: bool) -> Option<Event<'_>> {
    match event {
        Event::Html(h) | Event::InlineHtml(h) if h.trim_start().starts_with("<!--") => None,
        Event::Html(h) | Event::InlineHtml(h) if !allow => Some(Event::Text(h)),
        other => Some(other),
    }
}

/// Gives every heading an id (its `{#id}` when written, else a slug of its text), unique within
/// the page, and returns the table of contents of levels 2 and 3.
fn assign_heading_ids(events: &mut [Event<'_>]) -> Vec<TocEntry> {
    let mut used: Vec<String> = Vec::new();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i] else {
            i += 1;
            continue;
        };
        let level = *level;
        let explicit = id.as_ref().map(|s| s.to_string());
        let mut title = String::new();
        let mut j = i + 1;
        while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
            if let Event::Text(t) | Event::Code(t) = &events[j] {
                title.push_str(t);
            }
            j += 1;
        }
        let base = explicit.unwrap_or_else(|| {
            let slug = crate::content::slugify(&title);
            if slug.is_empty() { "section".to_string() } else { slug }
        });
        let unique = unique_id(&base, &used);
        used.push(unique.clone());
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
            *id = Some(CowStr::from(unique.clone()));
        }
        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
            toc.push(TocEntry { level: level as u8, id: unique, title: title.trim().to_string() });
        }
        i = j;
    }
    toc
}

fn unique_id(base: &str, used: &[String]) -> String {
    if !used.iter().any(|u| u == base) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|c| !used.contains(c)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::records::{Located, ReferenceRecord};

    static NO_XREFS: std::sync::LazyLock<Xrefs> = std::sync::LazyLock::new(Xrefs::default);

    fn options(bibliography: &Bibliography) -> MarkdownOptions<'_> {
        MarkdownOptions {
            allow_raw_html: false,
            root: "../../",
            bibliography,
            xrefs: &NO_XREFS,
            blocks: &NoBlocks,
        }
    }

    fn bibliography() -> Bibliography {
        let yaml = "- key: segers2015\n  authors: [\"Segers, J.P.\"]\n  year: 2015\n  title: T\n\
                    - key: gassmann2004\n  authors: [\"Gassmann, O.\", \"Enkel, E.\"]\n  year: 2004\n  title: U\n";
        let records: Vec<ReferenceRecord> = serde_saphyr::from_str(yaml).unwrap();
        let located: Vec<_> =
            records.into_iter().map(|record| Located { path: "r".into(), record }).collect();
        Bibliography::from_records(&located)
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let b = Bibliography::default();
        let r = render("## Intro\n\n### Intro\n\n## Done {#end}\n\n#### Deep\n", options(&b));
        assert!(r.html.contains(r#"<h2 id="intro">"#));
        assert!(r.html.contains(r#"<h3 id="intro-2">"#));
        assert!(r.html.contains(r#"<h2 id="end">"#));
        let ids: Vec<_> = r.toc.iter().map(|t| (t.level, t.id.as_str())).collect();
        assert_eq!(ids, [(2, "intro"), (3, "intro-2"), (2, "end")]);
    }

    #[test]
    fn raw_html_is_escaped_unless_allowed_and_comments_dropped() {
        let src = "<script>alert(1)</script>\n\nText <b>bold</b> <!-- note -->\n";
        let b = Bibliography::default();
        let r = render(src, options(&b));
        assert!(!r.html.contains("<script>"));
        assert!(r.html.contains("&lt;script&gt;"));
        assert!(!r.html.contains("note"));
        let r = render(src, MarkdownOptions { allow_raw_html: true, ..options(&b) });
        assert!(r.html.contains("<b>bold</b>"));
    }

    #[test]
    fn extensions_are_on() {
        let b = Bibliography::default();
        let r = render("a | b\n--|--\n1 | 2\n\n~~x~~ \"q\"[^1]\n\n[^1]: n\n", options(&b));
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("“q”"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn citations_become_author_year_links() {
        let b = bibliography();
        let r = render("Open [@gassmann2004; @segers2015, p. 4]. As @segers2015 shows.\n", options(&b));
        assert!(r.html.contains(
            r#"(<a class="citation" href="../../references/#gassmann2004">Gassmann and Enkel, 2004</a>; <a class="citation" href="../../references/#segers2015">Segers, 2015</a>, p. 4)"#
        ), "{}", r.html);
        assert!(
            r.html.contains(
                r#"Segers (<a class="citation" href="../../references/#segers2015">2015</a>) shows"#
            )
        );
        assert_eq!(r.citations, ["gassmann2004", "segers2015"]);
        assert!(r.problems.is_empty());
    }

    #[test]
    fn unknown_citation_keys_are_problems_at_their_position() {
        let b = bibliography();
        let src = "## Title\n\nText [@segers2051].\n";
        let r = render(src, options(&b));
        assert_eq!(r.problems.len(), 1);
        let d = &r.diagnostics(src, std::path::Path::new("c.md"), 4)[0];
        assert_eq!((d.line, d.col), (7, 7));
        assert_eq!(d.message, "unknown citation key `segers2051`");
        assert!(d.help.as_deref().unwrap().contains("did you mean `segers2015`?"));
    }
}
