//! The serve memo under random edits (a property test): a small site that declares its data
//! in a schema is edited step by step, and after every step a build that reuses the memo must
//! give what a build from scratch gives, byte for byte (or, when the edit broke the site, the
//! same problems). The edits are those a preview sees: letters swapped in a chapter or a case
//! body (the file keeps its size), digits of data values, the site's title, a label of the
//! schema, a template override added, changed and removed, chapters added, deleted and
//! renamed, a record renamed. An edit may land in the same timestamp tick as the last build,
//! as on a file system with coarse times: the test then puts the file's old modification time
//! back, so a memo that trusted sizes and times would serve the old page. A second memo is told
//! which files each step changed, as `serve`'s watcher tells it, and must give the same.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use folio::memo::{Changed, Memo};
use folio::{BuildOptions, Diagnostics, Site};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const FOLIO_YAML: &str = "\
title: University Spin-offs
description: A few invented spin-offs, edited at random by folio's tests.
nav: [chapters, spinoffs, universities, references]
";

const SCHEMA: &str = "\
collections:
  - name: universities
    path: universities.yaml
    label: {one: University, many: Universities}
    listing: {columns: [name, country], sort: name}
    fields:
      - {name: id}
      - {name: name, constraints: {required: true}}
      - name: country
        constraints: {required: true, enum: [de, nl]}
        labels: {de: Germany, nl: Netherlands}

  - name: spinoffs
    path: spinoffs/
    primaryKey: id
    title: name
    label: {one: Spin-off, many: Spin-offs}
    address: spin-offs
    listing: {columns: [name, university, sector, founded, employees], sort: name}
    fields:
      - {name: id, constraints: {required: true}}
      - {name: name, constraints: {required: true, unique: true}}
      - {name: university, reference: universities, backlink: Spin-offs, constraints: {required: true}}
      - {name: parent, label: Spun off from, reference: spinoffs, backlink: Spin-offs of this company}
      - {name: founded, type: year, constraints: {required: true, minimum: 1990}}
      - name: sector
        constraints: {enum: [cleantech, photonics, software]}
        labels: {cleantech: Clean energy, photonics: Photonics, software: Software}
      - {name: employees, type: integer, constraints: {minimum: 0}}
      - {name: sources, type: citation, list: true}

  - name: funding-rounds
    path: funding-rounds.csv
    label: {one: Funding round, many: Funding rounds}
    fields:
      - {name: spinoff, reference: spinoffs, backlink: Funding rounds, constraints: {required: true}}
      - {name: year, type: year, constraints: {required: true}}
      - {name: amount, label: Amount (EUR million), type: number, constraints: {required: true, minimum: 0}}

datasets:
  - name: funding-per-spinoff
    title: Money raised per spin-off
    from: funding-rounds
    group: [spinoff]
    aggregate: {rounds: count, raised: sum amount}
    sort: [-raised]
    labels: {spinoff: Spin-off, rounds: Rounds, raised: Raised (EUR million)}

  - name: spinoffs-by-sector
    title: Spin-offs per university and sector
    from: spinoffs
    group: [university]
    aggregate: {companies: count}
    pivot: {field: sector, value: companies}
    sort: [university]
";

const UNIVERSITIES: &str = "\
- {id: nordheim, name: Universität Nordheim, country: de}
- {id: oosterdam, name: Rijksuniversiteit Oosterdam, country: nl}
";

const SPINOFFS: [(&str, &str); 4] = [
    (
        "lumora.yaml",
        "id: lumora\nname: Lumora Optics\nuniversity: nordheim\nfounded: 2012\nsector: photonics\n\
         employees: 48\nsources: [kessler2019]\n",
    ),
    (
        "lumora-sense.yaml",
        "id: lumora-sense\nname: Lumora Sense\nuniversity: nordheim\nparent: lumora\nfounded: 2018\n\
         sector: photonics\nemployees: 12\n",
    ),
    (
        "tidegrid.yaml",
        "id: tidegrid\nname: Tidegrid\nuniversity: oosterdam\nfounded: 2014\nsector: cleantech\nemployees: 27\n",
    ),
    (
        "quellbit.yaml",
        "id: quellbit\nname: Quellbit\nuniversity: nordheim\nfounded: 2015\nsector: software\nemployees: 35\n",
    ),
];

