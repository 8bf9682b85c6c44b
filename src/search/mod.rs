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
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use crate::markdown::Rendered;
use crate::memo::{self, Product, Recall};
use crate::model::Data;
use crate::prose::RenderedChapter;
use crate::records::Record;
use crate::schema::Collection;
use crate::site::Emitter;
use script::{push_json_str, push_json_strs, push_number};
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

/// Documents indexed per parallel task: each chunk builds its own small postings, and shards
/// gather their terms from the chunks in order, so ids stay ascending. A whole number of
/// blocks, so that a chunk writes its own blocks.
const CHUNK: usize = 500;
const _: () = assert!(CHUNK.is_multiple_of(BLOCK) && CHUNK <= 1 << 16);

/// The text of a document.
enum Text<'a> {
    /// Borrowed from the data, made for the index (a record's), or taken from a chapter.
    Plain(Cow<'a, str>),
    /// Section `n` of a chapter body that the memo shares: read only where the index changed.
    Shared(Arc<Rendered>, usize),
}

impl Text<'_> {
    fn as_str(&self) -> &str {
        match self {
            Text::Plain(text) => text,
            Text::Shared(body, n) => body.sections.get(*n).map_or("", |s| s.text.as_str()),
        }
    }
}

/// One searchable document: title, root-relative URL, kind, the title of the page it is part
/// of (a section's chapter; empty for a whole page) and its text.
struct Doc<'a> {
    title: Cow<'a, str>,
    url: String,
    kind: &'a str,
    page: Arc<str>,
    text: Text<'a>,
    /// With a memo, a key that stands for `text` (a chapter section's: its Markdown's key and
    /// its number), so that an unchanged index is known without reading every text.
    source: Option<(u64, usize)>,
}

impl Doc<'_> {
    /// The text, where no source key stands for it: what a memo key must hash.
    fn unkeyed_text(&self) -> Option<&str> {
        self.source.is_none().then(|| self.text.as_str())
    }
}

/// The search index being built: documents are added in id order (the chapters batch by
/// batch as the prose is rendered, then the records and tables) and [`Index::finish`] writes
/// what remains.
///
/// Without a memo (`folio build`), each full chunk of documents is indexed as soon as it is
/// complete: its postings kept, its blocks written, and its text (taken from the chapters)
/// freed, so that the plain text of a large report is never held whole. With a memo (`serve`),
/// every document waits for the end, where an index whose documents are all unchanged is known
/// at once and reused whole.
pub struct Index<'a> {
    recall: Option<&'a Recall<'a>>,
    out: &'a Emitter<'a>,
    /// The `page` of documents that are whole pages.
    no_page: Arc<str>,
    /// Documents added but not yet indexed.
    pending: Vec<Doc<'a>>,
    /// Each indexed document's title and kind, in id order (the manifest's list).
    heads: Vec<(Cow<'a, str>, &'a str)>,
    /// The postings of each indexed chunk, in order.
    chunks: Vec<Arc<Chunk>>,
    /// With a memo, a key of every document's title and kind: what the manifest lists.
    heads_key: Option<u64>,
}

/// The postings of a chunk of documents and, with a memo, a key of each of its runs of terms
/// ([`Postings::by_start`]): a term shard whose runs are all unchanged is the previous build's,
/// so an edit rewrites the shards of the terms it touched rather than every shard.
struct Chunk {
    postings: Postings,
    runs: Vec<u64>,
}

impl Chunk {
    fn of(postings: Postings, keyed: bool) -> Chunk {
        let runs = match keyed {
            true => postings
                .by_start()
                .map(|run| memo::key(run.map(|i| postings.get(i)).collect::<Vec<_>>()))
                .collect(),
            false => Vec::new(),
        };
        Chunk { postings, runs }
    }
}

/// Where the index's parts go, each as soon as it is made: its path and its bytes.
type Emit<'e> = dyn Fn(String, Arc<Vec<u8>>) + Sync + 'e;

/// Chunks of documents gathered before they are indexed (in parallel) during the prose.
const CHUNKS_AT_ONCE: usize = 8;

impl<'a> Index<'a> {
    pub fn new(recall: Option<&'a Recall<'a>>, out: &'a Emitter<'a>) -> Self {
        Index {
            recall,
            out,
            no_page: Arc::from(""),
            pending: Vec::new(),
            heads: Vec::new(),
            chunks: Vec::new(),
            heads_key: None,
        }
    }

