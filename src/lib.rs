//! folio turns a folder of YAML records and Markdown chapters into a static report website.
//!
//! The pipeline runs one way: [`config`] → [`content`] (load and parse) → [`pages`] (render into
//! an in-memory [`Site`]) → [`output`] (the only stage that writes to disk). [`build`] runs every
//! stage but the last, so `check`, `serve` and the tests never need the disk.

pub mod blocks;
pub mod changes;
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
pub mod links;
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
pub mod validate;
pub mod vintage;
pub mod xref;

use std::path::Path;

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
}

/// Builds the site in `site_dir` into memory, or returns every input problem found.
pub fn build(site_dir: &Path, options: &BuildOptions) -> Result<Site, Diagnostics> {
    build_timed(site_dir, options, &mut timings::Timings::default())
}

/// [`build`], recording the time of each stage in `timings`.
pub fn build_timed(
    site_dir: &Path,
    options: &BuildOptions,
    timings: &mut timings::Timings,
) -> Result<Site, Diagnostics> {
    let recall = options.memo.as_deref().map(memo::Memo::begin);
    let built = run_stages(site_dir, options, timings, recall.as_ref());
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
) -> Result<Site, Diagnostics> {
    let stage = |name| options.progress.as_deref().inspect(|p| p.stage(name));
    stage("loading");
    let mut diagnostics = Diagnostics::default();
    let mut collect = |d: Diagnostics| diagnostics.extend(d);
    let (schema, schema_problems) = schema::load(site_dir);
    collect(schema_problems);
    let collections: Vec<&str> =
        schema.iter().flat_map(|s| s.collections.iter().map(|c| c.name.as_str())).collect();
    let config = config::load(site_dir, options.base_url.as_deref(), &collections).map_err(&mut collect).ok();
    let chapters = content::chapters::load(site_dir, recall).map_err(&mut collect).ok();
    let theme = pages::theme::load(site_dir).map_err(&mut collect).ok();
    // A schema file that does not parse still means the site declares its own data: the
    // built-in record folders are not read, so its mistakes bring no follow-on errors.
    let declared = schema.is_some() || schema::declared(site_dir);
    let (mut raw, data_problems) = content::records::load(site_dir, declared);
    collect(data_problems);
    let records = schema.map(|schema| {
        let (loaded, problems) = records::load::load(site_dir, &schema);
        collect(problems);
        let keys: std::collections::HashSet<&str> =
            raw.references.iter().map(|r| r.record.key.value.as_str()).collect();
        let (records, problems) = records::check::check(schema, loaded, &|k| keys.contains(k));
        collect(problems);
        records
    });
    timings.lap("load");
    stage("checking");
    diagnostics.extend(validate::check(&raw));
    timings.lap("validate");
    let references_ok = !raw.unparsed.references;
    let bibliography = citations::Bibliography::from_records(&raw.references);
    // The model is built even from invalid data (its lookups are total), so that the prose can
    // still be checked and every problem reported in one run.
    let mut cases = std::mem::take(&mut raw.cases);
    cases.extend(record_bodies(records.as_ref()));
    let records = records.unwrap_or_default();
    // What the data files hold, and the schema they are read through (its labels and datasets
    // reach the prose): the schema's every field, by its derived `Debug`.
    let data_fingerprint = memo::key((raw.fingerprint, records.fingerprint, format!("{:?}", records.schema)));
    let mut data = model::Data::from_raw(raw, records);
    let (declared, problems) = datasets::declared::compute_all(&data);
    data.declared = declared;
    diagnostics.extend(problems);
    timings.lap("model");
    stage("rendering Markdown");
    let prose = match (&config, chapters) {
        (Some(config), Some(chapters)) if references_ok => {
            let sources =
                prose::Sources { config, bibliography: &bibliography, data: &data, data_fingerprint };
            prose::render(&sources, chapters, &cases, recall).map_err(|d| diagnostics.extend(d)).ok()
        }
        _ => None,
    };
    timings.lap("prose");
    let (Some(config), Some(mut prose), Some(theme), true) = (config, prose, theme, diagnostics.is_empty())
    else {
        return Err(diagnostics);
    };
    stage("indexing for search");
    // The search index is built first: it is the last use of the sections' plain text, which
    // is then dropped before the pages are rendered (unless the memo shares it).
    let search_index = search::index_script(&prose, &data, recall);
    prose.drop_section_text();
    timings.lap("search");
    stage("rendering pages");
    let model = pages::Model {
        config: &config,
        prose: &prose,
        data: &data,
        progress: options.progress.as_deref(),
        recall,
    };
    let mut site = pages::render(&model, theme)?;
    site.insert("search-index.js", search_index);
    timings.lap("render");
    stage("checking links");
    let mut problems = links::check(&site, &prose.links);
    problems.extend(links::unreachable(&site));
    timings.lap("links");
    problems.finish(site)
}

/// The Markdown bodies kept beside records of collections with pages, to render with the prose.
fn record_bodies(records: Option<&records::Records>) -> Vec<content::records::CaseBody> {
    let Some(records) = records else { return Vec::new() };
    records
        .iter()
        .flat_map(|(collection, items)| {
            items.bodies.iter().filter_map(|body| {
                Some(content::records::CaseBody {
                    path: body.path.clone(),
                    id: body.id.clone(),
                    page: collection.record_href(&body.id)?,
                    markdown: body.markdown.clone(),
                })
            })
        })
        .collect()
}
