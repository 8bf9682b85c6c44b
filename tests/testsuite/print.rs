//! Printing: the print page (`print/`) holds the whole report in reading order with ids unique
//! across it and links kept inside it; the dissertation site prints from headless Chromium to a
//! PDF whose page count fits its content and whose text is all there, unclipped.

use std::collections::HashSet;
use std::fs;
use std::process::Command;

use scraper::{Html, Selector};

use crate::browser::{Browser, find_program};
use crate::support::*;

/// The records fixture with a second chapter that repeats the first one's heading and
/// footnote number, links into it, cites a work and shows a chart.
fn two_chapter_site(config_extra: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, site) = copy_fixture("records");
    let config = fs::read_to_string(site.join("folio.yaml")).unwrap();
    fs::write(site.join("folio.yaml"), format!("{config}{config_extra}")).unwrap();
    let first = site.join("content/chapters/01-overview.md");
    let text = fs::read_to_string(&first).unwrap();
    fs::write(&first, format!("{text}\nA note.[^1]\n\n[^1]: The first chapter's note.\n")).unwrap();
    fs::write(
        site.join("content/chapters/02-findings.md"),
        "---\ntitle: Findings\norder: 2\n---\n\n## Alliances\n\nAs the [overview said](../overview/#alliances), \
         and [its table](../overview/#tbl-countries) and the [firm](../../firms/alpha-bio/) show \
         [@segers2016].[^1] See [the publisher](https://example.org/).\n\n[^1]: The second chapter's note.\n\n\
         ```chart\nkind: bar\ndata: biotech-firms\nx: country\ny: firms\nlabel: fig-firms\n```\n\n\
         The last paragraph of the report.\n",
    )
    .unwrap();
    (tmp, site)
}

fn select<'a>(html: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(selector).unwrap()).collect()
}

#[test]
fn the_print_page_holds_the_chapters_in_order_then_the_chosen_appendices_with_unique_ids() {
    let (_tmp, site) = two_chapter_site("print: {appendices: [firms, tables, references]}\n");
    build_ok(&site);
    let html = page(&site, "print/index.html");
    let sections: Vec<String> = select(&html, "main section[id]:not(.print-table)")
        .iter()
        .map(|s| s.attr("id").unwrap().to_string())
        .collect();
    assert_eq!(
        sections,
        ["chapter-overview", "chapter-findings", "appendix-firms", "appendix-tables", "appendix-references"]
    );
    assert_eq!(
        texts(&html, ".print-contents li a"),
        ["Overview", "Findings", "Firms", "Tables", "References"],
        "the contents list every part"
    );
    // One heading level below the chapter's own title; ids unique across the whole page.
    assert_eq!(texts(&html, "#chapter-findings h3"), ["Alliances"]);
    let ids: Vec<&str> = select(&html, "[id]").iter().map(|e| e.attr("id").unwrap()).collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "duplicate ids: {ids:?}");
    for id in [
        "chapter-overview_alliances",
        "chapter-findings_alliances",
        "chapter-overview_1",
        "chapter-findings_1",
    ] {
        assert!(unique.contains(id), "no #{id}");
    }
    // Every link within the page reaches an id on it; every reference names an id on it.
    for href in attrs(&html, "a[href^='#']", "href") {
        assert!(unique.contains(&href[1..]), "{href} leads nowhere");
    }
    for labelled in attrs(&html, "[aria-labelledby]", "aria-labelledby") {
        for id in labelled.split_whitespace() {
            assert!(unique.contains(id), "aria-labelledby names a missing #{id}");
        }
    }
    let findings = |selector: &str| attrs(&html, &format!("#chapter-findings {selector}"), "href");
    assert!(findings("a").contains(&"#chapter-overview_alliances".to_string()), "{:?}", findings("a"));
    assert!(findings("a").contains(&"#chapter-overview_tbl-countries".to_string()));
    assert!(findings("a").contains(&"#ref-segers2016".to_string()), "citations lead to the bibliography");
    assert!(
        findings("a").contains(&"../firms/alpha-bio/".to_string()),
        "pages not on it are reached from print/"
    );
    assert!(findings("a").contains(&"https://example.org/".to_string()));
    assert_eq!(select(&html, "#appendix-firms tbody tr").len(), 2, "the firms listing, every record");
    assert!(select(&html, "#table-biotech-firms tbody tr").len() > 1);
    assert!(texts(&html, "#appendix-references li[id^='ref-']").len() > 1);
    // The running title is the site's title, as a CSS string.
    let style = texts(&html, "head style").concat();
    assert!(style.contains("@top-center { content: \"Records Fixture\""), "{style}");
    // Linked from the home page, left out of the sitemap.
    assert_eq!(attrs(&page(&site, "index.html"), ".print-link a", "href"), ["./print/"]);
    let sitemap = fs::read_to_string(site.join("public/sitemap.xml")).unwrap();
    assert!(sitemap.contains("chapters/findings/") && !sitemap.contains("print/"), "{sitemap}");
}

