//! Interface strings: one table per language (`en.yaml`, `fr.yaml`, `nl.yaml`, `de.yaml`
//! beside this file, embedded in the binary), every table with the same keys. Templates reach
//! the whole table as `t`; Rust code asks for the few strings it writes itself by [`Key`], so a
//! misspelt key there does not compile. A site overrides any string under `strings:`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Language;

/// The shipped tables, by language.
const TABLES: &[(Language, &str)] = &[
    (Language::En, include_str!("en.yaml")),
    (Language::Fr, include_str!("fr.yaml")),
    (Language::Nl, include_str!("nl.yaml")),
    (Language::De, include_str!("de.yaml")),
];

macro_rules! keys {
    ($($variant:ident = $name:literal),* $(,)?) => {
        /// The strings that Rust code writes (templates use the rest by name).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($variant),* }

        impl Key {
            /// Every key, for the test that each names a string of every table.
            pub const ALL: &[Key] = &[$(Key::$variant),*];

            /// The key's name in the tables.
            pub fn name(self) -> &'static str {
                match self { $(Key::$variant => $name),* }
            }
        }
    };
}

keys! {
    Contents = "contents",
    PartChapters = "part_chapters",
    PartThemes = "part_themes",
    PartPapers = "part_papers",
    AllChapters = "all_chapters",
    AllThemes = "all_themes",
    AllPapers = "all_papers",
    IndicatorTables = "indicator_tables",
    References = "references",
    ReferencesDescription = "references_description",
    Search = "search",
    NotFound = "not_found",
    Network = "network",
    WhatChanged = "what_changed",
    ChangesTitle = "changes_title",
    StatusNew = "status_new",
    StatusGone = "status_gone",
    StatusChanged = "status_changed",
    StatusUnchanged = "status_unchanged",
    ChangesPageTitle = "changes_page_title",
    BacklinksTitle = "backlinks_title",
    CitedInTitle = "cited_in_title",
    BooleanYes = "boolean_yes",
    BooleanNo = "boolean_no",
    RelatedHeading = "related_heading",
    RelatedIntro = "related_intro",
    NetworkCaption = "network_caption",
    NetworkShown = "network_shown",
    NeighbourhoodCaption = "neighbourhood_caption",
    ScopeEveryVintage = "scope_every_vintage",
    ScopeAllRecords = "scope_all_records",
    Tables = "tables",
    Appendices = "appendices",
    TablesDescription = "tables_description",
    Table = "table",
    Figure = "figure",
    TablePage = "table_page",
    ChartOfTable = "chart_of_table",
    ComputedFrom = "computed_from",
    ChartData = "chart_data",
    ChartSource = "chart_source",
    ChartDownload = "chart_download",
    ChartEmpty = "chart_empty",
    Links = "links",
    And = "and",
    NoValue = "no_value",
    NoValueFor = "no_value_for",
    DescCategorical = "desc_categorical",
    DescUnit = "desc_unit",
    DescMore = "desc_more",
    DescExtremes = "desc_extremes",
    DescPipeline = "desc_pipeline",
    DescThen = "desc_then",
    DescTag = "desc_tag",
    DescNetwork = "desc_network",
    DescMostConnected = "desc_most_connected",
    DescNodeLinks = "desc_node_links",
    DescPanels = "desc_panels",
    DescScatter = "desc_scatter",
    DescSized = "desc_sized",
    DescLeftOut = "desc_left_out",
    Point = "point",
    RowsCounted = "rows_counted",
}

