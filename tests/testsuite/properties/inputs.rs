//! Generators of hostile input: Markdown documents built from every construct folio reads
//! (headings, links, images, citations, computed values, raw HTML, chart and table blocks),
//! chapter files with random front matter, and then mutated: hostile text inserted at random
//! places, spans deleted or repeated.

use proptest::prelude::*;
use proptest::sample::select;

/// Text that tries to break out of where it is put.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "<xss>",
    "</p><xss a=\"",
    "\"><xss>",
    "'><xss>",
    "<!--",
    "-->",
    "<![CDATA[<xss>]]>",
    "&lt;xss&gt;",
    "&#60;xss&#62;",
    "javascript:alert(1)",
    "JaVa\tScRiPt:alert(1)",
    "data:text/html,<xss>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "{{ config }}",
    "{% raw %}",
    "`",
    "```",
    "\u{0}",
    "\u{feff}",
    "\r\n",
    "\t",
    "@",
    "[@",
    "]",
    "[^1]",
    "{#",
    "<",
    ">",
    "&",
    "\"",
    "'",
    "é",
    "\u{202e}",
    "---\n",
];

pub fn hostile() -> impl Strategy<Value = String> {
    select(HOSTILE).prop_map(str::to_string)
}

/// Short text: plain words, any characters, or hostile text.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 .,;:!?()'\"-]{0,12}",
        1 => ".{0,8}",
        2 => hostile(),
    ]
}

/// A URL: allowed ones, schemes in disguise, and anything.
pub fn url() -> impl Strategy<Value = String> {
    let scheme =
        select(&["javascript", "JaVaScRiPt", "data", "vbscript", "file", "http", "https", "mailto"][..]);
    let disguise = select(&["", " ", "  ", "\t", "&#9;", "&#x09;", "&Tab;", "%09", "\u{0}", "\n"][..]);
    let colon = select(&[":", "&#58;", "&#x3A;", "&colon;", "%3A"][..]);
    prop_oneof![
        select(
            &[
                "https://example.org/x?a=1&b=2",
                "mailto:a@b.be",
                "../../firms/alpha-bio/",
                "#alliances",
                "",
                "../../references/#segers2016"
            ][..]
        )
        .prop_map(str::to_string),
        (disguise.clone(), scheme, disguise, colon, text()).prop_map(|(lead, scheme, inner, colon, rest)| {
            let cut = scheme.len() / 2;
            format!("{lead}{}{inner}{}{colon}{rest}", &scheme[..cut], &scheme[cut..])
        }),
        "[a-zA-Z][a-zA-Z0-9+.-]{0,8}:[^ ()]{0,10}",
        text(),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        select(
            &[
                "segers2016",
                "michelino2015",
                "oecd2015",
                "hostile2020",
                "tbl-countries",
                "fig-x",
                "segers2061"
            ][..]
        )
        .prop_map(str::to_string),
        "[a-z0-9-]{0,12}",
    ]
}

/// Citations and near-citations.
pub fn citation() -> impl Strategy<Value = String> {
    prop_oneof![
        key().prop_map(|k| format!("[@{k}]")),
        (key(), text()).prop_map(|(k, l)| format!("[@{k}, {l}]")),
        (key(), key()).prop_map(|(a, b)| format!("[@{a}; @{b}]")),
        key().prop_map(|k| format!("@{k}")),
        (text(), key(), text()).prop_map(|(a, k, b)| format!("[{a} @{k} {b}]")),
        (key(), text()).prop_map(|(k, t)| format!("{t}@{k}")),
    ]
}

/// A text of citations, brackets, semicolons and hostile text.
pub fn citations_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![3 => citation(), 1 => text(), 1 => select(&["[", "]", ";", ",", "@", " ", "\n\n", "[@"][..]).prop_map(str::to_string)];
    prop::collection::vec(piece, 0..16).prop_map(|p| p.concat())
}

fn list(items: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    prop::collection::vec(items, 0..4).prop_map(|v| format!("[{}]", v.join(", ")))
}

const DATASETS: &[&str] =
    &["hostile", "biotech-firms", "partners-by-firms", "firms", "alliances", "nope", ""];
const COLUMNS: &[&str] =
    &["name", "amount", "count", "share", "huge", "kind", "country", "firms", "dedicated", "partner", "x"];

fn column() -> impl Strategy<Value = String> {
    prop_oneof![4 => select(COLUMNS).prop_map(str::to_string), 1 => text()]
}