#[test]
fn the_print_page_can_be_switched_off_and_its_appendices_default_to_tables_and_references() {
    let (_tmp, site) = two_chapter_site("");
    build_ok(&site);
    let html = page(&site, "print/index.html");
    let appendices: Vec<&str> =
        select(&html, ".print-appendix").iter().map(|s| s.attr("id").unwrap()).collect();
    assert_eq!(appendices, ["appendix-tables", "appendix-references"]);

    let (_tmp, site) = two_chapter_site("off: [print]\n");
    build_ok(&site);
    assert!(!site.join("public/print").exists());
    assert!(attrs(&page(&site, "index.html"), ".print-link a", "href").is_empty());
}

#[test]
fn a_title_cannot_break_out_of_the_running_title_string() {
    let (_tmp, site) = two_chapter_site("");
    let config = fs::read_to_string(site.join("folio.yaml")).unwrap();
    let hostile = "title: 'A \"quoted\" } </style><script>alert(1)</script> \\\\ title'\n";
    fs::write(site.join("folio.yaml"), config.replace("title: Records Fixture\n", hostile)).unwrap();
    build_ok(&site);
    let text = fs::read_to_string(site.join("public/print/index.html")).unwrap();
    let head = &text[..text.find("</head>").unwrap()];
    assert!(!head.contains("<script>"), "{head}");
    let style = &head[head.find("<style>").unwrap()..];
    assert!(
        style.starts_with(
            "<style>@media print { @page { @top-center { content: \"A \\22 quoted\\22  \\7d  \\3c /style\\3e \\3c script\\3e alert(1)\\3c /script\\3e  \\5c \\5c  title\"; } }"
        ),
        "{style}"
    );
}

/// Page margins in print.css (`@page { margin: 22mm 20mm 24mm }`), in CSS pixels.
const MARGIN_X: f64 = 2.0 * 20.0 * 96.0 / 25.4;
const MARGIN_Y: f64 = (22.0 + 24.0) * 96.0 / 25.4;

