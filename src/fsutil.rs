//! File-system wrappers whose errors always name the path, as a [`Diagnostic`] for input files.
//! Folder listings report every entry folio cannot read (an unreadable folder, a symlink loop or
//! a dangling link, a FIFO, socket or device) instead of skipping it: a build that silently read
//! part of its input would remove the pages of the rest from the previous output.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, display_path};

/// Reads a UTF-8 text file of the site; `root` only shortens the path shown in errors.
pub fn read_text(path: &Path, root: &Path) -> Result<String, Diagnostic> {
    let shown = display_path(root, path);
    let bytes = std::fs::read(path).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::NotFound {
            "check the path; `folio new DIR` creates a site with every required file"
        } else {
            "check the file's permissions"
        };
        Diagnostic::new(&shown, format!("cannot read file: {e}")).help(hint)
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        Diagnostic::new(&shown, "file is not valid UTF-8 text")
            .at(line, col)
            .help("save the file with UTF-8 encoding")
    })
}

/// What a file's metadata says of its content without reading it: device, inode, size, and
/// the times of its last modification and of its last change (which no tool can set back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

#[cfg(test)]
impl Stamp {
    /// A stamp unlike those made with another `n`.
    pub fn for_test(n: u64) -> Stamp {
        Stamp { dev: 0, ino: n, len: 0, modified: (0, 0), changed: (0, 0) }
    }
}

/// How long after its last change a file's [`Stamp`] can stand for its content. Timestamps
/// advance in ticks of a few milliseconds, so two writes of the same size within one tick
/// leave the same stamp; a file that changed this recently is read again (git's "racily
/// clean" rule).
const SETTLED: std::time::Duration = std::time::Duration::from_secs(2);

/// The stamp of the file at `path`, if it last changed at least [`SETTLED`] before `now`;
/// none for a file changed since, or one whose metadata cannot be read (or off Unix): read it.
pub fn settled_stamp(path: &Path, now: std::time::SystemTime) -> Option<Stamp> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = fs::metadata(path).ok()?;
        let changed = std::time::UNIX_EPOCH.checked_add(std::time::Duration::new(
            u64::try_from(meta.ctime()).ok()?,
            meta.ctime_nsec() as u32,
        ))?;
        (changed + SETTLED <= now).then(|| Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = (path, now);
        None
    }
}

/// Whether a folder between `root` (not included) and `dir` (included) is a symbolic link, or
/// cannot be looked at: what is found through one may lie outside what a watcher of `root` sees.
pub fn through_link(root: &Path, dir: &Path) -> bool {
    let Ok(below) = dir.strip_prefix(root) else { return true };
    let mut at = root.to_path_buf();
    below.components().any(|part| {
        at.push(part);
        !fs::symlink_metadata(&at).is_ok_and(|m| m.is_dir())
    })
}

/// What a folder entry is, symbolic links followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Dir,
}

/// One entry of a listed folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: PathBuf,
    pub kind: EntryKind,
    /// Whether the entry is a symbolic link (followed for `kind`).
    pub link: bool,
}

/// The entries of `dir`, sorted by name; `Ok(None)` when `dir` does not exist. Hidden entries
/// (`.name`) are not the site's (editor lock links such as Emacs' `.#chapter.md`, `.DS_Store`)
/// and are left out. Every other entry that is not a readable file or folder is a diagnostic;
/// `root` only shortens the paths shown.
pub fn list_dir(dir: &Path, root: &Path) -> Result<Option<Vec<Entry>>, Diagnostics> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(unreadable(dir, root, &e).into()),
        Ok(_) => {}
    }
    let kind = classify(dir, root)?;
    if kind != EntryKind::Dir {
        let shown = display_path(root, dir);
        return Err(Diagnostic::new(shown, "expected a folder, found a file")
            .help("move the file away; folio reads a folder of files here")
            .into());
    }
    let mut entries = Vec::new();
    let mut problems = Diagnostics::default();
    for entry in fs::read_dir(dir).map_err(|e| unreadable(dir, root, &e))? {
        let entry = entry.map_err(|e| unreadable(dir, root, &e))?;
        let name = entry.file_name();
        if name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let path = entry.path();
        // The entry's own type saves a stat per file; only links are followed.
        let (kind, link) = match entry.file_type() {
            Ok(t) if t.is_file() => (Ok(EntryKind::File), false),
            Ok(t) if t.is_dir() => (Ok(EntryKind::Dir), false),
            other => (classify(&path, root), other.is_ok_and(|t| t.is_symlink())),
        };
        match kind {
            Ok(kind) => entries.push((name, Entry { path, kind, link })),
            Err(d) => problems.push(d),
        }
    }
    // By name alone (all share the folder): comparing whole paths walks their components.
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    problems.finish(Some(entries.into_iter().map(|(_, entry)| entry).collect()))
}

