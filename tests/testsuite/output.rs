//! Output safety: failed or killed builds keep the previous output, builds are deterministic,
//! foreign folders are never replaced.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

/// Every file and folder below `dir` (folders with no bytes), sorted: an exact picture of a
/// tree, stray empty folders included.
fn snapshot(dir: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, e.file_type().is_file().then(|| fs::read(e.path()).unwrap()))
        })
        .collect()
}

/// A file's identity: inode number and change time (a freed inode number is soon reused).
type Stamp = (u64, i64, i64);

fn stamp(path: &Path) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt;
    fs::symlink_metadata(path).ok().map(|m| (m.ino(), m.ctime(), m.ctime_nsec()))
}

/// Stamps of a sample of the files in `dir` (every 40th), to notice a write begin there.
fn sample_files(dir: &Path) -> Vec<(PathBuf, Option<Stamp>)> {
    let files = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().map(|e| e.unwrap());
    let files = files.filter(|e| e.file_type().is_file()).step_by(40);
    files.map(|e| (e.path().to_path_buf(), stamp(e.path()))).collect()
}

fn any_rewritten(sample: &[(PathBuf, Option<Stamp>)]) -> bool {
    sample.iter().any(|(path, before)| stamp(path) != *before)
}

/// When a signal is sent: so many ms after the build starts, or after its first staged write.
#[derive(Debug, Clone, Copy)]
enum Moment {
    AfterStart(u64),
    AfterFirstWrite(u64),
}

/// Runs `folio build` and sends `signal` at `moment` (unless the build is over by then).
fn build_interrupted(site: &Path, staging: &Path, signal: i32, moment: Moment) {
    let sample = sample_files(staging);
    let bin = assert_cmd::cargo::cargo_bin("folio");
    let mut child = std::process::Command::new(bin).arg("build").arg(site).arg("--quiet").spawn().unwrap();
    let started = Instant::now();
    let wait_until = |ready: &dyn Fn() -> bool, child: &mut std::process::Child| loop {
        if ready() || child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_micros(500));
    };
    match moment {
        Moment::AfterStart(ms) => wait_until(&|| started.elapsed().as_millis() >= ms.into(), &mut child),
        Moment::AfterFirstWrite(ms) => {
            wait_until(&|| any_rewritten(&sample), &mut child);
            std::thread::sleep(Duration::from_millis(ms));
        }
    }
    // SAFETY: kill(2) on our own child's pid; it has not been reaped yet (try_wait may have
    // reaped it, in which case the pid is not reused before the next spawn of this test).
    unsafe { libc::kill(child.id() as i32, signal) };
    child.wait().unwrap();
}

/// A build killed at any moment (SIGKILL, SIGTERM, SIGINT), in particular while it writes,
/// leaves the output exactly as it was or exactly the new one: no stray file, no half-written
/// file, no mix. Before the staging folder beside the output, up to 194 `*.folio-pending-<pid>`
/// files were left inside it.
#[test]
fn a_killed_build_leaves_the_old_output_or_the_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let sizes = ["--chapters", "2000", "--firms", "20", "--companies", "10", "--alliances", "50"];
    folio().arg("synth").arg(&site).args(sizes).assert().success();
    let (out, staging) = (site.join("public"), site.join(".public.folio-staging"));
    let config = fs::read_to_string(site.join("folio.yaml")).unwrap();
    let titled = |n: usize| config.replacen("title: Synthetic report", &format!("title: Version {n}"), 1);
    fs::write(site.join("folio.yaml"), titled(0)).unwrap();
    build_ok(&site);
    build_ok(&site); // a second build makes the staging folder
    let mut published = snapshot(&out);
    let (mut mid_write, mut completed) = (0, 0);
    let moments = [
        (libc::SIGKILL, Moment::AfterStart(300)),
        (libc::SIGKILL, Moment::AfterFirstWrite(0)),
        (libc::SIGKILL, Moment::AfterFirstWrite(40)),
        (libc::SIGKILL, Moment::AfterFirstWrite(150)),
        (libc::SIGTERM, Moment::AfterFirstWrite(0)),
        (libc::SIGTERM, Moment::AfterFirstWrite(80)),
        (libc::SIGINT, Moment::AfterFirstWrite(0)),
        (libc::SIGINT, Moment::AfterFirstWrite(80)),
        (libc::SIGKILL, Moment::AfterFirstWrite(1500)),
    ];
    for (version, (signal, moment)) in (1..).zip(moments) {
        // Each attempt builds a title never built before: every page changes.
        fs::write(site.join("folio.yaml"), titled(version)).unwrap();
        let sample = sample_files(&staging);
        build_interrupted(&site, &staging, signal, moment);
        let now = snapshot(&out);
        let staged = any_rewritten(&sample);
        eprintln!("signal {signal} at {moment:?}: output {}", if now == published { "kept" } else { "new" });
        if now == published {
            mid_write += usize::from(staged);
            continue;
        }
        let expected = tmp.path().join(format!("expected-{version}"));
        folio().arg("build").arg(&site).arg("--out").arg(&expected).arg("--quiet").assert().success();
        assert!(now == snapshot(&expected), "signal {signal} at {moment:?}: a mix of two outputs");
        fs::remove_dir_all(&expected).unwrap();
        published = now;
        completed += 1;
    }
    eprintln!("{mid_write} builds killed while writing, {completed} completed before the signal");
    assert!(mid_write > 0, "no signal arrived while the build was writing");
    // The next build brings the staging folder, left in any state, to exactly the new output.
    build_ok(&site);
    let expected = tmp.path().join("expected");
    folio().arg("build").arg(&site).arg("--out").arg(&expected).arg("--quiet").assert().success();
    assert!(snapshot(&out) == snapshot(&expected), "the build after the signals is not exact");
    let mut beside: Vec<_> = fs::read_dir(&site).unwrap().map(|e| e.unwrap().file_name()).collect();
    beside.sort();
    assert_eq!(beside, [".public.folio-staging", "content", "folio.yaml", "public"]);
}
