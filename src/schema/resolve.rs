//! Schema text → [`Schema`]: the raw shape as written (serde, unknown keys refused), then every
//! name resolved and checked, each problem a diagnostic at its line and column with the closest
//! valid name as a hint. All problems are reported in one run.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::*;
use crate::content::is_slug;
use crate::diagnostic::{Diagnostic, Diagnostics, closest};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchema {
    #[serde(default)]
    collections: Vec<RawCollection>,
    #[serde(default)]
    datasets: Vec<RawDataset>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawCollection {
    name: Spanned<String>,
    path: Spanned<String>,
    #[serde(default)]
    primary_key: Option<Spanned<String>>,
    #[serde(default)]
    title: Option<Spanned<String>>,
    #[serde(default)]
    summary: Option<Spanned<String>>,
    #[serde(default)]
    label: Option<RawLabel>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    pages: Option<bool>,
    #[serde(default)]
    address: Option<Spanned<String>>,
    #[serde(default)]
    listing: Option<RawListing>,
    fields: Vec<RawField>,
    #[serde(default)]
    network: Option<RawNetwork>,
    #[serde(default)]
    eyebrow: Option<Spanned<String>>,
    #[serde(default)]
    vintage: Option<RawVintage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLabel {
    one: String,
    many: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawListing {
    #[serde(default)]
    columns: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    sort: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNetwork {
    from: Spanned<String>,
    to: Spanned<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    address: Option<Spanned<String>>,
    #[serde(default)]
    page: Option<bool>,
    #[serde(default)]
    acyclic: bool,
    #[serde(default)]
    hubs: Option<RawLabel>,
    #[serde(default)]
    sides: Option<RawLabel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVintage {
    field: Spanned<String>,
    #[serde(default)]
    panel: bool,
    #[serde(default)]
    address: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: Spanned<String>,
    #[serde(rename = "type", default)]
    kind: Option<Spanned<String>>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    list: bool,
    #[serde(default)]
    constraints: Option<RawConstraints>,
    #[serde(default)]
    labels: Option<BTreeMap<String, String>>,
    #[serde(default)]
    reference: Option<Spanned<OneOrMany>>,
    #[serde(default)]
    acyclic: bool,
    #[serde(default)]
    backlink: Option<String>,
    #[serde(default)]
    aside: bool,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConstraints {
    #[serde(default)]
    required: bool,
    #[serde(default)]
    unique: bool,
    #[serde(rename = "enum", default)]
    values: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    minimum: Option<f64>,
    #[serde(default)]
    maximum: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDataset {
    name: Spanned<String>,
    #[serde(default)]
    title: Option<String>,
    from: Spanned<String>,
    #[serde(default)]
    filter: Option<BTreeMap<String, OneOrMany>>,
    #[serde(default)]
    group: Option<Spanned<OneOrMany>>,
    #[serde(default)]
    aggregate: Option<Spanned<BTreeMap<String, String>>>,
    #[serde(default)]
    pivot: Option<RawPivot>,
    #[serde(default)]
    sort: Option<Spanned<OneOrMany>>,
    #[serde(default)]
    limit: Option<usize>,
    #[serde(default)]
    labels: Option<BTreeMap<String, String>>,
    #[serde(default)]
    columns: Option<OneOrMany>,
    #[serde(default)]
    counts: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPivot {
    field: String,
    value: String,
    #[serde(default)]
    prefix: Option<String>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    newest_first: bool,
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// Collects diagnostics against one file.
struct Problems<'a> {
    path: &'a Path,
    list: Diagnostics,
}

impl Problems<'_> {
    fn at<T>(&mut self, at: &Spanned<T>, message: String, help: impl Into<Option<String>>) {
        let mut d = Diagnostic::new(self.path, message)
            .at(at.referenced.line() as usize, at.referenced.column() as usize);
        if let Some(help) = help.into() {
            d = d.help(help);
        }
        self.list.push(d);
    }
}

/// "did you mean `x`? " when a close name exists.
fn hint<'a>(wrong: &str, valid: impl IntoIterator<Item = &'a str>) -> String {
    closest(wrong, valid).map(|c| format!("did you mean `{c}`? ")).unwrap_or_default()
}

/// The schema with every problem found; where a part is wrong, the rest is still resolved, so
/// the records can be checked in the same run.
pub(super) fn resolve(path: &Path, text: &str) -> (Option<Schema>, Diagnostics) {
    let raw: RawSchema = match crate::content::yaml::parse(path, text, 0) {
        Ok(raw) => raw,
        Err(d) => return (None, d.into()),
    };
    let mut problems = Problems { path, list: Diagnostics::default() };
    let names: Vec<String> = raw.collections.iter().map(|c| c.name.value.clone()).collect();
    let mut collections = Vec::new();
    for (i, c) in raw.collections.into_iter().enumerate() {
        if names[..i].contains(&c.name.value) {
            problems.at(&c.name, format!("collection `{}` is declared twice", c.name.value), None);
        }
        collections.push(collection(c, &names, &mut problems));
    }
    check_addresses(&collections, &mut problems);
    let fingerprint = crate::memo::key(text);
    let mut schema = Schema { path: path.to_path_buf(), fingerprint, collections, datasets: Vec::new() };
    let mut dataset_names: Vec<String> = Vec::new();
    for d in raw.datasets {
        if dataset_names.contains(&d.name.value) || names.contains(&d.name.value) {
            problems.at(&d.name, format!("dataset name `{}` is already taken", d.name.value), None);
        }
        if !is_slug(&d.name.value) {
            problems.at(&d.name, format!("invalid dataset name `{}`", d.name.value), slug_help());
        }
        dataset_names.push(d.name.value.clone());
        schema.datasets.push(dataset(d, &mut problems));
    }
    (Some(schema), problems.list)
}

fn slug_help() -> String {
    "names are lowercase letters, digits and `-`".to_string()
}

/// A collection's fields by name: a name that is not one of them is a problem at its position.
struct FieldNames<'a> {
    collection: &'a str,
    names: Vec<&'a str>,
}

impl FieldNames<'_> {
    fn find(&self, name: &Spanned<String>, problems: &mut Problems) -> Option<usize> {
        let found = self.names.iter().position(|f| *f == name.value);
        if found.is_none() {
            problems.at(
                name,
                format!("collection `{}` has no field `{}`", self.collection, name.value),
                format!("{}fields: {}", hint(&name.value, self.names.iter().copied()), self.names.join(", ")),
            );
        }
        found
    }

    /// A field named with an optional `-` (descending) in front.
    fn sort(&self, spec: &Spanned<String>, problems: &mut Problems) -> Option<Sort> {
        let (descending, name) = match spec.value.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, spec.value.as_str()),
        };
        let name = Spanned { value: name.to_string(), referenced: spec.referenced, defined: spec.defined };
        self.find(&name, problems).map(|field| Sort { field, descending })
    }
}

fn collection(c: RawCollection, names: &[String], problems: &mut Problems) -> Collection {
    if !is_slug(&c.name.value) {
        problems.at(&c.name, format!("invalid collection name `{}`", c.name.value), slug_help());
    }
    let source = source(&c.path, problems);
    let fields = fields(&c.fields, names, problems);
    let by_name =
        FieldNames { collection: &c.name.value, names: fields.iter().map(|f| f.name.as_str()).collect() };
    let key = match &c.primary_key {
        Some(k) => by_name.find(k, problems),
        None => by_name.names.iter().position(|f| *f == "id"),
    };
    if let Some(k) = key
        && (fields[k].kind != FieldType::String || fields[k].list)
    {
        let message = format!("the primary key `{}` must be a single string field", fields[k].name);
        problems.at(&c.name, message, None);
    }
    let title = match &c.title {
        Some(t) => by_name.find(t, problems),
        None => by_name.names.iter().position(|f| *f == "name" || *f == "title").or(key),
    }
    .unwrap_or(0);
    let summary = c.summary.as_ref().and_then(|s| by_name.find(s, problems));
    let eyebrow = c.eyebrow.as_ref().and_then(|s| by_name.find(s, problems));
    let pages = c.pages.unwrap_or(key.is_some());
    if pages && key.is_none() {
        problems.at(
            &c.name,
            format!("collection `{}` has pages but no primary key", c.name.value),
            "declare `primaryKey:` (or an `id` field), or write `pages: false`".to_string(),
        );
    }
    // A listing page exists with record pages, or when the schema asks for one.
    let listed = pages || c.listing.is_some() || c.address.is_some();
    let address = match (&c.address, listed) {
        (_, false) => None,
        (Some(a), true) => Some(page_folder(a, problems)),
        (None, true) => Some(c.name.value.clone()),
    };
    let listing = listing(c.listing.as_ref(), &fields, title, key, &by_name, problems);
    let network = c.network.as_ref().and_then(|n| network(n, &fields, &by_name, problems));
    let vintage = c.vintage.as_ref().and_then(|v| {
        if v.panel && network.is_none() {
            problems.at(
                &v.field,
                format!("collection `{}` is a panel but joins nothing", c.name.value),
                "a panel compares the links of a `network: {from, to}` between vintages: declare one"
                    .to_string(),
            );
        }
        Some(Vintage {
            field: by_name.find(&v.field, problems)?,
            panel: v.panel,
            address: v
                .address
                .as_ref()
                .map_or_else(|| format!("{}-changes", c.name.value), |a| page_folder(a, problems)),
        })
    });
    let label = c
        .label
        .map(|l| Label { one: l.one, many: l.many })
        .unwrap_or_else(|| Label { one: humanize(&c.name.value), many: humanize(&c.name.value) });
    Collection {
        name: c.name.value,
        source: source.unwrap_or(Source::Invalid),
        key,
        title,
        summary,
        eyebrow,
        label,
        description: c.description,
        address,
        pages,
        listing,
        fields,
        network,
        vintage,
    }
}

/// The fields, each name once.
fn fields(raw: &[RawField], names: &[String], problems: &mut Problems) -> Vec<Field> {
    let mut seen: Vec<&str> = Vec::new();
    for f in raw {
        if seen.contains(&f.name.value.as_str()) {
            problems.at(&f.name, format!("field `{}` is declared twice", f.name.value), None);
        }
        seen.push(&f.name.value);
    }
    raw.iter().map(|f| field(f, names, problems)).collect()
}

/// A page folder the schema names: a slug.
fn page_folder(a: &Spanned<String>, problems: &mut Problems) -> String {
    if !is_slug(&a.value) {
        problems.at(a, format!("invalid address `{}`", a.value), slug_help());
    }
    a.value.clone()
}

fn listing(
    raw: Option<&RawListing>,
    fields: &[Field],
    title: usize,
    key: Option<usize>,
    by_name: &FieldNames,
    problems: &mut Problems,
) -> Listing {
    let Some(l) = raw else {
        return Listing {
            columns: default_columns(fields, title, key),
            sort: Some(Sort { field: title, descending: false }),
        };
    };
    Listing {
        columns: match &l.columns {
            Some(cols) => cols.iter().filter_map(|col| by_name.find(col, problems)).collect(),
            None => default_columns(fields, title, key),
        },
        sort: l.sort.as_ref().and_then(|s| by_name.sort(s, problems)),
    }
}

fn network(
    n: &RawNetwork,
    fields: &[Field],
    by_name: &FieldNames,
    problems: &mut Problems,
) -> Option<Network> {
    let (from, to) = (by_name.find(&n.from, problems), by_name.find(&n.to, problems));
    for (end, at) in [(from, &n.from), (to, &n.to)] {
        if let Some(i) = end
            && fields[i].reference.is_empty()
        {
            problems.at(at, format!("network end `{}` is not a reference field", at.value), None);
        }
    }
    let label = |l: &Option<RawLabel>| l.as_ref().map(|l| Label { one: l.one.clone(), many: l.many.clone() });
    Some(Network {
        from: from?,
        to: to?,
        title: n.title.clone(),
        address: n
            .address
            .as_ref()
            .map_or_else(|| format!("networks/{}", by_name.collection), |a| page_folder(a, problems)),
        page: n.page.unwrap_or(true),
        acyclic: n.acyclic,
        hubs: label(&n.hubs),
        sides: label(&n.sides),
    })
}

/// The title, then up to four more fields that are short to show (no Markdown, no lists of
/// text), leaving out the key.
fn default_columns(fields: &[Field], title: usize, key: Option<usize>) -> Vec<usize> {
    let rest = (0..fields.len())
        .filter(|&i| i != title && Some(i) != key)
        .filter(|&i| fields[i].kind != FieldType::Markdown && !fields[i].aside)
        .take(4);
    std::iter::once(title).chain(rest).collect()
}

/// `kind-of-thing` → "Kind of thing".
pub fn humanize(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn source(path: &Spanned<String>, problems: &mut Problems) -> Option<Source> {
    let raw = path.value.as_str();
    let relative = Path::new(raw.trim_end_matches('/'));
    let safe = !raw.is_empty()
        && relative.components().all(|c| matches!(c, Component::Normal(_)))
        && relative.components().count() > 0;
    if !safe {
        problems.at(
            path,
            format!("invalid path `{raw}`"),
            "a path inside content/data/, such as `firms/` (a folder) or `projects.csv`".to_string(),
        );
        return None;
    }
    if relative
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .is_some_and(|c| BUILT_IN.contains(&c))
    {
        problems.at(path, format!("`{raw}` is reserved for folio's own files"), None);
        return None;
    }
    let buf = relative.to_path_buf();
    let ext = relative.extension().and_then(|e| e.to_str());
    match (raw.ends_with('/'), ext) {
        (true, _) => Some(Source::Folder(buf)),
        (false, Some("yaml" | "yml")) => Some(Source::YamlList(buf)),
        (false, Some("csv")) => Some(Source::Csv(buf)),
        (false, Some("json")) => Some(Source::JsonList(buf)),
        _ => {
            problems.at(
                path,
                format!("cannot tell how `{raw}` stores records"),
                "end a folder of one-record files with `/`, or name a .yaml, .csv or .json file".to_string(),
            );
            None
        }
    }
}

fn field(f: &RawField, names: &[String], problems: &mut Problems) -> Field {
    let kind = match &f.kind {
        None => FieldType::String,
        Some(k) => match FIELD_TYPES.iter().find(|(n, _)| *n == k.value) {
            Some((_, t)) => *t,
            None => {
                let valid = FIELD_TYPES.iter().map(|(n, _)| *n);
                problems.at(
                    k,
                    format!("unknown field type `{}`", k.value),
                    format!(
                        "{}types: {}",
                        hint(&k.value, valid.clone()),
                        valid.collect::<Vec<_>>().join(", ")
                    ),
                );
                FieldType::String
            }
        },
    };
    let constraints = f.constraints.as_ref();
    let labels = f.labels.clone().unwrap_or_default();
    let values: Vec<(String, String)> = constraints
        .and_then(|c| c.values.as_ref())
        .map(|vs| {
            vs.iter()
                .map(|v| {
                    let label = labels.get(&v.value).cloned().unwrap_or_else(|| v.value.clone());
                    (v.value.clone(), label)
                })
                .collect()
        })
        .unwrap_or_default();
    for key in labels.keys() {
        if !values.iter().any(|(v, _)| v == key) {
            let valid: Vec<&str> = values.iter().map(|(v, _)| v.as_str()).collect();
            problems.at(
                &f.name,
                format!("field `{}` labels `{key}`, which is not one of its `enum` values", f.name.value),
                format!(
                    "add `{key}` to `constraints: {{enum: [...]}}` (now: {}), or remove its label",
                    valid.join(", ")
                ),
            );
        }
    }
    let reference: Vec<usize> = match &f.reference {
        None => Vec::new(),
        Some(r) => {
            let targets = match &r.value {
                OneOrMany::One(s) => vec![s.clone()],
                OneOrMany::Many(v) => v.clone(),
            };
            targets
                .iter()
                .filter_map(|t| {
                    let found = names.iter().position(|n| n == t);
                    if found.is_none() {
                        problems.at(
                            r,
                            format!("field `{}` refers to unknown collection `{t}`", f.name.value),
                            format!(
                                "{}collections: {}",
                                hint(t, names.iter().map(String::as_str)),
                                names.join(", ")
                            ),
                        );
                    }
                    found
                })
                .collect()
        }
    };
    if !reference.is_empty() && kind != FieldType::String {
        problems.at(&f.name, format!("reference field `{}` must have type string", f.name.value), None);
    }
    if f.acyclic && reference.is_empty() {
        problems.at(&f.name, format!("`acyclic` needs a `reference` on field `{}`", f.name.value), None);
    }
    Field {
        name: f.name.value.clone(),
        label: f.label.clone().unwrap_or_else(|| humanize(&f.name.value)),
        kind,
        list: f.list,
        required: constraints.is_some_and(|c| c.required),
        unique: constraints.is_some_and(|c| c.unique),
        values,
        reference,
        acyclic: f.acyclic,
        minimum: constraints.and_then(|c| c.minimum),
        maximum: constraints.and_then(|c| c.maximum),
        backlink: f.backlink.clone(),
        aside: f.aside,
    }
}

/// Two collections may not publish pages under the same folder.
fn check_addresses(collections: &[Collection], problems: &mut Problems) {
    const TAKEN: &[&str] = &["chapters", "tables", "references", "search", "data", "theme", "networks"];
    let mut seen: Vec<&str> = Vec::new();
    for c in collections {
        let network = c.network.as_ref().filter(|n| n.page).map(|n| n.address.as_str());
        let changes = c.vintage.as_ref().filter(|v| v.panel).map(|v| v.address.as_str());
        for address in [c.address.as_deref(), network, changes].into_iter().flatten() {
            if TAKEN.contains(&address) || seen.contains(&address) {
                problems.list.push(
                    Diagnostic::new(
                        problems.path,
                        format!("collection `{}`: the address `{address}/` is already taken", c.name),
                    )
                    .help("give the collection, its network or its changes page another `address:`"),
                );
            }
            seen.push(address);
        }
    }
}

fn dataset(d: RawDataset, problems: &mut Problems) -> DatasetSpec {
    let aggregate = match &d.aggregate {
        None => Vec::new(),
        Some(map) => map
            .value
            .iter()
            .filter_map(|(name, expr)| match parse_aggregate(expr) {
                Ok(a) => Some((name.clone(), a)),
                Err(message) => {
                    problems.at(map, message, "write `count`, `count-distinct FIELD`, `sum FIELD`, `mean FIELD`, `min FIELD` or `max FIELD`".to_string());
                    None
                }
            })
            .collect(),
    };
    let sort = d
        .sort
        .map(|s| s.value.into_vec())
        .unwrap_or_default()
        .into_iter()
        .map(|s| match s.strip_prefix('-') {
            Some(rest) => (rest.to_string(), true),
            None => (s, false),
        })
        .collect();
    DatasetSpec {
        title: d.title.unwrap_or_else(|| humanize(&d.name.value)),
        line: d.name.referenced.line() as usize,
        col: d.name.referenced.column() as usize,
        name: d.name.value,
        from: d.from.value,
        filter: d.filter.unwrap_or_default().into_iter().map(|(k, v)| (k, v.into_vec())).collect(),
        group: d.group.map(|g| g.value.into_vec()).unwrap_or_default(),
        aggregate,
        pivot: d.pivot.map(|p| Pivot {
            field: p.field,
            value: p.value,
            prefix: p.prefix.unwrap_or_default(),
            label: p.label,
            newest_first: p.newest_first,
        }),
        columns: d.columns.map(|c| c.into_vec()).unwrap_or_default(),
        counts: d.counts.unwrap_or_default().into_iter().collect(),
        sort,
        limit: d.limit,
        labels: d.labels.unwrap_or_default().into_iter().collect(),
    }
}

fn parse_aggregate(expr: &str) -> Result<Aggregate, String> {
    let mut words = expr.split_whitespace();
    let (function, field, rest) = (words.next(), words.next(), words.next());
    let field = field.map(str::to_string);
    match (function, field, rest) {
        (Some("count"), None, None) => Ok(Aggregate::Count),
        (Some("count-distinct"), Some(f), None) => Ok(Aggregate::CountDistinct(f)),
        (Some("sum"), Some(f), None) => Ok(Aggregate::Sum(f)),
        (Some("mean"), Some(f), None) => Ok(Aggregate::Mean(f)),
        (Some("min"), Some(f), None) => Ok(Aggregate::Min(f)),
        (Some("max"), Some(f), None) => Ok(Aggregate::Max(f)),
        _ => Err(format!("unknown aggregate `{expr}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(text: &str) -> Result<Schema, Vec<Diagnostic>> {
        match resolve(Path::new("schema.yaml"), text) {
            (Some(schema), problems) if problems.is_empty() => Ok(schema),
            (_, problems) => Err(problems.into_sorted()),
        }
    }

    #[test]
    fn a_small_schema_resolves_with_defaults() {
        let s = schema(
            "collections:\n- name: firms\n  path: firms/\n  fields:\n  - {name: id}\n  - {name: name}\n  - {name: region, reference: regions}\n- name: regions\n  path: regions.csv\n  fields: [{name: id}, {name: name}]\n",
        )
        .unwrap();
        let firms = &s.collections[0];
        assert_eq!((firms.key, firms.title, firms.address.as_deref()), (Some(0), 1, Some("firms")));
        assert_eq!(firms.fields[2].reference, vec![1]);
        assert_eq!(firms.fields[2].label, "Region");
        assert_eq!(s.collections[1].source, Source::Csv(PathBuf::from("regions.csv")));
    }

    #[test]
    fn every_problem_is_reported_with_its_position_and_a_hint() {
        let errs = schema(
            "collections:\n- name: firms\n  path: ../firms/\n  fields:\n  - {name: id, type: strng}\n  - {name: region, reference: regoins}\n- name: regions\n  path: regions.csv\n  fields: [{name: id}]\ndatasets:\n- {name: x, from: firms, aggregate: {n: total}}\n",
        )
        .unwrap_err();
        let messages: Vec<String> =
            errs.iter().map(|d| format!("{}:{} {}", d.line, d.col, d.message)).collect();
        assert!(messages.iter().any(|m| m.starts_with("3:9 invalid path")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("unknown field type `strng`")), "{messages:?}");
        let reference = errs.iter().find(|d| d.message.contains("unknown collection `regoins`")).unwrap();
        assert!(reference.help.as_deref().unwrap().contains("did you mean `regions`?"));
        assert!(messages.iter().any(|m| m.contains("unknown aggregate `total`")), "{messages:?}");
    }

    #[test]
    fn undeclared_enum_labels_and_address_clashes_are_errors() {
        let errs = schema(
            "collections:\n- name: a\n  path: a/\n  address: tables\n  fields:\n  - {name: id}\n  - {name: k, constraints: {enum: [x]}, labels: {y: Why}}\n",
        )
        .unwrap_err();
        assert!(errs.iter().any(|d| d.message.contains("`y`, which is not one of its `enum` values")));
        assert!(errs.iter().any(|d| d.message.contains("address `tables/` is already taken")));
    }
}
