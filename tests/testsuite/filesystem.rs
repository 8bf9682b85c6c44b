//! File-system problems in the input are diagnostics that name the path, and a build that could
//! not read part of its input fails instead of removing the pages of what it skipped.

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tempfile::TempDir;

use crate::support::*;

/// A new site made by `folio new`, built once.
fn new_site() -> (TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    folio().arg("new").arg(&site).assert().success();
    (tmp, site)
}

/// `folio build site` (with a time limit: a FIFO opened for reading would block forever),
/// expected to fail; returns its stderr.
fn failed_build(site: &Path) -> String {
    let out = folio().arg("build").arg(site).timeout(Duration::from_secs(60)).assert().code(1);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Regression: an unreadable folder of records was read as empty, so the build succeeded and
/// removed every page of that folder from the previous output. Root reads any folder, so when
/// the tests run as root the builds run as the unprivileged user `nobody`, which owns the site.
#[test]
fn an_unreadable_data_folder_fails_the_build_and_keeps_its_pages() {
    let (tmp, site) = new_site();
    let nobody = 65534;
    let as_root = unsafe { libc::geteuid() } == 0;
    if as_root {
        for entry in walkdir::WalkDir::new(tmp.path()) {
            std::os::unix::fs::chown(entry.unwrap().path(), Some(nobody), Some(nobody)).unwrap();
        }
    }
    let build = || {
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("folio"));
        if as_root {
            command.uid(nobody).gid(nobody);
        }
        command.env("NO_COLOR", "1").arg("build").arg(&site);
        assert_cmd::Command::from_std(command)
    };
    let first = build().output().unwrap();
    if as_root && !first.status.success() && String::from_utf8_lossy(&first.stderr).is_empty() {
        eprintln!("skipped: cannot run folio as uid {nobody} here ({first:?})");
        return;
    }
    assert!(first.status.success(), "{first:?}");
    let before = tree(&site.join("public"));
    assert!(before.iter().any(|(path, _)| path.starts_with("tables/research-spending/")));
    let tables = site.join("content/data/tables");
    fs::set_permissions(&tables, fs::Permissions::from_mode(0o000)).unwrap();
    let out = build().assert().code(1);
    fs::set_permissions(&tables, fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(stderr.contains("content/data/tables: error: cannot read: Permission denied"), "{stderr}");
    assert_eq!(tree(&site.join("public")), before, "the previous output is left as it was");
}

#[test]
fn a_symlink_loop_among_chapters_is_an_error() {
    let (_tmp, site) = copy_fixture("basic");
    symlink("09-loop.md", site.join("content/chapters/09-loop.md")).unwrap();
    let stderr = failed_build(&site);
    assert!(stderr.contains("content/chapters/09-loop.md: error: symbolic link loop"), "{stderr}");
}

#[test]
fn a_dangling_symlink_among_records_is_an_error() {
    let (_tmp, site) = new_site();
    symlink("../elsewhere/gone.yaml", site.join("content/data/tables/gone.yaml")).unwrap();
    let stderr = failed_build(&site);
    let expected = "content/data/tables/gone.yaml: error: dangling symbolic link to ../elsewhere/gone.yaml";
    assert!(stderr.contains(expected), "{stderr}");
}

#[test]
fn fifos_among_chapters_and_records_are_errors_not_hangs() {
    let (_tmp, site) = new_site();
    mkfifo(&site.join("content/chapters/03-pipe.md"));
    mkfifo(&site.join("content/data/tables/pipe.yaml"));
    mkfifo(&site.join("content/data/references.yaml"));
    let stderr = failed_build(&site);
    for path in
        ["content/chapters/03-pipe.md", "content/data/tables/pipe.yaml", "content/data/references.yaml"]
    {
        let expected = format!("{path}: error: not a regular file: a named pipe (FIFO)");
        assert!(stderr.contains(&expected), "missing `{expected}` in:\n{stderr}");
    }
}

#[test]
fn a_symlink_loop_in_the_templates_is_an_error() {
    let (_tmp, site) = new_site();
    fs::create_dir_all(site.join("templates/partials")).unwrap();
    symlink("..", site.join("templates/partials/up")).unwrap();
    let stderr = failed_build(&site);
    assert!(stderr.contains("templates/partials/up: error: symbolic link loop"), "{stderr}");
}

/// Regression: a 300-character slug failed at write time ("File name too long") with no position.
#[test]
fn a_slug_or_id_too_long_for_a_file_name_is_reported_where_it_is_written() {
    let (_tmp, site) = new_site();
    let long = "a".repeat(300);
    let chapter = site.join("content/chapters/01-introduction.md");
    let text = fs::read_to_string(&chapter).unwrap();
    fs::write(&chapter, text.replacen("order: 1\n", &format!("order: 1\nslug: {long}\n"), 1)).unwrap();
    let table = site.join("content/data/tables/research-spending.yaml");
    let text = fs::read_to_string(&table).unwrap();
    fs::write(&table, text.replacen("id: research-spending", &format!("id: {long}"), 1)).unwrap();
    let partners = site.join("content/data/partners.yaml");
    let text = fs::read_to_string(&partners).unwrap();
    fs::write(&partners, text.replacen("id: meridian-instruments", &format!("id: {long}"), 1)).unwrap();
    let stderr = failed_build(&site);
    let start = "a".repeat(24);
    for expected in [
        format!("content/chapters/01-introduction.md:4:7: error: slug `{start}…` is 300 bytes long"),
        format!("content/data/tables/research-spending.yaml:1:5: error: id `{start}…` is 300 bytes long"),
        format!("content/data/partners.yaml:5:7: error: invalid id `{long}`"),
    ] {
        assert!(stderr.contains(&expected), "missing `{expected}` in:\n{stderr}");
    }
    assert!(!stderr.contains("File name too long"), "{stderr}");
}
