//! The chart the home page shows on its first screen: a chart block of a published page, named by
//! its label in `folio.yaml` (`home: {chart: fig-…}`), drawn again for the site root.

use serde::Serialize;

use crate::blocks::DataBlocks;
use crate::config::{CONFIG_FILE, Placed};
use crate::diagnostic::{Diagnostic, Diagnostics, closest};
use crate::markdown::Blocks;
use crate::xref::XrefKind;

use super::Model;

/// The home page's chart: its figure and the page it comes from.
#[derive(Debug, Serialize)]
pub struct HomeChart {
    /// The figure, with links relative to the site root.
    pub html: String,
    /// "Figure 3".
    pub number: String,
    /// Root-relative address of the figure in its page: `chapters/findings/#fig-costs`.
    pub href: String,
}

/// The chart `home.chart` names, or `None` (with a diagnostic when the label is wrong).
pub(super) fn chart(model: &Model, diagnostics: &mut Diagnostics) -> Option<HomeChart> {
    let wanted = model.config.home.chart.as_ref()?;
    let xrefs = &model.prose.xrefs;
    let published = |href: &str| {
        let page = href.split('#').next().unwrap_or_default();
        model.prose.chapters.iter().any(|c| c.chapter.is_at(page)) || model.prose.cases.contains_key(page)
    };
    let mut charts: Vec<&str> = xrefs
        .labels()
        .filter(|l| xrefs.get(l).is_some_and(|x| x.kind == XrefKind::Figure && published(&x.href)))
        .collect();
    charts.sort_unstable();
    let problem = |message: String, hint: String| {
        Diagnostic::new(CONFIG_FILE, message).at(wanted.line, wanted.col).help(format!(
            "{hint}`home: {{chart: …}}` takes the label of a ```chart block on a published page: {}",
            if charts.is_empty() { "this site has none".to_string() } else { charts.join(", ") }
        ))
    };
    let Placed { value: label, .. } = wanted;
    let found = xrefs.get(label).zip(xrefs.body(label));
    match found {
        Some((xref, body)) if xref.kind == XrefKind::Figure && published(&xref.href) => {
            let blocks = DataBlocks::new(
                model.data,
                "./",
                xrefs,
                model.config.generates("tables"),
                &model.config.locale,
            );
            // A block that does not draw is reported where it is written, with its page.
            let html = blocks.render("chart", body)?.ok()?;
            Some(HomeChart { html, number: xref.title(), href: xref.href.clone() })
        }
        Some((xref, _)) if xref.kind == XrefKind::Figure => {
            diagnostics.push(problem(format!("the chart `{label}` is on a draft page"), String::new()));
            None
        }
        Some((xref, _)) => {
            let message = format!("`{label}` labels a table ({}), not a chart", xref.title());
            diagnostics.push(problem(message, String::new()));
            None
        }
        None => {
            let hint = closest(label, charts.iter().copied()).map(|c| format!("did you mean `{c}`? "));
            diagnostics.push(problem(format!("no chart has the label `{label}`"), hint.unwrap_or_default()));
            None
        }
    }
}
