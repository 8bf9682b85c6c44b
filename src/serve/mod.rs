//! `folio serve`, the live preview: builds the site into memory, serves it on this machine,
//! rebuilds it on every change to its sources and makes every open page reload, or show the
//! problems of a broken build over the last good one. Bad input never stops the server.
//!
//! [`server`] listens and stops, [`answer`] answers each request, [`route`] maps URLs to site
//! files, [`events`] pushes Server-Sent Events, [`live`] holds the last good build and
//! rebuilds, [`watch`] reports file changes and [`reload`] is the script injected into the pages
//! served (never into `folio build` output).

pub mod answer;
pub mod events;
pub mod live;
pub mod reload;
pub mod route;
pub mod server;
pub mod watch;

use std::fmt;
use std::io;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};

use crate::BuildOptions;
use crate::memo::Changed;
use crate::report::Reporter;

use self::live::Live;
use self::watch::Change;

/// What `folio serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub site_dir: PathBuf,
    pub host: IpAddr,
    /// `None`: [`server::DEFAULT_PORT`] or the next free port.
    pub port: Option<u16>,
    /// Open the default browser on the site.
    pub open: bool,
}

/// Why the server could not start (it never stops because of the site's content).
#[derive(Debug)]
pub enum ServeError {
    NoSiteFolder { site_dir: PathBuf },
    Bind { host: IpAddr, port: Option<u16>, source: io::Error },
    Http(io::Error),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::NoSiteFolder { site_dir } => {
                write!(f, "{} is not a folder; give the folder holding folio.yaml", site_dir.display())
            }
            ServeError::Bind { host, port: Some(port), source } => {
                write!(f, "cannot listen on {host} port {port}: {source}; try another --port")
            }
            ServeError::Bind { host, port: None, source } => {
                write!(f, "cannot listen on {host} (ports {} and up): {source}", server::DEFAULT_PORT)
            }
            ServeError::Http(source) => write!(f, "the web server stopped: {source}"),
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::Bind { source, .. } | ServeError::Http(source) => Some(source),
            ServeError::NoSiteFolder { .. } => None,
        }
    }
}

/// Runs the live preview until Ctrl-C, which stops it gracefully (nothing on disk needs
/// cleaning up). Returns early only when the server cannot start.
pub fn serve(options: &ServeOptions, reporter: Reporter) -> Result<(), ServeError> {
    let ServeOptions { site_dir, host, port, open } = options.clone();
    if !site_dir.is_dir() {
        return Err(ServeError::NoSiteFolder { site_dir });
    }
    let listener = server::bind(host, port).map_err(|source| ServeError::Bind { host, port, source })?;
    let addr = listener.local_addr().map_err(ServeError::Http)?;
    if port.is_none() && addr.port() != server::DEFAULT_PORT {
        reporter.info(&format!("Port {} is taken; using port {} instead", server::DEFAULT_PORT, addr.port()));
    }
    if !host.is_loopback() {
        reporter.warn(&format!("listening on {host}: other machines that can reach it can read the preview"));
    }
    let url = server::url(addr);
    // Rebuilds reuse what the previous build rendered from unchanged inputs.
    let memo = Some(Arc::new(crate::memo::Memo::default()));
    let build_options = BuildOptions { base_url: Some(url.clone()), memo, ..BuildOptions::default() };
    let live = Arc::new(Live::new(site_dir.clone(), build_options, reporter));
    // Watching starts before the first build, so that every edit made after that build began
    // is seen: a rebuild takes the files the watcher did not report as unchanged.
    let (changes_tx, changes) = mpsc::channel();
    let watching = watch::start(&site_dir, changes_tx, reporter);
    live.rebuild(None, Changed::Unknown);
    match watching {
        Ok(()) => {
            let live = Arc::clone(&live);
            std::thread::Builder::new()
                .name("folio-rebuild".into())
                .spawn(move || rebuild_on_change(&changes, &live))
                .map_err(ServeError::Http)?;
        }
        Err(e) => reporter
            .warn(&format!("cannot watch {} for changes ({e}): live reload is off", site_dir.display())),
    }
    reporter.info(&format!("Serving {} at {url}  (Ctrl-C to stop)", site_dir.display()));
    if open {
        open_browser(&url, reporter);
    }
    server::run(listener, live).map_err(ServeError::Http)
}

/// Rebuilds once per batch of changes: those that arrive during a build make one more build.
fn rebuild_on_change(changes: &Receiver<Change>, live: &Live) {
    while let Ok(first) = changes.recv() {
        let change = changes.try_iter().fold(first, Change::merge);
        live.rebuild(Some(&change.describe()), change.into());
    }
}

/// Opens `url` in the default browser; failing to is only worth a warning.
fn open_browser(url: &str, reporter: Reporter) {
    let (program, args): (&str, &[&str]) = if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        ("cmd", &["/C", "start", ""])
    } else {
        ("xdg-open", &[])
    };
    let spawned = Command::new(program)
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let warning = format!("could not open a browser with {program}; open {url} yourself");
    match spawned {
        Ok(mut child) => {
            let waiter = std::thread::Builder::new().name("folio-open".into()).spawn(move || {
                if !child.wait().is_ok_and(|status| status.success()) {
                    reporter.warn(&warning);
                }
            });
            if waiter.is_err() {
                reporter.warn("could not wait for the browser to open");
            }
        }
        Err(e) => {
            reporter.warn(&format!("could not open a browser with {program} ({e}); open {url} yourself"))
        }
    }
}
