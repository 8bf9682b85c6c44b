//! Records declared by a schema become pages (the `records` fixture, a miniature of the
//! dissertation): listings, a page per record with links and back-links, the network and
//! changes pages of the alliance panel, tables, references and CSV/JSON exports, all following
//! the data when it changes.

use std::fs;

use crate::support::*;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, site) = copy_fixture("records");
    build_ok(&site);
    (tmp, site)
}

/// Each row of the tables matching `selector`, its cells' texts joined by ` | `.
fn rows(html: &scraper::Html, selector: &str) -> Vec<String> {
    let rows = scraper::Selector::parse(&format!("{selector} tbody tr")).unwrap();
    let cells = scraper::Selector::parse("th, td").unwrap();
    html.select(&rows)
        .map(|row| {
            let cells: Vec<String> =
                row.select(&cells).map(|c| c.text().collect::<String>().trim().to_string()).collect();
            cells.join(" | ")
        })
        .collect()
}

/// The rows of the back-link table(s) under section `id` of a record page.
fn section_rows(html: &scraper::Html, id: &str) -> Vec<String> {
    rows(html, &format!("section[aria-labelledby={id}]"))
}

#[test]
fn listing_lists_every_firm_and_the_sample_dataset_counts_alliances() {
    let (_tmp, site) = built();
    let listing = page(&site, "firms/index.html");
    assert_eq!(texts(&listing, "thead th"), ["Name", "Kind", "Region", "Location", "Founded"]);
    assert_eq!(texts(&listing, "tbody th a"), ["Alpha Bio", "Beta Cell"]);
    assert_eq!(attrs(&listing, "tbody th a", "href"), ["../firms/alpha-bio/", "../firms/beta-cell/"]);
    assert_eq!(texts(&listing, "tbody td:nth-of-type(1)"), ["New biotechnology firm", "Spin-off"]);
    assert_eq!(attrs(&listing, "tbody td a", "href"), ["../regions/flanders/", "../regions/wallonia/"]);
    // Alliances per firm in the latest snapshot (2016-12): Alpha has 2, Beta 1.
    let sample = fs::read_to_string(site.join("public/data/sample.csv")).unwrap();
    assert_eq!(sample, "name,region,alliances\r\nAlpha Bio,Flanders,2\r\nBeta Cell,Wallonia,1\r\n");
}

#[test]
fn record_page_shows_fields_back_links_case_and_sources() {
    let (_tmp, site) = built();
    let alpha = page(&site, "firms/alpha-bio/index.html");
    assert_eq!(texts(&alpha, "h1"), ["Alpha Bio"]);
    assert_eq!(
        texts(&alpha, "dl.facts dt"),
        ["Kind", "Region", "Location", "Founded", "Listed", "Platforms", "Products"]
    );
    assert_eq!(
        texts(&alpha, "dl.facts dd"),
        ["New biotechnology firm", "Flanders", "Gent", "1998", "Euronext", "Antibody platform", "AB-1"]
    );
    // Its alliances, one table per snapshot, newest first, each partner a link.
    assert_eq!(texts(&alpha, "#alliances-firm ~ h3"), ["December 2016 (2)", "December 2015 (2)"]);
    assert_eq!(
        attrs(&alpha, "section[aria-labelledby=alliances-firm] tbody th a", "href"),
        [
            "../../partners/bigpharma/",
            "../../firms/beta-cell/",
            "../../partners/bigpharma/",
            "../../partners/seed-fund/"
        ]
    );
    // Back-links from the relations and acquisitions that name it.
    assert_eq!(section_rows(&alpha, "relations-of"), ["Beta Cell | Spin-out of"]);
    assert_eq!(section_rows(&alpha, "acquisitions-firm"), ["Acquired | Gamma Labs | January 2013"]);
    // The case text kept beside the record, its citation, and the record's sources.
    assert_eq!(texts(&alpha, "#case"), ["Case"]);
    assert_eq!(texts(&alpha, "a.citation"), ["Segers, 2016"]);
    assert_eq!(attrs(&alpha, "#sources + ul a", "href"), ["../../references/#segers2016"]);
    // Its neighbourhood in the alliance network: the firms it shares partners with.
    assert_eq!(
        texts(&alpha, "#fig-neighbourhood-alliances .chart-data tbody th"),
        ["Alpha Bio", "Beta Cell"]
    );

    let beta = page(&site, "firms/beta-cell/index.html");
    assert_eq!(texts(&beta, "dl.facts dt"), ["Kind", "Region"]);
    assert_eq!(section_rows(&beta, "relations-firm"), ["Spin-out of | Alpha Bio"]);
    assert_eq!(attrs(&beta, "section[aria-labelledby=relations-firm] a", "href"), ["../../firms/alpha-bio/"]);
    // A firm that is also a partner gets both back-link sections.
    assert_eq!(section_rows(&beta, "alliances-partner"), ["Alpha Bio | R&D | "]);
}

