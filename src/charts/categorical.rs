//! Categories × series from dataset rows: each `y` column a series, or (with `series`) each
//! distinct value of a column a series of one `y` column, or (with `aggregate: count`) row
//! counts. Repeated categories are summed or counted when the spec says so, a problem otherwise.

use std::collections::BTreeMap;

use super::limits::{MAX_VALUE, MIN_EXTENT, Undrawable, drawable};
use super::resolve::{Categorical, Series, column, numeric};
use super::scale::NumberFormat;
use super::spec::{Aggregate, ChartKind, ChartSpec, Field, SpecError};
use crate::content::apparatus::ColumnType;
use crate::datasets::{Dataset, cell_number, cell_text};

/// Where each series takes its values from.
enum Source {
    Columns(Vec<usize>),
    Pivot { column: usize, value: Option<usize>, keys: Vec<String> },
}

pub(super) fn categorical(
    spec: &ChartSpec,
    dataset: &Dataset,
    x: Option<usize>,
    rows: &[usize],
    count_label: &str,
    errors: &mut Vec<SpecError>,
) -> Option<Categorical> {
    let source = series_source(spec, dataset, errors)?;
    let x = x?;
    let labels = series_labels(spec, dataset, &source, count_label);
    let mut categories: Vec<String> = Vec::new();
    let mut links = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut values: Vec<Vec<Option<f64>>> = vec![Vec::new(); labels.len()];
    for &r in rows {
        let Some(name) = dataset.rows[r].get(x).and_then(cell_text) else { continue };
        let i = *index.entry(name.clone()).or_insert_with(|| {
            categories.push(name.clone());
            links.push(dataset.links.get(r).cloned().flatten());
            values.iter_mut().for_each(|v| v.push(None));
            categories.len() - 1
        });
        for (s, value) in row_values(dataset, r, &source, spec.aggregate) {
            let slot = &mut values[s][i];
            match (spec.aggregate, &slot) {
                (None, Some(_)) => {
                    errors.push(duplicate(dataset, x, &name));
                    return None;
                }
                _ => *slot = add(*slot, value),
            }
        }
    }
    let limit = spec.limit.unwrap_or(usize::MAX);
    categories.truncate(limit);
    links.truncate(limit);
    values.iter_mut().for_each(|v| v.truncate(limit));
    if categories.is_empty() {
        return None;
    }
    let percent = match &source {
        Source::Columns(cs) => cs.iter().any(|&c| dataset.columns[c].kind == ColumnType::Percent),
        Source::Pivot { value, .. } => value.is_some_and(|c| dataset.columns[c].kind == ColumnType::Percent),
    };
    let format = NumberFormat::fitting(values.iter().flatten().flatten().copied(), percent);
    let series = labels.into_iter().zip(values).map(|(label, values)| Series { label, values }).collect();
    let data = Categorical {
        x_label: dataset.columns[x].label.clone(),
        categories,
        links,
        series,
        format,
        unit: spec.unit.clone(),
    };
    match drawable(&data, spec.kind.is_stacked()) {
        Ok(()) => Some(data),
        Err(why) => {
            errors.push(undrawable(spec, &data, why));
            None
        }
    }
}

/// A value a chart cannot draw, as a problem at the spec's key that brought it in.
fn undrawable(spec: &ChartSpec, data: &Categorical, why: Undrawable) -> SpecError {
    let field = |s: usize| match (&spec.series, spec.y.is_empty()) {
        (Some(_), _) => Field::Series,
        (None, true) => Field::Aggregate,
        (None, false) => Field::Y(s),
    };
    let (field, message) = match why {
        Undrawable::Value { series, category, value } => (
            field(series),
            format!(
                "cannot chart {value:e} ({}, {}): charts draw values up to ±{MAX_VALUE:e}",
                data.categories[category], data.series[series].label
            ),
        ),
        Undrawable::Total { category, total } => (
            field(0),
            format!(
                "cannot chart the stacked total {total:e} of {}: charts draw values up to ±{MAX_VALUE:e}",
                data.categories[category]
            ),
        ),
        Undrawable::TooSmall { largest } => (
            field(0),
            format!(
                "cannot chart values this small (the largest is {largest:e}): an axis needs {MIN_EXTENT:e} or more"
            ),
        ),
    };
    SpecError::new(field, message)
        .help("rescale the column (e.g. in millions or per million) and say so with `unit`")
}

