//! What only a browser shows: search (type a firm's name, follow the first result with the
//! keyboard) and table sorting and filtering, in real headless Chromium. Search runs on the site
//! as served (`folio serve`), the tables on the built files opened from disk.

use std::path::Path;
use std::time::Duration;

use crate::browser::{ARROW_DOWN, Browser, ENTER, ESCAPE};
use crate::serve::Preview;
use crate::support::*;

fn file_url(site: &Path, page: &str) -> String {
    format!("file://{}/public/{page}", site.display())
}

#[test]
fn search_finds_a_firm_and_the_keyboard_follows_the_first_result() {
    let Some(browser) = Browser::start() else { return };
    let preview = Preview::fixture("records", |_| {}, &[]);
    browser.goto(&format!("http://127.0.0.1:{}/chapters/overview/", preview.port));
    browser.type_into("#site-search-input", "beta");
    assert!(
        browser.wait_until(
            Duration::from_secs(5),
            "const o = document.querySelectorAll('#site-search-results [role=option]'); \
             return o.length > 0 && o[0].textContent.includes('Beta Cell');"
        ),
        "no search result for `beta`"
    );
    let kind = browser
        .execute("return document.querySelector('#site-search-results .search-kind').textContent", &[]);
    assert_eq!(kind, "Firm");
    // The WAI-ARIA combobox pattern: the input controls a listbox and says when it is open;
    // the arrow keys move an active option that the input names.
    let combobox = "const i = document.getElementById('site-search-input'); \
                    const list = document.getElementById(i.getAttribute('aria-controls')); \
                    return [i.getAttribute('role'), i.getAttribute('aria-expanded'), list.getAttribute('role'), \
                            String(list.getClientRects().length > 0), i.getAttribute('aria-activedescendant')];";
    assert_eq!(
        browser.execute(combobox, &[]),
        serde_json::json!(["combobox", "true", "listbox", "true", null])
    );
    browser.type_into("#site-search-input", ARROW_DOWN);
    let active = "const i = document.getElementById('site-search-input'); \
                  const o = document.getElementById(i.getAttribute('aria-activedescendant')); \
                  return [o.getAttribute('role'), o.getAttribute('aria-selected'), o.querySelector('mark').textContent];";
    assert_eq!(browser.execute(active, &[]), serde_json::json!(["option", "true", "Beta"]));
    browser.type_into("#site-search-input", ESCAPE);
    assert_eq!(
        browser.execute(combobox, &[]),
        serde_json::json!(["combobox", "false", "listbox", "false", null])
    );
    browser.type_into("#site-search-input", &format!("{ARROW_DOWN}{ARROW_DOWN}{ENTER}"));
    assert!(
        browser.wait_until(Duration::from_secs(5), "return location.pathname === '/firms/beta-cell/';"),
        "Enter did not follow the first result: {}",
        browser.execute("return location.href", &[])
    );
    assert_eq!(browser.execute("return document.querySelector('h1').textContent", &[]), "Beta Cell");
}

#[test]
fn a_search_result_shows_its_kind_page_and_a_snippet_with_the_query_marked() {
    let Some(browser) = Browser::start() else { return };
    let preview = Preview::fixture("records", |_| {}, &[]);
    browser.goto(&format!("http://127.0.0.1:{}/search/?q=frequent+partn", preview.port));
    let ready = "return document.querySelector('#search-page-results [role=option]') !== null;";
    assert!(browser.wait_until(Duration::from_secs(5), ready), "no result");
    let first = "const o = document.querySelector('#search-page-results [role=option]'); \
                 return [...o.querySelectorAll('.search-kind, .search-in, .search-title')].map(e => e.textContent) \
                   .concat([...o.querySelectorAll('.search-excerpt mark')].map(e => e.textContent));";
    // Words are marked where they start with a query word; the snippet shows the figures'
    // values, not their syntax.
    assert_eq!(
        browser.execute(first, &[]),
        serde_json::json!(["Section", "Overview", "Figures", "frequent", "partn"])
    );
    let snippet = browser.execute(
        "return document.querySelector('#search-page-results [role=option] .search-excerpt').textContent",
        &[],
    );
    assert!(!snippet.as_str().unwrap().contains('='), "{snippet}");
    let status = browser
        .execute("return document.querySelector('.search-page [data-search-status]').textContent", &[]);
    assert_eq!(status, "1 result");
}

