//! What a rebuild may know of a source file without reading it: the content key it had when it
//! was last read, found through its settled [`Stamp`] or through a watcher's word that nothing
//! at or above its path changed since. On a site of ten thousand chapters, the stamps alone are
//! ten thousand `stat` calls per edit; the watcher's word costs none.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Product, Recall, key};
use crate::diagnostic::{Diagnostics, display_path};
use crate::fsutil::{self, Entry, EntryKind, Stamp};

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
    /// The paths, each written again from its components but `.` (so that two spellings of one
    /// path are the same bytes), sorted by their bytes; none when unknown.
    pub(super) fn into_sorted(self) -> Option<Vec<PathBuf>> {
        match self {
            Changed::Unknown => None,
            Changed::Only(paths) => {
                let written = |path: &PathBuf| -> PathBuf {
                    path.components().filter(|c| *c != std::path::Component::CurDir).collect()
                };
                let mut paths: Vec<PathBuf> = paths.iter().map(written).collect();
                paths.sort_by(|a, b| bytes(a).cmp(bytes(b)));
                Some(paths)
            }
        }
    }
}

fn bytes(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

/// Whether `path` is relative and spelled plainly: names between single separators, none of
/// them `.` or `..`, so that its bytes compare as its components do.
fn plain(path: &[u8]) -> bool {
    path.is_empty()
        || path
            .split(|&b| std::path::is_separator(b as char))
            .all(|name| !name.is_empty() && name != b"." && name != b"..")
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

/// A folder's entries, and whether the watcher's word holds for them.
pub struct Listed {
    pub entries: Arc<Vec<Entry>>,
    /// Whether the folder is reached without a symbolic link, which the watcher may not follow.
    watched: bool,
}

impl Listed {
    /// Whether the watcher's word holds for `entry`: it is in a watched folder, and not a
    /// symbolic link itself, whose target may lie outside what is watched.
    pub fn watched(&self, entry: &Entry) -> bool {
        self.watched && !entry.link
    }
}

/// What a rebuild knows of a file before reading it.
pub enum Known {
    /// The content key it had when the previous build read it or found it unchanged.
    Unchanged(u64),
    /// Nothing: the file is read, and its key noted with this settled stamp, if it has one.
    Unread(Option<Stamp>),
}

impl Known {
    /// The settled stamp to note the file's key with once it is read: none when it is not read.
    pub fn stamp(&self) -> Option<Stamp> {
        match self {
            Known::Unread(stamp) => *stamp,
            Known::Unchanged(_) => None,
        }
    }
}

/// [`fsutil::list_dir`]; with a `recall`, the previous build's listing when the watcher's word
/// holds for the folder and it saw no entry of it come or go ([`Recall::list_dir`]).
pub fn list_dir(recall: Option<&Recall>, dir: &Path, root: &Path) -> Result<Option<Listed>, Diagnostics> {
    let watched = recall.is_some() && !fsutil::through_link(root, dir);
    let entries = match recall.filter(|_| watched) {
        Some(recall) => recall.list_dir(dir, root)?,
        None => fsutil::list_dir(dir, root)?.map(Arc::new),
    };
    Ok(entries.map(|entries| Listed { entries, watched }))
}

/// A folder's entries as [`fsutil::list_dir`] gave them, under a key of its shown path.
struct Listing;

impl Product for Listing {
    type Key = u64;
    type Value = Arc<Vec<Entry>>;
}

/// A key of a shown path, from its bytes: `Path`'s own hash walks it component by component,
/// which ten thousand files a rebuild made a cost of its own.
fn path_key(shown: &Path) -> u64 {
    key(shown.as_os_str())
}

impl Recall<'_> {
    /// The entries of the folder `dir` (`root` is the site folder), as [`fsutil::list_dir`]
    /// lists them: the previous build's listing when the watcher saw no change to the folder or
    /// one above it, and each entry it saw change in it is what it was (a file edited in place,
    /// a hidden name that listings leave out). A listing that holds a symbolic link is read
    /// again each time: its target may change unseen.
    fn list_dir(&self, dir: &Path, root: &Path) -> Result<Option<Arc<Vec<Entry>>>, Diagnostics> {
        let shown = display_path(root, dir);
        if let Some(listing) = self.unchanged_listing(&shown, root) {
            return Ok(Some(listing));
        }
        let listing = fsutil::list_dir(dir, root)?.map(Arc::new);
        if let Some(listing) = listing.as_ref().filter(|l| !l.iter().any(|e| e.link)) {
            self.put::<Listing>(path_key(&shown), Arc::clone(listing));
        }
        Ok(listing)
    }

    fn unchanged_listing(&self, shown: &Path, root: &Path) -> Option<Arc<Vec<Entry>>> {
        let changed = self.changed.as_deref()?;
        let listing = self.peek::<Listing>(path_key(shown))?;
        for path in changed {
            if shown.starts_with(path) {
                return None;
            }
            let Some(name) = path.file_name().filter(|_| path.parent() == Some(shown)) else { continue };
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let was = listing.binary_search_by(|e| e.path.file_name().cmp(&Some(name))).ok();
            let now = std::fs::symlink_metadata(root.join(path)).ok();
            let same = match (was.map(|i| listing[i].kind), now) {
                (None, None) => true,
                (Some(kind), Some(now)) => match kind {
                    EntryKind::File => now.is_file(),
                    EntryKind::Dir => now.is_dir(),
                },
                _ => false,
            };
            if !same {
                return None;
            }
        }
        self.recall::<Listing>(path_key(shown))
    }

    /// What this build knows of the file `file`, shown as `shown` (relative to the site folder),
    /// before reading it: through the watcher's word when it holds for the file (`watched`,
    /// [`Listed::watched`]), else through the file's settled stamp.
    pub fn known(&self, shown: &Path, file: &Path, watched: bool) -> Known {
        if watched && let Some(key) = self.unchanged_key(shown) {
            return Known::Unchanged(key);
        }
        let stamp = fsutil::settled_stamp(file, std::time::SystemTime::now());
        match stamp.and_then(|stamp| self.file_key(shown, stamp)) {
            Some(key) => Known::Unchanged(key),
            None => Known::Unread(stamp),
        }
    }

    /// The content key the file shown as `shown` had when the previous build read it or found
    /// it unchanged, if the watcher saw no change to it or to a folder above it since; none when
    /// that is not known.
    fn unchanged_key(&self, shown: &Path) -> Option<u64> {
        let changed = self.changed.as_deref()?;
        let touched = |path: &[u8]| changed.binary_search_by(|c| bytes(c).cmp(path)).is_ok();
        let mut at = bytes(shown);
        if !plain(at) {
            return None;
        }
        // The file, then each folder above it up to the site folder (the empty path), compared
        // as bytes: `Path::ancestors` compares component by component, which ten thousand files
        // made a cost of each edit's rebuild.
        loop {
            if touched(at) {
                return None;
            }
            if at.is_empty() {
                break;
            }
            at = &at[..at.iter().rposition(|&b| std::path::is_separator(b as char)).unwrap_or(0)];
        }
        self.recall::<LastRead>(path_key(shown))
    }

    /// The content key the file shown as `shown` had when it was last read, if its settled
    /// `stamp` is unchanged since; none when the file must be read.
    fn file_key(&self, shown: &Path, stamp: Stamp) -> Option<u64> {
        let content = self.recall::<FileKey>(key((shown.as_os_str(), stamp)))?;
        self.put::<LastRead>(path_key(shown), content);
        Some(content)
    }

    /// Records that the file shown as `shown` has the content `key`, and had the settled
    /// `stamp` when it was read, if it had one.
    pub fn note_file_key(&self, shown: &Path, stamp: Option<Stamp>, content: u64) {
        if let Some(stamp) = stamp {
            self.put::<FileKey>(key((shown.as_os_str(), stamp)), content);
        }
        self.put::<LastRead>(path_key(shown), content);
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
        // The site folder itself, and a change spelled with a `.` or a doubled separator.
        for changed in ["", "./content/chapters/01-a.md", "content//chapters"] {
            let memo = read_once();
            let recall = memo.begin_after(only(&[changed]));
            assert_eq!(recall.unchanged_key(Path::new(FILE)), None, "{changed:?}");
        }
        // A sibling whose name begins with the file's folder's is no folder above it.
        let memo = read_once();
        let recall = memo.begin_after(only(&["content/chapter", "content/chapters-old", "conten"]));
        assert_eq!(recall.unchanged_key(Path::new(FILE)), Some(7));
    }

    #[test]
    fn a_file_spelled_otherwise_than_plainly_is_not_vouched_for() {
        let memo = Memo::default();
        let recall = memo.begin();
        for odd in ["./content/chapters/01-a.md", "content//chapters/01-a.md", "content/../a.md"] {
            recall.note_file_key(Path::new(odd), None, 7);
        }
        recall.finish(true);
        let recall = memo.begin_after(only(&["theme/x.css"]));
        for odd in ["./content/chapters/01-a.md", "content//chapters/01-a.md", "content/../a.md"] {
            assert_eq!(recall.unchanged_key(Path::new(odd)), None, "{odd}");
        }
    }

    /// The names `recall` lists in `root/dir`.
    fn names(recall: &Recall, root: &Path, dir: &str) -> Vec<String> {
        let listing = recall.list_dir(&root.join(dir), root).unwrap().unwrap();
        listing.iter().map(|e| e.path.file_name().unwrap().to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn a_listing_is_read_again_only_when_the_watcher_saw_an_entry_come_or_go() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let dir = "content/chapters";
        std::fs::create_dir_all(root.join(dir)).unwrap();
        std::fs::write(root.join(dir).join("a.md"), "a").unwrap();
        let memo = Memo::default();
        let listed = |changed: Changed| {
            let recall = memo.begin_after(changed);
            let names = names(&recall, root, dir);
            recall.finish(true);
            names
        };
        assert_eq!(listed(Changed::Unknown), ["a.md"]);
        // A file that nobody reported is not seen: the listing is the previous build's.
        std::fs::write(root.join(dir).join("b.md"), "b").unwrap();
        assert_eq!(
            listed(only(&["content/chapters/a.md", "content/chapters/.a.md.swp", "theme/x.css"])),
            ["a.md"]
        );
        assert_eq!(listed(only(&["content/chapters/b.md"])), ["a.md", "b.md"], "a file added");
        std::fs::remove_file(root.join(dir).join("a.md")).unwrap();
        assert_eq!(listed(only(&["content/chapters/a.md"])), ["b.md"], "a file removed");
        std::fs::write(root.join(dir).join("c.md"), "c").unwrap();
        assert_eq!(listed(only(&["content"])), ["b.md", "c.md"], "a folder above changed");
        std::fs::write(root.join(dir).join("d.md"), "d").unwrap();
        assert_eq!(listed(Changed::Unknown), ["b.md", "c.md", "d.md"], "a watcher that lost events");
        // A listing with a link is read again every time.
        std::os::unix::fs::symlink("d.md", root.join(dir).join("e.md")).unwrap();
        assert_eq!(listed(Changed::Unknown), ["b.md", "c.md", "d.md", "e.md"]);
        std::fs::write(root.join(dir).join("f.md"), "f").unwrap();
        assert_eq!(listed(only(&[])), ["b.md", "c.md", "d.md", "e.md", "f.md"]);
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
