//! Build benchmark: builds sites of several sizes with the release binary and reports the
//! median wall time, pages per second, peak memory and the median time of each pipeline stage
//! (from `folio build --timings`), so that a regression shows where it is.
//!
//! Run: `cargo bench --bench build` (all sizes) or `cargo bench --bench build -- small 1k`.
//! Sizes: `small` (the dissertation site), `1k` and `10k` (chapters of ~600 words), `firms`
//! (20,000 firms, 100,000 alliances) and `firms-half` (10,000 / 50,000, to check that doubling
//! the input at most doubles the time). `FOLIO_BENCH_RUNS` sets the runs per size (default 5).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const FOLIO: &str = env!("CARGO_BIN_EXE_folio");

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
    let work = tempfile::tempdir().expect("temp dir");
    println!("folio build benchmark: median of {runs} runs, {} cores", cores());
    println!(
        "{:<11} {:>7} {:>10} {:>9} {:>9}  stages (median ms)",
        "size", "pages", "wall (s)", "pages/s", "peak MiB"
    );
    for size in SIZES.iter().filter(|s| wanted.is_empty() || wanted.iter().any(|w| w == s.name)) {
        let site = match size.synth {
            None => PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            Some([chapters, firms, companies, alliances]) => {
                let dir = work.path().join(size.name);
                let status = Command::new(FOLIO)
                    .args(["synth", "--chapters", &chapters.to_string(), "--firms", &firms.to_string()])
                    .args([
                        "--companies",
                        &companies.to_string(),
                        "--alliances",
                        &alliances.to_string(),
                        "-q",
                    ])
                    .arg(&dir)
                    .status()
                    .expect("folio synth");
                assert!(status.success(), "folio synth failed");
                dir
            }
        };
        report(size.name, &measure(&site, &work.path().join(format!("{}-out", size.name)), runs));
    }
}

/// Wall times, stage times and peak memory of `runs` builds of `site` into `out`.
struct Measured {
    pages: usize,
    walls: Vec<f64>,
    stages: BTreeMap<String, Vec<f64>>,
    stage_order: Vec<String>,
    peak_mib: f64,
}

fn measure(site: &Path, out: &Path, runs: usize) -> Measured {
    let mut m = Measured {
        pages: 0,
        walls: Vec::new(),
        stages: BTreeMap::new(),
        stage_order: Vec::new(),
        peak_mib: 0.0,
    };
    for _ in 0..runs {
        let started = Instant::now();
        let output = Command::new(FOLIO)
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
                ["peak", "memory", mib, "MiB"] => m.peak_mib = m.peak_mib.max(mib.parse().unwrap_or(0.0)),
                _ => {}
            }
        }
    }
    m
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
    println!(
        "{name:<11} {:>7} {wall:>10.3} {:>9.0} {:>9.1}  {}",
        m.pages,
        m.pages as f64 / wall.max(1e-9),
        m.peak_mib,
        stages.join(", ")
    );
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
