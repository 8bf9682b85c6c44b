//! Figures computed from the data, for prose and the home page. In Markdown an inline code span
//! starting with `=` is an expression, replaced by its value at every build:
//!
//! | expression | value |
//! |---|---|
//! | `` `=count firms` `` | number of firm records (filters: `kind=`, `region=`, `listed=`, `source=` a reference key) |
//! | `` `=count alliances snapshot=2016-12` `` | alliance records (filters: `snapshot=`, `kind=`, `firm=`) |
//! | `` `=count partners snapshot=2016-12` `` | distinct partners in the alliances (same filters) |
//! | `` `=count companies` ``, `=count regions`, `=count tables`, `=count references` | records |
//! | `` `=share firms region=flanders` `` | that share of the firms, as a rounded percentage |
//! | `` `=top partner snapshot=2016-12` `` | the partner allied with most firms; `=top partner-count` its count |
//! | `` `=latest snapshot` `` | the newest data snapshot, e.g. "December 2016" |
//!
//! An unknown expression is an error at its position in the file. A site that declares its
//! collections in a schema uses the general syntax of [`query`] instead.

pub mod query;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Alliance, Data, Firm};
use crate::pages::labels;

/// Evaluates an expression (without its leading `=`).
pub fn evaluate(data: &Data, expr: &str) -> Result<String, String> {
    if !data.records.is_empty() {
        return query::evaluate(data, expr);
    }
    let mut words = expr.split_whitespace();
    let (Some(function), Some(subject)) = (words.next(), words.next()) else {
        return Err(format!("incomplete expression `={expr}`: write e.g. `=count firms`"));
    };
    let filters: Vec<(&str, &str)> = words
        .map(|w| w.split_once('=').ok_or_else(|| format!("`{w}` is not a filter: write key=value")))
        .collect::<Result<_, _>>()?;
    match (function, subject) {
        ("count", "firms") => Ok(firms(data, &filters)?.len().to_string()),
        ("count", "alliances") => Ok(alliances(data, &filters)?.len().to_string()),
        ("count", "partners") => {
            let partners: BTreeSet<&str> =
                alliances(data, &filters)?.iter().map(|a| a.partner.as_str()).collect();
            Ok(partners.len().to_string())
        }
        ("count", "companies") => no_filters(&filters).map(|_| data.companies.len().to_string()),
        ("count", "regions") => no_filters(&filters).map(|_| data.regions.len().to_string()),
        ("count", "tables") => no_filters(&filters).map(|_| data.tables.len().to_string()),
        ("count", "references") => no_filters(&filters).map(|_| data.references.len().to_string()),
        ("share", "firms") => {
            let all = data.firms.len().max(1) as f64;
            Ok(format!("{:.0}%", firms(data, &filters)?.len() as f64 * 100.0 / all))
        }
        ("top", "partner") => {
            Ok(top_partner(data, &filters)?.map_or_else(|| "none".into(), |(name, _)| name))
        }
        ("top", "partner-count") => Ok(top_partner(data, &filters)?.map_or(0, |(_, n)| n).to_string()),
        ("latest", "snapshot") => no_filters(&filters)
            .map(|_| data.latest_snapshot().map(labels::snapshot).unwrap_or_else(|| "no data".into())),
        _ => Err(format!(
            "unknown expression `={expr}`: use count (firms, alliances, partners, companies, regions, tables, \
             references), share firms, top partner, top partner-count or latest snapshot"
        )),
    }
}

fn no_filters(filters: &[(&str, &str)]) -> Result<(), String> {
    match filters.first() {
        Some((key, _)) => Err(format!("unknown filter `{key}` here")),
        None => Ok(()),
    }
}

fn firms<'a>(data: &'a Data, filters: &[(&str, &str)]) -> Result<Vec<&'a Firm>, String> {
    let mut firms: Vec<&Firm> = data.firms.iter().collect();
    for &(key, value) in filters {
        firms.retain(|f| match key {
            "kind" => serde_name(&f.kind) == value,
            "region" => f.region == value,
            "listed" => f.listed.iter().any(|l| l == value),
            "source" => f.sources.iter().any(|s| s == value),
            _ => true,
        });
        if !matches!(key, "kind" | "region" | "listed" | "source") {
            return Err(format!("unknown filter `{key}` for firms: use kind, region, listed or source"));
        }
    }
    Ok(firms)
}

fn alliances<'a>(data: &'a Data, filters: &[(&str, &str)]) -> Result<Vec<&'a Alliance>, String> {
    let mut list: Vec<&Alliance> = data.alliances.iter().collect();
    for &(key, value) in filters {
        if !matches!(key, "snapshot" | "kind" | "firm") {
            return Err(format!("unknown filter `{key}` for alliances: use snapshot, kind or firm"));
        }
        list.retain(|a| match key {
            "snapshot" => a.snapshot == value,
            "kind" => serde_name(&a.kind) == value,
            _ => a.firm == value,
        });
    }
    Ok(list)
}

/// The partner allied with the most distinct firms (ties: alphabetical), with that count.
fn top_partner(data: &Data, filters: &[(&str, &str)]) -> Result<Option<(String, usize)>, String> {
    let mut firms_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for a in alliances(data, filters)? {
        firms_of.entry(a.partner.as_str()).or_default().insert(a.firm.as_str());
    }
    let best = firms_of
        .iter()
        .map(|(id, firms)| (firms.len(), data.party(id).map_or(id.to_string(), |p| p.name().to_string())))
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)));
    Ok(best.map(|(n, name)| (name, n)))
}

/// The YAML spelling of an enum value (`new-biotech-firm`).
fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}
