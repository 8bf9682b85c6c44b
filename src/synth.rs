//! A deterministic synthetic site for benchmarks (`folio synth`, hidden from the main help):
//! N chapters of about 600 words with headings, lists, tables, links, citations, table blocks
//! and (one chapter in ten) a chart; F firms, C partner companies and A alliances over two
//! snapshots, declared in a schema like the dissertation's (with datasets, computed figures in
//! the first two chapters and on the home page); an indicator table and references. The same
//! arguments always write the same files.

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
    "technology",
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

/// The regions of the synthetic firms: id and name.
const REGIONS: &[(&str, &str)] = &[
    ("flanders", "Flanders"),
    ("wallonia", "Wallonia"),
    ("brussels", "Brussels"),
    ("north", "North"),
    ("south", "South"),
];

/// The synthetic site's schema, in the shape of the dissertation's: regions with names, a folder
/// of firms, a list of partners, and alliances (files of lists, one per firm) that form a network
/// and a panel of two vintages; datasets computed from them.
const SCHEMA: &str = r#"# The synthetic site's data, declared like the dissertation's.
collections:
  - name: regions
    path: regions.yaml
    label: {one: Region, many: Regions}
    listing: {columns: [name], sort: name}
    fields:
      - {name: id, constraints: {required: true}}
      - {name: name, constraints: {required: true}}

  - name: firms
    path: firms/
    label: {one: Firm, many: Firms}
    description: Every firm of the synthetic sample.
    listing: {columns: [name, kind, region, location, platforms], sort: name}
    fields:
      - {name: id, constraints: {required: true}}
      - {name: name, constraints: {required: true}}
      - name: kind
        constraints: {required: true, enum: [start-up, spin-off]}
        labels: {start-up: Start-up, spin-off: Spin-off}
      - {name: region, reference: regions, constraints: {required: true}, backlink: Firms}
      - {name: location}
      - {name: platforms, label: Technology platform, list: true}
      - {name: products, list: true}
      - {name: sources, type: citation, list: true}

  - name: partners
    path: companies.yaml
    label: {one: Partner, many: Partners}
    listing: {columns: [name, kind], sort: name}
    fields:
      - {name: id, constraints: {required: true}}
      - {name: name, constraints: {required: true}}
      - name: kind
        constraints: {required: true, enum: [large, small]}
        labels: {large: Large company, small: Small company}

  - name: alliances
    path: alliances/
    pages: false
    label: {one: Alliance, many: Alliances}
    description: Every alliance of the synthetic firms, in each data snapshot.
    listing: {columns: [firm, partner, kind, snapshot], sort: firm}
    fields:
      - {name: firm, reference: firms, constraints: {required: true}, backlink: Alliances}
      - {name: partner, reference: [firms, partners], constraints: {required: true}, backlink: Firms allied with this partner}
      - name: kind
        constraints: {required: true, enum: [licensing, r-and-d]}
        labels: {licensing: Licensing, r-and-d: R&D}
      - {name: snapshot, type: date, constraints: {required: true}}
    network: {from: firm, to: partner, title: Alliance network, address: network}
    vintage: {field: snapshot, panel: true, address: changes}

datasets:
  - name: sample
    title: Firms of the sample
    from: firms
    counts: {alliances: alliances.firm snapshot=@latest}
    columns: [name, kind, region, location, alliances]
    sort: [name]
    labels: {name: Firm}

  - name: alliances-per-firm
    title: Alliances per firm
    from: alliances
    group: firm
    aggregate: {alliances: count}
    pivot: {field: snapshot, value: alliances, prefix: snapshot_, label: "Alliances, {value}", newest_first: true}
    sort: [-snapshot_2016_12]
    labels: {firm: Firm}

  - name: partners-by-firms
    title: Partners by number of firms
    from: alliances
    group: partner
    aggregate: {firms: count-distinct firm}
    sort: [-firms]
    labels: {partner: Partner, firms: Firms}

  - name: firms-per-region
    title: Firms per region
    from: firms
    group: region
    aggregate: {firms: count}
    labels: {region: Region, firms: Firms}

  - name: alliances-per-snapshot
    title: Alliances per data snapshot
    from: alliances
    group: snapshot
    aggregate: {alliances: count, firms: count-distinct firm, partners: count-distinct partner}
    sort: [-snapshot]
    labels: {snapshot: Snapshot, firms: Firms with alliances, partners: Distinct partners}
"#;

