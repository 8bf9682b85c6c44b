//! Datasets a site declares in its schema: from a collection, an indicator table or an earlier
//! dataset, keep the rows a filter names, group them by fields, summarise each group (count,
//! count-distinct, sum, mean, min, max), spread one field into columns (pivot), sort and cut.
//! Computed at every build, so a changed record changes every table and chart drawn from them;
//! in `serve`, a rebuild whose data is unchanged (a chapter edit) reuses the previous build's.

use std::sync::Arc;

use crate::content::apparatus::ColumnType;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::fasthash::FastMap;
use crate::memo::{self, Product, Recall};
use crate::model::Data;
use crate::records::{Records, Row, Value};
use crate::schema::{Aggregate, DatasetSpec, Pivot};

use super::Dataset;
use super::frame::{Frame, FrameColumn};

/// The declared datasets of a build: computed, as readers see them (labels, titles), and the
/// problems found computing them.
#[derive(Clone, Default)]
pub struct Declared {
    pub frames: Arc<Vec<Frame>>,
    /// One per frame: every table, chart and export that shows one shares it.
    pub shown: Vec<Arc<Dataset>>,
    pub problems: Diagnostics,
}

/// The declared datasets, kept by the memo under the data's fingerprint (the records, the
/// schema and the tables): all they are computed from.
struct Computed;

impl Product for Computed {
    type Key = u64;
    type Value = Declared;
}

/// Computes the declared datasets of `data`, whose fingerprint is `fingerprint`; with a
/// `recall`, the previous build's when the data is unchanged.
pub fn compute_once(data: &Data, fingerprint: u64, recall: Option<&Recall>) -> Declared {
    let compute = || {
        use rayon::prelude::*;
        let (frames, problems) = compute_all(data);
        let shown = frames.par_iter().map(|d| Arc::new(d.to_dataset(&data.records))).collect();
        Declared { frames: Arc::new(frames), shown, problems }
    };
    memo::once::<Computed>(recall, || fingerprint, compute)
}

/// Computes every declared dataset in order (a dataset may read an earlier one); a dataset that
/// cannot be computed is a diagnostic at its declaration. Datasets that read no other dataset
/// are computed in parallel first; each is the same as in order, and one that fails is computed
/// again in order, so that its message names the datasets before it.
pub fn compute_all(data: &Data) -> (Vec<Frame>, Diagnostics) {
    use rayon::prelude::*;
    let records = &data.records;
    let specs = &records.schema.datasets;
    let reads_a_dataset = |spec: &DatasetSpec| {
        let count_sources = spec.counts.iter().filter_map(|(_, c)| c.split('.').next());
        std::iter::once(spec.from.as_str())
            .chain(count_sources)
            .any(|name| records.collection(name).is_none() && specs.iter().any(|d| d.name == name))
    };
    let mut ready: Vec<Option<Frame>> = specs
        .par_iter()
        .map(|spec| if reads_a_dataset(spec) { None } else { compute(data, &[], spec).ok() })
        .collect();
    let mut done: Vec<Frame> = Vec::new();
    let mut problems = Diagnostics::default();
    for (spec, ready) in specs.iter().zip(&mut ready) {
        match ready.take().map_or_else(|| compute(data, &done, spec), Ok) {
            Ok(dataset) => done.push(dataset),
            Err(message) => problems.push(
                Diagnostic::new(&records.schema.path, format!("dataset `{}`: {message}", spec.name))
                    .at(spec.line, spec.col),
            ),
        }
    }
    (done, problems)
}

/// The rows a name stands for: a collection, an earlier declared dataset or an indicator table.
pub fn source(data: &Data, done: &[Frame], name: &str) -> Option<Frame> {
    if let Some((index, _)) = data.records.collection(name) {
        return Some(Frame::of_collection(&data.records, index));
    }
    if let Some(dataset) = done.iter().find(|d| d.name == name) {
        return Some(dataset.clone());
    }
    super::table(data, name).map(|d| Frame::of_dataset(&d))
}

/// `true` when `name` is a collection, an earlier declared dataset or an indicator table.
pub fn exists(data: &Data, done: &[Frame], name: &str) -> bool {
    data.records.collection(name).is_some()
        || done.iter().any(|d| d.name == name)
        || data.tables.iter().any(|t| t.id == name)
}

