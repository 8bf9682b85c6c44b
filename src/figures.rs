//! Computed figures over any collection, declared dataset or indicator table. In Markdown an
//! inline code span starting with `=` is replaced by its value at every build:
//!
//! | expression | value |
//! |---|---|
//! | `=count C [field=value ...]` | the number of rows of C that pass the filters |
//! | `=sum C field [filters]`, `=mean`, `=min`, `=max` | a summary of a numeric field |
//! | `=share C filters` | the filtered rows as a rounded percentage of all rows of C |
//! | `=distinct C field [filters]` | how many different values the field takes |
//! | `=top C field [filters]` | the most frequent value (its label, or the record's title) |
//! | `=top-count C field [filters]` | how often that value occurs |
//! | `=latest C field [filters]` | the greatest value (the newest vintage), as a reader sees it |
//! | `=cell D column field=value ...` | the one row of D the filters pick: its `column` |
//!
//! A filter `field=value` keeps rows whose field (or an item of a list) is written `value`;
//! several values may be given as `field=a,b`, and `field=@latest` keeps the rows holding the
//! field's greatest value (the newest vintage). An unknown name, field or value is an error.

use crate::datasets::declared::{exists, filtered};
use crate::datasets::frame::Frame;
use crate::locale::Locale;
use crate::model::Data;
use crate::records::{self, Value};
use crate::schema::FieldType;

/// What an expression asks for, for help texts.
const FUNCTIONS: &str = "count, sum, mean, min, max, share, distinct, top, top-count, latest, cell";

/// Evaluates an expression (without its leading `=`) into the text a reader sees: numbers with
/// the separators of `locale`'s language (years as they are), dates and booleans in its words.
pub fn evaluate(data: &Data, expr: &str, locale: &Locale) -> Result<String, String> {
    let language = locale.language;
    let mut words = expr.split_whitespace();
    let (Some(function), Some(subject)) = (words.next(), words.next()) else {
        return Err(format!("incomplete expression `={expr}`: write e.g. `=count NAME`"));
    };
    // folio's own collections: the indicator tables and the bibliography.
    match (function, subject, words.clone().next()) {
        ("count", "tables", None) => return Ok(language.integer(data.tables.len() as i64)),
        ("count", "references", None) => return Ok(language.integer(data.references.len() as i64)),
        _ => {}
    }
    if !exists(data, &data.declared, subject) {
        return Err(unknown_subject(data, subject));
    }
    let rest: Vec<&str> = words.collect();
    let takes_field = !matches!(function, "count" | "share");
    let (field, filters) = match (takes_field, rest.split_first()) {
        (true, Some((field, filters))) if !field.contains('=') => (Some(*field), filters),
        (true, _) => {
            return Err(format!("`={function} {subject}` needs a field: `={function} {subject} FIELD`"));
        }
        (false, _) => (None, rest.as_slice()),
    };
    let (frame, total) =
        filtered(data, &data.declared, subject, filters).ok_or_else(|| unknown_subject(data, subject))??;
    let column = field.map(|f| frame.column(f)).transpose()?;
    match (function, column) {
        ("count", _) => Ok(language.integer(frame.rows.len() as i64)),
        ("share", _) => {
            let share = format!("{:.0}", frame.rows.len() as f64 * 100.0 / total.max(1) as f64);
            Ok(language.percent(&language.number(&share)))
        }
        (_, None) => Err(format!("unknown function `{function}`: use {FUNCTIONS}")),
        ("sum" | "mean" | "min" | "max", Some(c)) => {
            let years = frame.columns[c].field.as_ref().is_some_and(|f| f.kind == FieldType::Year);
            summary(&frame, function, c).map(|v| if years { v } else { language.number(&v) })
        }
        ("distinct", Some(c)) => Ok(language.integer(tally(&frame, c).len() as i64)),
        ("latest", Some(c)) => Ok(frame
            .latest(c)
            .map_or_else(|| "none".to_string(), |v| show(data, &frame, c, &Value::Text(v), locale))),
        ("top", Some(c)) => {
            Ok(top(data, &frame, c, locale).map_or_else(|| "none".to_string(), |(value, _)| value))
        }
        ("top-count", Some(c)) => {
            Ok(language.integer(top(data, &frame, c, locale).map_or(0, |(_, n)| n) as i64))
        }
        ("cell", Some(c)) => match frame.rows.as_slice() {
            [row] => Ok(show(data, &frame, c, &row[c], locale)),
            rows => Err(format!("`={expr}` picks {} rows; add filters until it picks one", rows.len())),
        },
        _ => Err(format!("unknown function `{function}`: use {FUNCTIONS}")),
    }
}

