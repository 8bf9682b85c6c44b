//! The site's own description of its data: which collections of records it has, where each
//! lives, what fields its records carry (with types, constraints, references and labels), which
//! records get pages, and which datasets are derived from them. Read from
//! `content/data/schema.yaml`; the vocabulary borrows Frictionless Table Schema's words (`type`,
//! `constraints`, `primaryKey`) so that data people need not learn a folio dialect.
//!
//! Nothing here knows any one report: a field is a name, a type and its labels.

mod resolve;

pub use resolve::humanize;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostics;
use crate::memo::{Product, Recall};

/// Where the schema lives, relative to the data folder.
pub const SCHEMA_FILE: &str = "schema.yaml";

/// Names under the data folder that folio itself reads beside the declared collections.
pub const BUILT_IN: &[&str] = &[SCHEMA_FILE, "tables", "references.yaml"];

/// Every collection and derived dataset a site declares.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// The schema file, relative to the site root (for diagnostics).
    pub path: PathBuf,
    /// A hash of the schema's text: equal fingerprints, equal schema.
    pub fingerprint: u64,
    pub collections: Vec<Collection>,
    pub datasets: Vec<DatasetSpec>,
}

/// One kind of record: firms, projects, funding rounds, regions ...
#[derive(Debug, Clone)]
pub struct Collection {
    pub name: String,
    pub source: Source,
    /// The field that identifies a record (a slug); `None`: records are numbered and have no
    /// pages of their own.
    pub key: Option<usize>,
    /// The field a record is called by in links and listings.
    pub title: usize,
    /// A field shown as the lead of a record's page.
    pub summary: Option<usize>,
    /// A field whose value (its label) heads a record's page instead of the collection's name.
    pub eyebrow: Option<usize>,
    pub label: Label,
    pub description: Option<String>,
    /// The folder of the collection's listing (`<address>/`) and, with `pages`, of its
    /// records' pages (`<address>/<id>/`); `None`: neither.
    pub address: Option<String>,
    /// Whether each record gets a page of its own.
    pub pages: bool,
    pub listing: Listing,
    pub fields: Vec<Field>,
    /// Records that join two references, drawn as a network.
    pub network: Option<Network>,
    /// The field that says which edition of the data a record belongs to.
    pub vintage: Option<Vintage>,
}

impl Collection {
    /// The index of the field called `name`.
    pub fn field(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// The address of the collection's listing page, when it has one.
    pub fn listing_href(&self) -> Option<String> {
        self.address.as_ref().map(|a| [a.as_str(), "/"].concat())
    }

    /// The address of one record's page, when the collection has pages. Joined at once: a
    /// large site makes it hundreds of thousands of times (a record's neighbours, its rows).
    pub fn record_href(&self, id: &str) -> Option<String> {
        self.address.as_ref().filter(|_| self.pages).map(|a| [a.as_str(), "/", id, "/"].concat())
    }
}

/// A collection's name for one record and for many.
#[derive(Debug, Clone)]
pub struct Label {
    pub one: String,
    pub many: String,
}

/// Where a collection's records are stored, relative to the data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A folder of one-record files (YAML or JSON), with optional Markdown bodies `<id>.md`.
    Folder(PathBuf),
    /// One YAML file holding a list of records.
    YamlList(PathBuf),
    /// One CSV file with a header row.
    Csv(PathBuf),
    /// One JSON file holding an array of records.
    JsonList(PathBuf),
    /// A path the schema writes wrongly (already reported): no records.
    Invalid,
}

impl Source {
    pub fn path(&self) -> &Path {
        match self {
            Source::Folder(p) | Source::YamlList(p) | Source::Csv(p) | Source::JsonList(p) => p,
            Source::Invalid => Path::new(""),
        }
    }
}

/// The directory listing of a collection: its columns and default order.
#[derive(Debug, Clone)]
pub struct Listing {
    pub columns: Vec<usize>,
    pub sort: Option<Sort>,
}

/// An order by one field.
#[derive(Debug, Clone, Copy)]
pub struct Sort {
    pub field: usize,
    pub descending: bool,
}

/// Two reference fields of a joining collection: each record is an edge `from` → `to`.
#[derive(Debug, Clone)]
pub struct Network {
    pub from: usize,
    pub to: usize,
    /// The network's own title; without one, pages call it "Network" in the site's language.
    pub title: Option<String>,
    /// The folder of the network's page (`networks/<collection>` unless the schema says).
    pub address: String,
    /// Whether the network is drawn on a page of its own and around its records.
    pub page: bool,
    /// Following edges never comes back to where it started (spin-out of, subsidiary of).
    pub acyclic: bool,
    /// What the records at each end are called in the drawing (default: their collections').
    pub hubs: Option<Label>,
    pub sides: Option<Label>,
}

/// The data's vintage: which field dates a record (a snapshot, an edition, a survey wave).
#[derive(Debug, Clone)]
pub struct Vintage {
    pub field: usize,
    /// Successive vintages are waves of one panel: comparing them says what changed.
    pub panel: bool,
    /// The folder of the page comparing the two latest vintages.
    pub address: String,
}