    /// Adds the sections of `chapters` (published, in reading order), each chapter with the
    /// memo key of its Markdown. Without a memo their text is taken from them.
    pub fn add_chapters(&mut self, chapters: &mut [RenderedChapter], keys: &[Option<u64>]) {
        // Each chapter's documents are made in parallel, and added in reading order.
        let (recall, no_page) = (self.recall, &self.no_page);
        let docs: Vec<Vec<Doc<'a>>> = chapters
            .par_iter_mut()
            .zip(keys)
            .map(|(rendered, key)| chapter_docs(rendered, *key, recall.is_none(), no_page))
            .collect();
        self.pending.reserve(docs.iter().map(Vec::len).sum());
        self.pending.extend(docs.into_iter().flatten());
        if self.recall.is_none() && self.pending.len() >= CHUNKS_AT_ONCE * CHUNK {
            let full = self.pending.len() / CHUNK * CHUNK;
            let rest = self.pending.split_off(full);
            let docs = std::mem::replace(&mut self.pending, rest);
            self.index(docs, &|path, part| self.out.put_shared(path, part), None);
        }
    }

    /// Adds every record that has a page, and the indicator tables when the site has their
    /// pages (`tables`).
    pub fn add_records(&mut self, data: &'a Data, tables: bool, locale: &crate::locale::Locale) {
        for (collection, items) in data.records.iter() {
            for record in items.records.iter() {
                let Some(href) = collection.record_href(&record.id) else { continue };
                let title = crate::records::title_of(collection, record);
                let text = record_text(&data.records, collection, record, &title, locale);
                self.add_page(Cow::Owned(title), href, &collection.label.one, Cow::Owned(text));
            }
        }
        for table in data.tables.iter().filter(|_| tables) {
            let text = table.source.as_deref().unwrap_or_default();
            self.add_page(Cow::Borrowed(&table.title), format!("tables/{}/", table.id), "table", text.into());
        }
    }

    fn add_page(&mut self, title: Cow<'a, str>, url: String, kind: &'a str, text: Cow<'a, str>) {
        let page = Arc::clone(&self.no_page);
        self.pending.push(Doc { title, url, kind, page, text: Text::Plain(text), source: None });
    }

    /// Writes the rest of the index: the documents not yet indexed, the term shards and the
    /// manifest. With a memo, an index whose documents are all unchanged since the previous
    /// build is that build's, and a chunk of unchanged documents reuses its postings.
    pub fn finish(mut self) {
        let docs = std::mem::take(&mut self.pending);
        let Some(recall) = self.recall else {
            let out = self.out;
            self.index(docs, &|path, part| out.put_shared(path, part), None);
            return self.write_terms(&|path, part| out.put_shared(path, part));
        };
        // Hashed a chunk at a time, in parallel; the chunks' keys stand for every document, and
        // the keys of their titles and kinds for the manifest.
        let (chunk_keys, heads_keys): (Vec<u64>, Vec<u64>) = docs
            .par_chunks(CHUNK)
            .map(|docs| {
                let shown: Vec<_> = docs
                    .iter()
                    .map(|d| (&d.title, &d.url, d.kind, &*d.page, d.source, d.unkeyed_text()))
                    .collect();
                let heads: Vec<_> = docs.iter().map(|d| (&d.title, d.kind)).collect();
                (memo::key(shown), memo::key(heads))
            })
            .unzip();
        self.heads_key = Some(memo::key(heads_keys));
        let key = memo::key(&chunk_keys);
        let parts = recall.get_or_make::<IndexParts>(key, || {
            let parts = std::sync::Mutex::new(Vec::new());
            let emit = |path, part| parts.lock().unwrap_or_else(|e| e.into_inner()).push((path, part));
            self.index(docs, &emit, Some(&chunk_keys));
            self.write_terms(&emit);
            let mut parts = parts.into_inner().unwrap_or_else(|e| e.into_inner());
            parts.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            Arc::new(parts)
        });
        for (path, bytes) in parts.iter() {
            self.out.put_shared(path.clone(), Arc::clone(bytes));
        }
    }

