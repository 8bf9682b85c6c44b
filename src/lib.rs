//! folio turns a folder of YAML records and Markdown chapters into a static report website.
//!
//! The pipeline runs one way: [`config`] → [`content`] (load and parse) → [`pages`] (render
//! each file into a [`site::Sink`]). The sink is [`output`] (the only module that writes to
//! disk) for `folio build`, or an in-memory [`Site`] for [`build`], so `check`, `serve` and the
//! tests never need the disk.

pub mod bibliography;
pub mod blocks;
pub mod charts;
pub mod citations;
pub mod cli;
pub mod config;
pub mod content;
pub mod datasets;
pub mod diagnostic;
pub mod fasthash;
pub mod figures;
pub mod fsutil;
pub mod html;
pub mod links;
pub mod locale;
pub mod markdown;
pub mod memo;
pub mod model;
pub mod output;
pub mod pages;
pub mod progress;
pub mod prose;
pub mod records;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod synth;
pub mod timings;
pub mod url;
pub mod validate;
pub mod vintage;
pub mod xref;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Diagnostics};
pub use site::Site;

/// Settings of one build that do not come from the site's files.
#[derive(Debug, Default, Clone)]
pub struct BuildOptions {
    /// Overrides `base_url` from `folio.yaml`.
    pub base_url: Option<String>,
    /// Where the build reports its stage and pages done, when someone watches.
    pub progress: Option<std::sync::Arc<progress::Progress>>,
    /// The previous build's products, reused where their inputs are unchanged (`serve`).
    pub memo: Option<std::sync::Arc<memo::Memo>>,
    /// What a watcher saw change since the previous build with `memo` began.
    pub changed: memo::Changed,
}

/// Builds the site in `site_dir` into memory, or returns every input problem found.
pub fn build(site_dir: &Path, options: &BuildOptions) -> Result<Site, Diagnostics> {
    let memory = std::sync::Mutex::new(Site::default());
    let built = build_into(site_dir, options, &mut timings::Timings::unread(), &memory)?;
    let mut site = memory.into_inner().unwrap_or_else(|e| e.into_inner());
    site.set_warnings(built.warnings);
    Ok(site)
}

/// What a build made, beside its files.
#[derive(Debug)]
pub struct Built {
    /// What the build found that works but is probably not meant.
    pub warnings: Vec<Diagnostic>,
    /// How many files, and how many of them HTML pages.
    pub files: usize,
    pub pages: usize,
}

/// Builds the site in `site_dir`, handing each file to `sink` as soon as it is made (so a build
/// into a folder never holds the whole site), and recording the time of each stage in
/// `timings`. On problems, what the sink received is not a site: it must be dropped.
pub fn build_into(
    site_dir: &Path,
    options: &BuildOptions,
    timings: &mut timings::Timings,
    sink: &dyn site::Sink,
) -> Result<Built, Diagnostics> {
    let recall = options.memo.as_deref().map(|memo| memo.begin_after(options.changed.clone()));
    let built = run_stages(site_dir, options, timings, recall.as_ref(), sink);
    if let Some(recall) = recall {
        recall.finish(built.is_ok());
    }
    built
}

