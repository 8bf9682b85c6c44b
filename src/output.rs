//! The only writer: puts a built [`Site`] on disk. The new output is assembled in a staging
//! folder beside the output and swapped into place in one atomic step, so a failed build, a
//! signal or a crash never leaves a half-written, emptied or littered output. folio only replaces
//! a folder that it wrote itself (it leaves a marker file there) and never the site folder or one
//! containing it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::fasthash::FastSet;
use crate::site::{Sink, Site};

/// Marker file proving that folio wrote an output folder.
pub const MARKER: &str = ".folio-output";
const MARKER_TEXT: &str = "This folder is written by folio build; it is replaced on every build.\n";

/// Why the output could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// The output folder is the site folder or contains it.
    ContainsSite {
        out: PathBuf,
    },
    /// The output folder holds files folio did not write.
    NotOurs {
        out: PathBuf,
    },
    /// The output folder is a mount point, which cannot be swapped by a rename.
    MountPoint {
        out: PathBuf,
    },
    Io {
        path: PathBuf,
        source: io::Error,
    },
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::ContainsSite { out } => write!(
                f,
                "refusing to write into {}: it is the site folder or contains it; choose another --out",
                out.display()
            ),
            OutputError::NotOurs { out } => write!(
                f,
                "refusing to replace {}: it holds files that folio did not write (no {MARKER} marker); \
                 empty it or choose another --out",
                out.display()
            ),
            OutputError::MountPoint { out } => write!(
                f,
                "cannot replace {} in one step: it is a mount point; mount its parent folder instead, \
                 or choose an --out folder inside it",
                out.display()
            ),
            OutputError::Io { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OutputError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.to_path_buf(), source }
}

/// Checks that `out` may be (re)written for the site in `site_dir`, without writing anything.
pub fn check_target(site_dir: &Path, out: &Path) -> Result<(), OutputError> {
    let site = fs::canonicalize(site_dir).map_err(io_err(site_dir))?;
    let out_abs = absolute(out).map_err(io_err(out))?;
    if site.starts_with(&out_abs) {
        return Err(OutputError::ContainsSite { out: out.to_path_buf() });
    }
    if !is_ours(&out_abs).map_err(io_err(out))? {
        return Err(OutputError::NotOurs { out: out.to_path_buf() });
    }
    Ok(())
}

/// Whether folio may replace what is at `dir`: nothing, an empty folder or a folder it marked.
fn is_ours(dir: &Path) -> io::Result<bool> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(e),
        Ok(_) if !dir.is_dir() => Ok(false),
        Ok(_) => Ok(fs::read_dir(dir)?.next().is_none() || dir.join(MARKER).is_file()),
    }
}

/// What a write did to the output folder.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Files written (new or with new content).
    pub changed: usize,
    /// Files of the previous output kept as they were, because they already held the right bytes.
    pub unchanged: usize,
    /// Files of the previous output that the site no longer has.
    pub removed: usize,
}

/// The folders beside the output that a write uses, on the same file system and outside the
/// published tree.
struct Beside {
    /// The next output is assembled here; after the swap it holds the previous output, which the
    /// next write brings up to date instead of building a whole tree again.
    staging: PathBuf,
    /// Where the previous output waits when the file system cannot swap two folders at once.
    retired: PathBuf,
}

/// The staging folder of the output folder `out` ([`Beside`]), which keeps the output before
/// last between builds; none for a path without a parent.
pub fn staging_folder(out: &Path) -> Option<PathBuf> {
    beside(out, "staging")
}

/// `.<out's name>.folio-<role>` beside `out`.
fn beside(out: &Path, role: &str) -> Option<PathBuf> {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Some(out.parent()?.join(format!(".{name}.folio-{role}")))
}

impl Beside {
    fn of(out: &Path) -> Result<Beside, OutputError> {
        let no_parent = || OutputError::ContainsSite { out: out.to_path_buf() };
        Ok(Beside {
            staging: staging_folder(out).ok_or_else(no_parent)?,
            retired: beside(out, "retired").ok_or_else(no_parent)?,
        })
    }

