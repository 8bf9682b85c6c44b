//! The researcher's own bibliography files turned into hayagriva entries, each with the place
//! its key is written: BibTeX/BibLaTeX (`.bib`), CSL-JSON (`.json`, as Zotero exports it) and
//! folio's own `references.yaml`. YAML and CSL-JSON items are mapped onto hayagriva's own entry
//! format and read by hayagriva's deserializer, so every source ends as the same [`Work`].

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::Work;
use crate::content::apparatus::ReferenceRecord;
use crate::diagnostic::{Diagnostic, line_col};

/// Reads a `.bib` file. A file that does not parse is one diagnostic at the fault (the
/// BibTeX parser stops there); fields of the wrong type are each a diagnostic.
pub fn bibtex(path: &Path, text: &str) -> Result<Vec<Work>, Vec<Diagnostic>> {
    let library = hayagriva::io::from_biblatex_str(text).map_err(|errors| {
        errors
            .into_iter()
            .map(|error| {
                let (span, message, help) = match error {
                    hayagriva::io::BibLaTeXError::Parse(e) => {
                        let help = if e.kind.to_string().starts_with("duplicate key") {
                            "every entry needs its own key; rename or remove one of them"
                        } else {
                            "an entry reads `@type{key, field = {value}, ...}`"
                        };
                        (e.span, format!("BibTeX: {}", e.kind), help)
                    }
                    hayagriva::io::BibLaTeXError::Type(e) => (
                        e.span,
                        format!("BibTeX: {}", e.kind),
                        "check the field's value: dates read `2015` or `2015-03-01`, pages `12--17`",
                    ),
                };
                let (line, col) = line_col(text, span.start);
                Diagnostic::new(path, message).at(line, col).help(help)
            })
            .collect::<Vec<_>>()
    })?;
    let positions = bib_key_positions(text);
    Ok(library
        .iter()
        .map(|entry| {
            let at = positions.iter().find(|(k, _)| k == entry.key()).map_or(0, |(_, at)| *at);
            let (line, col) = line_col(text, at);
            Work { key: entry.key().to_string(), path: path.to_path_buf(), line, col, entry: entry.clone() }
        })
        .collect())
}

/// Where each `@type{key,` entry's key starts (comments, `@string` and `@preamble` left out).
fn bib_key_positions(text: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices('@') {
        let rest = &text[at + 1..];
        let kind_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let kind = rest[..kind_len].to_ascii_lowercase();
        if kind.is_empty() || matches!(kind.as_str(), "string" | "preamble" | "comment") {
            continue;
        }
        let after = &rest[kind_len..];
        let spaces = after.len() - after.trim_start().len();
        if !after[spaces..].starts_with(['{', '(']) {
            continue;
        }
        let key_start = at + 1 + kind_len + spaces + 1;
        let key_text = &text[key_start..];
        let skipped = key_text.len() - key_text.trim_start().len();
        let key_start = key_start + skipped;
        let key_len = bytes[key_start..]
            .iter()
            .take_while(|b| !matches!(b, b',' | b'}' | b')') && !b.is_ascii_whitespace())
            .count();
        found.push((text[key_start..key_start + key_len].to_string(), key_start));
    }
    found
}

/// Reads a CSL-JSON file: a list of items, each with an `id`. Items with a URL that cannot be
/// a link are kept without it, the URL reported beside them.
pub fn csl_json(path: &Path, text: &str) -> Result<(Vec<Work>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let items: Vec<CslItem> = serde_json::from_str(text).map_err(|e| {
        vec![
            Diagnostic::new(path, format!("CSL-JSON: {e}"))
                .at(e.line(), e.column())
                .help("a CSL-JSON file is a list of items such as `{\"id\": \"key\", \"type\": \"book\", \"title\": \"...\"}`"),
        ]
    })?;
    let mut works = Vec::new();
    let mut problems = Vec::new();
    let mut url_problems = Vec::new();
    let mut search_from = 0;
    for item in items {
        let at = json_id_position(text, &item.id, search_from);
        search_from = at;
        let (line, col) = line_col(text, at);
        let mut fields = item.fields();
        if let Some(problem) = item.url.as_deref().and_then(url_problem) {
            url_problems.push(problem.place(path, &item.id, line, col));
            fields.url = None;
        }
        match entry_from(&item.id, &fields) {
            Ok(entry) => {
                works.push(Work { key: item.id.clone(), path: path.to_path_buf(), line, col, entry })
            }
            Err(message) => problems.push(
                Diagnostic::new(path, format!("item `{}`: {message}", item.id))
                    .at(line, col)
                    .help("see the CSL-JSON specification for each variable's form"),
            ),
        }
    }
    if problems.is_empty() { Ok((works, url_problems)) } else { Err(problems) }
}

