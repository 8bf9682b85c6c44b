//! Build benchmark: builds sites of several sizes with the release binary and reports the
//! median wall time (and its range), pages per second, median peak memory (and its range) and the median time of each pipeline stage
//! (from `folio build --timings`), so that a regression shows where it is.
//!
//! Run: `cargo bench --bench build` (all sizes) or `cargo bench --bench build -- small 1k`.
//! Sizes: `small` (the dissertation site), `1k` and `10k` (chapters of ~600 words), `firms`
//! (20,000 firms, 100,000 alliances) and `firms-half` (10,000 / 50,000, to check that doubling
//! the input at most doubles the time). `FOLIO_BENCH_RUNS` sets the runs per size (default 5).
//!
//! `FOLIO_BENCH_BASELINE=/path/to/older/folio` measures that binary beside this one in the same
//! run: each writes its own synthetic site (`folio synth` of its version, so a change of data
//! format is compared like for like), and their builds take turns, so both see the same load on
//! a shared machine. The baseline's rows are marked `(base)`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const FOLIO: &str = env!("CARGO_BIN_EXE_folio");

/// A folio binary to measure, with the name its rows carry.
struct Binary {
    path: PathBuf,
    suffix: &'static str,
}

struct Size {
    name: &'static str,
    /// `None`: the repository's own site; otherwise `folio synth` arguments.
    synth: Option<[usize; 4]>,
}

const SIZES: &[Size] = &[
    Size { name: "small", synth: None },
    Size { name: "1k", synth: Some([1_000, 0, 0, 0]) },
    Size { name: "10k", synth: Some([10_000, 0, 0, 0]) },
    Size { name: "firms-half", synth: Some([10, 10_000, 1_000, 50_000]) },
    Size { name: "firms", synth: Some([10, 20_000, 2_000, 100_000]) },
];

fn main() {
    let wanted: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let runs: usize = std::env::var("FOLIO_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
    let mut binaries = Vec::new();
    if let Some(base) = std::env::var_os("FOLIO_BENCH_BASELINE") {
        binaries.push(Binary { path: PathBuf::from(base), suffix: " (base)" });
    }
    binaries.push(Binary { path: PathBuf::from(FOLIO), suffix: "" });
    // As the protocol and `benches/compare.sh` have it: on tmpfs where there is one,
    // so that the disk's speed is not measured.
    let tmpfs = Path::new("/dev/shm");
    let work =
        if tmpfs.is_dir() { tempfile::tempdir_in(tmpfs) } else { tempfile::tempdir() }.expect("temp dir");
    println!("folio build benchmark: median of {runs} runs, {} cores", cores());
    println!(
        "{:<18} {:>7} {:>10} {:>9} {:>9}  stages (median ms)",
        "size", "pages", "wall (s)", "pages/s", "peak MiB"
    );
    for size in SIZES.iter().filter(|s| wanted.is_empty() || wanted.iter().any(|w| w == s.name)) {
        let sites: Vec<(PathBuf, PathBuf)> = binaries
            .iter()
            .enumerate()
            .map(|(b, binary)| {
                let out = work.path().join(format!("{}-{b}-out", size.name));
                (site(size, &binary.path, &work.path().join(format!("{}-{b}", size.name))), out)
            })
            .collect();
        let mut measured: Vec<Measured> = binaries.iter().map(|_| Measured::default()).collect();
        for _ in 0..runs {
            for ((binary, (site, out)), m) in binaries.iter().zip(&sites).zip(&mut measured) {
                measure(&binary.path, site, out, m);
            }
        }
        for (binary, m) in binaries.iter().zip(&measured) {
            report(&format!("{}{}", size.name, binary.suffix), m);
        }
    }
}

/// The site of `size`: the repository's own, or one that `folio` writes into `dir`.
fn site(size: &Size, folio: &Path, dir: &Path) -> PathBuf {
    let Some([chapters, firms, companies, alliances]) = size.synth else {
        return PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    };
    let status = Command::new(folio)
        .args(["synth", "--chapters", &chapters.to_string(), "--firms", &firms.to_string()])
        .args(["--companies", &companies.to_string(), "--alliances", &alliances.to_string(), "-q"])
        .arg(dir)
        .status()
        .expect("folio synth");
    assert!(status.success(), "folio synth failed");
    dir.to_path_buf()
}

/// Wall times, stage times and peak memory of builds of one site.
#[derive(Default)]
struct Measured {
    pages: usize,
    walls: Vec<f64>,
    stages: BTreeMap<String, Vec<f64>>,
    stage_order: Vec<String>,
    peaks: Vec<f64>,
}

/// One build of `site` into an empty `out` by `folio`, added to `m`: the previous run's output
/// and the staging folder beside it (which keeps the output before last) are removed first.
fn measure(folio: &Path, site: &Path, out: &Path, m: &mut Measured) {
    for folder in [Some(out.to_path_buf()), folio::output::staging_folder(out)].into_iter().flatten() {
        if folder.exists() {
            std::fs::remove_dir_all(&folder).expect("remove a previous output");
        }
    }
    let started = Instant::now();
    let output = Command::new(folio)
        .arg("build")
        .arg(site)
        .arg("--out")
        .arg(out)
        .arg("--timings")
        .output()
        .expect("folio build");
    m.walls.push(started.elapsed().as_secs_f64());
    assert!(output.status.success(), "build failed: {}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    m.pages = stdout.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0);
    for line in String::from_utf8_lossy(&output.stderr).lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["stage", name, ms, "ms", ..] if *name != "total" => {
                if !m.stage_order.iter().any(|s| s == name) {
                    m.stage_order.push(name.to_string());
                }
                m.stages.entry(name.to_string()).or_default().push(ms.parse().unwrap_or(0.0));
            }
            ["peak", "memory", mib, "MiB"] => m.peaks.push(mib.parse().unwrap_or(0.0)),
            _ => {}
        }
    }
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn report(name: &str, m: &Measured) {
    let wall = median(&m.walls);
    let stages: Vec<String> =
        m.stage_order.iter().map(|s| format!("{s} {:.0}", median(&m.stages[s]))).collect();
    let spread = |v: &[f64]| {
        let (lo, hi) = v.iter().fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(*x), hi.max(*x)));
        (lo, hi)
    };
    let (lo, hi) = spread(&m.walls);
    let (low_mib, high_mib) = spread(&m.peaks);
    println!(
        "{name:<18} {:>7} {wall:>10.3} {:>9.0} {:>9.1}  {}",
        m.pages,
        m.pages as f64 / wall.max(1e-9),
        median(&m.peaks),
        stages.join(", ")
    );
    println!(
        "{:<18} {:>7} {:>10} {:>9} {:>9}  wall {lo:.3}-{hi:.3} s, peak {low_mib:.1}-{high_mib:.1} MiB",
        "", "", "", "", ""
    );
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
