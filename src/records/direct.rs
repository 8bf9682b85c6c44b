//! Record files read straight from the YAML parser's events into a [`Node`] tree. serde-saphyr's
//! deserializer, which [`node`](super::node) goes through, costs as much again as the parsing
//! itself; a site of 40,000 record files spends a fifth of its build there.
//!
//! Only the plain documents records are written as are read here: mappings, lists and scalars,
//! without anchors, aliases, tags, merge keys or keys that are not plain words. Anything else (and
//! every error, duplicate key and budget breach) gives `None`, and the caller asks serde-saphyr,
//! so that a value's type, a position and a message never depend on which reader ran. The tests
//! hold the two readers equal.

use std::borrow::Cow;

use serde_saphyr::granit_parser::{Event, Options, Parser, ScalarStyle, Span, StrInput};

use super::node::{At, Node};

/// Limits well inside serde-saphyr's default budget (depth 64, 250,000 nodes, a million events,
/// 64 MiB of scalars and of comments, which a text of 32 MiB cannot reach): a document beyond
/// them is left to serde-saphyr, which reports the breach.
const MAX_DEPTH: usize = 48;
const MAX_NODES: usize = 200_000;
const MAX_TEXT_BYTES: usize = 32 << 20;

/// The document of `text`, when it is plain (see the module documentation). A file written one
/// entry per line is read by [`lines`](super::lines), without the parser.
pub fn read(text: &str) -> Option<At<Node>> {
    if text.len() > MAX_TEXT_BYTES {
        return None;
    }
    if let Some(root) = super::lines::read(text) {
        return Some(root);
    }
    let mut reader = Reader { parser: Parser::new_from_str_with_options(text, options()), nodes: 0 };
    let Event::StreamStart = reader.next()?.0 else { return None };
    let Event::DocumentStart(_, None) = reader.next()?.0 else { return None };
    let (first, span) = reader.next()?;
    let root = reader.node(first, span, 0)?;
    let Event::DocumentEnd = reader.next()?.0 else { return None };
    let Event::StreamEnd = reader.next()?.0 else { return None };
    Some(root)
}

/// The parser's options as serde-saphyr sets them from its default budget, so that the same
/// text parses, or fails, alike.
fn options() -> Options {
    let mut options = Options::default();
    options.max_buffered_comment_events = 32;
    options
}

struct Reader<'t> {
    parser: Parser<'t, StrInput<'t>>,
    nodes: usize,
}

impl<'t> Reader<'t> {
    /// The next event but comments; `None` at an error.
    fn next(&mut self) -> Option<(Event<'t>, Span)> {
        loop {
            match self.parser.next_event()? {
                Ok((Event::Comment(..), _)) => continue,
                Ok(event) => return Some(event),
                Err(_) => return None,
            }
        }
    }

    /// The node that `event` starts, at nesting `depth`.
    fn node(&mut self, event: Event<'t>, span: Span, depth: usize) -> Option<At<Node>> {
        self.nodes += 1;
        if self.nodes > MAX_NODES || depth > MAX_DEPTH {
            return None;
        }
        let node = match event {
            Event::Scalar(text, style, 0, None) => scalar(text, style)?,
            Event::SequenceStart(_, 0, None) => {
                let mut items = Vec::new();
                loop {
                    match self.next()? {
                        (Event::SequenceEnd, _) => break,
                        (event, span) => items.push(self.node(event, span, depth + 1)?),
                    }
                }
                Node::List(items)
            }
            Event::MappingStart(_, 0, None) => Node::Map(self.entries(depth)?),
            _ => return None,
        };
        Some(at(node, &span))
    }

    /// The entries of a mapping, up to its end.
    fn entries(&mut self, depth: usize) -> Option<Vec<(At<String>, At<Node>)>> {
        let mut entries: Vec<(At<String>, At<Node>)> = Vec::new();
        loop {
            let (key, key_span) = match self.next()? {
                (Event::MappingEnd, _) => break,
                (Event::Scalar(key, _, 0, None), span) if is_word(&key) => (key, span),
                _ => return None,
            };
            self.nodes += 1;
            let (event, span) = self.next()?;
            let value = self.node(event, span, depth + 1)?;
            entries.push((at(key.into_owned(), &key_span), value));
        }
        distinct_keys(&entries).then_some(entries)
    }
}

/// A position as serde-saphyr gives it: the line, and the column counted from 1.
fn at<T>(value: T, span: &Span) -> At<T> {
    At::new(value, span.start.line(), span.start.col() + 1)
}

/// The value of a scalar, typed as serde-saphyr types it: quoted and block scalars are text; a
/// plain one is null, a whole number, a decimal or text when its spelling leaves no doubt, and
/// otherwise typed by serde-saphyr itself.
pub(super) fn scalar(text: Cow<str>, style: ScalarStyle) -> Option<Node> {
    if style != ScalarStyle::Plain {
        return Some(Node::Str(text.into_owned()));
    }
    if matches!(&*text, "" | "~" | "null" | "Null" | "NULL") {
        return Some(Node::Null);
    }
    if is_word(&text) {
        return Some(Node::Str(text.into_owned()));
    }
    if let Some(n) = whole_number(&text) {
        return Some(Node::Int(n));
    }
    if is_decimal(&text) {
        return text.parse().ok().map(Node::Float);
    }
    typed_alone(&text)
}

