//! What the Cartesian kinds share: a value axis whose nice range and ticks come from plotters'
//! key points, the head above the plot (the visible title, the legend, the unit), text styles
//! naming CSS classes, and [`draw`], which runs plotters on [`SvgBackend`] inside the chart's
//! accessible `<svg>` root.

use plotters::coord::Shift;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::backend::{Marks, Never, SvgBackend};
use super::scale::{NumberFormat, text_width, wrap};
use super::svg::{FONT, SMALL, root};

/// Width of a Cartesian chart's drawing, in CSS pixels at its natural size: narrow enough for
/// the default theme's text column beside a table of contents on a 1280 px screen (587 px),
/// so that only narrower columns scroll it.
pub const WIDTH: u32 = 560;
/// Width of one panel of small multiples: two side by side on a wide page, one on a phone.
pub const PANEL_WIDTH: u32 = 320;
/// Size of the visible title above the plot.
pub const HEADING: f64 = 14.0;

/// What the chart is called, for the SVG root, how wide it is drawn, and the scales it shares
/// with other panels.
pub struct Frame<'a> {
    pub id: &'a str,
    /// The SVG's `<title>`.
    pub title: &'a str,
    /// The title drawn visibly above the plot (a panel's: its name).
    pub heading: &'a str,
    pub desc: &'a str,
    pub width: u32,
    pub shared: &'a Shared,
    /// The words of tooltips and notes.
    pub locale: &'a crate::locale::Locale,
}

/// Extents that the panels of small multiples share, so that their scales are the same; each
/// panel's axes cover its own data and these (all `None` for a chart alone).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Shared {
    /// The values (the value axis; a scatter's `y`).
    pub value: Option<(f64, f64)>,
    /// A scatter's `x`.
    pub x: Option<(f64, f64)>,
    /// A line chart's times.
    pub time: Option<(f64, f64)>,
    /// A scatter's largest `size`.
    pub size: Option<f64>,
}

/// The least and greatest value of something, if it has any.
pub type Extent = Option<(f64, f64)>;

/// `lo..hi` widened to cover `shared`.
pub fn cover((lo, hi): (f64, f64), shared: Option<(f64, f64)>) -> (f64, f64) {
    shared.map_or((lo, hi), |(a, b)| (lo.min(a), hi.max(b)))
}

/// The least and greatest of `values` (infinities the wrong way round when there are none).
pub fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)))
}

/// The union of two optional extents.
pub fn union(a: Option<(f64, f64)>, b: Option<(f64, f64)>) -> Option<(f64, f64)> {
    match (a, b) {
        (Some(a), b) => Some(cover(a, b)),
        (None, b) => b,
    }
}

/// Values `lo..hi` widened to whole steps of plotters' nice key points, and those ticks.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueAxis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
    /// Digits after the decimal point of the tick labels.
    pub decimals: usize,
    pub percent: bool,
    pub language: crate::locale::Language,
}

/// At most this many ticks on a value axis.
const TICKS: usize = 7;

impl ValueAxis {
    /// An axis covering `lo..hi` and zero when `zero` (bars start at zero; lines need not).
    /// Tick labels are written as `format` says (percent or not, and in its language).
    pub fn new(lo: f64, hi: f64, format: NumberFormat, zero: bool) -> ValueAxis {
        let (mut lo, mut hi) = if zero { (lo.min(0.0), hi.max(0.0)) } else { (lo, hi) };
        if !(hi - lo > 0.0 && (hi - lo).is_finite()) {
            // One value (or none): a unit around it.
            (lo, hi) =
                if lo == 0.0 || zero { (lo.min(0.0), lo.max(0.0) + 1.0) } else { (lo - 1.0, lo + 1.0) };
        }
        let mut ticks = key_points(lo, hi);
        for _ in 0..4 {
            let step = match ticks.as_slice() {
                [a, b, ..] => b - a,
                _ => hi - lo,
            };
            let (wide_lo, wide_hi) = ((lo / step + 1e-9).floor() * step, (hi / step - 1e-9).ceil() * step);
            ticks = key_points(wide_lo, wide_hi);
            (lo, hi) = (wide_lo, wide_hi);
            let ends = |a: Option<&f64>, b: f64| a.is_some_and(|a| (a - b).abs() <= step * 1e-6);
            if ends(ticks.first(), lo) && ends(ticks.last(), hi) {
                break;
            }
        }
        let step = match ticks.as_slice() {
            [a, b, ..] => b - a,
            _ => 1.0,
        };
        let decimals = ((-(step.log10() + 1e-9).floor()).max(0.0) as usize).min(12);
        ValueAxis { lo, hi, ticks, decimals, percent: format.percent, language: format.language }
    }