    /// Indexes `docs`, the next documents in id order (a whole number of chunks, but for the
    /// last): their postings are kept and their blocks handed to `emit`. With a memo, `keys`
    /// holds the key of each chunk's documents, and a block or a chunk's postings whose
    /// documents are unchanged are the previous build's.
    fn index(&mut self, docs: Vec<Doc<'a>>, emit: &Emit, keys: Option<&[u64]>) {
        // Indexed documents are a whole number of chunks, so the first chunk's number is exact.
        let first_chunk = self.chunks.len();
        let memo = self.recall.zip(keys);
        let chunks: Vec<Arc<Chunk>> = docs
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(n, docs)| {
                let chunk = first_chunk + n;
                // The key of the chunk's documents stands for each part made from them.
                let kept = memo.map(|(recall, keys)| (recall, keys[n]));
                for (b, docs) in docs.chunks(BLOCK).enumerate() {
                    let block = chunk * (CHUNK / BLOCK) + b;
                    let script = || Arc::new(block_script(block, docs).into_bytes());
                    let script = match kept {
                        Some((recall, key)) => {
                            recall.get_or_make::<DocsBlock>(memo::key((block, key)), script)
                        }
                        None => script(),
                    };
                    emit(format!("search/docs_{block}.js"), script);
                }
                let first = (chunk * CHUNK) as u32;
                let postings = || {
                    let postings =
                        Postings::of(first, docs.iter().map(|d| [&*d.title, &*d.page, d.text.as_str()]));
                    Arc::new(Chunk::of(postings, memo.is_some()))
                };
                match kept {
                    Some((recall, key)) => {
                        recall.get_or_make::<ChunkPostings>(memo::key((chunk, key)), postings)
                    }
                    None => postings(),
                }
            })
            .collect();
        self.chunks.extend(chunks);
        self.heads.extend(docs.into_iter().map(|d| (d.title, d.kind)));
    }

    /// Hands the term shards and the manifest to `emit`, once every document is indexed.
    fn write_terms(&self, emit: &Emit) {
        let shards = shard_count(&self.chunks);
        // Each chunk's runs of terms (with their numbers) are dealt to their shards in one
        // pass, in chunk order; a shard gathers its terms only when it is written.
        let mut dealt: Vec<Vec<(usize, usize, Range<usize>)>> = vec![Vec::new(); shards];
        for (n, chunk) in self.chunks.iter().enumerate() {
            for (r, run) in chunk.postings.by_start().enumerate() {
                dealt[shard_of(chunk.postings.get(run.start).0, shards)].push((n, r, run));
            }
        }
        dealt.into_par_iter().enumerate().for_each(|(shard, runs)| {
            let script = || {
                let pieces = (runs.iter())
                    .flat_map(|&(n, _, ref run)| {
                        let postings = &self.chunks[n].postings;
                        run.clone().map(move |i| (postings.get(i), n, postings.first()))
                    })
                    .map(|((term, ids), n, first)| (term, n, first, ids))
                    .collect();
                Arc::new(terms_script(shard, pieces).into_bytes())
            };
            let script = match self.recall {
                Some(recall) => {
                    let runs: Vec<(usize, u64)> =
                        runs.iter().map(|&(n, r, _)| (n, self.chunks[n].runs[r])).collect();
                    recall.get_or_make::<TermsShard>(memo::key((shard, runs)), script)
                }
                None => script(),
            };
            emit(format!("search/terms_{shard}.js"), script)
        });
        let manifest = || Arc::new(manifest(&self.heads, shards).into_bytes());
        let manifest = match self.recall.zip(self.heads_key) {
            Some((recall, heads)) => recall.get_or_make::<Manifest>(memo::key((shards, heads)), manifest),
            None => manifest(),
        };
        emit("search-index.js".into(), manifest);
    }
}

/// The documents of a chapter: the text before its first heading, then each section, each
/// with the memo `key` of the chapter's Markdown where there is one. With `take`, their text is
/// taken from the chapter (when nothing else holds its body); otherwise they share the body.
fn chapter_docs<'a>(
    rendered: &mut RenderedChapter,
    key: Option<u64>,
    take: bool,
    no_page: &Arc<str>,
) -> Vec<Doc<'a>> {
    let chapter = &rendered.chapter;
    let base = chapter.address();
    let page: Arc<str> = Arc::from(chapter.title.as_str());
    let taken = match take {
        true => Arc::get_mut(&mut rendered.body).map(|body| std::mem::take(&mut body.sections)),
        false => None,
    };
    let sections: Vec<(Option<String>, String, Text)> = match taken {
        Some(sections) => {
            sections.into_iter().map(|s| (s.id, s.title, Text::Plain(Cow::Owned(s.text)))).collect()
        }
        None => (rendered.body.sections.iter().enumerate())
            .map(|(n, s)| (s.id.clone(), s.title.clone(), Text::Shared(Arc::clone(&rendered.body), n)))
            .collect(),
    };
    sections
        .into_iter()
        .enumerate()
        .map(|(n, (id, title, text))| {
            let source = key.map(|k| (k, n));
            match id {
                Some(id) => Doc {
                    title: Cow::Owned(title),
                    url: [base.as_str(), "#", &id].concat(),
                    kind: "section",
                    page: Arc::clone(&page),
                    text,
                    source,
                },
                None => Doc {
                    title: Cow::Owned(chapter.title.clone()),
                    url: base.clone(),
                    kind: "chapter",
                    page: Arc::clone(no_page),
                    text,
                    source,
                },
            }
        })
        .collect()
}

