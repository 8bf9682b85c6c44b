//! The alliance network: its own page (`network/`, the alliances of the latest data snapshot,
//! the Table 3 snapshot in the dissertation) and, on each firm's case page, the firm's
//! neighbourhood: the firm, its partners, and the other firms of the sample that share them.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Job, Model, Renderer, labels};
use crate::charts::{self, Chart, Graph, Plot, network::Node};
use crate::fasthash::FastMap;
use crate::model::{Data, PartnerIndex};

#[derive(Debug, Serialize)]
struct NetworkPage {
    snapshot: String,
    figure: String,
}

pub fn render(r: &mut Renderer, model: &Model) {
    let data = model.data;
    let Some(snapshot) = data.latest_snapshot() else { return };
    let latest: Vec<&crate::model::Alliance> =
        data.alliances.iter().filter(|a| a.snapshot == snapshot).collect();
    let shown = most_connected(&latest);
    let pairs: Vec<(&str, &str)> = latest
        .iter()
        .filter(|a| shown.contains(a.firm.as_str()))
        .map(|a| (a.firm.as_str(), a.partner.as_str()))
        .collect();
    let graph = graph(data, &pairs, None);
    let label = labels::snapshot(snapshot);
    let firms: BTreeSet<&str> = latest.iter().map(|a| a.firm.as_str()).collect();
    let selection = if shown.len() < firms.len() {
        format!(" (the {} firms with the most alliances, of {})", shown.len(), firms.len())
    } else {
        String::new()
    };
    let chart = Chart {
        number: None,
        id: "fig-network".into(),
        label: Some("fig-network".into()),
        title: format!("Alliance network of the sample's firms, {label}"),
        caption: format!(
            "The firms of the sample{selection} (boxes, middle) and their partners (dots, at both sides), one line per alliance recorded as of {label}"
        ),
        plot: Plot::Network(graph),
        csv: Some("data/alliances.csv".into()),
        source: Some("computed from the firm and alliance records".into()),
    };
    r.render(Job {
        path: "network/index.html".into(),
        template: "network.html",
        title: "Alliance network",
        description: Some("The sample's firms and their partners as a network, one line per alliance."),
        section: "network",
        page: NetworkPage { snapshot: label, figure: charts::figure(&chart, "../") },
    });
}

/// A graph of firm–partner pairs given by id: firms of the sample are hubs, labels are names.
pub fn graph(data: &Data, pairs: &[(&str, &str)], focus: Option<&str>) -> Graph {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut nodes = Vec::new();
    let mut edges = Vec::with_capacity(pairs.len());
    for &(a, b) in pairs {
        let a = node(data, &mut index, &mut nodes, a, focus);
        let b = node(data, &mut index, &mut nodes, b, focus);
        edges.push((a, b));
    }
    let mut graph = Graph::new(nodes, edges);
    graph.hub_label = "Firm of the sample".into();
    graph.hub_plural = "Firms of the sample".into();
    graph
}

/// The index of the node for `id`, added on first sight.
fn node<'p>(
    data: &Data,
    index: &mut BTreeMap<&'p str, usize>,
    nodes: &mut Vec<Node>,
    id: &'p str,
    focus: Option<&str>,
) -> usize {
    *index.entry(id).or_insert_with(|| {
        let label = data.party(id).map_or(id.to_string(), |p| p.name().to_string());
        nodes.push(Node { label, hub: data.firm(id).is_some(), focus: focus == Some(id) });
        nodes.len() - 1
    })
}

/// Firms drawn at most on the network page: beyond that a network is no longer readable, and
/// the page must not grow with the site.
const MAX_NETWORK_FIRMS: usize = 150;

/// The firms with the most alliances (ties by id), at most [`MAX_NETWORK_FIRMS`].
fn most_connected<'a>(alliances: &[&'a crate::model::Alliance]) -> BTreeSet<&'a str> {
    let mut degree: BTreeMap<&str, usize> = BTreeMap::new();
    for a in alliances {
        *degree.entry(a.firm.as_str()).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = degree.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked.into_iter().take(MAX_NETWORK_FIRMS).map(|(id, _)| id).collect()
}

/// Other firms shown around a firm at most: the neighbourhood must not grow with the site.
const MAX_NEIGHBOURS: usize = 12;

/// The neighbourhood of `firm` over every snapshot: its partners (and the firms that name it as
/// a partner), and the other firms allied with the most of those partners (at most
/// [`MAX_NEIGHBOURS`], most shared partners first). Uses the partner index, so its cost follows
/// the neighbourhood, not the site.
pub fn neighbourhood(data: &Data, index: &PartnerIndex, firm: &str) -> Option<Graph> {
    let mut partners: BTreeSet<&str> = index.partners_of.get(firm).cloned().unwrap_or_default();
    partners.extend(index.firms_of.get(firm).into_iter().flatten().copied());
    if partners.is_empty() {
        return None;
    }
    let mut shared: FastMap<&str, usize> = FastMap::default();
    for partner in &partners {
        for &other in index.firms_of.get(partner).into_iter().flatten() {
            if other != firm {
                *shared.entry(other).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(&str, usize)> = shared.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked.truncate(MAX_NEIGHBOURS);
    let mut pairs: BTreeSet<(&str, &str)> = partners.iter().map(|&p| (firm, p)).collect();
    for (other, _) in ranked {
        for &p in index.partners_of.get(other).into_iter().flatten() {
            if partners.contains(p) {
                pairs.insert((other, p));
            }
        }
    }
    let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
    Some(graph(data, &pairs, Some(firm)))
}

/// The neighbourhood figure of a firm's case page (at `firms/<id>/`).
pub fn neighbourhood_figure(data: &Data, index: &PartnerIndex, firm: &crate::model::Firm) -> Option<String> {
    let graph = neighbourhood(data, index, &firm.id)?;
    let chart = Chart {
        number: None,
        id: "fig-neighbourhood".into(),
        label: Some("fig-neighbourhood".into()),
        title: format!("{}'s alliance neighbourhood", firm.name),
        caption: format!(
            "{} (bold box), its partners in any data snapshot, and the other firms of the sample allied with the same partners",
            firm.name
        ),
        plot: Plot::Network(graph),
        csv: None,
        source: Some("computed from the firm and alliance records".into()),
    };
    Some(charts::figure(&chart, "../../"))
}
