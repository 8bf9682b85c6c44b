//! Incremental rebuilds (`folio serve` keeps a memo of the previous build): after each kind of
//! edit, a build that reuses the memo must equal a build from scratch, byte for byte.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use folio::memo::Memo;
use folio::{BuildOptions, Site};

use crate::support::*;

/// Build options that keep a memo from one build to the next, as `folio serve` does.
fn with_memo() -> BuildOptions {
    BuildOptions { memo: Some(Arc::new(Memo::default())), ..BuildOptions::default() }
}

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
    let memo = with_memo();
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
    let memo = with_memo();
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
    let memo = with_memo();
    same_as_scratch(&site, &memo, "first build");
    edit(&site.join("content/data/schema.yaml"), |t| {
        t.replace("photonics: Photonics", "photonics: Photonix")
    });
    let built = same_as_scratch(&site, &memo, "a label of the schema");
    assert!(text_of(&built, "chapters/sample/index.html").contains("Photonix"));
}

/// The problems of a build that must fail, in order.
fn problems(site: &Path, options: &BuildOptions, step: &str) -> Vec<folio::Diagnostic> {
    match folio::build(site, options) {
        Ok(_) => panic!("{step}: the build succeeded"),
        Err(problems) => problems.into_sorted(),
    }
}

/// The memo keeps what each data file gave (records, a table, the bibliography, the schema,
/// `folio.yaml`) under the file's text: an edit to any of them must reach the pages, and a
/// problem in one must be reported by every rebuild until it is fixed (a kept parse keeps its
/// problems), exactly as a build from scratch reports it, even when only a chapter changed.
#[test]
fn edits_and_problems_in_data_files_are_seen_by_every_rebuild() {
    let (_tmp, site) = copy_fixture("records");
    let memo = with_memo();
    let chapter = site.join("content/chapters/01-overview.md");
    same_as_scratch(&site, &memo, "first build");

    // A record of a list collection, then of a folder collection, each alone in its edit.
    edit(&site.join("content/data/companies.yaml"), |t| t.replace("Gamma Labs", "Gamma Laboratories"));
    let built = same_as_scratch(&site, &memo, "a partner renamed");
    assert!(text_of(&built, "partners/index.html").contains("Gamma Laboratories"));
    edit(&site.join("content/data/firms/alpha-bio.yaml"), |t| t.replace("founded: 1998", "founded: 1999"));
    let built = same_as_scratch(&site, &memo, "a firm's founding year");
    assert!(text_of(&built, "firms/alpha-bio/index.html").contains("1999"));

    // (file, text, broken text, the file the problem is reported at when not this one)
    let breaks = [
        // Records are checked against the bibliography's keys: a key renamed there breaks the
        // records that cite it, though no record file changed.
        (
            "content/data/references.yaml",
            "key: segers2016",
            "key: segers2061",
            Some("content/data/firms/beta-cell.yaml"),
        ),
        ("content/data/firms/beta-cell.yaml", "name: Beta Cell", "name: [Beta Cell", None),
        ("content/data/companies.yaml", "- id: seed-fund", "- seed-fund", None),
        ("content/data/tables/biotech-firms.yaml", "type: integer", "type: integr", None),
        ("content/data/references.yaml", "year: 2016", "year: twenty", None),
        ("content/data/schema.yaml", "path: regions.yaml", "path: [regions.yaml", None),
        ("folio.yaml", "title: Records Fixture", "titel: Records Fixture", None),
    ];
    for (round, (file, good, bad, at)) in breaks.into_iter().enumerate() {
        let at = at.unwrap_or(file);
        let path = site.join(file);
        let original = fs::read_to_string(&path).unwrap();
        assert!(original.contains(good), "{file} has no `{good}`");
        fs::write(&path, original.replacen(good, bad, 1)).unwrap();
        let step = format!("{file} broken");
        let reported = problems(&site, &memo, &step);
        assert_eq!(reported, problems(&site, &BuildOptions::default(), &step), "{step}: as from scratch");
        assert!(reported.iter().any(|d| d.path == Path::new(at)), "{step}: {reported:#?}");
        // Rebuilds that find the file unchanged (after a chapter edit, then after none).
        edit(&chapter, |t| format!("{t}\nEdited while {file} is broken ({round}).\n"));
        assert_eq!(problems(&site, &memo, &step), reported, "{step}: after a chapter edit");
        assert_eq!(problems(&site, &memo, &step), reported, "{step}: again, with no edit");
        fs::write(&path, original).unwrap();
        same_as_scratch(&site, &memo, &format!("{file} repaired"));
    }
}

/// The print volumes of a built site, in order.
fn volumes(site: &Site) -> Vec<String> {
    let path = |n: usize| match n {
        1 => "print/index.html".to_string(),
        n => format!("print/page_{n}/index.html"),
    };
    (1..).map(path).take_while(|p| site.get(p).is_some()).collect()
}

/// A long report prints in volumes, each kept by the memo while its chapters and its place are
/// unchanged: an edit within a volume, and one that moves chapters into the next volume, must
/// both rebuild as a fresh build does.
#[test]
fn print_volumes_are_refilled_after_an_edit_as_a_fresh_build_fills_them() {
    let (_tmp, site) = synth(&["--chapters", "1500", "--firms", "5", "--companies", "2", "--alliances", "5"]);
    let memo = with_memo();
    let first = same_as_scratch(&site, &memo, "first build");
    assert!(volumes(&first).len() > 2, "{:?}", volumes(&first));
    let chapter = site.join("content/chapters/01000-chapter-999.md");
    edit(&chapter, |text| text + "\nOne more sentence, which cites nothing.\n");
    let edited = same_as_scratch(&site, &memo, "a sentence added");
    let holding: Vec<String> = volumes(&edited)
        .into_iter()
        .filter(|v| text_of(&edited, v).contains("which cites nothing"))
        .collect();
    assert_eq!(holding.len(), 1, "{holding:?}");
    // A chapter as long as a volume pushes the chapters after it into later volumes.
    edit(&chapter, |text| text + &"A long paragraph of filler words. ".repeat(80_000));
    let grown = same_as_scratch(&site, &memo, "a chapter grown past a volume");
    assert!(volumes(&grown).len() > volumes(&edited).len(), "the volumes did not change");
}

/// Chapters and record files that have not changed for a while are taken from the memo without
/// being read (their settled metadata stands for their text); a rebuild must still equal a
/// build from scratch, and an edit to one of them must still show.
#[test]
fn settled_files_are_reused_unread_and_an_edit_still_shows() {
    let (_tmp, site) = copy_fixture("records");
    let memo = with_memo();
    same_as_scratch(&site, &memo, "first build");
    // Past the settling time, the next build records each chapter's metadata ...
    std::thread::sleep(std::time::Duration::from_millis(2100));
    same_as_scratch(&site, &memo, "settled");
    // ... and the one after trusts it.
    same_as_scratch(&site, &memo, "unchanged");
    let chapter = site.join("content/chapters/01-overview.md");
    edit(&chapter, |t| t + "\nWritten after the chapters settled.\n");
    let built = same_as_scratch(&site, &memo, "edited after settling");
    assert!(text_of(&built, "chapters/overview/index.html").contains("Written after the chapters settled."));
    edit(&site.join("content/data/firms/beta-cell.yaml"), |t| {
        t.replace("name: Beta Cell", "name: Beta Cellular")
    });
    let built = same_as_scratch(&site, &memo, "record edited after settling");
    assert!(text_of(&built, "firms/index.html").contains("Beta Cellular"));
    same_as_scratch(&site, &memo, "unchanged again");
}