/// One field of a collection's records.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub label: String,
    pub kind: FieldType,
    /// A list of values of `kind`, rather than one.
    pub list: bool,
    pub required: bool,
    pub unique: bool,
    /// Allowed values with their labels, in declared order; empty: any value.
    pub values: Vec<(String, String)>,
    /// Collections a value may name (by index into [`Schema::collections`]).
    pub reference: Vec<usize>,
    /// For a reference to the field's own collection: following it never comes back.
    pub acyclic: bool,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// The heading of the section that lists referring records on a referenced record's page.
    pub backlink: Option<String>,
    /// Shown apart, folded at the end of a record's page (notes on sources, on how the data was read).
    pub aside: bool,
}

impl Field {
    /// The label of an allowed value, or the value itself.
    pub fn value_label<'a>(&'a self, value: &'a str) -> &'a str {
        self.values.iter().find(|(v, _)| v == value).map_or(value, |(_, label)| label.as_str())
    }
}

/// What a field's values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    String,
    Markdown,
    Integer,
    Number,
    Year,
    YearMonth,
    Date,
    Boolean,
    Url,
    /// A key of the bibliography.
    Citation,
}

/// Type names as a schema writes them, with their types.
pub const FIELD_TYPES: &[(&str, FieldType)] = &[
    ("string", FieldType::String),
    ("markdown", FieldType::Markdown),
    ("integer", FieldType::Integer),
    ("number", FieldType::Number),
    ("year", FieldType::Year),
    ("yearmonth", FieldType::YearMonth),
    ("date", FieldType::Date),
    ("boolean", FieldType::Boolean),
    ("url", FieldType::Url),
    ("citation", FieldType::Citation),
];

/// A dataset derived from a collection, a table or another dataset.
#[derive(Debug, Clone)]
pub struct DatasetSpec {
    pub name: String,
    pub title: String,
    pub from: String,
    /// Keep rows whose field equals one of the values.
    pub filter: Vec<(String, Vec<String>)>,
    pub group: Vec<String>,
    /// Output column name → aggregate.
    pub aggregate: Vec<(String, Aggregate)>,
    pub pivot: Option<Pivot>,
    pub sort: Vec<(String, bool)>,
    pub limit: Option<usize>,
    /// Labels of output columns.
    pub labels: Vec<(String, String)>,
    /// The columns kept, in this order (empty: all).
    pub columns: Vec<String>,
    /// Added columns: name → `COLLECTION.FIELD [filters]`, the number of records of that
    /// collection whose field names the row's record.
    pub counts: Vec<(String, String)>,
    /// Where the spec is written, for diagnostics found when it is computed.
    pub line: usize,
    pub col: usize,
}

/// A summary of the rows of one group.
#[derive(Debug, Clone, PartialEq)]
pub enum Aggregate {
    Count,
    CountDistinct(String),
    Sum(String),
    Mean(String),
    Min(String),
    Max(String),
}

impl Aggregate {
    /// The field the aggregate reads, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Aggregate::Count => None,
            Aggregate::CountDistinct(f)
            | Aggregate::Sum(f)
            | Aggregate::Mean(f)
            | Aggregate::Min(f)
            | Aggregate::Max(f) => Some(f),
        }
    }
}

/// Spread the values of one field into columns, one per value, holding an aggregate.
#[derive(Debug, Clone)]
pub struct Pivot {
    pub field: String,
    pub value: String,
    /// Column ids are the prefix and the value, with `_` for anything but letters and digits.
    pub prefix: String,
    /// Column labels: `{value}` stands for the value as a reader sees it.
    pub label: Option<String>,
    /// Columns from the greatest value down (the newest vintage first).
    pub newest_first: bool,
}

/// Whether the site has a schema file (even one that does not parse).
pub fn declared(site_dir: &Path) -> bool {
    site_dir.join(crate::content::apparatus::DATA_DIR).join(SCHEMA_FILE).exists()
}

/// A schema resolved from its file, with the problems found in it, kept by the memo under a
/// hash of the file's shown path and text: all that resolving reads.
struct Resolved;

impl Product for Resolved {
    type Key = u64;
    type Value = Arc<(Option<Schema>, Diagnostics)>;
}

/// Reads `content/data/schema.yaml` under `site_dir`, with every problem found in it. The
/// schema is `None` when the site declares none (or its file is not YAML at all); a schema
/// with problems is still returned, so its records can be checked in the same run.
/// With a `recall`, a file whose shown path and text are the previous build's is not resolved
/// again.
pub fn load(site_dir: &Path, recall: Option<&Recall>) -> (Option<Schema>, Diagnostics) {
    let file = site_dir.join(crate::content::apparatus::DATA_DIR).join(SCHEMA_FILE);
    if !file.exists() {
        return (None, Diagnostics::default());
    }
    let shown = crate::diagnostic::display_path(site_dir, &file);
    let text = match crate::fsutil::read_text(&file, site_dir) {
        Ok(text) => text,
        Err(d) => return (None, d.into()),
    };
    let key = || crate::memo::key((&shown, &text));
    Arc::unwrap_or_clone(crate::memo::once::<Resolved>(recall, key, || {
        Arc::new(resolve::resolve(&shown, &text))
    }))
}

/// Resolves schema text (for tests and tools): the schema, or every problem in it.
pub fn parse(path: &Path, text: &str) -> Result<Schema, Diagnostics> {
    match resolve::resolve(path, text) {
        (Some(schema), problems) => problems.finish(schema),
        (None, problems) => Err(problems),
    }
}
