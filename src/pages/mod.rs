//! Rendering: the site model → HTML pages through the theme's Tera templates, plus the theme's
//! assets, the sitemap and the 404 page, all into an in-memory [`Site`].

mod backlinks;
mod collections;
mod contents;
pub use pagination::is_continued as is_continued_page;
pub mod context;
pub mod exports;
mod filters;
mod home;
mod networks;
mod pagination;
mod panels;
mod print;
pub use print::is_print_page;
mod references;
mod tables;
pub mod theme;

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::config::{Config, NavEntry};
use crate::content::chapters::Chapter;
use crate::diagnostic::{Diagnostic, Diagnostics, closest};
use crate::html::escape_xml;
use crate::locale::{Key, Locale};
use crate::memo::{self, Product, Recall};
use crate::model::Data;
use crate::prose::{Prose, RenderedChapter};
use crate::site::Emitter;
use context::*;
use theme::Theme;

/// Navigation groups list at most this many entries before "all N ...".
const NAV_LIMIT: usize = 12;

/// The home page lists at most this many chapters per part; the contents page lists them all.
const HOME_LIMIT: usize = 20;

/// Everything rendering needs, produced by the earlier stages.
pub struct Model<'a> {
    pub config: &'a Config,
    /// Published chapters and case bodies, rendered.
    pub prose: &'a Prose,
    pub data: &'a Data,
    /// Counts rendered pages for the progress display, when there is one.
    pub progress: Option<&'a crate::progress::Progress>,
    /// The previous build's pages, reused where their inputs are unchanged (`serve`).
    pub recall: Option<&'a Recall<'a>>,
}

/// A template and its typed page context, rendered to one output file.
pub(crate) struct Job<'a, P: Serialize> {
    pub(crate) path: String,
    pub(crate) template: &'static str,
    pub(crate) title: &'a str,
    pub(crate) description: Option<&'a str>,
    pub(crate) section: &'a str,
    pub(crate) page: P,
}

pub(crate) struct Renderer<'a> {
    tera: &'a tera::Tera,
    /// The previous build's pages and the key of everything all pages share (templates and
    /// global context).
    memo: Option<(&'a Recall<'a>, u64)>,
    out: &'a Emitter<'a>,
    diagnostics: Diagnostics,
    progress: Option<&'a crate::progress::Progress>,
}

