//! Markdown → HTML for chapters and case bodies: CommonMark plus tables, footnotes, strikethrough,
//! smart punctuation and heading attributes; unique, stable heading ids and a table of contents;
//! raw HTML escaped unless the site allows it (HTML comments are dropped: they are author notes);
//! Pandoc citations resolved against the bibliography and linked to it.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

mod fence;
pub mod inline;

pub use fence::{BlockProblem, Blocks, NoBlocks};

use crate::citations::Bibliography;
use crate::diagnostic::{Diagnostic, line_col};
use crate::xref::Xrefs;
use fence::{OpenCode, code_block};
use inline::{Located, cite, computed};

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
    /// Every citation of works, in order; `html` holds a marker for each
    /// ([`inline::marker`]) until they are formatted with the site's others.
    pub cites: Vec<crate::bibliography::format::Citation>,
    /// Problems found (unknown citation keys), by byte offset in the source.
    pub problems: Vec<Problem>,
    /// What works but is probably not meant (a level-1 heading), by byte offset.
    pub warnings: Vec<Problem>,
    /// Every link written in the document: its target and 1-based line and column in the
    /// source, for the link check.
    pub links: Vec<(String, (usize, usize))>,
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
            target.push_str(text);
        }
    }

    /// Separates the words of two lines or blocks (text within a line runs on: "**NBFs**.").
    fn push_break(&mut self) {
        if let Some(section) = self.sections.last_mut()
            && !section.text.is_empty()
            && !section.text.ends_with(' ')
        {
            section.text.push(' ');
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
        placed(&self.problems, source, path, line_offset)
    }

    /// The warnings, placed like [`Rendered::diagnostics`].
    pub fn warnings(&self, source: &str, path: &std::path::Path, line_offset: usize) -> Vec<Diagnostic> {
        placed(&self.warnings, source, path, line_offset).into_iter().map(Diagnostic::warning).collect()
    }
}

/// `problems` as diagnostics of `path`, whose Markdown starts after `line_offset` lines.
fn placed(problems: &[Problem], source: &str, path: &std::path::Path, line_offset: usize) -> Vec<Diagnostic> {
    let at = positions(source, problems.iter().map(|p| p.offset));
    problems
        .iter()
        .zip(at)
        .map(|(p, (line, col))| {
            let d = Diagnostic::new(path, p.message.clone()).at(line + line_offset, col);
            match &p.help {
                Some(help) => d.help(help.clone()),
                None => d,
            }
        })
        .collect()
}

/// [`line_col`] of each of `offsets`, in one pass over `source` when they ascend.
pub fn positions(source: &str, offsets: impl Iterator<Item = usize>) -> Vec<(usize, usize)> {
    let (mut at, mut line, mut line_start) = (0, 1, 0);
    offsets
        .map(|offset| {
            let mut offset = offset.min(source.len());
            while !source.is_char_boundary(offset) {
                offset -= 1;
            }
            if offset < at {
                return line_col(source, offset);
            }
            // Newlines found by memchr, rather than tested byte by byte: a chapter with many
            // links is walked at the speed of a memory scan.
            let between = &source.as_bytes()[at..offset];
            line += memchr::memchr_iter(b'\n', between).count();
            if let Some(last) = memchr::memrchr(b'\n', between) {
                line_start = at + last + 1;
            }
            at = offset;
            (line, source[line_start..offset].chars().count() + 1)
        })
        .collect()
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
    let mut link_offsets = Vec::new();
    let mut code: Option<OpenCode> = None;
    let mut in_heading = false;
    for (mut event, range) in events.into_iter().zip(ranges) {
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
        // Checked in place: an event is 80 bytes, and every move of one is a copy.
        checked_url(&mut event, range.start, &mut rendered.problems);
        checked_heading(&mut event, range.start, options.allow_raw_html, &mut rendered.problems);
        match &event {
            Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) => rendered.warnings.push(Problem {
                offset: range.start,
                message: "a level-1 heading (`#`): the page's title is already its one level-1 heading"
                    .into(),
                help: Some(
                    "start the page's sections at `##`; the title comes from the front matter's `title`"
                        .into(),
                ),
            }),
            Event::Start(Tag::Heading { level: HeadingLevel::H2 | HeadingLevel::H3, id, .. }) => {
                let id = id.as_ref().map(|i| i.to_string());
                rendered.sections.push(SectionText { id, ..SectionText::default() });
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListDefinition,
            ) => rendered.push_break(),
            Event::Start(Tag::Link { dest_url, .. }) => {
                link_offsets.push((dest_url.to_string(), range.start))
            }
            _ => {}
        }
        // Text written in the source goes to the search index as readers see it: citations,
        // cross-references and computed figures resolved (raw HTML, even escaped, does not).
        let written = matches!(event, Event::Text(_));
        match guard_raw_html(event, options.allow_raw_html) {
            Some(Event::Start(Tag::CodeBlock(kind))) => {
                code = Some(OpenCode { kind, offset: range.start, body: String::new() })
            }
            // Most text cites nothing: it goes out as it came, without a copy.
            Some(Event::Text(t)) if memchr::memchr2(b'[', b'@', t.as_bytes()).is_none() => {
                if written {
                    rendered.push_text(&t, in_heading);
                }
                out_events.push(Event::Text(t));
            }
            Some(Event::Text(t)) => {
                let at = Located { source: &source[range.clone()], start: range.start };
                let plain = cite(&t, at, options, &mut rendered, &mut out_events);
                if written {
                    rendered.push_text(&plain, in_heading);
                }
            }
            Some(Event::Code(code)) if code.starts_with('=') => {
                let (event, plain) = computed(&code[1..], range.start, options, &mut rendered);
                rendered.push_text(&plain, in_heading);
                out_events.push(event)
            }
            Some(Event::Code(code)) => {
                rendered.push_text(&code, in_heading);
                out_events.push(Event::Code(code))
            }
            Some(other) => out_events.push(other),
            None => {}
        }
    }
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, out_events.into_iter());
    // Kept until the pages are written, with every other chapter's: without the room grown
    // while writing (up to half again), 10,000 chapters hold some 30 MB less.
    out.shrink_to_fit();
    rendered.html = out;
    for section in &mut rendered.sections {
        section.text.shrink_to_fit();
    }
    let positions = positions(source, link_offsets.iter().map(|(_, offset)| *offset));
    rendered.links = link_offsets.into_iter().map(|(href, _)| href).zip(positions).collect();
    rendered
}

