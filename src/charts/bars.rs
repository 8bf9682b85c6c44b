//! Bar charts: vertical or horizontal; one series, several side by side (grouped), or several
//! stacked. plotters maps the values (range, ticks, grid) and draws the bars; folio fits the
//! category labels (one line, two lines, or slanted under vertical bars; shortened with "…" past
//! a width beside horizontal ones), writes value labels only where they fit, and a legend only
//! for several series.

use crate::locale::{Key, Locale};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::backend::Marks;
use super::cartesian::{Area, Drawn, Frame, Head, ValueAxis, cover, draw, style, value_mesh};
use super::limits::{extent, unit_label};
use super::resolve::Categorical;
use super::scale::{fit_text, text_width, wrap};
use super::svg::{FONT, SMALL};

const PLOT_HEIGHT: u32 = 220;
/// Widest vertical bar, so that a few categories do not make slabs.
const MAX_BAR: f64 = 56.0;

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

    fn height(&self, data: &Categorical) -> u32 {
        let widest = data.categories.iter().map(|c| text_width(c, FONT)).fold(0.0, f64::max);
        match self {
            Labels::Flat => 22,
            Labels::TwoLines => 36,
            Labels::Slanted => (widest.min(140.0) * 0.72 + 18.0).ceil() as u32,
        }
    }
}

fn names(data: &Categorical) -> Vec<String> {
    data.series.iter().map(|s| s.label.clone()).collect()
}

/// The class and tooltip of series `s`'s bar in category `i`.
fn bar(marks: &Marks, data: &Categorical, i: usize, s: usize, locale: &Locale) -> ShapeStyle {
    marks.mark(&format!("chart-bar series-{}", s % 4 + 1), Some(tooltip(data, i, s, locale))).filled()
}

