//! Scatter plots: one point per row where two numeric columns meet (`x` across, `y` up),
//! optionally sized by a third (`size`, by area), coloured by a text column (`series`) and
//! named by another (`names`). Names are written beside their points where they fit and left
//! out where they would collide (the data table lists every point). plotters maps both axes,
//! draws the mesh and the points.

use crate::locale::{Key, Locale};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::cartesian::{Frame, Head, ValueAxis, cover, draw, span, style};
use super::limits::MAX_VALUE;
use super::resolve::{column, numeric};
use super::scale::{NumberFormat, text_width};
use super::spec::{ChartSpec, Field, SpecError};
use crate::content::apparatus::ColumnType;
use crate::datasets::{Dataset, cell_number, cell_text};
use crate::html::escape_xml;

/// One row's point.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub name: Option<String>,
    pub x: f64,
    pub y: f64,
    pub size: Option<f64>,
    /// Index into [`Points::groups`] (0 without `series`).
    pub group: usize,
}

/// What a scatter plot draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Points {
    pub x_label: String,
    pub y_label: String,
    pub size_label: Option<String>,
    pub name_label: Option<String>,
    pub groups: Vec<String>,
    pub points: Vec<Point>,
    pub x_format: NumberFormat,
    pub y_format: NumberFormat,
    pub size_format: NumberFormat,
    /// Rows left out for want of an `x` or a `y` value.
    pub left_out: usize,
}

fn percent(dataset: &Dataset, c: usize) -> bool {
    dataset.columns[c].kind == ColumnType::Percent
}

/// Checks a scatter spec's columns and reads its points from `rows`.
pub fn resolve(
    spec: &ChartSpec,
    dataset: &Dataset,
    x: Option<usize>,
    rows: &[usize],
    errors: &mut Vec<SpecError>,
) -> Option<Points> {
    let x = x.and_then(|_| numeric(dataset, &spec.x, Field::X).map_err(|e| errors.push(e)).ok());
    if spec.y.len() != 1 {
        let message = if spec.y.is_empty() {
            "missing required key `y`".to_string()
        } else {
            format!("a `scatter` chart plots one `y` column, this spec gives {}", spec.y.len())
        };
        let field = if spec.y.is_empty() { Field::Data } else { Field::Y(1) };
        errors.push(
            SpecError::new(field, message)
                .help("write `y: <numeric column>`; colour the points by a text column with `series`"),
        );
    }
    if spec.aggregate.is_some() {
        errors.push(SpecError::new(
            Field::Aggregate,
            "a `scatter` chart draws rows as they are: leave out `aggregate`",
        ));
    }
    let y =
        spec.y.first().and_then(|name| numeric(dataset, name, Field::Y(0)).map_err(|e| errors.push(e)).ok());
    let size =
        spec.size.as_ref().and_then(|s| numeric(dataset, s, Field::Size).map_err(|e| errors.push(e)).ok());
    let names =
        spec.names.as_ref().and_then(|n| column(dataset, n, Field::Names).map_err(|e| errors.push(e)).ok());
    let group =
        spec.series.as_ref().and_then(|g| column(dataset, g, Field::Series).map_err(|e| errors.push(e)).ok());
    let (x, y) = (x?, y?);
    let mut groups: Vec<String> = Vec::new();
    let mut points = Vec::new();
    let mut left_out = 0;
    for &r in rows.iter().take(spec.limit.unwrap_or(usize::MAX)) {
        let row = &dataset.rows[r];
        let number = |c: usize| row.get(c).and_then(cell_number);
        let (Some(px), Some(py)) = (number(x), number(y)) else {
            left_out += 1;
            continue;
        };
        let group = match group.and_then(|g| row.get(g).and_then(cell_text)) {
            Some(key) => groups.iter().position(|k| *k == key).unwrap_or_else(|| {
                groups.push(key);
                groups.len() - 1
            }),
            None => 0,
        };
        let point = Point {
            name: names.and_then(|n| row.get(n).and_then(cell_text)),
            x: px,
            y: py,
            size: size.and_then(number),
            group,
        };
        for (value, field) in [(Some(px), Field::X), (Some(py), Field::Y(0)), (point.size, Field::Size)] {
            if let Some(v) = value.filter(|v| !(v.is_finite() && v.abs() <= MAX_VALUE)) {
                errors.push(
                    SpecError::new(
                        field,
                        format!("cannot chart {v:e}: charts draw values up to ±{MAX_VALUE:e}"),
                    )
                    .help("rescale the column (e.g. in millions or per million) and say so with `unit`"),
                );
                return None;
            }
        }
        if point.size.is_some_and(|s| s < 0.0) {
            errors.push(SpecError::new(
                Field::Size,
                "`size` needs values of zero or more: a point's area cannot be negative",
            ));
            return None;
        }
        points.push(point);
    }
    if points.is_empty() {
        return None;
    }
    let format = |values: Vec<f64>, c: usize| NumberFormat::fitting(values, percent(dataset, c));
    Some(Points {
        x_label: dataset.columns[x].label.clone(),
        y_label: dataset.columns[y].label.clone(),
        size_label: size.map(|c| dataset.columns[c].label.clone()),
        name_label: names.map(|c| dataset.columns[c].label.clone()),
        groups,
        x_format: format(points.iter().map(|p| p.x).collect(), x),
        y_format: format(points.iter().map(|p| p.y).collect(), y),
        size_format: size
            .map_or(NumberFormat { decimals: 0, percent: false, language: Default::default() }, |c| {
                format(points.iter().filter_map(|p| p.size).collect(), c)
            }),
        points,
        left_out,
    })
}

