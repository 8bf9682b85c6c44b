//! Spec → SVG, end to end on small datasets: the SVG is parsed (roxmltree) and its bars, dots,
//! labels and legend checked for count, order and relative size.

use roxmltree::{Document, Node};

use super::spec::{Aggregate, Sort};
use super::*;
use crate::content::apparatus::{Cell, ColumnType};
use crate::datasets::DataColumn;
use crate::locale::{Language, english};
use scale::NumberFormat;

/// Numbers as English writes them, without a percent sign.
const PLAIN: NumberFormat = NumberFormat { decimals: 0, percent: false, language: Language::En };

fn dataset(columns: &[(&str, ColumnType)], rows: Vec<Vec<Cell>>) -> Dataset {
    Dataset {
        name: "sample".into(),
        title: "Sample table".into(),
        columns: columns
            .iter()
            .map(|(id, kind)| DataColumn { id: id.to_string(), label: label(id), kind: *kind })
            .collect(),
        links: vec![None; rows.len()],
        rows,
        source: Some("a test".into()),
    }
}

fn label(id: &str) -> String {
    let mut label = id.replace('_', " ");
    label[..1].make_ascii_uppercase();
    label
}

fn t(s: &str) -> Cell {
    Cell::Text(s.into())
}

fn firms() -> Dataset {
    use ColumnType::*;
    dataset(
        &[("country", Text), ("firms", Integer), ("dedicated", Integer), ("share", Percent), ("year", Year)],
        vec![
            vec![
                t("Spain"),
                Cell::Integer(2831),
                Cell::Integer(554),
                Cell::Decimal(19.6),
                Cell::Integer(2013),
            ],
            vec![
                t("Belgium"),
                Cell::Integer(350),
                Cell::Integer(127),
                Cell::Decimal(36.3),
                Cell::Integer(2011),
            ],
            vec![
                t("Germany"),
                Cell::Integer(709),
                Cell::Integer(578),
                Cell::Decimal(81.5),
                Cell::Integer(2014),
            ],
        ],
    )
}

fn spec(kind: ChartKind, y: &[&str]) -> ChartSpec {
    ChartSpec {
        kind,
        data: "sample".into(),
        x: "country".into(),
        y: y.iter().map(|s| s.to_string()).collect(),
        ..ChartSpec::default()
    }
}

fn draw(spec: &ChartSpec, data: &Dataset) -> String {
    svg(&chart(spec, data, None, english()).expect("valid spec"), english())
}

fn with_class<'a>(doc: &'a Document, class: &str) -> Vec<Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.split(' ').any(|k| k == class)))
        .collect()
}

fn texts(doc: &Document, class: &str) -> Vec<String> {
    with_class(doc, class).iter().filter_map(|n| n.text()).map(str::to_string).collect()
}

fn num(node: &Node, attr: &str) -> f64 {
    node.attribute(attr).and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{attr} of {node:?}"))
}

#[test]
fn vertical_bars_have_one_bar_per_row_in_order_with_proportional_heights() {
    let svg = draw(&spec(ChartKind::Bar, &["firms"]), &firms());
    let doc = Document::parse(&svg).unwrap();
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(root.attribute("width"), Some("560"), "drawn at its natural size");
    let ids = root.attribute("aria-labelledby").unwrap();
    let title = root.children().find(|n| n.has_tag_name("title")).unwrap();
    let desc = root.children().find(|n| n.has_tag_name("desc")).unwrap();
    assert_eq!(ids, format!("{} {}", title.attribute("id").unwrap(), desc.attribute("id").unwrap()));
    assert_eq!(title.text(), Some("Sample table"));
    assert_eq!(
        desc.text(),
        Some(
            "Firms by country (3 shown): Spain 2,831; Belgium 350; Germany 709. Highest: Spain (2,831); lowest: Belgium (350)."
        )
    );
    let bars = with_class(&doc, "chart-bar");
    assert_eq!(bars.len(), 3);
    // Whole-unit coordinates: each height within a unit of its value's share of the tallest.
    let heights: Vec<f64> = bars.iter().map(|b| num(b, "height")).collect();
    assert!((heights[1] - heights[0] * 350.0 / 2831.0).abs() <= 1.0, "{heights:?}");
    assert!((heights[2] - heights[0] * 709.0 / 2831.0).abs() <= 1.0, "{heights:?}");
    let xs: Vec<f64> = bars.iter().map(|b| num(b, "x")).collect();
    assert!(xs[0] < xs[1] && xs[1] < xs[2]);
    assert_eq!(texts(&doc, "chart-label"), ["Spain", "Belgium", "Germany"]);
    assert_eq!(texts(&doc, "chart-value"), ["2,831", "350", "709"]);
    assert!(with_class(&doc, "chart-legend").is_empty(), "no legend for one series");
    assert_eq!(texts(&doc, "chart-tick"), ["0", "500", "1,000", "1,500", "2,000", "2,500", "3,000"]);
}

