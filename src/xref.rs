//! Numbered tables and figures: every labelled ` ```table ` block (label `tbl-…`) and
//! ` ```chart ` block (label `fig-…`) gets a number in reading order across the site, and
//! `@tbl-label` / `@fig-label` in prose become "Table 3" / "Figure 2" links. Labels are found by
//! a cheap line scan before any page is rendered, so references may point forward.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;

/// Whether a label numbers a table or a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XrefKind {
    Table,
    Figure,
}

impl XrefKind {
    pub fn name(self) -> &'static str {
        match self {
            XrefKind::Table => "Table",
            XrefKind::Figure => "Figure",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            XrefKind::Table => "tbl-",
            XrefKind::Figure => "fig-",
        }
    }
}

/// A numbered table or figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Xref {
    pub kind: XrefKind,
    pub number: usize,
    /// Root-relative address: `chapters/findings/#tbl-costs`.
    pub href: String,
}

impl Xref {
    /// "Table 3".
    pub fn title(&self) -> String {
        format!("{} {}", self.kind.name(), self.number)
    }
}

/// Every label of the site.
#[derive(Debug, Default)]
pub struct Xrefs {
    labels: HashMap<String, Xref>,
    tables: usize,
    figures: usize,
}

impl Xrefs {
    pub fn get(&self, label: &str) -> Option<&Xref> {
        self.labels.get(label)
    }

    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.labels.keys().map(String::as_str)
    }

    /// A hash of every label with its number and address, independent of map order.
    pub fn fingerprint(&self) -> u64 {
        let mut labels: Vec<(&String, &Xref)> = self.labels.iter().collect();
        labels.sort_by(|a, b| a.0.cmp(b.0));
        let labels: Vec<_> = labels.into_iter().map(|(l, x)| (l, x.kind.name(), x.number, &x.href)).collect();
        crate::memo::key(labels)
    }

    /// Scans one Markdown document (on page `page`, a root-relative address) for labelled blocks.
    /// `line_offset` maps body lines to file lines for diagnostics.
    pub fn scan(&mut self, path: &Path, markdown: &str, line_offset: usize, page: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let mut open: Option<XrefKind> = None;
        for (index, line) in markdown.lines().enumerate() {
            let trimmed = line.trim_start();
            if let Some(kind) = open {
                if trimmed.starts_with("```") {
                    open = None;
                } else if let Some(value) = line.strip_prefix("label:").map(uncomment) {
                    let label = value.trim().trim_matches(|c| c == '"' || c == '\'');
                    let at = (index + 1 + line_offset, line.len() - value.trim_start().len() + 1);
                    if let Err(d) = self.add(kind, label, page) {
                        problems.push(Diagnostic::new(path, d.0).at(at.0, at.1).help(d.1));
                    }
                }
                continue;
            }
            open = match trimmed.strip_prefix("```").map(str::trim) {
                Some("table") => Some(XrefKind::Table),
                Some("chart") => Some(XrefKind::Figure),
                _ => None,
            };
        }
        problems
    }

    fn add(&mut self, kind: XrefKind, label: &str, page: &str) -> Result<(), (String, String)> {
        if !label.starts_with(kind.prefix()) || !crate::content::is_slug(label) {
            return Err((
                format!("invalid {} label `{label}`", kind.name().to_lowercase()),
                format!(
                    "{} labels start with `{}`, e.g. `{}oecd`",
                    kind.name(),
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
        let counter = match kind {
            XrefKind::Table => &mut self.tables,
            XrefKind::Figure => &mut self.figures,
        };
        *counter += 1;
        let xref = Xref { kind, number: *counter, href: format!("{page}#{label}") };
        self.labels.insert(label.to_string(), xref);
        Ok(())
    }
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
    fn bad_and_duplicate_labels_are_diagnostics() {
        let mut x = Xrefs::default();
        let md =
            "```table\nlabel: fig-wrong\n```\n```chart\nlabel: fig-a\n```\n```chart\nlabel: fig-a\n```\n";
        let problems = x.scan(Path::new("c.md"), md, 10, "chapters/c/");
        let found: Vec<_> = problems.iter().map(|d| (d.line, d.col, d.message.as_str())).collect();
        assert_eq!(found, [(12, 8, "invalid table label `fig-wrong`"), (18, 8, "duplicate label `fig-a`")]);
    }
}