const PLOT_HEIGHT: u32 = 300;
const RADIUS: f64 = 4.0;
const LARGEST: f64 = 14.0;

/// An axis over `values`, from zero when zero is near.
fn axis(values: impl Iterator<Item = f64>, shared: Option<(f64, f64)>, format: NumberFormat) -> ValueAxis {
    let (lo, hi) = cover(span(values), shared);
    ValueAxis::new(lo, hi, format, lo >= 0.0 && lo <= hi * 0.5)
}

pub fn render(frame: &Frame, p: &Points) -> String {
    let xa = axis(p.points.iter().map(|q| q.x), frame.shared.x, p.x_format);
    let ya = axis(p.points.iter().map(|q| q.y), frame.shared.value, p.y_format);
    let head = Head::new(frame, &p.groups, true, Some(p.y_label.clone()));
    let left = (ya.label_width() + 14.0).ceil() as u32;
    let largest = p.points.iter().filter_map(|q| q.size).fold(frame.shared.size.unwrap_or(0.0), f64::max);
    let radius = |q: &Point| match q.size {
        Some(s) if largest > 0.0 => RADIUS.min(2.0) + (LARGEST - 2.0) * (s / largest).sqrt(),
        _ => RADIUS,
    };
    let height = head.top + PLOT_HEIGHT + 44;
    // Half the last x tick's label sticks out past the plot.
    let right = (xa.ticks.last().map_or(0.0, |&v| text_width(&xa.label(v), super::svg::SMALL)) / 2.0 + 8.0)
        .ceil() as u32;
    draw(frame, "scatter", (frame.width, height), |area, marks| {
        head.draw(area, marks, left as i32 - 6)?;
        let mut chart = ChartBuilder::on(area)
            .margin_top(head.top)
            .margin_right(right.max(16))
            .margin_bottom(18)
            .y_label_area_size(left)
            .x_label_area_size(26)
            .build_cartesian_2d(xa.lo..xa.hi, ya.lo..ya.hi)?;
        let (fx, fy) = (|v: &f64| xa.label(*v), |v: &f64| ya.label(*v));
        super::cartesian::mesh(&mut chart, marks, marks.mark("chart-zero", None))
            .x_labels(xa.ticks.len())
            .y_labels(ya.ticks.len())
            .x_label_formatter(&fx)
            .y_label_formatter(&fy)
            .draw()?;
        // The x axis' name under its ticks, at the right.
        let (right, bottom) = chart.backend_coord(&(xa.hi, ya.lo));
        area.draw(&Text::new(
            p.x_label.as_str(),
            (right, bottom + 38),
            style("chart-unit", super::svg::SMALL, HPos::Right, VPos::Bottom),
        ))?;
        // Largest first, so that small points stay visible on top.
        let mut order: Vec<usize> = (0..p.points.len()).collect();
        order.sort_by(|&a, &b| radius(&p.points[b]).total_cmp(&radius(&p.points[a])));
        for &k in &order {
            let q = &p.points[k];
            let class = format!("chart-point series-{}", q.group % 4 + 1);
            let dot = marks.mark(&class, Some(tooltip(p, q)));
            chart.draw_series([Circle::new((q.x, q.y), radius(q).round() as u32, dot.filled())])?;
        }
        // Names beside their points, right or else left, where they collide with nothing.
        let (x_min, x_max) = (chart.backend_coord(&(xa.lo, ya.lo)).0, right + 14);
        let mut taken: Vec<(f64, f64, f64, f64)> = Vec::new();
        for &k in order.iter().rev() {
            let q = &p.points[k];
            let Some(name) = &q.name else { continue };
            let (cx, cy) = chart.backend_coord(&(q.x, q.y));
            let (w, r) = (text_width(name, super::svg::SMALL), radius(q) + 3.0);
            let (cx, cy) = (f64::from(cx), f64::from(cy));
            let sides = [(cx + r, cx + r + w, HPos::Left), (cx - r - w, cx - r, HPos::Right)];
            let free = sides.into_iter().find(|&(a, b, _)| {
                let (top, bottom) = (cy - 7.0, cy + 7.0);
                a >= f64::from(x_min)
                    && b <= f64::from(x_max)
                    && !taken.iter().any(|&(l, t, rr, bb)| a < rr && b > l && top < bb && bottom > t)
                    && !p.points.iter().any(|o| {
                        let (ox, oy) = chart.backend_coord(&(o.x, o.y));
                        let (ox, oy, or) = (f64::from(ox), f64::from(oy), radius(o));
                        !std::ptr::eq(o, q) && ox + or > a && ox - or < b && oy + or > top && oy - or < bottom
                    })
            });
            if let Some((a, b, h)) = free {
                taken.push((a, cy - 7.0, b, cy + 7.0));
                let x = if matches!(h, HPos::Left) { a } else { b };
                area.draw(&Text::new(
                    name.as_str(),
                    (x as i32, cy as i32),
                    style("chart-point-label", super::svg::SMALL, h, VPos::Center),
                ))?;
            }
        }
        Ok(())
    })
}

