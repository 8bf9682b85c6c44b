//! The link check, run on the built site: every link written in a chapter or case text must
//! reach a page of the site (and its `#anchor`, when it names one), and every page must be
//! reachable from some other page. External links (with a scheme) are not followed; which
//! schemes a link may have is [`crate::url`]'s to say.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::fasthash::{FastMap, FastSet};
use crate::memo::{self, Product, Recall};
use crate::site::Emitter;

/// A link as written in a Markdown source.
#[derive(Debug, Clone)]
pub struct WrittenLink {
    /// Root-relative address of the page the link is on (`chapters/intro/`), shared by the
    /// page's links, as is the file they are written in: a large report has tens of thousands.
    pub page: Arc<str>,
    pub href: String,
    pub path: Arc<Path>,
    pub line: usize,
    pub col: usize,
}

/// Checks the written links against the site's files (`paths`, sorted); the pages whose
/// anchors a link names are read again from `site`. Links are resolved, and the pages they
/// name read, in parallel; problems are reported in the links' order.
pub fn check(site: &Emitter, paths: &[String], links: &[WrittenLink]) -> Diagnostics {
    // Hashed rather than searched: the paths of a large site share long prefixes
    // (`chapters/chapter-…`), which a binary search compares again at every step.
    let files: FastSet<&str> = paths.iter().map(String::as_str).collect();
    let exists = |file: &str| files.contains(file);
    // External links are left out.
    let resolved: Vec<Option<Resolved>> = links
        .par_iter()
        .map(|link| {
            let (mut target, fragment) = resolve(&link.page, &link.href)?;
            let file = find_page(&mut target, |file| exists(file).then(|| file.to_string()));
            Some(Resolved { file, target, fragment: fragment.filter(|f| !f.is_empty()) })
        })
        .collect();
    let named: BTreeSet<&str> =
        resolved.iter().flatten().filter_map(|r| r.fragment.and(r.file.as_deref())).collect();
    let anchors: HashMap<&str, BTreeSet<String>> = named
        .into_par_iter()
        .map(|file| (file, site.read(file).map(|bytes| anchors(&bytes)).unwrap_or_default()))
        .collect();
    let mut out = Diagnostics::default();
    for (link, resolved) in links.iter().zip(&resolved) {
        let Some(Resolved { file, target, fragment }) = resolved else { continue };
        let at = |message: String, help: &str| {
            Diagnostic::new(&*link.path, message).at(link.line, link.col).help(help.to_string())
        };
        let Some(file) = file else {
            out.push(at(
                format!("broken link `{}`: no page at {target}", link.href),
                "links between pages are relative, e.g. `../other-chapter/`",
            ));
            continue;
        };
        if let Some(fragment) = fragment
            && !anchors.get(file.as_str()).is_some_and(|ids| ids.contains(*fragment))
        {
            out.push(at(
                format!("broken link `{}`: {target} has no anchor `#{fragment}`", link.href),
                "anchors are heading ids (the heading text as a slug, or `{#id}`) or table/figure labels",
            ));
        }
    }
    out
}

/// Where a written link leads: the site file it names (none when there is none), the address
/// it resolves to and the anchor it names.
struct Resolved<'h> {
    file: Option<String>,
    target: String,
    fragment: Option<&'h str>,
}

