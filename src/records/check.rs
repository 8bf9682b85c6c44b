//! Records as written → typed [`Record`]s: each value checked against its field (type, enum,
//! range, URL scheme), required fields present, ids unique slugs, references resolved (with the
//! closest id as a hint), acyclic references free of cycles. Every problem is a diagnostic at
//! the value's line and column; all of them are reported in one run.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::load::{Loaded, RawRecord};
use super::node::{At, Node};
use super::{Items, Record, Records, Value};
use crate::content::is_slug;
use crate::diagnostic::{Diagnostic, Diagnostics, closest};
use crate::memo::{self, Product, Recall};
use crate::schema::{Collection, Field, FieldType, Schema};

/// The checked records and their problems, kept by the memo under the records' fingerprint
/// (every file read, and the schema) and the bibliography's keys: all that checking reads.
struct Checked;

impl Product for Checked {
    type Key = u64;
    type Value = (Arc<Records>, Diagnostics);
}

/// [`check`]; with a `recall`, the previous build's records and problems when neither the files
/// read, the schema nor the bibliography's keys changed (a chapter edit in `serve`).
pub fn check_once(
    schema: Schema,
    loaded: Vec<Loaded>,
    citations: Option<&BTreeSet<&str>>,
    recall: Option<&Recall>,
) -> (Arc<Records>, Diagnostics) {
    let checked = |schema, loaded| {
        let (records, problems) = check(schema, loaded, citations);
        (Arc::new(records), problems)
    };
    match recall {
        Some(recall) => {
            let key = memo::key((fingerprint(&schema, &loaded), citations));
            recall.get_or_make::<Checked>(key, || checked(schema, loaded))
        }
        None => checked(schema, loaded),
    }
}

/// Equal fingerprints, equal records: a hash of every file each collection read (its shown
/// path and text) and of the schema, whose labels and datasets reach the pages too.
fn fingerprint(schema: &Schema, loaded: &[Loaded]) -> u64 {
    let hashes: Vec<u64> =
        schema.collections.iter().zip(loaded).flat_map(|(_, loaded)| loaded.hashes.iter().copied()).collect();
    memo::key((&hashes, schema.fingerprint))
}

/// Types and checks every loaded record; `citations` are the bibliography's keys (`None` when
/// the bibliography could not be read: its problem is reported, and citations go unchecked).
pub fn check(
    schema: Schema,
    loaded: Vec<Loaded>,
    citations: Option<&BTreeSet<&str>>,
) -> (Records, Diagnostics) {
    let mut problems = Diagnostics::default();
    let fingerprint = fingerprint(&schema, &loaded);
    let mut items = Vec::new();
    for (collection, loaded) in schema.collections.iter().zip(loaded) {
        // Typed in parallel; the problems are kept in record order, as read.
        let raws: Vec<&RawRecord> = loaded.records().collect();
        let (records, found): (Vec<Record>, Vec<Diagnostics>) = raws
            .into_par_iter()
            .enumerate()
            .map(|(i, raw)| {
                let mut found = Diagnostics::default();
                (typed(collection, i, raw, &mut found), found)
            })
            .unzip();
        found.into_iter().for_each(|found| problems.extend(found));
        check_ids(collection, &records, &mut problems);
        check_bodies(collection, &records, &loaded.bodies, &mut problems);
        items.push(Items::new(records, loaded.bodies));
    }
    let records = Records::new(schema, items, fingerprint);
    check_references(&records, citations, &mut problems);
    check_unique(&records, &mut problems);
    check_cycles(&records, &mut problems);
    check_network_cycles(&records, &mut problems);
    (records, problems)
}

