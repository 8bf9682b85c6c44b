//! Watching the site's sources: notify (inotify, FSEvents ...) through notify-debouncer-full,
//! turned into one [`Change`] per burst of edits. Folders are watched, not files, so that editors
//! saving through a temporary file and a rename are seen: `content/`, `templates/` and `theme/`
//! recursively, the site folder itself (for `folio.yaml`, and for those folders appearing)
//! without recursion. The output folder, hidden files and editor swap or backup files are ignored.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use notify_debouncer_full::notify::{self, EventKind, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer,
};

use crate::memo::Changed;
use crate::report::Reporter;

/// How long a file must be quiet before its events are passed on: a burst of saves is one
/// change, and the delay stays well under what a person notices.
const DEBOUNCE: Duration = Duration::from_millis(10);
const TICK: Duration = Duration::from_millis(4);

/// The folders of a site that hold its sources, watched recursively.
const SOURCE_DIRS: [&str; 3] = ["content", "templates", "theme"];
const CONFIG_FILE: &str = "folio.yaml";

type Watcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// Something in the site's sources changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// These files or folders (relative to the site folder) were created, written, removed or
    /// renamed.
    Paths(Vec<PathBuf>),
    /// The watcher lost events (its queue overflowed): anything may have changed.
    Rescan,
}

impl Change {
    /// One change standing for both (changes that queued up during a build).
    pub fn merge(self, other: Change) -> Change {
        match (self, other) {
            (Change::Paths(mut a), Change::Paths(b)) => {
                a.extend(b);
                a.sort();
                a.dedup();
                Change::Paths(a)
            }
            _ => Change::Rescan,
        }
    }

    /// A short description for the terminal, e.g. "content/chapters/01-intro.md changed".
    pub fn describe(&self) -> String {
        match self {
            Change::Paths(paths) if paths.len() == 1 => format!("{} changed", paths[0].display()),
            Change::Paths(paths) => format!("{} files changed", paths.len()),
            Change::Rescan => "files changed".to_string(),
        }
    }
}

impl From<Change> for Changed {
    fn from(change: Change) -> Changed {
        match change {
            Change::Paths(paths) => Changed::Only(paths),
            Change::Rescan => Changed::Unknown,
        }
    }
}

/// Starts watching the site in `site_dir`; every relevant burst of edits is sent to `changes`.
/// Watching goes on, on its own thread, as long as `changes` has a receiver.
pub fn start(site_dir: &Path, changes: Sender<Change>, reporter: Reporter) -> notify::Result<()> {
    let site = site_dir.canonicalize().map_err(notify::Error::io)?;
    let (tx, rx) = mpsc::channel();
    let mut watcher = new_debouncer(DEBOUNCE, Some(TICK), tx)?;
    watcher.watch(&site, RecursiveMode::NonRecursive)?;
    for dir in SOURCE_DIRS.map(|d| site.join(d)).iter().filter(|d| d.is_dir()) {
        watcher.watch(dir, RecursiveMode::Recursive)?;
    }
    std::thread::Builder::new()
        .name("folio-watch".into())
        .spawn(move || run(watcher, &site, &rx, &changes, reporter))
        .map_err(notify::Error::io)?;
    Ok(())
}

fn run(
    mut watcher: Watcher,
    site: &Path,
    events: &Receiver<DebounceEventResult>,
    changes: &Sender<Change>,
    reporter: Reporter,
) {
    for result in events {
        match result {
            Ok(events) => {
                watch_new_source_dirs(&mut watcher, site, &events, reporter);
                if let Some(change) = relevant_change(site, &events)
                    && changes.send(change).is_err()
                {
                    return;
                }
            }
            Err(errors) => {
                for error in errors {
                    reporter.warn(&format!("watching for changes: {error}"));
                }
            }
        }
    }
}

/// A source folder created (or moved in) after the start is watched from then on.
fn watch_new_source_dirs(watcher: &mut Watcher, site: &Path, events: &[DebouncedEvent], reporter: Reporter) {
    let created = events.iter().filter(|e| matches!(e.kind, EventKind::Create(_) | EventKind::Modify(_)));
    for path in created.flat_map(|e| e.paths.iter()) {
        let top_level = path.parent() == Some(site);
        let is_source_dir = path.file_name().is_some_and(|n| SOURCE_DIRS.iter().any(|d| n == *d));
        if top_level
            && is_source_dir
            && path.is_dir()
            && let Err(e) = watcher.watch(path, RecursiveMode::Recursive)
        {
            reporter.warn(&format!("cannot watch {}: {e}", path.display()));
        }
    }
}

