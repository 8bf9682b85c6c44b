//! Sites that declare their own data in `content/data/schema.yaml`: every mistake in a schema or
//! its records is reported at its position (`bad-schema`), and a site from another field
//! (`spinoffs`: university spin-offs, their funding and partners) builds into record pages,
//! listings, back-links, computed figures and exports that follow the data.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use scraper::Html;

use crate::support::*;

fn check_fails(site: &Path) -> String {
    let out = folio().arg("check").arg(site).assert().code(1);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

fn assert_reports(stderr: &str, expected: &[&str]) {
    for line in expected {
        assert!(stderr.contains(line), "missing `{line}` in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// One run reports the schema's own mistakes and, for the rest of the schema, every mistake in
/// the records: a schema error does not hide the data's.
#[test]
fn schema_and_record_mistakes_are_all_reported_in_one_run() {
    let stderr = check_fails(&fixture("bad-schema"));
    assert_reports(
        &stderr,
        &[
            "content/data/schema.yaml:7:16: error: field `country` labels `nl`, which is not one of its `enum` values",
            "content/data/schema.yaml:8:31: error: unknown field type `yaer`",
            "did you mean `year`?",
            "content/data/schema.yaml:16:37: error: field `investor` refers to unknown collection `investrs`",
            "content/data/old-notes.yaml: error: no collection of the schema claims this data",
            "content/data/rounds.csv:3:1: error: this row has 2 cells, the header has 3",
            "content/data/spinoffs/alpha.yaml:4:9: error: field `parent` makes a cycle: alpha → beta → alpha",
            "content/data/spinoffs/delta.yaml:4:9: error: `biotek` is not a value of field `sector`",
            "did you mean `biotech`?",
            "content/data/spinoffs/epsilon.yaml:4:10: error: unsafe link in field `website` `javascript:alert(1)`: the scheme `javascript:` is not allowed",
            "content/data/spinoffs/gamma.yaml:3:13: error: field `university` names `nordhiem`, which is not a record of universities",
            "did you mean `nordheim`?",
            "content/data/spinoffs/zeta.yaml:4:1: error: unknown field `employes` in a record of `spinoffs`",
            "did you mean `employees`?",
            "content/data/universities.yaml:2:3: error: required field `name` is missing",
            "11 problems found",
        ],
    );
    assert!(
        !stderr.contains("beta.yaml:4:9: error: field `parent` makes a cycle"),
        "a cycle is reported once"
    );
}

// ---- the spin-offs site ----

const DATA: &str = "content/data";

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, site) = copy_fixture("spinoffs");
    build_ok(&site);
    (tmp, site)
}

/// Each spin-off of the site's folder as (id, university), read from its file.
fn spinoffs(site: &Path) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = fs::read_dir(site.join(DATA).join("spinoffs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let text = fs::read_to_string(&p).unwrap();
            let university = text
                .lines()
                .find_map(|l| l.strip_prefix("university:"))
                .unwrap_or_else(|| panic!("{} has no university", p.display()))
                .trim()
                .to_string();
            (p.file_stem().unwrap().to_string_lossy().into_owned(), university)
        })
        .collect();
    found.sort();
    found
}

/// The site paths that the links of `html`, a page at `page_path`, lead to (relative links
/// resolved, `#fragments` dropped): `spin-offs/lumora/` whether written `../lumora/` or
/// `../../spin-offs/lumora/`.
fn link_targets(html: &Html, page_path: &str) -> BTreeSet<String> {
    let base: Vec<&str> = page_path.split('/').collect();
    let base = &base[..base.len() - 1];
    attrs(html, "a[href]", "href")
        .into_iter()
        .filter(|h| !h.contains("://") && !h.starts_with('#') && !h.starts_with("mailto:"))
        .map(|href| {
            let href = href.split('#').next().unwrap().to_string();
            let mut parts: Vec<&str> = base.to_vec();
            for segment in href.split('/') {
                match segment {
                    ".." => {
                        parts.pop();
                    }
                    "." | "" => {}
                    s => parts.push(s),
                }
            }
            let mut path = parts.join("/");
            if href.ends_with('/') {
                path.push('/');
            }
            path
        })
        .collect()
}

/// The text of the computed figure `=expr` on a page.
fn figure(html: &Html, expr: &str) -> String {
    let selector = format!("span.computed[title=\"computed from the data: {expr}\"]");
    let found = texts(html, &selector);
    assert_eq!(found.len(), 1, "`={expr}` appears once as a computed figure: {found:?}");
    found[0].clone()
}

/// Rows of a CSV file, header excluded.
fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reader.records().map(Result::unwrap).collect()
}

