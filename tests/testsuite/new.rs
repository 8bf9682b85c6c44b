//! `folio new` scaffolds a site with a small schema (organisations, partners, partnerships with a
//! network, regions, an indicator table) that builds with many, one or no records, and with
//! collections switched to `pages: false`; every page it builds is reachable from the home page.

use std::collections::{BTreeSet, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};

use crate::support::*;

fn new_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("report");
    folio().arg("new").arg(&dir).assert().success();
    (tmp, dir)
}

fn data(site: &Path) -> PathBuf {
    site.join("content/data")
}

fn edit(path: &Path, change: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(path).unwrap();
    let changed = change(text.clone());
    assert_ne!(text, changed, "the edit must change {}", path.display());
    fs::write(path, changed).unwrap();
}

/// The text of the computed figure `=expr` on a page.
fn figure(html: &scraper::Html, expr: &str) -> String {
    let found = texts(html, &format!("span.computed[title=\"computed from the data: {expr}\"]"));
    assert_eq!(found.len(), 1, "`={expr}` appears once: {found:?}");
    found[0].clone()
}

/// Builds the site, then walks its links from the home page: every HTML page (but 404.html)
/// must be reached. Returns the built pages.
fn build_all_reachable(site: &Path) -> BTreeSet<String> {
    build_ok(site);
    let public = site.join("public");
    let pages: BTreeSet<String> = tree(&public)
        .into_iter()
        .map(|(path, _)| path)
        .filter(|p| p.ends_with(".html") && p != "404.html")
        .collect();
    let mut reached = BTreeSet::from(["index.html".to_string()]);
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(from) = queue.pop_front() {
        let html = page(site, &from);
        let dir = Path::new(&from).parent().unwrap().to_path_buf();
        let links = attrs(&html, "a[href]", "href").into_iter().chain(attrs(&html, "form[action]", "action"));
        for href in links {
            let target = href.split('#').next().unwrap();
            if target.is_empty() || target.contains(':') {
                continue;
            }
            let mut path = dir.join(target);
            if target.ends_with('/') {
                path = path.join("index.html");
            }
            let mut parts: Vec<String> = Vec::new();
            for part in path.components() {
                match part.as_os_str().to_str().unwrap() {
                    ".." => {
                        parts.pop();
                    }
                    "." => {}
                    p => parts.push(p.to_string()),
                }
            }
            let path = parts.join("/");
            if pages.contains(&path) && reached.insert(path.clone()) {
                queue.push_back(path);
            }
        }
    }
    let unreached: Vec<&String> = pages.difference(&reached).collect();
    assert!(unreached.is_empty(), "pages not reachable from the home page: {unreached:?}");
    pages
}

#[test]
fn new_site_builds_with_its_records_and_blocks() {
    let (_tmp, site) = new_site();
    let pages = build_all_reachable(&site);
    for path in [
        "organisations/index.html",
        "organisations/northwind-labs/index.html",
        "partners/meridian-instruments/index.html",
        "regions/north/index.html",
        "partnerships/index.html",
        "network/index.html",
        "tables/research-spending/index.html",
    ] {
        assert!(pages.contains(path), "{path} missing from {pages:?}");
    }
    let home = page(&site, "index.html");
    assert_eq!(texts(&home, "h1"), ["My report"]);
    assert_eq!(
        texts(&home, ".chapter-list a"),
        [
            "Introduction",
            "Findings",
            "Regions",
            "Organisations",
            "Partners",
            "Partnerships",
            "Partnership network"
        ]
    );

    let findings = page(&site, "chapters/findings/index.html");
    assert_eq!(figure(&findings, "count organisations"), "2");
    assert_eq!(figure(&findings, "count partnerships"), "3");
    assert_eq!(figure(&findings, "top partnerships partner"), "Meridian Instruments");
    assert_eq!(
        texts(&findings, "#tbl-partnerships tbody td:first-child"),
        ["Northwind Labs", "South University"]
    );
    assert_eq!(attrs(&findings, "figure.chart-figure", "id"), ["fig-regions"]);
    assert_eq!(texts(&findings, "#fig-regions-title"), ["Organisations per region"]);
    assert_eq!(texts(&findings, "#tbl-spending tbody td:first-child"), ["North", "South"]);

    let northwind = page(&site, "organisations/northwind-labs/index.html");
    assert_eq!(texts(&northwind, "h1"), ["Northwind Labs"]);
    assert_eq!(
        texts(&northwind, "section[aria-labelledby=partnerships-organisation] tbody th a"),
        ["Meridian Instruments", "Atlas Capital"]
    );
    let csv = fs::read_to_string(site.join("public/data/partnerships.csv")).unwrap();
    assert!(csv.starts_with("organisation,partner,kind,since\r\n"), "{csv}");
    assert!(csv.contains("northwind-labs,meridian-instruments,supply,2019\r\n"), "{csv}");

    folio().arg("new").arg(&site).assert().code(1);
}