/// Term shards for postings of this size, about [`SHARD_BYTES`] each.
fn shard_count(chunks: &[Arc<Chunk>]) -> usize {
    // Each id is written as a gap of a digit or two and a comma; each term of a chunk as its
    // quoted name (terms shared by chunks are counted once per chunk: an estimate).
    let bytes: usize =
        chunks.iter().flat_map(|c| c.postings.iter()).map(|(term, ids)| term.len() + 5 + ids.len() * 3).sum();
    bytes.div_ceil(SHARD_BYTES).clamp(1, MAX_SHARDS)
}

/// A term of a chunk (by its number), the id of the chunk's first document, and the ids of the
/// chunk's documents that hold it, less that first.
type Piece<'p> = (&'p str, usize, u32, &'p [u16]);

/// `search/terms_N.js`: `{"term":[gap, …], …}`, terms sorted, each list of ids delta-encoded
/// (each number the gap from the previous id), which keeps the index small.
fn terms_script(shard: usize, mut pieces: Vec<Piece>) -> String {
    // Chunks in order, so each term's pieces of ids come in ascending order.
    pieces.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut out = format!("folioSearch(\"terms\",{shard},{{");
    let mut last_term = None;
    let mut last_id = 0;
    for (term, _, first, ids) in pieces {
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
            let id = first + u32::from(id);
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
    let mut out = format!("folioSearch(\"docs\",{block},[");
    for (n, d) in docs.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        push_json_strs(&mut out, [&*d.url, &*d.page, &excerpt(d.text.as_str())]);
    }
    out.push_str("]);\n");
    out
}

/// `search-index.js`: the shards and block size, the kinds, and each document's
/// `[title, kind]` (an index into the kinds), in id order.
fn manifest(heads: &[(Cow<str>, &str)], shards: usize) -> String {
    let mut kinds: Vec<&str> = Vec::new();
    let mut docs = String::new();
    for (n, &(ref title, kind)) in heads.iter().enumerate() {
        let kind = match kinds.iter().position(|k| *k == kind) {
            Some(kind) => kind,
            None => {
                kinds.push(kind);
                kinds.len() - 1
            }
        };
        docs.push_str(if n > 0 { ",[" } else { "[" });
        push_json_str(&mut docs, title);
        docs.push(',');
        push_number(&mut docs, kind as u32);
        docs.push(']');
    }
    let mut out = format!("window.FOLIO_SEARCH={{\"shards\":{shards},\"block\":{BLOCK},\"kinds\":");
    push_json_strs(&mut out, kinds);
    out.push_str(",\"docs\":[");
    out.push_str(&docs);
    out.push_str("]};\n");
    out
}

/// The index's parts (path and bytes), kept by the memo under a hash of every document.
struct IndexParts;

impl Product for IndexParts {
    type Key = u64;
    type Value = Arc<Vec<(String, Arc<Vec<u8>>)>>;
}

/// A block of documents (`search/docs_N.js`), kept by the memo under a hash of its number and
/// the key of its chunk's documents.
struct DocsBlock;

impl Product for DocsBlock {
    type Key = u64;
    type Value = Arc<Vec<u8>>;
}

/// The postings of a chunk, kept by the memo under a hash of the chunk's number and the key of
/// its documents.
struct ChunkPostings;

impl Product for ChunkPostings {
    type Key = u64;
    type Value = Arc<Chunk>;
}

/// The manifest (`search-index.js`), kept by the memo under a hash of the number of shards and
/// every document's title and kind.
struct Manifest;

impl Product for Manifest {
    type Key = u64;
    type Value = Arc<Vec<u8>>;
}

/// A term shard's script, kept by the memo under a hash of its runs' keys ([`Chunk`]).
struct TermsShard;

impl Product for TermsShard {
    type Key = u64;
    type Value = Arc<Vec<u8>>;
}