impl Renderer<'_> {
    /// Renders one page into the site.
    pub(crate) fn render<P: Serialize>(&mut self, job: Job<'_, P>) {
        let (path, result) = render_page(self.tera, self.memo, job);
        self.add(path, result);
    }

    /// Renders one page per item, in parallel, each handed on as soon as it is made; problems
    /// are kept in the items' order, so they do not depend on scheduling.
    pub(crate) fn render_all<'j, T, P>(&mut self, items: &'j [T], job: impl Fn(&'j T) -> Job<'j, P> + Sync)
    where
        T: Sync,
        P: Serialize,
    {
        self.render_all_then(items, job, |_, html, _| html);
    }

    /// [`Renderer::render_all`], each page's HTML then passed through `finish` (which fills in
    /// what is too large to copy through the template's context), with the memo key that
    /// stands for that HTML when there is a memo.
    pub(crate) fn render_all_then<'j, T, P>(
        &mut self,
        items: &'j [T],
        job: impl Fn(&'j T) -> Job<'j, P> + Sync,
        finish: impl Fn(&'j T, Arc<Vec<u8>>, Option<u64>) -> Arc<Vec<u8>> + Sync,
    ) where
        T: Sync,
        P: Serialize,
    {
        let (tera, memo, progress, out) = (self.tera, self.memo, self.progress, self.out);
        let problems: Vec<Diagnostic> = items
            .par_iter()
            .filter_map(|item| {
                let (path, key, result) = render_keyed(tera, memo, job(item));
                progress.inspect(|p| p.page_done());
                result.map(|html| out.put_shared(path, finish(item, html, key))).err()
            })
            .collect();
        self.diagnostics.extend(problems.into_iter().collect());
    }

    /// Renders a section of pages through `render`; with a memo, the previous build's pages
    /// of the section when the key that `inputs` computes (of everything the section reads
    /// besides what all pages share) is unchanged, so that an edit elsewhere neither builds
    /// nor hashes the section's contexts again. A section whose rendering fails is not kept.
    pub(crate) fn section_once(&mut self, inputs: impl FnOnce() -> u64, render: impl FnOnce(&mut Renderer)) {
        let Some((recall, shared)) = self.memo else { return render(self) };
        let key = memo::key((shared, inputs()));
        if let Some(pages) = recall.recall::<SectionPages>(key) {
            for (path, html) in pages.iter() {
                self.progress.inspect(|p| p.page_done());
                self.out.put_shared(path.clone(), Arc::clone(html));
            }
            return;
        }
        let gathered = Gathered::default();
        let out = Emitter::new(&gathered);
        let mut section = Renderer {
            tera: self.tera,
            memo: self.memo,
            out: &out,
            diagnostics: Diagnostics::default(),
            progress: self.progress,
        };
        render(&mut section);
        let diagnostics = std::mem::take(&mut section.diagnostics);
        let mut pages = gathered.0.into_inner().unwrap_or_else(|e| e.into_inner());
        pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (path, html) in &pages {
            self.out.put_shared(path.clone(), Arc::clone(html));
        }
        if diagnostics.is_empty() {
            recall.put::<SectionPages>(key, Arc::new(pages));
        }
        self.diagnostics.extend(diagnostics);
    }

    fn add(&mut self, path: String, result: Result<Arc<Vec<u8>>, Diagnostic>) {
        match result {
            Ok(html) => self.out.put_shared(path, html),
            Err(d) => self.diagnostics.push(d),
        }
    }
}

/// The pages of a section ([`Renderer::section_once`]), kept by the memo under a hash of
/// what all pages share and what the section reads.
struct SectionPages;

impl Product for SectionPages {
    type Key = u64;
    type Value = Arc<Vec<(String, Arc<Vec<u8>>)>>;
}

/// Where a section's pages are gathered before they are handed on and kept.
#[derive(Default)]
struct Gathered(std::sync::Mutex<Vec<(String, Arc<Vec<u8>>)>>);

impl crate::site::Sink for Gathered {
    fn put(&self, path: String, bytes: Arc<Vec<u8>>) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push((path, bytes));
    }

    fn read(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        let pages = self.0.lock().unwrap_or_else(|e| e.into_inner());
        pages.iter().find(|(p, _)| p == path).map(|(_, bytes)| Arc::clone(bytes))
    }
}

/// A rendered page: its output path and HTML, or what went wrong in its template.
type PageResult = (String, Result<Arc<Vec<u8>>, Diagnostic>);

/// A page's HTML, kept by the memo under a hash of its path, its template, the context all
/// pages share and its own whole context, serialized.
struct RenderedPage;

impl Product for RenderedPage {
    type Key = u64;
    type Value = Arc<Vec<u8>>;
}

/// Renders one page: its output path and HTML, or what went wrong in the template. With a memo
/// (the recall and the key of the shared context), the previous build's page is reused when its
/// template, shared and own contexts are unchanged.
fn render_page<P: Serialize>(tera: &tera::Tera, memo: Option<(&Recall, u64)>, job: Job<'_, P>) -> PageResult {
    let (path, _, result) = render_keyed(tera, memo, job);
    (path, result)
}

