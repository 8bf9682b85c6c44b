//! Line charts over time: one line per series through its points in time order, broken where a
//! value is missing, markers (with tooltips) while the points are few, and each series named
//! at its line's end when those names fit beside the plot (a legend otherwise). Area charts
//! fill each series down to zero; stacked areas fill each series on top of the ones before it
//! (a missing value counts as zero there). plotters maps values and times, draws the mesh, the
//! time and value ticks, and the series.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::backend::Marks;
use super::cartesian::{Chart, Drawn, Extent, Frame, Head, ValueAxis, cover, draw, span, spread, style};
use super::limits::unit_label;
use super::resolve::{Fill, Timeline};
use super::scale::{fit_text, text_width};
use super::svg::FONT;
use super::temporal;

const PLOT_HEIGHT: u32 = 240;
/// Markers (and their tooltips) are drawn while a series has at most this many points.
const MARKERS: usize = 60;
/// Least distance between two end labels' centres.
const END_GAP: f64 = 14.0;
/// End labels may take at most this share of the width.
const END_ROOM: f64 = 0.3;

/// Each series' values in time order (stacked: the running totals), with the base they sit on.
struct Layers {
    order: Vec<usize>,
    tops: Vec<Vec<Option<f64>>>,
    bases: Vec<Vec<f64>>,
}

fn layers(line: &Timeline) -> Layers {
    let mut order: Vec<usize> = (0..line.times.len()).collect();
    order.sort_by(|&a, &b| line.times[a].total_cmp(&line.times[b]));
    let mut running = vec![0.0; order.len()];
    let (mut tops, mut bases) = (Vec::new(), Vec::new());
    for series in &line.data.series {
        let values: Vec<Option<f64>> = order.iter().map(|&i| series.values[i]).collect();
        if line.fill == Fill::Stacked {
            let base = running.clone();
            for (k, v) in values.iter().enumerate() {
                running[k] += v.unwrap_or(0.0);
            }
            tops.push(running.iter().map(|&v| Some(v)).collect());
            bases.push(base);
        } else {
            bases.push(vec![0.0; order.len()]);
            tops.push(values);
        }
    }
    Layers { order, tops, bases }
}

pub fn render(frame: &Frame, line: &Timeline) -> String {
    let data = &line.data;
    let layers = layers(line);
    let all = layers.tops.iter().flatten().flatten().copied();
    let (lo, hi) = span(all);
    let (lo, hi) = cover(if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) }, frame.shared.value);
    let zero = line.fill != Fill::None || (lo >= 0.0 && lo <= hi * 0.5);
    let axis = ValueAxis::new(lo, hi, data.format, zero);
    let times: Vec<f64> = layers.order.iter().map(|&i| line.times[i]).collect();
    let (t0, t1) = match (times.first(), times.last()) {
        (Some(&a), Some(&b)) => cover((a, b), frame.shared.time),
        _ => (0.0, 1.0),
    };
    let (t0, t1) = if t1 > t0 { (t0, t1) } else { (t0 - 0.5, t1 + 0.5) };
    let names: Vec<String> = data.series.iter().map(|s| s.label.clone()).collect();
    // Each series' name at the end of its line, when the names are short enough.
    let ends: Vec<String> =
        names.iter().map(|n| fit_text(n, f64::from(frame.width) * END_ROOM, FONT)).collect();
    let end_room = ends.iter().map(|n| text_width(n, FONT)).fold(0.0, f64::max) + 16.0;
    // Names that fit beside the plot, and few enough to be moved apart there (see `spread`).
    let end_labels = names.len() > 1
        && ends.iter().zip(&names).all(|(e, n)| e == n)
        && names.len() as f64 * END_GAP <= f64::from(PLOT_HEIGHT);
    let head = Head::new(frame, &names, !end_labels, unit_label(data));
    let left = (axis.label_width() + 14.0).ceil() as u32;
    let right = if end_labels { end_room.ceil() as u32 } else { 24 };
    let height = head.top + PLOT_HEIGHT + 28;
    let kind = match line.fill {
        Fill::None => "line",
        Fill::Area => "area",
        Fill::Stacked => "stacked-area",
    };
    // Whole years as ticks, unless the data are months within a short span.
    let whole_years = !line.months || t1 - t0 >= 3.0;
    let x_ticks = if whole_years { ((t1.floor() - t0.ceil()) as usize + 1).clamp(2, 8) } else { 8 };
    draw(frame, kind, (frame.width, height), |area, marks| {
        head.draw(area, marks, left as i32 - 6)?;
        let mut chart = ChartBuilder::on(area)
            .margin_top(head.top)
            .margin_right(right)
            .y_label_area_size(left)
            .x_label_area_size(28)
            .build_cartesian_2d(t0..t1, axis.lo..axis.hi)?;
        let value_label = |v: &f64| axis.label(*v);
        let time_label = |t: &f64| {
            if whole_years && t.fract().abs() > 1e-9 {
                String::new()
            } else {
                temporal::label(*t, line.months, line.data.format.language)
            }
        };
        super::cartesian::mesh(&mut chart, marks, marks.mark("chart-zero", None))
            .disable_x_mesh()
            .y_labels(axis.ticks.len())
            .y_label_formatter(&value_label)
            .x_labels(x_ticks)
            .x_label_formatter(&time_label)
            .draw()?;
        for s in 0..data.series.len() {
            series(
                &mut chart,
                marks,
                line,
                &layers,
                &times,
                s,
                frame.locale.text(crate::locale::Key::NoValue),
            )?;
        }
        if end_labels {
            let (top, bottom) = (f64::from(head.top), f64::from(head.top + PLOT_HEIGHT));
            let last: Vec<Option<(f64, f64)>> = layers
                .tops
                .iter()
                .map(|t| t.iter().zip(&times).rev().find_map(|(v, &x)| v.map(|v| (x, v))))
                .collect();
            let wanted: Vec<f64> = last
                .iter()
                .map(|p| p.map_or(bottom, |(x, v)| f64::from(chart.backend_coord(&(x, v)).1)))
                .collect();
            let placed = spread(&wanted, END_GAP, top, bottom).unwrap_or(wanted);
            let x = chart.backend_coord(&(t1, axis.lo)).0 + 6;
            for (s, y) in placed.iter().enumerate() {
                let class = format!("chart-end-label series-{}", s % 4 + 1);
                area.draw(&Text::new(
                    ends[s].as_str(),
                    (x, *y as i32),
                    style(&class, FONT, HPos::Left, VPos::Center),
                ))?;
            }
        }
        Ok(())
    })
}

