//! The navigation from `folio.yaml`'s `nav`: generated sections by name, one chapter, links
//! off the site or to a path on it; and every mistake in it reported at its line.

use std::fs;
use std::path::Path;

use crate::support::*;

/// The `basic` fixture with `nav` set to `entries` (YAML list items, one a line).
fn site_with_nav(entries: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, site) = copy_fixture("basic");
    let config = fs::read_to_string(site.join("folio.yaml")).unwrap();
    let kept: String = config.lines().filter(|l| !l.starts_with("nav:")).map(|l| format!("{l}\n")).collect();
    fs::write(site.join("folio.yaml"), format!("{kept}nav:\n{entries}")).unwrap();
    (tmp, site)
}

fn nav_links(site: &Path, page_path: &str) -> Vec<(String, String)> {
    let html = page(site, page_path);
    let titles = texts(&html, "#site-nav .nav-section__title");
    let hrefs = attrs(&html, "#site-nav .nav-section__title", "href");
    titles.into_iter().zip(hrefs).collect()
}

#[test]
fn nav_lists_sections_one_chapter_and_links() {
    let (_tmp, site) = site_with_nav(
        "  - {chapter: methods, title: How we worked}\n  - chapters\n  - {chapter: results}\n  \
         - {title: Publisher, url: \"https://example.org/press/\"}\n  - {title: Data, url: /data/}\n",
    );
    build_ok(&site);
    let links = nav_links(&site, "chapters/results/index.html");
    let titles: Vec<&str> = links.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(titles, ["How we worked", "Chapters", "Results", "Publisher", "Data"]);
    let hrefs: Vec<&str> = links.iter().map(|(_, h)| h.as_str()).collect();
    // Site paths are relative to the page (the site works under any sub-path); links off the
    // site are written as they are.
    assert_eq!(
        hrefs,
        [
            "../../chapters/methods/",
            "../../chapters/#chapters",
            "../../chapters/results/",
            "https://example.org/press/",
            "../../data/"
        ]
    );
    let html = page(&site, "chapters/results/index.html");
    assert_eq!(texts(&html, "#site-nav .nav-section__title[aria-current=page]"), ["Results"]);
    // The search page's "Browse" list keeps the site's own entries only.
    let search = page(&site, "search/index.html");
    assert!(!attrs(&search, ".browse a", "href").iter().any(|h| h.contains("example.org")));
}

#[test]
fn every_mistake_in_nav_is_reported_with_its_place_and_a_hint() {
    let (_tmp, site) = site_with_nav(
        "  - chapters\n  - tabels\n  - {title: Bad, url: \"javascript:alert(1)\"}\n  - {chapter: intro, titel: x}\n  \
         - {title: \"\", url: \"https://x.org/\"}\n  - {url: \"https://x.org/\"}\n",
    );
    let out = folio().arg("build").arg(&site).assert().failure().get_output().stderr.clone();
    let err = String::from_utf8(out).unwrap();
    let line = |n: usize| format!("folio.yaml:{}:5: error: ", n);
    let base =
        fs::read_to_string(site.join("folio.yaml")).unwrap().lines().position(|l| l == "nav:").unwrap() + 1;
    for (offset, message, help) in [
        (2, "unknown navigation section `tabels`", "did you mean `tables`?"),
        (3, "unsafe navigation link `javascript:alert(1)`", "links may use http:, https: or mailto:"),
        (4, "unknown key `titel` in a navigation entry", "did you mean `title`?"),
        (5, "has an empty `title`", "give the link a title"),
        (6, "a navigation entry needs `chapter`, or both `title` and `url`", "write {chapter: slug}"),
    ] {
        let at = line(base + offset);
        let found = err.lines().position(|l| l.starts_with(&at) && l.contains(message));
        let found = found.unwrap_or_else(|| panic!("no `{at}{message}` in:\n{err}"));
        assert!(err.lines().nth(found + 1).unwrap().contains(help), "{err}");
    }
    assert!(!site.join("public").exists());
}

