//! Dot charts, horizontal: one row per category. One series draws a lollipop (a stem from zero
//! to a dot, the value beside it); several series draw a dumbbell (a rule joining the row's
//! dots, one colour per series), with the smallest and largest values written at the ends.

use super::axis::{Axis, extent};
use super::bars::{Frame, Head, WIDTH, label_room, tooltip};
use super::resolve::Categorical;
use super::scale::{fit_text, text_width};
use super::svg::{Anchor, FONT, SMALL, Svg};

const ROW: f64 = 22.0;
const DOT: f64 = 5.0;

pub fn render(frame: &Frame, data: &Categorical) -> String {
    let head = Head::new(data);
    let room = label_room(data);
    let left = room + 14.0;
    let values = data.series.iter().flat_map(|s| s.values.iter().flatten());
    let widest = values.map(|&v| text_width(&data.format.format(v), SMALL)).fold(0.0, f64::max);
    let (lo, hi) = extent(data, false);
    let plot_h = ROW * data.categories.len() as f64;
    let from = left + if lo < 0.0 { widest + DOT + 8.0 } else { 0.0 };
    let axis = Axis::new(lo, hi, data.format, from, WIDTH - widest - DOT - 12.0);
    let mut svg = Svg::open(frame.id, "dot", WIDTH, head.top + plot_h + 26.0, frame.title, frame.desc);
    head.draw(&mut svg, data, left);
    axis.draw(&mut svg, head.top, head.top + plot_h, false);
    svg.group("chart-dots");
    for i in 0..data.categories.len() {
        let y = head.top + ROW * (i as f64 + 0.5);
        let label = fit_text(&data.categories[i], room, FONT);
        svg.text(left - 8.0, y + 4.0, Anchor::End, "chart-label", &label);
        row(&mut svg, data, &axis, i, y);
    }
    svg.close_group();
    svg.finish()
}

/// One category's stem or rule, dots and end labels.
fn row(svg: &mut Svg, data: &Categorical, axis: &Axis, i: usize, y: f64) {
    let values: Vec<(usize, f64)> =
        data.series.iter().enumerate().filter_map(|(s, x)| x.values[i].map(|v| (s, v))).collect();
    let Some(&(_, min)) = values.iter().min_by(|a, b| a.1.total_cmp(&b.1)) else {
        svg.text(axis.px(0.0) + 4.0, y + 4.0, Anchor::Start, "chart-na", "n/a");
        return;
    };
    let max = values.iter().map(|v| v.1).fold(f64::MIN, f64::max);
    let (from, to) = if data.series.len() == 1 { (0f64.min(min), max.max(0.0)) } else { (min, max) };
    svg.line(axis.px(from), y, axis.px(to), y, "chart-stem");
    for &(s, v) in &values {
        svg.circle(
            axis.px(v),
            y,
            DOT,
            &format!("chart-dot series-{}", s % 4 + 1),
            Some(&tooltip(data, i, s)),
        );
    }
    let right = data.format.format(max);
    svg.text(axis.px(max) + DOT + 4.0, y + 4.0, Anchor::Start, "chart-value", &right);
    if values.len() > 1 && data.format.format(min) != right {
        let label = data.format.format(min);
        let x = axis.px(min) - DOT - 4.0;
        if x - text_width(&label, SMALL) >= axis.from - 2.0 {
            svg.text(x, y + 4.0, Anchor::End, "chart-value", &label);
        }
    }
}