fn run_stages(
    site_dir: &Path,
    options: &BuildOptions,
    timings: &mut timings::Timings,
    recall: Option<&memo::Recall>,
    sink: &dyn site::Sink,
) -> Result<Built, Diagnostics> {
    let stage = |name| options.progress.as_deref().inspect(|p| p.stage(name));
    stage("loading");
    let mut diagnostics = Diagnostics::default();
    let mut collect = |d: Diagnostics| diagnostics.extend(d);
    let (schema, schema_problems) = schema::load(site_dir, recall);
    collect(schema_problems);
    let collections: Vec<&str> =
        schema.iter().flat_map(|s| s.collections.iter().map(|c| c.name.as_str())).collect();
    let config =
        config::load(site_dir, options.base_url.as_deref(), &collections, recall).map_err(&mut collect).ok();
    let (chapters, problems) = content::chapters::load(site_dir, recall);
    let chapters = (!chapters.is_empty()).then_some(chapters);
    collect(problems);
    let theme = pages::theme::load(site_dir, recall).map_err(&mut collect).ok();
    // The style (a decoded CSL file) loads beside the data.
    let (style, (loaded, load_problems)) = rayon::join(
        || config.as_ref().map(|c| bibliography::style::load(site_dir, &c.bibliography, recall)),
        || {
            let mut problems = Diagnostics::default();
            (load(site_dir, schema, recall, &mut problems, timings), problems)
        },
    );
    let style = style.and_then(|s| s.map_err(|d| diagnostics.push(d)).ok());
    diagnostics.extend(load_problems);
    let Loaded { data, bibliography, cases, data_fingerprint, works_fingerprint, references_ok } = loaded;
    stage("rendering Markdown");
    let out = site::Emitter::new(sink);
    // The chapters' sections are indexed for search as they are rendered, which frees their
    // plain text early. Their parts reach the sink before the build knows it succeeds; a failed
    // build's sink is dropped (see `build_into`), so they never reach a site.
    let mut index =
        config.as_ref().filter(|c| c.generates("search")).map(|_| search::Index::new(recall, &out));
    let prose = match (&config, chapters) {
        (Some(config), Some(chapters)) if references_ok => {
            let sources =
                prose::Sources { config, bibliography: &bibliography, data: &data, data_fingerprint };
            let mut rendered = |chapters: &mut [prose::RenderedChapter], keys: &[Option<u64>]| {
                if let Some(index) = index.as_mut() {
                    index.add_chapters(chapters, keys);
                }
            };
            prose::render(&sources, chapters, &cases, recall, &mut rendered)
                .map_err(|d| diagnostics.extend(d))
                .ok()
        }
        _ => None,
    };
    timings.lap("prose");
    let (Some(config), Some(mut prose), Some(theme), Some(style), true) =
        (config, prose, theme, style, diagnostics.is_empty())
    else {
        return Err(diagnostics);
    };
    let citation_sources = prose::CitationSources {
        style: &style,
        works: &data.works,
        list_uncited: config.bibliography.list_uncited,
        works_fingerprint,
    };
    prose.format_citations(&citation_sources, recall);
    timings.lap("citations");
    stage("indexing for search");
    let warnings = std::mem::take(&mut prose.warnings);
    let finish_index = |index: Option<search::Index>| {
        if let Some(mut index) = index {
            index.add_records(&data, config.generates("tables"), &config.locale);
            index.finish();
        }
    };
    // Without a memo, the search index is finished first: it is the last use of the sections'
    // plain text, which is then dropped before the pages are rendered. With one, the memo
    // shares that text, and the index is finished while the pages are rendered (which do not
    // read it): a rebuild re-indexes a chunk of documents on one core, leaving the other free.
    let index = match recall {
        Some(_) => index,
        None => {
            finish_index(index);
            prose.drop_section_text();
            None
        }
    };
    timings.lap("search");
    stage("rendering pages");
    let model = pages::Model {
        config: &config,
        prose: &prose,
        data: &data,
        progress: options.progress.as_deref(),
        recall,
    };
    rayon::join(|| finish_index(index), || pages::render(&model, theme, &out)).1?;
    timings.lap("render");
    stage("checking links");
    let paths = out.paths();
    let mut problems = links::check(&out, &paths, &prose.links);
    problems.extend(links::unreachable(&out, &paths, recall));
    timings.lap("links");
    let (files, pages) = (paths.len(), paths.iter().filter(|p| p.ends_with(".html")).count());
    // A rebuild's prose and data (ten thousand chapters' strings, on a large site) are freed
    // on a thread of their own, off the way from an edit to the reload.
    if recall.is_some() {
        memo::drop_later((prose, data, paths));
    }
    let mut warnings = warnings;
    warnings.sort();
    problems.finish(Built { warnings, files, pages })
}

/// The site's data, loaded and checked, with what the prose needs of it.
struct Loaded {
    data: model::Data,
    bibliography: citations::Bibliography,
    /// Markdown bodies of records, rendered with the prose.
    cases: Vec<prose::CaseBody>,
    /// Equal fingerprints, equal data.
    data_fingerprint: u64,
    /// Equal fingerprints, equal bibliography (and tables): an edited record leaves the
    /// formatted citations as they were.
    works_fingerprint: u64,
    /// The bibliography and every table parsed, so the prose's citations, blocks and figures
    /// can be checked without follow-on errors.
    references_ok: bool,
}

