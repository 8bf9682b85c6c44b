//! HTTP for the dev server: binding the address, the accept loop (each request on its own
//! thread, so that no client, slow or streaming, holds up another), and the answers: files of the
//! in-memory site (never the disk) with the live-reload script in HTML pages, the site's
//! `404.html`, folder redirects, `HEAD`, strong ETags with `If-None-Match` → 304, and the
//! event stream of [`super::events`].

use std::hash::{DefaultHasher, Hasher};
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, Server};

use super::live::{Live, Snapshot};
use super::route::{self, Target};
use super::{events, reload};

/// The port tried first when none is given; the next ones are tried when it is taken.
pub const DEFAULT_PORT: u16 = 1111;
const PORTS_TO_TRY: u16 = 100;

/// Binds `host:port`, or without a port the first free one from [`DEFAULT_PORT`] on.
pub fn bind(host: IpAddr, port: Option<u16>) -> io::Result<TcpListener> {
    if let Some(port) = port {
        return TcpListener::bind((host, port));
    }
    let mut last_error = None;
    for port in DEFAULT_PORT..DEFAULT_PORT.saturating_add(PORTS_TO_TRY) {
        match TcpListener::bind((host, port)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or_else(|| io::ErrorKind::AddrInUse.into()))
}

/// The address a browser on this machine should use for `addr` (loopback for "any address").
pub fn url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => Ipv4Addr::LOCALHOST.into(),
        IpAddr::V6(ip) if ip.is_unspecified() => Ipv6Addr::LOCALHOST.into(),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// Answers requests on `listener` for as long as the process runs.
pub fn run(listener: TcpListener, live: Arc<Live>) -> io::Result<()> {
    let server = Server::from_listener(listener, None).map_err(io::Error::other)?;
    for request in server.incoming_requests() {
        let live = Arc::clone(&live);
        // If no thread can be started, the request is dropped and its connection closed.
        let _ = std::thread::Builder::new().name("folio-http".into()).spawn(move || handle(request, &live));
    }
    Ok(())
}

/// One answer, before conditional-request handling and headers.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply { status, content_type, body: body.into(), location: None }
    }
}

fn handle(request: Request, live: &Live) {
    let snapshot = live.snapshot();
    let site = snapshot.good.as_ref().map(|(site, _)| site.as_ref());
    let target = route::resolve(request.url(), site);
    let method = request.method().clone();
    if !matches!(method, Method::Get | Method::Head) {
        return send(request, Reply::new(405, "text/plain; charset=utf-8", "405 Method Not Allowed\n"));
    }
    let reply = match target {
        Target::Events if method == Method::Get => return stream_events(request, live),
        Target::Events => Reply::new(200, "text/event-stream; charset=utf-8", Vec::new()),
        Target::File(key) => file(&snapshot, &key, 200),
        Target::Redirect(location) => {
            let mut reply = Reply::new(302, "text/plain; charset=utf-8", format!("Found at {location}\n"));
            reply.location = Some(location);
            reply
        }
        Target::NotFound => not_found(&snapshot),
    };
    send(request, reply);
}

/// A file of the good build; HTML pages get the live-reload script.
fn file(snapshot: &Snapshot, key: &str, status: u16) -> Reply {
    let Some(bytes) = snapshot.good.as_ref().and_then(|(site, _)| site.get(key)) else {
        return Reply::new(404, "text/plain; charset=utf-8", "404 Not Found\n");
    };
    let content_type = route::content_type(key);
    let body = if route::is_html(key) { reload::inject(bytes, snapshot.build_id()) } else { bytes.to_vec() };
    Reply::new(status, content_type, body)
}

/// The site's own 404 page, or the problems page while the site has never built.
fn not_found(snapshot: &Snapshot) -> Reply {
    match (&snapshot.good, &snapshot.problems) {
        (None, Some(problems)) => {
            Reply::new(500, "text/html; charset=utf-8", reload::never_built_page(problems))
        }
        _ => file(snapshot, "404.html", 404),
    }
}

fn stream_events(request: Request, live: &Live) {
    let frames = live.hub.subscribe(|| live.snapshot().greeting());
    // An error only means that the page went away.
    let _ = events::stream(request.into_writer(), frames);
}

fn send(request: Request, reply: Reply) {
    let etag = format!("\"{:016x}\"", hash(&reply.body));
    let not_modified =
        reply.status == 200 && if_none_match(&request).is_some_and(|tags| matches_etag(&tags, &etag));
    let status = if not_modified { 304 } else { reply.status };
    let body = if not_modified { Vec::new() } else { reply.body };
    // Bodies are in memory: always send their length (tiny_http would chunk large ones).
    let mut response = Response::from_data(body).with_status_code(status).with_chunked_threshold(usize::MAX);
    let mut headers = vec![("Cache-Control", "no-cache"), ("X-Content-Type-Options", "nosniff")];
    if !not_modified {
        headers.push(("Content-Type", reply.content_type));
    }
    if reply.status == 200 {
        headers.push(("ETag", &etag));
    }
    if let Some(location) = &reply.location {
        headers.push(("Location", location));
    }
    for (name, value) in headers {
        // Only a value with non-ASCII bytes is refused; such a header is left out.
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    // An error only means that the client went away.
    let _ = request.respond(response);
}

fn if_none_match(request: &Request) -> Option<String> {
    request.headers().iter().find(|h| h.field.equiv("If-None-Match")).map(|h| h.value.as_str().to_string())
}

/// Weak comparison, as `If-None-Match` asks for: `W/"x"` matches `"x"`, and `*` matches all.
fn matches_etag(header: &str, etag: &str) -> bool {
    header.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

/// A strong validator: the same bytes always give the same tag.
fn hash(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists() {
        let etag = "\"00ab\"";
        assert!(matches_etag("\"00ab\"", etag));
        assert!(matches_etag("\"zz\", W/\"00ab\"", etag));
        assert!(matches_etag("*", etag));
        assert!(!matches_etag("\"00ac\"", etag));
        assert!(!matches_etag("", etag));
    }

    #[test]
    fn the_default_port_falls_back_to_the_next_free_one() {
        let localhost: IpAddr = "127.0.0.1".parse().unwrap();
        // Hold the default port (or find it held by someone else): the next free one is used.
        let _held = TcpListener::bind((localhost, DEFAULT_PORT));
        let fallback = bind(localhost, None).unwrap().local_addr().unwrap().port();
        assert!(fallback > DEFAULT_PORT && fallback < DEFAULT_PORT + PORTS_TO_TRY, "{fallback}");
        // An explicit port is that port or nothing.
        let taken = TcpListener::bind((localhost, 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        assert!(bind(localhost, Some(port)).is_err());
        assert_eq!(url("127.0.0.1:1111".parse().unwrap()), "http://127.0.0.1:1111/");
        assert_eq!(url("[::1]:8080".parse().unwrap()), "http://[::1]:8080/");
        assert_eq!(url("0.0.0.0:80".parse().unwrap()), "http://127.0.0.1:80/");
    }
}