/// The home page's key figures, when the site has alliances to compute them from.
const FIGURES: &str = r#"figures:
  - {value: "=count firms", label: firms, link: firms/}
  - {value: "=count regions", label: regions, link: regions/}
  - {value: "=count alliances snapshot=@latest", label: "alliances ({=latest alliances snapshot})", link: alliances/}
  - {value: "=distinct alliances partner snapshot=@latest", label: "distinct partners ({=latest alliances snapshot})", link: partners/}
  - {value: "=top-count alliances partner snapshot=@latest", label: "firms allied with {=top alliances partner snapshot=@latest}", link: partners/}
  - {value: "=count tables", label: indicator tables, link: tables/}
"#;

/// `true` when the site has firms in every region and alliances in both snapshots: the figures
/// and data blocks filter on them.
fn has_alliances(size: SynthSize) -> bool {
    size.firms >= REGIONS.len() && size.companies > 0 && size.alliances > size.firms
}

/// Writes the synthetic site into `dir` (which should be empty).
pub fn write(dir: &Path, size: SynthSize) -> io::Result<()> {
    let chapters = dir.join("content/chapters");
    let data = dir.join("content/data");
    for sub in ["firms", "alliances", "tables"] {
        fs::create_dir_all(data.join(sub))?;
    }
    fs::create_dir_all(&chapters)?;
    let mut config = String::from(
        "title: Synthetic report\ndescription: A generated site for benchmarks.\n\
         nav: [chapters, firms, partners, regions, alliances, network, changes, tables, references]\n",
    );
    if has_alliances(size) {
        config.push_str(FIGURES);
    }
    fs::write(dir.join("folio.yaml"), config)?;
    fs::write(data.join("schema.yaml"), SCHEMA)?;
    let mut rng = Rng(0x5eed);
    for n in 0..size.chapters {
        let mut text = chapter(&mut rng, n, size);
        if has_alliances(size) {
            text.push_str(&data_section(n));
        }
        fs::write(chapters.join(format!("{:05}-chapter-{n}.md", n + 1)), text)?;
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
    let mut regions = String::new();
    for (id, name) in REGIONS {
        writeln!(regions, "- id: {id}\n  name: {name}").ok();
    }
    fs::write(data.join("regions.yaml"), regions)?;
    let mut companies = String::new();
    for c in 0..size.companies {
        writeln!(companies, "- id: company-{c}\n  name: Company {c}\n  kind: large").ok();
    }
    fs::write(data.join("companies.yaml"), companies)?;
    for f in 0..size.firms {
        let region = REGIONS[f % REGIONS.len()].0;
        let record = format!(
            "id: firm-{f}\nname: Firm {f}\nkind: start-up\nregion: {region}\nlocation: Town {}\n\
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

/// One file per firm holding the list of its alliances, each record naming the firm.
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

/// The data part of the first two chapters: computed figures in prose, a table block and a
/// chart block over the declared datasets (bounded, so no chapter grows with the data).
fn data_section(n: usize) -> String {
    match n {
        0 => "\n## The data\n\n\
              The sample holds `=count firms` firms in `=count regions` regions, \
              `=count firms region=flanders` of them in Flanders, with \
              `=count alliances snapshot=@latest` alliances to `=distinct alliances partner snapshot=@latest` \
              distinct partners in `=latest alliances snapshot`; the most frequent partner is \
              `=top alliances partner snapshot=@latest` (`=top-count alliances partner snapshot=@latest` firms).\n\n\
              ```table\ndata: partners-by-firms\nlimit: 10\ncaption: The partners allied with the most firms\n\
              label: tbl-partners\n```\n\n\
              ```chart\nkind: hbar\ndata: alliances-per-firm\nx: firm\ny: snapshot_2016_12\n\
              sort: -snapshot_2016_12\nlimit: 20\nunit: alliances\ntitle: Alliances per firm, December 2016\n\
              label: fig-alliances-per-firm\n```\n"
            .to_string(),
        1 => "\n## Regions and snapshots\n\n\
              Of the firms, `=share firms region=wallonia` are in Wallonia; `=count alliances snapshot=2015-12` \
              alliances were recorded in December 2015 (see @tbl-snapshots).\n\n\
              ```table\ndata: alliances-per-snapshot\ncaption: Alliances per data snapshot\nlabel: tbl-snapshots\n```\n\n\
              ```chart\nkind: bar\ndata: firms-per-region\nx: region\ny: firms\nunit: firms\n\
              title: Firms per region\n```\n\n\
              ```table\ndata: sample\nlimit: 10\ncaption: The first firms of the sample\n```\n"
            .to_string(),
        _ => String::new(),
    }
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