fn add(slot: Option<f64>, value: Option<f64>) -> Option<f64> {
    match (slot, value) {
        (Some(a), Some(b)) => Some(a + b),
        (a, b) => a.or(b),
    }
}

fn duplicate(dataset: &Dataset, x: usize, name: &str) -> SpecError {
    SpecError::new(Field::X, format!("`{}` repeats: `{name}` has several rows", dataset.columns[x].id)).help(
        "keep one row per category with `filter`, make a column's values the series with `series`, \
         or combine the rows with `aggregate: sum` or `aggregate: count`",
    )
}

fn series_source(spec: &ChartSpec, dataset: &Dataset, errors: &mut Vec<SpecError>) -> Option<Source> {
    let count = spec.aggregate == Some(Aggregate::Count);
    if count && !spec.y.is_empty() {
        errors.push(SpecError::new(Field::Y(0), "`aggregate: count` counts rows: leave out `y`"));
    }
    if !count && spec.y.is_empty() {
        errors.push(
            SpecError::new(Field::Data, "missing required key `y`")
                .help("add `y: <numeric column>` or `y: [a, b]`"),
        );
        return None;
    }
    let y: Vec<usize> = spec
        .y
        .iter()
        .enumerate()
        .filter_map(|(i, name)| numeric(dataset, name, Field::Y(i)).map_err(|e| errors.push(e)).ok())
        .collect();
    let source = match &spec.series {
        None => Source::Columns(y),
        Some(name) => {
            if spec.y.len() > 1 {
                errors.push(SpecError::new(
                    Field::Series,
                    "`series` makes the series from one `y` column: give one",
                ));
            }
            let column = column(dataset, name, Field::Series).map_err(|e| errors.push(e)).ok()?;
            let mut keys: Vec<String> = Vec::new();
            for key in dataset.rows.iter().filter_map(|r| r.get(column).and_then(cell_text)) {
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            Source::Pivot { column, value: y.first().copied(), keys }
        }
    };
    let n = match &source {
        Source::Columns(cs) => cs.len().max(usize::from(count)),
        Source::Pivot { keys, .. } => keys.len(),
    };
    let single = matches!(spec.kind, ChartKind::Bar | ChartKind::Hbar);
    if single && n > 1 {
        let field = if spec.series.is_some() { Field::Series } else { Field::Y(1) };
        errors.push(
            SpecError::new(
                field,
                format!("a `{}` chart draws one series, this spec makes {n}", spec.kind.name()),
            )
            .help("use `kind: grouped`, `kind: stacked` or `kind: dot` for several series"),
        );
    }
    errors.is_empty().then_some(source)
}

fn series_labels(spec: &ChartSpec, dataset: &Dataset, source: &Source, count_label: &str) -> Vec<String> {
    match source {
        Source::Columns(cs) if cs.is_empty() => {
            vec![spec.unit.clone().unwrap_or_else(|| count_label.to_string())]
        }
        Source::Columns(cs) => cs.iter().map(|&c| dataset.columns[c].label.clone()).collect(),
        Source::Pivot { column, keys, .. } => {
            let named = &dataset.columns[*column];
            match named.kind {
                ColumnType::Text => keys.clone(),
                _ => keys.iter().map(|k| format!("{} {k}", named.label)).collect(),
            }
        }
    }
}

/// (series, value) pairs that row `r` contributes.
fn row_values(
    dataset: &Dataset,
    r: usize,
    source: &Source,
    aggregate: Option<Aggregate>,
) -> Vec<(usize, Option<f64>)> {
    let row = &dataset.rows[r];
    let value = |c: Option<usize>| match aggregate {
        Some(Aggregate::Count) => Some(1.0),
        _ => c.and_then(|c| row.get(c)).and_then(cell_number),
    };
    match source {
        Source::Columns(cs) if cs.is_empty() => vec![(0, value(None))],
        Source::Columns(cs) => cs.iter().enumerate().map(|(s, &c)| (s, value(Some(c)))).collect(),
        Source::Pivot { column, value: v, keys } => {
            let key = row.get(*column).and_then(cell_text);
            keys.iter()
                .position(|k| Some(k) == key.as_ref())
                .map(|s| vec![(s, value(*v))])
                .unwrap_or_default()
        }
    }
}
