//! folio's fenced blocks in Markdown. ` ```table ` shows a dataset (an indicator table or one
//! derived from the records, see [`crate::datasets`]) as an HTML table:
//!
//! ```yaml
//! data: firms-per-country      # required: a dataset name
//! columns: [country, firms]     # optional: which columns, in this order (default: all)
//! sort: -firms                  # optional: a column id; `-` sorts descending
//! limit: 10                     # optional: keep the first N rows
//! caption: Firms per country   # optional (default: the dataset's title)
//! label: tbl-oecd               # optional: an anchor other pages can link to
//! ```

use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::charts::block::ChartCache;
use crate::content::apparatus::ColumnType;
use crate::datasets::{self, Dataset, cell_number, cell_shown, cell_text};
use crate::diagnostic::closest;
use crate::html::escape_xml;
use crate::locale::{Key, Locale};
use crate::markdown::{BlockProblem, Blocks};
use crate::model::Data;
use crate::xref::{XrefKind, Xrefs};

/// Renders folio blocks for pages at `root` (the relative path to the site root).
pub struct DataBlocks<'a> {
    pub data: &'a Data,
    pub root: &'a str,
    pub xrefs: &'a Xrefs,
    /// Whether indicator tables have pages to link to (the site may switch them off).
    pub table_pages: bool,
    /// Chart figures already rendered in this build.
    pub charts: ChartCache,
    /// The words and number formats of the site's language.
    pub locale: &'a Locale,
}

impl<'a> DataBlocks<'a> {
    pub fn new(
        data: &'a Data,
        root: &'a str,
        xrefs: &'a Xrefs,
        table_pages: bool,
        locale: &'a Locale,
    ) -> Self {
        DataBlocks { data, root, xrefs, table_pages, charts: ChartCache::default(), locale }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableSpec {
    data: Spanned<String>,
    #[serde(default)]
    columns: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    sort: Option<Spanned<String>>,
    #[serde(default)]
    limit: Option<usize>,
    #[serde(default)]
    caption: Option<String>,
    #[serde(default)]
    label: Option<Spanned<String>>,
    /// The table's number in the source, kept instead of the edition's.
    #[serde(default)]
    number: Option<crate::xref::Printed>,
}

impl Blocks for DataBlocks<'_> {
    fn render(&self, kind: &str, body: &str) -> Option<Result<String, Vec<BlockProblem>>> {
        match kind {
            "table" => Some(self.table(body)),
            "chart" => Some(self.charts.render(self.data, self.root, self.xrefs, body, self.locale)),
            _ => None,
        }
    }

    fn value(&self, expr: &str) -> Result<String, String> {
        crate::figures::evaluate(self.data, expr, self.locale)
    }

    fn computed_title(&self, expr: &str) -> String {
        self.locale.fill(Key::ComputedFrom, &[("expr", expr)])
    }
}

fn problem<T>(at: &Spanned<T>, message: String, help: Option<String>) -> BlockProblem {
    BlockProblem { line: at.referenced.line() as usize, col: at.referenced.column() as usize, message, help }
}

/// A spec that does not parse, as a block problem.
pub fn yaml_problem(body: &str) -> impl Fn(crate::diagnostic::Diagnostic) -> Vec<BlockProblem> + '_ {
    move |d| {
        let _ = body;
        vec![BlockProblem { line: d.line.max(1), col: d.col.max(1), message: d.message, help: d.help }]
    }
}

