//! The built site in memory: output path → bytes, kept sorted so that writing, listing and
//! comparing builds is deterministic. `serve` and the tests read it without touching the disk.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;

/// Every file of a built site, keyed by its `/`-separated path inside the output folder. A file's
/// bytes are shared, so that `serve` can keep an unchanged page for the next build without
/// copying it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Site {
    files: BTreeMap<String, Arc<Vec<u8>>>,
    /// What the build found that works but is probably not meant; never written.
    warnings: Vec<Diagnostic>,
}

impl Site {
    /// The build's warnings, sorted by place.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Sets the build's warnings.
    pub fn set_warnings(&mut self, mut warnings: Vec<Diagnostic>) {
        warnings.sort();
        self.warnings = warnings;
    }

    /// Adds a file; a later insert at the same path replaces the earlier one.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), Arc::new(bytes.into()));
    }

    /// Adds a file whose bytes are shared with their keeper.
    pub fn insert_shared(&mut self, path: impl Into<String>, bytes: Arc<Vec<u8>>) {
        self.files.insert(path.into(), bytes);
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|bytes| bytes.as_slice())
    }

    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Number of HTML pages (what the build summary reports).
    pub fn page_count(&self) -> usize {
        self.files.keys().filter(|k| k.ends_with(".html")).count()
    }
}