/// "Lyon: Start-ups 120, % funded 42.5%".
fn tooltip(p: &Points, q: &Point) -> String {
    let mut text =
        format!("{} {}, {} {}", p.x_label, p.x_format.format(q.x), p.y_label, p.y_format.format(q.y));
    if let (Some(label), Some(size)) = (&p.size_label, q.size) {
        text.push_str(&format!(", {label} {}", p.size_format.format(size)));
    }
    match &q.name {
        Some(name) => format!("{name}: {text}"),
        None => text,
    }
}

/// "% funded against start-ups, 13 points: Paris (1,367; 10.2%); …".
pub fn describe(p: &Points, locale: &Locale) -> String {
    let language = locale.language;
    let size = p.size_label.as_ref().map(|s| locale.fill(Key::DescSized, &[("size", &language.lower(s))]));
    let listed: Vec<String> = p
        .points
        .iter()
        .take(15)
        .map(|q| {
            let at = format!("({}; {})", p.x_format.format(q.x), p.y_format.format(q.y));
            q.name.as_ref().map_or(at.clone(), |n| format!("{n} {at}"))
        })
        .collect();
    let more = match p.points.len() > 15 {
        true => locale.fill(Key::DescMore, &[("n", &language.integer((p.points.len() - 15) as i64))]),
        false => String::new(),
    };
    let mut text = locale.fill(
        Key::DescScatter,
        &[
            ("y", &p.y_label),
            ("x", &language.lower(&p.x_label)),
            ("n", &language.integer(p.points.len() as i64)),
            ("size", &size.unwrap_or_default()),
            ("items", &listed.join(language.semicolon())),
            ("more", &more),
        ],
    );
    if p.left_out > 0 {
        text.push_str(&locale.fill(Key::DescLeftOut, &[("n", &language.integer(p.left_out as i64))]));
    }
    text
}

/// Every point as a row of the data table.
pub fn table(p: &Points, locale: &Locale) -> String {
    super::describe::table(cells(p, locale))
}

/// The cells of [`table`].
pub fn cells(p: &Points, locale: &Locale) -> super::describe::Cells {
    let mut headers: Vec<&str> = vec![p.name_label.as_deref().unwrap_or(locale.text(Key::Point))];
    headers.extend([p.x_label.as_str(), p.y_label.as_str()]);
    headers.extend(p.size_label.as_deref());
    let head = headers
        .iter()
        .enumerate()
        .map(|(k, h)| {
            let class = if k == 0 { "" } else { " class=\"num\"" };
            format!("<th scope=\"col\"{class}>{}</th>", escape_xml(h))
        })
        .collect();
    let rows = p
        .points
        .iter()
        .enumerate()
        .map(|(k, q)| {
            let name = q.name.clone().unwrap_or_else(|| (k + 1).to_string());
            let mut cells = vec![
                format!("<th scope=\"row\">{}</th>", escape_xml(&name)),
                format!("<td class=\"num\">{}</td>", p.x_format.format(q.x)),
                format!("<td class=\"num\">{}</td>", p.y_format.format(q.y)),
            ];
            if p.size_label.is_some() {
                let size = q.size.map_or_else(|| "–".to_string(), |s| p.size_format.format(s));
                cells.push(format!("<td class=\"num\">{size}</td>"));
            }
            cells
        })
        .collect();
    (head, rows)
}