/// Whether a scalar is text whatever its style: it starts with a letter (not a digit, a sign, a
/// dot or another mark) and is none of the words YAML reads as true, false or null.
pub(super) fn is_word(text: &str) -> bool {
    let Some(&first) = text.as_bytes().first() else { return false };
    if !first.is_ascii_alphabetic() && first.is_ascii() {
        return false;
    }
    const TYPED: [&str; 12] =
        ["y", "n", "yes", "no", "true", "false", "on", "off", "null", "inf", "infinity", "nan"];
    text.len() > 8 || !TYPED.iter().any(|word| text.eq_ignore_ascii_case(word))
}

/// A decimal whole number without sign flourishes or leading zeros, short enough for `i64`.
fn whole_number(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let plain = (1..=18).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && text != "-0";
    plain.then(|| text.parse().ok()).flatten()
}

/// `-?(0|[1-9][0-9]*)\.[0-9]+`: a finite decimal, which every correct parser rounds alike.
fn is_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let Some((whole, fraction)) = unsigned.split_once('.') else { return false };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction) && (whole == "0" || !whole.starts_with('0'))
}

/// A plain scalar of any other spelling (`+3`, `0x1F`, `1e3`, `.inf`, `2016-12`, `~x`), typed by
/// serde-saphyr as the single item of a list; `None` when that reads as anything but a scalar.
fn typed_alone(text: &str) -> Option<Node> {
    let list: Vec<Node> = serde_saphyr::from_str(&format!("- {text}\n")).ok()?;
    match <[Node; 1]>::try_from(list) {
        Ok([node]) if !matches!(node, Node::List(_) | Node::Map(_)) => Some(node),
        _ => None,
    }
}

