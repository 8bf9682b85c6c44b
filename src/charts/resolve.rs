//! Spec + dataset → what to draw. Checks every name and type a [`ChartSpec`] uses against its
//! dataset (unknown columns, `y` columns that are not numeric, keys that do not apply to the
//! kind, filter values that match nothing), then filters, sorts, pivots, aggregates and limits
//! the rows into a [`Plot`]: categories × series for bars and dots, rows for a pipeline, a
//! graph for a network.

use super::categorical;
use super::network::Graph;
use super::scale::NumberFormat;
use super::spec::{ChartKind, ChartSpec, Field, SpecError};
use crate::content::apparatus::{Cell, ColumnType};
use crate::datasets::{Dataset, cell_number, cell_text};
use crate::diagnostic::closest;

/// One series of values, one per category (`None`: no value).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// Categories × series: what bar and dot charts draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Categorical {
    pub x_label: String,
    pub categories: Vec<String>,
    /// Root-relative page of each category, where the dataset has one.
    pub links: Vec<Option<String>>,
    pub series: Vec<Series>,
    pub format: NumberFormat,
    pub unit: Option<String>,
}

/// A row of a pipeline chart.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineRow {
    pub group: String,
    pub steps: Vec<Option<String>>,
    pub tag: Option<String>,
}

/// Rows grouped by `x`: what a pipeline chart draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    pub group_label: String,
    pub stage_labels: Vec<String>,
    pub tag_label: Option<String>,
    pub rows: Vec<PipelineRow>,
}

/// How the area under a line chart's lines is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Lines only.
    None,
    /// Each series filled down to zero.
    Area,
    /// Series filled one on top of another.
    Stacked,
}

/// Series over time: the categories are the `x` texts (in row order, as the data table shows
/// them) and `times` their positions in years (a month is a twelfth).
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub data: Categorical,
    pub times: Vec<f64>,
    /// Some `x` holds a month: ticks may fall between years.
    pub months: bool,
    pub fill: Fill,
}

/// What a chart draws, resolved from its spec and data.
#[derive(Debug, Clone, PartialEq)]
pub enum Plot {
    Bars {
        data: Categorical,
        stacked: bool,
        horizontal: bool,
    },
    Dots(Categorical),
    Lines(Timeline),
    /// Exactly two series: the first on the left, the second on the right.
    Slope(Categorical),
    Scatter(super::scatter::Points),
    /// Small multiples: one plot per value of the `facet` column (`label`), on shared scales.
    Panels {
        label: String,
        panels: Vec<(String, Plot)>,
    },
    Pipeline(Pipeline),
    Network(Graph),
}

impl Plot {
    /// The plot with its numbers written in `language`. Resolving picks each format from the
    /// values alone; the language is one fact for the whole plot, set here once.
    pub fn in_language(mut self, language: crate::locale::Language) -> Plot {
        self.set_language(language);
        self
    }

    fn set_language(&mut self, language: crate::locale::Language) {
        match self {
            Plot::Bars { data, .. } | Plot::Dots(data) | Plot::Slope(data) => data.format.language = language,
            Plot::Lines(t) => t.data.format.language = language,
            Plot::Scatter(p) => {
                for format in [&mut p.x_format, &mut p.y_format, &mut p.size_format] {
                    format.language = language;
                }
            }
            Plot::Panels { panels, .. } => panels.iter_mut().for_each(|(_, p)| p.set_language(language)),
            Plot::Pipeline(_) | Plot::Network(_) => {}
        }
    }
}

/// Checks `spec` against `dataset` and resolves it; every problem found is returned.
/// `count_label` names the series of a chart that counts rows and gives no `unit`.
pub fn resolve(spec: &ChartSpec, dataset: &Dataset, count_label: &str) -> Result<Plot, Vec<SpecError>> {
    let mut errors = misplaced_keys(spec);
    let x = column(dataset, &spec.x, Field::X).map_err(|e| errors.push(e)).ok();
    let filters = filters(spec, dataset, &mut errors);
    let sort = spec.sort.as_ref().and_then(|s| {
        column(dataset, &s.column, Field::Sort).map_err(|e| errors.push(e)).ok().map(|c| (c, s.descending))
    });
    let rows = rows(dataset, &filters, sort);
    let plot = match &spec.facet {
        Some(facet) if spec.kind.is_categorical() => {
            panels(spec, dataset, x, facet, rows, count_label, &mut errors)
        }
        _ => plot(spec, dataset, x, rows, count_label, &mut errors),
    };
    match plot {
        Some(plot) if errors.is_empty() => Ok(plot),
        _ if errors.is_empty() => Err(vec![SpecError::new(Field::Data, "no rows to chart")]),
        _ => Err(errors),
    }
}