/// A record with every value that could be typed; a value that could not is reported and left
/// empty, so the record still takes part in the checks that follow (its references, its id).
fn typed(c: &Collection, position: usize, raw: &RawRecord, problems: &mut Diagnostics) -> Record {
    let mut values = vec![Value::Null; c.fields.len()];
    let mut positions = vec![(raw.line, raw.col); c.fields.len()];
    let mut seen = vec![false; c.fields.len()];
    let mut failed = vec![false; c.fields.len()];
    for (key, node) in &raw.entries {
        let Some(i) = c.field(&key.value) else {
            let names: Vec<&str> = c.fields.iter().map(|f| f.name.as_str()).collect();
            let hint = closest(&key.value, names.iter().copied()).map(|n| format!("did you mean `{n}`? "));
            problems.push(
                Diagnostic::new(
                    &raw.path,
                    format!("unknown field `{}` in a record of `{}`", key.value, c.name),
                )
                .at(key.line, key.col)
                .help(format!(
                    "{}fields: {}; a new field is one line in the schema",
                    hint.unwrap_or_default(),
                    names.join(", ")
                )),
            );
            continue;
        };
        seen[i] = true;
        positions[i] = (node.line, node.col);
        match value(&c.fields[i], node) {
            Ok(v) => values[i] = v,
            Err((line, col, message, help)) => {
                failed[i] = true;
                let mut d = Diagnostic::new(&raw.path, message).at(line, col);
                if let Some(help) = help {
                    d = d.help(help);
                }
                problems.push(d);
            }
        }
    }
    for (i, field) in c.fields.iter().enumerate() {
        let empty = values[i].items().is_empty();
        if field.required && empty && !failed[i] {
            let what = if seen[i] { "is empty" } else { "is missing" };
            problems.push(
                Diagnostic::new(&raw.path, format!("required field `{}` {what}", field.name))
                    .at(raw.line, raw.col)
                    .help(format!("add `{}: ...` to this record of `{}`", field.name, c.name)),
            );
        }
    }
    let id = match c.key {
        Some(k) => values[k].as_text().unwrap_or_default().to_string(),
        None => (position + 1).to_string(),
    };
    let stem = raw.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    // An id that is not a slug is reported as such: a file named after it would not help.
    if raw.alone && c.key.is_some() && stem != id && is_slug(&id) {
        problems.push(
            Diagnostic::new(&raw.path, format!("the record `{id}` is in a file named `{stem}`"))
                .at(raw.line, raw.col)
                .help(format!("rename the file to `{id}.yaml`, so that each record is found by its id")),
        );
    }
    Record { id, values: values.into(), positions, path: raw.path.clone(), line: raw.line }
}

type Problem = (usize, usize, String, Option<String>);

/// One value of a field: a list when the field is a list (a single value counts as a list of
/// one; in CSV, items are separated by `;`).
fn value(field: &Field, node: &At<Node>) -> Result<Value, Problem> {
    if !field.list {
        return scalar(field, node);
    }
    match &node.value {
        Node::Null => Ok(Value::List(Vec::new())),
        Node::List(items) => {
            items.iter().map(|item| scalar(field, item)).collect::<Result<_, _>>().map(Value::List)
        }
        Node::Str(text) if text.contains(';') => text
            .split(';')
            .map(|part| scalar(field, &At::new(Node::Str(part.trim().to_string()), node.line, node.col)))
            .collect::<Result<_, _>>()
            .map(Value::List),
        _ => scalar(field, node).map(|v| Value::List(vec![v])),
    }
}

