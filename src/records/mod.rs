//! Records of the collections a site declares in its schema: loaded from any source format
//! ([`load`], [`csv`], [`node`], plain YAML read straight from the parser by `direct`), typed and checked against their fields ([`check`]), and kept
//! with the indexes pages need: records by id, and for every reference field, which records
//! point at each target (the back-links).

pub mod check;
pub mod csv;
pub mod direct;
mod lines;
pub mod load;
pub mod node;

use crate::locale::{Key, Locale};
use std::path::PathBuf;

use serde::Serialize;

use crate::fasthash::FastMap;
use crate::schema::{Collection, Field, FieldType, Schema};
pub use load::Body;

/// A typed field value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Text(String),
    Integer(i64),
    Number(f64),
    Boolean(bool),
    List(Vec<Value>),
}

impl Value {
    /// The value's items: itself, or a list's items; nothing for an empty value.
    pub fn items(&self) -> &[Value] {
        match self {
            Value::Null => &[],
            Value::List(items) => items,
            one => std::slice::from_ref(one),
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The value as a number, for sums, means and charts.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Integer(i) => Some(*i as f64),
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The value as written in an export or a filter: exact, with no labels.
    pub fn raw_text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Text(t) => t.clone(),
            Value::Integer(i) => i.to_string(),
            Value::Number(n) => n.to_string(),
            Value::Boolean(b) => b.to_string(),
            Value::List(items) => items.iter().map(Value::raw_text).collect::<Vec<_>>().join("; "),
        }
    }
}

/// One value per field of a collection, in the schema's order. Shared, not copied, by the
/// frames that datasets and computed figures read (a figure over 100,000 records must not
/// clone 100,000 rows).
pub type Row = std::sync::Arc<[Value]>;

/// One checked record.
#[derive(Debug, Clone)]
pub struct Record {
    /// The primary key, or the record's position (1-based) when the collection has none.
    pub id: String,
    /// One value per field of the collection, in the schema's order.
    pub values: Row,
    /// Where each field's value is written (the record's own position when it is absent).
    pub positions: Vec<(usize, usize)>,
    pub path: PathBuf,
    pub line: usize,
}

/// The records of one collection, in file order, with an index by id.
#[derive(Debug, Default)]
pub struct Items {
    pub records: Vec<Record>,
    pub bodies: Vec<Body>,
    index: FastMap<String, usize>,
}

impl Items {
    pub fn new(records: Vec<Record>, bodies: Vec<Body>) -> Items {
        let index = records.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
        Items { records, bodies, index }
    }

    pub fn get(&self, id: &str) -> Option<&Record> {
        self.position(id).map(|i| &self.records[i])
    }

    /// Where the record `id` is in `records`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}

/// The records pointing at each target through one reference field.
#[derive(Debug)]
pub struct Backlinks {
    /// The referring collection and field.
    pub from: usize,
    pub field: usize,
    /// The referenced collection.
    pub to: usize,
    /// Target id → positions of the referring records.
    by_target: FastMap<String, Vec<usize>>,
}

impl Backlinks {
    pub fn of(&self, id: &str) -> &[usize] {
        self.by_target.get(id).map(Vec::as_slice).unwrap_or_default()
    }
}

/// Every declared collection's records, with their indexes.
#[derive(Debug, Default)]
pub struct Records {
    pub schema: Schema,
    /// Parallel to `schema.collections`.
    pub items: Vec<Items>,
    pub backlinks: Vec<Backlinks>,
    /// A hash of every file read: equal fingerprints, equal records.
    pub fingerprint: u64,
}

/// A record together with its collection, as a reference resolves to.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub collection: &'a Collection,
    pub index: usize,
    pub record: &'a Record,
}

impl<'a> Target<'a> {
    pub fn title(&self) -> String {
        title_of(self.collection, self.record)
    }

    pub fn href(&self) -> Option<String> {
        self.collection.record_href(&self.record.id)
    }
}

/// What a record is called: its title field as text, or its id.
pub fn title_of(collection: &Collection, record: &Record) -> String {
    match record.values.get(collection.title) {
        Some(Value::Null) | None => record.id.clone(),
        Some(value) => value.raw_text(),
    }
}

