//! Data records: the typed shape of every YAML file under `content/data/`, and their loading.
//! Each struct rejects unknown fields; ids and cross-references keep their source position
//! ([`Spanned`]) so that `validate` can point at the exact line of a bad reference.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::{slug_too_long, yaml};
use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::fsutil;

/// Where the data lives, relative to the site root.
pub const DATA_DIR: &str = "content/data";

/// What kind of organisation a firm record describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FirmKind {
    NewBiotechFirm,
    SpinOff,
    JointVenture,
    Subsidiary,
    LargeCompany,
}

/// How a firm relates to another firm or company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelationKind {
    SpinOutOf,
    SpinOffOf,
    JointVentureOf,
    SubsidiaryOf,
    FormerlyPartOf,
    RenamedFrom,
}

/// What happened in an acquisition or takeover, seen from the firm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AcquisitionEvent {
    Acquired,
    AcquiredBy,
    ReverseTakeover,
    Divested,
    DelistedTakeoverBy,
    MergedWith,
}

/// The nature of an alliance, where the dissertation says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AllianceKind {
    Licensing,
    InLicensing,
    OutLicensing,
    RAndD,
    CoDevelopment,
    JointVenture,
    Equity,
    Marketing,
    Manufacturing,
    Acquisition,
    SpinOff,
    Service,
    Consortium,
    Unspecified,
}

