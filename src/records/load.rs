//! Reading each declared collection from where the schema says it lives (a folder of one-record
//! files, a YAML list, a CSV file, a JSON array) into records of untyped, positioned values; and
//! refusing any file under the data folder that no collection claims, so nothing is ignored.
//!
//! In `serve`, what each file gave is kept by the memo under its shown path and text, so that a
//! rebuild parses only the files that changed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_saphyr::Spanned;

use super::node::{At, Node};
use crate::content::apparatus::DATA_DIR;
use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::fsutil;
use crate::memo::{self, Known, Product, Recall};
use crate::schema::{BUILT_IN, Collection, Schema, Source};

/// One record as written: its file, position and `key: value` entries.
#[derive(Debug)]
pub struct RawRecord {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub entries: Vec<(At<String>, At<Node>)>,
    /// The only record of a file in a folder collection, so the file is named after it.
    pub alone: bool,
}

/// A Markdown body kept beside a record of a folder collection (`<folder>/<id>.md`).
#[derive(Debug, Clone)]
pub struct Body {
    pub path: PathBuf,
    pub id: String,
    pub markdown: String,
}

/// What one file gave: its records as read, and the problems found reading it. A file that
/// stops at a bad record keeps the records before it, so that they are still checked.
#[derive(Debug, Default)]
pub struct FileRecords {
    pub records: Vec<RawRecord>,
    pub problems: Diagnostics,
}

/// A collection's records and bodies as read, with a hash of every file it read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The records of each file, in reading order; shared with the memo, never copied.
    pub files: Vec<Arc<FileRecords>>,
    pub bodies: Vec<Body>,
    pub hashes: Vec<u64>,
    /// A file of this collection could not be read or parsed (already reported).
    pub incomplete: bool,
}

impl Loaded {
    /// Every record of the collection, in file order.
    pub fn records(&self) -> impl Iterator<Item = &RawRecord> {
        self.files.iter().flat_map(|file| file.records.iter())
    }
}

/// How a file's text becomes records: the reader is part of the memo's key, so that the same
/// text read two ways (a folder's file, then a collection's list) is never mistaken for the other.
#[derive(Clone, Copy, Hash)]
enum Reader {
    /// A file of a folder collection: one record, or a list of records.
    RecordFile,
    /// A YAML or JSON file holding the collection's list.
    List,
    Csv,
}

/// A file's records, kept by the memo under the reader and a hash of the file's shown path
/// (every record names it) and text: what reading depends on, and all it depends on.
struct ReadFile;

impl Product for ReadFile {
    type Key = u64;
    type Value = Arc<FileRecords>;
}

/// The records of a file whose shown path and text hash to `hash`: the previous build's when
/// the file is unchanged, or read now with `read`.
fn read_once(
    recall: Option<&Recall>,
    reader: Reader,
    hash: u64,
    read: impl FnOnce() -> FileRecords,
) -> Arc<FileRecords> {
    memo::once::<ReadFile>(recall, || memo::key((reader, hash)), || Arc::new(read()))
}

/// Reads every collection of the schema; problems are reported and their files left out.
/// With a `recall`, a file whose shown path and text are the previous build's is read (its text
/// is its key) but not parsed again.
pub fn load(site_dir: &Path, schema: &Schema, recall: Option<&Recall>) -> (Vec<Loaded>, Diagnostics) {
    let data_dir = site_dir.join(DATA_DIR);
    let mut diagnostics = Diagnostics::default();
    let loaded = schema
        .collections
        .iter()
        .map(|c| {
            let mut loaded = Loaded::default();
            if let Err(problems) = read_collection(site_dir, &data_dir, c, recall, &mut loaded) {
                loaded.incomplete = true;
                diagnostics.extend(problems);
            }
            loaded
        })
        .collect();
    diagnostics.extend(unclaimed(site_dir, &data_dir, schema));
    (loaded, diagnostics)
}

fn read_collection(
    site_dir: &Path,
    data_dir: &Path,
    c: &Collection,
    recall: Option<&Recall>,
    out: &mut Loaded,
) -> Result<(), Diagnostics> {
    let file = data_dir.join(c.source.path());
    let (reader, parse): (Reader, fn(&Path, &str) -> FileRecords) = match &c.source {
        Source::Invalid => return Ok(()),
        Source::Folder(_) => return read_folder(site_dir, &file, recall, out),
        Source::YamlList(_) | Source::JsonList(_) => (Reader::List, read_list),
        Source::Csv(_) => (Reader::Csv, |shown, text| {
            let (records, problems) = super::csv::records(shown, text);
            FileRecords { records, problems }
        }),
    };
    let (shown, text, hash) = read(site_dir, &file, out)?;
    let records = read_once(recall, reader, hash, || parse(&shown, &text));
    let problems = records.problems.clone();
    out.files.push(records);
    problems.finish(())
}

