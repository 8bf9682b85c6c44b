//! Checks on the apparatus: table ids, columns and cells, and the bibliography's keys and links.
//! Every problem becomes a [`Diagnostic`] at the line of the offending value; all are reported.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_saphyr::Spanned;

use crate::content::apparatus::*;
use crate::content::is_slug;
use crate::diagnostic::{Diagnostic, Diagnostics, closest};

/// Checks the tables and the bibliography, returning every problem found. `taken` are the
/// names of the schema's collections and datasets, whose exports a table id may not replace.
pub fn check(data: &Apparatus, taken: &[&str]) -> Diagnostics {
    let mut c = Checker { out: Diagnostics::default(), sources_complete: !data.references_unparsed };
    let keys = c.reference_keys(data);
    c.out.extend(crate::citations::url_problems(&data.references));
    let mut table_ids = HashMap::new();
    for table in &data.tables {
        c.unique_id(&table.path, &table.record.id, &mut table_ids, "table");
        c.file_named_after(&table.path, &table.record.id);
        let id = table.record.id.value.as_str();
        if id == "references" || taken.contains(&id) {
            c.out.push(at(&table.path, &table.record.id, format!("table id `{id}` is taken")).help(format!(
                "data/{id}.csv is the export of the collection or dataset `{id}`; rename the table"
            )));
        }
        c.table(&table.path, &table.record, &keys);
    }
    c.out
}

struct Checker {
    out: Diagnostics,
    /// False when a bibliography file failed to parse: unknown sources are then not reported.
    sources_complete: bool,
}

fn at<T>(path: &Path, spanned: &Spanned<T>, message: String) -> Diagnostic {
    Diagnostic::new(path, message)
        .at(spanned.referenced.line() as usize, spanned.referenced.column() as usize)
}

