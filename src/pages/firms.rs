//! Firm pages: the directory (`firms/`), one case page per firm (`firms/<id>/`), and the region
//! pages (`regions/`, `regions/<id>/`).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::changes::{FirmChangeSection, firm_changes};
use super::context::CitedWork;
use super::context::Link;
use super::{Job, Model, Renderer, labels};
use crate::content::records::RelationKind;
use crate::fasthash::FastMap;
use crate::markdown::TocEntry;
use crate::model::{Data, Firm, PartnerIndex};

/// A firm in a listing.
#[derive(Debug, Serialize)]
pub struct FirmRow {
    pub link: Link,
    pub kind: &'static str,
    pub region: Link,
    pub location: Option<String>,
    pub platforms: String,
    pub alliances: usize,
    pub partners: usize,
    pub listed: String,
}

#[derive(Debug, Serialize)]
struct DirectoryPage {
    firms: Vec<FirmRow>,
    snapshot: Option<String>,
}

#[derive(Debug, Serialize)]
struct RelationView {
    label: &'static str,
    party: Link,
    note: Option<String>,
}

#[derive(Debug, Serialize)]
struct AcquisitionView {
    label: &'static str,
    party: Link,
    date: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Serialize)]
struct AllianceView {
    partner: Link,
    kind: &'static str,
    year: Option<i32>,
    note: Option<String>,
}

#[derive(Debug, Serialize)]
struct SnapshotGroup {
    snapshot: String,
    label: String,
    alliances: Vec<AllianceView>,
}

#[derive(Debug, Serialize)]
struct RelatedFirm {
    firm: Link,
    shared: Vec<Link>,
}

#[derive(Debug, Serialize)]
struct FirmPage<'a> {
    firm: &'a Firm,
    kind: &'static str,
    region: Link,
    listed: Vec<String>,
    relations: Vec<RelationView>,
    acquisitions: Vec<AcquisitionView>,
    snapshots: Vec<SnapshotGroup>,
    sources: Vec<CitedWork>,
    related: Vec<RelatedFirm>,
    changes: Option<FirmChangeSection>,
    case_html: Option<&'a str>,
    /// The firm's alliance neighbourhood as a network figure.
    network: Option<String>,
    toc: &'a [TocEntry],
}

#[derive(Debug, Serialize)]
struct RegionsPage {
    regions: Vec<RegionRow>,
}

#[derive(Debug, Serialize)]
struct RegionRow {
    link: Link,
    firms: usize,
    alliances: usize,
}

#[derive(Debug, Serialize)]
struct RegionPage {
    name: String,
    firms: Vec<FirmRow>,
    alliances: usize,
    partners: usize,
}

pub fn render(r: &mut Renderer, model: &Model) {
    let data = model.data;
    if data.firms.is_empty() {
        return;
    }
    let rows: Vec<FirmRow> = data.firms.iter().map(|f| firm_row(data, f)).collect();
    r.render(Job {
        path: "firms/index.html".into(),
        template: "firms.html",
        title: "Firms",
        description: Some("Every firm of the report's sample, with its region, platform and alliances."),
        section: "firms",
        page: DirectoryPage { firms: rows, snapshot: data.latest_snapshot().map(labels::snapshot) },
    });
    let partner_index = data.partner_index();
    let diff = crate::changes::latest(data);
    let inverse = inverse_relations(data);
    r.render_all(&data.firms, |firm| {
        let case = model.prose.cases.get(&format!("firms/{}/", firm.id));
        let case_html = case.map(|c| c.html.as_str());
        let toc = case.map(|c| c.toc.as_slice()).unwrap_or_default();
        let cited: Vec<String> =
            case.map(|c| c.citations.iter()).into_iter().flatten().chain(&firm.sources).cloned().collect();
        let page = FirmPage {
            firm,
            kind: labels::firm_kind(firm.kind),
            region: region_link(&firm.region),
            listed: firm.listed.iter().map(|l| labels::listing(l)).collect(),
            relations: relations(data, firm, &inverse),
            acquisitions: firm
                .acquisitions
                .iter()
                .map(|a| AcquisitionView {
                    label: labels::acquisition(a.event),
                    party: party_link(data, &a.party),
                    date: a.date.clone(),
                    note: a.note.clone(),
                })
                .collect(),
            snapshots: snapshot_groups(data, firm),
            sources: super::references::cited_works(data, &cited),
            related: related(data, firm, &partner_index),
            changes: firm_changes(data, diff.as_ref(), &firm.id),
            case_html,
            network: super::network::neighbourhood_figure(data, &partner_index, firm),
            toc,
        };
        Job {
            path: format!("firms/{}/index.html", firm.id),
            template: "firm.html",
            title: &firm.name,
            description: firm.business_model.as_deref(),
            section: "firms",
            page,
        }
    });
    render_regions(r, data);
}

