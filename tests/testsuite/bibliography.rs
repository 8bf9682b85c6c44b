//! The bibliography from a researcher's own files: the `bibtex` fixture holds a `.bib` of 23
//! invented works of several types, cited by two chapters; built in two CSL styles, with the
//! formatted text of entries and citations checked exactly, and every kind of bad input
//! reported at its place.

use std::fs;
use std::path::Path;

use scraper::Html;

use crate::support::*;

fn stderr_of(site: &Path) -> String {
    let out = folio().arg("build").arg(site).assert().failure();
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

/// The text of a bibliography entry, without its "Cited in" links.
fn entry(refs: &Html, key: &str) -> String {
    let whole = texts(refs, &format!("li#{key}")).concat();
    let cited_by = texts(refs, &format!("li#{key} .cited-by")).concat();
    whole.strip_suffix(&cited_by).unwrap_or(&whole).trim().to_string()
}

fn set_style(site: &Path, style: &str) {
    let config = site.join("folio.yaml");
    let text = fs::read_to_string(&config).unwrap().replace("style: apa", &format!("style: {style}"));
    fs::write(config, text).unwrap();
}

#[test]
fn a_bib_file_in_apa() {
    let (_tmp, site) = copy_fixture("bibtex");
    build_ok(&site);
    let refs = page(&site, "references/index.html");
    // Every work (list_uncited: true), in APA's order: names, year, title.
    let keys = attrs(&refs, ".bibliography li", "id");
    assert_eq!(keys.len(), 23);
    assert_eq!(keys[..3], ["achterberg2020", "barreto2023", "brennan2016"]);
    assert_eq!(
        entry(&refs, "marsh2014"),
        "Marsh, H. R., & Okafor, D. (2014). Dune Breaching Thresholds on Sandy Barrier Coasts. \
         Journal of Coastal Dynamics, 31(2), 115–132. https://doi.org/10.5555/jcd.2014.0312"
    );
    assert_eq!(texts(&refs, "li#marsh2014 i"), ["Journal of Coastal Dynamics", "31"]);
    assert_eq!(
        attrs(&refs, "li#marsh2014 a[rel=external]", "href"),
        ["https://doi.org/10.5555/jcd.2014.0312"]
    );
    assert_eq!(
        entry(&refs, "okafor2018"),
        "Okafor, D. (2018). Coastal Risk and the Public Purse (2nd ed.). Meridian Academic."
    );
    assert_eq!(
        entry(&refs, "nakamura2011"),
        "Nakamura, K. (2011). Wave Loading on Vertical Seawalls [Doctoral dissertation]."
    );
    assert_eq!(
        entry(&refs, "tanaka2013"),
        "Tanaka, E. (2013). Tsunami Evacuation Towers. In Shorelines in Motion (pp. 77–95). Tidewater University Press."
    );
    assert_eq!(
        entry(&refs, "tidegauge2024"),
        "Open Tide Gauge Network. (2024). Monthly Mean Sea Level Records. https://example.org/tide-gauges/monthly"
    );
    // Same author, same year: letters in the order of the titles.
    assert!(entry(&refs, "marsh2019b").starts_with("Marsh, H. R. (2019a). Managed Realignment"));
    assert!(entry(&refs, "marsh2019a").starts_with("Marsh, H. R. (2019b). Storm Surge Memory"));
    assert_eq!(texts(&refs, "li#marsh2014 .cited-by a"), ["Defences and their limits"]);

    let chapter = page(&site, "chapters/defences/index.html");
    let prose = texts(&chapter, ".prose p").join("\n");
    for expected in [
        "depends on their width (Marsh & Okafor, 2014, p. 120).",
        "Lindqvist et al. (2021) estimate",
        "earlier work (Lindqvist, 2019; Nakamura, 2011).",
        "(Marsh, 2019b) and to the cost of retreat (Marsh, 2019a); the second\npaper (2019a, pp. 30–31) weighs",
        "as do Achterberg et al. (2020).",
        "(Brennan, 2016, Chapter 2).",
    ] {
        assert!(prose.contains(expected), "missing `{expected}` in:\n{prose}");
    }
    assert_eq!(attrs(&chapter, "a.citation", "href")[0], "../../references/#marsh2014");
    // The chapter's own list: the works it cites, formatted as in the bibliography.
    let listed: Vec<String> = texts(&chapter, ".references li");
    assert_eq!(listed.len(), 10);
    assert!(listed.iter().any(|l| l.starts_with("Brennan, C. (2016). Salt Marsh Accretion")), "{listed:?}");
}

#[test]
fn the_same_bib_file_in_ieee() {
    let (_tmp, site) = copy_fixture("bibtex");
    set_style(&site, "ieee");
    build_ok(&site);
    let refs = page(&site, "references/index.html");
    // Numbered by first citation; works cited nowhere follow.
    let keys = attrs(&refs, ".bibliography li", "id");
    assert_eq!(keys[..4], ["marsh2014", "lindqvist2021", "lindqvist2019", "nakamura2011"]);
    assert_eq!(keys.len(), 23);
    assert_eq!(
        entry(&refs, "marsh2014"),
        "[1] H. R. Marsh and D. Okafor, “Dune Breaching Thresholds on Sandy Barrier Coasts,” \
         Journal of Coastal Dynamics, vol. 31, no. 2, pp. 115–132, 2014, doi: 10.5555/jcd.2014.0312."
    );
    // IEEE prints the DOI as text; folio links it.
    assert_eq!(
        attrs(&refs, "li#marsh2014 a[rel=external]", "href"),
        ["https://doi.org/10.5555/jcd.2014.0312"]
    );
    assert_eq!(
        entry(&refs, "okafor2018"),
        "[12] D. Okafor, Coastal Risk and the Public Purse, 2nd ed. London: Meridian Academic, 2018."
    );
    assert_eq!(
        entry(&refs, "devries2009"),
        "[9] P. de Vries, “Beach Nourishment Longevity,” Master's thesis, 2009."
    );
    let chapter = page(&site, "chapters/defences/index.html");
    let prose = texts(&chapter, ".prose p").join("\n");
    for expected in [
        "width [1, p. 120].",
        "earlier work [3], [4].",
        "paper [6, pp. 30–31] weighs",
        "plentiful [10, Ch. 2].",
    ] {
        assert!(prose.contains(expected), "missing `{expected}` in:\n{prose}");
    }
}

#[test]
fn works_cited_nowhere_can_be_left_out() {
    let (_tmp, site) = copy_fixture("bibtex");
    let config = site.join("folio.yaml");
    let text = fs::read_to_string(&config).unwrap().replace("list_uncited: true", "list_uncited: false");
    fs::write(config, text).unwrap();
    build_ok(&site);
    let keys = attrs(&page(&site, "references/index.html"), ".bibliography li", "id");
    assert_eq!(keys.len(), 19);
    for uncited in ["castellanos2015", "fairweather2010", "floodmap2023", "halloran2018"] {
        assert!(!keys.iter().any(|k| k == uncited), "{uncited} in {keys:?}");
    }
}

#[test]
fn csl_json_and_a_site_style_file() {
    let (_tmp, site) = copy_fixture("bibtex");
    fs::write(
        site.join("content/data/zotero.json"),
        r#"[
  {"id": "ibsen2008", "type": "article-journal", "title": "Harbour Walls <and> Harbour Towns",
   "author": [{"family": "Ibsen", "given": "Kari"}], "issued": {"date-parts": [[2008]]},
   "container-title": "Maritime History", "volume": 3, "page": "5-9", "DOI": "10.5555/mh.3"}
]
"#,
    )
    .unwrap();
    fs::create_dir_all(site.join("styles")).unwrap();
    fs::write(
        site.join("styles/tide.csl"),
        r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info>
    <title>Tide fixture style</title>
    <id>folio-fixture-tide</id>
    <updated>2024-01-01T00:00:00+00:00</updated>
  </info>
  <citation>
    <layout prefix="&lt;" suffix="&gt;" delimiter=" | ">
      <names variable="author"><name form="short"/></names>
      <date variable="issued" prefix=" "><date-part name="year"/></date>
    </layout>
  </citation>
  <bibliography>
    <layout suffix=".">
      <names variable="author" suffix=" "><name name-as-sort-order="all"/></names>
      <date variable="issued"><date-part name="year"/></date>
      <text variable="title" prefix=": " font-style="italic"/>
    </layout>
  </bibliography>
</style>
"#,
    )
    .unwrap();
    set_style(&site, "styles/tide.csl");
    let chapter = site.join("content/chapters/02-people.md");
    let text =
        fs::read_to_string(&chapter).unwrap().replace("[@oyelaran2017]", "[@oyelaran2017; @ibsen2008]");
    fs::write(chapter, text).unwrap();
    build_ok(&site);
    let refs = page(&site, "references/index.html");
    assert_eq!(entry(&refs, "ibsen2008"), "Ibsen, Kari 2008: Harbour Walls <and> Harbour Towns.");
    // Escaped text in the style's italics (hayagriva puts the prefix inside them).
    assert!(texts(&refs, "li#ibsen2008 i").concat().ends_with("Harbour Walls <and> Harbour Towns"));
    let prose = texts(&page(&site, "chapters/people/index.html"), ".prose p").join("\n");
    assert!(prose.contains("lagoon <Oyelaran 2017 | Ibsen 2008>."), "{prose}");
}