/// What kind of organisation a partner company is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CompanyKind {
    BigPharma,
    Biotech,
    Medtech,
    Diagnostics,
    Investor,
    ResearchInstitute,
    University,
    Hospital,
    Consortium,
    ServiceProvider,
    Other,
}

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
pub struct FirmRecord {
    pub id: Spanned<String>,
    pub name: String,
    pub kind: FirmKind,
    pub region: Spanned<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub founded: Option<i32>,
    #[serde(default)]
    pub listed: Vec<String>,
    #[serde(default)]
    pub relations: Vec<Relation>,
    #[serde(default)]
    pub platforms: Vec<String>,
    #[serde(default)]
    pub products: Vec<String>,
    #[serde(default)]
    pub business_model: Option<String>,
    #[serde(default)]
    pub acquisitions: Vec<Acquisition>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub kind: RelationKind,
    pub of: Spanned<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acquisition {
    pub event: AcquisitionEvent,
    pub party: Spanned<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllianceFile {
    pub firm: Spanned<String>,
    pub alliances: Vec<AllianceRecord>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllianceRecord {
    pub partner: Spanned<String>,
    pub kind: AllianceKind,
    pub snapshot: Spanned<String>,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyRecord {
    pub id: Spanned<String>,
    pub name: String,
    pub kind: CompanyKind,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub parent: Option<Spanned<String>>,
    #[serde(default)]
    pub openness: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
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

/// A record's Markdown body (`firms/<id>.md`), kept beside its record.
#[derive(Debug)]
pub struct CaseBody {
    pub path: PathBuf,
    pub id: String,
    /// The page the body is shown on (`firms/<id>/`).
    pub page: String,
    pub markdown: String,
}

/// Everything under `content/data/`, parsed but not yet cross-checked.
#[derive(Debug, Default)]
pub struct RawData {
    pub firms: Vec<Located<FirmRecord>>,
    pub cases: Vec<CaseBody>,
    pub alliances: Vec<Located<AllianceFile>>,
    pub companies: Vec<Located<CompanyRecord>>,
    pub tables: Vec<Located<TableRecord>>,
    pub references: Vec<Located<ReferenceRecord>>,
    /// What could not be read or parsed, so that checks do not add errors about it.
    pub unparsed: Unparsed,
    /// A hash of every data file's path and text: equal fingerprints, equal data.
    pub fingerprint: u64,
}

/// Files that failed to load; their problems are already reported.
#[derive(Debug, Default)]
pub struct Unparsed {
    /// Ids (file names) of firm records that did not parse.
    pub firms: Vec<String>,
    pub companies: bool,
    pub references: bool,
}

/// Loads every data file; a missing folder or file is simply no data of that kind. Files that
/// fail are reported and left out; the rest is returned so it can still be checked. With a
/// `schema`, the site declares its own collections, and only the indicator tables and the
/// bibliography are read here.
pub fn load(site_dir: &Path, schema: bool) -> (RawData, Diagnostics) {
    let data_dir = site_dir.join(DATA_DIR);
    let mut files: Vec<(Kind, PathBuf)> = Vec::new();
    let mut diagnostics = Diagnostics::default();
    let built_in: &[(Kind, &str)] = if schema {
        &[(Kind::Table, "tables")]
    } else {
        &[(Kind::Firm, "firms"), (Kind::Alliances, "alliances"), (Kind::Table, "tables")]
    };
    for &(kind, dir) in built_in {
        let case_bodies_allowed = kind == Kind::Firm;
        let listed = files_in(&data_dir.join(dir), site_dir).unwrap_or_else(|d| {
            diagnostics.extend(d);
            Vec::new()
        });
        files.extend(
            listed
                .into_iter()
                .filter(|f| case_bodies_allowed || f.extension().is_none_or(|e| e != "md"))
                .map(|f| (kind, f)),
        );
    }
    let lists: &[(Kind, &str)] = if schema {
        &[(Kind::References, "references.yaml")]
    } else {
        &[(Kind::Companies, "companies.yaml"), (Kind::References, "references.yaml")]
    };
    for &(kind, name) in lists {
        let file = data_dir.join(name);
        match fsutil::optional_file(&file, site_dir) {
            Ok(true) => files.push((kind, file)),
            Ok(false) => {}
            Err(d) => diagnostics.push(d),
        }
    }
    // Files are read and parsed in parallel, then merged in their sorted order.
    let results: Vec<Result<(Parsed, u64), Diagnostic>> =
        files.par_iter().map(|(kind, file)| kind.load(site_dir, file)).collect();
    let mut data = RawData::default();
    let mut file_hashes = Vec::with_capacity(results.len());
    for ((kind, file), result) in files.iter().zip(results) {
        match result {
            Ok((parsed, hash)) => {
                file_hashes.push(hash);
                parsed.merge_into(&mut data)
            }
            Err(d) => {
                kind.mark_unparsed(&mut data.unparsed, file);
                diagnostics.push(d);
            }
        }
    }
    data.fingerprint = crate::memo::key(&file_hashes);
    (data, diagnostics)
}

/// One data file, parsed.
enum Parsed {
    Firm(Located<FirmRecord>),
    Case(CaseBody),
    Alliances(Located<AllianceFile>),
    Table(Located<TableRecord>),
    Companies(Vec<Located<CompanyRecord>>),
    References(Vec<Located<ReferenceRecord>>),
}

impl Parsed {
    fn merge_into(self, data: &mut RawData) {
        match self {
            Parsed::Firm(r) => data.firms.push(r),
            Parsed::Case(c) => data.cases.push(c),
            Parsed::Alliances(r) => data.alliances.push(r),
            Parsed::Table(r) => data.tables.push(r),
            Parsed::Companies(list) => data.companies.extend(list),
            Parsed::References(list) => data.references.extend(list),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Firm,
    Alliances,
    Table,
    Companies,
    References,
}

impl Kind {
    fn mark_unparsed(self, unparsed: &mut Unparsed, file: &Path) {
        match self {
            Kind::Firm => {
                unparsed.firms.extend(file.file_stem().map(|s| s.to_string_lossy().into_owned()));
            }
            Kind::Companies => unparsed.companies = true,
            Kind::References => unparsed.references = true,
            Kind::Alliances | Kind::Table => {}
        }
    }

    /// Reads and parses one file of this kind (a `.md` beside firm records is a case body), with
    /// a hash of its path and text.
    fn load(self, site_dir: &Path, file: &Path) -> Result<(Parsed, u64), Diagnostic> {
        let path = display_path(site_dir, file);
        let text = fsutil::read_text(file, site_dir)?;
        let hash = crate::memo::key((&path, &text));
        if file.extension().is_some_and(|e| e == "md") {
            let id = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            return Ok((
                Parsed::Case(CaseBody { path, page: format!("firms/{id}/"), id, markdown: text }),
                hash,
            ));
        }
        let parsed = match self {
            Kind::Firm => Parsed::Firm(Located { record: yaml::parse(&path, &text, 0)?, path }),
            Kind::Alliances => Parsed::Alliances(Located { record: yaml::parse(&path, &text, 0)?, path }),
            Kind::Table => Parsed::Table(Located { record: yaml::parse(&path, &text, 0)?, path }),
            Kind::Companies => {
                let list: Vec<CompanyRecord> = yaml::parse(&path, &text, 0)?;
                Parsed::Companies(
                    list.into_iter().map(|record| Located { path: path.clone(), record }).collect(),
                )
            }
            Kind::References => {
                let list: Vec<ReferenceRecord> = yaml::parse(&path, &text, 0)?;
                Parsed::References(
                    list.into_iter().map(|record| Located { path: path.clone(), record }).collect(),
                )
            }
        };
        check_id_lengths(&parsed, &display_path(site_dir, file))?;
        Ok((parsed, hash))
    }
}

/// `.yaml`/`.yml`/`.md` files directly in `dir`, sorted by name; none when `dir` does not exist.
/// Anything there that cannot be read is an error: a build that skipped it would remove pages.
fn files_in(dir: &Path, site_dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    let entries = fsutil::list_dir(dir, site_dir)?.unwrap_or_default();
    Ok(entries
        .into_iter()
        .filter(|e| e.kind == fsutil::EntryKind::File)
        .map(|e| e.path)
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "md"))
        .collect())
}

/// Ids become file names in the output: a record whose id is too long fails its file, at the id.
fn check_id_lengths(parsed: &Parsed, path: &Path) -> Result<(), Diagnostic> {
    let ids: Vec<&Spanned<String>> = match parsed {
        Parsed::Firm(firm) => vec![&firm.record.id],
        Parsed::Table(table) => vec![&table.record.id],
        Parsed::Companies(list) => list.iter().map(|company| &company.record.id).collect(),
        Parsed::Case(_) | Parsed::Alliances(_) | Parsed::References(_) => Vec::new(),
    };
    for id in ids {
        if let Some(too_long) = slug_too_long(&id.value, "id", path) {
            let (line, col) = (id.referenced.line() as usize, id.referenced.column() as usize);
            return Err(too_long.at(line, col));
        }
    }
    Ok(())
}