/// The first [`EXCERPT`] characters of `text` with its white space collapsed, "…" when cut.
/// Excerpts are made for every document: text whose start needs no collapsing, as most does,
/// is copied at once ([`plain_excerpt`]); otherwise words are copied one by one.
fn excerpt(text: &str) -> String {
    plain_excerpt(text).unwrap_or_else(|| collapsed_excerpt(text))
}

/// [`excerpt`] when it is a plain copy: when the text's first [`EXCERPT`] characters and the
/// one after them are printable ASCII words and single spaces, and it neither starts with a space nor
/// ends with one within them; `None` otherwise.
fn plain_excerpt(text: &str) -> Option<String> {
    let head = &text.as_bytes()[..text.len().min(EXCERPT + 1)];
    // Printable ASCII only (a control byte, white space or not, takes the word-by-word path),
    // without a leading space or two spaces in a row: each test a pass the compiler vectorises.
    let unprintable = head.iter().fold(false, |any, &b| any | !(0x20..0x80).contains(&b));
    if unprintable || head.first() == Some(&b' ') || memchr::memmem::find(head, b"  ").is_some() {
        return None;
    }
    match head.len() <= EXCERPT {
        true => (head.last() != Some(&b' ')).then(|| text.to_string()),
        // Cut in a word or after one; a space after the last character kept says nothing of
        // what follows.
        false => (head[EXCERPT] != b' ').then(|| format!("{}…", text[..EXCERPT].trim_end())),
    }
}

/// [`excerpt`] a word at a time.
fn collapsed_excerpt(text: &str) -> String {
    let mut out = String::with_capacity(EXCERPT + 3);
    let mut count = 0;
    let cut = |mut out: String| {
        out.truncate(out.trim_end().len());
        out.push('…');
        out
    };
    let mut rest = skip_space(text);
    while !rest.is_empty() {
        let (end, chars) = word_end(rest);
        let word = &rest[..end];
        rest = skip_space(&rest[end..]);
        if count > 0 {
            if count == EXCERPT {
                return cut(out);
            }
            out.push(' ');
            count += 1;
        }
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

/// `char::is_whitespace` for an ASCII byte (which, unlike `u8::is_ascii_whitespace`, counts
/// the vertical tab).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `text` without the white space it starts with: ASCII is skipped byte by byte.
fn skip_space(text: &str) -> &str {
    let rest = &text[text.bytes().take_while(|&b| is_ascii_space(b)).count()..];
    match rest.as_bytes().first() {
        Some(b) if !b.is_ascii() => rest.trim_start(),
        _ => rest,
    }
}

/// Where the word that `text` starts with ends (at white space, as `str::split_whitespace`
/// sees it), and its number of characters. ASCII is tested byte by byte.
fn word_end(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut i, mut chars) = (0, 0);
    while let Some(&b) = bytes.get(i) {
        let len = match b.is_ascii() {
            true if is_ascii_space(b) => break,
            true => 1,
            false => match text[i..].chars().next() {
                Some(c) if c.is_whitespace() => break,
                Some(c) => c.len_utf8(),
                None => break,
            },
        };
        i += len;
        chars += 1;
    }
    (i, chars)
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
    fn plain_excerpts_are_the_collapsed_ones() {
        // Texts of every length around the cut, plain or not.
        let (mut plain, mut cut) = (0, 0);
        for word in ["a", "ab", "abc", "abcdefg", "héllo"] {
            for space in [" ", "  ", "\n"] {
                for n in 0..=EXCERPT / word.len() + 2 {
                    for tail in ["", " ", "x"] {
                        let text = format!("{}{tail}", vec![word; n].join(space));
                        if let Some(excerpt) = plain_excerpt(&text) {
                            assert_eq!(excerpt, collapsed_excerpt(&text), "{text:?}");
                            plain += 1;
                            cut += usize::from(excerpt.ends_with('…'));
                        }
                    }
                }
            }
        }
        assert!(plain > 500 && cut > 100, "{plain} plain, {cut} cut");
    }

    #[test]
    fn excerpts_split_words_where_split_whitespace_does() {
        let text = " \u{a0} a\u{b}b\u{a0}c\u{3000}d\u{85}e\u{200b}f é\tg \u{2003}\t\u{a0}h ";
        let words: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(excerpt(text), words.join(" "));
        assert_eq!(word_end("é\u{2003}x"), (2, 1));
    }

    #[test]
    fn excerpts_are_cut_on_a_character_boundary() {
        let long = "é".repeat(EXCERPT + 60);
        assert_eq!(excerpt(&long).chars().count(), EXCERPT + 1);
    }
}