/// [`render_page`], with the page's memo key when there is a memo.
fn render_keyed<P: Serialize>(
    tera: &tera::Tera,
    memo: Option<(&Recall, u64)>,
    job: Job<'_, P>,
) -> (String, Option<u64>, Result<Arc<Vec<u8>>, Diagnostic>) {
    let url_path = job.path.strip_suffix("index.html").unwrap_or(&job.path);
    let layout = Layout {
        root: root_for(&job.path),
        path: url_path,
        title: job.title,
        description: job.description,
        section: job.section,
    };
    let render = || {
        let mut context = Context::new();
        context.insert("layout", &layout);
        context.insert("page", &job.page);
        let html = tera.render(job.template, &context).map_err(|e| {
            Diagnostic::new(format!("templates/{}", job.template), theme::error_chain(&e))
                .help(format!("while rendering {}", job.path))
        })?;
        Ok(Arc::new(html.into_bytes()))
    };
    let (key, result) = match memo {
        Some((recall, shared)) => {
            // The page's whole context, as the template receives it: no field can be left out.
            let mut hasher = memo::hasher();
            (shared, &job.path, job.template).hash(&mut hasher);
            memo::hash_serialized(&(&layout, &job.page), &mut hasher);
            let key = hasher.finish();
            (Some(key), recall.try_get_or_make::<RenderedPage, _>(key, render))
        }
        None => (None, render()),
    };
    (job.path, key, result)
}

/// Renders the whole site into `out`.
pub fn render(model: &Model, mut theme: Theme, out: &Emitter) -> Result<(), Diagnostics> {
    let chapters: Vec<&Chapter> = model.prose.chapters.iter().map(|c| &c.chapter).collect();
    let locale = &model.config.locale;
    let listings = contents::part_listings(&chapters, locale);
    let mut nav_problems = Diagnostics::default();
    let nav = navigation(model.config, &listings, &chapters, model.data, &mut nav_problems);
    let site_info = SiteInfo::new(model.config);
    theme.tera.global_context().insert("site", &site_info);
    theme.tera.global_context().insert("nav", &nav);
    // The interface strings, as `t.key`; the filters write numbers for the same language.
    theme.tera.global_context().insert("t", &model.config.locale.strings);
    filters::register(&mut theme.tera, model.config.locale.language);
    let memo = model.recall.map(|recall| {
        let mut hasher = memo::hasher();
        theme.fingerprint.hash(&mut hasher);
        memo::hash_serialized(&site_info, &mut hasher);
        memo::hash_serialized(&model.config.locale, &mut hasher);
        memo::hash_serialized(&nav, &mut hasher);
        (recall, hasher.finish())
    });
    let mut r =
        Renderer { tera: &theme.tera, memo, out, diagnostics: nav_problems, progress: model.progress };

    let figures = match model.config.figures.is_empty() {
        true => declared_figures(model.data, model.config.generates("tables"), locale),
        false => configured_figures(model.config, model.data, &mut r.diagnostics),
    };
    let chart = home::chart(model, &mut r.diagnostics);
    r.render(Job {
        path: "index.html".into(),
        template: "index.html",
        title: &model.config.title,
        description: model.config.description.as_deref(),
        section: "home",
        page: HomePage {
            parts: listings.iter().map(|l| l.first(HOME_LIMIT)).collect(),
            figures,
            chart,
            data: collections::entry_points(&model.data.records, locale),
            print_volumes: print::volume_count(model),
        },
    });
    contents::render(&mut r, &listings, locale);
    let link = |c: &Chapter| Link { title: c.title.clone(), href: c.address() };
    let numbered: Vec<(usize, &RenderedChapter)> = model.prose.chapters.iter().enumerate().collect();
    let prev = |i: usize| i.checked_sub(1).map(|p| link(chapters[p]));
    let next = |i: usize| chapters.get(i + 1).map(|c| link(c));
    r.render_all(&numbered, |&(i, RenderedChapter { chapter, body })| Job {
        path: chapter.address_with("index.html"),
        template: "chapter.html",
        title: &chapter.title,
        description: chapter.summary.as_deref(),
        section: "chapters",
        page: ChapterPage {
            title: &chapter.title,
            summary: chapter.summary.as_deref(),
            part: locale.text(chapter.part.heading()),
            html: Keyed { value: &body.html, key: model.prose.body_key(i) },
            toc: Keyed { value: &body.toc, key: model.prose.body_key(i) },
            references: references::cited_works(model, &body.citations),
            prev: prev(i),
            next: next(i),
        },
    });
    // The downloads read only the data: they are written while the pages are rendered.
    rayon::join(
        || {
            collections::render(&mut r, model);
            if model.config.generates("tables") {
                tables::render(&mut r, model);
            }
            references::render(&mut r, model);
            print::render(&mut r, model);
        },
        || exports::write(out, model.data),
    );
    if model.config.generates("search") {
        search_page(&mut r, &nav, locale);
    }
    let base = model.config.base_url.as_deref().map(url_path).unwrap_or("/");
    r.render(Job {
        path: "404.html".into(),
        template: "404.html",
        title: locale.text(Key::NotFound),
        description: None,
        section: "",
        page: NotFoundPage { base },
    });
    let Renderer { diagnostics, .. } = r;
    for (name, bytes) in theme.assets {
        out.put(format!("theme/{name}"), bytes);
    }
    out.put("sitemap.xml", sitemap(&out.paths(), model.config.base_url.as_deref()));
    diagnostics.finish(())
}

