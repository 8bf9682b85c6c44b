//! Pipeline charts (Galapagos' Fig. 8): one row per record, grouped by the `x` column (the
//! therapeutic area), each row a chain of labelled boxes, one per `stages` column in the order
//! written, and the `tag` column (the partner) as a pill at the end. Nothing is drawn that the
//! data does not hold: no phase, no bar length; an empty cell is simply no box.

use super::cartesian::Frame;
use super::resolve::Pipeline;
use super::scale::{coord, text_width, wrap};
use super::svg::{Anchor, FONT, SMALL, Svg};

const ROW: f64 = 28.0;
const BOX: f64 = 20.0;
const GAP: f64 = 26.0;
const PAD: f64 = 10.0;

/// Left edges and widths of the columns: group, stages..., tag.
struct Columns {
    x: Vec<f64>,
    header_lines: Vec<Vec<String>>,
    width: f64,
}

fn columns(p: &Pipeline) -> Columns {
    let mut texts: Vec<(String, Vec<String>)> =
        vec![(p.group_label.clone(), p.rows.iter().map(|r| r.group.clone()).collect())];
    for (k, label) in p.stage_labels.iter().enumerate() {
        texts.push((label.clone(), p.rows.iter().filter_map(|r| r.steps[k].clone()).collect()));
    }
    if let Some(label) = &p.tag_label {
        texts.push((label.clone(), p.rows.iter().filter_map(|r| r.tag.clone()).collect()));
    }
    let (mut x, mut xs, mut headers) = (PAD, Vec::new(), Vec::new());
    for (i, (header, cells)) in texts.iter().enumerate() {
        let content =
            cells.iter().map(|c| text_width(c, FONT)).fold(0.0, f64::max) + if i == 0 { 8.0 } else { 20.0 };
        let longest_word = header.split_whitespace().map(|w| text_width(w, SMALL)).fold(0.0, f64::max);
        let w = content.max(longest_word + 4.0).max(56.0);
        headers.push(wrap(header, w, SMALL));
        xs.push(x);
        x += w + GAP;
    }
    Columns { x: xs, header_lines: headers, width: x - GAP + PAD }
}

pub fn render(frame: &Frame, p: &Pipeline) -> String {
    let cols = columns(p);
    let header_h = cols.header_lines.iter().map(Vec::len).max().unwrap_or(1) as f64 * 13.0 + 10.0;
    let top = 8.0 + header_h;
    let height = top + ROW * p.rows.len() as f64 + 8.0;
    let mut svg = Svg::open(frame.id, "pipeline", cols.width, height, frame.title, frame.desc);
    for (k, lines) in cols.header_lines.iter().enumerate() {
        svg.lines(cols.x[k], 18.0, 13.0, Anchor::Start, "chart-header", lines);
    }
    svg.line(PAD, top - 4.0, cols.width - PAD, top - 4.0, "chart-zero");
    let groups = group_spans(p);
    for (g, &(start, end)) in groups.iter().enumerate() {
        let y = top + ROW * start as f64;
        if g % 2 == 1 {
            svg.rect(
                PAD - 4.0,
                y,
                cols.width - 2.0 * PAD + 8.0,
                ROW * (end - start) as f64,
                "chart-band",
                None,
            );
        }
        let middle = y + ROW * (end - start) as f64 / 2.0 + 4.0;
        svg.text(cols.x[0], middle, Anchor::Start, "chart-group", &p.rows[start].group);
    }
    for (r, row) in p.rows.iter().enumerate() {
        let cy = top + ROW * (r as f64 + 0.5);
        let mut previous: Option<f64> = None;
        for (k, step) in row.steps.iter().enumerate() {
            let Some(step) = step else { continue };
            let (x, w) = (cols.x[k + 1], text_width(step, FONT) + 16.0);
            if let Some(end) = previous {
                svg.path(&format!("M{} {}H{}", coord(end + 2.0), coord(cy), coord(x - 3.0)), "chart-link");
                svg.path(&arrow(x - 3.0, cy), "chart-arrow");
            }
            svg.pill(x, cy - BOX / 2.0, w, BOX, &format!("chart-step series-{}", k % 4 + 1));
            svg.text(x + w / 2.0, cy + 4.0, Anchor::Middle, "chart-step-label", step);
            previous = Some(x + w);
        }
        if let (Some(tag), Some(&x)) = (&row.tag, cols.x.last().filter(|_| p.tag_label.is_some())) {
            let w = text_width(tag, FONT) + 16.0;
            svg.pill(x, cy - BOX / 2.0, w, BOX, "chart-tag");
            svg.text(x + w / 2.0, cy + 4.0, Anchor::Middle, "chart-tag-label", tag);
        }
    }
    svg.finish()
}

/// A small arrow head pointing right, its tip at (x, y).
fn arrow(x: f64, y: f64) -> String {
    format!(
        "M{} {}L{} {}L{} {}Z",
        coord(x),
        coord(y),
        coord(x - 5.0),
        coord(y - 3.5),
        coord(x - 5.0),
        coord(y + 3.5)
    )
}

/// (first row, end row) of each run of rows with the same group.
pub fn group_spans(p: &Pipeline) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (r, row) in p.rows.iter().enumerate() {
        match spans.last_mut() {
            Some(span) if p.rows[span.0].group == row.group => span.1 = r + 1,
            _ => spans.push((r, r + 1)),
        }
    }
    spans
}