/// One plot per value of the `facet` column, in the order the rows first hold them.
fn panels(
    spec: &ChartSpec,
    dataset: &Dataset,
    x: Option<usize>,
    facet: &str,
    rows: Vec<usize>,
    count_label: &str,
    errors: &mut Vec<SpecError>,
) -> Option<Plot> {
    let c = column(dataset, facet, Field::Facet).map_err(|e| errors.push(e)).ok()?;
    let key = |r: usize| dataset.rows[r].get(c).and_then(cell_text);
    let mut keys: Vec<String> = Vec::new();
    for k in rows.iter().filter_map(|&r| key(r)) {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let mut panels = Vec::with_capacity(keys.len());
    for k in keys {
        let subset: Vec<usize> =
            rows.iter().copied().filter(|&r| key(r).as_deref() == Some(k.as_str())).collect();
        // A problem of the spec shows in the first panel: stop there rather than repeat it.
        let plot = plot(spec, dataset, x, subset, count_label, errors);
        if !errors.is_empty() {
            return None;
        }
        panels.extend(plot.map(|p| (k, p)));
    }
    (!panels.is_empty()).then(|| Plot::Panels { label: dataset.columns[c].label.clone(), panels })
}

/// What one chart (or one panel) of `spec`'s kind draws from `rows`.
fn plot(
    spec: &ChartSpec,
    dataset: &Dataset,
    x: Option<usize>,
    rows: Vec<usize>,
    count_label: &str,
    errors: &mut Vec<SpecError>,
) -> Option<Plot> {
    match spec.kind {
        ChartKind::Pipeline => pipeline(spec, dataset, x, rows, errors).map(Plot::Pipeline),
        ChartKind::Network => network(spec, dataset, x, &rows, errors).map(Plot::Network),
        ChartKind::Scatter => super::scatter::resolve(spec, dataset, x, &rows, errors).map(Plot::Scatter),
        kind => {
            categorical::categorical(spec, dataset, x, &rows, count_label, errors).and_then(|data| match kind
            {
                ChartKind::Dot => Some(Plot::Dots(data)),
                ChartKind::Stacked => Some(Plot::Bars { data, stacked: true, horizontal: spec.horizontal }),
                ChartKind::Hbar => Some(Plot::Bars { data, stacked: false, horizontal: true }),
                ChartKind::Line | ChartKind::Area | ChartKind::StackedArea => {
                    timeline(spec, dataset, data, errors).map(Plot::Lines)
                }
                ChartKind::Slope => slope(data, errors).map(Plot::Slope),
                _ => Some(Plot::Bars { data, stacked: false, horizontal: spec.horizontal }),
            })
        }
    }
}

/// A line chart's times, read from its categories; a category that is not a time is a problem.
fn timeline(
    spec: &ChartSpec,
    dataset: &Dataset,
    data: Categorical,
    errors: &mut Vec<SpecError>,
) -> Option<Timeline> {
    let mut times = Vec::with_capacity(data.categories.len());
    let mut months = false;
    for name in &data.categories {
        match super::temporal::position(name) {
            Some((t, month)) => {
                times.push(t);
                months |= month;
            }
            None => {
                let column =
                    dataset.column(&spec.x).map_or(spec.x.as_str(), |c| dataset.columns[c].id.as_str());
                errors.push(
                    SpecError::new(
                        Field::X,
                        format!("`{column}` holds `{name}`: a `{}` chart needs a year or a year-month on `x`", spec.kind.name()),
                    )
                    .help("write years (2016) or year-months (2016-12 or December 2016); for categories use `kind: grouped`, `dot` or `slope`"),
                );
                return None;
            }
        }
    }
    let fill = match spec.kind {
        ChartKind::Area => Fill::Area,
        ChartKind::StackedArea => Fill::Stacked,
        _ => Fill::None,
    };
    Some(Timeline { data, times, months, fill })
}

/// A slope chart's two series (two editions, two columns).
fn slope(data: Categorical, errors: &mut Vec<SpecError>) -> Option<Categorical> {
    if data.series.len() == 2 {
        return Some(data);
    }
    errors.push(
        SpecError::new(Field::Y(0), format!("a `slope` chart joins two values per category, this spec makes {}", data.series.len()))
            .help("give two columns (`y: [before, after]`) or a column with two values (`series: edition`, filtered to two)"),
    );
    None
}

/// Keys written for another kind of chart.
fn misplaced_keys(spec: &ChartSpec) -> Vec<SpecError> {
    let kind = spec.kind;
    let categorical = kind.is_categorical();
    let checks = [
        (
            !spec.y.is_empty() && !categorical,
            Field::Y(0),
            "y",
            "bar, hbar, grouped, stacked, dot, line, area, stacked-area, scatter and slope",
        ),
        (
            spec.series.is_some() && !categorical,
            Field::Series,
            "series",
            "bar, hbar, grouped, stacked, dot, line, area, stacked-area, scatter and slope",
        ),
        (
            spec.aggregate.is_some() && !categorical,
            Field::Aggregate,
            "aggregate",
            "bar, hbar, grouped, stacked, dot, line, area, stacked-area, scatter and slope",
        ),
        (!spec.stages.is_empty() && kind != ChartKind::Pipeline, Field::Stage(0), "stages", "pipeline"),
        (spec.tag.is_some() && kind != ChartKind::Pipeline, Field::Tag, "tag", "pipeline"),
        (spec.to.is_some() && kind != ChartKind::Network, Field::To, "to", "network"),
        (spec.size.is_some() && kind != ChartKind::Scatter, Field::Size, "size", "scatter"),
        (spec.names.is_some() && kind != ChartKind::Scatter, Field::Names, "names", "scatter"),
        (
            spec.facet.is_some() && !categorical,
            Field::Facet,
            "facet",
            "bar, hbar, grouped, stacked, dot, line, area, stacked-area, scatter and slope",
        ),
    ];
    let mut errors: Vec<SpecError> = checks
        .into_iter()
        .filter(|(wrong, ..)| *wrong)
        .map(|(_, field, key, kinds)| {
            SpecError::new(field, format!("`{key}` does not apply to a `{}` chart", kind.name()))
                .help(format!("`{key}` is for {kinds} charts"))
        })
        .collect();
    if spec.x.is_empty() {
        errors.push(SpecError::new(Field::Data, "missing required key `x`").help("add `x: <column>`"));
    }
    errors
}

/// The index of column `name`, or a problem at `field` naming the dataset's columns.
pub fn column(dataset: &Dataset, name: &str, field: Field) -> Result<usize, SpecError> {
    dataset.column(name).ok_or_else(|| {
        let ids: Vec<&str> = dataset.columns.iter().map(|c| c.id.as_str()).collect();
        let hint = closest(name, ids.iter().copied()).map(|n| format!("did you mean `{n}`? "));
        SpecError::new(field, format!("dataset `{}` has no column `{name}`", dataset.name)).help(format!(
            "{}columns: {}",
            hint.unwrap_or_default(),
            ids.join(", ")
        ))
    })
}

/// A numeric column for `y` (or a scatter's `x` and `size`, named by `field`): integer, decimal or percent (years are dates, not quantities).
pub(super) fn numeric(dataset: &Dataset, name: &str, field: Field) -> Result<usize, SpecError> {
    let c = column(dataset, name, field)?;
    let kind = dataset.columns[c].kind;
    if matches!(kind, ColumnType::Integer | ColumnType::Decimal | ColumnType::Percent) {
        return Ok(c);
    }
    let numeric: Vec<&str> = dataset
        .columns
        .iter()
        .filter(|c| matches!(c.kind, ColumnType::Integer | ColumnType::Decimal | ColumnType::Percent))
        .map(|c| c.id.as_str())
        .collect();
    let what = if kind == ColumnType::Year { "years" } else { "text" };
    let key = match field {
        Field::X => "x",
        Field::Size => "size",
        _ => "y",
    };
    Err(SpecError::new(field, format!("column `{name}` holds {what}: `{key}` needs a numeric column")).help(
        format!(
            "numeric columns of `{}`: {}",
            dataset.name,
            if numeric.is_empty() { "none".into() } else { numeric.join(", ") }
        ),
    ))
}

/// Resolves `filter` pairs to (column, text); a value no row holds is a problem.
fn filters(spec: &ChartSpec, dataset: &Dataset, errors: &mut Vec<SpecError>) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, (name, value)) in spec.filter.iter().enumerate() {
        let Ok(c) = column(dataset, name, Field::FilterKey(i)).map_err(|e| errors.push(e)) else { continue };
        let mut values: Vec<String> =
            dataset.rows.iter().filter_map(|r| r.get(c).and_then(cell_text)).collect();
        values.dedup();
        if !values.iter().any(|v| v == value) {
            let hint =
                closest(value, values.iter().map(String::as_str)).map(|n| format!("did you mean `{n}`? "));
            let shown: Vec<&str> = values.iter().take(12).map(String::as_str).collect();
            errors.push(
                SpecError::new(
                    Field::FilterValue(i),
                    format!("no row of `{}` has `{name}` = `{value}`", dataset.name),
                )
                .help(format!("{}values: {}", hint.unwrap_or_default(), shown.join(", "))),
            );
        }
        found.push((c, value.clone()));
    }
    found
}

