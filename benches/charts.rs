//! Chart performance: the time to draw a grouped bar chart, a one-series bar chart and a
//! 500-point line chart (spec → figure HTML, through the same path a ` ```chart ` block takes,
//! plotters and folio's SVG backend included), and the network layout of 20,000 firms with 100,000 alliances,
//! generated synthetically and deterministically. Run with `cargo bench --bench charts`; it
//! prints medians, it asserts nothing (a benchmark, not a timed test).

use std::hint::black_box;
use std::time::{Duration, Instant};

use folio::charts::network::{Node, layout};
use folio::charts::{self, ChartKind, ChartSpec, Graph, Plot};
use folio::content::apparatus::{Cell, ColumnType};
use folio::datasets::{DataColumn, Dataset};
use folio::locale;

/// Median wall time of `runs` calls of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

/// The dissertation's Table 1 (13 countries, two firm counts).
fn oecd() -> Dataset {
    let rows = [
        ("United States", 11367, 1165),
        ("Spain", 2831, 554),
        ("France", 1950, 1284),
        ("Germany", 709, 578),
        ("Belgium", 350, 127),
        ("Netherlands", 262, 65),
        ("Ireland", 237, 193),
        ("Switzerland", 233, 134),
        ("Finland", 157, 70),
        ("Denmark", 134, 58),
        ("Austria", 128, 95),
        ("Czech Republic", 115, 85),
        ("Sweden", 102, 54),
    ];
    let column = |id: &str, kind| DataColumn { id: id.into(), label: id.into(), kind };
    Dataset {
        name: "oecd-biotech-firms".into(),
        title: "Firms active in biotechnology".into(),
        columns: vec![
            column("country", ColumnType::Text),
            column("biotech_firms", ColumnType::Integer),
            column("dedicated_firms", ColumnType::Integer),
        ],
        rows: rows
            .iter()
            .map(|(c, a, b)| vec![Cell::Text(c.to_string()), Cell::Integer(*a), Cell::Integer(*b)])
            .collect(),
        links: vec![None; rows.len()],
        source: None,
    }
}

/// 500 months of one monthly series from a fixed generator: a 500-point line chart.
fn monthly() -> Dataset {
    let mut state: u64 = 0x5eed;
    let rows: Vec<Vec<Cell>> = (0..500)
        .map(|k| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let month = format!("{}-{:02}", 1980 + k / 12, k % 12 + 1);
            vec![Cell::Text(month), Cell::Integer(1_000 + (k as i64) * 3 + (state >> 58) as i64)]
        })
        .collect();
    let column = |id: &str, kind| DataColumn { id: id.into(), label: id.into(), kind };
    Dataset {
        name: "monthly".into(),
        title: "A monthly series".into(),
        columns: vec![column("month", ColumnType::Text), column("value", ColumnType::Integer)],
        links: vec![None; rows.len()],
        rows,
        source: None,
    }
}

/// 20,000 firms, 5,000 partners and 100,000 alliance pairs from a fixed linear congruential
/// generator: partner popularity is skewed (a few partners ally with many firms), like the data.
fn synthetic_network(firms: usize, partners: usize, alliances: usize) -> Graph {
    let mut state: u64 = 0x0020_175e_9e25;
    let mut next = move || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let mut nodes: Vec<Node> =
        (0..firms).map(|i| Node { label: format!("Firm {i:05}"), hub: true, focus: false }).collect();
    nodes.extend((0..partners).map(|i| Node {
        label: format!("Partner company {i:04}"),
        hub: false,
        focus: false,
    }));
    let edges = (0..alliances)
        .map(|k| {
            let firm = k % firms;
            let r = next() % partners;
            let partner = (r * r) / partners; // skewed towards low ids
            (firm, firms + partner)
        })
        .collect();
    Graph::new(nodes, edges)
}

fn main() {
    let data = oecd();
    let spec = ChartSpec {
        kind: ChartKind::Grouped,
        horizontal: true,
        data: data.name.clone(),
        x: "country".into(),
        y: vec!["biotech_firms".into(), "dedicated_firms".into()],
        label: Some("fig-oecd".into()),
        ..ChartSpec::default()
    };
    let bar = median(201, || {
        let chart = charts::chart(black_box(&spec), &data, Some("data/oecd.csv".into()), locale::english())
            .expect("valid spec");
        black_box(charts::figure(&chart, "../../", locale::english()));
    });
    println!(
        "grouped bar chart (13 categories x 2 series, spec -> figure HTML): median {:.3} ms",
        bar.as_secs_f64() * 1e3
    );
    let one = ChartSpec {
        kind: ChartKind::Bar,
        horizontal: false,
        y: vec!["biotech_firms".into()],
        ..spec.clone()
    };
    let bar = median(201, || {
        let chart = charts::chart(black_box(&one), &data, None, locale::english()).expect("valid spec");
        black_box(charts::figure(&chart, "../../", locale::english()));
    });
    println!("bar chart (13 categories, spec -> figure HTML): median {:.3} ms", bar.as_secs_f64() * 1e3);
    let months = monthly();
    let line = ChartSpec {
        kind: ChartKind::Line,
        data: months.name.clone(),
        x: "month".into(),
        y: vec!["value".into()],
        ..ChartSpec::default()
    };
    let drawn = median(101, || {
        let chart = charts::chart(black_box(&line), &months, None, locale::english()).expect("valid spec");
        black_box(charts::figure(&chart, "../../", locale::english()));
    });
    println!(
        "line chart (500 monthly points, spec -> figure HTML): median {:.3} ms",
        drawn.as_secs_f64() * 1e3
    );

    let start = Instant::now();
    let graph = synthetic_network(20_000, 5_000, 100_000);
    println!(
        "synthetic network: {} nodes, {} distinct alliances, generated in {:.0} ms",
        graph.nodes.len(),
        graph.edges.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    let lay = median(5, || {
        black_box(layout(black_box(&graph), 32.0));
    });
    println!("network layout (20,000 firms, 100,000 alliances): median {:.0} ms", lay.as_secs_f64() * 1e3);
    let chart = charts::Chart {
        number: None,
        id: "fig-big".into(),
        label: None,
        title: "Synthetic network".into(),
        caption: "Synthetic network".into(),
        plot: Plot::Network(graph),
        csv: None,
        source: None,
    };
    let svg = median(3, || {
        black_box(charts::svg(black_box(&chart), locale::english()));
    });
    println!("network SVG (layout + drawing + description): median {:.0} ms", svg.as_secs_f64() * 1e3);
}
