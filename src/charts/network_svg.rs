//! Drawing a laid-out network: edges as curves from a firm's box to its partners' dots, firm
//! boxes with their names inside, partner names outside the side columns, a two-entry legend,
//! and a description in words (how many nodes and edges, the best-connected ones).

use super::cartesian::Frame;
use super::network::{Column, Graph, Layout, layout};
use super::scale::coord;
use super::svg::{Anchor, Svg};
use crate::locale::{Key, Locale};

const LEGEND: f64 = 26.0;

pub fn render(frame: &Frame, graph: &Graph) -> String {
    let l = layout(graph, LEGEND + 6.0);
    let mut svg = Svg::open(frame.id, "network", l.width.max(320.0), l.height, frame.title, frame.desc);
    svg.pill(6.0, 6.0, 22.0, 14.0, "chart-hub");
    svg.text(34.0, 17.0, Anchor::Start, "chart-legend", &graph.hub_label);
    let x = 34.0 + super::scale::text_width(&graph.hub_label, super::svg::FONT) + 24.0;
    svg.circle(x, 13.0, 4.5, "chart-node", None);
    svg.text(x + 10.0, 17.0, Anchor::Start, "chart-legend", &graph.side_label);
    svg.group("chart-edges");
    let mut d = String::new();
    for &(a, b) in &graph.edges {
        let class = if graph.nodes[a].focus || graph.nodes[b].focus {
            "chart-edge chart-edge--focus"
        } else {
            "chart-edge"
        };
        d.clear();
        edge(&mut d, &l, a, b);
        svg.path(&d, class);
    }
    svg.close_group();
    svg.group("chart-nodes");
    for (i, p) in l.nodes.iter().enumerate() {
        let node = &graph.nodes[i];
        match p.column {
            Column::Hub => {
                let b = p.label_box;
                let class = if node.focus { "chart-hub chart-hub--focus" } else { "chart-hub" };
                svg.pill(b.x, b.y, b.w, b.h, class);
                svg.text(p.x, p.y + 4.0, Anchor::Middle, "chart-hub-label", &p.label);
            }
            column => {
                svg.circle(p.x, p.y, p.r, "chart-node", Some(&node.label));
                let (x, anchor) = match column {
                    Column::Left => (p.label_box.x + p.label_box.w, Anchor::End),
                    _ => (p.label_box.x, Anchor::Start),
                };
                svg.text(x, p.y + 4.0, anchor, "chart-node-label", &p.label);
            }
        }
    }
    svg.close_group();
    svg.finish()
}

/// A curve between two placed nodes, as path data into `d`: hub side to dot, or an arc beside
/// the hub column.
fn edge(d: &mut String, l: &Layout, a: usize, b: usize) {
    let (p, q) = (&l.nodes[a], &l.nodes[b]);
    let (hub, other) = if p.column == Column::Hub { (p, q) } else { (q, p) };
    let (x1, c, x2) = match other.column {
        Column::Hub => (l.hub_right, l.hub_right + 16.0 + (hub.y - other.y).abs().sqrt() * 3.0, l.hub_right),
        column => {
            let x1 = if column == Column::Left { l.hub_left } else { l.hub_right };
            let x2 = if column == Column::Left { other.x + other.r } else { other.x - other.r };
            (x1, (x1 + x2) / 2.0, x2)
        }
    };
    // M x1 y1 C c y1, c y2, x2 y2
    let points = [(x1, hub.y), (c, hub.y), (c, other.y), (x2, other.y)];
    for (i, (x, y)) in points.into_iter().enumerate() {
        d.push_str(["M", "C", ",", ","][i]);
        coord(x).push_to(d);
        d.push(' ');
        coord(y).push_to(d);
    }
}

/// The labels of a node's neighbours, sorted without regard to case, for the data table.
pub fn neighbour_labels<'g>(graph: &'g Graph, adjacency: &[Vec<usize>], node: usize) -> Vec<&'g str> {
    let mut labels: Vec<&str> = adjacency[node].iter().map(|&j| graph.nodes[j].label.as_str()).collect();
    labels.sort_by_cached_key(|l| l.to_lowercase());
    labels
}

/// "24 firms and 78 partners joined by 98 links. Most connected firm: …; most connected partners: …."
pub fn describe(graph: &Graph, locale: &Locale) -> String {
    let language = locale.language;
    let degree = graph.adjacency();
    let hubs = graph.nodes.iter().filter(|n| n.hub).count();
    let sides = graph.nodes.len() - hubs;
    let counted = |n, one, many| counted(language, n, one, many);
    let mut text = locale.fill(
        Key::DescNetwork,
        &[
            ("hubs", &counted(hubs, &graph.hub_label, &graph.hub_plural)),
            ("sides", &counted(sides, &graph.side_label, &graph.side_plural)),
            ("links", &language.integer(graph.edges.len() as i64)),
        ],
    );
    for (hub, what) in [(true, &graph.hub_plural), (false, &graph.side_plural)] {
        let mut ranked: Vec<usize> = (0..graph.nodes.len()).filter(|&i| graph.nodes[i].hub == hub).collect();
        ranked.sort_by(|&a, &b| degree[b].len().cmp(&degree[a].len()).then(a.cmp(&b)));
        let top: Vec<String> = ranked
            .iter()
            .take(3)
            .filter(|&&i| degree[i].len() > 1)
            .map(|&i| {
                let n = language.integer(degree[i].len() as i64);
                locale.fill(Key::DescNodeLinks, &[("name", &graph.nodes[i].label), ("n", &n)])
            })
            .collect();
        if !top.is_empty() {
            let label = language.lower(what);
            text.push_str(
                &locale.fill(Key::DescMostConnected, &[("label", &label), ("top", &top.join(", "))]),
            );
        }
    }
    text
}

/// A count with the label for one or for several, as running text: "13 firms of the sample".
fn counted(language: crate::locale::Language, n: usize, one: &str, many: &str) -> String {
    format!("{} {}", language.integer(n as i64), language.lower(if n == 1 { one } else { many }))
}

#[cfg(test)]
mod tests {
    use super::counted;
    use crate::locale::Language;

    #[test]
    fn one_or_several_take_their_own_label() {
        let (one, many) = ("Firm of the sample", "Firms of the sample");
        assert_eq!(counted(Language::En, 13, one, many), "13 firms of the sample");
        assert_eq!(counted(Language::En, 1, one, many), "1 firm of the sample");
        assert_eq!(counted(Language::De, 1200, "Firma", "Firmen"), "1.200 Firmen");
    }
}