fn unknown_subject(data: &Data, subject: &str) -> String {
    let (hint, names) = crate::datasets::declared::known_names(data, &data.declared, subject);
    format!("unknown collection or dataset `{subject}`: {hint}names: {names}")
}

/// A value as a reader sees it: a label or a record's title where the column has a field,
/// numbers in the language's way (a year as it is).
fn show(data: &Data, frame: &Frame, column: usize, value: &Value, locale: &Locale) -> String {
    let field = frame.columns[column].field.as_ref();
    match (field, value) {
        (_, Value::Number(n)) => locale.language.number(&number(*n)),
        (Some(field), Value::Integer(i)) if field.kind == FieldType::Year => i.to_string(),
        (_, Value::Integer(i)) => locale.language.integer(*i),
        (Some(field), value) => records::display(&data.records, field, value, locale),
        (None, value) => value.raw_text(),
    }
}

/// A number with at most two decimals, trailing zeros removed.
fn number(n: f64) -> String {
    let text = format!("{n:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn summary(frame: &Frame, function: &str, column: usize) -> Result<String, String> {
    let values: Vec<&Value> = frame.rows.iter().flat_map(|r| r[column].items()).collect();
    if let Some(bad) = values.iter().find(|v| v.as_number().is_none()) {
        return Err(format!("`{}` is not a number: `={function}` needs a numeric field", bad.raw_text()));
    }
    if values.is_empty() {
        return Ok("none".to_string());
    }
    let integers: Option<Vec<i64>> =
        values.iter().map(|v| if let Value::Integer(i) = v { Some(*i) } else { None }).collect();
    let floats: Vec<f64> = values.iter().filter_map(|v| v.as_number()).collect();
    Ok(match (function, integers) {
        ("sum", Some(ints)) => ints
            .iter()
            .try_fold(0i64, |a, b| a.checked_add(*b))
            .ok_or("the sum is beyond the range of whole numbers")?
            .to_string(),
        ("min", Some(ints)) => ints.iter().min().map(i64::to_string).unwrap_or_default(),
        ("max", Some(ints)) => ints.iter().max().map(i64::to_string).unwrap_or_default(),
        ("sum", None) => number(floats.iter().sum()),
        ("min", None) => number(floats.iter().copied().fold(f64::INFINITY, f64::min)),
        ("max", None) => number(floats.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
        _ => number(floats.iter().sum::<f64>() / floats.len() as f64),
    })
}

/// Each distinct value of a column (list items counted one by one) with its count.
fn tally(frame: &Frame, column: usize) -> Vec<(&Value, usize)> {
    // Keyed by the value as written (text borrowed, not copied: a collection has many rows).
    let mut counts: crate::fasthash::FastMap<std::borrow::Cow<str>, (&Value, usize)> = Default::default();
    for value in frame.rows.iter().flat_map(|r| r[column].items()) {
        let key = match value {
            Value::Text(t) => std::borrow::Cow::Borrowed(t.as_str()),
            other => std::borrow::Cow::Owned(other.raw_text()),
        };
        counts.entry(key).or_insert((value, 0)).1 += 1;
    }
    counts.into_values().collect()
}

/// The most frequent value, as shown to a reader (ties: alphabetical), with its count.
fn top(data: &Data, frame: &Frame, column: usize, locale: &Locale) -> Option<(String, usize)> {
    tally(frame, column)
        .into_iter()
        .map(|(value, n)| (show(data, frame, column, value, locale), n))
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
}
