//! Where a build's files go. Rendering hands each file to a [`Sink`] as soon as it is made: the
//! output folder (`folio build`, which so never holds the whole site) or the in-memory [`Site`]
//! (`serve`, `check` and the tests, which read it without touching the disk).

use rayon::slice::ParallelSliceMut;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

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

/// Takes the files of a build, from many threads at once, each path once.
pub trait Sink: Sync {
    fn put(&self, path: String, bytes: Arc<Vec<u8>>);

    /// The bytes of a file put earlier: the link check reads the few pages it needs again.
    fn read(&self, path: &str) -> Option<Arc<Vec<u8>>>;
}

impl Sink for Mutex<Site> {
    fn put(&self, path: String, bytes: Arc<Vec<u8>>) {
        self.lock().unwrap_or_else(|e| e.into_inner()).insert_shared(path, bytes);
    }

    fn read(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        self.lock().unwrap_or_else(|e| e.into_inner()).files.get(path).cloned()
    }
}

/// Hands files to a sink and keeps their paths, for the sitemap, the link check and the
/// build's summary.
pub struct Emitter<'a> {
    sink: &'a dyn Sink,
    paths: Mutex<Vec<String>>,
}

impl<'a> Emitter<'a> {
    pub fn new(sink: &'a dyn Sink) -> Self {
        Emitter { sink, paths: Mutex::default() }
    }

    pub fn put(&self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.put_shared(path.into(), Arc::new(bytes.into()));
    }

    pub fn put_shared(&self, path: String, bytes: Arc<Vec<u8>>) {
        self.paths.lock().unwrap_or_else(|e| e.into_inner()).push(path.clone());
        self.sink.put(path, bytes);
    }

    pub fn read(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        self.sink.read(path)
    }

    /// The paths put so far, sorted. They are sorted where they are kept, so that the next
    /// call (the sitemap's, then the link check's) finds most of them in order.
    pub fn paths(&self) -> Vec<String> {
        let mut paths = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        paths.par_sort_unstable();
        paths.dedup();
        paths.clone()
    }
}
