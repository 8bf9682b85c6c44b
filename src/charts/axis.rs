//! The value axis shared by bar and dot charts: nice ticks mapped onto a pixel range, drawn as
//! grid lines with tick labels, and the unit written beside it.

use super::resolve::Categorical;
use super::scale::{NumberFormat, Ticks, nice_ticks, text_width};
use super::svg::{Anchor, SMALL, Svg};

/// Values `lo..hi` (from the ticks) mapped onto pixels `from..to`.
#[derive(Debug, Clone)]
pub struct Axis {
    pub ticks: Ticks,
    pub format: NumberFormat,
    pub from: f64,
    pub to: f64,
}

impl Axis {
    /// An axis for values between `lo` and `hi` (zero always shown).
    pub fn new(lo: f64, hi: f64, format: NumberFormat, from: f64, to: f64) -> Axis {
        Axis { ticks: nice_ticks(lo, hi, 5), format, from, to }
    }

    /// The pixel of `value`, never outside `from..to`: values are checked to be drawable
    /// ([`drawable`]) before any chart is made, and this keeps every mark inside its chart
    /// even if a caller skipped that check (a non-finite result lands on `from`).
    pub fn px(&self, value: f64) -> f64 {
        let (lo, hi) = (self.ticks.first(), self.ticks.last());
        let p = self.from + (value - lo) / (hi - lo) * (self.to - self.from);
        if p.is_nan() { self.from } else { p.clamp(self.from.min(self.to), self.from.max(self.to)) }
    }

    /// Tick labels: the ticks' own decimals, and a `%` sign for percentages.
    pub fn tick_label(&self, value: f64) -> String {
        let format = NumberFormat { decimals: self.ticks.decimals, percent: self.format.percent };
        format.format(value)
    }

    /// Width of the widest tick label.
    pub fn label_width(&self) -> f64 {
        self.ticks.values.iter().map(|&v| text_width(&self.tick_label(v), SMALL)).fold(0.0, f64::max)
    }

    /// Grid lines across `[cross_from, cross_to]`, a zero line, and tick labels. `vertical`:
    /// the values run up the page (labels at the left of `cross_from`).
    pub fn draw(&self, svg: &mut Svg, cross_from: f64, cross_to: f64, vertical: bool) {
        svg.group("chart-axis");
        for &v in &self.ticks.values {
            let p = self.px(v);
            let class = if v == 0.0 { "chart-zero" } else { "chart-grid" };
            let label = self.tick_label(v);
            if vertical {
                svg.line(cross_from, p, cross_to, p, class);
                svg.text(cross_from - 6.0, p + 4.0, Anchor::End, "chart-tick", &label);
            } else {
                svg.line(p, cross_from, p, cross_to, class);
                svg.text(p, cross_to + 15.0, Anchor::Middle, "chart-tick", &label);
            }
        }
        svg.close_group();
    }
}

/// Lowest and highest value of the data, stacked or not.
pub fn extent(data: &Categorical, stacked: bool) -> (f64, f64) {
    let mut lo: f64 = 0.0;
    let mut hi: f64 = 0.0;
    for i in 0..data.categories.len() {
        let values = data.series.iter().filter_map(|s| s.values[i]);
        if stacked {
            let (neg, pos) =
                values.fold((0.0, 0.0), |(n, p), v| if v < 0.0 { (n + v, p) } else { (n, p + v) });
            lo = lo.min(neg);
            hi = hi.max(pos);
        } else {
            for v in values {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
    }
    (lo, hi)
}

/// The largest magnitude a value axis draws: beyond it tick labels outgrow the space beside the
/// plot (and an `f64` no longer holds every whole number).
pub const MAX_VALUE: f64 = 1e15;

/// The smallest non-zero extent of a value axis: below it, ticks need more decimals than a
/// label has room for.
pub const MIN_EXTENT: f64 = 1e-9;

/// Why values cannot be drawn on a value axis.
#[derive(Debug, Clone, PartialEq)]
pub enum Undrawable {
    /// A value that is not finite, or larger than [`MAX_VALUE`].
    Value { series: usize, category: usize, value: f64 },
    /// Stacked values whose total is larger than [`MAX_VALUE`] (or overflows).
    Total { category: usize, total: f64 },
    /// Every value is smaller than [`MIN_EXTENT`] (and not all are zero).
    TooSmall { largest: f64 },
}

/// A finite value no larger than [`MAX_VALUE`] (NaN is not).
fn fits(value: f64) -> bool {
    value.is_finite() && value.abs() <= MAX_VALUE
}

/// Checks that every value of `data` (and every stack's total, when `stacked`) fits an axis.
pub fn drawable(data: &Categorical, stacked: bool) -> Result<(), Undrawable> {
    for (s, series) in data.series.iter().enumerate() {
        for (i, value) in series.values.iter().enumerate() {
            if let Some(v) = value.filter(|&v| !fits(v)) {
                return Err(Undrawable::Value { series: s, category: i, value: v });
            }
        }
    }
    if stacked {
        for i in 0..data.categories.len() {
            let (neg, pos) = data
                .series
                .iter()
                .filter_map(|s| s.values[i])
                .fold((0.0, 0.0), |(n, p), v| if v < 0.0 { (n + v, p) } else { (n, p + v) });
            if let Some(total) = [neg, pos].into_iter().find(|&t| !fits(t)) {
                return Err(Undrawable::Total { category: i, total });
            }
        }
    }
    let (lo, hi) = extent(data, stacked);
    let largest = lo.abs().max(hi.abs());
    if largest > 0.0 && largest < MIN_EXTENT {
        return Err(Undrawable::TooSmall { largest });
    }
    Ok(())
}

/// The unit (or the value column's name) written above the value axis.
pub fn unit_label(data: &Categorical) -> Option<String> {
    data.unit.clone().or_else(|| (data.series.len() == 1).then(|| data.series[0].label.clone()))
}