#[test]
fn spinoffs_fixture_checks_clean() {
    folio().arg("check").arg(fixture("spinoffs")).assert().success();
}

#[test]
fn a_spinoff_page_links_to_its_university_and_back() {
    let (_tmp, site) = built();
    let lumora_sense = page(&site, "spin-offs/lumora-sense/index.html");
    assert_eq!(texts(&lumora_sense, "h1"), ["Lumora Sense"]);
    let links = link_targets(&lumora_sense, "spin-offs/lumora-sense/index.html");
    assert!(links.contains("universities/nordheim/"), "{links:?}");
    assert!(links.contains("spin-offs/lumora/"), "the parent spin-off: {links:?}");

    let university = page(&site, "universities/nordheim/index.html");
    assert!(
        texts(&university, "h2").iter().any(|h| h.starts_with("Spin-offs")),
        "{:?}",
        texts(&university, "h2")
    );
    let links = link_targets(&university, "universities/nordheim/index.html");
    let from_nordheim: Vec<String> =
        spinoffs(&site).into_iter().filter(|(_, u)| u == "nordheim").map(|(id, _)| id).collect();
    assert!(from_nordheim.len() >= 2);
    for id in from_nordheim {
        assert!(links.contains(&format!("spin-offs/{id}/")), "back-link to {id}: {links:?}");
    }
    assert!(!links.contains("spin-offs/cellvane/"), "Cellvane is from Valmont: {links:?}");
}

#[test]
fn a_case_body_shows_on_its_record_page() {
    let (_tmp, site) = built();
    let lumora = page(&site, "spin-offs/lumora/index.html");
    assert!(texts(&lumora, "h2").iter().any(|h| h == "Case"), "{:?}", texts(&lumora, "h2"));
    assert!(texts(&lumora, "a.citation").iter().any(|c| c.starts_with("Kessler")));
}

#[test]
fn the_listing_lists_every_spinoff() {
    let (_tmp, site) = built();
    let listing = page(&site, "spin-offs/index.html");
    let links = link_targets(&listing, "spin-offs/index.html");
    let all = spinoffs(&site);
    assert_eq!(all.len(), 7);
    for (id, _) in &all {
        assert!(links.contains(&format!("spin-offs/{id}/")), "{id} missing from {links:?}");
    }
    assert_eq!(texts(&listing, "tbody tr").len(), all.len());
}

#[test]
fn computed_figures_match_the_records() {
    let (_tmp, site) = built();
    let all = spinoffs(&site);
    let sample = page(&site, "chapters/sample/index.html");
    assert_eq!(figure(&sample, "count spinoffs"), all.len().to_string());
    let nordheim = all.iter().filter(|(_, u)| u == "nordheim").count();
    assert_eq!(figure(&sample, "count spinoffs university=nordheim"), nordheim.to_string());
    assert_eq!(figure(&sample, "top spinoffs university"), "Universität Nordheim");

    let rounds = csv_rows(&site.join(DATA).join("funding-rounds.csv"));
    let funding = page(&site, "chapters/funding/index.html");
    assert_eq!(figure(&funding, "count funding-rounds"), rounds.len().to_string());
    let total: f64 = rounds.iter().map(|r| r[3].parse::<f64>().unwrap()).sum();
    let shown = figure(&funding, "sum funding-rounds amount");
    assert_eq!(shown.replace(',', "").parse::<f64>().ok(), Some(total), "shown: {shown}");
    let lumora_equity: f64 = rounds
        .iter()
        .filter(|r| &r[0] == "lumora" && &r[2] != "grant")
        .map(|r| r[3].parse::<f64>().unwrap())
        .sum();
    let shown = figure(&funding, "cell funding-per-spinoff raised spinoff=lumora");
    assert_eq!(shown.parse::<f64>().ok(), Some(lumora_equity), "shown: {shown}");
    assert_eq!(figure(&funding, "top funding-rounds lead"), "Rheinfeld Ventures");
}