/// Whether the optional file `path` is there: `Ok(false)` when nothing has its name, an error
/// when something does that is not a readable file.
pub fn optional_file(path: &Path, root: &Path) -> Result<bool, Diagnostic> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(unreadable(path, root, &e)),
        Ok(_) => match classify(path, root)? {
            EntryKind::File => Ok(true),
            EntryKind::Dir => {
                Err(Diagnostic::new(display_path(root, path), "expected a file, found a folder")
                    .help("rename the folder; folio reads a file of this name"))
            }
        },
    }
}

/// Every file below `dir` (folders walked, links followed), sorted; nothing when `dir` does not
/// exist. A link back to a folder being walked is reported as a loop.
pub fn walk_files(dir: &Path, root: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut files = Vec::new();
    let mut problems = Diagnostics::default();
    walk_into(dir, root, &mut Vec::new(), &mut files, &mut problems);
    problems.finish(files)
}

fn walk_into(
    dir: &Path,
    root: &Path,
    walking: &mut Vec<PathBuf>,
    files: &mut Vec<PathBuf>,
    problems: &mut Diagnostics,
) {
    let canonical = match fs::canonicalize(dir) {
        Ok(canonical) if walking.contains(&canonical) => {
            problems.push(link_loop(dir, root));
            return;
        }
        Ok(canonical) => canonical,
        Err(_) => dir.to_path_buf(),
    };
    let entries = match list_dir(dir, root) {
        Ok(entries) => entries.unwrap_or_default(),
        Err(d) => return problems.extend(d),
    };
    walking.push(canonical);
    for entry in entries {
        match entry.kind {
            EntryKind::File => files.push(entry.path),
            EntryKind::Dir => walk_into(&entry.path, root, walking, files, problems),
        }
    }
    walking.pop();
}

/// What `path` is once links are followed, or why it cannot be read.
fn classify(path: &Path, root: &Path) -> Result<EntryKind, Diagnostic> {
    let shown = || display_path(root, path);
    let meta = fs::metadata(path).map_err(|e| {
        if is_loop(&e) {
            return link_loop(path, root);
        }
        match fs::read_link(path) {
            Ok(target) if e.kind() == io::ErrorKind::NotFound => {
                Diagnostic::new(shown(), format!("dangling symbolic link to {}", target.display()))
                    .help("the link points to nothing; fix its target or remove it")
            }
            _ => unreadable(path, root, &e),
        }
    })?;
    let kind = meta.file_type();
    if kind.is_file() {
        Ok(EntryKind::File)
    } else if kind.is_dir() {
        Ok(EntryKind::Dir)
    } else {
        Err(Diagnostic::new(shown(), format!("not a regular file: {}", special_kind(&kind)))
            .help("folio reads only files and folders here; remove it or move it out of the site"))
    }
}

#[cfg(unix)]
fn special_kind(kind: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "an unknown kind of file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &fs::FileType) -> &'static str {
    "an unknown kind of file"
}

fn is_loop(error: &io::Error) -> bool {
    #[cfg(unix)]
    if error.raw_os_error() == Some(libc::ELOOP) {
        return true;
    }
    let _ = error;
    false
}

