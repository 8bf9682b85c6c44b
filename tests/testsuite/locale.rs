//! The reader's language: `language:` chooses the interface strings and the way numbers and
//! dates are written; `strings:` overrides single strings; mistakes in either are diagnostics.

use std::fs;
use std::path::Path;

use crate::support::*;

/// The records fixture as a Belgian French report, with one string of its own.
fn french_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, site) = copy_fixture("records");
    let config = fs::read_to_string(site.join("folio.yaml")).unwrap();
    let config = config.replacen(
        "title: Records Fixture\n",
        "title: Records Fixture\nlanguage: fr-BE\nstrings:\n  search_placeholder: Chercher une entreprise…\n",
        1,
    );
    fs::write(site.join("folio.yaml"), config).unwrap();
    build_ok(&site);
    (tmp, site)
}

#[test]
fn a_french_site_speaks_french_and_writes_numbers_and_dates_the_french_way() {
    let (_tmp, site) = french_site();
    let home = page(&site, "index.html");
    assert_eq!(attrs(&home, "html", "lang"), ["fr-BE"]);
    assert_eq!(texts(&home, ".skip-link"), ["Aller au contenu"]);
    assert_eq!(texts(&home, "#key-figures"), ["Chiffres clés"]);
    assert_eq!(texts(&home, "label[for=site-search-input]"), ["Rechercher dans le rapport"]);
    // The site's own string wins over the shipped table.
    assert_eq!(attrs(&home, "#site-search-input", "placeholder"), ["Chercher une entreprise…"]);
    assert_eq!(attrs(&home, "form[data-search]", "data-text-count"), ["{n} résultats"]);
    assert_eq!(attrs(&home, "html", "data-decimal"), [","]);
    // A key figure's label holds the latest snapshot, a year-month written in French.
    assert!(
        texts(&home, ".figure__label").iter().any(|t| t == "alliances (décembre 2016)"),
        "{:?}",
        texts(&home, ".figure__label")
    );

    let table = page(&site, "tables/biotech-firms/index.html");
    assert_eq!(
        texts(&table, "table[data-sortable] tbody td"),
        ["Belgium", "350", "36,3", "Spain", "2\u{202F}831", "–"]
    );
    assert_eq!(texts(&table, "dl.facts dt"), ["Source", "Unité"]);
    assert_eq!(texts(&table, ".chart-data summary"), ["Données"]);
    assert!(texts(&table, ".downloads").iter().any(|t| t.starts_with("Télécharger\u{a0}:")));
    let ticks = texts(&table, ".chart-tick");
    assert!(ticks.iter().any(|t| t == "1\u{202F}000" || t == "2\u{202F}000"), "{ticks:?}");
    assert!(!ticks.iter().any(|t| t.contains(',')), "{ticks:?}");
    // The drawing's description, read by screen readers, is French too.
    let desc = texts(&table, "figure svg desc").join(" ");
    assert!(desc.contains("(2 affichés, en firms)\u{a0}: Belgium 350\u{a0}; Spain 2\u{202F}831."), "{desc}");

    let chapter = page(&site, "chapters/overview/index.html");
    // Cross-references, table blocks and computed figures follow the language too.
    assert!(texts(&chapter, "a").iter().any(|t| t == "Tableau 1"), "{:?}", texts(&chapter, "a"));
    assert!(texts(&chapter, "td.num").contains(&"2\u{202F}831".to_string()));
    assert_eq!(texts(&chapter, "#toc-title"), ["Sur cette page"]);
    assert_eq!(texts(&chapter, "#references"), ["Références"]);

    let partner = page(&site, "partners/bigpharma/index.html");
    assert_eq!(texts(&partner, "#alliances-partner ~ h3"), ["décembre 2016 (2)", "décembre 2015 (1)"]);

    let missing = page(&site, "404.html");
    assert_eq!(texts(&missing, "h1"), ["Page introuvable"]);
    assert_eq!(texts(&missing, "cite"), ["Records Fixture"]);

    // Exports stay machine-readable: no separators, no French decimal comma.
    let csv = fs::read_to_string(site.join("public/data/biotech-firms.csv")).unwrap();
    assert!(csv.contains("Spain,2831,") && csv.contains("Belgium,350,36.3"), "{csv}");
}

#[test]
fn german_keeps_its_nouns_capitalised_and_groups_with_points() {
    let (_tmp, site) = copy_fixture("records");
    let config = fs::read_to_string(site.join("folio.yaml")).unwrap();
    fs::write(
        site.join("folio.yaml"),
        config.replacen("title: Records Fixture\n", "title: Records Fixture\nlanguage: de\n", 1),
    )
    .unwrap();
    build_ok(&site);
    let table = page(&site, "tables/biotech-firms/index.html");
    assert_eq!(
        texts(&table, "table[data-sortable] tbody td"),
        ["Belgium", "350", "36,3", "Spain", "2.831", "–"]
    );
    let listing = page(&site, "firms/index.html");
    assert_eq!(texts(&listing, ".page-header p"), ["2 Firms."]);
    let partner = page(&site, "partners/bigpharma/index.html");
    assert_eq!(texts(&partner, "#alliances-partner ~ h3"), ["Dezember 2016 (2)", "Dezember 2015 (1)"]);
}

fn stderr_of_check(site: &Path) -> String {
    let out = folio().arg("check").arg(site).assert().code(1);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[test]
fn an_unknown_language_and_unknown_strings_are_reported_at_their_place_in_one_run() {
    let (_tmp, site) = copy_fixture("records");
    let config = fs::read_to_string(site.join("folio.yaml")).unwrap();
    let config = config.replacen(
        "title: Records Fixture\n",
        "title: Records Fixture\nlanguage: es\nstrings:\n  serch_placeholder: Buscar\n  search_many: \"{count} hits\"\n",
        1,
    );
    fs::write(site.join("folio.yaml"), config).unwrap();
    let stderr = stderr_of_check(&site);
    let expected = [
        "folio.yaml:2:11: error: folio has no interface strings for the language `es`",
        "languages: en, fr, nl, de",
        "folio.yaml:4:3: error: unknown interface string `serch_placeholder`",
        "did you mean `search_placeholder`?",
        "folio.yaml:5:3: error: the string `search_many` uses `{count}`, which it is never given",
        "this string takes: n",
        "3 problems found",
    ];
    for line in expected {
        assert!(stderr.contains(line), "missing `{line}` in:\n{stderr}");
    }
}

/// The home page and the navigation list the first chapters and link "all N": in Dutch too.
#[test]
fn long_parts_link_all_their_chapters_in_the_sites_language() {
    let (_tmp, site) = copy_fixture("basic");
    for i in 10..40 {
        let chapter = format!("---\ntitle: Chapter {i}\norder: {i}\n---\n\nText {i}.\n");
        fs::write(site.join(format!("content/chapters/{i}-chapter-{i}.md")), chapter).unwrap();
    }
    let config = fs::read_to_string(site.join("folio.yaml")).unwrap();
    fs::write(site.join("folio.yaml"), format!("language: nl\n{config}")).unwrap();
    build_ok(&site);
    let home = page(&site, "index.html");
    assert_eq!(texts(&home, ".more a"), ["Alle 32 hoofdstukken"]);
    assert_eq!(texts(&home, ".nav-more a"), ["Alle 32 …"]);
    assert_eq!(
        texts(&home, "#site-nav .nav-section__title").first().map(String::as_str),
        Some("Hoofdstukken")
    );
}
