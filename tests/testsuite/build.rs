//! A good site builds into browsable pages: titles, TOC, prev/next, relative links, sitemap.

use crate::support::*;

#[test]
fn builds_pages_with_titles_toc_and_pager() {
    let (_tmp, site) = copy_fixture("basic");
    let out = folio().arg("build").arg(&site).assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    // Three chapters, home, contents, search, 404 and the print page.
    assert!(stdout.starts_with("Built 8 pages"), "summary line: {stdout}");

    let intro = page(&site, "chapters/intro/index.html");
    assert_eq!(texts(&intro, "h1"), ["Introduction"]);
    assert_eq!(texts(&intro, "title"), ["Introduction · Basic Report"]);
    assert_eq!(attrs(&intro, ".toc a", "href"), ["#background", "#details", "#background-2"]);
    assert_eq!(attrs(&intro, ".prose h2", "id"), ["background", "background-2"]);
    assert_eq!(attrs(&intro, "a[rel=next]", "href"), ["../../chapters/methods/"]);
    assert!(attrs(&intro, "a[rel=prev]", "href").is_empty());

    let methods = page(&site, "chapters/methods/index.html");
    assert_eq!(texts(&methods, "h1"), ["Methods & Data"]);
    assert_eq!(attrs(&methods, ".prose h2", "id"), ["sample"]);
    assert_eq!(attrs(&methods, "a[rel=prev]", "href"), ["../../chapters/intro/"]);
    assert_eq!(attrs(&methods, "a[rel=next]", "href"), ["../../chapters/results/"]);
    assert!(texts(&methods, ".footnote-definition").iter().any(|t| t.contains("A note.")));
}

#[test]
fn home_lists_parts_and_drafts_stay_out() {
    let (_tmp, site) = copy_fixture("basic");
    build_ok(&site);
    let home = page(&site, "index.html");
    assert_eq!(texts(&home, "h1"), ["Basic Report"]);
    assert_eq!(texts(&home, "main h2"), ["Chapters", "Appended papers"]);
    assert_eq!(
        attrs(&home, ".chapter-list a", "href"),
        ["chapters/intro/", "chapters/methods/", "chapters/results/"].map(|h| format!("./{h}"))
    );
    assert!(!site.join("public/chapters/draft").exists(), "drafts are not published");
    let contents = page(&site, "chapters/index.html");
    assert_eq!(texts(&contents, ".chapter-list a").len(), 3);
}

#[test]
fn every_internal_link_is_relative_and_resolves() {
    let (_tmp, site) = copy_fixture("basic");
    build_ok(&site);
    let public = site.join("public");
    for (path, bytes) in tree(&public).into_iter().filter(|(p, _)| p.ends_with(".html") && p != "404.html") {
        let html = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        let dir = public.join(&path).parent().unwrap().to_path_buf();
        for attr in ["href", "src"] {
            for link in attrs(&html, &format!("[{attr}]"), attr) {
                if link.starts_with('#') || link.starts_with("data:") {
                    continue;
                }
                assert!(
                    !link.starts_with('/') && !link.contains("://"),
                    "{path}: link {link} is not relative"
                );
                let target = dir.join(link.split('#').next().unwrap());
                let target = if link.ends_with('/') || link.split('#').next().unwrap().ends_with('/') {
                    target.join("index.html")
                } else {
                    target
                };
                assert!(target.exists(), "{path}: link {link} points nowhere");
            }
        }
    }
}

#[test]
fn sitemap_uses_base_url_when_given() {
    let (_tmp, site) = copy_fixture("basic");
    build_ok(&site);
    let sitemap = std::fs::read_to_string(site.join("public/sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>chapters/intro/</loc>"));
    folio().args(["build", "--base-url", "https://example.org/report"]).arg(&site).assert().success();
    let sitemap = std::fs::read_to_string(site.join("public/sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/report/chapters/intro/</loc>"));
    assert!(!sitemap.contains("404"));
    let not_found = page(&site, "404.html");
    assert_eq!(attrs(&not_found, "link[rel=stylesheet]", "href"), ["/report/theme/style.css"]);
}

#[test]
fn check_writes_nothing() {
    let (_tmp, site) = copy_fixture("basic");
    folio().arg("check").arg(&site).assert().success();
    assert!(!site.join("public").exists());
}

#[test]
fn site_templates_and_theme_override_the_defaults() {
    let (_tmp, site) = copy_fixture("basic");
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/chapter.html"),
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"custom\">{{ page.title }}</h1>{% endblock content %}",
    )
    .unwrap();
    std::fs::create_dir_all(site.join("theme")).unwrap();
    std::fs::write(site.join("theme/style.css"), "body{color:red}").unwrap();
    build_ok(&site);
    let intro = page(&site, "chapters/intro/index.html");
    assert_eq!(texts(&intro, "h1.custom"), ["Introduction"]);
    assert_eq!(std::fs::read_to_string(site.join("public/theme/style.css")).unwrap(), "body{color:red}");
    assert!(site.join("public/theme/folio.js").exists(), "assets not overridden stay");
}

#[test]
fn untrusted_config_text_is_escaped() {
    let (_tmp, site) = copy_fixture("basic");
    std::fs::write(site.join("folio.yaml"), "title: \"<script>alert(1)</script> & {{ x }}\"\n").unwrap();
    build_ok(&site);
    let raw = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(!raw.contains("<script>alert"));
    assert_eq!(texts(&page(&site, "index.html"), "h1"), ["<script>alert(1)</script> & {{ x }}"]);
}

#[test]
fn timings_name_every_stage_and_a_rebuild_reports_what_it_wrote() {
    let (_tmp, site) = copy_fixture("records");
    let out = folio().args(["build", "--timings"]).arg(&site).assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let stages: Vec<&str> =
        stderr.lines().filter_map(|l| l.strip_prefix("stage ")?.split_whitespace().next()).collect();
    let expected = [
        "load",
        "validate",
        "model",
        "prose",
        "citations",
        "search",
        "render",
        "links",
        "write",
        "total",
        "charts",
    ];
    assert_eq!(stages, expected, "{stderr}");
    assert!(stderr.contains("peak memory"), "{stderr}");

    // A second build of the same site leaves every file as it was.
    let out = folio().arg("build").arg(&site).assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains(" 0 written, ") && stdout.contains(" 0 removed)"), "{stdout}");
}