/// Series `s`: its filled area (area kinds), its line in runs of known values, its markers.
fn series(
    chart: &mut Chart,
    marks: &Marks,
    line: &Timeline,
    layers: &Layers,
    times: &[f64],
    s: usize,
    no_value: &str,
) -> Drawn {
    let colour = s % 4 + 1;
    let tops = &layers.tops[s];
    let runs = runs(tops, times);
    if line.fill != Fill::None {
        let fill = marks.mark(&format!("chart-area series-{colour}"), None);
        for run in &runs {
            let mut outline: Vec<(f64, f64)> = run.iter().map(|&(_, x, v)| (x, v)).collect();
            outline.extend(run.iter().rev().map(|&(k, x, _)| (x, layers.bases[s][k])));
            chart.draw_series([Polygon::new(outline, fill.filled())])?;
        }
    }
    let stroke = marks.mark(&format!("chart-line series-{colour}"), None);
    for run in &runs {
        let points: Vec<(f64, f64)> = run.iter().map(|&(_, x, v)| (x, v)).collect();
        chart.draw_series([PathElement::new(points, stroke)])?;
    }
    let data = &line.data;
    let known = tops.iter().filter(|v| v.is_some()).count();
    if known <= MARKERS {
        for run in &runs {
            for &(k, x, v) in run {
                let i = layers.order[k];
                let shown =
                    data.series[s].values[i].map_or_else(|| no_value.to_string(), |v| data.format.format(v));
                let tip = format!("{}, {}: {shown}", data.series[s].label, data.categories[i]);
                let dot = marks.mark(&format!("chart-marker series-{colour}"), Some(tip));
                chart.draw_series([Circle::new((x, v), 3, dot.filled())])?;
            }
        }
    }
    Ok(())
}

/// Runs of consecutive known values: (index in time order, time, value).
fn runs(values: &[Option<f64>], times: &[f64]) -> Vec<Vec<(usize, f64, f64)>> {
    let mut runs: Vec<Vec<(usize, f64, f64)>> = vec![Vec::new()];
    for (k, value) in values.iter().enumerate() {
        match value {
            Some(v) => runs.last_mut().into_iter().for_each(|r| r.push((k, times[k], *v))),
            None => runs.push(Vec::new()),
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// The values (stacked: the running totals) and the times a line chart spans.
pub fn extents(line: &Timeline) -> (Extent, Extent) {
    let layers = layers(line);
    let values = span(layers.tops.iter().flatten().flatten().copied());
    let times = span(line.times.iter().copied());
    let known = |(lo, hi): (f64, f64)| (lo <= hi).then_some((lo, hi));
    (known(values), known(times))
}
