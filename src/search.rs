//! The client-side search index, built at build time: chapter sections, records with pages
//! and tables as documents, and an inverted index from terms to documents. It is written as a
//! script (`search-index.js`) so that search also works when the site is opened from disk.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use serde::Serialize;

use crate::content::fold_accent;
use crate::fasthash::FastMap;
use crate::memo::{self, Product, Recall};
use crate::model::Data;
use crate::prose::Prose;
use crate::records::Record;
use crate::schema::Collection;

/// Words too common to help a search (sorted: looked up by binary search).
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into", "is", "it",
    "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were", "which", "with",
];

/// Characters of a document's text kept for its result's snippet, from which the script shows
/// a window around the first match. Enough for the opening sentences of a section; a longer
/// text would grow the index, which every reader downloads, with every document.
const EXCERPT: usize = 300;

/// One searchable document: title, root-relative URL, kind, the title of the page it is part
/// of (a section's chapter; empty for a whole page) and the start of its text.
#[derive(Debug, Serialize)]
struct Doc(String, String, String, String, String);

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
    /// Adds a document, part of the page titled `page` (empty for a page of its own); its
    /// excerpt is cut when the index is built.
    fn add(&mut self, title: &str, page: &str, url: String, kind: &str, text: impl Into<Cow<'a, str>>) {
        self.docs.push(Doc(title.to_string(), url, kind.to_string(), page.to_string(), String::new()));
        self.texts.push(text.into());
    }

    /// Builds the index. With a `recall`, a chunk whose documents are unchanged since the
    /// previous build reuses that build's postings.
    fn finish(self, recall: Option<&Recall>) -> Index {
        let Builder { mut docs, texts } = self;
        docs.par_iter_mut().zip(&texts).for_each(|(doc, text)| doc.4 = excerpt(text));
        let chunks: Vec<Arc<Postings>> = texts
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(chunk, texts)| {
                let postings = || chunk_postings(chunk, texts, &docs);
                match recall {
                    Some(recall) => {
                        let titles = docs[chunk * CHUNK..].iter().take(texts.len()).map(|d| (&d.0, &d.3));
                        let key = memo::key((chunk, titles.collect::<Vec<_>>(), texts));
                        recall.get_or_make::<ChunkPostings>(key, || Arc::new(postings()))
                    }
                    None => Arc::new(postings()),
                }
            })
            .collect();
        let mut terms: FastMap<Box<str>, Vec<usize>> = FastMap::default();
        for chunk in chunks {
            for (term, ids) in chunk.iter() {
                match terms.get_mut(term) {
                    Some(all) => all.extend(ids),
                    None => {
                        terms.insert(term.clone(), ids.clone());
                    }
                }
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

/// Term → ascending ids of the documents holding it, for one chunk of documents.
pub type Postings = FastMap<Box<str>, Vec<usize>>;

/// The postings of a chunk, kept by the memo under a hash of the chunk's number and its
/// documents' titles and texts.
struct ChunkPostings;

impl Product for ChunkPostings {
    type Key = u64;
    type Value = Arc<Postings>;
}

/// The postings of chunk number `chunk`, whose documents' texts are `texts`.
fn chunk_postings(chunk: usize, texts: &[Cow<str>], docs: &[Doc]) -> Postings {
    let mut postings = Postings::default();
    for (offset, text) in texts.iter().enumerate() {
        let id = chunk * CHUNK + offset;
        // Documents come in id order, so a term already noted for this one is the last id of
        // its list.
        let mut note = |word: &str| match postings.get_mut(word) {
            Some(ids) if ids.last() == Some(&id) => {}
            Some(ids) => ids.push(id),
            None => {
                postings.insert(word.into(), vec![id]);
            }
        };
        for_each_term(&docs[id].0, &mut note);
        for_each_term(&docs[id].3, &mut note);
        for_each_term(text, &mut note);
    }
    postings
}

/// Lowercase, accent-free words of two letters or more, stopwords left out (the same rule as
/// the script's query parsing). Letters without an ASCII base split words, as in slugs.
#[cfg(test)]
fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, |term| out.push(term.to_string()));
    out
}

/// Calls `each` with the [`terms`] of `text` in order, from one reused buffer. ASCII, nearly
/// all of a report's text, is handled byte by byte; other characters are decoded one by one.
fn for_each_term(text: &str, mut each: impl FnMut(&str)) {
    let mut emit = |word: &str| {
        if word.len() >= 2 && !is_stopword(word) {
            each(word);
        }
    };
    // A word being assembled, when it is not a plain lowercase ASCII run of the text.
    let mut word = String::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let run = &text[start..i];
        let ends_word = i == bytes.len() || bytes[i].is_ascii();
        if word.is_empty() && ends_word && !run.bytes().any(|b| b.is_ascii_uppercase()) {
            emit(run);
        } else {
            let from = word.len();
            word.push_str(run);
            word[from..].make_ascii_lowercase();
            if ends_word {
                emit(&word);
                word.clear();
            }
        }
        if i == bytes.len() {
            break;
        }
        if bytes[i].is_ascii() {
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else { break };
        i += c.len_utf8();
        if !c.is_alphanumeric() {
            emit(&word);
            word.clear();
            continue;
        }
        for lower in c.to_lowercase() {
            let folded = fold_accent(lower);
            if folded.is_ascii_alphanumeric() {
                word.push(folded);
            } else {
                emit(&word);
                word.clear();
            }
        }
    }
    emit(&word);
}

