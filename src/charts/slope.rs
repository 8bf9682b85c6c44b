//! Slope charts: two values per category (two editions of an indicator, before and after), a
//! dot on the left axis for the first and on the right for the second, joined by a line that
//! rises or falls. Each category is named at both ends with its value; names that would
//! collide are moved apart. plotters maps the values and draws the lines and dots.

use crate::locale::Key;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::bars::tooltip;
use super::cartesian::{Frame, Head, ValueAxis, cover, draw, span, spread, style};
use super::limits::unit_label;
use super::resolve::Categorical;
use super::scale::{fit_text, text_width};
use super::svg::{FONT, SMALL};

const PLOT_HEIGHT: u32 = 300;
/// Least distance between two labels' baselines.
const GAP: f64 = 14.0;

pub fn render(frame: &Frame, data: &Categorical) -> String {
    let values = data.series.iter().flat_map(|s| s.values.iter().flatten().copied());
    let (lo, hi) = span(values);
    let (lo, hi) = cover(if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) }, frame.shared.value);
    let axis = ValueAxis::new(lo, hi, data.format, false);
    // Labels: "Flanders 0.406" at the left, "0.269 Flanders" at the right.
    let room = f64::from(frame.width) * 0.22;
    let label = |i: usize, s: usize| {
        let name = fit_text(&data.categories[i], room, FONT);
        let value = data.series[s].values[i].map(|v| data.format.format(v)).unwrap_or_default();
        if s == 0 { format!("{name} {value}") } else { format!("{value} {name}") }
    };
    let widest =
        |s: usize| (0..data.categories.len()).map(|i| text_width(&label(i, s), FONT)).fold(0.0, f64::max);
    let (left, right) = ((widest(0) + 16.0).ceil() as u32, (widest(1) + 16.0).ceil() as u32);
    let head = Head::new(frame, &[], false, unit_label(data));
    let top = head.top + 20;
    draw(frame, "slope", (frame.width, top + PLOT_HEIGHT + 28), |area, marks| {
        head.draw(area, marks, 10)?;
        let mut chart = ChartBuilder::on(area)
            .margin_top(top)
            .margin_bottom(28)
            .margin_left(left)
            .margin_right(right)
            .build_cartesian_2d(0.0..1.0, axis.lo..axis.hi)?;
        let rule = marks.mark("chart-grid", None);
        for x in [0.0, 1.0] {
            chart.draw_series([PathElement::new(vec![(x, axis.lo), (x, axis.hi)], rule)])?;
        }
        for (s, series) in data.series.iter().enumerate() {
            let (x, h) = if s == 0 { (0.0, HPos::Right) } else { (1.0, HPos::Left) };
            let (px, _) = chart.backend_coord(&(x, axis.hi));
            area.draw(&Text::new(
                series.label.as_str(),
                (px, top as i32 - 8),
                style("chart-header", SMALL, h, VPos::Bottom),
            ))?;
        }
        for i in 0..data.categories.len() {
            let (a, b) = (data.series[0].values[i], data.series[1].values[i]);
            if let (Some(a), Some(b)) = (a, b) {
                let class = if b >= a { "chart-slope series-1" } else { "chart-slope series-2" };
                chart.draw_series([PathElement::new(vec![(0.0, a), (1.0, b)], marks.mark(class, None))])?;
            }
            for (s, v) in [a, b].into_iter().enumerate() {
                let Some(v) = v else { continue };
                let dot = marks.mark(
                    &format!("chart-dot series-{}", s % 4 + 1),
                    Some(tooltip(data, i, s, frame.locale)),
                );
                chart.draw_series([Circle::new((s as f64, v), 4, dot.filled())])?;
            }
        }
        let (plot_top, plot_bottom) = (f64::from(top) - 4.0, f64::from(top + PLOT_HEIGHT) + 4.0);
        for s in 0..2 {
            let known: Vec<usize> =
                (0..data.categories.len()).filter(|&i| data.series[s].values[i].is_some()).collect();
            let wanted: Vec<f64> = known
                .iter()
                .map(|&i| {
                    f64::from(chart.backend_coord(&(s as f64, data.series[s].values[i].unwrap_or(0.0))).1)
                })
                .collect();
            let placed = spread(&wanted, GAP, plot_top, plot_bottom).unwrap_or(wanted);
            let (px, _) = chart.backend_coord(&(s as f64, axis.lo));
            let (x, h) = if s == 0 { (px - 8, HPos::Right) } else { (px + 8, HPos::Left) };
            for (k, &i) in known.iter().enumerate() {
                let y = placed[k] as i32;
                area.draw(&Text::new(label(i, s), (x, y), style("chart-label", FONT, h, VPos::Center)))?;
            }
        }
        let missing: Vec<String> = data
            .series
            .iter()
            .filter_map(|series| {
                let names: Vec<&str> = (0..data.categories.len())
                    .filter(|&i| series.values[i].is_none())
                    .map(|i| data.categories[i].as_str())
                    .collect();
                (!names.is_empty()).then(|| {
                    let names = names.join(", ");
                    frame.locale.fill(Key::NoValueFor, &[("series", &series.label), ("names", &names)])
                })
            })
            .collect();
        if !missing.is_empty() {
            let at = ((frame.width / 2) as i32, (top + PLOT_HEIGHT + 24) as i32);
            area.draw(&Text::new(
                missing.join("; "),
                at,
                style("chart-na", SMALL, HPos::Center, VPos::Bottom),
            ))?;
        }
        Ok(())
    })
}