#[test]
fn sort_and_limit_pick_and_order_the_categories() {
    let mut s = spec(ChartKind::Hbar, &["firms"]);
    s.sort = Some(Sort { column: "firms".into(), descending: false });
    s.limit = Some(2);
    let svg = draw(&s, &firms());
    let doc = Document::parse(&svg).unwrap();
    assert_eq!(texts(&doc, "chart-label"), ["Belgium", "Germany"]);
    let widths: Vec<f64> = with_class(&doc, "chart-bar").iter().map(|b| num(b, "width")).collect();
    assert!((widths[0] - widths[1] * 350.0 / 709.0).abs() <= 1.0, "{widths:?}");
}

#[test]
fn grouped_bars_draw_every_series_with_a_legend() {
    let svg = draw(&spec(ChartKind::Grouped, &["firms", "dedicated"]), &firms());
    let doc = Document::parse(&svg).unwrap();
    let bars = with_class(&doc, "chart-bar");
    assert_eq!(bars.len(), 6);
    assert_eq!(bars.iter().filter(|b| b.attribute("class") == Some("chart-bar series-2")).count(), 3);
    assert_eq!(texts(&doc, "chart-legend"), ["Firms", "Dedicated"]);
    let tips: Vec<&str> =
        bars.iter().filter_map(|b| b.first_element_child()).filter_map(|t| t.text()).collect();
    assert_eq!(tips[..2], ["Spain, Firms: 2,831", "Spain, Dedicated: 554"]);
}

#[test]
fn stacked_segments_sit_on_each_other() {
    let svg = draw(&spec(ChartKind::Stacked, &["dedicated", "firms"]), &firms());
    let doc = Document::parse(&svg).unwrap();
    let bars = with_class(&doc, "chart-bar");
    let (first, second) = (&bars[0], &bars[1]);
    assert!((num(second, "y") + num(second, "height") - num(first, "y")).abs() < 0.11);
    assert_eq!(num(first, "x"), num(second, "x"));
    assert_eq!(texts(&doc, "chart-value"), ["3,385", "477", "1,287"]);
}

#[test]
fn a_long_table_is_filtered_and_pivoted_into_series() {
    use ColumnType::*;
    let mut rows = Vec::new();
    for (region, a, b) in
        [("Belgium", 0.381, 0.244), ("Flanders", 0.406, 0.269), ("Switzerland", 0.428, f64::NAN)]
    {
        for (edition, v) in [(2014, a), (2016, b)] {
            let value = if v.is_nan() { Cell::Null } else { Cell::Decimal(v) };
            rows.push(vec![t(region), t("Public R&D"), Cell::Integer(edition), value.clone()]);
            rows.push(vec![t(region), t("Patents"), Cell::Integer(edition), value]);
        }
    }
    let data =
        dataset(&[("region", Text), ("indicator", Text), ("ris_edition", Year), ("value", Decimal)], rows);
    let mut s = spec(ChartKind::Grouped, &["value"]);
    s.x = "region".into();
    s.series = Some("ris_edition".into());
    s.filter = vec![("indicator".into(), "Public R&D".into())];
    let svg = draw(&s, &data);
    let doc = Document::parse(&svg).unwrap();
    assert_eq!(texts(&doc, "chart-legend"), ["Ris edition 2014", "Ris edition 2016"]);
    assert_eq!(with_class(&doc, "chart-bar").len(), 5, "Switzerland 2016 has no value");
    assert_eq!(texts(&doc, "chart-na"), ["n/a"]);
    assert_eq!(texts(&doc, "chart-label"), ["Belgium", "Flanders", "Switzerland"]);
    assert!(svg.contains("Switzerland: Ris edition 2014 0.428, Ris edition 2016 no value"));
    s.filter.clear();
    let errors = chart(&s, &data, None, english()).unwrap_err();
    assert_eq!(errors[0].field, Field::X);
    assert_eq!(errors[0].message, "`region` repeats: `Belgium` has several rows");
}

