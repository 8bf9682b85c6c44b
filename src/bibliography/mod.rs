//! The bibliography from the researcher's own files, formatted by a CSL style through
//! hayagriva: [`sources`] reads `.bib`, CSL-JSON and `references.yaml` into [`Work`]s,
//! [`style`] resolves the style chosen in `folio.yaml`, [`format`] turns every citation of the
//! site and the reference list into HTML in one pass.

pub mod format;
pub mod sources;
pub mod style;

use std::path::PathBuf;

/// One work of the bibliography, with where its key is written.
#[derive(Debug, Clone)]
pub struct Work {
    pub key: String,
    /// The file, relative to the site folder.
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub entry: hayagriva::Entry,
}

/// Whether `key` can be cited as `@key`: a letter, digit or `_`, then letters, digits and
/// `_ - : .`, not ending in punctuation (a sentence's full stop is not part of the key).
pub fn citable(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'))
        && key.chars().last().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The year of a work's date (or its parent's).
pub fn year(entry: &hayagriva::Entry) -> Option<i32> {
    entry.date_any().map(|d| d.year)
}

/// "Segers, J.P.": a person as written in a reference list.
pub fn person(p: &hayagriva::types::Person) -> String {
    p.name_first(false, false)
}
