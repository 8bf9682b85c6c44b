//! The theme: Tera templates and static assets. Defaults are embedded in the binary; a site's own
//! `templates/` and `theme/` folders override them file by file (and may add files).
//! In `serve`, the compiled templates are kept by the memo, so that a rebuild does not parse
//! them again unless one of them changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::fsutil;
use crate::memo::{Product, Recall};

/// Prefix under which the embedded templates are registered; Tera falls back to it when a site
/// does not provide a template of its own.
const DEFAULT_PREFIX: &str = "default/";

macro_rules! embed {
    ($kind:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../", $kind, "/", $name)))),*]
    };
}

/// The default theme's templates, as (name, source); a template comes after those it includes.
pub const TEMPLATES: &[(&str, &[u8])] = embed!("templates":
    "base.html", "parts.html", "record-table.html", "pager.html", "index.html", "chapter.html",
    "contents.html", "404.html", "search.html", "tables.html", "table.html", "references.html",
    "cited-in.html",
    "collection.html", "print.html", "record.html", "backlinks.html", "collection-network.html",
    "collection-changes.html",
);

/// The default theme's static files, served under `theme/`.
pub const ASSETS: &[(&str, &[u8])] = embed!("theme":
    "style.css", "folio.js", "print.css",
    "fonts/folio-serif-400.woff2", "fonts/folio-serif-400-italic.woff2", "fonts/folio-serif-600.woff2",
    "fonts/inter-400.woff2", "fonts/inter-600.woff2", "fonts/OFL-folio-serif.txt", "fonts/OFL-inter.txt",
);

/// Templates ready to render, and the asset files to copy.
pub struct Theme {
    pub tera: Tera,
    pub assets: BTreeMap<String, Vec<u8>>,
    /// A hash of every template's name and source.
    pub fingerprint: u64,
}

/// The templates compiled, kept by the memo under the theme's fingerprint: every template's
/// name and source, all that compiling reads. Templates with errors are not kept.
struct Compiled;

impl Product for Compiled {
    type Key = u64;
    type Value = std::sync::Arc<Tera>;
}

/// Builds the theme for `site_dir`: embedded defaults overridden by the site's files.
/// With a `recall`, templates whose names and sources are the previous build's are not
/// compiled again.
pub fn load(site_dir: &Path, recall: Option<&Recall>) -> Result<Theme, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut sources: Vec<(String, String, String)> = TEMPLATES
        .iter()
        .map(|(name, bytes)| {
            let shown = format!("(embedded) templates/{name}");
            (format!("{DEFAULT_PREFIX}{name}"), String::from_utf8_lossy(bytes).into_owned(), shown)
        })
        .collect();
    for file in site_files(site_dir, "templates", &mut diagnostics) {
        let shown = display_path(site_dir, &file);
        let name = relative_name(&site_dir.join("templates"), &file);
        match fsutil::read_text(&file, site_dir) {
            Ok(text) => sources.push((name, text, shown.display().to_string())),
            Err(d) => diagnostics.push(d),
        }
    }
    let fingerprint =
        crate::memo::key(sources.iter().map(|(name, text, _)| (name, text)).collect::<Vec<_>>());
    // Rendering adds the site's globals to its own copy; the memo keeps the compiled one.
    let compiled = || compile(&sources).map(std::sync::Arc::new);
    let tera = crate::memo::try_once::<Compiled, _>(recall, || fingerprint, compiled)
        .map(std::sync::Arc::unwrap_or_clone);
    let tera = tera.unwrap_or_else(|problems| {
        diagnostics.extend(problems);
        Tera::new()
    });
    let mut assets: BTreeMap<String, Vec<u8>> =
        ASSETS.iter().map(|(name, bytes)| (name.to_string(), bytes.to_vec())).collect();
    for file in site_files(site_dir, "theme", &mut diagnostics) {
        match std::fs::read(&file) {
            Ok(bytes) => {
                assets.insert(relative_name(&site_dir.join("theme"), &file), bytes);
            }
            Err(e) => {
                diagnostics.push(Diagnostic::new(display_path(site_dir, &file), format!("cannot read: {e}")))
            }
        }
    }
    diagnostics.finish(Theme { tera, assets, fingerprint })
}