#[test]
fn rows_can_be_counted_per_category() {
    use ColumnType::*;
    let rows =
        [("A", "very open", "software"), ("B", "very open", "software"), ("C", "hardly open", "pharma")]
            .iter()
            .map(|(a, b, c)| vec![t(a), t(b), t(c)])
            .collect();
    let data = dataset(&[("company", Text), ("cluster", Text), ("segment", Text)], rows);
    let mut s = spec(ChartKind::Stacked, &[]);
    s.x = "cluster".into();
    s.series = Some("segment".into());
    s.aggregate = Some(Aggregate::Count);
    let doc_text = draw(&s, &data);
    let doc = Document::parse(&doc_text).unwrap();
    assert_eq!(texts(&doc, "chart-legend"), ["software", "pharma"]);
    assert_eq!(texts(&doc, "chart-value"), ["2", "1"]);
}

#[test]
fn dots_draw_a_lollipop_or_a_dumbbell() {
    let doc_text = draw(&spec(ChartKind::Dot, &["share"]), &firms());
    let doc = Document::parse(&doc_text).unwrap();
    assert_eq!(with_class(&doc, "chart-dot").len(), 3);
    assert_eq!(texts(&doc, "chart-value"), ["19.6%", "36.3%", "81.5%"]);
    assert_eq!(texts(&doc, "chart-tick").last().map(String::as_str), Some("100%"));
    let doc_text = draw(&spec(ChartKind::Dot, &["dedicated", "firms"]), &firms());
    let doc = Document::parse(&doc_text).unwrap();
    assert_eq!(with_class(&doc, "chart-dot").len(), 6);
    assert_eq!(with_class(&doc, "chart-stem").len(), 3);
    assert_eq!(texts(&doc, "chart-legend").len(), 2);
}

#[test]
fn a_pipeline_draws_a_box_per_filled_step_and_a_tag_per_partner() {
    use ColumnType::*;
    let rows = vec![
        vec![t("RA"), t("JAK1"), t("filgotinib"), Cell::Null, t("Gilead")],
        vec![t("CF"), t("Potentiator"), t("'2451"), t("'1837"), t("AbbVie")],
        vec![t("CF"), t("C1"), t("'2222"), Cell::Null, Cell::Null],
    ];
    let data = dataset(
        &[("area", Text), ("target", Text), ("compound", Text), ("second", Text), ("partner", Text)],
        rows,
    );
    let s = ChartSpec {
        kind: ChartKind::Pipeline,
        data: "sample".into(),
        x: "area".into(),
        stages: vec!["target".into(), "compound".into(), "second".into()],
        tag: Some("partner".into()),
        ..ChartSpec::default()
    };
    let doc_text = draw(&s, &data);
    let doc = Document::parse(&doc_text).unwrap();
    assert_eq!(
        texts(&doc, "chart-step-label"),
        ["JAK1", "filgotinib", "Potentiator", "'2451", "'1837", "C1", "'2222"]
    );
    assert_eq!(texts(&doc, "chart-tag-label"), ["Gilead", "AbbVie"]);
    assert_eq!(texts(&doc, "chart-group"), ["RA", "CF"]);
    assert_eq!(with_class(&doc, "chart-arrow").len(), 4);
}

#[test]
fn a_network_labels_every_node_once() {
    use ColumnType::*;
    let rows = [("Ablynx", "AbbVie"), ("Argenx", "AbbVie"), ("Argenx", "Shire")]
        .iter()
        .map(|(a, b)| vec![t(a), t(b)])
        .collect();
    let data = dataset(&[("firm", Text), ("partner", Text)], rows);
    let mut s = spec(ChartKind::Network, &[]);
    s.x = "firm".into();
    s.to = Some("partner".into());
    let doc_text = draw(&s, &data);
    let doc = Document::parse(&doc_text).unwrap();
    assert_eq!(texts(&doc, "chart-hub-label"), ["Ablynx", "Argenx"]);
    let mut partners = texts(&doc, "chart-node-label");
    partners.sort();
    assert_eq!(partners, ["AbbVie", "Shire"]);
    assert_eq!(with_class(&doc, "chart-edge").len(), 3);
    let desc = doc.descendants().find(|n| n.has_tag_name("desc")).and_then(|n| n.text()).unwrap();
    assert_eq!(
        desc,
        "Network of 2 firms and 2 partners joined by 3 links. Most connected firms: Argenx (2 links). Most connected partners: AbbVie (2 links)."
    );
}

