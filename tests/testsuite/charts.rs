//! Charts: ` ```chart ` blocks become accessible SVG figures; every bad spec is a diagnostic at
//! its line and column inside the chapter; every chart of the dissertation site parses as XML
//! and carries its title and description.

use std::fs;
use std::path::Path;

use crate::support::*;

fn stderr_of_check(site: &Path) -> String {
    let out = folio().arg("check").arg(site).assert().code(1);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[test]
fn each_bad_chart_spec_is_reported_at_its_line_and_column() {
    let stderr = stderr_of_check(&fixture("bad-charts"));
    let file = "content/chapters/01-charts.md";
    let expected = [
        "19:1: error: unknown key `colour`",
        "23:7: error: unknown dataset `biotech-firm`",
        "30:4: error: dataset `biotech-firms` has no column `countri`",
        "37:12: error: column `country` holds text: `y` needs a numeric column",
        "41:7: error: unknown chart kind `pie`",
        "52:19: error: no row of `biotech-firms` has `country` = `Belgique`",
        "59:12: error: a `bar` chart draws one series, this spec makes 2",
        "66:10: error: `stages` does not apply to a `bar` chart",
        "73:8: error: expected a whole number",
        "80:8: error: invalid figure label `Fig One`",
    ];
    for line in expected {
        assert!(stderr.contains(&format!("{file}:{line}")), "missing `{file}:{line}` in:\n{stderr}");
    }
    for hint in ["did you mean `biotech-firms`?", "did you mean `country`?", "did you mean `Belgium`?"] {
        assert!(stderr.contains(hint), "missing hint `{hint}` in:\n{stderr}");
    }
    assert!(stderr.contains("10 problems found"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

/// The records fixture with chart blocks appended to its chapter.
fn site_with_charts() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, site) = copy_fixture("records");
    let chapter = site.join("content/chapters/01-overview.md");
    let blocks = "\n```chart\nkind: hbar\ndata: biotech-firms\nx: country\ny: firms\nsort: -firms\nunit: firms\n\
                  caption: Firms per country\nlabel: fig-firms\n```\n\n\
                  ```chart\nkind: hbar\ndata: biotech-firms\nx: country\ny: firms\nsort: -firms\nunit: firms\n\
                  caption: Firms per country, unnumbered\n```\n";
    fs::write(&chapter, fs::read_to_string(&chapter).unwrap() + blocks).unwrap();
    (tmp, site)
}

#[test]
fn a_chart_block_becomes_an_accessible_figure() {
    let (_tmp, site) = site_with_charts();
    build_ok(&site);
    let html = fs::read_to_string(site.join("public/chapters/overview/index.html")).unwrap();
    let page = scraper::Html::parse_document(&html);
    assert_eq!(attrs(&page, "figure.chart-figure", "id"), ["fig-firms"]);
    assert_eq!(
        texts(&page, "figure.chart-figure figcaption"),
        ["Figure 1: Firms per country", "Figure: Firms per country, unnumbered"]
    );
    assert_eq!(attrs(&page, "svg.chart", "role"), ["img", "img"]);
    // Drawn at natural size in a box that scrolls sideways on narrow screens, by keyboard too.
    assert_eq!(attrs(&page, ".chart-scroll", "tabindex"), ["0", "0"]);
    assert_eq!(attrs(&page, ".chart-scroll > svg.chart", "width"), ["560", "560"]);
    assert_eq!(attrs(&page, "svg.chart", "aria-labelledby")[0], "fig-firms-title fig-firms-desc");
    assert_eq!(texts(&page, "svg.chart title")[0], "Biotechnology firms per country");
    let desc = &texts(&page, "svg.chart desc")[0];
    assert!(desc.starts_with("Firms by country (2 shown, in firms): Spain 2,831; Belgium 350."), "{desc}");
    assert_eq!(texts(&page, ".chart-data summary")[0], "Data");
    assert_eq!(texts(&page, ".chart-data tbody th")[..2], ["Spain", "Belgium"]);
    assert_eq!(texts(&page, ".chart-data tbody td")[..2], ["2,831", "350"]);
    assert_eq!(attrs(&page, ".chart-data a", "href")[0], "../../data/biotech-firms.csv");
    assert_eq!(texts(&page, "svg.chart text.chart-label")[..2], ["Spain", "Belgium"]);
    assert_eq!(svgs(&html).len(), 2);
}

#[test]
fn hostile_data_stays_text_inside_charts() {
    let (_tmp, site) = site_with_charts();
    let table = site.join("content/data/tables/biotech-firms.yaml");
    let text =
        fs::read_to_string(&table).unwrap().replace("[Spain,", "[\"<script>alert(1)</script> & \\\"q\\\"\",");
    fs::write(&table, text).unwrap();
    build_ok(&site);
    let html = fs::read_to_string(site.join("public/chapters/overview/index.html")).unwrap();
    assert!(!html.contains("<script>alert"), "unescaped data in the page");
    for svg in svgs(&html) {
        let doc = roxmltree::Document::parse(&svg).expect("chart SVG parses");
        let labels: Vec<&str> =
            doc.descendants().filter(|n| has_class(n, "chart-label")).filter_map(|n| n.text()).collect();
        assert_eq!(labels[0], "<script>alert(1)</script> & \"q\"");
    }
}

fn has_class(node: &roxmltree::Node, class: &str) -> bool {
    node.attribute("class").is_some_and(|c| c.split(' ').any(|k| k == class))
}

/// Every inline `<svg>…</svg>` of a page.
fn svgs(html: &str) -> Vec<String> {
    html.match_indices("<svg")
        .map(|(i, _)| {
            let end = i + html[i..].find("</svg>").expect("closed svg") + "</svg>".len();
            html[i..end].to_string()
        })
        .collect()
}

#[test]
fn every_chart_of_the_dissertation_site_parses_and_is_described() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    folio().arg("build").arg(root).arg("--out").arg(&out).arg("--quiet").assert().success();
    let again = tmp.path().join("again");
    folio().arg("build").arg(root).arg("--out").arg(&again).arg("--quiet").assert().success();
    assert!(tree(&out) == tree(&again), "two builds of the dissertation site differ");
    let mut charts = 0;
    for (path, bytes) in tree(&out).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes).unwrap();
        for svg in svgs(&html) {
            let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{path}: {e}"));
            let root = doc.root_element();
            assert_eq!(root.attribute("role"), Some("img"), "{path}");
            let ids: Vec<&str> = root.attribute("aria-labelledby").unwrap_or_default().split(' ').collect();
            for (tag, id) in ["title", "desc"].into_iter().zip(&ids) {
                let node = root
                    .children()
                    .find(|n| n.has_tag_name(tag))
                    .unwrap_or_else(|| panic!("{path}: no {tag}"));
                assert_eq!(node.attribute("id"), Some(*id), "{path}: {tag} id");
                assert!(node.text().is_some_and(|t| t.len() > 10), "{path}: empty {tag}");
            }
            assert!(root.descendants().any(|n| n.has_tag_name("text")), "{path}: no text");
            charts += 1;
        }
    }
    assert!(charts >= 40, "only {charts} charts");
    let chapter = fs::read_to_string(out.join("chapters/belgian-case/index.html")).unwrap();
    for label in ["fig-oecd", "fig-ris-public", "fig-galapagos-pipeline", "fig-openness", "fig-top-partners"]
    {
        assert!(chapter.contains(&format!("<figure class=\"chart-figure\" id=\"{label}\">")), "{label}");
    }
    let network = scraper::Html::parse_document(&fs::read_to_string(out.join("network/index.html")).unwrap());
    assert_eq!(
        attrs(&network, "svg.chart--network", "aria-labelledby"),
        ["fig-network-alliances-title fig-network-alliances-desc"]
    );
    let home = scraper::Html::parse_document(&fs::read_to_string(out.join("index.html")).unwrap());
    let nav = attrs(&home, ".nav-section__title", "href");
    let at =
        |href: &str| nav.iter().position(|h| h == href).unwrap_or_else(|| panic!("{href} not in {nav:?}"));
    assert_eq!(
        at("./network/"),
        at("./alliances/") + 1,
        "the network follows the alliances in the navigation"
    );
    let firm =
        scraper::Html::parse_document(&fs::read_to_string(out.join("firms/galapagos/index.html")).unwrap());
    assert!(texts(&firm, "#fig-neighbourhood-alliances svg desc")[0].starts_with("Network of "));
    assert!(
        texts(&firm, "#fig-neighbourhood-alliances .chart-data td")
            .iter()
            .any(|t| t.contains("Gilead Sciences"))
    );
}