#[test]
fn the_collection_export_has_one_row_per_record() {
    let (_tmp, site) = built();
    let source = csv_rows(&site.join(DATA).join("funding-rounds.csv"));
    let export = csv_rows(&site.join("public/data/funding-rounds.csv"));
    assert_eq!(export.len(), source.len());
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("public/data/funding-rounds.json")).unwrap())
            .unwrap();
    let json_rows =
        json.as_array().or_else(|| json["rows"].as_array()).or_else(|| json["records"].as_array());
    assert_eq!(json_rows.map(Vec::len), Some(source.len()), "{json}");
    // The dataset: one row per spin-off with an equity round.
    let equity: BTreeSet<&str> = source.iter().filter(|r| &r[2] != "grant").map(|r| &r[0]).collect();
    assert_eq!(csv_rows(&site.join("public/data/funding-per-spinoff.csv")).len(), equity.len());
}

#[test]
fn the_joining_collection_gets_a_network_page() {
    let (_tmp, site) = built();
    let network = page(&site, "networks/partnerships/index.html");
    assert_eq!(texts(&network, "h1"), ["Partnership network"]);
}

#[test]
fn a_new_record_changes_the_listing_and_the_prose_with_no_other_edit() {
    let (_tmp, site) = copy_fixture("spinoffs");
    let before = spinoffs(&site).len();
    fs::write(
        site.join(DATA).join("spinoffs/vireo.yaml"),
        "id: vireo\nname: Vireo Acoustics\nuniversity: valmont\nfounded: 2022\nsector: software\nemployees: 4\n",
    )
    .unwrap();
    build_ok(&site);
    let listing = page(&site, "spin-offs/index.html");
    assert!(link_targets(&listing, "spin-offs/index.html").contains("spin-offs/vireo/"));
    assert_eq!(texts(&listing, "tbody tr").len(), before + 1);
    let sample = page(&site, "chapters/sample/index.html");
    assert_eq!(figure(&sample, "count spinoffs"), (before + 1).to_string());
    assert!(fs::metadata(site.join("public/spin-offs/vireo/index.html")).is_ok());
}

#[test]
fn a_collection_without_pages_still_builds() {
    let (_tmp, site) = copy_fixture("spinoffs");
    let schema = site.join(DATA).join("schema.yaml");
    let text = fs::read_to_string(&schema).unwrap();
    let edited = text.replace(
        "  - name: companies\n    path: companies.yaml\n",
        "  - name: companies\n    path: companies.yaml\n    pages: false\n",
    );
    assert_ne!(edited, text);
    fs::write(&schema, edited).unwrap();
    build_ok(&site);
    assert!(!site.join("public/companies").exists());
    // Partners that are companies are named without a link; those that are spin-offs keep theirs.
    let lumora = page(&site, "spin-offs/lumora-sense/index.html");
    let links = link_targets(&lumora, "spin-offs/lumora-sense/index.html");
    assert!(links.contains("spin-offs/lumora/"), "{links:?}");
    assert!(!links.iter().any(|l| l.starts_with("companies/")), "{links:?}");
}