#[test]
fn partner_region_table_alliance_network_pages() {
    let (_tmp, site) = built();
    let partner = page(&site, "partners/bigpharma/index.html");
    assert_eq!(texts(&partner, "h1"), ["BigPharma Inc."]);
    assert_eq!(texts(&partner, "#alliances-partner ~ h3"), ["December 2016 (2)", "December 2015 (1)"]);
    assert_eq!(
        texts(&partner, "section[aria-labelledby=alliances-partner] tbody th a"),
        ["Alpha Bio", "Beta Cell", "Alpha Bio"]
    );
    assert!(texts(&partner, "dl.facts dd").iter().any(|t| t == "hardly open"));
    let region = page(&site, "regions/wallonia/index.html");
    assert_eq!(texts(&region, "section[aria-labelledby=firms-region] tbody th a"), ["Beta Cell"]);
    let table = page(&site, "tables/biotech-firms/index.html");
    assert_eq!(
        texts(&table, "table[data-sortable] tbody td"),
        ["Belgium", "350", "36.3", "Spain", "2,831", "–"]
    );
    // Alliances have no pages of their own: a listing of every snapshot's records.
    let alliances = page(&site, "alliances/index.html");
    assert_eq!(texts(&alliances, "tbody tr").len(), 5);
    assert!(texts(&alliances, "header p").contains(&"5 alliances.".to_string()));
    assert!(!site.join("public/alliances/1").exists());
    // The network of the latest snapshot at the network's address, the earlier one below it.
    let network = page(&site, "network/index.html");
    assert_eq!(texts(&network, "h1"), ["Alliance network, December 2016"]);
    assert_eq!(attrs(&network, ".vintages a", "href"), ["../network/2015-12/"]);
    assert_eq!(texts(&page(&site, "network/2015-12/index.html"), "h1"), ["Alliance network, December 2015"]);
    assert_eq!(attrs(&alliances, "main p a", "href")[0], "../network/");
}

#[test]
fn citations_link_to_the_bibliography_and_back() {
    let (_tmp, site) = built();
    let chapter = page(&site, "chapters/overview/index.html");
    // APA (the default style) orders a citation's works by author; a locator belongs to its work.
    assert_eq!(
        texts(&chapter, "a.citation"),
        ["Michelino et al., 2015", "Segers, 2016, p. 140", "Segers (2016)"]
    );
    assert!(texts(&chapter, ".prose p")[0].contains("(Michelino et al., 2015; Segers, 2016, p. 140)"));
    assert_eq!(
        attrs(&chapter, ".references a", "href"),
        ["../../references/#michelino2015", "../../references/#segers2016"]
    );
    let refs = page(&site, "references/index.html");
    assert_eq!(
        attrs(&refs, ".bibliography li", "id"),
        // Sorted by author: Michelino, Nobody, OECD, Segers.
        ["michelino2015", "unused2000", "oecd2015", "segers2016"]
    );
    let back: Vec<String> = texts(&refs, "#segers2016 .cited-by a");
    assert_eq!(back, ["Overview", "Alpha Bio", "Beta Cell"]);
}

#[test]
fn exports_hold_raw_values_and_typed_json() {
    let (_tmp, site) = built();
    let csv = fs::read_to_string(site.join("public/data/alliances.csv")).unwrap();
    assert_eq!(csv.lines().count(), 6);
    assert!(csv.starts_with("firm,partner,kind,snapshot,year,sources\r\n"), "{csv}");
    // Ids and enum values as written, not titles and labels.
    assert!(csv.contains("alpha-bio,bigpharma,licensing,2016-12,2014,segers2016\r\n"), "{csv}");
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("public/data/biotech-firms.json")).unwrap())
            .unwrap();
    assert_eq!(json["rows"][0], serde_json::json!(["Belgium", 350, 36.3]));
    let firms = fs::read_to_string(site.join("public/data/firms.csv")).unwrap();
    assert!(firms.contains("alpha-bio,Alpha Bio,new-biotech-firm,flanders,Gent,1998,euronext,"), "{firms}");
    let firms: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("public/data/firms.json")).unwrap()).unwrap();
    assert_eq!(firms[0]["founded"], serde_json::json!(1998));
    assert_eq!(firms[0]["listed"], serde_json::json!(["euronext"]));
    assert_eq!(firms[0]["region"], serde_json::json!("flanders"));
    assert_eq!(firms[1]["founded"], serde_json::Value::Null);
}