/// On a site whose index is in many parts, opened from disk, a query loads the manifest, the
/// shard of its words and the blocks of the results it shows, not the whole index.
#[test]
fn search_on_a_large_site_loads_only_the_parts_a_query_needs() {
    let Some(browser) = Browser::start() else { return };
    let (_tmp, site) =
        synth(&["--chapters", "1500", "--firms", "300", "--companies", "10", "--alliances", "600"]);
    build_ok(&site);
    browser.goto(&file_url(&site, "search/index.html"));
    browser.type_into("#search-page-input", "firm 29");
    let titles =
        "return [...document.querySelectorAll('#search-page-results .search-title')].map(e => e.textContent)";
    assert!(
        browser.wait_until(
            Duration::from_secs(10),
            &format!("const t = (() => {{ {titles} }})(); return t.length > 0;")
        ),
        "no result for `firm 29`"
    );
    // "Firm 29", then "Firm 290" … "Firm 299": the title that starts with the query first.
    let shown = browser.execute(titles, &[]);
    let shown: Vec<&str> = shown.as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    assert_eq!(
        shown[..11],
        [
            "Firm 29", "Firm 290", "Firm 291", "Firm 292", "Firm 293", "Firm 294", "Firm 295", "Firm 296",
            "Firm 297", "Firm 298", "Firm 299"
        ]
    );
    let href =
        browser.execute("return document.querySelector('#search-page-results [role=option]').href", &[]);
    assert!(href.as_str().unwrap().ends_with("/public/firms/firm-29/"), "{href}");
    // Each part is loaded by a script element added to the page's head.
    let loaded = "return [...document.querySelectorAll('script[src]')].map(s => s.src.split('/public/')[1]).filter(n => n.startsWith('search'))";
    let loaded = browser.execute(loaded, &[]);
    let loaded: Vec<&str> = loaded.as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    let parts = std::fs::read_dir(site.join("public/search")).unwrap().count();
    assert!(loaded.contains(&"search-index.js"), "{loaded:?}");
    assert!(
        loaded.iter().filter(|n| n.contains("/terms_")).count() <= 2,
        "a shard per word at most: {loaded:?}"
    );
    assert!(loaded.len() <= 6 && parts > 20, "{loaded:?} of {parts} parts");
}

#[test]
fn tables_sort_numbers_as_numbers_and_filter_by_typing() {
    let Some(browser) = Browser::start() else { return };
    let (_tmp, site) = copy_fixture("records");
    build_ok(&site);
    browser.goto(&file_url(&site, "tables/biotech-firms/index.html"));
    let first_column = "return [...document.querySelectorAll('table[data-sortable] tbody tr')]\
                        .filter(r => !r.hidden).map(r => r.cells[0].textContent.trim())";
    let column = |n: usize| format!("table[data-sortable] thead th:nth-child({n}) .sort-button");
    browser.click(&column(2));
    // Ascending by number: 350 before 2831 (as text, "2831" would sort first).
    assert_eq!(browser.execute(first_column, &[]), serde_json::json!(["Belgium", "Spain"]));
    let sorted = "return document.querySelector('table[data-sortable] thead th:nth-child(2)').getAttribute('aria-sort')";
    assert_eq!(browser.execute(sorted, &[]), "ascending");
    browser.click(&column(2));
    assert_eq!(browser.execute(first_column, &[]), serde_json::json!(["Spain", "Belgium"]));
    assert_eq!(browser.execute(sorted, &[]), "descending");

    // The changes page's table of records is always filterable: typing keeps the matching rows.
    browser.goto(&file_url(&site, "changes/index.html"));
    browser.type_into("[data-table-filter]", "seed");
    let visible = "return [...document.querySelectorAll('table[data-filterable] tbody tr')].filter(r => !r.hidden).length";
    assert!(browser.wait_until(
        Duration::from_secs(3),
        &format!("{}; ", visible.replace("return ", "return (")).replace("length; ", "length) === 1")
    ));
    let count = browser.execute("return document.querySelector('.table-filter__count').textContent", &[]);
    assert_eq!(count, " 1 of 2 rows");
}

