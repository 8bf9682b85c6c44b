//! Moving HTML written for one page onto another (the print page, which holds every chapter):
//! its ids get a prefix, so that two chapters' `#introduction` or footnote `#1` stay distinct on
//! the one page; links to a page the new page holds become links to its anchor there; other
//! relative links and sources are written again from the new page's folder; headings can go
//! down a level under a new title.
//!
//! The HTML is folio's own output (Markdown rendered by pulldown-cmark, charts, formatted
//! citations), where text never holds a raw `<` or `"`: a scan from tag to tag that reads each
//! tag's attributes is enough, and text between tags is copied untouched.

use std::collections::HashMap;

/// Where a page the new page holds begins on it, and how its own anchors are named there.
#[derive(Debug, Clone, Hash)]
pub struct Anchor {
    /// The id of the part of the new page that holds it.
    pub id: String,
    /// The prefix its ids were given (a link to `page/#x` goes to `#<prefix>x`); `None` when
    /// its anchors are not kept, and such a link goes to `id`.
    pub fragments: Option<String>,
    /// The folder of the print page that holds it, from the site root (`print/`): a long
    /// report is printed in volumes, and a link to another volume leaves the page.
    pub page: String,
}

/// The pages the new page holds, by their root-relative address (`chapters/intro/`).
pub type Anchors = HashMap<String, Anchor>;

/// How one piece of HTML moves.
pub struct Move<'a> {
    /// The folder of the page it was written for, from the site root (`chapters/intro/`).
    pub from: &'a str,
    /// The way from the new page up to the site root (`../`).
    pub root: &'a str,
    /// The new page's folder, from the site root (`print/`).
    pub page: &'a str,
    /// The prefix its ids get.
    pub ids: &'a str,
    /// Headings go down this many levels (at most to `h6`).
    pub demote: u8,
    pub anchors: &'a Anchors,
}

/// Attributes that hold one id.
const ID: &[&str] = &["id", "for"];

/// Attributes that hold a space-separated list of ids.
const ID_LISTS: &[&str] = &["aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "headers"];

/// Attributes that hold an address a reader follows.
const LINKS: &[&str] = &["href", "xlink:href"];

/// Attributes that hold an address the browser loads.
const SOURCES: &[&str] = &["src", "poster"];

/// Elements whose content is not HTML: copied as is up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style"];

/// `html` as it reads on the new page.
pub fn relocate(html: &str, how: &Move) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    relocate_into(&mut out, html, how);
    out
}

/// Appends `html` to `out` as it reads on the new page.
pub fn relocate_into(out: &mut String, html: &str, how: &Move) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let (closing, after) = match rest.strip_prefix("</") {
            Some(after) => (true, after),
            None => (false, &rest[1..]),
        };
        let name_len =
            after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':')).unwrap_or(after.len());
        if name_len == 0 {
            // A `<` that opens no tag: copied as text.
            out.push('<');
            rest = &rest[1..];
            continue;
        }
        let name = &after[..name_len];
        out.push_str(if closing { "</" } else { "<" });
        out.push_str(&heading(name, how.demote).unwrap_or_else(|| name.to_string()));
        rest = attributes(&after[name_len..], how, out);
        if !closing && RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(name)) {
            let end = find_ignore_case(rest, &format!("</{name}")).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
}

/// `h3` for `h2` demoted by one, never past `h6`; `None` for any other element.
fn heading(name: &str, demote: u8) -> Option<String> {
    let level = name.strip_prefix(['h', 'H'])?.parse::<u8>().ok().filter(|l| (1..=6).contains(l))?;
    (demote > 0).then(|| format!("h{}", (level + demote).min(6)))
}

