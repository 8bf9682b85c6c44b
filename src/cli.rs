//! Command-line interface: what a user can type, with help text written for newcomers.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// folio builds a browsable report website from YAML records and Markdown chapters.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Print nothing but errors and warnings.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into a folder of static files (SITE_DIR/public by default).
    Build(BuildArgs),
    /// Check the site for errors without writing anything.
    Check(SiteArgs),
    /// Preview the site: serve it on this machine and reload open pages on every change.
    Serve(ServeArgs),
    /// Create a new, working site in DIR to start from.
    New {
        /// Folder to create (must not exist, or be empty).
        dir: PathBuf,
    },
    /// List the templates and theme files a site uses, or copy a default one into the site to
    /// edit it.
    Templates(TemplatesArgs),
    /// Write a deterministic synthetic site (for benchmarks).
    #[command(hide = true)]
    Synth {
        dir: PathBuf,
        #[arg(long, default_value_t = 100)]
        chapters: usize,
        #[arg(long, default_value_t = 100)]
        firms: usize,
        #[arg(long, default_value_t = 20)]
        companies: usize,
        #[arg(long, default_value_t = 500)]
        alliances: usize,
    },
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// Folder holding folio.yaml and content/ (default: the current folder).
    #[arg(default_value = ".")]
    pub site_dir: PathBuf,

    /// Absolute URL the site will be published at, e.g. https://example.org/report/ (overrides
    /// base_url in folio.yaml; used for the sitemap, never for links between pages).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,

    /// Folder to write the site to (default: SITE_DIR/public). It is replaced as a whole, so
    /// folio refuses a folder holding files it did not write.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Print the time of each build stage and the peak memory (to standard error).
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    /// Folder holding folio.yaml and content/ (default: the current folder).
    #[arg(default_value = ".")]
    pub site_dir: PathBuf,

    /// Copy this default file into the site to edit it, e.g. `templates/chapter.html` or
    /// `theme/style.css` (never replaces a file the site has).
    #[arg(long, value_name = "PATH")]
    pub copy: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Folder holding folio.yaml and content/ (default: the current folder).
    #[arg(default_value = ".")]
    pub site_dir: PathBuf,

    /// Port to listen on [default: 1111, or the next free port after it].
    #[arg(long, short, value_name = "N")]
    pub port: Option<u16>,

    /// Address to listen on. Any other than 127.0.0.1 or ::1 lets other machines read the preview.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub host: IpAddr,

    /// Open the site in the default web browser once it is served.
    #[arg(long)]
    pub open: bool,
}