#[test]
fn a_new_organisation_and_partnership_appear_once_built() {
    let (_tmp, site) = new_site();
    fs::write(
        data(&site).join("organisations/east-works.yaml"),
        "id: east-works\nname: East Works\nkind: company\nregion: north\nfounded: 2020\n",
    )
    .unwrap();
    edit(&data(&site).join("partnerships.yaml"), |t| {
        t + "- organisation: east-works\n  partner: atlas-capital\n  kind: research\n  since: 2024\n"
    });
    build_all_reachable(&site);
    let listing = page(&site, "organisations/index.html");
    assert_eq!(texts(&listing, "tbody th a"), ["East Works", "Northwind Labs", "South University"]);
    let east = page(&site, "organisations/east-works/index.html");
    assert_eq!(
        texts(&east, "section[aria-labelledby=partnerships-organisation] tbody th a"),
        ["Atlas Capital"]
    );
    let partnerships = page(&site, "partnerships/index.html");
    assert_eq!(texts(&partnerships, "tbody tr").len(), 4);
    let findings = page(&site, "chapters/findings/index.html");
    assert_eq!(figure(&findings, "count organisations"), "3");
    assert_eq!(figure(&findings, "count partnerships"), "4");
    let north = page(&site, "regions/north/index.html");
    assert_eq!(
        texts(&north, "section[aria-labelledby=organisations-region] tbody th a"),
        ["East Works", "Northwind Labs"]
    );
}

#[test]
fn collections_without_pages_still_build() {
    let (_tmp, site) = new_site();
    let schema = data(&site).join("schema.yaml");
    edit(&schema, |t| {
        t.replacen("    path: organisations/ ", "    pages: false\n    path: organisations/ ", 1)
    });
    let pages = build_all_reachable(&site);
    assert!(pages.contains("organisations/index.html"), "the listing stays");
    assert!(!site.join("public/organisations/northwind-labs").exists());
    // References to organisations are named without a link.
    let partner = page(&site, "partners/meridian-instruments/index.html");
    let rows = texts(&partner, "section[aria-labelledby=partnerships-partner] tbody th");
    assert_eq!(rows, ["Northwind Labs", "South University"]);
    assert!(attrs(&partner, "section a", "href").iter().all(|h| !h.contains("organisations/")));

    // Every collection without pages.
    edit(&schema, |t| {
        t.replacen("    path: regions.yaml ", "    pages: false\n    path: regions.yaml ", 1).replacen(
            "    path: partners.yaml\n",
            "    pages: false\n    path: partners.yaml\n",
            1,
        )
    });
    let pages = build_all_reachable(&site);
    assert!(pages.contains("network/index.html"), "{pages:?}");
    assert!(!site.join("public/partners/atlas-capital").exists());
}

#[test]
fn one_record_of_each_builds() {
    let (_tmp, site) = new_site();
    let data = data(&site);
    fs::remove_file(data.join("organisations/south-university.yaml")).unwrap();
    fs::write(data.join("regions.yaml"), "- id: north\n  name: North\n").unwrap();
    fs::write(data.join("partners.yaml"), "- id: atlas-capital\n  name: Atlas Capital\n").unwrap();
    fs::write(
        data.join("partnerships.yaml"),
        "- organisation: northwind-labs\n  partner: atlas-capital\n  kind: licensing\n",
    )
    .unwrap();
    build_all_reachable(&site);
    let listing = page(&site, "organisations/index.html");
    assert_eq!(texts(&listing, "header p:not(.lead)"), ["1 organisation."]);
    let findings = page(&site, "chapters/findings/index.html");
    assert_eq!(figure(&findings, "top partnerships partner"), "Atlas Capital");
}

#[test]
fn a_site_without_records_still_builds() {
    let (_tmp, site) = new_site();
    let data = data(&site);
    fs::remove_dir_all(data.join("organisations")).unwrap();
    for list in ["regions.yaml", "partners.yaml", "partnerships.yaml"] {
        fs::write(data.join(list), "[]\n").unwrap();
    }
    let pages = build_all_reachable(&site);
    assert!(pages.contains("organisations/index.html") && pages.contains("network/index.html"), "{pages:?}");
    let listing = page(&site, "organisations/index.html");
    assert_eq!(texts(&listing, "header p:not(.lead)"), ["0 organisations."]);
    assert!(texts(&listing, "tbody tr").is_empty());
    let findings = page(&site, "chapters/findings/index.html");
    assert_eq!(figure(&findings, "count organisations"), "0");
    assert_eq!(figure(&findings, "top partnerships partner"), "none");
    // The chart over an empty dataset keeps its caption and label (its cross-reference works).
    assert_eq!(texts(&findings, "#fig-regions .chart-empty").len(), 1);
    assert_eq!(attrs(&findings, "a.xref", "href")[1], "../../chapters/findings/#fig-regions");
    assert!(texts(&findings, "#tbl-partnerships tbody tr").is_empty());
    assert_eq!(
        fs::read_to_string(site.join("public/data/partnerships.csv")).unwrap(),
        "organisation,partner,kind,since\r\n"
    );
}
