//! Citations and the bibliography formatted by the site's CSL style, through one run of
//! hayagriva's driver over every citation of the site in reading order: numeric styles number
//! works by first citation, and same-author-same-year works are told apart (2015a, 2015b)
//! across the whole site. The output is HTML: every text escaped, every link checked.

use std::collections::{HashMap, HashSet};

use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{
    Collapse, Display, FontStyle, FontVariant, FontWeight, TextDecoration, VerticalAlign,
};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose, ElemChild,
    ElemChildren, ElemMeta, Formatting, LocatorPayload, SpecificLocator,
};

use rayon::prelude::*;

use super::Work;
use super::style::CslStyle;
use crate::html::escape_xml;

/// How a cited work appears in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// `[@key]`: "(Segers, 2015)".
    Parenthetical,
    /// `@key`: "Segers (2015)".
    Narrative,
    /// `[-@key]`: "(2015)".
    SuppressAuthor,
}

/// One work cited, with where in it (`p. 4`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cited {
    pub key: String,
    pub locator: Option<String>,
    pub mode: Mode,
}

/// One citation as written: `@a`, or `[@a; @b, p. 4]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Citation {
    pub items: Vec<Cited>,
}

/// The formatted citations and bibliography.
#[derive(Debug, Default)]
pub struct Formatted {
    /// The HTML of each citation, by document (in the order given) and position in it.
    pub citations: Vec<Vec<String>>,
    /// The bibliography in the style's order: each work's key and HTML.
    pub entries: Vec<(String, String)>,
}

/// Formats the citations of `documents` (in reading order) and the bibliography: every cited
/// work, and with `list_uncited` every other work too. Citation links lead to
/// `{root}references/#key`. Keys not among `works` are skipped (they are reported elsewhere).
pub fn format(
    style: &CslStyle,
    works: &[Work],
    documents: &[&[Citation]],
    list_uncited: bool,
    root: &str,
) -> Formatted {
    let by_key: HashMap<&str, &Work> = works.iter().map(|w| (w.key.as_str(), w)).collect();
    let cited: HashSet<&str> = documents
        .iter()
        .flat_map(|d| d.iter())
        .flat_map(|c| &c.items)
        .map(|i| i.key.as_str())
        .filter(|k| by_key.contains_key(k))
        .collect();
    let mut listed: Vec<&Work> =
        works.iter().filter(|w| list_uncited || cited.contains(w.key.as_str())).collect();
    let (items, entries) = if style.numeric {
        numbered(style, &listed, documents, &by_key, root)
    } else {
        listed.sort_by_cached_key(|w| sort_key(w));
        by_author(style, &listed, documents, &by_key, root)
    };
    let csl = &style.style;
    let layout = &csl.citation.layout;
    let collapse = matches!(
        csl.citation.collapse,
        Some(Collapse::Year | Collapse::YearSuffix | Collapse::YearSuffixRanged)
    );
    let group_delimiter = escape_xml(csl.citation.cite_group_delimiter.as_deref().unwrap_or(", "));
    let citations = documents
        .iter()
        .map(|citations| {
            citations
                .iter()
                .map(|citation| {
                    let mut known: Vec<&Cited> =
                        citation.items.iter().filter(|i| by_key.contains_key(i.key.as_str())).collect();
                    if let [only] = known.as_slice()
                        && (only.mode == Mode::Narrative || style.numeric)
                    {
                        return items.one.get(*only).cloned().unwrap_or_default();
                    }
                    if style.numeric {
                        return items.together.get(&Together(citation)).cloned().unwrap_or_default();
                    }
                    // Author-date: folio joins the items as the style's layout would.
                    if csl.citation.sort.is_some() {
                        // By the names as the citation shows them ("Cooke et al."), then year.
                        known.sort_by_cached_key(|i| {
                            let (names, year, title, key) = sort_key(by_key[i.key.as_str()]);
                            let shown = items.parts.get(*i).map(|(shown, _)| shown.to_lowercase());
                            (shown.unwrap_or(names), year, title, key)
                        });
                    }
                    let mut html = escape_xml(layout.prefix.as_deref().unwrap_or_default());
                    let delimiter = escape_xml(layout.delimiter.as_deref().unwrap_or("; "));
                    let mut previous: Option<&str> = None;
                    for (n, item) in known.iter().enumerate() {
                        let part = items.parts.get(*item).filter(|_| collapse);
                        match (part, previous) {
                            // "(Cooke, 1992, 1998)": the same names once, as the style collapses.
                            (Some((names, year)), Some(before)) if names == before => {
                                html.push_str(&group_delimiter);
                                html.push_str(year);
                            }
                            _ => {
                                if n > 0 {
                                    html.push_str(&delimiter);
                                }
                                html.push_str(items.one.get(*item).map(String::as_str).unwrap_or_default());
                            }
                        }
                        previous = part.map(|(names, _)| names.as_str());
                    }
                    html.push_str(&escape_xml(layout.suffix.as_deref().unwrap_or_default()));
                    html
                })
                .collect()
        })
        .collect();
    Formatted { citations, entries }
}

