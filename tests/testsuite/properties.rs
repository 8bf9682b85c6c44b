//! Property tests where hand-written parsers meet untrusted text: random and mutated front
//! matter, Markdown, citations, chart and table blocks, and whole sites must give a site or
//! diagnostics: never a panic, never a tag or a link scheme that folio did not write itself
//! (hostile text is injected everywhere, and the data of `tests/fixtures/hostile` is markup).
//!
//! `cargo test` runs a few cases of each (`PROPTEST_CASES` sets how many); the `#[ignore]`d
//! `..._at_scale` tests run 100,000 each (the whole-site one 10,000) unless `PROPTEST_CASES`
//! says otherwise: `cargo test --release --test testsuite properties -- --ignored --nocapture`.
//! Each run prints its case count and its slowest case (a hang shows there, or never ends).

use std::fmt::Debug;
use std::path::Path;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use folio::blocks::DataBlocks;
use folio::citations::Bibliography;
use folio::content::chapters;
use folio::markdown::{self, MarkdownOptions, Rendered};
use folio::model::Data;
use folio::xref::Xrefs;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::support::*;

mod html;
mod inputs;

use html::check_html;
use inputs::{chapter_file, chart_body, citations_text, document, table_body};

/// Cases per property in `cargo test`.
const QUICK: u32 = 48;
/// Cases per property in the `#[ignore]`d runs.
const AT_SCALE: u32 = 100_000;

/// The hostile fixture's data and bibliography, loaded once.
struct Sources {
    data: Data,
    bibliography: Bibliography,
}

static SOURCES: LazyLock<Sources> = LazyLock::new(|| {
    let (data, bibliography) = folio::load_data(&fixture("hostile")).expect("the hostile fixture loads");
    Sources { data, bibliography }
});

/// `PROPTEST_CASES`, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(default)
}

/// What one case gave: output that passed the checks, or problems reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Output,
    Problems,
}

/// Runs `test` on `cases` values of `strategy`, failing with the smallest failing input found,
/// and prints how many cases ran, how many gave output, and how long the slowest took.
fn run<S>(name: &str, cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<Outcome, TestCaseError>)
where
    S: Strategy,
    S::Value: Debug,
{
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let slowest = std::cell::Cell::new(Duration::ZERO);
    let outputs = std::cell::Cell::new(0u32);
    let started = Instant::now();
    let outcome = TestRunner::new(config).run(&strategy, |value| {
        let case = Instant::now();
        let result = test(value);
        slowest.set(slowest.get().max(case.elapsed()));
        outputs.set(outputs.get() + u32::from(matches!(result, Ok(Outcome::Output))));
        result.map(|_| ())
    });
    if let Err(error) = outcome {
        panic!("{name}: {error}");
    }
    eprintln!(
        "{name}: {cases} cases ({} with output, the rest with problems) in {:.1} s, slowest {:.1} ms",
        outputs.get(),
        started.elapsed().as_secs_f64(),
        slowest.get().as_secs_f64() * 1e3
    );
}

/// Renders `source` as a chapter body with the hostile data, bibliography and its own labels,
/// and checks the HTML and the positions of its problems.
fn render_checked(source: &str) -> Result<Outcome, TestCaseError> {
    let path = Path::new("content/chapters/01-x.md");
    let mut xrefs = Xrefs::default();
    let _ = xrefs.scan(path, source, 0, "chapters/x/");
    let blocks = DataBlocks::new(&SOURCES.data, "../../", &xrefs, true, folio::locale::english());
    let options = MarkdownOptions {
        allow_raw_html: false,
        root: "../../",
        bibliography: &SOURCES.bibliography,
        xrefs: &xrefs,
        blocks: &blocks,
    };
    let rendered = markdown::render(source, options);
    check_rendered(source, path, &rendered)
}

fn check_rendered(source: &str, path: &Path, rendered: &Rendered) -> Result<Outcome, TestCaseError> {
    check_html(&rendered.html)
        .map_err(|e| TestCaseError::fail(format!("{e}\n--- html:\n{}", rendered.html)))?;
    let lines = source.lines().count() + 1;
    for d in rendered.diagnostics(source, path, 0) {
        prop_assert!(d.line >= 1 && d.line <= lines && d.col >= 1, "problem placed off the text: {d}");
    }
    Ok(if rendered.problems.is_empty() { Outcome::Output } else { Outcome::Problems })
}

fn markdown_documents(cases: u32) {
    run("markdown", cases, document(), |source| render_checked(&source));
}

fn citations(cases: u32) {
    run("citations", cases, citations_text(), |source| render_checked(&source));
}