#[test]
fn output_is_deterministic_and_escaped() {
    let mut data = firms();
    data.rows[0][0] = t("<b>\"Spain\" & Co</b>");
    let s = spec(ChartKind::Grouped, &["firms", "dedicated"]);
    let first = draw(&s, &data);
    assert_eq!(first, draw(&s, &data));
    assert!(first.contains("&lt;b&gt;&quot;Spain&quot; &amp; Co&lt;/b&gt;"));
    let doc = Document::parse(&first).unwrap();
    assert_eq!(texts(&doc, "chart-label")[0], "<b>\"Spain\" & Co</b>");
}

#[test]
fn wrong_specs_name_the_field_at_fault() {
    let data = firms();
    let problems = |s: &ChartSpec| -> Vec<(Field, String)> {
        chart(s, &data, None, english()).unwrap_err().into_iter().map(|e| (e.field, e.message)).collect()
    };
    assert_eq!(
        problems(&spec(ChartKind::Bar, &["year"])),
        [(Field::Y(0), "column `year` holds years: `y` needs a numeric column".to_string())]
    );
    assert_eq!(problems(&spec(ChartKind::Bar, &["firm"]))[0].1, "dataset `sample` has no column `firm`");
    let mut s = spec(ChartKind::Bar, &["firms"]);
    s.to = Some("country".into());
    assert_eq!(problems(&s), [(Field::To, "`to` does not apply to a `bar` chart".to_string())]);
    let mut s = spec(ChartKind::Grouped, &["firms"]);
    s.filter = vec![("country".into(), "France".into())];
    assert_eq!(problems(&s)[0].0, Field::FilterValue(0));
}

#[test]
fn identical_blocks_are_rendered_once_per_build() {
    let data = crate::model::Data::default();
    let cache = block::ChartCache::default();
    let body = "kind: pie\ndata: firms\n";
    let first = cache.render(&data, "../../", &crate::xref::Xrefs::new(english()), body, english());
    assert_eq!(cache.render(&data, "../../", &crate::xref::Xrefs::new(english()), body, english()), first);
    assert_eq!(cache.rendered(), 1);
    cache.render(&data, "../", &crate::xref::Xrefs::new(english()), body, english()).unwrap_err();
    assert_eq!(cache.rendered(), 2, "another page root is another figure");
}

/// A one-series dataset holding `values` (decimal cells), one country each.
fn values(values: &[f64]) -> Dataset {
    use ColumnType::*;
    let rows = values.iter().enumerate().map(|(i, v)| vec![t(&format!("C{i}")), Cell::Decimal(*v)]).collect();
    dataset(&[("country", Text), ("amount", Decimal)], rows)
}

/// Every mark (bar, dot, stem, grid line) of `svg` lies inside its viewBox.
fn assert_inside_frame(svg: &str) {
    let doc = Document::parse(svg).unwrap();
    let view: Vec<f64> =
        doc.root_element().attribute("viewBox").unwrap().split(' ').map(|v| v.parse().unwrap()).collect();
    let inside = |x: f64, y: f64| (0.0..=view[2]).contains(&x) && (0.0..=view[3]).contains(&y);
    for node in doc.descendants().filter(|n| n.is_element()) {
        let corners = match node.tag_name().name() {
            "rect" => vec![
                (num(&node, "x"), num(&node, "y")),
                (num(&node, "x") + num(&node, "width"), num(&node, "y") + num(&node, "height")),
            ],
            "circle" => vec![(num(&node, "cx"), num(&node, "cy"))],
            "line" => vec![(num(&node, "x1"), num(&node, "y1")), (num(&node, "x2"), num(&node, "y2"))],
            _ => continue,
        };
        for (x, y) in corners {
            assert!(inside(x, y), "{} at ({x}, {y}) outside {view:?}", node.tag_name().name());
        }
    }
}

