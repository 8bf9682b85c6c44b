//! The CSL style a site chose in `folio.yaml`: one of the styles hayagriva ships (by folio's
//! short name or by the archive's own name), or a `.csl` file of the site's own. The CSL
//! locales (terms such as "et al." and "p.") come from hayagriva's archive, decoded once.
//! In `serve`, the decoded style is kept by the memo, so that a rebuild does not decode it again.

use std::path::Path;
use std::sync::Arc;

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::{CitationFormat, IndependentStyle, Locale, Style, StyleCategory, StyleClass};

use crate::config::BibliographySettings;
use crate::config::CONFIG_FILE;
use crate::diagnostic::Diagnostic;
use crate::fsutil;
use crate::memo::{self, Product, Recall};

/// folio's names for the styles it documents, with the archive's name behind each.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("apa", "apa"),
    ("chicago-author-date", "chicago-author-date"),
    ("harvard", "harvard-cite-them-right"),
    ("ieee", "ieee"),
];

/// A style ready to format with.
#[derive(Debug)]
pub struct CslStyle {
    pub style: IndependentStyle,
    /// The style without its bibliography sort, for author-date styles: folio orders the
    /// works itself ([`super::format`]), since hayagriva renders sort keys at every comparison.
    pub sortless: IndependentStyle,
    /// Equal fingerprints, equal styles: the name, and a style file's text.
    pub fingerprint: u64,
    /// The CSL locales the style may draw terms from.
    pub locales: Vec<Locale>,
    /// Numbers or labels stand for a work in a citation ("[3]"): there is no author to
    /// suppress, and a narrative citation names the author before the number.
    pub numeric: bool,
}

/// The locales a style can use: its default locale's and en-US, the fallback of CSL, decoded
/// from hayagriva's archive. Only the archived locales whose bytes hold one of the two codes
/// are decoded (decoding all sixty costs more than formatting a small site).
fn locales_for(style: &IndependentStyle) -> Vec<Locale> {
    let wanted = style.default_locale.as_ref().map(|l| l.0.clone()).unwrap_or_else(|| "en-US".into());
    let holds = |bytes: &[u8], code: &str| memchr::memmem::find(bytes, code.as_bytes()).is_some();
    hayagriva::archive::LOCALES
        .iter()
        .filter(|bytes| holds(bytes, &wanted) || holds(bytes, "en-US"))
        .filter_map(|bytes| ciborium::from_reader::<Locale, _>(*bytes).ok())
        .filter(|l| l.lang.as_ref().is_some_and(|code| code.0 == wanted || code.0 == "en-US"))
        .collect()
}

/// A decoded style, kept by the memo under its fingerprint (the style's name, and a style
/// file's text): all that decoding reads. Problems are not kept: they point into folio.yaml.
struct Decoded;

impl Product for Decoded {
    type Key = u64;
    type Value = Arc<CslStyle>;
}

/// Resolves the configured style; a problem is placed at the `style:` value in folio.yaml.
/// With a `recall`, a style whose fingerprint is the previous build's is not decoded again.
pub fn load(
    site_dir: &Path,
    settings: &BibliographySettings,
    recall: Option<&Recall>,
) -> Result<Arc<CslStyle>, Diagnostic> {
    let name = settings.style.as_str();
    let at = |message: String, help: &str| {
        Diagnostic::new(CONFIG_FILE, message)
            .at(settings.style_line, settings.style_col)
            .help(help.to_string())
    };
    let text = if name.ends_with(".csl") {
        let path = site_dir.join(name);
        let text = fsutil::read_text(&path, site_dir).map_err(|d| {
            at(
                format!("bibliography style `{name}`: {}", d.message),
                "give the path of a .csl file relative to the site folder",
            )
        })?;
        Some(text)
    } else {
        None
    };
    let fingerprint = match &text {
        Some(text) => crate::memo::key((name, text)),
        None => crate::memo::key(name),
    };
    let decode = || decode(name, text.as_deref(), fingerprint, &at).map(Arc::new);
    memo::try_once::<Decoded, _>(recall, || fingerprint, decode)
}

/// Decodes the style `name`, from the text of its file when it is a `.csl` file, else from
/// hayagriva's archive; `at` places a problem.
fn decode(
    name: &str,
    text: Option<&str>,
    fingerprint: u64,
    at: &dyn Fn(String, &str) -> Diagnostic,
) -> Result<CslStyle, Diagnostic> {
    let style = if let Some(text) = text {
        Style::from_xml(text).map_err(|e| {
            at(
                format!("bibliography style `{name}` is not valid CSL: {e}"),
                "a CSL 1.0 style file, e.g. one from https://github.com/citation-style-language/styles",
            )
        })?
    } else {
        let archive_name = BUILT_IN.iter().find(|(short, _)| *short == name).map_or(name, |(_, full)| full);
        let Some(archived) = ArchivedStyle::by_name(archive_name) else {
            let known: Vec<&str> = BUILT_IN.iter().map(|(short, _)| *short).collect();
            let hint = crate::diagnostic::closest(name, known.iter().copied())
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            return Err(at(
                format!("unknown bibliography style `{name}`"),
                &format!(
                    "{hint}built in: {}, or any style name of hayagriva's archive; or the path of a .csl file",
                    known.join(", ")
                ),
            ));
        };
        archived.get()
    };
    let style = match style {
        Style::Independent(style) => style,
        Style::Dependent(dependent) => {
            return Err(at(
                format!(
                    "bibliography style `{name}` is a dependent style (it only points to `{}`)",
                    dependent.parent_link.href
                ),
                "use the independent style it names instead",
            ));
        }
    };
    if style.settings.class == StyleClass::Note {
        return Err(at(
            format!("bibliography style `{name}` formats citations as notes"),
            "folio places citations in the text: choose an in-text (author-date or numeric) style",
        ));
    }
    let numeric = style.info.category.iter().any(|c| {
        matches!(c, StyleCategory::CitationFormat { format: CitationFormat::Numeric | CitationFormat::Label })
    });
    let mut sortless = style.clone();
    if !numeric && let Some(bibliography) = sortless.bibliography.as_mut() {
        bibliography.sort = None;
    }
    let locales = locales_for(&style);
    Ok(CslStyle { style, sortless, fingerprint, locales, numeric })
}
