//! A [`Scene`] as an SVG document that takes the width of its container: a viewBox and no
//! fixed size, text in the page's sans-serif at 16 units, and each point's value in a
//! `<title>` that a tap or a hover shows.
//!
//! Written directly rather than through plotters' SVG backend, which fixes the width and
//! height in pixels and has no way to give a shape a title.

use std::fmt::Write;

use crate::scene::{Anchor, Item, Rgb, Scene, TEXT, WIDTH};

fn colour(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Text made safe for XML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn points(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The SVG text of a scene.
pub(crate) fn write(scene: &Scene) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {h:.0}" preserveAspectRatio="xMidYMid meet" font-family="DejaVu Sans, Verdana, sans-serif" font-size="{TEXT}">"#,
        h = scene.height
    );
    for item in &scene.items {
        let _ = match item {
            Item::Rect { corner, size, fill } => write!(
                out,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"/>"#,
                corner.0,
                corner.1,
                size.0,
                size.1,
                colour(*fill)
            ),
            Item::Area {
                points: p,
                fill,
                opacity,
                edge,
            } => write!(
                out,
                r#"<polygon points="{}" fill="{}" fill-opacity="{opacity}" stroke="{}" stroke-width="1"/>"#,
                points(p),
                colour(*fill),
                colour(*edge)
            ),
            Item::Line {
                points: p,
                colour: c,
                width,
            } => write!(
                out,
                r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="{width}" stroke-linejoin="round"/>"#,
                points(p),
                colour(*c)
            ),
            Item::Dot {
                at,
                radius,
                colour: c,
                title,
            } => write!(
                out,
                r#"<circle cx="{:.1}" cy="{:.1}" r="{radius:.1}" fill="{}"><title>{}</title></circle>"#,
                at.0,
                at.1,
                colour(*c),
                escape(title)
            ),
            Item::Text {
                at,
                text,
                anchor,
                colour: c,
            } => write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="{}" fill="{}">{}</text>"#,
                at.0,
                at.1,
                match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                },
                colour(*c),
                escape(text)
            ),
        };
    }
    out.push_str("</svg>");
    out
}
