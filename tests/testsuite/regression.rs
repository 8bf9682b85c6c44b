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
    assert_eq!(texts(&page, "span.computed"), ["9,223,372,036,854,775,807"]);
    // Table cells are for readers: grouped as the site's language writes numbers, still exact.
    let cells = texts(&page, "td.num");
    assert!(
        cells.contains(&"9,223,372,036,854,775,807".to_string())
            && cells.contains(&"9,007,199,254,740,993".to_string()),
        "{cells:?}"
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

/// The edition renumbered the dissertation's tables ("Table 6: … (the dissertation's Table 4)"),
/// so that readers citing the edition and the thesis disagreed: a block now keeps the source's
/// number, and the tables the edition adds are numbered E1, E2, ….
#[test]
fn source_tables_keep_their_printed_numbers() {
    let (_tmp, site) = copy_fixture("spinoffs");
    let chapter = site.join("content/chapters/01-sample.md");
    let text = fs::read_to_string(&chapter).unwrap();
    let blocks = "\n\nAs @tbl-printed and @tbl-added show.\n\n\
                  ```table\ndata: universities\nnumber: 4\nlabel: tbl-printed\n```\n\n\
                  ```table\ndata: universities\nlabel: tbl-added\n```\n";
    fs::write(&chapter, format!("{text}{blocks}")).unwrap();
    build_ok(&site);
    let html = fs::read_dir(site.join("public/chapters"))
        .unwrap()
        .map(|e| e.unwrap().path().join("index.html"))
        .filter_map(|p| fs::read_to_string(p).ok())
        .find(|text| text.contains("id=\"tbl-printed\""))
        .map(|text| scraper::Html::parse_document(&text))
        .expect("the chapter page");
    let numbers = texts(&html, "figure .figure-number");
    assert!(numbers.contains(&"Table 4:".to_string()), "{numbers:?}");
    assert!(numbers.iter().any(|n| n.starts_with("Table E")), "{numbers:?}");
    assert!(
        !numbers.iter().any(|n| n.starts_with("Table 1")),
        "an added table took a plain number: {numbers:?}"
    );
    let links = texts(&html, "a.xref");
    assert!(links.contains(&"Table 4".to_string()), "{links:?}");
    assert!(links.iter().any(|l| l.starts_with("Table E")), "{links:?}");
}

/// A site whose alliances file was still empty failed to build: `snapshot=@latest` had no
/// latest value ("no record of `alliances` has snapshot="), and sorting by a pivot column that
/// no record had made yet was "no field `snapshot_2016_12`". An empty source now keeps no rows.
#[test]
fn datasets_over_an_empty_collection_build() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    folio()
        .args(["synth", "-q", "--chapters", "3", "--firms", "0", "--companies", "0", "--alliances", "0"])
        .arg(&site)
        .assert()
        .success();
    build_ok(&site);
    let chapter = fs::read_dir(site.join("content/chapters")).unwrap().next().unwrap().unwrap().path();
    let text = fs::read_to_string(&chapter).unwrap();
    // A typo in an enum value is still an error before any record has a value.
    fs::write(&chapter, format!("{text}\n`=count alliances kind=licensng`\n")).unwrap();
    let out = folio().arg("build").arg(&site).assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("did you mean `licensing`?"), "{stderr}");
}
