//! A frame: rows of raw values under named columns, the common shape of a collection, an
//! indicator table and a computed dataset while they are filtered, grouped, counted and looked
//! up. Values stay raw (ids, enum values, exact integers) until a frame becomes a [`Dataset`];
//! only then do they turn into the labels and titles a reader sees.

use crate::content::apparatus::{Cell, ColumnType};
use crate::diagnostic::closest;
use crate::records::{self, Records, Row, Value};
use crate::schema::{Field, FieldType};

use super::{DataColumn, Dataset};

/// One column: its id, label and type, and the field it came from (for labels and links).
#[derive(Debug, Clone)]
pub struct FrameColumn {
    pub id: String,
    pub label: String,
    pub kind: ColumnType,
    pub field: Option<Field>,
}

/// Rows of raw values, with the page each row stands for.
#[derive(Debug, Clone)]
pub struct Frame {
    pub name: String,
    pub title: String,
    pub source: Option<String>,
    pub columns: Vec<FrameColumn>,
    /// Rows read from a collection share its records' values.
    pub rows: Vec<Row>,
    pub links: Vec<Option<String>>,
}

/// The column type a field's values show as.
pub fn column_type(field: &Field) -> ColumnType {
    match field.kind {
        _ if field.list => ColumnType::Text,
        FieldType::Integer => ColumnType::Integer,
        FieldType::Number => ColumnType::Decimal,
        FieldType::Year => ColumnType::Year,
        _ => ColumnType::Text,
    }
}

impl Frame {
    /// A collection's records, one row each, linked to their pages.
    pub fn of_collection(records: &Records, index: usize) -> Frame {
        let items = &records.items[index];
        let collection = &records.schema.collections[index];
        Frame::of_collection_with(
            records,
            index,
            items.records.iter().map(|r| r.values.clone()).collect(),
            items.records.iter().map(|r| collection.record_href(&r.id)).collect(),
        )
    }

    /// A collection's columns, holding the given rows.
    fn of_collection_with(
        records: &Records,
        index: usize,
        rows: Vec<Row>,
        links: Vec<Option<String>>,
    ) -> Frame {
        let collection = &records.schema.collections[index];
        Frame {
            name: collection.name.clone(),
            title: collection.label.many.clone(),
            source: None,
            columns: collection
                .fields
                .iter()
                .map(|f| FrameColumn {
                    id: f.name.clone(),
                    label: f.label.clone(),
                    kind: column_type(f),
                    field: Some(f.clone()),
                })
                .collect(),
            rows,
            links,
        }
    }

    /// A frame of the same name, title and source with other columns and rows.
    pub fn reshaped(&self, columns: Vec<FrameColumn>, rows: Vec<Row>, links: Vec<Option<String>>) -> Frame {
        Frame {
            name: self.name.clone(),
            title: self.title.clone(),
            source: self.source.clone(),
            columns,
            rows,
            links,
        }
    }

    /// A dataset's rows as raw values (labels stay as they are).
    pub fn of_dataset(dataset: &Dataset) -> Frame {
        Frame {
            name: dataset.name.clone(),
            title: dataset.title.clone(),
            source: dataset.source.clone(),
            columns: dataset
                .columns
                .iter()
                .map(|c| FrameColumn { id: c.id.clone(), label: c.label.clone(), kind: c.kind, field: None })
                .collect(),
            rows: dataset.rows.iter().map(|row| row.iter().map(cell_value).collect()).collect(),
            links: dataset.links.clone(),
        }
    }

    /// The position of column `id`, or a message with the closest id and the valid ones.
    pub fn column(&self, id: &str) -> Result<usize, String> {
        self.columns.iter().position(|c| c.id == id).ok_or_else(|| {
            let ids: Vec<&str> = self.columns.iter().map(|c| c.id.as_str()).collect();
            let hint =
                closest(id, ids.iter().copied()).map(|c| format!("did you mean `{c}`? ")).unwrap_or_default();
            format!("`{}` has no field `{id}`: {hint}fields: {}", self.name, ids.join(", "))
        })
    }

    /// A collection's records that pass `filters` (applied in order, as [`Frame::filter`]
    /// would), one row each: only the rows kept are copied out of the records.
    pub fn of_collection_filtered(
        records: &Records,
        index: usize,
        filters: &[(&str, Vec<String>)],
    ) -> Result<Frame, String> {
        let collection = &records.schema.collections[index];
        let items = &records.items[index];
        let mut frame = Frame::of_collection_with(records, index, Vec::new(), Vec::new());
        let mut kept: Vec<usize> = (0..items.records.len()).collect();
        for (id, values) in filters {
            let column = frame.column(id)?;
            let view: Vec<&[Value]> = kept.iter().map(|&i| &items.records[i].values[..]).collect();
            let keep = frame.selection(&view, id, column, values)?;
            let mut flags = keep.iter();
            kept.retain(|_| *flags.next().unwrap_or(&false));
        }
        frame.rows = kept.iter().map(|&i| items.records[i].values.clone()).collect();
        frame.links = kept.iter().map(|&i| collection.record_href(&items.records[i].id)).collect();
        Ok(frame)
    }

