//! Output safety: failed builds keep the previous output, builds are deterministic, foreign
//! folders are never replaced.

use std::fs;

use crate::support::*;

#[test]
fn failed_build_leaves_previous_output_byte_for_byte() {
    let (_tmp, site) = copy_fixture("basic");
    build_ok(&site);
    let before = tree(&site.join("public"));
    fs::write(site.join("content/chapters/02-methods.md"), "---\ntitle: [broken\n---\n").unwrap();
    folio().arg("build").arg(&site).assert().code(1);
    assert_eq!(tree(&site.join("public")), before);
}

#[test]
fn two_builds_are_byte_identical() {
    let (_tmp, site) = copy_fixture("basic");
    build_ok(&site);
    let first = tree(&site.join("public"));
    build_ok(&site);
    assert_eq!(tree(&site.join("public")), first);
    let other = site.parent().unwrap().join("elsewhere");
    folio().arg("build").arg(&site).arg("--out").arg(&other).assert().success();
    assert_eq!(tree(&other), first, "output does not depend on where it is written");
}

#[test]
fn refuses_foreign_output_and_site_folder() {
    let (_tmp, site) = copy_fixture("basic");
    let foreign = site.join("notes");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("keep.txt"), "mine").unwrap();
    let out = folio().arg("build").arg(&site).arg("--out").arg(&foreign).assert().code(1);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("did not write"));
    assert_eq!(fs::read_to_string(foreign.join("keep.txt")).unwrap(), "mine");
    folio().arg("build").arg(&site).arg("--out").arg(&site).assert().code(1);
    assert!(site.join("folio.yaml").exists());
}