fn render_regions(r: &mut Renderer, data: &Data) {
    let rows = data
        .regions
        .iter()
        .map(|region| {
            let firms: Vec<&Firm> = data.firms.iter().filter(|f| &f.region == region).collect();
            RegionRow {
                link: region_link(region),
                firms: firms.len(),
                alliances: firms.iter().map(|f| data.alliances_of(&f.id).len()).sum(),
            }
        })
        .collect();
    r.render(Job {
        path: "regions/index.html".into(),
        template: "regions.html",
        title: "Regions",
        description: None,
        section: "regions",
        page: RegionsPage { regions: rows },
    });
    for region in &data.regions {
        let firms: Vec<&Firm> = data.firms.iter().filter(|f| &f.region == region).collect();
        let partners: BTreeSet<&str> =
            firms.iter().flat_map(|f| data.alliances_of(&f.id)).map(|a| a.partner.as_str()).collect();
        let name = labels::region(region);
        let page = RegionPage {
            firms: firms.iter().map(|f| firm_row(data, f)).collect(),
            alliances: firms.iter().map(|f| data.alliances_of(&f.id).len()).sum(),
            partners: partners.len(),
            name: name.clone(),
        };
        r.render(Job {
            path: format!("regions/{region}/index.html"),
            template: "region.html",
            title: &name,
            description: None,
            section: "regions",
            page,
        });
    }
}

pub fn firm_row(data: &Data, firm: &Firm) -> FirmRow {
    let alliances = data.alliances_of(&firm.id);
    let latest = data.latest_snapshot().unwrap_or_default();
    let partners: BTreeSet<&str> = alliances.iter().map(|a| a.partner.as_str()).collect();
    FirmRow {
        link: Link { title: firm.name.clone(), href: format!("firms/{}/", firm.id) },
        kind: labels::firm_kind(firm.kind),
        region: region_link(&firm.region),
        location: firm.location.clone(),
        platforms: firm.platforms.join("; "),
        alliances: alliances.iter().filter(|a| a.snapshot == latest).count(),
        partners: partners.len(),
        listed: firm.listed.iter().map(|l| labels::listing(l)).collect::<Vec<_>>().join(", "),
    }
}

pub fn region_link(region: &str) -> Link {
    Link { title: labels::region(region), href: format!("regions/{region}/") }
}

/// Link to a firm or company page; validation guarantees the id exists.
pub fn party_link(data: &Data, id: &str) -> Link {
    match data.party(id) {
        Some(party) => Link { title: party.name().to_string(), href: party.href() },
        None => Link { title: id.to_string(), href: String::new() },
    }
}

/// For each firm or company id, the firms that name it in a relation (the inverse links).
fn inverse_relations(data: &Data) -> BTreeMap<&str, Vec<(&Firm, RelationKind)>> {
    let mut map: BTreeMap<&str, Vec<(&Firm, RelationKind)>> = BTreeMap::new();
    for other in &data.firms {
        for rel in &other.relations {
            map.entry(rel.of.as_str()).or_default().push((other, rel.kind));
        }
    }
    map
}

fn relations(
    data: &Data,
    firm: &Firm,
    inverse: &BTreeMap<&str, Vec<(&Firm, RelationKind)>>,
) -> Vec<RelationView> {
    let own = firm.relations.iter().map(|rel| RelationView {
        label: labels::relation(rel.kind),
        party: party_link(data, &rel.of),
        note: rel.note.clone(),
    });
    let others = inverse.get(firm.id.as_str()).map(Vec::as_slice).unwrap_or_default();
    let inverse = others.iter().map(|(other, kind)| RelationView {
        label: labels::relation_inverse(*kind),
        party: party_link(data, &other.id),
        note: None,
    });
    own.chain(inverse).collect()
}

fn snapshot_groups(data: &Data, firm: &Firm) -> Vec<SnapshotGroup> {
    let mut groups: Vec<SnapshotGroup> = Vec::new();
    for alliance in data.alliances_of(&firm.id) {
        if groups.last().is_none_or(|g| g.snapshot != alliance.snapshot) {
            groups.push(SnapshotGroup {
                snapshot: alliance.snapshot.clone(),
                label: labels::snapshot(&alliance.snapshot),
                alliances: Vec::new(),
            });
        }
        if let Some(group) = groups.last_mut() {
            group.alliances.push(AllianceView {
                partner: party_link(data, &alliance.partner),
                kind: labels::alliance_kind(alliance.kind),
                year: alliance.year,
                note: alliance.note.clone(),
            });
        }
    }
    for group in &mut groups {
        group.alliances.sort_by_cached_key(|a| a.partner.title.to_lowercase());
    }
    groups
}

/// Firms sharing at least one partner with `firm`, most shared first (at most 8). Walks only
/// the firm's own partners, so the cost follows the firm's neighbourhood, not the site.
fn related(data: &Data, firm: &Firm, index: &PartnerIndex) -> Vec<RelatedFirm> {
    let Some(mine) = index.partners_of.get(firm.id.as_str()) else {
        return Vec::new();
    };
    // Counted in a hash map (a firm can share partners with thousands of others), then ranked.
    let mut shared: FastMap<&str, Vec<&str>> = FastMap::default();
    for partner in mine {
        for other in index.firms_of.get(partner).into_iter().flatten() {
            if *other != firm.id {
                shared.entry(other).or_default().push(partner);
            }
        }
    }
    let mut related: Vec<(&str, Vec<&str>)> = shared.into_iter().collect();
    related.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    related
        .into_iter()
        .take(8)
        .map(|(id, shared)| RelatedFirm {
            firm: party_link(data, id),
            shared: shared.into_iter().map(|p| party_link(data, p)).collect(),
        })
        .collect()
}