#[test]
fn the_dissertation_prints_to_a_pdf_that_holds_all_its_text_unclipped() {
    let Some(browser) = Browser::start() else { return };
    let tools = (find_program(&["pdfinfo"]), find_program(&["pdftotext"]));
    let (Some(pdfinfo), Some(pdftotext)) = tools else {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdfinfo and pdftotext are required in CI (apt-get install poppler-utils)"
        );
        eprintln!("skipped: poppler-utils not installed (apt-get install poppler-utils)");
        return;
    };
    let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"]).unwrap();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    folio().arg("build").arg(env!("CARGO_MANIFEST_DIR")).arg("--out").arg(&public).assert().success();
    let url = format!("file://{}/print/index.html", public.display());
    let pdf = out.path().join("report.pdf");
    let printed = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", out.path().join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(pdf.is_file(), "no PDF: {}", String::from_utf8_lossy(&printed.stderr));
    let info = String::from_utf8(Command::new(pdfinfo).arg(&pdf).output().unwrap().stdout).unwrap();
    let field = |name: &str| {
        let line =
            info.lines().find(|l| l.starts_with(name)).unwrap_or_else(|| panic!("no {name} in {info}"));
        line[name.len()..].trim().to_string()
    };
    let pages: usize = field("Pages:").parse().unwrap();
    // "612 x 792 pts (letter)": the paper Chromium chose, in points.
    let size: Vec<f64> = field("Page size:").split_whitespace().filter_map(|w| w.parse().ok()).collect();
    let (width, height) = (size[0] * 96.0 / 72.0 - MARGIN_X, size[1] * 96.0 / 72.0 - MARGIN_Y);

    // The page laid out for print at the width of the paper's content box: nothing may stick
    // out of it, and no box may hide text by scrolling or clipping it.
    browser.goto(&url);
    browser.cdp("Emulation.setEmulatedMedia", serde_json::json!({ "media": "print" }));
    browser.cdp("Emulation.setScrollbarsHidden", serde_json::json!({ "hidden": true }));
    let metrics = serde_json::json!({ "width": width.floor() as u32, "height": height as u32, "deviceScaleFactor": 1, "mobile": false });
    browser.cdp("Emulation.setDeviceMetricsOverride", metrics);
    let clipped = browser.execute(
        "const out = [], width = document.documentElement.clientWidth;
         for (const e of document.querySelectorAll('main *')) {
           const r = e.getBoundingClientRect();
           if (r.width <= 1 || r.height <= 1) continue; // nothing shown, or visually hidden on purpose
           const s = getComputedStyle(e);
           const hides = s.overflowX !== 'visible' || s.overflowY !== 'visible';
           const name = e.tagName + '.' + (e.getAttribute('class') || '') + ' ' + (e.textContent || '').trim().slice(0, 60);
           if (r.right > width + 1 || r.left < -1) out.push('past the page: ' + name + ' (' + r.left + '..' + r.right + ' of ' + width + ')');
           else if (hides && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1))
             out.push('clipped: ' + name);
         }
         return out;",
        &[],
    );
    assert_eq!(clipped, serde_json::json!([]), "at {width} px wide");

    // Each chapter and appendix starts a page: at least the pages its height fills, at most
    // half again as many (figures and tables are not split, so pages end early).
    let heights = browser.execute(
        "return [...document.querySelectorAll('.print-title, .print-contents, .print-chapter, .print-appendix')]
           .map(e => e.getBoundingClientRect().height);",
        &[],
    );
    let heights: Vec<f64> = heights.as_array().unwrap().iter().map(|h| h.as_f64().unwrap()).collect();
    assert!(heights.len() > 12, "title, contents, chapters and appendices: {heights:?}");
    let least: usize = heights.iter().map(|h| (h / height).ceil().max(1.0) as usize).sum();
    eprintln!(
        "{pages} pages printed; the content fills at least {least} pages of {width:.0} × {height:.0} px"
    );
    assert!(
        (least..=least * 3 / 2).contains(&pages),
        "{pages} pages printed; the content fills {least} pages of {height:.0} px"
    );

    // Every chapter's title and first and last paragraphs, and the last reference, are in the
    // PDF's text.
    let text = Command::new(pdftotext).arg(&pdf).arg("-").output().unwrap().stdout;
    let printed = words(&String::from_utf8(text).unwrap());
    let html = Html::parse_document(&fs::read_to_string(public.join("print/index.html")).unwrap());
    let chapters = select(&html, ".print-chapter");
    assert!(chapters.len() >= 10, "{} chapters", chapters.len());
    let text_of = |e: &scraper::ElementRef| e.text().collect::<String>();
    let paragraph = Selector::parse(":scope > p").unwrap();
    let title = Selector::parse("h2").unwrap();
    for chapter in &chapters {
        let paragraphs: Vec<_> = chapter.select(&paragraph).collect();
        let heading = chapter.select(&title).next().unwrap();
        for part in [heading, paragraphs[0], paragraphs[paragraphs.len() - 1]] {
            let wanted = words(&text_of(&part));
            assert!(in_order(&printed, &wanted), "not in the PDF: {}", text_of(&part));
        }
    }
    let last_reference = select(&html, "#appendix-references li").pop().unwrap();
    assert!(in_order(&printed, &words(&text_of(&last_reference))), "{}", text_of(&last_reference));
}

/// The words of `text`: runs of letters and digits, ligatures spelt out.
fn words(text: &str) -> Vec<String> {
    let text = text.replace('\u{FB01}', "fi").replace('\u{FB02}', "fl").replace('\u{FB00}', "ff");
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Whether `needle`'s words occur in `hay` in order. Where a line wraps inside a word, the
/// PDF's text may hold it in pieces, or join it with the next (a hyphen at a line's end is read
/// as hyphenation): up to three words on either side may stand for each other.
fn in_order(hay: &[String], needle: &[String]) -> bool {
    let joined = |words: &[String], at: usize, n: usize| -> Option<String> {
        (at + n <= words.len()).then(|| words[at..at + n].concat())
    };
    let (mut at, mut i) = (0, 0);
    'needle: while i < needle.len() {
        while at < hay.len() {
            for k in 1..=3 {
                for m in 1..=3 {
                    if let (Some(a), Some(b)) = (joined(needle, i, k), joined(hay, at, m))
                        && a == b
                    {
                        (i, at) = (i + k, at + m);
                        continue 'needle;
                    }
                }
            }
            at += 1;
        }
        return false;
    }
    true
}