/// A YAML or JSON list of records (or nothing at all).
fn read_list(shown: &Path, text: &str) -> FileRecords {
    let mut out = FileRecords::default();
    let parsed = read_node(shown, text);
    let problem = match parsed {
        Err(d) => Some(d),
        Ok(At { value: Node::List(items), .. }) => push_records(shown, items, &mut out.records).err(),
        Ok(At { value: Node::Null, .. }) => None,
        Ok(list) => Some(expected(shown, list.line, list.col, "a list of records", &list.value)),
    };
    out.problems = problem.into_iter().collect();
    out
}

/// The records of a list, up to the first item that is not one.
fn push_records(shown: &Path, items: Vec<At<Node>>, records: &mut Vec<RawRecord>) -> Result<(), Diagnostic> {
    for item in items {
        records.push(record(shown, item)?);
    }
    Ok(())
}

/// The shown path and text of a collection's file, and their hash (kept in `out`).
fn read(site_dir: &Path, file: &Path, out: &mut Loaded) -> Result<(PathBuf, String, u64), Diagnostic> {
    let shown = display_path(site_dir, file);
    if !file.exists() {
        return Err(Diagnostic::new(&shown, "the schema declares this file, but it does not exist")
            .help("create it (an empty list is fine) or correct the collection's `path`"));
    }
    let text = fsutil::read_text(file, site_dir)?;
    let hash = memo::key((&shown, &text));
    out.hashes.push(hash);
    Ok((shown, text, hash))
}

fn read_folder(
    site_dir: &Path,
    dir: &Path,
    recall: Option<&Recall>,
    out: &mut Loaded,
) -> Result<(), Diagnostics> {
    // An unreadable folder, a link loop or a FIFO is an error naming it, never an empty folder.
    let Some(listing) = memo::list_dir(recall, dir, site_dir)? else { return Ok(()) };
    // Files are read and parsed in parallel (a folder may hold tens of thousands), and their
    // records, bodies and hashes kept in the listing's order, so the result is the same.
    use rayon::prelude::*;
    let files: Vec<(Loaded, Result<(), Diagnostic>)> = listing
        .entries
        .par_iter()
        .map(|entry| {
            let mut one = Loaded::default();
            let result = read_record_file(site_dir, entry, recall, listing.watched(entry), &mut one);
            (one, result)
        })
        .collect();
    let mut problems = Diagnostics::default();
    for (one, result) in files {
        out.files.extend(one.files);
        out.bodies.extend(one.bodies);
        out.hashes.extend(one.hashes);
        if let Err(d) = result {
            out.incomplete = true;
            problems.push(d);
        }
    }
    problems.finish(())
}

/// Reads one file of a collection's folder; `watched` says whether the watcher's word holds for
/// it ([`memo::Listed::watched`]).
fn read_record_file(
    site_dir: &Path,
    entry: &fsutil::Entry,
    recall: Option<&Recall>,
    watched: bool,
    out: &mut Loaded,
) -> Result<(), Diagnostic> {
    let file = &entry.path;
    let shown = display_path(site_dir, file);
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
    if entry.kind != fsutil::EntryKind::File || !matches!(ext, "yaml" | "yml" | "json" | "md") {
        return Err(Diagnostic::new(&shown, "not a record file")
            .help("a collection folder holds .yaml, .yml or .json files (one record, or a list of records, each) and Markdown bodies as <id>.md"));
    }
    // In `serve`, a file of records that the watcher saw no change to, or whose settled stamp
    // is unchanged, is not even opened.
    let recall = recall.filter(|_| ext != "md");
    let known = recall.map(|recall| recall.known(&shown, file, watched));
    let unread = match (recall, &known) {
        (Some(recall), Some(Known::Unchanged(hash))) => {
            recall.recall::<ReadFile>(memo::key((Reader::RecordFile, *hash))).map(|records| (*hash, records))
        }
        _ => None,
    };
    let stamp = known.as_ref().and_then(Known::stamp);
    let records = match unread {
        Some((hash, records)) => {
            out.hashes.push(hash);
            records
        }
        None => {
            // Listed just now as a file: read it without asking again whether it exists.
            let text = fsutil::read_text(file, site_dir)?;
            let hash = memo::key((&shown, &text));
            out.hashes.push(hash);
            if ext == "md" {
                out.bodies.push(Body { path: shown, id: stem, markdown: text });
                return Ok(());
            }
            if let Some(recall) = recall {
                recall.note_file_key(&shown, stamp, hash);
            }
            read_once(recall, Reader::RecordFile, hash, || read_record_text(&shown, &text))
        }
    };
    // A file of a folder stops at its first problem: there is at most one.
    let problem = records.problems.iter().next().cloned();
    out.files.push(records);
    problem.map_or(Ok(()), Err)
}

