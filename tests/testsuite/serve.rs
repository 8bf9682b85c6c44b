//! `folio serve`: the real binary on a copy of a fixture, driven over HTTP and Server-Sent
//! Events (and once in headless Chromium). Every wait is bounded; the server is killed on drop.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::browser::Browser;
use crate::support::*;

/// How long an edit may take to be served.
const SERVED_WITHIN: Duration = Duration::from_secs(2);
const BROKEN: &str = "---\ntitle: [oops\norder: 1\n---\n\nBroken.\n";

/// A running `folio serve`, killed when dropped (its output is printed if the test failed).
pub(crate) struct Preview {
    child: Child,
    pub(crate) port: u16,
    site: PathBuf,
    tmp: TempDir,
}

impl Preview {
    /// Serves a fresh copy of the `basic` fixture, after `prepare` has edited it.
    fn basic(prepare: impl FnOnce(&Path), args: &[&str]) -> Preview {
        Preview::fixture("basic", prepare, args)
    }

    /// Serves a fresh copy of fixture `name`, after `prepare` has edited it.
    pub(crate) fn fixture(name: &str, prepare: impl FnOnce(&Path), args: &[&str]) -> Preview {
        let (tmp, site) = copy_fixture(name);
        prepare(&site);
        let port = free_port();
        let log = |name: &str| Stdio::from(fs::File::create(tmp.path().join(name)).unwrap());
        let child = Command::new(assert_cmd::cargo::cargo_bin("folio"))
            .args(["serve", "--port", &port.to_string()])
            .args(args)
            .arg(&site)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(log("stdout.log"))
            .stderr(log("stderr.log"))
            .spawn()
            .expect("start folio serve");
        let mut preview = Preview { child, port, site, tmp };
        let ready = poll(Duration::from_secs(10), || http(port, "GET", "/", &[], b"").ok());
        assert!(ready.is_some(), "folio serve did not answer:\n{}", preview.logs());
        assert!(preview.child.try_wait().unwrap().is_none());
        preview
    }

    fn get(&self, target: &str) -> HttpResponse {
        http(self.port, "GET", target, &[], b"").unwrap()
    }

    fn chapter(&self) -> PathBuf {
        self.site.join("content/chapters/01-intro.md")
    }

    /// Polls `target` until its body contains `text`; false after [`SERVED_WITHIN`].
    fn serves_within(&self, target: &str, text: &str, timeout: Duration) -> bool {
        poll(timeout, || self.get(target).text().contains(text).then_some(())).is_some()
    }

    fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    fn log(&self, name: &str) -> String {
        fs::read_to_string(self.tmp.path().join(name)).unwrap_or_default()
    }

    fn logs(&self) -> String {
        format!("--- stdout\n{}--- stderr\n{}", self.log("stdout.log"), self.log("stderr.log"))
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("folio serve output:\n{}", self.logs());
        }
    }
}

/// A client of the live-reload event stream.
struct Events {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Events {
    /// Connects and waits for the response head.
    fn connect(port: u16) -> Events {
        let mut events = Events::open(port);
        let head = events.read_until(b"\r\n\r\n", Duration::from_secs(5)).expect("event stream headers");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.to_ascii_lowercase().contains("content-type: text/event-stream"), "{head}");
        events
    }

    /// Connects and sends the request, without waiting for anything.
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__folio/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        stream.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
        Events { stream, buf: Vec::new() }
    }

    /// Bytes up to and including `end`, or `None` after `timeout`.
    fn read_until(&mut self, end: &[u8], timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(at) = self.buf.windows(end.len()).position(|w| w == end) {
                let chunk: Vec<u8> = self.buf.drain(..at + end.len()).collect();
                return Some(String::from_utf8_lossy(&chunk).into_owned());
            }
            if Instant::now() >= deadline {
                return None;
            }
            let mut bytes = [0; 4096];
            match self.stream.read(&mut bytes) {
                Ok(0) => return None,
                Ok(n) => self.buf.extend_from_slice(&bytes[..n]),
                Err(e)
                    if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
                Err(e) => panic!("event stream: {e}"),
            }
        }
    }

    /// Whether the response head and the greeting `reload` event arrive before `deadline`.
    fn greeted(&mut self, deadline: Instant) -> bool {
        let left = || deadline.saturating_duration_since(Instant::now());
        let Some(head) = self.read_until(b"\r\n\r\n", left()) else { return false };
        while let Some(frame) = self.read_until(b"\n\n", left()) {
            if frame.lines().any(|line| line == "event: reload") {
                return head.starts_with("HTTP/1.1 200");
            }
        }
        false
    }

    /// The data of the next `event` frame whose data satisfies `check` (others are skipped).
    fn wait_for(&mut self, event: &str, check: impl Fn(&str) -> bool, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut seen = Vec::new();
        while let Some(frame) = self.read_until(b"\n\n", deadline.saturating_duration_since(Instant::now())) {
            let name = frame.lines().find_map(|l| l.strip_prefix("event: ")).unwrap_or_default();
            let data = frame.lines().find_map(|l| l.strip_prefix("data: ")).unwrap_or_default();
            if name == event && check(data) {
                return data.to_string();
            }
            seen.push(frame);
        }
        panic!("no `{event}` event within {timeout:?}; saw {seen:?}");
    }
}