/// Pages that no other page links to (the home and 404 pages excepted).
///
/// Listing pages (the section pages, one folder deep, and the later pages of a long listing) are
/// scanned first, and the scan stops as soon as every page is reached, which on a well-linked
/// site is after the listings; only a site with an orphan page is scanned whole. Pages are read
/// again from `site`, one at a time. Targets are resolved into one reused buffer and looked up
/// among the page paths, without allocating per link. With a `recall` (serve), a page's targets
/// are kept with its bytes, and a page the render memo reused is not scanned again.
pub fn unreachable(site: &Emitter, paths: &[String], recall: Option<&Recall>) -> Diagnostics {
    let pages: Vec<&str> = paths.iter().map(String::as_str).filter(|p| p.ends_with(".html")).collect();
    let index: FastMap<&str, usize> = pages.iter().enumerate().map(|(i, &path)| (path, i)).collect();
    let exempt = |path: &str| path == "index.html" || path == "404.html";
    let reached: Vec<AtomicBool> = pages.iter().map(|&path| AtomicBool::new(exempt(path))).collect();
    let unreached = AtomicUsize::new(reached.iter().filter(|r| !r.load(Ordering::Relaxed)).count());
    let scan = |from: usize| {
        let path = pages[from];
        let Some(bytes) = site.read(path) else { return };
        let dir = path.strip_suffix("index.html").unwrap_or(path);
        let reach = |target: &mut String| {
            if let Some(to) = find_page(target, |file| index.get(file).copied()).filter(|&to| to != from)
                && !reached[to].swap(true, Ordering::Relaxed)
            {
                unreached.fetch_sub(1, Ordering::Relaxed);
            }
        };
        let mut buffer = String::new();
        match recall {
            Some(recall) => {
                let key = memo::key((path, Arc::as_ptr(&bytes) as usize));
                let (_, targets) = recall.get_or_make::<PageTargets>(key, || {
                    let targets = targets(dir, &bytes);
                    (bytes.clone(), targets.into())
                });
                for target in targets.iter() {
                    buffer.clear();
                    buffer.push_str(target);
                    reach(&mut buffer);
                }
            }
            None => {
                for href in link_values(&bytes) {
                    if target(dir, &href, &mut buffer) {
                        reach(&mut buffer);
                    }
                }
            }
        }
    };
    // The print page repeats the chapters' links (and is as large as all of them): it is read
    // only if the listings leave a page unreached. A table split over pages anywhere (the
    // records naming a record) is a listing too, its first page included.
    let continued = |folder: &str| folder.rsplit('/').next().is_some_and(crate::pages::is_continued_page);
    let first_pages: FastSet<&str> = pages
        .iter()
        .filter_map(|path| {
            let folder = path.strip_suffix("/index.html")?;
            let (table, _) = folder.rsplit_once('/').filter(|_| continued(folder))?;
            Some(table)
        })
        .collect();
    let is_listing = |path: &str| {
        let folder = path.strip_suffix("index.html").unwrap_or(path).trim_end_matches('/');
        (path.matches('/').count() <= 1 && !crate::pages::is_print_page(path))
            || continued(folder)
            || first_pages.contains(folder)
    };
    let (listings, rest): (Vec<usize>, Vec<usize>) = (0..pages.len()).partition(|&i| is_listing(pages[i]));
    listings.par_iter().for_each(|&i| scan(i));
    if unreached.load(Ordering::Relaxed) > 0 {
        rest.par_iter().for_each(|&i| scan(i));
    }
    let mut out = Diagnostics::default();
    for (&path, reached) in pages.iter().zip(&reached) {
        if !reached.load(Ordering::Relaxed) {
            out.push(
                Diagnostic::new(path, "no page links to this page")
                    .help("link it from a chapter or a listing, or remove the record it is made from"),
            );
        }
    }
    out
}

/// The values of the `href` and `action` attributes of an HTML page, as written (a value that
/// is not UTF-8 read as far as it is). The page is searched for `href="` and `action="` as
/// bytes: a listing page is hundreds of kilobytes, scanned at every build.
fn link_values(html: &[u8]) -> impl Iterator<Item = Cow<'_, str>> {
    let starts =
        |needle: &'static [u8]| memchr::memmem::find_iter(html, needle).map(move |at| at + needle.len());
    starts(b"href=\"").chain(starts(b"action=\"")).map(|start| {
        let value = &html[start..];
        let value = &value[..memchr::memchr(b'"', value).unwrap_or(value.len())];
        String::from_utf8_lossy(value)
    })
}