fn scalar(field: &Field, node: &At<Node>) -> Result<Value, Problem> {
    let fail = |message: String, help: Option<String>| (node.line, node.col, message, help);
    let wrong = |expected: &str, help: &str| {
        fail(
            format!("field `{}` expects {expected}, found {}", field.name, node.value.describe()),
            Some(help.into()),
        )
    };
    // A value of the wrong form: the field, what it expects, and the expected form as a hint.
    let malformed = |text: &str, expected: &str, form: &str| {
        fail(format!("field `{}` expects {expected}, found `{text}`", field.name), Some(form.into()))
    };
    let text = match &node.value {
        Node::Null => return Ok(Value::Null),
        Node::List(_) | Node::Map(_) => {
            let hint = if matches!(node.value, Node::List(_)) && !field.list {
                Some(format!("declare `list: true` on field `{}` to allow several values", field.name))
            } else {
                None
            };
            return Err(fail(
                format!("field `{}` expects one value, found {}", field.name, node.value.describe()),
                hint,
            ));
        }
        Node::Str(s) => s.trim().to_string(),
        Node::Int(i) => i.to_string(),
        Node::BigInt(s) => s.clone(),
        Node::Float(f) => f.to_string(),
        Node::Bool(b) => b.to_string(),
    };
    let value = match field.kind {
        FieldType::Markdown => {
            for link in markdown_links(&text) {
                if let Err(e) = crate::url::check(&link) {
                    let what = format!("link in field `{}`", field.name);
                    return Err(fail(e.message(&what, &link), Some(e.help().into())));
                }
            }
            Value::Text(text)
        }
        FieldType::String | FieldType::Citation => {
            if matches!(node.value, Node::Bool(_)) && field.values.is_empty() {
                return Err(wrong("text", "put the value in quotes: \"true\""));
            }
            Value::Text(text)
        }
        FieldType::Integer => Value::Integer(integer(&text).map_err(|m| match m {
            Some(m) => fail(m, None),
            None => malformed(&text, "a whole number", "write digits only, e.g. 42 or -3"),
        })?),
        FieldType::Year => {
            let year = integer(&text).ok().filter(|y| (1..=9999).contains(y));
            let year = year.ok_or_else(|| malformed(&text, "a year", "write four digits, e.g. 2016"))?;
            Value::Integer(year)
        }
        FieldType::Number => {
            let n: f64 = text
                .parse()
                .map_err(|_| wrong("a number", "write digits with an optional decimal point, e.g. 3.25"))?;
            if !n.is_finite() || n.abs() > 1e15 {
                return Err(fail(
                    format!("`{text}` is too large to show exactly"),
                    Some("numbers up to 10^15".into()),
                ));
            }
            Value::Number(n)
        }
        FieldType::Boolean => match text.as_str() {
            "true" => Value::Boolean(true),
            "false" => Value::Boolean(false),
            _ => return Err(wrong("true or false", "write true or false, without quotes")),
        },
        FieldType::YearMonth => {
            year_month(&text)
                .ok_or_else(|| malformed(&text, "a year-month", "write YYYY-MM, e.g. 2016-12"))?;
            Value::Text(text)
        }
        FieldType::Date => {
            date(&text).ok_or_else(|| {
                malformed(
                    &text,
                    "a date",
                    "write YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2016-12-31, 2016-12 or 2016",
                )
            })?;
            Value::Text(text)
        }
        FieldType::Url => {
            if let Err(e) = crate::url::check(&text) {
                return Err(fail(
                    e.message(&format!("link in field `{}`", field.name), &text),
                    Some(e.help().into()),
                ));
            }
            Value::Text(text)
        }
    };
    check_enum(field, &value).map_err(|(m, h)| fail(m, Some(h)))?;
    check_range(field, &value).map_err(|(m, h)| fail(m, Some(h)))?;
    Ok(value)
}

/// A whole number; the error is a message of its own for a number out of range, `None` for
/// text that is no number.
fn integer(text: &str) -> Result<i64, Option<String>> {
    text.parse::<i64>().map_err(|e| match e.kind() {
        std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
            Some(format!("`{text}` is beyond the range of whole numbers (±9223372036854775807)"))
        }
        _ => None,
    })
}

fn year_month(text: &str) -> Option<()> {
    let (y, m) = text.split_once('-')?;
    let month: u32 = m.parse().ok()?;
    (y.len() == 4 && m.len() == 2 && y.bytes().all(|b| b.is_ascii_digit()) && (1..=12).contains(&month))
        .then_some(())
}

/// A date to the precision the source gives: `2016`, `2016-12` or `2016-12-31`.
fn date(text: &str) -> Option<()> {
    let year = |y: &str| (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())).then_some(());
    match text.matches('-').count() {
        0 => year(text),
        1 => year_month(text),
        _ => {
            let (ym, d) = text.rsplit_once('-')?;
            year_month(ym)?;
            let day: u32 = d.parse().ok()?;
            (d.len() == 2 && (1..=31).contains(&day)).then_some(())
        }
    }
}

/// Every link and image address of a Markdown text.
fn markdown_links(text: &str) -> impl Iterator<Item = String> + '_ {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(text).filter_map(|event| match event {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => Some(dest_url.to_string()),
        _ => None,
    })
}

