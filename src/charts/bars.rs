//! Bar charts: vertical or horizontal; one series, several side by side (grouped), or several
//! stacked. Category labels are fitted (one line, two lines, or slanted for vertical bars;
//! shortened with "…" past a width for horizontal ones), value labels are drawn only where they
//! fit, and the legend appears only when there is more than one series.

use super::axis::{Axis, extent, unit_label};
use super::resolve::Categorical;
use super::scale::{fit_text, text_width, wrap};
use super::svg::{Anchor, FONT, SMALL, Svg, legend, legend_height};

/// Width of every chart's drawing, in user units (it scales to the page).
pub const WIDTH: f64 = 640.0;
const PLOT_HEIGHT: f64 = 220.0;

/// What the chart is called, for the SVG root.
pub struct Frame<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
}

/// How category labels fit under vertical bars.
enum Labels {
    Flat,
    TwoLines,
    Slanted,
}

/// Vertical bars.
pub fn vertical(frame: &Frame, data: &Categorical, stacked: bool) -> String {
    let n = data.categories.len().max(1);
    let names: Vec<String> = data.series.iter().map(|s| s.label.clone()).collect();
    let legend_h = if names.len() > 1 { legend_height(WIDTH - 20.0, &names) + 4.0 } else { 0.0 };
    let top = 10.0 + legend_h + 18.0;
    let (lo, hi) = extent(data, stacked);
    let probe = Axis::new(lo, hi, data.format, 0.0, 1.0);
    let left = probe.label_width() + 14.0;
    let band = (WIDTH - left - 10.0) / n as f64;
    let widest = data.categories.iter().map(|c| text_width(c, FONT)).fold(0.0, f64::max);
    let labels = if widest <= band - 6.0 {
        Labels::Flat
    } else if data.categories.iter().all(|c| {
        wrap(c, band - 6.0, FONT).len() <= 2
            && wrap(c, band - 6.0, FONT).iter().all(|l| text_width(l, FONT) <= band - 6.0)
    }) {
        Labels::TwoLines
    } else {
        Labels::Slanted
    };
    let bottom = match labels {
        Labels::Flat => 22.0,
        Labels::TwoLines => 36.0,
        Labels::Slanted => widest.min(140.0) * 0.72 + 18.0,
    };
    let height = top + PLOT_HEIGHT + bottom;
    let axis = Axis::new(lo, hi, data.format, top + PLOT_HEIGHT, top);
    let mut svg =
        Svg::open(frame.id, if stacked { "stacked" } else { "bar" }, WIDTH, height, frame.title, frame.desc);
    if legend_h > 0.0 {
        legend(&mut svg, 10.0, 8.0, WIDTH - 20.0, &names);
    }
    if let Some(unit) = unit_label(data) {
        svg.text(left - 6.0, top - 8.0, Anchor::Start, "chart-unit", &unit);
    }
    axis.draw(&mut svg, left, WIDTH - 10.0, true);
    let slots = if stacked { 1 } else { data.series.len().max(1) };
    let bar_w = (band * 0.82 / slots as f64).min(56.0);
    let value_labels = !stacked && labels_fit(data, bar_w);
    svg.group("chart-bars");
    for i in 0..data.categories.len() {
        let x0 = left + band * (i as f64 + 0.5) - bar_w * slots as f64 / 2.0;
        let mut stack = (0.0, 0.0);
        for (s, series) in data.series.iter().enumerate() {
            let tip = tooltip(data, i, s);
            let Some(v) = series.values[i] else {
                if !stacked && text_width("n/a", SMALL) <= bar_w + 4.0 {
                    svg.text(
                        x0 + bar_w * (s as f64 + 0.5),
                        axis.px(0.0) - 4.0,
                        Anchor::Middle,
                        "chart-na",
                        "n/a",
                    );
                }
                continue;
            };
            let (base, end) = if stacked { stacked_span(&mut stack, v) } else { (0.0, v) };
            let x = if stacked { x0 } else { x0 + bar_w * s as f64 };
            let (y1, y2) = (axis.px(base), axis.px(end));
            let gap = if slots > 1 { 1.0 } else { 0.0 };
            svg.rect(
                x,
                y1.min(y2),
                bar_w - gap,
                (y1 - y2).abs(),
                &format!("chart-bar series-{}", s % 4 + 1),
                Some(&tip),
            );
            if value_labels {
                let y = if v < 0.0 { y2 + 12.0 } else { y2 - 4.0 };
                svg.text(x + bar_w / 2.0, y, Anchor::Middle, "chart-value", &data.format.format(v));
            }
        }
        if stacked && data.series.iter().any(|s| s.values[i].is_some()) {
            let total: f64 = data.series.iter().filter_map(|s| s.values[i]).sum();
            let label = data.format.format(total);
            if text_width(&label, SMALL) <= band - 2.0 {
                svg.text(x0 + bar_w / 2.0, axis.px(stack.1) - 4.0, Anchor::Middle, "chart-value", &label);
            }
        }
    }
    svg.close_group();
    category_labels(&mut svg, data, &labels, left, band, top + PLOT_HEIGHT);
    svg.finish()
}