/// Indexes of the rows kept by the filters, stably sorted (empty cells last).
fn rows(dataset: &Dataset, filters: &[(usize, String)], sort: Option<(usize, bool)>) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..dataset.rows.len())
        .filter(|&r| {
            filters.iter().all(|(c, v)| dataset.rows[r].get(*c).and_then(cell_text).as_deref() == Some(v))
        })
        .collect();
    if let Some((c, descending)) = sort {
        rows.sort_by(|&a, &b| {
            let (x, y) = (&dataset.rows[a][c], &dataset.rows[b][c]);
            let ord = match (cell_number(x), cell_number(y)) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                _ => cell_text(x).map(|t| t.to_lowercase()).cmp(&cell_text(y).map(|t| t.to_lowercase())),
            };
            let ord = if descending { ord.reverse() } else { ord };
            (x == &Cell::Null).cmp(&(y == &Cell::Null)).then(ord)
        });
    }
    rows
}

fn pipeline(
    spec: &ChartSpec,
    dataset: &Dataset,
    x: Option<usize>,
    mut rows: Vec<usize>,
    errors: &mut Vec<SpecError>,
) -> Option<Pipeline> {
    if spec.stages.is_empty() {
        errors.push(
            SpecError::new(Field::Data, "missing required key `stages`")
                .help("add `stages: [a, b]`: the columns drawn as steps"),
        );
    }
    let stages: Vec<usize> = spec
        .stages
        .iter()
        .enumerate()
        .filter_map(|(i, s)| column(dataset, s, Field::Stage(i)).map_err(|e| errors.push(e)).ok())
        .collect();
    let tag = spec.tag.as_ref().and_then(|t| column(dataset, t, Field::Tag).map_err(|e| errors.push(e)).ok());
    let x = x?;
    rows.truncate(spec.limit.unwrap_or(usize::MAX));
    let text = |r: usize, c: usize| dataset.rows[r].get(c).and_then(cell_text);
    let rows: Vec<PipelineRow> = rows
        .into_iter()
        .filter_map(|r| {
            let group = text(r, x)?;
            Some(PipelineRow {
                group,
                steps: stages.iter().map(|&c| text(r, c)).collect(),
                tag: tag.and_then(|c| text(r, c)),
            })
        })
        .collect();
    (!rows.is_empty() && errors.is_empty()).then(|| Pipeline {
        group_label: dataset.columns[x].label.clone(),
        stage_labels: stages.iter().map(|&c| dataset.columns[c].label.clone()).collect(),
        tag_label: tag.map(|c| dataset.columns[c].label.clone()),
        rows,
    })
}

fn network(
    spec: &ChartSpec,
    dataset: &Dataset,
    x: Option<usize>,
    rows: &[usize],
    errors: &mut Vec<SpecError>,
) -> Option<Graph> {
    let Some(to) = &spec.to else {
        errors.push(
            SpecError::new(Field::Data, "missing required key `to`")
                .help("add `to: <column>`: the other end of each edge"),
        );
        return None;
    };
    let to = column(dataset, to, Field::To).map_err(|e| errors.push(e)).ok()?;
    let x = x?;
    let text = |r: usize, c: usize| dataset.rows[r].get(c).and_then(cell_text);
    let edges: Vec<(String, String)> =
        rows.iter().filter_map(|&r| Some((text(r, x)?, text(r, to)?))).collect();
    let graph = Graph::from_edges(&edges, None);
    (!graph.nodes.is_empty()).then_some(graph)
}