    /// Completes a swap by renames that was interrupted: the previous output waiting aside goes
    /// back in place, or becomes the staging folder.
    fn recover(&self, out: &Path) -> Result<(), OutputError> {
        if !self.retired.exists() {
            return Ok(());
        }
        if !out.exists() && self.retired.join(MARKER).is_file() {
            fs::rename(&self.retired, out).map_err(io_err(out))
        } else if !self.staging.exists() {
            fs::rename(&self.retired, &self.staging).map_err(io_err(&self.staging))
        } else {
            fs::remove_dir_all(&self.retired).map_err(io_err(&self.retired))
        }
    }

    /// The staging folder's files and folders, after making sure it is folio's own.
    fn open_staging(&self) -> Result<Tree, OutputError> {
        let staging = &self.staging;
        if !is_ours(staging).map_err(io_err(staging))? {
            return Err(OutputError::NotOurs { out: staging.clone() });
        }
        if !staging.is_dir() {
            fs::create_dir(staging).map_err(io_err(staging))?;
        }
        let marker = staging.join(MARKER);
        if !marker.is_file() {
            fs::write(&marker, MARKER_TEXT).map_err(io_err(&marker))?;
        }
        Tree::scan(staging)
    }
}

/// Writes `site` to `out` at once: [`Folder`] for a site already in memory.
pub fn write(site: &Site, site_dir: &Path, out: &Path) -> Result<Written, OutputError> {
    let folder = Folder::open(site_dir, out)?;
    for (path, bytes) in site.files() {
        folder.put(path.to_string(), Arc::new(bytes.to_vec()));
    }
    folder.finish()
}

/// The output folder being written, as a [`Sink`]: each file goes into a staging folder beside
/// `out` (same file system, outside the published tree) as soon as it is rendered, and
/// [`Folder::finish`] swaps the staging folder in by one atomic rename. At every moment, even
/// when the process is killed, `out` is the previous output or the new one, with no stray file;
/// a build that fails is dropped unswapped. The staging folder keeps the output before last and
/// is brought up to date on the next write, so a rebuild writes only what changed. Files whose
/// bytes did not change are hard links to the published ones: their modification times
/// survive, which keeps rsync deploys small.
pub struct Folder {
    out: PathBuf,
    beside: Beside,
    previous: Tree,
    staged: Tree,
    /// Folders made in the staging folder during this write.
    made: Mutex<FastSet<String>>,
    /// The files put, and how many of them the published output already holds.
    put: Mutex<Vec<String>>,
    unchanged: AtomicUsize,
    /// The first write that failed; later files are not written.
    failed: Mutex<Option<OutputError>>,
    _turn: Lock,
}

impl Folder {
    /// Prepares to write the site of `site_dir` to `out`: refuses a folder folio may not
    /// replace, waits for another write into it to end, and reads what is there.
    pub fn open(site_dir: &Path, out: &Path) -> Result<Folder, OutputError> {
        check_target(site_dir, out)?;
        let out = absolute(out).map_err(io_err(out))?;
        let beside = Beside::of(&out)?;
        let parent = out.parent().unwrap_or(&out);
        fs::create_dir_all(parent).map_err(io_err(parent))?;
        let turn = lock(parent)?;
        beside.recover(&out)?;
        if out.is_dir() {
            same_file_system(&out, parent)?;
        }
        // Both trees are read at once: on a large site, listing them is most of a rebuild's write.
        let scan_out = || if out.is_dir() { Tree::scan(&out) } else { Ok(Tree::default()) };
        let (previous, staged) = rayon::join(scan_out, || beside.open_staging());
        Ok(Folder {
            previous: previous?,
            staged: staged?,
            out,
            beside,
            made: Mutex::default(),
            put: Mutex::default(),
            unchanged: AtomicUsize::new(0),
            failed: Mutex::default(),
            _turn: turn,
        })
    }

