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
/// Widest vertical bar, so that a few categories do not make slabs.
const MAX_BAR: f64 = 56.0;

/// What the chart is called, for the SVG root.
pub struct Frame<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
}

/// The legend (several series only) and the unit line above the plot.
pub struct Head {
    names: Vec<String>,
    legend: f64,
    /// Where the plot starts.
    pub top: f64,
}

impl Head {
    pub fn new(data: &Categorical) -> Head {
        let names: Vec<String> = data.series.iter().map(|s| s.label.clone()).collect();
        let legend = if names.len() > 1 { legend_height(WIDTH - 20.0, &names) + 4.0 } else { 0.0 };
        Head { names, legend, top: 10.0 + legend + 18.0 }
    }

    /// Draws the legend and the unit, the unit starting at `unit_x`.
    pub fn draw(&self, svg: &mut Svg, data: &Categorical, unit_x: f64) {
        if self.legend > 0.0 {
            legend(svg, 10.0, 8.0, WIDTH - 20.0, &self.names);
        }
        if let Some(unit) = unit_label(data) {
            svg.text(unit_x, self.top - 8.0, Anchor::Start, "chart-unit", &unit);
        }
    }
}

/// How category labels fit under vertical bars.
enum Labels {
    Flat,
    TwoLines,
    Slanted,
}

impl Labels {
    fn fit(data: &Categorical, band: f64) -> Labels {
        let room = band - 6.0;
        let fits = |lines: Vec<String>| lines.len() <= 2 && lines.iter().all(|l| text_width(l, FONT) <= room);
        if data.categories.iter().all(|c| text_width(c, FONT) <= room) {
            Labels::Flat
        } else if data.categories.iter().all(|c| fits(wrap(c, room, FONT))) {
            Labels::TwoLines
        } else {
            Labels::Slanted
        }
    }

    fn height(&self, data: &Categorical) -> f64 {
        let widest = data.categories.iter().map(|c| text_width(c, FONT)).fold(0.0, f64::max);
        match self {
            Labels::Flat => 22.0,
            Labels::TwoLines => 36.0,
            Labels::Slanted => widest.min(140.0) * 0.72 + 18.0,
        }
    }
}

/// Where the bars of vertical categories go.
struct Bands {
    left: f64,
    band: f64,
    bar: f64,
    slots: usize,
}

impl Bands {
    /// Left edge of category `i`'s first bar.
    fn start(&self, i: usize) -> f64 {
        self.left + self.band * (i as f64 + 0.5) - self.bar * self.slots as f64 / 2.0
    }
}

/// Vertical bars.
pub fn vertical(frame: &Frame, data: &Categorical, stacked: bool) -> String {
    let head = Head::new(data);
    let (lo, hi) = extent(data, stacked);
    let left = Axis::new(lo, hi, data.format, 0.0, 1.0).label_width() + 14.0;
    let band = (WIDTH - left - 10.0) / data.categories.len().max(1) as f64;
    let labels = Labels::fit(data, band);
    let base = head.top + PLOT_HEIGHT;
    let axis = Axis::new(lo, hi, data.format, base, head.top);
    let kind = if stacked { "stacked" } else { "bar" };
    let mut svg = Svg::open(frame.id, kind, WIDTH, base + labels.height(data), frame.title, frame.desc);
    head.draw(&mut svg, data, left - 6.0);
    axis.draw(&mut svg, left, WIDTH - 10.0, true);
    let slots = if stacked { 1 } else { data.series.len().max(1) };
    let bands = Bands { left, band, bar: (band * 0.82 / slots as f64).min(MAX_BAR), slots };
    let value_labels = !stacked && labels_fit(data, bands.bar);
    svg.group("chart-bars");
    for i in 0..data.categories.len() {
        if stacked {
            vertical_stack(&mut svg, data, &axis, &bands, i);
        } else {
            vertical_group(&mut svg, data, &axis, &bands, i, value_labels);
        }
    }
    svg.close_group();
    category_labels(&mut svg, data, &labels, left, band, base);
    svg.finish()
}

/// One category's bars side by side, with their values above them when they fit.
fn vertical_group(svg: &mut Svg, data: &Categorical, axis: &Axis, b: &Bands, i: usize, values: bool) {
    let gap = if b.slots > 1 { 1.0 } else { 0.0 };
    for (s, series) in data.series.iter().enumerate() {
        let x = b.start(i) + b.bar * s as f64;
        let Some(v) = series.values[i] else {
            if text_width("n/a", SMALL) <= b.bar + 4.0 {
                svg.text(x + b.bar / 2.0, axis.px(0.0) - 4.0, Anchor::Middle, "chart-na", "n/a");
            }
            continue;
        };
        let (y0, y1) = (axis.px(0.0), axis.px(v));
        let class = format!("chart-bar series-{}", s % 4 + 1);
        svg.rect(x, y0.min(y1), b.bar - gap, (y0 - y1).abs(), &class, Some(&tooltip(data, i, s)));
        if values {
            let y = if v < 0.0 { y1 + 12.0 } else { y1 - 4.0 };
            svg.text(x + b.bar / 2.0, y, Anchor::Middle, "chart-value", &data.format.format(v));
        }
    }
}

