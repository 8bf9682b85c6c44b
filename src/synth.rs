//! A deterministic synthetic site for benchmarks (`folio synth`, hidden from the main help):
//! N chapters of about 600 words with headings, lists, tables, links, citations, table blocks
//! and (one chapter in ten) a chart; F firms, C partner companies and A alliances over two snapshots, declared
//! in a schema; indicator tables and references. The same arguments always write the same files.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// Sizes of a synthetic site.
#[derive(Debug, Clone, Copy)]
pub struct SynthSize {
    pub chapters: usize,
    pub firms: usize,
    pub companies: usize,
    pub alliances: usize,
}

/// A small deterministic generator (64-bit LCG): benchmarks must see the same site every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "biotechnology",
    "firm",
    "alliance",
    "region",
    "innovation",
    "policy",
    "partner",
    "platform",
    "cluster",
    "research",
    "university",
    "pharmaceutical",
    "licensing",
    "venture",
    "capital",
    "pipeline",
    "clinical",
    "network",
    "open",
    "model",
    "market",
    "product",
    "development",
    "strategy",
    "portfolio",
    "growth",
    "knowledge",
    "transfer",
    "spin-off",
    "incubator",
    "diagnostics",
    "antibody",
    "therapy",
    "value",
    "the",
    "of",
    "and",
    "in",
    "to",
    "with",
    "for",
    "a",
    "their",
    "across",
    "between",
    "through",
];

const REGIONS: &[&str] = &["flanders", "wallonia", "brussels", "north", "south"];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(WORDS[rng.below(WORDS.len())]);
    }
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>() + ".").unwrap_or_default()
}

