//! Live-preview latency (a benchmark, not a timed test): runs `folio serve` on a copy of this
//! repository's own site (the dissertation), on a synthetic site of 10,000 chapters, or on a
//! synthetic site of 2,000 firms and 10,000 alliances, listens to its event stream like an open
//! page, then 20 times appends a sentence to a chapter (or renames a firm, which changes its
//! page, the listing and every page that names it) and measures the time from the write to the
//! `reload` event, and to the edited page being served.
//! Prints the median and the worst. Then, with 500 pages listening to the event stream and 50
//! idle keep-alive connections open, times 200 requests of the stylesheet, each on a new
//! connection as a newly opened tab makes it, and prints p50, p99 and the worst.
//!
//!     cargo bench --bench serve_latency                 # the dissertation, optimised folio
//!     cargo bench --bench serve_latency -- 10k          # 10,000 synthetic chapters
//!     cargo bench --bench serve_latency -- record       # rename a firm of 2,000
//!     cargo bench --bench serve_latency -- PATH/TO/folio   # another binary

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const EDITS: usize = 20;
/// The load: open event streams, idle connections (half after a request, half before any).
const STREAMS: usize = 500;
const IDLE: usize = 50;
const GETS: usize = 200;
const STYLESHEET: &str = "/theme/style.css";
/// How long a request under load may take before it counts as unanswered.
const PATIENCE: Duration = Duration::from_secs(10);
/// The site served and the chapter edited (its file and its address).
struct Subject {
    name: &'static str,
    /// `folio synth` sizes, or none for a copy of this repository's site.
    synth: Option<[&'static str; 8]>,
    file: &'static str,
    url: &'static str,
    edit: Edit,
}

/// What each edit does to the file.
#[derive(Clone, Copy)]
enum Edit {
    /// Appends a sentence (the marker) to a chapter.
    Append,
    /// Replaces the record's `name:` line by one naming it with the marker.
    Rename,
}

const DISSERTATION: Subject = Subject {
    name: "the dissertation",
    synth: None,
    file: "content/chapters/01-setting-the-scene.md",
    url: "/chapters/setting-the-scene/",
    edit: Edit::Append,
};

const SYNTHETIC: Subject = Subject {
    name: "10,000 synthetic chapters",
    synth: Some(["--chapters", "10000", "--firms", "0", "--companies", "0", "--alliances", "0"]),
    file: "content/chapters/05001-chapter-5000.md",
    url: "/chapters/chapter-5000/",
    edit: Edit::Append,
};

const RECORD: Subject = Subject {
    name: "2,000 synthetic firms and 10,000 alliances",
    synth: Some(["--chapters", "10", "--firms", "2000", "--companies", "200", "--alliances", "10000"]),
    file: "content/data/firms/firm-5.yaml",
    url: "/firms/firm-5/",
    edit: Edit::Rename,
};

/// Kills the server when the benchmark ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    // `cargo bench` passes flags such as `--bench`; a plain argument names the binary.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let subject = match () {
        _ if args.iter().any(|a| a == "10k") => SYNTHETIC,
        _ if args.iter().any(|a| a == "record") => RECORD,
        _ => DISSERTATION,
    };
    let binary = args
        .iter()
        .find(|a| *a != "10k" && *a != "record")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_folio")));
    let synthetic = subject.synth.is_some();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("temporary folder");
    let site = tmp.path().join("site");
    if let Some(sizes) = subject.synth {
        let made = Command::new(&binary)
            .args(["--quiet", "synth"])
            .args(sizes)
            .arg(&site)
            .status()
            .expect("run folio synth");
        assert!(made.success(), "folio synth failed");
    } else {
        fs::create_dir(&site).expect("site folder");
        for part in ["folio.yaml", "content", "templates", "theme"] {
            copy(&root.join(part), &site.join(part));
        }
    }
    let port = TcpListener::bind(("127.0.0.1", 0)).unwrap().local_addr().unwrap().port();
    let child = Command::new(&binary)
        .args(["--quiet", "serve", "--port", &port.to_string()])
        .arg(&site)
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", binary.display()));
    let _server = Server(child);
    wait_until_served(port, Duration::from_secs(if synthetic { 120 } else { 30 }));
    let mut events = EventStream::connect(port);
    events.next_reload(); // the greeting: the current build

    let file = site.join(subject.file);
    let mut to_event = Vec::with_capacity(EDITS);
    let mut to_page = Vec::with_capacity(EDITS);
    for i in 0..=EDITS {
        std::thread::sleep(Duration::from_millis(200));
        let marker = format!("Benchmark edit number {i}.");
        let started = Instant::now();
        match subject.edit {
            Edit::Append => {
                let mut chapter = fs::OpenOptions::new().append(true).open(&file).expect("open chapter");
                write!(chapter, "\n\n{marker}\n").expect("append to chapter");
            }
            Edit::Rename => {
                let text = fs::read_to_string(&file).expect("read record");
                let renamed: Vec<String> = text
                    .lines()
                    .map(|l| if l.starts_with("name:") { format!("name: {marker}") } else { l.to_string() })
                    .collect();
                fs::write(&file, renamed.join("\n") + "\n").expect("write record");
            }
        }
        events.next_reload();
        let event = started.elapsed();
        let page = get(port, subject.url);
        assert!(page.contains(&marker), "edit {i} not served after its reload event");
        if i > 0 {
            // Edit 0 warms the caches up and is not counted.
            to_event.push(event);
            to_page.push(started.elapsed());
        }
    }
    println!(
        "folio serve latency on {}, {EDITS} edits of {} ({})",
        subject.name,
        subject.file,
        binary.display()
    );
    report("write → reload event", &mut to_event);
    report("write → edited page served", &mut to_page);
    under_load(port);
}