/// One category's stacked segments and its total above them.
fn vertical_stack(svg: &mut Svg, data: &Categorical, axis: &Axis, b: &Bands, i: usize) {
    let x = b.start(i);
    let mut stack = (0.0, 0.0);
    for (s, series) in data.series.iter().enumerate() {
        let Some(v) = series.values[i] else { continue };
        let (base, end) = stacked_span(&mut stack, v);
        let (y0, y1) = (axis.px(base), axis.px(end));
        let class = format!("chart-bar series-{}", s % 4 + 1);
        svg.rect(x, y0.min(y1), b.bar, (y0 - y1).abs(), &class, Some(&tooltip(data, i, s)));
    }
    if data.series.iter().any(|s| s.values[i].is_some()) {
        let label = data.format.format(data.series.iter().filter_map(|s| s.values[i]).sum());
        if text_width(&label, SMALL) <= b.band - 2.0 {
            svg.text(x + b.bar / 2.0, axis.px(stack.1) - 4.0, Anchor::Middle, "chart-value", &label);
        }
    }
}

/// The (base, end) of the next stacked segment; positive and negative values stack apart.
fn stacked_span(stack: &mut (f64, f64), v: f64) -> (f64, f64) {
    let side = if v < 0.0 { &mut stack.0 } else { &mut stack.1 };
    let base = *side;
    *side += v;
    (base, *side)
}

fn labels_fit(data: &Categorical, bar_w: f64) -> bool {
    let values = data.series.iter().flat_map(|s| s.values.iter().flatten());
    values.map(|&v| text_width(&data.format.format(v), SMALL)).all(|w| w <= bar_w + 1.0)
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

/// "Belgium, Dedicated firms: 127".
pub fn tooltip(data: &Categorical, i: usize, s: usize) -> String {
    let value = data.series[s].values[i].map_or_else(|| "no value".to_string(), |v| data.format.format(v));
    if data.series.len() > 1 {
        format!("{}, {}: {value}", data.categories[i], data.series[s].label)
    } else {
        format!("{}: {value}", data.categories[i])
    }
}

/// Room for category labels at the left of horizontal charts (long ones are shortened).
pub fn label_room(data: &Categorical) -> f64 {
    data.categories.iter().map(|c| text_width(c, FONT)).fold(0.0, f64::max).min(WIDTH * 0.36)
}

/// Where the bars of horizontal rows go.
struct Rows {
    top: f64,
    row: f64,
    thickness: f64,
}

/// Horizontal bars: one row per category, labels at the left, values at the bars' ends.
pub fn horizontal(frame: &Frame, data: &Categorical, stacked: bool) -> String {
    let head = Head::new(data);
    let slots = if stacked { 1 } else { data.series.len().max(1) };
    let thickness = if slots == 1 { 15.0 } else { 12.0 };
    let rows = Rows { top: head.top, row: thickness * slots as f64 + 9.0, thickness };
    let room = label_room(data);
    let (lo, hi) = extent(data, stacked);
    let right = end_labels(data, stacked).map(|l| text_width(&l, SMALL)).fold(0.0, f64::max) + 14.0;
    let plot_h = rows.row * data.categories.len() as f64;
    let axis = Axis::new(lo, hi, data.format, room + 14.0, WIDTH - right);
    let kind = if stacked { "stacked" } else { "hbar" };
    let mut svg = Svg::open(frame.id, kind, WIDTH, head.top + plot_h + 26.0, frame.title, frame.desc);
    head.draw(&mut svg, data, room + 14.0);
    axis.draw(&mut svg, head.top, head.top + plot_h, false);
    svg.group("chart-bars");
    for i in 0..data.categories.len() {
        horizontal_row(&mut svg, data, &axis, &rows, i, stacked);
        let label = fit_text(&data.categories[i], room, FONT);
        svg.text(
            room + 6.0,
            rows.top + rows.row * (i as f64 + 0.5) + 4.0,
            Anchor::End,
            "chart-label",
            &label,
        );
    }
    svg.close_group();
    svg.finish()
}

/// The labels written at the bars' ends: every value, or each stack's total.
fn end_labels(data: &Categorical, stacked: bool) -> Box<dyn Iterator<Item = String> + '_> {
    if stacked {
        Box::new(
            (0..data.categories.len())
                .map(|i| data.format.format(data.series.iter().filter_map(|s| s.values[i]).sum())),
        )
    } else {
        Box::new(data.series.iter().flat_map(|s| s.values.iter().flatten()).map(|&v| data.format.format(v)))
    }
}

/// One category's bars (side by side or stacked) with their end labels.
fn horizontal_row(svg: &mut Svg, data: &Categorical, axis: &Axis, rows: &Rows, i: usize, stacked: bool) {
    let y0 = rows.top + rows.row * i as f64 + 4.5;
    let t = rows.thickness;
    let mut stack = (0.0, 0.0);
    for (s, series) in data.series.iter().enumerate() {
        let y = if stacked { y0 } else { y0 + t * s as f64 };
        let Some(v) = series.values[i] else {
            svg.text(axis.px(0.0) + 4.0, y + t - 3.0, Anchor::Start, "chart-na", "n/a");
            continue;
        };
        let (base, end) = if stacked { stacked_span(&mut stack, v) } else { (0.0, v) };
        let (x0, x1) = (axis.px(base), axis.px(end));
        let class = format!("chart-bar series-{}", s % 4 + 1);
        svg.rect(x0.min(x1), y, (x1 - x0).abs(), t - 1.0, &class, Some(&tooltip(data, i, s)));
        if !stacked {
            svg.text(x0.max(x1) + 4.0, y + t - 3.5, Anchor::Start, "chart-value", &data.format.format(v));
        }
    }
    if stacked {
        let total = data.format.format(data.series.iter().filter_map(|s| s.values[i]).sum());
        svg.text(axis.px(stack.1) + 4.0, y0 + t - 3.5, Anchor::Start, "chart-value", &total);
    }
}
