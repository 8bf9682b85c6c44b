//! The default theme's layout in headless Chromium, on every kind of page of the dissertation site
//! at a phone's width (390 px) and a laptop's (1280 px): nothing overflows the page sideways (wide
//! tables and charts scroll in their own box), the header stays compact, a chapter's table of
//! contents is folded on the phone and open beside the text on the laptop, and the home page's
//! first screen holds the title once, even key-figure cells and its chart.

use std::path::Path;

use serde_json::{Value, json};

use crate::browser::Browser;
use crate::support::folio;

/// One page of each kind: the list the theme's screenshots are taken from.
pub const PAGE_KINDS: &[(&str, &str)] = &[
    ("home", "index.html"),
    ("chapter", "chapters/belgian-case/index.html"),
    ("contents", "chapters/index.html"),
    ("tables list", "tables/index.html"),
    ("table", "tables/oecd-biotech-firms/index.html"),
    ("references", "references/index.html"),
    ("search", "search/index.html?q=galapagos"),
    ("collection listing", "firms/index.html"),
    ("record", "firms/thrombogenics/index.html"),
    ("network", "network/index.html"),
    ("changes", "changes/index.html"),
    ("not found", "404.html"),
];

/// What overflows the viewport sideways: the page's width beyond it, and the elements whose
/// right edge passes it (outside any box that scrolls).
const OVERFLOW: &str = "const w = document.documentElement.clientWidth; \
    const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) { \
      const s = getComputedStyle(p).overflowX; if (s === 'auto' || s === 'scroll' || s === 'hidden') return true; } return false; }; \
    const out = [...document.body.querySelectorAll('*')].filter(e => { const r = e.getBoundingClientRect(); \
      return r.width > 0 && r.right > w + 1 && !scrolls(e); }) \
      .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? '.' + e.className : '') + ' in ' + e.parentElement.tagName.toLowerCase() + '.' + e.parentElement.className + ': ' + e.textContent.slice(0, 60)); \
    return [document.documentElement.scrollWidth - w, out];";

/// The room the search box leaves beside its placeholder, in px (negative: the placeholder is
/// cut); `null` on a page without the box.
const SEARCH_ROOM: &str = "const i = document.querySelector('.site-search input'); if (!i) return null; \
    const cs = getComputedStyle(i); const c = document.createElement('canvas').getContext('2d'); \
    c.font = cs.font; \
    return i.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - c.measureText(i.placeholder).width;";

