//! Server-Sent Events: the messages the dev server pushes to open pages (`reload` after a good
//! build, `error` with the problems of a failed one), their wire format, and the [`Hub`] that
//! fans them out to every connected page. Each connection runs on its own thread and owns its
//! receiver; a page that goes away fails its next write, its thread ends, and the hub drops its
//! sender on the next broadcast, so one client never disturbs another.

use std::io::{self, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde::Serialize;

use crate::diagnostic::Diagnostic;

/// How often an idle connection gets a comment line, so that a vanished page is noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// The response head of an event stream (written raw: the body never ends on its own).
const HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                    Cache-Control: no-cache\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\n\
                    retry: 1000\n\n";

/// One message to the pages, already encoded as an SSE frame (shared by every client).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame(Arc<str>);

impl Frame {
    /// "The site's current build is `build`": pages of another build reload.
    pub fn reload(build: &str) -> Frame {
        Frame::encode("reload", &ReloadData { build })
    }

    /// The problems of the latest build; `stale` when an older good build is still served.
    pub fn error(problems: &[Diagnostic], stale: bool) -> Frame {
        let problems = problems.iter().map(ProblemData::from).collect();
        Frame::encode("error", &ErrorData { stale, problems })
    }

    fn encode(event: &str, data: &impl Serialize) -> Frame {
        // JSON escapes every control character, so the data is always a single line.
        let json = serde_json::to_string(data).unwrap_or_else(|_| "{}".to_string());
        Frame(format!("event: {event}\ndata: {json}\n\n").into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Serialize)]
struct ReloadData<'a> {
    build: &'a str,
}

#[derive(Serialize)]
struct ErrorData<'a> {
    stale: bool,
    problems: Vec<ProblemData<'a>>,
}

#[derive(Serialize)]
struct ProblemData<'a> {
    location: String,
    message: &'a str,
    help: Option<&'a str>,
}

impl<'a> From<&'a Diagnostic> for ProblemData<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        ProblemData { location: d.location(), message: &d.message, help: d.help.as_deref() }
    }
}

/// The connected pages.
#[derive(Debug, Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<Frame>>>,
}

impl Hub {
    /// Registers a new page; `greeting` (the current state) is queued first, under the same lock
    /// as broadcasts, so the page misses no build between the greeting and the next event.
    pub fn subscribe(&self, greeting: impl FnOnce() -> Vec<Frame>) -> Receiver<Frame> {
        let (tx, rx) = mpsc::channel();
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        for frame in greeting() {
            // The receiver is alive: it is still in our hands.
            let _ = tx.send(frame);
        }
        clients.push(tx);
        rx
    }

    /// Sends `frame` to every page, forgetting those that went away.
    pub fn broadcast(&self, frame: &Frame) {
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        clients.retain(|tx| tx.send(frame.clone()).is_ok());
    }

    /// Number of pages connected (as of the last broadcast).
    pub fn len(&self) -> usize {
        self.clients.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Streams `frames` to one page until it disconnects. Runs on that connection's own thread.
pub fn stream(mut out: impl Write, frames: Receiver<Frame>) -> io::Result<()> {
    out.write_all(HEAD.as_bytes())?;
    out.flush()?;
    loop {
        match frames.recv_timeout(KEEPALIVE) {
            Ok(frame) => out.write_all(frame.as_str().as_bytes())?,
            Err(RecvTimeoutError::Timeout) => out.write_all(b": keep-alive\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        out.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_single_line_json_events() {
        let d = Diagnostic::new("a.md", "bad\nvalue <x>").at(2, 8).help("fix it");
        let frame = Frame::error(&[d], true);
        let text = frame.as_str();
        assert!(text.starts_with("event: error\ndata: {"), "{text}");
        assert_eq!(text.matches('\n').count(), 3, "{text}");
        assert!(text.contains(r#""location":"a.md:2:8","message":"bad\nvalue <x>","help":"fix it""#));
        assert_eq!(Frame::reload("ab-2").as_str(), "event: reload\ndata: {\"build\":\"ab-2\"}\n\n");
    }

    #[test]
    fn hub_greets_new_clients_and_drops_gone_ones() {
        let hub = Hub::default();
        let first = hub.subscribe(|| vec![Frame::reload("1")]);
        let second = hub.subscribe(Vec::new);
        assert_eq!(first.try_recv().unwrap(), Frame::reload("1"));
        drop(second);
        hub.broadcast(&Frame::reload("2"));
        assert_eq!(first.try_recv().unwrap(), Frame::reload("2"));
        assert_eq!(hub.len(), 1);
    }

    #[test]
    fn stream_ends_when_the_page_goes_away() {
        struct Gone;
        impl Write for Gone {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let hub = Hub::default();
        let rx = hub.subscribe(Vec::new);
        assert!(stream(Gone, rx).is_err());
        hub.broadcast(&Frame::reload("x"));
        assert!(hub.is_empty());
    }
}
