//! The search index (`search-index.js`): what a result can show. Each document carries its
//! title, its kind and the page it is part of, and its text as readers see it: citations and
//! computed figures resolved, a record's fields labelled and kept apart.

use serde_json::Value;

use crate::support::*;

/// The documents of a built site's index, as JSON arrays.
fn docs(site: &std::path::Path) -> Vec<Vec<String>> {
    let script = std::fs::read_to_string(site.join("public/search-index.js")).unwrap();
    let json = script.trim_end().strip_prefix("window.FOLIO_SEARCH=").unwrap().strip_suffix(';').unwrap();
    let index: Value = serde_json::from_str(json).unwrap();
    index["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect())
        .collect()
}

fn doc<'a>(docs: &'a [Vec<String>], url: &str) -> &'a [String] {
    docs.iter().find(|d| d[1] == url).unwrap_or_else(|| panic!("no document for {url}: {docs:?}"))
}

#[test]
fn a_section_names_its_page_and_indexes_the_text_readers_see() {
    let (_tmp, site) = copy_fixture("records");
    build_ok(&site);
    let docs = docs(&site);
    let figures = doc(&docs, "chapters/overview/#figures");
    assert_eq!(figures[..4], ["Figures", "chapters/overview/#figures", "section", "Overview"]);
    // Computed figures and cross-references as the page shows them, not their syntax.
    assert!(figures[4].starts_with("The sample holds 2 firms with "), "{}", figures[4]);
    assert!(figures[4].contains("in Flanders. Firm counts per country are in Table 1"), "{}", figures[4]);
    assert!(!figures[4].contains('`') && !figures[4].contains("=count"), "{}", figures[4]);
    let alliances = doc(&docs, "chapters/overview/#alliances");
    assert!(!alliances[4].contains('@'), "citation syntax in {}", alliances[4]);
    assert!(alliances[4].contains("big pharma (Segers, 2016, p. 140;"), "{}", alliances[4]);
    assert!(alliances[4].contains("As Segers (2016) shows"), "{}", alliances[4]);
}

#[test]
fn a_record_s_fields_are_labelled_and_kept_apart() {
    let (_tmp, site) = copy_fixture("records");
    build_ok(&site);
    let docs = docs(&site);
    let beta = doc(&docs, "firms/beta-cell/");
    assert_eq!(beta[..4], ["Beta Cell", "firms/beta-cell/", "Firm", ""]);
    assert!(beta[4].contains(" · "), "{}", beta[4]);
    assert!(beta[4].split(" · ").skip(1).all(|part| part.contains(": ")), "{}", beta[4]);
}
