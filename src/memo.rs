//! What `folio serve` remembers between builds, so that a rebuild costs what changed rather
//! than what the site holds. Four products are remembered, each under a key made from every
//! input it depends on (a hash, except for chapter files, which are stamped like make does):
//!
//! - parsed chapter files: their path, size and modification time;
//! - rendered Markdown: the source and a fingerprint of what rendering reads besides it (the
//!   records, the numbering of tables and figures, the raw-HTML setting);
//! - rendered pages: the templates, the shared context and the page's own context;
//! - the search postings of a chunk of documents: their titles and texts.
//!
//! A product whose key is unchanged is reused, so a rebuild stays byte-identical to a full
//! build (tested). A build that panics leaves the memo empty: the next one renders everything.
//! `folio build` runs without a memo.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use serde::Serialize;

use crate::content::chapters::Chapter;
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::search::Postings;

/// A file's size and modification time.
pub type Stamp = (u64, SystemTime);

/// The products of the last build, kept between builds.
#[derive(Default)]
pub struct Memo {
    stored: Mutex<Store>,
}

#[derive(Default)]
struct Store {
    /// Chapter file → size, modification time and the chapter parsed from it.
    chapters: HashMap<PathBuf, (Stamp, Chapter)>,
    prose: HashMap<u64, Arc<Rendered>>,
    /// Output path → key and HTML.
    pages: HashMap<String, (u64, Arc<Vec<u8>>)>,
    search: HashMap<u64, Arc<Postings>>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let stored = self.lock();
        f.debug_struct("Memo")
            .field("prose", &stored.prose.len())
            .field("pages", &stored.pages.len())
            .finish()
    }
}

impl Memo {
    /// Starts a build that reuses this memo's products and records its own.
    pub fn begin(&self) -> Recall<'_> {
        let previous = std::mem::take(&mut *self.lock());
        Recall { memo: self, previous, next: Mutex::default() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        self.stored.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One build's use of the memo: the previous build's products to reuse and this build's to keep.
pub struct Recall<'m> {
    memo: &'m Memo,
    previous: Store,
    next: Mutex<Store>,
}

impl Recall<'_> {
    /// The chapter in `file`, read and parsed only if the file's stamp changed since the last
    /// build. Files that do not parse are not remembered.
    pub fn chapter(
        &self,
        file: &Path,
        stamp: Stamp,
        read: impl FnOnce() -> Result<Chapter, Diagnostic>,
    ) -> Result<Chapter, Diagnostic> {
        let chapter = match self.previous.chapters.get(file) {
            Some((kept, chapter)) if *kept == stamp => chapter.clone(),
            _ => read()?,
        };
        self.lock_next().chapters.insert(file.to_path_buf(), (stamp, chapter.clone()));
        Ok(chapter)
    }

    /// The Markdown rendered under `key`, rendering it only if the last build did not.
    pub fn prose(&self, key: u64, render: impl FnOnce() -> Rendered) -> Arc<Rendered> {
        let rendered = reuse(&self.previous.prose, key, render);
        self.lock_next().prose.insert(key, rendered.clone());
        rendered
    }

    /// The search postings made under `key`, making them only if the last build did not.
    pub fn search_chunk(&self, key: u64, make: impl FnOnce() -> Postings) -> Arc<Postings> {
        let postings = reuse(&self.previous.search, key, make);
        self.lock_next().search.insert(key, postings.clone());
        postings
    }

    /// The page at `path` rendered under `key`, rendering it only if the last build did not.
    pub fn page<E>(
        &self,
        path: &str,
        key: u64,
        render: impl FnOnce() -> Result<String, E>,
    ) -> Result<Arc<Vec<u8>>, E> {
        let html = match self.previous.pages.get(path) {
            Some((kept, html)) if *kept == key => html.clone(),
            _ => Arc::new(render()?.into_bytes()),
        };
        self.lock_next().pages.insert(path.to_string(), (key, html.clone()));
        Ok(html)
    }