/// The change these events make to the site's sources, if any.
fn relevant_change(site: &Path, events: &[DebouncedEvent]) -> Option<Change> {
    if events.iter().any(|e| e.need_rescan()) {
        return Some(Change::Rescan);
    }
    let mut paths: Vec<PathBuf> = events
        .iter()
        .filter(|e| !matches!(e.kind, EventKind::Access(_)))
        .flat_map(|e| e.paths.iter())
        .filter_map(|p| p.strip_prefix(site).ok())
        .filter(|p| is_source(p))
        .map(Path::to_path_buf)
        .collect();
    paths.sort();
    paths.dedup();
    (!paths.is_empty()).then_some(Change::Paths(paths))
}

/// `true` for a path (relative to the site folder) whose change can change the built site.
fn is_source(rel: &Path) -> bool {
    let mut names = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(name) => names.push(name.to_string_lossy()),
            _ => return false,
        }
    }
    let Some(first) = names.first() else { return false };
    let in_source_dir = SOURCE_DIRS.contains(&first.as_ref());
    let is_config = names.len() == 1 && first == CONFIG_FILE;
    (in_source_dir || is_config) && !names.iter().any(|n| is_ignored_name(n))
}

/// Hidden files and the scratch files of editors (vim, emacs, JetBrains, backups).
fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp", ".bak", "___jb_tmp___", "___jb_old___"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_the_config_and_the_source_folders() {
        for rel in [
            "folio.yaml",
            "content",
            "content/chapters/01-intro.md",
            "content/data/firms/x.yaml",
            "templates/base.html",
            "theme/style.css",
        ] {
            assert!(is_source(Path::new(rel)), "{rel}");
        }
    }

    /// A rebuild takes a file the watcher did not report as unchanged (`memo::Changed`), so no
    /// file that the loaders read may be ignored here, whatever its name.
    #[test]
    fn files_a_rebuild_takes_as_unchanged_are_never_ignored() {
        for rel in [
            "content/chapters/#01-intro.md",
            "content/chapters/4913.md",
            "content/chapters/notes.tmp.md",
            "content/data/firms/a~b.yaml",
            "content/data/firms/old.bak.yml",
            "content/data/firms/x.swp.json",
        ] {
            assert!(is_source(Path::new(rel)), "{rel}");
        }
    }

    #[test]
    fn output_hidden_and_editor_files_are_ignored() {
        for rel in [
            "public/index.html",
            "public",
            ".public.tmp/index.html",
            "README.md",
            "src/main.rs",
            "content/chapters/.01-intro.md.swp",
            "content/chapters/01-intro.md.swp",
            "content/chapters/01-intro.md~",
            "content/chapters/4913",
            "content/chapters/.#01-intro.md",
            "content/chapters/#01-intro.md#",
            "content/.git/index",
            "theme/style.css___jb_tmp___",
            "../folio.yaml",
            "",
        ] {
            assert!(!is_source(Path::new(rel)), "{rel}");
        }
    }

    #[test]
    fn access_events_are_not_changes_and_renames_count_by_either_name() {
        use notify::event::{AccessKind, ModifyKind, RenameMode};
        let site = Path::new("/site");
        let event = |kind, paths: &[&str]| {
            let mut e = notify::Event::new(kind);
            for p in paths {
                e = e.add_path(site.join(p));
            }
            DebouncedEvent::new(e, std::time::Instant::now())
        };
        let read = event(EventKind::Access(AccessKind::Any), &["content/chapters/01-a.md"]);
        assert_eq!(relevant_change(site, &[read]), None);
        let save = event(
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &["content/chapters/.01-a.md.tmp", "content/chapters/01-a.md"],
        );
        let expected = Change::Paths(vec![PathBuf::from("content/chapters/01-a.md")]);
        assert_eq!(relevant_change(site, &[save]), Some(expected.clone()));
        assert_eq!(expected.describe(), "content/chapters/01-a.md changed");
    }
}
