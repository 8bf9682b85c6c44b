//! folio turns a folder of YAML records and Markdown chapters into a static report website.
//!
//! The pipeline runs one way: [`config`] → [`content`] (load and parse) → [`pages`] (render into
//! an in-memory [`Site`]) → [`output`] (the only stage that writes to disk). [`build`] runs every
//! stage but the last, so `check`, `serve` and the tests never need the disk.

pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod fsutil;
pub mod markdown;
pub mod output;
pub mod pages;
pub mod scaffold;
pub mod site;

use std::path::Path;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use site::Site;

/// Settings of one build that do not come from the site's files.
#[derive(Debug, Default, Clone)]
pub struct BuildOptions {
    /// Overrides `base_url` from `folio.yaml`.
    pub base_url: Option<String>,
}

/// Builds the site in `site_dir` into memory, or returns every input problem found.
pub fn build(site_dir: &Path, options: &BuildOptions) -> Result<Site, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let config = config::load(site_dir, options.base_url.as_deref())
        .map_err(|d| diagnostics.extend(d))
        .ok();
    let chapters = content::chapters::load(site_dir)
        .map_err(|d| diagnostics.extend(d))
        .ok();
    let theme = pages::theme::load(site_dir)
        .map_err(|d| diagnostics.extend(d))
        .ok();
    let (Some(config), Some(chapters), Some(theme)) = (config, chapters, theme) else {
        return Err(diagnostics);
    };
    let published: Vec<_> = chapters.into_iter().filter(|c| !c.draft).collect();
    let model = pages::Model {
        config: &config,
        chapters: &published,
    };
    pages::render(&model, theme)
}
