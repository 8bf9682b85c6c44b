//! Chapters: `content/chapters/*.md`, each a YAML front matter block between `---` lines followed
//! by the Markdown body. The file name gives the slug (`03-case-study.md` → `case-study`)
//! unless the front matter sets one.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::{is_slug, slug_too_long, yaml};
use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::fasthash::FastMap;
use crate::fsutil;
use crate::memo::{self, Known, Product, Recall};

/// Where chapters live, relative to the site root.
pub const CHAPTERS_DIR: &str = "content/chapters";

/// The three kinds of pages written as chapters; each gets its own navigation group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// A chapter of the report.
    #[default]
    Chapter,
    /// A page on a theme that runs through the report (the hypotheses, good practices ...).
    Theme,
    /// A page summarising an appended paper.
    Paper,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::Chapter, Part::Theme, Part::Paper];

    /// The interface string of the plural heading used in navigation and on the home page.
    pub fn heading(self) -> crate::locale::Key {
        use crate::locale::Key;
        match self {
            Part::Chapter => Key::PartChapters,
            Part::Theme => Key::PartThemes,
            Part::Paper => Key::PartPapers,
        }
    }

    /// The navigation section key used in `folio.yaml`'s `nav`.
    pub fn nav_key(self) -> &'static str {
        match self {
            Part::Chapter => "chapters",
            Part::Theme => "themes",
            Part::Paper => "papers",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    order: Spanned<i64>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    slug: Option<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    part: Part,
}

/// A parsed chapter, body still Markdown.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// Path relative to the site root, for diagnostics.
    pub path: PathBuf,
    pub slug: String,
    pub title: String,
    pub order: i64,
    pub summary: Option<String>,
    pub part: Part,
    pub draft: bool,
    /// The Markdown body; `prose` empties it once rendered, to keep large sites small in memory.
    /// Shared, so that the memo's copy of a parsed chapter is handed out without copying it.
    pub body: Arc<str>,
    /// With a memo, the key of the file's path and text, which stands for the body (so that
    /// the body need not be hashed again to find its rendering).
    pub source: Option<u64>,
    /// Lines of the file before the body, so body positions map back to file lines.
    pub body_line_offset: usize,
    /// Where `order` and the slug were set, for duplicate diagnostics.
    order_at: (usize, usize),
    slug_at: (usize, usize),
}

impl Chapter {
    /// Where the chapter's page is, from the site root: `chapters/<slug>/` whatever its part,
    /// so that a page keeps its address when it moves between parts.
    pub fn address(&self) -> String {
        self.address_with("")
    }

    /// [`Chapter::address`] followed by `tail`, joined at once: a large site's rebuild makes
    /// this string tens of thousands of times, and `format!` spent more growing it than writing.
    pub fn address_with(&self, tail: &str) -> String {
        ["chapters/", &self.slug, "/", tail].concat()
    }

    /// Whether `address` (from the site root, without an anchor) is this chapter's.
    pub fn is_at(&self, address: &str) -> bool {
        address.strip_prefix("chapters/").and_then(|rest| rest.strip_suffix('/')) == Some(self.slug.as_str())
    }
}

/// A chapter parsed from a file, kept by the memo under a hash of the file's path and text
/// (what parsing reads; never its size and time, which an edit may leave unchanged).
struct ParsedChapter;

impl Product for ParsedChapter {
    type Key = u64;
    /// Shared: keeping it for the next build copies none of its fields.
    type Value = Arc<Chapter>;
}

/// Reads every chapter of the site, sorted by `order`; drafts are kept (the caller decides).
/// Returns the problems beside the chapters: a chapter whose front matter is wrong is reported,
/// and its body is still returned, as a [`stand_in`], so that the body's own problems are
/// reported in the same run.
///
/// With a `recall`, a file whose path and text are those of the previous build is not parsed
/// again.
pub fn load(site_dir: &Path, recall: Option<&Recall>) -> (Vec<Chapter>, Diagnostics) {
    let dir = site_dir.join(CHAPTERS_DIR);
    let mut diagnostics = Diagnostics::default();
    let mut chapters = Vec::new();
    let listing = match chapters_folder(&dir, site_dir, recall) {
        Ok(listing) => listing,
        Err(problems) => return (chapters, problems),
    };
    let is_markdown = |path: &Path| path.extension().is_some_and(|ext| ext == "md");
    let files: Vec<&fsutil::Entry> = listing
        .entries
        .iter()
        .filter(|e| e.kind == fsutil::EntryKind::File && is_markdown(&e.path))
        .collect();
    if files.is_empty() {
        diagnostics
            .push(Diagnostic::new(CHAPTERS_DIR, "no chapters: the folder holds no `.md` file").help(
                "add a chapter such as content/chapters/01-introduction.md with a `title` and `order`",
            ));
        return (chapters, diagnostics);
    }
    // Read and parsed in parallel; results keep the sorted file order.
    let parsed: Vec<Result<Chapter, Unparsed>> = files
        .par_iter()
        .map(|entry| {
            let file = &entry.path;
            let shown = display_path(site_dir, file);
            let known = recall.map(|recall| recall.known(&shown, file, listing.watched(entry)));
            if let (Some(recall), Some(Known::Unchanged(key))) = (recall, &known)
                && let Some(chapter) = recalled(recall, *key)
            {
                return Ok(chapter);
            }
            let stamp = known.as_ref().and_then(Known::stamp);
            let text = fsutil::read_text(file, site_dir).map_err(|d| (d, None))?;
            let result = match recall {
                Some(recall) => {
                    let key = memo::key((&shown, &text));
                    recall.note_file_key(&shown, stamp, key);
                    recall
                        .try_get_or_make::<ParsedChapter, _>(key, || parse(&shown, &text).map(Arc::new))
                        .map(|chapter| {
                            let mut chapter = Arc::unwrap_or_clone(chapter);
                            chapter.source = Some(key);
                            chapter
                        })
                }
                None => parse(&shown, &text),
            };
            result.map_err(|d| (d, stand_in(&shown, &text).map(Box::new)))
        })
        .collect();
    let mut stand_ins = Vec::new();
    for result in parsed {
        match result {
            Ok(chapter) => chapters.push(chapter),
            Err((d, stand_in)) => {
                diagnostics.push(d);
                stand_ins.extend(stand_in.map(|c| *c));
            }
        }
    }
    check_unique(&chapters, &mut diagnostics);
    chapters.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));
    chapters.extend(stand_ins);
    (chapters, diagnostics)
}

