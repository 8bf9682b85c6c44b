//! Networks: a [`Graph`] of hub nodes (the firms, drawn as labelled boxes in a middle column)
//! and side nodes (their partners, drawn as dots in a left and a right column, labelled on the
//! outside), laid out deterministically. Rows are ordered by a few barycentre sweeps (each node
//! moves towards the mean position of its neighbours) to limit edge crossings; every column's
//! rows are at least one label high, so no two labels can overlap. The cost is
//! O(sweeps × (edges + nodes log nodes)): tens of thousands of nodes lay out in milliseconds.

use std::collections::{BTreeMap, BTreeSet};

use super::scale::{fit_text, text_width};
use super::svg::SMALL;

/// Barycentre sweeps: enough to untangle a small graph, bounded for big ones.
const SWEEPS: usize = 6;
/// Vertical pitch of side rows and hub rows, in user units.
const SIDE_PITCH: f64 = 15.0;
const HUB_PITCH: f64 = 24.0;
const HUB_HEIGHT: f64 = 19.0;
/// Horizontal room for edges between columns.
const GUTTER: f64 = 110.0;
/// Longest label drawn in full (longer ones end in "…"; the data table has them whole).
const MAX_LABEL: f64 = 170.0;
/// Largest dot radius, and the space between a dot and its label.
const MAX_RADIUS: f64 = 6.5;
const LABEL_GAP: f64 = 6.0;
/// Hub labels are bold 12-unit text: measured as a wider regular font.
const HUB_FONT: f64 = 13.2;

/// A node of a network.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Node {
    pub label: String,
    /// Drawn in the middle column (a firm of the sample) rather than at a side.
    pub hub: bool,
    /// The node a neighbourhood is drawn around.
    pub focus: bool,
}

/// Nodes and undirected edges (each pair once, smaller index first, sorted).
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<(usize, usize)>,
    /// What hubs and side nodes are, for the legend ("Firm", "Partner").
    pub hub_label: String,
    pub side_label: String,
    /// The same for several, in the legend's and description's words ("Firms", "Partners").
    pub hub_plural: String,
    pub side_plural: String,
}

impl Graph {
    /// A graph from (hub, other) pairs: every first element is a hub; a second element is a hub
    /// too when it is also a first element somewhere, a side node otherwise.
    pub fn from_edges(pairs: &[(String, String)], focus: Option<&str>) -> Graph {
        let mut index: BTreeMap<&str, usize> = BTreeMap::new();
        let mut nodes = Vec::new();
        let hubs: BTreeSet<&str> = pairs.iter().map(|(a, _)| a.as_str()).collect();
        for name in pairs.iter().flat_map(|(a, b)| [a.as_str(), b.as_str()]) {
            index.entry(name).or_insert_with(|| {
                let hub = hubs.contains(name);
                nodes.push(Node { label: name.to_string(), hub, focus: focus == Some(name) });
                nodes.len() - 1
            });
        }
        let edges =
            pairs.iter().filter_map(|(a, b)| Some((*index.get(a.as_str())?, *index.get(b.as_str())?)));
        Graph::new(nodes, edges.collect())
    }

    /// A graph from nodes and index pairs (self-loops and repeats dropped).
    pub fn new(nodes: Vec<Node>, edges: Vec<(usize, usize)>) -> Graph {
        let n = nodes.len();
        let edges: BTreeSet<(usize, usize)> = edges
            .into_iter()
            .filter(|(a, b)| a != b && *a < n && *b < n)
            .map(|(a, b)| (a.min(b), a.max(b)))
            .collect();
        Graph {
            nodes,
            edges: edges.into_iter().collect(),
            hub_label: "Firm".into(),
            side_label: "Partner".into(),
            hub_plural: "Firms".into(),
            side_plural: "Partners".into(),
        }
    }

    /// Neighbours of every node, sorted.
    pub fn adjacency(&self) -> Vec<Vec<usize>> {
        let mut adjacency = vec![Vec::new(); self.nodes.len()];
        for &(a, b) in &self.edges {
            adjacency[a].push(b);
            adjacency[b].push(a);
        }
        adjacency
    }
}

/// Which column a node is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Left = 0,
    Hub = 1,
    Right = 2,
}

