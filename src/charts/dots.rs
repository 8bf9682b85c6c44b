//! Dot charts, horizontal: one row per category. One series draws a lollipop (a stem from zero
//! to a dot, the value beside it); several series draw a dumbbell (a rule joining the row's
//! dots, one colour per series), with the smallest and largest values written at the ends.
//! plotters maps the values and draws the grid, stems and dots.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::bars::{label_room, tooltip};
use super::cartesian::{Frame, Head, ValueAxis, cover, draw, style, value_mesh};
use super::limits::{extent, unit_label};
use super::resolve::Categorical;
use super::scale::{fit_text, text_width};
use super::svg::{FONT, SMALL};

const ROW: f64 = 22.0;
const DOT: u32 = 5;

pub fn render(frame: &Frame, data: &Categorical) -> String {
    let names: Vec<String> = data.series.iter().map(|s| s.label.clone()).collect();
    let head = Head::new(frame, &names, true, unit_label(data));
    let room = label_room(data, frame.width);
    let left = (room + 14.0).round() as u32;
    let values = data.series.iter().flat_map(|s| s.values.iter().flatten());
    let widest = values.map(|&v| text_width(&data.format.format(v), SMALL)).fold(0.0, f64::max);
    let (lo, hi) = cover(extent(data, false), frame.shared.value);
    let axis = ValueAxis::new(lo, hi, data.format, true);
    let n = data.categories.len();
    let plot_h = (ROW * n as f64).round() as u32;
    let pad = widest + f64::from(DOT) + 8.0;
    let from = left + if lo < 0.0 { pad.ceil() as u32 } else { 0 };
    draw(frame, "dot", (frame.width, head.top + plot_h + 26), |area, marks| {
        head.draw(area, marks, left as i32)?;
        let mut chart = ChartBuilder::on(area)
            .margin_top(head.top)
            .margin_right((pad + 4.0).ceil() as u32)
            .y_label_area_size(from)
            .x_label_area_size(26)
            .build_cartesian_2d(axis.lo..axis.hi, 0.0..n as f64)?;
        value_mesh(&mut chart, marks, &axis, false)?;
        let stem = marks.mark("chart-stem", None);
        for (i, name) in data.categories.iter().enumerate() {
            let y = (n - i) as f64 - 0.5;
            let (_, py) = chart.backend_coord(&(axis.lo, y));
            let label = fit_text(name, room, FONT);
            area.draw(&Text::new(
                label,
                (left as i32 - 8, py),
                style("chart-label", FONT, HPos::Right, VPos::Center),
            ))?;
            let row: Vec<(usize, f64)> =
                data.series.iter().enumerate().filter_map(|(s, x)| x.values[i].map(|v| (s, v))).collect();
            let Some(&(_, min)) = row.iter().min_by(|a, b| a.1.total_cmp(&b.1)) else {
                let at = EmptyElement::at((0.0, y))
                    + Text::new("n/a", (4, 0), style("chart-na", SMALL, HPos::Left, VPos::Center));
                chart.draw_series([at])?;
                continue;
            };
            let max = row.iter().map(|v| v.1).fold(f64::MIN, f64::max);
            let (a, b) = if data.series.len() == 1 { (0f64.min(min), max.max(0.0)) } else { (min, max) };
            chart.draw_series([PathElement::new(vec![(a, y), (b, y)], stem)])?;
            for &(s, v) in &row {
                let colour = marks.mark(
                    &format!("chart-dot series-{}", s % 4 + 1),
                    Some(tooltip(data, i, s, frame.locale)),
                );
                chart.draw_series([Circle::new((v, y), DOT, colour.filled())])?;
            }
            let right = data.format.format(max);
            let dx = DOT as i32 + 4;
            let at = EmptyElement::at((max, y))
                + Text::new(right.clone(), (dx, 0), style("chart-value", SMALL, HPos::Left, VPos::Center));
            chart.draw_series([at])?;
            if row.len() > 1 && data.format.format(min) != right {
                let label = data.format.format(min);
                let x = chart.backend_coord(&(min, y)).0 - dx;
                if f64::from(x) - text_width(&label, SMALL) >= f64::from(from) - 2.0 {
                    let at = EmptyElement::at((min, y))
                        + Text::new(label, (-dx, 0), style("chart-value", SMALL, HPos::Right, VPos::Center));
                    chart.draw_series([at])?;
                }
            }
        }
        Ok(())
    })
}