/// Vertical bars.
pub fn vertical(frame: &Frame, data: &Categorical, stacked: bool) -> String {
    let head = Head::new(frame, &names(data), true, unit_label(data));
    let (lo, hi) = cover(extent(data, stacked), frame.shared.value);
    let axis = ValueAxis::new(lo, hi, data.format, true);
    let left = (axis.label_width() + 14.0).ceil() as u32;
    let n = data.categories.len().max(1);
    let band = f64::from(frame.width.saturating_sub(left + 10).max(40)) / n as f64;
    let labels = Labels::fit(data, band);
    let below = labels.height(data);
    let height = head.top + PLOT_HEIGHT + below;
    let kind = if stacked { "stacked" } else { "bar" };
    let slots = if stacked { 1 } else { data.series.len().max(1) };
    // Bars in category units: category `i` spans `i..i + 1`.
    let bar_w = (band * 0.82 / slots as f64).min(MAX_BAR) / band;
    let values = !stacked && labels_fit(data, bar_w * band);
    draw(frame, kind, (frame.width, height), |area, marks| {
        head.draw(area, marks, left as i32 - 6)?;
        let mut chart = ChartBuilder::on(area)
            .margin_top(head.top)
            .margin_right(10)
            .y_label_area_size(left)
            .x_label_area_size(below)
            .build_cartesian_2d(0.0..n as f64, axis.lo..axis.hi)?;
        value_mesh(&mut chart, marks, &axis, true)?;
        let start = |i: usize| i as f64 + 0.5 - bar_w * slots as f64 / 2.0;
        let gap = if slots > 1 { 1.0 / band } else { 0.0 };
        for i in 0..data.categories.len() {
            let x = start(i);
            if stacked {
                let mut stack = (0.0, 0.0);
                for (s, series) in data.series.iter().enumerate() {
                    let Some(v) = series.values[i] else { continue };
                    let (from, to) = stacked_span(&mut stack, v);
                    chart.draw_series([Rectangle::new(
                        [(x, from), (x + bar_w, to)],
                        bar(marks, data, i, s, frame.locale),
                    )])?;
                }
                if data.series.iter().any(|s| s.values[i].is_some()) {
                    let label = data.format.format(data.series.iter().filter_map(|s| s.values[i]).sum());
                    if text_width(&label, SMALL) <= band - 2.0 {
                        let at = EmptyElement::at((i as f64 + 0.5, stack.1))
                            + Text::new(
                                label,
                                (0, -4),
                                style("chart-value", SMALL, HPos::Center, VPos::Bottom),
                            );
                        chart.draw_series([at])?;
                    }
                }
                continue;
            }
            for (s, series) in data.series.iter().enumerate() {
                let x = x + bar_w * s as f64;
                let middle = x + bar_w / 2.0;
                let Some(v) = series.values[i] else {
                    if text_width("n/a", SMALL) <= bar_w * band + 4.0 {
                        let at = EmptyElement::at((middle, 0.0))
                            + Text::new("n/a", (0, -4), style("chart-na", SMALL, HPos::Center, VPos::Bottom));
                        chart.draw_series([at])?;
                    }
                    continue;
                };
                chart.draw_series([Rectangle::new(
                    [(x, 0.0), (x + bar_w - gap, v)],
                    bar(marks, data, i, s, frame.locale),
                )])?;
                if values {
                    let (dy, v_pos) = if v < 0.0 { (4, VPos::Top) } else { (-4, VPos::Bottom) };
                    let at = EmptyElement::at((middle, v))
                        + Text::new(
                            data.format.format(v),
                            (0, dy),
                            style("chart-value", SMALL, HPos::Center, v_pos),
                        );
                    chart.draw_series([at])?;
                }
            }
        }
        let base = chart.backend_coord(&(0.0, axis.lo)).1;
        let centre = |i: usize| chart.backend_coord(&(i as f64 + 0.5, axis.lo)).0;
        category_labels(area, data, &labels, band, base, centre)
    })
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

/// Every how many categories a slanted label is written: one per line height of room.
pub fn slanted_step(band: f64) -> usize {
    // At -40°, labels a band apart are `band * sin 40°` apart across their baselines.
    let apart = band * 0.64;
    if apart >= FONT * 1.1 { 1 } else { (FONT * 1.1 / apart.max(0.1)).ceil() as usize }
}

fn category_labels(
    area: &Area,
    data: &Categorical,
    labels: &Labels,
    band: f64,
    base: i32,
    centre: impl Fn(usize) -> i32,
) -> Drawn {
    for (i, name) in data.categories.iter().enumerate() {
        let x = centre(i);
        match labels {
            Labels::Flat => area.draw(&Text::new(
                name.as_str(),
                (x, base + 16),
                style("chart-label", FONT, HPos::Center, VPos::Bottom),
            ))?,
            Labels::TwoLines => {
                for (k, line) in wrap(name, band - 6.0, FONT).iter().enumerate() {
                    let y = base + 16 + 14 * k as i32;
                    area.draw(&Text::new(
                        line.as_str(),
                        (x, y),
                        style("chart-label", FONT, HPos::Center, VPos::Bottom),
                    ))?;
                }
            }
            // Slanted labels closer than a line apart would overlap: every `step`-th is kept
            // (each bar still names its category in its tooltip, and the table lists all).
            Labels::Slanted if i % slanted_step(band) == 0 => area.draw(&Text::new(
                fit_text(name, 140.0, FONT),
                (x + 4, base + 14),
                style("chart-label@-40", FONT, HPos::Right, VPos::Bottom),
            ))?,
            Labels::Slanted => {}
        }
    }
    Ok(())
}

/// "Belgium, Dedicated firms: 127".
pub fn tooltip(data: &Categorical, i: usize, s: usize, locale: &Locale) -> String {
    let value = data.series[s].values[i]
        .map_or_else(|| locale.text(Key::NoValue).to_string(), |v| data.format.format(v));
    if data.series.len() > 1 {
        format!("{}, {}: {value}", data.categories[i], data.series[s].label)
    } else {
        format!("{}: {value}", data.categories[i])
    }
}

/// Room for category labels at the left of horizontal charts (long ones are shortened).
pub fn label_room(data: &Categorical, width: u32) -> f64 {
    data.categories.iter().map(|c| text_width(c, FONT)).fold(0.0, f64::max).min(f64::from(width) * 0.36)
}

/// Horizontal bars: one row per category, labels at the left, values at the bars' ends.
pub fn horizontal(frame: &Frame, data: &Categorical, stacked: bool) -> String {
    let head = Head::new(frame, &names(data), true, unit_label(data));
    let slots = if stacked { 1 } else { data.series.len().max(1) };
    let thickness = if slots == 1 { 15.0 } else { 12.0 };
    let row = thickness * slots as f64 + 9.0;
    let room = label_room(data, frame.width);
    let (lo, hi) = cover(extent(data, stacked), frame.shared.value);
    let axis = ValueAxis::new(lo, hi, data.format, true);
    let right = end_labels(data, stacked).map(|l| text_width(&l, SMALL)).fold(0.0, f64::max) + 14.0;
    let n = data.categories.len();
    let plot_h = (row * n as f64).round() as u32;
    let left = (room + 14.0).round() as u32;
    let kind = if stacked { "stacked" } else { "hbar" };
    draw(frame, kind, (frame.width, head.top + plot_h + 26), |area, marks| {
        head.draw(area, marks, left as i32)?;
        let mut chart = ChartBuilder::on(area)
            .margin_top(head.top)
            .margin_right(right.ceil() as u32)
            .y_label_area_size(left)
            .x_label_area_size(26)
            .build_cartesian_2d(axis.lo..axis.hi, 0.0..n as f64)?;
        value_mesh(&mut chart, marks, &axis, false)?;
        // Rows in category units from the top: row `i` spans `n - i - 1..n - i`.
        let unit = 1.0 / row;
        let t = thickness * unit;
        for i in 0..n {
            let top = (n - i) as f64 - 4.5 * unit;
            let mut stack = (0.0, 0.0);
            for (s, series) in data.series.iter().enumerate() {
                let y = if stacked { top } else { top - t * s as f64 };
                let Some(v) = series.values[i] else {
                    let at = EmptyElement::at((0.0, y - t / 2.0))
                        + Text::new("n/a", (4, 0), style("chart-na", SMALL, HPos::Left, VPos::Center));
                    chart.draw_series([at])?;
                    continue;
                };
                let (from, to) = if stacked { stacked_span(&mut stack, v) } else { (0.0, v) };
                let shape =
                    Rectangle::new([(from, y), (to, y - t + unit)], bar(marks, data, i, s, frame.locale));
                chart.draw_series([shape])?;
                if !stacked {
                    let at = EmptyElement::at((from.max(to), y - t / 2.0))
                        + Text::new(
                            data.format.format(v),
                            (4, 0),
                            style("chart-value", SMALL, HPos::Left, VPos::Center),
                        );
                    chart.draw_series([at])?;
                }
            }
            if stacked {
                let total = data.format.format(data.series.iter().filter_map(|s| s.values[i]).sum());
                let at = EmptyElement::at((stack.1, top - t / 2.0))
                    + Text::new(total, (4, 0), style("chart-value", SMALL, HPos::Left, VPos::Center));
                chart.draw_series([at])?;
            }
        }
        for (i, name) in data.categories.iter().enumerate() {
            let (_, y) = chart.backend_coord(&(axis.lo, (n - i) as f64 - 0.5));
            let label = fit_text(name, room, FONT);
            area.draw(&Text::new(
                label,
                (left as i32 - 8, y),
                style("chart-label", FONT, HPos::Right, VPos::Center),
            ))?;
        }
        Ok(())
    })
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