/// What a formatted citation is looked up by: one item, or (numeric styles) a whole citation.
#[derive(PartialEq, Eq, Hash)]
struct Together<'a>(&'a Citation);

/// Formatted citations by what they format.
#[derive(Default)]
struct Items<'a> {
    /// One cited item (author-date styles join them into citations; numeric styles, one-item
    /// citations).
    one: HashMap<&'a Cited, String>,
    /// A whole citation of several items (numeric styles).
    together: HashMap<Together<'a>, String>,
    /// A parenthetical item's names (as text) and the rest (linked), for styles that name an
    /// author once before several of their works.
    parts: HashMap<&'a Cited, (String, String)>,
}

/// Numeric styles: one driver over the whole site, so that works are numbered by first
/// citation; each distinct citation is formatted once, whole, with the style's brackets.
fn numbered<'a>(
    style: &CslStyle,
    listed: &[&'a Work],
    documents: &[&'a [Citation]],
    by_key: &HashMap<&str, &'a Work>,
    root: &str,
) -> (Items<'a>, Vec<(String, String)>) {
    let csl = &style.style;
    let locales = &style.locales;
    let mut driver = BibliographyDriver::new();
    let mut order: Vec<&'a Citation> = Vec::new();
    let mut seen = HashSet::new();
    for citation in documents.iter().flat_map(|d| d.iter()) {
        let known: Vec<&Cited> =
            citation.items.iter().filter(|i| by_key.contains_key(i.key.as_str())).collect();
        if known.is_empty() || !seen.insert(citation) {
            continue;
        }
        let items = known
            .iter()
            .map(|item| {
                let purpose = (item.mode == Mode::Narrative).then_some(CitePurpose::Prose);
                let locator = item.locator.as_deref().map(locator);
                CitationItem::new(&by_key[item.key.as_str()].entry, locator, None, false, purpose)
            })
            .collect();
        driver.citation(CitationRequest::from_items(items, csl, locales));
        order.push(citation);
    }
    let cited: HashSet<&str> = order.iter().flat_map(|c| &c.items).map(|i| i.key.as_str()).collect();
    // Works cited nowhere follow, one request each: hayagriva sorts a request's items.
    for work in listed.iter().filter(|w| !cited.contains(w.key.as_str())) {
        let hidden = vec![CitationItem::new(&work.entry, None, None, true, None)];
        driver.citation(CitationRequest::from_items(hidden, csl, locales));
    }
    let rendered = driver.finish(BibliographyRequest::new(csl, None, locales));
    let mut items = Items::default();
    for (citation, out) in order.iter().zip(&rendered.citations) {
        let keys: Vec<&str> =
            citation.items.iter().map(|i| i.key.as_str()).filter(|k| by_key.contains_key(k)).collect();
        let mut html = String::new();
        for child in &out.citation.0 {
            match child {
                ElemChild::Elem(elem) if matches!(elem.meta, Some(ElemMeta::Entry(_))) => {
                    let Some(ElemMeta::Entry(idx)) = elem.meta else { continue };
                    link(&mut html, root, keys.get(idx).copied().unwrap_or_default(), &elem.children);
                }
                other => write_child(&mut html, other),
            }
        }
        match citation.items.as_slice() {
            [only] => items.one.insert(only, html),
            _ => items.together.insert(Together(citation), html),
        };
    }
    (items, bibliography_entries(rendered.bibliography, |key| by_key.get(key).and_then(|w| w.entry.doi())))
}

/// Author-date styles: works are formatted in groups that share a first name (or, without
/// names, a title), one driver each and in parallel. Only such works can read alike, so each
/// group is told apart (2015a, 2015b) as the style says, and hayagriva's disambiguation, which
/// gives up after a few rounds over all groups at once, sees few at a time. Each distinct cited
/// item is formatted once; [`format`] joins them into citations.
fn by_author<'a>(
    style: &CslStyle,
    listed: &[&'a Work],
    documents: &[&'a [Citation]],
    by_key: &HashMap<&str, &'a Work>,
    root: &str,
) -> (Items<'a>, Vec<(String, String)>) {
    let mut groups: HashMap<String, (Vec<&'a Work>, Vec<&'a Cited>)> = HashMap::new();
    for work in listed {
        groups.entry(group_key(work)).or_default().0.push(work);
    }
    let mut seen = HashSet::new();
    for item in documents.iter().flat_map(|d| d.iter()).flat_map(|c| &c.items) {
        if let Some(work) = by_key.get(item.key.as_str())
            && seen.insert(item)
        {
            groups.entry(group_key(work)).or_default().1.push(item);
        }
    }
    let mut groups: Vec<_> = groups.into_values().collect();
    groups.sort_by(|a, b| a.0.first().map(|w| &w.key).cmp(&b.0.first().map(|w| &w.key)));
    let done: Vec<Group<'a>> =
        groups.par_iter().map(|(works, cited)| author_group(style, works, cited, root)).collect();
    let mut items = Items::default();
    let mut entries: HashMap<String, String> = HashMap::new();
    for (group_items, group_entries) in done {
        for (item, html, parts) in group_items {
            items.one.insert(item, html);
            if let Some(parts) = parts {
                items.parts.insert(item, parts);
            }
        }
        entries.extend(group_entries);
    }
    let entries = listed.iter().filter_map(|w| Some((w.key.clone(), entries.remove(&w.key)?))).collect();
    (items, entries)
}

/// A group's formatted items (with their names and the rest, when they start with names) and
/// bibliography entries (key, HTML).
type Group<'a> = (Vec<(&'a Cited, String, Option<(String, String)>)>, Vec<(String, String)>);

