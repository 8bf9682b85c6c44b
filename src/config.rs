//! The site's `folio.yaml`: [`RawConfig`] is what the file may say (unknown keys rejected), and
//! [`Config`] is the resolved, checked form the rest of the pipeline uses.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::content::yaml;
use crate::diagnostic::{Diagnostic, Diagnostics, closest};
use crate::fsutil;
use crate::locale::Locale;
use crate::memo::{Product, Recall};

/// Name of the config file at the site root.
pub const CONFIG_FILE: &str = "folio.yaml";

/// Generated sections a site may switch off with `off:`: their pages are not written.
pub const OFF_SECTIONS: &[&str] = &["search", "tables", "print"];

/// Sections the navigation may list, in the order used when `nav` is not given.
pub const NAV_SECTIONS: &[&str] =
    &["chapters", "themes", "papers", "network", "changes", "tables", "references"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    title: String,
    #[serde(default)]
    subtitle: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    language: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    base_url: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    footer: Option<String>,
    #[serde(default)]
    nav: Option<Vec<serde_saphyr::Spanned<RawNavEntry>>>,
    #[serde(default)]
    allow_raw_html: bool,
    #[serde(default)]
    figures: Vec<RawFigure>,
    #[serde(default)]
    home: Option<RawHome>,
    #[serde(default)]
    off: Vec<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    bibliography: Option<RawBibliography>,
    #[serde(default)]
    print: Option<RawPrint>,
    #[serde(default)]
    strings: Option<RawStrings>,
}

/// `strings: {key: text, …}`: the site's own interface strings, each key kept with its place.
#[derive(Debug)]
struct RawStrings(Vec<(serde_saphyr::Spanned<String>, String)>);

impl<'de> Deserialize<'de> for RawStrings {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawStrings;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping of `key: text` lines")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<RawStrings, M::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(RawStrings(pairs))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// `print: {appendices: [tables, references]}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrint {
    appendices: Vec<serde_saphyr::Spanned<String>>,
}

/// Appendices of the print page that are folio's own sections (beside the collections).
pub const PRINT_APPENDICES: &[&str] = &["tables", "references"];

/// What the print page holds after the chapters, in this order: `tables`, `references`, or the
/// name of a collection (its listing).
#[derive(Debug, Clone, Serialize)]
pub struct PrintSettings {
    pub appendices: Vec<String>,
}

impl Default for PrintSettings {
    /// The indicator tables, then the bibliography: a printed report's usual back matter.
    /// Collections are left out unless chosen, since one may hold thousands of records.
    fn default() -> Self {
        PrintSettings { appendices: PRINT_APPENDICES.iter().map(|s| s.to_string()).collect() }
    }
}

/// `bibliography: {style: apa, list_uncited: true}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBibliography {
    #[serde(default)]
    style: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    list_uncited: Option<bool>,
}

/// How the bibliography is formatted: the CSL style (a built-in name, a name from hayagriva's
/// archive, or a `.csl` file relative to the site) and whether works cited nowhere are listed.
#[derive(Debug, Clone, Serialize)]
pub struct BibliographySettings {
    pub style: String,
    /// Where `style:` is written (1:1 when it is not).
    pub style_line: usize,
    pub style_col: usize,
    pub list_uncited: bool,
}

impl Default for BibliographySettings {
    fn default() -> Self {
        BibliographySettings { style: "apa".into(), style_line: 1, style_col: 1, list_uncited: true }
    }
}

/// `home: {chart: fig-label}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHome {
    #[serde(default)]
    chart: Option<serde_saphyr::Spanned<String>>,
}

/// What the home page shows besides its key figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HomeSettings {
    /// The label of the chart block shown on the first screen; checked against the site's
    /// labels when pages are rendered, and reported at `line`:`col` of `folio.yaml`.
    pub chart: Option<Placed>,
}

