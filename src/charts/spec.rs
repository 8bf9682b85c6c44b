//! Chart specs. [`ChartSpec`] is the typed spec that chapters (through a ` ```chart ` block)
//! and generated pages both use; [`parse`] reads one from a block's YAML body and keeps where
//! each value was written ([`Positions`]), so that a problem found later, against the data,
//! points at its line and column inside the Markdown file.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// What a chart draws.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChartKind {
    /// Vertical bars, one series (the default).
    #[default]
    Bar,
    /// Horizontal bars, one series (long category labels).
    Hbar,
    /// Bars side by side per category, one per series.
    Grouped,
    /// Bars stacked per category, one segment per series.
    Stacked,
    /// Dots on a line per category (a lollipop for one series, a dumbbell for several).
    Dot,
    /// One line per series over years or year-months (`x`), with gaps for missing values.
    Line,
    /// A line per series filled down to zero.
    Area,
    /// Series filled one on top of another.
    StackedArea,
    /// Points where two numeric columns meet (`x`, `y`), optionally sized and named.
    Scatter,
    /// Two values per category (two editions), joined by a line from left to right.
    Slope,
    /// Rows grouped by `x`, each a chain of labelled steps with a tag at its end.
    Pipeline,
    /// Nodes from `x` and `to`, one edge per row.
    Network,
}

impl ChartKind {
    pub const ALL: &[(&str, ChartKind)] = &[
        ("bar", ChartKind::Bar),
        ("hbar", ChartKind::Hbar),
        ("grouped", ChartKind::Grouped),
        ("stacked", ChartKind::Stacked),
        ("dot", ChartKind::Dot),
        ("line", ChartKind::Line),
        ("area", ChartKind::Area),
        ("stacked-area", ChartKind::StackedArea),
        ("scatter", ChartKind::Scatter),
        ("slope", ChartKind::Slope),
        ("pipeline", ChartKind::Pipeline),
        ("network", ChartKind::Network),
    ];

    pub fn name(self) -> &'static str {
        ChartKind::ALL.iter().find(|(_, k)| *k == self).map_or("bar", |(n, _)| n)
    }

    pub fn from_name(name: &str) -> Option<ChartKind> {
        ChartKind::ALL.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }

    /// Kinds that plot numeric `y` columns (against categories, times or another column).
    pub fn is_categorical(self) -> bool {
        !matches!(self, ChartKind::Pipeline | ChartKind::Network)
    }

    /// Kinds whose `x` is a time: a year or a year-month.
    pub fn is_temporal(self) -> bool {
        matches!(self, ChartKind::Line | ChartKind::Area | ChartKind::StackedArea)
    }

    /// Kinds that add series on top of each other.
    pub fn is_stacked(self) -> bool {
        matches!(self, ChartKind::Stacked | ChartKind::StackedArea)
    }
}

/// How rows sharing a category (and series) are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    /// Add their `y` values.
    Sum,
    /// Count the rows (no `y`).
    Count,
}

/// Sort rows by a column before categories are formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub column: String,
    pub descending: bool,
}

/// A chart, as written by an author or built by a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChartSpec {
    pub kind: ChartKind,
    /// A dataset name (see [`crate::datasets`]).
    pub data: String,
    /// The category column (pipeline: the group; network: one end of each edge).
    pub x: String,
    /// Numeric columns, one series each.
    pub y: Vec<String>,
    /// A column whose distinct values become the series (long tables); `y` is then one column.
    pub series: Option<String>,
    /// Keep only rows whose cell in the column reads the given text.
    pub filter: Vec<(String, String)>,
    pub aggregate: Option<Aggregate>,
    /// Pipeline: text columns drawn left to right as the steps of each row.
    pub stages: Vec<String>,
    /// Pipeline: a text column shown as a tag at the end of each row.
    pub tag: Option<String>,
    /// Network: the other end of each edge.
    pub to: Option<String>,
    /// Grouped and stacked bars: draw them horizontally.
    pub horizontal: bool,
    pub sort: Option<Sort>,
    pub limit: Option<usize>,
    pub title: Option<String>,
    pub caption: Option<String>,
    /// The figure's element id (and its cross-reference label).
    pub label: Option<String>,
    /// The figure's number in the source, kept instead of the edition's.
    pub number: Option<String>,
    /// What the values count or measure ("firms", "%").
    pub unit: Option<String>,
    /// Scatter: a numeric column sizing each point.
    pub size: Option<String>,
    /// Scatter: a text column naming each point (written beside it where it fits).
    pub names: Option<String>,
    /// Small multiples: one panel per distinct value of this column, on shared scales.
    pub facet: Option<String>,
}

