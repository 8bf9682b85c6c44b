//! Data downloads under `data/`: every collection, declared dataset, indicator table and the
//! bibliography as CSV and as JSON, generated from the data (never hand-written). CSV cells that a spreadsheet would run as a
//! formula are prefixed with `'` so that untrusted text stays inert.

use serde::Serialize;

use crate::content::apparatus::Cell;
use crate::datasets::cell_text;
use crate::model::Data;
use crate::site::Emitter;

#[derive(Serialize)]
struct ReferenceExport<'a> {
    key: &'a str,
    authors: String,
    year: Option<i32>,
    title: Option<&'a str>,
    container: Option<&'a str>,
    url: Option<&'a str>,
}

/// Hands every export to `site`.
pub fn write(site: &Emitter, data: &Data) {
    write_declared(site, data);
    let references: Vec<ReferenceExport> = data
        .references
        .iter()
        .map(|r| ReferenceExport {
            key: &r.key,
            authors: r.authors.join("; "),
            year: r.year,
            title: r.title.as_deref(),
            container: r.container.as_deref(),
            url: r.url.as_deref(),
        })
        .collect();
    export(site, "references", &references);
    for table in &data.tables {
        let header: Vec<String> = table.columns.iter().map(|c| c.id.clone()).collect();
        site.put(format!("data/{}.csv", table.id), cells_csv(&header, &table.rows));
        site.put(format!("data/{}.json", table.id), json(table));
    }
}

/// Every collection of the schema (raw values: ids, enum values, exact numbers) and every
/// declared dataset (as shown: labels and titles). Rows are written as they are read: a large
/// collection's export is never built as a tree of values first.
fn write_declared(site: &Emitter, data: &Data) {
    for (collection, items) in data.records.iter() {
        let header: Vec<String> = collection.fields.iter().map(|f| f.name.clone()).collect();
        let rows = items.records.iter().map(|r| r.values.iter().map(|v| v.raw_text()));
        site.put(format!("data/{}.csv", collection.name), csv_rows(&header, rows));
        let objects: Vec<Object<_>> =
            items.records.iter().map(|r| Object { header: &header, values: &r.values }).collect();
        site.put(format!("data/{}.json", collection.name), json(&objects));
    }
    for dataset in &data.declared_shown {
        let header: Vec<String> = dataset.columns.iter().map(|c| c.id.clone()).collect();
        site.put(format!("data/{}.csv", dataset.name), cells_csv(&header, &dataset.rows));
        let objects: Vec<Object<_>> =
            dataset.rows.iter().map(|row| Object { header: &header, values: row }).collect();
        site.put(format!("data/{}.json", dataset.name), json(&objects));
    }
}

/// One row as a JSON object: the header's names as keys, in order, with the row's values.
struct Object<'a, V> {
    header: &'a [String],
    values: &'a [V],
}

impl<V: Serialize> Serialize for Object<'_, V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.header.len().min(self.values.len())))?;
        for (name, value) in self.header.iter().zip(self.values) {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// Writes `records` as `data/<name>.json` and `data/<name>.csv` (columns = the struct's fields).
fn export<T: Serialize>(site: &Emitter, name: &str, records: &[T]) {
    let value = serde_json::to_value(records).unwrap_or_default();
    let objects: Vec<&serde_json::Map<String, serde_json::Value>> =
        value.as_array().map(|a| a.iter().filter_map(|v| v.as_object()).collect()).unwrap_or_default();
    let header: Vec<String> = objects.first().map(|o| o.keys().cloned().collect()).unwrap_or_default();
    let rows: Vec<Vec<String>> = objects
        .iter()
        .map(|o| header.iter().map(|k| plain(o.get(k).unwrap_or(&serde_json::Value::Null))).collect())
        .collect();
    site.put(format!("data/{name}.csv"), csv(&header, &rows));
    site.put(format!("data/{name}.json"), json(records));
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn plain(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Rows of table cells as CSV, an empty cell for a missing value.
fn cells_csv(header: &[String], rows: &[Vec<Cell>]) -> String {
    csv_rows(header, rows.iter().map(|row| row.iter().map(|c| cell_text(c).unwrap_or_default())))
}

/// RFC 4180 CSV with CRLF line ends.
pub fn csv(header: &[String], rows: &[Vec<String>]) -> String {
    csv_rows(header, rows.iter().map(|row| row.iter().cloned()))
}

/// [`csv`] of rows made one at a time.
fn csv_rows<R: IntoIterator<Item = String>>(header: &[String], rows: impl Iterator<Item = R>) -> String {
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&csv_cell(&cell));
        }
        out.push_str("\r\n");
    };
    line(&mut header.iter().cloned());
    for row in rows {
        line(&mut row.into_iter());
    }
    out
}

fn csv_cell(text: &str) -> String {
    let is_number = text.parse::<f64>().is_ok();
    let inert = if !is_number && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if inert.contains([',', '"', '\n', '\r']) { format!("\"{}\"", inert.replace('"', "\"\"")) } else { inert }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let header = vec!["a".to_string(), "b".to_string()];
        let rows = vec![vec!["x, \"y\"".to_string(), "=cmd()".to_string()], vec!["-3.5".into(), "".into()]];
        assert_eq!(csv(&header, &rows), "a,b\r\n\"x, \"\"y\"\"\",'=cmd()\r\n-3.5,\r\n");
    }
}
