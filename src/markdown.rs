//! Markdown → HTML for chapters and case bodies: CommonMark plus tables, footnotes, strikethrough,
//! smart punctuation and heading attributes; unique, stable heading ids and a table of contents;
//! raw HTML escaped unless the site allows it (HTML comments are dropped: they are author notes).

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

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
    /// Plain text of the document (for search and summaries).
    pub text: String,
}

/// Rendering switches taken from the site config.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownOptions {
    pub allow_raw_html: bool,
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
    let mut events: Vec<Event> = Parser::new_ext(source, parser_options()).collect();
    let toc = assign_heading_ids(&mut events);
    let mut text = String::new();
    let events: Vec<Event> = events
        .into_iter()
        .filter_map(|event| {
            if let Event::Text(t) | Event::Code(t) = &event {
                text.push_str(t);
                text.push(' ');
            }
            guard_raw_html(event, options.allow_raw_html)
        })
        .collect();
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    Rendered {
        html: out,
        toc,
        text,
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
            if slug.is_empty() {
                "section".to_string()
            } else {
                slug
            }
        });
        let unique = unique_id(&base, &used);
        used.push(unique.clone());
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
            *id = Some(CowStr::from(unique.clone()));
        }
        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
            toc.push(TocEntry {
                level: level as u8,
                id: unique,
                title: title.trim().to_string(),
            });
        }
        i = j;
    }
    toc
}

fn unique_id(base: &str, used: &[String]) -> String {
    if !used.iter().any(|u| u == base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !used.contains(c))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let r = render(
            "## Intro\n\n### Intro\n\n## Done {#end}\n\n#### Deep\n",
            MarkdownOptions::default(),
        );
        assert!(r.html.contains(r#"<h2 id="intro">"#));
        assert!(r.html.contains(r#"<h3 id="intro-2">"#));
        assert!(r.html.contains(r#"<h2 id="end">"#));
        let ids: Vec<_> = r.toc.iter().map(|t| (t.level, t.id.as_str())).collect();
        assert_eq!(ids, [(2, "intro"), (3, "intro-2"), (2, "end")]);
    }

    #[test]
    fn raw_html_is_escaped_unless_allowed_and_comments_dropped() {
        let src = "<script>alert(1)</script>\n\nText <b>bold</b> <!-- note -->\n";
        let r = render(src, MarkdownOptions::default());
        assert!(!r.html.contains("<script>"));
        assert!(r.html.contains("&lt;script&gt;"));
        assert!(!r.html.contains("note"));
        let r = render(
            src,
            MarkdownOptions {
                allow_raw_html: true,
            },
        );
        assert!(r.html.contains("<b>bold</b>"));
    }

    #[test]
    fn extensions_are_on() {
        let r = render(
            "a | b\n--|--\n1 | 2\n\n~~x~~ \"q\"[^1]\n\n[^1]: n\n",
            MarkdownOptions::default(),
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("“q”"));
        assert!(r.html.contains("footnote"));
    }
}