/// The offset of the `"key"` string that follows an `"id"` member, searching from `from`.
fn json_id_position(text: &str, key: &str, from: usize) -> usize {
    let quoted = format!("\"{key}\"");
    let mut at = from;
    while let Some(found) = text[at..].find(&quoted) {
        let start = at + found;
        let before = text[..start].trim_end();
        if before.ends_with(':') && before[..before.len() - 1].trim_end().ends_with("\"id\"") {
            return start + 1;
        }
        at = start + quoted.len();
    }
    from
}

/// Turns one `references.yaml` record into a work placed at its key. A URL that cannot be a
/// link is a problem beside the work, which keeps everything else (so that the rest of the
/// site is still checked).
pub fn yaml_record(path: &Path, record: &ReferenceRecord) -> Result<(Work, Option<Diagnostic>), Diagnostic> {
    let key = &record.key.value;
    let (line, col) = (record.key.referenced.line() as usize, record.key.referenced.column() as usize);
    let url_problem = record.url.as_deref().and_then(url_problem).map(|p| p.place(path, key, line, col));
    let url = record.url.clone().filter(|_| url_problem.is_none());
    // "Berlin: Springer" names the place and the publisher.
    let (place, publisher) = match record.publisher.as_deref().map(|p| p.split_once(": ")) {
        Some(Some((place, name))) if !place.trim().contains(' ') => (Some(place.trim()), Some(name.trim())),
        _ => (None, record.publisher.as_deref()),
    };
    let fields = Fields {
        kind: record.kind.as_deref().map(yaml_kind).unwrap_or("misc"),
        authors: record.authors.iter().map(|a| yaml_name(a)).collect(),
        editors: record.editors.iter().map(|a| yaml_name(a)).collect(),
        date: record.year.map(Value::from),
        title: record.title.clone(),
        container: record.container.clone(),
        volume: record.volume.clone(),
        issue: record.issue.clone(),
        pages: record.pages.clone(),
        publisher: publisher.map(str::to_string),
        place: place.map(str::to_string),
        edition: None,
        genre: None,
        url,
        doi: record.doi.clone(),
        note: None,
    };
    let entry = entry_from(key, &fields).map_err(|message| {
        Diagnostic::new(path, format!("reference `{key}`: {message}"))
            .at(line, col)
            .help("see the README for the fields of a reference")
    })?;
    Ok((Work { key: key.clone(), path: PathBuf::from(path), line, col, entry }, url_problem))
}

/// A name as `references.yaml` writes it: "Segers, J.P." is a person (family name, then
/// initials, spaced as CSL expects them), a name without a comma an organisation, kept whole.
/// "R.G. Cooper" (initials first) is a person too; a comma followed by more than a few words
/// ("Institut wallon de l'évaluation, de la prospective et de la statistique") is not.
fn yaml_name(name: &str) -> Value {
    let spaced = |given: &str| given.replace('.', ". ").split_whitespace().collect::<Vec<_>>().join(" ");
    let words: Vec<&str> = name.split_whitespace().collect();
    match name.split_once(',') {
        Some((family, given)) if given.split_whitespace().count() <= 3 && !given.contains('(') => {
            json!({ "name": family.trim(), "given-name": spaced(given) })
        }
        None if words.len() >= 2 && words[..words.len() - 1].iter().all(|w| is_initials(w)) => {
            json!({ "name": words[words.len() - 1], "given-name": spaced(&words[..words.len() - 1].join(" ")) })
        }
        _ => json!({ "name": name.trim() }),
    }
}

