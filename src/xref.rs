//! Numbered tables and figures: every labelled ` ```table ` block (label `tbl-…`) and
//! ` ```chart ` block (label `fig-…`) gets a number in reading order across the site, and
//! `@tbl-label` / `@fig-label` in prose become "Table 3" / "Figure 2" links. Labels are found by
//! a cheap line scan before any page is rendered, so references may point forward.
//!
//! A block that reproduces a numbered table or figure of the source says so (`number: 4`) and
//! keeps the source's number, so that a reader citing the edition and one citing the source
//! agree. Once a kind has such blocks, the blocks the edition adds are numbered E1, E2, … (E for
//! edition), so that no added table can be taken for the source's.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::locale::{Key, Locale};

/// Whether a label numbers a table or a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XrefKind {
    Table,
    Figure,
}

impl XrefKind {
    /// The interface string naming the kind ("Table", "Figure").
    pub fn name(self) -> Key {
        match self {
            XrefKind::Table => Key::Table,
            XrefKind::Figure => Key::Figure,
        }
    }

    /// The kind in diagnostics, which are in English.
    fn word(self) -> &'static str {
        match self {
            XrefKind::Table => "table",
            XrefKind::Figure => "figure",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            XrefKind::Table => "tbl-",
            XrefKind::Figure => "fig-",
        }
    }
}

/// The number a table or figure has in the source, as a block writes it: `number: 4` or
/// `number: "8b"`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(untagged)]
pub enum Printed {
    Whole(u64),
    Text(String),
}

impl Printed {
    pub fn shown(&self) -> String {
        match self {
            Printed::Whole(n) => n.to_string(),
            Printed::Text(t) => t.trim().to_string(),
        }
    }
}

/// The prefix of the numbers of tables and figures the edition adds, beside the source's own.
pub const ADDED: &str = "E";

/// A numbered table or figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Xref {
    pub kind: XrefKind,
    /// The number as shown: `3`, the source's `4`, or `E2`.
    pub number: String,
    /// Root-relative address: `chapters/findings/#tbl-costs`.
    pub href: String,
    /// The kind's word in the site's language: "Table", "Tableau".
    pub name: String,
}

impl Xref {
    /// "Table 3", in the site's language.
    pub fn title(&self) -> String {
        [self.name.as_str(), " ", &self.number].concat()
    }
}

/// Every label of the site.
#[derive(Debug)]
pub struct Xrefs {
    /// The words for "Table" and "Figure" in titles.
    names: (String, String),
    labels: HashMap<String, Xref>,
    tables: usize,
    figures: usize,
    /// Whether some block of the kind keeps the source's number.
    printed_tables: bool,
    printed_figures: bool,
    /// Labels numbered by the edition, until [`Xrefs::finish`].
    added: HashSet<String>,
    /// Each labelled block's YAML body, so that a page other than its own (the home page) can
    /// show it.
    bodies: HashMap<String, String>,
}

impl Default for Xrefs {
    /// No labels yet, titled in English.
    fn default() -> Self {
        Xrefs::new(crate::locale::english())
    }
}

impl Xrefs {
    /// No labels yet; titles name the kinds in `locale`'s words.
    pub fn new(locale: &Locale) -> Xrefs {
        Xrefs {
            names: (locale.text(Key::Table).to_string(), locale.text(Key::Figure).to_string()),
            labels: HashMap::new(),
            tables: 0,
            figures: 0,
            printed_tables: false,
            printed_figures: false,
            added: HashSet::new(),
            bodies: HashMap::new(),
        }
    }

