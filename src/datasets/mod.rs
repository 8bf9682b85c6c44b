//! Datasets: uniform, typed rows that `table` (and `chart`) blocks draw from. A dataset is an
//! indicator table by its id, or one derived from the records: `firms`, `alliances`,
//! `partners`, `alliances-per-firm`, `partners-by-firms`, `firms-per-region`,
//! `alliances-per-snapshot`. Derived datasets are computed from the data at every build, so a
//! changed record changes every table and chart made from it.

pub mod declared;
pub mod frame;

use std::collections::BTreeSet;

use serde::Serialize;

use crate::content::records::{Cell, ColumnType};
use crate::model::Data;
use crate::pages::labels;

/// The derived datasets' names, for help texts.
pub const DERIVED: &[&str] = &[
    "firms",
    "alliances",
    "partners",
    "alliances-per-firm",
    "partners-by-firms",
    "firms-per-region",
    "alliances-per-snapshot",
];

/// One column of a dataset.
#[derive(Debug, Clone, Serialize)]
pub struct DataColumn {
    pub id: String,
    pub label: String,
    pub kind: ColumnType,
}

/// Rows of typed cells, with optional links for the first column (firm or partner pages).
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

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn count(n: usize) -> Cell {
    Cell::Integer(n as i64)
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
/// declares, a declared collection, or (for a site without a schema) one derived from the
/// built-in records.
pub fn dataset(data: &Data, name: &str) -> Option<Dataset> {
    if let Some(table) = table(data, name) {
        return Some(table);
    }
    if let Some(declared) = data.declared.iter().find(|d| d.name == name) {
        return Some(declared.to_dataset(&data.records));
    }
    if let Some((index, _)) = data.records.collection(name) {
        return Some(frame::Frame::of_collection(&data.records, index).into_dataset(&data.records));
    }
    if !data.records.is_empty() {
        return None;
    }
    let derived = match name {
        "firms" => firms(data),
        "alliances" => alliances(data),
        "partners" => partners(data),
        "alliances-per-firm" => alliances_per_firm(data),
        "partners-by-firms" => partners_by_firms(data),
        "firms-per-region" => firms_per_region(data),
        "alliances-per-snapshot" => alliances_per_snapshot(data),
        _ => return None,
    };
    Some(derived)
}

/// Every dataset name available: indicator tables, then declared or derived ones.
pub fn names(data: &Data) -> Vec<&str> {
    let tables = data.tables.iter().map(|t| t.id.as_str());
    if data.records.is_empty() {
        return tables.chain(DERIVED.iter().copied()).collect();
    }
    let declared = data.declared.iter().map(|d| d.name.as_str());
    let collections = data.records.schema.collections.iter().map(|c| c.name.as_str());
    tables.chain(declared).chain(collections).collect()
}

fn derived(
    name: &str,
    title: &str,
    columns: Vec<DataColumn>,
    rows: Vec<(Option<String>, Vec<Cell>)>,
) -> Dataset {
    let (links, rows) = rows.into_iter().unzip();
    Dataset {
        name: name.to_string(),
        title: title.to_string(),
        columns,
        rows,
        links,
        source: Some("computed from the firm and alliance records".to_string()),
    }
}

fn firms(data: &Data) -> Dataset {
    let latest = data.latest_snapshot().unwrap_or_default();
    let rows = data
        .firms
        .iter()
        .map(|f| {
            let alliances = data.alliances_of(&f.id).iter().filter(|a| a.snapshot == latest).count();
            (
                Some(format!("firms/{}/", f.id)),
                vec![
                    text(&f.name),
                    text(labels::firm_kind(f.kind)),
                    text(labels::region(&f.region)),
                    f.location.clone().map_or(Cell::Null, Cell::Text),
                    text(f.platforms.join("; ")),
                    count(alliances),
                    text(f.listed.iter().map(|l| labels::listing(l)).collect::<Vec<_>>().join(", ")),
                ],
            )
        })
        .collect();
    let columns = vec![
        column("name", "Firm", ColumnType::Text),
        column("kind", "Kind", ColumnType::Text),
        column("region", "Region", ColumnType::Text),
        column("location", "Location", ColumnType::Text),
        column("platforms", "Technology platform", ColumnType::Text),
        column("alliances", "Alliances", ColumnType::Integer),
        column("listed", "Listing", ColumnType::Text),
    ];
    derived("firms", "Firms of the sample", columns, rows)
}

fn alliances(data: &Data) -> Dataset {
    let name = |id: &str| data.party(id).map_or(id.to_string(), |p| p.name().to_string());
    let rows = data
        .alliances
        .iter()
        .map(|a| {
            (
                Some(format!("firms/{}/", a.firm)),
                vec![
                    text(name(&a.firm)),
                    text(name(&a.partner)),
                    text(labels::alliance_kind(a.kind)),
                    text(&a.snapshot),
                    a.year.map_or(Cell::Null, |y| Cell::Integer(y.into())),
                ],
            )
        })
        .collect();
    let columns = vec![
        column("firm", "Firm", ColumnType::Text),
        column("partner", "Partner", ColumnType::Text),
        column("kind", "Kind", ColumnType::Text),
        column("snapshot", "Snapshot", ColumnType::Text),
        column("year", "Year", ColumnType::Year),
    ];
    derived("alliances", "Alliances", columns, rows)
}

fn partners(data: &Data) -> Dataset {
    let by_partner = data.partner_index().firms_of;
    let rows = data
        .companies
        .iter()
        .map(|c| {
            (
                Some(format!("partners/{}/", c.id)),
                vec![
                    text(&c.name),
                    text(labels::company_kind(c.kind)),
                    c.country.clone().map_or(Cell::Null, Cell::Text),
                    c.openness.clone().map_or(Cell::Null, Cell::Text),
                    count(by_partner.get(c.id.as_str()).map_or(0, BTreeSet::len)),
                ],
            )
        })
        .collect();
    let columns = vec![
        column("name", "Partner", ColumnType::Text),
        column("kind", "Kind", ColumnType::Text),
        column("country", "Country", ColumnType::Text),
        column("openness", "Openness (Table 4)", ColumnType::Text),
        column("firms", "Belgian firms", ColumnType::Integer),
    ];
    derived("partners", "Partner companies", columns, rows)
}

/// `snapshot_2016_12`: a column id for a snapshot.
pub fn snapshot_column(snapshot: &str) -> String {
    format!("snapshot_{}", snapshot.replace('-', "_"))
}

fn alliances_per_firm(data: &Data) -> Dataset {
    let mut rows: Vec<(Option<String>, Vec<Cell>)> = data
        .firms
        .iter()
        .map(|f| {
            let own = data.alliances_of(&f.id);
            let mut cells = vec![text(&f.name)];
            cells.extend(
                data.snapshots.iter().map(|s| count(own.iter().filter(|a| &a.snapshot == s).count())),
            );
            (Some(format!("firms/{}/", f.id)), cells)
        })
        .filter(|(_, cells)| cells[1..].iter().any(|c| *c != Cell::Integer(0)))
        .collect();
    rows.sort_by(|a, b| {
        b.1.get(1)
            .map(cell_number)
            .partial_cmp(&a.1.get(1).map(cell_number))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut columns = vec![column("firm", "Firm", ColumnType::Text)];
    columns.extend(data.snapshots.iter().map(|s| {
        column(&snapshot_column(s), &format!("Alliances, {}", labels::snapshot(s)), ColumnType::Integer)
    }));
    derived("alliances-per-firm", "Alliances per firm", columns, rows)
}

fn partners_by_firms(data: &Data) -> Dataset {
    let by_partner = data.partner_index().firms_of;
    let mut rows: Vec<(usize, String, Option<String>)> = by_partner
        .iter()
        .filter_map(|(id, firms)| data.party(id).map(|p| (firms.len(), p.name().to_string(), Some(p.href()))))
        .collect();
    // A total order (the address breaks ties between equal names): the map gives no order.
    rows.sort_by(|a, b| {
        b.0.cmp(&a.0).then_with(|| a.1.to_lowercase().cmp(&b.1.to_lowercase())).then_with(|| a.2.cmp(&b.2))
    });
    let rows = rows.into_iter().map(|(n, name, link)| (link, vec![text(name), count(n)])).collect();
    let columns = vec![
        column("partner", "Partner", ColumnType::Text),
        column("firms", "Belgian firms", ColumnType::Integer),
    ];
    derived("partners-by-firms", "Partners by number of Belgian firms", columns, rows)
}

fn firms_per_region(data: &Data) -> Dataset {
    let rows = data
        .regions
        .iter()
        .map(|r| {
            let firms = data.firms.iter().filter(|f| &f.region == r).count();
            (Some(format!("regions/{r}/")), vec![text(labels::region(r)), count(firms)])
        })
        .collect();
    let columns =
        vec![column("region", "Region", ColumnType::Text), column("firms", "Firms", ColumnType::Integer)];
    derived("firms-per-region", "Firms per region", columns, rows)
}

fn alliances_per_snapshot(data: &Data) -> Dataset {
    let rows = data
        .snapshots
        .iter()
        .map(|s| {
            let alliances: Vec<_> = data.alliances.iter().filter(|a| &a.snapshot == s).collect();
            let firms: BTreeSet<&str> = alliances.iter().map(|a| a.firm.as_str()).collect();
            let partners: BTreeSet<&str> = alliances.iter().map(|a| a.partner.as_str()).collect();
            (
                None,
                vec![
                    text(labels::snapshot(s)),
                    count(alliances.len()),
                    count(firms.len()),
                    count(partners.len()),
                ],
            )
        })
        .collect();
    let columns = vec![
        column("snapshot", "Snapshot", ColumnType::Text),
        column("alliances", "Alliances", ColumnType::Integer),
        column("firms", "Firms with alliances", ColumnType::Integer),
        column("partners", "Distinct partners", ColumnType::Integer),
    ];
    derived("alliances-per-snapshot", "Alliances per data snapshot", columns, rows)
}

/// A cell as a number for sorting and charts (`None` for text and empty cells).
pub fn cell_number(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Integer(i) => Some(*i as f64),
        Cell::Decimal(d) => Some(*d),
        Cell::Text(_) | Cell::Null => None,
    }
}

/// The cell's text for pages and CSV; `None` for an empty cell.
pub fn cell_text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Null => None,
        Cell::Integer(i) => Some(i.to_string()),
        Cell::Decimal(d) => Some(d.to_string()),
        Cell::Text(t) => Some(t.clone()),
    }
}
