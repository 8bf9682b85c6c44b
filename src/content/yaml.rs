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

/// The name and the valid names of serde's "unknown field `x`, expected one of `a`, `b`".
fn name_and_valid(rest: &str) -> (&str, Vec<&str>) {
    let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
    let valid = expected
        .trim_start_matches(", expected one of ")
        .trim_start_matches(", expected ")
        .split(", ")
        .map(|s| s.trim_matches('`'))
        .filter(|s| !s.is_empty())
        .collect();
    (name, valid)
}

/// "did you mean `best`? valid `what`: a, b, c".
fn did_you_mean(name: &str, valid: &[&str], what: &str) -> String {
    match closest(name, valid.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? valid {what}: {}", valid.join(", ")),
        None => format!("valid {what}: {}", valid.join(", ")),
    }
}

/// Rewrites the parser's messages in the words of a site author, with a hint where one helps.
fn explain(message: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, valid) = name_and_valid(rest);
        return (format!("unknown key `{name}`"), Some(did_you_mean(name, &valid, "keys")));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (name, valid) = name_and_valid(rest);
        return (format!("`{name}` is not a valid value here"), Some(did_you_mean(name, &valid, "values")));
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(", set DuplicateKeyPolicy").next().unwrap_or(rest);
        return (format!("duplicate key `{key}`"), Some("each key may appear once; remove one".into()));
    }
    if let Some(field) = message.strip_prefix("missing field `") {
        let field = field.trim_end_matches('`');
        return (format!("missing required key `{field}`"), Some(format!("add `{field}: ...`")));
    }
    let (readable, help) = match message {
        "invalid i64" | "invalid u64" | "invalid u32" | "invalid i32" | "invalid u16" => {
            ("expected a whole number", Some("write digits only, e.g. 3"))
        }
        "invalid f64" => {
            ("expected a number", Some("write digits with an optional decimal point, e.g. 3.25"))
        }
        "invalid bool" => ("expected true or false", Some("write true or false, without quotes")),
        "expected string scalar" => {
            ("expected a text value", Some("put the value in quotes if it looks like another kind"))
        }
        "expected sequence start" => ("expected a list", Some("write a list as [a, b] or as `- item` lines")),
        "expected mapping start" => ("expected a mapping of `key: value` lines", None),
        "unexpected end of input" => ("the YAML is empty or ends too early", None),
        other => (other, None),
    };
    (readable.to_string(), help.map(str::to_string))
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

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    #[allow(dead_code)]
    enum Kind {
        Chapter,
        Theme,
        Paper,
    }

    #[test]
    fn an_unknown_value_gets_the_closest_and_the_valid_ones() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct WithKind {
            part: Kind,
        }
        let err = parse::<WithKind>(Path::new("f.md"), "part: chapterr\n", 1).unwrap_err();
        assert_eq!((err.line, err.message.as_str()), (2, "`chapterr` is not a valid value here"));
        assert_eq!(err.help.as_deref(), Some("did you mean `chapter`? valid values: chapter, theme, paper"));
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