/// An axis-aligned box: a label's extent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }
}

/// A placed node: its centre, radius (side nodes) and label.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub column: Column,
    pub x: f64,
    pub y: f64,
    pub r: f64,
    /// The label as drawn (maybe shortened).
    pub label: String,
    pub label_box: Rect,
}

/// Every node placed, and the drawing's size.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<Placed>,
    /// Hub boxes' left and right edges.
    pub hub_left: f64,
    pub hub_right: f64,
}

/// Lays `graph` out in three columns; `top` is the room kept above it (legend).
pub fn layout(graph: &Graph, top: f64) -> Layout {
    let adjacency = graph.adjacency();
    let (columns, order) = order_rows(graph, &adjacency);
    let count = |c: Column| columns.iter().filter(|&&k| k == c).count();
    let rows = [count(Column::Left), count(Column::Hub), count(Column::Right)];
    let inner = (rows[0].max(rows[2]) as f64 * SIDE_PITCH).max(rows[1] as f64 * HUB_PITCH).max(HUB_PITCH);
    let size = |i: usize| if columns[i] == Column::Hub { HUB_FONT } else { SMALL };
    let short: Vec<String> =
        graph.nodes.iter().enumerate().map(|(i, n)| fit_text(&n.label, MAX_LABEL, size(i))).collect();
    let widths: Vec<f64> = short.iter().enumerate().map(|(i, l)| text_width(l, size(i))).collect();
    let widest =
        |c: Column| (0..widths.len()).filter(|&i| columns[i] == c).map(|i| widths[i]).fold(0.0, f64::max);
    let left_x = 4.0 + widest(Column::Left) + LABEL_GAP + MAX_RADIUS;
    let hub_left = left_x + GUTTER;
    let hub_right = hub_left + widest(Column::Hub) + 16.0;
    let right_x = hub_right + GUTTER;
    let width = right_x + MAX_RADIUS + LABEL_GAP + widest(Column::Right) + 4.0;
    let mut nodes = Vec::with_capacity(graph.nodes.len());
    for (i, label) in short.into_iter().enumerate() {
        let column = columns[i];
        let n = rows[column as usize];
        let y = top + (order[i] as f64 + 0.5) * inner / n as f64;
        let (w, r) =
            (widths[i], (2.5 + (adjacency[i].len().max(1) as f64 - 1.0).sqrt() * 1.2).min(MAX_RADIUS));
        let side = |x: f64| Rect { x, y: y - 6.5, w, h: 13.0 };
        let (x, r, label_box) = match column {
            Column::Left => (left_x, r, side(left_x - MAX_RADIUS - LABEL_GAP - w)),
            Column::Right => (right_x, r, side(right_x + MAX_RADIUS + LABEL_GAP)),
            Column::Hub => {
                let b = Rect { x: hub_left, y: y - HUB_HEIGHT / 2.0, w: hub_right - hub_left, h: HUB_HEIGHT };
                ((hub_left + hub_right) / 2.0, 0.0, b)
            }
        };
        nodes.push(Placed { column, x, y, r, label, label_box });
    }
    Layout { width, height: top + inner + 4.0, nodes, hub_left, hub_right }
}

/// Each node's column and its rank within the column, after the barycentre sweeps.
fn order_rows(graph: &Graph, adjacency: &[Vec<usize>]) -> (Vec<Column>, Vec<usize>) {
    let n = graph.nodes.len();
    let mut columns: Vec<Column> =
        graph.nodes.iter().map(|node| if node.hub { Column::Hub } else { Column::Left }).collect();
    let mut hubs: Vec<usize> = (0..n).filter(|&i| graph.nodes[i].hub).collect();
    hubs.sort_by(|&a, &b| adjacency[b].len().cmp(&adjacency[a].len()).then(a.cmp(&b)));
    let mut sides: Vec<usize> = (0..n).filter(|&i| !graph.nodes[i].hub).collect();
    let mut position = vec![0.5; n];
    place(&hubs, &mut position);
    for _ in 0..SWEEPS {
        sort_by_barycentre(&mut sides, adjacency, &position);
        let left: Vec<usize> = sides.iter().step_by(2).copied().collect();
        let right: Vec<usize> = sides.iter().skip(1).step_by(2).copied().collect();
        place(&left, &mut position);
        place(&right, &mut position);
        left.iter().for_each(|&i| columns[i] = Column::Left);
        right.iter().for_each(|&i| columns[i] = Column::Right);
        sort_by_barycentre(&mut hubs, adjacency, &position);
        place(&hubs, &mut position);
    }
    let mut rank = vec![0; n];
    for column in [Column::Left, Column::Hub, Column::Right] {
        let mut members: Vec<usize> = (0..n).filter(|&i| columns[i] == column).collect();
        members.sort_by(|&a, &b| position[a].total_cmp(&position[b]).then(a.cmp(&b)));
        members.iter().enumerate().for_each(|(k, &i)| rank[i] = k);
    }
    (columns, rank)
}