/// The rows of `name` (as [`source`] gives them) that pass `filters`, each written
/// `field=value[,value...]` and applied in order, with the number of rows before filtering.
/// A collection's records are filtered before any is copied.
pub fn filtered(
    data: &Data,
    done: &[Frame],
    name: &str,
    filters: &[&str],
) -> Option<Result<(Frame, usize), String>> {
    let mut parsed: Vec<(&str, Vec<String>)> = Vec::new();
    let mut bad = None;
    for filter in filters {
        let Some((key, values)) = filter.split_once('=') else {
            // Reported once the filters before it are applied, as their problems come first.
            bad = Some(format!("`{filter}` is not a filter: write field=value"));
            break;
        };
        parsed.push((key, values.split(',').map(str::to_string).collect()));
    }
    let result = match data.records.collection(name) {
        Some((index, _)) => Frame::of_collection_filtered(&data.records, index, &parsed)
            .map(|frame| (frame, data.records.items[index].records.len())),
        None => {
            let mut frame = source(data, done, name)?;
            let total = frame.rows.len();
            parsed.iter().try_for_each(|(key, values)| frame.filter(key, values)).map(|()| (frame, total))
        }
    };
    Some(result.and_then(|found| bad.map_or(Ok(found), Err)))
}

/// For a name that is none of them: "did you mean `x`? " (or nothing), and every collection,
/// dataset and table name, comma-separated.
pub fn known_names(data: &Data, done: &[Frame], wrong: &str) -> (String, String) {
    let mut names: Vec<&str> = data.records.schema.collections.iter().map(|c| c.name.as_str()).collect();
    names.extend(done.iter().map(|d| d.name.as_str()));
    names.extend(data.tables.iter().map(|t| t.id.as_str()));
    let hint =
        crate::diagnostic::closest(wrong, names.iter().copied()).map(|c| format!("did you mean `{c}`? "));
    (hint.unwrap_or_default(), names.join(", "))
}

fn compute(data: &Data, done: &[Frame], spec: &DatasetSpec) -> Result<Frame, String> {
    let mut frame = source(data, done, &spec.from).ok_or_else(|| {
        let (hint, names) = known_names(data, done, &spec.from);
        format!("unknown source `{}`: {hint}collections, datasets and tables: {names}", spec.from)
    })?;
    // Counts come first, while each row is still one record of the source collection.
    for (name, count) in &spec.counts {
        add_count(data, done, &mut frame, name, count)?;
    }
    for (field, values) in &spec.filter {
        frame.filter(field, values)?;
    }
    if !spec.group.is_empty() || !spec.aggregate.is_empty() {
        let mut keys = spec.group.clone();
        if let Some(pivot) = &spec.pivot {
            keys.push(pivot.field.clone());
        }
        frame = group(&data.records, frame, &keys, &spec.aggregate)?;
    }
    if let Some(pivot) = &spec.pivot {
        let fill = spec.aggregate.iter().find(|(name, _)| *name == pivot.value).and_then(|(_, a)| match a {
            Aggregate::Count | Aggregate::CountDistinct(_) | Aggregate::Sum(_) => Some(Value::Integer(0)),
            _ => None,
        });
        frame = spread(&data.records, frame, spec.group.len(), pivot, fill.unwrap_or(Value::Null))?;
    }
    // Columns a pivot makes from values exist only once a record has the values: before any
    // does, a declaration naming one is not wrong, and there are no rows to sort or show.
    let unborn = |frame: &Frame, id: &str| {
        frame.rows.is_empty() && spec.pivot.as_ref().is_some_and(|p| id.starts_with(&p.prefix))
    };
    for (id, descending) in spec.sort.iter().rev() {
        if unborn(&frame, id) {
            continue;
        }
        let column = frame.column(id)?;
        sort(&mut frame, column, *descending);
    }
    if let Some(limit) = spec.limit {
        frame.rows.truncate(limit);
        frame.links.truncate(limit);
    }
    for (id, label) in &spec.labels {
        if unborn(&frame, id) {
            continue;
        }
        let column = frame.column(id)?;
        frame.columns[column].label = label.clone();
    }
    if !spec.columns.is_empty() {
        let keep: Vec<usize> = spec
            .columns
            .iter()
            .filter(|c| !unborn(&frame, c))
            .map(|c| frame.column(c))
            .collect::<Result<_, _>>()?;
        frame.columns = keep.iter().map(|&c| frame.columns[c].clone()).collect();
        frame.rows = frame.rows.iter().map(|row| keep.iter().map(|&c| row[c].clone()).collect()).collect();
    }
    frame.name = spec.name.clone();
    frame.title = spec.title.clone();
    frame.source = Some(match frame.source.take() {
        Some(source) => source,
        None => format!("computed from {}", spec.from),
    });
    Ok(frame)
}

