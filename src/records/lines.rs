//! Record files written one entry per line, read without a YAML parser: a mapping of
//! `key: value` lines, or a list of such mappings (`- key: value`, then `  key: value`). Most
//! data files a script writes look so, and the YAML parser spends a thousand instructions and
//! more on each of their events: on 40,000 record files, most of the load.
//!
//! Only that shape is read here, and only with values that cannot mean two things: a flow
//! list of plain words (`[a, b]`), a quoted string without escapes, or a plain scalar of letters,
//! digits, spaces and a few marks. Anything else (a comment, a blank line, a nested block,
//! a tab, a `:` or `#` in a value, a trailing space ...) gives `None`, and
//! [`direct`](super::direct) reads the file with the parser. Plain scalars are typed by
//! `direct`'s own rule, so a value's type never depends on which reader ran; the tests hold
//! both readers to serde-saphyr.

use super::direct::{distinct_keys, is_word, scalar};
use super::node::{At, Entry, Node};
use serde_saphyr::granit_parser::ScalarStyle;
use std::borrow::Cow;

/// More entries than a record file holds is left to the parser, which counts its budget.
const MAX_NODES: usize = 100_000;

/// The document of `text`, when it has the one-entry-per-line shape (see the module doc).
pub fn read(text: &str) -> Option<At<Node>> {
    if text.is_empty() || memchr::memchr3(b'\t', b'\r', b'#', text.as_bytes()).is_some() {
        return None;
    }
    let mut nodes = 0;
    let root = if text.starts_with("- ") { list(text, &mut nodes)? } else { mapping(text, &mut nodes)? };
    (nodes <= MAX_NODES).then_some(At::new(root, 1, 1))
}

/// `key: value` lines from the first column.
fn mapping(text: &str, nodes: &mut usize) -> Option<Node> {
    let entries = numbered(text).map(|(n, line)| entry(line, n, 1, nodes)).collect::<Option<Vec<_>>>()?;
    distinct_keys(&entries).then_some(Node::Map(entries))
}

/// Mappings, each begun by `- key: value` and continued by `  key: value` lines; each mapping
/// is where its first key is.
fn list(text: &str, nodes: &mut usize) -> Option<Node> {
    let mut items: Vec<(usize, Vec<Entry>)> = Vec::new();
    for (n, line) in numbered(text) {
        match line.strip_prefix("- ") {
            Some(first) => items.push((n, vec![entry(first, n, 3, nodes)?])),
            None => items.last_mut()?.1.push(entry(line.strip_prefix("  ")?, n, 3, nodes)?),
        }
    }
    if !items.iter().all(|(_, entries)| distinct_keys(entries)) {
        return None;
    }
    Some(Node::List(items.into_iter().map(|(n, entries)| At::new(Node::Map(entries), n, 3)).collect()))
}

/// The lines of `text` with their numbers from 1; the text ends with its last line's newline.
fn numbered(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.strip_suffix('\n').unwrap_or(text).split('\n').enumerate().map(|(i, line)| (i + 1, line))
}

/// `key: value`, written at column `col` of line `line`.
fn entry(text: &str, line: usize, col: usize, nodes: &mut usize) -> Option<Entry> {
    // The first `: `, found by bytes (a text pattern sets up a searcher for each line).
    let colon = memchr::memmem::find(text.as_bytes(), b": ")?;
    let (key, value) = (&text[..colon], &text[colon + 2..]);
    let plain_key = key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !plain_key || !key.as_bytes().first()?.is_ascii_alphabetic() || !is_word(key) {
        return None;
    }
    let value_col = col + key.len() + 2;
    *nodes += 2;
    let value = match value.strip_prefix('[') {
        Some(items) => flow_list(items.strip_suffix(']')?, line, value_col + 1, nodes)?,
        None => one_value(value)?,
    };
    Some((At::new(key.to_string(), line, col), At::new(value, line, value_col)))
}

/// The items of a flow list (`a, b, c`, between the brackets), its first at column `col`.
fn flow_list(items: &str, line: usize, col: usize, nodes: &mut usize) -> Option<Node> {
    if items.is_empty() {
        return Some(Node::List(Vec::new()));
    }
    let mut list = Vec::new();
    let mut at = col;
    for item in items.split(", ") {
        if item.contains(',') || item.starts_with(['"', '\'']) {
            return None;
        }
        *nodes += 1;
        list.push(At::new(plain(item)?, line, at));
        at += item.chars().count() + 2;
    }
    Some(Node::List(list))
}

/// A value that is not a list: a quoted string without escapes, or a plain scalar.
fn one_value(value: &str) -> Option<Node> {
    let quoted = |quote: char| {
        let inner = value.strip_prefix(quote)?.strip_suffix(quote)?;
        let printable =
            inner.chars().all(|c| (c.is_ascii_graphic() || c == ' ' || c.is_alphabetic()) && c != quote);
        (printable && !inner.contains('\\')).then(|| Node::Str(inner.to_string()))
    };
    match value.as_bytes().first()? {
        b'"' => quoted('"'),
        b'\'' => quoted('\''),
        _ => plain(value),
    }
}

