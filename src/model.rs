//! The site's data model: records resolved into plain values (no source positions), sorted for
//! output, with the derived indexes the pages need (alliances by firm, by partner, by region,
//! snapshots). Built only from data that `validate` accepted, so lookups here cannot miss.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::content::records::*;
use crate::fasthash::FastMap;

/// A firm of the report's sample (new biotechnology firms, spin-offs, the large company).
#[derive(Debug, Clone, Serialize)]
pub struct Firm {
    pub id: String,
    pub name: String,
    pub kind: FirmKind,
    pub region: String,
    pub location: Option<String>,
    pub founded: Option<i32>,
    pub listed: Vec<String>,
    pub relations: Vec<FirmRelation>,
    pub platforms: Vec<String>,
    pub products: Vec<String>,
    pub business_model: Option<String>,
    pub acquisitions: Vec<FirmAcquisition>,
    pub sources: Vec<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FirmRelation {
    pub kind: RelationKind,
    pub of: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FirmAcquisition {
    pub event: AcquisitionEvent,
    pub party: String,
    pub date: Option<String>,
    pub note: Option<String>,
}

/// A partner organisation that is not a firm of the sample.
#[derive(Debug, Clone, Serialize)]
pub struct Company {
    pub id: String,
    pub name: String,
    pub kind: CompanyKind,
    pub country: Option<String>,
    pub parent: Option<String>,
    pub openness: Option<String>,
    pub note: Option<String>,
}

/// One alliance of a firm with a partner, as seen in one data snapshot.
#[derive(Debug, Clone, Serialize)]
pub struct Alliance {
    pub firm: String,
    pub partner: String,
    pub kind: AllianceKind,
    pub snapshot: String,
    pub year: Option<i32>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// An indicator table with typed columns.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub id: String,
    pub title: String,
    pub label_in_source: Option<String>,
    pub source: Option<String>,
    pub sources: Vec<String>,
    pub unit: Option<String>,
    pub note: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// A bibliography entry.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    pub key: String,
    pub kind: Option<String>,
    pub authors: Vec<String>,
    pub year: Option<i32>,
    pub title: Option<String>,
    pub container: Option<String>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    pub pages: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
}

/// A firm or a company: the two kinds of alliance partner.
#[derive(Debug, Clone, Copy)]
pub enum Party<'a> {
    Firm(&'a Firm),
    Company(&'a Company),
}

impl<'a> Party<'a> {
    pub fn name(&self) -> &'a str {
        match self {
            Party::Firm(f) => &f.name,
            Party::Company(c) => &c.name,
        }
    }

    /// Root-relative address of the party's page.
    pub fn href(&self) -> String {
        match self {
            Party::Firm(f) => format!("firms/{}/", f.id),
            Party::Company(c) => format!("partners/{}/", c.id),
        }
    }
}

/// Partner ids of each firm, and firm ids of each partner (all snapshots).
#[derive(Debug, Default)]
pub struct PartnerIndex<'a> {
    pub partners_of: FastMap<&'a str, BTreeSet<&'a str>>,
    pub firms_of: FastMap<&'a str, BTreeSet<&'a str>>,
}

/// All data of the site with its indexes.
#[derive(Debug, Default)]
pub struct Data {
    /// Sorted by name (case-insensitive), then id.
    pub firms: Vec<Firm>,
    /// Sorted by name, then id.
    pub companies: Vec<Company>,
    /// Sorted by firm, newest snapshot first, then partner.
    pub alliances: Vec<Alliance>,
    /// Sorted by id.
    pub tables: Vec<Table>,
    /// Sorted by first author, year, title.
    pub references: Vec<Reference>,
    /// Distinct snapshots, newest first.
    pub snapshots: Vec<String>,
    /// Distinct regions of the firms, sorted.
    pub regions: Vec<String>,
    firm_index: FastMap<String, usize>,
    company_index: FastMap<String, usize>,
    reference_index: FastMap<String, usize>,
    /// The collections a site declares in its schema, with their records.
    pub records: crate::records::Records,
    /// The datasets the schema declares, computed from the records.
    pub declared: Vec<crate::datasets::frame::Frame>,
}

impl Data {
    /// Resolves validated records into the model.
    pub fn from_raw(raw: RawData, records: crate::records::Records) -> Data {
        let RawData {
            firms,
            cases: _,
            alliances,
            companies,
            tables,
            references,
            unparsed: _,
            fingerprint: _,
        } = raw;
        let mut firms: Vec<Firm> = firms.into_iter().map(|l| firm(l.record)).collect();
        firms.sort_by_cached_key(|f| (f.name.to_lowercase(), f.id.clone()));
        let mut companies: Vec<Company> = companies.into_iter().map(|l| company(l.record)).collect();
        companies.sort_by_cached_key(|c| (c.name.to_lowercase(), c.id.clone()));
        let mut alliances: Vec<Alliance> =
            alliances.into_iter().flat_map(|l| alliances_of(l.record)).collect();
        alliances.sort_by(|a, b| {
            (&a.firm, std::cmp::Reverse(&a.snapshot), &a.partner).cmp(&(
                &b.firm,
                std::cmp::Reverse(&b.snapshot),
                &b.partner,
            ))
        });
        let mut tables: Vec<Table> = tables.into_iter().map(|l| table(l.record)).collect();
        tables.sort_by(|a, b| a.id.cmp(&b.id));
        let mut references: Vec<Reference> = references.into_iter().map(|l| reference(l.record)).collect();
        references.sort_by_cached_key(|r| {
            (
                r.authors.first().map(|a| a.to_lowercase()),
                r.year,
                r.title.as_deref().map(str::to_lowercase),
                r.key.clone(),
            )
        });
        let snapshots: BTreeSet<String> = alliances.iter().map(|a| a.snapshot.clone()).collect();
        let regions: BTreeSet<String> = firms.iter().map(|f| f.region.clone()).collect();
        let index = |ids: Vec<&String>| ids.into_iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
        Data {
            firm_index: index(firms.iter().map(|f| &f.id).collect()),
            company_index: index(companies.iter().map(|c| &c.id).collect()),
            reference_index: index(references.iter().map(|r| &r.key).collect()),
            firms,
            companies,
            alliances,
            tables,
            references,
            snapshots: snapshots.into_iter().rev().collect(),
            regions: regions.into_iter().collect(),
            records,
            declared: Vec::new(),
        }
    }

