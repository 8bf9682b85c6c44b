//! Server-Sent Events: the messages the dev server pushes to open pages (`reload` after a good
//! build, `error` with the problems of a failed one) and the event stream each page gets,
//! through axum's SSE support. Each page follows the live state through its own `watch`
//! receiver: it is greeted with the current state, then told of each change. A page that falls
//! behind skips to the latest state (the only one that matters), so no page can hold up another
//! or make the server queue messages for it; a page that goes away ends its stream.

use std::convert::Infallible;
use std::future::Future;
use std::time::Duration;

use axum::http::HeaderValue;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use serde::Serialize;
use tokio::sync::watch;

use crate::diagnostic::Diagnostic;

use super::live::Snapshot;

/// How often an idle stream gets a comment line, so that a vanished page is noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// How long a page waits before reconnecting after the stream ends (a restart, say).
const RETRY: Duration = Duration::from_secs(1);

/// One message to the pages: an event name and its data, a single line of JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    event: &'static str,
    data: String,
}

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

    fn encode(event: &'static str, data: &impl Serialize) -> Frame {
        // JSON escapes every control character, so the data is always a single line.
        let data = serde_json::to_string(data).unwrap_or_else(|_| "{}".to_string());
        Frame { event, data }
    }

    pub fn event(&self) -> &str {
        self.event
    }

    pub fn data(&self) -> &str {
        &self.data
    }

    fn into_sse(self) -> Event {
        Event::default().event(self.event).data(self.data)
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

/// The frames that bring a page that last saw `seen` up to `now`: `reload` when another build
/// is served, `error` while the latest build failed. From an empty snapshot: the greeting.
pub fn frames_since(seen: &Snapshot, now: &Snapshot) -> Vec<Frame> {
    let mut frames = Vec::new();
    if let Some((_, id)) = &now.good
        && seen.good.as_ref().is_none_or(|(_, seen_id)| seen_id != id)
    {
        frames.push(Frame::reload(id));
    }
    if let Some(problems) = &now.problems {
        frames.push(Frame::error(problems, now.good.is_some()));
    }
    frames
}

/// Every frame one page gets: the greeting (the state when it connected), then the changes,
/// until the live state is gone.
pub fn frames(mut live: watch::Receiver<Snapshot>) -> impl Stream<Item = Frame> + Send + 'static {
    let now = live.borrow_and_update().clone();
    let greeting = frames_since(&Snapshot::default(), &now);
    let changes = stream::unfold((live, now), |(mut live, seen)| async move {
        live.changed().await.ok()?;
        let now = live.borrow_and_update().clone();
        Some((frames_since(&seen, &now), (live, now)))
    });
    stream::iter(greeting).chain(changes.flat_map(stream::iter))
}

/// The event-stream response for one page; it ends when `stop` completes (server shutdown),
/// so that no open page holds up a graceful stop.
pub fn response(
    live: watch::Receiver<Snapshot>,
    stop: impl Future<Output = ()> + Send + 'static,
) -> Response {
    let first = stream::once(async { Event::default().retry(RETRY) });
    let events = first.chain(frames(live).map(Frame::into_sse)).take_until(stop);
    let sse = Sse::new(events.map(Ok::<Event, Infallible>)).keep_alive(KeepAlive::new().interval(KEEPALIVE));
    let mut response = sse.into_response();
    // Proxies in front of the preview must not buffer the stream.
    response.headers_mut().insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use futures_util::FutureExt;

    use super::*;
    use crate::site::Site;

    fn good(id: &str) -> Snapshot {
        Snapshot { good: Some((Arc::new(Site::default()), id.into())), problems: None }
    }

    fn failed(mut snapshot: Snapshot, message: &str) -> Snapshot {
        snapshot.problems = Some(vec![Diagnostic::new("a.md", message)].into());
        snapshot
    }

    #[test]
    fn frames_are_single_line_json_events() {
        let d = Diagnostic::new("a.md", "bad\nvalue <x>").at(2, 8).help("fix it");
        let frame = Frame::error(&[d], true);
        assert_eq!(frame.event(), "error");
        assert!(!frame.data().contains('\n'), "{frame:?}");
        assert!(frame.data().contains(r#""location":"a.md:2:8","message":"bad\nvalue <x>","help":"fix it""#));
        assert_eq!(Frame::reload("ab-2").data(), "{\"build\":\"ab-2\"}");
    }

    #[test]
    fn a_page_is_told_what_changed_since_it_last_looked() {
        let none = Snapshot::default();
        assert_eq!(frames_since(&none, &none), []);
        assert_eq!(frames_since(&none, &good("1")), [Frame::reload("1")]);
        assert_eq!(frames_since(&good("1"), &good("1")), []);
        assert_eq!(frames_since(&good("1"), &good("2")), [Frame::reload("2")]);
        let broken = failed(good("1"), "x");
        let error = || Frame::error(broken.problems.as_deref().unwrap_or_default(), true);
        assert_eq!(frames_since(&good("1"), &broken), [error()]);
        assert_eq!(frames_since(&none, &broken), [Frame::reload("1"), error()]);
        let never_built = failed(Snapshot::default(), "y");
        assert_eq!(frames_since(&none, &never_built)[0].event(), "error");
    }

    #[test]
    fn a_page_gets_the_greeting_then_only_the_latest_state() {
        let (live, rx) = watch::channel(good("1"));
        let mut page = Box::pin(frames(rx));
        assert_eq!(page.next().now_or_never(), Some(Some(Frame::reload("1"))));
        assert_eq!(page.next().now_or_never(), None, "nothing new yet");
        live.send_replace(good("2"));
        live.send_replace(good("3"));
        assert_eq!(page.next().now_or_never(), Some(Some(Frame::reload("3"))));
        drop(live);
        assert_eq!(page.next().now_or_never(), Some(None), "the stream ends with the server");
    }
}
