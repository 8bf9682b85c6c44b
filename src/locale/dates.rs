//! Months and dates for readers: "December 2016", "décembre 2016", "31. Dezember 2016", and the
//! short month names of chart ticks. Reading a month name back (chart axes read the labels of
//! datasets) accepts the names of every shipped language.

use super::Language;

/// Full month names, January first.
fn months(language: Language) -> [&'static str; 12] {
    match language {
        Language::En => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        Language::Fr => [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        Language::Nl => [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        Language::De => [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
    }
}

/// Short month names, as each language abbreviates them.
fn short_months(language: Language) -> [&'static str; 12] {
    match language {
        Language::En => ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        Language::Fr => [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
        ],
        Language::Nl => {
            ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]
        }
        Language::De => {
            ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."]
        }
    }
}

impl Language {
    /// "December 2016" for month 12 (1-based); `None` for a month out of range.
    pub fn year_month(self, year: &str, month: usize) -> Option<String> {
        let name = *months(self).get(month.checked_sub(1)?)?;
        Some([name, " ", year].concat())
    }

    /// "31 December 2016", "1er décembre 2016", "31. Dezember 2016".
    pub fn date(self, year: &str, month: usize, day: u32) -> Option<String> {
        let name = *months(self).get(month.checked_sub(1)?)?;
        Some(match self {
            Language::Fr if day == 1 => format!("1er {name} {year}"),
            Language::De => format!("{day}. {name} {year}"),
            _ => format!("{day} {name} {year}"),
        })
    }

    /// A chart tick's "Dec 2016".
    pub fn short_year_month(self, year: i64, month: usize) -> String {
        let name = short_months(self).get(month.wrapping_sub(1)).copied().unwrap_or_default();
        format!("{name} {year}")
    }
}

/// The month (1-based) a name stands for, in any shipped language, full or short; English
/// names may be cut anywhere after three letters ("Sept", "Decem").
pub fn month_number(name: &str) -> Option<usize> {
    let name = name.trim_end_matches('.').to_lowercase();
    let english = months(Language::En);
    if name.len() >= 3
        && let Some(m) = english.iter().position(|m| m.to_lowercase().starts_with(&name))
    {
        return Some(m + 1);
    }
    super::LANGUAGES.iter().find_map(|&(_, language)| {
        let matches = |names: [&str; 12]| {
            names.iter().position(|m| m.trim_end_matches('.').to_lowercase() == name).map(|m| m + 1)
        };
        matches(months(language)).or_else(|| matches(short_months(language)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_each_language() {
        assert_eq!(Language::En.year_month("2016", 12).as_deref(), Some("December 2016"));
        assert_eq!(Language::Fr.date("2016", 12, 1).as_deref(), Some("1er décembre 2016"));
        assert_eq!(Language::De.date("2016", 3, 31).as_deref(), Some("31. März 2016"));
        assert_eq!(Language::Nl.year_month("2016", 13), None);
        assert_eq!(Language::Fr.short_year_month(2015, 7), "juil. 2015");
    }

    #[test]
    fn month_names_read_back_in_every_language() {
        for &(_, language) in super::super::LANGUAGES {
            for m in 1..=12 {
                assert_eq!(month_number(months(language)[m - 1]), Some(m), "{language:?} {m}");
                assert_eq!(month_number(short_months(language)[m - 1]), Some(m), "{language:?} short {m}");
            }
        }
        assert_eq!(month_number("Sept"), Some(9));
        assert_eq!(month_number("Ma"), None);
    }
}
