//! Bad input: every problem is a diagnostic with file:line:col, all reported in one run, exit 1.

use crate::support::*;

fn stderr_of(site: &std::path::Path) -> String {
    let out = folio().arg("check").arg(site).assert().code(1);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[test]
fn config_errors_name_line_column_and_closest_key() {
    let stderr = stderr_of(&fixture("bad-config"));
    assert!(stderr.contains("folio.yaml:2:1: error: unknown key `subtitel`"), "{stderr}");
    assert!(stderr.contains("did you mean `subtitle`?"), "{stderr}");
}

#[test]
fn every_chapter_problem_is_reported_at_once() {
    let stderr = stderr_of(&fixture("bad-chapters"));
    let expected = [
        "content/chapters/02-two.md:3:8: error: duplicate order 1",
        "content/chapters/03-again.md:4:7: error: duplicate slug `one`",
        "content/chapters/04-untitled.md:2:1: error: missing required key `title`",
        "content/chapters/05-malformed.md:2:8: error:",
        "content/chapters/06-typo.md:4:1: error: unknown key `sumary`",
        "content/chapters/07-latin1.md:5:4: error: file is not valid UTF-8 text",
        "6 problems found",
    ];
    for line in expected {
        assert!(stderr.contains(line), "missing `{line}` in:\n{stderr}");
    }
    assert!(stderr.contains("did you mean `summary`?"));
    assert!(!stderr.contains("panicked"));
}

#[test]
fn empty_chapters_folder_is_an_error() {
    let stderr = stderr_of(&fixture("empty"));
    assert!(stderr.contains("content/chapters: error: no chapters"), "{stderr}");
}

#[test]
fn missing_config_is_an_error_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let stderr = stderr_of(tmp.path());
    assert!(stderr.contains("folio.yaml: error: cannot read file"), "{stderr}");
}

#[test]
fn usage_errors_exit_2() {
    folio().arg("bild").assert().code(2);
    folio().args(["build", "--no-such-flag"]).assert().code(2);
}

#[test]
fn every_record_problem_is_reported_with_its_position() {
    let stderr = stderr_of(&fixture("bad-records"));
    let expected = [
        "content/data/alliances/ghost.yaml:1:9: error: field `firm` names `ghost`, which is not a record of firms",
        "content/data/alliances/good-firm.yaml:6:12: error: field `partner` names `nopharma`, which is not a record of firms or partners",
        "did you mean `bigpharma`?",
        "content/data/alliances/good-firm.yaml:12:13: error: field `snapshot` expects a year-month, found `2016-13`",
        "help: write YYYY-MM, e.g. 2016-12",
        "content/data/alliances/good-firm.yaml:13:12: error: unknown reference key `unknownkey`",
        "content/data/companies.yaml:4:7: error: duplicate id `bigpharma` in `partners`",
        "content/data/firms/bad-slug.yaml:1:5: error: invalid id `Bad_Slug`",
        "content/data/firms/broken.yaml:2:7: error: unclosed bracket",
        "content/data/firms/good-firm.yaml:5:10: error: unknown reference key `segres2016`",
        "did you mean `segers2016`?",
        "content/data/firms/no-name.yaml:1:1: error: required field `name` is missing",
        "content/data/firms/typo.yaml:4:1: error: unknown field `regoin` in a record of `firms`",
        "did you mean `region`?",
        "content/data/firms/typo.yaml:1:1: error: required field `region` is missing",
        "content/data/firms/wrong-type.yaml:5:10: error: field `founded` expects a year, found `nineteen-ninety`",
        "help: write four digits, e.g. 2016",
        // The relations network is declared acyclic: a cycle of two, and a firm related to itself.
        "content/data/relations.yaml:6:7: error: this link closes a cycle in `relations`: cyc-a leads back to itself",
        "content/data/relations.yaml:9:7: error: this link closes a cycle in `relations`: good-firm leads back to itself",
        "content/data/tables/figures.yaml:8:5: error: row has 1 cell(s), the table has 2 columns",
        "content/data/tables/figures.yaml:9:14: error: column `firms`: expected a whole number, found the text \"many\"",
        "content/data/tables/figures.yaml:10:13: error: column `firms`: empty cell",
        "17 problems found",
    ];
    for line in expected {
        assert!(stderr.contains(line), "missing `{line}` in:\n{stderr}");
    }
    // An invalid id is not also reported as a file named after another id.
    assert!(!stderr.contains("is in a file named"), "{stderr}");
}

