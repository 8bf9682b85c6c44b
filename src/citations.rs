//! Pandoc-style citations in prose: `[@key]`, `[@key, p. 4]`, `[@a; @b]` and narrative `@key`.
//! [`scan`] finds them in a run of text; [`Bibliography`] turns keys into author-year labels
//! ("Segers, 2015"), taken from `content/data/references.yaml`.

use std::collections::HashMap;

use crate::content::apparatus::{Located, ReferenceRecord};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// How a reference is named in a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteLabel {
    /// "Segers", "Gassmann and Enkel", "Michelino et al.".
    pub author: String,
    /// "2015", "2015b" (the key's letter, when the key has one), "n.d.".
    pub year: String,
}

/// Citation labels by reference key.
#[derive(Debug, Default, Clone)]
pub struct Bibliography {
    labels: HashMap<String, CiteLabel>,
}

impl Bibliography {
    pub fn from_records(references: &[Located<ReferenceRecord>]) -> Self {
        let labels = references
            .iter()
            .map(|r| {
                let r = &r.record;
                let author = author_label(&r.authors, r.title.as_deref().unwrap_or(&r.key.value));
                let year = match r.year {
                    Some(year) => format!("{year}{}", year_suffix(&r.key.value, year)),
                    None => "n.d.".to_string(),
                };
                (r.key.value.clone(), CiteLabel { author, year })
            })
            .collect();
        Bibliography { labels }
    }

    pub fn get(&self, key: &str) -> Option<&CiteLabel> {
        self.labels.get(key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.labels.keys().map(String::as_str)
    }
}

/// Every reference whose `url` [`crate::url::check`] refuses (the bibliography page makes it a
/// link), placed at the reference's key: records keep no position for `url`.
pub fn url_problems(references: &[Located<ReferenceRecord>]) -> Diagnostics {
    let mut problems = Diagnostics::default();
    for Located { path, record } in references {
        let Some(url) = &record.url else { continue };
        if let Err(error) = crate::url::check(url) {
            let (line, col) =
                (record.key.referenced.line() as usize, record.key.referenced.column() as usize);
            let message = format!("reference `{}`: {}", record.key.value, error.message("url", url));
            problems.push(Diagnostic::new(path, message).at(line, col).help(error.help()));
        }
    }
    problems
}

/// The surname of "Segers, J.P." (an organisation keeps its whole name).
pub fn surname(author: &str) -> &str {
    author.split(',').next().unwrap_or(author).trim()
}

/// "Segers", "Gassmann and Enkel", "Michelino et al."; `fallback` when there is no author.
pub fn author_label(authors: &[String], fallback: &str) -> String {
    match authors {
        [] => fallback.to_string(),
        [one] => surname(one).to_string(),
        [a, b] => format!("{} and {}", surname(a), surname(b)),
        [first, ..] => format!("{} et al.", surname(first)),
    }
}

/// The letter after the year in a key such as `essencia2015b`, which tells same-year works apart.
fn year_suffix(key: &str, year: i32) -> &str {
    let year = year.to_string();
    match key.rfind(&year) {
        Some(at) => {
            let rest = &key[at + year.len()..];
            if rest.len() == 1 && rest.bytes().all(|b| b.is_ascii_lowercase()) { rest } else { "" }
        }
        None => "",
    }
}

/// One cited work inside a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem<'a> {
    pub key: &'a str,
    pub locator: Option<&'a str>,
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
                (Segment::Narrative(CiteItem { key, locator: None, offset: i }), i + 1 + key.len())
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

/// A key starting at `start`: `[a-z0-9][a-z0-9-]*`, without a trailing `-`.
fn key_at(text: &str, start: usize) -> Option<&str> {
    let rest = &text[start..];
    let len = rest.bytes().take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-').count();
    let key = rest[..len].trim_end_matches('-');
    (!key.is_empty() && !key.starts_with('-')).then_some(key)
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
        let body = trimmed.strip_prefix('@')?;
        let key = key_at(text, at + 1)?;
        let rest = body[key.len()..].trim();
        let locator = match rest {
            "" => None,
            _ => Some(rest.strip_prefix(',')?.trim()).filter(|l| !l.is_empty()),
        };
        items.push(CiteItem { key, locator, offset: at });
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

    #[test]
    fn labels() {
        assert_eq!(author_label(&["Segers, J.P.".into()], "x"), "Segers");
        assert_eq!(author_label(&["Gassmann, O.".into(), "Enkel, E.".into()], "x"), "Gassmann and Enkel");
        assert_eq!(author_label(&["A, B.".into(), "C, D.".into(), "E, F.".into()], "x"), "A et al.");
        assert_eq!(year_suffix("essencia2015b", 2015), "b");
        assert_eq!(year_suffix("segers2015", 2015), "");
    }
}