/// One group of [`by_author`]: its works (in folio's order, cited first, hidden, so that the
/// style's bibliography follows that order) and the items citing them.
fn author_group<'a>(style: &CslStyle, works: &[&'a Work], cited: &[&'a Cited], root: &str) -> Group<'a> {
    let csl = &style.sortless;
    let locales = &style.locales;
    let mut driver = BibliographyDriver::new();
    let entry_of: HashMap<&str, &hayagriva::Entry> =
        works.iter().map(|w| (w.key.as_str(), &w.entry)).collect();
    let cited: Vec<&Cited> =
        cited.iter().copied().filter(|c| entry_of.contains_key(c.key.as_str())).collect();
    // Hidden first citations (each costs renders): a work cited nowhere needs one to be
    // listed; works of a group of several need them so that their letters follow folio's order.
    let mut hidden = 0;
    for work in works {
        if works.len() > 1 || !cited.iter().any(|c| c.key == work.key) {
            let item = vec![CitationItem::new(&work.entry, None, None, true, None)];
            driver.citation(CitationRequest::from_items(item, csl, locales));
            hidden += 1;
        }
    }
    for item in &cited {
        let purpose = match item.mode {
            Mode::Parenthetical => None,
            Mode::Narrative => Some(CitePurpose::Prose),
            // Narrative, then the author taken out ([`without_author`]): hayagriva's own
            // year-only form drops the locator and the year's letter.
            Mode::SuppressAuthor => Some(CitePurpose::Prose),
        };
        let locator = item.locator.as_deref().map(locator);
        let one = vec![CitationItem::new(entry_of[item.key.as_str()], locator, None, false, purpose)];
        driver.citation(CitationRequest::from_items(one, csl, locales));
    }
    let rendered = driver.finish(BibliographyRequest::new(csl, None, locales));
    let items = cited
        .iter()
        .zip(&rendered.citations[hidden..])
        .map(|(item, out)| {
            // The item alone, without the style's parentheses: folio joins a citation's items.
            let mut html = String::new();
            let mut parts = None;
            for child in &out.citation.0 {
                if let ElemChild::Elem(elem) = child
                    && matches!(elem.meta, Some(ElemMeta::Entry(_)))
                {
                    let children = match item.mode {
                        Mode::SuppressAuthor => without_author(&elem.children, csl),
                        _ => elem.children.clone(),
                    };
                    link(&mut html, root, &item.key, &children);
                    if item.mode == Mode::Parenthetical {
                        parts = names_and_rest(&elem.children).map(|(names, rest)| {
                            let mut linked = String::new();
                            link(&mut linked, root, &item.key, &rest);
                            (names, linked)
                        });
                    }
                }
            }
            (*item, html, parts)
        })
        .collect();
    let doi_of = |key: &str| entry_of.get(key).and_then(|e| e.doi());
    (items, bibliography_entries(rendered.bibliography, doi_of))
}

/// The works that may read alike in a citation share this: the first author's (or editor's)
/// family name, else the title.
fn group_key(work: &Work) -> String {
    let e = &work.entry;
    let people = e.authors().or_else(|| e.editors()).unwrap_or_default();
    match people.first() {
        Some(p) => p.name.to_lowercase(),
        None => e.title().map(|t| t.value.to_string().to_lowercase()).unwrap_or_default(),
    }
}

/// A narrative citation ("Marsh (2019a, p. 4)") without its names and parentheses: "2019a,
/// p. 4". Left whole when it does not start with names (a work without author).
fn without_author(children: &ElemChildren, csl: &hayagriva::citationberg::IndependentStyle) -> ElemChildren {
    let parts = &children.0;
    let is_text = |child: Option<&ElemChild>, affix: Option<&str>, fallback: &str| matches!(child, Some(ElemChild::Text(t)) if t.text.trim() == affix.unwrap_or(fallback).trim());
    let layout = &csl.citation.layout;
    let starts_with_names =
        matches!(parts.first(), Some(ElemChild::Elem(e)) if matches!(e.meta, Some(ElemMeta::Names(_))));
    if !starts_with_names || !is_text(parts.get(1), layout.prefix.as_deref(), "(") {
        return children.clone();
    }
    let end =
        if is_text(parts.last(), layout.suffix.as_deref(), ")") { parts.len() - 1 } else { parts.len() };
    ElemChildren(parts[2..end.max(2)].to_vec())
}

/// A parenthetical item that starts with names and a delimiter ("Cooke", ", ", "1998"): the
/// names as HTML and what follows the delimiter.
fn names_and_rest(children: &ElemChildren) -> Option<(String, ElemChildren)> {
    let [ElemChild::Elem(names), ElemChild::Text(_), rest @ ..] = children.0.as_slice() else { return None };
    if !matches!(names.meta, Some(ElemMeta::Names(_))) || rest.is_empty() {
        return None;
    }
    let mut html = String::new();
    write_children(&mut html, &names.children);
    Some((html, ElemChildren(rest.to_vec())))
}

/// A cited work as a link to its bibliography entry.
fn link(html: &mut String, root: &str, key: &str, children: &ElemChildren) {
    let mut text = String::new();
    write_children(&mut text, children);
    html.push_str(&format!("<a class=\"citation\" href=\"{root}references/#{}\">", escape_xml(key)));
    html.push_str(&tidy(text));
    html.push_str("</a>");
}

/// Works around hayagriva printing the delimiter of a date part that is absent: APA's date of
/// a web page with only a year reads "(2016,)". A comma never closes parentheses.
fn tidy(html: String) -> String {
    if html.contains(",)") || html.contains(", )") {
        html.replace(", )", ")").replace(",)", ")")
    } else {
        html
    }
}

/// Each entry of a rendered bibliography as its key and HTML; `doi_of` gives a work's DOI.
fn bibliography_entries<'e>(
    bibliography: Option<hayagriva::RenderedBibliography>,
    doi_of: impl Fn(&str) -> Option<&'e str>,
) -> Vec<(String, String)> {
    let Some(bibliography) = bibliography else { return Vec::new() };
    bibliography
        .items
        .into_iter()
        .map(|item| {
            let mut html = String::new();
            if let Some(first) = &item.first_field {
                html.push_str("<span class=\"csl-label\">");
                write_child(&mut html, first);
                html.push_str("</span> ");
            }
            write_children(&mut html, &item.content);
            let html = match doi_of(&item.key) {
                Some(doi) => link_doi(tidy(html), doi),
                None => tidy(html),
            };
            (item.key, html)
        })
        .collect()
}