/// Regression: a table cell of `1e308` built without complaint and drew a bar at `x="-1682"`.
/// A chart block over values no axis can hold is now a problem at its `y` key (a table page
/// leaves out a default chart it cannot draw, and still shows the table).
#[test]
fn values_beyond_any_axis_are_diagnostics_at_the_chart_block() {
    let (_tmp, site) = copy_fixture("records");
    let table = site.join("content/data/tables/biotech-firms.yaml");
    let text = fs::read_to_string(&table).unwrap().replace("[Belgium, 350, 36.3]", "[Belgium, 350, 1e308]");
    fs::write(&table, text).unwrap();
    build_ok(&site);
    let page = fs::read_to_string(site.join("public/tables/biotech-firms/index.html")).unwrap();
    assert!(page.contains("100,000,000,000,000,000,000"), "the value is still shown in the table");
    let chapter = site.join("content/chapters/01-overview.md");
    let block = "\n```chart\nkind: bar\ndata: biotech-firms\nx: country\ny: dedicated\n```\n";
    let lines = fs::read_to_string(&chapter).unwrap().lines().count();
    fs::write(&chapter, fs::read_to_string(&chapter).unwrap() + block).unwrap();
    let stderr = stderr_of_check(&site);
    let at = format!("content/chapters/01-overview.md:{}:4: error: cannot chart 1e308 (Belgium,", lines + 6);
    assert!(stderr.contains(&at), "missing `{at}` in:\n{stderr}");
    assert!(stderr.contains("1 problem found"), "{stderr}");
}