/// The value of a YAML or JSON file: read straight from the parser's events when it is plain,
/// by serde-saphyr otherwise ([`direct`](super::direct)).
fn read_node(shown: &Path, text: &str) -> Result<At<Node>, Diagnostic> {
    match super::direct::read(text) {
        Some(node) => Ok(node),
        None => crate::content::yaml::parse::<Spanned<Node>>(shown, text, 0).map(At::from),
    }
}

/// The text of a folder's file: one record, or a list of records (all the alliances of one
/// firm, say).
fn read_record_text(shown: &Path, text: &str) -> FileRecords {
    let mut out = FileRecords::default();
    let result = read_node(shown, text).and_then(|node| match node.value {
        Node::List(items) => push_records(shown, items, &mut out.records),
        _ => {
            let mut one = record(shown, node)?;
            one.alone = true;
            out.records.push(one);
            Ok(())
        }
    });
    out.problems = result.err().into_iter().collect();
    out
}

/// One record: a mapping of fields.
fn record(path: &Path, node: At<Node>) -> Result<RawRecord, Diagnostic> {
    let (line, col) = (node.line, node.col);
    match node.value {
        Node::Map(entries) => Ok(RawRecord { path: path.to_path_buf(), line, col, entries, alone: false }),
        other => Err(expected(path, line, col, "a record: a mapping of `field: value` lines", &other)),
    }
}

fn expected(path: &Path, line: usize, col: usize, what: &str, found: &Node) -> Diagnostic {
    Diagnostic::new(path, format!("expected {what}, found {}", found.describe())).at(line, col)
}

/// For a site without a schema: every file or folder under the data folder but folio's own.
pub fn unclaimed_without_schema(site_dir: &Path) -> Diagnostics {
    let schema = Schema { path: Path::new(DATA_DIR).join(crate::schema::SCHEMA_FILE), ..Schema::default() };
    unclaimed(site_dir, &site_dir.join(DATA_DIR), &schema)
}

/// Every file or folder under the data folder that neither a collection nor folio claims.
fn unclaimed(site_dir: &Path, data_dir: &Path, schema: &Schema) -> Diagnostics {
    // A collection whose path is wrong claims nothing; its files would only add follow-on errors.
    if schema.collections.iter().any(|c| c.source == Source::Invalid) {
        return Diagnostics::default();
    }
    let claimed: Vec<PathBuf> = schema.collections.iter().map(|c| data_dir.join(c.source.path())).collect();
    let mut problems = Diagnostics::default();
    let mut stack = vec![data_dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        // Folders walked here hold collections' files but are none of them: nobody else lists them.
        let entries = match fsutil::list_dir(&dir, site_dir) {
            Ok(Some(entries)) => entries,
            Ok(None) => continue,
            Err(d) => {
                problems.extend(d);
                continue;
            }
        };
        for path in entries.into_iter().map(|e| e.path) {
            // Bibliography files (`.bib`, CSL-JSON `.json`) sit directly in the data folder.
            let bibliography = path.extension().is_some_and(|e| e == "bib" || e == "json") && path.is_file();
            let top_level_builtin = dir == data_dir
                && (bibliography
                    || path.file_name().and_then(|n| n.to_str()).is_some_and(|n| BUILT_IN.contains(&n)));
            if top_level_builtin || claimed.contains(&path) {
                continue;
            }
            if path.is_dir() && claimed.iter().any(|c| c.starts_with(&path)) {
                stack.push(path);
                continue;
            }
            let names: Vec<String> =
                schema.collections.iter().map(|c| c.source.path().display().to_string()).collect();
            problems.push(
                Diagnostic::new(display_path(site_dir, &path), "no collection of the schema claims this data")
                    .help(format!(
                        "declare a collection with this `path:` in {} (declared: {}), or move it out of {DATA_DIR}/",
                        schema.path.display(),
                        if names.is_empty() { "none".to_string() } else { names.join(", ") }
                    )),
            );
        }
    }
    problems
}