#[test]
fn unknown_citation_keys_point_into_the_chapter() {
    let (_tmp, site) = copy_fixture("records");
    let chapter = site.join("content/chapters/01-overview.md");
    let text = std::fs::read_to_string(&chapter).unwrap().replace("@michelino2015", "@michelino2051");
    std::fs::write(&chapter, text).unwrap();
    let stderr = stderr_of(&site);
    assert!(
        stderr.contains("content/chapters/01-overview.md:8:61: error: unknown citation key `michelino2051`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `michelino2015`?"));
}

#[test]
fn broken_internal_links_and_anchors_are_reported() {
    let (_tmp, site) = copy_fixture("basic");
    let path = site.join("content/chapters/01-intro.md");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "Some text with a [link to methods](../methods/).",
        "Some text with a [link](../methodz/), an [anchor](../methods/#nope) and a [good one](../methods/#sample).",
    );
    std::fs::write(&path, text).unwrap();
    let stderr = stderr_of(&site);
    assert!(
        stderr.contains("01-intro.md:9:18: error: broken link `../methodz/`: no page at chapters/methodz/"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "01-intro.md:9:42: error: broken link `../methods/#nope`: chapters/methods/ has no anchor `#nope`"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("2 problems found"), "{stderr}");
}

/// Regression: a reference `url: 'javascript:alert(document.domain)'` became a clickable link
/// on the bibliography page (stored XSS). Reference URLs are checked like chapter links.
#[test]
fn a_reference_url_with_a_script_scheme_is_refused() {
    let stderr = stderr_of(&fixture("bad-urls"));
    let expected = [
        "content/data/references.yaml:6:8: error: reference `evil2020`: unsafe url \
         `javascript:alert(document.domain)`: the scheme `javascript:` is not allowed",
        "content/data/references.yaml:11:8: error: reference `tab2020`: unsafe url \
         `java\\tscript:alert(1)`: it holds a control character",
    ];
    for line in expected {
        assert!(stderr.contains(line), "missing `{line}` in:\n{stderr}");
    }
    assert!(!stderr.contains("good2020"), "{stderr}");
}

/// Links and images in chapters: every form Markdown has (inline, autolink, by reference,
/// entity-encoded, in pointy brackets), with every disguise of the scheme.
#[test]
fn chapter_links_and_images_with_unsafe_schemes_are_refused_where_written() {
    let stderr = stderr_of(&fixture("bad-urls"));
    let file = "content/chapters/01-links.md";
    let expected = [
        "10:1: error: unsafe link `javascript:alert(document.domain)`: the scheme `javascript:`",
        "12:1: error: unsafe image `data:image/png;base64,iVBORw0KGgo=`: the scheme `data:`",
        "14:1: error: unsafe link `vbscript:msgbox(1)`: the scheme `vbscript:`",
        "16:1: error: unsafe link `JaVaScRiPt:alert(1)`: the scheme `javascript:`",
        "18:1: error: unsafe link `java\\tscript:alert(1)`: it holds a control character",
        "20:1: error: unsafe link `  javascript:alert(1)`: the scheme `javascript:`",
        "22:1: error: unsafe link `jAvAsCrIpT:alert(1)`: the scheme `javascript:`",
    ];
    for line in expected {
        assert!(stderr.contains(&format!("{file}:{line}")), "missing `{file}:{line}` in:\n{stderr}");
    }
    assert!(!stderr.contains(&format!("{file}:6:")), "safe links are not problems:\n{stderr}");
}

#[test]
fn case_text_links_and_images_with_unsafe_schemes_are_refused() {
    let stderr = stderr_of(&fixture("bad-urls"));
    let expected = [
        "content/data/firms/acme.md:3:8: error: unsafe link `vbscript:msgbox(1)`",
        "content/data/firms/acme.md:3:44: error: unsafe image `file:///etc/passwd`",
        "11 problems found",
    ];
    for line in expected {
        assert!(stderr.contains(line), "missing `{line}` in:\n{stderr}");
    }
}