    /// Ends the build. After a good build the memo holds exactly its products; after a failed
    /// one (which may have stopped early) it also keeps the previous build's.
    pub fn finish(self, succeeded: bool) {
        let mut next = self.next.into_inner().unwrap_or_else(PoisonError::into_inner);
        if !succeeded {
            for (key, chapter) in self.previous.chapters {
                next.chapters.entry(key).or_insert(chapter);
            }
            for (key, rendered) in self.previous.prose {
                next.prose.entry(key).or_insert(rendered);
            }
            for (key, postings) in self.previous.search {
                next.search.entry(key).or_insert(postings);
            }
            for (path, page) in self.previous.pages {
                next.pages.entry(path).or_insert(page);
            }
        }
        *self.memo.lock() = next;
    }

    fn lock_next(&self) -> std::sync::MutexGuard<'_, Store> {
        self.next.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn reuse<T>(kept: &HashMap<u64, Arc<T>>, key: u64, make: impl FnOnce() -> T) -> Arc<T> {
    kept.get(&key).cloned().unwrap_or_else(|| Arc::new(make()))
}

/// A key from hashable parts.
pub fn key(parts: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    parts.hash(&mut hasher);
    hasher.finish()
}

/// Feeds a value's JSON serialization to `hasher` without building the text.
pub fn hash_serialized(value: &impl Serialize, hasher: &mut DefaultHasher) {
    struct Feed<'h>(&'h mut DefaultHasher);
    impl io::Write for Feed<'_> {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    // Serializing typed contexts cannot fail; if it ever did, the key would still differ from
    // the previous build's only when the value differs up to that point, so a marker is added.
    if serde_json::to_writer(Feed(hasher), value).is_err() {
        hasher.write_u8(0xff);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> Arc<Vec<u8>> {
        Arc::new(html.as_bytes().to_vec())
    }

    fn rendered(html: &str) -> Rendered {
        Rendered { html: html.into(), ..Rendered::default() }
    }

    #[test]
    fn products_are_reused_by_key_and_forgotten_when_unused() {
        let memo = Memo::default();
        let recall = memo.begin();
        assert_eq!(recall.prose(1, || rendered("one")).html, "one");
        assert_eq!(recall.page::<()>("a.html", 7, || Ok("A".into())), Ok(page("A")));
        recall.finish(true);

        let recall = memo.begin();
        assert_eq!(recall.prose(1, || panic!("rendered again")).html, "one");
        assert_eq!(recall.page::<()>("a.html", 7, || panic!("rendered again")), Ok(page("A")));
        assert_eq!(recall.page::<()>("b.html", 7, || Ok("B".into())), Ok(page("B")));
        recall.finish(true);

        // A good build that uses neither key 1 nor a.html...
        let recall = memo.begin();
        recall.page::<()>("b.html", 7, || panic!("rendered again")).unwrap();
        recall.finish(true);
        // ... makes the memo forget them.
        let recall = memo.begin();
        assert_eq!(recall.prose(1, || rendered("again")).html, "again");
        assert_eq!(recall.page::<()>("a.html", 7, || Ok("A2".into())), Ok(page("A2")));
        assert_eq!(recall.page::<()>("b.html", 8, || Ok("B2".into())), Ok(page("B2")), "a new key renders");
        recall.finish(true);
    }

    #[test]
    fn a_failed_build_keeps_the_previous_products() {
        let memo = Memo::default();
        let recall = memo.begin();
        recall.prose(1, || rendered("one"));
        recall.finish(true);
        let recall = memo.begin();
        recall.prose(2, || rendered("two"));
        recall.finish(false);
        let recall = memo.begin();
        assert_eq!(recall.prose(1, || panic!("forgotten")).html, "one");
        assert_eq!(recall.prose(2, || panic!("forgotten")).html, "two");
    }

    #[test]
    fn serialized_values_hash_by_content() {
        let hash = |v: &serde_json::Value| {
            let mut h = DefaultHasher::new();
            hash_serialized(v, &mut h);
            h.finish()
        };
        let a = serde_json::json!({"title": "A", "n": 1});
        assert_eq!(hash(&a), hash(&a.clone()));
        assert_ne!(hash(&a), hash(&serde_json::json!({"title": "A", "n": 2})));
    }
}