fn build_id(reload_data: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(reload_data).unwrap();
    value["build"].as_str().unwrap().to_string()
}

#[test]
fn pages_get_the_reload_script_but_build_output_does_not() {
    let preview = Preview::basic(|_| {}, &[]);
    let page = preview.get("/chapters/intro/");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("Content-Type"), Some("text/html; charset=utf-8"));
    let html = scraper::Html::parse_document(&page.text());
    assert_eq!(texts(&html, "h1"), ["Introduction"]);
    let scripts = attrs(&html, "script[data-folio-build]", "data-folio-build");
    assert_eq!(scripts.len(), 1, "one injected script");
    assert!(page.text().contains("new EventSource(\"/__folio/events\")"));

    let css = preview.get("/theme/style.css");
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    assert!(!css.text().contains("__folio"));
    let missing = preview.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Page not found") && missing.text().contains("data-folio-build"));
    let folder = preview.get("/chapters/intro");
    assert_eq!((folder.status, folder.header("Location")), (302, Some("/chapters/intro/")));

    build_ok(&preview.site);
    for (path, bytes) in tree(&preview.site.join("public")) {
        assert!(!String::from_utf8_lossy(&bytes).contains("__folio"), "{path} has the dev script");
    }
}

#[test]
fn edits_and_editor_atomic_saves_are_served_within_two_seconds() {
    let preview = Preview::basic(|_| {}, &[]);
    let chapter = preview.chapter();
    let original = fs::read_to_string(&chapter).unwrap();
    fs::write(&chapter, format!("{original}\nA freshly appended sentence.\n")).unwrap();
    assert!(
        preview.serves_within("/chapters/intro/", "A freshly appended sentence.", SERVED_WITHIN),
        "edit not served:\n{}",
        preview.logs()
    );

    // Like vim or VS Code: write a temporary file beside the chapter, then rename it over it.
    let temp = chapter.with_file_name(".01-intro.md.tmp");
    fs::write(&temp, format!("{original}\nSaved through a rename.\n")).unwrap();
    fs::rename(&temp, &chapter).unwrap();
    assert!(
        preview.serves_within("/chapters/intro/", "Saved through a rename.", SERVED_WITHIN),
        "atomic save not served:\n{}",
        preview.logs()
    );
    assert!(!preview.get("/chapters/intro/").text().contains("A freshly appended sentence."));
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_reports_over_sse() {
    let mut preview = Preview::basic(|_| {}, &[]);
    let mut events = Events::connect(preview.port);
    let first = build_id(&events.wait_for("reload", |_| true, Duration::from_secs(5)));
    let chapter = preview.chapter();
    let original = fs::read_to_string(&chapter).unwrap();

    fs::write(&chapter, BROKEN).unwrap();
    let error = events.wait_for("error", |_| true, Duration::from_secs(5));
    assert!(error.contains("content/chapters/01-intro.md:2"), "{error}");
    assert!(error.contains("\"stale\":true"), "{error}");
    let page = preview.get("/chapters/intro/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Second heading with the same text."), "old content is served");
    assert!(preview.is_running());
    // A page opened now learns of the problems as soon as it connects.
    let mut late = Events::connect(preview.port);
    late.wait_for("error", |d| d.contains("01-intro.md:2"), Duration::from_secs(5));

    fs::write(&chapter, original.replace("More.", "Fixed again.")).unwrap();
    let fixed = build_id(&events.wait_for("reload", |d| build_id(d) != first, Duration::from_secs(5)));
    assert_ne!(fixed, first);
    assert!(preview.get("/chapters/intro/").text().contains("Fixed again."));
    assert!(
        preview.log("stderr.log").contains("content/chapters/01-intro.md:2:8: error"),
        "{}",
        preview.logs()
    );
}

