//! The client-side search index, built at build time: chapter sections, records with pages
//! and tables as documents, and an inverted index from terms to documents. It is written as
//! scripts, so that search also works when the site is opened from disk, and in parts, so that
//! a reader downloads what a query needs rather than the whole index (at 10,000 chapters the
//! index is some 35 MB):
//!
//! - `search-index.js` sets `window.FOLIO_SEARCH`: the number of term shards, the documents'
//!   block size, the kinds of documents, and each document's title and kind (what ranking
//!   needs);
//! - `search/terms_N.js` holds the postings of the terms of shard N ([`terms::shard_of`]);
//! - `search/docs_N.js` holds the address, page and excerpt of the documents of block N.
//!
//! A part calls `folioSearch(part, n, data)`; `theme/folio.js` loads the shards of a query's
//! words and the blocks of the results it shows.

mod script;
mod terms;

use std::borrow::Cow;
use std::sync::Arc;

use rayon::prelude::*;

use crate::memo::{self, Product, Recall};
use crate::model::Data;
use crate::prose::Prose;
use crate::records::Record;
use crate::schema::Collection;
use crate::site::Emitter;
use script::{push_json, push_number};
use terms::{Postings, shard_of};

/// Characters of a document's text kept for its result's snippet, from which the script shows
/// a window around the first match. Enough for the opening sentences of a section; a longer
/// text would grow the index with every document.
const EXCERPT: usize = 300;

/// Documents per block (`search/docs_N.js`): a list of results loads the blocks of the dozen
/// documents it shows, so a block stays small (some 40 KB).
const BLOCK: usize = 100;

/// Postings written per term shard, roughly, in bytes: a query loads one shard per word.
const SHARD_BYTES: usize = 128 * 1024;

/// Shards at most: a shard holds the terms of one or more two-character starts, of which there
/// are 36² (letters and digits).
const MAX_SHARDS: usize = 1024;

/// Documents indexed per parallel task: each chunk builds a small postings map, and shards
/// gather their terms from the chunks in order, so ids stay ascending.
const CHUNK: usize = 512;

/// One searchable document: title, root-relative URL, kind, the title of the page it is part
/// of (a section's chapter; empty for a whole page) and its text, borrowed where it exists.
struct Doc<'a> {
    title: Cow<'a, str>,
    url: String,
    kind: &'a str,
    page: &'a str,
    text: Cow<'a, str>,
    /// With a memo, a key that stands for `text` (a chapter section's: its Markdown's key and
    /// its number), so that an unchanged index is known without reading every text.
    source: Option<(u64, usize)>,
}

/// Documents collected first; their terms are found when the index is written.
#[derive(Default)]
struct Builder<'a> {
    docs: Vec<Doc<'a>>,
}

impl<'a> Builder<'a> {
    /// Adds a document, part of the page titled `page` (empty for a page of its own).
    fn add(
        &mut self,
        title: impl Into<Cow<'a, str>>,
        page: &'a str,
        url: String,
        kind: &'a str,
        text: impl Into<Cow<'a, str>>,
        source: Option<(u64, usize)>,
    ) {
        self.docs.push(Doc { title: title.into(), url, kind, page, text: text.into(), source });
    }

    /// Writes the index's parts into `out`. With a `recall`, an index whose documents are all
    /// unchanged since the previous build is that build's, and a chunk of unchanged documents
    /// reuses its postings.
    fn write(self, recall: Option<&Recall>, out: &Emitter) {
        let Some(recall) = recall else {
            return Self::parts(&self.docs, None, &|path, part| out.put(path, part));
        };
        let documents: Vec<_> = self
            .docs
            .iter()
            .map(|d| (&d.title, &d.url, d.kind, d.page, d.source, d.source.is_none().then_some(&d.text)))
            .collect();
        let parts = recall.get_or_make::<IndexParts>(memo::key(documents), || {
            let parts = std::sync::Mutex::new(Vec::new());
            Self::parts(&self.docs, Some(recall), &|path, part: String| {
                let part = (path, Arc::new(part.into_bytes()));
                parts.lock().unwrap_or_else(|e| e.into_inner()).push(part);
            });
            let mut parts = parts.into_inner().unwrap_or_else(|e| e.into_inner());
            parts.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            Arc::new(parts)
        });
        for (path, bytes) in parts.iter() {
            out.put_shared(path.clone(), Arc::clone(bytes));
        }
    }