#[test]
fn no_page_kind_overflows_at_390_or_1280_px_and_the_header_stays_compact_with_its_search_box() {
    let Some(browser) = Browser::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    folio().arg("build").arg(root).arg("--out").arg(&out).arg("--quiet").assert().success();
    let mut problems = Vec::new();
    for width in [390, 1280] {
        browser.resize(width, 900);
        for (kind, page) in PAGE_KINDS {
            browser.goto(&format!("file://{}/{page}", out.display()));
            let found = browser.execute(OVERFLOW, &[]);
            if found[0].as_f64().unwrap_or(1.0) > 0.0 || found[1] != json!([]) {
                problems
                    .push(format!("{kind} ({page}) at {width}px overflows by {}: {}", found[0], found[1]));
            }
            let header = browser.execute(
                "const h = document.querySelector('.site-header'); return h ? h.getBoundingClientRect().height : 0;",
                &[],
            );
            let room = browser.execute(SEARCH_ROOM, &[]);
            if room.as_f64().is_some_and(|r| r < 0.0) {
                problems.push(format!("{kind} at {width}px: the search box cuts its placeholder ({room}px)"));
            }
            let limit = if width == 390 { 130.0 } else { 80.0 };
            if header.as_f64().unwrap_or(0.0) > limit {
                problems.push(format!("{kind} at {width}px: header {header}px high, over {limit}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_table_of_contents_folds_on_a_phone_and_opens_beside_the_text() {
    let Some(browser) = Browser::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    folio().arg("build").arg(root).arg("--out").arg(&out).arg("--quiet").assert().success();
    let toc = "const d = document.querySelector('details[data-toc]'); const t = d.getBoundingClientRect(); \
        const p = document.querySelector('.prose').getBoundingClientRect(); \
        return [d.open, t.left >= p.right, t.height];";
    for page in ["chapters/belgian-case/index.html", "firms/thrombogenics/index.html"] {
        browser.resize(390, 900);
        browser.goto(&format!("file://{}/{page}", out.display()));
        let phone = browser.execute(toc, &[]);
        assert_eq!((&phone[0], &phone[1]), (&json!(false), &json!(false)), "{page} on a phone: {phone}");
        assert!(phone[2].as_f64().unwrap() < 60.0, "{page}: folded contents {phone}");
        browser.resize(1280, 900);
        browser.goto(&format!("file://{}/{page}", out.display()));
        let laptop = browser.execute(toc, &[]);
        assert_eq!((&laptop[0], &laptop[1]), (&json!(true), &json!(true)), "{page} at 1280px: {laptop}");
    }
}

#[test]
fn the_home_page_first_screen_holds_the_title_once_the_figures_and_the_chart() {
    let Some(browser) = Browser::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    folio().arg("build").arg(root).arg("--out").arg(&out).arg("--quiet").assert().success();
    let script = "const title = document.title; \
        const shown = [...document.body.querySelectorAll('*')].filter(e => e.children.length === 0 \
          && e.getClientRects().length && e.textContent.trim() === title).length; \
        const cells = [...document.querySelectorAll('.figures li')].map(li => li.getBoundingClientRect()); \
        const list = document.querySelector('.figures').getBoundingClientRect(); \
        const rows = {}; cells.forEach(c => { const k = Math.round(c.top); rows[k] = (rows[k] || 0) + c.width; }); \
        const gaps = Object.values(rows).filter(w => Math.abs(w - (list.width - 2)) > 4).length; \
        const heights = cells.map(c => Math.round(c.height)); \
        const chart = document.querySelector('.home-chart svg').getBoundingClientRect(); \
        const charts = document.querySelectorAll('main svg.chart').length; \
        return [shown, Math.min(...heights), Math.max(...heights), gaps, chart.top, innerHeight, list.bottom, charts];";
    for (width, height) in [(1280, 800), (390, 844)] {
        // A viewport of `height`: the window's size less what the browser keeps for itself.
        browser.resize(width, height);
        let chrome = browser.execute("return outerHeight - innerHeight;", &[]).as_u64().unwrap_or(0);
        browser.resize(width, height + chrome as u32);
        browser.goto(&format!("file://{}/index.html", out.display()));
        let fonts = "return document.fonts.status === 'loaded' && document.fonts.check('1em Inter');";
        assert!(
            browser.wait_until(std::time::Duration::from_secs(5), fonts),
            "the theme's fonts did not load"
        );
        let found: Vec<f64> = match browser.execute(script, &[]) {
            Value::Array(values) => values.iter().map(|v| v.as_f64().unwrap_or(f64::NAN)).collect(),
            other => panic!("{other}"),
        };
        assert_eq!(found[0], 1.0, "title shown {} times at {width}px", found[0]);
        assert!(found[2] - found[1] <= 1.0, "key figures of uneven height at {width}px: {found:?}");
        // Each row adds up to the panel's width, less the 1 px rules between cells.
        assert!(found[3] <= 0.0 + f64::EPSILON, "a key-figure row leaves a gap at {width}px: {found:?}");
        assert_eq!(found[7], 1.0, "one chart on the home page at {width}px: {found:?}");
        if width == 1280 {
            assert!(found[4] < found[5] - 200.0, "the chart starts below the first screen: {found:?}");
            assert!(found[6] <= found[5], "the key figures run past the first screen: {found:?}");
        }
    }
}