fn check_enum(field: &Field, value: &Value) -> Result<(), (String, String)> {
    let Value::Text(text) = value else { return Ok(()) };
    if field.values.is_empty() || field.values.iter().any(|(v, _)| v == text) {
        return Ok(());
    }
    let valid: Vec<&str> = field.values.iter().map(|(v, _)| v.as_str()).collect();
    let hint =
        closest(text, valid.iter().copied()).map(|c| format!("did you mean `{c}`? ")).unwrap_or_default();
    Err((
        format!("`{text}` is not a value of field `{}`", field.name),
        format!("{hint}values: {}; declare new values in the schema's `enum`", valid.join(", ")),
    ))
}

fn check_range(field: &Field, value: &Value) -> Result<(), (String, String)> {
    let Some(n) = value.as_number() else { return Ok(()) };
    let allowed = match (field.minimum, field.maximum) {
        (Some(min), Some(max)) => format!("field `{}` takes values from {min} to {max}", field.name),
        (Some(min), None) => format!("field `{}` takes values of at least {min}", field.name),
        (None, Some(max)) => format!("field `{}` takes values of at most {max}", field.name),
        (None, None) => return Ok(()),
    };
    let help = format!("{allowed}; change the value, or the schema's `constraints`");
    if let Some(min) = field.minimum
        && n < min
    {
        return Err((format!("{n} is below the minimum {min} of field `{}`", field.name), help));
    }
    if let Some(max) = field.maximum
        && n > max
    {
        return Err((format!("{n} is above the maximum {max} of field `{}`", field.name), help));
    }
    Ok(())
}

/// Keys are unique slugs; a problem is reported at the key's value.
fn check_ids(c: &Collection, records: &[Record], problems: &mut Diagnostics) {
    let Some(key) = c.key else { return };
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for r in records {
        let (line, col) = r.positions[key];
        let at = |m: String| Diagnostic::new(&r.path, m).at(line, col);
        if !is_slug(&r.id) || r.id.len() > 200 {
            problems.push(at(format!("invalid id `{}`", r.id)).help(format!(
                "field `{}` becomes a page address: lowercase letters, digits and `-`, at most 200 characters",
                c.fields[key].name
            )));
        } else if !seen.insert(&r.id) {
            problems.push(
                at(format!("duplicate id `{}` in `{}`", r.id, c.name)).help("every record needs its own id"),
            );
        }
    }
}

fn check_bodies(c: &Collection, records: &[Record], bodies: &[super::Body], problems: &mut Diagnostics) {
    for body in bodies {
        if !c.pages {
            problems.push(
                Diagnostic::new(
                    &body.path,
                    format!("records of `{}` have no pages to show this text on", c.name),
                )
                .help("give the collection pages, or move the text into a chapter"),
            );
        } else if !records.iter().any(|r| r.id == body.id) {
            problems.push(
                Diagnostic::new(&body.path, format!("no record `{}` in `{}` for this text", body.id, c.name))
                    .help("name the file after a record's id: <id>.md beside <id>.yaml"),
            );
        }
    }
}

fn check_references(records: &Records, citations: Option<&BTreeSet<&str>>, problems: &mut Diagnostics) {
    for (c, items) in records.iter() {
        for record in &items.records {
            for (i, field) in c.fields.iter().enumerate() {
                for value in record.values[i].items() {
                    let Some(id) = value.as_text() else { continue };
                    let missing = if field.kind == FieldType::Citation {
                        citations
                            .filter(|keys| !keys.contains(id))
                            .map(|_| format!("unknown reference key `{id}`"))
                    } else if !field.reference.is_empty() && records.resolve(field, id).is_none() {
                        let targets: Vec<&str> = field
                            .reference
                            .iter()
                            .map(|&t| records.schema.collections[t].name.as_str())
                            .collect();
                        Some(format!(
                            "field `{}` names `{id}`, which is not a record of {}",
                            field.name,
                            targets.join(" or ")
                        ))
                    } else {
                        None
                    };
                    if let Some(message) = missing {
                        let hint = if field.kind == FieldType::Citation {
                            closest(id, citations.into_iter().flatten().copied())
                        } else {
                            let ids = field
                                .reference
                                .iter()
                                .flat_map(|&t| records.items[t].records.iter().map(|r| r.id.as_str()));
                            closest(id, ids)
                        };
                        let hint = hint
                            .map(|c| format!("did you mean `{c}`?"))
                            .unwrap_or_else(|| "check the id".into());
                        let (line, col) = record.positions[i];
                        problems.push(Diagnostic::new(&record.path, message).at(line, col).help(hint));
                    }
                }
            }
        }
    }
}

