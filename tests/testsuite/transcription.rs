//! The dissertation's data as transcribed in this repository: record counts, table sizes and a
//! sample of exact cells of every transcribed table, read back from the built site's exports.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::support::*;

/// The repository's own site, built once for all tests of this module.
fn exports() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        folio()
            .arg("build")
            .arg(env!("CARGO_MANIFEST_DIR"))
            .arg("--out")
            .arg(&out)
            .arg("-q")
            .assert()
            .success();
        (tmp, out)
    });
    out
}

fn json(name: &str) -> Value {
    let text = std::fs::read_to_string(exports().join("data").join(format!("{name}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn rows(table: &str) -> Vec<Value> {
    json(table)["rows"].as_array().unwrap().clone()
}

#[test]
fn record_counts() {
    assert_eq!(
        json("firms").as_array().unwrap().len(),
        36,
        "34 firm records from Table 3 + 2 from the 1993 paper"
    );
    assert_eq!(json("partners").as_array().unwrap().len(), 113);
    let alliances = json("alliances");
    let count = |s: &str| alliances.as_array().unwrap().iter().filter(|a| a["snapshot"] == s).count();
    assert_eq!((count("2016-12"), count("2015-12"), count("1993")), (98, 51, 6));
    assert_eq!(json("references").as_array().unwrap().len(), 321);
}

#[test]
fn table_3_sample_cells() {
    let firms = json("firms");
    let firm = |id: &str| firms.as_array().unwrap().iter().find(|f| f["id"] == id).unwrap().clone();
    assert_eq!(firm("thrombogenics")["location"], "Leuven");
    assert_eq!(firm("thrombogenics")["products"], serde_json::json!(["Jetrea", "THR-687", "THR-409"]));
    assert_eq!(firm("galapagos")["location"], "Mechelen");
    assert_eq!(firm("mdxhealth")["region"], "wallonia");
    // Exports carry the schema's values; content/data/schema.yaml labels them.
    assert_eq!(firm("ucb")["kind"], "large-company");
    let alliances = json("alliances");
    let partners = |firm: &str, snapshot: &str| -> Vec<String> {
        let mut p: Vec<String> = alliances
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["firm"] == firm && a["snapshot"] == snapshot)
            .map(|a| a["partner"].as_str().unwrap().to_string())
            .collect();
        p.sort();
        p
    };
    assert_eq!(
        partners("thrombogenics", "2016-12"),
        ["alcon", "bicycle-therapeutics", "eleven-biotherapeutics", "galapagos"]
    );
    assert_eq!(partners("galapagos", "2016-12"), ["abbvie", "gilead-sciences", "morphosys", "servier"]);
    assert!(partners("ucb", "2016-12").contains(&"astrazeneca".to_string()));
}

#[test]
fn indicator_tables_sizes_and_cells() {
    let sizes = [
        ("oecd-biotech-firms", 13),
        ("ris-indicators", 72),
        ("openness-clusters", 23),
        ("galapagos-pipeline", 9),
        ("oecd-2016-biotech-firms", 5),
        ("oecd-2016-rd-small-firms", 5),
        ("oecd-2015-biotech-firms", 11),
        ("belgium-key-figures-2016", 8),
        ("partnering-1993-partnerships", 7),
        ("pgs-stepping-stones", 14),
    ];
    for (table, n) in sizes {
        assert_eq!(rows(table).len(), n, "{table}");
    }
    let oecd = rows("oecd-biotech-firms");
    assert_eq!(oecd[0], json!(["United States", 11367, 1165, 10.2, 2012, "Biotech R&D firms"]));
    assert_eq!(oecd[4], json!(["Belgium", 350, 127, 36.3, 2011, "Biotech R&D firms"]));
    assert_eq!(oecd[12], json!(["Sweden", 102, 54, 52.9, 2013, "Biotech R&D firms"]));
    let ris = rows("ris-indicators");
    assert!(ris.contains(&json!(["Flanders", "Innovative SMEs collaborating with others", 2016, 0.818])));
    assert!(ris.contains(&json!(["Switzerland", "R&D expenditure in the public sector", 2016, null])));
    let open = rows("openness-clusters");
    let cluster = |company: &str| open.iter().find(|r| r[0] == company).map(|r| r[2].clone());
    assert_eq!(cluster("ThromboGenics"), Some(json!("very open")));
    assert_eq!(cluster("Tigenix"), Some(json!("fairly open")));
    assert_eq!(cluster("UCB"), Some(json!("hardly open")));
    assert_eq!(rows("galapagos-pipeline")[0], json!(["RA", "JAK1", "filgotinib", null, "Gilead"]));
}
