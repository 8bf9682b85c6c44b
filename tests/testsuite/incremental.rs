//! Incremental rebuilds (`folio serve` keeps a memo of the previous build): after each kind of
//! edit, a build that reuses the memo must equal a build from scratch, byte for byte.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use folio::memo::Memo;
use folio::{BuildOptions, Site};

use crate::support::*;

/// Builds `site` with the memo and from scratch; both must succeed and be identical.
fn same_as_scratch(site: &Path, memo: &BuildOptions, step: &str) -> Site {
    let kept = folio::build(site, memo).unwrap_or_else(|d| panic!("{step}: memo build failed: {d:?}"));
    let fresh = folio::build(site, &BuildOptions::default()).unwrap_or_else(|d| panic!("{step}: {d:?}"));
    let differ: Vec<&str> =
        fresh.files().filter(|(path, bytes)| kept.get(path) != Some(*bytes)).map(|(path, _)| path).collect();
    assert!(differ.is_empty() && kept.len() == fresh.len(), "{step}: the memo build differs in {differ:?}");
    kept
}

fn edit(path: &Path, change: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(path).unwrap();
    let changed = change(text.clone());
    assert_ne!(text, changed, "the edit must change {}", path.display());
    fs::write(path, changed).unwrap();
}

fn text_of(site: &Site, path: &str) -> String {
    String::from_utf8_lossy(site.get(path).unwrap_or_else(|| panic!("no {path}"))).into_owned()
}

#[test]
fn memo_builds_equal_builds_from_scratch_after_every_kind_of_edit() {
    let (_tmp, site) = copy_fixture("records");
    let memo = BuildOptions { memo: Some(Arc::new(Memo::default())), ..BuildOptions::default() };
    let chapter = site.join("content/chapters/01-overview.md");
    same_as_scratch(&site, &memo, "first build");

    edit(&chapter, |t| t + "\nA sentence added while previewing.\n");
    let built = same_as_scratch(&site, &memo, "chapter text");
    assert!(text_of(&built, "chapters/overview/index.html").contains("A sentence added while previewing."));

    edit(&chapter, |t| t.replacen("title: Overview", "title: The overview", 1));
    let built = same_as_scratch(&site, &memo, "chapter title");
    assert!(text_of(&built, "index.html").contains("The overview"), "the home page lists the new title");

    fs::write(
        site.join("content/chapters/02-more.md"),
        "---\ntitle: More\norder: 2\n---\n\n## Part\n\nBack to the [overview](../overview/).\n",
    )
    .unwrap();
    let built = same_as_scratch(&site, &memo, "new chapter");
    assert!(
        text_of(&built, "chapters/overview/index.html").contains("chapters/more/"),
        "next link to the new chapter"
    );

    edit(&site.join("content/data/firms/beta-cell.yaml"), |t| {
        t.replace("name: Beta Cell", "name: Beta Cellular")
    });
    let built = same_as_scratch(&site, &memo, "firm record");
    assert!(text_of(&built, "firms/index.html").contains("Beta Cellular"));

    edit(&site.join("content/data/references.yaml"), |t| t.replacen("year: 2016", "year: 2017", 1));
    let built = same_as_scratch(&site, &memo, "reference");
    assert!(
        text_of(&built, "chapters/overview/index.html").contains("2017"),
        "citations follow the bibliography"
    );

    edit(&chapter, |t| {
        t.replacen("## Alliances", "## Alliances\n\n```table\ndata: firms\nlabel: tbl-first\n```\n", 1)
    });
    same_as_scratch(&site, &memo, "a table numbered before the others");

    fs::create_dir_all(site.join("templates")).unwrap();
    fs::write(site.join("templates/404.html"), "<p>Lost: {{ layout.title }}</p>\n").unwrap();
    let built = same_as_scratch(&site, &memo, "template override");
    assert_eq!(text_of(&built, "404.html"), "<p>Lost: Page not found</p>\n");

    // A broken edit fails both ways; once repaired, the memo still gives the same site.
    let good = fs::read_to_string(&chapter).unwrap();
    fs::write(&chapter, "---\ntitle: [oops\norder: 1\n---\n\nBroken.\n").unwrap();
    assert!(folio::build(&site, &memo).is_err());
    fs::write(&chapter, good + "\nRepaired.\n").unwrap();
    same_as_scratch(&site, &memo, "after a broken build");
}

/// Regression: the memo kept a parsed chapter by its file's size and modification time, so an
/// edit that kept the size within one timestamp tick (coarse on some file systems) served the
/// old page. The tick is simulated by putting the old modification time back.
#[test]
fn a_same_size_edit_within_one_timestamp_tick_is_seen() {
    let (_tmp, site) = copy_fixture("records");
    let memo = BuildOptions { memo: Some(Arc::new(Memo::default())), ..BuildOptions::default() };
    let chapter = site.join("content/chapters/01-overview.md");
    same_as_scratch(&site, &memo, "first build");
    let tick = fs::metadata(&chapter).unwrap().modified().unwrap();
    edit(&chapter, |t| t.replacen("title: Overview", "title: Overvieu", 1));
    fs::File::options().write(true).open(&chapter).unwrap().set_modified(tick).unwrap();
    let built = same_as_scratch(&site, &memo, "same size, same time");
    assert!(text_of(&built, "chapters/overview/index.html").contains("Overvieu"));
}

/// Regression: rendered Markdown was kept under a key made from the data files but not the
/// schema they are read through, so a label changed in the schema left a chapter's table with
/// the old label.
#[test]
fn a_label_changed_in_the_schema_reaches_the_prose() {
    let (_tmp, site) = copy_fixture("spinoffs");
    let memo = BuildOptions { memo: Some(Arc::new(Memo::default())), ..BuildOptions::default() };
    same_as_scratch(&site, &memo, "first build");
    edit(&site.join("content/data/schema.yaml"), |t| {
        t.replace("photonics: Photonics", "photonics: Photonix")
    });
    let built = same_as_scratch(&site, &memo, "a label of the schema");
    assert!(text_of(&built, "chapters/sample/index.html").contains("Photonix"));
}
