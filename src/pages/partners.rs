//! Partner pages: `partners/` lists every partner company, `partners/<id>/` shows every firm of
//! the sample allied with it, by snapshot, and its openness cluster.

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::Link;
use super::firms::{party_link, region_link};
use super::{Job, Model, Renderer, labels};
use crate::model::{Alliance, Company};

#[derive(Debug, Serialize)]
struct PartnerRow {
    link: Link,
    kind: &'static str,
    country: Option<String>,
    openness: Option<String>,
    firms: usize,
}

#[derive(Debug, Serialize)]
struct PartnersPage {
    partners: Vec<PartnerRow>,
}

#[derive(Debug, Serialize)]
struct PartnerFirm {
    firm: Link,
    region: Link,
    kinds: String,
    snapshots: String,
}

#[derive(Debug, Serialize)]
struct PartnerPage<'a> {
    company: &'a Company,
    kind: &'static str,
    parent: Option<Link>,
    members: Vec<Link>,
    firms: Vec<PartnerFirm>,
}

pub fn render(r: &mut Renderer, model: &Model) {
    let data = model.data;
    if data.companies.is_empty() {
        return;
    }
    let by_partner = data.alliances_by_partner();
    let firm_count = |id: &str| {
        by_partner.get(id).map_or(0, |list| {
            let mut firms: Vec<&str> = list.iter().map(|a| a.firm.as_str()).collect();
            firms.dedup();
            firms.len()
        })
    };
    let rows = data
        .companies
        .iter()
        .map(|c| PartnerRow {
            link: party_link(data, &c.id),
            kind: labels::company_kind(c.kind),
            country: c.country.clone(),
            openness: c.openness.clone(),
            firms: firm_count(&c.id),
        })
        .collect();
    r.render(Job {
        path: "partners/index.html".into(),
        template: "partners.html",
        title: "Partners",
        description: Some("Companies, investors and institutes allied with the firms of the sample."),
        section: "partners",
        page: PartnersPage { partners: rows },
    });
    let mut members: BTreeMap<&str, Vec<Link>> = BTreeMap::new();
    for c in &data.companies {
        if let Some(parent) = &c.parent {
            members.entry(parent.as_str()).or_default().push(party_link(data, &c.id));
        }
    }
    r.render_all(&data.companies, |company| {
        let alliances = by_partner.get(company.id.as_str()).map(Vec::as_slice).unwrap_or_default();
        let page = PartnerPage {
            company,
            kind: labels::company_kind(company.kind),
            parent: company.parent.as_deref().map(|p| party_link(data, p)),
            members: members.get(company.id.as_str()).cloned().unwrap_or_default(),
            firms: partner_firms(model, alliances),
        };
        Job {
            path: format!("partners/{}/index.html", company.id),
            template: "partner.html",
            title: &company.name,
            description: None,
            section: "partners",
            page,
        }
    });
}

/// One row per firm, with the alliance kinds and snapshots it has with this partner.
fn partner_firms(model: &Model, alliances: &[&Alliance]) -> Vec<PartnerFirm> {
    let mut by_firm: BTreeMap<&str, Vec<&Alliance>> = BTreeMap::new();
    for a in alliances {
        by_firm.entry(a.firm.as_str()).or_default().push(a);
    }
    let mut rows: Vec<PartnerFirm> = by_firm
        .into_iter()
        .filter_map(|(id, list)| {
            let firm = model.data.firm(id)?;
            let mut kinds: Vec<&str> = list.iter().map(|a| labels::alliance_kind(a.kind)).collect();
            kinds.sort_unstable();
            kinds.dedup();
            let snapshots: Vec<String> = list.iter().map(|a| labels::snapshot(&a.snapshot)).collect();
            Some(PartnerFirm {
                firm: party_link(model.data, id),
                region: region_link(&firm.region),
                kinds: kinds.join(", "),
                snapshots: snapshots.join(", "),
            })
        })
        .collect();
    rows.sort_by_cached_key(|row| row.firm.title.to_lowercase());
    rows
}