impl DataBlocks<'_> {
    /// The escaped caption of a block, led by its number ("Table 3: ") when it has a label.
    pub fn caption(
        &self,
        label: Option<&str>,
        printed: Option<&crate::xref::Printed>,
        caption: Option<&str>,
        fallback: &str,
    ) -> String {
        let text = escape_xml(caption.unwrap_or(fallback));
        let number = match (label.and_then(|l| self.xrefs.get(l)), printed) {
            (Some(xref), _) => Some(xref.title()),
            (None, Some(printed)) => {
                Some(format!("{} {}", self.locale.text(XrefKind::Table.name()), printed.shown()))
            }
            (None, None) => None,
        };
        match number {
            Some(number) => {
                let colon = self.locale.language.colon();
                format!("<span class=\"figure-number\">{}{colon}</span> {text}", escape_xml(&number))
            }
            None => text,
        }
    }

    /// Looks up the dataset a block names.
    pub fn dataset(&self, name: &Spanned<String>) -> Result<Arc<Dataset>, BlockProblem> {
        datasets::dataset(self.data, &name.value).ok_or_else(|| {
            let names = datasets::names(self.data);
            let hint = closest(&name.value, names.iter().copied()).map(|n| format!("did you mean `{n}`? "));
            problem(
                name,
                format!("unknown dataset `{}`", name.value),
                Some(format!("{}datasets: {}", hint.unwrap_or_default(), names.join(", "))),
            )
        })
    }

    fn table(&self, body: &str) -> Result<String, Vec<BlockProblem>> {
        let spec: TableSpec =
            crate::content::yaml::parse(std::path::Path::new(""), body, 0).map_err(yaml_problem(body))?;
        let dataset = self.dataset(&spec.data).map_err(|p| vec![p])?;
        let mut problems = Vec::new();
        let columns: Vec<usize> = match &spec.columns {
            None => (0..dataset.columns.len()).collect(),
            Some(ids) => ids.iter().filter_map(|id| column_index(&dataset, id, &mut problems)).collect(),
        };
        let sort = spec.sort.as_ref().and_then(|s| {
            let (descending, id) = match s.value.strip_prefix('-') {
                Some(id) => (true, id),
                None => (false, s.value.as_str()),
            };
            let id = Spanned { value: id.to_string(), referenced: s.referenced, defined: s.defined };
            column_index(&dataset, &id, &mut problems).map(|c| (c, descending))
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut order: Vec<usize> = (0..dataset.rows.len()).collect();
        if let Some((c, descending)) = sort {
            order.sort_by(|&a, &b| {
                let (x, y) = (&dataset.rows[a][c], &dataset.rows[b][c]);
                let ord = match (cell_number(x), cell_number(y)) {
                    (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
                    _ => cell_text(x)
                        .unwrap_or_default()
                        .to_lowercase()
                        .cmp(&cell_text(y).unwrap_or_default().to_lowercase()),
                };
                if descending { ord.reverse() } else { ord }
            });
        }
        if let Some(limit) = spec.limit {
            order.truncate(limit);
        }
        let caption = self.caption(
            spec.label.as_ref().map(|l| l.value.as_str()),
            spec.number.as_ref(),
            spec.caption.as_deref(),
            &dataset.title,
        );
        Ok(self.table_html(
            &dataset,
            &columns,
            &order,
            &caption,
            spec.label.as_ref().map(|l| l.value.as_str()),
        ))
    }

    fn table_html(
        &self,
        dataset: &Dataset,
        columns: &[usize],
        order: &[usize],
        caption: &str,
        label: Option<&str>,
    ) -> String {
        let numeric = |c: usize| dataset.columns[c].kind != ColumnType::Text;
        let mut html = String::new();
        match label {
            Some(label) => {
                html.push_str(&format!("<figure class=\"data-figure\" id=\"{}\">\n", escape_xml(label)))
            }
            None => html.push_str("<figure class=\"data-figure\">\n"),
        }
        html.push_str("<div class=\"table-wrap\"><table class=\"data-table\" data-sortable>\n");
        html.push_str(&format!("<caption>{caption}</caption>\n<thead><tr>"));
        for &c in columns {
            let class = if numeric(c) { " class=\"num\"" } else { "" };
            html.push_str(&format!(
                "<th scope=\"col\"{class}>{}</th>",
                escape_xml(&dataset.columns[c].label)
            ));
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        for &r in order {
            html.push_str("<tr>");
            for (i, &c) in columns.iter().enumerate() {
                let shown = cell_shown(&dataset.rows[r][c], dataset.columns[c].kind, self.locale.language);
                let text = shown.map_or_else(|| "–".to_string(), |t| escape_xml(&t));
                let cell = match (&dataset.links[r], i) {
                    (Some(href), 0) => format!("<a href=\"{}{}\">{text}</a>", self.root, escape_xml(href)),
                    _ => text,
                };
                let class = if numeric(c) { " class=\"num\"" } else { "" };
                html.push_str(&format!("<td{class}>{cell}</td>"));
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody></table></div>\n");
        let mut source = String::new();
        if let Some(s) = &dataset.source {
            source.push_str(&escape_xml(&self.locale.fill(Key::ChartSource, &[("source", s)])));
            source.push(' ');
        }
        if self.data.tables.iter().any(|t| t.id == dataset.name) {
            // Links for the screen, which print leaves out.
            source.push_str("<span class=\"figure-links\">");
            if self.table_pages {
                source.push_str(&format!(
                    "<a href=\"{}tables/{}/\">{}</a> · ",
                    self.root,
                    dataset.name,
                    escape_xml(self.locale.text(Key::TablePage))
                ));
            }
            source.push_str(&format!("<a href=\"{}data/{}.csv\">CSV</a></span>", self.root, dataset.name));
        }
        html.push_str(&format!("<figcaption>{source}</figcaption>\n</figure>\n"));
        html
    }
}

fn column_index(dataset: &Dataset, id: &Spanned<String>, problems: &mut Vec<BlockProblem>) -> Option<usize> {
    let found = dataset.column(&id.value);
    if found.is_none() {
        let ids: Vec<&str> = dataset.columns.iter().map(|c| c.id.as_str()).collect();
        let hint = closest(&id.value, ids.iter().copied()).map(|n| format!("did you mean `{n}`? "));
        problems.push(problem(
            id,
            format!("dataset `{}` has no column `{}`", dataset.name, id.value),
            Some(format!("{}columns: {}", hint.unwrap_or_default(), ids.join(", "))),
        ));
    }
    found
}
