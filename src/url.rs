//! The one check of every URL that a site's data or prose puts into an `href` or `src`: links
//! with the http, https or mailto scheme, and relative links, pass; every other scheme
//! (`javascript:`, `data:`, `vbscript:`, `file:` ...) is refused, because a browser would run
//! or open it from the reader's page. The scheme is read the way a browser reads it: case
//! folded, after leading spaces, and a URL holding a control character is refused outright,
//! since browsers drop tabs and newlines anywhere in a URL (`java\tscript:` is `javascript:`).
//!
//! A ground-floor module: it knows nothing of where a URL was written; callers place the
//! [`UrlError`]'s message and help at the URL's line and column in their file. It also resolves
//! a relative path against the folder of the page it is written on ([`resolve_into`]), for the
//! link check and for moving a page's HTML onto another page.

use std::fmt;

/// The schemes a link may have.
const ALLOWED: &[&str] = &["http", "https", "mailto"];

/// Where an accepted URL leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Off the site: an allowed scheme, or protocol-relative (`//host/...`).
    External,
    /// A path relative to the page or the host (`../x/`, `/x`, `#id`, `?q=1`, or nothing).
    Relative,
}

/// Why a URL is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    /// A scheme other than http, https and mailto (lowercased, as the browser reads it).
    Scheme(String),
    /// A control character (U+0000 to U+001F, or U+007F) at this byte offset.
    Control(usize),
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlError::Scheme(scheme) => write!(f, "the scheme `{scheme}:` is not allowed"),
            UrlError::Control(at) => write!(f, "it holds a control character at byte {at}"),
        }
    }
}

impl std::error::Error for UrlError {}

impl UrlError {
    /// What the author can do about it.
    pub fn help(&self) -> &'static str {
        match self {
            UrlError::Scheme(_) => {
                "links may use http:, https: or mailto:, or be relative (e.g. `../other-page/`)"
            }
            UrlError::Control(_) => "remove the tab, newline or other control character from the address",
        }
    }

    /// "unsafe `what` `url`: why", with control characters in `url` written as escapes.
    pub fn message(&self, what: &str, url: &str) -> String {
        format!("unsafe {what} `{}`: {self}", url.escape_debug())
    }
}

/// Accepts `url` if it is relative or has an allowed scheme; says where it leads.
pub fn check(url: &str) -> Result<Target, UrlError> {
    if let Some(at) = url.bytes().position(|b| b < 0x20 || b == 0x7f) {
        return Err(UrlError::Control(at));
    }
    let url = url.trim_start_matches(' ');
    if let Some(scheme) = scheme(url) {
        let scheme = scheme.to_ascii_lowercase();
        return if ALLOWED.contains(&scheme.as_str()) {
            Ok(Target::External)
        } else {
            Err(UrlError::Scheme(scheme))
        };
    }
    // Browsers read `\` as `/` in web addresses: `\\host` is protocol-relative too.
    let mut start = url.bytes().take(2).map(|b| if b == b'\\' { b'/' } else { b });
    match (start.next(), start.next()) {
        (Some(b'/'), Some(b'/')) => Ok(Target::External),
        _ => Ok(Target::Relative),
    }
}

/// The scheme of `url` (`[A-Za-z][A-Za-z0-9+.-]*` before a `:`), if it has one.
fn scheme(url: &str) -> Option<&str> {
    let first = url.bytes().next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let len =
        url.bytes().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')).count();
    (url.as_bytes().get(len) == Some(&b':')).then(|| &url[..len])
}

/// Resolves `path` (a link without fragment or query) written on the page in folder `dir` into
/// `target`: a folder ending in `/` (empty for the root) when the path ends in `/` or is empty,
/// otherwise a file. `..` never climbs above the root. Worked on bytes: the link check
/// resolves every link of every listing, and `/` is ASCII, so every cut is a char boundary.
pub fn resolve_into(dir: &str, path: &str, target: &mut String) {
    target.clear();
    if !path.starts_with('/') {
        target.push_str(dir);
    }
    let bytes = path.as_bytes();
    let mut start = 0;
    while start <= bytes.len() {
        let end = bytes[start..].iter().position(|&b| b == b'/').map_or(bytes.len(), |i| start + i);
        match &bytes[start..end] {
            b"" | b"." => {}
            b".." => {
                let kept = target.as_bytes();
                let folder = kept.iter().rposition(|&b| b != b'/').map_or(0, |i| i + 1);
                let parent = kept[..folder].iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1);
                target.truncate(parent);
            }
            _ => {
                target.push_str(&path[start..end]);
                target.push('/');
            }
        }
        start = end + 1;
    }
    if !(path.is_empty() || path.ends_with('/')) {
        target.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_and_mail_links_leave_the_site_and_relative_ones_stay() {
        for external in [
            "https://example.org/",
            "http://x",
            "HTTPS://X",
            "mailto:a@b.be",
            "//cdn.org/x",
            "\\\\h/x",
            "/\\h",
        ] {
            assert_eq!(check(external), Ok(Target::External), "{external}");
        }
        for relative in
            ["../x/", "/x", "#id", "?q=1", "", "x.html", "www.example.org", "./a:b", "1a:b", "a b", "é:x"]
        {
            assert_eq!(check(relative), Ok(Target::Relative), "{relative}");
        }
    }

    #[test]
    fn other_schemes_are_refused_however_they_are_disguised() {
        let refused = [
            ("javascript:alert(document.domain)", "javascript"),
            ("JaVaScRiPt:alert(1)", "javascript"),
            ("  javascript:alert(1)", "javascript"),
            ("data:text/html,<script>", "data"),
            ("vbscript:msgbox", "vbscript"),
            ("file:///etc/passwd", "file"),
            ("ftp://x", "ftp"),
            ("x-custom+a.b:1", "x-custom+a.b"),
        ];
        for (url, scheme) in refused {
            assert_eq!(check(url), Err(UrlError::Scheme(scheme.into())), "{url}");
        }
        for (url, at) in
            [("java\tscript:alert(1)", 4), ("\u{1}javascript:x", 0), ("javascript\n:x", 10), ("x\u{7f}", 1)]
        {
            assert_eq!(check(url), Err(UrlError::Control(at)), "{url:?}");
        }
    }

    #[test]
    fn relative_paths_resolve_against_the_page_folder() {
        let resolved = |dir: &str, path: &str| {
            let mut target = String::from("left over");
            resolve_into(dir, path, &mut target);
            target
        };
        let cases = [
            ("chapters/a/", "", "chapters/a/"),
            ("chapters/a/", "../b/", "chapters/b/"),
            ("chapters/a/", "../../firms/x/", "firms/x/"),
            ("chapters/a/", "../../../../", ""),
            ("chapters/a/", "./x.csv", "chapters/a/x.csv"),
            ("chapters/a/", "x//y/./z", "chapters/a/x/y/z"),
            ("chapters/a/", "/data/t.json", "data/t.json"),
            ("chapters/a/", "/", ""),
            ("", "..", ""),
            ("", "a/..", ""),
            ("a//b//", "..", "a/"),
            ("données/é/", "../ü/ñ.html", "données/ü/ñ.html"),
        ];
        for (dir, path, want) in cases {
            assert_eq!(resolved(dir, path), want, "{path:?} on {dir:?}");
        }
    }

    #[test]
    fn messages_show_control_characters_as_escapes() {
        let error = check("java\tscript:x").unwrap_err();
        assert_eq!(
            error.message("url", "java\tscript:x"),
            "unsafe url `java\\tscript:x`: it holds a control character at byte 4"
        );
        assert!(error.help().contains("control character"));
    }
}
