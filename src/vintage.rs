//! Vintages: the editions of a collection's data (a snapshot, a survey wave) named by the field
//! its schema declares as `vintage`. When the vintages are waves of one panel, comparing the two
//! latest says, for every record at the `from` end of the collection's network, which links
//! were added, dropped and kept. Pure computation over the records; pages render it.

use std::collections::{BTreeMap, BTreeSet};

use crate::fasthash::FastMap;
use crate::records::{Records, Value};
use crate::schema::{Field, FieldType};

/// A record at one end of a link: its collection (index) and id.
pub type End = (usize, String);

/// A vintage as a reader sees it: "December 2016" for a year-month, "31 December 2016" for a
/// date, the enum label or the value itself otherwise.
pub fn label(field: &Field, raw: &str, locale: &crate::locale::Locale) -> String {
    match field.kind {
        FieldType::YearMonth | FieldType::Date => crate::records::date_label(locale, field.kind, raw),
        _ => field.value_label(raw).to_string(),
    }
}

/// The distinct vintages of a collection, newest first.
pub fn vintages(records: &Records, collection: usize) -> Vec<String> {
    let c = &records.schema.collections[collection];
    let Some(vintage) = &c.vintage else { return Vec::new() };
    let field = &c.fields[vintage.field];
    let values: BTreeSet<String> = records.items[collection]
        .records
        .iter()
        .map(|r| r.values[vintage.field].raw_text())
        .filter(|v| !v.is_empty())
        .collect();
    let mut values: Vec<String> = values.into_iter().collect();
    if crate::records::is_numeric(field.kind) {
        values.sort_by_key(|v| v.parse::<i64>().unwrap_or(i64::MIN));
    }
    values.reverse();
    values
}

/// `true` when a record's vintage field holds `vintage` (as [`vintages`] writes it).
pub fn is(value: &Value, vintage: &str) -> bool {
    match value {
        Value::Text(t) => t == vintage,
        other => other.raw_text() == vintage,
    }
}

/// Whether a panel collection has two vintages to compare (and so a page of changes): stops at
/// the second distinct vintage instead of collecting them all.
pub fn compares(records: &Records, collection: usize) -> bool {
    let c = &records.schema.collections[collection];
    let Some(vintage) = c.vintage.as_ref().filter(|v| v.panel) else { return false };
    let mut seen: Option<&Value> = None;
    records.items[collection]
        .records
        .iter()
        .map(|r| &r.values[vintage.field])
        .filter(|v| **v != Value::Null)
        .any(|v| match seen {
            None => {
                seen = Some(v);
                false
            }
            Some(first) => first != v,
        })
}

/// How one record's links moved between two vintages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Links in the newer vintage only.
    New,
    /// Links in the older vintage only.
    Gone,
    Changed,
    Unchanged,
}

/// One record's changes: the records it links to, added, dropped and kept.
#[derive(Debug, Clone)]
pub struct Changes {
    pub record: End,
    pub status: Status,
    pub added: Vec<End>,
    pub dropped: Vec<End>,
    pub kept: Vec<End>,
}

/// The comparison of a panel's two latest vintages.
#[derive(Debug, Clone)]
pub struct PanelDiff {
    /// The joining collection.
    pub collection: usize,
    pub from: String,
    pub to: String,
    /// Records with links in either vintage, by collection and id.
    pub records: Vec<Changes>,
    by_record: FastMap<End, usize>,
}

impl PanelDiff {
    pub fn added(&self) -> usize {
        self.records.iter().map(|c| c.added.len()).sum()
    }

    pub fn dropped(&self) -> usize {
        self.records.iter().map(|c| c.dropped.len()).sum()
    }

    /// The changes of one record.
    pub fn of(&self, collection: usize, id: &str) -> Option<&Changes> {
        self.by_record.get(&(collection, id.to_string())).map(|&i| &self.records[i])
    }
}

/// Compares the two latest vintages of every panel collection that has two.
pub fn panels(records: &Records) -> Vec<PanelDiff> {
    (0..records.schema.collections.len()).filter_map(|c| latest(records, c)).collect()
}

fn latest(records: &Records, collection: usize) -> Option<PanelDiff> {
    let c = &records.schema.collections[collection];
    let (vintage, network) = (c.vintage.as_ref().filter(|v| v.panel)?, c.network.as_ref()?);
    let (to, from) = match vintages(records, collection).as_slice() {
        [to, from, ..] => (to.clone(), from.clone()),
        _ => return None,
    };
    let (from_field, to_field) = (&c.fields[network.from], &c.fields[network.to]);
    let mut links: BTreeMap<End, [BTreeSet<End>; 2]> = BTreeMap::new();
    for record in &records.items[collection].records {
        let wave = match record.values[vintage.field].raw_text() {
            v if v == from => 0,
            v if v == to => 1,
            _ => continue,
        };
        for (c, id) in records.ends(from_field, &record.values[network.from]) {
            for (d, other) in records.ends(to_field, &record.values[network.to]) {
                links.entry((c, id.to_string())).or_default()[wave].insert((d, other.to_string()));
            }
        }
    }
    let changes: Vec<Changes> = links
        .into_iter()
        .map(|(record, [old, new])| {
            let added: Vec<End> = new.difference(&old).cloned().collect();
            let dropped: Vec<End> = old.difference(&new).cloned().collect();
            let status = match (old.is_empty(), new.is_empty()) {
                (true, _) => Status::New,
                (_, true) => Status::Gone,
                _ if added.is_empty() && dropped.is_empty() => Status::Unchanged,
                _ => Status::Changed,
            };
            let kept = old.intersection(&new).cloned().collect();
            Changes { record, status, added, dropped, kept }
        })
        .collect();
    let by_record = changes.iter().enumerate().map(|(i, c)| (c.record.clone(), i)).collect();
    Some(PanelDiff { collection, from, to, records: changes, by_record })
}
