//! Times on a line chart's `x`: a year (`2016`), a year-month (`2016-12`), or a month written
//! out (`December 2016`, `Dec 2016`), as the data tables and the vintage labels of collections
//! write them. A time is a position in years, a month one twelfth of a year.

use crate::locale::Language;
use crate::locale::dates::month_number;

/// The position of `text` in years, and whether it names a month.
pub fn position(text: &str) -> Option<(f64, bool)> {
    let text = text.trim();
    if let Some(year) = year(text) {
        return Some((f64::from(year), false));
    }
    if let Some((y, m)) = text.split_once('-') {
        let month: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
        return Some((f64::from(year(y)?) + f64::from(month - 1) / 12.0, true));
    }
    let (name, y) = text.rsplit_once(' ')?;
    let month = month_number(name.trim())?;
    Some((f64::from(year(y.trim())?) + (month - 1) as f64 / 12.0, true))
}

/// A year of four digits.
fn year(text: &str) -> Option<i32> {
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

/// A tick's label: the year, or the month and year when ticks fall within years.
pub fn label(t: f64, months: bool, language: Language) -> String {
    let whole = (t * 12.0).round() as i64;
    let (year, month) = (whole.div_euclid(12), whole.rem_euclid(12) as usize);
    if months && month != 0 { language.short_year_month(year, month + 1) } else { year.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_months_are_positions_in_years() {
        assert_eq!(position("2016"), Some((2016.0, false)));
        assert_eq!(position("2016-12"), Some((2016.0 + 11.0 / 12.0, true)));
        assert_eq!(position("December 2015"), Some((2015.0 + 11.0 / 12.0, true)));
        assert_eq!(position("Mar. 2014"), Some((2014.0 + 2.0 / 12.0, true)));
        for wrong in ["Belgium", "2016-13", "16", "Ma 2014", "December"] {
            assert_eq!(position(wrong), None, "{wrong}");
        }
        assert_eq!(label(2015.0, true, Language::En), "2015");
        assert_eq!(label(2015.5, true, Language::En), "Jul 2015");
        assert_eq!(label(2015.5, false, Language::En), "2015");
        assert_eq!(label(2015.5, true, Language::De), "Juli 2015");
        assert_eq!(position("Dezember 2015"), Some((2015.0 + 11.0 / 12.0, true)));
    }
}
