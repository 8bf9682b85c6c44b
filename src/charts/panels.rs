//! Small multiples: one panel per value of a `facet` column, each a chart of the block's kind
//! drawn at half width on the scales all panels share (the union of their extents), side by
//! side on a wide page and one under another on a phone. One data table holds every panel's
//! numbers, the panel named in its first column.

use super::cartesian::{Frame, PANEL_WIDTH, Shared, span, union};
use super::describe::{Cells, categorical_cells, table};
use super::limits::extent;
use super::resolve::Plot;
use super::{lines, scatter};
use crate::html::escape_xml;
use crate::locale::{Key, Locale};

/// The extents the panels share.
pub fn shared(panels: &[(String, Plot)]) -> Shared {
    let mut shared = Shared::default();
    for (_, plot) in panels {
        let known = |(lo, hi): (f64, f64)| (lo <= hi).then_some((lo, hi));
        match plot {
            Plot::Bars { data, stacked, .. } => {
                shared.value = union(shared.value, Some(extent(data, *stacked)))
            }
            Plot::Dots(data) => shared.value = union(shared.value, Some(extent(data, false))),
            Plot::Slope(data) => {
                let values = data.series.iter().flat_map(|s| s.values.iter().flatten().copied());
                shared.value = union(shared.value, known(span(values)));
            }
            Plot::Lines(t) => {
                let (values, times) = lines::extents(t);
                shared.value = union(shared.value, values);
                shared.time = union(shared.time, times);
            }
            Plot::Scatter(p) => {
                shared.x = union(shared.x, known(span(p.points.iter().map(|q| q.x))));
                shared.value = union(shared.value, known(span(p.points.iter().map(|q| q.y))));
                let largest = p.points.iter().filter_map(|q| q.size).fold(0.0, f64::max);
                shared.size = Some(shared.size.unwrap_or(0.0).max(largest));
            }
            Plot::Pipeline(_) | Plot::Network(_) | Plot::Panels { .. } => {}
        }
    }
    shared
}

/// The panels, each its own accessible SVG, in a group named by the chart's title.
pub fn render(id: &str, title: &str, panels: &[(String, Plot)], locale: &Locale) -> String {
    let shared = shared(panels);
    let mut html = format!(
        "<div class=\"chart-panels\" role=\"group\" aria-label=\"{}\">\n<p class=\"chart-panels__title\" aria-hidden=\"true\">{}</p>\n",
        escape_xml(title),
        escape_xml(title)
    );
    for (k, (name, plot)) in panels.iter().enumerate() {
        let desc = format!("{name}: {}", super::description(plot, locale));
        let full = format!("{title}: {name}");
        let id = format!("{id}-{}", k + 1);
        let frame = Frame {
            id: &id,
            title: &full,
            heading: name,
            desc: &desc,
            width: PANEL_WIDTH,
            shared: &shared,
            locale,
        };
        html.push_str("<div class=\"chart-panel\">");
        html.push_str(&super::draw(&frame, plot));
        html.push_str("</div>\n");
    }
    html.push_str("</div>");
    html
}

/// "Panels by region (3): Flanders: …; Wallonia: …."
pub fn describe(label: &str, panels: &[(String, Plot)], locale: &Locale) -> String {
    let parts: Vec<String> =
        panels.iter().map(|(name, plot)| format!("{name}: {}", super::description(plot, locale))).collect();
    locale.fill(
        Key::DescPanels,
        &[
            ("n", &locale.language.integer(panels.len() as i64)),
            ("label", &locale.language.lower(label)),
            ("parts", &parts.join(" ")),
        ],
    )
}

/// Every panel's numbers in one table, the panel in the first column.
pub fn data_table(label: &str, panels: &[(String, Plot)], root: &str, locale: &Locale) -> String {
    let mut head: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (name, plot) in panels {
        let (h, r): Cells = match plot {
            Plot::Bars { data, .. } | Plot::Dots(data) | Plot::Slope(data) => categorical_cells(data, root),
            Plot::Lines(t) => categorical_cells(&t.data, root),
            Plot::Scatter(p) => scatter::cells(p, locale),
            Plot::Pipeline(_) | Plot::Network(_) | Plot::Panels { .. } => continue,
        };
        if head.is_empty() {
            head.push(format!("<th scope=\"col\">{}</th>", escape_xml(label)));
            head.extend(h);
        }
        for row in r {
            let mut cells = vec![format!("<td>{}</td>", escape_xml(name))];
            cells.extend(row);
            rows.push(cells);
        }
    }
    table((head, rows))
}
