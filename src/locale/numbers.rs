//! Numbers for readers: thousands and decimal separators as the language writes them (en 32,700
//! and 3.5; fr 32 700 with a narrow no-break space and 3,5; nl and de 32.700 and 3,5). Exports
//! (CSV, JSON) never come here: they stay as the data writes them, for machines.

use super::Language;

impl Language {
    /// The thousands separator and the decimal mark.
    pub fn separators(self) -> (char, char) {
        match self {
            Language::En => (',', '.'),
            Language::Fr => ('\u{202F}', ','),
            Language::Nl | Language::De => ('.', ','),
        }
    }

    /// A number as Rust writes it (`-32700.5`, digits with an optional `-` and `.`) as the
    /// language writes it (`-32 700,5`). Other text comes back as it is.
    pub fn number(self, plain: &str) -> String {
        let (sign, rest) = plain.strip_prefix('-').map_or(("", plain), |r| ("-", r));
        let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(int) || frac.is_some_and(|f| !digits(f)) {
            return plain.to_string();
        }
        let (group, mark) = self.separators();
        let mut out = String::with_capacity(plain.len() + int.len() / 3 * 3);
        out.push_str(sign);
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if let Some(frac) = frac {
            out.push(mark);
            out.push_str(frac);
        }
        out
    }

    pub fn integer(self, value: i64) -> String {
        self.number(&value.to_string())
    }

    /// The shortest decimal that reads back as `value`.
    pub fn decimal(self, value: f64) -> String {
        self.number(&value.to_string())
    }

    /// `text` (a number already written for readers) as a percentage: `36.3%`, `36,3 %`.
    pub fn percent(self, text: &str) -> String {
        match self {
            Language::En | Language::Nl => format!("{text}%"),
            Language::Fr => format!("{text}\u{202F}%"),
            Language::De => format!("{text}\u{A0}%"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_groups_and_marks_its_way() {
        assert_eq!(Language::En.number("32700"), "32,700");
        assert_eq!(Language::Fr.number("32700"), "32\u{202F}700");
        assert_eq!(Language::Nl.number("32700"), "32.700");
        assert_eq!(Language::De.number("-1234567.25"), "-1.234.567,25");
        assert_eq!(Language::Fr.decimal(3.5), "3,5");
        assert_eq!(Language::En.decimal(3.5), "3.5");
        assert_eq!(Language::En.integer(999), "999");
        assert_eq!(Language::En.number("n/a"), "n/a");
        assert_eq!(Language::En.number("1e21"), "1e21");
        assert_eq!(Language::De.percent("36,3"), "36,3\u{A0}%");
    }
}
