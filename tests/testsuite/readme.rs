//! The README's examples work as written: its `folio.yaml` on a site made by `folio new`, its
//! schema example, and its chart block in the dissertation site.

use std::fs;
use std::path::Path;

use crate::support::*;

fn readme() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The body of the first fenced block (after `fence`) whose first line is `first`.
fn block(text: &str, fence: &str, first: &str) -> String {
    let start = text.find(&format!("{fence}\n{first}")).unwrap_or_else(|| panic!("no block {first}"));
    let body = &text[start + fence.len() + 1..];
    let end = body.find("\n```").unwrap();
    body[..end].to_string()
}

#[test]
fn the_readme_config_builds_a_new_site() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    folio().arg("new").arg(&site).assert().success();
    let config = block(&readme(), "```yaml", "title: My report");
    fs::write(site.join("folio.yaml"), config).unwrap();
    build_ok(&site);
    let home = page(&site, "index.html");
    assert!(texts(&home, ".figure__label").iter().any(|l| l.contains("most frequent partner")));
    assert_eq!(attrs(&home, ".home-chart figure", "id"), ["fig-regions"]);
}

#[test]
fn the_readme_schema_example_resolves() {
    let schema = block(&readme(), "```yaml", "# content/data/schema.yaml");
    folio::schema::parse(Path::new("schema.yaml"), &schema).unwrap_or_else(|d| panic!("{d:?}"));
}

#[test]
fn the_readme_chart_block_draws_in_the_dissertation() {
    let chart = block(&section(&readme(), "### Charts"), "````markdown", "```chart");
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::create_dir_all(&site).unwrap();
    fs::copy(root.join("folio.yaml"), site.join("folio.yaml")).unwrap();
    copy_dir(&root.join("content"), &site.join("content"));
    // The README's label is the dissertation's own figure: give the copy another one.
    let chart = chart.replace("label: fig-top-partners ", "label: fig-readme-partners ");
    fs::write(
        site.join("content/chapters/99-readme.md"),
        format!("---\ntitle: README\norder: 99\n---\n\n{chart}\n```\n"),
    )
    .unwrap();
    build_ok(&site);
    let page = page(&site, "chapters/readme/index.html");
    let caption = texts(&page, "figure#fig-readme-partners figcaption");
    assert!(caption.iter().any(|c| c.contains("Partners allied with the most firms")), "{caption:?}");
    assert!(!texts(&page, "figure#fig-readme-partners svg desc").is_empty());
}

#[test]
fn the_readme_nav_example_builds_a_new_site() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    folio().arg("new").arg(&site).assert().success();
    let nav = block(&readme(), "```yaml", "nav:");
    let config = fs::read_to_string(site.join("folio.yaml")).unwrap();
    let kept: String = config.lines().filter(|l| !l.starts_with("nav:")).map(|l| format!("{l}\n")).collect();
    fs::write(site.join("folio.yaml"), format!("{kept}{nav}\n")).unwrap();
    build_ok(&site);
    let home = page(&site, "index.html");
    let titles = texts(&home, "#site-nav .nav-section__title");
    assert_eq!(titles[1], "What we found");
    assert_eq!(titles.last().map(String::as_str), Some("Publisher"));
}

#[test]
fn the_readme_print_example_prints_a_new_sites_appendices() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    folio().arg("new").arg(&site).assert().success();
    let print = block(&readme(), "```yaml", "print:");
    let config = fs::read_to_string(site.join("folio.yaml")).unwrap();
    fs::write(site.join("folio.yaml"), format!("{config}{print}\n")).unwrap();
    build_ok(&site);
    let html = page(&site, "print/index.html");
    let appendices = attrs(&html, ".print-appendix", "id");
    // A new site has no bibliography yet: an appendix with nothing in it is left out.
    assert!(!site.join("public/references").exists());
    assert_eq!(appendices, ["appendix-tables", "appendix-organisations"]);
}