fn is_stopword(word: &str) -> bool {
    word.len() <= 5 && STOPWORDS.binary_search(&word).is_ok()
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

/// The search index as a script defining `window.FOLIO_SEARCH`; indicator tables are
/// documents when the site has their pages (`tables`).
pub fn index_script(
    prose: &Prose,
    data: &Data,
    tables: bool,
    locale: &crate::locale::Locale,
    recall: Option<&Recall>,
) -> String {
    let mut b = Builder::default();
    for rendered in &prose.chapters {
        let chapter = &rendered.chapter;
        let base = format!("chapters/{}/", chapter.slug);
        for section in &rendered.body.sections {
            match &section.id {
                Some(id) => b.add(
                    &section.title,
                    &chapter.title,
                    format!("{base}#{id}"),
                    "section",
                    section.text.as_str(),
                ),
                None => b.add(&chapter.title, "", base.clone(), "chapter", section.text.as_str()),
            }
        }
    }
    for (collection, items) in data.records.iter() {
        for record in items.records.iter() {
            let Some(href) = collection.record_href(&record.id) else { continue };
            let title = crate::records::title_of(collection, record);
            let text = record_text(&data.records, collection, record, &title, locale);
            b.add(&title, "", href, &collection.label.one, text);
        }
    }
    for table in data.tables.iter().filter(|_| tables) {
        b.add(
            &table.title,
            "",
            format!("tables/{}/", table.id),
            "table",
            table.source.as_deref().unwrap_or_default(),
        );
    }
    let index = b.finish(recall);
    let mut script = ScriptWriter { out: b"window.FOLIO_SEARCH=".to_vec(), after_lt: false };
    if serde_json::to_writer(&mut script, &index).is_err() {
        script.out.truncate("window.FOLIO_SEARCH=".len());
        script.out.extend_from_slice(b"{\"docs\":[],\"terms\":{}}");
    }
    script.out.extend_from_slice(b";\n");
    // JSON text is UTF-8 and the escape adds ASCII only.
    String::from_utf8(script.out).unwrap_or_default()
}

/// A record's text for the index: its summary, then its listing's fields as `Label: value`,
/// separated by ` · ` so that a result's snippet never runs two values together. The title is
/// the result's own title and is left out.
fn record_text(
    records: &crate::records::Records,
    collection: &Collection,
    record: &Record,
    title: &str,
    locale: &crate::locale::Locale,
) -> String {
    let mut parts = Vec::new();
    let fields = collection.summary.iter().chain(&collection.listing.columns);
    for (n, &c) in fields.enumerate() {
        if c == collection.title || (n > 0 && Some(c) == collection.summary) {
            continue;
        }
        let value = crate::records::display(records, &collection.fields[c], &record.values[c], locale);
        if value.is_empty() || value == title {
            continue;
        }
        match Some(c) == collection.summary {
            true => parts.push(value),
            false => parts.push(format!("{}: {value}", collection.fields[c].label)),
        }
    }
    parts.join(" · ")
}

/// Collects JSON for a script, writing `</` as `<\/` (the same string in JSON) so that the text
/// can never close the script, whatever it holds. Escapes as it writes, with no second copy.
struct ScriptWriter {
    out: Vec<u8>,
    /// Whether the last byte written was `<` (a write may end between `<` and `/`).
    after_lt: bool,
}

impl std::io::Write for ScriptWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        for &b in bytes {
            if b == b'/' && self.after_lt {
                self.out.push(b'\\');
            }
            self.out.push(b);
            self.after_lt = b == b'<';
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_never_close_early() {
        use std::io::Write;
        let mut script = ScriptWriter { out: Vec::new(), after_lt: false };
        script.write_all(b"\"a</script><").unwrap();
        script.write_all(b"/b\"").unwrap();
        assert_eq!(String::from_utf8(script.out).unwrap(), "\"a<\\/script><\\/b\"");
    }

    #[test]
    fn stopwords_are_sorted_and_short() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOPWORDS.iter().all(|w| w.len() <= 5));
    }

    #[test]
    fn terms_split_on_letters_without_an_ascii_base() {
        assert_eq!(terms("naïve Ωmega café—bar"), ["naive", "mega", "cafe", "bar"]);
        assert_eq!(terms("ÀB Über x Ünd-zz éé"), ["ab", "uber", "und", "zz", "ee"]);
        assert_eq!(terms("plain words, Mixed CASE! r&d x1"), ["plain", "words", "mixed", "case", "x1"]);
    }

    #[test]
    fn terms_fold_case_accents_and_stopwords() {
        let t: Vec<String> = terms("The Galàpagos pipeline, and THR-687");
        assert_eq!(t, ["galapagos", "pipeline", "thr", "687"]);
    }

    #[test]
    fn excerpts_collapse_white_space_and_cut_at_a_word_end() {
        assert_eq!(excerpt("  a\n b\t c "), "a b c");
        let words = "word ".repeat(EXCERPT / 5) + "next";
        assert_eq!(excerpt(&words), format!("{}…", "word ".repeat(EXCERPT / 5).trim_end()));
        assert_eq!(excerpt(&"x".repeat(EXCERPT)), "x".repeat(EXCERPT));
    }

    #[test]
    fn excerpts_are_cut_on_a_character_boundary() {
        let long = "é".repeat(EXCERPT + 60);
        assert_eq!(excerpt(&long).chars().count(), EXCERPT + 1);
    }
}
