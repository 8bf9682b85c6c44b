//! Bad input: every problem is a diagnostic with file:line:col, all reported in one run, exit 1.

use crate::support::*;

fn stderr_of(site: &std::path::Path) -> String {
    let out = folio().arg("check").arg(site).assert().code(1);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[test]
fn config_errors_name_line_column_and_closest_key() {
    let stderr = stderr_of(&fixture("bad-config"));
    assert!(
        stderr.contains("folio.yaml:2:1: error: unknown key `subtitel`"),
        "{stderr}"
    );
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
    assert!(
        stderr.contains("content/chapters: error: no chapters"),
        "{stderr}"
    );
}

#[test]
fn missing_config_is_an_error_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let stderr = stderr_of(tmp.path());
    assert!(
        stderr.contains("folio.yaml: error: cannot read file"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_2() {
    folio().arg("bild").assert().code(2);
    folio().args(["build", "--no-such-flag"]).assert().code(2);
}
