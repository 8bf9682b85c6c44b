//! The report's apparatus among the data: indicator tables (`content/data/tables/<id>.yaml`,
//! typed columns and rows) and the bibliography (`content/data/references.yaml`). Each struct
//! rejects unknown fields; ids keep their source position ([`Spanned`]) so that `validate` can
//! point at the exact line of a bad value. The site's own records are declared in its schema
//! and read by [`crate::records`].

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::{slug_too_long, yaml};
use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::fsutil;

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

#[derive(Debug, Deserialize)]
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
    pub note: Option<String>,
}

/// A record together with the file it came from.
#[derive(Debug)]
pub struct Located<T> {
    pub path: PathBuf,
    pub record: T,
}

/// The tables and the bibliography, parsed but not yet cross-checked.
#[derive(Debug, Default)]
pub struct Apparatus {
    pub tables: Vec<Located<TableRecord>>,
    pub references: Vec<Located<ReferenceRecord>>,
    /// The bibliography failed to parse (already reported): unknown keys are then not reported.
    pub references_unparsed: bool,
    /// A table failed to parse (already reported): what reads tables is then not checked.
    pub tables_unparsed: bool,
    /// A hash of every file's path and text: equal fingerprints, equal data.
    pub fingerprint: u64,
}

/// One file of the apparatus, parsed.
enum Parsed {
    Table(Box<Located<TableRecord>>),
    References(Vec<Located<ReferenceRecord>>),
}

/// Loads the tables and the bibliography; a missing folder or file is simply none of them.
/// Files that fail are reported and left out; the rest is returned so it can still be checked.
pub fn load(site_dir: &Path) -> (Apparatus, Diagnostics) {
    let data_dir = site_dir.join(DATA_DIR);
    let mut diagnostics = Diagnostics::default();
    let mut files: Vec<(bool, PathBuf)> = tables_in(&data_dir.join("tables"), site_dir)
        .unwrap_or_else(|d| {
            diagnostics.extend(d);
            Vec::new()
        })
        .into_iter()
        .map(|f| (true, f))
        .collect();
    let bibliography = data_dir.join("references.yaml");
    match fsutil::optional_file(&bibliography, site_dir) {
        Ok(true) => files.push((false, bibliography)),
        Ok(false) => {}
        Err(d) => diagnostics.push(d),
    }
    // Files are read and parsed in parallel, then merged in their sorted order.
    let results: Vec<Result<(Parsed, u64), Diagnostic>> =
        files.par_iter().map(|(table, file)| parse(site_dir, file, *table)).collect();
    let mut apparatus = Apparatus::default();
    let mut hashes = Vec::with_capacity(results.len());
    for ((table, _), result) in files.iter().zip(results) {
        match result {
            Ok((Parsed::Table(t), hash)) => {
                hashes.push(hash);
                apparatus.tables.push(*t);
            }
            Ok((Parsed::References(list), hash)) => {
                hashes.push(hash);
                apparatus.references.extend(list);
            }
            Err(d) => {
                apparatus.references_unparsed |= !table;
                apparatus.tables_unparsed |= *table;
                diagnostics.push(d);
            }
        }
    }
    apparatus.fingerprint = crate::memo::key(&hashes);
    (apparatus, diagnostics)
}

/// Reads and parses one table (or the bibliography), with a hash of its path and text.
fn parse(site_dir: &Path, file: &Path, table: bool) -> Result<(Parsed, u64), Diagnostic> {
    let path = display_path(site_dir, file);
    let text = fsutil::read_text(file, site_dir)?;
    let hash = crate::memo::key((&path, &text));
    if table {
        let record: TableRecord = yaml::parse(&path, &text, 0)?;
        if let Some(too_long) = slug_too_long(&record.id.value, "id", &path) {
            return Err(
                too_long.at(record.id.referenced.line() as usize, record.id.referenced.column() as usize)
            );
        }
        return Ok((Parsed::Table(Box::new(Located { record, path })), hash));
    }
    let list: Vec<ReferenceRecord> = yaml::parse(&path, &text, 0)?;
    let list = list.into_iter().map(|record| Located { path: path.clone(), record }).collect();
    Ok((Parsed::References(list), hash))
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