#[test]
fn a_long_listing_sorts_and_filters_the_rows_of_every_page() {
    let Some(browser) = Browser::start() else { return };
    let (_tmp, site) =
        synth(&["--chapters", "1", "--firms", "2500", "--companies", "10", "--alliances", "5000"]);
    build_ok(&site);
    // The second page of three shows rows 1,001 to 2,000 in name order (as text: "Firm 1",
    // "Firm 10", "Firm 100" …); the firms whose number starts with 9 come last, on the third.
    browser.goto(&file_url(&site, "firms/page_2/index.html"));
    let rows = "return [...document.querySelectorAll('table[data-sortable] tbody tr')].map(r => r.cells[0].textContent.trim())";
    let status = "return document.querySelector('.table-filter__count').textContent";
    assert!(!browser.execute(rows, &[]).as_array().unwrap().contains(&serde_json::json!("Firm 9")));
    browser.type_into("[data-table-filter]", "firm 9");
    let found =
        "return document.querySelector('.table-filter__count').textContent.includes('from every page')";
    assert!(browser.wait_until(Duration::from_secs(10), found), "the rows of every page arrive");
    // "Firm 9", "Firm 90" … "Firm 99", "Firm 900" … "Firm 999": 111 firms.
    let matching = browser.execute(rows, &[]);
    assert_eq!(matching.as_array().unwrap().len(), 111, "{matching}");
    assert_eq!(browser.execute(status, &[]), " 111 of 2,500 rows, from every page");
    // A row from another page links to its record, from this page's place in the site.
    let href =
        "return [...document.querySelectorAll('tbody th a')].find(a => a.textContent === 'Firm 9').href";
    let href = browser.execute(href, &[]);
    assert!(href.as_str().unwrap().ends_with("/public/firms/firm-9/"), "{href}");

    // Sorting reaches every row: descending by name, the last of all 2,500 comes first.
    browser.type_into("[data-table-filter]", &"\u{E003}".repeat(6));
    browser.click("table[data-sortable] thead th:nth-child(1) .sort-button");
    browser.click("table[data-sortable] thead th:nth-child(1) .sort-button");
    let first = "return document.querySelector('table[data-sortable] tbody tr th').textContent.trim()";
    assert!(browser.wait_until(Duration::from_secs(5), &format!("{first} === 'Firm 2499'")));
    assert_eq!(browser.execute(status, &[]), " 2,500 of 2,500 rows, from every page; the first 1,000 shown");
    assert_eq!(browser.execute(rows, &[]).as_array().unwrap().len(), 1000);

    // A region named by 500 firms tables the first 100; filtering them reaches all 500.
    browser.goto(&file_url(&site, "regions/north/index.html"));
    browser.type_into("[data-table-filter]", "firm 9");
    assert!(browser.wait_until(Duration::from_secs(10), found), "the region's firms arrive");
    let shown = browser.execute(rows, &[]);
    let shown: Vec<&str> = shown.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(shown.len() > 10 && shown.iter().all(|t| t.starts_with("Firm 9")), "{shown:?}");
    let status = browser.execute(status, &[]);
    assert!(status.as_str().unwrap().ends_with(" of 500 rows, from every page"), "{status}");

    // The changes between the panel's vintages split over pages the same way, and filter across them.
    browser.goto(&file_url(&site, "changes/page_2/index.html"));
    let changes = "return [...document.querySelectorAll('table[data-filterable] tbody tr')].map(r => r.textContent.toLowerCase())";
    let before = browser.execute(changes, &[]);
    assert_eq!(before.as_array().unwrap().len(), 1000, "a page of the changes holds 1,000 rows");
    browser.type_into("[data-table-filter]", "firm 9");
    assert!(browser.wait_until(Duration::from_secs(10), found), "the changes of every page arrive");
    let matching = browser.execute(changes, &[]);
    let matching: Vec<&str> = matching.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(!matching.is_empty() && matching.iter().all(|t| t.contains("firm 9")), "{matching:?}");
    assert_ne!(before, browser.execute(changes, &[]), "rows from other pages came in");
    let href = "return document.querySelector('table[data-filterable] tbody th a').href";
    let href = browser.execute(href, &[]);
    let href = href.as_str().unwrap();
    assert!(href.contains("/public/firms/firm-9") && href.ends_with("#changes"), "{href}");
}

/// In German, `2.831` is two thousand eight hundred and thirty-one: the script reads numbers back
/// with the site's own marks (a point groups, a comma is decimal) and speaks German.
#[test]
fn tables_sort_numbers_written_in_the_sites_language() {
    let Some(browser) = Browser::start() else { return };
    let (_tmp, site) = copy_fixture("records");
    let config = std::fs::read_to_string(site.join("folio.yaml")).unwrap();
    std::fs::write(
        site.join("folio.yaml"),
        config.replacen("title: Records Fixture\n", "title: Records Fixture\nlanguage: de\n", 1),
    )
    .unwrap();
    build_ok(&site);
    browser.goto(&file_url(&site, "tables/biotech-firms/index.html"));
    let first_column = "return [...document.querySelectorAll('table[data-sortable] tbody tr')]\
                        .map(r => r.cells[0].textContent.trim())";
    let button = "table[data-sortable] thead th:nth-child(2) .sort-button";
    assert_eq!(
        browser
            .execute(&format!("return document.querySelector('{button}').getAttribute('aria-label')"), &[]),
        "Nach Firms sortieren"
    );
    browser.click(button);
    // Ascending: 350 before 2.831 (read as 2.831, Spain would come first).
    assert_eq!(browser.execute(first_column, &[]), serde_json::json!(["Belgium", "Spain"]));
    browser.click(button);
    assert_eq!(browser.execute(first_column, &[]), serde_json::json!(["Spain", "Belgium"]));

    browser.goto(&file_url(&site, "changes/index.html"));
    let label = browser.execute("return document.querySelector('.table-filter').firstChild.textContent", &[]);
    assert_eq!(label, "Zeilen filtern ");
    browser.type_into("[data-table-filter]", "seed");
    let count = ".table-filter__count";
    assert!(browser.wait_until(
        Duration::from_secs(3),
        &format!("return document.querySelector('{count}').textContent === ' 1 von 2 Zeilen';")
    ));
}