/// A part of a spec that a problem can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Kind,
    Data,
    X,
    Y(usize),
    Series,
    FilterKey(usize),
    FilterValue(usize),
    Aggregate,
    Stage(usize),
    Tag,
    To,
    Sort,
    Label,
    Size,
    Names,
    Facet,
    /// The whole block (a problem with no better place).
    Block,
}

/// A problem of a spec, before it is placed in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub field: Field,
    pub message: String,
    pub help: Option<String>,
}

impl SpecError {
    pub fn new(field: Field, message: impl Into<String>) -> SpecError {
        SpecError { field, message: message.into(), help: None }
    }

    pub fn help(mut self, help: impl Into<String>) -> SpecError {
        self.help = Some(help.into());
        self
    }
}

/// Where each field of a parsed spec was written: 1-based (line, column) in the block body.
#[derive(Debug, Clone, Default)]
pub struct Positions(BTreeMap<Field, (usize, usize)>);

impl Positions {
    /// The position of `field`, else of the block's first line.
    pub fn of(&self, field: Field) -> (usize, usize) {
        self.0.get(&field).copied().unwrap_or((1, 1))
    }

    fn record<T>(&mut self, field: Field, at: &Spanned<T>) {
        self.0.insert(field, (at.referenced.line() as usize, at.referenced.column() as usize));
    }
}

/// A ` ```chart ` block body, as YAML.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    #[serde(default)]
    kind: Option<Spanned<String>>,
    data: Spanned<String>,
    #[serde(default)]
    x: Option<Spanned<String>>,
    #[serde(default)]
    y: Option<Names>,
    #[serde(default)]
    series: Option<Spanned<String>>,
    #[serde(default)]
    filter: Option<Filter>,
    #[serde(default)]
    aggregate: Option<Spanned<String>>,
    #[serde(default)]
    stages: Option<Names>,
    #[serde(default)]
    tag: Option<Spanned<String>>,
    #[serde(default)]
    to: Option<Spanned<String>>,
    #[serde(default)]
    horizontal: bool,
    #[serde(default)]
    sort: Option<Spanned<String>>,
    #[serde(default)]
    limit: Option<usize>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    caption: Option<String>,
    #[serde(default)]
    label: Option<Spanned<String>>,
    #[serde(default)]
    number: Option<crate::xref::Printed>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    size: Option<Spanned<String>>,
    #[serde(default)]
    names: Option<Spanned<String>>,
    #[serde(default)]
    facet: Option<Spanned<String>>,
}

/// Parses a block body. YAML problems come back as (line, col, message, help) via
/// [`crate::content::yaml::parse`]; problems of meaning (unknown kind or aggregate) as
/// [`SpecError`]s placed with the returned positions.
pub fn parse(body: &str) -> Result<(ChartSpec, Positions), ParseError> {
    let raw: RawSpec =
        crate::content::yaml::parse(std::path::Path::new(""), body, 0).map_err(ParseError::Yaml)?;
    let mut at = Positions::default();
    let mut errors = Vec::new();
    at.record(Field::Data, &raw.data);
    let kind = raw.kind.as_ref().and_then(|k| {
        at.record(Field::Kind, k);
        let found = ChartKind::from_name(&k.value);
        if found.is_none() {
            errors.push(unknown("chart kind", &k.value, ChartKind::ALL.iter().map(|(n, _)| *n), Field::Kind));
        }
        found
    });
    let aggregate = raw.aggregate.as_ref().and_then(|a| {
        at.record(Field::Aggregate, a);
        match a.value.as_str() {
            "sum" => Some(Aggregate::Sum),
            "count" => Some(Aggregate::Count),
            other => {
                errors.push(unknown("aggregate", other, ["sum", "count"], Field::Aggregate));
                None
            }
        }
    });
    let spec = ChartSpec {
        kind: kind.unwrap_or_default(),
        data: raw.data.value,
        x: spanned(raw.x, Field::X, &mut at).unwrap_or_default(),
        y: names(raw.y, Field::Y, &mut at),
        series: spanned(raw.series, Field::Series, &mut at),
        filter: filter(raw.filter, &mut at),
        aggregate,
        stages: names(raw.stages, Field::Stage, &mut at),
        tag: spanned(raw.tag, Field::Tag, &mut at),
        to: spanned(raw.to, Field::To, &mut at),
        horizontal: raw.horizontal,
        sort: spanned(raw.sort, Field::Sort, &mut at).map(|s| match s.strip_prefix('-') {
            Some(column) => Sort { column: column.to_string(), descending: true },
            None => Sort { column: s, descending: false },
        }),
        limit: raw.limit,
        title: raw.title,
        caption: raw.caption,
        label: spanned(raw.label, Field::Label, &mut at),
        number: raw.number.map(|n| n.shown()),
        unit: raw.unit,
        size: spanned(raw.size, Field::Size, &mut at),
        names: spanned(raw.names, Field::Names, &mut at),
        facet: spanned(raw.facet, Field::Facet, &mut at),
    };
    if errors.is_empty() { Ok((spec, at)) } else { Err(ParseError::Spec(errors, at)) }
}