    /// Makes the index's parts, handing each to `emit` (its path, its text) as soon as it is
    /// made.
    fn parts(docs: &[Doc], recall: Option<&Recall>, emit: &(dyn Fn(String, String) + Sync)) {
        let chunks: Vec<Arc<Postings>> = docs
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(chunk, docs)| {
                let first = (chunk * CHUNK) as u32;
                let postings = || terms::postings(first, docs.iter().map(|d| [&*d.title, d.page, &*d.text]));
                match recall {
                    Some(recall) => {
                        // A chapter section's text is known by its source key, unread.
                        let pieces: Vec<_> = docs
                            .iter()
                            .map(|d| (&d.title, d.page, d.source, d.source.is_none().then_some(&d.text)))
                            .collect();
                        let key = memo::key((chunk, pieces));
                        recall.get_or_make::<ChunkPostings>(key, || Arc::new(postings()))
                    }
                    None => Arc::new(postings()),
                }
            })
            .collect();
        let shards = shard_count(&chunks);
        rayon::join(
            || {
                (0..shards).into_par_iter().for_each(|shard| {
                    emit(format!("search/terms_{shard}.js"), terms_script(shard, shards, &chunks))
                })
            },
            || {
                docs.par_chunks(BLOCK).enumerate().for_each(|(block, docs)| {
                    emit(format!("search/docs_{block}.js"), block_script(block, docs))
                })
            },
        );
        emit("search-index.js".into(), manifest(docs, shards));
    }
}

/// Term shards for postings of this size, about [`SHARD_BYTES`] each.
fn shard_count(chunks: &[Arc<Postings>]) -> usize {
    // Each id is written as a gap of a digit or two and a comma; each term of a chunk as its
    // quoted name (terms shared by chunks are counted once per chunk: an estimate).
    let bytes: usize =
        chunks.iter().flat_map(|c| c.iter()).map(|(term, ids)| term.len() + 5 + ids.len() * 3).sum();
    bytes.div_ceil(SHARD_BYTES).clamp(1, MAX_SHARDS)
}

/// `search/terms_N.js`: `{"term":[gap, …], …}`, terms sorted, each list of ids delta-encoded
/// (each number the gap from the previous id), which keeps the index small.
fn terms_script(shard: usize, shards: usize, chunks: &[Arc<Postings>]) -> String {
    // Chunks in order, so each term's pieces of ids come in ascending order.
    let mut pieces: Vec<(&str, usize, &[u32])> = chunks
        .iter()
        .enumerate()
        .flat_map(|(n, chunk)| chunk.iter().map(move |(term, ids)| (&**term, n, ids.as_slice())))
        .filter(|(term, _, _)| shard_of(term, shards) == shard)
        .collect();
    pieces.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut out = format!("folioSearch(\"terms\",{shard},{{");
    let mut last_term = None;
    let mut last_id = 0;
    for (term, _, ids) in pieces {
        if last_term != Some(term) {
            if last_term.is_some() {
                out.push_str("],");
            }
            // Terms are ASCII letters and digits: nothing to escape.
            out.push('"');
            out.push_str(term);
            out.push_str("\":[");
            last_term = Some(term);
            last_id = 0;
        } else {
            out.push(',');
        }
        for (i, &id) in ids.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_number(&mut out, id - last_id);
            last_id = id;
        }
    }
    if last_term.is_some() {
        out.push(']');
    }
    out.push_str("});\n");
    out
}

/// `search/docs_N.js`: each document's `[url, page, excerpt]`.
fn block_script(block: usize, docs: &[Doc]) -> String {
    let rows: Vec<[Cow<str>; 3]> =
        docs.iter().map(|d| [Cow::from(&*d.url), Cow::from(d.page), Cow::from(excerpt(&d.text))]).collect();
    let mut out = format!("folioSearch(\"docs\",{block},");
    push_json(&mut out, &rows);
    out.push_str(");\n");
    out
}