    /// Removes from the staging folder what the site no longer has, then swaps it in.
    pub fn finish(self) -> Result<Written, OutputError> {
        if let Some(error) = self.failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
            return Err(error);
        }
        let put: FastSet<String> =
            self.put.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().collect();
        let staging = &self.beside.staging;
        for file in self.staged.files.keys().filter(|f| f.as_str() != MARKER && !put.contains(f.as_str())) {
            let target = staging.join(file);
            remove(fs::remove_file(&target)).map_err(io_err(&target))?;
        }
        let needed: FastSet<&str> = put.iter().flat_map(|path| ancestors(path)).collect();
        // Deepest first, so that a folder is gone before its parent is looked at.
        for dir in self.staged.dirs.iter().rev().filter(|d| !needed.contains(d.as_str())) {
            let target = staging.join(dir);
            remove(fs::remove_dir_all(&target)).map_err(io_err(&target))?;
        }
        swap_in(&self.beside, &self.out)?;
        let unchanged = self.unchanged.into_inner();
        let removed =
            self.previous.files.keys().filter(|p| p.as_str() != MARKER && !put.contains(p.as_str())).count();
        Ok(Written { changed: put.len() - unchanged, unchanged, removed })
    }

    fn place(&self, path: &str, bytes: &[u8]) -> Result<usize, OutputError> {
        if let Some((dir, _)) = path.rsplit_once('/') {
            self.make_folder(dir)?;
        }
        let target = self.beside.staging.join(path);
        if self.staged.dirs.contains(path) {
            // A folder of the output before last has become a file.
            remove(fs::remove_dir_all(&target)).map_err(io_err(&target))?;
        }
        let place = Place { source: self.out.join(path), target, bytes };
        place.fill(self.previous.files.contains_key(path), self.staged.files.get(path).copied())
    }

    /// Makes the staging folder's `dir` and its parents, removing files of the output before
    /// last that stand where a folder must be.
    fn make_folder(&self, dir: &str) -> Result<(), OutputError> {
        if self.staged.dirs.contains(dir) || self.made.lock().unwrap_or_else(|e| e.into_inner()).contains(dir)
        {
            return Ok(());
        }
        let target = self.beside.staging.join(dir);
        if fs::create_dir_all(&target).is_err() {
            for ancestor in ancestors(dir).collect::<Vec<_>>().into_iter().rev().chain([dir]) {
                let in_the_way = self.beside.staging.join(ancestor);
                if in_the_way.is_file() {
                    fs::remove_file(&in_the_way).map_err(io_err(&in_the_way))?;
                }
            }
            fs::create_dir_all(&target).map_err(io_err(&target))?;
        }
        self.made.lock().unwrap_or_else(|e| e.into_inner()).insert(dir.to_string());
        Ok(())
    }
}

impl Sink for Folder {
    fn put(&self, path: String, bytes: Arc<Vec<u8>>) {
        if self.failed.lock().unwrap_or_else(|e| e.into_inner()).is_some() {
            return;
        }
        match self.place(&path, &bytes) {
            Ok(unchanged) => {
                self.unchanged.fetch_add(unchanged, Ordering::Relaxed);
            }
            Err(error) => {
                self.failed.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(error);
            }
        }
        self.put.lock().unwrap_or_else(|e| e.into_inner()).push(path);
    }

    fn read(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        fs::read(self.beside.staging.join(path)).ok().map(Arc::new)
    }
}

/// A removal that finds nothing to remove has nothing left to do: the path is gone, or goes
/// through what is now a file.
fn remove(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => Ok(()),
        other => other,
    }
}

/// Holds the folder containing the output locked while a write runs, so that two builds into
/// one output take turns instead of staging into the same folder at once. The lock goes with
/// the process, even a killed one.
#[cfg(unix)]
type Lock = fs::File;

#[cfg(not(unix))]
type Lock = ();

#[cfg(unix)]
fn lock(parent: &Path) -> Result<Lock, OutputError> {
    let folder = fs::File::open(parent).map_err(io_err(parent))?;
    folder.lock().map_err(io_err(parent))?;
    Ok(folder)
}

#[cfg(not(unix))]
fn lock(_: &Path) -> Result<Lock, OutputError> {
    Ok(())
}

/// Refuses an output folder that is a mount point: it cannot be swapped by a rename.
#[cfg(unix)]
fn same_file_system(out: &Path, parent: &Path) -> Result<(), OutputError> {
    use std::os::unix::fs::MetadataExt;
    let device = |path: &Path| fs::metadata(path).map(|m| m.dev()).map_err(io_err(path));
    if device(out)? != device(parent)? {
        return Err(OutputError::MountPoint { out: out.to_path_buf() });
    }
    Ok(())
}

