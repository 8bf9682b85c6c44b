//! Markdown rendering benchmark: one chapter of many headings with the same text, through the
//! same `markdown::render` that chapters take, to show that giving them unique ids grows
//! linearly with their number. Run `cargo bench --bench markdown` (or `-- 1000 4000` for some
//! counts); it prints the median time of each count and asserts nothing.

use std::hint::black_box;
use std::time::{Duration, Instant};

use folio::citations::Bibliography;
use folio::markdown::{self, MarkdownOptions, NoBlocks};
use folio::xref::Xrefs;

/// Heading counts measured when none are named on the command line.
const COUNTS: &[usize] = &[1_000, 4_000, 20_000];

fn main() {
    let wanted: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let counts = if wanted.is_empty() { COUNTS.to_vec() } else { wanted };
    let runs: usize = std::env::var("FOLIO_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
    let (bibliography, xrefs) = (Bibliography::default(), Xrefs::default());
    let options = MarkdownOptions {
        allow_raw_html: false,
        root: "../../",
        bibliography: &bibliography,
        xrefs: &xrefs,
        blocks: &NoBlocks,
    };
    println!("markdown benchmark: median of {runs} runs");
    for count in counts {
        let same = "## Same\n\nText.\n\n".repeat(count);
        // Literal headings that look like generated suffixes ("Same 2" → `same-2`) interleaved.
        let mixed: String = (0..count).map(|i| format!("## Same {}\n\n## Same\n\n", i % 7)).collect();
        let time = |source: &str| median(runs, || drop(black_box(markdown::render(source, options))));
        println!(
            "{count:>7} identical headings {:>9.1} ms   {:>7} mixed with literal suffixes {:>9.1} ms",
            ms(time(&same)),
            2 * count,
            ms(time(&mixed))
        );
    }
}

/// Median wall time of `runs` calls of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
