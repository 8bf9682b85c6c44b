//! YAML → typed value, with every failure turned into a [`Diagnostic`] that names the file, the
//! line and column (shifted when the YAML sits inside a larger file, as front matter does), what
//! was expected and, for an unknown key, the closest valid one.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, closest};

/// Parses `text` as `T`. `line_offset` is the number of lines of the enclosing file before `text`.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str, line_offset: usize) -> Result<T, Diagnostic> {
    serde_saphyr::from_str(text).map_err(|error| {
        let (line, col) =
            error.location().map(|l| (l.line() as usize, l.column() as usize)).unwrap_or((1, 1));
        let raw = error.without_snippet().to_string();
        let (message, help) = explain(strip_position(&raw));
        let diagnostic = Diagnostic::new(path, message).at(line + line_offset, col);
        match help {
            Some(help) => diagnostic.help(help),
            None => diagnostic,
        }
    })
}

/// serde-saphyr appends " at line L, column C"; the diagnostic carries the position itself.
fn strip_position(raw: &str) -> &str {
    match raw.rfind(" at line ") {
        Some(at) if raw[at..].contains(", column ") => &raw[..at],
        _ => raw,
    }
}

/// Rewrites the parser's messages in the words of a site author, with a hint where one helps.
fn explain(message: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let valid: Vec<&str> = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .split(", ")
            .map(|s| s.trim_matches('`'))
            .filter(|s| !s.is_empty())
            .collect();
        let help = match closest(name, valid.iter().copied()) {
            Some(best) => format!("did you mean `{best}`? valid keys: {}", valid.join(", ")),
            None => format!("valid keys: {}", valid.join(", ")),
        };
        return (format!("unknown key `{name}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(", set DuplicateKeyPolicy").next().unwrap_or(rest);
        return (format!("duplicate key `{key}`"), Some("each key may appear once; remove one".into()));
    }
    if let Some(field) = message.strip_prefix("missing field `") {
        let field = field.trim_end_matches('`');
        return (format!("missing required key `{field}`"), Some(format!("add `{field}: ...`")));
    }
    let readable = match message {
        "invalid i64" | "invalid u64" | "invalid u32" | "invalid i32" | "invalid u16" => {
            "expected a whole number"
        }
        "invalid f64" => "expected a number",
        "invalid bool" => "expected true or false",
        "expected string scalar" => "expected a text value",
        "expected sequence start" => "expected a list",
        "expected mapping start" => "expected a mapping of `key: value` lines",
        "unexpected end of input" => "the YAML is empty or ends too early",
        other => other,
    };
    (readable.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        order: i64,
    }

    #[test]
    fn unknown_key_gets_position_and_closest_name() {
        let err = parse::<Sample>(Path::new("f.md"), "title: a\norder: 1\ntitel: x\n", 1).unwrap_err();
        assert_eq!((err.line, err.col), (4, 1));
        assert_eq!(err.message, "unknown key `titel`");
        assert!(err.help.unwrap().starts_with("did you mean `title`?"));
    }

    #[test]
    fn wrong_type_and_missing_key_are_explained() {
        let err = parse::<Sample>(Path::new("f"), "title: a\norder: x\n", 0).unwrap_err();
        assert_eq!((err.line, err.col, err.message.as_str()), (2, 8, "expected a whole number"));
        let err = parse::<Sample>(Path::new("f"), "order: 1\n", 0).unwrap_err();
        assert_eq!(err.message, "missing required key `title`");
    }
}
