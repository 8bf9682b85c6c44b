//! Networks drawn from a collection that joins two references (`network: {from, to}` in the
//! schema): one page per such collection (`networks/<name>/`) and, on the page of every record
//! at either end, its neighbourhood: its counterparts and the records that share the most of
//! them. Both are bounded, so no page grows with the site.

use crate::locale::{Key, Locale};
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Job, Model, Renderer};
use crate::charts::{self, Chart, Graph, Plot, network::Node};
use crate::fasthash::FastMap;
use crate::memo::{self, Product, Recall};
use crate::records::Records;
use crate::schema::Collection;
use std::sync::Arc;

/// Hubs drawn at most on a network page: beyond that a network is no longer readable.
const MAX_HUBS: usize = 150;

/// Other hubs shown around a record at most.
const MAX_NEIGHBOURS: usize = 12;

/// A record at one end of an edge: its collection's index and a key of it.
type EndOf<K> = (usize, K);

/// A record at one end of an edge: (collection index, id).
type End<'a> = EndOf<&'a str>;

/// A record at one end of an edge, as indexed: (collection index, rank of its id among its
/// collection's ids). Ranks sort as the ids do, so everything is ordered as by id, while the
/// neighbourhoods of thousands of record pages compare and hash numbers rather than text.
type Ranked = EndOf<u32>;

/// The drawn networks' edges, indexed, and the ranks of the records at their ends.
pub struct Networks<'a> {
    indexes: Vec<NetworkIndex>,
    ranks: Ranks<'a>,
}

/// One network's edges, indexed both ways; each list sorted.
struct NetworkIndex {
    /// The joining collection.
    collection: usize,
    hubs_of: FastMap<Ranked, Vec<Ranked>>,
    sides_of: FastMap<Ranked, Vec<Ranked>>,
}

/// The ranks of the records of each collection at an end of a drawn network.
struct Ranks<'a> {
    records: &'a Records,
    /// By collection: each record's rank, by position (empty for a collection at no end).
    of_position: Vec<Vec<u32>>,
    /// By collection: each ranked record's title and id, side by side in one string. Record
    /// pages name thousands of other records; read from here, a name costs one look into a
    /// compact table rather than a chase through the record and its values.
    names: Vec<Names>,
}

/// Pairs of strings by number, one after another in one string.
#[derive(Default)]
struct Names {
    text: String,
    /// Where pair `n`'s title ends and its id begins, and where its id ends.
    ends: Vec<(usize, usize)>,
}

impl Names {
    fn push(&mut self, title: &str, id: &str) {
        self.text.push_str(title);
        let middle = self.text.len();
        self.text.push_str(id);
        self.ends.push((middle, self.text.len()));
    }

    /// Pair `n`: (title, id).
    fn get(&self, n: usize) -> (&str, &str) {
        let start = n.checked_sub(1).map_or(0, |p| self.ends[p].1);
        let (middle, end) = self.ends[n];
        (&self.text[start..middle], &self.text[middle..end])
    }
}

impl<'a> Ranks<'a> {
    /// The ranks of the records of the collections `used`.
    fn new(records: &'a Records, used: &BTreeSet<usize>) -> Ranks<'a> {
        let count = records.items.len();
        let mut of_position = vec![Vec::new(); count];
        let mut names: Vec<Names> = (0..count).map(|_| Names::default()).collect();
        for &c in used {
            let items = &records.items[c].records;
            let mut order: Vec<usize> = (0..items.len()).collect();
            order.sort_by(|&a, &b| items[a].id.cmp(&items[b].id));
            of_position[c] = vec![0; items.len()];
            for (rank, &position) in order.iter().enumerate() {
                of_position[c][position] = rank as u32;
            }
            let collection = &records.schema.collections[c];
            for record in order.iter().map(|&position| &items[position]) {
                names[c].push(&crate::records::title_of(collection, record), &record.id);
            }
        }
        Ranks { records, of_position, names }
    }

    fn rank(&self, (c, id): End) -> Option<Ranked> {
        let position = self.records.items[c].position(id)?;
        Some((c, *self.of_position[c].get(position)?))
    }

    fn end(&self, (c, rank): Ranked) -> End<'_> {
        (c, self.names[c].get(rank as usize).1)
    }