/// Copies a tag's attributes (after its name) up to and including its `>`, rewriting the
/// values that name ids or addresses; returns what follows the tag.
fn attributes<'h>(mut tag: &'h str, how: &Move, out: &mut String) -> &'h str {
    loop {
        let spaces = tag.len() - tag.trim_start().len();
        out.push_str(&tag[..spaces]);
        tag = &tag[spaces..];
        match tag.chars().next() {
            None => return tag,
            Some('>') => {
                out.push('>');
                return &tag[1..];
            }
            Some('/') => {
                out.push('/');
                tag = &tag[1..];
                continue;
            }
            Some(_) => {}
        }
        let name_len =
            tag.find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/')).unwrap_or(tag.len());
        let name = &tag[..name_len];
        out.push_str(name);
        tag = &tag[name_len..];
        let Some(value) = tag.strip_prefix('=') else { continue };
        let (quote, value_len, skip) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => (Some(q), value[1..].find(q).unwrap_or(value.len() - 1), 1),
            _ => (None, value.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(value.len()), 0),
        };
        let text = &value[skip..skip + value_len];
        out.push('=');
        let quote = quote.unwrap_or('"');
        out.push(quote);
        out.push_str(&rewrite(&name.to_ascii_lowercase(), text, how));
        out.push(quote);
        tag = value.get(skip + value_len + skip..).unwrap_or_default();
    }
}

/// The value of attribute `name` on the new page.
fn rewrite(name: &str, value: &str, how: &Move) -> String {
    if ID.contains(&name) {
        format!("{}{value}", how.ids)
    } else if ID_LISTS.contains(&name) {
        value.split_whitespace().map(|id| format!("{}{id}", how.ids)).collect::<Vec<_>>().join(" ")
    } else if LINKS.contains(&name) {
        link(value, how, true)
    } else if SOURCES.contains(&name) {
        link(value, how, false)
    } else {
        value.to_string()
    }
}

/// An address on the new page: an anchor of its own when `to_anchor` and the target is on it,
/// else the same target reached from the new page's folder. Addresses off the site (or refused
/// by [`crate::url::check`], which the Markdown stage has already reported) are kept.
fn link(value: &str, how: &Move, to_anchor: bool) -> String {
    if let Some(fragment) = value.strip_prefix('#') {
        return if fragment.is_empty() { value.to_string() } else { format!("#{}{fragment}", how.ids) };
    }
    if crate::url::check(value) != Ok(crate::url::Target::Relative) {
        return value.to_string();
    }
    let (before_fragment, fragment) = match value.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (value, None),
    };
    let (path, query) = match before_fragment.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (before_fragment, None),
    };
    let mut target = String::new();
    crate::url::resolve_into(how.from, path, &mut target);
    if to_anchor && let Some(anchor) = how.anchors.get(&target) {
        let id = match (fragment.filter(|f| !f.is_empty()), &anchor.fragments) {
            (Some(fragment), Some(prefix)) => format!("{prefix}{fragment}"),
            _ => anchor.id.clone(),
        };
        return match anchor.page == how.page {
            true => format!("#{id}"),
            false => format!("{}{}#{id}", how.root, anchor.page),
        };
    }
    let mut out = format!("{}{target}", how.root);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// Where `needle` (ASCII) first occurs in `haystack`, ignoring ASCII case.
fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    (0..=hay.len().checked_sub(needle.len())?)
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors() -> Anchors {
        let mut anchors = Anchors::new();
        let anchor = |id: &str, fragments: Option<&str>| Anchor {
            id: id.into(),
            fragments: fragments.map(Into::into),
            page: "print/".into(),
        };
        anchors.insert("chapters/a/".into(), anchor("chapter-a", Some("chapter-a_")));
        anchors.insert("chapters/b/".into(), anchor("chapter-b", Some("chapter-b_")));
        anchors.insert("references/".into(), anchor("appendix-references", Some("ref-")));
        anchors.insert("tables/t1/".into(), anchor("table-t1", None));
        let later = Anchor {
            id: "chapter-c".into(),
            fragments: Some("chapter-c_".into()),
            page: "print/page_2/".into(),
        };
        anchors.insert("chapters/c/".into(), later);
        anchors
    }

    fn moved(html: &str) -> String {
        let anchors = anchors();
        relocate(
            html,
            &Move {
                from: "chapters/a/",
                root: "../",
                page: "print/",
                ids: "chapter-a_",
                demote: 1,
                anchors: &anchors,
            },
        )
    }

    #[test]
    fn ids_and_their_references_get_the_prefix() {
        assert_eq!(
            moved(r##"<h2 id="intro">Intro</h2><sup><a href="#1">1</a></sup><div id="1"></div>"##),
            r##"<h3 id="chapter-a_intro">Intro</h3><sup><a href="#chapter-a_1">1</a></sup><div id="chapter-a_1"></div>"##
        );
        assert_eq!(
            moved(r#"<svg role="img" aria-labelledby="f-title  f-desc"><title id="f-title">T</title></svg>"#),
            r#"<svg role="img" aria-labelledby="chapter-a_f-title chapter-a_f-desc"><title id="chapter-a_f-title">T</title></svg>"#
        );
    }

    #[test]
    fn links_to_held_pages_become_anchors_and_others_are_reached_from_the_new_folder() {
        assert_eq!(moved(r#"<a href="../b/">b</a>"#), r##"<a href="#chapter-b">b</a>"##);
        assert_eq!(
            moved(r#"<a href="../../chapters/b/#fig-x">b</a>"#),
            r##"<a href="#chapter-b_fig-x">b</a>"##
        );
        assert_eq!(moved(r#"<a href="../a/#s">self</a>"#), r##"<a href="#chapter-a_s">self</a>"##);
        // A page held by another volume of the print page is reached there.
        assert_eq!(moved(r#"<a href="../c/#s">c</a>"#), r##"<a href="../print/page_2/#chapter-c_s">c</a>"##);
        assert_eq!(moved(r#"<a href="../c/">c</a>"#), r##"<a href="../print/page_2/#chapter-c">c</a>"##);
        assert_eq!(
            moved(r#"<a href="../../references/#smith2004">S</a>"#),
            r##"<a href="#ref-smith2004">S</a>"##
        );
        assert_eq!(moved(r#"<a href="../../tables/t1/#notes">T</a>"#), r##"<a href="#table-t1">T</a>"##);
        assert_eq!(
            moved(r#"<a href="../../firms/x/?a=1&amp;b=2#y">x</a>"#),
            r#"<a href="../firms/x/?a=1&amp;b=2#y">x</a>"#
        );
        assert_eq!(moved(r#"<a href="../../">home</a>"#), r#"<a href="../">home</a>"#);
        assert_eq!(moved(r#"<img src="fig.png" alt="">"#), r#"<img src="../chapters/a/fig.png" alt="">"#);
        assert_eq!(
            moved(r#"<img src="../../tables/t1/x.svg">"#),
            r#"<img src="../tables/t1/x.svg">"#,
            "sources are never anchors"
        );
        for kept in ["https://example.org/#x", "mailto:a@b.be", "//cdn.org/x", "javascript:x", "#"] {
            let html = format!(r#"<a href="{kept}">x</a>"#);
            assert_eq!(moved(&html), html);
        }
    }

    #[test]
    fn text_comments_and_raw_text_are_copied_untouched() {
        let html = "<p>a &lt;b id=\"x\"&gt; c</p><!-- <a href=\"../b/\"> --><script>if (a<b) x = '<a href=\"#y\">';</script><p>1 < 2</p>";
        assert_eq!(moved(html), html);
        assert_eq!(
            moved("<H2 ID='x'>X</H2><br/><input disabled>"),
            "<h3 ID='chapter-a_x'>X</h3><br/><input disabled>"
        );
        assert_eq!(moved("<h6 id=x>X</h6>"), "<h6 id=\"chapter-a_x\">X</h6>");
        assert_eq!(
            moved("<p title=\"t"),
            "<p title=\"t\"",
            "an unclosed tag ends the text without panicking"
        );
    }
}