fn link_loop(path: &Path, root: &Path) -> Diagnostic {
    Diagnostic::new(display_path(root, path), "symbolic link loop")
        .help("the link leads back to itself or to a folder that contains it; fix or remove it")
}

fn unreadable(path: &Path, root: &Path, error: &io::Error) -> Diagnostic {
    Diagnostic::new(display_path(root, path), format!("cannot read: {error}")).help(
        "folio must read every file and folder of the site (a build that skipped some would \
         remove their pages); check the permissions, or move it out of the site",
    )
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn lists_files_and_folders_and_reports_what_it_cannot_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("b.md"), "b").unwrap();
        fs::create_dir(root.join("a")).unwrap();
        symlink("b.md", root.join("c.md")).unwrap();
        symlink(".#lock", root.join(".#b.md")).unwrap();
        let listed = list_dir(root, root).unwrap().unwrap();
        let names: Vec<_> =
            listed.iter().map(|e| (e.path.strip_prefix(root).unwrap(), e.kind, e.link)).collect();
        let expected =
            [("a", EntryKind::Dir, false), ("b.md", EntryKind::File, false), ("c.md", EntryKind::File, true)];
        assert_eq!(names, expected.map(|(n, k, l)| (Path::new(n), k, l)));
        symlink("loop.md", root.join("loop.md")).unwrap();
        symlink("missing.md", root.join("gone.md")).unwrap();
        let problems = list_dir(root, root).unwrap_err().into_sorted();
        let shown: Vec<_> = problems.iter().map(|d| format!("{}: {}", d.path.display(), d.message)).collect();
        assert_eq!(shown, ["gone.md: dangling symbolic link to missing.md", "loop.md: symbolic link loop"]);
        assert_eq!(list_dir(&root.join("none"), root).unwrap(), None);
    }

    #[test]
    fn a_folder_reached_through_a_link_is_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content/chapters")).unwrap();
        fs::create_dir_all(root.join("elsewhere/data")).unwrap();
        symlink("../elsewhere", root.join("content/linked")).unwrap();
        assert!(!through_link(root, &root.join("content/chapters")));
        assert!(!through_link(root, root));
        assert!(through_link(root, &root.join("content/linked")));
        assert!(through_link(root, &root.join("content/linked/data")));
        assert!(through_link(root, &root.join("content/missing")), "what cannot be looked at");
        assert!(through_link(&root.join("content"), root), "outside the root");
    }

    #[test]
    fn a_walk_reports_a_link_back_to_its_own_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("t/sub")).unwrap();
        fs::write(root.join("t/sub/x.html"), "x").unwrap();
        assert_eq!(walk_files(&root.join("t"), root).unwrap(), [root.join("t/sub/x.html")]);
        symlink("..", root.join("t/sub/up")).unwrap();
        let problems = walk_files(&root.join("t"), root).unwrap_err().into_sorted();
        assert_eq!(problems[0].path, Path::new("t/sub/up"));
        assert_eq!(problems[0].message, "symbolic link loop");
    }

    #[test]
    fn a_stamp_is_trusted_only_once_the_file_has_settled_and_changes_with_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        fs::write(&file, "first").unwrap();
        assert_eq!(settled_stamp(&file, std::time::SystemTime::now()), None, "just written: read it");
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3);
        let first = settled_stamp(&file, later).expect("settled three seconds on");
        assert_eq!(settled_stamp(&file, later), Some(first));
        fs::write(&file, "second, longer").unwrap();
        let grown = settled_stamp(&file, later).unwrap();
        assert_ne!(grown, first);
        // An editor's atomic save: a new file renamed over the old one.
        let temporary = dir.path().join("a.md~");
        fs::write(&temporary, "second, longer").unwrap();
        fs::rename(&temporary, &file).unwrap();
        assert_ne!(settled_stamp(&file, later).unwrap(), grown);
        assert_eq!(settled_stamp(&dir.path().join("missing.md"), later), None);
    }
}
