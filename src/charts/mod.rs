//! Charts: typed specs ([`spec`]) resolved against a dataset ([`resolve`]) and drawn as
//! accessible, deterministic inline SVG (bars, dots, pipeline, network), wrapped in a `<figure>`
//! with a "Data" disclosure holding the same numbers and a caption. Chapters use them through
//! ` ```chart ` blocks ([`block`]); generated pages build a [`ChartSpec`] or a
//! [`network::Graph`] in Rust and call [`figure`].
//!
//! The Cartesian kinds are laid out by plotters (ranges, nice ticks, mesh, series) and written
//! by folio's own plotters backend ([`backend`]): `role`, `<title>`, `<desc>`, CSS classes
//! instead of colours (the theme colours them), text sized without fonts, byte-identical
//! output. Pipelines and networks are drawn by folio itself ([`svg`]).

pub mod backend;
pub mod bars;
pub mod block;
pub mod cartesian;
pub mod categorical;
pub mod describe;
pub mod dots;
pub mod limits;
pub mod lines;
pub mod network;
pub mod network_svg;
pub mod panels;
pub mod pipeline;
pub mod resolve;
pub mod scale;
pub mod scatter;
pub mod slope;
pub mod spec;
pub mod svg;
pub mod temporal;

pub use network::Graph;
pub use resolve::Plot;
pub use spec::{ChartKind, ChartSpec, Field, SpecError};

use crate::datasets::Dataset;
use crate::html::escape_xml;
use crate::locale::{Key, Locale};
use cartesian::Frame;

/// A chart ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Base of the element ids (`<id>-title`, `<id>-desc`): the label, or a hash of the spec.
    pub id: String,
    /// The figure's element id, when the author gave one.
    pub label: Option<String>,
    /// "Figure 3" when the label is numbered site-wide (see `xref`).
    pub number: Option<String>,
    pub title: String,
    pub caption: String,
    pub plot: Plot,
    /// Root-relative address of the data as CSV, when the dataset has a download.
    pub csv: Option<String>,
    pub source: Option<String>,
}

/// Resolves `spec` against `dataset` into a chart (`csv`: the dataset's download, if any) whose
/// numbers and words are `locale`'s.
pub fn chart(
    spec: &ChartSpec,
    dataset: &Dataset,
    csv: Option<String>,
    locale: &Locale,
) -> Result<Chart, Vec<SpecError>> {
    // Labels are checked (and numbered) by `xref`, which owns them for tables and figures alike.
    let plot = resolve::resolve(spec, dataset, locale.text(Key::RowsCounted))?.in_language(locale.language);
    let title = spec.title.clone().unwrap_or_else(|| dataset.title.clone());
    Ok(Chart {
        number: None,
        id: spec.label.clone().unwrap_or_else(|| format!("chart-{:016x}", fnv(&format!("{spec:?}")))),
        label: spec.label.clone(),
        caption: spec.caption.clone().unwrap_or_else(|| title.clone()),
        title,
        plot,
        csv,
        source: dataset.source.clone(),
    })
}

/// FNV-1a: a stable hash for element ids (the same spec gives the same id in every build).
pub fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// The chart's description in words (its SVG `<desc>`), in `locale`'s language.
pub fn description(plot: &Plot, locale: &Locale) -> String {
    match plot {
        Plot::Bars { data, .. } | Plot::Dots(data) | Plot::Slope(data) => describe::categorical(data, locale),
        Plot::Lines(t) => describe::categorical(&t.data, locale),
        Plot::Scatter(p) => scatter::describe(p, locale),
        Plot::Panels { label, panels } => panels::describe(label, panels, locale),
        Plot::Pipeline(p) => describe::pipeline(p, locale),
        Plot::Network(g) => network_svg::describe(g, locale),
    }
}

/// The chart's SVG (small multiples: a group of SVGs, one per panel).
pub fn svg(chart: &Chart, locale: &Locale) -> String {
    if let Plot::Panels { panels, .. } = &chart.plot {
        return panels::render(&chart.id, &chart.title, panels, locale);
    }
    let desc = description(&chart.plot, locale);
    let shared = cartesian::Shared::default();
    let frame = Frame {
        id: &chart.id,
        title: &chart.title,
        heading: &chart.title,
        desc: &desc,
        width: cartesian::WIDTH,
        shared: &shared,
        locale,
    };
    draw(&frame, &chart.plot)
}

/// `plot` drawn in `frame`.
fn draw(frame: &Frame, plot: &Plot) -> String {
    match plot {
        Plot::Bars { data, stacked, horizontal: false } => bars::vertical(frame, data, *stacked),
        Plot::Bars { data, stacked, horizontal: true } => bars::horizontal(frame, data, *stacked),
        Plot::Dots(data) => dots::render(frame, data),
        Plot::Lines(t) => lines::render(frame, t),
        Plot::Slope(data) => slope::render(frame, data),
        Plot::Scatter(p) => scatter::render(frame, p),
        Plot::Pipeline(p) => pipeline::render(frame, p),
        Plot::Network(g) => network_svg::render(frame, g),
        Plot::Panels { panels, .. } => panels::render(frame.id, frame.title, panels, frame.locale),
    }
}