/// Regression: a table cell of `1e308` drew a bar at `x="-1682"` (and ±1e308 panicked while
/// formatting the ticks); numbers an axis cannot hold are problems at the `y` key.
#[test]
fn values_a_chart_cannot_draw_are_problems_at_the_y_key() {
    let cases: [(&[f64], &str); 6] = [
        (&[1e308, 5.0], "cannot chart 1e308 (C0, Amount)"),
        (&[1e308, -1e308], "cannot chart 1e308"),
        (&[3.0, f64::INFINITY], "cannot chart inf (C1, Amount)"),
        (&[f64::NAN], "cannot chart NaN"),
        (&[2e15], "charts draw values up to ±1e15"),
        (&[1e-300, 0.0], "cannot chart values this small (the largest is 1e-300)"),
    ];
    for kind in [ChartKind::Bar, ChartKind::Hbar, ChartKind::Dot] {
        for (data, message) in cases {
            let errors = chart(&spec(kind, &["amount"]), &values(data), None, english()).expect_err(message);
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].field, Field::Y(0));
            assert!(errors[0].message.contains(message), "{:?}: {}", kind, errors[0].message);
        }
    }
}

#[test]
fn stacked_totals_a_chart_cannot_draw_are_problems_too() {
    use ColumnType::*;
    let rows = vec![vec![t("A"), Cell::Decimal(9e14), Cell::Decimal(9e14)]];
    let data = dataset(&[("country", Text), ("a", Decimal), ("b", Decimal)], rows);
    let errors = chart(&spec(ChartKind::Stacked, &["a", "b"]), &data, None, english()).unwrap_err();
    assert!(errors[0].message.starts_with("cannot chart the stacked total 1.8e15 of A"), "{errors:?}");
    assert!(
        chart(&spec(ChartKind::Grouped, &["a", "b"]), &data, None, english()).is_ok(),
        "side by side they fit"
    );
}

#[test]
fn the_largest_and_smallest_drawable_values_stay_inside_the_frame() {
    for data in [&[1e15, -1e15][..], &[1e-9, -3e-10], &[999_999_999_999_999.9, 0.001], &[0.0, 0.0]] {
        for kind in [ChartKind::Bar, ChartKind::Hbar, ChartKind::Dot] {
            assert_inside_frame(&draw(&spec(kind, &["amount"]), &values(data)));
        }
    }
}

#[test]
fn value_axes_take_plotters_nice_ticks_widened_to_whole_steps() {
    use super::cartesian::ValueAxis;
    let axis = ValueAxis::new(0.0, 2831.0, PLAIN, true);
    assert_eq!(axis.ticks, [0.0, 500.0, 1000.0, 1500.0, 2000.0, 2500.0, 3000.0]);
    assert_eq!((axis.lo, axis.hi, axis.decimals), (0.0, 3000.0, 0));
    let axis = ValueAxis::new(0.0, 0.818, PLAIN, true);
    assert!((axis.hi - 1.0).abs() < 1e-9 && axis.decimals == 1, "{axis:?}");
    assert_eq!(axis.label(0.30000000000000004), "0.3");
    let axis = ValueAxis::new(-3.0, 10.0, NumberFormat { percent: true, ..PLAIN }, true);
    assert!(axis.lo <= -3.0 && axis.hi >= 10.0 && axis.ticks.contains(&0.0), "{axis:?}");
    assert_eq!(axis.label(10.0), "10%");
    for (lo, hi) in [(0.0, 0.0), (5.0, 5.0), (1e-9, 1e15), (-1e15, 1e15)] {
        let axis = ValueAxis::new(lo, hi, PLAIN, false);
        assert!(axis.lo <= lo && axis.hi >= hi && axis.lo < axis.hi, "{lo}..{hi}: {axis:?}");
        assert!((2..=8).contains(&axis.ticks.len()), "{lo}..{hi}: {axis:?}");
    }
}