/// The safe forms still link: http, https, mailto and relative links, on the bibliography
/// page and in chapters.
#[test]
fn safe_urls_still_become_links() {
    let (_tmp, site) = copy_fixture("bad-urls");
    let chapter = site.join("content/chapters/01-links.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    let good: String = text.lines().take(8).map(|l| format!("{l}\n")).collect();
    std::fs::write(&chapter, good).unwrap();
    std::fs::remove_file(site.join("content/data/firms/acme.md")).unwrap();
    let references = site.join("content/data/references.yaml");
    let text = std::fs::read_to_string(&references).unwrap();
    let text = text.replace("'javascript:alert(document.domain)'", "mailto:evil@example.org");
    // A relative address passes the link check but cannot be a reference's: hayagriva keeps
    // only full URLs, and a reference has no page of its own to be relative to.
    let relative = text.replace("\"java\\tscript:alert(1)\"", "../chapters/links/");
    std::fs::write(&references, &relative).unwrap();
    let stderr = stderr_of(&site);
    assert!(
        stderr.contains(
            "references.yaml:11:8: error: reference `tab2020`: url `../chapters/links/` is not a full address"
        ),
        "{stderr}"
    );
    std::fs::write(&references, relative.replace("../chapters/links/", "https://example.org/tab")).unwrap();
    folio().arg("build").arg(&site).assert().success();
    let hrefs = attrs(&page(&site, "references/index.html"), "a[rel=external]", "href");
    // APA lists a work without author by its title: "A disguised one" comes first.
    assert_eq!(hrefs, ["https://example.org/tab", "mailto:evil@example.org", "https://example.org/good"]);
    let hrefs = attrs(&page(&site, "chapters/links/index.html"), "main a:not(.citation)", "href");
    for href in ["https://example.org/", "mailto:a@example.org", "#links"] {
        assert!(hrefs.iter().any(|h| h == href), "no link to {href} in {hrefs:?}");
    }
}

#[test]
fn a_front_matter_mistake_does_not_hide_the_body_s_problems() {
    let (_tmp, site) = copy_fixture("records");
    let chapter = site.join("content/chapters/01-overview.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    let text =
        text.replacen("order: 1\n", "order: 1\nsumary: x\n", 1).replace("@michelino2015", "@michelino2051");
    std::fs::write(&chapter, text).unwrap();
    let stderr = stderr_of(&site);
    assert!(stderr.contains("content/chapters/01-overview.md:4:1: error: unknown key `sumary`"), "{stderr}");
    // The body's own problem, at its line in the file, and nothing on its own tables'
    // cross-references (the body still numbers them).
    assert!(
        stderr.contains("content/chapters/01-overview.md:9:61: error: unknown citation key `michelino2051`"),
        "{stderr}"
    );
    assert!(!stderr.contains("unknown label"), "{stderr}");
    assert!(stderr.contains("2 problems found"), "{stderr}");
}

#[test]
fn a_level_one_heading_in_a_chapter_is_a_warning_not_an_error() {
    let (_tmp, site) = copy_fixture("records");
    let chapter = site.join("content/chapters/01-overview.md");
    let text = std::fs::read_to_string(&chapter).unwrap().replacen("## Alliances", "# Alliances", 1);
    std::fs::write(&chapter, text).unwrap();
    let out = folio().args(["build", "--quiet"]).arg(&site).assert().success().get_output().clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("content/chapters/01-overview.md:6:1: warning: a level-1 heading (`#`)"),
        "{stderr}"
    );
    assert!(stderr.contains("help: start the page's sections at `##`"), "{stderr}");
    assert!(site.join("public/chapters/overview/index.html").exists());
}

#[test]
fn a_value_of_the_wrong_form_names_its_field_and_the_expected_form() {
    let (_tmp, site) = copy_fixture("records");
    let alliance = site.join("content/data/alliances/beta-cell.yaml");
    let text = std::fs::read_to_string(&alliance)
        .unwrap()
        .replace("snapshot: \"2016-12\"", "snapshot: Dec 2020\n  year: soon")
        .replace("kind: unspecified", "kind: unspecifed");
    std::fs::write(&alliance, text).unwrap();
    let stderr = stderr_of(&site);
    // Every problem of the one record, each with what is expected.
    let lines: Vec<&str> = stderr.lines().collect();
    let after = |needle: &str| {
        let at = lines.iter().position(|l| l.contains(needle));
        lines[at.unwrap_or_else(|| panic!("no `{needle}` in {stderr}")) + 1]
    };
    let snapshot = after("error: field `snapshot` expects a date, found `Dec 2020`");
    assert!(snapshot.contains("help: write YYYY-MM-DD, YYYY-MM or YYYY"), "{snapshot}");
    let year = after("error: field `year` expects a year, found `soon`");
    assert!(year.contains("help: write four digits, e.g. 2016"), "{year}");
    let kind = after("error: `unspecifed` is not a value of field `kind`");
    let values =
        "did you mean `unspecified`? values: licensing, r-and-d, co-development, equity, unspecified";
    assert!(kind.contains(values), "{kind}");
    assert!(stderr.contains("3 problems found"), "{stderr}");
}
