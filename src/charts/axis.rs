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

    pub fn px(&self, value: f64) -> f64 {
        let (lo, hi) = (self.ticks.first(), self.ticks.last());
        self.from + (value - lo) / (hi - lo) * (self.to - self.from)
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

/// The unit (or the value column's name) written above the value axis.
pub fn unit_label(data: &Categorical) -> Option<String> {
    data.unit.clone().or_else(|| (data.series.len() == 1).then(|| data.series[0].label.clone()))
}