/// A value of `folio.yaml` with where it is written.
#[derive(Debug, Clone, Serialize)]
pub struct Placed {
    pub value: String,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFigure {
    value: serde_saphyr::Spanned<String>,
    label: String,
    #[serde(default)]
    link: Option<String>,
}

/// One entry of `nav` as written: a section's name, or a map (`{chapter: slug}` with an
/// optional `title`, or `{title: …, url: …}`), read as text pairs so that each mistake in it
/// gets its own message rather than serde's "did not match any variant".
#[derive(Debug)]
enum RawNavEntry {
    Section(String),
    Map(Vec<(String, String)>),
}

impl<'de> Deserialize<'de> for RawNavEntry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawNavEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a section's name, {chapter: slug} or {title: text, url: address}")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawNavEntry, E> {
                Ok(RawNavEntry::Section(v.to_string()))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<RawNavEntry, M::Error> {
                let mut pairs = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, String>()? {
                    pairs.push((key, value));
                }
                Ok(RawNavEntry::Map(pairs))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// The keys a map entry of `nav` may have.
const NAV_KEYS: &[&str] = &["chapter", "title", "url"];

/// One entry of the navigation.
#[derive(Debug, Clone, Serialize)]
pub enum NavEntry {
    /// A section folio generates: `chapters`, a collection's listing, `tables` ...
    Section(String),
    /// One chapter by its slug, under its own title or `title`; the slug is checked against
    /// the chapters when pages are rendered, and reported at `line`:`col` of `folio.yaml`.
    Chapter { slug: String, title: Option<String>, line: usize, col: usize },
    /// Any address (checked by [`crate::url::check`]): off the site, or a path from its root.
    Link { title: String, url: String, external: bool },
}

/// A key figure of the home page: an expression computed from the data, its label (which may
/// hold `{=expression}` too) and the page it links to.
#[derive(Debug, Clone, Serialize)]
pub struct HomeFigure {
    pub value: String,
    pub label: String,
    pub link: Option<String>,
    pub line: usize,
    pub col: usize,
}

/// The resolved site configuration.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    pub subtitle: Option<String>,
    pub author: Option<String>,
    /// The language tag as written (`fr-BE`), for `<html lang>`.
    pub language: String,
    /// The interface strings and number and date formats the tag chooses, with the site's
    /// own strings.
    pub locale: Locale,
    /// Absolute URL of the published site, always ending in `/`; used only where a URL must be
    /// absolute (sitemap, 404 page), never for links between pages.
    pub base_url: Option<String>,
    pub description: Option<String>,
    pub footer: Option<String>,
    pub nav: Vec<NavEntry>,
    /// Whether chapters may contain raw HTML (off by default: it is escaped).
    pub allow_raw_html: bool,
    /// The home page's key figures; empty: one per collection.
    pub figures: Vec<HomeFigure>,
    pub home: HomeSettings,
    /// Generated sections switched off (of [`OFF_SECTIONS`]): not written, linked or listed.
    pub off: Vec<String>,
    pub bibliography: BibliographySettings,
    /// The print page's appendices (the page itself is switched off with `off: [print]`).
    pub print: PrintSettings,
}

impl Config {
    /// Whether the site has the generated section `name` (not switched off).
    pub fn generates(&self, name: &str) -> bool {
        !self.off.iter().any(|o| o == name)
    }
}

/// The configuration resolved from `folio.yaml` (or its problems), kept by the memo under a
/// hash of the file's text, the `--base-url` override and the collections' names: all that
/// resolving reads.
struct Resolved;

impl Product for Resolved {
    type Key = u64;
    type Value = Arc<Result<Config, Diagnostics>>;
}

/// Reads and resolves `folio.yaml` in `site_dir`. `base_url_override` comes from `--base-url`;
/// `collections` are the names of the collections the site's schema declares, which the
/// navigation may list beside folio's own sections. With a `recall`, the same inputs as the
/// previous build's are not resolved again.
pub fn load(
    site_dir: &Path,
    base_url_override: Option<&str>,
    collections: &[&str],
    recall: Option<&Recall>,
) -> Result<Config, Diagnostics> {
    let path = site_dir.join(CONFIG_FILE);
    let text = fsutil::read_text(&path, site_dir).map_err(Diagnostics::from)?;
    let read = || {
        let shown = Path::new(CONFIG_FILE);
        let raw: RawConfig = yaml::parse(shown, &text, 0).map_err(Diagnostics::from)?;
        resolve(raw, shown, base_url_override, collections)
    };
    let key = || crate::memo::key((&text, base_url_override, collections));
    Arc::unwrap_or_clone(crate::memo::once::<Resolved>(recall, key, || Arc::new(read())))
}

fn resolve(
    raw: RawConfig,
    shown: &Path,
    base_url_override: Option<&str>,
    collections: &[&str],
) -> Result<Config, Diagnostics> {
    // The default order: the chapters' parts, the collections, then folio's own data pages.
    let (parts, rest) = NAV_SECTIONS.split_at(3);
    let sections: Vec<&str> =
        parts.iter().copied().chain(collections.iter().copied()).chain(rest.iter().copied()).collect();
    // Exhaustive destructuring: a new config field cannot be forgotten here.
    let RawConfig {
        title,
        subtitle,
        author,
        language,
        base_url,
        description,
        footer,
        nav,
        allow_raw_html,
        figures,
        home,
        off,
        bibliography,
        print,
        strings,
    } = raw;
    let mut diagnostics = Diagnostics::default();
    if title.trim().is_empty() {
        diagnostics.push(Diagnostic::new(shown, "`title` is empty").at(1, 1).help("give the report a title"));
    }
    let base_url = match (base_url_override, base_url) {
        (Some(url), _) => check_base_url(url).map_err(|m| Diagnostic::new("--base-url", m)),
        (None, Some(spanned)) => check_base_url(&spanned.value).map_err(|m| {
            Diagnostic::new(shown, m)
                .at(spanned.referenced.line() as usize, spanned.referenced.column() as usize)
        }),
        (None, None) => Ok(None),
    };
    let base_url = base_url.unwrap_or_else(|d| {
        diagnostics.push(d.help("write an absolute URL such as https://example.org/report/"));
        None
    });
    for name in &off {
        if !OFF_SECTIONS.contains(&name.value.as_str()) {
            let hint = closest(&name.value, OFF_SECTIONS.iter().copied())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            diagnostics.push(
                Diagnostic::new(shown, format!("`{}` cannot be switched off", name.value))
                    .at(name.referenced.line() as usize, name.referenced.column() as usize)
                    .help(format!(
                        "{hint}`off` takes: {}; collections, networks and changes are switched off in the schema",
                        OFF_SECTIONS.join(", ")
                    )),
            );
        }
    }
    let is_off = |name: &str| off.iter().any(|o| o.value == name);
    let nav = match nav {
        None => sections.iter().filter(|s| !is_off(s)).map(|s| NavEntry::Section(s.to_string())).collect(),
        Some(entries) => {
            for entry in &entries {
                if let RawNavEntry::Section(name) = &entry.value
                    && is_off(name)
                {
                    diagnostics.push(
                        Diagnostic::new(shown, format!("`nav` lists `{name}`, which `off` switches off"))
                            .at(entry.referenced.line() as usize, entry.referenced.column() as usize)
                            .help(format!("remove `{name}` from `nav` or from `off`")),
                    );
                }
            }
            entries.into_iter().filter_map(|e| nav_entry(e, &sections, shown, &mut diagnostics)).collect()
        }
    };
    let print = match print {
        None => PrintSettings {
            appendices: PrintSettings::default().appendices.into_iter().filter(|a| !is_off(a)).collect(),
        },
        Some(RawPrint { appendices }) => {
            let mut chosen: Vec<String> = Vec::new();
            for appendix in appendices {
                if let Some(name) =
                    print_appendix(appendix, collections, &chosen, &is_off, shown, &mut diagnostics)
                {
                    chosen.push(name);
                }
            }
            PrintSettings { appendices: chosen }
        }
    };
    let (language, locale) =
        crate::locale::resolve(language, strings.map(|s| s.0).unwrap_or_default(), shown, &mut diagnostics);
    let defaults = BibliographySettings::default();
    let bibliography = match bibliography {
        None => defaults,
        Some(RawBibliography { style, list_uncited }) => BibliographySettings {
            style_line: style.as_ref().map_or(1, |s| s.referenced.line() as usize),
            style_col: style.as_ref().map_or(1, |s| s.referenced.column() as usize),
            style: style.map_or(defaults.style, |s| s.value.trim().to_string()),
            list_uncited: list_uncited.unwrap_or(defaults.list_uncited),
        },
    };
    diagnostics.finish(Config {
        title,
        subtitle,
        author,
        language,
        locale,
        base_url,
        description,
        footer,
        nav,
        allow_raw_html,
        off: off.into_iter().map(|o| o.value).collect(),
        figures: figures
            .into_iter()
            .map(|f| HomeFigure {
                value: f.value.value.trim_start_matches('=').to_string(),
                line: f.value.referenced.line() as usize,
                col: f.value.referenced.column() as usize,
                label: f.label,
                link: f.link,
            })
            .collect(),
        home: HomeSettings {
            chart: home.and_then(|h| h.chart).map(|c| Placed {
                value: c.value.trim().to_string(),
                line: c.referenced.line() as usize,
                col: c.referenced.column() as usize,
            }),
        },
        bibliography,
        print,
    })
}

/// Checks one of `print: {appendices: […]}`: folio's own section or a collection, not switched
/// off, and named once (`chosen` are those before it), since each becomes one part of one page.
fn print_appendix(
    name: serde_saphyr::Spanned<String>,
    collections: &[&str],
    chosen: &[String],
    is_off: &dyn Fn(&str) -> bool,
    shown: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let (line, col) = (name.referenced.line() as usize, name.referenced.column() as usize);
    let valid: Vec<&str> = PRINT_APPENDICES.iter().chain(collections).copied().collect();
    let name = name.value.trim().to_string();
    let problem = match valid.contains(&name.as_str()) {
        false => {
            let hint = closest(&name, valid.iter().copied())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            Diagnostic::new(shown, format!("unknown print appendix `{name}`"))
                .help(format!("{hint}appendices are: {}", valid.join(", ")))
        }
        true if is_off(&name) => {
            Diagnostic::new(shown, format!("the print appendix `{name}` is switched off by `off`"))
                .help(format!("remove `{name}` from `print: {{appendices}}` or from `off`"))
        }
        true if chosen.contains(&name) => {
            Diagnostic::new(shown, format!("the print appendix `{name}` is listed twice"))
                .help("name each appendix once")
        }
        true => return Some(name),
    };
    diagnostics.push(problem.at(line, col));
    None
}

/// Resolves one `nav` entry, or reports why it cannot be one.
fn nav_entry(
    entry: serde_saphyr::Spanned<RawNavEntry>,
    sections: &[&str],
    shown: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<NavEntry> {
    let (line, col) = (entry.referenced.line() as usize, entry.referenced.column() as usize);
    let mut problem = |message: String, help: String| {
        diagnostics.push(Diagnostic::new(shown, message).at(line, col).help(help));
        None
    };
    match entry.value {
        RawNavEntry::Section(name) if sections.contains(&name.as_str()) => Some(NavEntry::Section(name)),
        RawNavEntry::Section(name) => {
            let hint = match closest(&name, sections.iter().copied()) {
                Some(best) => format!("did you mean `{best}`? "),
                None => String::new(),
            };
            problem(
                format!("unknown navigation section `{name}`"),
                format!(
                    "{hint}valid sections: {}; or `{{chapter: slug}}` for one chapter, `{{title: …, url: …}}` for a link",
                    sections.join(", ")
                ),
            )
        }
        RawNavEntry::Map(pairs) => {
            let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
            let (chapter, title, url) = (get("chapter"), get("title"), get("url"));
            if let Some((key, _)) = pairs.iter().find(|(k, _)| !NAV_KEYS.contains(&k.as_str())) {
                let hint = closest(key, NAV_KEYS.iter().copied())
                    .map(|k| format!("did you mean `{k}`? "))
                    .unwrap_or_default();
                return problem(
                    format!("unknown key `{key}` in a navigation entry"),
                    format!("{hint}valid keys: chapter, title, url"),
                );
            }
            match (chapter, title, url) {
                (Some(slug), title, None) => Some(NavEntry::Chapter { slug, title, line, col }),
                (None, Some(title), Some(url)) if title.trim().is_empty() => problem(
                    format!("the navigation link to `{}` has an empty `title`", url.escape_debug()),
                    "give the link a title: {title: Publisher, url: https://example.org/}".into(),
                ),
                (None, Some(title), Some(url)) => match crate::url::check(&url) {
                    Ok(target) => Some(NavEntry::Link { title, url, external: target == crate::url::Target::External }),
                    Err(error) => problem(error.message("navigation link", &url), error.help().to_string()),
                },
                _ => problem(
                    "a navigation entry needs `chapter`, or both `title` and `url`".into(),
                    "write {chapter: slug} (optionally with a title) or {title: Publisher, url: https://example.org/}".into(),
                ),
            }
        }
    }
}

/// Accepts `http(s)://host/path`, returning it with exactly one trailing slash.
fn check_base_url(url: &str) -> Result<Option<String>, String> {
    let url = url.trim();
    if url.is_empty() {
        return Ok(None);
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`base_url` must start with http:// or https://, found `{url}`"))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(char::is_whitespace) {
        return Err(format!("`base_url` has no host: `{url}`"));
    }
    Ok(Some(format!("{}/", url.trim_end_matches('/'))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve_str(text: &str) -> Result<Config, Diagnostics> {
        let raw = yaml::parse(Path::new(CONFIG_FILE), text, 0).map_err(Diagnostics::from)?;
        resolve(raw, Path::new(CONFIG_FILE), None, &[])
    }

    #[test]
    fn base_url_gets_one_trailing_slash() {
        let c = resolve_str("title: T\nbase_url: https://example.org/r//\n").unwrap();
        assert_eq!(c.base_url.as_deref(), Some("https://example.org/r/"));
        assert_eq!(c.language, "en");
    }

    #[test]
    fn print_appendices_default_to_the_tables_and_references_that_are_not_off() {
        let c = resolve_str("title: T\n").unwrap();
        assert_eq!(c.print.appendices, ["tables", "references"]);
        assert!(c.generates("print"));
        let c = resolve_str("title: T\noff: [tables, print]\n").unwrap();
        assert_eq!(c.print.appendices, ["references"]);
        assert!(!c.generates("print"));
    }

    #[test]
    fn print_appendices_are_checked() {
        let text =
            "title: T\noff: [tables]\nprint: {appendices: [references, tabels, tables, firms, references]}\n";
        let raw = yaml::parse(Path::new(CONFIG_FILE), text, 0).unwrap();
        let errs = resolve(raw, Path::new(CONFIG_FILE), None, &["firms"]).unwrap_err().into_sorted();
        let messages: Vec<_> = errs.iter().map(|d| (d.line, d.col, d.message.as_str())).collect();
        assert_eq!(
            messages,
            [
                (3, 34, "unknown print appendix `tabels`"),
                (3, 42, "the print appendix `tables` is switched off by `off`"),
                (3, 57, "the print appendix `references` is listed twice"),
            ]
        );
        assert!(errs[0].help.as_deref().unwrap().contains("did you mean `tables`?"));
        let raw =
            yaml::parse(Path::new(CONFIG_FILE), "title: T\nprint: {appendices: [firms, references]}\n", 0)
                .unwrap();
        let c = resolve(raw, Path::new(CONFIG_FILE), None, &["firms"]).unwrap();
        assert_eq!(c.print.appendices, ["firms", "references"]);
    }

    #[test]
    fn bad_nav_and_base_url_are_reported_together() {
        let errs = resolve_str("title: T\nbase_url: example.org\nnav: [chapters, tabels]\n").unwrap_err();
        let errs = errs.into_sorted();
        assert_eq!(errs.len(), 2);
        assert_eq!((errs[0].line, errs[0].col), (2, 11));
        assert!(errs[1].help.as_deref().unwrap().contains("did you mean `tables`?"));
    }
}
