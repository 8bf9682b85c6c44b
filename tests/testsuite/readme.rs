//! The README's examples work as written: its `folio.yaml` on a site made by `folio new`, its
//! schema example, and its chart block in the dissertation site.

use std::fs;
use std::path::Path;

use crate::support::*;

fn readme() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The body of the first fenced block (after `fence`) whose first line is `first`.
fn block(text: &str, fence: &str, first: &str) -> String {
    let start = text.find(&format!("{fence}\n{first}")).unwrap_or_else(|| panic!("no block {first}"));
    let body = &text[start + fence.len() + 1..];
    let end = body.find("\n```").unwrap();
    body[..end].to_string()
}

#[test]
fn the_readme_config_builds_a_new_site() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    folio().arg("new").arg(&site).assert().success();
    let config = block(&readme(), "```yaml", "title: My report");
    fs::write(site.join("folio.yaml"), config).unwrap();
    build_ok(&site);
    let home = page(&site, "index.html");
    assert!(texts(&home, ".figure__label").iter().any(|l| l.contains("most frequent partner")));
}

#[test]
fn the_readme_schema_example_resolves() {
    let schema = block(&readme(), "```yaml", "# content/data/schema.yaml");
    folio::schema::parse(Path::new("schema.yaml"), &schema).unwrap_or_else(|d| panic!("{d:?}"));
}

#[test]
fn the_readme_chart_block_draws_in_the_dissertation() {
    let chart = block(&readme(), "````markdown", "```chart");
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::create_dir_all(&site).unwrap();
    fs::copy(root.join("folio.yaml"), site.join("folio.yaml")).unwrap();
    copy_dir(&root.join("content"), &site.join("content"));
    // The README's label is the dissertation's own figure: give the copy another one.
    let chart = chart.replace("label: fig-top-partners ", "label: fig-readme-partners ");
    fs::write(
        site.join("content/chapters/99-readme.md"),
        format!("---\ntitle: README\norder: 99\n---\n\n{chart}\n```\n"),
    )
    .unwrap();
    build_ok(&site);
    let page = page(&site, "chapters/readme/index.html");
    let caption = texts(&page, "figure#fig-readme-partners figcaption");
    assert!(caption.iter().any(|c| c.contains("Partners allied with the most firms")), "{caption:?}");
    assert!(!texts(&page, "figure#fig-readme-partners svg desc").is_empty());
}

#[test]
fn the_readme_nav_example_builds_a_new_site() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    folio().arg("new").arg(&site).assert().success();
    let nav = block(&readme(), "```yaml", "nav:");
    let config = fs::read_to_string(site.join("folio.yaml")).unwrap();
    let kept: String = config.lines().filter(|l| !l.starts_with("nav:")).map(|l| format!("{l}\n")).collect();
    fs::write(site.join("folio.yaml"), format!("{kept}{nav}\n")).unwrap();
    build_ok(&site);
    let home = page(&site, "index.html");
    let titles = texts(&home, "#site-nav .nav-section__title");
    assert_eq!(titles[1], "What we found");
    assert_eq!(titles.last().map(String::as_str), Some("Publisher"));
}

#[test]
fn the_readme_line_slope_and_scatter_examples_draw_in_the_dissertation() {
    let text = readme();
    let start = text.find("````markdown\n```chart\nkind: line").expect("the README's line example") + 13;
    let blocks = &text[start..start + text[start..].find("\n````").unwrap()];
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::create_dir_all(&site).unwrap();
    fs::copy(root.join("folio.yaml"), site.join("folio.yaml")).unwrap();
    copy_dir(&root.join("content"), &site.join("content"));
    fs::write(
        site.join("content/chapters/99-readme.md"),
        format!("---\ntitle: README\norder: 99\n---\n\n{blocks}\n"),
    )
    .unwrap();
    build_ok(&site);
    let page = page(&site, "chapters/readme/index.html");
    for (label, kind, svgs) in [
        ("fig-readme-lines", "line", 1),
        ("fig-readme-slopes", "slope", 4),
        ("fig-readme-scatter", "scatter", 1),
    ] {
        let classes = attrs(&page, &format!("figure#{label} svg"), "class");
        assert_eq!(classes, vec![format!("chart chart--{kind}"); svgs], "{label}");
    }
    assert_eq!(
        texts(&page, "figure#fig-readme-lines .chart-end-label"),
        ["Alliances", "Firms with alliances", "Distinct partners"]
    );
    assert_eq!(texts(&page, "figure#fig-readme-scatter .chart-data tbody th").len(), 13);
}
