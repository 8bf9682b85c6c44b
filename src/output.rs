//! The only writer: puts a built [`Site`] on disk. Files go to a temporary folder beside the
//! output, which is swapped into place only once everything is written, so a failed build or a
//! crash never leaves a half-written or emptied output. folio only replaces a folder that it
//! wrote itself (it leaves a marker file there) and never the site folder or one containing it.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::site::Site;

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
    if out_abs.is_dir() {
        let mut entries = fs::read_dir(&out_abs).map_err(io_err(out))?;
        let empty = entries.next().is_none();
        if !empty && !out_abs.join(MARKER).is_file() {
            return Err(OutputError::NotOurs { out: out.to_path_buf() });
        }
    } else if out_abs.exists() {
        return Err(OutputError::NotOurs { out: out.to_path_buf() });
    }
    Ok(())
}

/// What a write did to the output folder.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Files written (new or with new content).
    pub changed: usize,
    /// Files left untouched because they already held the right bytes.
    pub unchanged: usize,
    /// Files of the previous output that the site no longer has.
    pub removed: usize,
}

/// Writes `site` to `out`. A first build goes to a staging folder that is renamed into place.
/// A rebuild updates the previous output: unchanged files are not touched (their modification
/// times survive, which keeps deploys by rsync small), and changed files are first written
/// beside their targets and renamed over them only once all of them are written, so a failed
/// write leaves the previous output as it was.
pub fn write(site: &Site, site_dir: &Path, out: &Path) -> Result<Written, OutputError> {
    check_target(site_dir, out)?;
    let out = absolute(out).map_err(io_err(out))?;
    if out.is_dir() {
        let previous = Previous::scan(&out)?;
        if previous.fits(site) {
            return update(site, &out, &previous);
        }
    }
    replace(site, &out)
}

/// Writes the whole site to a staging folder, then swaps it in place of `out` (two renames).
fn replace(site: &Site, out: &Path) -> Result<Written, OutputError> {
    let parent = out.parent().ok_or_else(|| OutputError::ContainsSite { out: out.to_path_buf() })?;
    fs::create_dir_all(parent).map_err(io_err(parent))?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let staging = parent.join(format!(".{name}.folio-new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.folio-old-{}", std::process::id()));
    remove_if_exists(&staging)?;
    let written = write_tree(site, &staging);
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let had_previous = out.exists();
    if had_previous {
        fs::rename(out, &retired).map_err(io_err(out))?;
    }
    if let Err(source) = fs::rename(&staging, out) {
        if had_previous {
            let _ = fs::rename(&retired, out);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(OutputError::Io { path: out.to_path_buf(), source });
    }
    if had_previous {
        fs::remove_dir_all(&retired).map_err(io_err(&retired))?;
    }
    Ok(Written { changed: site.len(), unchanged: 0, removed: 0 })
}

fn write_tree(site: &Site, root: &Path) -> Result<(), OutputError> {
    fs::create_dir_all(root).map_err(io_err(root))?;
    fs::write(root.join(MARKER), MARKER_TEXT).map_err(io_err(root))?;
    // Folders first (sorted, each once), then the files in parallel: the result on disk is the
    // same whatever the order of the writes.
    let dirs: BTreeSet<&Path> = site.files().filter_map(|(path, _)| Path::new(path).parent()).collect();
    for dir in dirs {
        let dir = root.join(dir);
        fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    }
    let files: Vec<(&str, &[u8])> = site.files().collect();
    files.par_iter().try_for_each(|(path, bytes)| {
        let target = root.join(path);
        fs::write(&target, bytes).map_err(|source| OutputError::Io { path: target, source })
    })
}

/// The files and folders of a previous output, as `/`-separated relative paths.
struct Previous {
    files: BTreeSet<String>,
    dirs: BTreeSet<String>,
}

impl Previous {
    fn scan(out: &Path) -> Result<Previous, OutputError> {
        let mut previous = Previous { files: BTreeSet::new(), dirs: BTreeSet::new() };
        for entry in walkdir::WalkDir::new(out).min_depth(1) {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(out).to_path_buf();
                OutputError::Io { path, source: e.into() }
            })?;
            let Ok(relative) = entry.path().strip_prefix(out) else { continue };
            let relative = relative.to_string_lossy().replace('\\', "/");
            if entry.file_type().is_dir() {
                previous.dirs.insert(relative);
            } else {
                previous.files.insert(relative);
            }
        }
        Ok(previous)
    }

    /// Whether the site can be written over this output in place: no file of the site is a
    /// folder there and no folder of the site is a file there (otherwise the output is replaced).
    fn fits(&self, site: &Site) -> bool {
        site.files().all(|(path, _)| {
            !self.dirs.contains(path) && ancestors(path).all(|dir| !self.files.contains(dir))
        })
    }
}

