//! The only writer: puts a built [`Site`] on disk. Files go to a temporary folder beside the
//! output, which is swapped into place only once everything is written, so a failed build or a
//! crash never leaves a half-written or emptied output. folio only replaces a folder that it
//! wrote itself (it leaves a marker file there) and never the site folder or one containing it.

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

/// Writes `site` to `out`, replacing its previous content atomically (as far as the file system
/// allows: two renames).
pub fn write(site: &Site, site_dir: &Path, out: &Path) -> Result<(), OutputError> {
    check_target(site_dir, out)?;
    let out = absolute(out).map_err(io_err(out))?;
    let parent = out.parent().ok_or_else(|| OutputError::ContainsSite { out: out.clone() })?;
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
        fs::rename(&out, &retired).map_err(io_err(&out))?;
    }
    if let Err(source) = fs::rename(&staging, &out) {
        if had_previous {
            let _ = fs::rename(&retired, &out);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(OutputError::Io { path: out, source });
    }
    if had_previous {
        fs::remove_dir_all(&retired).map_err(io_err(&retired))?;
    }
    Ok(())
}

fn write_tree(site: &Site, root: &Path) -> Result<(), OutputError> {
    fs::create_dir_all(root).map_err(io_err(root))?;
    fs::write(root.join(MARKER), MARKER_TEXT).map_err(io_err(root))?;
    // Folders first (sorted, each once), then the files in parallel: the result on disk is the
    // same whatever the order of the writes.
    let dirs: std::collections::BTreeSet<&Path> =
        site.files().filter_map(|(path, _)| Path::new(path).parent()).collect();
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