const CASE_BODY: &str = "\
## Case

Lumora began as a doctoral project on tunable lasers. A public grant and a seed round carried it to
its first industrial customer [@kessler2019, p. 52]. Its sensing group later left to found Lumora
Sense, which licenses the designs of its parent [@moreau2021].
";

const FUNDING: &str = "\
spinoff,year,amount
lumora,2012,0.5
lumora,2013,1.25
lumora-sense,2019,0.75
tidegrid,2014,1
tidegrid,2017,5.5
";

const REFERENCES: &str = "\
- key: kessler2019
  kind: article
  authors: [\"Kessler, A.\"]
  year: 2019
  title: Academic spin-offs in mid-sized university towns
  container: Journal of Imaginary Technology Transfer
- key: moreau2021
  kind: report
  authors: [\"Moreau, C.\"]
  year: 2021
  title: Spin-offs of spin-offs
  publisher: Institute of Invented Studies
";

const CHAPTERS: [(&str, &str); 3] = [
    (
        "01-sample.md",
        "---\ntitle: The sample\norder: 1\nsummary: Which spin-offs we follow.\n---\n\n## Two universities\n\n\
         The sample holds `=count spinoffs` spin-offs; `=count spinoffs university=nordheim` of them come\n\
         from Nordheim. Photonics accounts for `=share spinoffs sector=photonics` of the sample, as\n\
         @kessler2019 found elsewhere.\n\n```table\ndata: spinoffs-by-sector\ncaption: Spin-offs per sector\n\
         label: tbl-sectors\n```\n\nThe second generation is rare [@moreau2021].\n",
    ),
    (
        "02-funding.md",
        "---\ntitle: Funding\norder: 2\n---\n\n## Rounds\n\nThe spin-offs raised EUR `=sum funding-rounds amount`\n\
         million in `=count funding-rounds` rounds (@tbl-funding, @tbl-sectors).\n\n```table\n\
         data: funding-per-spinoff\ncaption: Money raised per spin-off\nlabel: tbl-funding\n```\n\n\
         ```chart\nkind: bar\ndata: funding-per-spinoff\nx: spinoff\ny: raised\ntitle: Money raised\n```\n",
    ),
    (
        "03-partners.md",
        "---\ntitle: Partners\norder: 3\nsummary: Who they work with.\n---\n\n## Partnerships\n\n\
         Partners are established companies or other spin-offs, as when Lumora Sense licenses the\n\
         designs of its parent [@moreau2021, pp. 4-6].\n",
    ),
];

/// Writes the site into `dir`.
fn write_site(dir: &Path) {
    let data = dir.join("content/data");
    fs::create_dir_all(data.join("spinoffs")).unwrap();
    fs::create_dir_all(dir.join("content/chapters")).unwrap();
    let files = [
        ("folio.yaml", FOLIO_YAML),
        ("content/data/schema.yaml", SCHEMA),
        ("content/data/universities.yaml", UNIVERSITIES),
        ("content/data/funding-rounds.csv", FUNDING),
        ("content/data/references.yaml", REFERENCES),
        ("content/data/spinoffs/lumora.md", CASE_BODY),
    ];
    for (path, text) in files {
        fs::write(dir.join(path), text).unwrap();
    }
    for (name, text) in SPINOFFS {
        fs::write(data.join("spinoffs").join(name), text).unwrap();
    }
    for (name, text) in CHAPTERS {
        fs::write(dir.join("content/chapters").join(name), text).unwrap();
    }
}

/// One edit of the site. Numbers pick among the current candidates (modulo their count), so
/// that every generated sequence applies to whatever the earlier edits left.
#[derive(Debug, Clone)]
enum Edit {
    /// A letter of a chapter's title or prose replaced by another: the file keeps its size.
    ChapterLetter {
        chapter: usize,
        at: usize,
        letter: char,
    },
    /// A letter of the record body `lumora.md` replaced by another.
    CaseLetter {
        at: usize,
        letter: char,
    },
    /// The last digit of a data value (employees, founding year, publication year, amount).
    DataDigit {
        at: usize,
        digit: u8,
    },
    /// A letter of the site's title in `folio.yaml`.
    TitleLetter {
        at: usize,
        letter: char,
    },
    /// A letter of a label in the schema.
    SchemaLetter {
        at: usize,
        letter: char,
    },
    /// `templates/base.html` overridden with a mark (the same size each time), or removed.
    Template {
        mark: Option<char>,
    },
    /// A chapter added (the letter names it and fixes its order).
    AddChapter {
        letter: char,
    },
    DeleteChapter {
        chapter: usize,
    },
    /// A chapter file renamed, which renames its page.
    RenameChapter {
        chapter: usize,
        letter: char,
    },
    /// The record `quellbit` (nothing refers to it) given another id, and its file another name.
    RenameRecord {
        letter: char,
    },
}

/// An edit, and whether it lands in the same timestamp tick as the build before it.
#[derive(Debug, Clone)]
struct Step {
    edit: Edit,
    same_tick: bool,
}

fn step() -> impl Strategy<Value = Step> {
    let letter = || prop::char::range('a', 'z');
    let edit = prop_oneof![
        4 => (any::<usize>(), any::<usize>(), letter())
            .prop_map(|(chapter, at, letter)| Edit::ChapterLetter { chapter, at, letter }),
        1 => (any::<usize>(), letter()).prop_map(|(at, letter)| Edit::CaseLetter { at, letter }),
        2 => (any::<usize>(), 0..10u8).prop_map(|(at, digit)| Edit::DataDigit { at, digit }),
        1 => (any::<usize>(), letter()).prop_map(|(at, letter)| Edit::TitleLetter { at, letter }),
        1 => (any::<usize>(), letter()).prop_map(|(at, letter)| Edit::SchemaLetter { at, letter }),
        1 => prop::option::weighted(0.8, prop::char::range('A', 'E')).prop_map(|mark| Edit::Template { mark }),
        1 => letter().prop_map(|letter| Edit::AddChapter { letter }),
        1 => any::<usize>().prop_map(|chapter| Edit::DeleteChapter { chapter }),
        1 => (any::<usize>(), letter()).prop_map(|(chapter, letter)| Edit::RenameChapter { chapter, letter }),
        1 => letter().prop_map(|letter| Edit::RenameRecord { letter }),
    ];
    (edit, prop::bool::weighted(0.7)).prop_map(|(edit, same_tick)| Step { edit, same_tick })
}

/// The chapter files, sorted.
fn chapter_files(site: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        fs::read_dir(site.join("content/chapters")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

/// Byte offsets of the letters of a chapter that an edit may change without breaking the
/// chapter: the title's, and the prose's outside code, fenced blocks, brackets, parentheses
/// and `@` references.
fn chapter_letters(text: &str) -> Vec<usize> {
    let mut letters = Vec::new();
    let (mut offset, mut rules, mut fenced) = (0, 0, false);
    for line in text.split_inclusive('\n') {
        if rules < 2 {
            if line.trim_end() == "---" {
                rules += 1;
            } else if let Some(title) = line.strip_prefix("title: ") {
                letters.extend(ascii_letters(title).map(|i| offset + 7 + i));
            }
        } else if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            let (mut code, mut depth, mut reference) = (false, 0, false);
            for (i, c) in line.char_indices() {
                match c {
                    '`' => code = !code,
                    '[' | '(' => depth += 1,
                    ']' | ')' => depth -= 1,
                    '@' => reference = true,
                    c if !c.is_alphanumeric() && c != '-' => reference = false,
                    _ => {}
                }
                if c.is_ascii_alphabetic() && !code && depth == 0 && !reference {
                    letters.push(offset + i);
                }
            }
        }
        offset += line.len();
    }
    letters
}

fn ascii_letters(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.char_indices().filter(|(_, c)| c.is_ascii_alphabetic()).map(|(i, _)| i)
}

/// Byte offsets of the letters of the schema's labels (the values of `labels:` maps, `label:`
/// values and dataset titles): text shown on pages, never names.
fn label_letters(text: &str) -> Vec<usize> {
    let mut letters = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(title) = trimmed.strip_prefix("title: ") {
            let start = offset + line.len() - trimmed.len() + 7;
            letters.extend(ascii_letters(title).map(|i| start + i));
        } else if let Some(at) = line.find("labels: {") {
            // Values: after `: ` up to `,` or `}`.
            let mut value = false;
            for (i, c) in line.char_indices().skip(at + "labels: {".len()) {
                match c {
                    ':' => value = true,
                    ',' | '}' => value = false,
                    c if value && c.is_ascii_alphabetic() => letters.push(offset + i),
                    _ => {}
                }
            }
        }
        offset += line.len();
    }
    letters
}

/// Byte offsets of the last digit of every number an edit may change without breaking the data:
/// employees, founding and publication years, funding amounts.
fn data_digits(site: &Path) -> Vec<(PathBuf, usize)> {
    let data = site.join("content/data");
    let mut files: Vec<PathBuf> =
        fs::read_dir(data.join("spinoffs")).unwrap().map(|e| e.unwrap().path()).collect();
    files.extend([data.join("references.yaml"), data.join("funding-rounds.csv")]);
    files.sort();
    let mut digits = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let number = ["employees: ", "founded: ", "  year: "].iter().any(|key| line.starts_with(key))
                || (file.extension().is_some_and(|e| e == "csv") && !line.starts_with("spinoff,"));
            if number {
                let last = line.trim_end().len() - 1;
                digits.push((file.clone(), offset + last));
            }
            offset += line.len();
        }
    }
    digits
}