/// The caption under a chart: "Figure 3: …" when numbered (see `xref`), "Figure: …" otherwise.
pub fn caption(text: &str, number: Option<&str>, locale: &Locale) -> String {
    match number {
        Some(number) => {
            let colon = locale.language.colon();
            format!("<span class=\"figure-number\">{}{colon}</span> {}", escape_xml(number), escape_xml(text))
        }
        None => format!(
            "{}{} {}",
            escape_xml(locale.text(Key::Figure)),
            locale.language.colon(),
            escape_xml(text)
        ),
    }
}

/// The whole figure: SVG, the data disclosure (table, source, CSV link) and the caption. `root`
/// is the relative path from the page to the site root; `locale` gives the figure's words.
pub fn figure(chart: &Chart, root: &str, locale: &Locale) -> String {
    let started = std::time::Instant::now();
    let html = draw_figure(chart, root, locale);
    let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
    DRAWING.fetch_add(nanos, std::sync::atomic::Ordering::Relaxed);
    html
}

/// The figure of a chart whose data `name` has no rows yet: its caption (and label, a target
/// for cross-references) around a note in place of the drawing.
pub fn empty_figure(
    label: Option<&str>,
    number: Option<&str>,
    caption_text: &str,
    name: &str,
    locale: &Locale,
) -> String {
    let id = label.map(|l| format!(" id=\"{}\"", escape_xml(l))).unwrap_or_default();
    let code = format!("<code>{}</code>", escape_xml(name));
    let note = crate::locale::strings::fill(&escape_xml(locale.text(Key::ChartEmpty)), &[("name", &code)]);
    format!(
        "<figure class=\"chart-figure chart-figure--empty\"{id}>\n<p class=\"chart-empty\">{note}</p>\n\
         <figcaption>{}</figcaption>\n</figure>\n",
        caption(caption_text, number, locale)
    )
}

/// Thread time spent drawing figures since the process started. Charts are drawn inside the
/// prose and render stages, in parallel, so `--timings` reports this apart, as thread time.
static DRAWING: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// See [`DRAWING`].
pub fn drawing_time() -> std::time::Duration {
    std::time::Duration::from_nanos(DRAWING.load(std::sync::atomic::Ordering::Relaxed))
}

fn draw_figure(chart: &Chart, root: &str, locale: &Locale) -> String {
    let mut html = match &chart.label {
        Some(label) => format!("<figure class=\"chart-figure\" id=\"{}\">\n", escape_xml(label)),
        None => "<figure class=\"chart-figure\">\n".to_string(),
    };
    // A drawing never shrinks below its natural size (its text would): a narrow screen scrolls
    // it sideways inside this box instead.
    // Focusable, so that a keyboard can scroll it too.
    html.push_str(&format!(
        "<div class=\"chart-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
        escape_xml(&chart.title)
    ));
    html.push_str(&svg(chart, locale));
    html.push_str(&format!(
        "</div>\n<details class=\"chart-data\"><summary>{}</summary>\n<div class=\"table-wrap\">\n",
        escape_xml(locale.text(Key::ChartData))
    ));
    html.push_str(&match &chart.plot {
        Plot::Bars { data, .. } | Plot::Dots(data) | Plot::Slope(data) => {
            describe::categorical_table(data, root)
        }
        Plot::Lines(t) => describe::categorical_table(&t.data, root),
        Plot::Scatter(p) => scatter::table(p, locale),
        Plot::Panels { label, panels } => panels::data_table(label, panels, root, locale),
        Plot::Pipeline(p) => describe::pipeline_table(p),
        Plot::Network(g) => describe::network_table(g, locale.text(Key::Links)),
    });
    html.push_str("</div>\n");
    let mut notes = Vec::new();
    if let Some(source) = &chart.source {
        notes.push(escape_xml(&locale.fill(Key::ChartSource, &[("source", source)])));
    }
    if let Some(csv) = &chart.csv {
        let text = escape_xml(locale.text(Key::ChartDownload));
        notes.push(format!("<a href=\"{root}{}\">{text}</a>", escape_xml(csv)));
    }
    if !notes.is_empty() {
        html.push_str(&format!("<p class=\"chart-source\">{}</p>\n", notes.join(" ")));
    }
    html.push_str("</details>\n");
    html.push_str(&format!(
        "<figcaption>{}</figcaption>\n</figure>\n",
        caption(&chart.caption, chart.number.as_deref(), locale)
    ));
    html
}

#[cfg(test)]
mod tests;