#[cfg(not(unix))]
fn same_file_system(_: &Path, _: &Path) -> Result<(), OutputError> {
    Ok(())
}

/// One file of the site: its published path, its path in the staging folder and its bytes.
struct Place<'a> {
    source: PathBuf,
    target: PathBuf,
    bytes: &'a [u8],
}

impl Place<'_> {
    /// Makes `target` hold the bytes: the published file itself (a hard link) when it already
    /// holds them, else the staged file when it does, else a new file. A staged file is never
    /// written through: it may be a link to a published one. Returns 1 if the published file is
    /// unchanged.
    fn fill(&self, published: bool, staged: Option<FileNo>) -> Result<usize, OutputError> {
        if let Some(source) = published.then(|| holding(&self.source, self.bytes)).flatten() {
            if staged.is_some_and(|file| is_file_no(&source, file)) {
                return Ok(1);
            }
            self.remove_staged(staged.is_some())?;
            if fs::hard_link(&self.source, &self.target).is_err() {
                self.write_new()?;
            }
            return Ok(1);
        }
        // The published file lacks the bytes, so a staged link to it lacks them too: a staged
        // file that holds them is a file of its own.
        if staged.is_some() && holding(&self.target, self.bytes).is_some() {
            return Ok(0);
        }
        self.remove_staged(staged.is_some())?;
        self.write_new()?;
        Ok(0)
    }

    fn remove_staged(&self, staged: bool) -> Result<(), OutputError> {
        match staged {
            true => fs::remove_file(&self.target).map_err(|e| self.error(e)),
            false => Ok(()),
        }
    }

    fn write_new(&self) -> Result<(), OutputError> {
        fs::write(&self.target, self.bytes).map_err(|e| self.error(e))
    }

    fn error(&self, source: io::Error) -> OutputError {
        OutputError::Io { path: self.target.clone(), source }
    }
}

/// A file's number on its file system (its inode), as the folder listing gives it; 0 where
/// there is none. The staging folder and the output share one file system, so equal numbers
/// mean one file under two names (a hard link).
type FileNo = u64;

#[cfg(unix)]
fn file_no(entry: &walkdir::DirEntry) -> FileNo {
    use walkdir::DirEntryExt;
    entry.ino()
}

#[cfg(not(unix))]
fn file_no(_: &walkdir::DirEntry) -> FileNo {
    0
}

/// Whether `metadata` describes the file numbered `file`.
#[cfg(unix)]
fn is_file_no(metadata: &fs::Metadata, file: FileNo) -> bool {
    use std::os::unix::fs::MetadataExt;
    file != 0 && metadata.ino() == file
}

/// Without inodes, every staged file counts as a copy and is linked again.
#[cfg(not(unix))]
fn is_file_no(_: &fs::Metadata, _: FileNo) -> bool {
    false
}

/// The metadata of the file at `path` when it holds exactly `bytes`. Sizes are compared first
/// and contents a block at a time, so a changed file is mostly told apart without reading it.
fn holding(path: &Path, bytes: &[u8]) -> Option<fs::Metadata> {
    use std::io::Read;
    let mut file = fs::File::open(path).ok()?;
    let metadata = file.metadata().ok()?;
    if !metadata.is_file() || metadata.len() != bytes.len() as u64 {
        return None;
    }
    let mut block = [0u8; 16 * 1024];
    let mut rest = bytes;
    loop {
        let n = file.read(&mut block).ok()?;
        if n == 0 {
            return rest.is_empty().then_some(metadata);
        }
        if n > rest.len() || block[..n] != rest[..n] {
            return None;
        }
        rest = &rest[n..];
    }
}

/// Puts the staged output in place of `out`: in one atomic step where the file system can swap
/// two folders (Linux), else by three renames that [`Beside::recover`] completes if interrupted.
fn swap_in(beside: &Beside, out: &Path) -> Result<(), OutputError> {
    if !out.exists() {
        return fs::rename(&beside.staging, out).map_err(io_err(out));
    }
    match exchange(&beside.staging, out) {
        Ok(()) => return Ok(()),
        Err(e) if !is_unsupported(&e) => return Err(OutputError::Io { path: out.to_path_buf(), source: e }),
        Err(_) => {}
    }
    fs::rename(out, &beside.retired).map_err(io_err(out))?;
    fs::rename(&beside.staging, out).map_err(|source| {
        let _ = fs::rename(&beside.retired, out);
        OutputError::Io { path: out.to_path_buf(), source }
    })?;
    fs::rename(&beside.retired, &beside.staging).map_err(io_err(&beside.staging))
}

