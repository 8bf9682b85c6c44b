//! CSV collections: a header row of field names, then one record per row. Every cell is text
//! until the schema types it; an empty cell is an empty value. Positions are the cell's line
//! and the column where it starts.

use std::path::Path;

use super::load::RawRecord;
use super::node::{At, Node};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// The records of a CSV text, and a problem for each row that cannot be read (the other rows
/// are still returned, so that every problem shows in one run).
pub fn records(path: &Path, text: &str) -> (Vec<RawRecord>, Diagnostics) {
    let mut problems = Diagnostics::default();
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    let problem = |e: csv::Error| {
        let line = e.position().map_or(0, |p| p.line() as usize);
        let message = match e.kind() {
            csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8".to_string(),
            _ => format!("cannot read CSV: {e}"),
        };
        Diagnostic::new(path, message).at(line, 1)
    };
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            problems.push(problem(e));
            return (Vec::new(), problems);
        }
    };
    let lines: Vec<&str> = text.lines().collect();
    let header_line = lines.iter().take_while(|l| l.trim().is_empty()).count() + 1;
    let header_cols = columns(lines.get(header_line - 1).copied().unwrap_or(""), headers.len());
    let names: Vec<At<String>> = headers
        .iter()
        .zip(&header_cols)
        .map(|(name, &col)| spanned(name.trim().to_string(), header_line, col))
        .collect();
    let mut records = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                problems.push(problem(e));
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line() as usize);
        if row.len() != names.len() {
            problems.push(
                Diagnostic::new(
                    path,
                    format!("this row has {} cells, the header has {}", row.len(), names.len()),
                )
                .at(line, 1)
                .help("every row needs one cell per header column (an empty cell is fine)"),
            );
            continue;
        }
        let source_line = lines.get(line.saturating_sub(1)).copied().unwrap_or("");
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
        records.push(RawRecord { path: path.to_path_buf(), line, col: 1, entries, alone: false });
    }
    (records, problems)
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
        let (records, problems) = records(Path::new("r.csv"), "id,amount,note\na,12,\"x, y\"\nb,,z\n");
        assert!(problems.is_empty());
        assert_eq!(records.len(), 2);
        let (key, value) = &records[0].entries[2];
        assert_eq!((key.value.as_str(), &value.value), ("note", &Node::Str("x, y".into())));
        assert_eq!((value.line, value.col), (2, 6));
        assert_eq!(records[1].entries[1].1.value, Node::Null);
    }

    #[test]
    fn a_short_row_is_an_error_at_its_line_and_the_others_are_kept() {
        let (records, problems) = records(Path::new("r.csv"), "id,amount\na,1\nb\nc,3,4\nd,5\n");
        let problems = problems.into_sorted();
        assert_eq!(records.len(), 2);
        assert_eq!((problems[0].line, problems[1].line), (3, 4));
        assert!(problems[0].message.contains("1 cells, the header has 2"), "{}", problems[0].message);
    }
}
