//! `folio new` scaffolds a site that builds.

use crate::support::*;

#[test]
fn new_site_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("report");
    folio().arg("new").arg(&dir).assert().success();
    build_ok(&dir);
    let home = page(&dir, "index.html");
    assert_eq!(texts(&home, "h1"), ["My report"]);
    assert_eq!(texts(&home, ".chapter-list a"), ["Introduction", "Findings"]);
    folio().arg("new").arg(&dir).assert().code(1);
}