#[test]
fn words_are_found_in_order_even_when_a_line_breaks_one() {
    let hay = words("The firm’s spin-\noff grew: medicine maker in 2016, PXLUHasselt.");
    assert!(in_order(&hay, &words("spinoff grew medicinemaker 2016 PXL-UHasselt")));
    assert!(!in_order(&hay, &words("grew spin")));
    assert!(!in_order(&hay, &words("2017")));
}

/// A report too long for one page prints in volumes: each holds the next chapters in order and
/// stays small enough to open, the appendices close the last, every volume lists the others,
/// and a link to a chapter of another volume leads to it there.
#[test]
fn a_long_report_prints_in_volumes_that_link_to_each_other() {
    let (_tmp, site) =
        synth(&["--chapters", "1500", "--firms", "20", "--companies", "5", "--alliances", "40"]);
    build_ok(&site);
    let mut volumes = vec!["print/index.html".to_string()];
    while site.join(format!("public/print/page_{}/index.html", volumes.len() + 1)).exists() {
        volumes.push(format!("print/page_{}/index.html", volumes.len() + 1));
    }
    assert!(volumes.len() > 2, "{} volumes", volumes.len());
    let mut seen = Vec::new();
    for (k, path) in volumes.iter().enumerate() {
        let size = fs::metadata(site.join("public").join(path)).unwrap().len();
        assert!(size < 3_000_000, "{path} is {size} bytes");
        let html = page(&site, path);
        seen.extend(attrs(&html, "section.print-chapter", "id"));
        assert_eq!(
            select(&html, ".print-appendix").is_empty(),
            k + 1 < volumes.len(),
            "appendices in {path}"
        );
        let count = volumes.len().to_string();
        assert_eq!(texts(&html, ".print-title .eyebrow"), [format!("Volume {} of {count}", k + 1)]);
        // The others are linked, this one is marked as the current page.
        let links = attrs(&html, ".print-volumes a", "href");
        assert_eq!(links.len(), volumes.len() - 1, "{links:?}");
        let current = texts(&html, ".print-volumes [aria-current=page]");
        assert!(
            current.len() == 1 && current[0].starts_with(&format!("Volume {}: Chapter ", k + 1)),
            "{current:?}"
        );
        let up = if k == 0 { "../" } else { "../../" };
        assert!(links.iter().all(|l| l.starts_with(&format!("{up}print/"))), "{links:?}");
    }
    // Every chapter once, in reading order across the volumes.
    let expected: Vec<String> = (0..1500).map(|n| format!("chapter-chapter-{n}")).collect();
    assert_eq!(seen, expected);
    // The first volume's last chapter links to the next chapter, which begins the second.
    let first = page(&site, "print/index.html");
    let last = first.select(&Selector::parse("section.print-chapter:last-of-type").unwrap()).next().unwrap();
    let next =
        last.value().attr("id").unwrap().trim_start_matches("chapter-chapter-").parse::<usize>().unwrap() + 1;
    let hrefs: Vec<String> = last
        .select(&Selector::parse("a").unwrap())
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect();
    let target = format!("../print/page_2/#chapter-chapter-{next}");
    assert!(hrefs.contains(&target), "{target} not in {hrefs:?}");
    let second = page(&site, "print/page_2/index.html");
    assert_eq!(attrs(&second, "section.print-chapter", "id")[0], format!("chapter-chapter-{next}"));
    // Its contents go on numbering the chapters of the part the first volume began.
    assert_eq!(attrs(&second, ".print-contents ol", "start")[0], (next + 1).to_string());
    // The home page's link to the print page says how many volumes there are.
    let note = texts(&page(&site, "index.html"), ".print-link");
    assert!(note[0].contains(&format!("(in {} volumes: every chapter", volumes.len())), "{note:?}");
    // The sitemap leaves the volumes out, as it does the one print page.
    let sitemap = fs::read_to_string(site.join("public/sitemap.xml")).unwrap();
    assert!(!sitemap.contains("print/"), "{sitemap}");
}