#[test]
fn a_broken_bibtex_entry_is_reported_at_the_fault() {
    let (_tmp, site) = copy_fixture("bibtex");
    fs::write(
        site.join("content/data/extra.bib"),
        "@book{lost2001,\n  title = {No end},\n  year = 2001\n\n@book{next,",
    )
    .unwrap();
    let stderr = stderr_of(&site);
    assert!(stderr.contains("content/data/extra.bib:"), "{stderr}");
    assert!(stderr.contains("error: BibTeX: "), "{stderr}");
    assert!(stderr.contains("help: an entry reads `@type{key, field = {value}, ...}`"), "{stderr}");
}

#[test]
fn duplicate_keys_are_reported_in_one_file_and_across_files() {
    let (_tmp, site) = copy_fixture("bibtex");
    fs::write(
        site.join("content/data/more.bib"),
        "% more\n@book{ marsh2014,\n  author = {Marsh, Helen},\n  title = {Again},\n  year = 2014\n}\n",
    )
    .unwrap();
    let stderr = stderr_of(&site);
    assert!(
        stderr.contains("content/data/more.bib:2:8: error: duplicate reference key `marsh2014`"),
        "{stderr}"
    );
    assert!(stderr.contains("already used at content/data/coast.bib:4:10"), "{stderr}");

    fs::remove_file(site.join("content/data/more.bib")).unwrap();
    let bib = site.join("content/data/coast.bib");
    let text = fs::read_to_string(&bib).unwrap();
    fs::write(&bib, format!("{text}\n@book{{ruiz2022, title = {{Twice}}, year = 2022}}\n")).unwrap();
    let stderr = stderr_of(&site);
    assert!(stderr.contains("content/data/coast.bib:"), "{stderr}");
    assert!(stderr.contains("duplicate key \"ruiz2022\""), "{stderr}");
}