/// "R.G." or "J.": capital letters, each followed by a full stop.
fn is_initials(word: &str) -> bool {
    word.ends_with('.')
        && word
            .split('.')
            .filter(|p| !p.is_empty())
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
}

/// Why a URL as written cannot be a reference's link: a scheme other than http(s) or a
/// control character ([`crate::url::check`], on the text as written, before hayagriva's URL
/// parser would drop tabs and newlines), or a relative address (a reference has no page of its
/// own to be relative to).
struct UrlProblem {
    message: String,
    help: &'static str,
}

impl UrlProblem {
    fn place(self, path: &Path, key: &str, line: usize, col: usize) -> Diagnostic {
        Diagnostic::new(path, format!("reference `{key}`: {}", self.message)).at(line, col).help(self.help)
    }
}

fn url_problem(url: &str) -> Option<UrlProblem> {
    match crate::url::check(url) {
        Err(error) => Some(UrlProblem { message: error.message("url", url), help: error.help() }),
        Ok(crate::url::Target::Relative) => Some(UrlProblem {
            message: format!("url `{url}` is not a full address"),
            help: "a reference's url starts with https:// or http://, e.g. `https://www.example.org/`",
        }),
        Ok(crate::url::Target::External) => None,
    }
}

/// folio's `kind:` values as hayagriva entry types.
fn yaml_kind(kind: &str) -> &'static str {
    match kind {
        "article" => "article",
        "book" => "book",
        "chapter" => "chapter",
        "report" => "report",
        "thesis" => "thesis",
        "web" => "web",
        "conference" | "proceedings" => "conference",
        _ => "misc",
    }
}

/// What folio reads of a reference, whatever file it came from.
struct Fields {
    /// A hayagriva entry type.
    kind: &'static str,
    /// Names in hayagriva's form: `"Family, Given"` or `{"name": ..., "given-name": ...}`.
    authors: Vec<Value>,
    editors: Vec<Value>,
    /// A year or an ISO date.
    date: Option<Value>,
    title: Option<String>,
    container: Option<String>,
    volume: Option<String>,
    issue: Option<String>,
    pages: Option<String>,
    publisher: Option<String>,
    place: Option<String>,
    edition: Option<String>,
    genre: Option<String>,
    url: Option<String>,
    doi: Option<String>,
    note: Option<String>,
}