fn chart_blocks(cases: u32) {
    run("chart blocks", cases, chart_body(), |body| {
        render_checked(&format!("```chart\n{body}```\n"))?;
        let xrefs = Xrefs::default();
        match folio::charts::block::render(&SOURCES.data, "../../", &xrefs, &body, folio::locale::english()) {
            Ok(figure) => {
                html::check_svg_frames(&figure).map(|()| Outcome::Output).map_err(TestCaseError::fail)
            }
            Err(problems) => {
                prop_assert!(!problems.is_empty());
                Ok(Outcome::Problems)
            }
        }
    });
}

fn table_blocks(cases: u32) {
    run("table blocks", cases, table_body(), |body| render_checked(&format!("```table\n{body}```\n")));
}

fn front_matter(cases: u32) {
    run("front matter", cases, chapter_file(), |text| {
        let path = Path::new("content/chapters/01-x.md");
        match chapters::parse(path, &text) {
            Ok(chapter) => render_checked(&chapter.body).map(|_| Outcome::Output),
            Err(d) => {
                prop_assert!(!d.message.is_empty());
                Ok(Outcome::Problems)
            }
        }
    });
}

/// Whole builds of the hostile fixture with a generated chapter: every page of a site that
/// builds passes [`check_html`]; a site that does not build has diagnostics.
fn whole_sites(cases: u32) {
    let (_tmp, site) = copy_fixture("hostile");
    let chapter = site.join("content/chapters/01-overview.md");
    run("whole sites", cases, chapter_file(), |text| {
        std::fs::write(&chapter, &text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        match folio::build(&site, &folio::BuildOptions::default()) {
            Ok(built) => {
                for (path, bytes) in built.files().filter(|(p, _)| p.ends_with(".html")) {
                    let page = String::from_utf8_lossy(bytes);
                    check_html(&page).map_err(|e| TestCaseError::fail(format!("{path}: {e}")))?;
                }
                Ok(Outcome::Output)
            }
            Err(diagnostics) => {
                prop_assert!(!diagnostics.is_empty());
                Ok(Outcome::Problems)
            }
        }
    });
}

#[test]
fn markdown_never_panics_nor_lets_markup_through() {
    markdown_documents(cases(QUICK));
}

#[test]
fn citations_never_panic_nor_let_markup_through() {
    citations(cases(QUICK));
}

#[test]
fn chart_blocks_give_a_figure_inside_its_frame_or_problems() {
    chart_blocks(cases(QUICK));
}

#[test]
fn table_blocks_give_a_table_or_problems() {
    table_blocks(cases(QUICK));
}

#[test]
fn front_matter_gives_a_chapter_or_a_diagnostic() {
    front_matter(cases(QUICK));
}

#[test]
fn whole_sites_build_safely_or_report() {
    whole_sites(cases(8));
}

#[test]
#[ignore = "100,000 cases: run with --release -- --ignored"]
fn markdown_at_scale() {
    markdown_documents(cases(AT_SCALE));
}

#[test]
#[ignore = "100,000 cases: run with --release -- --ignored"]
fn citations_at_scale() {
    citations(cases(AT_SCALE));
}

#[test]
#[ignore = "100,000 cases: run with --release -- --ignored"]
fn chart_blocks_at_scale() {
    chart_blocks(cases(AT_SCALE));
}

#[test]
#[ignore = "100,000 cases: run with --release -- --ignored"]
fn table_blocks_at_scale() {
    table_blocks(cases(AT_SCALE));
}

#[test]
#[ignore = "100,000 cases: run with --release -- --ignored"]
fn front_matter_at_scale() {
    front_matter(cases(AT_SCALE));
}

#[test]
#[ignore = "10,000 whole builds: run with --release -- --ignored"]
fn whole_sites_at_scale() {
    whole_sites(cases(AT_SCALE / 10));
}

/// The checks catch what they look for (else every property would pass vacuously).
#[test]
fn the_html_check_finds_raw_markup_handlers_and_unsafe_links() {
    let page = "<!DOCTYPE html><p class=\"a\" title='<b>'>x &lt;xss&gt;</p><svg viewBox=\"0 0 10 10\"></svg>";
    assert_eq!(check_html(page), Ok(()));
    assert_eq!(check_html("<p><script src=\"../theme/folio.js\" defer></script></p>"), Ok(()));
    assert_eq!(check_html("<style>@page { @top-center { content: \"a \\3c b\"; } }</style><p>"), Ok(()));
    assert!(
        check_html("<style>p::after { content: \"<b>\" }</style>").unwrap_err().contains("inside <style>")
    );
    for bad in [
        "<p><xss></p>",
        "a < b",
        "<p onclick=\"x\">",
        "<a href=\"javascript:alert(1)\">",
        "<a href=\"java&#9;script:x\">",
        "<img src=\"data:text/html,x\">",
        "<script>alert(1)</script>",
        "<p",
    ] {
        assert!(check_html(bad).is_err(), "{bad}");
    }
    let outside = "<svg viewBox=\"0 0 10 10\"><rect x=\"-1682\" y=\"0\" width=\"5\" height=\"5\"/></svg>";
    assert!(html::check_svg_frames(outside).is_err());
}