/// A site where one group is named by 2,110 items and another by 40, and two works (their
/// keys differing only in case) are each cited by half of the items.
fn crowded_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    fs::create_dir_all(site.join("content/data")).unwrap();
    fs::create_dir_all(site.join("content/chapters")).unwrap();
    fs::write(site.join("folio.yaml"), "title: Crowded\n").unwrap();
    fs::write(site.join("content/chapters/01-a.md"), "---\ntitle: A\norder: 1\n---\n\nText.\n").unwrap();
    fs::write(
        site.join("content/data/schema.yaml"),
        "collections:\n  - name: groups\n    path: groups.csv\n    fields:\n      - {name: id}\n      - {name: name}\n  - name: items\n    path: items.csv\n    listing: {columns: [name, n, group], sort: n}\n    fields:\n      - {name: id}\n      - {name: name}\n      - {name: n, type: integer}\n      - {name: group, reference: groups, backlink: Members}\n      - {name: source, type: citation}\n",
    )
    .unwrap();
    fs::write(site.join("content/data/groups.csv"), "id,name\ng-1,Large\ng-2,Small\n").unwrap();
    let rows: String = (1..=2150)
        .map(|i| {
            let group = if i <= 2110 { "g-1" } else { "g-2" };
            let source = if i % 2 == 0 { "tide2020" } else { "Tide2020" };
            format!("item-{i},Item {i},{i},{group},{source}\n")
        })
        .collect();
    fs::write(site.join("content/data/items.csv"), format!("id,name,n,group,source\n{rows}")).unwrap();
    fs::write(
        site.join("content/data/references.yaml"),
        "- key: tide2020\n  authors: [\"Tide, T.\"]\n  year: 2020\n  title: Low water\n- key: Tide2020\n  authors: [\"Wave, U.\"]\n  year: 2020\n  title: High water\n",
    )
    .unwrap();
    build_ok(&site);
    (tmp, site)
}

/// A record named by more records than its page should hold tables the first 100, in the
/// listing's order, and links to pages of all of them, split like a listing, whose rows a
/// browser can sort and filter across pages; a record named by few shows them all.
#[test]
fn a_record_named_by_thousands_shows_the_first_and_links_to_pages_of_all() {
    let (_tmp, site) = crowded_site();
    let large = page(&site, "groups/g-1/index.html");
    assert_eq!(texts(&large, "h2#items-group .count"), ["(2,110)"]);
    let shown = texts(&large, "section tbody th");
    assert_eq!(shown, (1..=100).map(|i| format!("Item {i}")).collect::<Vec<_>>());
    assert_eq!(texts(&large, "p.more"), ["The first 100 of 2,110 are shown here. See all 2,110"]);
    assert_eq!(attrs(&large, "p.more a", "href"), ["../../groups/g-1/items-group/"]);
    // Sorting and filtering the first 100 reach all 2,110, from the scripts of their pages.
    assert_eq!(attrs(&large, "section table", "data-all-rows"), ["../../groups/g-1/items-group/"]);
    assert_eq!(attrs(&large, "section table", "data-all-chunks"), ["3"]);

    let first = page(&site, "groups/g-1/items-group/index.html");
    assert_eq!(texts(&first, "h1"), ["Members (2,110)"]);
    assert_eq!(texts(&first, "tbody tr").len(), 1000);
    // The field naming the group is no column: every row names it.
    assert_eq!(texts(&first, "thead th"), ["Name", "N"]);
    let links = link_targets(&first, "groups/g-1/items-group/index.html");
    for target in
        ["groups/g-1/", "groups/g-1/items-group/page_2/", "groups/g-1/items-group/page_3/", "items/item-1/"]
    {
        assert!(links.contains(target), "{target} in {links:?}");
    }
    let table = attrs(&first, "table[data-all-rows]", "data-all-rows");
    assert_eq!(table, ["../../../groups/g-1/items-group/"]);
    let last = page(&site, "groups/g-1/items-group/page_3/index.html");
    assert_eq!(texts(&last, "tbody th"), (2001..=2110).map(|i| format!("Item {i}")).collect::<Vec<_>>());
    for n in 1..=3 {
        let script =
            fs::read_to_string(site.join(format!("public/groups/g-1/items-group/rows_{n}.js"))).unwrap();
        assert!(script.starts_with(&format!("folioRows(\"groups/g-1/items-group/\",{n},")), "{script:.80}");
    }

    let small = page(&site, "groups/g-2/index.html");
    assert_eq!(texts(&small, "section tbody th").len(), 40);
    assert!(texts(&small, "p.more").is_empty());
    assert!(!site.join("public/groups/g-2/items-group").exists());
}