#[test]
fn data_without_rows_is_only_a_data_problem() {
    // The chart block draws an empty figure for this one problem (a collection with no records
    // yet); a wrong column is still reported at its key.
    let mut data = firms();
    data.rows.clear();
    data.links.clear();
    let problems = |s: &ChartSpec| -> Vec<(Field, String)> {
        chart(s, &data, None, english()).unwrap_err().into_iter().map(|e| (e.field, e.message)).collect()
    };
    assert_eq!(problems(&spec(ChartKind::Bar, &["firms"])), [(Field::Data, "no rows to chart".to_string())]);
    assert_eq!(problems(&spec(ChartKind::Bar, &["firmz"]))[0].0, Field::Y(0));
    let html = empty_figure(Some("fig-a"), Some("Figure 2"), "A <caption>", "sample", english());
    assert!(
        html.contains("id=\"fig-a\"") && html.contains("Figure 2:") && html.contains("A &lt;caption&gt;")
    );
}

/// Alliances per year of two kinds, with 2013 missing for one of them.
fn yearly() -> Dataset {
    use ColumnType::*;
    let rows = [
        (2011, Some(4), Some(1)),
        (2012, Some(6), Some(2)),
        (2013, Some(9), None),
        (2014, Some(12), Some(5)),
    ]
    .iter()
    .map(|&(y, a, b)| {
        let cell = |v: Option<i64>| v.map_or(Cell::Null, Cell::Integer);
        vec![Cell::Integer(y), cell(a), cell(b)]
    })
    .collect();
    dataset(&[("year", Year), ("licensing", Integer), ("research", Integer)], rows)
}

fn time_spec(kind: ChartKind) -> ChartSpec {
    ChartSpec { x: "year".into(), ..spec(kind, &["licensing", "research"]) }
}

#[test]
fn lines_run_through_time_with_gaps_markers_and_end_labels() {
    let doc_text = draw(&time_spec(ChartKind::Line), &yearly());
    let doc = Document::parse(&doc_text).unwrap();
    let lines = with_class(&doc, "chart-line");
    assert_eq!(lines.len(), 3, "research breaks at 2013: two runs, licensing one");
    assert_eq!(with_class(&doc, "chart-marker").len(), 7);
    assert_eq!(texts(&doc, "chart-end-label"), ["Licensing", "Research"]);
    assert!(with_class(&doc, "chart-legend").is_empty(), "end labels replace the legend");
    assert_eq!(texts(&doc, "chart-tick").iter().filter(|t| t.starts_with("201")).count(), 4);
    // Later years lie further right; larger values higher up.
    let licensing: Vec<(f64, f64)> = with_class(&doc, "series-1")
        .iter()
        .filter(|n| n.has_tag_name("circle"))
        .map(|n| (num(n, "cx"), num(n, "cy")))
        .collect();
    assert!(licensing.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 > w[1].1), "{licensing:?}");
    let tip = doc.descendants().find(|n| n.has_tag_name("circle")).and_then(|c| c.first_element_child());
    assert_eq!(tip.and_then(|t| t.text()), Some("Licensing, 2011: 4"));
}

#[test]
fn areas_fill_down_to_zero_or_onto_the_series_below() {
    let doc_text = draw(&time_spec(ChartKind::Area), &yearly());
    let doc = Document::parse(&doc_text).unwrap();
    assert_eq!(with_class(&doc, "chart-area").len(), 3);
    let doc_text = draw(&time_spec(ChartKind::StackedArea), &yearly());
    let doc = Document::parse(&doc_text).unwrap();
    assert_eq!(with_class(&doc, "chart-area").len(), 2, "stacked, a missing value counts as zero");
    assert_eq!(texts(&doc, "chart-tick").first().map(String::as_str), Some("0"));
    // The stack reaches 12 + 5 = 17: the axis goes past it.
    let top: f64 = texts(&doc, "chart-tick").iter().filter_map(|t| t.parse().ok()).fold(0.0, f64::max);
    assert!(top >= 17.0, "{top}");
}

#[test]
fn a_line_needs_times_on_x() {
    let mut s = time_spec(ChartKind::Line);
    s.x = "country".into();
    s.y = vec!["firms".into()];
    let errors = chart(&s, &firms(), None, english()).unwrap_err();
    assert_eq!(errors[0].field, Field::X);
    assert_eq!(
        errors[0].message,
        "`country` holds `Spain`: a `line` chart needs a year or a year-month on `x`"
    );
    assert!(errors[0].help.as_deref().unwrap().contains("2016-12"));
}