/// A file edited in place, with its modification time before the edit.
type Touched = (PathBuf, SystemTime);

/// Writes `text` over `file`, which exists.
fn rewrite(file: &Path, text: impl AsRef<[u8]>) -> Touched {
    let before = fs::metadata(file).unwrap().modified().unwrap();
    fs::write(file, text).unwrap();
    (file.to_path_buf(), before)
}

/// Replaces the byte at `at` of `file` (an ASCII character) by `new`, or by `other` when it
/// already is `new`.
fn replace_byte(file: &Path, at: usize, new: u8, other: u8) -> Touched {
    let mut bytes = fs::read(file).unwrap();
    bytes[at] = if bytes[at] == new { other } else { new };
    rewrite(file, bytes)
}

fn replace_letter(file: &Path, at: usize, letter: char) -> Touched {
    replace_byte(file, at, letter as u8, if letter == 'x' { b'y' } else { b'x' })
}

/// Picks the `n`-th of `items` (modulo their count), if there are any.
fn pick<T>(items: &[T], n: usize) -> Option<&T> {
    (!items.is_empty()).then(|| &items[n % items.len()])
}

/// Applies `edit` to the site; returns the file edited in place, if one was.
fn apply(site: &Path, edit: &Edit) -> Option<Touched> {
    let chapters = chapter_files(site);
    let data = site.join("content/data");
    match *edit {
        Edit::ChapterLetter { chapter, at, letter } => {
            let file = pick(&chapters, chapter)?.clone();
            let letters = chapter_letters(&fs::read_to_string(&file).unwrap());
            Some(replace_letter(&file, *pick(&letters, at)?, letter))
        }
        Edit::CaseLetter { at, letter } => {
            let file = data.join("spinoffs/lumora.md");
            let text = fs::read_to_string(&file).unwrap();
            let letters = chapter_letters(&format!("---\n---\n{text}"));
            Some(replace_letter(&file, *pick(&letters, at)? - 8, letter))
        }
        Edit::DataDigit { at, digit } => {
            let (file, at) = pick(&data_digits(site), at)?.clone();
            Some(replace_byte(&file, at, b'0' + digit, if digit == 1 { b'2' } else { b'1' }))
        }
        Edit::TitleLetter { at, letter } => {
            let file = site.join("folio.yaml");
            let title = ascii_letters(FOLIO_YAML.lines().next().unwrap()).collect::<Vec<_>>();
            // Letters of `title: ...`, past the key.
            let letters: Vec<usize> = title.into_iter().filter(|&i| i >= 7).collect();
            Some(replace_letter(&file, *pick(&letters, at)?, letter))
        }
        Edit::SchemaLetter { at, letter } => {
            let file = data.join("schema.yaml");
            let letters = label_letters(&fs::read_to_string(&file).unwrap());
            Some(replace_letter(&file, *pick(&letters, at)?, letter))
        }
        Edit::Template { mark } => {
            let file = site.join("templates/base.html");
            match mark {
                Some(mark) => {
                    let base =
                        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/base.html"))
                            .unwrap();
                    let edited = base.replacen("</body>", &format!("<!-- edited: {mark} --></body>"), 1);
                    assert_ne!(base, edited, "the default base template closes its body");
                    if file.exists() {
                        return Some(rewrite(&file, edited));
                    }
                    fs::create_dir_all(site.join("templates")).unwrap();
                    fs::write(&file, edited).unwrap();
                    None
                }
                None => {
                    let _ = fs::remove_file(&file);
                    None
                }
            }
        }
        Edit::AddChapter { letter } => {
            let order = 10 + (letter as u8 - b'a');
            let text = format!(
                "---\ntitle: Added {letter}\norder: {order}\n---\n\n## Added\n\nA chapter added while \
                 previewing, on `=count spinoffs` spin-offs [@kessler2019].\n"
            );
            fs::write(site.join(format!("content/chapters/{order}-added-{letter}.md")), text).unwrap();
            None
        }
        Edit::DeleteChapter { chapter } => {
            if chapters.len() > 1 {
                fs::remove_file(pick(&chapters, chapter)?).unwrap();
            }
            None
        }
        Edit::RenameChapter { chapter, letter } => {
            let file = pick(&chapters, chapter)?;
            let stem = file.file_stem().unwrap().to_string_lossy();
            let renamed = file.with_file_name(format!("{stem}{letter}.md"));
            if stem.len() < 40 && !renamed.exists() {
                fs::rename(file, renamed).unwrap();
            }
            None
        }
        Edit::RenameRecord { letter } => {
            let folder = data.join("spinoffs");
            let file = fs::read_dir(&folder)
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("quell"))
                .unwrap();
            let id = format!("quell{letter}it");
            let text = fs::read_to_string(&file).unwrap();
            let (_, rest) = text.split_once('\n').unwrap();
            fs::remove_file(&file).unwrap();
            fs::write(folder.join(format!("{id}.yaml")), format!("id: {id}\n{rest}")).unwrap();
            None
        }
    }
}