/// Builds the entry in hayagriva's own format (the container is the parent: a periodical for
/// an article, a book for a chapter) and lets hayagriva read it.
fn entry_from(key: &str, f: &Fields) -> Result<hayagriva::Entry, String> {
    let mut entry = Map::new();
    let mut parent = Map::new();
    let parent_kind = match f.kind {
        "article" => Some("periodical"),
        "chapter" => Some("book"),
        "conference" => Some("proceedings"),
        "web" => Some("web"),
        _ => None,
    };
    let kind = if f.kind == "conference" { "article" } else { f.kind };
    entry.insert("type".into(), json!(kind));
    let set = |map: &mut Map<String, Value>, name: &str, value: &Option<String>| {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            map.insert(name.into(), json!(v));
        }
    };
    set(&mut entry, "title", &f.title);
    if !f.authors.is_empty() {
        entry.insert("author".into(), Value::Array(f.authors.clone()));
    }
    if let Some(date) = &f.date {
        entry.insert("date".into(), date.clone());
    }
    set(&mut entry, "page-range", &f.pages);
    set(&mut entry, "url", &f.url);
    set(&mut entry, "note", &f.note);
    set(&mut entry, "genre", &f.genre);
    set(&mut entry, "edition", &f.edition);
    if let Some(doi) = f.doi.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        entry.insert("serial-number".into(), json!({ "doi": doi }));
    }
    let mut publisher = Map::new();
    set(&mut publisher, "name", &f.publisher);
    set(&mut publisher, "location", &f.place);
    match parent_kind {
        Some(parent_kind) if f.container.is_some() => {
            parent.insert("type".into(), json!(parent_kind));
            set(&mut parent, "title", &f.container);
            set(&mut parent, "volume", &f.volume);
            set(&mut parent, "issue", &f.issue);
            if !f.editors.is_empty() {
                parent.insert("editor".into(), Value::Array(f.editors.clone()));
            }
            if !publisher.is_empty() {
                parent.insert("publisher".into(), Value::Object(publisher));
            }
            entry.insert("parent".into(), Value::Object(parent));
        }
        _ => {
            set(&mut entry, "volume", &f.volume);
            set(&mut entry, "issue", &f.issue);
            if !f.editors.is_empty() {
                entry.insert("editor".into(), Value::Array(f.editors.clone()));
            }
            if !publisher.is_empty() {
                entry.insert("publisher".into(), Value::Object(publisher));
            }
            if let Some(container) = f.container.as_deref().filter(|c| !c.trim().is_empty()) {
                entry.insert("parent".into(), json!({ "type": "misc", "title": container }));
            }
        }
    }
    let mut library = Map::new();
    library.insert(key.to_string(), Value::Object(entry));
    let library: hayagriva::Library =
        serde_json::from_value(Value::Object(library)).map_err(|e| e.to_string())?;
    library.get(key).cloned().ok_or_else(|| "could not be read".to_string())
}

/// One CSL-JSON item: the variables folio uses (others are ignored, as CSL processors do).
#[derive(Deserialize)]
struct CslItem {
    id: String,
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    author: Vec<CslName>,
    #[serde(default)]
    editor: Vec<CslName>,
    #[serde(default)]
    issued: Option<CslDate>,
    #[serde(default)]
    title: Option<String>,
    #[serde(rename = "container-title", default)]
    container_title: Option<String>,
    #[serde(default)]
    volume: Option<StringOrNumber>,
    #[serde(default)]
    issue: Option<StringOrNumber>,
    #[serde(default)]
    page: Option<StringOrNumber>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(rename = "publisher-place", default)]
    publisher_place: Option<String>,
    #[serde(default)]
    edition: Option<StringOrNumber>,
    #[serde(default)]
    genre: Option<String>,
    #[serde(rename = "URL", default)]
    url: Option<String>,
    #[serde(rename = "DOI", default)]
    doi: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct CslName {
    #[serde(default)]
    family: Option<String>,
    #[serde(default)]
    given: Option<String>,
    #[serde(default)]
    literal: Option<String>,
}

#[derive(Deserialize)]
struct CslDate {
    #[serde(rename = "date-parts", default)]
    date_parts: Vec<Vec<StringOrNumber>>,
}

#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum StringOrNumber {
    String(String),
    Number(i64),
}

impl StringOrNumber {
    fn text(&self) -> String {
        match self {
            StringOrNumber::String(s) => s.clone(),
            StringOrNumber::Number(n) => n.to_string(),
        }
    }
}

impl CslName {
    fn value(&self) -> Value {
        match (&self.family, &self.literal) {
            (Some(family), _) => match &self.given {
                Some(given) => json!({ "name": family, "given-name": given }),
                None => json!({ "name": family }),
            },
            (None, Some(literal)) => json!({ "name": literal }),
            (None, None) => json!({ "name": self.given.clone().unwrap_or_default() }),
        }
    }
}