/// A DOI the style prints as text (IEEE: "doi: 10.1000/x") becomes a link to doi.org, as it
/// is in the styles that print it as a URL.
fn link_doi(html: String, doi: &str) -> String {
    let text = escape_xml(doi);
    if html.contains(&format!("doi.org/{text}\"")) {
        return html;
    }
    let Some(at) = html.find(&text) else { return html };
    let href = escape_xml(&format!("https://doi.org/{doi}"));
    if crate::url::check(&format!("https://doi.org/{doi}")).is_err() {
        return html;
    }
    format!("{}<a href=\"{href}\" rel=\"external\">{text}</a>{}", &html[..at], &html[at + text.len()..])
}

/// folio's order for author-date styles, as theirs: names (family, then given; the title when
/// there are none), year, title, key; case and accents folded.
fn sort_key(work: &Work) -> (String, i32, String, String) {
    let e = &work.entry;
    let fold =
        |s: &str| s.chars().flat_map(char::to_lowercase).map(crate::content::fold_accent).collect::<String>();
    let title = e.title().map(|t| fold(&t.value.to_string())).unwrap_or_default();
    let people = e.authors().or_else(|| e.editors()).unwrap_or_default();
    let names = if people.is_empty() {
        title.clone()
    } else {
        people
            .iter()
            .map(|p| fold(&format!("{} {}", p.name, p.given_name.as_deref().unwrap_or_default())))
            .collect::<Vec<_>>()
            .join(";")
    };
    (names, super::year(e).unwrap_or(i32::MAX), title, work.key.clone())
}