    /// Keeps the rows whose column `id` holds one of `values` (any item of a list). A value that
    /// no row holds is an error: it is almost always a typo, and would silently give 0.
    pub fn filter(&mut self, id: &str, values: &[String]) -> Result<(), String> {
        let column = self.column(id)?;
        let view: Vec<&[Value]> = self.rows.iter().map(|row| &row[..]).collect();
        let keep = self.selection(&view, id, column, values)?;
        let mut flags = keep.iter();
        self.rows.retain(|_| *flags.next().unwrap_or(&false));
        let mut flags = keep.iter();
        self.links.retain(|_| *flags.next().unwrap_or(&false));
        Ok(())
    }

    /// Which of `rows` (this frame's, or records' values in its columns) the filter keeps.
    fn selection(
        &self,
        rows: &[&[Value]],
        id: &str,
        column: usize,
        values: &[String],
    ) -> Result<Vec<bool>, String> {
        // `@latest` stands for the greatest value the column holds (the newest vintage); a
        // column with no value yet has none, and the filter keeps nothing.
        let values: Vec<String> = values
            .iter()
            .filter_map(|v| match v.as_str() {
                "@latest" => latest_of(rows, column),
                _ => Some(v.clone()),
            })
            .collect();
        let declared = self.columns[column].field.as_ref().map_or(&[][..], |f| f.values.as_slice());
        for wanted in &values {
            // A value no record has is almost always a typo. An `enum` says so even before any
            // record has the value; without one, only records can, and an empty source cannot.
            if !declared.is_empty() {
                if !declared.iter().any(|(v, _)| v == wanted) {
                    let names = declared.iter().map(|(v, _)| v.as_str());
                    let hint = closest(wanted, names.clone())
                        .map(|c| format!("did you mean `{c}`? "))
                        .unwrap_or_default();
                    return Err(format!(
                        "`{}` declares no {id}={wanted}: {hint}values: {}",
                        self.name,
                        names.collect::<Vec<_>>().join(", ")
                    ));
                }
                continue;
            }
            if !rows.is_empty() && !rows.iter().any(|row| holds(&row[column], wanted)) {
                let mut present: Vec<String> =
                    rows.iter().flat_map(|row| row[column].items().iter().map(Value::raw_text)).collect();
                present.sort();
                present.dedup();
                let hint = closest(wanted, present.iter().map(String::as_str))
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default();
                present.truncate(12);
                return Err(format!(
                    "no record of `{}` has {id}={wanted}: {hint}values include {}",
                    self.name,
                    present.join(", ")
                ));
            }
        }
        Ok(rows.iter().map(|row| values.iter().any(|v| holds(&row[column], v))).collect())
    }

    /// The greatest value of a column (by number where both are numbers, else by text).
    pub fn latest(&self, column: usize) -> Option<String> {
        let view: Vec<&[Value]> = self.rows.iter().map(|row| &row[..]).collect();
        latest_of(&view, column)
    }

    /// The frame as a reader's dataset: labels for enum values, titles for references.
    pub fn to_dataset(&self, records: &Records) -> Dataset {
        self.clone().into_dataset(records)
    }

    /// [`Frame::to_dataset`], consuming the frame.
    pub fn into_dataset(self, records: &Records) -> Dataset {
        let cells = |row: Row| {
            row.iter().zip(&self.columns).map(|(value, column)| to_cell(records, column, value)).collect()
        };
        Dataset {
            columns: self
                .columns
                .iter()
                .map(|c| DataColumn { id: c.id.clone(), label: c.label.clone(), kind: c.kind })
                .collect(),
            rows: self.rows.into_iter().map(cells).collect(),
            links: self.links,
            name: self.name,
            title: self.title,
            source: self.source,
        }
    }
}

/// `true` when the value, or an item of it, is written `wanted`.
pub fn holds(value: &Value, wanted: &str) -> bool {
    value.items().iter().any(|item| match item {
        Value::Text(t) => t == wanted,
        other => other.raw_text() == wanted,
    })
}

/// The greatest item of a column over `rows` (by number where both are numbers, else by
/// text), as written.
fn latest_of(rows: &[&[Value]], column: usize) -> Option<String> {
    rows.iter()
        .flat_map(|row| row[column].items())
        .max_by(|a, b| match (a, b, a.as_number(), b.as_number()) {
            (_, _, Some(x), Some(y)) => x.total_cmp(&y),
            (Value::Text(x), Value::Text(y), _, _) => x.cmp(y),
            _ => a.raw_text().cmp(&b.raw_text()),
        })
        .map(Value::raw_text)
}

fn cell_value(cell: &Cell) -> Value {
    match cell {
        Cell::Null => Value::Null,
        Cell::Integer(i) => Value::Integer(*i),
        Cell::Decimal(d) => Value::Number(*d),
        Cell::Text(t) => Value::Text(t.clone()),
    }
}

fn to_cell(records: &Records, column: &FrameColumn, value: &Value) -> Cell {
    match (value, &column.field) {
        (Value::Null, _) => Cell::Null,
        (Value::Integer(i), _) => Cell::Integer(*i),
        (Value::Number(n), _) => Cell::Decimal(*n),
        (value, Some(field)) => Cell::Text(records::display(records, field, value, crate::locale::english())),
        (value, None) => Cell::Text(value.raw_text()),
    }
}