#[test]
fn a_slope_joins_two_values_per_category() {
    let mut s = spec(ChartKind::Slope, &["dedicated", "firms"]);
    s.limit = Some(3);
    let doc_text = draw(&s, &firms());
    let doc = Document::parse(&doc_text).unwrap();
    assert_eq!(with_class(&doc, "chart-slope").len(), 3);
    assert_eq!(with_class(&doc, "chart-dot").len(), 6);
    let labels = texts(&doc, "chart-label");
    assert!(
        labels.contains(&"Spain 554".to_string()) && labels.contains(&"2,831 Spain".to_string()),
        "{labels:?}"
    );
    assert_eq!(texts(&doc, "chart-header"), ["Dedicated", "Firms"]);
    let errors = chart(&spec(ChartKind::Slope, &["firms"]), &firms(), None, english()).unwrap_err();
    assert_eq!(errors[0].message, "a `slope` chart joins two values per category, this spec makes 1");
}

#[test]
fn slope_labels_that_would_collide_are_moved_apart() {
    use super::cartesian::spread;
    let placed = spread(&[100.0, 101.0, 102.0, 200.0], 14.0, 0.0, 300.0).unwrap();
    assert!(placed.windows(2).all(|w| w[1] - w[0] >= 14.0 - 1e-9), "{placed:?}");
    assert_eq!(placed[3], 200.0, "a label with room stays where it is");
    let placed = spread(&[295.0, 299.0], 14.0, 0.0, 300.0).unwrap();
    assert!(placed[1] <= 300.0 && placed[1] - placed[0] >= 14.0 - 1e-9, "{placed:?}");
    assert_eq!(spread(&[1.0; 30], 14.0, 0.0, 100.0), None, "30 labels do not fit in 100 units");
}

#[test]
fn a_scatter_places_sizes_and_names_its_points() {
    let mut s = spec(ChartKind::Scatter, &["share"]);
    s.x = "firms".into();
    s.size = Some("dedicated".into());
    s.names = Some("country".into());
    let chart_ = chart(&s, &firms(), None, english()).unwrap();
    let doc_text = svg(&chart_, english());
    let doc = Document::parse(&doc_text).unwrap();
    let points = with_class(&doc, "chart-point");
    assert_eq!(points.len(), 3);
    let radius = |name: &str| {
        points
            .iter()
            .find(|p| p.first_element_child().and_then(|t| t.text()).is_some_and(|t| t.starts_with(name)))
            .map(|p| num(p, "r"))
            .unwrap()
    };
    assert!(radius("Germany") > radius("Belgium"), "578 dedicated firms outsize 127");
    let mut names = texts(&doc, "chart-point-label");
    names.sort();
    assert_eq!(names, ["Belgium", "Germany", "Spain"]);
    let spain = points
        .iter()
        .find(|p| num(p, "cx") == points.iter().map(|p| num(p, "cx")).fold(0.0, f64::max))
        .unwrap();
    assert!(
        spain
            .first_element_child()
            .and_then(|t| t.text())
            .unwrap()
            .starts_with("Spain: Firms 2,831, Share 19.6%")
    );
    let table = figure(&chart_, "", english());
    assert!(table.contains("<th scope=\"row\">Germany</th><td class=\"num\">709</td><td class=\"num\">81.5%</td><td class=\"num\">578</td>"), "{table}");
    assert!(
        description(&chart_.plot, english())
            .starts_with("Share against firms, 3 points sized by dedicated: Spain (2,831; 19.6%)")
    );
}

#[test]
fn scatter_specs_name_what_is_wrong() {
    let data = firms();
    let problems = |s: &ChartSpec| -> Vec<(Field, String)> {
        chart(s, &data, None, english()).unwrap_err().into_iter().map(|e| (e.field, e.message)).collect()
    };
    let mut s = spec(ChartKind::Scatter, &["share", "firms"]);
    s.x = "dedicated".into();
    assert_eq!(
        problems(&s)[0],
        (Field::Y(1), "a `scatter` chart plots one `y` column, this spec gives 2".into())
    );
    let mut s = spec(ChartKind::Scatter, &["share"]);
    s.size = Some("country".into());
    assert_eq!(problems(&s)[0].0, Field::X, "x is the category column `country`: not numeric");
    s.x = "firms".into();
    assert_eq!(
        problems(&s),
        [(Field::Size, "column `country` holds text: `size` needs a numeric column".into())]
    );
    let mut s = spec(ChartKind::Bar, &["firms"]);
    s.names = Some("country".into());
    assert_eq!(problems(&s), [(Field::Names, "`names` does not apply to a `bar` chart".into())]);
}