fn check_unique(records: &Records, problems: &mut Diagnostics) {
    for (c, items) in records.iter() {
        for (i, field) in c.fields.iter().enumerate().filter(|(_, f)| f.unique) {
            let mut seen = BTreeSet::new();
            for r in &items.records {
                let text = r.values[i].raw_text();
                if !text.is_empty() && !seen.insert(text.clone()) {
                    let (line, col) = r.positions[i];
                    problems.push(
                        Diagnostic::new(
                            &r.path,
                            format!("`{text}` appears twice in field `{}`, which is unique", field.name),
                        )
                        .at(line, col),
                    );
                }
            }
        }
    }
}

/// Follows every acyclic reference from each record; coming back to it is a cycle. A cycle is
/// reported once, on its record with the smallest id, at the reference's position.
fn check_cycles(records: &Records, problems: &mut Diagnostics) {
    for (c, items) in records.iter() {
        for (fi, field) in c.fields.iter().enumerate().filter(|(_, f)| f.acyclic) {
            for start in &items.records {
                let Some(cycle) = cycle_from(items, start, fi) else { continue };
                if cycle.iter().any(|id| *id < start.id.as_str()) {
                    continue;
                }
                let (line, col) = start.positions[fi];
                problems.push(
                    Diagnostic::new(
                        &start.path,
                        format!("field `{}` makes a cycle: {}", field.name, cycle.join(" → ")),
                    )
                    .at(line, col)
                    .help(format!(
                        "`{}` is declared acyclic in collection `{}`: break the cycle",
                        field.name, c.name
                    )),
                );
            }
        }
    }
}

/// The ids on a path from `start` back to itself, if one exists (depth-first, each record once).
fn cycle_from<'a>(items: &'a Items, start: &'a Record, field: usize) -> Option<Vec<&'a str>> {
    let mut stack: Vec<(&str, Vec<&str>)> = vec![(start.id.as_str(), vec![start.id.as_str()])];
    let mut visited = BTreeSet::new();
    while let Some((id, path)) = stack.pop() {
        let Some(record) = items.get(id) else { continue };
        for next in targets(record, field) {
            if next == start.id {
                let mut cycle = path.clone();
                cycle.push(next);
                return Some(cycle);
            }
            if visited.insert(next) {
                let mut longer = path.clone();
                longer.push(next);
                stack.push((next, longer));
            }
        }
    }
    None
}

/// In a network declared acyclic, following links from any record never comes back to it
/// (spin-out of, subsidiary of). Each link that closes a cycle is reported at its record.
fn check_network_cycles(records: &Records, problems: &mut Diagnostics) {
    for (c, items) in records.iter() {
        let Some(network) = c.network.as_ref().filter(|n| n.acyclic) else { continue };
        let (from, to) = (&c.fields[network.from], &c.fields[network.to]);
        // Each record's outgoing links: (target, the record that makes the link).
        type Links = Vec<((usize, String), usize)>;
        let mut next: BTreeMap<(usize, String), Links> = BTreeMap::new();
        for (i, r) in items.records.iter().enumerate() {
            for (c, id) in records.ends(from, &r.values[network.from]) {
                for (d, other) in records.ends(to, &r.values[network.to]) {
                    next.entry((c, id.to_string())).or_default().push(((d, other.to_string()), i));
                }
            }
        }
        // Depth-first search with three colours: a link to a node on the current path closes a cycle.
        let mut state: BTreeMap<&(usize, String), u8> = BTreeMap::new();
        for start in next.keys() {
            if state.contains_key(start) {
                continue;
            }
            let mut stack: Vec<(&(usize, String), usize)> = vec![(start, 0)];
            state.insert(start, 1);
            while let Some((node, edge)) = stack.pop() {
                let Some((target, record)) = next.get(node).and_then(|e| e.get(edge)) else {
                    state.insert(node, 2);
                    continue;
                };
                stack.push((node, edge + 1));
                match state.get(target) {
                    Some(1) => {
                        let r = &items.records[*record];
                        let (line, col) = r.positions[network.to];
                        problems.push(
                            Diagnostic::new(
                                &r.path,
                                format!(
                                    "this link closes a cycle in `{}`: {} leads back to itself",
                                    c.name, target.1
                                ),
                            )
                            .at(line, col)
                            .help(format!("the network of `{}` is declared acyclic", c.name)),
                        );
                    }
                    Some(_) => {}
                    None => {
                        state.insert(target, 1);
                        stack.push((target, 0));
                    }
                }
            }
        }
    }
}