/// One row per distinct combination of the `keys` columns (list values count once per item),
/// in first-seen order, with one column per aggregate.
fn group(
    records: &Records,
    frame: Frame,
    keys: &[String],
    aggregates: &[(String, Aggregate)],
) -> Result<Frame, String> {
    let key_columns: Vec<usize> = keys.iter().map(|k| frame.column(k)).collect::<Result<_, _>>()?;
    let inputs: Vec<Option<usize>> = aggregates
        .iter()
        .map(|(_, a)| a.field().map(|f| frame.column(f)).transpose())
        .collect::<Result<_, _>>()?;
    // Each group: its key values (borrowed from the first row that has them) and its rows.
    let mut groups: Vec<(Vec<&Value>, Vec<usize>)> = Vec::new();
    let mut position: FastMap<Vec<Key>, usize> = FastMap::default();
    for (i, row) in frame.rows.iter().enumerate() {
        for combination in combinations(row, &key_columns) {
            let key: Vec<Key> = combination.iter().map(|v| Key::of(v)).collect();
            let next = groups.len();
            let at = *position.entry(key).or_insert(next);
            if at == next {
                groups.push((combination, Vec::new()));
            }
            groups[at].1.push(i);
        }
    }
    let mut columns: Vec<FrameColumn> = key_columns.iter().map(|&c| frame.columns[c].clone()).collect();
    for ((name, aggregate), input) in aggregates.iter().zip(&inputs) {
        let kind = match (aggregate, input) {
            (Aggregate::Count | Aggregate::CountDistinct(_), _) => ColumnType::Integer,
            (Aggregate::Mean(_), _) => ColumnType::Decimal,
            (_, Some(c)) => frame.columns[*c].kind,
            (_, None) => ColumnType::Integer,
        };
        let field = match aggregate {
            Aggregate::Min(_) | Aggregate::Max(_) => input.and_then(|c| frame.columns[c].field.clone()),
            _ => None,
        };
        columns.push(FrameColumn { id: name.clone(), label: crate::schema::humanize(name), kind, field });
    }
    let single_reference = key_columns.len() == 1
        && frame.columns[key_columns[0]].field.as_ref().is_some_and(|f| !f.reference.is_empty());
    let mut rows: Vec<Row> = Vec::with_capacity(groups.len());
    let mut links = Vec::with_capacity(groups.len());
    for (key, member_rows) in &groups {
        links.push(match (single_reference, key.first()) {
            (true, Some(Value::Text(id))) => frame.columns[key_columns[0]]
                .field
                .as_ref()
                .and_then(|f| records.resolve(f, id))
                .and_then(|t| t.href()),
            _ => None,
        });
        let mut row: Vec<Value> = key.iter().map(|v| (*v).clone()).collect();
        for ((_, aggregate), input) in aggregates.iter().zip(&inputs) {
            let values: Vec<&Value> = member_rows
                .iter()
                .flat_map(|&r| input.map(|c| frame.rows[r][c].items().iter()).into_iter().flatten())
                .collect();
            row.push(summarise(aggregate, member_rows.len(), &values)?);
        }
        rows.push(row.into());
    }
    Ok(frame.reshaped(columns, rows, links))
}

/// A value as a grouping key: two values group together when they are written alike (a
/// column holds one type), compared without writing them out.
#[derive(PartialEq, Eq, Hash)]
enum Key<'a> {
    Null,
    Text(&'a str),
    Integer(i64),
    /// The bits of a number, with -0 counted as 0.
    Number(u64),
    Boolean(bool),
    Written(String),
}

