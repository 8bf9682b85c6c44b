//! The report's apparatus among the data: indicator tables (`content/data/tables/<id>.yaml`,
//! typed columns and rows) and the bibliography (`content/data/references.yaml` with the `.bib`
//! and CSL-JSON files beside it, read by [`crate::bibliography::sources`]). Each struct
//! rejects unknown fields; ids keep their source position ([`Spanned`]) so that `validate` can
//! point at the exact line of a bad value. The site's own records are declared in its schema
//! and read by [`crate::records`].
//!
//! In `serve`, each file's parse is kept by the memo under its shown path and text, so that a
//! rebuild parses only the files that changed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::{slug_too_long, yaml};
use crate::bibliography::{Work, sources};
use crate::diagnostic::{Diagnostics, display_path};
use crate::fsutil;
use crate::memo::{self, Product, Recall};

/// Where the data lives, relative to the site root.
pub const DATA_DIR: &str = "content/data";

/// The type of an indicator table's column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    Text,
    Integer,
    Decimal,
    Percent,
    Year,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableRecord {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub label_in_source: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Spanned<Vec<Spanned<Cell>>>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub id: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: ColumnType,
    #[serde(default)]
    pub nullable: bool,
}

/// One table cell as written; `validate` checks it against its column's type.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Null,
    Integer(i64),
    Decimal(f64),
    Text(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceRecord {
    pub key: Spanned<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub editors: Vec<String>,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub container: Option<String>,
    #[serde(default)]
    pub volume: Option<String>,
    #[serde(default)]
    pub issue: Option<String>,
    #[serde(default)]
    pub pages: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub doi: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A record together with the file it came from.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub path: PathBuf,
    pub record: T,
}

/// The tables and the bibliography, parsed but not yet cross-checked.
#[derive(Debug, Default)]
pub struct Apparatus {
    pub tables: Vec<Located<TableRecord>>,
    /// Every work of every bibliography file, in file order.
    pub references: Vec<Work>,
    /// A bibliography file failed to parse (already reported): unknown keys are then not reported.
    pub references_unparsed: bool,
    /// A table failed to parse (already reported): what reads tables is then not checked.
    pub tables_unparsed: bool,
    /// A hash of every file's path and text: equal fingerprints, equal data.
    pub fingerprint: u64,
}

/// One file of the apparatus, parsed.
#[derive(Clone)]
enum Parsed {
    Table(Box<Located<TableRecord>>),
    /// The works, and problems that leave them usable (a URL that cannot be a link).
    References(Vec<Work>, Diagnostics),
}

/// What a file of the apparatus holds.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Table,
    /// `references.yaml`.
    Yaml,
    Bib,
    CslJson,
}

/// A file of the apparatus parsed (or its problems), kept by the memo under its kind and a hash
/// of its shown path (which diagnostics and tables name) and text: all that parsing reads.
struct ParsedFile;

impl Product for ParsedFile {
    type Key = u64;
    type Value = Arc<Result<Parsed, Diagnostics>>;
}

/// Loads the tables and the bibliography; a missing folder or file is simply none of them.
/// The bibliography is `references.yaml` with every `.bib` and `.json` file directly in the
/// data folder, except files a collection reads (`claimed`).
/// Files that fail are reported and left out; the rest is returned so it can still be checked.
/// With a `recall`, a file whose shown path and text are the previous build's is not parsed again.
pub fn load(site_dir: &Path, claimed: &[PathBuf], recall: Option<&Recall>) -> (Apparatus, Diagnostics) {
    let data_dir = site_dir.join(DATA_DIR);
    let mut diagnostics = Diagnostics::default();
    let mut files: Vec<(Kind, PathBuf)> = tables_in(&data_dir.join("tables"), site_dir)
        .unwrap_or_else(|d| {
            diagnostics.extend(d);
            Vec::new()
        })
        .into_iter()
        .map(|f| (Kind::Table, f))
        .collect();
    let bibliography = data_dir.join("references.yaml");
    match fsutil::optional_file(&bibliography, site_dir) {
        Ok(true) => files.push((Kind::Yaml, bibliography)),
        Ok(false) => {}
        Err(d) => diagnostics.push(d),
    }
    match bibliography_files(&data_dir, site_dir) {
        Ok(found) => files.extend(found.into_iter().filter(|(_, f)| !claimed.contains(f))),
        Err(d) => diagnostics.extend(d),
    }
    // Files are read and parsed in parallel, then merged in their sorted order.
    let results: Vec<Result<(Parsed, u64), Diagnostics>> =
        files.par_iter().map(|(kind, file)| read(site_dir, file, *kind, recall)).collect();
    let mut apparatus = Apparatus::default();
    let mut hashes = Vec::with_capacity(results.len());
    for ((kind, _), result) in files.iter().zip(results) {
        let table = *kind == Kind::Table;
        match result {
            Ok((Parsed::Table(t), hash)) => {
                hashes.push(hash);
                apparatus.tables.push(*t);
            }
            Ok((Parsed::References(list, problems), hash)) => {
                hashes.push(hash);
                apparatus.references.extend(list);
                diagnostics.extend(problems);
            }
            Err(d) => {
                apparatus.references_unparsed |= !table;
                apparatus.tables_unparsed |= table;
                diagnostics.extend(d);
            }
        }
    }
    apparatus.fingerprint = crate::memo::key(&hashes);
    (apparatus, diagnostics)
}

