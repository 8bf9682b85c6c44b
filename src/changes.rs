//! What changed between two data snapshots: per firm, the partners added and dropped, and the
//! firms that appear or disappear. Pure computation on the model; pages render it.

use std::collections::BTreeSet;

use crate::model::Data;

/// How a firm's alliance portfolio moved between two snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Alliances in the newer snapshot only.
    New,
    /// Alliances in the older snapshot only.
    Gone,
    Changed,
    Unchanged,
}

/// One firm's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirmChanges {
    pub firm: String,
    pub status: Status,
    /// Partner ids, sorted.
    pub added: Vec<String>,
    pub dropped: Vec<String>,
    pub kept: Vec<String>,
}

/// The comparison of two snapshots.
#[derive(Debug, Clone)]
pub struct SnapshotDiff {
    pub from: String,
    pub to: String,
    /// Firms with alliances in either snapshot, in the model's firm order.
    pub firms: Vec<FirmChanges>,
    /// Indexes into `firms`, sorted by firm id.
    by_id: Vec<usize>,
}

impl SnapshotDiff {
    pub fn added(&self) -> usize {
        self.firms.iter().map(|f| f.added.len()).sum()
    }

    pub fn dropped(&self) -> usize {
        self.firms.iter().map(|f| f.dropped.len()).sum()
    }

    /// The changes of one firm (firms are kept sorted by id for this lookup).
    pub fn firm(&self, id: &str) -> Option<&FirmChanges> {
        self.by_id
            .binary_search_by(|&i| self.firms[i].firm.as_str().cmp(id))
            .ok()
            .map(|i| &self.firms[self.by_id[i]])
    }
}

/// Compares the two newest snapshots, when there are two.
pub fn latest(data: &Data) -> Option<SnapshotDiff> {
    match data.snapshots.as_slice() {
        [to, from, ..] => Some(diff(data, from, to)),
        _ => None,
    }
}

/// Compares snapshot `from` with the later snapshot `to`.
pub fn diff(data: &Data, from: &str, to: &str) -> SnapshotDiff {
    let firms = data
        .firms
        .iter()
        .filter_map(|firm| {
            let partners = |snapshot: &str| -> BTreeSet<&str> {
                data.alliances_of(&firm.id)
                    .iter()
                    .filter(|a| a.snapshot == snapshot)
                    .map(|a| a.partner.as_str())
                    .collect()
            };
            let (old, new) = (partners(from), partners(to));
            if old.is_empty() && new.is_empty() {
                return None;
            }
            let owned =
                |set: std::collections::btree_set::Difference<&str>| set.map(|s| s.to_string()).collect();
            let added: Vec<String> = owned(new.difference(&old));
            let dropped: Vec<String> = owned(old.difference(&new));
            let status = match (old.is_empty(), new.is_empty()) {
                (true, _) => Status::New,
                (_, true) => Status::Gone,
                _ if added.is_empty() && dropped.is_empty() => Status::Unchanged,
                _ => Status::Changed,
            };
            let kept = old.intersection(&new).map(|s| s.to_string()).collect();
            Some(FirmChanges { firm: firm.id.clone(), status, added, dropped, kept })
        })
        .collect();
    let firms: Vec<FirmChanges> = firms;
    let mut by_id: Vec<usize> = (0..firms.len()).collect();
    by_id.sort_by(|&a, &b| firms[a].firm.cmp(&firms[b].firm));
    SnapshotDiff { from: from.to_string(), to: to.to_string(), firms, by_id }
}