/// One language's strings, by key. Serialized as a map for templates (`t.search_placeholder`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// The table folio ships for `language`. Every table parses and has every key (the tests
    /// below prove it), so nothing can be missing at run time.
    pub fn shipped(language: Language) -> Strings {
        let text = TABLES.iter().find(|(l, _)| *l == language).map_or("", |(_, text)| text);
        Strings(parse(text).unwrap_or_default())
    }

    pub fn get(&self, key: Key) -> &str {
        self.0.get(key.name()).map_or("", String::as_str)
    }

    /// Every key name, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Replaces the string of `key` with `text`. The error says why it cannot be: an unknown
    /// key (with the closest one), or a `{name}` that the string is never given.
    pub fn set(&mut self, key: &str, text: String) -> Result<(), Unusable> {
        let Some(shipped) = self.0.get(key) else {
            return Err(Unusable::Key(crate::diagnostic::closest(key, self.keys()).map(str::to_string)));
        };
        let given = placeholders(shipped);
        if let Some(unknown) = placeholders(&text).into_iter().find(|p| !given.contains(p)) {
            return Err(Unusable::Placeholder { name: unknown.to_string(), given: given.join(", ") });
        }
        self.0.insert(key.to_string(), text);
        Ok(())
    }
}

/// Why a site's override cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub enum Unusable {
    /// No string has this key; the closest key, if one is close.
    Key(Option<String>),
    /// The text uses `{name}`, which this string is not given (`given`: those it is).
    Placeholder { name: String, given: String },
}

fn parse(text: &str) -> Option<BTreeMap<String, String>> {
    serde_saphyr::from_str(text).ok()
}

/// The `{name}`s in `text`.
fn placeholders(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        rest = &rest[start + 1..];
        if let Some(end) = rest.find('}') {
            let name = &rest[..end];
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                names.push(name);
            }
        }
    }
    names
}

/// `text` with each `{name}` of `values` replaced by its value, in one pass (a value that holds
/// `{…}` is not filled again).
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let value = after
            .find('}')
            .and_then(|end| values.iter().find(|(name, _)| *name == &after[..end]).map(|(_, v)| (end, v)));
        match value {
            Some((end, value)) => {
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(language: Language) -> BTreeMap<String, String> {
        let text = TABLES.iter().find(|(l, _)| *l == language).unwrap().1;
        parse(text).unwrap_or_else(|| panic!("the {language:?} table does not parse"))
    }

    #[test]
    fn every_language_has_exactly_the_english_keys() {
        let english = table(Language::En);
        for &(_, language) in super::super::LANGUAGES {
            let other = table(language);
            let missing: Vec<&String> = english.keys().filter(|k| !other.contains_key(*k)).collect();
            let extra: Vec<&String> = other.keys().filter(|k| !english.contains_key(*k)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{language:?}: missing {missing:?}, extra {extra:?}"
            );
            for (key, text) in &other {
                assert!(!text.trim().is_empty(), "{language:?}: `{key}` is empty");
                let mut theirs = placeholders(text);
                let mut ours = placeholders(&english[key]);
                theirs.sort_unstable();
                ours.sort_unstable();
                assert_eq!(theirs, ours, "{language:?}: `{key}` fills other names than English");
            }
        }
    }

    #[test]
    fn every_key_rust_writes_is_in_the_tables() {
        let english = table(Language::En);
        for key in Key::ALL {
            assert!(english.contains_key(key.name()), "`{}` is not in en.yaml", key.name());
        }
    }

    #[test]
    fn fill_replaces_known_names_once() {
        assert_eq!(fill("{n} of {total} rows", &[("n", "3"), ("total", "{n}")]), "3 of {n} rows");
        assert_eq!(fill("a {b", &[("b", "x")]), "a {b");
        assert_eq!(fill("{x} {unknown}", &[("x", "1")]), "1 {unknown}");
    }

    #[test]
    fn overrides_are_checked() {
        let mut strings = Strings::shipped(Language::En);
        assert_eq!(strings.set("search_placeholder", "Find…".into()), Ok(()));
        assert_eq!(strings.0["search_placeholder"], "Find…");
        assert_eq!(
            strings.set("serch_placeholder", "x".into()),
            Err(Unusable::Key(Some("search_placeholder".into())))
        );
        assert_eq!(
            strings.set("search_many", "{count} hits".into()),
            Err(Unusable::Placeholder { name: "count".into(), given: "n".into() })
        );
    }
}
