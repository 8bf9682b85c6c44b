//! From a request's URL to what answers it: the event stream, a file of the built site, a
//! redirect to a folder's address, or "not found". Decoding is strict: a path that is not plain
//! `/`-separated, percent-decoded UTF-8 segments (no `.`, `..`, empty, `\`, NUL or encoded `/`)
//! is not found, so nothing outside the in-memory site can ever be named. Also the
//! Content-Type of each kind of file.

use crate::site::Site;

use super::reload::EVENTS_PATH;

/// What a request URL asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// The live-reload event stream.
    Events,
    /// A file of the site, by its key in [`Site`].
    File(String),
    /// A folder named without its trailing slash: redirect to this path.
    Redirect(String),
    NotFound,
}

/// Resolves the request target `url` (path and optional query) against `site`.
pub fn resolve(url: &str, site: Option<&Site>) -> Target {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if path == EVENTS_PATH {
        return Target::Events;
    }
    let (Some(key), Some(site)) = (site_key(path), site) else {
        return Target::NotFound;
    };
    if site.get(&key).is_some() {
        return Target::File(key);
    }
    let folder_index = format!("{key}/index.html");
    if !key.ends_with("index.html") && site.get(&folder_index).is_some() {
        return Target::Redirect(format!("{path}/"));
    }
    Target::NotFound
}

/// The site key a URL path names (`/` and `/x/` name their `index.html`), or `None` when the
/// path is not a safe, plain path.
pub fn site_key(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    let mut key = String::with_capacity(rest.len() + "index.html".len());
    for (i, raw) in segments.iter().enumerate() {
        if i > 0 {
            key.push('/');
        }
        if raw.is_empty() && i == last {
            key.push_str("index.html");
        } else {
            key.push_str(&decode_segment(raw)?);
        }
    }
    Some(key)
}

/// One percent-decoded path segment, refused when it could climb, split or end a path.
fn decode_segment(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let segment = String::from_utf8(out).ok()?;
    let forbidden = segment.is_empty()
        || segment == "."
        || segment == ".."
        || segment.contains(['/', '\\', '\0', ':'])
        || segment.chars().any(char::is_control);
    (!forbidden).then_some(segment)
}

/// The Content-Type header value for a site file.
pub fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// `true` when the file is an HTML page (the live-reload script goes into those).
pub fn is_html(key: &str) -> bool {
    content_type(key).starts_with("text/html")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        let mut site = Site::default();
        for path in ["index.html", "chapters/intro/index.html", "theme/style.css", "404.html"] {
            site.insert(path, b"x".to_vec());
        }
        site
    }

    #[test]
    fn folders_map_to_their_index_and_files_to_themselves() {
        let site = site();
        let file = |k: &str| Target::File(k.to_string());
        assert_eq!(resolve("/", Some(&site)), file("index.html"));
        assert_eq!(resolve("/chapters/intro/", Some(&site)), file("chapters/intro/index.html"));
        assert_eq!(resolve("/chapters/intro/?x=1#top", Some(&site)), file("chapters/intro/index.html"));
        assert_eq!(resolve("/theme/style.css", Some(&site)), file("theme/style.css"));
        assert_eq!(resolve("/%63hapters/intro/", Some(&site)), file("chapters/intro/index.html"));
        assert_eq!(resolve("/chapters/intro?x", Some(&site)), Target::Redirect("/chapters/intro/".into()));
        assert_eq!(resolve("/__folio/events", Some(&site)), Target::Events);
        assert_eq!(resolve("/missing", Some(&site)), Target::NotFound);
        assert_eq!(resolve("/", None), Target::NotFound);
    }

    #[test]
    fn traversal_and_odd_paths_are_not_found() {
        let site = site();
        for url in [
            "/../folio.yaml",
            "/%2e%2e/folio.yaml",
            "/%2E%2E/folio.yaml",
            "/chapters/..%2f..%2ffolio.yaml",
            "/chapters/%2e%2e/%2e%2e/folio.yaml",
            "/./index.html",
            "//etc/passwd",
            "/chapters//intro/",
            "/chapters\\..\\folio.yaml",
            "/chapters/%5c../x",
            "/index.html%00",
            "/%zz",
            "/%c3",
            "/C:/x",
            "index.html",
            "http://example.org/index.html",
            "",
        ] {
            assert_eq!(resolve(url, Some(&site)), Target::NotFound, "{url}");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("theme/folio.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("data/firms.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("theme/icon.SVG"), "image/svg+xml");
        assert_eq!(content_type("theme/font.woff2"), "font/woff2");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
        assert!(is_html("404.html") && !is_html("data/x.json"));
    }
}