/// The previous build's chapter parsed from the file whose content key is `key`, without
/// reading it; none when the file must be read (its parse failed last time).
fn recalled(recall: &Recall, key: u64) -> Option<Chapter> {
    let mut chapter = Arc::unwrap_or_clone(recall.recall::<ParsedChapter>(key)?);
    chapter.source = Some(key);
    Some(chapter)
}

/// Why a chapter file did not parse, and its body when it can still be checked.
type Unparsed = (Diagnostic, Option<Box<Chapter>>);

/// The body of a chapter whose front matter is wrong, as a draft with a title and order of its
/// own (after every real chapter), so that its Markdown is still checked; never published,
/// since the build has failed.
fn stand_in(path: &Path, text: &str) -> Option<Chapter> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n"))?;
    let (_, body, yaml_lines) = split_front_matter(rest)?;
    let slug = slug_from_file_name(path);
    Some(Chapter {
        path: path.to_path_buf(),
        title: slug.clone(),
        slug,
        order: i64::MAX,
        summary: None,
        part: Part::default(),
        draft: true,
        body: Arc::from(body),
        source: None,
        body_line_offset: 1 + yaml_lines + 1,
        order_at: (1, 1),
        slug_at: (1, 1),
    })
}

/// The chapters folder's entries, sorted (with a memo, as the previous build listed them when
/// the watcher saw no file come or go); anything there that cannot be read is an error.
fn chapters_folder(
    dir: &Path,
    site_dir: &Path,
    recall: Option<&Recall>,
) -> Result<memo::Listed, Diagnostics> {
    memo::list_dir(recall, dir, site_dir)?.ok_or_else(|| {
        Diagnostic::new(display_path(site_dir, dir), "cannot read the chapters folder: it does not exist")
            .help("create content/chapters/ and put the report's chapters there as .md files")
            .into()
    })
}

/// Splits front matter from body and parses both parts of one chapter file.
pub fn parse(path: &Path, text: &str) -> Result<Chapter, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let missing = || {
        Diagnostic::new(path, "missing front matter")
            .at(1, 1)
            .help("start the file with a `---` line, then `title:` and `order:`, then another `---` line")
    };
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")).ok_or_else(missing)?;
    let (yaml_text, body, yaml_lines) = split_front_matter(rest).ok_or_else(|| {
        Diagnostic::new(path, "front matter is not closed")
            .at(1, 1)
            .help("end the front matter with a line holding only `---`")
    })?;
    let front: FrontMatter = yaml::parse(path, yaml_text, 1)?;
    let FrontMatter { title, order, summary, slug, draft, part } = front;
    if title.trim().is_empty() {
        return Err(Diagnostic::new(path, "`title` is empty").at(2, 1).help("give the chapter a title"));
    }
    let (slug, slug_at) = match slug {
        Some(s) => (s.value, (s.referenced.line() as usize + 1, s.referenced.column() as usize)),
        None => (slug_from_file_name(path), (1, 1)),
    };
    if let Some(too_long) = slug_too_long(&slug, "slug", path) {
        return Err(too_long.at(slug_at.0, slug_at.1));
    }
    if !is_slug(&slug) {
        return Err(Diagnostic::new(path, format!("invalid slug `{slug}`"))
            .at(slug_at.0, slug_at.1)
            .help("a slug uses only lowercase letters, digits and `-`; set `slug:` in the front matter"));
    }
    Ok(Chapter {
        path: path.to_path_buf(),
        slug,
        title: title.trim().to_string(),
        order: order.value,
        summary: summary.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        part,
        draft,
        body: Arc::from(body),
        source: None,
        body_line_offset: 1 + yaml_lines + 1,
        order_at: (order.referenced.line() as usize + 1, order.referenced.column() as usize),
        slug_at,
    })
}