/// The (base, end) of the next stacked segment; positive and negative values stack apart.
fn stacked_span(stack: &mut (f64, f64), v: f64) -> (f64, f64) {
    if v < 0.0 {
        let base = stack.0;
        stack.0 += v;
        (base, stack.0)
    } else {
        let base = stack.1;
        stack.1 += v;
        (base, stack.1)
    }
}

fn labels_fit(data: &Categorical, bar_w: f64) -> bool {
    data.series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .all(|&v| text_width(&data.format.format(v), SMALL) <= bar_w + 1.0)
}

fn category_labels(svg: &mut Svg, data: &Categorical, labels: &Labels, left: f64, band: f64, base: f64) {
    svg.group("chart-categories");
    for (i, name) in data.categories.iter().enumerate() {
        let x = left + band * (i as f64 + 0.5);
        match labels {
            Labels::Flat => svg.text(x, base + 16.0, Anchor::Middle, "chart-label", name),
            Labels::TwoLines => {
                svg.lines(x, base + 16.0, 14.0, Anchor::Middle, "chart-label", &wrap(name, band - 6.0, FONT))
            }
            Labels::Slanted => {
                svg.text_rotated(x + 4.0, base + 14.0, -40.0, "chart-label", &fit_text(name, 140.0, FONT))
            }
        }
    }
    svg.close_group();
}

/// "Belgium, Dedicated biotechnology firms: 127".
pub fn tooltip(data: &Categorical, i: usize, s: usize) -> String {
    let value = data.series[s].values[i].map_or_else(|| "no value".to_string(), |v| data.format.format(v));
    if data.series.len() > 1 {
        format!("{}, {}: {value}", data.categories[i], data.series[s].label)
    } else {
        format!("{}: {value}", data.categories[i])
    }
}

/// Horizontal bars: one row per category, labels at the left.
pub fn horizontal(frame: &Frame, data: &Categorical, stacked: bool) -> String {
    let names: Vec<String> = data.series.iter().map(|s| s.label.clone()).collect();
    let legend_h = if names.len() > 1 { legend_height(WIDTH - 20.0, &names) + 4.0 } else { 0.0 };
    let top = 10.0 + legend_h + 18.0;
    let slots = if stacked { 1 } else { data.series.len().max(1) };
    let thickness = if slots == 1 { 15.0 } else { 12.0 };
    let row = thickness * slots as f64 + 9.0;
    let label_room =
        data.categories.iter().map(|c| text_width(c, FONT)).fold(0.0, f64::max).min(WIDTH * 0.36);
    let left = label_room + 14.0;
    let (lo, hi) = extent(data, stacked);
    let widest_value = data
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .map(|&v| text_width(&data.format.format(v), SMALL));
    let stacked_totals = (0..data.categories.len()).map(|i| {
        text_width(&data.format.format(data.series.iter().filter_map(|s| s.values[i]).sum()), SMALL)
    });
    let right =
        if stacked { stacked_totals.fold(0.0, f64::max) } else { widest_value.fold(0.0, f64::max) } + 14.0;
    let plot_h = row * data.categories.len() as f64;
    let height = top + plot_h + 26.0;
    let axis = Axis::new(lo, hi, data.format, left, WIDTH - right);
    let mut svg =
        Svg::open(frame.id, if stacked { "stacked" } else { "hbar" }, WIDTH, height, frame.title, frame.desc);
    if legend_h > 0.0 {
        legend(&mut svg, 10.0, 8.0, WIDTH - 20.0, &names);
    }
    if let Some(unit) = unit_label(data) {
        svg.text(left, top - 8.0, Anchor::Start, "chart-unit", &unit);
    }
    axis.draw(&mut svg, top, top + plot_h, false);
    svg.group("chart-bars");
    for i in 0..data.categories.len() {
        let y0 = top + row * i as f64 + 4.5;
        let mut stack = (0.0, 0.0);
        for (s, series) in data.series.iter().enumerate() {
            let y = if stacked { y0 } else { y0 + thickness * s as f64 };
            let Some(v) = series.values[i] else {
                svg.text(axis.px(0.0) + 4.0, y + thickness - 3.0, Anchor::Start, "chart-na", "n/a");
                continue;
            };
            let (base, end) = if stacked { stacked_span(&mut stack, v) } else { (0.0, v) };
            let (x1, x2) = (axis.px(base), axis.px(end));
            let tip = tooltip(data, i, s);
            svg.rect(
                x1.min(x2),
                y,
                (x2 - x1).abs(),
                thickness - 1.0,
                &format!("chart-bar series-{}", s % 4 + 1),
                Some(&tip),
            );
            if !stacked {
                svg.text(
                    x2.max(x1) + 4.0,
                    y + thickness - 3.5,
                    Anchor::Start,
                    "chart-value",
                    &data.format.format(v),
                );
            }
        }
        if stacked {
            let total: f64 = data.series.iter().filter_map(|s| s.values[i]).sum();
            svg.text(
                axis.px(stack.1) + 4.0,
                y0 + thickness - 3.5,
                Anchor::Start,
                "chart-value",
                &data.format.format(total),
            );
        }
        let label = fit_text(&data.categories[i], label_room, FONT);
        svg.text(left - 8.0, top + row * (i as f64 + 0.5) + 4.0, Anchor::End, "chart-label", &label);
    }
    svg.close_group();
    svg.finish()
}
