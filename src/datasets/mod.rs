//! Datasets: uniform, typed rows that `table` (and `chart`) blocks draw from. A dataset is an
//! indicator table by its id, a dataset the schema declares ([`declared`]), or a collection's
//! records by the collection's name. Declared datasets are computed at every build, so a changed
//! record changes every table and chart made from it.

pub mod declared;

use std::sync::Arc;
pub mod frame;

use serde::Serialize;

use crate::content::apparatus::{Cell, ColumnType};
use crate::model::Data;

/// One column of a dataset.
#[derive(Debug, Clone, Serialize)]
pub struct DataColumn {
    pub id: String,
    pub label: String,
    pub kind: ColumnType,
}

/// Rows of typed cells, with optional links for the first column (the row's record page).
#[derive(Debug, Clone, Serialize)]
pub struct Dataset {
    pub name: String,
    pub title: String,
    pub columns: Vec<DataColumn>,
    pub rows: Vec<Vec<Cell>>,
    /// Root-relative page of each row's subject, where it has one.
    pub links: Vec<Option<String>>,
    /// Where the numbers come from, for captions.
    pub source: Option<String>,
}

impl Dataset {
    pub fn column(&self, id: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.id == id)
    }
}

fn column(id: &str, label: &str, kind: ColumnType) -> DataColumn {
    DataColumn { id: id.to_string(), label: label.to_string(), kind }
}

/// The indicator table called `name` as a dataset.
pub fn table(data: &Data, name: &str) -> Option<Dataset> {
    let table = data.tables.iter().find(|t| t.id == name)?;
    Some(Dataset {
        name: name.to_string(),
        title: table.title.clone(),
        columns: table.columns.iter().map(|c| column(&c.id, &c.label, c.kind)).collect(),
        rows: table.rows.clone(),
        links: vec![None; table.rows.len()],
        source: table.source.clone(),
    })
}

/// The dataset called `name`, if there is one: an indicator table, a dataset the schema
/// declares, or a collection's records. Declared datasets and collections are shown once per
/// build and shared by every block that reads them.
pub fn dataset(data: &Data, name: &str) -> Option<Arc<Dataset>> {
    if let Some(table) = table(data, name) {
        return Some(Arc::new(table));
    }
    if let Some(i) = data.declared.iter().position(|d| d.name == name) {
        return data.declared_shown.get(i).cloned();
    }
    let (index, _) = data.records.collection(name)?;
    let shown = data.collections_shown.get(index)?.get_or_init(|| {
        Arc::new(frame::Frame::of_collection(&data.records, index).into_dataset(&data.records))
    });
    Some(shown.clone())
}

/// Every dataset name available: indicator tables, declared datasets, then collections.
pub fn names(data: &Data) -> Vec<&str> {
    let tables = data.tables.iter().map(|t| t.id.as_str());
    let declared = data.declared.iter().map(|d| d.name.as_str());
    let collections = data.records.schema.collections.iter().map(|c| c.name.as_str());
    tables.chain(declared).chain(collections).collect()
}

/// A cell as a number for sorting and charts (`None` for text and empty cells).
pub fn cell_number(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Integer(i) => Some(*i as f64),
        Cell::Decimal(d) => Some(*d),
        Cell::Text(_) | Cell::Null => None,
    }
}

/// The cell's text for readers: numbers in `language` (a year as it is); `None` for an empty
/// cell.
pub fn cell_shown(cell: &Cell, kind: ColumnType, language: crate::locale::Language) -> Option<String> {
    match (cell, kind) {
        (Cell::Integer(i), ColumnType::Year) => Some(i.to_string()),
        (Cell::Integer(i), _) => Some(language.integer(*i)),
        (Cell::Decimal(d), _) => Some(language.decimal(*d)),
        _ => cell_text(cell),
    }
}

/// The cell's text as the data writes it, for CSV and for matching; `None` for an empty cell.
pub fn cell_text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Null => None,
        Cell::Integer(i) => Some(i.to_string()),
        Cell::Decimal(d) => Some(d.to_string()),
        Cell::Text(t) => Some(t.clone()),
    }
}
