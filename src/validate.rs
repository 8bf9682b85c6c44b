//! Cross-record checks on the loaded data: ids, references between records, cycles, table cells.
//! Every problem becomes a [`Diagnostic`] at the line of the offending value; all are reported.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_saphyr::Spanned;

use crate::content::is_slug;
use crate::content::records::*;
use crate::diagnostic::{Diagnostic, Diagnostics, closest};
use crate::pages::exports::RESERVED;

/// Checks `data`, returning every problem found.
pub fn check(data: &RawData) -> Diagnostics {
    let mut c = Checker {
        out: Diagnostics::default(),
        parties_complete: !data.unparsed.companies,
        sources_complete: !data.unparsed.references,
    };
    let mut parties = c.party_ids(data);
    parties.extend(data.unparsed.firms.iter().map(String::as_str));
    let keys = c.reference_keys(data);
    c.out.extend(crate::citations::url_problems(&data.references));
    let key_list = &keys;
    let mut firm_ids: HashSet<&str> = data.firms.iter().map(|f| f.record.id.value.as_str()).collect();
    firm_ids.extend(data.unparsed.firms.iter().map(String::as_str));
    for firm in &data.firms {
        c.firm(&firm.path, &firm.record, &parties, key_list);
    }
    c.relation_cycles(data);
    for case in &data.cases {
        if !firm_ids.contains(case.id.as_str()) {
            c.out.push(
                Diagnostic::new(&case.path, format!("case text for unknown firm `{}`", case.id))
                    .help("a case body firms/<id>.md needs a record firms/<id>.yaml"),
            );
        }
    }
    for file in &data.alliances {
        c.alliances(&file.path, &file.record, &firm_ids, &parties, key_list);
    }
    for company in &data.companies {
        if let Some(parent) = &company.record.parent {
            c.reference_to(&company.path, parent, &parties, "company or firm");
        }
    }
    let mut table_ids = HashMap::new();
    for table in &data.tables {
        c.unique_id(&table.path, &table.record.id, &mut table_ids, "table");
        c.file_named_after(&table.path, &table.record.id);
        if RESERVED.contains(&table.record.id.value.as_str()) {
            c.out.push(
                at(
                    &table.path,
                    &table.record.id,
                    format!("table id `{}` is reserved", table.record.id.value),
                )
                .help(format!(
                    "data/{}.csv is the export of all records of that kind; rename the table",
                    table.record.id.value
                )),
            );
        }
        c.table(&table.path, &table.record, key_list);
    }
    c.out
}

struct Checker {
    out: Diagnostics,
    /// False when companies.yaml failed to parse: unknown partners are then not reported.
    parties_complete: bool,
    /// False when references.yaml failed to parse: unknown sources are then not reported.
    sources_complete: bool,
}

fn at<T>(path: &Path, spanned: &Spanned<T>, message: String) -> Diagnostic {
    Diagnostic::new(path, message)
        .at(spanned.referenced.line() as usize, spanned.referenced.column() as usize)
}