impl CslItem {
    fn fields(&self) -> Fields {
        let kind = match self.kind.as_str() {
            "article-journal" | "article-magazine" | "article-newspaper" | "article" => "article",
            "book" => "book",
            "chapter" | "entry-encyclopedia" | "entry-dictionary" => "chapter",
            "paper-conference" => "conference",
            "report" => "report",
            "thesis" => "thesis",
            "webpage" | "post-weblog" | "post" => "web",
            _ => "misc",
        };
        let date = self.issued.as_ref().and_then(|d| d.date_parts.first()).and_then(|parts| {
            let parts: Vec<String> = parts.iter().map(StringOrNumber::text).collect();
            let year = parts.first()?.clone();
            Some(match parts.as_slice() {
                [_, month, day, ..] => json!(format!("{year}-{month:0>2}-{day:0>2}")),
                [_, month] => json!(format!("{year}-{month:0>2}")),
                _ => json!(year.parse::<i32>().map(Value::from).unwrap_or(Value::String(year))),
            })
        });
        Fields {
            kind,
            authors: self.author.iter().map(CslName::value).collect(),
            editors: self.editor.iter().map(CslName::value).collect(),
            date,
            title: self.title.clone(),
            container: self.container_title.clone(),
            volume: self.volume.as_ref().map(StringOrNumber::text),
            issue: self.issue.as_ref().map(StringOrNumber::text),
            pages: self.page.as_ref().map(StringOrNumber::text),
            publisher: self.publisher.clone(),
            place: self.publisher_place.clone(),
            edition: self.edition.as_ref().map(StringOrNumber::text),
            genre: self.genre.clone(),
            url: self.url.clone(),
            doi: self.doi.clone(),
            note: self.note.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bib_keys_are_found_where_written() {
        let text = "% c\n@Article{ Smith2015,\n title={x}}\n@string{a = b}\n@book(jones:2001, title={y})";
        let found = bib_key_positions(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, "Smith2015");
        assert_eq!(line_col(text, found[0].1), (2, 11));
        assert_eq!(found[1].0, "jones:2001");
    }

    #[test]
    fn biblatex_fields_are_read() {
        let text = "@article{ x2019,\n  author = {Ode, Ana},\n  title = {T},\n  journaltitle = {J},\n  date = {2019-03-02},\n  doi = {10.1/x}\n}";
        let works = bibtex(Path::new("r.bib"), text).unwrap();
        let e = &works[0].entry;
        assert_eq!((works[0].key.as_str(), works[0].line, works[0].col), ("x2019", 1, 11));
        assert_eq!(super::super::year(e), Some(2019));
        assert_eq!(e.parents()[0].title().map(|t| t.value.to_string()), Some("J".to_string()));
        assert_eq!(e.doi(), Some("10.1/x"));
    }

    #[test]
    fn csl_json_items_keep_their_variables() {
        let text = r#"[{"id": "k", "type": "chapter", "title": "C", "container-title": "B",
            "author": [{"family": "Ode", "given": "Ana"}, {"literal": "Harbour Board"}],
            "issued": {"date-parts": [[2010, 4]]}, "page": "3-9", "URL": "https://example.org/c"}]"#;
        let (works, problems) = csl_json(Path::new("r.json"), text).unwrap();
        assert!(problems.is_empty());
        let e = &works[0].entry;
        let authors: Vec<String> = e.authors().unwrap().iter().map(super::super::person).collect();
        assert_eq!(authors, ["Ode, Ana", "Harbour Board"]);
        assert_eq!(e.date().map(|d| (d.year, d.month)), Some((2010, Some(3))));
        assert_eq!(e.parents()[0].title().map(|t| t.value.to_string()), Some("B".to_string()));
        assert_eq!(e.url().map(|u| u.value.as_str()), Some("https://example.org/c"));
    }

    #[test]
    fn yaml_names_are_people_or_organisations() {
        assert_eq!(yaml_name("Segers, J.P."), json!({"name": "Segers", "given-name": "J. P."}));
        assert_eq!(yaml_name("R.G. Cooper"), json!({"name": "Cooper", "given-name": "R. G."}));
        assert_eq!(yaml_name("Essenscia"), json!({"name": "Essenscia"}));
        let long = "Institut, de la Prospective et de la Statistique (IWEPS)";
        assert_eq!(yaml_name(long), json!({ "name": long }));
    }

    #[test]
    fn json_ids_are_found_after_their_member_name() {
        let text = "[{\"title\": \"a\", \"id\": \"a\"}]";
        assert_eq!(json_id_position(text, "a", 0), 23);
    }
}
