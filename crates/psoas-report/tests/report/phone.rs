//! Charts made for a phone and for print: they take their container's width, their text is at
//! least 12 CSS pixels in the 300 pixels a page leaves them on a 360-pixel phone, the page
//! heads them (no title of their own), every point names its session and value, the "no
//! clear difference" band can be seen, and sessions on one day or months apart each keep their
//! own place and a readable date.

use jiff::{SignedDuration, Timestamp};
use psoas_report::{ChartKind, ImageFormat, render};
use roxmltree::{Document, Node};

use crate::history::daily;

/// The narrowest a page shows a chart on a 360-pixel phone, in CSS pixels.
const PHONE: f64 = 300.0;

fn svg(kind: ChartKind, records: &[psoas_core::SessionRecord]) -> String {
    String::from_utf8(render(kind, records, ImageFormat::Svg, (480, 320)).unwrap()).unwrap()
}

/// The width of the viewBox: the units the drawing is laid out in.
fn view_width(doc: &Document) -> f64 {
    let view_box = doc.root_element().attribute("viewBox").expect("a viewBox");
    let parts: Vec<f64> = view_box.split(' ').map(|p| p.parse().unwrap()).collect();
    parts[2]
}

/// A text's font size, its own or inherited, in viewBox units.
fn font_size(node: Node) -> f64 {
    node.ancestors()
        .find_map(|n| n.attribute("font-size"))
        .expect("every text has a font size")
        .parse()
        .unwrap()
}

fn number(node: Node, attribute: &str) -> f64 {
    node.attribute(attribute).unwrap().parse().unwrap()
}

#[test]
fn every_chart_fills_its_container_with_text_of_at_least_12_pixels_on_a_phone() {
    let records = daily(30);
    for kind in ChartKind::ALL {
        let svg = svg(kind, &records);
        let doc = Document::parse(&svg).unwrap();
        let root = doc.root_element();
        assert!(
            root.attribute("width").is_none() && root.attribute("height").is_none(),
            "{kind:?}: a fixed size would not follow the container"
        );
        // Shown 300 pixels wide (a 360-pixel phone less the page's margins; the browser test
        // checks the charts are drawn 300 to 360 pixels wide), a unit is 300 / width pixels.
        let scale = PHONE / view_width(&doc);
        let texts: Vec<Node> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .collect();
        assert!(!texts.is_empty());
        for text in texts {
            let pixels = font_size(text) * scale;
            assert!(
                pixels >= 12.0,
                "{kind:?}: {:?} at {pixels:.1} px",
                text.text()
            );
        }
    }
}

#[test]
fn a_chart_has_no_title_of_its_own_since_the_page_or_report_gives_it() {
    let records = daily(5);
    for kind in ChartKind::ALL {
        let svg = svg(kind, &records);
        let doc = Document::parse(&svg).unwrap();
        let drawn: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert!(
            !drawn.iter().any(|t| t.contains(kind.title())),
            "{kind:?} draws its title {drawn:?}"
        );
    }
}

#[test]
fn every_point_names_its_session_and_value_in_a_title() {
    let records = daily(4);
    let svg = svg(ChartKind::LegRaise, &records);
    let doc = Document::parse(&svg).unwrap();
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .map(|c| {
            c.children()
                .find(|n| n.has_tag_name("title"))
                .and_then(|t| t.text())
                .expect("each point has a title")
        })
        .collect();
    assert_eq!(titles.len(), 8, "four sessions, two sides: {titles:?}");
    let first = records[0]
        .session
        .started_at
        .strftime("%-d %b %Y %H:%M")
        .to_string();
    assert!(
        titles.contains(&format!("{first} UTC: left 10.6°").as_str()),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t.ends_with("right 22.6°")),
        "{titles:?}"
    );
}

#[test]
fn the_no_clear_difference_band_is_a_visible_strip_not_a_hairline() {
    for days in [1, 12] {
        let svg = svg(ChartKind::Difference, &daily(days));
        let doc = Document::parse(&svg).unwrap();
        let band = doc
            .descendants()
            .filter(|n| n.has_tag_name("polygon"))
            .max_by_key(|p| p.attribute("points").unwrap().len())
            .expect("the band is drawn");
        let opacity: f64 = number(band, "fill-opacity");
        assert!(opacity >= 0.2, "fill-opacity {opacity}");
        let corners: Vec<(f64, f64)> = band
            .attribute("points")
            .unwrap()
            .split(' ')
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect();
        let span = |f: fn(&(f64, f64)) -> f64| {
            let values: Vec<f64> = corners.iter().map(f).collect();
            values.iter().cloned().fold(f64::MIN, f64::max)
                - values.iter().cloned().fold(f64::MAX, f64::min)
        };
        let scale = PHONE / view_width(&doc);
        assert!(
            span(|p| p.1) * scale >= 10.0,
            "{days} days: band {corners:?}"
        );
        assert!(
            span(|p| p.0) * scale >= 250.0,
            "{days} days: band {corners:?}"
        );
    }
}

/// Three sessions in one morning, then one half a year later.
fn a_busy_day_and_a_long_gap() -> Vec<psoas_core::SessionRecord> {
    let mut records = daily(4);
    let start = records[0].session.started_at;
    let offsets = [0, 1, 2, 24 * 190];
    for (record, hours) in records.iter_mut().zip(offsets) {
        record.session.started_at = start + SignedDuration::from_hours(hours);
    }
    records
}

#[test]
fn sessions_on_one_day_keep_their_own_places_and_the_day_is_labelled_once() {
    let records = a_busy_day_and_a_long_gap();
    let svg = svg(ChartKind::LegRaise, &records);
    let doc = Document::parse(&svg).unwrap();
    let left_xs: Vec<f64> = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle") && n.attribute("fill") == Some("#0072b2"))
        .map(|c| number(c, "cx"))
        .collect();
    assert_eq!(left_xs.len(), 4);
    let scale = PHONE / view_width(&doc);
    for pair in left_xs.windows(2) {
        assert!(
            (pair[1] - pair[0]) * scale >= 20.0,
            "crowded places: {left_xs:?}"
        );
    }
    let day = |t: Timestamp| t.strftime("%-d %b").to_string();
    let labels: Vec<(f64, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("text-anchor") == Some("middle"))
        .map(|n| (number(n, "x"), n.text().unwrap().to_string()))
        .collect();
    let first_day = day(records[0].session.started_at);
    let last_day = day(records[3].session.started_at);
    assert_eq!(
        labels
            .iter()
            .filter(|(_, t)| t.starts_with(&first_day))
            .count(),
        1,
        "{labels:?}"
    );
    assert!(
        labels.iter().any(|(_, t)| t.starts_with(&last_day)),
        "{labels:?}"
    );
    // Labels never overlap: about 0.6 em a character apart at 16 units.
    for pair in labels.windows(2) {
        let room = (pair[0].1.len() + pair[1].1.len()) as f64 * 16.0 * 0.6 / 2.0;
        assert!(
            pair[1].0 - pair[0].0 >= room,
            "overlapping labels {labels:?}"
        );
    }
}
