//! `folio new DIR`: writes a small working site from files embedded in the binary.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

macro_rules! scaffold_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../scaffold/", $name)))),*]
    };
}

/// The new site's files, as (relative path, text).
pub const FILES: &[(&str, &str)] = scaffold_files!(
    "folio.yaml",
    "content/chapters/01-introduction.md",
    "content/chapters/02-findings.md",
    "content/data/schema.yaml",
    "content/data/regions.yaml",
    "content/data/organisations/northwind-labs.yaml",
    "content/data/organisations/south-university.yaml",
    "content/data/partners.yaml",
    "content/data/partnerships.yaml",
    "content/data/tables/research-spending.yaml",
);

/// Why a site could not be created.
#[derive(Debug)]
pub enum ScaffoldError {
    NotEmpty(PathBuf),
    Io { path: PathBuf, source: io::Error },
}

impl fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScaffoldError::NotEmpty(dir) => {
                write!(f, "{} already exists and is not empty; choose a new folder", dir.display())
            }
            ScaffoldError::Io { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for ScaffoldError {}

/// Creates the site in `dir`, which must not exist or be empty.
pub fn create(dir: &Path) -> Result<(), ScaffoldError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ScaffoldError::Io { path, source }
    };
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(io_err(dir))?;
        if entries.next().is_some() {
            return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
        }
    }
    for (name, text) in FILES {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        fs::write(&path, text).map_err(io_err(&path))?;
    }
    Ok(())
}