/// Reads and parses one table (or bibliography file), with a hash of its path and text.
fn read(
    site_dir: &Path,
    file: &Path,
    kind: Kind,
    recall: Option<&Recall>,
) -> Result<(Parsed, u64), Diagnostics> {
    let path = display_path(site_dir, file);
    let text = fsutil::read_text(file, site_dir)?;
    let hash = memo::key((&path, &text));
    let parsed =
        memo::once::<ParsedFile>(recall, || memo::key((kind, hash)), || Arc::new(parse(path, &text, kind)));
    // Without a memo, the file parsed just now is taken rather than copied.
    let parsed = Arc::unwrap_or_clone(parsed);
    parsed.map(|parsed| (parsed, hash))
}

/// Parses one table (or bibliography file) whose shown path is `path`.
fn parse(path: PathBuf, text: &str, kind: Kind) -> Result<Parsed, Diagnostics> {
    let works = match kind {
        Kind::Table => None,
        Kind::Yaml => Some(yaml_references(&path, text).map_err(|d| d.iter().cloned().collect::<Vec<_>>())),
        Kind::Bib => Some(sources::bibtex(&path, text).map(|w| (w, Diagnostics::default()))),
        Kind::CslJson => Some(sources::csl_json(&path, text).map(|(w, p)| (w, p.into_iter().collect()))),
    };
    if let Some(works) = works {
        let (works, problems) = works.map_err(Diagnostics::from_iter)?;
        return Ok(Parsed::References(works, problems));
    }
    {
        let record: TableRecord = yaml::parse(&path, text, 0)?;
        if let Some(too_long) = slug_too_long(&record.id.value, "id", &path) {
            return Err(too_long
                .at(record.id.referenced.line() as usize, record.id.referenced.column() as usize)
                .into());
        }
        Ok(Parsed::Table(Box::new(Located { record, path })))
    }
}

/// `references.yaml`: folio's own list of references, each made a work.
fn yaml_references(path: &Path, text: &str) -> Result<(Vec<Work>, Diagnostics), Diagnostics> {
    let list: Vec<ReferenceRecord> = yaml::parse(path, text, 0)?;
    let mut problems = Diagnostics::default();
    let mut url_problems = Diagnostics::default();
    let mut works = Vec::with_capacity(list.len());
    for record in &list {
        match sources::yaml_record(path, record) {
            Ok((work, url_problem)) => {
                works.push(work);
                url_problems.extend(url_problem.into_iter().collect());
            }
            Err(d) => problems.push(d),
        }
    }
    problems.finish((works, url_problems))
}

/// `.bib` and `.json` files directly in the data folder, sorted by name.
fn bibliography_files(data_dir: &Path, site_dir: &Path) -> Result<Vec<(Kind, PathBuf)>, Diagnostics> {
    let Some(entries) = fsutil::list_dir(data_dir, site_dir)? else { return Ok(Vec::new()) };
    Ok(entries
        .into_iter()
        .filter(|e| e.kind == fsutil::EntryKind::File)
        .filter_map(|e| match e.path.extension().and_then(|x| x.to_str()) {
            Some("bib") => Some((Kind::Bib, e.path)),
            Some("json") => Some((Kind::CslJson, e.path)),
            _ => None,
        })
        .collect())
}

/// `.yaml`/`.yml` files directly in `dir`, sorted by name; every entry that cannot be listed
/// is a diagnostic naming it.
fn tables_in(dir: &Path, site_dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    let Some(entries) = fsutil::list_dir(dir, site_dir)? else { return Ok(Vec::new()) };
    Ok(entries
        .into_iter()
        .filter(|e| e.kind == fsutil::EntryKind::File)
        .map(|e| e.path)
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect())
}