/// Whether no two keys of a mapping are the same (serde-saphyr reports a duplicate).
pub(super) fn distinct_keys(entries: &[(At<String>, At<Node>)]) -> bool {
    if entries.len() <= 16 {
        return entries
            .iter()
            .enumerate()
            .all(|(i, (a, _))| entries[..i].iter().all(|(b, _)| a.value != b.value));
    }
    let mut keys: Vec<&str> = entries.iter().map(|(key, _)| key.value.as_str()).collect();
    keys.sort_unstable();
    keys.windows(2).all(|pair| pair[0] != pair[1])
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_saphyr::Spanned;

    use super::*;

    /// serde-saphyr's reading of `text`, or `None` where it fails.
    fn slow(text: &str) -> Option<At<Node>> {
        serde_saphyr::from_str::<Spanned<Node>>(text).ok().map(At::from)
    }

    /// The property: where the direct reader answers, serde-saphyr answers the same.
    fn agrees(text: &str) -> Result<(), TestCaseError> {
        if let Some(direct) = read(text) {
            prop_assert_eq!(Some(direct), slow(text), "{:?}", text);
        }
        Ok(())
    }

    #[test]
    fn plain_records_are_read_here_as_serde_saphyr_reads_them() {
        let documents = [
            "id: station-0\nname: Station 0\nopened: 2001\nshare: 0.25\nloss: -3\nnote:\nactive: yes\n",
            "- station: a\n  sensor: b\n  snapshot: \"2016-12\"\n- {station: c, sensor: 'd', year: 2015}\n",
            "# a comment\n---\nlist: [1, -2.5, x, \"y\", ~, null, True, 0x1F, +3, 1e3, 007, 2016-12]\n",
            "[{\"id\": \"a\", \"note\": null, \"v\": [1.5, 2]}]",
            "text: |\n  two\n  lines\nfolded: >\n  one\n  line\nplain: word\n  continued\n",
            "big: 9223372036854775808\nneg: -9223372036854775809\nzero: -0\nuni: Ünïcode\nkeys: {é: 1}\n",
        ];
        for text in documents {
            let direct = read(text);
            assert!(direct.is_some(), "not read directly: {text:?}");
            assert_eq!(direct, slow(text), "{text:?}");
        }
    }

    #[test]
    fn anything_but_a_plain_record_is_left_to_serde_saphyr() {
        let documents = [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "base: &b {x: 1}\nc:\n  <<: *b\n",
            "a: 1\na: 2\n",
            "2016: a\n",
            "true: a\n",
            "\"1\": a\n",
            "? [a]\n: b\n",
            "a: [1\n",
            "",
            "a: 1\n---\nb: 2\n",
            "%YAML 1.1\n---\na: 1\n",
            &format!("{}1{}", "[".repeat(60), "]".repeat(60)),
        ];
        for text in documents {
            assert_eq!(read(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_repositorys_yaml_and_json_files_read_alike() {
        fn visit(dir: &std::path::Path, direct: &mut usize) {
            for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
                let path = entry.path();
                if path.is_dir() {
                    visit(&path, direct);
                } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    if let Some(node) = read(&text) {
                        assert_eq!(Some(node), slow(&text), "{}", path.display());
                        *direct += 1;
                    }
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut direct = 0;
        visit(&root.join("content"), &mut direct);
        visit(&root.join("tests/fixtures"), &mut direct);
        assert!(direct > 50, "only {direct} files were read directly");
    }

    /// A scalar as written: spellings of every type, and of none.
    fn scalar() -> impl Strategy<Value = String> {
        let spellings = [
            "1",
            "-1",
            "0",
            "-0",
            "00",
            "007",
            "+3",
            "0x1F",
            "0X1F",
            "0o17",
            "0b101",
            "1_000",
            "1e3",
            "1E-3",
            "2.5",
            "-2.50",
            "0.5",
            ".5",
            "5.",
            "01.5",
            "1.2.3",
            ".inf",
            "-.inf",
            ".nan",
            "+.nan",
            "-.NaN",
            "inf",
            "NaN",
            "Infinity",
            "true",
            "True",
            "tRuE",
            "yes",
            "Y",
            "n",
            "on",
            "OFF",
            "null",
            "Null",
            "nULL",
            "~",
            "",
            "2016-12",
            "2016-12-01",
            "12:30",
            "1:20:30",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "123456789012345678",
            "1234567890123456789",
            "1e999",
            "word",
            "two words",
            "Ünïcode",
            "é1",
            "a#b",
            "x:y",
            "-",
            "---",
            "?",
            "%x",
            "@x",
            "'single'",
            "\"dou\\tble\"",
            "\"\"",
            "''",
            "&a 1",
            "*a",
            "!!int 3",
            "!x y",
            "<<",
            "|\n  b\n",
            ">-\n  f\n",
        ];
        prop::sample::select(spellings.to_vec()).prop_map(str::to_string)
    }

    /// A document as written, in block or flow style, with comments here and there.
    fn document() -> impl Strategy<Value = String> {
        #[derive(Debug, Clone)]
        enum Tree {
            Scalar(String),
            List(Vec<Tree>, bool),
            Map(Vec<(String, Tree)>, bool),
        }
        fn key() -> impl Strategy<Value = String> {
            prop_oneof![
                4 => prop::sample::select(vec!["a", "b", "id", "name", "é"]).prop_map(str::to_string),
                1 => scalar(),
            ]
        }
        fn write(tree: &Tree, indent: usize, out: &mut String) {
            let pad = " ".repeat(indent);
            match tree {
                Tree::Scalar(s) => out.push_str(s),
                Tree::List(items, true) | Tree::List(items, false) if items.is_empty() => out.push_str("[]"),
                Tree::Map(entries, _) if entries.is_empty() => out.push_str("{}"),
                Tree::List(items, true) => {
                    out.push('[');
                    for (i, item) in items.iter().enumerate() {
                        out.push_str(if i == 0 { "" } else { ", " });
                        write(item, indent, out);
                    }
                    out.push(']');
                }
                Tree::Map(entries, true) => {
                    out.push('{');
                    for (i, (k, v)) in entries.iter().enumerate() {
                        out.push_str(if i == 0 { "" } else { ", " });
                        out.push_str(k);
                        out.push_str(": ");
                        write(v, indent, out);
                    }
                    out.push('}');
                }
                Tree::List(items, false) => {
                    for item in items {
                        out.push_str(&format!("\n{pad}- "));
                        write(item, indent + 2, out);
                    }
                }
                Tree::Map(entries, false) => {
                    for (i, (k, v)) in entries.iter().enumerate() {
                        out.push_str(&format!("\n{pad}{k}:{}", if i % 3 == 2 { " # note" } else { "" }));
                        if !matches!(v, Tree::List(_, false) | Tree::Map(_, false)) {
                            out.push(' ');
                        }
                        write(v, indent + 2, out);
                    }
                }
            }
        }
        let leaf = scalar().prop_map(Tree::Scalar);
        let tree = leaf.prop_recursive(4, 40, 5, |inner| {
            prop_oneof![
                (prop::collection::vec(inner.clone(), 0..5), any::<bool>())
                    .prop_map(|(i, f)| Tree::List(i, f)),
                (prop::collection::vec((key(), inner), 0..5), any::<bool>())
                    .prop_map(|(e, f)| Tree::Map(e, f)),
            ]
        });
        (tree, any::<bool>()).prop_map(|(tree, marker)| {
            let mut out = String::from(if marker { "# head\n---" } else { "" });
            write(&tree, 0, &mut out);
            out.push('\n');
            out
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn the_direct_reader_agrees_with_serde_saphyr(text in document()) {
            agrees(&text)?;
        }
    }
}