/// YAML lines `key: value` in random order, some left out: a block body.
fn yaml_lines(lines: Vec<Option<String>>) -> String {
    lines.into_iter().flatten().map(|l| format!("{l}\n")).collect()
}

/// A ` ```chart ` block body: mostly a spec that fits its dataset (so that charts are drawn),
/// else any mix of keys.
pub fn chart_body() -> impl Strategy<Value = String> {
    prop_oneof![3 => fitting_chart(), 1 => any_chart()]
}

/// Optional lines that any block may carry, with hostile text.
fn decorations() -> impl Strategy<Value = String> {
    (
        prop::option::of(text().prop_map(|t| format!("caption: {}", quoted(&t)))),
        prop::option::of(prop_oneof![key(), text()].prop_map(|t| format!("label: {}", quoted(&t)))),
        prop::option::of(text().prop_map(|t| format!("unit: {}", quoted(&t)))),
        prop::option::of((0usize..8).prop_map(|n| format!("limit: {n}"))),
    )
        .prop_map(|(a, b, c, d)| yaml_lines(vec![a, b, c, d]))
}

/// A chart spec over real columns of a dataset of the hostile fixture.
fn fitting_chart() -> impl Strategy<Value = String> {
    let hostile = (
        select(&["name", "kind"][..]),
        select(&["amount", "count", "share", "huge"][..]),
        select(&["count", "share"][..]),
    )
        .prop_map(|(x, y, y2)| ("hostile", x, y, y2));
    let firms = Just(("biotech-firms", "country", "firms", "dedicated"));
    let kind = select(&["bar", "hbar", "dot", "grouped", "stacked"][..]);
    (prop_oneof![hostile, firms], kind, any::<bool>(), prop::option::of(any::<bool>()), decorations())
        .prop_map(|((data, x, y, y2), kind, two, sort, extra)| {
            let y =
                if two && !matches!(kind, "bar" | "hbar") { format!("[{y}, {y2}]") } else { y.to_string() };
            let sort =
                sort.map(|d| format!("sort: \"{}{x}\"\n", if d { "-" } else { "" })).unwrap_or_default();
            format!("kind: {kind}\ndata: {data}\nx: {x}\ny: {y}\n{sort}{extra}")
        })
}

/// YAML single-quoted text (a quote doubled).
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A chart block body of any keys, most of them in the wrong place.
fn any_chart() -> impl Strategy<Value = String> {
    let kind = select(&["bar", "hbar", "grouped", "stacked", "dot", "pipeline", "network", "pie"][..]);
    let sort = (any::<bool>(), column()).prop_map(|(d, c)| format!("{}{c}", if d { "-" } else { "" }));
    let limit = prop_oneof![(0usize..30).prop_map(|n| n.to_string()), text()];
    (
        (
            prop::option::of(kind.prop_map(|k| format!("kind: {k}"))),
            prop::option::of(select(DATASETS).prop_map(|d| format!("data: {d}"))),
            prop::option::of(column().prop_map(|c| format!("x: {c:?}"))),
            prop::option::of(prop_oneof![
                column().prop_map(|c| format!("y: {c:?}")),
                list(column()).prop_map(|l| format!("y: {l}"))
            ]),
            prop::option::of(column().prop_map(|c| format!("series: {c:?}"))),
            prop::option::of((column(), text()).prop_map(|(c, v)| format!("filter: {{{c:?}: {v:?}}}"))),
            prop::option::of(select(&["sum", "count", "mean"][..]).prop_map(|a| format!("aggregate: {a}"))),
        ),
        (
            prop::option::of(list(column()).prop_map(|l| format!("stages: {l}"))),
            prop::option::of(column().prop_map(|c| format!("tag: {c:?}"))),
            prop::option::of(column().prop_map(|c| format!("to: {c:?}"))),
            prop::option::of(any::<bool>().prop_map(|h| format!("horizontal: {h}"))),
            prop::option::of(sort.prop_map(|s| format!("sort: {s:?}"))),
            prop::option::of(limit.prop_map(|l| format!("limit: {l:?}"))),
            prop::option::of(text().prop_map(|t| format!("caption: {t:?}"))),
            prop::option::of(prop_oneof![key(), text()].prop_map(|t| format!("label: {t:?}"))),
            prop::option::of(text().prop_map(|t| format!("unit: {t:?}"))),
            prop::option::of(text().prop_map(|t| format!("title: {t:?}"))),
        ),
    )
        .prop_map(|(a, b)| {
            let lines =
                vec![a.0, a.1, a.2, a.3, a.4, a.5, a.6, b.0, b.1, b.2, b.3, b.4, b.5, b.6, b.7, b.8, b.9];
            yaml_lines(lines)
        })
}