/// `p. 4`, `pp. 4–5`, `chap. 2`, `sec. 3` ...: the CSL locator type and its value. A bare
/// number is a page; anything else is shown as written.
fn locator(text: &str) -> SpecificLocator<'_> {
    const LABELS: &[(&str, Locator)] = &[
        ("pp.", Locator::Page),
        ("p.", Locator::Page),
        ("page", Locator::Page),
        ("pages", Locator::Page),
        ("chap.", Locator::Chapter),
        ("ch.", Locator::Chapter),
        ("chapter", Locator::Chapter),
        ("sec.", Locator::Section),
        ("section", Locator::Section),
        ("§", Locator::Section),
        ("para.", Locator::Paragraph),
        ("¶", Locator::Paragraph),
        ("fig.", Locator::Figure),
        ("figure", Locator::Figure),
        ("tab.", Locator::Table),
        ("table", Locator::Table),
        ("vol.", Locator::Volume),
        ("n.", Locator::Note),
        ("note", Locator::Note),
        ("l.", Locator::Line),
        ("line", Locator::Line),
        ("app.", Locator::Appendix),
        ("appendix", Locator::Appendix),
    ];
    let text = text.trim();
    let lower = text.to_lowercase();
    for (label, kind) in LABELS {
        if let Some(rest) = lower.strip_prefix(label)
            && (rest.starts_with(' ') || label.ends_with('.') || !label.is_ascii())
        {
            let value = text[text.len() - rest.len()..].trim();
            return SpecificLocator(*kind, LocatorPayload::Str(value));
        }
    }
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        SpecificLocator(Locator::Page, LocatorPayload::Str(text))
    } else {
        SpecificLocator(Locator::Custom, LocatorPayload::Str(text))
    }
}