impl Checker {
    /// Ids of firms and companies: one namespace, since both can be alliance partners.
    fn party_ids<'a>(&mut self, data: &'a RawData) -> HashSet<&'a str> {
        let mut seen = HashMap::new();
        for firm in &data.firms {
            self.unique_id(&firm.path, &firm.record.id, &mut seen, "firm or company");
            self.file_named_after(&firm.path, &firm.record.id);
        }
        for company in &data.companies {
            self.unique_id(&company.path, &company.record.id, &mut seen, "firm or company");
        }
        seen.into_keys().collect()
    }

    fn reference_keys<'a>(&mut self, data: &'a RawData) -> HashSet<&'a str> {
        let mut seen = HashMap::new();
        for reference in &data.references {
            self.unique_id(&reference.path, &reference.record.key, &mut seen, "reference key");
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

    /// One record per file: `firms/<id>.yaml` must hold the record `<id>`.
    fn file_named_after(&mut self, path: &Path, id: &Spanned<String>) {
        let stem = path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
        if is_slug(&id.value) && stem != id.value {
            self.out.push(
                at(path, id, format!("id `{}` does not match the file name `{stem}`", id.value))
                    .help(format!("rename the file to {}.yaml or change the id", id.value)),
            );
        }
    }

    fn reference_to(&mut self, path: &Path, id: &Spanned<String>, known: &HashSet<&str>, what: &str) {
        if !known.contains(id.value.as_str()) && (self.parties_complete || what == "firm") {
            let hint = match closest(&id.value, known.iter().copied()) {
                Some(best) => format!("did you mean `{best}`? "),
                None => String::new(),
            };
            self.out.push(
                at(path, id, format!("unknown {what} `{}`", id.value))
                    .help(format!("{hint}add a record with this id, or fix the spelling")),
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

    fn firm(&mut self, path: &Path, firm: &FirmRecord, parties: &HashSet<&str>, keys: &HashSet<&str>) {
        if !is_slug(&firm.region.value) {
            self.out.push(
                at(path, &firm.region, format!("invalid region `{}`", firm.region.value))
                    .help("regions are lowercase ids such as `flanders`, `wallonia`, `brussels`"),
            );
        }
        for relation in &firm.relations {
            self.reference_to(path, &relation.of, parties, "firm or company");
            if relation.of.value == firm.id.value {
                self.out.push(at(path, &relation.of, "a firm cannot be related to itself".into()));
            }
        }
        for acquisition in &firm.acquisitions {
            self.reference_to(path, &acquisition.party, parties, "firm or company");
        }
        self.sources(path, &firm.sources, keys);
    }

    /// A firm may not descend from itself through spin-out / joint-venture / subsidiary links.
    fn relation_cycles(&mut self, data: &RawData) {
        let edges: HashMap<&str, Vec<&str>> = data
            .firms
            .iter()
            .map(|f| {
                (f.record.id.value.as_str(), f.record.relations.iter().map(|r| r.of.value.as_str()).collect())
            })
            .collect();
        for firm in &data.firms {
            let start = firm.record.id.value.as_str();
            if let Some(cycle) = find_cycle(start, &edges) {
                self.out.push(
                    at(&firm.path, &firm.record.id, format!("relation cycle: {}", cycle.join(" → ")))
                        .help("a firm cannot be (indirectly) its own parent; remove one relation"),
                );
            }
        }
    }

    fn alliances(
        &mut self,
        path: &Path,
        file: &AllianceFile,
        firm_ids: &HashSet<&str>,
        parties: &HashSet<&str>,
        keys: &HashSet<&str>,
    ) {
        self.reference_to(path, &file.firm, firm_ids, "firm");
        self.file_named_after(path, &file.firm);
        let mut seen: HashSet<(&str, &str)> = HashSet::new();
        for alliance in &file.alliances {
            self.reference_to(path, &alliance.partner, parties, "partner");
            if alliance.partner.value == file.firm.value {
                self.out.push(
                    at(path, &alliance.partner, format!("`{}` is allied with itself", file.firm.value))
                        .help("an alliance needs two different parties"),
                );
            }
            if !is_snapshot(&alliance.snapshot.value) {
                self.out.push(
                    at(path, &alliance.snapshot, format!("invalid snapshot `{}`", alliance.snapshot.value))
                        .help("write the data vintage as \"YYYY-MM\" or \"YYYY\", e.g. \"2016-12\""),
                );
            }
            if !seen.insert((&alliance.partner.value, &alliance.snapshot.value)) {
                self.out.push(
                    at(
                        path,
                        &alliance.partner,
                        format!(
                            "duplicate alliance with `{}` in snapshot {}",
                            alliance.partner.value, alliance.snapshot.value
                        ),
                    )
                    .help("keep one entry per partner and snapshot"),
                );
            }
            self.sources(path, &alliance.sources, keys);
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

/// `"2016-12"` or `"1993"`.
pub fn is_snapshot(s: &str) -> bool {
    let b = s.as_bytes();
    let year = |x: &[u8]| x.len() == 4 && x.iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => year(b),
        7 => year(&b[..4]) && b[4] == b'-' && matches!(s[5..].parse::<u8>(), Ok(1..=12)),
        _ => false,
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

/// Follows relation edges from `start`; returns the path back to `start` if there is one.
fn find_cycle<'a>(start: &'a str, edges: &HashMap<&'a str, Vec<&'a str>>) -> Option<Vec<&'a str>> {
    let mut stack: Vec<(&str, Vec<&str>)> = vec![(start, vec![start])];
    let mut visited = HashSet::new();
    while let Some((node, path)) = stack.pop() {
        for &next in edges.get(node).map(Vec::as_slice).unwrap_or_default() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start);
                return Some(cycle);
            }
            if visited.insert(next) {
                let mut longer = path.clone();
                longer.push(next);
                stack.push((next, longer));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots() {
        for ok in ["2016-12", "2015-01", "1993"] {
            assert!(is_snapshot(ok), "{ok}");
        }
        for bad in ["2016-13", "16-12", "2016/12", "", "2016-1"] {
            assert!(!is_snapshot(bad), "{bad}");
        }
    }

    #[test]
    fn cycles_are_found_with_their_path() {
        let edges: HashMap<&str, Vec<&str>> =
            [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"]), ("d", vec!["a"])].into();
        assert_eq!(find_cycle("a", &edges), Some(vec!["a", "b", "c", "a"]));
        assert_eq!(find_cycle("d", &edges), None);
    }

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
