//! Reading each declared collection from where the schema says it lives (a folder of one-record
//! files, a YAML list, a CSV file, a JSON array) into records of untyped, positioned values; and
//! refusing any file under the data folder that no collection claims, so nothing is ignored.

use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

use super::node::{At, Node};
use crate::content::apparatus::DATA_DIR;
use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::fsutil;
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

/// A collection's records and bodies as read, with a hash of every file it read.
#[derive(Debug, Default)]
pub struct Loaded {
    pub records: Vec<RawRecord>,
    pub bodies: Vec<Body>,
    pub hashes: Vec<u64>,
    /// A file of this collection could not be read or parsed (already reported).
    pub incomplete: bool,
}

/// Reads every collection of the schema; problems are reported and their files left out.
pub fn load(site_dir: &Path, schema: &Schema) -> (Vec<Loaded>, Diagnostics) {
    let data_dir = site_dir.join(DATA_DIR);
    let mut diagnostics = Diagnostics::default();
    let loaded = schema
        .collections
        .iter()
        .map(|c| {
            let mut loaded = Loaded::default();
            if let Err(problems) = read_collection(site_dir, &data_dir, c, &mut loaded) {
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
    out: &mut Loaded,
) -> Result<(), Diagnostics> {
    let file = data_dir.join(c.source.path());
    match &c.source {
        Source::Invalid => Ok(()),
        Source::Folder(_) => read_folder(site_dir, &file, out),
        Source::YamlList(_) | Source::JsonList(_) => {
            let (shown, text) = read(site_dir, &file, out)?;
            let list: At<Node> = crate::content::yaml::parse::<Spanned<Node>>(&shown, &text, 0)?.into();
            match list.value {
                Node::List(items) => {
                    for item in items {
                        out.records.push(record(&shown, item)?);
                    }
                    Ok(())
                }
                Node::Null => Ok(()),
                other => Err(expected(&shown, list.line, list.col, "a list of records", &other).into()),
            }
        }
        Source::Csv(_) => {
            let (shown, text) = read(site_dir, &file, out)?;
            let (records, problems) = super::csv::records(&shown, &text);
            out.records.extend(records);
            problems.finish(())
        }
    }
}

fn read(site_dir: &Path, file: &Path, out: &mut Loaded) -> Result<(PathBuf, String), Diagnostic> {
    let shown = display_path(site_dir, file);
    if !file.exists() {
        return Err(Diagnostic::new(&shown, "the schema declares this file, but it does not exist")
            .help("create it (an empty list is fine) or correct the collection's `path`"));
    }
    let text = fsutil::read_text(file, site_dir)?;
    out.hashes.push(crate::memo::key((&shown, &text)));
    Ok((shown, text))
}

fn read_folder(site_dir: &Path, dir: &Path, out: &mut Loaded) -> Result<(), Diagnostics> {
    // An unreadable folder, a link loop or a FIFO is an error naming it, never an empty folder.
    let Some(entries) = fsutil::list_dir(dir, site_dir)? else { return Ok(()) };
    // Files are read and parsed in parallel (a folder may hold tens of thousands), and their
    // records, bodies and hashes kept in the listing's order, so the result is the same.
    use rayon::prelude::*;
    let files: Vec<(Loaded, Result<(), Diagnostic>)> = entries
        .par_iter()
        .map(|entry| {
            let mut one = Loaded::default();
            let result = read_record_file(site_dir, entry, &mut one);
            (one, result)
        })
        .collect();
    let mut problems = Diagnostics::default();
    for (one, result) in files {
        out.records.extend(one.records);
        out.bodies.extend(one.bodies);
        out.hashes.extend(one.hashes);
        if let Err(d) = result {
            out.incomplete = true;
            problems.push(d);
        }
    }
    problems.finish(())
}

fn read_record_file(site_dir: &Path, entry: &fsutil::Entry, out: &mut Loaded) -> Result<(), Diagnostic> {
    let file = &entry.path;
    let shown = display_path(site_dir, file);
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
    if entry.kind != fsutil::EntryKind::File || !matches!(ext, "yaml" | "yml" | "json" | "md") {
        return Err(Diagnostic::new(&shown, "not a record file")
            .help("a collection folder holds .yaml, .yml or .json files (one record, or a list of records, each) and Markdown bodies as <id>.md"));
    }
    // Listed just now as a file: read it without asking again whether it exists.
    let text = fsutil::read_text(file, site_dir)?;
    out.hashes.push(crate::memo::key((&shown, &text)));
    if ext == "md" {
        out.bodies.push(Body { path: shown, id: stem, markdown: text });
        return Ok(());
    }
    let node: At<Node> = crate::content::yaml::parse::<Spanned<Node>>(&shown, &text, 0)?.into();
    match node.value {
        // A file may also hold a list of records (all the alliances of one firm, say).
        Node::List(items) => {
            for item in items {
                out.records.push(record(&shown, item)?);
            }
        }
        _ => {
            let mut one = record(&shown, node)?;
            one.alone = true;
            out.records.push(one);
        }
    }
    Ok(())
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
