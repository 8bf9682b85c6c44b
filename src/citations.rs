//! Pandoc-style citations in prose: `[@key]`, `[@key, p. 4]`, `[@a; @b]`, `[-@key]` (author
//! suppressed) and narrative `@key`. [`scan`] finds them in a run of text; [`Bibliography`]
//! knows which keys exist. Formatting them is [`crate::bibliography::format`]'s work.

use std::collections::BTreeMap;

use crate::bibliography::Work;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// The keys of the site's bibliography, each with a plain label for the search index.
#[derive(Debug, Default, Clone)]
pub struct Bibliography {
    labels: BTreeMap<String, (String, String)>,
}

impl Bibliography {
    pub fn from_works(works: &[Work]) -> Self {
        Bibliography { labels: works.iter().map(|w| (w.key.clone(), plain_label(&w.entry))).collect() }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.labels.contains_key(key)
    }

    /// Names and year as plain text ("Gassmann and Enkel", "2004"): what a search finds a
    /// citation by, whatever the style prints.
    pub fn label(&self, key: &str) -> Option<&(String, String)> {
        self.labels.get(key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.labels.keys().map(String::as_str)
    }
}

/// "Segers", "Gassmann and Enkel", "Michelino et al." (the title without names), and the year.
fn plain_label(entry: &hayagriva::Entry) -> (String, String) {
    let people = entry.authors().or_else(|| entry.editors()).unwrap_or_default();
    let family: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    let names = match family.as_slice() {
        [] => entry.title().map(|t| t.value.to_string()).unwrap_or_default(),
        [one] => one.to_string(),
        [a, b] => format!("{a} and {b}"),
        [first, ..] => format!("{first} et al."),
    };
    let year = crate::bibliography::year(entry).map_or_else(|| "n.d.".to_string(), |y| y.to_string());
    (names, year)
}

/// Every URL of a work (its own or its container's) that [`crate::url::check`] refuses (the
/// bibliography makes it a link), placed at the work's key.
pub fn url_problems(works: &[Work]) -> Diagnostics {
    let mut problems = Diagnostics::default();
    for work in works {
        let mut urls: Vec<String> = work.entry.url().map(|u| u.value.to_string()).into_iter().collect();
        urls.extend(work.entry.parents().iter().filter_map(|p| p.url()).map(|u| u.value.to_string()));
        for url in urls {
            if let Err(error) = crate::url::check(&url) {
                let message = format!("reference `{}`: {}", work.key, error.message("url", &url));
                problems
                    .push(Diagnostic::new(&work.path, message).at(work.line, work.col).help(error.help()));
            }
        }
    }
    problems
}

/// One cited work inside a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem<'a> {
    pub key: &'a str,
    pub locator: Option<&'a str>,
    /// `-@key`: the author is named in the sentence already.
    pub suppress_author: bool,
    /// Byte offset of `@key` in the scanned text.
    pub offset: usize,
}

/// A run of text: plain, or a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    /// `[@a; @b, p. 4]`
    Bracketed(Vec<CiteItem<'a>>),
    /// `@a`
    Narrative(CiteItem<'a>),
}

/// Splits `text` into plain text and citations.
pub fn scan(text: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    let mut plain_start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let found = match bytes[i] {
            b'[' => bracketed(text, i).map(|(items, end)| (Segment::Bracketed(items), end)),
            b'@' if i == 0 || !is_word_byte(bytes[i - 1]) => key_at(text, i + 1).map(|key| {
                (
                    Segment::Narrative(CiteItem { key, locator: None, suppress_author: false, offset: i }),
                    i + 1 + key.len(),
                )
            }),
            _ => None,
        };
        match found {
            Some((segment, end)) => {
                if plain_start < i {
                    segments.push(Segment::Text(&text[plain_start..i]));
                }
                segments.push(segment);
                plain_start = end;
                i = end;
            }
            None => i += 1,
        }
    }
    if plain_start < text.len() {
        segments.push(Segment::Text(&text[plain_start..]));
    }
    segments
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b >= 0x80
}

/// A key starting at `start`: a letter, digit or `_`, then letters, digits and `_ - : .`,
/// without trailing punctuation (`@smith2015.` ends a sentence).
fn key_at(text: &str, start: usize) -> Option<&str> {
    let rest = &text[start..];
    let len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b':' | b'.'))
        .count();
    let key = rest[..len].trim_end_matches(['-', ':', '.']);
    crate::bibliography::citable(key).then_some(key)
}

/// `[@a; @b, p. 4]` starting at `open`: the items and the offset after `]`.
fn bracketed(text: &str, open: usize) -> Option<(Vec<CiteItem<'_>>, usize)> {
    let close = open + text[open..].find(']')?;
    let inner = &text[open + 1..close];
    if inner.contains('[') {
        return None;
    }
    let mut items = Vec::new();
    let mut part_start = open + 1;
    for part in inner.split(';') {
        let leading = part.len() - part.trim_start().len();
        let at = part_start + leading;
        let trimmed = part.trim();
        let suppress_author = trimmed.starts_with("-@");
        let at = at + usize::from(suppress_author);
        let body = trimmed.strip_prefix('-').unwrap_or(trimmed).strip_prefix('@')?;
        let key = key_at(text, at + 1)?;
        let rest = body[key.len()..].trim();
        let locator = match rest {
            "" => None,
            _ => Some(rest.strip_prefix(',')?.trim()).filter(|l| !l.is_empty()),
        };
        items.push(CiteItem { key, locator, suppress_author, offset: at });
        part_start += part.len() + 1;
    }
    Some((items, close + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(key: &str, locator: Option<&str>, offset: usize) -> CiteItem<'static> {
        CiteItem {
            key: Box::leak(key.to_string().into_boxed_str()),
            locator: locator.map(|l| &*Box::leak(l.to_string().into_boxed_str())),
            suppress_author: false,
            offset,
        }
    }

    #[test]
    fn bracketed_with_locators_and_several_keys() {
        let s = scan("As shown [@segers2015, p. 4; @cooke2002].");
        assert_eq!(
            s,
            [
                Segment::Text("As shown "),
                Segment::Bracketed(vec![item("segers2015", Some("p. 4"), 10), item("cooke2002", None, 29)]),
                Segment::Text("."),
            ]
        );
    }

    #[test]
    fn suppressed_authors_and_bibtex_keys() {
        let s = scan("Segers [-@segers2015; @Smith_2001:x].");
        let Segment::Bracketed(items) = &s[1] else { panic!("{s:?}") };
        assert!(items[0].suppress_author);
        assert_eq!((items[0].key, items[0].offset), ("segers2015", 9));
        assert_eq!(items[1].key, "Smith_2001:x");
        assert!(!items[1].suppress_author);
        assert_eq!(scan("see @Smith2001.")[1], Segment::Narrative(item("Smith2001", None, 4)));
    }

    #[test]
    fn narrative_but_not_emails() {
        let s = scan("@segers2016 argues; mail info@vib.be.");
        assert_eq!(s[0], Segment::Narrative(item("segers2016", None, 0)));
        assert_eq!(s[1], Segment::Text(" argues; mail info@vib.be."));
    }

    #[test]
    fn brackets_that_are_not_citations_stay_text() {
        assert_eq!(
            scan("[see @a or b]"),
            [Segment::Text("[see "), Segment::Narrative(item("a", None, 5)), Segment::Text(" or b]")]
        );
        assert_eq!(scan("[note]"), [Segment::Text("[note]")]);
    }
}
