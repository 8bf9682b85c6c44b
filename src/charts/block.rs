//! The ` ```chart ` fenced block: its YAML body parsed into a [`ChartSpec`], checked against
//! the named dataset, every problem placed at its line and column inside the block, and the
//! figure rendered once per build for each distinct (page root, body): identical blocks on
//! several pages share one rendering through [`ChartCache`].
//!
//! ```yaml
//! kind: hbar                  # bar | hbar | grouped | stacked | dot | line | area |
//!                             # stacked-area | scatter | slope | pipeline | network
//! data: partners-by-firms     # a dataset name
//! x: partner                  # the category column
//! y: firms                    # one numeric column, or a list: [a, b]
//! sort: -firms                # optional; `-` sorts descending
//! limit: 15                   # optional
//! caption: The most frequent partners
//! label: fig-top-partners     # optional: the figure's id
//! ```

use std::collections::HashMap;
use std::sync::Mutex;

use super::spec::{self, ParseError, Positions, SpecError};
use crate::datasets;
use crate::diagnostic::closest;
use crate::locale::Locale;
use crate::markdown::BlockProblem;
use crate::model::Data;
use crate::xref::Xrefs;

/// A rendered block: the figure's HTML, or the problems of its spec.
type Rendered = Result<String, Vec<BlockProblem>>;

/// Rendered chart blocks of one build, by page root and block body.
#[derive(Debug, Default)]
pub struct ChartCache {
    entries: Mutex<HashMap<(String, String), Rendered>>,
    /// How many blocks were actually rendered (the rest came from the cache).
    rendered: Mutex<usize>,
}

impl ChartCache {
    /// The block's figure, rendered on first request and remembered.
    pub fn render(
        &self,
        data: &Data,
        root: &str,
        xrefs: &Xrefs,
        body: &str,
        locale: &Locale,
    ) -> Result<String, Vec<BlockProblem>> {
        let key = (root.to_string(), body.to_string());
        if let Some(found) = self.entries.lock().ok().and_then(|e| e.get(&key).cloned()) {
            return found;
        }
        let result = render(data, root, xrefs, body, locale);
        if let Ok(mut rendered) = self.rendered.lock() {
            *rendered += 1;
        }
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(key, result.clone());
        }
        result
    }

    /// Number of charts drawn so far (cache misses).
    pub fn rendered(&self) -> usize {
        self.rendered.lock().map_or(0, |n| *n)
    }
}

/// Parses, checks and renders one block body.
pub fn render(
    data: &Data,
    root: &str,
    xrefs: &Xrefs,
    body: &str,
    locale: &Locale,
) -> Result<String, Vec<BlockProblem>> {
    let (spec, at) = spec::parse(body).map_err(|e| match e {
        ParseError::Yaml(d) => {
            vec![BlockProblem { line: d.line.max(1), col: d.col.max(1), message: d.message, help: d.help }]
        }
        ParseError::Spec(errors, at) => place(errors, &at),
    })?;
    let Some(dataset) = datasets::dataset(data, &spec.data) else {
        let names = datasets::names(data);
        let hint = closest(&spec.data, names.iter().copied()).map(|n| format!("did you mean `{n}`? "));
        let error = SpecError::new(spec::Field::Data, format!("unknown dataset `{}`", spec.data))
            .help(format!("{}datasets: {}", hint.unwrap_or_default(), names.join(", ")));
        return Err(place(vec![error], &at));
    };
    let csv = data.tables.iter().any(|t| t.id == spec.data).then(|| format!("data/{}.csv", spec.data));
    let number = match spec.label.as_deref().and_then(|l| xrefs.get(l)) {
        Some(xref) => Some(xref.title()),
        None => {
            spec.number.as_ref().map(|n| format!("{} {n}", locale.text(crate::xref::XrefKind::Figure.name())))
        }
    };
    let mut chart = match super::chart(&spec, &dataset, csv, locale) {
        Ok(chart) => chart,
        // Data with no rows yet (a collection without records) draws nothing, and still
        // builds: only "no rows to chart" remains, which is about the data, not the block.
        Err(errors) if dataset.rows.is_empty() && errors.iter().all(|e| e.field == spec::Field::Data) => {
            let caption = spec.caption.as_deref().or(spec.title.as_deref()).unwrap_or(&dataset.title);
            return Ok(super::empty_figure(
                spec.label.as_deref(),
                number.as_deref(),
                caption,
                &spec.data,
                locale,
            ));
        }
        Err(errors) => return Err(place(errors, &at)),
    };
    chart.number = number;
    Ok(super::figure(&chart, root, locale))
}

fn place(errors: Vec<SpecError>, at: &Positions) -> Vec<BlockProblem> {
    errors
        .into_iter()
        .map(|e| {
            let (line, col) = at.of(e.field);
            BlockProblem { line, col, message: e.message, help: e.help }
        })
        .collect()
}