fn paragraph(rng: &mut Rng, sentences: usize) -> String {
    (0..sentences)
        .map(|_| {
            let words = 10 + rng.below(8);
            sentence(rng, words)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes the synthetic site into `dir` (which should be empty).
pub fn write(dir: &Path, size: SynthSize) -> io::Result<()> {
    let chapters = dir.join("content/chapters");
    let data = dir.join("content/data");
    for sub in ["firms", "alliances", "tables"] {
        fs::create_dir_all(data.join(sub))?;
    }
    fs::create_dir_all(&chapters)?;
    fs::write(
        dir.join("folio.yaml"),
        "title: Synthetic report\ndescription: A generated site for benchmarks.\n",
    )?;
    let mut rng = Rng(0x5eed);
    for n in 0..size.chapters {
        fs::write(chapters.join(format!("{:05}-chapter-{n}.md", n + 1)), chapter(&mut rng, n, size))?;
    }
    let mut refs = String::new();
    for r in 0..100 {
        writeln!(
            refs,
            "- key: author{r}2016\n  authors: [\"Author{r}, A.\"]\n  year: 2016\n  title: Work {r}"
        )
        .ok();
    }
    fs::write(data.join("references.yaml"), refs)?;
    fs::write(data.join("schema.yaml"), SCHEMA)?;
    let mut regions = String::new();
    for region in REGIONS {
        writeln!(regions, "- id: {region}\n  name: Region {region}").ok();
    }
    fs::write(data.join("regions.yaml"), regions)?;
    let mut companies = String::new();
    for c in 0..size.companies {
        writeln!(companies, "- id: company-{c}\n  name: Company {c}\n  kind: big-pharma").ok();
    }
    fs::write(data.join("companies.yaml"), companies)?;
    for f in 0..size.firms {
        let region = REGIONS[f % REGIONS.len()];
        let record = format!(
            "id: firm-{f}\nname: Firm {f}\nkind: new-biotech-firm\nregion: {region}\nlocation: Town {}\n\
             platforms: [Platform {}]\nproducts: [Product {f}]\nsources: [author{}2016]\n",
            f % 50,
            f % 20,
            f % 100
        );
        fs::write(data.join("firms").join(format!("firm-{f}.yaml")), record)?;
    }
    write_alliances(&data, size, &mut rng)?;
    let mut table = String::from(
        "id: indicators\ntitle: Synthetic indicators\nsource: generated\ncolumns:\n  - { id: country, label: Country, type: text }\n  - { id: firms, label: Firms, type: integer }\nrows:\n",
    );
    for c in 0..20 {
        writeln!(table, "  - [Country {c}, {}]", 100 + rng.below(900)).ok();
    }
    fs::write(data.join("tables/indicators.yaml"), table)
}

/// The synthetic site's data, declared like any site's: firms in regions, partner companies, and
/// alliances between them in two snapshots (a panel, with a network).
const SCHEMA: &str = "collections:
  - name: regions
    path: regions.yaml
    fields:
      - {name: id}
      - {name: name, constraints: {required: true}}
  - name: firms
    path: firms/
    fields:
      - {name: id}
      - {name: name, constraints: {required: true}}
      - {name: kind, constraints: {enum: [new-biotech-firm]}, labels: {new-biotech-firm: New biotechnology firm}}
      - {name: region, reference: regions, backlink: Firms}
      - {name: location}
      - {name: platforms, list: true}
      - {name: products, list: true}
      - {name: sources, type: citation, list: true}
  - name: partners
    path: companies.yaml
    fields:
      - {name: id}
      - {name: name, constraints: {required: true}}
      - {name: kind, constraints: {enum: [big-pharma]}, labels: {big-pharma: Global pharmaceutical company}}
  - name: alliances
    path: alliances/
    pages: false
    fields:
      - {name: firm, reference: firms, backlink: Alliances, constraints: {required: true}}
      - {name: partner, reference: partners, backlink: Allied firms, constraints: {required: true}}
      - {name: kind, constraints: {enum: [licensing]}, labels: {licensing: Licensing}}
      - {name: snapshot, type: yearmonth, constraints: {required: true}}
    network: {from: firm, to: partner, title: Alliance network, address: network}
    vintage: {field: snapshot, panel: true, address: changes}
";

fn write_alliances(data: &Path, size: SynthSize, rng: &mut Rng) -> io::Result<()> {
    if size.firms == 0 || size.companies == 0 {
        return Ok(());
    }
    let per_firm = size.alliances / size.firms;
    let extra = size.alliances % size.firms;
    for f in 0..size.firms {
        let count = per_firm + usize::from(f < extra);
        if count == 0 {
            continue;
        }
        let mut text = String::new();
        let start = rng.below(size.companies);
        for i in 0..count {
            // Distinct partners per firm and snapshot: consecutive companies from a random start.
            let snapshot = if i.is_multiple_of(2) { "2016-12" } else { "2015-12" };
            let partner = (start + i / 2) % size.companies;
            writeln!(
                text,
                "- firm: firm-{f}\n  partner: company-{partner}\n  kind: licensing\n  snapshot: \"{snapshot}\""
            )
            .ok();
        }
        fs::write(data.join("alliances").join(format!("firm-{f}.yaml")), text)?;
    }
    Ok(())
}

fn chapter(rng: &mut Rng, n: usize, size: SynthSize) -> String {
    let summary = sentence(rng, 12);
    let mut md = format!("---\ntitle: Chapter {n}\norder: {}\nsummary: {summary}\n---\n\n", n + 1);
    for s in 0..4 {
        writeln!(md, "## Section {s} of chapter {n}\n").ok();
        let (text, cited) = (paragraph(rng, 6), rng.below(100));
        writeln!(md, "{text} [@author{cited}2016, p. {}]\n", s + 1).ok();
        for _ in 0..3 {
            writeln!(md, "- {}", sentence(rng, 6)).ok();
        }
        md.push('\n');
        if n + 1 < size.chapters {
            let more = sentence(rng, 8);
            writeln!(md, "See the [next chapter](../chapter-{}/) and {more}\n", n + 1).ok();
        }
    }
    md.push_str("| Region | Firms |\n|---|---:|\n| North | 12 |\n| South | 7 |\n\n");
    if n.is_multiple_of(10) {
        md.push_str("```table\ndata: indicators\nsort: -firms\nlimit: 5\n```\n");
    }
    if n % 10 == 5 {
        // Each chart differs (its title), so none is served from the build's chart cache.
        writeln!(
            md,
            "\n```chart\nkind: hbar\ndata: indicators\nx: country\ny: firms\nsort: -firms\nlimit: {}\n\
             title: Firms per country, chapter {n}\n```",
            5 + n % 7
        )
        .ok();
    }
    md
}