/// A plain scalar of letters, digits, inner spaces and `_ . , / ( ) + - ' &`, starting with a
/// letter or a digit (or `-` and a digit), typed by `direct`'s rule.
fn plain(text: &str) -> Option<Node> {
    let first = match text.strip_prefix('-') {
        Some(rest) => rest.chars().next().filter(char::is_ascii_digit)?,
        None => text.chars().next()?,
    };
    // One pass over the bytes; a text beyond ASCII has its characters checked as letters.
    let (mut last, mut wide) = (b' ', false);
    let allowed = text.bytes().all(|b| {
        wide |= b >= 0x80;
        let ok = b.is_ascii_alphanumeric()
            || b >= 0x80
            || matches!(b, b'_' | b'.' | b',' | b'/' | b'(' | b')' | b'+' | b'-' | b'\'' | b'&')
            || (b == b' ' && last != b' ');
        last = b;
        ok
    });
    let shaped = first.is_alphanumeric() && last != b' ' && allowed;
    if !shaped || wide && !text.chars().all(|c| c.is_ascii() || c.is_alphabetic()) {
        return None;
    }
    scalar(Cow::Borrowed(text), ScalarStyle::Plain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_saphyr::Spanned;

    fn slow(text: &str) -> Option<At<Node>> {
        serde_saphyr::from_str::<Spanned<Node>>(text).ok().map(At::from)
    }

    #[test]
    fn records_written_one_entry_per_line_are_read_as_serde_saphyr_reads_them() {
        let documents = [
            "id: firm-1\nname: Firm 1\nkind: start-up\nplatforms: [Platform 1, Other one]\nsources: [author12016]\n",
            "- firm: firm-1\n  partner: company-478\n  kind: licensing\n  snapshot: \"2016-12\"\n- firm: firm-2\n  partner: c\n  snapshot: '2015-12'\n",
            "id: x\nfounded: 1999\nshare: 0.25\nloss: -3\nempty: []\nwhen: 2016-12\nflag: yes\nnone: null\nname: Ünïcode Gmbh\n",
            "id: x\nname: Johnson & Johnson (US), Inc.\nurl: \"https://example.org/a?b=1&c=2\"\nq: 'it is'\ncount: 12\n",
            "a: b",
        ];
        for text in documents {
            let lines = read(text);
            assert!(lines.is_some(), "not read by lines: {text:?}");
            assert_eq!(lines, slow(text), "{text:?}");
        }
    }

    #[test]
    fn any_other_shape_is_left_to_the_parser() {
        let documents = [
            "# comment\nid: x\n",
            "id: x\n\nname: y\n",
            "id: x\nname: a: b\n",
            "id: x\nnested:\n  a: 1\n",
            "id: x\nlist:\n- a\n",
            "id: x\nid: y\n",
            "- a: 1\n  a: 2\n",
            "id: x \n",
            "id: x\tb\n",
            "id: \"a\\nb\"\n",
            "id: [a, [b]]\n",
            "id: {a: 1}\n",
            "id: &a x\n",
            "id: *a\n",
            "id: !x y\n",
            "yes: 1\n",
            "2016: a\n",
            "id: x\r\n",
            "---\nid: x\n",
            "- a\n- b\n",
            "id: 'it''s'\n",
            "id: a  b\n",
            "",
        ];
        for text in documents {
            assert_eq!(read(text), None, "{text:?}");
        }
    }

    /// A value as a script might write it: words, numbers, dates, quoted text and lists.
    fn value() -> impl Strategy<Value = String> {
        let word = prop::sample::select(vec![
            "a",
            "Firm 1",
            "start-up",
            "2016-12",
            "2016-12-01",
            "1999",
            "-3",
            "0.25",
            "007",
            "1e3",
            "+3",
            "0x1F",
            "yes",
            "No",
            "null",
            "~",
            "true",
            "é",
            "Ünïcode",
            "x.y",
            "a/b",
            "A (B), C",
            "O'Neil",
            "J & J",
            "1_000",
            ".inf",
            "-",
            "1.2.3",
            "Town 1 - north",
        ]);
        prop_oneof![
            4 => word.clone().prop_map(str::to_string),
            1 => word.clone().prop_map(|w| format!("\"{w}\"")),
            1 => word.clone().prop_map(|w| format!("'{w}'")),
            2 => prop::collection::vec(word, 0..4).prop_map(|items| format!("[{}]", items.join(", "))),
        ]
    }

    fn record(indent: bool) -> impl Strategy<Value = String> {
        let key =
            prop::sample::select(vec!["id", "name", "kind", "y", "partner", "snapshot", "on_off", "a-b"]);
        prop::collection::vec((key, value()), 1..6).prop_map(move |entries| {
            let mut out = String::new();
            for (i, (key, value)) in entries.iter().enumerate() {
                let lead = match (indent, i) {
                    (false, _) => "",
                    (true, 0) => "- ",
                    (true, _) => "  ",
                };
                out.push_str(&format!("{lead}{key}: {value}\n"));
            }
            out
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn where_the_line_reader_answers_serde_saphyr_answers_the_same(
            text in prop_oneof![record(false), prop::collection::vec(record(true), 1..4).prop_map(|r| r.concat())]
        ) {
            if let Some(lines) = read(&text) {
                prop_assert_eq!(Some(lines), slow(&text), "{:?}", text);
            }
        }
    }
}