/// Writes into `buffer` the root-relative address an `href` on the page in `dir` leads to,
/// when it is the site's (`false` for an external link).
fn target(dir: &str, href: &str, buffer: &mut String) -> bool {
    if is_external(href) {
        return false;
    }
    // Cut at bytes: a listing holds thousands of links, and the `str` patterns cost more.
    let path = &href[..href.bytes().position(|b| b == b'#' || b == b'?').unwrap_or(href.len())];
    let path = match memchr::memchr(b'&', path.as_bytes()).is_some() && path.contains("&amp;") {
        true => Cow::Owned(path.replace("&amp;", "&")),
        false => Cow::Borrowed(path),
    };
    crate::url::resolve_into(dir, &path, buffer);
    true
}

/// The distinct targets ([`target`]) of the links of the page in `dir`.
fn targets(dir: &str, html: &[u8]) -> Vec<Box<str>> {
    let mut buffer = String::new();
    let mut targets: Vec<Box<str>> = link_values(html)
        .filter_map(|href| target(dir, &href, &mut buffer).then(|| buffer.as_str().into()))
        .collect();
    targets.sort_unstable();
    targets.dedup();
    targets
}

/// A page's link targets ([`targets`]), kept by serve with the page's bytes, under the page's
/// path and the address of those bytes. While the bytes are kept no other page can sit at
/// that address, so a page found there by the next build is the very page read before (the
/// render memo hands an unchanged page's bytes on), and its targets are the same.
struct PageTargets;

impl Product for PageTargets {
    type Key = u64;
    type Value = (Arc<Vec<u8>>, Arc<[Box<str>]>);
}

/// The root-relative target and fragment of `href` written on `page`; `None` for external links.
fn resolve<'a>(page: &str, href: &'a str) -> Option<(String, Option<&'a str>)> {
    if is_external(href) {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let mut target = String::with_capacity(page.len() + path.len() + "index.html".len());
    crate::url::resolve_into(page, path, &mut target);
    Some((target, fragment))
}

/// Links with a scheme (or protocol-relative ones) leave the site. A link [`crate::url`]
/// refuses is not followed either: it is reported where it was written.
fn is_external(href: &str) -> bool {
    crate::url::check(href) != Ok(crate::url::Target::Relative)
}

/// What `lookup` finds for the site file a resolved target names: `x/` → `x/index.html`, and
/// `x` → `x` itself, else `x/index.html`. `target` is left as it was given.
fn find_page<T>(target: &mut String, lookup: impl Fn(&str) -> Option<T>) -> Option<T> {
    let given = target.len();
    if !target.is_empty() && !target.ends_with('/') {
        if let Some(found) = lookup(target) {
            return Some(found);
        }
        target.push('/');
    }
    target.push_str("index.html");
    let found = lookup(target);
    target.truncate(given);
    found
}

/// Values of one attribute (`href="`) in an HTML file, without parsing it fully.
fn attribute_values(bytes: &[u8], marker: &str) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    text.split(marker)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|v| v.replace("&amp;", "&"))
        .collect()
}