/// The folders containing `path`, innermost first: `a/b/c.html` → `a/b`, `a`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').rev().map(move |(i, _)| &path[..i])
}

/// Updates the previous output in place; see [`write`].
fn update(site: &Site, out: &Path, previous: &Previous) -> Result<Written, OutputError> {
    let suffix = format!(".folio-pending-{}", std::process::id());
    let staged = |path: &str| out.join(format!("{path}{suffix}"));
    // The folders the site needs; those the previous output lacks are made, parents first.
    let needed: BTreeSet<&str> = site.files().flat_map(|(path, _)| ancestors(path)).collect();
    let missing: Vec<&str> = needed.iter().copied().filter(|dir| !previous.dirs.contains(*dir)).collect();
    let files: Vec<(&str, &[u8])> = site.files().collect();
    let staging = || -> Result<Vec<&str>, OutputError> {
        for dir in &missing {
            let dir = out.join(dir);
            fs::create_dir(&dir).map_err(io_err(&dir))?;
        }
        let changed = files
            .par_iter()
            .map(|&(path, bytes)| {
                if previous.files.contains(path) && fs::read(out.join(path)).is_ok_and(|old| old == bytes) {
                    return Ok(None);
                }
                let temp = staged(path);
                fs::write(&temp, bytes).map_err(|source| OutputError::Io { path: temp, source })?;
                Ok(Some(path))
            })
            .collect::<Result<Vec<Option<&str>>, OutputError>>()?;
        Ok(changed.into_iter().flatten().collect())
    };
    let changed = staging().inspect_err(|_| {
        // Undo: the staged files, then the folders made for them (children first).
        files.par_iter().for_each(|(path, _)| {
            let _ = fs::remove_file(staged(path));
        });
        for dir in missing.iter().rev() {
            let _ = fs::remove_dir(out.join(dir));
        }
    })?;
    changed.par_iter().try_for_each(|path| {
        let target = out.join(path);
        fs::rename(staged(path), &target).map_err(|source| OutputError::Io { path: target, source })
    })?;
    // What the site no longer has: its files, then the folders left empty, deepest first.
    let stale: Vec<&String> =
        previous.files.iter().filter(|p| p.as_str() != MARKER && site.get(p).is_none()).collect();
    for path in &stale {
        let target = out.join(path);
        fs::remove_file(&target).map_err(io_err(&target))?;
    }
    for dir in previous.dirs.iter().rev().filter(|d| !needed.contains(d.as_str())) {
        let target = out.join(dir);
        fs::remove_dir(&target).map_err(io_err(&target))?;
    }
    let marker = out.join(MARKER);
    if !marker.is_file() {
        fs::write(&marker, MARKER_TEXT).map_err(io_err(&marker))?;
    }
    Ok(Written { changed: changed.len(), unchanged: files.len() - changed.len(), removed: stale.len() })
}

fn remove_if_exists(path: &Path) -> Result<(), OutputError> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            Err(OutputError::Io { path: path.to_path_buf(), source: e })
        }
        _ => Ok(()),
    }
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
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no staging or retired folder left behind");
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
        // A folder where a changed file is to be staged makes staging fail half-way.
        let blocker = out.join(format!("a/b/index.html.folio-pending-{}", std::process::id()));
        fs::create_dir(&blocker).unwrap();
        let mut changed = site("two");
        changed.insert("a/b/index.html", "deeper");
        changed.insert("z/new.html", "new");
        assert!(write(&changed, dir.path(), &out).is_err());
        fs::remove_dir(&blocker).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
        assert_eq!(fs::read_to_string(out.join("a/b/index.html")).unwrap(), "deep");
        assert!(!out.join("z").exists(), "folders made for the failed write are removed");
        let names: Vec<_> = fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(names.iter().all(|n| !n.to_string_lossy().contains("folio-pending")), "{names:?}");
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