impl<'a> Key<'a> {
    fn of(value: &'a Value) -> Key<'a> {
        match value {
            Value::Null => Key::Null,
            Value::Text(t) => Key::Text(t),
            Value::Integer(i) => Key::Integer(*i),
            Value::Number(n) if *n == 0.0 => Key::Number(0),
            Value::Number(n) => Key::Number(n.to_bits()),
            Value::Boolean(b) => Key::Boolean(*b),
            Value::List(_) => Key::Written(value.raw_text()),
        }
    }
}

/// Every combination of the key columns' items (a list field counts a row once per item).
fn combinations<'a>(row: &'a [Value], keys: &[usize]) -> Vec<Vec<&'a Value>> {
    const EMPTY: &Value = &Value::Null;
    let mut out: Vec<Vec<&Value>> = vec![Vec::with_capacity(keys.len())];
    for &k in keys {
        let items: &[Value] = match &row[k] {
            Value::List(items) if !items.is_empty() => items,
            Value::List(_) => std::slice::from_ref(EMPTY),
            one => std::slice::from_ref(one),
        };
        if let [one] = items {
            out.iter_mut().for_each(|prefix| prefix.push(one));
            continue;
        }
        out = out
            .into_iter()
            .flat_map(|prefix| {
                items.iter().map(move |item| {
                    let mut next = prefix.clone();
                    next.push(item);
                    next
                })
            })
            .collect();
    }
    out
}

fn summarise(aggregate: &Aggregate, rows: usize, values: &[&Value]) -> Result<Value, String> {
    let present: Vec<&Value> = values.iter().copied().filter(|v| **v != Value::Null).collect();
    let numbers = || -> Result<Vec<f64>, String> {
        present
            .iter()
            .map(|v| v.as_number().ok_or_else(|| format!("`{}` is not a number", v.raw_text())))
            .collect()
    };
    let all_integers = present.iter().all(|v| matches!(v, Value::Integer(_)));
    Ok(match aggregate {
        Aggregate::Count => Value::Integer(rows as i64),
        Aggregate::CountDistinct(_) => {
            let distinct: crate::fasthash::FastSet<Key> = present.iter().map(|v| Key::of(v)).collect();
            Value::Integer(distinct.len() as i64)
        }
        Aggregate::Sum(_) if all_integers => {
            let mut total: i64 = 0;
            for v in &present {
                if let Value::Integer(i) = v {
                    total = total.checked_add(*i).ok_or("the sum is beyond the range of whole numbers")?;
                }
            }
            Value::Integer(total)
        }
        Aggregate::Sum(_) => Value::Number(numbers()?.iter().sum()),
        Aggregate::Mean(_) => {
            let n = numbers()?;
            if n.is_empty() { Value::Null } else { Value::Number(n.iter().sum::<f64>() / n.len() as f64) }
        }
        Aggregate::Min(_) | Aggregate::Max(_) => {
            numbers()?;
            let pick = present.iter().copied().reduce(|a, b| {
                let (x, y) = (a.as_number().unwrap_or(0.0), b.as_number().unwrap_or(0.0));
                let take_b = if matches!(aggregate, Aggregate::Min(_)) { y < x } else { y > x };
                if take_b { b } else { a }
            });
            pick.cloned().unwrap_or(Value::Null)
        }
    })
}

/// Turns the last key column's values into columns holding the pivot's `value` column; a
/// combination no row has holds `fill` (0 for counts and sums).
fn spread(records: &Records, frame: Frame, keys: usize, pivot: &Pivot, fill: Value) -> Result<Frame, String> {
    let value_column = frame.column(&pivot.value)?;
    let at = keys;
    let mut values: Vec<Value> = Vec::new();
    for row in &frame.rows {
        if !values.contains(&row[at]) {
            values.push(row[at].clone());
        }
    }
    values.sort_by(|a, b| match (a.as_number(), b.as_number()) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        _ => a.raw_text().cmp(&b.raw_text()),
    });
    if pivot.newest_first {
        values.reverse();
    }
    let pivot_column = frame.columns[at].clone();
    let mut columns: Vec<FrameColumn> = frame.columns[..keys].to_vec();
    for v in &values {
        let shown = match &pivot_column.field {
            Some(field) => crate::records::display(records, field, v, crate::locale::english()),
            None => v.raw_text(),
        };
        let id: String = v.raw_text().chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect();
        columns.push(FrameColumn {
            id: format!("{}{id}", pivot.prefix),
            label: pivot.label.as_ref().map_or(shown.clone(), |l| l.replace("{value}", &shown)),
            kind: frame.columns[value_column].kind,
            field: None,
        });
    }
    let mut rows: Vec<Vec<Value>> = Vec::new();
    let mut links = Vec::new();
    let mut index: FastMap<Vec<Key>, usize> = FastMap::default();
    for (row, link) in frame.rows.iter().zip(&frame.links) {
        let signature: Vec<Key> = row[..keys].iter().map(Key::of).collect();
        let position = *index.entry(signature).or_insert_with(|| {
            let mut fresh = row[..keys].to_vec();
            fresh.extend(std::iter::repeat_n(fill.clone(), values.len()));
            rows.push(fresh);
            links.push(link.clone());
            rows.len() - 1
        });
        if let Some(p) = values.iter().position(|v| *v == row[at]) {
            rows[position][keys + p] = row[value_column].clone();
        }
    }
    Ok(frame.reshaped(columns, rows.into_iter().map(Row::from).collect(), links))
}

