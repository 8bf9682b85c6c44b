//! The alliance explorer (`alliances/`): every alliance of every firm in one table.

use serde::Serialize;

use super::context::Link;
use super::firms::party_link;
use super::{Job, Model, Renderer, labels};

#[derive(Debug, Serialize)]
struct AllianceRow {
    firm: Link,
    partner: Link,
    kind: &'static str,
    year: Option<i32>,
    snapshot: String,
    snapshot_label: String,
}

#[derive(Debug, Serialize)]
struct SnapshotCount {
    label: String,
    alliances: usize,
}

#[derive(Debug, Serialize)]
struct AlliancesPage {
    alliances: Vec<AllianceRow>,
    snapshots: Vec<SnapshotCount>,
}

pub fn render(r: &mut Renderer, model: &Model) {
    let data = model.data;
    if data.alliances.is_empty() {
        return;
    }
    let mut rows: Vec<AllianceRow> = data
        .alliances
        .iter()
        .map(|a| AllianceRow {
            firm: party_link(data, &a.firm),
            partner: party_link(data, &a.partner),
            kind: labels::alliance_kind(a.kind),
            year: a.year,
            snapshot: a.snapshot.clone(),
            snapshot_label: labels::snapshot(&a.snapshot),
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.firm.title.to_lowercase(), std::cmp::Reverse(&a.snapshot), a.partner.title.to_lowercase()).cmp(&(
            b.firm.title.to_lowercase(),
            std::cmp::Reverse(&b.snapshot),
            b.partner.title.to_lowercase(),
        ))
    });
    let snapshots = data
        .snapshots
        .iter()
        .map(|s| SnapshotCount {
            label: labels::snapshot(s),
            alliances: data.alliances.iter().filter(|a| &a.snapshot == s).count(),
        })
        .collect();
    r.render(Job {
        path: "alliances/index.html".into(),
        template: "alliances.html",
        title: "Alliances",
        description: Some("Every strategic alliance recorded for the firms of the sample."),
        section: "alliances",
        page: AlliancesPage { alliances: rows, snapshots },
    });
}
