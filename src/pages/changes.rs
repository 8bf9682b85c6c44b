//! The "what changed" page (`changes/`): the two newest data snapshots compared, firm by firm,
//! with counts per snapshot. Firm pages show their own part of it (see [`firm_changes`]).

use serde::Serialize;

use super::context::Link;
use super::firms::party_link;
use super::{Job, Model, Renderer, labels};
use crate::changes::{self, FirmChanges, SnapshotDiff, Status};
use crate::model::Data;

/// One firm's changes, ready for a template.
#[derive(Debug, Serialize)]
pub struct FirmChangesView {
    pub firm: Link,
    pub status: &'static str,
    pub added: Vec<Link>,
    pub dropped: Vec<Link>,
    pub kept: usize,
}

#[derive(Debug, Serialize)]
struct SnapshotRow {
    label: String,
    alliances: usize,
    firms: usize,
}

#[derive(Debug, Serialize)]
struct ChangesPage {
    from: String,
    to: String,
    added: usize,
    dropped: usize,
    snapshots: Vec<SnapshotRow>,
    firms: Vec<FirmChangesView>,
}

fn status(status: Status) -> &'static str {
    match status {
        Status::New => "new in the later snapshot",
        Status::Gone => "absent from the later snapshot",
        Status::Changed => "changed",
        Status::Unchanged => "unchanged",
    }
}

/// A firm's changes as shown on its page and on the changes page.
pub fn view(data: &Data, changes: &FirmChanges) -> FirmChangesView {
    FirmChangesView {
        firm: party_link(data, &changes.firm),
        status: status(changes.status),
        added: changes.added.iter().map(|p| party_link(data, p)).collect(),
        dropped: changes.dropped.iter().map(|p| party_link(data, p)).collect(),
        kept: changes.kept.len(),
    }
}

/// A firm page's "changes" section.
#[derive(Debug, Serialize)]
pub struct FirmChangeSection {
    pub from: String,
    pub to: String,
    pub changes: FirmChangesView,
}

/// The latest comparison's entry for one firm, with the snapshot labels.
pub fn firm_changes(data: &Data, diff: Option<&SnapshotDiff>, firm: &str) -> Option<FirmChangeSection> {
    let diff = diff?;
    let changes = diff.firm(firm)?;
    Some(FirmChangeSection {
        from: labels::snapshot(&diff.from),
        to: labels::snapshot(&diff.to),
        changes: view(data, changes),
    })
}

pub fn render(r: &mut Renderer, model: &Model) {
    let data = model.data;
    let Some(diff) = changes::latest(data) else {
        return;
    };
    let snapshots = data
        .snapshots
        .iter()
        .map(|s| {
            let alliances: Vec<_> = data.alliances.iter().filter(|a| &a.snapshot == s).collect();
            let mut firms: Vec<&str> = alliances.iter().map(|a| a.firm.as_str()).collect();
            firms.sort_unstable();
            firms.dedup();
            SnapshotRow { label: labels::snapshot(s), alliances: alliances.len(), firms: firms.len() }
        })
        .collect();
    let page = ChangesPage {
        from: labels::snapshot(&diff.from),
        to: labels::snapshot(&diff.to),
        added: diff.added(),
        dropped: diff.dropped(),
        snapshots,
        firms: diff.firms.iter().map(|f| view(data, f)).collect(),
    };
    r.render(Job {
        path: "changes/index.html".into(),
        template: "changes.html",
        title: "What changed",
        description: Some("Alliances added and dropped between the two latest data snapshots."),
        section: "changes",
        page,
    });
}