    /// The title of a ranked record, as [`crate::records::title_of`] gives it.
    fn title(&self, (c, rank): Ranked) -> &str {
        self.names[c].get(rank as usize).0
    }
}

/// Indexes the network of every joining collection that draws one.
pub fn indexes(records: &Records) -> Networks<'_> {
    let edges: Vec<(usize, Vec<(End, End)>)> = records
        .iter()
        .enumerate()
        .filter_map(|(index, (collection, items))| {
            let network = collection.network.as_ref().filter(|n| n.page)?;
            let (from, to) = (&collection.fields[network.from], &collection.fields[network.to]);
            let mut edges = Vec::new();
            for record in &items.records {
                for a in records.ends(from, &record.values[network.from]) {
                    edges.extend(records.ends(to, &record.values[network.to]).map(|b| (a, b)));
                }
            }
            Some((index, edges))
        })
        .collect();
    let used = edges.iter().flat_map(|(_, edges)| edges.iter().flat_map(|(a, b)| [a.0, b.0])).collect();
    let ranks = Ranks::new(records, &used);
    let indexes = edges
        .into_iter()
        .map(|(collection, edges)| {
            let mut built =
                NetworkIndex { collection, hubs_of: FastMap::default(), sides_of: FastMap::default() };
            for (a, b) in edges {
                let (Some(a), Some(b)) = (ranks.rank(a), ranks.rank(b)) else { continue };
                built.sides_of.entry(a).or_default().push(b);
                built.hubs_of.entry(b).or_default().push(a);
            }
            for list in built.sides_of.values_mut().chain(built.hubs_of.values_mut()) {
                list.sort_unstable();
                list.dedup();
            }
            built
        })
        .collect();
    Networks { indexes, ranks }
}

/// The address of a joining collection's network page (its latest vintage).
/// The network's title: its own, or "Network" in the site's language.
pub fn title(network: &crate::schema::Network, locale: &Locale) -> String {
    network.title.clone().unwrap_or_else(|| locale.text(Key::Network).to_string())
}

pub fn href(collection: &Collection) -> String {
    collection.network.as_ref().map_or_else(String::new, |n| format!("{}/", n.address))
}

#[derive(Debug, Serialize)]
struct NetworkPage<'a> {
    title: &'a str,
    description: Option<&'a str>,
    figure: String,
    listing: Option<String>,
    vintages: Vec<VintageLink>,
}

/// One vintage of a network, as a link between its pages.
#[derive(Debug, Serialize)]
struct VintageLink {
    label: String,
    href: String,
    current: bool,
}

/// Renders one page per network, and per vintage when the collection has vintages (the latest
/// at the network's address, older ones below it).
pub fn render(r: &mut Renderer, model: &Model, networks: &Networks) {
    let records = &model.data.records;
    let locale = &model.config.locale;
    for index in &networks.indexes {
        let collection = &records.schema.collections[index.collection];
        let Some(network) = &collection.network else { continue };
        let vintages = crate::vintage::vintages(records, index.collection);
        let pages: Vec<(Option<&str>, String)> = match vintages.as_slice() {
            [] => vec![(None, href(collection))],
            [latest, older @ ..] => std::iter::once((Some(latest.as_str()), href(collection)))
                .chain(
                    older.iter().map(|v| (Some(v.as_str()), format!("{}{}/", href(collection), slugify(v)))),
                )
                .collect(),
        };
        for (vintage, path) in &pages {
            let links: Vec<VintageLink> = pages
                .iter()
                .filter_map(|(v, p)| {
                    let v = (*v)?;
                    Some(VintageLink {
                        label: vintage_label(collection, v, locale),
                        href: p.clone(),
                        current: p == path,
                    })
                })
                .collect();
            let figure = network_figure(records, index.collection, *vintage, &path_root(path), locale);
            let title = match vintage {
                Some(v) => format!("{}, {}", title(network, locale), vintage_label(collection, v, locale)),
                None => title(network, locale),
            };
            r.render(Job {
                path: format!("{path}index.html"),
                template: "collection-network.html",
                title: &title,
                description: collection.description.as_deref(),
                section: "network",
                page: NetworkPage {
                    title: &title,
                    description: collection.description.as_deref(),
                    figure,
                    listing: collection.listing_href(),
                    vintages: links,
                },
            });
        }
    }
}