/// Swaps two folders atomically (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are NUL-terminated strings that live until the call returns.
    let rc = unsafe {
        libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE)
    };
    if rc == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Whether an exchange failed only because this system or file system cannot do it.
fn is_unsupported(error: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(error.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)) {
        return true;
    }
    error.kind() == io::ErrorKind::Unsupported
}

/// The files and folders below a folder, as `/`-separated relative paths; each file with its
/// number, read from the listing without a stat.
#[derive(Default)]
struct Tree {
    files: BTreeMap<String, FileNo>,
    dirs: BTreeSet<String>,
}

impl Tree {
    fn scan(root: &Path) -> Result<Tree, OutputError> {
        let mut tree = Tree::default();
        for entry in walkdir::WalkDir::new(root).min_depth(1) {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(root).to_path_buf();
                OutputError::Io { path, source: e.into() }
            })?;
            let Ok(relative) = entry.path().strip_prefix(root) else { continue };
            let relative = relative.to_string_lossy().replace('\\', "/");
            if entry.file_type().is_dir() {
                tree.dirs.insert(relative);
            } else {
                tree.files.insert(relative, file_no(&entry));
            }
        }
        Ok(tree)
    }
}

/// The folders containing `path`, innermost first: `a/b/c.html` → `a/b`, `a`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').rev().map(move |(i, _)| &path[..i])
}