#[test]
fn the_readme_language_example_builds_a_new_site_in_french() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    folio().arg("new").arg(&site).assert().success();
    let example = block(&readme(), "```yaml", "language: fr-BE");
    let config = fs::read_to_string(site.join("folio.yaml")).unwrap();
    let kept: String =
        config.lines().filter(|l| !l.starts_with("language:")).map(|l| format!("{l}\n")).collect();
    fs::write(site.join("folio.yaml"), format!("{kept}{example}\n")).unwrap();
    build_ok(&site);
    let home = page(&site, "index.html");
    assert_eq!(attrs(&home, "html", "lang"), ["fr-BE"]);
    assert_eq!(texts(&home, "#key-figures"), ["En bref"]);
    assert_eq!(attrs(&home, "#site-search-input", "placeholder"), ["Chercher une entreprise…"]);
    assert_eq!(texts(&home, ".skip-link"), ["Aller au contenu"]);
}

#[test]
fn the_readme_line_slope_and_scatter_examples_draw_in_the_dissertation() {
    let text = readme();
    let start = text.find("````markdown\n```chart\nkind: line").expect("the README's line example") + 13;
    let blocks = &text[start..start + text[start..].find("\n````").unwrap()];
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::create_dir_all(&site).unwrap();
    fs::copy(root.join("folio.yaml"), site.join("folio.yaml")).unwrap();
    copy_dir(&root.join("content"), &site.join("content"));
    fs::write(
        site.join("content/chapters/99-readme.md"),
        format!("---\ntitle: README\norder: 99\n---\n\n{blocks}\n"),
    )
    .unwrap();
    build_ok(&site);
    let page = page(&site, "chapters/readme/index.html");
    for (label, kind, svgs) in [
        ("fig-readme-lines", "line", 1),
        ("fig-readme-slopes", "slope", 4),
        ("fig-readme-scatter", "scatter", 1),
    ] {
        let classes = attrs(&page, &format!("figure#{label} svg"), "class");
        assert_eq!(classes, vec![format!("chart chart--{kind}"); svgs], "{label}");
    }
    assert_eq!(
        texts(&page, "figure#fig-readme-lines .chart-end-label"),
        ["Alliances", "Firms with alliances", "Distinct partners"]
    );
    assert_eq!(texts(&page, "figure#fig-readme-scatter .chart-data tbody th").len(), 13);
}

