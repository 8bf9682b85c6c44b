//! The theme's own fonts: shipped with their licences on every site, and covering the text
//! they set. `tools/fonts/coverage.txt` (written by `tools/fonts/subset.py` with the fonts) lists
//! the code points each face maps; every character of the dissertation site's visible text must
//! be in all of them, or in a block of symbols the theme leaves to system fonts.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use scraper::{Html, Node};

use crate::support::{build_ok, copy_fixture, folio, tree};

/// Inclusive ranges of code points.
type Ranges = Vec<(u32, u32)>;

/// One face as `coverage.txt` lists it.
struct Face {
    file: String,
    size: u64,
    maps: Ranges,
}

/// What `coverage.txt` says: each face, and the blocks left to system fonts.
struct Coverage {
    fonts: Vec<Face>,
    system: Ranges,
}

fn ranges(words: &[&str]) -> Ranges {
    let point = |s: &str| u32::from_str_radix(s.trim_start_matches("U+"), 16).expect("hex code point");
    words
        .iter()
        .map(|w| match w.split_once('-') {
            Some((a, b)) => (point(a), point(b)),
            None => (point(w), point(w)),
        })
        .collect()
}

fn coverage() -> Coverage {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/fonts/coverage.txt");
    let text = fs::read_to_string(&path).expect("tools/fonts/coverage.txt");
    let mut coverage = Coverage { fonts: Vec::new(), system: Vec::new() };
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["font", name, size, points @ ..] => {
                let face =
                    Face { file: name.to_string(), size: size.parse().expect("size"), maps: ranges(points) };
                coverage.fonts.push(face)
            }
            ["system", points @ ..] => coverage.system = ranges(points),
            _ => panic!("coverage.txt: unexpected line {line:?}"),
        }
    }
    assert!(!coverage.fonts.is_empty(), "coverage.txt lists no font");
    coverage
}

impl Coverage {
    /// Whether `c` is drawn by every face, or left to system fonts on purpose.
    fn covers(&self, c: char) -> bool {
        let within = |ranges: &[(u32, u32)]| ranges.iter().any(|&(a, b)| (a..=b).contains(&(c as u32)));
        c.is_whitespace() || within(&self.system) || self.fonts.iter().all(|f| within(&f.maps))
    }
}

/// The characters a reader sees on a page: text outside `script`, `style` and the titles and
/// descriptions that are not drawn, plus the search box's placeholder.
fn visible_chars(html: &str, into: &mut BTreeSet<char>) {
    let doc = Html::parse_document(html);
    for node in doc.tree.nodes() {
        match node.value() {
            Node::Text(text) => {
                let hidden = node.ancestors().any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| matches!(e.name(), "script" | "style" | "title" | "desc"))
                });
                if !hidden {
                    into.extend(text.chars());
                }
            }
            Node::Element(e) => into.extend(e.attr("placeholder").unwrap_or_default().chars()),
            _ => {}
        }
    }
}

#[test]
fn the_coverage_list_is_of_the_committed_fonts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for Face { file: name, size, .. } in coverage().fonts {
        let file = root.join("theme/fonts").join(&name);
        let actual = fs::metadata(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display())).len();
        assert_eq!(
            actual, size,
            "{name} changed since tools/fonts/subset.py listed it: run the script again"
        );
    }
}

#[test]
fn the_fonts_cover_every_character_of_the_dissertation_site() {
    let coverage = coverage();
    // The check itself: a Greek letter and a CJK character are outside the subset.
    assert!(coverage.covers('é') && coverage.covers('–') && coverage.covers('œ') && coverage.covers('ß'));
    assert!(!coverage.covers('λ') && !coverage.covers('中'));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    folio().arg("build").arg(root).arg("--out").arg(&out).arg("--quiet").assert().success();
    let mut missing: Vec<String> = Vec::new();
    let mut pages = 0;
    for (path, bytes) in tree(&out).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let mut chars = BTreeSet::new();
        visible_chars(&String::from_utf8(bytes).unwrap(), &mut chars);
        pages += 1;
        for c in chars.into_iter().filter(|&c| !coverage.covers(c)) {
            missing.push(format!("{path}: {c:?} (U+{:04X})", c as u32));
        }
    }
    assert!(pages > 100, "only {pages} pages built");
    assert!(
        missing.is_empty(),
        "characters outside the theme's fonts (add them to CHARACTERS in tools/fonts/subset.py):\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_site_gets_the_fonts_and_their_licences() {
    let (_tmp, site) = copy_fixture("basic");
    build_ok(&site);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for Face { file, .. } in coverage().fonts {
        let written = fs::read(site.join("public/theme/fonts").join(&file)).expect("font written");
        assert_eq!(written, fs::read(root.join("theme/fonts").join(&file)).unwrap(), "{file}");
    }
    for licence in ["OFL-folio-serif.txt", "OFL-inter.txt"] {
        let text =
            fs::read_to_string(site.join("public/theme/fonts").join(licence)).expect("licence written");
        assert!(text.contains("SIL OPEN FONT LICENSE Version 1.1"), "{licence}");
    }
    let css = fs::read_to_string(site.join("public/theme/style.css")).unwrap();
    assert!(css.contains("url(\"fonts/folio-serif-400.woff2\")") && css.contains("font-display: swap"));
}