/// A ` ```table ` block body: mostly one over real columns, else any keys.
pub fn table_body() -> impl Strategy<Value = String> {
    let fitting = (
        select(&["hostile", "biotech-firms"][..]),
        prop::collection::vec(any::<prop::sample::Index>(), 0..4),
        prop::option::of((any::<bool>(), any::<prop::sample::Index>())),
        decorations(),
    )
        .prop_map(|(data, picked, sort, extra)| {
            let columns = columns_of(data);
            let chosen: Vec<&str> = picked.iter().map(|i| *i.get(columns)).collect();
            let list =
                if chosen.is_empty() { String::new() } else { format!("columns: [{}]\n", chosen.join(", ")) };
            let sort = sort
                .map(|(d, i)| format!("sort: \"{}{}\"\n", if d { "-" } else { "" }, i.get(columns)))
                .unwrap_or_default();
            format!("data: {data}\n{list}{sort}{extra}")
        });
    prop_oneof![3 => fitting, 1 => any_table()]
}

fn columns_of(data: &str) -> &'static [&'static str] {
    if data == "hostile" {
        &["name", "amount", "count", "share", "huge", "kind"]
    } else {
        &["country", "firms", "dedicated"]
    }
}

/// A table block body of any keys.
fn any_table() -> impl Strategy<Value = String> {
    (
        prop::option::of(select(DATASETS).prop_map(|d| format!("data: {d}"))),
        prop::option::of(list(column()).prop_map(|l| format!("columns: {l}"))),
        prop::option::of(
            (any::<bool>(), column()).prop_map(|(d, c)| format!("sort: \"{}{c}\"", if d { "-" } else { "" })),
        ),
        prop::option::of(
            prop_oneof![(0usize..30).prop_map(|n| n.to_string()), text()]
                .prop_map(|l| format!("limit: {l:?}")),
        ),
        prop::option::of(text().prop_map(|t| format!("caption: {t:?}"))),
        prop::option::of(prop_oneof![key(), text()].prop_map(|t| format!("label: {t:?}"))),
        prop::option::of(text().prop_map(|t| format!("extra: {t:?}"))),
    )
        .prop_map(|(a, b, c, d, e, f, g)| yaml_lines(vec![a, b, c, d, e, f, g]))
}

/// One Markdown construct.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => text(),
        2 => (select(&["#", "##", "###", "####"][..]), text()).prop_map(|(h, t)| format!("{h} {t}")),
        1 => (text(), text()).prop_map(|(t, id)| format!("## {t} {{#{id}}}")),
        2 => (text(), url()).prop_map(|(t, u)| format!("[{t}]({u})")),
        1 => (text(), url()).prop_map(|(t, u)| format!("[{t}](<{u}>)")),
        1 => (text(), url()).prop_map(|(t, u)| format!("![{t}]({u})")),
        1 => url().prop_map(|u| format!("<{u}>")),
        1 => (text(), url()).prop_map(|(t, u)| format!("[{t}][r]\n\n[r]: {u}")),
        2 => citation(),
        1 => select(&["count firms", "count alliances snapshot=2016-12", "top partner", "share firms region=flanders", "", "nope"][..])
            .prop_map(|e| format!("`={e}`")),
        2 => hostile(),
        1 => chart_body().prop_map(|b| format!("```chart\n{b}```")),
        1 => table_body().prop_map(|b| format!("```table\n{b}```")),
        1 => (text(), text()).prop_map(|(a, b)| format!("| {a} | {b} |\n|---|---|\n| {b} | {a} |")),
        1 => text().prop_map(|t| format!("- {t}\n- [^1]\n\n[^1]: {t}")),
        1 => (text(), text()).prop_map(|(lang, body)| format!("```{lang}\n{body}\n```")),
        1 => text().prop_map(|t| format!("*{t}* **{t}** ~~{t}~~ `{t}`")),
    ]
}

/// How a generated text is changed after it is put together.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, String),
    Delete(usize, usize),
    Repeat(usize, usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        3 => (any::<usize>(), hostile()).prop_map(|(at, t)| Edit::Insert(at, t)),
        1 => (any::<usize>(), 1usize..24).prop_map(|(at, n)| Edit::Delete(at, n)),
        1 => (any::<usize>(), 1usize..24).prop_map(|(at, n)| Edit::Repeat(at, n)),
    ];
    prop::collection::vec(edit, 0..4)
}

