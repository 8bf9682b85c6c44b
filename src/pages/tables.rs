//! Indicator table pages: `tables/` lists them, `tables/<id>/` shows one with its caption,
//! source, unit and downloads.

use serde::Serialize;

use super::context::Link;
use super::{Job, Model, Renderer};
use crate::content::apparatus::{Cell, ColumnType};
use std::collections::BTreeSet;

use crate::charts::{self, ChartKind, ChartSpec};
use crate::datasets::{self, cell_text};
use crate::locale::{Key, Language, Locale};
use crate::model::{Data, Table};

#[derive(Debug, Serialize)]
pub struct ColumnView {
    pub label: String,
    pub numeric: bool,
}

#[derive(Debug, Serialize)]
pub struct CellView {
    pub text: String,
    pub numeric: bool,
}

#[derive(Debug, Serialize)]
struct TableRow {
    link: Link,
    label_in_source: Option<String>,
    rows: usize,
}

#[derive(Debug, Serialize)]
struct TablesPage {
    tables: Vec<TableRow>,
}

#[derive(Debug, Serialize)]
struct TablePage<'a> {
    table: &'a Table,
    columns: Vec<ColumnView>,
    rows: Vec<Vec<CellView>>,
    csv: String,
    json: String,
    /// The table's default chart, where one makes sense.
    chart: Option<String>,
}

pub fn render(r: &mut Renderer, model: &Model) {
    let tables = &model.data.tables;
    if tables.is_empty() {
        return;
    }
    let rows = tables
        .iter()
        .map(|t| TableRow {
            link: Link { title: t.title.clone(), href: format!("tables/{}/", t.id) },
            label_in_source: t.label_in_source.clone(),
            rows: t.rows.len(),
        })
        .collect();
    r.render(Job {
        path: "tables/index.html".into(),
        template: "tables.html",
        title: model.config.locale.text(Key::Tables),
        description: Some(model.config.locale.text(Key::TablesDescription)),
        section: "tables",
        page: TablesPage { tables: rows },
    });
    let language = model.config.locale.language;
    for table in tables {
        let page = TablePage {
            table,
            columns: columns(table),
            rows: table
                .rows
                .iter()
                .map(|row| {
                    row.iter().zip(&table.columns).map(|(c, col)| cell(c, col.kind, language)).collect()
                })
                .collect(),
            csv: format!("data/{}.csv", table.id),
            json: format!("data/{}.json", table.id),
            chart: default_chart(model.data, table, &model.config.locale),
        };
        r.render(Job {
            path: format!("tables/{}/index.html", table.id),
            template: "table.html",
            title: &table.title,
            description: table.source.as_deref(),
            section: "tables",
            page,
        });
    }
}

/// A chart for a table page: the first text column whose values are all different, against
/// the numeric columns of the first numeric column's type (at most four; years are not
/// quantities). Tables with a per-row unit column have values that do not share an axis.
fn default_chart(data: &Data, table: &Table, locale: &Locale) -> Option<String> {
    let quantity =
        |t: ColumnType| matches!(t, ColumnType::Integer | ColumnType::Decimal | ColumnType::Percent);
    let first = table.columns.iter().find(|c| quantity(c.kind))?.kind;
    let y: Vec<String> =
        table.columns.iter().filter(|c| c.kind == first).take(4).map(|c| c.id.clone()).collect();
    if table.columns.iter().any(|c| c.id == "unit") {
        return None;
    }
    let x = table.columns.iter().enumerate().find(|(i, c)| {
        let mut seen = BTreeSet::new();
        c.kind == ColumnType::Text
            && table.rows.iter().all(|r| r.get(*i).and_then(cell_text).is_some_and(|t| seen.insert(t)))
    })?;
    let spec = ChartSpec {
        kind: if y.len() == 1 { ChartKind::Hbar } else { ChartKind::Grouped },
        horizontal: true,
        data: table.id.clone(),
        x: x.1.id.clone(),
        y,
        unit: table.unit.clone(),
        caption: Some(locale.fill(Key::ChartOfTable, &[("title", &table.title)])),
        ..ChartSpec::default()
    };
    let dataset = datasets::dataset(data, &table.id)?;
    let chart = charts::chart(&spec, &dataset, Some(format!("data/{}.csv", table.id)), locale).ok()?;
    Some(charts::figure(&chart, "../../", locale))
}

pub fn columns(table: &Table) -> Vec<ColumnView> {
    table
        .columns
        .iter()
        .map(|c| ColumnView { label: c.label.clone(), numeric: c.kind != ColumnType::Text })
        .collect()
}

/// A cell as shown on a page: numbers in the site's language (years as they are), empty cells
/// as an en dash.
pub fn cell(cell: &Cell, kind: ColumnType, language: Language) -> CellView {
    CellView {
        text: datasets::cell_shown(cell, kind, language).unwrap_or_else(|| "–".to_string()),
        numeric: kind != ColumnType::Text,
    }
}
