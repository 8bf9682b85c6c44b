//! The client-side search index, built at build time: chapter sections, firms, partners, regions
//! and tables as documents, and an inverted index from terms to documents. It is written as a
//! script (`search-index.js`) so that search also works when the site is opened from disk.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use serde::Serialize;

use crate::content::fold_accent;
use crate::model::Data;
use crate::pages::labels;
use crate::prose::Prose;

/// Words too common to help a search.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into", "is", "it",
    "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were", "which", "with",
];

/// Characters of section text kept as the result's excerpt.
const EXCERPT: usize = 140;

/// One searchable document: title, root-relative URL, kind, excerpt.
#[derive(Debug, Serialize)]
struct Doc(String, String, &'static str, String);

#[derive(Debug, Serialize)]
struct Index {
    docs: Vec<Doc>,
    /// Term → ids of the documents holding it, ascending and delta-encoded (each number is the
    /// gap from the previous id), which keeps the index small.
    terms: BTreeMap<String, Vec<usize>>,
}

/// Documents collected first (their text borrowed where it already exists); their terms are
/// found when the index is built.
#[derive(Default)]
struct Builder<'a> {
    docs: Vec<Doc>,
    texts: Vec<Cow<'a, str>>,
}

/// Documents indexed per parallel task: each chunk builds a small postings map, and chunks are
/// merged in order, so memory stays bounded by a chunk, not by every document's term list.
const CHUNK: usize = 512;

impl<'a> Builder<'a> {
    fn add(&mut self, title: &str, url: String, kind: &'static str, text: impl Into<Cow<'a, str>>) {
        let text = text.into();
        self.docs.push(Doc(title.to_string(), url, kind, excerpt(&text)));
        self.texts.push(text);
    }

    fn finish(self) -> Index {
        let Builder { docs, texts } = self;
        let chunks: Vec<HashMap<Box<str>, Vec<usize>>> = texts
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(chunk, texts)| {
                let mut postings: HashMap<Box<str>, Vec<usize>> = HashMap::new();
                for (offset, text) in texts.iter().enumerate() {
                    let id = chunk * CHUNK + offset;
                    // Documents come in id order, so a term already noted for this one is the
                    // last id of its list.
                    let mut note = |word: &str| match postings.get_mut(word) {
                        Some(ids) if ids.last() == Some(&id) => {}
                        Some(ids) => ids.push(id),
                        None => {
                            postings.insert(word.into(), vec![id]);
                        }
                    };
                    for_each_term(&docs[id].0, &mut note);
                    for_each_term(text, &mut note);
                }
                postings
            })
            .collect();
        let mut terms: HashMap<Box<str>, Vec<usize>> = HashMap::new();
        for chunk in chunks {
            for (term, ids) in chunk {
                terms.entry(term).or_default().extend(ids);
            }
        }
        let terms = terms
            .into_iter()
            .map(|(term, ids)| {
                let gaps = ids.iter().scan(0, |last, &id| Some(id - std::mem::replace(last, id))).collect();
                (term.into_string(), gaps)
            })
            .collect();
        Index { docs, terms }
    }
}

/// Lowercase, accent-free words of two letters or more, stopwords left out (the same rule as
/// the script's query parsing). Letters without an ASCII base split words, as in slugs.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, |term| out.push(term.to_string()));
    out
}

/// Calls `each` with the [`terms`] of `text` in order, from one reused buffer.
fn for_each_term(text: &str, mut each: impl FnMut(&str)) {
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        if word.len() >= 2 && !STOPWORDS.contains(&word.as_str()) {
            each(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                let folded = fold_accent(lower);
                if folded.is_ascii_alphanumeric() {
                    word.push(folded);
                } else {
                    flush(&mut word);
                }
            }
        } else {
            flush(&mut word);
        }
    }
    flush(&mut word);
}

/// The first [`EXCERPT`] characters of `text` with its white space collapsed, "…" when cut.
fn excerpt(text: &str) -> String {
    let mut out = String::new();
    let collapsed = text
        .split_whitespace()
        .enumerate()
        .flat_map(|(i, word)| (i > 0).then_some(' ').into_iter().chain(word.chars()));
    for (count, c) in collapsed.enumerate() {
        if count == EXCERPT {
            out.truncate(out.trim_end().len());
            out.push('…');
            break;
        }
        out.push(c);
    }
    out
}

/// The search index as a script defining `window.FOLIO_SEARCH`.
pub fn index_script(prose: &Prose, data: &Data) -> String {
    let mut b = Builder::default();
    for rendered in &prose.chapters {
        let chapter = &rendered.chapter;
        let base = format!("chapters/{}/", chapter.slug);
        for section in &rendered.body.sections {
            match &section.id {
                Some(id) => {
                    let title = format!("{} › {}", chapter.title, section.title);
                    b.add(&title, format!("{base}#{id}"), "section", section.text.as_str());
                }
                None => b.add(&chapter.title, base.clone(), "chapter", section.text.as_str()),
            }
        }
    }
    for firm in &data.firms {
        let partners: Vec<&str> = data
            .alliances_of(&firm.id)
            .iter()
            .filter_map(|a| data.party(&a.partner).map(|p| p.name()))
            .collect();
        let text = format!(
            "{} {} {} {} {}",
            labels::region(&firm.region),
            firm.location.as_deref().unwrap_or_default(),
            firm.platforms.join(" "),
            firm.products.join(" "),
            partners.join(" ")
        );
        b.add(&firm.name, format!("firms/{}/", firm.id), "firm", text);
    }
    for company in &data.companies {
        let text = format!(
            "{} {}",
            labels::company_kind(company.kind),
            company.country.as_deref().unwrap_or_default()
        );
        b.add(&company.name, format!("partners/{}/", company.id), "partner", text);
    }
    for region in &data.regions {
        b.add(&labels::region(region), format!("regions/{region}/"), "region", "");
    }
    for table in &data.tables {
        b.add(
            &table.title,
            format!("tables/{}/", table.id),
            "table",
            table.source.as_deref().unwrap_or_default(),
        );
    }
    let index = b.finish();
    let json = serde_json::to_string(&index).unwrap_or_else(|_| "{\"docs\":[],\"terms\":{}}".into());
    // `</` never appears inside a script this way, whatever the text holds.
    format!("window.FOLIO_SEARCH={};\n", json.replace("</", "<\\/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_fold_case_accents_and_stopwords() {
        let t: Vec<String> = terms("The Galàpagos pipeline, and THR-687");
        assert_eq!(t, ["galapagos", "pipeline", "thr", "687"]);
    }

    #[test]
    fn excerpts_collapse_white_space_and_cut_at_a_word_end() {
        assert_eq!(excerpt("  a\n b\t c "), "a b c");
        let words = "word ".repeat(28) + "next";
        assert_eq!(excerpt(&words), format!("{}…", "word ".repeat(28).trim_end()));
        assert_eq!(excerpt(&"x".repeat(EXCERPT)), "x".repeat(EXCERPT));
    }

    #[test]
    fn excerpts_are_cut_on_a_character_boundary() {
        let long = "é".repeat(200);
        assert_eq!(excerpt(&long).chars().count(), EXCERPT + 1);
    }
}