    pub fn firm(&self, id: &str) -> Option<&Firm> {
        self.firm_index.get(id).map(|&i| &self.firms[i])
    }

    pub fn company(&self, id: &str) -> Option<&Company> {
        self.company_index.get(id).map(|&i| &self.companies[i])
    }

    pub fn reference(&self, key: &str) -> Option<&Reference> {
        self.reference_rank(key).map(|i| &self.references[i])
    }

    /// The position of a reference in the sorted bibliography.
    pub fn reference_rank(&self, key: &str) -> Option<usize> {
        self.reference_index.get(key).copied()
    }

    /// The firm or company with this id.
    pub fn party(&self, id: &str) -> Option<Party<'_>> {
        self.firm(id).map(Party::Firm).or_else(|| self.company(id).map(Party::Company))
    }

    /// Alliances of one firm (its own records), newest snapshot first.
    pub fn alliances_of(&self, firm: &str) -> &[Alliance] {
        let start = self.alliances.partition_point(|a| a.firm.as_str() < firm);
        let end = start + self.alliances[start..].partition_point(|a| a.firm == firm);
        &self.alliances[start..end]
    }

    /// Alliances in which `id` is the partner, grouped by partner id.
    pub fn alliances_by_partner(&self) -> BTreeMap<&str, Vec<&Alliance>> {
        let mut map: BTreeMap<&str, Vec<&Alliance>> = BTreeMap::new();
        for alliance in &self.alliances {
            map.entry(alliance.partner.as_str()).or_default().push(alliance);
        }
        map
    }

    /// Who is allied with whom, over all snapshots, in both directions.
    pub fn partner_index(&self) -> PartnerIndex<'_> {
        let mut index = PartnerIndex::default();
        for a in &self.alliances {
            index.partners_of.entry(a.firm.as_str()).or_default().insert(a.partner.as_str());
            index.firms_of.entry(a.partner.as_str()).or_default().insert(a.firm.as_str());
        }
        index
    }

    /// The newest snapshot, if any alliance exists.
    pub fn latest_snapshot(&self) -> Option<&str> {
        self.snapshots.first().map(String::as_str)
    }
}

fn firm(r: FirmRecord) -> Firm {
    let FirmRecord {
        id,
        name,
        kind,
        region,
        location,
        founded,
        listed,
        relations,
        platforms,
        products,
        business_model,
        acquisitions,
        sources,
        note,
    } = r;
    Firm {
        id: id.value,
        name,
        kind,
        region: region.value,
        location,
        founded,
        listed,
        relations: relations
            .into_iter()
            .map(|r| FirmRelation { kind: r.kind, of: r.of.value, note: r.note })
            .collect(),
        platforms,
        products,
        business_model,
        acquisitions: acquisitions
            .into_iter()
            .map(|a| FirmAcquisition { event: a.event, party: a.party.value, date: a.date, note: a.note })
            .collect(),
        sources: sources.into_iter().map(|s| s.value).collect(),
        note,
    }
}

fn company(r: CompanyRecord) -> Company {
    let CompanyRecord { id, name, kind, country, parent, openness, note } = r;
    Company { id: id.value, name, kind, country, parent: parent.map(|p| p.value), openness, note }
}

fn alliances_of(file: AllianceFile) -> Vec<Alliance> {
    let firm = file.firm.value;
    file.alliances
        .into_iter()
        .map(|r| {
            let AllianceRecord { partner, kind, snapshot, year, note, sources } = r;
            Alliance {
                firm: firm.clone(),
                partner: partner.value,
                kind,
                snapshot: snapshot.value,
                year,
                note,
                sources: sources.into_iter().map(|s| s.value).collect(),
            }
        })
        .collect()
}

fn table(r: TableRecord) -> Table {
    let TableRecord { id, title, label_in_source, source, sources, unit, note, columns, rows } = r;
    Table {
        id: id.value,
        title,
        label_in_source,
        source,
        sources: sources.into_iter().map(|s| s.value).collect(),
        unit,
        note,
        columns,
        rows: rows.into_iter().map(|row| row.value.into_iter().map(|c| c.value).collect()).collect(),
    }
}

fn reference(r: ReferenceRecord) -> Reference {
    let ReferenceRecord {
        key,
        kind,
        authors,
        year,
        title,
        container,
        volume,
        issue,
        pages,
        publisher,
        url,
        note: _,
    } = r;
    Reference { key: key.value, kind, authors, year, title, container, volume, issue, pages, publisher, url }
}
