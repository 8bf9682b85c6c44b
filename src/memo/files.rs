//! What a rebuild may know of a source file without reading it: the content key it had when it
//! was last read, found through its settled [`Stamp`] or through a watcher's word that nothing
//! at or above its path changed since. On a site of ten thousand chapters, the stamps alone are
//! ten thousand `stat` calls per edit; the watcher's word costs none.

use std::path::{Path, PathBuf};

use super::{Product, Recall, key};
use crate::fsutil::Stamp;

/// What changed among a site's files since the previous build with the same memo began, as a
/// watcher saw it (`folio serve`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Changed {
    /// Nobody watched, or the watcher lost events: a file counts as unchanged only when its
    /// settled stamp is.
    #[default]
    Unknown,
    /// Only these files and folders, relative to the site folder, were created, written,
    /// removed or renamed. A folder named here stands for everything below it.
    Only(Vec<PathBuf>),
}

impl Changed {
    pub(super) fn into_sorted(self) -> Option<Vec<PathBuf>> {
        match self {
            Changed::Unknown => None,
            Changed::Only(mut paths) => {
                paths.sort();
                Some(paths)
            }
        }
    }
}

/// The content key (of its shown path and text) that a file had when it was last read, under a
/// key of its shown path and settled [`Stamp`].
struct FileKey;

impl Product for FileKey {
    type Key = u64;
    type Value = u64;
}

/// The content key that a file had when it was last read, under a key of its shown path alone:
/// good for as long as a watcher sees no change to the file.
struct LastRead;

impl Product for LastRead {
    type Key = u64;
    type Value = u64;
}

impl Recall<'_> {
    /// The content key the file shown as `shown` (relative to the site folder) had when the
    /// previous build read it or found it unchanged, if the watcher saw no change to it or to a
    /// folder above it since; none when that is not known. The caller asks only for a file it
    /// reached without a symbolic link, whose target may lie outside what is watched.
    pub fn unchanged_key(&self, shown: &Path) -> Option<u64> {
        let changed = self.changed.as_deref()?;
        let touched = |path: &Path| changed.binary_search_by(|c| c.as_path().cmp(path)).is_ok();
        if shown.ancestors().any(touched) {
            return None;
        }
        self.recall::<LastRead>(key(shown))
    }

    /// The content key the file shown as `shown` had when it was last read, if its settled
    /// `stamp` is unchanged since; none when the file must be read.
    pub fn file_key(&self, shown: &Path, stamp: Stamp) -> Option<u64> {
        let content = self.recall::<FileKey>(key((shown, stamp)))?;
        self.keep::<LastRead>(key(shown), content);
        Some(content)
    }

    /// Records that the file shown as `shown` has the content `key`, and had the settled
    /// `stamp` when it was read, if it had one.
    pub fn note_file_key(&self, shown: &Path, stamp: Option<Stamp>, content: u64) {
        if let Some(stamp) = stamp {
            self.keep::<FileKey>(key((shown, stamp)), content);
        }
        self.keep::<LastRead>(key(shown), content);
    }
}

#[cfg(test)]
mod tests {
    use super::super::Memo;
    use super::*;

    const FILE: &str = "content/chapters/01-a.md";

    /// A memo whose previous build read `FILE` with content key 7.
    fn read_once() -> Memo {
        let memo = Memo::default();
        let recall = memo.begin();
        assert_eq!(recall.unchanged_key(Path::new(FILE)), None, "nothing is vouched for when unknown");
        recall.note_file_key(Path::new(FILE), None, 7);
        recall.finish(true);
        memo
    }

    fn only(paths: &[&str]) -> Changed {
        Changed::Only(paths.iter().map(PathBuf::from).collect())
    }

    #[test]
    fn a_file_the_watcher_saw_no_change_to_keeps_its_key() {
        let memo = read_once();
        let recall = memo.begin_after(only(&["content/chapters/02-b.md", "templates/base.html"]));
        assert_eq!(recall.unchanged_key(Path::new(FILE)), Some(7));
        recall.finish(true);
        // Found unchanged, the key is kept for the build after.
        let recall = memo.begin_after(only(&[]));
        assert_eq!(recall.unchanged_key(Path::new(FILE)), Some(7));
    }

    #[test]
    fn a_change_to_the_file_or_a_folder_above_it_is_not_vouched_for() {
        for changed in [FILE, "content/chapters", "content"] {
            let memo = read_once();
            let recall = memo.begin_after(only(&[changed]));
            assert_eq!(recall.unchanged_key(Path::new(FILE)), None, "{changed}");
        }
        let memo = read_once();
        let recall = memo.begin_after(Changed::Unknown);
        assert_eq!(recall.unchanged_key(Path::new(FILE)), None, "a watcher that lost events");
    }

    #[test]
    fn a_file_found_through_its_stamp_stays_known_to_the_watcher() {
        let memo = Memo::default();
        let stamp = Stamp::for_test(1);
        let recall = memo.begin();
        recall.note_file_key(Path::new(FILE), Some(stamp), 9);
        recall.finish(true);
        let recall = memo.begin();
        assert_eq!(recall.file_key(Path::new(FILE), stamp), Some(9));
        assert_eq!(recall.file_key(Path::new(FILE), Stamp::for_test(2)), None, "another stamp");
        recall.finish(true);
        let recall = memo.begin_after(only(&[]));
        assert_eq!(recall.unchanged_key(Path::new(FILE)), Some(9));
    }
}