/// Every chart's numbers, as its "Data" table reads: one line per table row, each under a
/// heading naming the page and the figure (its id, else its caption).
fn chart_tables(site: &Path) -> String {
    let figure = scraper::Selector::parse("figure.chart-figure").unwrap();
    let caption = scraper::Selector::parse("figcaption").unwrap();
    let row = scraper::Selector::parse(".chart-data tr").unwrap();
    let cell = scraper::Selector::parse("th, td").unwrap();
    let squeeze = |t: String| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    for (path, bytes) in tree(site).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let page = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        for f in page.select(&figure) {
            let name = f.value().attr("id").map(str::to_string).unwrap_or_else(|| {
                squeeze(f.select(&caption).next().map(|c| c.text().collect()).unwrap_or_default())
            });
            out.push_str(&format!("## {path} {name}\n"));
            for r in f.select(&row) {
                let cells: Vec<String> = r.select(&cell).map(|c| squeeze(c.text().collect())).collect();
                out.push_str(&cells.join(" | "));
                out.push('\n');
            }
        }
    }
    out
}

/// The dissertation's charts keep their numbers: every chart's data table as it read before
/// the charts were drawn through plotters (pinned in `tests/fixtures/dissertation-chart-tables.txt`)
/// is still found, unchanged, in a build today. Charts may be added, none may change or go.
#[test]
fn the_dissertation_charts_keep_their_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    folio().arg("build").arg(root).arg("--out").arg(&out).arg("--quiet").assert().success();
    let now = chart_tables(&out);
    let pin_path = root.join("tests/fixtures/dissertation-chart-tables.txt");
    if std::env::var_os("FOLIO_WRITE_CHART_PIN").is_some() {
        fs::write(&pin_path, &now).unwrap();
    }
    let pinned = fs::read_to_string(&pin_path).unwrap();
    let sections = |text: &str| -> std::collections::BTreeMap<String, String> {
        text.split("## ")
            .filter(|s| !s.is_empty())
            .map(|s| {
                let (head, body) = s.split_once('\n').unwrap_or((s, ""));
                (head.to_string(), body.to_string())
            })
            .collect()
    };
    let (pinned, now) = (sections(&pinned), sections(&now));
    assert!(pinned.len() >= 40, "only {} pinned charts", pinned.len());
    for (figure, table) in &pinned {
        let found = now.get(figure).unwrap_or_else(|| panic!("chart `{figure}` is gone"));
        assert_eq!(found, table, "the numbers of `{figure}` changed");
    }
}