/// An absolute, normalised path even when the path does not exist yet.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    if let Ok(canonical) = fs::canonicalize(path) {
        return Ok(canonical);
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| io::Error::other("the output path has no folder name"))?;
    Ok(absolute(parent)?.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(text: &str) -> Site {
        let mut s = Site::default();
        s.insert("index.html", text);
        s.insert("a/b/index.html", "deep");
        s
    }

    #[test]
    fn writes_then_replaces_its_own_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&site("one"), dir.path(), &out).unwrap();
        write(&site("two"), dir.path(), &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(out.join(MARKER).is_file());
        assert_eq!(names(dir.path()), [".public.folio-staging", "public"], "nothing else beside");
        assert_eq!(fs::read_to_string(dir.path().join(".public.folio-staging/index.html")).unwrap(), "one");
    }

    #[test]
    fn a_rebuild_touches_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut first = site("home");
        first.insert("old/gone/index.html", "stale");
        first.insert("a/kept.css", "same");
        write(&first, dir.path(), &out).unwrap();
        let kept_inode = inode(&out.join("a/kept.css"));
        let mut second = site("new home");
        second.insert("a/kept.css", "same");
        second.insert("fresh/x/index.html", "added");
        let written = write(&second, dir.path(), &out).unwrap();
        assert_eq!(written, Written { changed: 2, unchanged: 2, removed: 1 });
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new home");
        assert_eq!(fs::read_to_string(out.join("fresh/x/index.html")).unwrap(), "added");
        assert_eq!(inode(&out.join("a/kept.css")), kept_inode, "an unchanged file is not rewritten");
        // Once more: the staging folder now holds the first output, and is brought up to date.
        let again = write(&second, dir.path(), &out).unwrap();
        assert_eq!(again, Written { changed: 0, unchanged: 4, removed: 0 });
        assert_eq!(inode(&out.join("a/kept.css")), kept_inode);
        assert_eq!(files(&out).len(), files(&dir.path().join(".public.folio-staging")).len());
        assert!(!out.join("old").exists(), "stale files and their emptied folders go");
        assert!(out.join(MARKER).is_file());
        let on_disk =
            walkdir::WalkDir::new(&out).into_iter().filter(|e| e.as_ref().unwrap().file_type().is_file());
        assert_eq!(on_disk.count(), second.len() + 1, "nothing but the site and the marker");
    }

    #[test]
    fn a_file_that_becomes_a_folder_replaces_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut first = Site::default();
        first.insert("a", "file");
        write(&first, dir.path(), &out).unwrap();
        let mut second = Site::default();
        second.insert("a/index.html", "page");
        write(&second, dir.path(), &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "page");
        write(&first, dir.path(), &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("a")).unwrap(), "file");
    }

    #[test]
    fn a_failed_update_leaves_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&site("one"), dir.path(), &out).unwrap();
        write(&site("one"), dir.path(), &out).unwrap();
        let before = files(&out);
        // A name longer than the file system allows makes staging fail half-way.
        let mut changed = site("two");
        changed.insert("z/new.html", "new");
        changed.insert(format!("z/{}.html", "x".repeat(300)), "too long");
        assert!(matches!(write(&changed, dir.path(), &out), Err(OutputError::Io { .. })));
        assert_eq!(files(&out), before);
        let written = write(&site("three"), dir.path(), &out).unwrap();
        assert_eq!(written, Written { changed: 1, unchanged: 1, removed: 0 });
        assert_eq!(fs::read_to_string(out.join("a/b/index.html")).unwrap(), "deep");
        assert!(!out.join("z").exists());
    }

    #[test]
    fn a_write_killed_between_renames_is_repaired_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&site("one"), dir.path(), &out).unwrap();
        let beside = Beside::of(&out).unwrap();
        // Killed in the fallback swap, between the renames: the output waits aside.
        fs::rename(&out, &beside.retired).unwrap();
        // A staging folder left in any state: a folder where a file goes, a stray file.
        fs::create_dir_all(beside.staging.join("index.html/x")).unwrap();
        fs::write(beside.staging.join("stray"), "x").unwrap();
        fs::write(beside.staging.join(MARKER), MARKER_TEXT).unwrap();
        let mut second = site("two");
        second.insert("c.html", "new");
        write(&second, dir.path(), &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert_eq!(names(dir.path()), [".public.folio-staging", "public"]);
        assert_eq!(names(&out), [MARKER, "a", "c.html", "index.html"]);
    }

    #[test]
    fn two_writes_at_once_take_turns() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let many = |text: &str| {
            let mut s = Site::default();
            (0..300).for_each(|i| s.insert(format!("p/{i}/index.html"), format!("{text} {i}")));
            s
        };
        let (one, two) = (many("one"), many("two"));
        for _ in 0..3 {
            std::thread::scope(|scope| {
                let first = scope.spawn(|| write(&one, dir.path(), &out));
                write(&two, dir.path(), &out).unwrap();
                first.join().unwrap().unwrap();
            });
            let text = fs::read_to_string(out.join("p/0/index.html")).unwrap();
            let whole = if text.starts_with("one") { &one } else { &two };
            assert!(whole.files().all(|(path, bytes)| fs::read(out.join(path)).unwrap() == bytes));
        }
    }

    #[test]
    fn refuses_a_foreign_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = dir.path().join(".public.folio-staging");
        fs::create_dir(&staging).unwrap();
        fs::write(staging.join("notes.txt"), "mine").unwrap();
        assert!(matches!(write(&site("x"), dir.path(), &out), Err(OutputError::NotOurs { .. })));
        assert_eq!(fs::read_to_string(staging.join("notes.txt")).unwrap(), "mine");
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Every file and folder below `dir`, with the bytes of the files.
    fn files(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .map(|e| (e.path().to_path_buf(), e.file_type().is_file().then(|| fs::read(e.path()).unwrap())))
            .collect()
    }

    fn inode(path: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).unwrap().ino()
    }

    #[test]
    fn refuses_foreign_folders_and_the_site_itself() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("mine");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("thesis.docx"), "precious").unwrap();
        assert!(matches!(write(&site("x"), dir.path(), &out), Err(OutputError::NotOurs { .. })));
        assert_eq!(fs::read_to_string(out.join("thesis.docx")).unwrap(), "precious");
        assert!(matches!(write(&site("x"), dir.path(), dir.path()), Err(OutputError::ContainsSite { .. })));
        let parent = dir.path().parent().unwrap();
        assert!(matches!(check_target(dir.path(), parent), Err(OutputError::ContainsSite { .. })));
    }
}
