//! The live state of the dev server: the last good build (served), the problems of the latest
//! build (shown), and the rebuild that updates both and tells the pages. Every rebuild is a full
//! in-memory `folio::build` (reusing, through the memo, what unchanged inputs gave last time), so
//! what is served always equals what `folio build` would write. The state lives in a `watch`
//! channel: requests read its latest value, and every open page follows it (see [`super::events`]).

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::watch;

use crate::diagnostic::Diagnostic;
use crate::memo::Changed;
use crate::report::Reporter;
use crate::site::Site;
use crate::{BuildOptions, build};

/// What the server shows right now. Cheap to clone: the site is shared, never copied.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// The last good build and its id, if any build has succeeded yet.
    pub good: Option<(Arc<Site>, Arc<str>)>,
    /// The problems of the latest build when it failed; `None` after a good build.
    pub problems: Option<Arc<[Diagnostic]>>,
}

impl Snapshot {
    /// The id of the served build, or "" before the first good build.
    pub fn build_id(&self) -> &str {
        self.good.as_ref().map_or("", |(_, id)| id)
    }

    /// The site served, if any build has succeeded yet.
    pub fn site(&self) -> Option<&Site> {
        self.good.as_ref().map(|(site, _)| site.as_ref())
    }
}

/// Shared by the HTTP tasks (readers) and the rebuild thread (the only writer).
#[derive(Debug)]
pub struct Live {
    site_dir: PathBuf,
    options: BuildOptions,
    reporter: Reporter,
    /// Makes build ids unique across server runs, so pages reload after a restart.
    run_id: u64,
    generation: std::sync::atomic::AtomicU64,
    /// Sending never fails: a value is kept even while no page listens.
    current: watch::Sender<Snapshot>,
}

impl Live {
    pub fn new(site_dir: PathBuf, options: BuildOptions, reporter: Reporter) -> Live {
        let run_id = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() ^ (u64::from(d.subsec_nanos()) << 20));
        Live {
            site_dir,
            options,
            reporter,
            run_id,
            generation: Default::default(),
            current: watch::Sender::new(Snapshot::default()),
        }
    }

    pub fn snapshot(&self) -> Snapshot {
        self.current.borrow().clone()
    }

    /// A receiver that sees every state published from now on (or at least the latest).
    pub fn subscribe(&self) -> watch::Receiver<Snapshot> {
        self.current.subscribe()
    }

    /// Builds the site and publishes the result, which every open page follows. `why` says what
    /// triggered a rebuild, for the terminal (`None` for the first build); `changed`, which files
    /// changed since the previous build began, as far as the watcher knows. Returns whether the
    /// build succeeded.
    pub fn rebuild(&self, why: Option<&str>, changed: Changed) -> bool {
        let started = Instant::now();
        let options = BuildOptions { changed, ..self.options.clone() };
        // A panic is a bug in folio, but it must not end live reload: it becomes a problem.
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| build(&self.site_dir, &options)))
            .unwrap_or_else(|_| {
                let crash = Diagnostic::new(&self.site_dir, "folio crashed while building the site")
                    .help("this is a bug in folio: please report it with the message printed above");
                Err(crash.into())
            });
        let ms = started.elapsed().as_millis();
        match result {
            Ok(site) => {
                let pages = site.page_count();
                let generation = self.generation.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                let id: Arc<str> = format!("{:x}-{generation}", self.run_id).into();
                self.publish(Snapshot { good: Some((Arc::new(site), id)), problems: None });
                self.reporter.info(&match why {
                    None => format!("Built {pages} pages in {ms} ms"),
                    Some(why) => format!("{why}: rebuilt {pages} pages in {ms} ms"),
                });
                true
            }
            Err(diagnostics) => {
                let problems: Arc<[Diagnostic]> = diagnostics.into_sorted().into();
                let good = self.snapshot().good;
                let stale = good.is_some();
                self.publish(Snapshot { good, problems: Some(problems.clone()) });
                let what = if stale {
                    "still serving the last good build"
                } else {
                    "the site does not build yet: pages show the problems until it does"
                };
                self.reporter.diagnostics(&problems, what);
                false
            }
        }
    }

    fn publish(&self, snapshot: Snapshot) {
        self.current.send_replace(snapshot);
    }
}