fn anchors(bytes: &[u8]) -> BTreeSet<String> {
    attribute_values(bytes, " id=\"").into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_links() {
        assert_eq!(resolve("chapters/a/", "../b/"), Some(("chapters/b/".into(), None)));
        assert_eq!(
            resolve("chapters/a/", "../../firms/x/#alliances"),
            Some(("firms/x/".into(), Some("alliances")))
        );
        assert_eq!(resolve("chapters/a/", "#top"), Some(("chapters/a/".into(), Some("top"))));
        assert_eq!(resolve("chapters/a/", "https://example.org/"), None);
        assert_eq!(resolve("chapters/a/", "mailto:a@b.be"), None);
        assert_eq!(resolve("chapters/a/", "JavaScript:x"), None, "refused where written, not followed");
        assert_eq!(resolve("chapters/a/", "../b/?u=http://x"), Some(("chapters/b/".into(), None)));
    }

    #[test]
    fn links_lead_to_targets_and_page_indices() {
        let pages = ["index.html", "chapters/a/index.html", "firms/x/index.html", "print.html"];
        let index: FastMap<&str, usize> = pages.iter().enumerate().map(|(i, p)| (*p, i)).collect();
        let mut buffer = String::new();
        let mut lead = |dir: &str, href: &str| {
            target(dir, href, &mut buffer)
                .then(|| find_page(&mut buffer, |f| index.get(f).copied()))
                .flatten()
        };
        assert_eq!(lead("chapters/b/", "../a/#s"), Some(1));
        assert_eq!(lead("chapters/b/", "../../firms/x/"), Some(2));
        assert_eq!(lead("chapters/b/", "../../../../"), Some(0), "no climbing above the root");
        assert_eq!(lead("firms/x/", "/chapters/a/?q=1"), Some(1));
        assert_eq!(lead("chapters/a/", "../../print.html"), Some(3));
        assert_eq!(lead("chapters/a/", "../../print.html/"), None);
        assert_eq!(lead("chapters/a/", "https://example.org/"), None);
        assert_eq!(lead("chapters/a/", "../missing/"), None);
        let html = r#"<a href="../a/">x</a><form action="../../"><p data-x="href">"#;
        assert_eq!(link_values(html.as_bytes()).collect::<Vec<_>>(), ["../a/", "../../"]);
        let html = r#"<a href="../a/#s">x</a> <a href="https://example.org/"> <a href="../a/?q&amp;r">"#;
        assert_eq!(
            &*targets("chapters/b/", html.as_bytes()),
            ["chapters/a/".into()],
            "each internal target once"
        );
    }

    /// Pages the link check reads again, counted.
    struct Counting(std::sync::Mutex<crate::site::Site>, std::sync::Mutex<Vec<String>>);

    impl crate::site::Sink for Counting {
        fn put(&self, path: String, bytes: std::sync::Arc<Vec<u8>>) {
            self.0.put(path, bytes);
        }

        fn read(&self, path: &str) -> Option<std::sync::Arc<Vec<u8>>> {
            self.1.lock().unwrap().push(path.to_string());
            self.0.read(path)
        }
    }

    /// The second page of a table split over pages below a record's page (the records naming
    /// it) is linked from the first only: the first is scanned as a listing, so that the
    /// record pages (thousands, on a large site) are not all read to find it.
    #[test]
    fn the_first_page_of_a_split_table_below_a_record_is_scanned_as_a_listing() {
        let sink = Counting(Default::default(), Default::default());
        let site = Emitter::new(&sink);
        site.put("index.html", "<a href=\"regions/\">r</a>");
        site.put("regions/index.html", "<a href=\"north/\">n</a>");
        site.put("regions/north/index.html", "<a href=\"firms-region/\">all</a>");
        site.put("regions/north/firms-region/index.html", "<a href=\"page_2/\">2</a>");
        site.put("regions/north/firms-region/page_2/index.html", "<a href=\"../\">1</a>");
        let paths = site.paths();
        assert!(unreachable(&site, &paths, None).is_empty());
        let mut read = sink.1.lock().unwrap().clone();
        read.sort();
        assert_eq!(
            read,
            [
                "index.html",
                "regions/index.html",
                "regions/north/firms-region/index.html",
                "regions/north/firms-region/page_2/index.html"
            ]
        );
    }

    #[test]
    fn broken_pages_and_anchors_are_found() {
        let memory = std::sync::Mutex::new(crate::site::Site::default());
        let site = Emitter::new(&memory);
        site.put("chapters/a/index.html", "<h2 id=\"s\">S</h2>");
        site.put("chapters/b/index.html", "<a href=\"../a/\">a</a>");
        let paths = site.paths();
        let link = |href: &str| WrittenLink {
            page: "chapters/b/".into(),
            href: href.into(),
            path: Path::new("b.md").into(),
            line: 3,
            col: 1,
        };
        let found = check(&site, &paths, &[link("../a/#s"), link("../a/#nope"), link("../c/")]).into_sorted();
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "broken link `../a/#nope`: chapters/a/ has no anchor `#nope`",
                "broken link `../c/`: no page at chapters/c/"
            ]
        );
        let orphans = unreachable(&site, &paths, None).into_sorted();
        assert_eq!(orphans.len(), 1);
        assert_eq!(orphans[0].path, std::path::PathBuf::from("chapters/b/index.html"));
    }
}
