//! Progress of a long build on a terminal: after a second, one line on standard error says
//! which stage is running and how many pages are rendered, redrawn in place. Only `main`
//! decides to show it (a terminal, no `--quiet`, not in CI); the build just reports into it.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What a build reports as it goes.
#[derive(Debug, Default)]
pub struct Progress {
    stage: Mutex<&'static str>,
    pages: AtomicUsize,
}

impl Progress {
    /// A new stage begins.
    pub fn stage(&self, name: &'static str) {
        if let Ok(mut stage) = self.stage.lock() {
            *stage = name;
        }
    }

    /// One more page rendered.
    pub fn page_done(&self) {
        self.pages.fetch_add(1, Ordering::Relaxed);
    }

    fn line(&self, started: Instant) -> String {
        let stage = self.stage.lock().map(|s| *s).unwrap_or_default();
        let pages = self.pages.load(Ordering::Relaxed);
        format!("{stage}: {pages} pages rendered, {:.1} s", started.elapsed().as_secs_f64())
    }
}

/// Draws a [`Progress`] on standard error until dropped, starting after `delay`.
pub struct Display {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Display {
    pub fn start(progress: Arc<Progress>, delay: Duration) -> Display {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            let mut shown = false;
            while !stopped.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                if started.elapsed() >= delay {
                    eprint!("\r\x1b[2K{}", progress.line(started));
                    let _ = std::io::stderr().flush();
                    shown = true;
                }
            }
            if shown {
                eprint!("\r\x1b[2K");
            }
        });
        Display { stop, thread: Some(thread) }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_stage_and_pages() {
        let p = Progress::default();
        p.stage("rendering");
        p.page_done();
        p.page_done();
        assert!(p.line(Instant::now()).starts_with("rendering: 2 pages rendered"));
    }
}