/// The memo keeps what each data file gave under its text: an edited record is served, and a
/// problem in a file is reported by every rebuild while it lasts, also by one that another
/// file's edit caused (the broken file is then unchanged, and its reading the memo's).
#[test]
fn a_record_edit_is_served_and_a_broken_record_file_reported_until_fixed() {
    let preview = Preview::fixture("records", |_| {}, &[]);
    let mut events = Events::connect(preview.port);
    let first = build_id(&events.wait_for("reload", |_| true, Duration::from_secs(5)));
    let firm = preview.site.join("content/data/firms/beta-cell.yaml");
    let original = fs::read_to_string(&firm).unwrap();
    let renamed = |name: &str| original.replace("name: Beta Cell", &format!("name: {name}"));

    fs::write(&firm, renamed("Beta Cellular")).unwrap();
    let edited = build_id(&events.wait_for("reload", |d| build_id(d) != first, Duration::from_secs(5)));
    assert!(
        preview.serves_within("/firms/beta-cell/", "Beta Cellular", SERVED_WITHIN),
        "record edit not served:\n{}",
        preview.logs()
    );

    let shown = "content/data/firms/beta-cell.yaml";
    fs::write(&firm, renamed("[Beta Cell")).unwrap();
    events.wait_for("error", |d| d.contains(shown), Duration::from_secs(5));
    let partners = preview.site.join("content/data/companies.yaml");
    let good_partners = fs::read_to_string(&partners).unwrap();
    fs::write(&partners, good_partners.replace("- id: seed-fund", "- seed-fund")).unwrap();
    let both =
        events.wait_for("error", |d| d.contains("content/data/companies.yaml"), Duration::from_secs(5));
    assert!(both.contains(shown), "the unchanged broken file is reported again: {both}");

    fs::write(&partners, good_partners).unwrap();
    fs::write(&firm, renamed("Beta Cell Therapeutics")).unwrap();
    let fixed = |d: &str| ![first.as_str(), edited.as_str()].contains(&build_id(d).as_str());
    events.wait_for("reload", fixed, Duration::from_secs(5));
    assert!(preview.serves_within("/firms/beta-cell/", "Beta Cell Therapeutics", SERVED_WITHIN));
}

#[test]
fn a_site_that_never_built_shows_its_problems_until_fixed() {
    let mut preview =
        Preview::basic(|site| fs::write(site.join("content/chapters/01-intro.md"), BROKEN).unwrap(), &[]);
    let page = preview.get("/chapters/intro/");
    assert_eq!(page.status, 500);
    assert!(page.text().contains("<code>content/chapters/01-intro.md:2:8</code>"), "{}", page.text());
    assert!(page.text().contains("data-folio-build=\"\""));
    let mut events = Events::connect(preview.port);
    let error = events.wait_for("error", |_| true, Duration::from_secs(5));
    assert!(error.contains("\"stale\":false") && error.contains("01-intro.md:2:8"), "{error}");
    assert!(preview.is_running());

    fs::write(preview.chapter(), "---\ntitle: Introduction\norder: 1\n---\n\nNow it builds.\n").unwrap();
    events.wait_for("reload", |_| true, Duration::from_secs(5));
    assert!(preview.serves_within("/chapters/intro/", "Now it builds.", SERVED_WITHIN));
}

#[test]
fn traversal_attempts_get_404() {
    let preview = Preview::basic(|_| {}, &[]);
    for target in [
        "/../folio.yaml",
        "/%2e%2e/folio.yaml",
        "/chapters/..%2f..%2ffolio.yaml",
        "/chapters/%2e%2e/%2e%2e/folio.yaml",
        "/..\\folio.yaml",
        "/chapters/%5c..%5cfolio.yaml",
        "/index.html%00",
        "//folio.yaml",
        "/content/chapters/01-intro.md",
        "/folio.yaml",
    ] {
        let response = preview.get(target);
        assert_eq!(response.status, 404, "{target}");
        assert!(!response.text().contains("Basic Report\nsubtitle"), "{target} leaked folio.yaml");
    }
}