/// Positions 0..1 by rank within `members`.
fn place(members: &[usize], position: &mut [f64]) {
    let n = members.len().max(2) - 1;
    for (k, &i) in members.iter().enumerate() {
        position[i] = if members.len() == 1 { 0.5 } else { k as f64 / n as f64 };
    }
}

/// Sorts `members` by the mean position of their neighbours (ties: current position, index).
fn sort_by_barycentre(members: &mut [usize], adjacency: &[Vec<usize>], position: &[f64]) {
    let key = |i: usize| {
        let neighbours = &adjacency[i];
        if neighbours.is_empty() {
            position[i]
        } else {
            neighbours.iter().map(|&j| position[j]).sum::<f64>() / neighbours.len() as f64
        }
    };
    let mut keyed: Vec<(f64, f64, usize)> = members.iter().map(|&i| (key(i), position[i], i)).collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (slot, (_, _, i)) in members.iter_mut().zip(keyed) {
        *slot = i;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Graph {
        let pairs: Vec<(String, String)> = [
            ("Ablynx", "AbbVie"),
            ("Ablynx", "Novartis"),
            ("Ablynx", "Merck KGaA"),
            ("Argenx", "AbbVie"),
            ("Argenx", "Shire"),
            ("Galapagos", "AbbVie"),
            ("Galapagos", "Gilead Sciences"),
            ("ThromboGenics", "Galapagos"),
            ("ThromboGenics", "Alcon"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        Graph::from_edges(&pairs, Some("Galapagos"))
    }

    #[test]
    fn firms_are_hubs_and_partners_sides() {
        let g = sample();
        let hubs: Vec<&str> = g.nodes.iter().filter(|n| n.hub).map(|n| n.label.as_str()).collect();
        assert_eq!(hubs, ["Ablynx", "Argenx", "Galapagos", "ThromboGenics"]);
        assert_eq!(g.edges.len(), 9);
        assert!(g.nodes.iter().any(|n| n.focus && n.label == "Galapagos"));
    }

    #[test]
    fn layout_is_deterministic_and_labels_never_overlap() {
        let g = sample();
        let a = layout(&g, 20.0);
        assert_eq!(a, layout(&g, 20.0));
        for (i, p) in a.nodes.iter().enumerate() {
            for q in &a.nodes[i + 1..] {
                assert!(!p.label_box.overlaps(&q.label_box), "{} overlaps {}", p.label, q.label);
            }
            assert!(p.label_box.x >= 0.0 && p.label_box.x + p.label_box.w <= a.width);
        }
    }

    #[test]
    fn a_large_graph_lays_out_without_overlaps() {
        let nodes: Vec<Node> = (0..300)
            .map(|i| Node { label: format!("Node number {i}"), hub: i < 100, focus: false })
            .collect();
        let edges = (0..1000).map(|k| ((k * 7919) % 100, 100 + (k * 104_729) % 200)).collect();
        let l = layout(&Graph::new(nodes, edges), 0.0);
        let mut boxes: Vec<Rect> = l.nodes.iter().map(|p| p.label_box).collect();
        boxes.sort_by(|a, b| a.y.total_cmp(&b.y));
        for (i, a) in boxes.iter().enumerate() {
            for b in boxes[i + 1..].iter().take_while(|b| b.y < a.y + a.h) {
                assert!(!a.overlaps(b));
            }
        }
    }
}