    /// `2,000`, `0.5`, `40%`.
    pub fn label(&self, value: f64) -> String {
        NumberFormat { decimals: self.decimals, percent: self.percent, language: self.language }.format(value)
    }

    pub fn label_width(&self) -> f64 {
        self.ticks.iter().map(|&v| text_width(&self.label(v), SMALL)).fold(0.0, f64::max)
    }
}

/// plotters' nice key points between `lo` and `hi`.
fn key_points(lo: f64, hi: f64) -> Vec<f64> {
    let range: RangedCoordf64 = (lo..hi).into();
    range.key_points(TICKS)
}

/// The head above a plot: the title (wrapped), the legend (several series only) and the unit.
pub struct Head {
    title: Vec<String>,
    legend_rows: Vec<Vec<(String, usize, f64)>>,
    unit: Option<String>,
    /// Where the plot starts.
    pub top: u32,
}

const LEGEND_ROW: f64 = 18.0;

impl Head {
    /// A head for `series` labels (a legend when there are several and `legend`) and `unit`.
    pub fn new(frame: &Frame, series: &[String], legend: bool, unit: Option<String>) -> Head {
        // The heading is bold: a tenth wider than the estimate of regular text.
        let title = wrap(frame.heading, f64::from(frame.width) - 20.0, HEADING * 1.1);
        let legend: Vec<(String, usize)> =
            if legend && series.len() > 1 { series.iter().cloned().zip(0..).collect() } else { Vec::new() };
        let mut rows: Vec<Vec<(String, usize, f64)>> = Vec::new();
        let (mut x, width) = (10.0, f64::from(frame.width) - 20.0);
        for (label, s) in &legend {
            let w = 16.0 + text_width(label, FONT) + 14.0;
            if rows.is_empty() || (x > 10.0 && x + w > 10.0 + width) {
                rows.push(Vec::new());
                x = 10.0;
            }
            if let Some(r) = rows.last_mut() {
                r.push((label.clone(), *s, x));
            }
            x += w;
        }
        let height = 8.0
            + title.len() as f64 * (HEADING + 4.0)
            + rows.len() as f64 * LEGEND_ROW
            + if unit.is_some() { 18.0 } else { 6.0 };
        Head { title, legend_rows: rows, unit, top: height.ceil() as u32 }
    }

    /// Draws the title, the legend and the unit (its text starting at `unit_x`).
    pub fn draw(&self, area: &Area, marks: &Marks, unit_x: i32) -> Drawn {
        let mut y = 6.0;
        for line in &self.title {
            area.draw(&Text::new(
                line.as_str(),
                (10, y as i32),
                style("chart-heading", HEADING, HPos::Left, VPos::Top),
            ))?;
            y += HEADING + 4.0;
        }
        for row in &self.legend_rows {
            for (label, s, x) in row {
                let colour = marks.mark(&format!("chart-swatch series-{}", s % 4 + 1), None);
                let x = *x as i32;
                area.draw(&Rectangle::new([(x, y as i32 + 2), (x + 11, y as i32 + 13)], colour.filled()))?;
                area.draw(&Text::new(
                    label.as_str(),
                    (x + 16, y as i32 + 8),
                    style("chart-legend", FONT, HPos::Left, VPos::Center),
                ))?;
            }
            y += LEGEND_ROW;
        }
        if let Some(unit) = &self.unit {
            area.draw(&Text::new(
                unit.as_str(),
                (unit_x, self.top as i32 - 8),
                style("chart-unit", SMALL, HPos::Left, VPos::Bottom),
            ))?;
        }
        Ok(())
    }
}

/// A plotters chart of numbers on both axes, drawn through [`SvgBackend`].
pub type Chart<'a, 'b> = ChartContext<'a, SvgBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The drawing area plotters draws on.
pub type Area<'a> = DrawingArea<SvgBackend<'a>, Shift>;
/// What drawing returns: plotters' errors cannot happen on a `String`.
pub type Drawn = Result<(), DrawingAreaErrorKind<Never>>;