fn slugify(text: &str) -> String {
    crate::content::slugify(text)
}

/// `../../` for a page at `a/b/`.
fn path_root(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn vintage_label(collection: &Collection, raw: &str, locale: &Locale) -> String {
    match &collection.vintage {
        Some(v) => crate::vintage::label(&collection.fields[v.field], raw, locale),
        None => raw.to_string(),
    }
}

/// The network of one vintage (or of all records): the hubs with the most links, bounded.
fn network_figure(
    records: &Records,
    index: usize,
    vintage: Option<&str>,
    root: &str,
    locale: &Locale,
) -> String {
    let collection = &records.schema.collections[index];
    let Some(network) = &collection.network else { return String::new() };
    let (from, to) = (&collection.fields[network.from], &collection.fields[network.to]);
    let mut sides_of: BTreeMap<End, BTreeSet<End>> = BTreeMap::new();
    for record in &records.items[index].records {
        if let (Some(v), Some(field)) = (vintage, collection.vintage.as_ref().map(|v| v.field))
            && record.values[field].raw_text() != v
        {
            continue;
        }
        for a in records.ends(from, &record.values[network.from]) {
            for b in records.ends(to, &record.values[network.to]) {
                sides_of.entry(a).or_default().insert(b);
            }
        }
    }
    let mut ranked: Vec<(End, usize)> = sides_of.iter().map(|(hub, sides)| (*hub, sides.len())).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let total = ranked.len();
    ranked.truncate(MAX_HUBS);
    let pairs: Vec<(End, End)> =
        ranked.iter().flat_map(|(hub, _)| sides_of[hub].iter().map(move |side| (*hub, *side))).collect();
    let labels = end_labels(records, collection);
    let language = locale.language;
    let shown = if ranked.len() < total {
        let n = (language.integer(ranked.len() as i64), language.integer(total as i64));
        locale.fill(Key::NetworkShown, &[("n", &n.0), ("total", &n.1)])
    } else {
        String::new()
    };
    let as_of = vintage.map(|v| format!(", {}", vintage_label(collection, v, locale))).unwrap_or_default();
    let chart = Chart {
        number: None,
        id: format!("fig-network-{}", collection.name),
        label: Some(format!("fig-network-{}", collection.name)),
        title: format!("{}{as_of}", title(network, locale)),
        caption: locale.fill(
            Key::NetworkCaption,
            &[
                ("hubs", &labels.hub.1),
                ("shown", &shown),
                ("sides", &language.lower(&labels.side.1)),
                ("records", &language.lower(&collection.label.many)),
                ("as_of", &as_of),
            ],
        ),
        plot: Plot::Network(graph(&pairs, None, &labels, |(c, id)| {
            records.items[c]
                .get(id)
                .map_or(id.to_string(), |r| crate::records::title_of(&records.schema.collections[c], r))
        })),
        csv: Some(format!("data/{}.csv", collection.name)),
        source: None,
    };
    charts::figure(&chart, root, locale)
}

/// The labels of the collections at the two ends, for one record and for several.
struct EndLabels {
    hub: (String, String),
    side: (String, String),
}

fn end_labels(records: &Records, collection: &Collection) -> EndLabels {
    let label = |field: usize| {
        let targets = &collection.fields[field].reference;
        let join = |pick: fn(&crate::schema::Label) -> &str| {
            targets
                .iter()
                .map(|&t| pick(&records.schema.collections[t].label))
                .collect::<Vec<_>>()
                .join(" / ")
        };
        (join(|l| &l.one), join(|l| &l.many))
    };
    let named = |l: &Option<crate::schema::Label>, field| {
        l.as_ref().map_or_else(|| label(field), |l| (l.one.clone(), l.many.clone()))
    };
    match &collection.network {
        Some(network) => {
            EndLabels { hub: named(&network.hubs, network.from), side: named(&network.sides, network.to) }
        }
        None => EndLabels { hub: Default::default(), side: Default::default() },
    }
}

/// The graph of `pairs` of ends, each a collection and a key of its record (an id, or a rank
/// on record pages, where numbers are cheaper to hash than ids); `title` names a node.
fn graph<K: Copy + Eq + std::hash::Hash>(
    pairs: &[(EndOf<K>, EndOf<K>)],
    focus: Option<EndOf<K>>,
    labels: &EndLabels,
    title: impl Fn(EndOf<K>) -> String,
) -> Graph {
    let mut index: FastMap<EndOf<K>, usize> = FastMap::default();
    let mut nodes = Vec::new();
    // Hubs are the records of the collections the `from` end names, wherever they appear.
    let hub_collections: BTreeSet<usize> = pairs.iter().map(|((c, _), _)| *c).collect();
    let mut edges = Vec::with_capacity(pairs.len());
    for &(a, b) in pairs {
        let mut node = |end: EndOf<K>| {
            *index.entry(end).or_insert_with(|| {
                nodes.push(Node {
                    label: title(end),
                    hub: hub_collections.contains(&end.0),
                    focus: focus == Some(end),
                });
                nodes.len() - 1
            })
        };
        let (x, y) = (node(a), node(b));
        edges.push((x, y));
    }
    let mut graph = Graph::new(nodes, edges);
    (graph.hub_label, graph.hub_plural) = labels.hub.clone();
    (graph.side_label, graph.side_plural) = labels.side.clone();
    graph
}

/// The neighbourhood figure of a record's page, from the first network it belongs to.
pub fn record_neighbourhood(
    records: &Records,
    networks: &Networks,
    place: &Place,
    root: &str,
    locale: &Locale,
    memo: Option<(&Recall, u64)>,
) -> Option<String> {
    let Place { me, ref ranked } = *place;
    networks.indexes.iter().zip(ranked).find_map(|(index, ranked)| {
        let pairs = neighbourhood(index, me, ranked.as_deref().unwrap_or_default())?;
        let joining = &records.schema.collections[index.collection];
        let labels = end_labels(records, joining);
        let name = networks.ranks.title(me);
        let id = format!("fig-neighbourhood-{}", joining.name);
        let title = format!("{name}: {}", self::title(joining.network.as_ref()?, locale));
        let caption = locale.fill(
            Key::NeighbourhoodCaption,
            &[
                ("title", name),
                ("records", &locale.language.lower(&joining.label.many)),
                (
                    "scope",
                    locale.text(match joining.vintage {
                        Some(_) => Key::ScopeEveryVintage,
                        None => Key::ScopeAllRecords,
                    }),
                ),
                ("hubs", &locale.language.lower(&labels.hub.1)),
            ],
        );
        let graph = graph(&pairs, Some(me), &labels, |end| networks.ranks.title(end).to_string());
        let draw = |graph| {
            let chart = Chart {
                number: None,
                id: id.clone(),
                label: Some(id.clone()),
                title: title.clone(),
                caption: caption.clone(),
                plot: Plot::Network(graph),
                csv: None,
                source: None,
            };
            charts::figure(&chart, root, locale)
        };
        let Some((recall, shared)) = memo else { return Some(draw(graph)) };
        // The drawing is most of a record page's making: `serve` keeps it while the graph and
        // words it draws, the page's place and the site's shared context are unchanged.
        let key = memo::key((shared, &id, &title, &caption, &graph, root));
        Some(recall.get_or_make::<NeighbourhoodFigure>(key, || Arc::from(draw(graph))).to_string())
    })
}

/// A record's neighbourhood figure, kept by the memo under a hash of what it draws.
struct NeighbourhoodFigure;

impl Product for NeighbourhoodFigure {
    type Key = u64;
    type Value = Arc<str>;
}

/// A record's counterparts and the hubs sharing the most of them (`ranked`, bounded).
fn neighbourhood(index: &NetworkIndex, me: Ranked, ranked: &[Ranked]) -> Option<Vec<(Ranked, Ranked)>> {
    let mut pairs: BTreeSet<(Ranked, Ranked)> = BTreeSet::new();
    if let Some(sides) = index.sides_of.get(&me) {
        pairs.extend(sides.iter().map(|side| (me, *side)));
        for &other in ranked {
            for side in
                index.sides_of.get(&other).into_iter().flatten().filter(|s| sides.binary_search(s).is_ok())
            {
                pairs.insert((other, *side));
            }
        }
    }
    for hub in index.hubs_of.get(&me).into_iter().flatten().take(MAX_NEIGHBOURS * 4) {
        pairs.insert((*hub, me));
    }
    (!pairs.is_empty()).then(|| pairs.into_iter().collect())
}

/// A record's place in the drawn networks: in each (in the order of the indexes), the other
/// hubs sharing the most of its counterparts, ranked once for both its neighbourhood figure and
/// its related records; `None` where it has no counterparts.
pub struct Place {
    me: Ranked,
    ranked: Vec<Option<Vec<Ranked>>>,
}

/// The place of record `id` of `collection` in `networks`; `None` when it is at no end.
pub fn place(networks: &Networks, collection: usize, id: &str) -> Option<Place> {
    let me = networks.ranks.rank((collection, id))?;
    let limit = MAX_NEIGHBOURS.max(MAX_RELATED);
    let ranked = networks
        .indexes
        .iter()
        .map(|index| index.sides_of.get(&me).map(|sides| most_shared(index, me, sides, limit)))
        .collect();
    Some(Place { me, ranked })
}

/// The other hubs sharing the most of `me`'s counterparts `sides`, at most `limit`: most shared
/// first, then by collection and id. Only the first `limit` are put in order, since a popular
/// counterpart brings hundreds.
fn most_shared(index: &NetworkIndex, me: Ranked, sides: &[Ranked], limit: usize) -> Vec<Ranked> {
    let mut shared: FastMap<Ranked, usize> = FastMap::default();
    for side in sides {
        for other in index.hubs_of.get(side).into_iter().flatten().filter(|o| **o != me) {
            *shared.entry(*other).or_default() += 1;
        }
    }
    let mut ranked: Vec<(Ranked, usize)> = shared.into_iter().collect();
    let order = |a: &(Ranked, usize), b: &(Ranked, usize)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    if ranked.len() > limit {
        ranked.select_nth_unstable_by(limit, order);
        ranked.truncate(limit);
    }
    ranked.sort_unstable_by(order);
    ranked.into_iter().map(|(end, _)| end).collect()
}

/// Records sharing counterparts with a record, most shared first: "firms that share partners".
#[derive(Debug, Serialize)]
pub struct Related {
    pub heading: String,
    pub intro: String,
    pub records: Vec<RelatedRecord>,
}

#[derive(Debug, Serialize)]
pub struct RelatedRecord {
    pub record: crate::pages::context::Link,
    pub shared: Vec<crate::pages::context::Link>,
}

/// At most this many related records on a page.
const MAX_RELATED: usize = 8;

/// The related records of a hub of the first drawn network it belongs to.
pub fn related(records: &Records, networks: &Networks, place: &Place, locale: &Locale) -> Option<Related> {
    let Place { me, ref ranked } = *place;
    networks.indexes.iter().zip(ranked).find_map(|(index, ranked)| {
        let sides = index.sides_of.get(&me)?;
        // Counted first; the shared counterparts are listed only for the records shown.
        let ranked = ranked.as_deref().unwrap_or_default();
        if ranked.is_empty() {
            return None;
        }
        let ranked: Vec<(Ranked, Vec<Ranked>)> = ranked
            .iter()
            .take(MAX_RELATED)
            .map(|&other| {
                let theirs = index.sides_of.get(&other);
                let shared =
                    sides.iter().copied().filter(|s| theirs.is_some_and(|t| t.binary_search(s).is_ok()));
                (other, shared.collect())
            })
            .collect();
        let joining = &records.schema.collections[index.collection];
        let labels = end_labels(records, joining);
        let title = networks.ranks.title(me);
        let link = |end: Ranked| {
            let ((_, id), title) = (networks.ranks.end(end), networks.ranks.title(end));
            let href = records.schema.collections[end.0].record_href(id).unwrap_or_default();
            crate::pages::context::Link { title: title.to_string(), href }
        };
        Some(Related {
            heading: locale
                .fill_sentence(Key::RelatedHeading, &[("records", &locale.language.lower(&labels.hub.1))]),
            intro: locale.fill(
                Key::RelatedIntro,
                &[
                    ("records", &labels.hub.1),
                    ("sides", &locale.language.lower(&labels.side.1)),
                    ("title", title),
                ],
            ),
            records: ranked
                .into_iter()
                .map(|(other, sides)| RelatedRecord {
                    record: link(other),
                    shared: sides.into_iter().map(link).collect(),
                })
                .collect(),
        })
    })
}