fn write_children(html: &mut String, children: &ElemChildren) {
    for child in &children.0 {
        write_child(html, child);
    }
}

/// One piece of formatted output as HTML: text escaped, formatting as elements, links only
/// when [`crate::url::check`] accepts them (the sources were checked already; this is the
/// last guard).
fn write_child(html: &mut String, child: &ElemChild) {
    match child {
        ElemChild::Text(text) => formatted(html, &text.text, text.formatting),
        ElemChild::Markup(text) => html.push_str(&escape_xml(text)),
        ElemChild::Link { text, url } => {
            if crate::url::check(url).is_ok() {
                html.push_str(&format!("<a href=\"{}\" rel=\"external\">", escape_xml(url)));
                formatted(html, &text.text, text.formatting);
                html.push_str("</a>");
            } else {
                formatted(html, &text.text, text.formatting);
            }
        }
        ElemChild::Elem(elem) => {
            let class = match elem.display {
                Some(Display::Block) => Some("csl-block"),
                Some(Display::LeftMargin) => Some("csl-left-margin"),
                Some(Display::RightInline) => Some("csl-right-inline"),
                Some(Display::Indent) => Some("csl-indent"),
                None => None,
            };
            if let Some(class) = class {
                html.push_str(&format!("<span class=\"{class}\">"));
            }
            write_children(html, &elem.children);
            if class.is_some() {
                html.push_str("</span>");
            }
        }
        ElemChild::Transparent { .. } => {}
    }
}

