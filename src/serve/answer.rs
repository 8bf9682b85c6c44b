//! What each request gets: files of the in-memory site (never the disk) with the live-reload
//! script in HTML pages, the site's `404.html` (or the problems page while the site has never
//! built), folder redirects, strong ETags with `If-None-Match` → 304, and the event stream of
//! [`super::events`]. `HEAD` gets the headers of `GET` (axum drops the body); other methods 405.

use std::hash::{DefaultHasher, Hasher};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;

use super::live::{Live, Snapshot};
use super::route::{self, Target};
use super::server::Stop;
use super::{events, reload};

/// What every request handler shares.
#[derive(Debug, Clone)]
pub struct App {
    pub live: Arc<Live>,
    /// Ends the event streams when the server stops.
    pub stop: Stop,
}

/// One answer, before conditional-request handling and headers.
struct Reply {
    status: StatusCode,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Reply {
    fn new(status: StatusCode, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply { status, content_type, body: body.into(), location: None }
    }

    fn text(status: StatusCode, text: &str) -> Reply {
        Reply::new(status, "text/plain; charset=utf-8", format!("{text}\n"))
    }
}

/// The one handler: URLs are resolved by [`route`], whose strict decoding keeps every request
/// inside the in-memory site.
pub async fn answer(State(app): State<App>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response =
            respond(Reply::text(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed"), None);
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let snapshot = app.live.snapshot();
    let target = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    let reply = match route::resolve(target, snapshot.site()) {
        Target::Events => return events::response(app.live.subscribe(), app.stop.requested()),
        Target::File(key) => file(&snapshot, &key, StatusCode::OK),
        Target::Redirect(location) => {
            let mut reply = Reply::text(StatusCode::FOUND, &format!("Found at {location}"));
            reply.location = Some(location);
            reply
        }
        Target::NotFound => not_found(&snapshot),
    };
    respond(reply, if_none_match(&headers).as_deref())
}

/// A file of the good build; HTML pages get the live-reload script.
fn file(snapshot: &Snapshot, key: &str, status: StatusCode) -> Reply {
    let Some(bytes) = snapshot.site().and_then(|site| site.get(key)) else {
        return Reply::text(StatusCode::NOT_FOUND, "404 Not Found");
    };
    let content_type = route::content_type(key);
    let body = if route::is_html(key) { reload::inject(bytes, snapshot.build_id()) } else { bytes.to_vec() };
    Reply::new(status, content_type, body)
}

/// The site's own 404 page, or the problems page while the site has never built.
fn not_found(snapshot: &Snapshot) -> Reply {
    match (&snapshot.good, &snapshot.problems) {
        (None, Some(problems)) => Reply::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/html; charset=utf-8",
            reload::never_built_page(problems),
        ),
        _ => file(snapshot, "404.html", StatusCode::NOT_FOUND),
    }
}

/// The response for `reply`: 304 with no body when the client's copy (`If-None-Match`) is current.
fn respond(reply: Reply, if_none_match: Option<&str>) -> Response {
    let Reply { status, content_type, body, location } = reply;
    let etag = format!("\"{:016x}\"", hash(&body));
    let not_modified =
        status == StatusCode::OK && if_none_match.is_some_and(|tags| matches_etag(tags, &etag));
    let mut response = if not_modified {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        response
    } else {
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = status;
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        response
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Both values are ASCII (hex digits; a path that hyper accepted), so neither is left out.
    if status == StatusCode::OK
        && let Ok(etag) = HeaderValue::from_str(&etag)
    {
        headers.insert(header::ETAG, etag);
    }
    if let Some(location) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        headers.insert(header::LOCATION, location);
    }
    response
}

/// Every `If-None-Match` value of the request, as one list (unreadable values are left out).
fn if_none_match(headers: &HeaderMap) -> Option<String> {
    let values: Vec<&str> =
        headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).collect();
    (!values.is_empty()).then(|| values.join(", "))
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
    fn a_current_copy_gets_304_without_a_body_and_others_the_file() {
        let reply = || Reply::new(StatusCode::OK, "text/css; charset=utf-8", "body{}");
        let fresh = respond(reply(), None);
        assert_eq!(fresh.status(), StatusCode::OK);
        let etag = fresh.headers().get(header::ETAG).and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(etag.starts_with('"') && etag.len() == 18, "{etag}");
        let cached = respond(reply(), Some(&format!("\"x\", {etag}")));
        assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);
        assert!(cached.headers().get(header::CONTENT_TYPE).is_none());
        assert_eq!(respond(reply(), Some("\"other\"")).status(), StatusCode::OK);
        // Only a 200 is ever turned into a 304.
        let missing = respond(Reply::text(StatusCode::NOT_FOUND, "404"), Some("*"));
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }

    #[test]
    fn every_if_none_match_line_counts() {
        let mut headers = HeaderMap::new();
        assert_eq!(if_none_match(&headers), None);
        headers.append(header::IF_NONE_MATCH, HeaderValue::from_static("\"a\""));
        headers.append(header::IF_NONE_MATCH, HeaderValue::from_static("\"b\""));
        assert_eq!(if_none_match(&headers).as_deref(), Some("\"a\", \"b\""));
    }
}