/// Adds a column counting, for each row's record, the records of another collection (or
/// dataset) whose `field` names it: `alliances.firm snapshot=@latest`.
fn add_count(data: &Data, done: &[Frame], frame: &mut Frame, name: &str, spec: &str) -> Result<(), String> {
    let mut words = spec.split_whitespace();
    let (source_name, field) = words.next().and_then(|w| w.split_once('.')).ok_or_else(|| {
        format!("count `{name}`: write `COLLECTION.FIELD [field=value ...]`, found `{spec}`")
    })?;
    let filters: Vec<&str> = words.collect();
    let (counted, _) = filtered(data, done, source_name, &filters)
        .ok_or_else(|| format!("count `{name}`: unknown collection `{source_name}`"))??;
    let column = counted.column(field)?;
    let mut tally: crate::fasthash::FastMap<String, i64> = Default::default();
    for row in &counted.rows {
        for item in row[column].items() {
            match item {
                Value::Text(t) => match tally.get_mut(t.as_str()) {
                    Some(n) => *n += 1,
                    None => {
                        tally.insert(t.clone(), 1);
                    }
                },
                other => *tally.entry(other.raw_text()).or_default() += 1,
            }
        }
    }
    let ids = own_ids(data, frame);
    for (row, id) in frame.rows.iter_mut().zip(ids) {
        let mut extended = row.to_vec();
        extended.push(Value::Integer(id.and_then(|id| tally.get(&id).copied()).unwrap_or(0)));
        *row = extended.into();
    }
    frame.columns.push(FrameColumn {
        id: name.to_string(),
        label: crate::schema::humanize(name),
        kind: ColumnType::Integer,
        field: None,
    });
    Ok(())
}

/// The id of the record each row of a collection's frame stands for.
fn own_ids(data: &Data, frame: &Frame) -> Vec<Option<String>> {
    match data.records.collection(&frame.name) {
        Some((index, c)) if frame.rows.len() == data.records.items[index].records.len() => {
            let key = c.key;
            frame.rows.iter().map(|row| key.map(|k| row[k].raw_text())).collect()
        }
        _ => vec![None; frame.rows.len()],
    }
}

/// Sorts the rows by one column, numbers before text, text without regard to case; rows that
/// tie keep their order. Each row's key is worked out once, not at every comparison.
fn sort(frame: &mut Frame, column: usize, descending: bool) {
    enum SortKey {
        Number(f64),
        Text(String),
    }
    let keys: Vec<SortKey> = frame
        .rows
        .iter()
        .map(|row| match row[column].as_number() {
            Some(x) => SortKey::Number(x),
            None => SortKey::Text(row[column].raw_text().to_lowercase()),
        })
        .collect();
    let mut order: Vec<usize> = (0..frame.rows.len()).collect();
    order.sort_by(|&a, &b| {
        let ordering = match (&keys[a], &keys[b]) {
            (SortKey::Number(x), SortKey::Number(y)) => x.total_cmp(y),
            (SortKey::Number(_), SortKey::Text(_)) => std::cmp::Ordering::Less,
            (SortKey::Text(_), SortKey::Number(_)) => std::cmp::Ordering::Greater,
            (SortKey::Text(x), SortKey::Text(y)) => x.cmp(y),
        };
        if descending { ordering.reverse() } else { ordering }
    });
    frame.rows = order.iter().map(|&i| frame.rows[i].clone()).collect();
    frame.links = order.iter().map(|&i| frame.links[i].clone()).collect();
}