#[test]
fn pages_follow_a_data_update() {
    let (_tmp, site) = built();
    let data = site.join("content/data");
    // Add an alliance, rename a partner, remove a firm (and what referred to it).
    let alpha = fs::read_to_string(data.join("alliances/alpha-bio.yaml")).unwrap();
    let dropped = "- firm: alpha-bio\n  partner: beta-cell\n  kind: r-and-d\n  snapshot: \"2016-12\"\n";
    assert!(alpha.contains(dropped));
    let added = "- firm: alpha-bio\n  partner: gamma-labs\n  kind: co-development\n  snapshot: \"2016-12\"\n";
    fs::write(data.join("alliances/alpha-bio.yaml"), alpha.replace(dropped, "") + added).unwrap();
    let companies = fs::read_to_string(data.join("companies.yaml")).unwrap();
    fs::write(data.join("companies.yaml"), companies.replace("BigPharma Inc.", "MegaPharma AG")).unwrap();
    fs::remove_file(data.join("firms/beta-cell.yaml")).unwrap();
    fs::remove_file(data.join("alliances/beta-cell.yaml")).unwrap();
    fs::write(data.join("relations.yaml"), "[]\n").unwrap();
    build_ok(&site);

    let listing = page(&site, "firms/index.html");
    assert_eq!(texts(&listing, "tbody th a"), ["Alpha Bio"]);
    let sample = fs::read_to_string(site.join("public/data/sample.csv")).unwrap();
    assert_eq!(sample, "name,region,alliances\r\nAlpha Bio,Flanders,2\r\n");
    assert!(!site.join("public/firms/beta-cell").exists());
    let alpha = page(&site, "firms/alpha-bio/index.html");
    assert_eq!(
        texts(&alpha, "section[aria-labelledby=alliances-firm] tbody th a")[..2],
        ["MegaPharma AG", "Gamma Labs"]
    );
    assert!(texts(&alpha, "h2").iter().all(|h| h != "Spin-outs and subsidiaries"));
    let partner = page(&site, "partners/bigpharma/index.html");
    assert_eq!(texts(&partner, "h1"), ["MegaPharma AG"]);
    assert_eq!(
        texts(&partner, "section[aria-labelledby=alliances-partner] tbody th a"),
        ["Alpha Bio", "Alpha Bio"]
    );
    let gamma = page(&site, "partners/gamma-labs/index.html");
    assert_eq!(texts(&gamma, "section[aria-labelledby=alliances-partner] tbody th a"), ["Alpha Bio"]);
    let csv = fs::read_to_string(site.join("public/data/alliances.csv")).unwrap();
    assert!(csv.contains("alpha-bio,gamma-labs,co-development,2016-12,"));
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
    let listing = page(&site, "firms/index.html");
    assert_eq!(texts(&listing, "tbody th a")[0], plain);
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
        ["From December 2015 to December 2016: 2 links added and 1 dropped."]
    );
    // Alliances per snapshot (3 in December 2016, 2 in December 2015) and firms with any.
    assert_eq!(rows(&changes, "#vintages + .table-wrap"), ["December 2016 | 3 | 2", "December 2015 | 2 | 1"]);
    let rows = texts(&changes, "#records ~ .table-wrap tbody tr");
    assert_eq!(rows.len(), 2);
    assert!(rows[0].starts_with("Alpha Bio") && rows[0].contains("changed"), "{rows:?}");
    assert_eq!(
        texts(&changes, "#records ~ .table-wrap tbody tr:first-child td:nth-of-type(2) a"),
        ["Beta Cell"]
    );
    assert_eq!(
        texts(&changes, "#records ~ .table-wrap tbody tr:first-child td:nth-of-type(3) a"),
        ["Seed Fund"]
    );
    assert!(rows[1].starts_with("Beta Cell") && rows[1].contains("new in the later vintage"));
    let alpha = page(&site, "firms/alpha-bio/index.html");
    let section = texts(&alpha, "#changes ~ ul li");
    assert_eq!(section, ["Added: Beta Cell", "Dropped: Seed Fund"]);
}

/// Notes for editors (a field declared `aside: true`) are folded away wherever records are
/// tabled: not a column of the listing or the back-link table, but a disclosure in the row,
/// under the field's label from the schema.
#[test]
fn aside_fields_are_folded_in_table_rows_not_columns() {
    let (_tmp, site) = copy_fixture("records");
    let schema = site.join("content/data/schema.yaml");
    let text = fs::read_to_string(&schema).unwrap();
    let text = text
        .replace("listing: {columns: [firm, partner, kind, snapshot, year], sort: firm}", "listing: {columns: [firm, partner, kind, snapshot, year, note], sort: firm}")
        .replace(
            "      - {name: year, type: year}\n      - {name: sources",
            "      - {name: year, type: year}\n      - {name: note, label: Editor's remark, aside: true}\n      - {name: sources",
        );
    fs::write(&schema, text).unwrap();
    let alliance = site.join("content/data/alliances/beta-cell.yaml");
    let text = fs::read_to_string(&alliance).unwrap();
    fs::write(
        &alliance,
        text.replacen(
            "  snapshot: \"2016-12\"",
            "  snapshot: \"2016-12\"\n  note: Printed <b>'Big Pharma'</b>",
            1,
        ),
    )
    .unwrap();
    build_ok(&site);
    for path in ["firms/beta-cell/index.html", "alliances/index.html"] {
        let html = page(&site, path);
        assert!(!texts(&html, "thead th").iter().any(|h| h.contains("remark")), "{path}: a note column");
        assert_eq!(texts(&html, "tbody tr details.row-aside summary"), ["Editor's remark"], "{path}");
        let note = texts(&html, "tbody tr details.row-aside");
        assert_eq!(note, ["Editor's remarkPrinted <b>'Big Pharma'</b>"], "{path}");
    }
}