/// The newer kinds on a real site: a scatter draws, and each wrong line, slope or scatter spec
/// is reported at its line and column with the expected form.
#[test]
fn line_slope_and_scatter_blocks_build_or_point_at_their_mistake() {
    let (_tmp, site) = copy_fixture("records");
    let chapter = site.join("content/chapters/01-overview.md");
    let good = "\n```chart\nkind: scatter\ndata: biotech-firms\nx: firms\ny: dedicated\nnames: country\nlabel: fig-scatter\n```\n";
    fs::write(&chapter, fs::read_to_string(&chapter).unwrap() + good).unwrap();
    build_ok(&site);
    let html = fs::read_to_string(site.join("public/chapters/overview/index.html")).unwrap();
    let page = scraper::Html::parse_document(&html);
    assert_eq!(attrs(&page, "#fig-scatter svg", "class"), ["chart chart--scatter"]);
    assert_eq!(texts(&page, "#fig-scatter .chart-data tbody th"), ["Belgium"], "Spain has no share");
    assert!(texts(&page, "#fig-scatter svg desc")[0].ends_with("1 rows without both values are left out."));
    let lines = fs::read_to_string(&chapter).unwrap().lines().count();
    let bad = "\n```chart\nkind: line\ndata: biotech-firms\nx: country\ny: firms\n```\n\n\
               ```chart\nkind: slope\ndata: biotech-firms\nx: country\ny: firms\n```\n\n\
               ```chart\nkind: scatter\ndata: biotech-firms\nx: firms\ny: dedicated\nsize: country\n```\n";
    fs::write(&chapter, fs::read_to_string(&chapter).unwrap() + bad).unwrap();
    let stderr = stderr_of_check(&site);
    let file = "content/chapters/01-overview.md";
    for (line, col, message) in [
        (lines + 5, 4, "`country` holds `Belgium`: a `line` chart needs a year or a year-month on `x`"),
        (lines + 13, 4, "a `slope` chart joins two values per category, this spec makes 1"),
        (lines + 21, 7, "column `country` holds text: `size` needs a numeric column"),
    ] {
        let at = format!("{file}:{line}:{col}: error: {message}");
        assert!(stderr.contains(&at), "missing `{at}` in:\n{stderr}");
    }
    assert!(stderr.contains("2016-12 or December 2016"), "{stderr}");
    assert!(stderr.contains("3 problems found"), "{stderr}");
}

/// Rendered size of chart text in CSS pixels (its font size times the drawing's scale):
/// (smallest, largest, the body's font size, the viewport's width).
const TEXT_SIZES: &str = "const sizes = [...document.querySelectorAll('svg.chart text')].map(t => \
     parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a); \
     return [Math.min(...sizes), Math.max(...sizes), parseFloat(getComputedStyle(document.body).fontSize), \
     window.innerWidth, sizes.length];";