/// Why a block body is not a spec.
#[derive(Debug)]
pub enum ParseError {
    Yaml(crate::diagnostic::Diagnostic),
    Spec(Vec<SpecError>, Positions),
}

/// "unknown chart kind `pie`", with the closest valid name and the list.
pub fn unknown<'a>(
    what: &str,
    wrong: &str,
    valid: impl IntoIterator<Item = &'a str>,
    field: Field,
) -> SpecError {
    let valid: Vec<&str> = valid.into_iter().collect();
    let hint =
        crate::diagnostic::closest(wrong, valid.iter().copied()).map(|n| format!("did you mean `{n}`? "));
    SpecError::new(field, format!("unknown {what} `{wrong}`")).help(format!(
        "{}valid: {}",
        hint.unwrap_or_default(),
        valid.join(", ")
    ))
}

fn spanned(value: Option<Spanned<String>>, field: Field, at: &mut Positions) -> Option<String> {
    value.map(|v| {
        at.record(field, &v);
        v.value
    })
}

fn names(value: Option<Names>, field: fn(usize) -> Field, at: &mut Positions) -> Vec<String> {
    let names = value.map(|n| n.0).unwrap_or_default();
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| {
            at.record(field(i), &n);
            n.value
        })
        .collect()
}

fn filter(value: Option<Filter>, at: &mut Positions) -> Vec<(String, String)> {
    let pairs = value.map(|f| f.0).unwrap_or_default();
    pairs
        .into_iter()
        .enumerate()
        .map(|(i, (k, v))| {
            at.record(Field::FilterKey(i), &k);
            at.record(Field::FilterValue(i), &v);
            (k.value, v.value)
        })
        .collect()
}

/// One column name or a list of them: `y: firms` or `y: [firms, dedicated]`.
#[derive(Debug)]
struct Names(Vec<Spanned<String>>);

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let one: Spanned<OneOrMany> = Spanned::deserialize(deserializer)?;
        Ok(Names(match one.value {
            OneOrMany::One(name) => {
                vec![Spanned { value: name, referenced: one.referenced, defined: one.defined }]
            }
            OneOrMany::Many(names) => names,
        }))
    }
}

#[derive(Debug)]
enum OneOrMany {
    One(String),
    Many(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a column name or a list of column names")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<Spanned<String>>()? {
                    names.push(name);
                }
                Ok(OneOrMany::Many(names))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// `filter: {indicator: "...", ris_edition: 2016}`: pairs in the order written.
#[derive(Debug)]
struct Filter(Vec<(Spanned<String>, Spanned<String>)>);

impl<'de> Deserialize<'de> for Filter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Filter;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of `column: value` pairs")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Filter, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry::<Spanned<String>, Spanned<String>>()? {
                    pairs.push(pair);
                }
                Ok(Filter(pairs))
            }
        }
        deserializer.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_body_becomes_a_spec_with_positions() {
        let body = "kind: grouped\ndata: ris-indicators\nx: region\ny: value\nseries: ris_edition\n\
                    filter: {indicator: Innovative SMEs collaborating with others, ris_edition: 2016}\n\
                    sort: -value\nlabel: fig-ris\n";
        let (spec, at) = parse(body).unwrap();
        assert_eq!(spec.kind, ChartKind::Grouped);
        assert_eq!(spec.y, ["value"]);
        assert_eq!(spec.filter[1], ("ris_edition".to_string(), "2016".to_string()));
        assert_eq!(spec.sort, Some(Sort { column: "value".into(), descending: true }));
        assert_eq!(at.of(Field::Y(0)), (4, 4));
        assert_eq!(at.of(Field::FilterValue(0)), (6, 21));
        let (spec, at) = parse("data: d\ny:\n  - a\n  - b\n").unwrap();
        assert_eq!(spec.y, ["a", "b"]);
        assert_eq!(at.of(Field::Y(1)), (4, 5));
    }

    #[test]
    fn unknown_kinds_and_aggregates_are_spec_errors() {
        let Err(ParseError::Spec(errors, at)) = parse("kind: pie\ndata: d\naggregate: mean\n") else {
            panic!("expected spec errors")
        };
        assert_eq!(errors[0].message, "unknown chart kind `pie`");
        assert_eq!(at.of(errors[0].field), (1, 7));
        assert_eq!(errors[1].message, "unknown aggregate `mean`");
        let Err(ParseError::Yaml(d)) = parse("data: d\ncolour: red\n") else {
            panic!("expected a YAML error")
        };
        assert_eq!((d.line, d.col, d.message.as_str()), (2, 1, "unknown key `colour`"));
    }
}
