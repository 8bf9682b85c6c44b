//! Numbers on a chart: value formatting (thousands separators, fixed
//! decimals, percent signs), fixed-precision SVG coordinates, and text width estimates from
//! character counts (no font library: charts are laid out before any font is known).

use crate::locale::Language;

/// How a series' values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat {
    /// Digits after the decimal point.
    pub decimals: usize,
    /// Values are percentages: written with a `%` sign.
    pub percent: bool,
    /// Whose separators and percent sign (see [`crate::locale::numbers`]).
    pub language: Language,
}

impl NumberFormat {
    /// The fewest decimals (at most 3) that write every value exactly.
    pub fn fitting(values: impl IntoIterator<Item = f64>, percent: bool) -> NumberFormat {
        let values: Vec<f64> = values.into_iter().collect();
        let decimals = (0..3)
            .find(|&d| {
                let scale = 10f64.powi(d as i32);
                values.iter().all(|v| ((v * scale).round() - v * scale).abs() < 1e-6)
            })
            .unwrap_or(3);
        NumberFormat { decimals, percent, language: Language::En }
    }

    /// `11,367`, `0.381`, `36.3%` in English; `11.367`, `0,381`, `36,3 %` in German.
    pub fn format(&self, value: f64) -> String {
        let plain = format!("{:.*}", self.decimals, value);
        // No `-0` or `-0.00`: a value that rounds to zero has no sign.
        let plain = match plain.strip_prefix('-') {
            Some(rest) if rest.trim_start_matches(['0', '.']).is_empty() => rest.to_string(),
            _ => plain,
        };
        let text = self.language.number(&plain);
        if self.percent { self.language.percent(&text) } else { text }
    }
}

/// A coordinate with one decimal, without a trailing `.0` and never `-0`.
pub fn coord(value: f64) -> Coord {
    Coord(value)
}

/// A coordinate formatted on demand (no allocation): integer arithmetic on tenths, since float
/// formatting was the hot spot of large network charts.
#[derive(Debug, Clone, Copy)]
pub struct Coord(f64);

impl Coord {
    /// Appends the coordinate to `out`, as it displays: the SVG writer's way, without the
    /// formatting machinery (a network page writes a million coordinates).
    pub fn push_to(self, out: &mut String) {
        // Writing to a `String` cannot fail.
        let _ = self.write_to(out);
    }

    /// Writes the coordinate from its whole tenths: a sign, the integer part through `itoa`,
    /// then the tenth unless it is zero, each straight to `out` (they had been gathered in a
    /// buffer and checked as UTF-8, a fifth of the cost of each coordinate). A value that is
    /// not finite, or too large for that, is written with `{:.1}`.
    fn write_to(self, out: &mut impl std::fmt::Write) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round();
        if !tenths.is_finite() || tenths.abs() >= 1e15 {
            return write!(out, "{:.1}", self.0);
        }
        let tenths = tenths as i64;
        if tenths < 0 {
            out.write_char('-')?;
        }
        let (whole, tenth) = (tenths.unsigned_abs() / 10, (tenths.unsigned_abs() % 10) as u8);
        out.write_str(itoa::Buffer::new().format(whole))?;
        if tenth != 0 {
            out.write_char('.')?;
            out.write_char(char::from(b'0' + tenth))?;
        }
        Ok(())
    }
}

impl std::fmt::Display for Coord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_to(f)
    }
}

/// Estimated width of `text` in a sans-serif UI font at `size`, from per-character widths
/// (no font file is read). Measured against DejaVu Sans in Chromium, one of the widest UI
/// fonts, the per-character table alone ran 5% short at the median and 12% at most on real
/// report labels: the factor makes the estimate generous, so that labels laid out with
/// it neither touch nor get cut at a drawing's edge.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * size * GENEROUS
}

/// See [`text_width`].
const GENEROUS: f64 = 1.12;

fn char_em(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | '\'' | '’' | ':' | ';' | '|' | '!' => 0.3,
        ' ' | 'f' | 't' | 'r' | 'I' | '(' | ')' | '[' | ']' | '-' | '/' => 0.38,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.9,
        'A'..='Z' => 0.7,
        '0'..='9' => 0.58,
        c if c.is_ascii() => 0.56,
        _ => 0.62,
    }
}

/// `text` cut to fit `width` at `size`, with an ellipsis when it was cut.
pub fn fit_text(text: &str, width: f64, size: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if text_width(&out, size) + (char_em(c) + 0.6) * size * GENEROUS > width {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// Splits `text` at spaces into lines no wider than `width` (a long word keeps its own line).
pub fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if text_width(&format!("{line} {word}"), size) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_fixed() {
        let f = NumberFormat::fitting([11367.0, 1165.0], false);
        assert_eq!(
            (f.format(11367.0), f.format(-1165.0), f.format(12.0)),
            ("11,367".into(), "-1,165".into(), "12".into())
        );
        let f = NumberFormat::fitting([0.381, 0.47], false);
        assert_eq!(f.format(0.47), "0.470");
        assert_eq!(NumberFormat::fitting([36.3], true).format(36.3), "36.3%");
        assert_eq!(coord(-0.04).to_string(), "0");
        assert_eq!(coord(12.25).to_string(), "12.3");
        assert_eq!(coord(-0.25).to_string(), "-0.3");
        assert_eq!(coord(-12.0).to_string(), "-12");
        assert_eq!(coord(3.0).to_string(), "3");
    }

    #[test]
    fn coordinates_read_as_rounded_tenths() {
        for tenths in -2_000_i64..=2_000 {
            let value = tenths as f64 / 10.0 + 0.01;
            let written = coord(value).to_string();
            let expected = format!("{:.1}", (value * 10.0).round() / 10.0);
            let expected = expected.strip_suffix(".0").unwrap_or(&expected);
            let expected = if expected == "-0" { "0" } else { expected };
            assert_eq!(written, expected, "{value}");
            let mut pushed = String::from("x");
            coord(value).push_to(&mut pushed);
            assert_eq!(pushed[1..], *expected, "{value}");
        }
        assert_eq!(coord(1e300).to_string(), format!("{:.1}", 1e300));
    }

    #[test]
    fn text_is_measured_fitted_and_wrapped() {
        assert!(text_width("MMMM", 10.0) > text_width("iiii", 10.0));
        let cut = fit_text("Boehringer Ingelheim Pharmaceuticals", 80.0, 12.0);
        assert!(cut.ends_with('…') && text_width(&cut, 12.0) <= 80.0 + 1e-9, "{cut}");
        let lines = wrap("Second compound printed under Phase 2", 100.0, 12.0);
        assert!(lines.len() > 1 && lines.iter().all(|l| text_width(l, 12.0) <= 100.0), "{lines:?}");
    }
}