#[test]
fn an_unknown_chapter_in_nav_is_reported_with_the_closest_slug() {
    let (_tmp, site) = site_with_nav("  - {chapter: intor}\n");
    let out = folio().arg("build").arg(&site).assert().failure().get_output().stderr.clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("error: no chapter has the slug `intor`"), "{err}");
    assert!(err.contains("help: did you mean `intro`?"), "{err}");
}

#[test]
fn switched_off_sections_are_neither_written_nor_linked() {
    let (_tmp, site) = copy_fixture("records");
    let config = fs::read_to_string(site.join("folio.yaml")).unwrap();
    let kept: String = config.lines().filter(|l| !l.starts_with("nav:")).map(|l| format!("{l}\n")).collect();
    fs::write(site.join("folio.yaml"), format!("{kept}off: [search, tables]\n")).unwrap();
    build_ok(&site);
    let files = tree(&site.join("public"));
    assert!(
        !files.iter().any(|(p, _)| p.starts_with("search") || p.starts_with("tables/")),
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("tables/\"") && !text.contains("/tables/") && !text.contains("search/"),
            "{path} links a switched-off section"
        );
        assert!(!text.contains("site-search"), "{path} has a search box");
    }
    // The indicator tables' data is still downloadable.
    assert!(files.iter().any(|(p, _)| p == "data/biotech-firms.csv"));
}

#[test]
fn off_takes_only_sections_that_can_be_switched_off() {
    let (_tmp, site) = site_with_nav("  - tables\n");
    let config = fs::read_to_string(site.join("folio.yaml")).unwrap();
    fs::write(site.join("folio.yaml"), format!("{config}off: [serch, tables]\n")).unwrap();
    let out = folio().arg("build").arg(&site).assert().failure().get_output().stderr.clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("error: `serch` cannot be switched off"), "{err}");
    assert!(err.contains("help: did you mean `search`? `off` takes: search, tables"), "{err}");
    assert!(err.contains("error: `nav` lists `tables`, which `off` switches off"), "{err}");
}

/// The contents page lists 1,000 chapters a page; a part is headed again where it carries on,
/// and the navigation and the home page link each part where it starts.
#[test]
fn a_long_contents_is_split_into_pages_and_parts_are_linked_where_they_start() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    fs::create_dir_all(site.join("content/chapters")).unwrap();
    fs::write(site.join("folio.yaml"), "title: Long\nnav: [chapters, themes]\n").unwrap();
    for i in 1..=1230 {
        let part = if i > 1200 { "part: theme\n" } else { "" };
        fs::write(
            site.join(format!("content/chapters/{i:04}-c{i}.md")),
            format!("---\ntitle: Page {i}\norder: {i}\n{part}---\n\nText {i}.\n"),
        )
        .unwrap();
    }
    build_ok(site);
    let first = page(site, "chapters/index.html");
    assert_eq!(texts(&first, "h2"), ["Chapters"]);
    assert_eq!(texts(&first, ".chapter-list > li > a").len(), 1000);
    assert_eq!(texts(&first, ".pager-pages p"), ["Chapters 1 to 1,000 of 1,230."]);
    assert_eq!(attrs(&first, ".pager-pages a", "href"), ["../chapters/page_2/"]);
    let second = page(site, "chapters/page_2/index.html");
    assert_eq!(texts(&second, "h2"), ["Chapters", "Themes"]);
    let titles = texts(&second, ".chapter-list > li > a");
    assert_eq!((titles.len(), titles[0].as_str(), titles[200].as_str()), (230, "Page 1001", "Page 1201"));
    // The chapters carry on their part's numbering; the themes start theirs.
    assert_eq!(attrs(&second, ".chapter-list", "start"), ["1001"]);

    let nav = nav_links(site, "index.html");
    assert_eq!(nav[0], ("Chapters".to_string(), "./chapters/#chapters".to_string()));
    assert_eq!(nav[1], ("Themes".to_string(), "./chapters/page_2/#themes".to_string()));
    let home = page(site, "index.html");
    assert!(attrs(&home, ".more a", "href").contains(&"./chapters/page_2/#themes".to_string()));
}
