//! What a value axis can hold: the data's extent (stacked or not), the limits beyond which
//! values are refused with a diagnostic rather than drawn off the chart, and the unit written
//! above the axis. The axis itself (range, ticks, grid) is plotters' (see `cartesian`).

use super::resolve::Categorical;

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
