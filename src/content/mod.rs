//! Loading the site's content from disk: chapters (Markdown with front matter) and, in
//! [`records`], the YAML data records. Loading only reads and parses; cross-file checks live in
//! `validate`.

pub mod apparatus;
pub mod chapters;
pub mod yaml;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::diagnostic::Diagnostic;

/// The longest id or slug, in bytes. Ids become file and folder names in the output
/// (`<id>/index.html`, `<id>.json`), and most file systems refuse names over 255 bytes.
pub const MAX_SLUG_LEN: usize = 200;

/// `true` for ids and slugs folio accepts: non-empty `[a-z0-9-]+`, no leading or trailing `-`,
/// at most [`MAX_SLUG_LEN`] bytes. Ids become URL and file path segments, so nothing else may pass.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SLUG_LEN
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A diagnostic (without position: the caller knows where `id` is written) when `id` is longer
/// than [`MAX_SLUG_LEN`]; `what` names it (`slug`, `id`).
pub fn slug_too_long(id: &str, what: &str, path: &Path) -> Option<Diagnostic> {
    if id.len() <= MAX_SLUG_LEN {
        return None;
    }
    let start: String = id.chars().take(24).collect();
    Some(
        Diagnostic::new(
            path,
            format!("{what} `{start}…` is {} bytes long, more than {MAX_SLUG_LEN}", id.len()),
        )
        .help(format!("a {what} becomes a file name in the output, and file names are limited; shorten it")),
    )
}

/// Lowercase `[a-z0-9-]` form of free text: runs of anything else become one `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Ids or slugs handed out in one place (the headings of a page, the pages of the works in a
/// bibliography). A repeated base gets the first free suffix from 2 up (`intro`, `intro-2`,
/// `intro-3`), the ids folio has always given; each base remembers the
/// suffix it reached, so that n identical headings take O(n) work (trying every suffix against
/// a list took O(n³): 4,000 took a minute). A suffix already taken by a literal heading
/// ("Intro 2" → `intro-2`) is skipped.
#[derive(Debug, Default)]
pub struct UniqueIds {
    used: HashSet<String>,
    next_suffix: HashMap<String, u64>,
}

impl UniqueIds {
    /// A unique id for something whose wanted id is `base`.
    pub fn claim(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        // Suffixes below `next` are all taken (ids are never released), so the first free one
        // from `next` up is the first free one from 2 up. A skipped candidate `b-k` is an id
        // of one base only (`b`), so the skipping over a whole page is linear too.
        let next = self.next_suffix.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Latin letters with diacritics → their base letter, so "Galàpagos" slugs to "galapagos".
pub(crate) fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_rules() {
        assert!(is_slug("bone-therapeutics"));
        assert!(is_slug("h1"));
        for bad in ["", "-a", "a-", "A", "a_b", "../x", "a/b", "é"] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert!(is_slug(&"a".repeat(MAX_SLUG_LEN)));
        assert!(!is_slug(&"a".repeat(MAX_SLUG_LEN + 1)));
        let long = slug_too_long(&"a".repeat(300), "id", Path::new("x.yaml")).unwrap();
        assert_eq!(long.message, format!("id `{}…` is 300 bytes long, more than 200", "a".repeat(24)));
    }

    #[test]
    fn slugify_folds_accents_and_punctuation() {
        assert_eq!(slugify("Galàpagos' pipeline (2016)"), "galapagos-pipeline-2016");
        assert_eq!(slugify("  H1: Regions!  "), "h1-regions");
    }
}