impl Records {
    /// Builds the indexes over checked records.
    pub fn new(schema: Schema, items: Vec<Items>, fingerprint: u64) -> Records {
        let mut backlinks = Vec::new();
        for (from, collection) in schema.collections.iter().enumerate() {
            for (field, f) in collection.fields.iter().enumerate() {
                for &to in &f.reference {
                    let mut by_target: FastMap<String, Vec<usize>> = FastMap::default();
                    for (i, record) in items[from].records.iter().enumerate() {
                        for value in record.values[field].items() {
                            if let Some(id) = value.as_text()
                                && items[to].get(id).is_some()
                            {
                                let list = by_target.entry(id.to_string()).or_default();
                                if list.last() != Some(&i) {
                                    list.push(i);
                                }
                            }
                        }
                    }
                    backlinks.push(Backlinks { from, field, to, by_target });
                }
            }
        }
        Records { schema, items, backlinks, fingerprint }
    }

    /// The collection called `name`, with its position.
    pub fn collection(&self, name: &str) -> Option<(usize, &Collection)> {
        self.schema.collections.iter().enumerate().find(|(_, c)| c.name == name)
    }

    /// The record a reference field's value names.
    pub fn resolve(&self, field: &Field, id: &str) -> Option<Target<'_>> {
        field.reference.iter().find_map(|&c| {
            let items = &self.items[c];
            items.index.get(id).map(|&index| Target {
                collection: &self.schema.collections[c],
                index,
                record: &items.records[index],
            })
        })
    }

    /// The collection (by index) holding the record a reference field's value names.
    pub fn locate(&self, field: &Field, id: &str) -> Option<usize> {
        field.reference.iter().copied().find(|&c| self.items[c].index.contains_key(id))
    }

    /// The records a reference value names, as (collection, id); ids that name nothing are
    /// left out (they are reported by the checks).
    pub fn ends<'a>(&self, field: &Field, value: &'a Value) -> impl Iterator<Item = (usize, &'a str)> {
        value.items().iter().filter_map(move |v| {
            let id = v.as_text()?;
            Some((self.locate(field, id)?, id))
        })
    }

    /// Every collection with its records.
    pub fn iter(&self) -> impl Iterator<Item = (&Collection, &Items)> {
        self.schema.collections.iter().zip(&self.items)
    }

    pub fn is_empty(&self) -> bool {
        self.schema.collections.is_empty()
    }
}

/// "December 2016" for `2016-12`, "31 December 2016" for `2016-12-31` (in `locale`'s
/// language); other text as it is.
pub fn date_label(locale: &Locale, kind: FieldType, raw: &str) -> String {
    let language = locale.language;
    let month = |m: &str| m.parse::<usize>().ok();
    let parts: Vec<&str> = raw.splitn(3, '-').collect();
    let shown = match (kind, parts.as_slice()) {
        (FieldType::YearMonth | FieldType::Date, [year, m]) => {
            month(m).and_then(|m| language.year_month(year, m))
        }
        (FieldType::Date, [year, m, day]) => {
            month(m).zip(day.parse::<u32>().ok()).and_then(|(m, day)| language.date(year, m, day))
        }
        _ => None,
    };
    shown.unwrap_or_else(|| raw.to_string())
}

/// A field's value as a reader sees it, in `locale`: labels for enum values, titles for
/// references, dates in words, numbers with the language's separators (years as they are),
/// text otherwise (lists joined with "; ").
pub fn display(records: &Records, field: &Field, value: &Value, locale: &Locale) -> String {
    let item = |v: &Value| match v {
        Value::Text(t) if matches!(field.kind, FieldType::YearMonth | FieldType::Date) => {
            date_label(locale, field.kind, t)
        }
        Value::Text(t) if !field.values.is_empty() => field.value_label(t).to_string(),
        Value::Text(t) if !field.reference.is_empty() => {
            records.resolve(field, t).map_or(t.clone(), |r| r.title())
        }
        Value::Boolean(b) => locale.text(if *b { Key::BooleanYes } else { Key::BooleanNo }).to_string(),
        Value::Integer(i) if field.kind != FieldType::Year => locale.language.integer(*i),
        Value::Number(n) => locale.language.decimal(*n),
        other => other.raw_text(),
    };
    value.items().iter().map(item).collect::<Vec<_>>().join("; ")
}

/// `true` for field types a reader sorts as numbers.
pub fn is_numeric(kind: FieldType) -> bool {
    matches!(kind, FieldType::Integer | FieldType::Number | FieldType::Year)
}
