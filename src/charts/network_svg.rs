//! Drawing a laid-out network: edges as curves from a firm's box to its partners' dots, firm
//! boxes with their names inside, partner names outside the side columns, a two-entry legend,
//! and a description in words (how many nodes and edges, the best-connected ones).

use super::cartesian::Frame;
use super::network::{Column, Graph, Layout, layout};
use super::scale::coord;
use super::svg::{Anchor, Svg};

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
    for &(a, b) in &graph.edges {
        let class = if graph.nodes[a].focus || graph.nodes[b].focus {
            "chart-edge chart-edge--focus"
        } else {
            "chart-edge"
        };
        svg.path(&edge(&l, a, b), class);
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

/// A curve between two placed nodes: hub side to dot, or an arc beside the hub column.
fn edge(l: &Layout, a: usize, b: usize) -> String {
    let (p, q) = (&l.nodes[a], &l.nodes[b]);
    let (hub, other) = if p.column == Column::Hub { (p, q) } else { (q, p) };
    match other.column {
        Column::Hub => {
            let bulge = l.hub_right + 16.0 + (hub.y - other.y).abs().sqrt() * 3.0;
            format!(
                "M{x} {}C{c} {},{c} {},{x} {}",
                coord(hub.y),
                coord(hub.y),
                coord(other.y),
                coord(other.y),
                x = coord(l.hub_right),
                c = coord(bulge)
            )
        }
        column => {
            let x1 = if column == Column::Left { l.hub_left } else { l.hub_right };
            let x2 = if column == Column::Left { other.x + other.r } else { other.x - other.r };
            let c = (x1 + x2) / 2.0;
            format!(
                "M{} {}C{c} {},{c} {},{} {}",
                coord(x1),
                coord(hub.y),
                coord(hub.y),
                coord(other.y),
                coord(x2),
                coord(other.y),
                c = coord(c)
            )
        }
    }
}

/// Each node's degree and neighbours' labels (sorted), for the description and data table.
pub fn neighbours(graph: &Graph) -> Vec<Vec<&str>> {
    graph
        .adjacency()
        .into_iter()
        .map(|ns| {
            let mut labels: Vec<&str> = ns.into_iter().map(|j| graph.nodes[j].label.as_str()).collect();
            labels.sort_by_cached_key(|l| l.to_lowercase());
            labels
        })
        .collect()
}

/// "24 firms and 78 partners joined by 98 links. Most connected firm: …; most connected partners: …."
pub fn describe(graph: &Graph) -> String {
    let degree = neighbours(graph);
    let hubs = graph.nodes.iter().filter(|n| n.hub).count();
    let sides = graph.nodes.len() - hubs;
    let mut text = format!(
        "Network of {hubs} {} and {sides} {} joined by {} links.",
        plural(&graph.hub_label, &graph.hub_plural, hubs),
        plural(&graph.side_label, &graph.side_plural, sides),
        graph.edges.len()
    );
    for (hub, what) in [(true, &graph.hub_plural), (false, &graph.side_plural)] {
        let mut ranked: Vec<usize> = (0..graph.nodes.len()).filter(|&i| graph.nodes[i].hub == hub).collect();
        ranked.sort_by(|&a, &b| degree[b].len().cmp(&degree[a].len()).then(a.cmp(&b)));
        let top: Vec<String> = ranked
            .iter()
            .take(3)
            .filter(|&&i| degree[i].len() > 1)
            .map(|&i| format!("{} ({} links)", graph.nodes[i].label, degree[i].len()))
            .collect();
        if !top.is_empty() {
            text.push_str(&format!(" Most connected {}: {}.", what.to_lowercase(), top.join(", ")));
        }
    }
    text
}

/// The label for one or for several, as running text.
fn plural(one: &str, many: &str, n: usize) -> String {
    if n == 1 { one.to_lowercase() } else { many.to_lowercase() }
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn one_or_several_take_their_own_label() {
        assert_eq!(plural("Firm of the sample", "Firms of the sample", 13), "firms of the sample");
        assert_eq!(plural("Firm of the sample", "Firms of the sample", 1), "firm of the sample");
    }
}