/// Returns (front matter, body, number of front matter lines).
fn split_front_matter(rest: &str) -> Option<(&str, &str, usize)> {
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..], index));
        }
        offset += line.len();
    }
    None
}

/// `03-case-study.md` → `case-study`: a leading number and `-` only order the files.
fn slug_from_file_name(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let trimmed = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    match trimmed.strip_prefix('-') {
        Some(rest) if trimmed.len() != stem.len() => rest.to_string(),
        _ => stem.to_string(),
    }
}

/// Reports a slug or an order used twice, at the later file (files are in name order).
fn check_unique(chapters: &[Chapter], diagnostics: &mut Diagnostics) {
    // The fast hasher: a preview's rebuild checks ten thousand slugs and orders again.
    let mut slugs: FastMap<&str, &Chapter> =
        FastMap::with_capacity_and_hasher(chapters.len(), Default::default());
    let mut orders: FastMap<i64, &Chapter> =
        FastMap::with_capacity_and_hasher(chapters.len(), Default::default());
    for chapter in chapters {
        if let Some(first) = slugs.get(chapter.slug.as_str()) {
            diagnostics.push(
                Diagnostic::new(&chapter.path, format!("duplicate slug `{}`", chapter.slug))
                    .at(chapter.slug_at.0, chapter.slug_at.1)
                    .help(format!(
                        "{} already uses it; rename one file or set `slug:`",
                        first.path.display()
                    )),
            );
        }
        if let Some(first) = orders.get(&chapter.order) {
            diagnostics.push(
                Diagnostic::new(&chapter.path, format!("duplicate order {}", chapter.order))
                    .at(chapter.order_at.0, chapter.order_at.1)
                    .help(format!(
                        "{} has the same `order`; each chapter needs its own",
                        first.path.display()
                    )),
            );
        }
        slugs.entry(&chapter.slug).or_insert(chapter);
        orders.entry(chapter.order).or_insert(chapter);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_chapter(dir: &Path, name: &str, order: i64) {
        std::fs::write(dir.join(name), format!("---\ntitle: {name}\norder: {order}\n---\nText.\n")).unwrap();
    }

    fn titles(site: &Path, memo: &memo::Memo, changed: memo::Changed) -> Vec<String> {
        let recall = memo.begin_after(changed);
        let (chapters, problems) = load(site, Some(&recall));
        assert!(problems.is_empty(), "{problems:?}");
        recall.finish(true);
        chapters.into_iter().map(|c| c.title).collect()
    }

    /// The watcher may not follow a symbolic link: a chapters folder reached through one is
    /// listed, and its files read, whatever the watcher reports.
    #[cfg(unix)]
    #[test]
    fn chapters_reached_through_a_link_are_not_taken_on_the_watchers_word() {
        let tmp = tempfile::tempdir().unwrap();
        let (site, elsewhere) = (tmp.path().join("site"), tmp.path().join("elsewhere"));
        std::fs::create_dir_all(elsewhere.join("chapters")).unwrap();
        std::fs::create_dir_all(site.join("content")).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("chapters"), site.join(CHAPTERS_DIR)).unwrap();
        write_chapter(&elsewhere.join("chapters"), "01-a.md", 1);
        let memo = memo::Memo::default();
        assert_eq!(titles(&site, &memo, memo::Changed::Unknown), ["01-a.md"]);
        write_chapter(&elsewhere.join("chapters"), "02-b.md", 2);
        std::fs::write(elsewhere.join("chapters/01-a.md"), "---\ntitle: Edited\norder: 1\n---\n").unwrap();
        assert_eq!(titles(&site, &memo, memo::Changed::Only(Vec::new())), ["Edited", "02-b.md"]);
    }

    #[test]
    fn parses_front_matter_and_body() {
        let c = parse(Path::new("c/02-method.md"), "---\ntitle: Method\norder: 2\n---\n# Body\n").unwrap();
        assert_eq!((c.slug.as_str(), c.title.as_str(), c.order), ("method", "Method", 2));
        assert_eq!(&*c.body, "# Body\n");
        assert_eq!(c.body_line_offset, 4);
        assert_eq!(c.part, Part::Chapter);
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let e = parse(Path::new("x.md"), "---\ntitle: A\norder: two\n---\n").unwrap_err();
        assert_eq!((e.line, e.col), (3, 8));
        let e = parse(Path::new("x.md"), "---\norder: 1\n---\n").unwrap_err();
        assert!(e.message.contains("`title`"));
        let e = parse(Path::new("x.md"), "no front matter").unwrap_err();
        assert_eq!(e.message, "missing front matter");
        let e = parse(Path::new("x.md"), "---\ntitle: A\n").unwrap_err();
        assert_eq!(e.message, "front matter is not closed");
    }

    #[test]
    fn slug_comes_from_the_file_name() {
        assert_eq!(slug_from_file_name(Path::new("03-case-study.md")), "case-study");
        assert_eq!(slug_from_file_name(Path::new("intro.md")), "intro");
        assert_eq!(slug_from_file_name(Path::new("2016.md")), "2016");
    }
}
