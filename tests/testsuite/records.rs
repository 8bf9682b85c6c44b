//! Data records become pages: directory, case pages, partners, regions, tables, alliances,
//! references and CSV/JSON exports, all following the data when it changes.

use std::fs;

use crate::support::*;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, site) = copy_fixture("records");
    build_ok(&site);
    (tmp, site)
}

#[test]
fn firm_directory_lists_every_firm_with_counts() {
    let (_tmp, site) = built();
    let dir = page(&site, "firms/index.html");
    assert_eq!(texts(&dir, "tbody th a"), ["Alpha Bio", "Beta Cell"]);
    assert_eq!(attrs(&dir, "tbody th a", "href"), ["../firms/alpha-bio/", "../firms/beta-cell/"]);
    // Alliances column counts the latest snapshot (2016-12): Alpha has 2, Beta 1.
    assert_eq!(texts(&dir, "tbody td.num:nth-of-type(5)"), ["2", "1"]);
}

#[test]
fn case_page_shows_record_alliances_relations_case_and_sources() {
    let (_tmp, site) = built();
    let alpha = page(&site, "firms/alpha-bio/index.html");
    assert_eq!(texts(&alpha, "h1"), ["Alpha Bio"]);
    assert_eq!(
        texts(&alpha, ".data-table caption"),
        ["Data as of December 2016 (2 alliances)", "Data as of December 2015 (2 alliances)"]
    );
    let partners = attrs(&alpha, ".data-table tbody th a", "href");
    assert_eq!(
        partners,
        [
            "../../firms/beta-cell/",
            "../../partners/bigpharma/",
            "../../partners/bigpharma/",
            "../../partners/seed-fund/"
        ]
    );
    let facts = texts(&alpha, "dl.facts dd");
    assert!(facts.contains(&"Flanders (Gent)".to_string()), "{facts:?}");
    assert!(facts.contains(&"Beta Cell".to_string()), "inverse relation: {facts:?}");
    assert!(facts.iter().any(|f| f.starts_with("Gamma Labs (2013-01)")), "{facts:?}");
    assert_eq!(texts(&alpha, "#case"), ["Case"]);
    assert_eq!(texts(&alpha, "a.citation"), ["Segers, 2016"]);
    assert_eq!(texts(&alpha, "#related + p + ul li a:first-child"), ["Beta Cell"]);
    let beta = page(&site, "firms/beta-cell/index.html");
    assert_eq!(texts(&beta, "dl.facts dt"), ["Region", "Spin-out of"]);
}

#[test]
fn partner_region_table_and_alliance_pages() {
    let (_tmp, site) = built();
    let partner = page(&site, "partners/bigpharma/index.html");
    assert_eq!(texts(&partner, "tbody th a"), ["Alpha Bio", "Beta Cell"]);
    assert!(texts(&partner, "dl.facts dd").iter().any(|t| t.starts_with("hardly open")));
    let region = page(&site, "regions/wallonia/index.html");
    assert_eq!(texts(&region, "tbody th a"), ["Beta Cell"]);
    let table = page(&site, "tables/biotech-firms/index.html");
    assert_eq!(
        texts(&table, "table[data-sortable] tbody td"),
        ["Belgium", "350", "36.3", "Spain", "2831", "–"]
    );
    let alliances = page(&site, "alliances/index.html");
    assert_eq!(texts(&alliances, "tbody tr").len(), 5);
    assert!(texts(&alliances, ".lead")[0].contains("3 as of December 2016; 2 as of December 2015"));
}

#[test]
fn citations_link_to_the_bibliography_and_back() {
    let (_tmp, site) = built();
    let chapter = page(&site, "chapters/overview/index.html");
    assert_eq!(texts(&chapter, "a.citation"), ["Segers, 2016", "Michelino et al., 2015", "2016"]);
    assert!(texts(&chapter, ".prose p")[0].contains("(Segers, 2016, p. 140; Michelino et al., 2015)"));
    assert_eq!(
        attrs(&chapter, ".references a", "href"),
        ["../../references/#michelino2015", "../../references/#segers2016"]
    );
    let refs = page(&site, "references/index.html");
    assert_eq!(
        attrs(&refs, ".bibliography li", "id"),
        ["michelino2015", "nobody2000", "oecd2015", "segers2016"].map(|k| if k == "nobody2000" {
            "unused2000"
        } else {
            k
        })
    );
    let back: Vec<String> = texts(&refs, "#segers2016 .cited-by a");
    assert_eq!(back, ["Overview", "Alpha Bio", "Beta Cell"]);
}

#[test]
fn exports_hold_the_records() {
    let (_tmp, site) = built();
    let csv = fs::read_to_string(site.join("public/data/alliances.csv")).unwrap();
    assert_eq!(csv.lines().count(), 6);
    assert!(csv.starts_with("firm,partner,kind,snapshot,year\r\n"));
    assert!(csv.contains("alpha-bio,bigpharma,Licensing,2016-12,2014\r\n"));
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("public/data/biotech-firms.json")).unwrap())
            .unwrap();
    assert_eq!(json["rows"][0], serde_json::json!(["Belgium", 350, 36.3]));
    let firms = fs::read_to_string(site.join("public/data/firms.csv")).unwrap();
    assert!(firms.contains("alpha-bio,Alpha Bio,New biotechnology firm,flanders,Gent,1998,euronext"));
}