/// The char boundary at or before `at % (len + 1)`.
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(mut text: String, edits: Vec<Edit>) -> String {
    for edit in edits {
        match edit {
            Edit::Insert(at, t) => text.insert_str(boundary(&text, at), &t),
            Edit::Delete(at, n) | Edit::Repeat(at, n) if !text.is_empty() => {
                let start = boundary(&text, at);
                let end = boundary(&text, (start + n).min(text.len()));
                let span = text[start..end].to_string();
                match edit {
                    Edit::Delete(..) => text.replace_range(start..end, ""),
                    _ => text.insert_str(end, &span),
                }
            }
            _ => {}
        }
    }
    text
}

/// A Markdown document of random constructs, mutated.
pub fn document() -> impl Strategy<Value = String> {
    let joined = prop::collection::vec((fragment(), select(&["\n", "\n\n", " "][..])), 0..12)
        .prop_map(|parts| parts.into_iter().map(|(f, sep)| f + sep).collect::<String>());
    (joined, edits()).prop_map(|(text, edits)| apply(text, edits))
}

/// A document that should build: escaped hostile text, headings, safe links, fitting blocks.
fn plain_document() -> impl Strategy<Value = String> {
    let safe = select(HOSTILE)
        .prop_filter("no citations, labels or rules", |t| !t.contains(['@', '{', '-', '[', ']']));
    let fragment = prop_oneof![
        3 => "[a-zA-Z0-9 .,;:!?()'\"]{0,12}",
        2 => safe.prop_map(str::to_string),
        1 => (select(&["##", "###"][..]), "[a-zA-Z ]{1,12}").prop_map(|(h, t)| format!("{h} {t}")),
        1 => (text(), select(&["https://example.org/", "mailto:a@b.be", "../../firms/alpha-bio/"][..])).prop_map(|(t, u)| format!("[link]({u}) {t}")),
        1 => fitting_chart().prop_map(|b| format!("```chart\n{b}```")),
        1 => "`[a-z<>&]{0,8}`",
    ];
    prop::collection::vec(fragment, 0..10).prop_map(|parts| parts.join("\n\n"))
}

/// A front matter value: text, numbers, lists, maps, YAML tricks.
fn yaml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => text().prop_map(|t| format!("{t:?}")),
        2 => text(),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => select(&["true", "false", "null", "~", "1e308", ".inf", "-0", "0x10", "[]", "{}", "[a, b]", "{a: 1}",
            "|\n  block <xss>\n", ">-\n  folded", "&a x", "*a", "!!binary aGk=", "'single ''quoted'' <xss>'",
            "\"esc \\t \\u0000\"", "[*a, *a]", "2016-12", "chapter", "paper", "theme"][..]).prop_map(str::to_string),
    ]
}

fn yaml_key() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(&["title", "order", "summary", "slug", "draft", "part"][..]).prop_map(str::to_string),
        1 => select(&["sumary", "Title", "", "? x", "<<", "- title"][..]).prop_map(str::to_string),
        1 => "[a-z]{1,6}",
    ]
}

/// A chapter file: front matter of random fields (usually a title and an order), a body,
/// and, for one file in two, mutations of the front matter.
pub fn chapter_file() -> impl Strategy<Value = String> {
    let usual =
        (text(), -3i64..5).prop_map(|(title, order)| format!("title: {}\norder: {order}\n", quoted(&title)));
    let fields = prop::collection::vec((yaml_key(), yaml_value()), 0..3)
        .prop_map(|f| f.into_iter().map(|(k, v)| format!("{k}: {v}\n")).collect::<String>());
    let fields = prop_oneof![Just(String::new()), fields];
    let open = prop_oneof![6 => Just("---\n"), 1 => select(&["---\r\n", "\u{feff}---\n", "", "--- \n"][..])];
    let close = prop_oneof![6 => Just("---\n"), 1 => select(&["---\r\n", "", "...\n", "---"][..])];
    let edits = prop_oneof![Just(Vec::new()), edits()];
    let body = prop_oneof![document(), plain_document()];
    (open, prop::option::weighted(0.9, usual), fields, close, body, edits).prop_map(
        |(open, usual, fields, close, body, edits)| {
            let front = format!("{open}{}{fields}{close}", usual.unwrap_or_default());
            let front = apply(front, edits);
            format!("{front}{body}")
        },
    )
}
