//! The search index (`search-index.js`): what a result can show. Each document carries its
//! title, its kind and the page it is part of, and its text as readers see it: citations and
//! computed figures resolved, a record's fields labelled and kept apart.

use serde_json::Value;

use crate::support::*;

/// The JSON a part of the index passes (`search-index.js` assigns it, the others call
/// `folioSearch(part, n, …)` with it).
fn part(site: &std::path::Path, file: &str) -> Value {
    let script = std::fs::read_to_string(site.join("public").join(file)).unwrap();
    let script = script.trim_end().strip_suffix(';').unwrap();
    let json = match script.strip_prefix("window.FOLIO_SEARCH=") {
        Some(json) => json,
        None => script
            .strip_prefix("folioSearch(")
            .unwrap()
            .strip_suffix(')')
            .unwrap()
            .splitn(3, ',')
            .nth(2)
            .unwrap(),
    };
    serde_json::from_str(json).unwrap()
}

/// The documents of a built site's index as `[title, url, kind, page, excerpt]`, put together
/// from the manifest and the blocks as the script does.
fn docs(site: &std::path::Path) -> Vec<Vec<String>> {
    let index = part(site, "search-index.js");
    let block = index["block"].as_u64().unwrap() as usize;
    let string = |v: &Value| v.as_str().unwrap().to_string();
    let entries = index["docs"].as_array().unwrap();
    entries
        .iter()
        .enumerate()
        .map(|(id, entry)| {
            let rest = part(site, &format!("search/docs_{}.js", id / block))[id % block].clone();
            let kind = &index["kinds"][entry[1].as_u64().unwrap() as usize];
            vec![string(&entry[0]), string(&rest[0]), string(kind), string(&rest[1]), string(&rest[2])]
        })
        .collect()
}

/// Every term of the index, with the ids of its documents, from all the shards; each term must
/// be in the shard of its first two characters, where the script looks for it.
fn postings(site: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u64>> {
    let shards = part(site, "search-index.js")["shards"].as_u64().unwrap();
    let mut all = std::collections::BTreeMap::new();
    for shard in 0..shards {
        for (term, gaps) in part(site, &format!("search/terms_{shard}.js")).as_object().unwrap() {
            let b = term.as_bytes();
            assert_eq!((b[0] as u64 * 31 + b[1] as u64) % shards, shard, "`{term}` filed in the wrong shard");
            let ids = gaps.as_array().unwrap().iter().scan(0, |last, gap| {
                *last += gap.as_u64().unwrap();
                Some(*last)
            });
            assert!(all.insert(term.clone(), ids.collect()).is_none(), "`{term}` in two shards");
        }
    }
    all
}

fn doc<'a>(docs: &'a [Vec<String>], url: &str) -> &'a [String] {
    docs.iter().find(|d| d[1] == url).unwrap_or_else(|| panic!("no document for {url}: {docs:?}"))
}

#[test]
fn a_section_names_its_page_and_indexes_the_text_readers_see() {
    let (_tmp, site) = copy_fixture("records");
    build_ok(&site);
    let docs = docs(&site);
    let figures = doc(&docs, "chapters/overview/#figures");
    assert_eq!(figures[..4], ["Figures", "chapters/overview/#figures", "section", "Overview"]);
    // Computed figures and cross-references as the page shows them, not their syntax.
    assert!(figures[4].starts_with("The sample holds 2 firms with "), "{}", figures[4]);
    assert!(figures[4].contains("in Flanders. Firm counts per country are in Table 1"), "{}", figures[4]);
    assert!(!figures[4].contains('`') && !figures[4].contains("=count"), "{}", figures[4]);
    let alliances = doc(&docs, "chapters/overview/#alliances");
    assert!(!alliances[4].contains('@'), "citation syntax in {}", alliances[4]);
    assert!(alliances[4].contains("big pharma (Segers, 2016, p. 140;"), "{}", alliances[4]);
    assert!(alliances[4].contains("As Segers (2016) shows"), "{}", alliances[4]);
}

#[test]
fn a_record_s_fields_are_labelled_and_kept_apart() {
    let (_tmp, site) = copy_fixture("records");
    build_ok(&site);
    let docs = docs(&site);
    let beta = doc(&docs, "firms/beta-cell/");
    assert_eq!(beta[..4], ["Beta Cell", "firms/beta-cell/", "Firm", ""]);
    assert!(beta[4].contains(" · "), "{}", beta[4]);
    assert!(beta[4].split(" · ").skip(1).all(|part| part.contains(": ")), "{}", beta[4]);
}

/// A site too large for one part: the terms spread over shards and the documents over blocks,
/// every part stays small, and each document is found by the words of its title and text.
#[test]
fn a_large_index_is_split_into_small_parts_that_still_find_every_document() {
    let (_tmp, site) =
        synth(&["--chapters", "1500", "--firms", "300", "--companies", "10", "--alliances", "600"]);
    build_ok(&site);
    let index = part(&site, "search-index.js");
    let block = index["block"].as_u64().unwrap() as usize;
    assert!(index["shards"].as_u64().unwrap() > 1, "one shard for {} documents", index["docs"]);
    let docs = docs(&site);
    assert!(docs.len() > 20 * block, "{} documents", docs.len());
    let postings = postings(&site);
    // Stopwords are five letters at most: longer words are all indexed. The excerpt's last
    // word may be cut.
    let words = |text: &str| -> Vec<String> {
        let (text, cut) = match text.strip_suffix('…') {
            Some(text) => (text, 1),
            None => (text, 0),
        };
        let words: Vec<&str> = text.split(|c: char| !c.is_ascii_alphanumeric()).collect();
        words[..words.len() - cut].iter().filter(|w| w.len() > 5).map(|w| w.to_lowercase()).collect()
    };
    for (id, doc) in docs.iter().enumerate().step_by(29) {
        for word in words(&doc[0]).into_iter().chain(words(&doc[4])) {
            let ids = postings.get(&word).unwrap_or_else(|| panic!("`{word}` of {doc:?} is not indexed"));
            assert!(ids.contains(&(id as u64)), "`{word}` does not find {doc:?}");
        }
    }
    for entry in std::fs::read_dir(site.join("public/search")).unwrap() {
        let entry = entry.unwrap();
        let size = entry.metadata().unwrap().len();
        assert!(size < 200_000, "{} is {size} bytes", entry.path().display());
    }
    // `folio build` indexed the chapters batch by batch as they were rendered; a build with a
    // memo (`serve`) indexes every document at the end. Both must write the same parts.
    let memo = folio::BuildOptions { memo: Some(Default::default()), ..Default::default() };
    let served = folio::build(&site, &memo).unwrap();
    let parts: Vec<&str> = served.files().map(|(path, _)| path).filter(|p| p.starts_with("search")).collect();
    assert_eq!(parts.len(), std::fs::read_dir(site.join("public/search")).unwrap().count() + 1);
    for path in parts {
        let built = std::fs::read(site.join("public").join(path)).unwrap();
        assert!(served.get(path) == Some(built.as_slice()), "{path} differs between build and serve");
    }
}