/// What a build gives, in a form two builds can be compared by: every file, or the problems.
fn outcome(built: Result<Site, Diagnostics>) -> Result<Vec<(String, Vec<u8>)>, Vec<String>> {
    match built {
        Ok(site) => Ok(site.files().map(|(path, bytes)| (path.to_string(), bytes.to_vec())).collect()),
        Err(problems) => Err(problems.into_sorted().iter().map(|d| d.render(false)).collect()),
    }
}

/// The first difference between the memo build and the fresh one, if any.
fn difference(
    kept: &Result<Vec<(String, Vec<u8>)>, Vec<String>>,
    fresh: &Result<Vec<(String, Vec<u8>)>, Vec<String>>,
) -> Option<String> {
    match (kept, fresh) {
        (Ok(kept), Ok(fresh)) => {
            let paths =
                |files: &[(String, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
            if paths(kept) != paths(fresh) {
                return Some(format!("the files differ: {:?} against {:?}", paths(kept), paths(fresh)));
            }
            let differ: Vec<&str> =
                kept.iter().zip(fresh).filter(|(k, f)| k.1 != f.1).map(|(k, _)| k.0.as_str()).collect();
            (!differ.is_empty()).then(|| format!("these pages differ from a fresh build: {differ:?}"))
        }
        (Err(kept), Err(fresh)) => {
            (kept != fresh).then(|| format!("the problems differ: {kept:#?} against {fresh:#?}"))
        }
        (Ok(_), Err(problems)) => Some(format!("the memo build succeeded, a fresh one fails: {problems:#?}")),
        (Err(problems), Ok(_)) => Some(format!("the memo build fails, a fresh one succeeds: {problems:#?}")),
    }
}

/// Every file below `dir` (relative to `root`) with its bytes.
fn files(root: &Path, dir: &Path, into: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(root, &path, into);
        } else {
            into.insert(path.strip_prefix(root).unwrap().to_path_buf(), fs::read(&path).unwrap());
        }
    }
}

