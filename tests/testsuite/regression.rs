//! Regression tests, each named after the bug it pins.

use std::fs;

use crate::support::*;

/// Whole numbers above 2^53 went through `f64` and printed rounded (9223372036854775807 showed
/// as 9,223,372,036,854,775,808): tables, exports and prose now keep them exact.
#[test]
fn integers_beyond_two_to_the_53_print_exactly() {
    let (_tmp, site) = copy_fixture("basic");
    fs::create_dir_all(site.join("content/data/tables")).unwrap();
    fs::write(
        site.join("content/data/tables/big.yaml"),
        "id: big\ntitle: Big numbers\ncolumns:\n  - {id: name, label: Name, type: text}\n  - {id: n, label: N, type: integer}\nrows:\n  - [a, 9223372036854775807]\n  - [b, 9007199254740993]\n",
    )
    .unwrap();
    let chapter = site.join("content/chapters/01-intro.md");
    let text = fs::read_to_string(&chapter).unwrap();
    fs::write(&chapter, format!("{text}\nLargest: `=max big n`.\n\n```table\ndata: big\n```\n")).unwrap();
    build_ok(&site);
    let page = page(&site, "chapters/intro/index.html");
    assert_eq!(texts(&page, "span.computed"), ["9223372036854775807"]);
    let cells = texts(&page, "td.num");
    assert!(
        cells.contains(&"9223372036854775807".to_string()) && cells.contains(&"9007199254740993".to_string())
    );
    let csv = fs::read_to_string(site.join("public/data/big.csv")).unwrap();
    assert!(csv.contains("a,9223372036854775807") && csv.contains("b,9007199254740993"), "{csv}");
}

/// A table file that failed to parse also brought "unknown dataset" errors from every block
/// and figure that read it: now its own problem is the only one.
#[test]
fn a_table_that_does_not_parse_brings_no_follow_on_errors() {
    let (_tmp, site) = copy_fixture("basic");
    fs::create_dir_all(site.join("content/data/tables")).unwrap();
    fs::write(site.join("content/data/tables/big.yaml"), "id: big\ntitle: [unclosed\n").unwrap();
    let chapter = site.join("content/chapters/01-intro.md");
    let text = fs::read_to_string(&chapter).unwrap();
    fs::write(&chapter, format!("{text}\n`=count big`\n\n```table\ndata: big\n```\n")).unwrap();
    let out = folio().arg("build").arg(&site).assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("content/data/tables/big.yaml:2:"), "{stderr}");
    assert!(stderr.contains("1 problem found"), "{stderr}");
}

/// The dissertation site keeps every page it had before its data moved into a schema
/// (tests/fixtures/dissertation-pages.txt lists them; it may only grow).
#[test]
fn the_dissertation_keeps_every_page() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    folio().arg("build").arg(root).arg("--out").arg(&out).arg("--quiet").assert().success();
    let expected = fs::read_to_string(root.join("tests/fixtures/dissertation-pages.txt")).unwrap();
    let missing: Vec<&str> = expected.lines().filter(|p| !out.join(p).is_file()).collect();
    assert!(missing.is_empty(), "pages the dissertation no longer has: {missing:?}");
}