#[test]
fn head_and_if_none_match_work_with_strong_etags() {
    let preview = Preview::basic(|_| {}, &[]);
    let get = preview.get("/chapters/intro/");
    let etag = get.header("ETag").expect("an ETag").to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"'), "strong ETag: {etag}");
    assert_eq!(get.header("Cache-Control"), Some("no-cache"));

    let head = http(preview.port, "HEAD", "/chapters/intro/", &[], b"").unwrap();
    assert_eq!(head.status, 200);
    assert_eq!(head.header("ETag"), Some(etag.as_str()));
    assert_eq!(head.header("Content-Length").map(str::to_string), Some(get.body.len().to_string()));

    let cached = http(preview.port, "GET", "/chapters/intro/", &[("If-None-Match", &etag)], b"").unwrap();
    assert_eq!(cached.status, 304);
    assert!(cached.body.is_empty());
    let stale = http(preview.port, "GET", "/chapters/intro/", &[("If-None-Match", "\"0\"")], b"").unwrap();
    assert_eq!(stale.status, 200);
    let post = http(preview.port, "POST", "/chapters/intro/", &[], b"{}").unwrap();
    assert_eq!(post.status, 405);
}

#[test]
fn quiet_prints_nothing_but_problems() {
    let preview = Preview::basic(|_| {}, &["--quiet"]);
    let chapter = preview.chapter();
    let original = fs::read_to_string(&chapter).unwrap();
    fs::write(&chapter, format!("{original}\nQuietly edited.\n")).unwrap();
    assert!(preview.serves_within("/chapters/intro/", "Quietly edited.", SERVED_WITHIN));
    assert_eq!(preview.log("stdout.log"), "");
}

#[test]
fn a_port_in_use_is_an_error_with_status_1() {
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = folio()
        .args(["serve", "--port", &port])
        .arg(fixture("basic"))
        .timeout(Duration::from_secs(20))
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains(&format!("cannot listen on 127.0.0.1 port {port}")), "{stderr}");
}

/// In a real browser: an edit on disk reloads the open page by itself (no navigation command),
/// keeping the scroll position; a broken edit shows the problems overlay, a fix removes it.
#[test]
fn browser_reloads_an_edited_page_and_keeps_its_scroll_position() {
    let long_chapter = |extra: &str| {
        let paragraphs: String = (1..=120).map(|i| format!("Paragraph {i} of a long chapter.\n\n")).collect();
        format!("---\ntitle: Introduction\norder: 1\n---\n\n{extra}\n\n{paragraphs}")
    };
    let initial = long_chapter("The first version.");
    let preview =
        Preview::basic(|site| fs::write(site.join("content/chapters/01-intro.md"), &initial).unwrap(), &[]);
    let Some(browser) = Browser::start() else { return };
    browser.goto(&format!("http://127.0.0.1:{}/chapters/intro/", preview.port));
    let y = browser.execute(
        "window.scrollTo({ top: 1500, behavior: 'instant' }); window.folioMarker = 1; return window.scrollY;",
        &[],
    );
    assert_eq!(y.as_f64(), Some(1500.0), "the page is long enough to scroll");

    fs::write(preview.chapter(), long_chapter("The second version.")).unwrap();
    let reloaded = "return document.body.innerText.includes('The second version.') && !window.folioMarker;";
    assert!(browser.wait_until(Duration::from_secs(10), reloaded), "no reload:\n{}", preview.logs());
    let kept = "return Math.abs(window.scrollY - 1500) < 100;";
    assert!(
        browser.wait_until(Duration::from_secs(2), kept),
        "scroll position lost: {}",
        browser.execute("return window.scrollY;", &[])
    );

    fs::write(preview.chapter(), BROKEN).unwrap();
    let overlay = "const o = document.getElementById('folio-problems'); \
                   return !!o && o.innerText.includes('content/chapters/01-intro.md:2:8');";
    assert!(browser.wait_until(Duration::from_secs(10), overlay), "no overlay:\n{}", preview.logs());
    assert!(browser.execute("return document.body.innerText.includes('The second version.');", &[]) == true);

    fs::write(preview.chapter(), long_chapter("The third version.")).unwrap();
    let fixed = "return document.body.innerText.includes('The third version.') \
                 && !document.getElementById('folio-problems');";
    assert!(browser.wait_until(Duration::from_secs(10), fixed), "overlay not cleared:\n{}", preview.logs());
}