/// The README's section that starts with `heading` (a line of its own), up to the next heading of
/// the same or a higher level outside code blocks.
fn section(text: &str, heading: &str) -> String {
    let level = heading.split(' ').next().unwrap().len();
    let mut lines = text.lines().skip_while(|l| *l != heading);
    let mut out = format!("{}\n", lines.next().unwrap_or_else(|| panic!("no section {heading}")));
    let mut fence: Option<String> = None;
    for line in lines {
        match &fence {
            Some(f) if line == f => fence = None,
            Some(_) => {}
            None if line.starts_with("```") => {
                fence = Some("`".repeat(line.len() - line.trim_start_matches('`').len()))
            }
            None => {
                let hashes = line.len() - line.trim_start_matches('#').len();
                if hashes > 0 && hashes <= level && line[hashes..].starts_with(' ') {
                    break;
                }
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// What the walkthrough says to do with one of its file blocks.
#[derive(Debug, PartialEq)]
enum FileStep {
    Save(String, String),
    Append(String, String),
}

/// Every YAML and Markdown block of the walkthrough, with the file the sentence before it names
/// (the last path in backticks of the paragraph's last sentence) and whether the block is that file or goes at its end. A block
/// without such a sentence fails, so no example of the walkthrough goes untested.
fn walkthrough_steps(section: &str) -> Vec<FileStep> {
    let lines: Vec<&str> = section.lines().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let fence = match lines[i] {
            "```yaml" | "```markdown" => "```",
            "````markdown" => "````",
            _ => {
                i += 1;
                continue;
            }
        };
        let close = (i + 1..lines.len()).find(|&j| lines[j] == fence).expect("an unclosed block");
        let body: String = lines[i + 1..close].iter().map(|l| format!("{l}\n")).collect();
        // The paragraph just before the block, joined into one line.
        let mut before: Vec<&str> =
            lines[..i].iter().rev().skip_while(|l| l.trim().is_empty()).copied().collect();
        before = before.into_iter().take_while(|l| !l.trim().is_empty()).collect();
        before.reverse();
        let intro = before.join(" ");
        let intro = intro.rsplit(". ").next().expect("a sentence before the block");
        let path = intro.rsplit('`').nth(1).unwrap_or_else(|| panic!("no file named in {intro:?}"));
        assert!(path.starts_with("content/"), "{intro:?} names no site file");
        steps.push(if intro.contains("Save this as") {
            FileStep::Save(path.to_string(), body)
        } else if intro.contains("to the end of") {
            FileStep::Append(path.to_string(), body)
        } else {
            panic!("{intro:?} says neither `Save this as` nor `to the end of`")
        });
        i = close + 1;
    }
    steps
}

#[test]
fn the_readme_walkthrough_builds_a_report_with_its_chapter_records_and_chart() {
    let walkthrough = section(&readme(), "## Your own report in ten minutes");
    let steps = walkthrough_steps(&walkthrough);
    assert_eq!(steps.len(), 4, "{steps:?}");
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("my-report");
    assert!(walkthrough.contains("folio new my-report\n"));
    folio().arg("new").arg(&site).assert().success();
    for step in &steps {
        match step {
            FileStep::Save(path, body) => {
                assert!(!site.join(path).exists(), "{path} is not a new file");
                fs::write(site.join(path), body).unwrap();
            }
            FileStep::Append(path, body) => {
                let mut text = fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                fs::write(site.join(path), text + body).unwrap();
            }
        }
    }
    // The publishing command, run as the README writes it, in the site's folder.
    let command = walkthrough
        .lines()
        .find(|l| l.starts_with("folio build --base-url "))
        .expect("the walkthrough's build command");
    let args: Vec<&str> = command.split('#').next().unwrap().split_whitespace().skip(1).collect();
    let out = folio().current_dir(&site).args(&args).assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(!stderr.contains("warning"), "a newcomer's first build warns: {stderr}");

    let chapter = page(&site, "chapters/partners/index.html");
    assert_eq!(texts(&chapter, "h1"), ["Our partners"]);
    let prose = texts(&chapter, "main p").join(" ");
    assert!(prose.contains("The report now follows 3 organisations"), "{prose}");
    assert!(prose.contains("Figure 2"), "the cross-reference: {prose}");
    assert_eq!(attrs(&chapter, "figure#fig-partners svg", "class"), ["chart chart--hbar"]);
    let data = texts(&chapter, "figure#fig-partners .chart-data tbody th");
    assert!(data.iter().any(|t| t == "Harbour Robotics"), "{data:?}");

    let record = page(&site, "organisations/harbour-robotics/index.html");
    assert_eq!(texts(&record, "h1"), ["Harbour Robotics"]);
    let partner = page(&site, "partners/atlas-capital/index.html");
    assert!(texts(&partner, "main a").iter().any(|t| t == "Harbour Robotics"));

    let sitemap = fs::read_to_string(site.join("public/sitemap.xml")).unwrap();
    assert!(sitemap.contains("https://example.org/my-report/chapters/partners/"), "{sitemap}");
    let not_found = fs::read_to_string(site.join("public/404.html")).unwrap();
    assert!(not_found.contains("/my-report/theme/"));
}

#[test]
fn the_readme_lists_every_template_and_no_other() {
    let templates = section(&readme(), "### Templates");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut on_disk: Vec<String> =
        fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    on_disk.sort();
    // The first cell of each row of the section's table names one template.
    let mut listed: Vec<String> = templates
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(name, _)| name.to_string()))
        .collect();
    listed.sort();
    assert_eq!(listed, on_disk, "the README's template table and templates/ differ");
    assert!(templates.contains("https://docs.rs/tera/2"), "the link to Tera 2's documentation");
}