/// The search page, linking the navigation's sections for readers without JavaScript.
fn search_page(r: &mut Renderer, nav: &[NavSection], locale: &Locale) {
    r.render(Job {
        path: "search/index.html".into(),
        template: "search.html",
        title: locale.text(Key::Search),
        description: None,
        section: "search",
        page: SearchPage {
            sections: nav
                .iter()
                .filter(|s| s.key != "search" && !s.external)
                .map(|s| Link { title: s.title.clone(), href: s.href.clone() })
                .collect(),
        },
    });
}

/// The key figures `folio.yaml` declares, computed from the data; an expression that fails is
/// a diagnostic at its line in `folio.yaml`.
fn configured_figures(config: &Config, data: &Data, diagnostics: &mut Diagnostics) -> Vec<KeyFigure> {
    let mut figures = Vec::new();
    for figure in &config.figures {
        let locale = &config.locale;
        let computed = crate::figures::evaluate(data, &figure.value, locale)
            .and_then(|value| Ok((value, fill_in(data, &figure.label, locale)?)));
        match computed {
            Ok((value, label)) => {
                figures.push(KeyFigure { value, label, href: figure.link.clone().unwrap_or_default() })
            }
            Err(message) => diagnostics.push(
                Diagnostic::new(crate::config::CONFIG_FILE, message)
                    .at(figure.line, figure.col)
                    .help("see the computed figures in the README"),
            ),
        }
    }
    figures
}