    pub fn get(&self, label: &str) -> Option<&Xref> {
        self.labels.get(label)
    }

    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.labels.keys().map(String::as_str)
    }

    /// The YAML body of the block labelled `label`.
    pub fn body(&self, label: &str) -> Option<&str> {
        self.bodies.get(label).map(String::as_str)
    }

    /// A hash of every label with its number and address, independent of map order.
    pub fn fingerprint(&self) -> u64 {
        let mut labels: Vec<(&String, &Xref)> = self.labels.iter().collect();
        labels.sort_by(|a, b| a.0.cmp(b.0));
        let labels: Vec<_> = labels.into_iter().map(|(l, x)| (l, &x.name, &x.number, &x.href)).collect();
        crate::memo::key(labels)
    }

    /// Scans one Markdown document (on page `page`, a root-relative address) for labelled blocks
    /// and numbers them: [`blocks`], then [`Xrefs::number`] (the prose finds every document's
    /// blocks in parallel first).
    pub fn scan(&mut self, path: &Path, markdown: &str, line_offset: usize, page: &str) -> Vec<Diagnostic> {
        self.number(&blocks(path, markdown, line_offset), page)
    }

    /// Numbers the blocks of one document, found by [`blocks`], in order after those numbered
    /// before; returns the document's problems in document order. The blocks are borrowed, so
    /// that the serve memo can keep them for the next build.
    pub fn number(&mut self, blocks: &Blocks, page: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for found in &blocks.found {
            match found {
                Found::Labelled { kind, label, at, printed, body } => {
                    match self.add(*kind, label, printed.clone(), page) {
                        Ok(()) => {
                            self.bodies.insert(label.clone(), body.clone());
                        }
                        Err(d) => problems.push(Diagnostic::new(&blocks.path, d.0).at(at.0, at.1).help(d.1)),
                    }
                }
                Found::Printed(kind) => *self.printed(*kind) = true,
                Found::Problem(problem) => problems.push(problem.clone()),
            }
        }
        problems
    }

    fn add(
        &mut self,
        kind: XrefKind,
        label: &str,
        printed: Option<String>,
        page: &str,
    ) -> Result<(), (String, String)> {
        if !label.starts_with(kind.prefix()) || !crate::content::is_slug(label) {
            return Err((
                format!("invalid {} label `{label}`", kind.word()),
                format!(
                    "{} labels start with `{}`, e.g. `{}oecd`",
                    kind.word(),
                    kind.prefix(),
                    kind.prefix()
                ),
            ));
        }
        if let Some(existing) = self.labels.get(label) {
            return Err((
                format!("duplicate label `{label}`"),
                format!("{} already uses it at {}", existing.title(), existing.href),
            ));
        }
        let number = match printed.filter(|p| !p.is_empty()) {
            Some(printed) => {
                *self.printed(kind) = true;
                printed
            }
            None => {
                // Written plainly here; [`Xrefs::finish`] marks it once every block is known.
                let counter = match kind {
                    XrefKind::Table => &mut self.tables,
                    XrefKind::Figure => &mut self.figures,
                };
                *counter += 1;
                self.added.insert(label.to_string());
                counter.to_string()
            }
        };
        let name = match kind {
            XrefKind::Table => self.names.0.clone(),
            XrefKind::Figure => self.names.1.clone(),
        };
        let xref = Xref { kind, number, href: [page, "#", label].concat(), name };
        self.labels.insert(label.to_string(), xref);
        Ok(())
    }

    /// Whether some block of `kind` keeps the source's number.
    fn printed(&mut self, kind: XrefKind) -> &mut bool {
        match kind {
            XrefKind::Table => &mut self.printed_tables,
            XrefKind::Figure => &mut self.printed_figures,
        }
    }

    /// Marks the numbers the edition added (E1, E2, …) in each kind that also keeps the
    /// source's numbers. Call once every document is scanned.
    pub fn finish(&mut self) {
        for (label, xref) in &mut self.labels {
            let printed = match xref.kind {
                XrefKind::Table => self.printed_tables,
                XrefKind::Figure => self.printed_figures,
            };
            if printed && self.added.contains(label) {
                xref.number = format!("{ADDED}{}", xref.number);
            }
        }
        self.added.clear();
    }
}

/// The numbered blocks of one document, in document order, with the file they are in: found
/// without the numbering's state, so that documents can be read in parallel and only the
/// numbering runs in order.
pub struct Blocks {
    found: Vec<Found>,
    path: PathBuf,
}

enum Found {
    /// A labelled block, where its label is written, the number the source prints and its body.
    Labelled {
        kind: XrefKind,
        label: String,
        at: (usize, usize),
        printed: Option<String>,
        body: String,
    },
    /// An unlabelled block that shows the source's number.
    Printed(XrefKind),
    Problem(Diagnostic),
}