/// Compiles the templates, given as (name, source, shown path); a template with errors is
/// reported at its file and the others are still compiled, so that all errors show at once.
fn compile(sources: &[(String, String, String)]) -> Result<Tera, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.set_escape_fn(crate::html::write_escaped);
    // Templates are checked for their filters as they load; the filters are registered again
    // with the site's language when pages are rendered.
    super::filters::register(&mut tera, crate::locale::Language::En);
    tera.set_fallback_prefixes([DEFAULT_PREFIX]).map_err(|e| Diagnostic::new("templates", e.to_string()))?;
    for (name, text, shown) in sources {
        if let Err(e) = tera.add_raw_template(name, text) {
            diagnostics.push(
                Diagnostic::new(shown, format!("template error: {}", error_chain(&e)))
                    .help("fix the Tera syntax, or delete the file to use the default template"),
            );
        }
    }
    diagnostics.finish(tera)
}

/// One file of the theme as `folio templates` lists it: a default the binary embeds, the site's
/// own copy of it, or a file only the site has.
#[derive(Debug, PartialEq, Eq)]
pub struct ThemeFile {
    /// `templates/chapter.html`, `theme/style.css`: the path a site's own copy takes.
    pub path: String,
    pub origin: Origin,
}

/// Where the file a build uses comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Default,
    /// The site's copy of a default, byte for byte (a copy not yet edited).
    Unchanged,
    /// The site's copy of a default, edited: it replaces the default.
    Replaced,
    /// A file only the site has.
    Added,
}

/// Every template and asset a build of `site_dir` uses, defaults and the site's own, in path
/// order: what a writer needs to know before overriding one.
pub fn inventory(site_dir: &Path) -> Result<Vec<ThemeFile>, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut files: BTreeMap<String, ThemeFile> = BTreeMap::new();
    for (dir, defaults) in [("templates", TEMPLATES), ("theme", ASSETS)] {
        for file in site_files(site_dir, dir, &mut diagnostics) {
            let name = relative_name(&site_dir.join(dir), &file);
            let origin = match defaults.iter().find(|(n, _)| *n == name) {
                None => Origin::Added,
                Some((_, bytes)) if std::fs::read(&file).is_ok_and(|own| own == *bytes) => Origin::Unchanged,
                Some(_) => Origin::Replaced,
            };
            let path = format!("{dir}/{name}");
            files.insert(path.clone(), ThemeFile { path, origin });
        }
        for (name, _) in defaults {
            let path = format!("{dir}/{name}");
            files.entry(path.clone()).or_insert(ThemeFile { path, origin: Origin::Default });
        }
    }
    diagnostics.finish(files.into_values().collect())
}

/// Writes the embedded default at `path` (as [`inventory`] names it) into `site_dir`, to be
/// edited there; refuses to replace a file, since that would lose the site's own changes.
pub fn copy_default(site_dir: &Path, path: &str) -> Result<PathBuf, Diagnostic> {
    let found = [("templates", TEMPLATES), ("theme", ASSETS)].into_iter().find_map(|(dir, defaults)| {
        let name = path.strip_prefix(dir)?.strip_prefix('/')?;
        defaults.iter().find(|(n, _)| *n == name).map(|(_, bytes)| *bytes)
    });
    let Some(bytes) = found else {
        let known: Vec<String> = [("templates", TEMPLATES), ("theme", ASSETS)]
            .iter()
            .flat_map(|(dir, defaults)| defaults.iter().map(move |(n, _)| format!("{dir}/{n}")))
            .collect();
        let mut diagnostic = Diagnostic::new(path, "no default template or theme file has this path");
        diagnostic = match crate::diagnostic::closest(path, known.iter().map(String::as_str)) {
            Some(near) => diagnostic.help(format!("did you mean `{near}`? `folio templates` lists them all")),
            None => diagnostic.help("`folio templates` lists them all, e.g. `templates/chapter.html`"),
        };
        return Err(diagnostic);
    };
    let target = site_dir.join(path);
    if target.exists() {
        return Err(Diagnostic::new(display_path(site_dir, &target), "the site already has its own copy")
            .help("edit that file, or delete it first to start again from the default"));
    }
    let written =
        target.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&target, bytes));
    written.map_err(|e| Diagnostic::new(display_path(site_dir, &target), format!("cannot write: {e}")))?;
    Ok(target)
}

/// Files below `site_dir/dir`, sorted, without hidden and editor backup files; what cannot be
/// read there is reported in `diagnostics` (a theme read in part would render other pages).
fn site_files(site_dir: &Path, dir: &str, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let files = fsutil::walk_files(&site_dir.join(dir), site_dir).unwrap_or_else(|d| {
        diagnostics.extend(d);
        Vec::new()
    });
    let kept = |file: &PathBuf| {
        let name = file.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        !name.ends_with('~') && !name.ends_with(".swp")
    };
    files.into_iter().filter(kept).collect()
}

fn relative_name(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// A Tera error with its causes, on one line.
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let first = error.to_string();
    let mut text = first.strip_prefix("error: ").unwrap_or(&first).to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