/// A text style whose class (with `@degrees` for a rotation) is the font family.
pub fn style(class: &str, size: f64, h: HPos, v: VPos) -> TextStyle<'_> {
    TextStyle::from((class, size).into_font()).pos(Pos::new(h, v))
}

/// The chart's `<svg>`: its accessible root and what `paint` draws with plotters.
pub fn draw(
    frame: &Frame,
    kind: &str,
    (width, height): (u32, u32),
    paint: impl FnOnce(&Area, &Marks) -> Drawn,
) -> String {
    let mut svg = root(frame.id, kind, f64::from(width), f64::from(height), frame.title, frame.desc);
    let marks = Marks::default();
    let mut body = String::with_capacity(8192);
    {
        let area = SvgBackend::new(&mut body, (width, height), &marks).into_drawing_area();
        // The backend writes to a String and never fails.
        let _ = paint(&area, &marks);
    }
    svg.push_str(&body);
    svg.push_str("</svg>");
    svg
}

/// The mesh every chart with axes shares: grid lines in the theme's grid class, no minor lines
/// or tick marks, tick labels in the tick class; `axis` styles the axis lines themselves.
pub fn mesh<'a, 'm, 'b>(
    chart: &'m mut Chart<'a, 'b>,
    marks: &Marks,
    axis: impl Into<ShapeStyle>,
) -> plotters::chart::MeshStyle<'a, 'm, RangedCoordf64, RangedCoordf64, SvgBackend<'b>> {
    let mut mesh = chart.configure_mesh();
    mesh.bold_line_style(marks.mark("chart-grid", None))
        .light_line_style(TRANSPARENT)
        .axis_style(axis)
        .set_all_tick_mark_size(0)
        .label_style(("chart-tick", SMALL));
    mesh
}

/// Grid lines and tick labels of `axis` on `chart`'s y axis (the mesh plotters draws), and a
/// zero line. `labels`: the formatter's texts; `y_is_value`: values run up the page.
pub fn value_mesh(chart: &mut Chart, marks: &Marks, axis: &ValueAxis, y_is_value: bool) -> Drawn {
    let format = |v: &f64| axis.label(*v);
    let mut mesh = mesh(chart, marks, TRANSPARENT);
    mesh.x_label_offset(0).y_label_offset(0);
    if y_is_value {
        mesh.disable_x_mesh().x_labels(0).y_labels(axis.ticks.len()).y_label_formatter(&format);
    } else {
        mesh.disable_y_mesh().y_labels(0).x_labels(axis.ticks.len()).x_label_formatter(&format);
    }
    mesh.draw()?;
    if axis.lo < 0.0 && axis.hi > 0.0 || axis.lo == 0.0 {
        let zero = marks.mark("chart-zero", None);
        let (x, y) = (chart.x_range(), chart.y_range());
        let line =
            if y_is_value { vec![(x.start, 0.0), (x.end, 0.0)] } else { vec![(0.0, y.start), (0.0, y.end)] };
        chart.draw_series(std::iter::once(PathElement::new(line, zero)))?;
    }
    Ok(())
}

/// Positions for labels wanted at `ys` (pixels), moved apart to at least `gap` and kept inside
/// `top..bottom`, in the same order; `None` when they cannot all fit there.
pub fn spread(ys: &[f64], gap: f64, top: f64, bottom: f64) -> Option<Vec<f64>> {
    if ys.len() as f64 * gap > bottom - top + gap {
        return None;
    }
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by(|&a, &b| ys[a].total_cmp(&ys[b]));
    let mut placed = vec![0.0; ys.len()];
    let mut previous = f64::NEG_INFINITY;
    for &i in &order {
        let y = ys[i].max(previous + gap).max(top);
        placed[i] = y;
        previous = y;
    }
    // Pushed past the bottom: shift the run back up from the last label.
    let mut next = f64::INFINITY;
    for &i in order.iter().rev() {
        let y = placed[i].min(next - gap).min(bottom);
        placed[i] = y;
        next = y;
    }
    placed.iter().all(|&y| y >= top - 1e-9).then_some(placed)
}
