//! `folio templates` lists the theme a site builds with (defaults, copies, its own files) and
//! copies a default into the site, where the next build uses it.

use std::fs;
use std::path::Path;

use crate::support::*;

fn listing(site: &Path) -> String {
    let out = folio().arg("templates").arg(site).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The origin `folio templates` gives for `path`.
fn origin<'a>(listing: &'a str, path: &str) -> &'a str {
    let line = listing.lines().find(|l| l.split_whitespace().next() == Some(path));
    line.unwrap_or_else(|| panic!("{path} is not listed:\n{listing}"))[path.len()..].trim()
}

#[test]
fn lists_every_default_and_copies_one_into_the_site() {
    let (_tmp, site) = copy_fixture("basic");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR"));
    let before = listing(&site);
    for dir in ["templates", "theme"] {
        for (path, _) in tree(&shipped.join(dir)) {
            assert_eq!(origin(&before, &format!("{dir}/{path}")), "default");
        }
    }

    folio().args(["templates", "--copy", "templates/chapter.html"]).arg(&site).assert().success();
    let copied = fs::read(site.join("templates/chapter.html")).unwrap();
    assert_eq!(copied, fs::read(shipped.join("templates/chapter.html")).unwrap());
    assert_eq!(
        origin(&listing(&site), "templates/chapter.html"),
        "the site's copy of the default, unchanged"
    );

    // An edit to the copy is what the next build uses.
    let edited = String::from_utf8(copied)
        .unwrap()
        .replace("{% block content %}", "{% block content %}<p id=\"own-mark\">ours</p>");
    fs::write(site.join("templates/chapter.html"), edited).unwrap();
    fs::write(site.join("templates/extra.html"), "<p>partial</p>").unwrap();
    let after = listing(&site);
    assert_eq!(origin(&after, "templates/chapter.html"), "the site's own version (replaces the default)");
    assert_eq!(origin(&after, "templates/extra.html"), "the site's own (no default)");
    build_ok(&site);
    let chapter = fs::read_dir(site.join("public/chapters"))
        .unwrap()
        .map(|e| e.unwrap().path().join("index.html"))
        .find(|p| p.exists())
        .expect("a chapter page");
    assert!(fs::read_to_string(chapter).unwrap().contains("<p id=\"own-mark\">ours</p>"));
}

#[test]
fn copy_refuses_unknown_paths_and_never_replaces_the_sites_file() {
    let (_tmp, site) = copy_fixture("basic");
    fs::create_dir_all(site.join("theme")).unwrap();
    fs::write(site.join("theme/style.css"), "body { color: red }").unwrap();
    let out = folio()
        .args([
            "templates",
            "--copy",
            "templates/chapter.htm",
            "--copy",
            "theme/style.css",
            "--copy",
            "theme/folio.js",
        ])
        .arg(&site)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("templates/chapter.htm: error: no default template or theme file has this path"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `templates/chapter.html`?"), "{stderr}");
    assert!(stderr.contains("the site already has its own copy"), "{stderr}");
    assert_eq!(fs::read_to_string(site.join("theme/style.css")).unwrap(), "body { color: red }");
    // The path named without a problem was still copied.
    assert!(site.join("theme/folio.js").exists());
    assert!(!site.join("templates/chapter.htm").exists());
}
