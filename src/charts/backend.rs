//! folio's plotters backend: plotters lays out the Cartesian charts (ranges, ticks, mesh,
//! axes, series) and draws them through [`SvgBackend`], which writes the SVG folio needs
//! instead of pixels or fixed colours.
//!
//! - Colours name marks, not colours: each colour handed to plotters comes from a [`Marks`]
//!   table and stands for a CSS class (and an optional tooltip), so light, dark and print
//!   themes colour the chart.
//! - A text's font family names its CSS class (`chart-tick`), optionally with a rotation in
//!   degrees (`chart-label@-40`); its size is estimated from the characters
//!   ([`super::scale::text_width`]): no font file is ever read.
//! - Coordinates are whole user units: the same chart is the same bytes.

use std::cell::RefCell;
use std::fmt::Write as _;

use plotters::style::RGBColor;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontFamily,
    FontTransform,
};

use super::scale::text_width;
use crate::html::escape_xml;

/// The CSS class and tooltip of each mark, indexed through the colour plotters carries.
#[derive(Debug, Default)]
pub struct Marks {
    marks: RefCell<Vec<(String, Option<String>)>>,
}

/// Colours with this red value are mark indexes (green and blue hold the index).
const MARK: u8 = 0xF0;

impl Marks {
    /// The colour standing for a mark of `class` with an optional tooltip (`<title>`).
    pub fn mark(&self, class: &str, tooltip: Option<String>) -> RGBColor {
        let mut marks = self.marks.borrow_mut();
        let found = match tooltip {
            None => marks.iter().position(|(c, t)| c == class && t.is_none()),
            Some(_) => None,
        };
        let index = found.unwrap_or_else(|| {
            marks.push((class.to_string(), tooltip));
            marks.len() - 1
        });
        // Past 65,535 marks (a very large chart) the extra ones share the last mark's class.
        let index = u16::try_from(index).unwrap_or(u16::MAX);
        RGBColor(MARK, (index >> 8) as u8, (index & 0xFF) as u8)
    }

    fn get(&self, color: BackendColor) -> Option<(String, Option<String>)> {
        let (r, g, b) = color.rgb;
        let marks = self.marks.borrow();
        (r == MARK).then(|| marks.get(usize::from(g) << 8 | usize::from(b)).cloned()).flatten()
    }
}

/// Never produced: writing to a `String` cannot fail.
#[derive(Debug)]
pub struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unreachable")
    }
}

impl std::error::Error for Never {}

type Result = std::result::Result<(), DrawingErrorKind<Never>>;

/// An SVG body being drawn by plotters into `out`, `width` × `height` user units.
pub struct SvgBackend<'a> {
    out: &'a mut String,
    width: u32,
    height: u32,
    marks: &'a Marks,
}

impl<'a> SvgBackend<'a> {
    pub fn new(out: &'a mut String, (width, height): (u32, u32), marks: &'a Marks) -> SvgBackend<'a> {
        SvgBackend { out, width, height, marks }
    }

    /// The mark's class and closing: `"/>"` or a `<title>` tooltip and the closing tag.
    fn mark(&self, color: BackendColor, tag: &str) -> Option<(String, String)> {
        if color.alpha == 0.0 {
            return None;
        }
        let (class, tooltip) = self.marks.get(color)?;
        let close = match tooltip {
            Some(t) => format!("><title>{}</title></{tag}>\n", escape_xml(&t)),
            None => "/>\n".to_string(),
        };
        Some((class, close))
    }
}

/// A text style's class and rotation, from its font family (`class` or `class@degrees`).
fn class_of(family: FontFamily) -> (String, i32) {
    let name = family.as_str();
    match name.split_once('@') {
        Some((class, degrees)) => (class.to_string(), degrees.parse().unwrap_or(0)),
        None => (name.to_string(), 0),
    }
}

/// Estimated (width, height) of `text` at `size`: widths from [`text_width`], height one em.
pub fn text_size(text: &str, size: f64) -> (u32, u32) {
    (text_width(text, size).ceil() as u32, size.ceil() as u32)
}

impl DrawingBackend for SvgBackend<'_> {
    type ErrorType = Never;

    fn get_size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    fn ensure_prepared(&mut self) -> Result {
        Ok(())
    }

    fn present(&mut self) -> Result {
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Result {
        self.draw_rect((x, y), (x + 1, y + 1), &color, true)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        (x1, y1): BackendCoord,
        (x2, y2): BackendCoord,
        style: &S,
    ) -> Result {
        if let Some((class, close)) = self.mark(style.color(), "line") {
            let _ = write!(
                self.out,
                "<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" class=\"{class}\"{close}"
            );
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        _fill: bool,
    ) -> Result {
        if let Some((class, close)) = self.mark(style.color(), "rect") {
            let (x, y, w, h) = (x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs());
            let _ = write!(
                self.out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" class=\"{class}\"{close}"
            );
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result {
        if let Some((class, close)) = self.mark(style.color(), "path") {
            let d = path_data(path, false);
            let _ = write!(self.out, "<path d=\"{d}\" class=\"{class}\"{close}");
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (cx, cy): BackendCoord,
        r: u32,
        style: &S,
        _fill: bool,
    ) -> Result {
        if let Some((class, close)) = self.mark(style.color(), "circle") {
            let _ = write!(self.out, "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\" class=\"{class}\"{close}");
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result {
        if let Some((class, close)) = self.mark(style.color(), "path") {
            let d = path_data(vert, true);
            let _ = write!(self.out, "<path d=\"{d}\" class=\"{class}\"{close}");
        }
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, (x, y): BackendCoord) -> Result {
        let (class, degrees) = class_of(style.family());
        let size = style.size();
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Center => "middle",
            HPos::Right => "end",
        };
        // SVG places text by its baseline: move it from the anchor's top or centre.
        let baseline = match style.anchor().v_pos {
            VPos::Top => (size * 0.8).round() as i32,
            VPos::Center => (size * 0.35).round() as i32,
            VPos::Bottom => 0,
        };
        let degrees = match style.transform() {
            FontTransform::Rotate90 => 90,
            FontTransform::Rotate180 => 180,
            FontTransform::Rotate270 => -90,
            _ => degrees,
        };
        let y = y + baseline;
        let rotate =
            if degrees == 0 { String::new() } else { format!(" transform=\"rotate({degrees} {x} {y})\"") };
        let _ = writeln!(
            self.out,
            "<text x=\"{x}\" y=\"{y}\" text-anchor=\"{anchor}\" class=\"{class}\"{rotate}>{}</text>",
            escape_xml(text)
        );
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<Never>> {
        Ok(text_size(text, style.size()))
    }
}

fn path_data(points: impl IntoIterator<Item = BackendCoord>, close: bool) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.into_iter().enumerate() {
        let _ = write!(d, "{}{x} {y}", if i == 0 { "M" } else { "L" });
    }
    if close {
        d.push('Z');
    }
    d
}