/// Parses `source`, joining adjacent text events (the parser splits text at `[`, `]` ...), so
/// that citations arrive whole. Returns the events and their source ranges.
fn merged_events(source: &str) -> (Vec<Event<'_>>, Vec<Range<usize>>) {
    // About one event per 16 bytes of prose: room made once, not grown one doubling at a time.
    let mut events: Vec<Event> = Vec::with_capacity(source.len() / 16);
    let mut ranges: Vec<Range<usize>> = Vec::with_capacity(source.len() / 16);
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

/// Checks the address of a link or image with [`crate::url::check`]. A refused one is a
/// problem, and is emptied in the output, so that not even a page of a failed build links it.
fn checked_url(event: &mut Event, offset: usize, problems: &mut Vec<Problem>) {
    let (what, dest_url) = match event {
        Event::Start(Tag::Link { dest_url, .. }) => ("link", dest_url),
        Event::Start(Tag::Image { dest_url, .. }) => ("image", dest_url),
        _ => return,
    };
    if let Err(error) = crate::url::check(dest_url) {
        let help = Some(error.help().to_string());
        problems.push(Problem { offset, message: error.message(what, dest_url), help });
        *dest_url = CowStr::Borrowed("");
    }
}

/// Checks a heading's `{#id key=value}` attributes. Key-value attributes are raw HTML by
/// another name (`{onclick=...}` writes an event handler), so they need `allow_raw_html`; an id
/// with a space or a control character cannot be linked to. Either is a problem, and is left
/// out of the output.
fn checked_heading(event: &mut Event, offset: usize, allow_raw_html: bool, problems: &mut Vec<Problem>) {
    let Event::Start(Tag::Heading { id, attrs, .. }) = event else { return };
    if let Some((key, _)) = attrs.first().filter(|_| !allow_raw_html) {
        problems.push(Problem {
            offset,
            message: format!("heading attribute `{}` is not allowed", key.escape_debug()),
            help: Some(
                "headings take `{#id}` and `{.class}`; other attributes need `allow_raw_html: true`".into(),
            ),
        });
        attrs.clear();
    }
    if let Some(bad) = id.as_ref().filter(|id| id.chars().any(|c| c.is_whitespace() || c.is_control())) {
        problems.push(Problem {
            offset,
            message: format!("invalid heading id `{}`", bad.escape_debug()),
            help: Some("an id has no spaces or control characters, e.g. `{#open-innovation}`".into()),
        });
        *id = None;
    }
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
    let mut ids = crate::content::UniqueIds::default();
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
        let unique = ids.claim(base);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::apparatus::ReferenceRecord;
    use std::collections::HashSet;

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
        let works: Vec<_> = records
            .iter()
            .map(|r| crate::bibliography::sources::yaml_record(std::path::Path::new("r"), r).unwrap().0)
            .collect();
        Bibliography::from_works(&works)
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

    /// The ids the first implementation gave (first free suffix from 2, by scanning a list): the
    /// oracle that the linear [`crate::content::UniqueIds`] must agree with.
    fn ids_by_scanning(bases: &[&str]) -> Vec<String> {
        let mut used: Vec<String> = Vec::new();
        for base in bases {
            let id = if used.iter().any(|u| u == base) {
                (2..).map(|n| format!("{base}-{n}")).find(|c| !used.contains(c)).unwrap_or_default()
            } else {
                base.to_string()
            };
            used.push(id);
        }
        used
    }

    #[test]
    fn heading_ids_match_the_first_implementation_and_never_collide_with_literal_suffixes() {
        let bases = [
            "same", "same-2", "same", "same", "same-3", "same", "same-2", "same-2", "same-2-2", "a", "a-1",
            "a", "a-0", "a", "a-02", "a", "section", "section", "same-5",
        ];
        let mut ids = crate::content::UniqueIds::default();
        let claimed: Vec<String> = bases.iter().map(|b| ids.claim(b.to_string())).collect();
        assert_eq!(claimed, ids_by_scanning(&bases));
        let distinct: HashSet<&String> = claimed.iter().collect();
        assert_eq!(distinct.len(), claimed.len(), "{claimed:?}");
    }

    /// Regression: ids were found by trying suffix after suffix against a list (O(n³)); 20,000
    /// identical headings must render (quickly: see `benches/markdown.rs`) with distinct ids.
    #[test]
    fn twenty_thousand_identical_headings_get_twenty_thousand_distinct_ids() {
        let b = Bibliography::default();
        let r = render(&"## Same\n\n".repeat(20_000), options(&b));
        let ids: HashSet<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), 20_000);
        assert!(ids.contains("same") && ids.contains("same-2") && ids.contains("same-20000"));
        assert_eq!(r.html.matches("<h2 id=\"").count(), 20_000);
    }

    /// Regression (found by the property tests): `{# oN}` and `{onclick=...}` wrote attributes
    /// into the heading tag with raw HTML off, and `{#a\0 }` an id that no link can name.
    #[test]
    fn heading_attributes_need_raw_html_and_ids_no_spaces_or_controls() {
        let b = Bibliography::default();
        let src = "## One {onclick=alert(1)}\n\n##  {# oN}\n\n## Two {#a\0b}\n\n## Three {#ok .wide}\n";
        let r = render(src, options(&b));
        assert!(!r.html.to_lowercase().contains(" on"), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="ok" class="wide">"#), "{}", r.html);
        let messages: Vec<_> = r.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "heading attribute `onclick` is not allowed",
                "heading attribute `oN` is not allowed",
                "invalid heading id `a\\0b`"
            ]
        );
        let r = render("## One {onclick=x}\n", MarkdownOptions { allow_raw_html: true, ..options(&b) });
        assert!(r.problems.is_empty() && r.html.contains("onclick"), "raw HTML allowed: trusted");
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
    fn positions_in_one_pass_match_positions_one_by_one() {
        let source = "ab\ncé d\n\nxyz\n";
        let offsets = [0, 1, 3, 5, 6, 8, 9, 12, 4, 100];
        let expected: Vec<_> = offsets.iter().map(|&o| line_col(source, o)).collect();
        assert_eq!(positions(source, offsets.into_iter()), expected);
    }

    #[test]
    fn citations_become_markers_in_order() {
        use crate::bibliography::format::{Citation, Cited, Mode};
        let b = bibliography();
        let r = render("Open [@gassmann2004; -@segers2015, p. 4]. As @segers2015 shows.\n", options(&b));
        assert!(r.html.contains("Open \u{FDD0}0\u{FDD1}. As \u{FDD0}1\u{FDD1} shows"), "{}", r.html);
        let cited = |key: &str, locator: Option<&str>, mode| Cited {
            key: key.into(),
            locator: locator.map(str::to_string),
            mode,
        };
        assert_eq!(
            r.cites,
            [
                Citation {
                    items: vec![
                        cited("gassmann2004", None, Mode::Parenthetical),
                        cited("segers2015", Some("p. 4"), Mode::SuppressAuthor)
                    ]
                },
                Citation { items: vec![cited("segers2015", None, Mode::Narrative)] },
            ]
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
