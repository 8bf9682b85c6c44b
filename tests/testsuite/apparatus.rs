//! The report apparatus: numbered tables with cross-references, figures computed from the data,
//! table blocks, and their diagnostics.

use std::fs;

use crate::support::*;

#[test]
fn table_blocks_are_numbered_and_cross_referenced() {
    let (_tmp, site) = copy_fixture("records");
    build_ok(&site);
    let chapter = page(&site, "chapters/overview/index.html");
    assert_eq!(attrs(&chapter, "figure.data-figure", "id"), ["tbl-countries", "tbl-partners"]);
    assert_eq!(
        texts(&chapter, "figure caption"),
        ["Table 1: Firms per country", "Table 2: Partners by number of Belgian firms"]
    );
    assert_eq!(texts(&chapter, "a.xref"), ["Table 1", "Table 2"]);
    assert_eq!(
        attrs(&chapter, "a.xref", "href"),
        ["../../chapters/overview/#tbl-countries", "../../chapters/overview/#tbl-partners"]
    );
    // sort: -firms puts Spain (2831) before Belgium (350).
    assert_eq!(texts(&chapter, "#tbl-countries tbody td:first-child"), ["Spain", "Belgium"]);
    assert_eq!(
        texts(&chapter, "#tbl-partners tbody td:first-child a"),
        ["BigPharma Inc.", "Beta Cell", "Seed Fund"]
    );
    assert!(
        texts(&chapter, "pre code").iter().any(|t| t.contains("label: not-a-block")),
        "other fences stay code"
    );
}

#[test]
fn computed_figures_follow_the_data() {
    let (_tmp, site) = copy_fixture("records");
    build_ok(&site);
    let values = || texts(&page(&site, "chapters/overview/index.html"), "span.computed");
    assert_eq!(values(), ["2", "3", "BigPharma Inc.", "2", "50%"]);
    let alliances = site.join("content/data/alliances/alpha-bio.yaml");
    let text = fs::read_to_string(&alliances).unwrap();
    let added = "- firm: alpha-bio\n  partner: gamma-labs\n  kind: equity\n  snapshot: \"2016-12\"\n";
    fs::write(&alliances, text + added).unwrap();
    build_ok(&site);
    assert_eq!(values(), ["2", "4", "BigPharma Inc.", "2", "50%"]);
    let home = page(&site, "index.html");
    assert!(
        texts(&home, ".figures li")
            .iter()
            .any(|t| t.starts_with("4") && t.contains("alliances (December 2016)"))
    );
}

#[test]
fn bad_blocks_labels_and_expressions_point_into_the_chapter() {
    let (_tmp, site) = copy_fixture("records");
    let path = site.join("content/chapters/01-overview.md");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("data: biotech-firms\nsort: -firms", "data: biotech-firms\nsort: -firmz")
        .replace("data: partners-by-firms", "data: partners-by-firmz")
        .replace("@tbl-countries", "@tbl-countrie")
        .replace("`=share firms region=flanders`", "`=average firms founded`");
    fs::write(&path, text).unwrap();
    let out = folio().arg("check").arg(&site).assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let expected = [
        "01-overview.md:15:1: error: unknown function `average`: use count, sum, mean,",
        "01-overview.md:16:1: error: unknown label `tbl-countrie`",
        "did you mean `tbl-countries`?",
        "01-overview.md:20:7: error: dataset `biotech-firms` has no column `firmz`",
        "did you mean `firms`?",
        "01-overview.md:26:7: error: unknown dataset `partners-by-firmz`",
        "did you mean `partners-by-firms`?",
        "4 problems found",
    ];
    for line in expected {
        assert!(stderr.contains(line), "missing `{line}` in:\n{stderr}");
    }
}
