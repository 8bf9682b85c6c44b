//! CSV collections: a header row of field names, then one record per row. Every cell is text
//! until the schema types it; an empty cell is an empty value. Positions are the cell's line
//! and the column where it starts.

use std::path::Path;

use super::load::RawRecord;
use super::node::{At, Node};
use crate::diagnostic::Diagnostic;

/// The records of a CSV text.
pub fn records(path: &Path, text: &str) -> Result<Vec<RawRecord>, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
    let problem = |e: csv::Error| {
        let line = e.position().map_or(0, |p| p.line() as usize);
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                format!("this row has {len} cells, the header has {expected_len}")
            }
            csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8".to_string(),
            _ => format!("cannot read CSV: {e}"),
        };
        Diagnostic::new(path, message).at(line, 1).help("every row needs one cell per header column")
    };
    let headers = reader.headers().map_err(problem)?.clone();
    let header_line = text.lines().take_while(|l| l.trim().is_empty()).count() + 1;
    let header_cols = columns(text.lines().nth(header_line - 1).unwrap_or(""), headers.len());
    let names: Vec<At<String>> = headers
        .iter()
        .zip(&header_cols)
        .map(|(name, &col)| spanned(name.trim().to_string(), header_line, col))
        .collect();
    let mut records = Vec::new();
    for row in reader.records() {
        let row = row.map_err(problem)?;
        let line = row.position().map_or(0, |p| p.line() as usize);
        let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        let cols = columns(source_line, row.len());
        let entries = names
            .iter()
            .zip(row.iter())
            .zip(&cols)
            .map(|((name, cell), &col)| {
                let value = if cell.trim().is_empty() { Node::Null } else { Node::Str(cell.to_string()) };
                (name.clone(), spanned(value, line, col))
            })
            .collect();
        records.push(RawRecord { path: path.to_path_buf(), line, col: 1, entries });
    }
    Ok(records)
}

fn spanned<T>(value: T, line: usize, col: usize) -> At<T> {
    At::new(value, line, col)
}

/// The 1-based column where each of the first `n` cells of a CSV line starts (quotes honoured;
/// a cell whose quotes span lines starts the rest on a later line, where the column is 1).
fn columns(line: &str, n: usize) -> Vec<usize> {
    let mut starts = vec![1];
    let mut quoted = false;
    for (i, c) in line.chars().enumerate() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => starts.push(i + 2),
            _ => {}
        }
    }
    starts.resize(n.max(starts.len()), 1);
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_records_with_cell_positions() {
        let records = records(Path::new("r.csv"), "id,amount,note\na,12,\"x, y\"\nb,,z\n").unwrap();
        assert_eq!(records.len(), 2);
        let (key, value) = &records[0].entries[2];
        assert_eq!((key.value.as_str(), &value.value), ("note", &Node::Str("x, y".into())));
        assert_eq!((value.line, value.col), (2, 6));
        assert_eq!(records[1].entries[1].1.value, Node::Null);
    }

    #[test]
    fn a_short_row_is_an_error_at_its_line() {
        let err = records(Path::new("r.csv"), "id,amount\na,1\nb\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("1 cells, the header has 2"), "{}", err.message);
    }
}