/// Times new requests of the stylesheet while [`STREAMS`] pages and [`IDLE`] idle connections
/// are open. Requests that get no answer within [`PATIENCE`] are counted, not timed.
fn under_load(port: u16) {
    let streams: Vec<TcpStream> = (0..STREAMS).map(|_| open_events(port)).collect();
    let deadline = Instant::now() + PATIENCE;
    let greeted = streams.iter().filter(|stream| first_byte_before(stream, deadline)).count();
    let _idle: Vec<TcpStream> = (0..IDLE)
        .map(|i| {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            if i % 2 == 0 {
                write!(stream, "GET {STYLESHEET} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("request");
                first_byte_before(&stream, Instant::now() + PATIENCE);
            }
            stream
        })
        .collect();
    let mut times = Vec::with_capacity(GETS);
    for _ in 0..GETS {
        let started = Instant::now();
        if try_get(port, STYLESHEET).is_ok_and(|text| text.starts_with("HTTP/1.1 200")) {
            times.push(started.elapsed());
        }
    }
    println!(
        "under load: {STREAMS} event streams ({greeted} answered within {PATIENCE:?}), {IDLE} idle connections"
    );
    let unanswered = GETS - times.len();
    percentiles(&format!("new GET {STYLESHEET}"), &mut times);
    println!("  {unanswered} of {GETS} requests unanswered within {PATIENCE:?}");
}

/// An event stream opened like a page opens it, its answer not yet read.
fn open_events(port: u16) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(stream, "GET /__folio/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("request");
    stream
}

/// Whether `stream` gets a byte before `deadline` (the bytes are read and dropped).
fn first_byte_before(mut stream: &TcpStream, deadline: Instant) -> bool {
    let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
    stream.set_read_timeout(Some(left)).expect("timeout");
    stream.read(&mut [0; 4096]).is_ok_and(|n| n > 0)
}

fn try_get(port: u16, path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(PATIENCE))?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")?;
    let mut text = String::new();
    stream.read_to_string(&mut text)?;
    Ok(text)
}

fn percentiles(what: &str, times: &mut [Duration]) {
    if times.is_empty() {
        println!("  {what:<28} no answer");
        return;
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |p: usize| times[(times.len() * p / 100).min(times.len() - 1)];
    println!(
        "  {what:<28} p50 {:6.2} ms   p99 {:6.2} ms   worst {:6.2} ms",
        ms(at(50)),
        ms(at(99)),
        ms(times[times.len() - 1])
    );
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  {what:<28} median {:6.1} ms   worst {:6.1} ms   best {:6.1} ms",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        ms(times[0])
    );
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).expect("create folder");
        for entry in fs::read_dir(from).expect("read folder") {
            let entry = entry.expect("folder entry");
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else if from.is_file() {
        fs::copy(from, to).expect("copy file");
    }
}

fn wait_until_served(port: u16, patience: Duration) {
    let deadline = Instant::now() + patience;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "folio serve did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// GET over a fresh connection; the whole response as text.
fn get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").expect("request");
    let mut text = String::new();
    stream.read_to_string(&mut text).expect("response");
    text
}

/// The live-reload stream, read like the injected script reads it.
struct EventStream {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl EventStream {
    fn connect(port: u16) -> EventStream {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        write!(stream, "GET /__folio/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("request");
        stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
        EventStream { stream, buf: Vec::new() }
    }

    /// Waits for the next `reload` event; panics on an `error` event or after 10 s.
    fn next_reload(&mut self) {
        loop {
            while let Some(end) = self.buf.windows(2).position(|w| w == b"\n\n") {
                let frame: Vec<u8> = self.buf.drain(..end + 2).collect();
                let frame = String::from_utf8_lossy(&frame);
                if frame.contains("event: reload") {
                    return;
                }
                assert!(!frame.contains("event: error"), "the site does not build: {frame}");
            }
            let mut bytes = [0; 4096];
            let n = self.stream.read(&mut bytes).expect("event stream");
            assert!(n > 0, "event stream closed");
            self.buf.extend_from_slice(&bytes[..n]);
        }
    }
}