impl Checker {
    /// Every key once: a key that cannot be cited, or that an earlier work (in any file) has,
    /// is a problem at the key.
    fn reference_keys<'a>(&mut self, data: &'a Apparatus) -> HashSet<&'a str> {
        let mut seen: HashMap<&str, &crate::bibliography::Work> = HashMap::new();
        for work in &data.references {
            let at = |message: String| Diagnostic::new(&work.path, message).at(work.line, work.col);
            if !crate::bibliography::citable(&work.key) {
                self.out.push(at(format!("reference key `{}` cannot be cited", work.key)).help(
                    "keys start with a letter, digit or `_` and hold only letters, digits and `_ - : .`",
                ));
            } else if let Some(first) = seen.get(work.key.as_str()) {
                self.out.push(at(format!("duplicate reference key `{}`", work.key)).help(format!(
                    "already used at {}:{}:{}; every work needs its own key",
                    first.path.display(),
                    first.line,
                    first.col
                )));
            } else {
                seen.insert(&work.key, work);
            }
        }
        seen.into_keys().collect()
    }

    fn unique_id<'a>(
        &mut self,
        path: &'a Path,
        id: &'a Spanned<String>,
        seen: &mut HashMap<&'a str, (&'a Path, usize)>,
        what: &str,
    ) {
        if !is_slug(&id.value) {
            self.out.push(
                at(path, id, format!("invalid id `{}`", id.value))
                    .help("ids use only lowercase letters, digits and `-`, e.g. `bone-therapeutics`"),
            );
            return;
        }
        let line = id.referenced.line() as usize;
        if let Some((first, first_line)) = seen.get(id.value.as_str()) {
            self.out.push(
                at(path, id, format!("duplicate {what} id `{}`", id.value))
                    .help(format!("already used at {}:{first_line}", first.display())),
            );
        } else {
            seen.insert(&id.value, (path, line));
        }
    }

    /// One record per file: `tables/<id>.yaml` must hold the table `<id>`.
    fn file_named_after(&mut self, path: &Path, id: &Spanned<String>) {
        let stem = path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
        if is_slug(&id.value) && stem != id.value {
            self.out.push(
                at(path, id, format!("id `{}` does not match the file name `{stem}`", id.value))
                    .help(format!("rename the file to {}.yaml or change the id", id.value)),
            );
        }
    }

    fn sources(&mut self, path: &Path, sources: &[Spanned<String>], keys: &HashSet<&str>) {
        for source in sources.iter().filter(|_| self.sources_complete) {
            if !keys.contains(source.value.as_str()) {
                let hint = match closest(&source.value, keys.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`? "),
                    None => String::new(),
                };
                self.out.push(
                    at(path, source, format!("unknown source `{}`", source.value))
                        .help(format!("{hint}sources are keys of content/data/references.yaml")),
                );
            }
        }
    }

    fn table(&mut self, path: &Path, table: &TableRecord, keys: &HashSet<&str>) {
        self.sources(path, &table.sources, keys);
        let mut ids = HashSet::new();
        for column in &table.columns {
            let valid = !column.id.is_empty()
                && column.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !valid || !ids.insert(column.id.as_str()) {
                self.out.push(
                    at(
                        path,
                        &table.id,
                        format!("table `{}`: invalid or duplicate column id `{}`", table.id.value, column.id),
                    )
                    .help("column ids are unique and use lowercase letters, digits and `_`"),
                );
            }
        }
        for row in &table.rows {
            if row.value.len() != table.columns.len() {
                self.out.push(
                    at(
                        path,
                        row,
                        format!(
                            "row has {} cell(s), the table has {} columns",
                            row.value.len(),
                            table.columns.len()
                        ),
                    )
                    .help(format!(
                        "columns: {}",
                        table.columns.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")
                    )),
                );
                continue;
            }
            for (cell, column) in row.value.iter().zip(&table.columns) {
                if let Some(problem) = cell_problem(&cell.value, column) {
                    self.out.push(at(path, cell, format!("column `{}`: {problem}", column.id)));
                }
            }
        }
    }
}

/// What is wrong with `cell` for `column`, if anything.
fn cell_problem(cell: &Cell, column: &Column) -> Option<String> {
    match (cell, column.kind) {
        (Cell::Null, _) if column.nullable => None,
        (Cell::Null, _) => {
            Some("empty cell in a column that does not allow it (add `nullable: true`)".into())
        }
        (Cell::Text(_), ColumnType::Text) => None,
        (Cell::Integer(_), ColumnType::Integer | ColumnType::Decimal | ColumnType::Percent) => None,
        (Cell::Integer(y), ColumnType::Year) if (1000..=2999).contains(y) => None,
        (Cell::Integer(y), ColumnType::Year) => Some(format!("{y} is not a year")),
        (Cell::Decimal(_), ColumnType::Decimal | ColumnType::Percent) => None,
        (Cell::Integer(_) | Cell::Decimal(_), ColumnType::Text) => None,
        (cell, kind) => Some(format!("expected {}, found {}", type_name(kind), describe(cell))),
    }
}

fn type_name(kind: ColumnType) -> &'static str {
    match kind {
        ColumnType::Text => "text",
        ColumnType::Integer => "a whole number",
        ColumnType::Decimal => "a number",
        ColumnType::Percent => "a percentage (a number such as 36.3)",
        ColumnType::Year => "a year",
    }
}

fn describe(cell: &Cell) -> String {
    match cell {
        Cell::Null => "an empty cell".into(),
        Cell::Integer(i) => format!("the number {i}"),
        Cell::Decimal(d) => format!("the number {d}"),
        Cell::Text(t) => format!("the text {t:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_types() {
        let col = |kind, nullable| Column { id: "c".into(), label: "C".into(), kind, nullable };
        assert!(cell_problem(&Cell::Integer(350), &col(ColumnType::Integer, false)).is_none());
        assert!(cell_problem(&Cell::Decimal(36.3), &col(ColumnType::Percent, false)).is_none());
        assert!(cell_problem(&Cell::Decimal(1.5), &col(ColumnType::Integer, false)).is_some());
        assert!(cell_problem(&Cell::Text("x".into()), &col(ColumnType::Decimal, false)).is_some());
        assert!(cell_problem(&Cell::Null, &col(ColumnType::Decimal, false)).is_some());
        assert!(cell_problem(&Cell::Null, &col(ColumnType::Decimal, true)).is_none());
        assert!(cell_problem(&Cell::Integer(20), &col(ColumnType::Year, false)).is_some());
    }
}