#[test]
fn pages_follow_a_data_update() {
    let (_tmp, site) = built();
    let data = site.join("content/data");
    // Add an alliance, rename a partner, remove a firm (and what referred to it).
    let alpha = fs::read_to_string(data.join("alliances/alpha-bio.yaml")).unwrap();
    let alpha = alpha.replace("  - partner: beta-cell\n    kind: r-and-d\n    snapshot: \"2016-12\"\n", "");
    fs::write(
        data.join("alliances/alpha-bio.yaml"),
        alpha + "  - partner: gamma-labs\n    kind: co-development\n    snapshot: \"2016-12\"\n",
    )
    .unwrap();
    let companies = fs::read_to_string(data.join("companies.yaml")).unwrap();
    fs::write(data.join("companies.yaml"), companies.replace("BigPharma Inc.", "MegaPharma AG")).unwrap();
    fs::remove_file(data.join("firms/beta-cell.yaml")).unwrap();
    fs::remove_file(data.join("alliances/beta-cell.yaml")).unwrap();
    build_ok(&site);

    let dir = page(&site, "firms/index.html");
    assert_eq!(texts(&dir, "tbody th a"), ["Alpha Bio"]);
    assert_eq!(texts(&dir, "tbody td.num:nth-of-type(5)"), ["2"]);
    assert!(!site.join("public/firms/beta-cell").exists());
    let alpha = page(&site, "firms/alpha-bio/index.html");
    assert_eq!(texts(&alpha, ".data-table tbody th a")[..2], ["Gamma Labs", "MegaPharma AG"]);
    let partner = page(&site, "partners/bigpharma/index.html");
    assert_eq!(texts(&partner, "h1"), ["MegaPharma AG"]);
    assert_eq!(texts(&partner, "tbody th a"), ["Alpha Bio"]);
    assert_eq!(texts(&page(&site, "partners/gamma-labs/index.html"), "tbody th a"), ["Alpha Bio"]);
    let csv = fs::read_to_string(site.join("public/data/alliances.csv")).unwrap();
    assert!(csv.contains("alpha-bio,gamma-labs,Co-development,2016-12,"));
    assert!(!csv.contains("beta-cell"));
    let partners_csv = fs::read_to_string(site.join("public/data/partners.csv")).unwrap();
    assert!(partners_csv.contains("MegaPharma AG") && !partners_csv.contains("BigPharma"));
}

#[test]
fn hostile_field_values_render_as_inert_text_everywhere() {
    let (_tmp, site) = copy_fixture("records");
    let payload =
        r#"<script>alert(1)</script> \"><img src=x onerror=alert(2)> {{ site.title }} =HYPERLINK(1)"#;
    let firm = fs::read_to_string(site.join("content/data/firms/alpha-bio.yaml")).unwrap();
    let firm = firm
        .replace("name: Alpha Bio", &format!("name: \"{payload}\""))
        .replace("location: Gent", &format!("location: \"{payload}\""));
    fs::write(site.join("content/data/firms/alpha-bio.yaml"), firm).unwrap();
    build_ok(&site);
    let plain = payload.replace("\\\"", "\"");
    for (path, bytes) in
        tree(&site.join("public")).into_iter().filter(|(p, _)| p.ends_with(".html") || p.ends_with(".xml"))
    {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("<script>alert"), "{path} holds a live script tag");
        assert!(!text.contains("<img src=x"), "{path} holds a live img tag");
    }
    // The text shows literally, template syntax included (never evaluated).
    assert_eq!(texts(&page(&site, "firms/alpha-bio/index.html"), "h1")[0], plain);
    let dir = page(&site, "firms/index.html");
    assert_eq!(texts(&dir, "tbody th a")[0], plain);
    let csv = fs::read_to_string(site.join("public/data/firms.csv")).unwrap();
    assert!(csv.contains(
        "\"<script>alert(1)</script> \"\"><img src=x onerror=alert(2)> {{ site.title }} =HYPERLINK(1)\""
    ));
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("public/data/firms.json")).unwrap()).unwrap();
    assert_eq!(json[0]["name"], serde_json::Value::String(plain));
}

#[test]
fn changes_page_compares_the_two_latest_snapshots() {
    let (_tmp, site) = built();
    let changes = page(&site, "changes/index.html");
    assert_eq!(
        texts(&changes, ".lead"),
        [
            "From December 2015 to December 2016: 2 alliances added and 1 dropped across the firms of the sample."
        ]
    );
    let rows = texts(&changes, "#firms ~ .table-wrap tbody tr");
    assert_eq!(rows.len(), 2);
    assert!(rows[0].starts_with("Alpha Bio") && rows[0].contains("changed"), "{rows:?}");
    assert_eq!(
        texts(&changes, "#firms ~ .table-wrap tbody tr:first-child td:nth-of-type(2) a"),
        ["Beta Cell"]
    );
    assert_eq!(
        texts(&changes, "#firms ~ .table-wrap tbody tr:first-child td:nth-of-type(3) a"),
        ["Seed Fund"]
    );
    assert!(rows[1].starts_with("Beta Cell") && rows[1].contains("new in the later snapshot"));
    let alpha = page(&site, "firms/alpha-bio/index.html");
    let section = texts(&alpha, "#changes ~ ul li");
    assert_eq!(section, ["Added: Beta Cell", "Dropped: Seed Fund"]);
}
