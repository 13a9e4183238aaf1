//! Every chart as SVG and PNG, decoded.

use psoas_report::{ChartKind, ImageFormat, render};

use crate::history::daily;

fn svg(kind: ChartKind, days: usize) -> String {
    let bytes = render(kind, &daily(days), ImageFormat::Svg, (640, 360)).unwrap();
    String::from_utf8(bytes).unwrap()
}

/// The texts of an SVG document, parsed as XML.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_string()))
        .collect()
}

fn count(svg: &str, tag: &str) -> usize {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants().filter(|n| n.has_tag_name(tag)).count()
}

#[test]
fn the_leg_raise_chart_has_both_sides_a_point_per_session_and_dates() {
    let svg = svg(ChartKind::LegRaise, 14);
    let texts = texts(&svg);
    for label in ["left", "right", "degrees"] {
        assert!(
            texts.iter().any(|t| t == label),
            "{label} missing in {texts:?}"
        );
    }
    assert!(texts.iter().any(|t| t.ends_with(" 2026")), "{texts:?}");
    // Two lines, a marker per session and side.
    assert!(count(&svg, "polyline") >= 2);
    assert!(count(&svg, "circle") >= 28, "{}", count(&svg, "circle"));
}

#[test]
fn the_difference_chart_shows_the_no_clear_difference_band() {
    let svg = svg(ChartKind::Difference, 10);
    let texts = texts(&svg);
    assert!(
        texts.iter().any(|t| t == "no clear difference"),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t == "left minus right"), "{texts:?}");
    assert!(count(&svg, "polygon") >= 1, "the band is drawn");
}

#[test]
fn strength_pain_and_before_after_charts_name_their_series() {
    let strength = texts(&svg(ChartKind::Strength, 5));
    assert!(strength.iter().any(|t| t == "newtons"), "{strength:?}");
    let pain = texts(&svg(ChartKind::Pain, 5));
    assert!(pain.iter().any(|t| t == "low back") && pain.iter().any(|t| t == "pelvis"));
    let before_after = texts(&svg(ChartKind::BeforeAfter, 3));
    for label in ["before", "after", "strengthening", "left", "right"] {
        assert!(
            before_after.iter().any(|t| t == label),
            "{label}: {before_after:?}"
        );
    }
}

#[test]
fn a_png_decodes_to_its_size_with_both_colours_drawn() {
    let bytes = render(
        ChartKind::LegRaise,
        &daily(20),
        ImageFormat::Png,
        (800, 450),
    )
    .unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (800, 450));
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let has = |rgb: [u8; 3]| pixels.chunks(3).filter(|p| *p == rgb).count();
    assert!(has([0, 114, 178]) > 200, "left series drawn");
    assert!(has([213, 94, 0]) > 200, "right series drawn");
    // Text is drawn with the embedded font: dark pixels beyond the lines and axes.
    assert!(has([34, 34, 34]) > 500, "labels drawn");
}

#[test]
fn ten_years_of_daily_sessions_chart_in_one_go() {
    let records = daily(3650);
    let bytes = render(
        ChartKind::Difference,
        &records,
        ImageFormat::Svg,
        (800, 450),
    )
    .unwrap();
    assert!(bytes.len() > 100_000);
}

#[test]
fn no_data_is_said_plainly() {
    let err = render(
        ChartKind::BeforeAfter,
        &daily(1)[..0],
        ImageFormat::Svg,
        (640, 360),
    )
    .unwrap_err();
    assert!(err.to_string().contains("no session here"), "{err}");
}