/// A connection that got `target` and stays open for more (HTTP/1.1 keep-alive), like a
/// browser's between two page loads.
fn kept_alive(port: u16, target: &str) -> (TcpStream, HttpResponse) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let response = get_on(&mut stream, target);
    (stream, response)
}

fn get_on(stream: &mut TcpStream, target: &str) -> HttpResponse {
    write!(stream, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    read_response(stream, false).unwrap_or_else(|e| panic!("GET {target} on a kept-alive connection: {e}"))
}

/// The soft limit on open files of this process, which `folio serve` inherits (Linux only).
fn open_files_limit() -> Option<u64> {
    let limits = fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|line| line.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// Regression, issue 14: on tiny_http each open event stream and idle keep-alive connection held
/// a thread for its whole life and, where threads ran short, new connections queued behind them
/// (of 200 streams, about 30 never got a byte; with three tabs open, a fourth one's stylesheet
/// had no answer for 10 s). Asserts that everything is answered, and that the server's threads
/// do not grow with its connections; how fast is measured in `benches/serve_latency.rs`.
#[test]
fn open_streams_and_idle_connections_do_not_starve_new_requests() {
    const STREAMS: usize = 500;
    const KEPT_ALIVE: usize = 25;
    const SILENT: usize = 25;
    let needed = (STREAMS + KEPT_ALIVE + SILENT + 200) as u64;
    if let Some(limit) = open_files_limit() {
        assert!(limit >= needed, "{limit} open files allowed, {needed} needed: raise `ulimit -n`");
    }
    let preview = Preview::basic(|_| {}, &[]);
    let port = preview.port;
    let mut streams: Vec<Events> = (0..STREAMS).map(|_| Events::open(port)).collect();
    let mut kept: Vec<TcpStream> = (0..KEPT_ALIVE).map(|_| kept_alive(port, "/theme/style.css").0).collect();
    // Connections that never send a request, like a browser's speculative ones.
    let _silent: Vec<TcpStream> =
        (0..SILENT).map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap()).collect();

    let css = preview.get("/theme/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    assert!(!css.body.is_empty());
    let deadline = Instant::now() + Duration::from_secs(60);
    let unanswered =
        streams.iter_mut().map(|events| events.greeted(deadline)).filter(|greeted| !greeted).count();
    assert_eq!(unanswered, 0, "{unanswered} of {STREAMS} event streams got no greeting");
    for stream in &mut kept {
        assert_eq!(get_on(stream, "/chapters/intro/").status, 200, "a kept-alive connection serves again");
    }
    // Where no thread limit bites first, the cost shows in the count: tiny_http kept two
    // threads per connection (over 1,000 here).
    if let Some(threads) = thread_count(preview.child.id()) {
        assert!(threads < 64, "{threads} threads for {STREAMS} open streams: one per connection?");
    }
}

/// The number of threads of process `pid` (Linux only).
fn thread_count(pid: u32) -> Option<usize> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|line| line.strip_prefix("Threads:"))?.trim().parse().ok()
}

/// Ctrl-C stops the server gracefully, open pages and idle connections notwithstanding: each
/// event stream ends properly (the page reconnects to the next server) and the exit status is 0.
#[cfg(unix)]
#[test]
fn ctrl_c_ends_the_event_streams_and_exits_cleanly() {
    let mut preview = Preview::basic(|_| {}, &[]);
    let mut events = Events::connect(preview.port);
    events.wait_for("reload", |_| true, Duration::from_secs(5));
    let (_idle, page) = kept_alive(preview.port, "/");
    assert_eq!(page.status, 200);

    let pid = preview.child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    // The last chunk of the stream's chunked body: it ended, rather than being cut.
    let ended = events.read_until(b"\r\n0\r\n\r\n", Duration::from_secs(10));
    assert!(ended.is_some(), "the event stream did not end:\n{}", preview.logs());
    let exit = poll(Duration::from_secs(10), || preview.child.try_wait().unwrap());
    assert!(exit.is_some_and(|status| status.success()), "{exit:?}\n{}", preview.logs());
}