/// Firms and dedicated firms of two years in two regions: panels by region.
fn regional() -> Dataset {
    use ColumnType::*;
    let rows =
        [("North", 2015, 10, 4), ("North", 2016, 14, 6), ("South", 2015, 3, 1), ("South", 2016, 40, 9)]
            .iter()
            .map(|&(r, y, a, b)| vec![t(r), Cell::Integer(y), Cell::Integer(a), Cell::Integer(b)])
            .collect();
    dataset(&[("region", Text), ("year", Year), ("firms", Integer), ("dedicated", Integer)], rows)
}

#[test]
fn small_multiples_draw_one_panel_per_value_on_shared_scales() {
    for kind in [ChartKind::Line, ChartKind::Grouped, ChartKind::Scatter, ChartKind::Slope] {
        let mut s = match kind {
            ChartKind::Scatter => ChartSpec { x: "firms".into(), ..spec(kind, &["dedicated"]) },
            _ => ChartSpec { x: "year".into(), ..spec(kind, &["firms", "dedicated"]) },
        };
        if kind == ChartKind::Grouped {
            s.y = vec!["firms".into()];
        }
        s.facet = Some("region".into());
        let c = chart(&s, &regional(), None, english()).unwrap_or_else(|e| panic!("{kind:?}: {e:?}"));
        let html = svg(&c, english());
        let panels: Vec<String> = html
            .match_indices("<svg")
            .map(|(i, _)| html[i..i + html[i..].find("</svg>").unwrap() + 6].to_string())
            .collect();
        assert_eq!(panels.len(), 2, "{kind:?}");
        let mut ticks = Vec::new();
        for (panel, name) in panels.iter().zip(["North", "South"]) {
            let doc = Document::parse(panel).unwrap();
            assert_eq!(texts(&doc, "chart-heading"), [name], "{kind:?}");
            let title = doc.descendants().find(|n| n.has_tag_name("title")).and_then(|n| n.text()).unwrap();
            assert_eq!(title, format!("Sample table: {name}"));
            assert_eq!(doc.root_element().attribute("width"), Some("320"));
            ticks.push(texts(&doc, "chart-tick"));
        }
        if kind != ChartKind::Slope {
            assert_eq!(ticks[0], ticks[1], "{kind:?}: the panels share their scales");
            assert!(
                ticks[0].iter().any(|t| t == "40"),
                "{kind:?}: North's axis reaches South's 40: {:?}",
                ticks[0]
            );
        }
        let table = figure(&c, "", english());
        assert!(table.contains("<th scope=\"col\">Region</th>"), "{kind:?}: {table}");
        assert!(table.contains("<td>South</td>"), "{kind:?}");
    }
    let mut s = ChartSpec { x: "year".into(), ..spec(ChartKind::Bar, &["firms"]) };
    s.facet = Some("regio".into());
    let errors = chart(&s, &regional(), None, english()).unwrap_err();
    assert_eq!(
        (errors[0].field, errors[0].message.as_str()),
        (Field::Facet, "dataset `sample` has no column `regio`")
    );
}

#[test]
fn slanted_labels_too_close_to_read_are_thinned() {
    let many: Vec<f64> = (0..90).map(f64::from).collect();
    let mut data = values(&many);
    for (i, row) in data.rows.iter_mut().enumerate() {
        row[0] = t(&format!("A long category name {i}"));
    }
    let doc_text = draw(&spec(ChartKind::Bar, &["amount"]), &data);
    let doc = Document::parse(&doc_text).unwrap();
    assert_eq!(with_class(&doc, "chart-bar").len(), 90, "every bar is drawn");
    let labels = texts(&doc, "chart-label");
    assert!(labels.len() < 90 && labels.len() > 10, "{} labels", labels.len());
    assert!(labels[0].starts_with("A long category"), "{}", labels[0]);
    // Those kept are at least a line apart across their slanted baselines.
    let xs: Vec<f64> = with_class(&doc, "chart-label").iter().map(|n| num(n, "x")).collect();
    assert!(xs.windows(2).all(|w| (w[1] - w[0]) * 0.64 >= 12.0 * 1.1 - 1.0), "{xs:?}");
    assert_eq!(super::bars::slanted_step(60.0), 1);
}
