//! A minimal SVG writer for charts: the accessible root element (`role="img"`, `<title>`,
//! `<desc>`, `aria-labelledby`), and shapes and real `<text>` elements styled only through CSS
//! classes, so that colours come from the theme. Every string is escaped, every number written
//! with fixed precision: the same chart is the same bytes.

use std::fmt::Write;

use super::scale::coord;
use crate::html::{escape_xml, push_escaped};

/// Font size of chart text, in SVG user units (the theme's CSS uses the same).
pub const FONT: f64 = 12.0;
/// Font size of small chart text (ticks, notes).
pub const SMALL: f64 = 11.0;

/// Charts grow with the page up to this many times their drawing size (their largest text,
/// 14 px, stays below the body's 17 px on wide screens) and never shrink below it: a narrow screen scrolls the drawing
/// sideways in its box (`.chart-scroll`) rather than shrinking its text.
const MAX_SCALE: f64 = 1.2;

/// The opening `<svg>` with its accessible title and description, drawn at its natural size
/// at the least: `--chart-width` is its minimum width in the theme's CSS.
pub fn root(id: &str, kind: &str, width: f64, height: f64, title: &str, desc: &str) -> String {
    let id = escape_xml(id);
    let mut out = String::with_capacity(4096);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart--{kind}\" viewBox=\"0 0 {w} {h}\" \
         width=\"{w}\" height=\"{h}\" style=\"--chart-width: {w}px; max-width: {max}px\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-size=\"{FONT}\">\n",
        w = coord(width),
        h = coord(height),
        max = coord(width * MAX_SCALE),
    ));
    out.push_str(&format!("<title id=\"{id}-title\">{}</title>\n", escape_xml(title)));
    out.push_str(&format!("<desc id=\"{id}-desc\">{}</desc>\n", escape_xml(desc)));
    out
}

/// Horizontal anchoring of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// An SVG document being written.
pub struct Svg {
    out: String,
}

impl Svg {
    /// Opens `<svg>` with its accessible title and description. `id` must be unique in the page.
    pub fn open(id: &str, kind: &str, width: f64, height: f64, title: &str, desc: &str) -> Svg {
        Svg { out: root(id, kind, width, height, title, desc) }
    }

    /// A `<text>` at (x, y) (y is the baseline).
    pub fn text(&mut self, x: f64, y: f64, anchor: Anchor, class: &str, text: &str) {
        self.start("text", &[("x", x), ("y", y)]);
        self.out.push_str(" text-anchor=\"");
        self.out.push_str(anchor.attr());
        self.end_text(class, text);
    }

    /// A text rotated by `degrees` around its anchor point.
    pub fn text_rotated(&mut self, x: f64, y: f64, degrees: f64, class: &str, text: &str) {
        let _ = write!(
            self.out,
            "<text x=\"{x}\" y=\"{y}\" text-anchor=\"end\" transform=\"rotate({} {x} {y})",
            coord(degrees),
            x = coord(x),
            y = coord(y),
        );
        self.end_text(class, text);
    }

    /// A text of several lines, `step` apart, the first line's baseline at `y`.
    pub fn lines(&mut self, x: f64, y: f64, step: f64, anchor: Anchor, class: &str, lines: &[String]) {
        for (i, line) in lines.iter().enumerate() {
            self.text(x, y + step * i as f64, anchor, class, line);
        }
    }

    /// A rectangle; `tooltip` becomes its own `<title>` (shown on hover).
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, class: &str, tooltip: Option<&str>) {
        self.start("rect", &[("x", x), ("y", y), ("width", w.max(0.0)), ("height", h.max(0.0))]);
        self.end_shape("rect", class, tooltip);
    }

    /// A rounded rectangle (boxes, pills).
    pub fn pill(&mut self, x: f64, y: f64, w: f64, h: f64, class: &str) {
        let rx = (h / 2.0).min(6.0);
        self.start("rect", &[("x", x), ("y", y), ("width", w), ("height", h), ("rx", rx)]);
        self.end_shape("rect", class, None);
    }

    pub fn circle(&mut self, cx: f64, cy: f64, r: f64, class: &str, tooltip: Option<&str>) {
        self.start("circle", &[("cx", cx), ("cy", cy), ("r", r)]);
        self.end_shape("circle", class, tooltip);
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, class: &str) {
        self.start("line", &[("x1", x1), ("y1", y1), ("x2", x2), ("y2", y2)]);
        self.end_shape("line", class, None);
    }

    /// A path from SVG path data (built with [`coord`]).
    pub fn path(&mut self, d: &str, class: &str) {
        self.out.push_str("<path d=\"");
        self.out.push_str(d);
        self.out.push('"');
        self.end_shape("path", class, None);
    }

    /// Opens a group; close it with [`Svg::close_group`].
    pub fn group(&mut self, class: &str) {
        let _ = writeln!(self.out, "<g class=\"{class}\">");
    }

    pub fn close_group(&mut self) {
        self.out.push_str("</g>\n");
    }

    /// Opens the element `tag` with coordinate attributes. Shapes are written piece by piece
    /// rather than through `write!`: its machinery cost more than the digits themselves on a
    /// network page.
    fn start(&mut self, tag: &str, coords: &[(&str, f64)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for &(name, value) in coords {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            coord(value).push_to(&mut self.out);
            self.out.push('"');
        }
    }

    /// Ends a shape opened with [`Svg::start`]: its class, and `tooltip` as its `<title>`.
    fn end_shape(&mut self, tag: &str, class: &str, tooltip: Option<&str>) {
        self.out.push_str(" class=\"");
        self.out.push_str(class);
        self.out.push('"');
        match tooltip {
            Some(t) => {
                self.out.push_str("><title>");
                push_escaped(&mut self.out, t);
                self.out.push_str("</title></");
                self.out.push_str(tag);
                self.out.push_str(">\n");
            }
            None => self.out.push_str("/>\n"),
        }
    }

    /// Ends a `<text>` whose last attribute's value is open: its class and its text.
    fn end_text(&mut self, class: &str, text: &str) {
        self.out.push_str("\" class=\"");
        self.out.push_str(class);
        self.out.push_str("\">");
        push_escaped(&mut self.out, text);
        self.out.push_str("</text>\n");
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}
