//! The home page: the report's title once, its key figures, and the chart `home: {chart: …}`
//! names from a chapter, drawn again for the home page; a wrong label is reported in folio.yaml.

use std::fs;
use std::path::Path;

use crate::support::{attrs, build_ok, copy_fixture, folio, page, texts};

fn with_home(site: &Path, home: &str) {
    let config = site.join("folio.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("{text}{home}\n")).unwrap();
}

fn stderr_of_failed_build(site: &Path) -> String {
    let out = folio().arg("build").arg(site).assert().failure();
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[test]
fn the_home_page_shows_its_title_once_and_the_chosen_chart() {
    let (_tmp, site) = copy_fixture("spinoffs");
    build_ok(&site);
    let home = page(&site, "index.html");
    assert!(texts(&home, ".home-chart").is_empty(), "no chart unless the site names one");
    with_home(&site, "home: {chart: fig-funding}");
    build_ok(&site);
    let home = page(&site, "index.html");
    let title = "University Spin-offs";
    let body = texts(&home, "body").concat();
    assert_eq!(body.matches(title).count(), 1, "the title once on the home page: {body}");
    assert_eq!(texts(&home, "h1"), [title]);
    assert_eq!(attrs(&home, ".home-chart figure", "id"), ["fig-funding"]);
    assert_eq!(texts(&home, ".home-chart svg > title").len(), 1);
    assert_eq!(attrs(&home, ".home-chart__source a", "href"), ["./chapters/funding/#fig-funding"]);
    // The chart's own page keeps it, with the same number.
    let chapter = page(&site, "chapters/funding/index.html");
    let number = |html: &scraper::Html| texts(html, "figure#fig-funding .figure-number");
    assert_eq!(number(&home), number(&chapter));
    assert_eq!(texts(&chapter, ".site-title"), [title], "other pages name the report in the header");
}

#[test]
fn a_wrong_home_chart_is_reported_where_it_is_written() {
    let (_tmp, site) = copy_fixture("spinoffs");
    with_home(&site, "home: {chart: fig-fundin}");
    let line = fs::read_to_string(site.join("folio.yaml")).unwrap().lines().count();
    let stderr = stderr_of_failed_build(&site);
    let at = format!("folio.yaml:{line}:15: error: no chart has the label `fig-fundin`");
    assert!(stderr.contains(&at), "{stderr}");
    assert!(stderr.contains("did you mean `fig-funding`?"), "{stderr}");
    assert!(stderr.contains("takes the label of a ```chart block"), "{stderr}");

    let (_tmp, site) = copy_fixture("spinoffs");
    with_home(&site, "home: {chart: tbl-funding}");
    let stderr = stderr_of_failed_build(&site);
    assert!(stderr.contains("`tbl-funding` labels a table (Table"), "{stderr}");

    let (_tmp, site) = copy_fixture("spinoffs");
    with_home(&site, "home: {chrt: fig-funding}");
    let stderr = stderr_of_failed_build(&site);
    assert!(stderr.contains("unknown field `chrt`") || stderr.contains("unknown key `chrt`"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