/// Readable at any width: on a 390 px phone no chart text of the dissertation renders below
/// 11 CSS px (the drawings scroll sideways instead of shrinking), and at 1280 px none renders
/// above the body text's size.
#[test]
fn chart_text_is_readable_on_a_phone_and_never_outgrows_the_body_text() {
    let Some(browser) = crate::browser::Browser::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    folio().arg("build").arg(root).arg("--out").arg(&out).arg("--quiet").assert().success();
    for page in ["chapters/belgian-case/index.html", "network/index.html", "firms/galapagos/index.html"] {
        let url = format!("file://{}/{page}", out.display());
        for (width, check) in [(390, "phone"), (1280, "desktop")] {
            browser.resize(width, 900);
            browser.goto(&url);
            let found = browser.execute(TEXT_SIZES, &[]);
            if width == 1280 && page.starts_with("chapters/") {
                // Beside the table of contents, the Cartesian charts fit the text column.
                let overflowing = "return [...document.querySelectorAll('.chart-scroll')]\
                    .filter(b => !b.querySelector('.chart--network, .chart--pipeline') && b.scrollWidth > b.clientWidth)\
                    .map(b => b.getAttribute('aria-label'))";
                assert_eq!(browser.execute(overflowing, &[]), serde_json::json!([]), "{page} at {width}px");
            }
            let v = |i: usize| found[i].as_f64().unwrap_or_else(|| panic!("{page}: {found}"));
            let (smallest, largest, body, viewport, count) = (v(0), v(1), v(2), v(3), v(4));
            assert!(count > 10.0, "{page}: only {count} chart texts");
            assert!(
                (viewport - f64::from(width)).abs() < 20.0,
                "{page}: viewport {viewport}, wanted {width}"
            );
            match check {
                "phone" => {
                    assert!(smallest >= 11.0 - 0.01, "{page} at {width}px: chart text at {smallest:.1}px")
                }
                _ => assert!(
                    largest <= body + 0.01,
                    "{page} at {width}px: chart text at {largest:.1}px > body {body}px"
                ),
            }
        }
    }
}

/// The scatter of Table 1 plots the table's own numbers: each country's firms and dedicated
/// share as the pinned bar and dot charts of the same table show them.
#[test]
fn the_table_1_scatter_holds_the_numbers_of_its_bar_and_dot_charts() {
    let pinned = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dissertation-chart-tables.txt"),
    )
    .unwrap();
    let section = |name: &str| -> std::collections::BTreeMap<String, Vec<String>> {
        let start = pinned.find(&format!("## chapters/belgian-case/index.html {name}\n")).unwrap();
        pinned[start..]
            .lines()
            .skip(2)
            .take_while(|l| !l.starts_with("## "))
            .map(|l| {
                let cells: Vec<String> = l.split(" | ").map(str::to_string).collect();
                (cells[0].clone(), cells[1..].to_vec())
            })
            .collect()
    };
    let (firms, shares) = (section("fig-oecd"), section("fig-oecd-share"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    folio().arg("build").arg(root).arg("--out").arg(&out).arg("--quiet").assert().success();
    let page = scraper::Html::parse_document(
        &fs::read_to_string(out.join("chapters/belgian-case/index.html")).unwrap(),
    );
    let rows = scraper::Selector::parse("#fig-oecd-scatter .chart-data tbody tr").unwrap();
    let cell = scraper::Selector::parse("th, td").unwrap();
    let mut seen = 0;
    for row in page.select(&rows) {
        let cells: Vec<String> = row.select(&cell).map(|c| c.text().collect()).collect();
        let country = &cells[0];
        assert_eq!(cells[1], firms[country][0], "{country}: firms active");
        assert_eq!(cells[2], shares[country][0], "{country}: dedicated share");
        assert_eq!(cells[3], firms[country][1], "{country}: dedicated firms");
        seen += 1;
    }
    assert_eq!(seen, 13);
}