/// `search-index.js`: the shards and block size, the kinds, and each document's
/// `[title, kind]` (an index into the kinds), in id order.
fn manifest(docs: &[Doc], shards: usize) -> String {
    let mut kinds: Vec<&str> = Vec::new();
    let titles: Vec<(&str, usize)> = docs
        .iter()
        .map(|d| {
            let kind = match kinds.iter().position(|k| *k == d.kind) {
                Some(kind) => kind,
                None => {
                    kinds.push(d.kind);
                    kinds.len() - 1
                }
            };
            (&*d.title, kind)
        })
        .collect();
    let mut out = format!("window.FOLIO_SEARCH={{\"shards\":{shards},\"block\":{BLOCK},\"kinds\":");
    push_json(&mut out, &kinds);
    out.push_str(",\"docs\":");
    push_json(&mut out, &titles);
    out.push_str("};\n");
    out
}

/// The index's parts (path and bytes), kept by the memo under a hash of every document.
struct IndexParts;

impl Product for IndexParts {
    type Key = u64;
    type Value = Arc<Vec<(String, Arc<Vec<u8>>)>>;
}

/// The postings of a chunk, kept by the memo under a hash of the chunk's number and its
/// documents' titles and texts (or the keys that stand for them).
struct ChunkPostings;

impl Product for ChunkPostings {
    type Key = u64;
    type Value = Arc<Postings>;
}

/// The first [`EXCERPT`] characters of `text` with its white space collapsed, "…" when cut.
/// Whole words are copied at once: excerpts are made for every document.
fn excerpt(text: &str) -> String {
    let mut out = String::with_capacity(EXCERPT + 3);
    let mut count = 0;
    let cut = |mut out: String| {
        out.truncate(out.trim_end().len());
        out.push('…');
        out
    };
    for word in text.split_whitespace() {
        if count > 0 {
            if count == EXCERPT {
                return cut(out);
            }
            out.push(' ');
            count += 1;
        }
        let chars = if word.is_ascii() { word.len() } else { word.chars().count() };
        if count + chars <= EXCERPT {
            out.push_str(word);
            count += chars;
            continue;
        }
        out.extend(word.chars().take(EXCERPT - count));
        return cut(out);
    }
    out
}

/// Writes the search index's parts into `out`; indicator tables are documents when the site
/// has their pages (`tables`).
pub fn write(
    prose: &Prose,
    data: &Data,
    tables: bool,
    locale: &crate::locale::Locale,
    recall: Option<&Recall>,
    out: &Emitter,
) {
    let mut b = Builder::default();
    for (n, rendered) in prose.chapters.iter().enumerate() {
        let chapter = &rendered.chapter;
        let base = format!("chapters/{}/", chapter.slug);
        let key = prose.markdown_key(n);
        for (i, section) in rendered.body.sections.iter().enumerate() {
            let (text, source) = (section.text.as_str(), key.map(|k| (k, i)));
            match &section.id {
                Some(id) => {
                    let url = format!("{base}#{id}");
                    b.add(&section.title, &chapter.title, url, "section", text, source)
                }
                None => b.add(&chapter.title, "", base.clone(), "chapter", text, source),
            }
        }
    }
    for (collection, items) in data.records.iter() {
        for record in items.records.iter() {
            let Some(href) = collection.record_href(&record.id) else { continue };
            let title = crate::records::title_of(collection, record);
            let text = record_text(&data.records, collection, record, &title, locale);
            b.add(title, "", href, &collection.label.one, text, None);
        }
    }
    for table in data.tables.iter().filter(|_| tables) {
        b.add(
            &table.title,
            "",
            format!("tables/{}/", table.id),
            "table",
            table.source.as_deref().unwrap_or_default(),
            None,
        );
    }
    b.write(recall, out);
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

#[cfg(test)]
mod tests {
    use super::*;

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