/// The bibliography links to the first 25 pages citing a work, then to the work's own pages
/// of all of them; two keys that differ only in case get two addresses.
#[test]
fn a_work_cited_by_thousands_lists_its_citing_pages_on_pages_of_its_own() {
    let (_tmp, site) = crowded_site();
    let references = page(&site, "references/index.html");
    let entry = |key: &str| {
        let selector = scraper::Selector::parse(&format!("li[id={key}] .cited-by a")).unwrap();
        references.select(&selector).map(|a| a.value().attr("href").unwrap().to_string()).collect::<Vec<_>>()
    };
    let (lower, upper) = (entry("tide2020"), entry("Tide2020"));
    assert_eq!((lower.len(), upper.len()), (26, 26), "{lower:?}");
    assert_eq!(lower[..2], ["../items/item-2/", "../items/item-4/"]);
    assert_eq!(lower[25], "../references/tide2020/");
    assert_eq!(upper[25], "../references/tide2020-2/");
    let last_link = texts(&references, "li[id=Tide2020] .cited-by a").pop().unwrap();
    assert_eq!(last_link, "all 1,075 pages citing it");

    let own = page(&site, "references/tide2020-2/index.html");
    assert_eq!(texts(&own, "h1"), ["Cited in 1,075 pages"]);
    assert!(texts(&own, ".cited-work")[0].contains("High water"));
    assert_eq!(texts(&own, "ul.cited-in li").len(), 1000);
    assert_eq!(attrs(&own, ".eyebrow a", "href"), ["../../references/#Tide2020"]);
    assert!(link_targets(&own, "references/tide2020-2/index.html").contains("references/tide2020-2/page_2/"));
    let rest = page(&site, "references/tide2020-2/page_2/index.html");
    assert_eq!(texts(&rest, "ul.cited-in li").len(), 75);
    let title = &texts(&rest, "title")[0];
    assert!(title.starts_with("Pages citing Wave, U. (2020). High water"), "{title}");
}

/// A listing longer than a page is split into pages that link to each other; no page holds
/// more than 1,000 rows, and the rows keep their order across pages.
#[test]
fn a_long_listing_is_split_into_linked_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    fs::create_dir_all(site.join("content/data")).unwrap();
    fs::create_dir_all(site.join("content/chapters")).unwrap();
    fs::write(site.join("folio.yaml"), "title: Many\n").unwrap();
    fs::write(site.join("content/chapters/01-a.md"), "---\ntitle: A\norder: 1\n---\n\nText.\n").unwrap();
    fs::write(
        site.join("content/data/schema.yaml"),
        "collections:\n  - name: items\n    path: items.csv\n    listing: {columns: [name, n], sort: n}\n    fields:\n      - {name: id}\n      - {name: name}\n      - {name: n, type: integer}\n",
    )
    .unwrap();
    let rows: String = (1..=2100).map(|i| format!("item-{i},Item {i},{i}\n")).collect();
    fs::write(site.join("content/data/items.csv"), format!("id,name,n\n{rows}")).unwrap();
    build_ok(site);
    let first = page(site, "items/index.html");
    assert_eq!(texts(&first, "tbody tr").len(), 1000);
    let links = link_targets(&first, "items/index.html");
    assert!(links.contains("items/page_2/") && links.contains("items/page_3/"), "{links:?}");
    let last = page(site, "items/page_3/index.html");
    assert_eq!(texts(&last, "tbody th"), (2001..=2100).map(|i| format!("Item {i}")).collect::<Vec<_>>());
    assert!(link_targets(&last, "items/page_3/index.html").contains("items/item-2100/"));
}
