//! Charts in words and in numbers: the `<desc>` text summarising what a chart shows, and the
//! HTML table of the same numbers that the figure's "Data" disclosure holds.

use super::network::Graph;
use super::network_svg::neighbour_labels;
use super::resolve::{Categorical, Pipeline};
use crate::html::{escape_xml, push_escaped};
use crate::locale::{Key, Locale};

/// Categories listed one by one in a description; longer charts are summarised.
const LISTED: usize = 15;

/// "Firms by country (13 shown): United States 11,367; …. Highest: …; lowest: …."
pub fn categorical(data: &Categorical, locale: &Locale) -> String {
    let names: Vec<&str> = data.series.iter().map(|s| s.label.as_str()).collect();
    let n = data.categories.len();
    let language = locale.language;
    let unit = data.unit.as_ref().map(|u| locale.fill(Key::DescUnit, &[("unit", u)])).unwrap_or_default();
    let items: Vec<String> = (0..n.min(LISTED)).map(|i| item(data, i, locale)).collect();
    let more = match n > LISTED {
        true => locale.fill(Key::DescMore, &[("n", &language.integer((n - LISTED) as i64))]),
        false => String::new(),
    };
    let mut text = locale.fill(
        Key::DescCategorical,
        &[
            ("series", &join_and(&names, locale)),
            ("x", &language.lower(&data.x_label)),
            ("n", &language.integer(n as i64)),
            ("unit", &unit),
            ("items", &items.join(language.semicolon())),
            ("more", &more),
        ],
    );
    if let [series] = data.series.as_slice() {
        let known: Vec<(usize, f64)> =
            series.values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i, v))).collect();
        let max = known.iter().copied().reduce(|a, b| if b.1 > a.1 { b } else { a });
        let min = known.iter().copied().reduce(|a, b| if b.1 < a.1 { b } else { a });
        if let (Some(max), Some(min), true) = (max, min, known.len() > 2) {
            let f = |(i, v): (usize, f64)| format!("{} ({})", data.categories[i], data.format.format(v));
            text.push_str(&locale.fill(Key::DescExtremes, &[("max", &f(max)), ("min", &f(min))]));
        }
    }
    text
}

fn item(data: &Categorical, i: usize, locale: &Locale) -> String {
    let value = |s: usize| {
        data.series[s].values[i]
            .map_or_else(|| locale.text(Key::NoValue).to_string(), |v| data.format.format(v))
    };
    if data.series.len() == 1 {
        return format!("{} {}", data.categories[i], value(0));
    }
    let parts: Vec<String> =
        data.series.iter().enumerate().map(|(s, x)| format!("{} {}", x.label, value(s))).collect();
    format!("{}: {}", data.categories[i], parts.join(", "))
}

fn join_and(items: &[&str], locale: &Locale) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => {
            format!("{} {} {}", init.join(", "), locale.text(Key::And), locale.language.lower(last))
        }
    }
}

/// "9 rows in 7 groups by area. RA: JAK1, then filgotinib (Gilead); …."
pub fn pipeline(p: &Pipeline, locale: &Locale) -> String {
    let language = locale.language;
    let groups = super::pipeline::group_spans(p).len();
    let then = locale.text(Key::DescThen);
    let tag = p.tag_label.as_ref().map(|t| locale.fill(Key::DescTag, &[("tag", &language.lower(t))]));
    let mut text = locale.fill(
        Key::DescPipeline,
        &[
            ("rows", &language.integer(p.rows.len() as i64)),
            ("groups", &language.integer(groups as i64)),
            ("group", &language.lower(&p.group_label)),
            ("stages", &p.stage_labels.join(then)),
            ("tag", &tag.unwrap_or_default()),
        ],
    );
    let rows: Vec<String> = p
        .rows
        .iter()
        .map(|r| {
            let steps: Vec<&str> = r.steps.iter().flatten().map(String::as_str).collect();
            let tag = r.tag.as_ref().map(|t| format!(" ({t})")).unwrap_or_default();
            format!("{}: {}{tag}", r.group, steps.join(then))
        })
        .collect();
    text.push(' ');
    text.push_str(&rows.join("; "));
    text.push('.');
    text
}

