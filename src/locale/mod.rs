//! The reader's language: which table of interface strings a site uses ([`strings`]), and how
//! its numbers ([`numbers`]) and dates ([`dates`]) are written. A ground-floor module: charts,
//! blocks, records and pages all write words and numbers for readers, and take them from here.

pub mod dates;
pub mod numbers;
pub mod strings;

use std::path::Path;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use strings::Unusable;
pub use strings::{Key, Strings};

/// A language folio ships interface strings for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub enum Language {
    #[default]
    En,
    Fr,
    Nl,
    De,
}

/// Every shipped language with its code, in the order messages list them.
pub const LANGUAGES: &[(&str, Language)] =
    &[("en", Language::En), ("fr", Language::Fr), ("nl", Language::Nl), ("de", Language::De)];

impl Language {
    /// The language of a tag as `language:` writes it: `fr`, or with a region, `fr-BE` (the
    /// region changes nothing but `<html lang>`). `None` for a language folio does not ship.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        LANGUAGES.iter().find(|(code, _)| *code == primary).map(|&(_, language)| language)
    }

    pub fn code(self) -> &'static str {
        LANGUAGES.iter().find(|(_, l)| *l == self).map_or("en", |(code, _)| code)
    }

    /// The colon after a label ("Figure 3: "): French sets it off with a no-break space.
    pub fn colon(self) -> &'static str {
        match self {
            Language::Fr => "\u{A0}:",
            _ => ":",
        }
    }

    /// What separates the items of a list that hold commas ("Belgium 350; Spain 2,831").
    pub fn semicolon(self) -> &'static str {
        match self {
            Language::Fr => "\u{A0}; ",
            _ => "; ",
        }
    }

    /// A label lowered to run inside a sentence ("3 firms"): German keeps its nouns capitalised.
    pub fn lower(self, label: &str) -> String {
        match self {
            Language::De => label.to_string(),
            _ => label.to_lowercase(),
        }
    }
}

/// The language and its strings (the shipped table with the site's overrides).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Locale {
    pub language: Language,
    pub strings: Strings,
}

impl Locale {
    /// The shipped strings of `language`, without overrides.
    pub fn new(language: Language) -> Locale {
        Locale { language, strings: Strings::shipped(language) }
    }

    /// The text of `key`.
    pub fn text(&self, key: Key) -> &str {
        self.strings.get(key)
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: Key, values: &[(&str, &str)]) -> String {
        strings::fill(self.strings.get(key), values)
    }

    /// [`Locale::fill`] starting with a capital: for strings that may open with a label that
    /// runs lowered inside sentences ("{records} en lien" → "Entreprises en lien").
    pub fn fill_sentence(&self, key: Key, values: &[(&str, &str)]) -> String {
        let text = self.fill(key, values);
        let mut chars = text.chars();
        chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
    }
}

/// The shipped English locale, parsed once: for the data layer, whose derived datasets and
/// search documents are written before (and apart from) any site's language.
pub fn english() -> &'static Locale {
    static ENGLISH: std::sync::LazyLock<Locale> = std::sync::LazyLock::new(|| Locale::new(Language::En));
    &ENGLISH
}

impl Default for Locale {
    fn default() -> Self {
        Locale::new(Language::En)
    }
}

/// The language tag of `folio.yaml` (`shown`) and the locale it chooses, with the site's
/// `strings`; each problem goes to `diagnostics` at its place. An unknown language
/// is an error rather than English in disguise: a French report with English buttons would
/// pass unnoticed.
pub fn resolve(
    language: Option<serde_saphyr::Spanned<String>>,
    strings: Vec<(serde_saphyr::Spanned<String>, String)>,
    shown: &Path,
    diagnostics: &mut Diagnostics,
) -> (String, Locale) {
    let at =
        |s: &serde_saphyr::Spanned<String>| (s.referenced.line() as usize, s.referenced.column() as usize);
    let codes = || LANGUAGES.iter().map(|(code, _)| *code);
    let chosen = match &language {
        None => Language::En,
        Some(tag) => Language::from_tag(tag.value.trim()).unwrap_or_else(|| {
            // No "did you mean": every two-letter code is two edits from every other.
            let (line, col) = at(tag);
            diagnostics.push(
                Diagnostic::new(
                    shown,
                    format!("folio has no interface strings for the language `{}`", tag.value),
                )
                .at(line, col)
                .help(format!(
                    "languages: {} (a region may follow, as in `fr-BE`); for another language, \
                         choose the closest and translate every string under `strings:`",
                    codes().collect::<Vec<_>>().join(", ")
                )),
            );
            Language::En
        }),
    };
    let mut locale = Locale::new(chosen);
    for (key, text) in strings {
        let (line, col) = at(&key);
        let problem = match locale.strings.set(&key.value, text) {
            Ok(()) => continue,
            Err(Unusable::Key(best)) => {
                Diagnostic::new(shown, format!("unknown interface string `{}`", key.value)).help(format!(
                    "{}the keys are those of folio's table src/locale/en.yaml (README: `Language`)",
                    best.map(|b| format!("did you mean `{b}`? ")).unwrap_or_default()
                ))
            }
            Err(Unusable::Placeholder { name, given }) => Diagnostic::new(
                shown,
                format!("the string `{}` uses `{{{name}}}`, which it is never given", key.value),
            )
            .help(match given.is_empty() {
                true => "this string takes no `{…}` values".to_string(),
                false => format!("this string takes: {given}"),
            }),
        };
        diagnostics.push(problem.at(line, col));
    }
    let tag = language.map_or_else(|| "en".to_string(), |t| t.value.trim().to_string());
    (tag, locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_with_regions_choose_the_language() {
        assert_eq!(Language::from_tag("fr-BE"), Some(Language::Fr));
        assert_eq!(Language::from_tag("NL"), Some(Language::Nl));
        assert_eq!(Language::from_tag("de_AT"), Some(Language::De));
        assert_eq!(Language::from_tag("es"), None);
        assert_eq!(Language::Nl.code(), "nl");
    }
}