/// Finds the fenced table and chart blocks of `markdown` (in the file at `path`, whose body
/// starts after `line_offset` lines). A document without a fence is not read line by line.
pub fn blocks(path: &Path, markdown: &str, line_offset: usize) -> Blocks {
    let mut found = Vec::new();
    if memchr::memmem::find(markdown.as_bytes(), b"```").is_none() {
        return Blocks { found, path: path.to_path_buf() };
    }
    let mut open: Option<XrefKind> = None;
    // The open block's label (with its position) and printed number, kept until it closes.
    let mut label: Option<(String, (usize, usize))> = None;
    let mut printed: Option<String> = None;
    let mut body = String::new();
    for (index, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(kind) = open {
            let unquote = |v: &str| v.trim().trim_matches(|c| c == '"' || c == '\'').to_string();
            if trimmed.starts_with("```") {
                open = None;
                let body = std::mem::take(&mut body);
                match label.take() {
                    Some((label, at)) => {
                        found.push(Found::Labelled { kind, label, at, printed: printed.take(), body })
                    }
                    // Unlabelled, it still shows the source's number.
                    None if printed.take().is_some() => found.push(Found::Printed(kind)),
                    None => {}
                }
                continue;
            } else if let Some(value) = line.strip_prefix("label:").map(uncomment) {
                let at = (index + 1 + line_offset, line.len() - value.trim_start().len() + 1);
                label = Some((unquote(value), at));
            } else if let Some(value) = line.strip_prefix("number:").map(uncomment) {
                let number = unquote(value);
                if is_printed_number(&number) {
                    printed = Some(number);
                } else {
                    let col = line.len() - value.trim_start().len() + 1;
                    found.push(Found::Problem(
                        Diagnostic::new(path, format!("invalid number `{number}`"))
                            .at(index + 1 + line_offset, col)
                            .help("write the number as the source prints it: letters, digits, `.` and `-`, at most 12, e.g. `number: 4` or `number: 8b`"),
                    ));
                }
            }
            body.push_str(line);
            body.push('\n');
            continue;
        }
        open = match trimmed.strip_prefix("```").map(str::trim) {
            Some("table") => Some(XrefKind::Table),
            Some("chart") => Some(XrefKind::Figure),
            _ => None,
        };
    }
    // A block left open at the end of the document still has its label.
    if let (Some(kind), Some((label, at))) = (open, label) {
        found.push(Found::Labelled { kind, label, at, printed, body });
    }
    Blocks { found, path: path.to_path_buf() }
}

/// A number as a source prints one: `4`, `8b`, `A.1`, `3-2`.
fn is_printed_number(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 12
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// A YAML value without its comment: as in YAML, `#` after a space or a tab starts one
/// (`label: fig-a  # the figure's id`).
fn uncomment(value: &str) -> &str {
    let mut after_space = false;
    for (i, c) in value.char_indices() {
        if c == '#' && after_space {
            return &value[..i];
        }
        after_space = c == ' ' || c == '\t';
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_reading_order_per_kind() {
        let mut x = Xrefs::default();
        let a = "```table\ndata: t\nlabel: tbl-a   # a comment\n```\n\n```chart\nlabel: fig-a\n```\n";
        let b = "```table\nlabel: tbl-b\n```\n```python\nlabel: not-a-label\n```\n";
        assert!(x.scan(Path::new("a.md"), a, 4, "chapters/a/").is_empty());
        assert!(x.scan(Path::new("b.md"), b, 4, "chapters/b/").is_empty());
        assert_eq!(x.get("tbl-b").unwrap().title(), "Table 2");
        assert_eq!(x.get("tbl-b").unwrap().href, "chapters/b/#tbl-b");
        assert_eq!(x.get("fig-a").unwrap().title(), "Figure 1");
        assert!(x.get("not-a-label").is_none());
    }

    #[test]
    fn source_numbers_are_kept_and_added_ones_marked() {
        let mut x = Xrefs::default();
        let md = "```table\nlabel: tbl-a\n```\n```table\nnumber: 7 # the source's\nlabel: tbl-b\n```\n\
                  ```table\nlabel: tbl-c\n```\n```chart\nlabel: fig-a\n```\n";
        assert!(x.scan(Path::new("a.md"), md, 0, "chapters/a/").is_empty());
        x.finish();
        let title = |l: &str| x.get(l).unwrap().title();
        assert_eq!(
            (title("tbl-a"), title("tbl-b"), title("tbl-c"), title("fig-a")),
            ("Table E1".into(), "Table 7".into(), "Table E2".into(), "Figure 1".into())
        );
        let mut z = Xrefs::default();
        let unlabelled = "```chart\nnumber: 8\n```\n```chart\nlabel: fig-c\n```\n";
        assert!(z.scan(Path::new("c.md"), unlabelled, 0, "chapters/c/").is_empty());
        z.finish();
        assert_eq!(z.get("fig-c").unwrap().title(), "Figure E1");
        let mut y = Xrefs::default();
        let bad = "```chart\nnumber: \"<b>8</b>\"\nlabel: fig-b\n```\n";
        let problems = y.scan(Path::new("b.md"), bad, 2, "chapters/b/");
        let found: Vec<_> = problems.iter().map(|d| (d.line, d.col, d.message.as_str())).collect();
        assert_eq!(found, [(4, 9, "invalid number `<b>8</b>`")]);
    }

    #[test]
    fn bad_and_duplicate_labels_are_diagnostics() {
        let mut x = Xrefs::default();
        let md =
            "```table\nlabel: fig-wrong\n```\n```chart\nlabel: fig-a\n```\n```chart\nlabel: fig-a\n```\n";
        let problems = x.scan(Path::new("c.md"), md, 10, "chapters/c/");
        let found: Vec<_> = problems.iter().map(|d| (d.line, d.col, d.message.as_str())).collect();
        assert_eq!(found, [(12, 8, "invalid table label `fig-wrong`"), (18, 8, "duplicate label `fig-a`")]);
    }
}