/// A data table's cells as HTML: the header cells, and each row's cells.
pub type Cells = (Vec<String>, Vec<Vec<String>>);

/// The numbers of a bar, dot, slope or line chart as an HTML table; `root` prefixes category
/// links.
pub fn categorical_table(data: &Categorical, root: &str) -> String {
    table(categorical_cells(data, root))
}

/// The cells of [`categorical_table`].
pub fn categorical_cells(data: &Categorical, root: &str) -> Cells {
    let mut head = vec![format!("<th scope=\"col\">{}</th>", escape_xml(&data.x_label))];
    for s in &data.series {
        head.push(format!("<th scope=\"col\" class=\"num\">{}</th>", escape_xml(&s.label)));
    }
    let rows = data
        .categories
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let name = match data.links.get(i).cloned().flatten() {
                Some(href) => format!("<a href=\"{root}{}\">{}</a>", escape_xml(&href), escape_xml(name)),
                None => escape_xml(name),
            };
            let mut cells = vec![format!("<th scope=\"row\">{name}</th>")];
            for s in &data.series {
                let value = s.values[i].map_or_else(|| "–".to_string(), |v| data.format.format(v));
                cells.push(format!("<td class=\"num\">{value}</td>"));
            }
            cells
        })
        .collect();
    (head, rows)
}

/// An HTML table of `cells`.
pub fn table((head, rows): Cells) -> String {
    let mut html = String::from("<table class=\"data-table\">\n<thead><tr>");
    html.push_str(&head.concat());
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        html.push_str("<tr>");
        html.push_str(&row.concat());
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody></table>\n");
    html
}

/// The rows of a pipeline chart as an HTML table.
pub fn pipeline_table(p: &Pipeline) -> String {
    let mut headers = vec![p.group_label.as_str()];
    headers.extend(p.stage_labels.iter().map(String::as_str));
    headers.extend(p.tag_label.as_deref());
    let rows = p.rows.iter().map(|r| {
        let mut cells = vec![Some(r.group.as_str())];
        cells.extend(r.steps.iter().map(Option::as_deref));
        if p.tag_label.is_some() {
            cells.push(r.tag.as_deref());
        }
        cells
    });
    text_table(&headers, rows)
}

/// Each hub of a network with its links, as an HTML table.
/// The hubs of a network with their count of links (headed `links`) and their neighbours.
pub fn network_table(graph: &Graph, links: &str) -> String {
    let adjacency = graph.adjacency();
    let headers = [graph.hub_label.as_str(), links, graph.side_plural.as_str()];
    let mut hubs: Vec<usize> = (0..graph.nodes.len()).filter(|&i| graph.nodes[i].hub).collect();
    hubs.sort_by_cached_key(|&i| graph.nodes[i].label.to_lowercase());
    let counts: Vec<String> = hubs.iter().map(|&i| adjacency[i].len().to_string()).collect();
    let lists: Vec<String> =
        hubs.iter().map(|&i| neighbour_labels(graph, &adjacency, i).join(", ")).collect();
    let rows = hubs.iter().enumerate().map(|(k, &i)| {
        vec![Some(graph.nodes[i].label.as_str()), Some(counts[k].as_str()), Some(lists[k].as_str())]
    });
    text_table(&headers, rows)
}

fn text_table<'a>(headers: &[&str], rows: impl Iterator<Item = Vec<Option<&'a str>>>) -> String {
    let mut html = String::from("<table class=\"data-table\">\n<thead><tr>");
    for h in headers {
        html.push_str("<th scope=\"col\">");
        push_escaped(&mut html, h);
        html.push_str("</th>");
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        html.push_str("<tr>");
        for (k, cell) in row.iter().enumerate() {
            let (open, close) = if k == 0 { ("<th scope=\"row\">", "</th>") } else { ("<td>", "</td>") };
            html.push_str(open);
            push_escaped(&mut html, cell.unwrap_or("–"));
            html.push_str(close);
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody></table>\n");
    html
}