/// The files added, removed or changed between two listings: what a watcher reports.
fn changed(before: &BTreeMap<PathBuf, Vec<u8>>, after: &BTreeMap<PathBuf, Vec<u8>>) -> Changed {
    let differs = |path: &&PathBuf| before.get(*path) != after.get(*path);
    Changed::Only(before.keys().chain(after.keys()).filter(differs).cloned().collect())
}

/// Builds the site, then applies each step and compares two memo builds with a fresh one: one
/// memo told nothing of the edits (it reads the files' stamps), one told which files changed,
/// as `serve`'s watcher tells it. Returns how many steps ended in a good build.
fn check_steps(steps: &[Step]) -> Result<usize, TestCaseError> {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write_site(&site);
    let memo = BuildOptions { memo: Some(Arc::new(Memo::default())), ..BuildOptions::default() };
    let mut watched = BuildOptions { memo: Some(Arc::new(Memo::default())), ..BuildOptions::default() };
    let fresh = BuildOptions::default();
    let first = outcome(folio::build(&site, &memo));
    prop_assert!(first.is_ok(), "the site must build: {:?}", first.err());
    prop_assert_eq!(outcome(folio::build(&site, &watched)), first);
    let mut listing = BTreeMap::new();
    files(&site, &site, &mut listing);
    let mut good = 0;
    for (n, step) in steps.iter().enumerate() {
        let touched = apply(&site, &step.edit);
        if let (Some((file, before)), true) = (touched, step.same_tick) {
            fs::File::options().write(true).open(file).unwrap().set_modified(before).unwrap();
        }
        let mut now = BTreeMap::new();
        files(&site, &site, &mut now);
        watched.changed = changed(&listing, &now);
        listing = now;
        let kept = outcome(folio::build(&site, &memo));
        let told = outcome(folio::build(&site, &watched));
        let again = outcome(folio::build(&site, &fresh));
        for (memo_build, built) in [("stamps", &kept), ("watcher", &told)] {
            if let Some(difference) = difference(built, &again) {
                let number = n + 1;
                return Err(TestCaseError::fail(format!(
                    "after step {number} ({step:?}), {memo_build}: {difference}"
                )));
            }
        }
        good += usize::from(kept.is_ok());
    }
    Ok(good)
}

/// Runs `cases` random sequences of `steps` edits; panics with the smallest failing sequence
/// proptest finds.
fn run(cases: u32, steps: std::ops::Range<usize>) {
    let config = Config { cases, failure_persistence: None, max_shrink_iters: 256, ..Config::default() };
    let (edits, good) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let result = TestRunner::new(config).run(&prop::collection::vec(step(), steps), |steps| {
        let built = check_steps(&steps)?;
        edits.fetch_add(steps.len(), Ordering::Relaxed);
        good.fetch_add(built, Ordering::Relaxed);
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    let (edits, good) = (edits.into_inner(), good.into_inner());
    eprintln!(
        "{cases} sequences, {edits} edits: {good} good builds, {} broken ones, all as from scratch",
        edits - good
    );
}

#[test]
fn memo_builds_equal_fresh_builds_under_random_edits() {
    run(24, 1..16);
}

#[test]
#[ignore = "hundreds of sequences (minutes); run with `cargo test memo_edits -- --ignored`"]
fn memo_builds_equal_fresh_builds_under_many_random_edits() {
    run(300, 1..30);
}