/// Loads and checks the data: the schema's collections, the tables and the bibliography, and
/// computes the declared datasets. Problems go to `diagnostics`; the model is built even from
/// invalid data (its lookups are total), so that the prose can still be checked and every
/// problem reported in one run.
/// With a `recall` (serve), a data file whose text is the previous build's is not parsed again,
/// and unchanged data is not checked nor its datasets computed again.
fn load(
    site_dir: &Path,
    schema: Option<schema::Schema>,
    recall: Option<&memo::Recall>,
    diagnostics: &mut Diagnostics,
    timings: &mut timings::Timings,
) -> Loaded {
    // Files a collection reads are not bibliography files, whatever their extension.
    let data_dir = site_dir.join(content::apparatus::DATA_DIR);
    let claimed: Vec<PathBuf> =
        schema.iter().flat_map(|s| s.collections.iter().map(|c| data_dir.join(c.source.path()))).collect();
    let (apparatus, problems) = content::apparatus::load(site_dir, &claimed, recall);
    diagnostics.extend(problems);
    let records = match schema {
        Some(schema) => {
            let (loaded, problems) = records::load::load(site_dir, &schema, recall);
            diagnostics.extend(problems);
            let keys: std::collections::BTreeSet<&str> =
                apparatus.references.iter().map(|r| r.key.as_str()).collect();
            let keys = (!apparatus.references_unparsed).then_some(&keys);
            let (records, problems) = records::check::check_once(schema, loaded, keys, recall);
            diagnostics.extend(problems);
            records
        }
        None => {
            // Without a schema, files of records under content/data/ would be silently ignored.
            if !schema::declared(site_dir) {
                diagnostics.extend(records::load::unclaimed_without_schema(site_dir));
            }
            Default::default()
        }
    };
    timings.lap("load");
    let taken: Vec<&str> = records
        .schema
        .collections
        .iter()
        .map(|c| c.name.as_str())
        .chain(records.schema.datasets.iter().map(|d| d.name.as_str()))
        .collect();
    diagnostics.extend(validate::check(&apparatus, &taken));
    timings.lap("validate");
    let references_ok = !apparatus.references_unparsed && !apparatus.tables_unparsed;
    let tables_ok = !apparatus.tables_unparsed;
    let bibliography = citations::Bibliography::from_works(&apparatus.references);
    let cases = record_bodies(&records);
    let works_fingerprint = apparatus.fingerprint;
    let data_fingerprint = memo::key((apparatus.fingerprint, records.fingerprint));
    let mut data = model::Data::new(apparatus, records);
    let mut declared = datasets::declared::compute_once(&data, data_fingerprint, recall);
    // A table that did not parse is reported once, not again by every dataset that reads it.
    if tables_ok {
        diagnostics.extend(std::mem::take(&mut declared.problems));
    }
    data.set_declared(declared);
    timings.lap("model");
    Loaded { data, bibliography, cases, data_fingerprint, works_fingerprint, references_ok }
}

/// The data of the site in `site_dir` and its bibliography, or every problem in them (for
/// tools and tests that need the data without the pages).
pub fn load_data(site_dir: &Path) -> Result<(model::Data, citations::Bibliography), Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let (schema, problems) = schema::load(site_dir, None);
    diagnostics.extend(problems);
    let loaded = load(site_dir, schema, None, &mut diagnostics, &mut timings::Timings::unread());
    diagnostics.finish((loaded.data, loaded.bibliography))
}

/// The Markdown bodies kept beside records of collections with pages, to render with the prose.
fn record_bodies(records: &records::Records) -> Vec<prose::CaseBody> {
    records
        .iter()
        .flat_map(|(collection, items)| {
            items.bodies.iter().filter_map(|body| {
                Some(prose::CaseBody {
                    path: body.path.clone(),
                    page: collection.record_href(&body.id)?,
                    markdown: body.markdown.clone(),
                })
            })
        })
        .collect()
}