/// Escaped text inside the elements its formatting asks for.
fn formatted(html: &mut String, text: &str, f: Formatting) {
    let mut close = Vec::new();
    let mut open = |tag: &'static str, html: &mut String| {
        html.push_str(&format!("<{tag}>"));
        close.push(tag);
    };
    if f.font_style == FontStyle::Italic {
        open("i", html);
    }
    if f.font_weight == FontWeight::Bold {
        open("b", html);
    }
    if f.text_decoration == TextDecoration::Underline {
        open("u", html);
    }
    match f.vertical_align {
        VerticalAlign::Sup => open("sup", html),
        VerticalAlign::Sub => open("sub", html),
        _ => {}
    }
    let small_caps = f.font_variant == FontVariant::SmallCaps;
    if small_caps {
        html.push_str("<span class=\"small-caps\">");
    }
    html.push_str(&escape_xml(text));
    if small_caps {
        html.push_str("</span>");
    }
    for tag in close.iter().rev() {
        html.push_str(&format!("</{tag}>"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locators_take_their_label() {
        assert_eq!(locator("p. 4"), SpecificLocator(Locator::Page, LocatorPayload::Str("4")));
        assert_eq!(locator("pp. 4–7"), SpecificLocator(Locator::Page, LocatorPayload::Str("4–7")));
        assert_eq!(locator("12"), SpecificLocator(Locator::Page, LocatorPayload::Str("12")));
        assert_eq!(locator("chap. 3"), SpecificLocator(Locator::Chapter, LocatorPayload::Str("3")));
        assert_eq!(
            locator("emphasis added"),
            SpecificLocator(Locator::Custom, LocatorPayload::Str("emphasis added"))
        );
    }
}

#[cfg(test)]
mod driver_tests {
    use super::*;
    use crate::config::BibliographySettings;

    fn works(bib: &str) -> Vec<Work> {
        super::super::sources::bibtex(std::path::Path::new("r.bib"), bib).unwrap()
    }

    fn style(name: &str) -> std::sync::Arc<CslStyle> {
        let settings = BibliographySettings { style: name.into(), ..BibliographySettings::default() };
        super::super::style::load(std::path::Path::new("."), &settings, None).unwrap()
    }

    fn cite(key: &str, mode: Mode, locator: Option<&str>) -> Citation {
        Citation { items: vec![Cited { key: key.into(), locator: locator.map(str::to_string), mode }] }
    }

    #[test]
    fn same_author_same_year_get_letters() {
        let w = works(
            "@report{a, author={Essenscia}, title={One}, year={2015}}\n\
             @report{b, author={Essenscia}, title={Two}, year={2015}}\n\
             @book{c, author={Kim, Ana and Lee, Bo}, title={Three}, year={2001}, doi={10.1000/xyz}}\n",
        );
        let doc = [
            cite("a", Mode::Parenthetical, None),
            cite("b", Mode::Narrative, None),
            cite("c", Mode::SuppressAuthor, Some("p. 4")),
            cite("c", Mode::Parenthetical, Some("p. 4")),
            Citation {
                items: vec![
                    Cited { key: "b".into(), locator: None, mode: Mode::Parenthetical },
                    Cited { key: "a".into(), locator: None, mode: Mode::Parenthetical },
                ],
            },
        ];
        let f = format(&style("apa"), &w, &[&doc], true, "");
        let link =
            |key: &str, text: &str| format!("<a class=\"citation\" href=\"references/#{key}\">{text}</a>");
        assert_eq!(
            f.citations[0],
            [
                format!("({})", link("a", "Essenscia, 2015a")),
                link("b", "Essenscia (2015b)"),
                format!("({})", link("c", "2001, p. 4")),
                format!("({})", link("c", "Kim &amp; Lee, 2001, p. 4")),
                // Sorted as APA sorts, and the author named once.
                format!("({}, {})", link("a", "Essenscia, 2015a"), link("b", "2015b")),
            ]
        );
        assert_eq!(f.entries[0], ("a".to_string(), "Essenscia. (2015a). <i>One</i>.".to_string()));
        assert_eq!(
            f.entries[2].1,
            "Kim, A., &amp; Lee, B. (2001). <i>Three</i>. \
             <a href=\"https://doi.org/10.1000/xyz\" rel=\"external\">https://doi.org/10.1000/xyz</a>"
        );
    }
}

#[cfg(test)]
mod builtin_tests {
    use super::*;
    use crate::config::BibliographySettings;

    /// Each built-in style formats the same citation in its own way.
    #[test]
    fn the_four_built_in_styles() {
        let works = super::super::sources::bibtex(
            std::path::Path::new("r.bib"),
            "@book{kim2001, author={Kim, Ana and Lee, Bo}, title={Tides}, publisher={Harbour Press}, year={2001}}",
        )
        .unwrap();
        let cited = Citation {
            items: vec![Cited {
                key: "kim2001".into(),
                locator: Some("p. 4".into()),
                mode: Mode::Parenthetical,
            }],
        };
        let expected = [
            (
                "apa",
                "(Kim &amp; Lee, 2001, p. 4)",
                "Kim, A., &amp; Lee, B. (2001). <i>Tides</i>. Harbour Press.",
            ),
            (
                "chicago-author-date",
                "(Kim and Lee 2001, 4)",
                "Kim, Ana, and Bo Lee. 2001. <i>Tides</i>. Harbour Press.",
            ),
            (
                "harvard",
                "(Kim and Lee, 2001, p. 4)",
                "Kim, A. and Lee, B. (2001) <i>Tides</i>. Harbour Press.",
            ),
            (
                "ieee",
                "[1, p. 4]",
                "<span class=\"csl-label\">[1]</span> A. Kim and B. Lee, <i>Tides</i>. Harbour Press, 2001.",
            ),
        ];
        for (name, citation, entry) in expected {
            let settings = BibliographySettings { style: name.into(), ..BibliographySettings::default() };
            let style = super::super::style::load(std::path::Path::new("."), &settings, None).unwrap();
            let f = format(&style, &works, &[std::slice::from_ref(&cited)], true, "");
            let text = f.citations[0][0].replace("<a class=\"citation\" href=\"references/#kim2001\">", "");
            assert_eq!((name, text.replace("</a>", "").as_str()), (name, citation));
            assert_eq!((name, f.entries[0].1.as_str()), (name, entry));
        }
    }
}