/// Text with every `{=expression}` replaced by its value.
fn fill_in(data: &Data, text: &str, locale: &Locale) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{=") {
        let end = rest[start..].find('}').ok_or_else(|| format!("`{{=` without `}}` in `{text}`"))? + start;
        out.push_str(&rest[..start]);
        out.push_str(&crate::figures::evaluate(data, &rest[start + 2..end], locale)?);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// How many records each collection with pages holds, with a link to its listing.
fn declared_figures(data: &Data, tables: bool, locale: &Locale) -> Vec<KeyFigure> {
    let mut figures: Vec<KeyFigure> = data
        .records
        .iter()
        .filter_map(|(collection, items)| {
            let label = if items.records.len() == 1 { &collection.label.one } else { &collection.label.many };
            Some(KeyFigure {
                value: locale.language.integer(items.records.len() as i64),
                label: locale.language.lower(label),
                href: collection.listing_href()?,
            })
        })
        .collect();
    if tables && !data.tables.is_empty() {
        figures.extend(crate::figures::evaluate(data, "count tables", locale).ok().map(|value| KeyFigure {
            value,
            label: locale.text(Key::IndicatorTables).to_string(),
            href: "tables/".into(),
        }));
    }
    figures
}

fn navigation(
    config: &Config,
    listings: &[PartListing],
    chapters: &[&Chapter],
    data: &Data,
    diagnostics: &mut Diagnostics,
) -> Vec<NavSection> {
    let single = |title: &str, href: String, external: bool| NavSection {
        key: String::new(),
        title: title.to_string(),
        href,
        external,
        items: Vec::new(),
        more: 0,
        total: 1,
    };
    config
        .nav
        .iter()
        .filter_map(|entry| match entry {
            NavEntry::Section(key) => match listings.iter().find(|l| l.key == key) {
                Some(listing) => Some(part_section(listing)),
                None => declared_section(key, data, &config.locale),
            },
            NavEntry::Chapter { slug, title, line, col } => {
                match chapters.iter().find(|c| &c.slug == slug) {
                    Some(chapter) => Some(single(title.as_ref().unwrap_or(&chapter.title), chapter.address(), false)),
                    None => {
                        let hint = closest(slug, chapters.iter().map(|c| c.slug.as_str()))
                            .map(|s| format!("did you mean `{s}`? "))
                            .unwrap_or_default();
                        diagnostics.push(
                            Diagnostic::new(crate::config::CONFIG_FILE, format!("no chapter has the slug `{slug}`"))
                                .at(*line, *col)
                                .help(format!("{hint}a chapter's slug is its file name without the number and `.md`, or its `slug:`")),
                        );
                        None
                    }
                }
            }
            // A path on the site is written from its root, whatever page shows the navigation.
            NavEntry::Link { title, url, external: true } => Some(single(title, url.clone(), true)),
            NavEntry::Link { title, url, external: false } => {
                Some(single(title, url.trim_start_matches('/').to_string(), false))
            }
        })
        .collect()
}

/// The navigation's group for one part of the chapters: its first chapters and a count.
fn part_section(listing: &PartListing) -> NavSection {
    let total = listing.chapters.len();
    NavSection {
        key: listing.key.to_string(),
        title: listing.heading.to_string(),
        href: listing.href.clone(),
        external: false,
        items: listing
            .chapters
            .iter()
            .take(NAV_LIMIT)
            .map(|c| Link { title: c.title.to_string(), href: c.href.clone() })
            .collect(),
        more: total.saturating_sub(NAV_LIMIT),
        total,
    }
}

/// A navigation entry for data: a collection's listing, or one of folio's own sections (the
/// first network, the first panel's changes, tables, references), when the site has them.
fn declared_section(key: &str, data: &Data, locale: &Locale) -> Option<NavSection> {
    let records = &data.records;
    if let Some((index, collection)) = records.collection(key) {
        return collection.listing_href().map(|href| NavSection {
            key: key.to_string(),
            title: collection.label.many.clone(),
            href,
            external: false,
            items: Vec::new(),
            more: 0,
            total: records.items[index].records.len(),
        });
    }
    let (title, href, total) = match key {
        "network" => records.schema.collections.iter().find_map(|c| {
            let network = c.network.as_ref().filter(|n| n.page)?;
            Some((locale.text(Key::Network).to_string(), format!("{}/", network.address), 1))
        })?,
        "changes" => records.schema.collections.iter().enumerate().find_map(|(i, c)| {
            let vintage = c.vintage.as_ref()?;
            crate::vintage::compares(records, i)
                .then(|| (locale.text(Key::WhatChanged).to_string(), format!("{}/", vintage.address), 1))
        })?,
        "tables" => (locale.text(Key::Tables).to_string(), "tables/".to_string(), data.tables.len()),
        "references" => {
            (locale.text(Key::References).to_string(), "references/".to_string(), data.references.len())
        }
        _ => return None,
    };
    (total > 0).then(|| NavSection {
        key: key.to_string(),
        title,
        href,
        external: false,
        items: Vec::new(),
        more: 0,
        total,
    })
}

/// The path part of an absolute URL: `https://x.org/r/` → `/r/`.
fn url_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

/// Lists every HTML page but the 404 and print pages; absolute URLs when the base URL is known.
fn sitemap(paths: &[String], base_url: Option<&str>) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths.iter().filter(|p| p.ends_with(".html") && *p != "404.html" && !print::is_print_page(p))
    {
        let loc = [base_url.unwrap_or(""), path.strip_suffix("index.html").unwrap_or(path)].concat();
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_xml(&loc));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_path_keeps_the_sub_path() {
        assert_eq!(url_path("https://example.org/report/"), "/report/");
        assert_eq!(url_path("https://example.org/"), "/");
    }
}