fn targets(record: &Record, field: usize) -> Vec<&str> {
    record.values[field].items().iter().filter_map(Value::as_text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::load::FileRecords;
    use std::path::Path;

    fn run(schema: &str, data: &[(&str, &str)]) -> (Records, Vec<Diagnostic>) {
        let schema = crate::schema::parse(Path::new("schema.yaml"), schema).unwrap();
        let loaded = schema
            .collections
            .iter()
            .zip(data)
            .map(|(_, (path, text))| {
                let node: serde_saphyr::Spanned<Node> = serde_saphyr::from_str(text).unwrap();
                let Node::List(items) = node.value else { panic!() };
                let records = items
                    .into_iter()
                    .map(|n| match n.value {
                        Node::Map(entries) => {
                            RawRecord { path: path.into(), line: n.line, col: n.col, entries, alone: false }
                        }
                        _ => panic!(),
                    })
                    .collect();
                let file = FileRecords { records, problems: Diagnostics::default() };
                Loaded { files: vec![std::sync::Arc::new(file)], ..Loaded::default() }
            })
            .collect();
        let (records, problems) = check(schema, loaded, Some(&BTreeSet::from(["known"])));
        (records, problems.into_sorted())
    }

    const SCHEMA: &str = "collections:\n- name: orgs\n  path: orgs.yaml\n  fields:\n  - {name: id}\n  - {name: name, constraints: {required: true}}\n  - {name: sector, constraints: {enum: [bio, ict]}, labels: {bio: Life sciences}}\n  - {name: staff, type: integer}\n  - {name: parent, reference: orgs, acyclic: true}\n  - {name: web, type: url}\n  - {name: tags, list: true}\n  - {name: cites, type: citation, list: true}\n";

    #[test]
    fn good_records_are_typed() {
        let (records, problems) = run(
            SCHEMA,
            &[(
                "o.yaml",
                "- {id: a, name: A, sector: bio, staff: 9223372036854775807, tags: [x, z], cites: [known]}\n- {id: b, name: B, parent: a}\n",
            )],
        );
        assert!(problems.is_empty(), "{problems:?}");
        let a = records.items[0].get("a").unwrap();
        assert_eq!(a.values[3], Value::Integer(i64::MAX));
        assert_eq!(
            super::super::display(
                &records,
                &records.schema.collections[0].fields[2],
                &a.values[2],
                crate::locale::english()
            ),
            "Life sciences"
        );
        assert_eq!(records.backlinks[0].of("a"), &[1]);
    }

    #[test]
    fn every_bad_value_is_reported_at_its_position() {
        let (_, problems) = run(
            SCHEMA,
            &[(
                "o.yaml",
                "- {id: a, name: A, sectr: bio}\n- {id: b, sector: bo, staff: many, web: 'javascript:alert(1)'}\n- {id: c, name: C, parent: d, cites: [knwon]}\n- {id: d, name: D, parent: c}\n- {id: A, name: E}\n",
            )],
        );
        let text: Vec<String> = problems
            .iter()
            .map(|d| format!("{}:{} {} | {}", d.line, d.col, d.message, d.help.clone().unwrap_or_default()))
            .collect();
        let has = |s: &str| assert!(text.iter().any(|t| t.contains(s)), "missing {s} in {text:#?}");
        has("1:20 unknown field `sectr`");
        has("did you mean `sector`?");
        has("2:19 `bo` is not a value of field `sector`");
        has("required field `name` is missing");
        has("field `staff` expects a whole number, found `many`");
        has("unsafe link in field `web` `javascript:alert(1)`: the scheme `javascript:` is not allowed");
        has("3:38 unknown reference key `knwon` | did you mean `known`?");
        has("3:28 field `parent` makes a cycle: c → d → c");
        assert!(!text.iter().any(|t| t.contains("cycle: d")), "a cycle is reported once");
        has("invalid id `A`");
    }
}