#[test]
fn a_key_cited_but_missing_is_reported_in_the_chapter() {
    let (_tmp, site) = copy_fixture("bibtex");
    let chapter = site.join("content/chapters/01-defences.md");
    let text =
        fs::read_to_string(&chapter).unwrap().replace("[@brennan2016, chap. 2]", "[@brennan2061, chap. 2]");
    fs::write(chapter, text).unwrap();
    let stderr = stderr_of(&site);
    assert!(
        stderr.contains("content/chapters/01-defences.md:18:48: error: unknown citation key `brennan2061`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `brennan2016`?"), "{stderr}");
}

#[test]
fn bad_urls_in_bibtex_and_csl_json_are_refused() {
    let (_tmp, site) = copy_fixture("bibtex");
    let bib = site.join("content/data/coast.bib");
    let text =
        fs::read_to_string(&bib).unwrap().replace("https://example.org/flood-map", "javascript:alert(1)");
    fs::write(&bib, text).unwrap();
    fs::write(
        site.join("content/data/items.json"),
        "[\n  {\"id\": \"bad2020\", \"type\": \"webpage\", \"title\": \"T\",\n   \"URL\": \"data:text/html,x\"}\n]\n",
    )
    .unwrap();
    let stderr = stderr_of(&site);
    assert!(
        stderr.contains(
            "content/data/coast.bib:183:9: error: reference `floodmap2023`: unsafe url `javascript:alert(1)`"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "content/data/items.json:2:11: error: reference `bad2020`: unsafe url `data:text/html,x`"
        ),
        "{stderr}"
    );
}

#[test]
fn broken_csl_json_is_reported_at_its_line() {
    let (_tmp, site) = copy_fixture("bibtex");
    fs::write(site.join("content/data/items.json"), "[\n  {\"id\": \"a\", \"title\": }\n]\n").unwrap();
    let stderr = stderr_of(&site);
    assert!(stderr.contains("content/data/items.json:2:24: error: CSL-JSON: "), "{stderr}");
}

#[test]
fn unknown_and_unusable_styles_are_reported_at_the_style_line() {
    let (_tmp, site) = copy_fixture("bibtex");
    set_style(&site, "apaa");
    let stderr = stderr_of(&site);
    assert!(stderr.contains("folio.yaml:6:10: error: unknown bibliography style `apaa`"), "{stderr}");
    assert!(stderr.contains("did you mean `apa`?"), "{stderr}");

    let config = site.join("folio.yaml");
    let text = fs::read_to_string(&config).unwrap().replace("style: apaa", "style: chicago-notes");
    fs::write(&config, text).unwrap();
    assert!(
        stderr_of(&site).contains("error: bibliography style `chicago-notes` formats citations as notes")
    );

    fs::write(site.join("mine.csl"), "<style>not CSL</style>").unwrap();
    let text = fs::read_to_string(&config).unwrap().replace("style: chicago-notes", "style: mine.csl");
    fs::write(&config, text).unwrap();
    assert!(
        stderr_of(&site).contains("folio.yaml:6:10: error: bibliography style `mine.csl` is not valid CSL")
    );
}
